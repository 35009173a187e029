//! The rules the portal runs on both sides: one implementation of each, compiled into the
//! server (through `app`, which re-exports them where the pages and the server have always
//! found them: `app::model::report`, `app::model::text`, `app::model::divisions`) and into
//! the browser's WebAssembly (`browser/`), which checks the report form with them as it is
//! filled in and before a report is sent or queued on the phone.
//!
//! Nothing here does IO, knows a framework or reads a clock: `today` is passed in.

pub mod divisions;
pub mod live;
pub mod report;
pub mod text;
