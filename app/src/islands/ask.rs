//! The policy Q&A box: a plain GET form to `/ask` that, once its script has loaded, answers
//! as the reader types. Each keystroke waits for a pause, aborts the request still under
//! way, and asks the server for the results as HTML (`/ask/results?q=…`, the same
//! components the page renders), which replace the results on the page; only the answer to
//! the newest query is shown, a status line says what was found, and the address bar
//! follows (`/ask?q=…`), so the view can be shared or reloaded. The results themselves are
//! not part of the WebAssembly: they are drawn on the server.

use leptos::prelude::*;

use crate::model::search::MAX_QUERY_CHARS;

/// The id of the element the results are drawn into.
pub const RESULTS_ID: &str = "ask-results";

/// The form and a status line. Without scripts the form submits and the server renders the
/// results below it.
#[island(lazy)]
pub fn AskBox(query: String, status: String) -> impl IntoView {
    let status = RwSignal::new(status);
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        super::live::schedule(
            super::live::Ask {
                endpoint: "/ask/results",
                results_id: RESULTS_ID,
                address: Some("/ask"),
            },
            value,
            status,
        );
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
