//! Small helpers over web-sys.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Event, EventTarget};
#[cfg(any(feature = "forms", feature = "chart"))]
use web_sys::{Element, FormData, HtmlFormElement, UrlSearchParams};

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Calls `handler` on every `kind` event at `target`, for the life of the page.
pub fn listen(target: &EventTarget, kind: &str, handler: impl FnMut(Event) + 'static) {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    // A page's listeners live as long as the page: the closure is handed to the browser.
    if target
        .add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())
        .is_ok()
    {
        closure.forget();
    }
}

/// Runs `work` once, `millis` from now; the timer's handle, to cancel it.
#[cfg(any(feature = "forms", feature = "ask"))]
pub fn later(millis: u32, work: impl FnOnce() + 'static) -> Option<i32> {
    let window = web_sys::window()?;
    let callback = Closure::once_into_js(work);
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.unchecked_ref(),
            i32::try_from(millis).unwrap_or(i32::MAX),
        )
        .ok()
}

#[cfg(any(feature = "forms", feature = "ask"))]
pub fn cancel(timer: i32) {
    if let Some(window) = web_sys::window() {
        window.clear_timeout_with_handle(timer);
    }
}

/// A new element with a class.
#[cfg(feature = "forms")]
pub fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    Some(element)
}

/// The element an event happened at.
#[cfg(any(feature = "forms", feature = "chart"))]
pub fn target_element(event: &Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// The form as the browser would send it (`application/x-www-form-urlencoded`).
#[cfg(any(feature = "forms", feature = "chart"))]
pub fn body_of(form: &HtmlFormElement) -> Option<String> {
    let data = FormData::new_with_form(form).ok()?;
    let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    Some(String::from(params.to_string()))
}

/// GET `url` of this site (its cookies sent): the response when it is a success.
#[cfg(any(feature = "chart", feature = "ask"))]
pub async fn fetch_ok(url: &str) -> Option<gloo_net::http::Response> {
    let response = gloo_net::http::Request::get(url)
        .credentials(web_sys::RequestCredentials::SameOrigin)
        .send()
        .await
        .ok()?;
    response.ok().then_some(response)
}
