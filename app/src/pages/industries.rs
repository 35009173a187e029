//! `/industries` and `/industries/<slug>`: the ten characteristic industries, with every
//! figure that concerns each (labelled as its own, shared or a total it is part of), progress
//! only where a comparable start and target exist, where each is grown and its varieties.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::components::source::SourceLine;
use crate::controls::chart::ChartControls;
use crate::error::ErrorNotice;
use crate::model::industries::{
    choose, industry_metrics, relation_label, ChartState, IndustryDetail, IndustryFigure, Metric,
    Progress, SeriesChart, CHART_BODY_ID,
};
use crate::model::{ErrorCode, PortError};

/// The ten industries.
#[server]
pub async fn load_industries() -> Result<Vec<IndustryDetail>, PortError> {
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    portal.industries().await.map_err(crate::error::report)
}

/// The chart an industry page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartView {
    /// Every measure, as (key, name, unit).
    pub choices: Vec<(String, String, String)>,
    pub metric: Metric,
    pub state: ChartState,
    /// What the controls put in place: [`series::body::chart_body_html`].
    pub body: String,
}

/// One industry and its chart; `NotFound` for an unknown slug.
#[server]
pub async fn load_industry(
    slug: String,
    state: ChartState,
) -> Result<(IndustryDetail, Option<ChartView>), PortError> {
    let slug = crate::model::checked_id(&slug).map_err(crate::error::report)?;
    // The same limits and normalisation as the page's own query string.
    let state = ChartState::from_query_string(&state.to_query_string(&state.metric));
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    let industries = portal.industries().await.map_err(crate::error::report)?;
    let industry = industries
        .into_iter()
        .find(|i| i.slug == slug)
        .ok_or_else(|| crate::error::report(PortError::not_found(format!("industry {slug}"))))?;
    let chart = chart_view(&industry, state).map_err(crate::error::report)?;
    Ok((industry, chart))
}

/// The chart `state` asks for, drawn; `None` for an industry without figures.
pub fn chart_view(
    industry: &IndustryDetail,
    state: ChartState,
) -> Result<Option<ChartView>, PortError> {
    let all = industry_metrics(industry);
    let Some((metric, state)) = choose(&all, state) else {
        return Ok(None);
    };
    let body = series::body::chart_body_html(&industry.slug, metric, &state);
    Ok(Some(ChartView {
        choices: all
            .iter()
            .map(|m| (m.key.clone(), m.name.clone(), m.unit.clone()))
            .collect(),
        metric: metric.clone(),
        state,
        body,
    }))
}

/// The measure `state` names (the first when it names none or an unknown one) and its
/// chart; `None` for an industry without figures.
pub fn chart_for(
    industry: &IndustryDetail,
    state: ChartState,
) -> Option<(Metric, ChartState, SeriesChart)> {
    let all = industry_metrics(industry);
    let (metric, state) = choose(&all, state)?;
    let chart = metric.chart(state.from, state.to, state.show.as_deref());
    Some((metric.clone(), state, chart))
}

