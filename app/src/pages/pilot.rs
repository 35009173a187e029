//! `/pilots/<id>` (the village page) and `/pilots/<id>/poster` (the printable QR poster).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::components::poster::{Poster, PosterContent, ReportQr};
use crate::components::source::SourceLine;
use crate::error::ErrorNotice;
use crate::model::pilots::{FacetKey, Passage, RelatedIndustry};
use crate::model::{PilotDetail, PortError, SiteSettings};
use crate::pages::pilots::filter_href;
use crate::ports::use_site;

/// What the village page and the poster show: the pilot, and its self-report QR code.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct VillageView {
    pub detail: PilotDetail,
    /// The QR code of the village's self-report address, as inline SVG.
    pub qr_svg: String,
    pub report_url: String,
}

/// One pilot with its QR code; `NotFound` for an unknown id.
#[server]
pub async fn load_village(id: String) -> Result<VillageView, PortError> {
    use crate::error::report;
    let id = crate::model::checked_id(&id).map_err(report)?;
    let portal = crate::ports::use_portal().map_err(report)?;
    let graphics = crate::ports::use_graphics().map_err(report)?;
    let detail = portal.pilot(&id).await.map_err(report)?;
    // A village of the catalogue is reported by its village code; an entry without one
    // (a township, a 特色小镇) keeps its id, which opens the form's village picker.
    let target = if detail.pilot.village_code.is_empty() {
        detail.pilot.id.clone()
    } else {
        detail.pilot.village_code.clone()
    };
    let report_url = use_site().report_url(&target);
    let qr_svg = graphics.qr_code(&report_url).map_err(report)?;
    Ok(VillageView {
        detail,
        qr_svg,
        report_url,
    })
}

fn current_id() -> String {
    use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default()
}

