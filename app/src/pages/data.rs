//! `/data`: every sourced figure of the documents, narrowed by region, category, kind and
//! industry with a plain GET form, [`FIGURES_PER_PAGE`] to a page; each with its unit, year,
//! kind, quote and source. `/data/<id>`: one figure, the address the open data gives it.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::dataset::DatasetMeta;
use crate::components::pager::Pager;
use crate::components::source::SourceLine;
use crate::error::ErrorNotice;
use crate::model::indicators::{
    Choice, IndicatorPage, IndicatorQuery, IndicatorRecord, FIGURES_PER_PAGE, FILTERS,
};
use crate::model::PortError;

/// One page of one filtered view of the figures.
#[server]
pub async fn load_indicator_page(
    query: IndicatorQuery,
    page: u32,
) -> Result<IndicatorPage, PortError> {
    // The same limits and normalisation as the page's own query string.
    let query = IndicatorQuery::from_query_string(&query.to_query_string());
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    let set = portal.indicator_set().await.map_err(crate::error::report)?;
    Ok(IndicatorPage::build(&set, query).paged(page))
}

/// One figure by its id.
#[server]
pub async fn load_indicator(id: String) -> Result<IndicatorRecord, PortError> {
    let id = crate::model::checked_id(&id).map_err(crate::error::report)?;
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    let set = portal.indicator_set().await.map_err(crate::error::report)?;
    set.indicators
        .into_iter()
        .find(|record| record.id == id)
        .ok_or_else(|| crate::error::report(PortError::not_found("a figure no document has")))
}

/// The filters' labels, in [`FILTERS`] order.
const LABELS: [&str; 4] = ["地区", "类别", "类型", "相关产业"];

