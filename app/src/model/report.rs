//! The 防贫申报 self-report: what the form sends, the rules it must meet (the same code runs
//! on the server and may run in the browser), receipt codes, and what the receipt and status
//! pages show. No IO here.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use super::risk_bases::{risk_basis, RiskBasis, RISK_BASES};
pub use super::workflow::Stage;

/// The risk types a household can choose, as the documents name them (each but 其他 has its
/// quote in [`RISK_BASES`]). `(value, label)`; the value is what is stored, so a value never
/// changes once used; 其他 stays last.
pub const RISK_TYPES: [(&str, &str); 18] = [
    ("illness", "因病"),
    ("schooling", "因学"),
    ("disaster", "因灾"),
    ("accident", "因意外"),
    ("disability", "因残"),
    ("labour", "缺劳力"),
    ("skills", "缺技能"),
    ("work", "务工就业不稳"),
    ("business", "产业经营失败"),
    ("expense", "大额刚性支出"),
    ("income", "收入大幅缩减"),
    ("crime", "因案"),
    ("theft", "被盗抢"),
    ("fraud", "上当受骗（含电信诈骗）"),
    ("housing", "住房不安全"),
    ("water", "饮水不安全"),
    ("dropout", "子女失学辍学"),
    ("other", "其他"),
];

/// Who fills the form in.
pub const REPORTERS: [(&str, &str); 3] = [
    ("self", "本人"),
    ("family", "家属"),
    ("cadre", "村干部代为申报"),
];

/// The longest 情况说明, in characters.
pub const MAX_DESCRIPTION: usize = 500;
/// The longest name, in characters.
pub const MAX_NAME: usize = 30;
/// The largest household the form accepts.
pub const MAX_HOUSEHOLD: u32 = 30;

/// The label of a risk type value, or the value itself when unknown.
pub fn risk_label(value: &str) -> &str {
    RISK_TYPES
        .iter()
        .find(|(v, _)| *v == value)
        .map_or(value, |(_, label)| *label)
}

/// The label of a reporter value.
pub fn reporter_label(value: &str) -> &str {
    REPORTERS
        .iter()
        .find(|(v, _)| *v == value)
        .map_or(value, |(_, label)| *label)
}

/// The fields of the form, in the order the error summary lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Village,
    Name,
    IdNumber,
    Phone,
    HouseholdSize,
    Risks,
    Description,
    Reporter,
    Consent,
}

impl Field {
    /// The form control's `name` and the anchor the error summary links to.
    pub fn name(self) -> &'static str {
        match self {
            Field::Village => "village",
            Field::Name => "name",
            Field::IdNumber => "id_number",
            Field::Phone => "phone",
            Field::HouseholdSize => "household_size",
            Field::Risks => "risks",
            Field::Description => "description",
            Field::Reporter => "reporter",
            Field::Consent => "consent",
        }
    }

    /// The id of the element the summary links to (the first control of a group).
    pub fn anchor(self) -> String {
        match self {
            Field::Risks => format!("f-risks-{}", RISK_TYPES[0].0),
            Field::Reporter => format!("f-reporter-{}", REPORTERS[0].0),
            other => format!("f-{}", other.name()),
        }
    }
}

/// One problem with one field, in plain Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// What the form sent, exactly as typed, so it can be shown again on error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    pub village: String,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub household_size: String,
    pub risks: Vec<String>,
    pub description: String,
    pub reporter: String,
    pub consent: bool,
    /// The idempotency token of the rendered form.
    pub token: String,
    /// The anti-forgery token; must equal the cookie of the same name.
    pub csrf: String,
    /// The honeypot: people never see it, so it must stay empty.
    pub website: String,
    /// What was typed into the village finder (not part of the report).
    #[serde(default)]
    pub find: String,
}

