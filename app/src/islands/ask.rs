//! The policy Q&A box: a plain GET form to `/ask` that, once its script has loaded, answers
//! as the reader types. Each keystroke waits for a pause, aborts the request still under
//! way, and asks `/api/v1/search`; only the answer to the newest query is shown, and the
//! address bar follows (`/ask?q=…`), so the view can be shared or reloaded.

use leptos::prelude::*;

use crate::model::search::{SearchHit, SearchResults, MAX_QUERY_CHARS};

/// How long typing must pause before the box asks, in milliseconds.
pub const PAUSE_MS: u64 = 250;

/// Questions offered before anything is typed, in the words people use.
pub const EXAMPLES: [&str; 6] = [
    "看病能报多少",
    "危房改造",
    "娃儿上学有补助吗",
    "想贷款养牛",
    "出去打工有补贴吗",
    "怎么申请低保",
];

/// The form and its results. Without scripts the form submits and the server renders the
/// same results.
#[island]
pub fn AskBox(query: String, initial: Option<SearchResults>, hotline: String) -> impl IntoView {
    let results = RwSignal::new(initial);
    let (busy, set_busy) = signal(false);
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        live::schedule(value, results, set_busy);
    };
    view! {
        <form class="ask-form" method="get" action="/ask" role="search"
            data-hydrated=move || hydrated.get().then_some("true")>
            <label for="ask-q">"您想问什么？"</label>
            <p class="hint" id="ask-q-hint">"用自己的话问就行，比如“看病能报多少”“房子漏雨能不能修”。"</p>
            <div class="ask-row">
                <input id="ask-q" name="q" type="search" value=query
                    maxlength=MAX_QUERY_CHARS.to_string()
                    autocomplete="off" enterkeyhint="search"
                    aria-describedby="ask-q-hint" on:input=on_input/>
                <button type="submit">"查询"</button>
            </div>
        </form>
        <p class="ask-status" role="status" aria-live="polite">
            {move || {
                if busy.get() {
                    "正在查找…".to_string()
                } else {
                    results.with(|r| r.as_ref().map(status_line).unwrap_or_default())
                }
            }}
        </p>
        {move || {
            let hotline = hotline.clone();
            match results.get() {
                Some(found) => view! { <AskResults found hotline/> }.into_any(),
                None => view! { <AskExamples/> }.into_any(),
            }
        }}
    }
}

/// The one-line count of what was found, read out by screen readers as results change.
pub fn status_line(found: &SearchResults) -> String {
    let answers = found.confident_answers();
    let related = found.answers() - answers;
    let passages = found.results.len() - found.answers();
    if found.results.is_empty() {
        format!("没有找到与“{}”相关的内容。", found.query)
    } else if related > 0 {
        format!("找到 {answers} 条问答、{related} 条相关问答、{passages} 段文件原文。")
    } else {
        format!("找到 {answers} 条问答、{passages} 段文件原文。")
    }
}

