//! The staff side of 防贫申报: who may see which cases, and which action moves a case from
//! which stage to which. Everything here is checked on the server before anything is
//! stored; pages only show the actions these functions allow.

use serde::{Deserialize, Serialize};

pub use super::workflow::{
    check_action, Action, CaseArea, Refusal, Role, StaffUser, Stage, MAX_NOTE_CHARS,
};

/// Masks a phone number: `138****5678`.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// One row of the case queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub receipt: String,
    pub village_id: String,
    pub village_name: String,
    pub stage: Stage,
    pub risk_types: Vec<String>,
    pub reporter: String,
    pub submitted_on: String,
    /// When the case entered its stage, `YYYY-MM-DD`.
    pub stage_since: String,
    /// The last day of its stage; empty when the stage has no deadline (closed cases).
    pub due: String,
    /// Whether `due` is counted Monday to Friday (its year's holidays are not loaded).
    #[serde(default)]
    pub due_estimated: bool,
    /// Working days until `due` (negative: overdue); 0 when there is no deadline.
    pub days_left: i64,
    /// 待告知: the day by which the household should be told of the last stage change;
    /// empty when nothing is waiting.
    #[serde(default)]
    pub tell_due: String,
    /// On the 绿色通道 (先帮扶后认定).
    #[serde(default)]
    pub fast_track: bool,
    /// Measures of its 帮扶计划 past their day and not done.
    #[serde(default)]
    pub measures_overdue: usize,
    pub id_masked: String,
    /// Other open cases of the same ID number in the user's area.
    pub duplicates: Vec<String>,
    /// Whether the same ID number has an open case outside the user's area (which is not
    /// named: no code, village or date).
    #[serde(default)]
    pub duplicates_elsewhere: bool,
}

impl CaseRow {
    pub fn overdue(&self) -> bool {
        !self.due.is_empty() && self.days_left < 0
    }

    /// `剩 3 个工作日`, `今天到期`, `逾期 2 个工作日`; empty without a deadline.
    pub fn days_label(&self) -> String {
        if self.due.is_empty() {
            String::new()
        } else if self.days_left > 0 {
            format!("剩 {} 个工作日", self.days_left)
        } else if self.days_left == 0 {
            "今天到期".to_string()
        } else {
            format!("逾期 {} 个工作日", -self.days_left)
        }
    }

    /// Whether the household is still to be told of the last stage change.
    pub fn to_tell(&self) -> bool {
        !self.tell_due.is_empty()
    }
}

/// The queue's filters, from the query string.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CaseFilter {
    pub stage: String,
    pub village: String,
    pub risk: String,
    pub overdue: bool,
    /// Only cases whose household is still to be told (待告知).
    #[serde(default)]
    pub tell: bool,
}

impl CaseFilter {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> CaseFilter {
        let mut filter = CaseFilter::default();
        for (key, value) in pairs {
            let value: String = value.trim().chars().take(40).collect();
            match key {
                "stage" => filter.stage = value,
                "village" => filter.village = value,
                "risk" => filter.risk = value,
                "overdue" => filter.overdue = value == "1",
                "tell" => filter.tell = value == "1",
                _ => {}
            }
        }
        filter
    }

    /// The filter as a query string (set parts only).
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("stage", self.stage.as_str()),
            ("village", self.village.as_str()),
            ("risk", self.risk.as_str()),
        ] {
            if !value.is_empty() {
                out.append_pair(key, value);
            }
        }
        if self.overdue {
            out.append_pair("overdue", "1");
        }
        if self.tell {
            out.append_pair("tell", "1");
        }
        out.finish()
    }

    pub fn admits(&self, row: &CaseRow) -> bool {
        (self.stage.is_empty() || row.stage.value() == self.stage)
            && (self.village.is_empty() || row.village_id == self.village)
            && (self.risk.is_empty() || row.risk_types.contains(&self.risk))
            && (!self.overdue || row.overdue())
            && (!self.tell || row.to_tell())
    }
}

/// What the queue page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseQueueView {
    pub user: StaffUser,
    pub csrf: String,
    pub filter: CaseFilter,
    /// Every case of the area (for the counts and choices); `rows` are those shown.
    pub total: usize,
    pub overdue: usize,
    /// Cases whose household is still to be told (待告知).
    #[serde(default)]
    pub to_tell: usize,
    /// For administrators while a year's holiday notice is missing; empty otherwise.
    #[serde(default)]
    pub calendar_warning: String,
    /// (stage, count) over the area.
    pub by_stage: Vec<(Stage, usize)>,
    /// (village id, name) of the area's cases.
    pub villages: Vec<(String, String)>,
    pub rows: Vec<CaseRow>,
}

