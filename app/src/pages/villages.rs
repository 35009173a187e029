//! `/villages/<code>` (any village of the loaded divisions: its name path with codes, the
//! catalogue entry when it is one, the form link and the poster), `/villages/<code>/poster`
//! (its A4 poster) and `/posters?town=<code>` (one A4 poster per village of a township, to
//! print at once).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::components::poster::{Poster, PosterContent};
use crate::error::ErrorNotice;
use crate::model::divisions::{TownPosters, VillagePlace};
use crate::model::PortError;

/// A village with its QR code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VillageSheet {
    pub place: VillagePlace,
    pub report_url: String,
    pub qr_svg: String,
    /// The county's hotline (its own, or the portal's) and, for its own, where it comes from.
    pub hotline: String,
    pub hotline_source: Option<String>,
}

/// The poster of a village sheet.
fn poster_content(sheet: &VillageSheet) -> PosterContent {
    let place = &sheet.place;
    let local: Vec<&str> = [place.county(), place.town()]
        .into_iter()
        .flatten()
        .map(|d| d.name.as_str())
        .collect();
    PosterContent {
        name: place.name.clone(),
        place: local.join(" "),
        code_line: format!("村级区划代码 {}", place.code),
        report_url: sheet.report_url.clone(),
        qr_svg: sheet.qr_svg.clone(),
        hotline: sheet.hotline.clone(),
    }
}

#[cfg(feature = "ssr")]
async fn sheet_of(place: VillagePlace) -> Result<VillageSheet, PortError> {
    let graphics = crate::ports::use_graphics()?;
    let report_url = crate::ports::use_site().report_url(&place.code);
    let qr_svg = graphics.qr_code(&report_url)?;
    let (hotline, hotline_source) =
        crate::ports::county_hotline(place.county().map(|c| c.code.as_str())).await;
    Ok(VillageSheet {
        place,
        report_url,
        qr_svg,
        hotline,
        hotline_source,
    })
}

/// One village with its QR code; `NotFound` for anything but a known village code.
#[server]
pub async fn load_village_sheet(code: String) -> Result<VillageSheet, PortError> {
    use crate::error::report;
    let portal = crate::ports::use_portal().map_err(report)?;
    let place = portal.village(code.trim()).await.map_err(report)?;
    sheet_of(place).await.map_err(report)
}

/// Every village of a township with its QR code; `NotFound` for an unknown township.
#[server]
pub async fn load_town_posters(
    town: String,
) -> Result<(TownPosters, Vec<VillageSheet>), PortError> {
    use crate::error::report;
    let portal = crate::ports::use_portal().map_err(report)?;
    let posters = portal.town_posters(town.trim()).await.map_err(report)?;
    let mut sheets = Vec::with_capacity(posters.villages.len());
    for village in posters.villages.iter().cloned() {
        sheets.push(sheet_of(village).await.map_err(report)?);
    }
    Ok((posters, sheets))
}

fn current_code() -> String {
    use_params_map()
        .get_untracked()
        .get("code")
        .unwrap_or_default()
}

/// The not-found answer of these pages.
fn missing(err: &PortError) -> AnyView {
    view! {
        <Title text="没有找到这个村"/>
        <h1>"没有找到这个村"</h1>
        <ErrorNotice code=err.code/>
        <p>"村的地址应为 /villages/ 加 12 位村级区划代码。"<a href="/report">"到申报页面按县、乡镇找村"</a></p>
    }
    .into_any()
}

