//! The five places the documents come from: kept in the lookup's portable core
//! (`answers::places`), which reads them in questions on both sides.

pub use answers::places::*;
