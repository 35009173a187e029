//! The 防贫申报 form and the rules a report must meet: one implementation, compiled into the
//! server (which decides) and into the browser's WebAssembly (which checks a field as it is
//! left, and a report before it is sent or queued on the phone). No IO here.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::divisions::is_village_code;
use crate::text::{clean_text, fold_width};

/// The risk types a household can choose, as the documents name them (each but 其他 has its
/// quote in the portal's `RISK_BASES`). `(value, label)`; the value is what is stored, so a value never
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

    /// Reads a urlencoded body as the server reads every form: names and values without
    /// control characters ([`clean_text`]), then [`ReportForm::from_pairs`]. The server reads
    /// a posted report with it, and the browser's check the form it is about to send.
    pub fn from_urlencoded(body: &[u8]) -> ReportForm {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body)
            .map(|(k, v)| (clean_text(&k), clean_text(&v)))
            .collect();
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
        let message = if is_village_code(&village) {
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

/// The heading of the list of problems above the form (the server's page and the browser's
/// check write the same words).
pub fn summary_title(count: usize) -> String {
    format!("还有 {count} 处需要修改，改好后再提交")
}

/// What is written, unseen, before a field's message, so a screen reader says it is an error.
pub const ERROR_PREFIX: &str = "错误：";

/// The id of the message beside `field` (`f-name-error`), which its control names in
/// `aria-describedby`.
pub fn message_id(field: Field) -> String {
    format!("f-{}-error", field.name())
}

/// Every field, in the order of the form.
pub const FIELDS: [Field; 9] = [
    Field::Village,
    Field::Name,
    Field::IdNumber,
    Field::Phone,
    Field::HouseholdSize,
    Field::Risks,
    Field::Description,
    Field::Reporter,
    Field::Consent,
];

/// The field a form control of that `name` belongs to.
pub fn field_named(name: &str) -> Option<Field> {
    FIELDS.into_iter().find(|field| field.name() == name)
}

/// The date in China (UTC+8 all year, no summer time) at `millis` since the Unix epoch: the
/// `today` the browser checks a birth date against, from the phone's clock. `None` far
/// outside the calendar.
pub fn china_date(millis: i64) -> Option<NaiveDate> {
    let utc = chrono::DateTime::from_timestamp_millis(millis)?;
    Some((utc + chrono::TimeDelta::hours(8)).date_naive())
}

/// The problems [`validate_report`] finds in a form as the browser would post it
/// (`application/x-www-form-urlencoded`), in the form's order; empty when the server's check
/// would accept it. A village is taken as known when it has the shape of a village code:
/// the form only ever holds one the server resolved (the server still decides).
pub fn problems_in_body(body: &[u8], today: NaiveDate) -> Vec<FieldError> {
    match validate_report(&ReportForm::from_urlencoded(body), today, is_village_code) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}
