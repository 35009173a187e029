//! The shape of the official division codes (2023, 12 digits for a village).

/// Whether `code` has the shape of a village code (12 digits).
pub fn is_village_code(code: &str) -> bool {
    code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `code` has the shape of any division code (2, 4, 6, 9 or 12 digits).
pub fn is_division_code(code: &str) -> bool {
    matches!(code.len(), 2 | 4 | 6 | 9 | 12) && code.bytes().all(|b| b.is_ascii_digit())
}
