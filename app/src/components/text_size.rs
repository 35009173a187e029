use leptos::prelude::*;

/// The large-text switch: a plain form. Without scripts the server sets the `text_size`
/// cookie and sends the reader back; with them, the plain script `/site.js` (loaded by
/// every page, no WebAssembly) switches at once and sets the same cookie
/// ([`crate::prefs::text_size_cookie`] is the one format both write).
#[component]
pub fn TextSizeToggle(
    /// Whether large text is on when the page is rendered.
    large: bool,
    /// The path to return to after the plain form is submitted.
    back: String,
) -> impl IntoView {
    view! {
        <form class="text-size" method="post" action="/settings/text-size">
            <input type="hidden" name="size" value=if large { "normal" } else { "large" }/>
            <input type="hidden" name="back" value=back/>
            <button type="submit">{if large { "标准字号" } else { "大字" }}</button>
        </form>
    }
}
