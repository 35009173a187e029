//! `/policies`: the library of documents and interpretations.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::error::ErrorNotice;
use crate::model::content::InterpretationSummary;
use crate::model::{DocumentSummary, PortError};
use crate::pages::home::document_source_line;

/// Every document and interpretation, newest first, and the interpretations staff wrote.
#[server]
pub async fn list_documents(
) -> Result<(Vec<DocumentSummary>, Vec<InterpretationSummary>), PortError> {
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    let documents = portal.documents().await.map_err(crate::error::report)?;
    let articles = portal
        .interpretations()
        .await
        .map_err(crate::error::report)?;
    Ok((documents, articles))
}

/// The library page.
#[component]
pub fn PoliciesPage() -> impl IntoView {
    let documents = Resource::new(|| (), |()| list_documents());
    view! {
        <Title text="政策文件与解读"/>
        <Meta name="description" content="各地乡村振兴规划、实施方案和政策解读：发文机关、文号、日期、白话摘要，逐节阅读原文。"/>
        <h1>"政策文件与解读"</h1>
        <p class="lead">"各地公开发布的规划、实施方案和部门解读。每份都可以逐节阅读原文，引用时可直接链接到某一节。"</p>
        <p><a href="/feed.xml">"订阅更新（Atom）"</a></p>
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match documents.await {
                    Ok((documents, articles)) => {
                        let (interpretations, plans): (Vec<_>, Vec<_>) =
                            documents.into_iter().partition(DocumentSummary::is_interpretation);
                        view! {
                            <section aria-labelledby="docs-heading">
                                <h2 id="docs-heading">{format!("政策文件（{} 份）", plans.len())}</h2>
                                <div class="doc-list">
                                    {plans.into_iter().map(|doc| view! { <LibraryCard doc/> }).collect_view()}
                                </div>
                            </section>
                            <section aria-labelledby="interpretations-heading">
                                <h2 id="interpretations-heading">{format!("政策解读（{} 份）", interpretations.len() + articles.len())}</h2>
                                <div class="doc-list">
                                    {articles.into_iter().map(|article| view! { <ArticleCard article/> }).collect_view()}
                                    {interpretations.into_iter().map(|doc| view! { <LibraryCard doc/> }).collect_view()}
                                </div>
                            </section>
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
fn LibraryCard(doc: DocumentSummary) -> impl IntoView {
    let source = document_source_line(&doc);
    let href = format!("/policies/{}", doc.id);
    let kind = if doc.is_interpretation() {
        "解读"
    } else {
        "文件"
    };
    view! {
        <article>
            <h3><a href=href>{doc.title.clone()}</a></h3>
            <p class="doc-meta">
                <span class="tag">{kind}</span>
                {doc.region.clone()} " · " {doc.doc_type.clone()} " · "
                {doc.date.clone().unwrap_or_else(|| "原文未写日期".to_string())}
            </p>
            <p class="doc-summary" data-read-aloud="">{doc.summary.clone()}</p>
            <p class="source">{source}</p>
        </article>
    }
}

/// An interpretation written for the portal, with the document it explains as its source.
#[component]
fn ArticleCard(article: InterpretationSummary) -> impl IntoView {
    let document_href = format!("/policies/{}", article.document_id);
    view! {
        <article>
            <h3><a href=article.href()>{article.title.clone()}</a></h3>
            <p class="doc-meta">
                <span class="tag">"解读"</span> "本站通俗解读 · " {article.updated.clone()} "更新"
            </p>
            <p class="doc-summary" data-read-aloud="">{article.summary.clone()}</p>
            <p class="source">
                "解读的是：" <a href=document_href>{format!("《{}》", article.document_title)}</a>
                {article.source_section.clone()}
            </p>
        </article>
    }
}