/// `/villages/<code>`.
#[component]
pub fn VillagePage() -> impl IntoView {
    let sheet = Resource::new(current_code, load_village_sheet);
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(sheet) => view! { <VillageView sheet/> }.into_any(),
                    Err(err) => missing(&err),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VillageView(sheet: VillageSheet) -> impl IntoView {
    let place = sheet.place.clone();
    let name = place.name.clone();
    let path = place
        .path
        .iter()
        .filter(|d| d.name != "市辖区" && d.name != "县")
        .map(|d| view! { <dt>{d.name.clone()}</dt><dd class="code">{d.code.clone()}</dd> })
        .collect_view();
    let pilots = if place.pilots.is_empty() {
        view! { <p>"本村不在示范村镇名录中。"</p> }.into_any()
    } else {
        place
            .pilots
            .iter()
            .map(|p| {
                view! {
                    <p>"示范村镇名录："<a href=format!("/pilots/{}", p.id)>{p.name.clone()}</a>
                    " （" {p.entity_type.clone()} "）"</p>
                }
            })
            .collect_view()
            .into_any()
    };
    let town_posters = place.town().map(|t| format!("/posters?town={}", t.code));
    let town_name = place.town().map(|t| t.name.clone()).unwrap_or_default();
    let report_href = format!("/report?village={}", place.code);
    let poster_href = format!("{}/poster", place.href());
    view! {
        <Title text=format!("{name} · 防贫申报")/>
        <Meta name="description" content=format!("{name}（{}）：村级区划代码 {}，防贫申报入口和二维码海报。", place.place_line(), place.code)/>
        <h1>{name.clone()}</h1>
        <p class="lead">{place.place_line()}</p>
        <dl class="facts">
            {path}
            <dt>{name.clone()}</dt><dd class="code">{place.code.clone()}</dd>
            <dt>"统计用名称"</dt><dd>{place.full_name.clone()}</dd>
        </dl>
        <p class="source">{place.source.line()}</p>
        {pilots}
        <p><a class="button" href=report_href>"本村农户：防贫申报"</a></p>
        <p class="hotline">"不方便上网，可以打电话咨询：" <a href=format!("tel:{}", sheet.hotline)>{sheet.hotline.clone()}</a>
            {sheet.hotline_source.clone().map(|source| view! { <span class="source">{format!("（本县热线，来源：{source}）")}</span> })}
        </p>
        <p><a class="button" href=poster_href>"打印本村申报海报（A4）"</a></p>
        {town_posters.map(|href| view! { <p><a href=href>{format!("打印{town_name}全部村的海报")}</a></p> })}
    }
}

/// `/villages/<code>/poster`.
#[component]
pub fn VillagePosterPage() -> impl IntoView {
    let sheet = Resource::new(current_code, load_village_sheet);
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || {
                Suspend::new(async move {
                    match sheet.await {
                        Ok(sheet) => {
                            let name = sheet.place.name.clone();
                            let back = sheet.place.href();
                            let content = poster_content(&sheet);
                            view! {
                                <Title text=format!("{name} 防贫申报海报")/>
                                <Meta name="description" content=format!("{name}防贫申报二维码海报：扫码、填写、记下回执号。")/>
                                <p class="no-print poster-help">
                                    "这是可打印的 A4 海报：用浏览器菜单里的“打印”，纸张选 A4。"
                                    <a href=back>"返回村页面"</a>
                                </p>
                                <Poster content heading_id="poster-title".to_string()/>
                                <p class="source no-print">{sheet.place.source.line()}</p>
                            }
                            .into_any()
                        }
                        Err(err) => missing(&err),
                    }
                })
            }}
        </Suspense>
    }
}

/// `/posters?town=<code>`: one A4 poster per village of the township.
#[component]
pub fn TownPostersPage() -> impl IntoView {
    let town = use_query_map()
        .get_untracked()
        .get("town")
        .unwrap_or_default();
    let posters = Resource::new(move || town.clone(), load_town_posters);
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || {
                Suspend::new(async move {
                    match posters.await {
                        Ok((town, sheets)) => {
                            let count = sheets.len();
                            let title = format!("{} 各村防贫申报海报", town.town.name);
                            let items = sheets
                                .iter()
                                .map(|sheet| {
                                    let content = poster_content(sheet);
                                    view! { <Poster content/> }
                                })
                                .collect_view();
                            view! {
                                <Title text=title.clone()/>
                                <Meta name="description" content=format!("{title}：每村一张 A4，共 {count} 张。")/>
                                <div class="no-print poster-help">
                                    <h1>{title.clone()}</h1>
                                    <p>{format!("共 {count} 个村，每村一张 A4。用浏览器菜单里的“打印”，纸张选 A4，一次打印全部。")}</p>
                                </div>
                                <div class="poster-set" data-villages=count.to_string()>{items}</div>
                            }
                            .into_any()
                        }
                        Err(err) => view! {
                            <Title text="没有找到这个乡镇"/>
                            <h1>"没有找到这个乡镇"</h1>
                            <ErrorNotice code=err.code/>
                            <p>"地址应为 /posters?town= 加 9 位乡镇（街道）区划代码。"</p>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
