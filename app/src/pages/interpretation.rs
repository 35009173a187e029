//! `/interpretations/<id>`: a plain-language interpretation staff wrote of a document, with
//! the document (and the part of it) it explains as its source.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::error::ErrorNotice;
use crate::model::content::InterpretationDetail;
use crate::model::PortError;

/// One interpretation; its HTML was rendered from Markdown and sanitised by the server.
#[server]
pub async fn load_interpretation(id: i64) -> Result<InterpretationDetail, PortError> {
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    portal
        .interpretation(id)
        .await
        .map_err(crate::error::report)
}

/// The interpretation page.
#[component]
pub fn InterpretationPage() -> impl IntoView {
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap_or(0);
    let article = Resource::new(move || id, load_interpretation);
    view! {
        <Suspense fallback=|| view! { <p>"正在读取…"</p> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(detail) => view! { <Article detail/> }.into_any(),
                    Err(err) => view! {
                        <Title text="没有找到这篇解读"/>
                        <h1>"没有找到这篇解读"</h1>
                        <ErrorNotice code=err.code/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Article(detail: InterpretationDetail) -> impl IntoView {
    let InterpretationDetail {
        summary,
        html,
        published,
    } = detail;
    let document_href = format!("/policies/{}", summary.document_id);
    let updated = (summary.updated != published).then(|| format!("，{}更新", summary.updated));
    view! {
        <Title text=summary.title.clone()/>
        <Meta name="description" content=summary.summary.clone()/>
        <Meta property="og:title" content=summary.title.clone()/>
        <Meta property="og:description" content=summary.summary.clone()/>
        <Meta property="og:type" content="article"/>
        <nav class="breadcrumb" aria-label="位置">
            <a href="/policies">"政策文件与解读"</a> " › " <span>"通俗解读"</span>
        </nav>
        <h1>{summary.title.clone()}</h1>
        <p class="doc-meta">
            <span class="tag">"解读"</span> "本站通俗解读 · " {published.clone()} "发布" {updated}
        </p>
        <p class="source">
            "解读的是：" <a href=document_href.clone()>{format!("《{}》", summary.document_title)}</a>
            {summary.source_section.clone()} "。以文件原文为准。"
        </p>
        <div class="article-text" inner_html=html></div>
        <p><a href=document_href>"阅读文件原文"</a> " · " <a href="/ask">"政策问答"</a></p>
    }
}