/// The overview.
#[component]
pub fn IndustriesPage() -> impl IntoView {
    let industries = Resource::new(|| (), |()| load_industries());
    view! {
        <Title text="十大特色产业"/>
        <Meta name="description" content="茶叶、蔬菜、食用菌、精品果业、中药材、生态畜禽、生态渔业、薏仁、油茶、烤烟：文件给出的数字、目标、产业带和地方品种，均注明出处。"/>
        <h1>"十大特色产业"</h1>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match industries.await {
                    Ok(industries) => view! { <Overview industries/> }.into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(industries: Vec<IndustryDetail>) -> impl IntoView {
    let listed = industries.first().map(|first| {
        let quote = first.listed_quote.clone();
        let source = first.listed_source.clone();
        view! {
            <blockquote class="quote"><p>{quote}</p></blockquote>
            <SourceLine sources=vec![source]/>
        }
    });
    let cards = industries
        .into_iter()
        .map(|industry| view! { <IndustryCard industry/> })
        .collect_view();
    view! {
        <p class="lead">"黔西南州规划提出打造十大特色产业集群。下面列出每个产业在文件中有哪些数字：本产业自己的、与其他产业共用的、以及包含它的合计数，分开标明；只有文件给出同一指标的基数（或实际数）和目标时才显示进度，其余照实写“资料未提供”。"</p>
        {listed}
        <p><a href="/data">"查看全部指标"</a></p>
        <ol class="industry-list">{cards}</ol>
    }
}

#[component]
fn IndustryCard(industry: IndustryDetail) -> impl IntoView {
    let [direct, shared, aggregate] = industry.counts();
    let areas = industry.areas();
    let href = industry.href();
    let figures = if industry.figures.is_empty() {
        view! { <p class="figure-note">"数字：资料未提供（五份文件中没有涉及该产业的数字）。"</p> }
            .into_any()
    } else {
        view! {
            <p class="figure-note">
                {format!("数字：本产业 {direct} 条，与其他产业共用 {shared} 条，包含本产业的合计 {aggregate} 条。")}
            </p>
        }
        .into_any()
    };
    let key = industry
        .figures
        .iter()
        .find(|f| f.relation == "direct")
        .map(|f| {
            let record = f.record.clone();
            let elsewhere = crate::model::industries::from_elsewhere(&record.region)
                .then(|| view! { <span class="tag tag-elsewhere">{format!("外地参考：{}", record.region)}</span> });
            view! {
                <p class="figure-value">
                    {record.indicator.clone()} "：" <data value=record.value.to_string()>{record.figure()}</data>
                    <span class="figure-meta">{format!("（{}，{}，{}）", record.region, record.year_label(), record.kind_label())}</span>
                    {elsewhere}
                </p>
            }
        });
    let progress = if industry.progress.is_empty() {
        view! { <p class="figure-note">"进度：资料未提供（没有同一指标的基数或实际数与目标可比）。"</p> }.into_any()
    } else {
        industry
            .progress
            .iter()
            .cloned()
            .map(|progress| {
                let total = total_label(&industry.figures, &progress);
                view! { <ProgressBar progress total/> }
            })
            .collect_view()
            .into_any()
    };
    let areas = (!areas.is_empty()).then(|| view! { <p>"主要区域：" {areas.join("、")}</p> });
    view! {
        <li class="industry">
            <h2><a href=href>{industry.name.clone()}</a></h2>
            {key}
            {figures}
            {progress}
            {areas}
        </li>
    }
}

/// A progress bar with both numbers, years and kinds written out, so nothing depends on the
/// bar's length or colour.
#[component]
fn ProgressBar(progress: Progress, total: Option<String>) -> impl IntoView {
    let percent = progress.percent();
    let sentence = progress.sentence();
    let total = total.map(|label| view! { <p class="figure-note">{label}</p> });
    let judged = (!progress.editor_note.is_empty())
        .then(|| view! { <p class="editor-note">{progress.editor_note.clone()}</p> });
    view! {
        <div class="progress">
            <p>{sentence}</p>
            {total}
            {judged}
            <meter min="0" max="100" value=format!("{percent:.0}") aria-label=format!("{}：{percent:.0}%", progress.start.indicator)>
                {format!("{percent:.0}%")}
            </meter>
        </div>
    }
}

/// How a progress's target figure stands to the industry, when it is not the industry's own:
/// a total it shares with others or one that holds it.
fn total_label(figures: &[IndustryFigure], progress: &Progress) -> Option<String> {
    let figure = figures.iter().find(|f| f.record.id == progress.target.id)?;
    match figure.relation.as_str() {
        "direct" => None,
        "shared" => Some("与其他产业共用的数字，不是本产业单独的。".into()),
        _ => Some("包含本产业的合计（如林下经济），不是本产业单独的数字。".into()),
    }
}

/// One industry's page.
#[component]
pub fn IndustryPage() -> impl IntoView {
    let slug = use_params_map()
        .get_untracked()
        .get("slug")
        .unwrap_or_default();
    let query = use_query_map().get_untracked();
    let pairs: Vec<(&str, String)> = ["metric", "from", "to", "show"]
        .into_iter()
        .flat_map(|key| {
            query
                .get_all(key)
                .unwrap_or_default()
                .into_iter()
                .map(move |value| (key, value))
        })
        .collect();
    let state = ChartState::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    let industry = Resource::new(
        move || (slug.clone(), state.clone()),
        |(slug, state)| load_industry(slug, state),
    );
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match industry.await {
                    Ok((industry, chart)) => view! { <Industry industry chart/> }.into_any(),
                    Err(err) if err.code == ErrorCode::NotFound => view! {
                        <Title text="没有这个产业"/>
                        <h1>"没有这个产业"</h1>
                        <p role="alert">"没有找到这个产业，地址可能有误。" <a href="/industries">"查看十大特色产业"</a></p>
                    }
                    .into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Industry(industry: IndustryDetail, chart: Option<ChartView>) -> impl IntoView {
    let slug = industry.slug.clone();
    let chart = chart.map(|chart| view! { <Chart slug chart/> }.into_any());
    let name = industry.name.clone();
    let description = format!("{name}：文件给出的数字、目标、产业带和地方品种，均注明出处。");
    let groups = ["direct", "shared", "aggregate"]
        .into_iter()
        .filter_map(|relation| {
            let figures: Vec<IndustryFigure> = industry
                .figures
                .iter()
                .filter(|f| f.relation == relation)
                .cloned()
                .collect();
            (!figures.is_empty()).then(|| {
                let heading_id = format!("figures-{relation}");
                let labelled_by = heading_id.clone();
                let items = figures
                    .into_iter()
                    .map(|figure| view! { <FigureItem figure/> })
                    .collect_view();
                view! {
                    <section aria-labelledby=labelled_by>
                        <h3 id=heading_id>{relation_label(relation)}</h3>
                        <ol class="figure-list">{items}</ol>
                    </section>
                }
            })
        })
        .collect_view();
    let none = industry.figures.is_empty().then(|| {
        view! { <p class="notice">"资料未提供：五份文件中没有涉及该产业的数字。"</p> }
    });
    let note = (!industry.figures_note.is_empty()).then(|| {
        let note = industry.figures_note.clone();
        view! { <p class="figure-note">{note}</p> }
    });
    let progress = if industry.progress.is_empty() {
        view! { <p>"资料未提供：文件没有给出同一指标的基数（或实际数）和目标，无法计算进度。"</p> }
            .into_any()
    } else {
        industry
            .progress
            .iter()
            .cloned()
            .map(|progress| {
                let total = total_label(&industry.figures, &progress);
                view! { <ProgressBar progress total/> }
            })
            .collect_view()
            .into_any()
    };
    let belts = if industry.belts.is_empty() {
        view! { <p>"文件没有为该产业划定产业带或区域。"</p> }.into_any()
    } else {
        industry
            .belts
            .iter()
            .map(|belt| {
                let altitude =
                    (!belt.altitude.is_empty()).then(|| format!("（{}）", belt.altitude));
                view! {
                    <article class="belt">
                        <h3>{belt.name.clone()}</h3>
                        <p>"区域：" {belt.areas.join("、")} {altitude}</p>
                        <p>"同带产业：" {belt.industries.join("、")}</p>
                        <blockquote class="quote"><p>{belt.quote.clone()}</p></blockquote>
                        <SourceLine sources=vec![belt.source.clone()]/>
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    let varieties = (!industry.varieties.is_empty()).then(|| {
        let items = industry
            .varieties
            .iter()
            .map(|variety| {
                view! {
                    <li>
                        <strong>{variety.name.clone()}</strong>
                        <blockquote class="quote"><p>{variety.quote.clone()}</p></blockquote>
                        <SourceLine sources=vec![variety.source.clone()]/>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="varieties-heading">
                <h2 id="varieties-heading">"地方品种"</h2>
                <ul class="variety-list">{items}</ul>
            </section>
        }
    });
    let data_href = format!("/data?industry={}", industry.slug);
    view! {
        <Title text=name.clone()/>
        <Meta name="description" content=description/>
        <p class="breadcrumb"><a href="/industries">"十大特色产业"</a> " › " {name.clone()}</p>
        <h1>{name.clone()}</h1>
        <section aria-labelledby="figures-heading">
            <h2 id="figures-heading">"文件中的数字"</h2>
            {note}
            {none}
            {groups}
            <p><a href=data_href>"在“全部指标”中查看并下载这些数字"</a></p>
        </section>
        {chart}
        <section aria-labelledby="progress-heading">
            <h2 id="progress-heading">"进度"</h2>
            {progress}
        </section>
        <section aria-labelledby="belts-heading">
            <h2 id="belts-heading">"产业带和区域"</h2>
            {belts}
        </section>
        {varieties}
        <section aria-labelledby="listed-heading">
            <h2 id="listed-heading">"出处"</h2>
            <blockquote class="quote"><p>{industry.listed_quote.clone()}</p></blockquote>
            <SourceLine sources=vec![industry.listed_source.clone()]/>
        </section>
    }
}

#[component]
fn FigureItem(figure: IndustryFigure) -> impl IntoView {
    let record = figure.record;
    let kind_class = format!("tag tag-{}", record.kind);
    let note = (!figure.relation_note.is_empty()).then(|| {
        let note = figure.relation_note.clone();
        view! { <p class="figure-note">{note}</p> }
    });
    view! {
        <li class="figure">
            <h4 class="figure-name">{record.indicator.clone()}</h4>
            <p class="figure-value"><data value=record.value.to_string()>{record.figure()}</data></p>
            <p class="figure-meta">
                <span class=kind_class>{record.kind_label().to_string()}</span>
                " " {record.region.clone()} " · " {record.year_label()}
                {crate::model::industries::from_elsewhere(&record.region)
                    .then(|| view! { " " <span class="tag tag-elsewhere">{format!("外地参考：{}", record.region)}</span> })}
            </p>
            {note}
            <blockquote class="quote"><p>{record.quote.clone()}</p></blockquote>
            <SourceLine sources=vec![record.source.clone()]/>
        </li>
    }
}

/// The chart of one measure by year: the controls (a plain GET form, redrawn in place by
/// the browser's WebAssembly once it has loaded), then the body
/// ([`series::body::chart_body_html`], the same the browser draws).
#[component]
fn Chart(slug: String, chart: ChartView) -> impl IntoView {
    let ChartView {
        choices,
        state,
        body,
        ..
    } = chart;
    view! {
        <section aria-labelledby="chart-heading">
            <h2 id="chart-heading">"按年份看"</h2>
            <ChartControls slug choices state/>
            <div id=CHART_BODY_ID class="chart-body" inner_html=body></div>
        </section>
    }
}