/// Renders `body` once the village is loaded, or the error in its place.
fn with_village<V: IntoView + 'static>(
    render: impl Fn(VillageView, SiteSettings) -> V + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let village = Resource::new(current_id, load_village);
    let site = use_site();
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || {
                let site = site.clone();
                Suspend::new(async move {
                    match village.await {
                        Ok(village) => render(village, site).into_any(),
                        Err(err) => view! {
                            <Title text="没有找到这个示范村"/>
                            <h1>"没有找到这个示范村"</h1>
                            <ErrorNotice code=err.code/>
                            <p><a href="/pilots">"返回示范村名录"</a></p>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The village page.
#[component]
pub fn PilotPage() -> impl IntoView {
    with_village(|village, site| view! { <Village village site/> })
}

#[component]
fn Village(village: VillageView, site: SiteSettings) -> impl IntoView {
    let VillageView {
        detail,
        qr_svg,
        report_url,
    } = village;
    let pilot = detail.pilot;
    let name = pilot.display_name();
    let place = format!("{}{}{}", pilot.prefecture, pilot.county, pilot.town);
    let description = format!(
        "{}（{}）：{}{}。名称、文件原文和出处，以及本村的防贫申报二维码。",
        name,
        place,
        pilot.level_label(),
        pilot.entity_type
    );
    let page_url = site.absolute(&pilot.href());
    let path = pilot
        .name_path()
        .into_iter()
        .map(|(rank, value)| {
            let href = match rank {
                "州（市）" => Some(filter_href(FacetKey::Prefecture, &value)),
                "县（市、区）" => Some(filter_href(FacetKey::County, &value)),
                _ => None,
            };
            let value = match href {
                Some(href) => view! { <a href=href>{value}</a> }.into_any(),
                None => value.into_any(),
            };
            view! { <dt>{rank}</dt><dd>{value}</dd> }
        })
        .collect_view();
    let passages = if detail.passages.is_empty() {
        view! { <p>"文件中没有找到单独写到它的段落，请看下面的出处。"</p> }.into_any()
    } else {
        detail
            .passages
            .into_iter()
            .map(|passage| view! { <PassageQuote passage title=detail.document.title.clone()/> })
            .collect_view()
            .into_any()
    };
    let notes = (!pilot.notes.is_empty()).then(
        || view! { <p class="editor-note"><strong>"编者注："</strong>{pilot.notes.clone()}</p> },
    );
    let poster_href = format!("{}/poster", pilot.href());
    let county = pilot.county.clone();
    view! {
        <Title text=name.clone()/>
        <Meta name="description" content=description.clone()/>
        <Meta property="og:title" content=format!("{name} · 示范试点村")/>
        <Meta property="og:description" content=description/>
        <Meta property="og:type" content="article"/>
        <Meta property="og:url" content=page_url/>
        <nav class="breadcrumb" aria-label="位置">
            <a href="/pilots">"示范试点村名录"</a> " › " <span>{name.clone()}</span>
        </nav>
        <h1>{name.clone()}</h1>
        <p class="pilot-meta">
            <a class="tag" href=filter_href(FacetKey::Level, &pilot.level)>{pilot.level_label().to_string()}</a>
            " "
            <a href=filter_href(FacetKey::Kind, &pilot.entity_type)>{pilot.entity_type.clone()}</a>
        </p>
        <section aria-labelledby="place-heading">
            <h2 id="place-heading">"名称和位置"</h2>
            <dl class="name-path">{path}</dl>
            <CodeLine code=pilot.village_code.clone() note=pilot.code_note.clone()/>
            <p>"文件中的写法：" <q>{pilot.name_in_source.clone()}</q></p>
        </section>
        <section aria-labelledby="says-heading">
            <h2 id="says-heading">"文件原文"</h2>
            {passages}
            {notes}
            <p class="source-doc">
                <SourceLine sources=vec![pilot.source.clone()]/>
                " " <a href=format!("/policies/{}", detail.document.id)>"阅读全文"</a>
            </p>
        </section>
        <Progress updates=detail.updates/>
        <section aria-labelledby="industry-heading">
            <h2 id="industry-heading">"所在县的特色产业"</h2>
            <Industries industries=detail.industries county/>
        </section>
        <section class="report-box" aria-labelledby="report-heading">
            <h2 id="report-heading">"防贫申报二维码"</h2>
            <p>"本村农户如遇因病、因灾、因学等困难，可扫码自主申报，村里会上门核实。"</p>
            <ReportQr class="qr" name=name.clone() report_url=report_url.clone() svg=qr_svg/>
            <p class="qr-url">"扫码或打开：" <a href=report_url.clone()>{report_url.clone()}</a></p>
            <p><a class="button" href=poster_href>"打印本村申报海报（A4）"</a></p>
        </section>
    }
}

/// Progress notes staff added, newest first, each with its day and source.
#[component]
fn Progress(updates: Vec<crate::model::content::PilotUpdate>) -> impl IntoView {
    let body = if updates.is_empty() {
        view! { <p>"还没有发布进展。"</p> }.into_any()
    } else {
        updates
            .into_iter()
            .map(|update| {
                let paragraphs = update
                    .paragraphs()
                    .into_iter()
                    .map(|p| view! { <p>{p.to_string()}</p> })
                    .collect_view();
                view! {
                    <article class="progress-note" id=format!("u-{}", update.id)>
                        <h3><time datetime=update.on_date.clone()>{update.on_date.clone()}</time></h3>
                        {paragraphs}
                        <p class="source">"来源：" {update.source.clone()} " · 更新于 " {update.updated.clone()}</p>
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section aria-labelledby="progress-heading">
            <h2 id="progress-heading">"建设进展"</h2>
            {body}
        </section>
    }
}

/// The entry's village code with a link to its village page, or why it has none.
#[component]
fn CodeLine(code: String, note: String) -> impl IntoView {
    if code.is_empty() {
        view! { <p class="code-note">"村级区划代码：无。" {note}</p> }.into_any()
    } else {
        let href = crate::model::divisions::village_href(&code);
        let note = (!note.is_empty()).then(|| view! { " " {note} });
        view! {
            <p>"村级区划代码：" <a class="code" href=href>{code.clone()}</a>{note}</p>
        }
        .into_any()
    }
}

/// A passage of the document, with the pilot's name marked.
#[component]
fn PassageQuote(passage: Passage, title: String) -> impl IntoView {
    let text = passage.text.clone();
    let body = match (!passage.names.is_empty())
        .then(|| text.find(&passage.names))
        .flatten()
    {
        Some(at) => {
            let end = at + passage.names.len();
            view! {
                {text[..at].to_string()}
                <mark>{text[at..end].to_string()}</mark>
                {text[end..].to_string()}
            }
            .into_any()
        }
        None => text.into_any(),
    };
    let href = passage.section.href();
    view! {
        <figure class="passage">
            <blockquote cite=href.clone()><p>{body}</p></blockquote>
            <figcaption class="source">
                "来源：《" {title} "》" <a href=href>{passage.section.label.clone()}</a>
            </figcaption>
        </figure>
    }
}

#[component]
fn Industries(industries: Vec<RelatedIndustry>, county: String) -> impl IntoView {
    if industries.is_empty() {
        return view! {
            <p>"文件没有把" {county} "列入特色产业带或产业布局，这里不作推测。"</p>
        }
        .into_any();
    }
    // One entry per industry, with every belt that names the county.
    let mut groups: Vec<Vec<RelatedIndustry>> = Vec::new();
    for industry in industries {
        match groups.last_mut() {
            Some(group) if group[0].slug == industry.slug => group.push(industry),
            _ => groups.push(vec![industry]),
        }
    }
    let items = groups
        .into_iter()
        .map(|group| {
            let first = group[0].clone();
            let belts = group
                .iter()
                .map(|industry| {
                    let note = industry.editor_note.clone().map(|note| {
                        view! { <span class="editor-note">"编者推断：" {note}</span> }
                    });
                    view! {
                        <li>{industry.belt.clone()} "（文件写作“" {industry.area.clone()} "”）" {note}</li>
                    }
                })
                .collect_view();
            let sources = group.into_iter().map(|i| i.source).collect::<Vec<_>>();
            view! {
                <li>
                    <a href=format!("/industries/{}", first.slug)><strong>{first.name}</strong></a>
                    <ul class="belts">{belts}</ul>
                    <SourceLine sources/>
                </li>
            }
        })
        .collect_view();
    view! {
        <p>"以下产业带或布局点名了本村所在的县（市、区）；并不表示本村一定种植或养殖这些品种。"</p>
        <ul class="industry-list">{items}</ul>
    }
    .into_any()
}

/// The printable A4 poster with the village's self-report QR code.
#[component]
pub fn PosterPage() -> impl IntoView {
    with_village(|village, site| view! { <PilotPoster village site/> })
}

#[component]
fn PilotPoster(village: VillageView, site: SiteSettings) -> impl IntoView {
    let VillageView {
        detail,
        qr_svg,
        report_url,
    } = village;
    let pilot = detail.pilot;
    let name = pilot.display_name();
    let place = [&pilot.county, &pilot.town]
        .into_iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let code_line = if pilot.village_code.is_empty() {
        String::new()
    } else {
        format!("村级区划代码 {}", pilot.village_code)
    };
    let content = PosterContent {
        name: name.clone(),
        place,
        code_line,
        report_url,
        qr_svg,
        hotline: site.hotline.clone(),
    };
    view! {
        <Title text=format!("{name} 防贫申报海报")/>
        <Meta name="description" content=format!("{name}防贫申报二维码海报：扫码、填写、记下回执号。")/>
        <p class="no-print poster-help">
            "这是可打印的 A4 海报：用浏览器菜单里的“打印”，纸张选 A4。"
            <a href=pilot.href()>"返回村页面"</a>
        </p>
        <Poster content heading_id="poster-title".to_string()/>
    }
}
