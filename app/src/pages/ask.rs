//! `/ask?q=`: the policy Q&A lookup. The server answers the query in the address, so the
//! page works as a plain form; the [`AskBox`] island then answers as the reader types.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::error::ErrorNotice;
use crate::islands::ask::AskBox;
use crate::model::search::{bounded_query, SearchResults};
use crate::model::PortError;

/// The results for `q`; `None` when nothing was asked.
#[server]
pub async fn ask(q: String) -> Result<Option<SearchResults>, PortError> {
    if q.trim().is_empty() {
        return Ok(None);
    }
    let search = crate::ports::use_search().map_err(crate::error::report)?;
    search.search(&q).map(Some).map_err(crate::error::report)
}

/// The lookup page.
#[component]
pub fn AskPage() -> impl IntoView {
    let query = bounded_query(&use_query_map().get_untracked().get("q").unwrap_or_default());
    let title = if query.is_empty() {
        "政策问答".to_string()
    } else {
        format!("“{query}”的政策问答")
    };
    let asked = query.clone();
    let results = Resource::new(move || asked.clone(), ask);
    let hotline = crate::ports::hotline();
    view! {
        <Title text=title/>
        <Meta name="description" content="用自己的话问乡村振兴政策：看病、上学、住房、贷款、就业、防返贫监测……每个回答都附文件原文和出处。"/>
        <h1>"政策问答"</h1>
        <p class="lead">"输入想问的事，先给出整理好的问答，再列出文件原文里相关的段落，每条都能点开原文核对。"</p>
        <Suspense fallback=|| view! { <p>"正在查找…"</p> }>
            {move || {
                let query = query.clone();
                let hotline = hotline.clone();
                Suspend::new(async move {
                    match results.await {
                        Ok(initial) => view! { <AskBox query initial hotline/> }.into_any(),
                        Err(err) => view! { <ErrorNotice code=err.code/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
