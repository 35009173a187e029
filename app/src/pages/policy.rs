//! `/policies/<id>`: one document or interpretation, section by section, each section with
//! an anchor (`#s-<n>`) that sources and answers link to.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::error::ErrorNotice;
use crate::model::content::InterpretationSummary;
use crate::model::{DocumentDetail, DocumentSection, PortError};
use crate::pages::home::document_source_line;

/// One document with all its sections.
#[server]
pub async fn load_document(id: String) -> Result<DocumentDetail, PortError> {
    let id = crate::model::checked_id(&id).map_err(crate::error::report)?;
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    portal.document(&id).await.map_err(crate::error::report)
}

/// The document page.
#[component]
pub fn DocumentPage() -> impl IntoView {
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let document = Resource::new(move || id.clone(), load_document);
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match document.await {
                    Ok(detail) => view! { <Document detail/> }.into_any(),
                    Err(err) => view! {
                        <Title text="没有找到这份文件"/>
                        <h1>"没有找到这份文件"</h1>
                        <ErrorNotice code=err.code/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Document(detail: DocumentDetail) -> impl IntoView {
    let DocumentDetail {
        document,
        sections,
        text_issues,
        related,
        title_note,
        interpretations,
        answers,
    } = detail;
    let source = document_source_line(&document);
    let interpreted = related
        .iter()
        .find(|r| r.is_interpreted())
        .cloned()
        .map(|r| {
            let meta = [r.issuer.clone(), r.document_number.clone(), r.date.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("，");
            view! {
                <p class="notice">
                    <strong>"这是一份政策解读"</strong> "，解读的是" {r.title.clone()}
                    {(!meta.is_empty()).then(|| format!("（{meta}）"))}
                    "。本站没有收录该规划原文，下面是解读全文。"
                </p>
            }
        });
    let related_list = (!related.is_empty()).then(|| {
        let items = related
            .iter()
            .map(|r| {
                let quote = r.quote.clone().map(|q| view! { <q>{q}</q> });
                view! { <li><strong>{r.relation.clone()}</strong> "：" {r.title.clone()} " " {quote}</li> }
            })
            .collect_view();
        view! {
            <section aria-labelledby="related-heading">
                <h2 id="related-heading">"相关文件"</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    let issues = (!text_issues.is_empty()).then(|| {
        let items = text_issues
            .iter()
            .map(|issue| view! { <li>{issue.clone()}</li> })
            .collect_view();
        view! {
            <details class="text-issues">
                <summary>{format!("原文的文字问题（{} 处，照原样保留，未作修改）", text_issues.len())}</summary>
                <ul>{items}</ul>
            </details>
        }
    });
    let title_note = title_note.map(|note| view! { <p class="editor-note">"编者注：" {note}</p> });
    let toc = sections
        .iter()
        .filter(|s| s.level >= 1 && s.level <= 2 && !s.heading_is_editorial)
        .map(|s| {
            let class = if s.level == 2 { "toc-sub" } else { "" };
            view! { <li class=class><a href=format!("#{}", s.anchor())>{s.heading.clone()}</a></li> }
        })
        .collect_view();
    // A section that continues a heading after a box (专栏) repeats that heading in the
    // data; it is shown once.
    let mut last_heading = String::new();
    let sections = sections
        .into_iter()
        .map(|section| {
            let show_heading = section.heading != last_heading;
            if section.level < 3 {
                last_heading.clone_from(&section.heading);
            }
            view! { <SectionView section show_heading/> }
        })
        .collect_view();
    view! {
        <Title text=document.title.clone()/>
        <Meta name="description" content=document.summary.clone()/>
        <Meta property="og:title" content=document.title.clone()/>
        <Meta property="og:description" content=document.summary.clone()/>
        <h1>{document.title.clone()}</h1>
        <p class="doc-meta">{document.region.clone()} " · " {document.doc_type.clone()}</p>
        <p class="source">{source}</p>
        {title_note}
        {interpreted}
        <p class="lead" data-read-aloud="">{document.summary.clone()}</p>
        <Interpretations items=interpretations/>
        <Answers answers/>
        {issues}
        {related_list}
        <nav class="toc" aria-label="文件目录"><h2>"目录"</h2><ul>{toc}</ul></nav>
        <div class="document-text">{sections}</div>
    }
}

/// The curated answers drawn from this document, each linking to its place on `/qa`.
#[component]
fn Answers(answers: Vec<(String, String)>) -> impl IntoView {
    (!answers.is_empty()).then(|| {
        let count = answers.len();
        let items = answers
            .into_iter()
            .map(|(id, question)| view! { <li><a href=format!("/qa#{id}")>{question}</a></li> })
            .collect_view();
        view! {
            <details class="doc-answers">
                <summary>{format!("依据这份文件整理的问答（{count} 条）")}</summary>
                <ul>{items}</ul>
            </details>
        }
    })
}

/// The interpretations written of this document, if any.
#[component]
fn Interpretations(items: Vec<InterpretationSummary>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        let items = items
            .into_iter()
            .map(|item| {
                view! {
                    <li>
                        <a href=item.href()>{item.title.clone()}</a>
                        {format!("（解读{}，{}更新）", item.source_section, item.updated)}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="notice" aria-labelledby="plain-heading">
                <h2 id="plain-heading">"通俗解读"</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}

#[component]
fn SectionView(section: DocumentSection, show_heading: bool) -> impl IntoView {
    let paragraphs = section
        .paragraphs()
        .into_iter()
        .map(|p| view! { <p>{p.to_string()}</p> })
        .collect_view();
    let heading = if !show_heading {
        ().into_any()
    } else if section.heading_is_editorial {
        view! { <h2 class="editorial">{section.heading.clone()} <span class="tag tag-muted">"编者所加标题"</span></h2> }
            .into_any()
    } else if section.level >= 3 {
        view! { <h3>{section.heading.clone()}</h3> }.into_any()
    } else {
        view! { <h2>{section.heading.clone()}</h2> }.into_any()
    };
    view! {
        <section id=section.anchor() class="doc-section">
            {heading}
            {paragraphs}
            <p class="section-label">"引用本节：" {section.label.clone()}</p>
        </section>
    }
}
