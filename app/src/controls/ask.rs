//! The policy Q&A box: a plain GET form to `/ask` that, once `/live.js` has loaded, answers
//! as the reader types. Each keystroke waits for a pause, aborts the request still under
//! way, and asks the server for the results as HTML (`/ask/results?q=…`, the same
//! components the page renders), which replace the results on the page; only the answer to
//! the newest query is shown, a status line says what was found, and the address bar
//! follows (`/ask?q=…`), so the view can be shared or reloaded.

use leptos::prelude::*;

use crate::model::search::MAX_QUERY_CHARS;

/// The id of the element the results are drawn into.
pub const RESULTS_ID: &str = "ask-results";

/// The form and a status line. Without scripts the form submits and the server renders the
/// results below it.
#[component]
pub fn AskBox(query: String, status: String) -> impl IntoView {
    view! {
        <form class="ask-form" method="get" action="/ask" role="search"
            data-enhance="live" data-live="/ask/results" data-into=RESULTS_ID data-address="/ask"
            data-offline="/ask/offline.json">
            <label for="ask-q">"您想问什么？"</label>
            <p class="hint" id="ask-q-hint">"用自己的话问就行，比如“看病能报多少”“房子漏雨能不能修”。"</p>
            <div class="ask-row">
                <input id="ask-q" name="q" type="search" value=query
                    maxlength=MAX_QUERY_CHARS.to_string()
                    autocomplete="off" enterkeyhint="search"
                    aria-describedby="ask-q-hint"/>
                <button type="submit">"查询"</button>
            </div>
            <p class="ask-status" role="status">{status}</p>
        </form>
    }
}
