//! The parts of pages that answer at once when scripts run: the Q&A box and the village
//! finder (results while typing), the report form's checks, an industry chart's controls
//! (redrawn in place) — made live by the portal's WebAssembly (`browser/`, the same Rust the
//! server runs) — and the report form's draft (the plain script `/draft.js`). Each is
//! server-rendered HTML that works as a plain form without scripts; what makes it live marks
//! it `data-ready="true"` (see [`crate::page_scripts`] and [`crate::page_wasm`]). No Leptos
//! islands: their runtime alone weighs more than a page's whole script budget
//! (ARCHITECTURE.md, page weight).

pub mod ask;
pub mod chart;
pub mod report_draft;
pub mod village_finder;

/// How long typing must pause before the live results are asked for, in milliseconds (the
/// browser's WebAssembly waits as long).
pub use rules::live::PAUSE_MS;

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain scripts use the names and numbers the components and the server use.
    #[test]
    fn the_scripts_know_the_names_the_pages_use() {
        let draft = include_str!("../../../public/draft.js");
        assert!(draft.contains(&format!("'{}'", report_draft::DRAFT_KEY)));
        assert!(draft.contains(&format!("'{}'", report_draft::SAVED_AT)));
        for name in report_draft::NOT_KEPT {
            assert!(draft.contains(&format!("'{name}'")), "{name}");
        }
        assert!(draft.contains("DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000"));
        // A report sent later from the queue deletes the same draft.
        let offline = include_str!("../../../public/offline.js");
        assert!(offline.contains(&format!("'{}'", report_draft::DRAFT_KEY)));
    }
}
