//! Keeping a draft of the self-report form on the device, so a reload or a lost connection
//! does not cost the household what it typed. The ID number and the phone are never kept;
//! the draft is cleared when the receipt page is shown, and a draft older than a day is
//! deleted on every page by the plain script `/site.js` (phones are often shared in a
//! family).

use leptos::prelude::*;

/// The `localStorage` key of the draft.
pub const DRAFT_KEY: &str = "portal-report-draft";
/// Fields never written to the device: the ID number, the phone, and the form's own tokens.
pub const NOT_KEPT: [&str; 5] = ["id_number", "phone", "token", "csrf", "website"];
/// The draft's own field: when it was saved, in milliseconds since 1970.
pub const SAVED_AT: &str = "_saved_at";
/// A draft older than this is dropped instead of restored.
pub const DRAFT_LIFETIME_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// Saves the form `#report-form` on every change and restores it into an untouched form.
/// Without scripts it renders an empty status line and nothing else happens.
#[island(lazy)]
pub fn DraftKeeper() -> impl IntoView {
    let (message, set_message) = signal(String::new());
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| {
        if browser::restore() {
            set_message.set("已恢复您上次没有提交的内容（身份证号和手机号需要重新填写）。".into());
        }
        browser::keep_saving(move || {
            set_message.set("草稿已保存在本机，提交成功后自动删除。".into());
        });
        set_hydrated.set(true);
    });
    view! {
        <p class="draft-status" role="status" data-hydrated=move || hydrated.get().then_some("true")>
            {move || message.get()}
        </p>
    }
}

/// Deletes the draft; placed on the receipt page, which is shown only after success.
#[island(lazy)]
pub fn ClearDraft() -> impl IntoView {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| {
        browser::clear();
        set_hydrated.set(true);
    });
    view! { <span class="draft-cleared" data-hydrated=move || hydrated.get().then_some("true")></span> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{
        HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Storage,
    };

    use super::{DRAFT_KEY, DRAFT_LIFETIME_MS, NOT_KEPT, SAVED_AT};

    fn storage() -> Option<Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn form() -> Option<HtmlFormElement> {
        web_sys::window()?
            .document()?
            .get_element_by_id("report-form")?
            .dyn_into()
            .ok()
    }

    /// The controls of the form that a draft covers, with their names.
    enum Control {
        Text(HtmlInputElement),
        Choice(HtmlInputElement),
        Area(HtmlTextAreaElement),
        Select(HtmlSelectElement),
    }

    fn controls(form: &HtmlFormElement) -> Vec<(String, Control)> {
        let elements = form.elements();
        let mut out = Vec::new();
        for i in 0..elements.length() {
            let Some(element) = elements.item(i) else {
                continue;
            };
            let control = if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                match input.type_().as_str() {
                    "checkbox" | "radio" => Control::Choice(input.clone()),
                    "hidden" | "submit" => continue,
                    _ => Control::Text(input.clone()),
                }
            } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
                Control::Area(area.clone())
            } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
                Control::Select(select.clone())
            } else {
                continue;
            };
            let name = element.get_attribute("name").unwrap_or_default();
            if !name.is_empty() && !NOT_KEPT.contains(&name.as_str()) {
                out.push((name, control));
            }
        }
        out
    }

    fn save(form: &HtmlFormElement) {
        let mut draft = form_urlencoded::Serializer::new(String::new());
        draft.append_pair(SAVED_AT, &js_sys::Date::now().to_string());
        for (name, control) in controls(form) {
            match control {
                Control::Text(input) => {
                    draft.append_pair(&name, &input.value());
                }
                Control::Choice(input) => {
                    if input.checked() {
                        draft.append_pair(&name, &input.value());
                    }
                }
                Control::Area(area) => {
                    draft.append_pair(&name, &area.value());
                }
                Control::Select(select) => {
                    draft.append_pair(&name, &select.value());
                }
            }
        }
        if let Some(storage) = storage() {
            let _ = storage.set_item(DRAFT_KEY, &draft.finish());
        }
    }

    /// Fills an untouched form from the draft. A form the server filled (a submission shown
    /// again) is left as it is: its values are the newest.
    pub fn restore() -> bool {
        let (Some(form), Some(storage)) = (form(), storage()) else {
            return false;
        };
        let Some(saved) = storage.get_item(DRAFT_KEY).ok().flatten() else {
            return false;
        };
        let controls = controls(&form);
        let touched = controls.iter().any(|(_, control)| match control {
            Control::Text(input) => !input.value().is_empty(),
            Control::Choice(input) => input.checked(),
            Control::Area(area) => !area.value().is_empty(),
            Control::Select(select) => !select.value().is_empty(),
        });
        if touched {
            return false;
        }
        let pairs: Vec<(String, String)> = form_urlencoded::parse(saved.as_bytes())
            .into_owned()
            .collect();
        let saved_at = pairs
            .iter()
            .find(|(k, _)| k == SAVED_AT)
            .and_then(|(_, v)| v.parse::<f64>().ok());
        if !saved_at.is_some_and(|at| js_sys::Date::now() - at < DRAFT_LIFETIME_MS) {
            let _ = storage.remove_item(DRAFT_KEY);
            return false;
        }
        let value_of = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let mut restored = false;
        for (name, control) in controls {
            match control {
                Control::Text(input) => {
                    if let Some(value) = value_of(&name).filter(|v| !v.is_empty()) {
                        input.set_value(&value);
                        restored = true;
                    }
                }
                Control::Choice(input) => {
                    let on = pairs.iter().any(|(k, v)| *k == name && *v == input.value());
                    input.set_checked(on);
                    restored |= on;
                }
                Control::Area(area) => {
                    if let Some(value) = value_of(&name).filter(|v| !v.is_empty()) {
                        area.set_value(&value);
                        restored = true;
                    }
                }
                Control::Select(select) => {
                    if let Some(value) = value_of(&name).filter(|v| !v.is_empty()) {
                        select.set_value(&value);
                        restored = true;
                    }
                }
            }
        }
        restored
    }

    /// Saves on every keystroke and choice.
    pub fn keep_saving(on_save: impl Fn() + 'static) {
        let Some(form) = form() else { return };
        let target = form.clone();
        let handler = Closure::<dyn Fn()>::new(move || {
            save(&target);
            on_save();
        });
        let _ = form.add_event_listener_with_callback("input", handler.as_ref().unchecked_ref());
        let _ = form.add_event_listener_with_callback("change", handler.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        handler.forget();
    }

    pub fn clear() {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(DRAFT_KEY);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn restore() -> bool {
        false
    }
    pub fn keep_saving(_on_save: impl Fn() + 'static) {}
    pub fn clear() {}
}
