//! Wire types shared by the server and the pages, and the error codes users see.
//!
//! Everything here is plain data with no IO, so it compiles for the WebAssembly build too.

pub mod content;
pub mod divisions;
mod documents;
mod error;
pub mod help;
pub mod indicators;
pub mod industries;
pub mod measures;
pub mod open_data;
mod overview;
pub mod pilots;
pub mod places;
pub mod promise;
pub mod qa;
pub mod regions;
pub mod report;
mod risk_bases;
pub mod search;
mod site;
pub mod staff;
pub mod targets;
mod text;
pub mod workflow;

pub use documents::{
    chapter_href, chapters, section_href, Chapter, DocumentDetail, DocumentSection, RelatedDocument,
};
pub use error::{ErrorCode, PortError};
pub use overview::{DocumentSummary, HomeOverview, LevelCount, SourceRef};
pub use pilots::{PilotDetail, PilotPage, PilotQuery, PilotSummary};
pub use regions::RegionsOverview;
pub use site::SiteSettings;

pub use rules::text::clean_text;

/// The longest id, slug or receipt a request may name; anything longer names nothing.
pub const MAX_ID_CHARS: usize = 64;

/// An id from a request, as long as it could name something; `NotFound` otherwise.
pub fn checked_id(id: &str) -> Result<String, PortError> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS || id.chars().any(char::is_control) {
        Err(PortError::not_found("an id no record has"))
    } else {
        Ok(id.to_string())
    }
}