impl ReportForm {
    /// Reads the form from its fields; repeated `risks` accumulate, unknown fields are ignored,
    /// every value is cut to a sane length so nothing huge is echoed back.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ReportForm {
        let cut = |value: &str, n: usize| value.chars().take(n).collect::<String>();
        let mut form = ReportForm::default();
        for (key, value) in pairs {
            match key {
                "village" => form.village = cut(value, 64),
                "vq" => form.find = cut(value, 30),
                "name" => form.name = cut(value, 100),
                "id_number" => form.id_number = cut(value, 40),
                "phone" => form.phone = cut(value, 40),
                "household_size" => form.household_size = cut(value, 10),
                "risks"
                    if form.risks.len() < RISK_TYPES.len()
                        && !form.risks.iter().any(|r| r == value) =>
                {
                    form.risks.push(cut(value, 20));
                }
                "description" => form.description = cut(value, MAX_DESCRIPTION + 200),
                "reporter" => form.reporter = cut(value, 20),
                "consent" => form.consent = !value.is_empty(),
                "token" => form.token = cut(value, 64),
                "csrf" => form.csrf = cut(value, 64),
                "website" => form.website = cut(value, 200),
                _ => {}
            }
        }
        form
    }

    /// Reads a urlencoded body.
    pub fn from_urlencoded(body: &[u8]) -> ReportForm {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
        ReportForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Reads the form from parsed fields (the staff 代报 form's, after its checks).
    pub fn from_fields<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ReportForm {
        ReportForm::from_pairs(pairs)
    }

    /// Whether a form's idempotency token is one the portal could have drawn (32 hex
    /// digits).
    pub fn token_is_well_formed(token: &str) -> bool {
        token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
    }

    /// The form with nothing typed: what a refused anti-forgery check shows, so a forged
    /// POST cannot make the portal display text of another site's choosing.
    #[must_use]
    pub fn emptied(&self) -> ReportForm {
        ReportForm {
            village: self.village.clone(),
            ..ReportForm::default()
        }
    }
}

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

/// A submission that passed every rule, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidReport {
    pub village: String,
    pub name: String,
    /// 18 characters, a final `x` upper-cased.
    pub id_number: String,
    /// 11 digits.
    pub phone: String,
    pub household_size: u32,
    /// Known values only, in the form's order.
    pub risks: Vec<String>,
    pub description: String,
    pub reporter: String,
}

/// Why an ID number is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    Empty,
    Length(usize),
    Characters,
    Region,
    BirthDate,
    Checksum,
}

impl IdProblem {
    pub fn message(self) -> String {
        match self {
            IdProblem::Empty => "请填写户主的身份证号。".into(),
            IdProblem::Length(n) => format!("身份证号应为 18 位，现在是 {n} 位。"),
            IdProblem::Characters => "身份证号前 17 位应为数字，最后一位是数字或 X。".into(),
            IdProblem::Region => "身份证号前 6 位（地区码）不正确，请核对。".into(),
            IdProblem::BirthDate => "身份证号第 7 到 14 位的出生日期不正确，请核对。".into(),
            IdProblem::Checksum => "身份证号最后一位（校验码）对不上，请逐位核对。".into(),
        }
    }
}

/// The GB 11643-1999 check character of the first 17 digits.
pub fn id_check_char(first17: &[u8]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d.saturating_sub(b'0')) * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// Checks a resident ID number per GB 11643: 18 characters, 17 digits and a check character
/// (digit or X), a region code, a real birth date not after `today`, and the checksum.
/// Spaces are ignored and a lower-case x is accepted. Returns the normalised number.
pub fn check_id_number(input: &str, today: NaiveDate) -> Result<String, IdProblem> {
    let id: String = fold_width(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if id.is_empty() {
        return Err(IdProblem::Empty);
    }
    let count = id.chars().count();
    if count != 18 {
        return Err(IdProblem::Length(count));
    }
    let bytes = id.as_bytes();
    if !bytes[..17].iter().all(u8::is_ascii_digit)
        || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
    {
        return Err(IdProblem::Characters);
    }
    // Region codes start with 1–8 (provinces) or 9 (others); 0 is never a province.
    if bytes[0] == b'0' || bytes[1..6] == *b"00000" {
        return Err(IdProblem::Region);
    }
    let digits = |range: std::ops::Range<usize>| -> u32 {
        bytes[range]
            .iter()
            .fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let birth = i32::try_from(digits(6..10))
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, digits(10..12), digits(12..14)));
    if !birth.is_some_and(|birth| birth.year() >= 1900 && birth <= today) {
        return Err(IdProblem::BirthDate);
    }
    if id_check_char(&bytes[..17]) != char::from(bytes[17]) {
        return Err(IdProblem::Checksum);
    }
    Ok(id)
}

