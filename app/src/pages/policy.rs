//! `/policies/<id>`: one document or interpretation, section by section, each section with
//! an anchor (`#s-<n>`) that sources and answers link to.
//!
//! A long document ([`chapters`]) is read chapter by chapter: `/policies/<id>` shows its front
//! matter and an outline of every section, each entry under the section's own anchor (so an
//! old `/policies/<id>#s-<n>` link still lands on it) and linking to its chapter;
//! `/policies/<id>/<n>` shows the chapter that holds section `n`. Every section link of the
//! site is `/policies/<id>/<n>#s-<n>` ([`crate::model::section_href`]), which for a short
//! document shows it whole.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::error::ErrorNotice;
use crate::model::content::InterpretationSummary;
use crate::model::{chapter_href, chapters, Chapter, DocumentDetail, DocumentSection, PortError};
use crate::pages::home::document_source_line;

/// One document with all its sections.
#[server]
pub async fn load_document(id: String) -> Result<DocumentDetail, PortError> {
    let id = crate::model::checked_id(&id).map_err(crate::error::report)?;
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    portal.document(&id).await.map_err(crate::error::report)
}

/// One document, checked to have a section at `position`.
#[server]
pub async fn load_document_at(
    id: String,
    position: String,
) -> Result<(DocumentDetail, i64), PortError> {
    let id = crate::model::checked_id(&id).map_err(crate::error::report)?;
    let no_section = || crate::error::report(PortError::not_found("a section no document has"));
    let position: i64 = position.parse().map_err(|_| no_section())?;
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    let detail = portal.document(&id).await.map_err(crate::error::report)?;
    if !detail.sections.iter().any(|s| s.position == position) {
        return Err(no_section());
    }
    Ok((detail, position))
}

/// `/policies/<id>/<n>`: the part of the document that holds section `n`: its chapter when
/// the document is read chapter by chapter, else the whole document.
#[component]
pub fn DocumentPartPage() -> impl IntoView {
    let params = use_params_map().get_untracked();
    let id = params.get("id").unwrap_or_default();
    let position = params.get("position").unwrap_or_default();
    let document = Resource::new(
        move || (id.clone(), position.clone()),
        |(id, position)| load_document_at(id, position),
    );
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match document.await {
                    Ok((detail, position)) => {
                        let index = detail
                            .sections
                            .iter()
                            .position(|s| s.position == position)
                            .unwrap_or(0);
                        let parts = chapters(&detail.sections).unwrap_or_default();
                        match parts.iter().position(|c| (c.first..c.end).contains(&index)) {
                            Some(at) => view! { <ChapterText detail chapters=parts at/> }.into_any(),
                            None => view! { <Document detail/> }.into_any(),
                        }
                    }
                    Err(err) => view! {
                        <Title text="没有找到这一节"/>
                        <h1>"没有找到这一节"</h1>
                        <ErrorNotice code=err.code/>
                        <p><a href="/policies">"看全部政策文件"</a></p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
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
    let parts = chapters(&sections);
    let toc = match &parts {
        Some(parts) => outline(&document.id, &sections, parts).into_any(),
        None => sections
            .iter()
            .filter(|s| s.level >= 1 && s.level <= 2 && !s.heading_is_editorial)
            .map(|s| {
                let class = if s.level == 2 { "toc-sub" } else { "" };
                view! { <li class=class><a href=format!("#{}", s.anchor())>{s.heading.clone()}</a></li> }
            })
            .collect_view()
            .into_any(),
    };
    let by_chapter = parts.as_ref().map(|parts| {
        view! {
            <p class="toc-note">
                {format!("这份文件较长，分 {} 部分阅读：点目录中的章节，打开它所在的那一部分。", parts.len())}
            </p>
        }
    });
    // Read chapter by chapter, this page shows only the front matter before the first one.
    let shown = parts.map_or(sections.len(), |parts| parts[0].first);
    let sections = section_views(sections.into_iter().take(shown));
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
        <nav class="toc" aria-label="文件目录"><h2>"目录"</h2>{by_chapter}<ul>{toc}</ul></nav>
        <div class="document-text">{sections}</div>
    }
}

/// Sections in order. A section that continues a heading after a box (专栏) repeats that
/// heading in the data; it is shown once.
fn section_views(sections: impl IntoIterator<Item = DocumentSection>) -> impl IntoView {
    let mut last_heading = String::new();
    sections
        .into_iter()
        .map(|section| {
            let show_heading = section.heading != last_heading;
            if section.level < 3 {
                last_heading.clone_from(&section.heading);
            }
            view! { <SectionView section show_heading/> }
        })
        .collect_view()
}

/// The outline of a document read chapter by chapter: every section of every chapter, under
/// the section's own anchor, linking to it on its chapter's page.
fn outline(document_id: &str, sections: &[DocumentSection], parts: &[Chapter]) -> impl IntoView {
    let mut items = Vec::new();
    for part in parts {
        let page = format!("/policies/{document_id}/{}", sections[part.first].position);
        let mut last_heading = String::new();
        for section in &sections[part.first..part.end] {
            let class = match section.level {
                0 | 1 => "",
                2 => "toc-sub",
                _ => "toc-box",
            };
            // A section that goes on after a box repeats its heading: marked 续.
            let heading = if section.heading == last_heading {
                format!("{}（续）", section.heading)
            } else {
                section.heading.clone()
            };
            if section.level < 3 {
                last_heading.clone_from(&section.heading);
            }
            let anchor = section.anchor();
            let href = format!("{page}#{anchor}");
            items.push(view! { <li id=anchor class=class><a href=href>{heading}</a></li> });
        }
    }
    items
}

/// One chapter of a document read chapter by chapter, with the way to the outline and to the
/// chapters before and after it.
#[component]
fn ChapterText(detail: DocumentDetail, chapters: Vec<Chapter>, at: usize) -> impl IntoView {
    let DocumentDetail {
        document, sections, ..
    } = detail;
    let chapter = chapters[at];
    let heading = sections[chapter.first].heading.clone();
    let outline = format!("/policies/{}", document.id);
    let page_of = |part: &Chapter| {
        let first = &sections[part.first];
        (
            chapter_href(&document.id, first.position),
            first.heading.clone(),
        )
    };
    let before = at.checked_sub(1).map(|i| page_of(&chapters[i]));
    let after = chapters.get(at + 1).map(page_of);
    let nav = move |label: &'static str| {
        let before = before.clone().map(|(href, heading)| {
            view! { <a href=href rel="prev">"上一部分：" {heading}</a> }
        });
        let after = after.clone().map(|(href, heading)| {
            view! { <a href=href rel="next">"下一部分：" {heading}</a> }
        });
        view! {
            <nav class="chapter-nav" aria-label=label>
                <a href=outline.clone()>"目录"</a>
                {before}
                {after}
            </nav>
        }
    };
    let top = nav("章节导航");
    let bottom = nav("章节导航（页尾）");
    let source = document_source_line(&document);
    let count = chapters.len();
    let text = section_views(
        sections
            .into_iter()
            .skip(chapter.first)
            .take(chapter.end - chapter.first),
    );
    let title = format!("{heading} · {}", document.title);
    view! {
        <Title text=title.clone()/>
        <Meta name="description" content=document.summary.clone()/>
        <Meta property="og:title" content=title/>
        <h1>{document.title.clone()}</h1>
        <p class="doc-meta">
            {document.region.clone()} " · " {document.doc_type.clone()} " · "
            {format!("第 {} 部分，共 {count} 部分", at + 1)}
        </p>
        <p class="source">{source}</p>
        {top}
        <div class="document-text">{text}</div>
        {bottom}
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