/// One change of a case, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub stage: Stage,
    pub at: String,
    pub actor: String,
    pub note: String,
}

/// What the case page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub user: StaffUser,
    pub csrf: String,
    pub row: CaseRow,
    pub household_size: i64,
    pub name: String,
    pub description: String,
    /// Masked unless revealed.
    pub id_number: String,
    pub phone: String,
    pub revealed: bool,
    pub events: Vec<CaseEvent>,
    /// When the household was last told, how and by whom; empty before anyone has.
    #[serde(default)]
    pub last_told: String,
    /// 监测对象类型 (its label), recorded at 纳入监测; empty before.
    #[serde(default)]
    pub household_type: String,
    /// The 帮扶计划.
    #[serde(default)]
    pub measures: Vec<crate::model::measures::MeasureView>,
    /// Whether this user may add measures and mark them done here.
    #[serde(default)]
    pub may_plan: bool,
    /// Whether this user may put the case on the 绿色通道 now.
    #[serde(default)]
    pub may_fast_track: bool,
    /// The measure form as typed when it was refused.
    #[serde(default)]
    pub measure_form: crate::model::measures::MeasureForm,
    /// The field of `problem` when it is not the note (`household_type`, `condition1`, `unit` …).
    #[serde(default)]
    pub problem_field: String,
    /// The action's other fields as typed when it was refused.
    #[serde(default)]
    pub extra: crate::model::workflow::ActionExtra,
    pub actions: Vec<Action>,
    /// What went wrong with the last action, shown next to the form.
    pub problem: String,
    /// What was typed in the note when it was refused.
    pub note: String,
    /// The action (its value) that was refused.
    pub failed: String,
    /// What the last action did.
    pub done: String,
}

/// What the sign-in page shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LoginView {
    pub username: String,
    pub problem: String,
    pub next: String,
    /// The form's anti-forgery token (also in its cookie).
    pub csrf: String,
}

