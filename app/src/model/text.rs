//! Text as people type it.

pub use rules::text::fold_width;
