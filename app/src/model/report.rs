//! The 防贫申报 self-report: what the form sends, the rules it must meet (the same code runs
//! on the server and may run in the browser), receipt codes, and what the receipt and status
//! pages show. No IO here.

use serde::{Deserialize, Serialize};

pub use super::risk_bases::{risk_basis, RiskBasis, RISK_BASES};
pub use super::workflow::Stage;

pub use rules::report::*;

pub use super::text::fold_width;

/// What happened to a submitted report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Submission {
    /// Stored now, or stored before from the same form with the same content: its receipt.
    Stored(String),
    /// The form's token was already used for a different report (a shared phone, the Back
    /// button): nothing stored; the form must come back with a fresh token.
    TokenUsed,
}

/// What a status look-up found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusAnswer {
    Found(Box<StatusView>),
    /// No such receipt, or the phone tail does not match: the same answer for both.
    NotFound,
    /// Too many wrong phone tails for this receipt lately: no look-up for a while.
    Locked,
}

/// The receipt alphabet: digits and capitals without the look-alikes 0/O, 1/I/L, 2/Z, 5/S,
/// 8/B, U/V, so a code read aloud over the phone is not misheard or mistyped.
pub const RECEIPT_ALPHABET: &[u8; 23] = b"34679ACDEFGHJKMNPQRTWXY";
/// Characters in a receipt code.
pub const RECEIPT_LEN: usize = 8;

/// A receipt code from random bytes (one byte per character; rejection keeps it uniform).
pub fn receipt_from_random(bytes: &[u8]) -> Option<String> {
    let n = RECEIPT_ALPHABET.len();
    let limit = 256 - (256 % n);
    let code: String = bytes
        .iter()
        .filter(|b| usize::from(**b) < limit)
        .take(RECEIPT_LEN)
        .map(|b| char::from(RECEIPT_ALPHABET[usize::from(*b) % n]))
        .collect();
    (code.len() == RECEIPT_LEN).then_some(code)
}

/// Normalises a typed receipt code: upper case, spaces and dashes dropped. `None` when it
/// cannot be a receipt code at all.
pub fn normalise_receipt(input: &str) -> Option<String> {
    let code: String = fold_width(input)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == RECEIPT_LEN && code.bytes().all(|b| RECEIPT_ALPHABET.contains(&b)))
        .then_some(code)
}

/// A receipt code as shown: two groups of four, easy to read aloud.
pub fn format_receipt(code: &str) -> String {
    if code.len() == RECEIPT_LEN && code.is_ascii() {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code.to_string()
    }
}

pub use super::promise::{Deadline, Promise};

/// The receipt page: nothing personal but the masked ID number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptView {
    pub receipt: String,
    pub village_name: String,
    /// `YYYY-MM-DD` (China time).
    pub submitted_on: String,
    pub id_masked: String,
    pub promise: Promise,
}

/// One step a case went through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusStep {
    pub stage: Stage,
    /// `YYYY-MM-DD`.
    pub on: String,
}

