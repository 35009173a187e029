//! The policy Q&A box: a plain GET form to `/ask` that, once its script has loaded, answers
//! as the reader types. Each keystroke waits for a pause, aborts the request still under
//! way, and asks the server for the results as HTML (`/ask/results?q=…`, the same
//! components the page renders), which replace the results on the page; only the answer to
//! the newest query is shown, a status line says what was found, and the address bar
//! follows (`/ask?q=…`), so the view can be shared or reloaded. The results themselves are
//! not part of the WebAssembly: they are drawn on the server.

use leptos::prelude::*;

use crate::model::search::MAX_QUERY_CHARS;

/// How long typing must pause before the box asks, in milliseconds.
pub const PAUSE_MS: u64 = 250;

/// The id of the element the results are drawn into.
pub const RESULTS_ID: &str = "ask-results";

/// The form and a status line. Without scripts the form submits and the server renders the
/// results below it.
#[island]
pub fn AskBox(query: String, status: String) -> impl IntoView {
    let status = RwSignal::new(status);
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        live::schedule(value, status);
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
        <p class="ask-status" role="status">{move || status.get()}</p>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use std::cell::RefCell;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsValue;
    use web_sys::AbortController;

    use super::{PAUSE_MS, RESULTS_ID};

    thread_local! {
        /// The pending pause, the request under way, and the number of the newest query.
        static STATE: RefCell<(Option<TimeoutHandle>, Option<AbortController>, u64)> =
            const { RefCell::new((None, None, 0)) };
    }

    /// Asks for `value` once typing pauses, dropping whatever was asked before.
    pub fn schedule(value: String, status: RwSignal<String>) {
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
            move || leptos::task::spawn_local(ask(value, turn, status)),
            Duration::from_millis(PAUSE_MS),
        );
        STATE.with_borrow_mut(|(pause, _, _)| *pause = handle.ok());
    }

    fn is_current(turn: u64) -> bool {
        STATE.with_borrow(|(_, _, newest)| *newest == turn)
    }

    async fn ask(value: String, turn: u64, status: RwSignal<String>) {
        let query = value.trim().to_string();
        follow_in_address_bar(&query);
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        STATE.with_borrow_mut(|(_, request, _)| *request = Some(controller));
        status.set("正在查找…".to_string());
        let url = format!(
            "/ask/results?q={}",
            String::from(js_sys::encode_uri_component(&query))
        );
        let answer = match gloo_net::http::Request::get(&url)
            .abort_signal(Some(&signal))
            .send()
            .await
        {
            Ok(response) if response.ok() => response.text().await.ok(),
            _ => None,
        };
        if !is_current(turn) {
            return;
        }
        let Some(html) = answer else {
            // What is shown stays; the form still submits the plain way.
            status.set("暂时没有连上，请点“查询”再试。".to_string());
            return;
        };
        let Some(results) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(RESULTS_ID))
        else {
            return;
        };
        // The server's own rendering of the results, escaped as every page is.
        results.set_inner_html(&html);
        let said = results
            .first_element_child()
            .and_then(|first| first.get_attribute("data-status"))
            .unwrap_or_default();
        status.set(said);
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

    /// On the server nothing is typed; the form submits the plain way.
    pub fn schedule(_value: String, _status: RwSignal<String>) {}
}
