//! Text as people type it.

/// Full-width digits and letters (ＡＢＣ１２３, typed by many Chinese input methods) as their
/// ASCII forms; the ideographic space as a space. Everything else is kept.
pub fn fold_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Text from a request without control characters: NUL, the other C0 and C1 controls and
/// DEL are dropped (PostgreSQL refuses NUL in text, and none of them is ever typed on
/// purpose); tab and line breaks stay.
pub fn clean_text(raw: &str) -> String {
    raw.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || !c.is_control())
        .collect()
}