/// A mainland mobile number: 11 digits starting 13–19, with spaces, dashes and a +86 or 86
/// prefix allowed. Returns the 11 digits.
pub fn check_mobile(input: &str) -> Option<String> {
    let mut digits: String = fold_width(input)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '\u{3000}'))
        .collect();
    if let Some(rest) = digits.strip_prefix("+86") {
        digits = rest.to_string();
    } else if digits.len() == 13 && digits.starts_with("86") {
        digits = digits[2..].to_string();
    }
    let bytes = digits.as_bytes();
    (bytes.len() == 11
        && bytes.iter().all(u8::is_ascii_digit)
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1]))
    .then_some(digits)
}

/// The ID number with only its first four and last four characters shown.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// Checks every field and returns either the normalised report or every problem found,
/// in the order of the form. `village_exists` says whether a village id is known.
pub fn validate_report(
    form: &ReportForm,
    today: NaiveDate,
    village_exists: impl Fn(&str) -> bool,
) -> Result<ValidReport, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail = |field: Field, message: String| errors.push(FieldError { field, message });

    let village = form.village.trim().to_string();
    if village.is_empty() {
        fail(Field::Village, "请选择您家所在的村。".into());
    } else if !village_exists(&village) {
        let shown: String = village.chars().take(20).collect();
        let message = if crate::model::divisions::is_village_code(&village) {
            format!("没有代码为 {shown} 的村，请在下面重新选择您家所在的村。")
        } else {
            format!("“{shown}”不是村的代码（12 位数字），请在下面重新选择您家所在的村。")
        };
        fail(Field::Village, message);
    }

    let name = form.name.trim().to_string();
    let name_chars = name.chars().count();
    if name.is_empty() {
        fail(Field::Name, "请填写户主姓名。".into());
    } else if name_chars > MAX_NAME {
        fail(
            Field::Name,
            format!("户主姓名最多 {MAX_NAME} 个字，现在是 {name_chars} 个字。"),
        );
    } else if !name
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '·' | '•' | ' ' | '.'))
    {
        fail(Field::Name, "户主姓名只能包含汉字、字母和“·”。".into());
    }

    let id_number = match check_id_number(&form.id_number, today) {
        Ok(id) => id,
        Err(problem) => {
            fail(Field::IdNumber, problem.message());
            String::new()
        }
    };

    let phone = if form.phone.trim().is_empty() {
        fail(Field::Phone, "请填写联系电话，方便村里联系您。".into());
        String::new()
    } else {
        check_mobile(&form.phone).unwrap_or_else(|| {
            fail(
                Field::Phone,
                "请填写 11 位手机号码，例如 13812345678。".into(),
            );
            String::new()
        })
    };

    let size_folded = fold_width(&form.household_size);
    let size_text = size_folded.trim();
    let household_size = if size_text.is_empty() {
        fail(Field::HouseholdSize, "请填写家庭人口数。".into());
        0
    } else {
        match size_text.parse::<u32>() {
            Ok(n) if (1..=MAX_HOUSEHOLD).contains(&n) => n,
            Ok(_) => {
                fail(
                    Field::HouseholdSize,
                    format!("家庭人口应在 1 到 {MAX_HOUSEHOLD} 人之间。"),
                );
                0
            }
            Err(_) => {
                fail(Field::HouseholdSize, "家庭人口请填数字，例如 4。".into());
                0
            }
        }
    };

    let risks: Vec<String> = RISK_TYPES
        .iter()
        .filter(|(value, _)| form.risks.iter().any(|r| r == value))
        .map(|(value, _)| (*value).to_string())
        .collect();
    if risks.is_empty() {
        fail(Field::Risks, "请至少选择一种家里遇到的困难。".into());
    }

    let description = form.description.trim().to_string();
    let length = description.chars().count();
    if description.is_empty() {
        fail(
            Field::Description,
            "请用几句话说明家里遇到的情况，例如谁生了什么病、花了多少钱。".into(),
        );
    } else if length > MAX_DESCRIPTION {
        fail(
            Field::Description,
            format!("情况说明最多 {MAX_DESCRIPTION} 字，现在是 {length} 字，请删减一些。"),
        );
    }

    let reporter = form.reporter.trim().to_string();
    if !REPORTERS.iter().any(|(value, _)| *value == reporter) {
        fail(Field::Reporter, "请选择是谁在填写申报。".into());
    }

    if !form.consent {
        fail(
            Field::Consent,
            "请阅读承诺和授权，勾选同意后才能提交。".into(),
        );
    }

    if errors.is_empty() {
        Ok(ValidReport {
            village,
            name,
            id_number,
            phone,
            household_size,
            risks,
            description,
            reporter,
        })
    } else {
        Err(errors)
    }
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
