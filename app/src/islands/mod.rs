//! The only components that ship WebAssembly. Keep them small: each one must also work as
//! plain HTML when its page does not load the scripts or JavaScript is off.

pub mod ask;
pub mod chart;
pub mod live;
pub mod report_draft;
pub mod village_finder;
