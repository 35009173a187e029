//! Keeping a draft of the self-report form on the device, so a reload or a lost connection
//! does not cost the household what it typed (`/draft.js`). The ID number and the phone are
//! never kept; the draft is deleted when the receipt page is shown, and a draft older than a
//! day is deleted on every page by `/site.js` (phones are often shared in a family).

use leptos::prelude::*;

/// The `localStorage` key of the draft.
pub const DRAFT_KEY: &str = "portal-report-draft";
/// Fields never written to the device: the ID number, the phone, and the form's own tokens.
pub const NOT_KEPT: [&str; 5] = ["id_number", "phone", "token", "csrf", "website"];
/// The draft's own field: when it was saved, in milliseconds since 1970.
pub const SAVED_AT: &str = "_saved_at";
/// A draft older than this is dropped instead of restored.
pub const DRAFT_LIFETIME_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// The status line of the draft kept for `#report-form`: `/draft.js` restores the draft into
/// an untouched form, saves it on every change and says so here. Without scripts it stays
/// empty and nothing is kept.
#[component]
pub fn DraftKeeper() -> impl IntoView {
    view! { <p class="draft-status" role="status" data-enhance="draft-keep"></p> }
}

/// Marks the receipt page, which is shown only after success: `/draft.js` deletes the draft
/// there.
#[component]
pub fn ClearDraft() -> impl IntoView {
    view! { <span class="draft-cleared" data-enhance="draft-clear"></span> }
}