/// What the password page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordView {
    pub user: StaffUser,
    pub csrf: String,
    pub problem: String,
    pub done: bool,
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a new password is refused, in words; `None` when it is acceptable.
pub fn password_problem(username: &str, password: &str) -> Option<String> {
    let count = password.chars().count();
    if count < MIN_PASSWORD_CHARS {
        return Some(format!(
            "密码至少 {MIN_PASSWORD_CHARS} 个字符，现在是 {count} 个。"
        ));
    }
    if count > 200 {
        return Some("密码最多 200 个字符。".to_string());
    }
    if password.to_lowercase().contains(&username.to_lowercase()) {
        return Some("密码不能包含用户名。".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area() -> CaseArea {
        CaseArea {
            village_id: "qxn-p-01".into(),
            town: "顶效镇".into(),
            county: "义龙新区".into(),
        }
    }

    fn user(role: Role, area: &str) -> StaffUser {
        StaffUser {
            username: "u".into(),
            role,
            area: area.into(),
            area_name: String::new(),
        }
    }

    #[test]
    fn each_role_sees_only_its_area() {
        let a = area();
        assert!(user(Role::Village, "qxn-p-01").covers(&a));
        assert!(!user(Role::Village, "qxn-p-02").covers(&a));
        assert!(user(Role::Town, "顶效镇").covers(&a));
        assert!(!user(Role::Town, "郑屯镇").covers(&a));
        assert!(user(Role::County, "义龙新区").covers(&a));
        assert!(!user(Role::County, "兴义市").covers(&a));
        assert!(user(Role::Admin, "").covers(&a));
    }

    #[test]
    fn the_workflow_moves_one_stage_at_a_time_and_only_by_the_right_role() {
        let a = area();
        let village = user(Role::Village, "qxn-p-01");
        let town = user(Role::Town, "顶效镇");
        let county = user(Role::County, "义龙新区");
        assert_eq!(
            check_action(&village, &a, Stage::Submitted, Action::Accept, ""),
            Ok((Stage::VillageCheck, String::new()))
        );
        // The village cannot decide; the county cannot accept.
        assert_eq!(
            check_action(&village, &a, Stage::CountyDecision, Action::Include, ""),
            Err(Refusal::Forbidden)
        );
        assert_eq!(
            check_action(&county, &a, Stage::Submitted, Action::Accept, ""),
            Err(Refusal::Forbidden)
        );
        // No skipping: a submitted case cannot be decided.
        assert_eq!(
            check_action(&county, &a, Stage::Submitted, Action::Include, ""),
            Err(Refusal::WrongStage {
                stage: Stage::Submitted
            })
        );
        // Notes where required.
        assert!(matches!(
            check_action(&village, &a, Stage::VillageCheck, Action::RecordVisit, "  "),
            Err(Refusal::Note(_))
        ));
        assert!(matches!(
            check_action(&county, &a, Stage::CountyDecision, Action::Decline, ""),
            Err(Refusal::Note(m)) if m.contains("理由")
        ));
        assert_eq!(
            check_action(&town, &a, Stage::Declined, Action::Reopen, "申请人提出复核"),
            Ok((Stage::TownReview, "申请人提出复核".to_string()))
        );
        // Outside the area the case does not exist for the user.
        assert_eq!(
            check_action(
                &user(Role::Town, "郑屯镇"),
                &a,
                Stage::TownReview,
                Action::Review,
                "好"
            ),
            Err(Refusal::NotFound)
        );
        // Every action of every role, in words: who may do what.
        for action in Action::ALL {
            assert!(action.allowed_for(Role::Admin));
            let roles: Vec<Role> = Role::ALL
                .into_iter()
                .filter(|r| *r != Role::Admin && action.allowed_for(*r))
                .collect();
            assert_eq!(roles.len(), 1, "{action:?} belongs to exactly one level");
        }
        assert_eq!(village.actions(Stage::Submitted), vec![Action::Accept]);
        assert_eq!(
            county.actions(Stage::CountyDecision),
            vec![Action::Include, Action::Decline]
        );
        assert!(town.actions(Stage::Submitted).is_empty());
    }

    #[test]
    fn roles_parse_in_either_language_and_phones_are_masked() {
        assert_eq!(Role::parse("乡镇"), Some(Role::Town));
        assert_eq!(Role::parse("county"), Some(Role::County));
        assert_eq!(Role::parse("村长"), None);
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("123"), "***");
        assert!(password_problem("zhang", "short").is_some());
        assert!(password_problem("zhang", "zhang-2026-abc").is_some());
        assert_eq!(password_problem("zhang", "qiaotou-2026-春"), None);
    }

    #[test]
    fn the_queue_filters_by_stage_village_risk_and_overdue() {
        let row = CaseRow {
            receipt: "R".into(),
            village_id: "qxn-p-01".into(),
            village_name: "村".into(),
            stage: Stage::Submitted,
            risk_types: vec!["illness".into()],
            reporter: "self".into(),
            submitted_on: "2026-11-20".into(),
            stage_since: "2026-11-20".into(),
            due: "2026-11-22".into(),
            due_estimated: false,
            days_left: -1,
            tell_due: String::new(),
            fast_track: false,
            measures_overdue: 0,
            id_masked: String::new(),
            duplicates: Vec::new(),
            duplicates_elsewhere: false,
        };
        assert!(row.overdue());
        assert_eq!(row.days_label(), "逾期 1 个工作日");
        let f = CaseFilter::from_pairs([("stage", "submitted"), ("overdue", "1")]);
        assert!(f.admits(&row));
        let tell = CaseFilter::from_pairs([("tell", "1")]);
        assert!(!tell.admits(&row));
        assert_eq!(tell.to_query_string(), "tell=1");
        let told = CaseRow {
            tell_due: "2026-11-23".into(),
            ..row.clone()
        };
        assert!(tell.admits(&told));
        assert!(!CaseFilter::from_pairs([("risk", "disaster")]).admits(&row));
        assert!(!CaseFilter::from_pairs([("village", "qxn-p-02")]).admits(&row));
    }
}

/// A Q&A entry as the edit form holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QaForm {
    pub id: String,
    pub question: String,
    pub answer: String,
    /// The document's own words the answer rests on.
    pub quote: String,
    pub document_id: String,
    pub source_section: String,
    /// Separated by `，`, `,` or `、`.
    pub keywords: String,
    /// Why it was changed (kept in the audit trail).
    pub reason: String,
}

impl QaForm {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> QaForm {
        let mut form = QaForm::default();
        for (key, value) in pairs {
            let value = value.replace("\r\n", "\n");
            let value = value.trim().to_string();
            match key {
                "id" => form.id = value,
                "question" => form.question = value,
                "answer" => form.answer = value,
                "quote" => form.quote = value,
                "document_id" => form.document_id = value,
                "source_section" => form.source_section = value,
                "keywords" => form.keywords = value,
                "reason" => form.reason = value,
                _ => {}
            }
        }
        form
    }

    /// The keywords as a list, each once.
    pub fn keyword_list(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for word in self.keywords.split(['，', ',', '、', ' ']) {
            let word = word.trim();
            if !word.is_empty() && !out.iter().any(|w| w == word) {
                out.push(word.to_string());
            }
        }
        out
    }
}

