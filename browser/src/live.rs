//! Results that follow typing, for the Q&A box (`/ask`) and the report form's village finder.
//! Each element marked `data-enhance="live"` holds a search input and a status line; its
//! `data-live` names the path answering `?q=` with HTML (drawn on the server by the same
//! components the page renders, escaped as every page is), `data-into` the element that HTML
//! replaces, and `data-address` (if any) the page whose address follows the query. Once
//! typing pauses ([`rules::live::PAUSE_MS`]) the server is asked with gloo-net; the request
//! still under way is aborted and only the answer to the newest query is shown. Without this
//! module both forms submit the plain way.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_net::http::Request;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Element, HtmlInputElement, RequestCredentials};

use crate::dom;

#[derive(Default)]
struct Turn {
    /// The pause timer running, if any.
    pause: Option<i32>,
    /// The request under way, if any.
    request: Option<AbortController>,
    /// Counts the queries typed; only the newest one's answer is shown.
    count: u32,
}

struct Live {
    input: HtmlInputElement,
    status: Element,
    endpoint: String,
    into: String,
    address: Option<String>,
    again: String,
    turn: RefCell<Turn>,
}

pub fn enhance() {
    let Some(document) = dom::document() else {
        return;
    };
    let Ok(roots) = document.query_selector_all("[data-enhance=\"live\"]") else {
        return;
    };
    for i in 0..roots.length() {
        if let Some(root) = roots.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            enhance_one(&root);
        }
    }
}

fn enhance_one(root: &Element) {
    let find = |selector: &str| root.query_selector(selector).ok().flatten();
    let (Some(input), Some(status), Some(endpoint), Some(into)) = (
        find("input[type=\"search\"]").and_then(|e| e.dyn_into::<HtmlInputElement>().ok()),
        find("[role=\"status\"]"),
        root.get_attribute("data-live"),
        root.get_attribute("data-into"),
    ) else {
        return;
    };
    let again = find("button[type=\"submit\"]")
        .and_then(|b| b.text_content())
        .map_or_else(|| "查询".to_string(), |t| t.trim().to_string());
    let live = Rc::new(Live {
        input: input.clone(),
        status,
        endpoint,
        into,
        address: root.get_attribute("data-address"),
        again,
        turn: RefCell::default(),
    });
    dom::listen(&input, "input", move |_| {
        let mine = {
            let mut turn = live.turn.borrow_mut();
            if let Some(timer) = turn.pause.take() {
                dom::cancel(timer);
            }
            if let Some(request) = turn.request.take() {
                request.abort();
            }
            turn.count += 1;
            turn.count
        };
        let query = live.input.value();
        let asking = live.clone();
        let timer = dom::later(rules::live::PAUSE_MS, move || {
            asking.turn.borrow_mut().pause = None;
            ask(&asking, &query, mine);
        });
        live.turn.borrow_mut().pause = timer;
    });
    let _ = root.set_attribute("data-ready", "true");
}

fn say(live: &Live, text: &str) {
    live.status.set_text_content(Some(text));
}

fn ask(live: &Rc<Live>, typed: &str, mine: u32) {
    let query = typed.trim().to_string();
    let encoded = String::from(js_sys::encode_uri_component(&query));
    if let (Some(address), Some(history)) = (
        &live.address,
        web_sys::window().and_then(|w| w.history().ok()),
    ) {
        // The address follows without adding a history entry per keystroke.
        let url = if query.is_empty() {
            address.clone()
        } else {
            format!("{address}?q={encoded}")
        };
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
    // No network on the Q&A page: the phone answers at once from its kept copy.
    #[cfg(feature = "ask")]
    if !crate::ask::online() && crate::ask::answer(&query) {
        return;
    }
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    live.turn.borrow_mut().request = controller;
    say(live, "正在查找…");
    let url = format!("{}?q={encoded}", live.endpoint);
    let live = live.clone();
    #[cfg(feature = "ask")]
    let query = query.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = async {
            let response = Request::get(&url)
                .credentials(RequestCredentials::SameOrigin)
                .abort_signal(signal.as_ref())
                .send()
                .await
                .map_err(|_| ())?;
            if !response.ok() {
                return Err(());
            }
            response.text().await.map_err(|_| ())
        }
        .await;
        let (current, aborted) = {
            let turn = live.turn.borrow();
            let aborted = signal.as_ref().is_some_and(web_sys::AbortSignal::aborted);
            (turn.count == mine, aborted)
        };
        if !current || aborted {
            return;
        }
        // The server cannot be reached: the phone answers from its kept copy if it can;
        // otherwise what is shown stays and the form still submits the plain way.
        let Ok(html) = answer else {
            #[cfg(feature = "ask")]
            if crate::ask::answer(&query) {
                return;
            }
            say(&live, &format!("暂时没有连上，请点“{}”再试。", live.again));
            return;
        };
        let Some(results) = dom::document().and_then(|d| d.get_element_by_id(&live.into)) else {
            return;
        };
        results.set_inner_html(&html);
        let status = results
            .first_element_child()
            .and_then(|first| first.get_attribute("data-status"))
            .unwrap_or_default();
        say(&live, &status);
    });
}