/// The page.
#[component]
pub fn DataPage() -> impl IntoView {
    let map = use_query_map().get_untracked();
    let query = IndicatorQuery::from_pairs(
        FILTERS
            .iter()
            .filter_map(|key| map.get(key).map(|value| (*key, value)))
            .collect::<Vec<_>>()
            .iter()
            .map(|(k, v)| (*k, v.as_str())),
    );
    // Not a number, or none: the first page.
    let number: u32 = map
        .get("page")
        .and_then(|page| page.trim().parse().ok())
        .unwrap_or(1);
    let page = Resource::new(
        move || (query.clone(), number),
        |(query, number)| load_indicator_page(query, number),
    );
    view! {
        <Title text="全部指标"/>
        <Meta name="description" content="五份文件中的全部量化指标：每条注明数值、单位、年份、类型（基数/目标/实际/标准）、原文和出处，可按地区、类别、类型和产业筛选并下载。"/>
        <h1>"全部指标"</h1>
        <DatasetMeta dataset=crate::model::open_data::INDICATORS_DATASET/>
        <p class="lead">"文件里写明的每一个数字：单位、年份、是基数、目标还是实际完成，以及原文和出处。没有写年份的，照实标明。"</p>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Figures page/> }.into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(page: IndicatorPage) -> impl IntoView {
    let selects = FILTERS
        .iter()
        .zip(LABELS)
        .zip(page.choices.iter().cloned())
        .map(|((key, label), choices)| {
            let selected = page.query.get(key).to_string();
            view! { <ChoiceSelect key label choices selected/> }
        })
        .collect_view();
    let chips = FILTERS
        .iter()
        .filter_map(|key| {
            let label = page.chosen_label(key)?;
            let href = page.query.with(key, "").href("/data");
            Some(view! {
                <li><a href=href aria-label=format!("取消筛选：{label}")>{label.clone()} " ×"</a></li>
            })
        })
        .collect_view();
    let filtered = page.query.is_filtered();
    let status = if filtered {
        format!("符合条件的 {} 条（共 {} 条）", page.matching, page.total)
    } else {
        format!("共 {} 条", page.total)
    };
    let status = if page.pages > 1 {
        let first = (page.page as usize - 1) * FIGURES_PER_PAGE + 1;
        let last = first + page.items.len() - 1;
        format!(
            "{status}，第 {} / {} 页（第 {first}–{last} 条）",
            page.page, page.pages
        )
    } else {
        status
    };
    let pager = {
        let (current, pages) = (page.page, page.pages);
        let query = page.query.clone();
        view! { <Pager current pages href=move |n| query.page_href(n)/> }
    };
    let export = page.query.to_query_string();
    let suffix = if export.is_empty() {
        String::new()
    } else {
        format!("?{export}")
    };
    let list = if page.items.is_empty() {
        view! { <p class="notice">"没有符合条件的指标。" <a href="/data">"清除全部筛选"</a></p> }
            .into_any()
    } else {
        let rows = page
            .items
            .into_iter()
            .map(|record| view! { <Figure record/> })
            .collect_view();
        view! { <ol class="figure-list">{rows}</ol> }.into_any()
    };
    view! {
        <form class="filters" method="get" action="/data" role="search" aria-label="筛选指标">
            {selects}
            <div class="actions">
                <button type="submit">"筛选"</button>
                <a href="/data">"清除筛选"</a>
            </div>
        </form>
        {filtered.then(|| view! {
            <div class="active-filters">
                <span>"已选："</span>
                <ul>{chips}</ul>
            </div>
        })}
        <p class="result-count" role="status">{status}</p>
        <p class="downloads">
            "下载当前筛选结果（含单位、年份、类型、原文和出处列）："
            <a href=format!("/api/v1/indicators.csv{suffix}") download="indicators.csv">"CSV 表格"</a>
            " · "
            <a href=format!("/api/v1/indicators{suffix}")>"JSON 数据"</a>
        </p>
        {list}
        {pager}
    }
}

#[component]
fn ChoiceSelect(
    key: &'static str,
    label: &'static str,
    choices: Vec<Choice>,
    selected: String,
) -> impl IntoView {
    let id = format!("f-{key}");
    let mut choices = choices;
    // A value from a shared link that matches nothing still shows as chosen.
    if !selected.is_empty() && !choices.iter().any(|c| c.value == selected) {
        choices.push(Choice {
            value: selected.clone(),
            label: selected.clone(),
            count: 0,
        });
    }
    let options = choices
        .into_iter()
        .map(|choice| {
            let is_selected = choice.value == selected;
            view! {
                <option value=choice.value.clone() selected=is_selected>
                    {format!("{}（{}）", choice.label, choice.count)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=key>
                <option value="">"全部"</option>
                {options}
            </select>
        </div>
    }
}

/// One figure in the list: its name links to its own page.
#[component]
fn Figure(record: IndicatorRecord) -> impl IntoView {
    let href = record.page_href();
    let (id, name) = (record.id.clone(), record.indicator.clone());
    view! {
        <li class="figure" id=id>
            <h2 class="figure-name"><a href=href>{name}</a></h2>
            <FigureBody record/>
        </li>
    }
}

/// A figure's value, kind, region, year, category, quote, notes and source.
#[component]
fn FigureBody(record: IndicatorRecord) -> impl IntoView {
    let figure = record.figure();
    let kind_class = format!("tag tag-{}", record.kind);
    let notes = (!record.notes.is_empty()).then(|| {
        let notes = record.notes.clone();
        view! { <p class="figure-note">"说明：" {notes}</p> }
    });
    let quote = (!record.quote.is_empty()).then(|| {
        let quote = record.quote.clone();
        view! { <blockquote class="quote"><p>{quote}</p></blockquote> }
    });
    view! {
        <p class="figure-value"><data value=record.value.to_string()>{figure}</data></p>
        <p class="figure-meta">
            <span class=kind_class>{record.kind_label().to_string()}</span>
            " " {record.region.clone()} " · " {record.year_label()}
            {(!record.category.is_empty()).then(|| format!(" · {}", record.category))}
        </p>
        {quote}
        {notes}
        <SourceLine sources=vec![record.source.clone()]/>
    }
}

/// `/data/<id>`: one figure, with the way back to its category and to all figures.
#[component]
pub fn FigurePage() -> impl IntoView {
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let record = Resource::new(move || id.clone(), load_indicator);
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(record) => view! { <OneFigure record/> }.into_any(),
                    Err(err) => view! {
                        <Title text="没有找到这个指标"/>
                        <h1>"没有找到这个指标"</h1>
                        <ErrorNotice code=err.code/>
                        <p><a href="/data">"看全部指标"</a></p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OneFigure(record: IndicatorRecord) -> impl IntoView {
    let title = format!("{}（{}）", record.indicator, record.region);
    let description = format!(
        "{}：{}，{}，{}。出自《{}》{}。",
        record.indicator,
        record.figure(),
        record.year_label(),
        record.kind_label(),
        record.source.document_title,
        record.source.section
    );
    let category = (!record.category.is_empty()).then(|| {
        let href = IndicatorQuery::default()
            .with("category", &record.category)
            .href("/data");
        view! { " · " <a href=href>{format!("{}类的全部指标", record.category)}</a> }
    });
    let (id, name) = (record.id.clone(), record.indicator.clone());
    view! {
        <Title text=title/>
        <Meta name="description" content=description/>
        <nav class="breadcrumb" aria-label="位置">
            <a href="/data">"全部指标"</a> " › " <span>{id.clone()}</span>
        </nav>
        <h1>{name}</h1>
        <div class="figure" id=id>
            <FigureBody record/>
        </div>
        <p><a href="/data">"全部指标"</a> {category}</p>
    }
}
