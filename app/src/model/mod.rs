//! Wire types shared by the server and the pages, and the error codes users see.
//!
//! Everything here is plain data with no IO, so it compiles for the WebAssembly build too.

mod error;
mod overview;

pub use error::{ErrorCode, PortError};
pub use overview::{DocumentSummary, HomeOverview, LevelCount, SourceRef};
