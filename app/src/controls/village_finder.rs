//! The village finder of the report form: typing two or more characters — 汉字, full pinyin
//! or pinyin initials (`llq` → 老里旗村) — lists matching villages with their township and
//! county. The matches are drawn on the server (`/report/villages?q=…`), each a button of
//! the form that chooses that village; `/live.js` asks for them while the reader types.
//! Without scripts the 查找 button (or Enter) asks the server, which draws the same matches.

use leptos::prelude::*;

/// The id of the element the matches are drawn into (rendered by the form, outside the
/// finder).
pub const MATCHES_ID: &str = "village-matches";

/// The finder's input, its button and a status line.
#[component]
pub fn VillageFinder(query: String) -> impl IntoView {
    view! {
        <div class="village-find" data-enhance="live" data-live="/report/villages" data-into=MATCHES_ID>
            <label for="f-vq">"输入村名查找"</label>
            <p class="hint" id="f-vq-hint">"村名中的两个字，或拼音、拼音首字母，如“老里旗”“llq”"</p>
            <div class="ask-row">
                <input id="f-vq" name="vq" type="search" value=query maxlength="30"
                    autocomplete="off" enterkeyhint="search" aria-describedby="f-vq-hint"
                    aria-controls=MATCHES_ID/>
                <button type="submit" formaction="/report/pick" formmethod="post" formnovalidate>"查找"</button>
            </div>
            <p class="ask-status" role="status"></p>
        </div>
    }
}