/// What the status page shows: the stage and the dates, nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusView {
    pub receipt: String,
    pub stage: Stage,
    /// Why the county declined, when it did (the reason it recorded); empty otherwise.
    #[serde(default)]
    pub decline_reason: String,
    pub steps: Vec<StatusStep>,
    pub promise: Promise,
    /// When the village last told the household of its case, and how (`2026-12-02，电话`);
    /// empty before anyone has.
    #[serde(default)]
    pub last_told: String,
    /// 监测对象类型 (its label) once included; empty before.
    #[serde(default)]
    pub household_type: String,
    /// Helped first on the 绿色通道 while the steps go on.
    #[serde(default)]
    pub fast_track: bool,
    /// The 帮扶计划 in plain words (no staff notes).
    #[serde(default)]
    pub measures: Vec<super::measures::MeasureView>,
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn stored_risk_values_keep_their_labels_and_other_stays_last() {
        // These values are in databases: never renamed, never given another meaning.
        let stored = [
            ("illness", "因病"),
            ("schooling", "因学"),
            ("disaster", "因灾"),
            ("accident", "因意外"),
            ("disability", "因残"),
            ("labour", "缺劳力"),
            ("work", "务工就业不稳"),
            ("business", "产业经营失败"),
            ("expense", "大额刚性支出"),
            ("income", "收入大幅缩减"),
            ("other", "其他"),
        ];
        for pair in stored {
            assert!(RISK_TYPES.contains(&pair), "{pair:?} kept");
        }
        assert_eq!(RISK_TYPES.last(), Some(&("other", "其他")));
        for (n, (value, label)) in RISK_TYPES.iter().enumerate() {
            assert!(
                !value.is_empty()
                    && value.len() <= 20
                    && value.bytes().all(|b| b.is_ascii_lowercase()),
                "{value}: a short ASCII value"
            );
            assert!(!label.is_empty());
            assert!(
                RISK_TYPES[..n]
                    .iter()
                    .all(|(v, l)| v != value && l != label),
                "{value} once"
            );
        }
    }

    #[test]
    fn every_risk_type_but_other_has_a_quote_and_a_source() {
        for (value, label) in RISK_TYPES {
            let basis = risk_basis(value);
            if value == "other" {
                assert!(basis.is_none(), "其他 has no quote of its own");
                continue;
            }
            let basis = basis.unwrap_or_else(|| panic!("{label} has no basis"));
            assert!(!basis.quote.trim().is_empty(), "{label}: quote");
            assert!(!basis.plain.trim().is_empty(), "{label}: plain words");
            assert!(
                basis.document_id.starts_with("policy-"),
                "{label}: document"
            );
            assert!(!basis.section.trim().is_empty(), "{label}: section");
        }
        // One basis per risk type, in the form's order.
        let order: Vec<&str> = RISK_BASES.iter().map(|b| b.value).collect();
        let types: Vec<&str> = RISK_TYPES
            .iter()
            .map(|(v, _)| *v)
            .filter(|v| *v != "other")
            .collect();
        assert_eq!(order, types);
    }

    #[test]
    fn full_width_digits_are_read_as_digits() {
        assert_eq!(fold_width("１３８　１２３４"), "138 1234");
        assert_eq!(
            check_mobile("１３８１２３４５６７８").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            normalise_receipt("ａｂｃｄ－２３４５"),
            None,
            "a full-width dash is not a dash"
        );
        assert_eq!(fold_width("户主"), "户主");
    }

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();

    /// A valid number for a date: region 520101 (贵阳市), sequence 123.
    fn id_for(birth: &str) -> String {
        let first17 = format!("520101{birth}123");
        let check = id_check_char(first17.as_bytes());
        format!("{first17}{check}")
    }

    #[test]
    fn id_numbers_are_checked_per_gb_11643() {
        // The standard's own example.
        assert_eq!(id_check_char(b"11010519491231002"), 'X');
        assert_eq!(
            check_id_number("11010519491231002x", TODAY),
            Ok("11010519491231002X".to_string())
        );
        assert_eq!(
            check_id_number(" 110105 19491231 002X ", TODAY).map(|_| ()),
            Ok(())
        );
        // Full-width digits, as some input methods type them, are read as digits.
        assert_eq!(
            check_id_number("１１０１０５１９４９１２３１００２ｘ", TODAY).as_deref(),
            Ok("11010519491231002X")
        );
        let cases: [(&str, IdProblem); 7] = [
            ("", IdProblem::Empty),
            ("1101051949123100", IdProblem::Length(16)),
            ("11010519491231002X1", IdProblem::Length(19)),
            ("1101051949123100AX", IdProblem::Characters),
            ("01010519491231002X", IdProblem::Region),
            ("11010519491331002X", IdProblem::BirthDate),
            ("110105194912310021", IdProblem::Checksum),
        ];
        for (input, problem) in cases {
            assert_eq!(check_id_number(input, TODAY), Err(problem), "{input}");
        }
    }

    #[test]
    fn birth_dates_must_exist_and_not_be_in_the_future() {
        assert!(
            check_id_number(&id_for("20000229"), TODAY).is_ok(),
            "leap day"
        );
        assert_eq!(
            check_id_number(&id_for("19000229"), TODAY),
            Err(IdProblem::BirthDate)
        );
        assert_eq!(
            check_id_number(&id_for("20260431"), TODAY),
            Err(IdProblem::BirthDate)
        );
        assert_eq!(
            check_id_number(&id_for("20261124"), TODAY),
            Err(IdProblem::BirthDate)
        );
        assert!(check_id_number(&id_for("20261123"), TODAY).is_ok());
        assert_eq!(
            check_id_number(&id_for("18991231"), TODAY),
            Err(IdProblem::BirthDate)
        );
    }

    #[test]
    fn mobile_numbers_are_mainland_and_normalised() {
        for (input, expected) in [
            ("13812345678", Some("13812345678")),
            ("138 1234 5678", Some("13812345678")),
            ("138-1234-5678", Some("13812345678")),
            ("+86 19912345678", Some("19912345678")),
            ("8613812345678", Some("13812345678")),
            ("12812345678", None),
            ("1381234567", None),
            ("0859-3222222", None),
            ("1381234567a", None),
            ("", None),
        ] {
            assert_eq!(check_mobile(input).as_deref(), expected, "{input}");
        }
    }

    fn good_form() -> ReportForm {
        ReportForm {
            village: "qxn-p-01".into(),
            name: "王大山".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            household_size: "4".into(),
            risks: vec!["illness".into(), "expense".into()],
            description: "老人住院，花了三万多元。".into(),
            reporter: "self".into(),
            consent: true,
            ..ReportForm::default()
        }
    }

    #[test]
    fn a_complete_form_is_accepted_and_normalised() {
        let mut form = good_form();
        form.phone = "138 1234 5678".into();
        form.risks = vec!["expense".into(), "illness".into(), "nonsense".into()];
        let report = validate_report(&form, TODAY, |v| v == "qxn-p-01").unwrap();
        assert_eq!(report.phone, "13812345678");
        assert_eq!(
            report.risks,
            vec!["illness", "expense"],
            "form order, known only"
        );
        assert_eq!(report.household_size, 4);
    }

    #[test]
    fn every_problem_is_reported_beside_its_field_in_form_order() {
        let form = ReportForm::default();
        let errors = validate_report(&form, TODAY, |_| true).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                Field::Village,
                Field::Name,
                Field::IdNumber,
                Field::Phone,
                Field::HouseholdSize,
                Field::Risks,
                Field::Description,
                Field::Reporter,
                Field::Consent
            ]
        );
        assert!(errors.iter().all(|e| e.message.ends_with('。')));
    }

    #[test]
    fn rejects_report_without_consent() {
        let mut form = good_form();
        form.consent = false;
        let errors = validate_report(&form, TODAY, |_| true).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, Field::Consent);
    }

    #[test]
    fn bounds_are_enforced_with_the_numbers_in_the_message() {
        let mut form = good_form();
        form.description = "字".repeat(MAX_DESCRIPTION + 1);
        form.household_size = "0".into();
        form.name = "王".repeat(MAX_NAME + 1);
        let errors = validate_report(&form, TODAY, |_| true).unwrap_err();
        let message = |f: Field| {
            errors
                .iter()
                .find(|e| e.field == f)
                .unwrap()
                .message
                .clone()
        };
        assert!(message(Field::Description).contains("501"));
        assert!(message(Field::HouseholdSize).contains("1 到 30"));
        assert!(message(Field::Name).contains("31"));
        form = good_form();
        form.household_size = "四".into();
        form.village = "nowhere".into();
        let errors = validate_report(&form, TODAY, |v| v == "qxn-p-01").unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn the_form_reads_repeated_choices_and_ignores_unknown_fields() {
        let form = ReportForm::from_urlencoded(
            "risks=illness&risks=expense&risks=illness&name=%E7%8E%8B&consent=yes&evil=1"
                .as_bytes(),
        );
        assert_eq!(form.risks, vec!["illness", "expense"]);
        assert_eq!(form.name, "王");
        assert!(form.consent);
    }

    #[test]
    fn receipts_use_an_alphabet_without_look_alikes() {
        for c in "0O1IL2Z5S8BUV".chars() {
            assert!(!RECEIPT_ALPHABET.contains(&(c as u8)), "{c}");
        }
        let code = receipt_from_random(&[0, 1, 2, 3, 4, 5, 6, 7, 255, 8]).unwrap();
        assert_eq!(code.len(), RECEIPT_LEN);
        assert_eq!(
            normalise_receipt(&format_receipt(&code).to_lowercase()),
            Some(code.clone())
        );
        assert_eq!(normalise_receipt("ABCD-0000"), None);
        assert_eq!(normalise_receipt("ABC"), None);
        assert_eq!(format_receipt("3467ACDE"), "3467-ACDE");
        assert_eq!(
            receipt_from_random(&[255; 8]),
            None,
            "rejected bytes do not count"
        );
    }

    #[test]
    fn an_id_is_masked_to_its_first_and_last_four() {
        assert_eq!(mask_id("11010519491231002X"), "1101**********002X");
        assert_eq!(mask_id("123"), "***");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn the_id_check_never_panics_and_accepts_only_18_characters(input in "\\PC{0,30}") {
                if let Ok(id) = check_id_number(&input, TODAY) {
                    prop_assert_eq!(id.len(), 18);
                    prop_assert_eq!(id_check_char(&id.as_bytes()[..17]), id.chars().last().unwrap());
                }
            }

            #[test]
            fn every_valid_birth_date_with_its_check_character_is_accepted(
                // A province (11–65) and a non-zero area within it: `X00000` is no region.
                province in 11_u32..=65,
                area in 1_u32..=9999,
                year in 1900_i32..=2025,
                month in 1_u32..=12,
                day in 1_u32..=28,
                sequence in 0_u32..=999,
            ) {
                let region = province * 10_000 + area;
                let first17 = format!("{region:06}{year:04}{month:02}{day:02}{sequence:03}");
                let id = format!("{first17}{}", id_check_char(first17.as_bytes()));
                prop_assert_eq!(check_id_number(&id, TODAY), Ok(id.clone()));
                // Changing the check character always breaks it.
                let wrong = if id.ends_with('0') { '1' } else { '0' };
                let broken = format!("{first17}{wrong}");
                prop_assert_eq!(check_id_number(&broken, TODAY), Err(IdProblem::Checksum));
            }

            #[test]
            fn the_phone_check_never_panics_and_returns_eleven_digits(input in "\\PC{0,20}") {
                if let Some(phone) = check_mobile(&input) {
                    prop_assert_eq!(phone.len(), 11);
                    prop_assert!(phone.bytes().all(|b| b.is_ascii_digit()));
                }
            }

            #[test]
            fn any_form_is_either_valid_or_explained(
                name in "\\PC{0,40}",
                id in "\\PC{0,20}",
                phone in "\\PC{0,15}",
                size in "\\PC{0,4}",
                description in "\\PC{0,600}",
                reporter in "\\PC{0,8}",
                consent in any::<bool>(),
            ) {
                let form = ReportForm {
                    village: "v".into(),
                    name,
                    id_number: id,
                    phone,
                    household_size: size,
                    risks: vec!["illness".into()],
                    description,
                    reporter,
                    consent,
                    ..ReportForm::default()
                };
                match validate_report(&form, TODAY, |_| true) {
                    Ok(report) => {
                        prop_assert!(report.description.chars().count() <= MAX_DESCRIPTION);
                        prop_assert!(consent);
                    }
                    Err(errors) => prop_assert!(errors.iter().all(|e| !e.message.is_empty())),
                }
            }

            #[test]
            fn receipts_from_any_bytes_use_only_the_alphabet(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
                if let Some(code) = receipt_from_random(&bytes) {
                    prop_assert_eq!(code.len(), RECEIPT_LEN);
                    prop_assert_eq!(normalise_receipt(&code), Some(code.clone()));
                }
            }
        }
    }
}
