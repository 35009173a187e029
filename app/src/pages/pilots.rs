//! `/pilots`: the catalogue of demonstration pilots, filtered by a plain GET form.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::components::dataset::DatasetMeta;
use crate::components::pager::Pager;
use crate::components::source::SourceLine;
use crate::error::ErrorNotice;
use crate::model::pilots::{level_label, Facet, FacetKey, FacetOption, PilotSort, NO_LEVEL};
use crate::model::{PilotPage, PilotQuery, PilotSummary, PortError};

/// One page of the catalogue for `query`.
#[server]
pub async fn list_pilot_page(query: PilotQuery) -> Result<PilotPage, PortError> {
    // The same limits and normalisation as the page's own query string.
    let query = PilotQuery::from_query_string(&query.to_query_string());
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    portal
        .list_pilots(&query)
        .await
        .map_err(crate::error::report)
}

/// The parameters the catalogue reads from its query string.
const PARAMS: [&str; 7] = ["q", "level", "prefecture", "county", "kind", "sort", "page"];

/// The catalogue query of the current URL.
pub fn current_query() -> PilotQuery {
    let map = use_query_map().get_untracked();
    let pairs: Vec<(&str, String)> = PARAMS
        .iter()
        .filter_map(|key| map.get(key).map(|value| (*key, value)))
        .collect();
    PilotQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
}

