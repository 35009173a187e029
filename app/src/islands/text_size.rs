use leptos::prelude::*;

/// The large-text switch. Without scripts it is a plain form: the server sets the
/// `text_size` cookie and sends the reader back. As an island it switches at once, without
/// a round trip, and sets the same cookie so the next page is rendered at the same size.
#[island]
pub fn TextSizeToggle(
    /// Whether large text is on when the page is rendered.
    large: bool,
    /// The path to return to after the plain form is submitted.
    back: String,
) -> impl IntoView {
    let (large, set_large) = signal(large);
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser: this marks the island as live for tests and styles.
    Effect::new(move |_| set_hydrated.set(true));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = !large.get_untracked();
        apply_text_size(next);
        set_large.set(next);
    };
    view! {
        <form
            class="text-size"
            method="post"
            action="/settings/text-size"
            on:submit=on_submit
            data-hydrated=move || hydrated.get().then_some("true")
        >
            <input type="hidden" name="size" value=move || if large.get() { "normal" } else { "large" }/>
            <input type="hidden" name="back" value=back/>
            <button type="submit">{move || if large.get() { "标准字号" } else { "大字" }}</button>
        </form>
    }
}

/// Switches the class on `<html>` and remembers the choice in the cookie the server reads.
#[cfg(feature = "hydrate")]
fn apply_text_size(large: bool) {
    use wasm_bindgen::JsCast;
    let document = document();
    if let Some(root) = document.document_element() {
        let classes = root.class_list();
        let _ = if large {
            classes.add_1("text-large")
        } else {
            classes.remove_1("text-large")
        };
    }
    if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
        let _ = html.set_cookie(&crate::prefs::text_size_cookie(large));
    }
}

#[cfg(not(feature = "hydrate"))]
fn apply_text_size(_large: bool) {}