/// Every problem of a Q&A edit as (field, message). `document_known` and `quote_found`
/// are the server's answers: whether the document exists and whether the quote is its own
/// words (ignoring spaces and line breaks).
pub fn qa_problems(
    form: &QaForm,
    document_known: bool,
    quote_found: bool,
) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let mut say = |field: &str, message: String| problems.push((field.to_string(), message));
    let limits = [
        ("question", "问题", &form.question, 200),
        ("answer", "回答", &form.answer, 2000),
        ("quote", "原文引文", &form.quote, 2000),
        ("source_section", "出处章节", &form.source_section, 200),
        ("reason", "修改说明", &form.reason, 500),
    ];
    for (field, label, value, max) in limits {
        let count = value.chars().count();
        if count == 0 {
            say(field, format!("请填写{label}。"));
        } else if count > max {
            say(
                field,
                format!("{label}最多 {max} 个字，现在是 {count} 个字。"),
            );
        }
    }
    if !document_known {
        say("document_id", "请选择出处文件。".to_string());
    } else if !form.quote.is_empty() && !quote_found {
        say(
            "quote",
            "引文必须是所选文件中的原文（可以只摘一句），在该文件中没有找到这段文字。".to_string(),
        );
    }
    problems
}

/// What the Q&A list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaListView {
    pub user: StaffUser,
    pub csrf: String,
    /// (id, question, edited by; empty for the seed's own).
    pub entries: Vec<(String, String, String)>,
}

/// What the Q&A edit page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaEditView {
    pub user: StaffUser,
    pub csrf: String,
    pub form: QaForm,
    /// (id, title) of every document.
    pub documents: Vec<(String, String)>,
    pub problems: Vec<(String, String)>,
    pub done: bool,
}

#[cfg(test)]
mod qa_tests {
    use super::*;

    #[test]
    fn a_qa_edit_needs_every_field_a_known_document_and_the_documents_own_words() {
        let form = QaForm::from_pairs([
            ("question", " 看病能报多少？ "),
            ("answer", "按规定报销。"),
            ("quote", "基本医疗有保障"),
            ("document_id", "policy-002"),
            ("source_section", "第三章"),
            ("keywords", "医疗，看病、医疗"),
            ("reason", "补充说明"),
        ]);
        assert_eq!(form.question, "看病能报多少？");
        assert_eq!(form.keyword_list(), vec!["医疗", "看病"]);
        assert!(qa_problems(&form, true, true).is_empty());
        let fields = |p: Vec<(String, String)>| p.into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(qa_problems(&form, true, false)), vec!["quote"]);
        assert_eq!(fields(qa_problems(&form, false, true)), vec!["document_id"]);
        let empty = QaForm::default();
        assert_eq!(
            fields(qa_problems(&empty, true, true)),
            vec!["question", "answer", "quote", "source_section", "reason"]
        );
    }
}

/// What the figures import page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiguresView {
    pub user: StaffUser,
    pub csrf: String,
    /// What was pasted, kept when it is refused.
    pub csv: String,
    /// Every problem, `第 N 行：…`.
    pub problems: Vec<String>,
    /// What the import did.
    pub done: String,
    /// (id, title) of every document, for the one-figure form.
    pub documents: Vec<(String, String)>,
    /// The one-figure form as typed: (column, value).
    pub one: Vec<(String, String)>,
    /// Its problems as (column, message).
    pub one_problems: Vec<(String, String)>,
    /// Which form the problems and `done` are about: `paste`, `upload` or `one`.
    pub via: String,
}

impl FiguresView {
    /// What the one-figure form holds for `column`.
    pub fn one_value(&self, column: &str) -> String {
        self.one
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// An account as the administrator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub username: String,
    pub role: Role,
    /// The area's division code (empty for 管理员).
    pub area: String,
    /// The area's name, from the divisions.
    #[serde(default)]
    pub area_name: String,
    /// Stopped by an administrator: cannot sign in.
    pub disabled: bool,
    /// `YYYY-MM-DD`.
    pub created: String,
    pub password_changed: String,
}

/// A new account as the administrator's form holds it (the password is never sent back).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NewAccountForm {
    pub username: String,
    pub role: String,
    pub area: String,
}

/// `/staff/accounts`: every account, the form for a new one, and what the last action did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsView {
    pub user: StaffUser,
    pub csrf: String,
    pub accounts: Vec<AccountRow>,
    pub form: NewAccountForm,
    /// Problems of the new-account form as (field, message).
    pub problems: Vec<(String, String)>,
    /// A refused action on one account: (username, message).
    pub row_problem: Option<(String, String)>,
    pub done: String,
    /// The area finder: what was typed and the divisions found, as (code, what it is,
    /// its path of names).
    #[serde(default)]
    pub area_query: String,
    #[serde(default)]
    pub area_matches: Vec<(String, String, String)>,
}
