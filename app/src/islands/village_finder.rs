//! The village finder of the report form: typing two or more characters — 汉字, full pinyin
//! or pinyin initials (`llq` → 老里旗村) — lists matching villages with their township and
//! county. The matches are drawn on the server (`/report/villages?q=…`), each a button of
//! the form that chooses that village, so the WebAssembly holds no village data. Without
//! scripts the 查找 button (or Enter) asks the server, which draws the same matches.

use leptos::prelude::*;

/// The id of the element the matches are drawn into (rendered by the form, outside the
/// island).
pub const MATCHES_ID: &str = "village-matches";

/// The finder's input, its button and a status line.
#[island(lazy)]
pub fn VillageFinder(query: String) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser: this marks the island as live for tests.
    Effect::new(move |_| set_hydrated.set(true));
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        super::live::schedule(
            super::live::Ask {
                endpoint: "/report/villages",
                results_id: MATCHES_ID,
                address: None,
            },
            value,
            status,
        );
    };
    view! {
        <div class="village-find" data-hydrated=move || hydrated.get().then_some("true")>
            <label for="f-vq">"输入村名查找"</label>
            <p class="hint" id="f-vq-hint">"村名中的两个字，或拼音、拼音首字母，如“老里旗”“llq”"</p>
            <div class="ask-row">
                <input id="f-vq" name="vq" type="search" value=query maxlength="30"
                    autocomplete="off" enterkeyhint="search" aria-describedby="f-vq-hint"
                    aria-controls=MATCHES_ID on:input=on_input/>
                <button type="submit" formaction="/report/pick" formmethod="post" formnovalidate>"查找"</button>
            </div>
            <p class="ask-status" role="status">{move || status.get()}</p>
        </div>
    }
}
