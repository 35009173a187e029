use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::source::{group_by_document, SourceLine};
use crate::error::ErrorNotice;
use crate::model::search::MAX_QUERY_CHARS;
use crate::model::{DocumentSummary, HomeOverview, PortError};

/// Counts and newest documents for the home page.
#[server]
pub async fn load_home_overview() -> Result<HomeOverview, PortError> {
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    portal.home_overview().await.map_err(crate::error::report)
}

/// The home page: first the three tasks people come with, in their words (report a
/// hardship, ask a question, find the data), then what the portal holds, counted from the
/// database, and the newest documents.
#[component]
pub fn HomePage() -> impl IntoView {
    let overview = Resource::new(|| (), |()| load_home_overview());
    view! {
        <Title text=""/>
        <Meta name="description" content="公开乡村振兴示范试点村、十大特色产业进展、政策文件与解读，提供政策问答和“防贫申报”。每个数字注明来源。"/>
        <h1>{crate::SITE_NAME}</h1>
        <Tasks/>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <Overview overview/> }.into_any(),
                    Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The three ways in, before any figure: plain links and a plain GET form.
#[component]
fn Tasks() -> impl IntoView {
    view! {
        <section class="tasks" aria-label="您想做什么">
            <div class="task task-report">
                <p>"家里遇到大病、灾害、失业，担心返贫？"</p>
                <a class="button button-large" href="/report">"防贫申报"</a>
                <p class="hint">"自己填，不用跑腿；村里和乡镇会按时限联系您。" <a href="/report/help">"怎么填"</a></p>
            </div>
            <form class="task task-ask" method="get" action="/ask" role="search">
                <label for="home-q">"有政策问题？用自己的话问"</label>
                <div class="ask-row">
                    <input id="home-q" name="q" type="search" maxlength=MAX_QUERY_CHARS.to_string()
                        placeholder="比如：看病能报多少" enterkeyhint="search"/>
                    <button type="submit">"查询"</button>
                </div>
                <p class="hint"><a href="/qa">"按主题看全部问答"</a></p>
            </form>
            <nav class="task task-data" aria-label="查资料">
                <p>"记者和研究者：查资料"</p>
                <ul>
                    <li><a href="/pilots">"示范村名录"</a></li>
                    <li><a href="/targets">"目标与进展"</a></li>
                    <li><a href="/data">"数据下载"</a></li>
                    <li><a href="/policies">"政策文件"</a></li>
                </ul>
            </nav>
        </section>
    }
}

/// One compact source line: the first document and section, and how many more there are;
/// every source behind a disclosure.
#[component]
fn CompactSource(sources: Vec<crate::model::SourceRef>) -> impl IntoView {
    let groups = group_by_document(&sources);
    let places: usize = groups.iter().map(|(_, sections)| sections.len()).sum();
    let first = groups
        .first()
        .map(|(title, sections)| {
            format!(
                "《{title}》{}",
                sections.first().cloned().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    if places <= 1 {
        return view! { <SourceLine sources/> }.into_any();
    }
    view! {
        <details class="sources">
            <summary class="source">{format!("来源：{first} 等 {places} 处")}</summary>
            <SourceLine sources/>
        </details>
    }
    .into_any()
}

#[component]
fn Overview(overview: HomeOverview) -> impl IntoView {
    let levels = overview
        .pilot_levels
        .into_iter()
        .map(|level| {
            view! {
                <li>
                    <span class="label">{level.label()}</span>
                    <span><data value=level.count>{level.count}</data><span class="unit">"个"</span></span>
                    <CompactSource sources=level.sources/>
                </li>
            }
        })
        .collect_view();
    let documents = overview
        .latest_documents
        .into_iter()
        .map(|doc| view! { <DocumentCard doc/> })
        .collect_view();
    view! {
        <section aria-labelledby="overview-heading">
            <h2 id="overview-heading">"数据概览"</h2>
            <ul class="counts">
                {levels}
                <Count label="特色产业" value=overview.industries unit="个"/>
                <Count label="政策文件" value=overview.documents unit="份"/>
                <Count label="政策问答" value=overview.qa_entries unit="条"/>
                <Count label="量化指标" value=overview.indicators unit="条"/>
            </ul>
            <p class="source">
                "以上为本站收录的条目数，均整理自下列原文件；其中政策文件含解读 "
                {overview.interpretations} " 份。示范村镇共 " {overview.pilots} " 个。"
            </p>
        </section>
        <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">"最新文件"</h2>
            <div class="doc-list">{documents}</div>
        </section>
    }
}

#[component]
fn Count(label: &'static str, value: i64, unit: &'static str) -> impl IntoView {
    view! {
        <li>
            <span class="label">{label}</span>
            <span><data value=value>{value}</data><span class="unit">{unit}</span></span>
        </li>
    }
}

/// The source line of a document: its own title, issuer, number and date, as the text gives them.
pub fn document_source_line(doc: &DocumentSummary) -> String {
    let mut parts = vec![format!("《{}》", doc.title)];
    if let Some(body) = &doc.issuing_body {
        parts.push(body.clone());
    }
    if let Some(number) = &doc.document_number {
        parts.push(number.clone());
    }
    parts.push(
        doc.date
            .clone()
            .unwrap_or_else(|| "原文未写日期".to_string()),
    );
    format!("来源：{}", parts.join("，"))
}

#[component]
fn DocumentCard(doc: DocumentSummary) -> impl IntoView {
    let source = document_source_line(&doc);
    let kind = if doc.is_interpretation() {
        "解读"
    } else {
        "文件"
    };
    view! {
        <article>
            <h3>{doc.title.clone()}</h3>
            <p class="doc-meta">
                <span class="tag">{kind}</span>
                {doc.region.clone()} " · " {doc.doc_type.clone()} " · "
                {doc.date.clone().unwrap_or_else(|| "日期未写".to_string())}
            </p>
            <p class="doc-summary">{doc.summary.clone()}</p>
            <p class="source">{source}</p>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(issuer: Option<&str>, number: Option<&str>, date: Option<&str>) -> DocumentSummary {
        DocumentSummary {
            id: "policy-x".into(),
            title: "某方案".into(),
            doc_type: "实施方案".into(),
            issuing_body: issuer.map(Into::into),
            document_number: number.map(Into::into),
            date: date.map(Into::into),
            date_sort: None,
            region: "某区".into(),
            summary: String::new(),
        }
    }

    #[test]
    fn a_source_line_names_what_the_document_gives_and_says_what_it_lacks() {
        assert_eq!(
            document_source_line(&doc(
                Some("某局"),
                Some("某发〔2024〕2号"),
                Some("2024年3月8日")
            )),
            "来源：《某方案》，某局，某发〔2024〕2号，2024年3月8日"
        );
        assert_eq!(
            document_source_line(&doc(None, None, None)),
            "来源：《某方案》，原文未写日期"
        );
    }
}
