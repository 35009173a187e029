//! What every file the portal writes for spreadsheets shares: cells that a spreadsheet
//! would run as a formula are made text, and CSV starts with a byte-order mark so Excel and
//! WPS read the Chinese.

use std::borrow::Cow;

/// A cell as written: one that starts with `=`, `+`, `-` or `@` (or a tab or carriage
/// return, which some spreadsheets skip before such a sign) gets a leading `'`, so a
/// spreadsheet shows it as text instead of running it. Numbers (`-5`, `+3.2`) stay numbers.
pub fn safe_cell(value: &str) -> Cow<'_, str> {
    let risky = value
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && value.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A CSV file for people and spreadsheets: a UTF-8 byte-order mark, then rows of safe cells.
pub struct SafeCsv {
    writer: csv::Writer<Vec<u8>>,
}

impl Default for SafeCsv {
    fn default() -> Self {
        Self::new()
    }
}

impl SafeCsv {
    pub fn new() -> Self {
        Self {
            writer: csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes())),
        }
    }

    /// Writes one row, every cell through [`safe_cell`].
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<(), csv::Error> {
        self.writer
            .write_record(cells.into_iter().map(|c| safe_cell(c).into_owned()))
    }

    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.writer.into_inner().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("+86 138"), "'+86 138");
        assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_cell("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
        assert_eq!(safe_cell("\t=1+1"), "'\t=1+1");
        assert_eq!(safe_cell("-5"), "-5");
        assert_eq!(safe_cell("+3.2"), "+3.2");
        assert_eq!(safe_cell("88.8"), "88.8");
        assert_eq!(safe_cell("全州"), "全州");
        assert_eq!(safe_cell(""), "");
        let mut csv = SafeCsv::new();
        csv.row(["a", "=1"]).unwrap();
        let bytes = csv.finish().unwrap();
        assert_eq!(bytes, "\u{feff}a,'=1\n".as_bytes());
    }
}