#[component]
fn AskExamples() -> impl IntoView {
    view! {
        <section class="ask-examples" aria-labelledby="examples-heading">
            <h2 id="examples-heading">"大家常问"</h2>
            <ul class="chips">
                {EXAMPLES
                    .iter()
                    .map(|q| {
                        let href = crate::model::search::ask_href(q);
                        view! { <li><a href=href>{*q}</a></li> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// Curated answers first, then document passages; or a plain "nothing found" with where
/// to turn instead.
#[component]
fn AskResults(found: SearchResults, hotline: String) -> impl IntoView {
    if found.results.is_empty() {
        let tel = format!("tel:{hotline}");
        return view! {
            <section class="ask-none" aria-labelledby="none-heading">
                <h2 id="none-heading">{format!("没有找到与“{}”相关的政策内容", found.query)}</h2>
                <p>"可以换个说法再试，比如用“看病”“上学”“贷款”“房子”这样的词。"</p>
                <ul>
                    <li>"打电话问：" <a href=tel>{hotline.clone()}</a> "（工作日白天有人接听）"</li>
                    <li>"家里遇到困难、担心返贫：" <a href="/report">"填写防贫申报"</a> "，村里和乡镇会按时限处理。"</li>
                </ul>
            </section>
        }
        .into_any();
    }
    let expansions = (!found.expansions.is_empty()).then(|| {
        let words = found
            .expansions
            .iter()
            .map(|e| format!("“{}”→{}", e.word, e.terms.join("、")))
            .collect::<Vec<_>>()
            .join("；");
        view! { <p class="ask-expanded">"也按政策用语查找了：" {words}</p> }
    });
    let (curated, passages): (Vec<SearchHit>, Vec<SearchHit>) = found
        .results
        .into_iter()
        .partition(|hit| hit.kind == crate::model::search::HitKind::Qa);
    let (answers, related): (Vec<SearchHit>, Vec<SearchHit>) =
        curated.into_iter().partition(|hit| hit.confident);
    // When no curated entry answers the question itself, say so before anything else.
    let unanswered = answers.is_empty().then(|| {
        let tel = format!("tel:{hotline}");
        view! {
            <p class="notice ask-unanswered">
                "整理好的问答里没有直接回答这个问题的。下面是可能相关的内容；也可以拨打 "
                <a href=tel>{hotline.clone()}</a> " 咨询，家里遇到困难可以直接 "
                <a href="/report">"填写防贫申报"</a> "。"
            </p>
        }
    });
    let answers = (!answers.is_empty()).then(|| {
        view! {
            <section aria-labelledby="answers-heading">
                <h2 id="answers-heading">{format!("问答（{} 条）", answers.len())}</h2>
                {answers.into_iter().map(|hit| view! { <Answer hit/> }).collect_view()}
            </section>
        }
    });
    let related = (!related.is_empty()).then(|| {
        view! {
            <section aria-labelledby="related-heading">
                <h2 id="related-heading">{format!("相关问答（{} 条，不一定直接回答您的问题）", related.len())}</h2>
                {related.into_iter().map(|hit| view! { <Answer hit/> }).collect_view()}
            </section>
        }
    });
    let passages = (!passages.is_empty()).then(|| {
        view! {
            <section aria-labelledby="passages-heading">
                <h2 id="passages-heading">{format!("文件原文（{} 段）", passages.len())}</h2>
                {passages.into_iter().map(|hit| view! { <Passage hit/> }).collect_view()}
            </section>
        }
    });
    view! {
        <div class="ask-results">
            {expansions}
            {unanswered}
            {answers}
            {related}
            {passages}
        </div>
    }
    .into_any()
}

#[component]
fn Marked(hit: SearchHit) -> impl IntoView {
    hit.snippet_parts()
        .into_iter()
        .map(|(text, marked)| {
            if marked {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

#[component]
fn Answer(hit: SearchHit) -> impl IntoView {
    let quote = hit.quote.clone();
    let source = hit.source.clone();
    let url = hit.url.clone();
    let title = hit.title.clone();
    let id = hit.id.clone();
    view! {
        <article class="ask-answer" data-id=id>
            <h3>{title}</h3>
            <p><Marked hit/></p>
            {quote.map(|quote| view! {
                <blockquote class="quote">
                    <p>{quote}</p>
                </blockquote>
            })}
            <p class="source">"出处：" {source} " · " <a href=url>"看原文这一节"</a></p>
        </article>
    }
}

#[component]
fn Passage(hit: SearchHit) -> impl IntoView {
    let source = hit.source.clone();
    let url = hit.url.clone();
    let title = hit.title.clone();
    let id = hit.id.clone();
    view! {
        <article class="ask-passage" data-id=id>
            <h3><a href=url>{title}</a></h3>
            <p><Marked hit/></p>
            <p class="source">"出处：" {source}</p>
        </article>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use std::cell::RefCell;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsValue;
    use web_sys::AbortController;

    use super::PAUSE_MS;
    use crate::model::search::SearchResults;

    thread_local! {
        /// The pending pause, the request under way, and the number of the newest query.
        static STATE: RefCell<(Option<TimeoutHandle>, Option<AbortController>, u64)> =
            const { RefCell::new((None, None, 0)) };
    }

    /// Asks for `value` once typing pauses, dropping whatever was asked before.
    pub fn schedule(
        value: String,
        results: RwSignal<Option<SearchResults>>,
        set_busy: WriteSignal<bool>,
    ) {
        let turn = STATE.with_borrow_mut(|(pause, request, turn)| {
            if let Some(pause) = pause.take() {
                pause.clear();
            }
            if let Some(request) = request.take() {
                request.abort();
            }
            *turn += 1;
            *turn
        });
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(ask(value, turn, results, set_busy));
            },
            Duration::from_millis(PAUSE_MS),
        );
        STATE.with_borrow_mut(|(pause, _, _)| *pause = handle.ok());
    }

    fn is_current(turn: u64) -> bool {
        STATE.with_borrow(|(_, _, newest)| *newest == turn)
    }

    async fn ask(
        value: String,
        turn: u64,
        results: RwSignal<Option<SearchResults>>,
        set_busy: WriteSignal<bool>,
    ) {
        let query = value.trim().to_string();
        follow_in_address_bar(&query);
        if query.is_empty() {
            results.set(None);
            set_busy.set(false);
            return;
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        STATE.with_borrow_mut(|(_, request, _)| *request = Some(controller));
        set_busy.set(true);
        let url = format!(
            "/api/v1/search?q={}",
            String::from(js_sys::encode_uri_component(&query))
        );
        let answer = match gloo_net::http::Request::get(&url)
            .abort_signal(Some(&signal))
            .send()
            .await
        {
            Ok(response) if response.ok() => response.json::<SearchResults>().await.ok(),
            _ => None,
        };
        if !is_current(turn) {
            return;
        }
        set_busy.set(false);
        // A failed request keeps what is shown; the form still submits the plain way.
        if let Some(answer) = answer {
            results.set(Some(answer));
        }
    }

    /// Puts the query in the address bar without adding a history entry per keystroke.
    fn follow_in_address_bar(query: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let url = if query.is_empty() {
            "/ask".to_string()
        } else {
            format!(
                "/ask?q={}",
                String::from(js_sys::encode_uri_component(query))
            )
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod live {
    use leptos::prelude::*;

    use crate::model::search::SearchResults;

    /// On the server nothing is typed; the form submits the plain way.
    pub fn schedule(
        _value: String,
        _results: RwSignal<Option<SearchResults>>,
        _set_busy: WriteSignal<bool>,
    ) {
    }
}
