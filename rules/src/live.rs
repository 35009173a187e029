//! Results that follow typing (the Q&A box, the report form's village finder): what the
//! server's components and the browser's WebAssembly agree on.

/// How long typing must pause before the live results are asked for, in milliseconds.
pub const PAUSE_MS: u32 = 250;