/// The catalogue page.
#[component]
pub fn PilotsPage() -> impl IntoView {
    let query = current_query();
    let page = Resource::new(move || query.clone(), list_pilot_page);
    view! {
        <Title text="示范试点村名录"/>
        <Meta name="description" content="乡村振兴示范试点村名录：按级别、州（市）、县、类型筛选，每个村注明出自哪份文件的哪一节，可下载 CSV 和 JSON。"/>
        <h1>"示范试点村名录"</h1>
        <DatasetMeta dataset=crate::model::open_data::PILOTS_DATASET/>
        <p class="lead">"各地规划和方案中点名的示范试点村（镇），可按级别、地区和类型筛选；每条都注明出处。"</p>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Catalogue page/> }.into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Catalogue(page: PilotPage) -> impl IntoView {
    let PilotPage {
        query,
        total,
        items,
        facets,
        pages,
    } = page;
    let export = query.filter_query_string();
    let export_suffix = if export.is_empty() {
        String::new()
    } else {
        format!("?{export}")
    };
    let status = if query.is_filtered() {
        format!("符合条件的共 {total} 个")
    } else {
        format!("共 {total} 个")
    };
    let page_note = (pages > 1).then(|| format!("，第 {} / {pages} 页", query.page.min(pages)));
    let list = if items.is_empty() {
        view! {
            <p class="notice">"没有找到符合条件的示范村。" <a href="/pilots">"清除全部筛选"</a></p>
        }
        .into_any()
    } else {
        let rows = items
            .into_iter()
            .map(|pilot| view! { <PilotRow pilot/> })
            .collect_view();
        view! { <ol class="pilot-list">{rows}</ol> }.into_any()
    };
    view! {
        <FilterForm query=query.clone() facets/>
        <ActiveFilters query=query.clone()/>
        <p class="result-count" role="status">{status}{page_note}</p>
        {list}
        <Pager current=query.page pages href=move |n| query.with_page(n).href("/pilots")/>
        <p class="downloads">
            "下载当前筛选结果（含来源列）："
            <a href=format!("/api/v1/pilots.csv{export_suffix}") download="pilots.csv">"CSV 表格"</a>
            " · "
            <a href=format!("/api/v1/pilots{export_suffix}")>"JSON 数据"</a>
        </p>
    }
}

/// The filter form: a plain GET form, so it works without JavaScript and the result is a
/// link that can be shared.
#[component]
fn FilterForm(query: PilotQuery, facets: Vec<Facet>) -> impl IntoView {
    let selects = facets
        .into_iter()
        .map(|facet| {
            let selected = query.facet(facet.key).to_string();
            view! { <FacetSelect facet selected/> }
        })
        .collect_view();
    let sorts = [PilotSort::Level, PilotSort::Name]
        .into_iter()
        .map(|sort| {
            let chosen = query.sort == sort;
            view! { <option value=sort.as_param() selected=chosen>{sort.label()}</option> }
        })
        .collect_view();
    view! {
        <form class="filters" method="get" action="/pilots" role="search" aria-label="筛选示范村">
            <div class="field field-wide">
                <label for="f-q">"名称或地名"</label>
                <input id="f-q" name="q" type="search" value=query.q.clone() maxlength="50"
                    placeholder="例如：兴仁、茶、麻窝寨" autocomplete="off"/>
            </div>
            {selects}
            <div class="field">
                <label for="f-sort">"排序"</label>
                <select id="f-sort" name="sort">{sorts}</select>
            </div>
            <div class="actions">
                <button type="submit">"筛选"</button>
                <a href="/pilots">"清除筛选"</a>
            </div>
        </form>
    }
}

#[component]
fn FacetSelect(facet: Facet, selected: String) -> impl IntoView {
    let key = facet.key;
    let id = format!("f-{}", key.param());
    let mut options = facet.options;
    // A value from a shared link that matches nothing still shows as chosen.
    if !selected.is_empty() && !options.iter().any(|o| o.value == selected) {
        options.push(FacetOption {
            label: level_label(&selected).to_string(),
            value: selected.clone(),
            count: 0,
        });
    }
    let options = options
        .into_iter()
        .map(|option| {
            let is_selected = option.value == selected;
            view! {
                <option value=option.value.clone() selected=is_selected>
                    {format!("{}（{}）", option.label, option.count)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{key.label()}</label>
            <select id=id name=key.param()>
                <option value="">"全部"</option>
                {options}
            </select>
        </div>
    }
}

/// The filters in force, each with a link that removes it.
#[component]
fn ActiveFilters(query: PilotQuery) -> impl IntoView {
    let mut chips = Vec::new();
    if !query.q.is_empty() {
        let without = PilotQuery {
            q: String::new(),
            page: 1,
            ..query.clone()
        };
        chips.push((format!("“{}”", query.q), without.href("/pilots")));
    }
    for key in FacetKey::ALL {
        let value = query.facet(key);
        if !value.is_empty() {
            let label = if key == FacetKey::Level {
                level_label(value).to_string()
            } else {
                value.to_string()
            };
            chips.push((label, query.with_facet(key, "").href("/pilots")));
        }
    }
    (!chips.is_empty()).then(|| {
        let chips = chips
            .into_iter()
            .map(|(label, href)| {
                view! {
                    <li><a href=href aria-label=format!("取消筛选：{label}")>{label.clone()} " ×"</a></li>
                }
            })
            .collect_view();
        view! {
            <div class="active-filters">
                <span>"已选："</span>
                <ul>{chips}</ul>
            </div>
        }
    })
}

#[component]
fn PilotRow(pilot: PilotSummary) -> impl IntoView {
    let path = pilot.path_text();
    let href = pilot.href();
    let name = pilot.display_name();
    let level = pilot.level_label().to_string();
    let level_class = if pilot.level.is_empty() {
        "tag tag-muted"
    } else {
        "tag"
    };
    let PilotSummary {
        entity_type,
        source,
        ..
    } = pilot;
    view! {
        <li>
            <h2 class="pilot-name"><a href=href>{name}</a></h2>
            <p class="pilot-path">{path}</p>
            <p class="pilot-meta">
                <span class=level_class>{level}</span>
                " " {entity_type}
            </p>
            <SourceLine sources=vec![source]/>
        </li>
    }
}

/// The link to the catalogue filtered to one value, used on the village page.
pub fn filter_href(key: FacetKey, value: &str) -> String {
    let value = if key == FacetKey::Level && value.is_empty() {
        NO_LEVEL
    } else {
        value
    };
    PilotQuery::from_pairs([])
        .with_facet(key, value)
        .href("/pilots")
}
