//! `/regions`: how the documents classify counties and villages, as tables and small charts.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::source::SourceLine;
use crate::error::ErrorNotice;
use crate::model::regions::Classification;
use crate::model::{PortError, RegionsOverview};

/// The classifications with their charts drawn.
#[server]
pub async fn load_regions() -> Result<RegionsOverview, PortError> {
    use crate::error::report;
    let portal = crate::ports::use_portal().map_err(report)?;
    let graphics = crate::ports::use_graphics().map_err(report)?;
    let mut overview = portal.regions().await.map_err(report)?;
    for classification in &mut overview.classifications {
        if let Some(chart) = &classification.chart {
            classification.chart_svg = graphics.bar_chart(chart).map_err(report)?;
        }
    }
    Ok(overview)
}

/// The regions page.
#[component]
pub fn RegionsPage() -> impl IntoView {
    let overview = Resource::new(|| (), |()| load_regions());
    view! {
        <Title text="地区与村庄分类"/>
        <Meta name="description" content="水城区170个行政村的三类五型、黔西南州各县分类和重点帮扶县、黔西南州三类村、璧山区重点帮扶镇村：表格、图表和原文出处。"/>
        <h1>"地区与村庄分类"</h1>
        <p class="lead">"各地文件怎样给县、村分类，每类有多少、由谁牵头。图和表是同一组数字，均摘自原文。"</p>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let toc = overview
                            .classifications
                            .iter()
                            .map(|c| view! { <li><a href=format!("#{}", c.id)>{c.heading.clone()}</a></li> })
                            .collect_view();
                        let sections = overview
                            .classifications
                            .into_iter()
                            .map(|classification| view! { <ClassificationSection classification/> })
                            .collect_view();
                        view! {
                            <nav class="toc" aria-label="本页目录"><ul>{toc}</ul></nav>
                            {sections}
                        }
                        .into_any()
                    }
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClassificationSection(classification: Classification) -> impl IntoView {
    let Classification {
        id,
        region,
        heading,
        quotes,
        table,
        facts,
        chart,
        chart_svg,
        notes,
        sources,
    } = classification;
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let quotes = quotes
        .into_iter()
        .map(|quote| {
            view! {
                <figure class="passage">
                    <blockquote><p>{quote.text}</p></blockquote>
                    <figcaption><SourceLine sources=vec![quote.source]/></figcaption>
                </figure>
            }
        })
        .collect_view();
    let facts_line = format!(
        "单位：{} · 年份：{} · 性质：{}",
        facts.unit, facts.year, facts.kind
    );
    let figure = chart.map(|chart| {
        let summary = chart.summary();
        view! {
            <figure class="chart">
                <div class="chart-svg" aria-hidden="true" inner_html=chart_svg></div>
                <figcaption>{summary}</figcaption>
            </figure>
        }
    });
    let headers = table
        .headers
        .into_iter()
        .map(|h| view! { <th scope="col">{h}</th> })
        .collect_view();
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let first = cells.next().unwrap_or_default();
            let rest = cells.map(|cell| view! { <td>{cell}</td> }).collect_view();
            view! { <tr><th scope="row">{first}</th>{rest}</tr> }
        })
        .collect_view();
    let notes = notes
        .into_iter()
        .map(|note| view! { <li>{note}</li> })
        .collect_view();
    view! {
        <section id=id class="classification" aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading.clone()}</h2>
            <p class="region">{region}</p>
            {quotes}
            {figure}
            // Focusable, so that a keyboard can scroll a table wider than the phone.
            <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{heading}（表格）")>
                <table>
                    <caption>{heading.clone()} <span class="facts">{facts_line}</span></caption>
                    <thead><tr>{headers}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <ul class="notes">{notes}</ul>
            <p><SourceLine sources/></p>
        </section>
    }
}
