//! Results that follow typing: once typing pauses, the server is asked for the results as
//! HTML (drawn by the same components the page renders, escaped as every page is), which
//! replace the results element; the request still under way is aborted, and only the answer
//! to the newest query is shown. Used by the Q&A box and the village finder; without
//! scripts both forms submit the plain way.

/// How long typing must pause before asking, in milliseconds.
pub const PAUSE_MS: u64 = 250;

/// Where to ask and where the answer goes.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    /// The path answering `?q=` with HTML.
    pub endpoint: &'static str,
    /// The id of the element the results replace.
    pub results_id: &'static str,
    /// The page whose address follows the query (`/ask?q=…`), if any.
    pub address: Option<&'static str>,
}

#[cfg(feature = "hydrate")]
pub use browser::schedule;

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsValue;
    use web_sys::AbortController;

    use super::{Ask, PAUSE_MS};

    thread_local! {
        /// The pending pause, the request under way, and the number of the newest query.
        static STATE: RefCell<(Option<TimeoutHandle>, Option<AbortController>, u64)> =
            const { RefCell::new((None, None, 0)) };
    }

    /// Asks for `value` once typing pauses, dropping whatever was asked before.
    pub fn schedule(ask: Ask, value: String, status: RwSignal<String>) {
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
            move || leptos::task::spawn_local(fetch(ask, value, turn, status)),
            Duration::from_millis(PAUSE_MS),
        );
        STATE.with_borrow_mut(|(pause, _, _)| *pause = handle.ok());
    }

    fn is_current(turn: u64) -> bool {
        STATE.with_borrow(|(_, _, newest)| *newest == turn)
    }

    fn encoded(query: &str) -> String {
        String::from(js_sys::encode_uri_component(query))
    }

    async fn fetch(ask: Ask, value: String, turn: u64, status: RwSignal<String>) {
        let query = value.trim().to_string();
        if let Some(page) = ask.address {
            follow_in_address_bar(page, &query);
        }
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        STATE.with_borrow_mut(|(_, request, _)| *request = Some(controller));
        status.set("正在查找…".to_string());
        let url = format!("{}?q={}", ask.endpoint, encoded(&query));
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
            .and_then(|d| d.get_element_by_id(ask.results_id))
        else {
            return;
        };
        results.set_inner_html(&html);
        let said = results
            .first_element_child()
            .and_then(|first| first.get_attribute("data-status"))
            .unwrap_or_default();
        status.set(said);
    }

    /// Puts the query in the address bar without adding a history entry per keystroke.
    fn follow_in_address_bar(page: &str, query: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let url = if query.is_empty() {
            page.to_string()
        } else {
            format!("{page}?q={}", encoded(query))
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}

/// On the server nothing is typed; the forms submit the plain way.
#[cfg(not(feature = "hydrate"))]
pub fn schedule(_ask: Ask, _value: String, _status: leptos::prelude::RwSignal<String>) {}
