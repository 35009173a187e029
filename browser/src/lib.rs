//! The portal's WebAssembly: the parts of three pages that answer in the browser, compiled
//! from the same Rust the server runs, loaded at the reader's first action once the page has
//! loaded (`public/wasm.js`) and never needed for a page to work. Three modules are built from
//! this crate, each page loading only its own (`app::page_wasm`):
//!
//! - `forms` (`portal.wasm`):
//!   - the report form (`/report`) checks itself with the server's own rules
//!     ([`rules::report::validate_report`]): a field's message appears beside it as it is
//!     left, and a report the rules refuse is never sent, so never queued on a phone without
//!     a network (`form`);
//!   - the form's village finder shows results while typing, asked of the server with
//!     gloo-net (`live`).
//! - `ask` (`ask.wasm`): the Q&A box (`/ask`) shows results while typing (`live`), and
//!   without a network answers from the curated answers kept on the phone, ranked by the
//!   server's own code ([`answers::book::Shelf`], `ask`).
//! - `chart` (`chart.wasm`): an industry's chart (`/industries/<slug>`) is redrawn in place
//!   when its controls change, by the server's own chart code (`series`: the state, plotters'
//!   SVG, the table) from the measures' JSON (`chart`).
//!
//! The page without it: the form posts and the server answers with the same messages; the
//! boxes and the chart's controls submit as plain GET forms.

use wasm_bindgen::prelude::*;

#[cfg(feature = "ask")]
mod ask;
#[cfg(feature = "chart")]
mod chart;
mod dom;
#[cfg(feature = "forms")]
mod form;
#[cfg(any(feature = "forms", feature = "ask"))]
mod live;

/// Runs when the module is instantiated: makes the page's parts live.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "forms")]
    form::enhance();
    #[cfg(any(feature = "forms", feature = "ask"))]
    live::enhance();
    #[cfg(feature = "ask")]
    ask::enhance();
    #[cfg(feature = "chart")]
    chart::enhance();
}

/// The problems the server's rules find in a report form as it would be posted
/// (`application/x-www-form-urlencoded`), as `[{field, anchor, message}]` in the form's
/// order, today being China's date on this phone's clock; `[]` when it would be accepted.
#[cfg(feature = "forms")]
#[wasm_bindgen(js_name = checkReport)]
pub fn check_report(body: &str) -> JsValue {
    let problems: Vec<form::Problem> = form::problems(body).iter().map(form::Problem::of).collect();
    serde_wasm_bindgen::to_value(&problems).unwrap_or(JsValue::NULL)
}
