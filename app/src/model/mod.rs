//! Wire types shared by the server and the pages, and the error codes users see.
//!
//! Everything here is plain data with no IO, so it compiles for the WebAssembly build too.

pub mod content;
mod documents;
mod error;
pub mod indicators;
pub mod industries;
mod overview;
pub mod pilots;
pub mod regions;
pub mod report;
pub mod search;
mod site;
pub mod staff;

pub use documents::{DocumentDetail, DocumentSection, RelatedDocument};
pub use error::{ErrorCode, PortError};
pub use overview::{DocumentSummary, HomeOverview, LevelCount, SourceRef};
pub use pilots::{PilotDetail, PilotPage, PilotQuery, PilotSummary};
pub use regions::RegionsOverview;
pub use site::SiteSettings;
