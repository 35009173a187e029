//! What the portal promises a household, and where each promise comes from.
//!
//! The steps of a case and the working days each may take are the county's: an
//! administrator records them with the name of the county's rule they come from
//! ([`CountyRule`]). A county with no rule recorded is shown the common provincial practice,
//! named as such with its public source: 资产信息核查 → 村级民主评议公示 → 乡镇审核 → 市县审定,
//! 原则上 20 个工作日 ([`CountyRule::practice`]). Nothing here claims the seed plan sets them.
//! The dates themselves are counted by the server's working-day calendar.

use serde::{Deserialize, Serialize};

use super::workflow::Stage;

/// Working days the whole 认定 takes in common provincial practice.
pub const PRACTICE_TOTAL_DAYS: u32 = 20;
/// Where that practice is published.
pub const PRACTICE_SOURCE: &str = "海南省人民政府网《防止返贫监测对象可通过哪些方式发现？监测对象的识别认定包含哪些程序？》（2021年12月）";
pub const PRACTICE_URL: &str =
    "https://www.hainan.gov.cn/hainan/c100568/202112/3af70a0cb00f4462a0e1ff8471821fbf.shtml";
/// The steps of that practice, one per stage of [`RULE_STAGES`].
pub const PRACTICE_STEPS: [&str; 3] = ["资产信息核查、村级民主评议公示", "乡镇审核", "市县审定"];

/// The stages a rule's steps are done in, one step each: the village's (受理 and 核实 both
/// belong to it), the township's and the county's.
pub const RULE_STAGES: [Stage; 3] = [
    Stage::VillageCheck,
    Stage::TownReview,
    Stage::CountyDecision,
];

/// What the household is told about being kept informed: true because every stage change
/// opens a 待告知 task for the village, due in one working day.
pub const TELLING_PROMISE: &str =
    "村里会在每一步后一个工作日内电话或上门告诉您；您也可以随时凭回执号查询。";

/// The most working days a rule may give the whole 认定, and one step.
pub const MAX_TOTAL_DAYS: u32 = 120;
pub const MAX_STEP_DAYS: u32 = 60;

/// One step of a county's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleStep {
    pub name: String,
    /// Working days it may take; 0 when the rule gives it no limit of its own.
    pub days: u32,
}

/// A county's steps and time limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyRule {
    /// The county's division code (6 digits); empty for a village outside any county.
    pub county: String,
    pub county_name: String,
    /// The county's document the steps and days come from; empty: none recorded, the common
    /// provincial practice applies.
    pub rule_name: String,
    /// Working days for the whole 认定, from the submission.
    pub total_days: u32,
    /// One per [`RULE_STAGES`].
    pub steps: Vec<RuleStep>,
    /// Who recorded it and when (`YYYY-MM-DD`); empty for the practice.
    #[serde(default)]
    pub updated_by: String,
    #[serde(default)]
    pub updated_on: String,
}

impl CountyRule {
    /// The common provincial practice, for a county that recorded no rule.
    pub fn practice(county: &str, county_name: &str) -> CountyRule {
        CountyRule {
            county: county.to_string(),
            county_name: county_name.to_string(),
            rule_name: String::new(),
            total_days: PRACTICE_TOTAL_DAYS,
            steps: PRACTICE_STEPS
                .iter()
                .map(|name| RuleStep {
                    name: (*name).to_string(),
                    days: 0,
                })
                .collect(),
            updated_by: String::new(),
            updated_on: String::new(),
        }
    }

    /// The steps in words, `入户核查（13 个工作日） → 乡镇审核（3 个工作日） → …`.
    pub fn steps_in_words(&self) -> String {
        self.steps
            .iter()
            .map(|s| {
                if s.days == 0 {
                    s.name.clone()
                } else {
                    format!("{}（{} 个工作日）", s.name, s.days)
                }
            })
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// Whether this is the practice rather than a rule the county recorded.
    pub fn is_practice(&self) -> bool {
        self.rule_name.is_empty()
    }

    /// Which step a case at `stage` is in; `None` for a closed case.
    pub fn step_of(stage: Stage) -> Option<usize> {
        match stage {
            Stage::Submitted | Stage::VillageCheck => Some(0),
            Stage::TownReview => Some(1),
            Stage::CountyDecision => Some(2),
            Stage::Monitored | Stage::Declined | Stage::ClearReview | Stage::RiskCleared => None,
        }
    }

    /// Where the steps and days come from, as a page says it.
    pub fn basis(&self) -> String {
        if self.is_practice() {
            format!(
                "{}尚未录入本地的办理时限。以上步骤和日期按各地做法：认定程序原则上在 {} 个工作日内完成（来源：{}）。",
                if self.county_name.is_empty() { "本县" } else { &self.county_name },
                PRACTICE_TOTAL_DAYS,
                PRACTICE_SOURCE
            )
        } else {
            format!(
                "以上步骤和时限依据{}{}。",
                if self.county_name.is_empty() {
                    String::new()
                } else {
                    format!("{}的", self.county_name)
                },
                self.rule_name
            )
        }
    }
}

/// A step promised to a household: what happens, and the last day it should happen by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub step: String,
    /// `YYYY-MM-DD`; empty when the step has no limit of its own (only the whole has one).
    pub due: String,
    /// 0 with an empty `due`.
    pub working_days: u32,
    /// Counted Monday to Friday because the calendar lacks that year's holiday notice.
    #[serde(default)]
    pub estimated: bool,
}

/// The receipt's and the status page's promise: each step, the whole, and its basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    pub steps: Vec<Deadline>,
    /// The whole 认定: its result by this day.
    pub overall: Deadline,
    /// Where it comes from ([`CountyRule::basis`]).
    pub basis: String,
}

/// What the page says of an estimated date.
pub const ESTIMATED_NOTE: &str =
    "标“估算”的日期所在年份的节假日安排还没有公布，按周一至周五估算，遇节假日顺延。";

impl Promise {
    /// Whether any date is an estimate.
    pub fn estimated(&self) -> bool {
        self.overall.estimated || self.steps.iter().any(|d| d.estimated)
    }

    /// The last day of a case at `stage`: its step's own, or the whole's; `None` for a closed
    /// case.
    pub fn due_for(&self, stage: Stage) -> Option<&Deadline> {
        let index = CountyRule::step_of(stage)?;
        match self.steps.get(index) {
            Some(step) if !step.due.is_empty() => Some(step),
            _ => Some(&self.overall),
        }
    }
}

/// The administrator's form for one county's rule, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    pub county: String,
    pub rule_name: String,
    pub total_days: String,
    pub names: Vec<String>,
    pub days: Vec<String>,
}

impl RuleForm {
    /// The form filled with a rule (the practice's steps for a county with none).
    pub fn of(rule: &CountyRule) -> RuleForm {
        RuleForm {
            county: rule.county.clone(),
            rule_name: rule.rule_name.clone(),
            total_days: rule.total_days.to_string(),
            names: rule.steps.iter().map(|s| s.name.clone()).collect(),
            days: rule
                .steps
                .iter()
                .map(|s| {
                    if s.days == 0 {
                        String::new()
                    } else {
                        s.days.to_string()
                    }
                })
                .collect(),
        }
    }

    /// The rule it describes, or each problem as (field, message). The county's existence
    /// is the server's to check.
    pub fn check(&self) -> Result<CountyRule, Vec<(String, String)>> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut say = |field: &str, message: String| problems.push((field.to_string(), message));
        let county = super::text::fold_width(self.county.trim());
        if county.len() != 6 || !county.bytes().all(|b| b.is_ascii_digit()) {
            say(
                "county",
                "请填写县（市、区）的 6 位区划代码，例如 522301。".into(),
            );
        }
        let rule_name = self.rule_name.trim().to_string();
        let name_chars = rule_name.chars().count();
        if !(4..=80).contains(&name_chars) {
            say(
                "rule_name",
                "请填写这些步骤和时限出自的文件名称（4 到 80 个字），例如《××县防止返贫动态监测和帮扶工作实施细则》。".into(),
            );
        }
        let total = match super::text::fold_width(self.total_days.trim()).parse::<u32>() {
            Ok(n) if (1..=MAX_TOTAL_DAYS).contains(&n) => n,
            _ => {
                say(
                    "total_days",
                    format!("总时限请填 1 到 {MAX_TOTAL_DAYS} 之间的整数（工作日）。"),
                );
                0
            }
        };
        let mut steps = Vec::new();
        for index in 0..RULE_STAGES.len() {
            let name = self
                .names
                .get(index)
                .map(|n| n.trim().to_string())
                .unwrap_or_default();
            if !(2..=40).contains(&name.chars().count()) {
                say(
                    &format!("name{index}"),
                    format!("请填写第 {} 步的名称（2 到 40 个字）。", index + 1),
                );
            }
            let typed = self
                .days
                .get(index)
                .map(|d| super::text::fold_width(d.trim()))
                .unwrap_or_default();
            let days = if typed.is_empty() {
                0
            } else {
                match typed.parse::<u32>() {
                    Ok(n) if (1..=MAX_STEP_DAYS).contains(&n) => n,
                    _ => {
                        say(
                            &format!("days{index}"),
                            format!(
                                "第 {} 步的时限请填 1 到 {MAX_STEP_DAYS} 之间的整数，或不填。",
                                index + 1
                            ),
                        );
                        0
                    }
                }
            };
            steps.push(RuleStep { name, days });
        }
        let with_days = steps.iter().filter(|s| s.days > 0).count();
        if with_days > 0 && with_days < steps.len() {
            say(
                "days0",
                "请给每一步都填上时限，或者都不填（只按总时限）。".into(),
            );
        }
        let sum: u32 = steps.iter().map(|s| s.days).sum();
        if total > 0 && sum > total {
            say(
                "total_days",
                format!("各步时限相加是 {sum} 个工作日，超过了总时限 {total} 个工作日。"),
            );
        }
        if problems.is_empty() {
            Ok(CountyRule {
                county,
                county_name: String::new(),
                rule_name,
                total_days: total,
                steps,
                updated_by: String::new(),
                updated_on: String::new(),
            })
        } else {
            Err(problems)
        }
    }
}

/// A county's own hotline, set by an administrator, with where the number comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyHotline {
    /// The county's division code (6 digits).
    pub county: String,
    pub county_name: String,
    /// `12345` or `0858-3221234`.
    pub number: String,
    /// Where it comes from: the county's notice, or the document that names it.
    pub source: String,
    #[serde(default)]
    pub updated_by: String,
    #[serde(default)]
    pub updated_on: String,
}

/// The administrator's form for one county's hotline, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HotlineForm {
    pub county: String,
    pub number: String,
    pub source: String,
}

/// Whether `number` reads as a telephone number: digits with at most two dashes, 3 to 20
/// characters, starting with a digit (`12345`, `0858-3221234`).
pub fn is_phone_number(number: &str) -> bool {
    let length = number.chars().count();
    (3..=20).contains(&length)
        && number.starts_with(|c: char| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_digit() || c == '-')
        && number.matches('-').count() <= 2
        && !number.ends_with('-')
}

impl HotlineForm {
    /// The hotline it describes, or each problem as (field, message). The county's
    /// existence is the server's to check.
    pub fn check(&self) -> Result<CountyHotline, Vec<(String, String)>> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let county = super::text::fold_width(self.county.trim());
        if county.len() != 6 || !county.bytes().all(|b| b.is_ascii_digit()) {
            problems.push((
                "hotline_county".into(),
                "请填写县（市、区）的 6 位区划代码，例如 520204。".into(),
            ));
        }
        let number = super::text::fold_width(self.number.trim()).replace(' ', "");
        if !is_phone_number(&number) {
            problems.push((
                "number".into(),
                "请填写电话号码，只含数字和短横线，例如 12345 或 0858-3221234。".into(),
            ));
        }
        let source = self.source.trim().to_string();
        if !(4..=120).contains(&source.chars().count()) {
            problems.push((
                "hotline_source".into(),
                "请写明这个号码出自哪里（4 到 120 个字），例如县里的通知名称。".into(),
            ));
        }
        if problems.is_empty() {
            Ok(CountyHotline {
                county,
                county_name: String::new(),
                number,
                source,
                updated_by: String::new(),
                updated_on: String::new(),
            })
        } else {
            Err(problems)
        }
    }
}

/// The administrators' page of rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesView {
    pub user: super::staff::StaffUser,
    pub csrf: String,
    /// Every county's recorded rule.
    pub rules: Vec<CountyRule>,
    /// Every county's own hotline.
    #[serde(default)]
    pub hotlines: Vec<CountyHotline>,
    #[serde(default)]
    pub hotline_form: HotlineForm,
    pub form: RuleForm,
    pub problems: Vec<(String, String)>,
    pub done: String,
}

/// One year of the working-day calendar, as the administrators' page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayYear {
    pub year: i32,
    /// Days off (休) and make-up working days (班) listed.
    pub rest_days: usize,
    pub work_days: usize,
    pub sources: Vec<String>,
}

/// The administrators' page of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub user: super::staff::StaffUser,
    pub csrf: String,
    pub years: Vec<HolidayYear>,
    /// The year whose notice should be loaded now ([`calendar_warning`]).
    pub missing_year: Option<i32>,
    /// What was pasted, kept when it was refused.
    pub pasted: String,
    pub problems: Vec<String>,
    pub done: String,
}

/// What administrators are told while a year's notice is missing.
pub fn calendar_warning(year: i32) -> String {
    format!(
        "工作日历还没有 {year} 年的节假日安排：{year} 年的办理期限只能按周一至周五估算。国务院办公厅公布 {year} 年部分节假日安排的通知后，请在“节假日”页导入。"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hotline_is_a_number_of_a_county_with_its_source() {
        let good = HotlineForm {
            county: "５２０２０４".into(),
            number: " 12345 ".into(),
            source: "水城区方案 五、工作保障 (四)".into(),
        }
        .check()
        .unwrap();
        assert_eq!(
            (good.county.as_str(), good.number.as_str()),
            ("520204", "12345")
        );
        assert!(is_phone_number("0858-3221234"));
        for bad in [
            "",
            "12",
            "热线",
            "12345-",
            "-12345",
            "1-2-3-4",
            "123456789012345678901",
        ] {
            assert!(!is_phone_number(bad), "{bad}");
        }
        let problems = HotlineForm {
            county: "5202".into(),
            number: "打12345".into(),
            source: "无".into(),
        }
        .check()
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["hotline_county", "number", "hotline_source"]);
    }

    fn form(total: &str, days: [&str; 3]) -> RuleForm {
        RuleForm {
            county: "５２２３０１".into(),
            rule_name: "《兴义市防止返贫动态监测和帮扶工作实施细则》".into(),
            total_days: total.into(),
            names: vec![
                "入户核查、信息比对、评议公示".into(),
                "乡镇审核".into(),
                "市审定".into(),
            ],
            days: days.iter().map(|d| (*d).to_string()).collect(),
        }
    }

    #[test]
    fn a_rule_form_checks_every_field_and_the_sum_of_its_days() {
        let rule = form("20", ["13", "3", "4"]).check().unwrap();
        assert_eq!(rule.county, "522301", "full-width digits are folded");
        assert_eq!(rule.steps[0].days, 13);
        assert!(!rule.is_practice());
        assert!(rule
            .basis()
            .contains("《兴义市防止返贫动态监测和帮扶工作实施细则》"));

        let no_days = form("20", ["", "", ""]).check().unwrap();
        assert!(no_days.steps.iter().all(|s| s.days == 0));

        let too_many = form("10", ["5", "5", "5"]).check().unwrap_err();
        assert!(too_many
            .iter()
            .any(|(f, m)| f == "total_days" && m.contains("15")));
        let some = form("20", ["5", "", "5"]).check().unwrap_err();
        assert!(some.iter().any(|(f, _)| f == "days0"));
        let mut bad = form("０", ["x", "", ""]);
        bad.county = "52230".into();
        bad.rule_name = "细则".into();
        bad.names[1] = " ".into();
        let problems = bad.check().unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        for field in ["county", "rule_name", "total_days", "name1", "days0"] {
            assert!(fields.contains(&field), "{field}: {problems:?}");
        }
    }

    #[test]
    fn the_practice_names_its_source_and_never_the_seed_plan() {
        let practice = CountyRule::practice("522301", "兴义市");
        assert!(practice.is_practice());
        let basis = practice.basis();
        assert!(basis.contains("20 个工作日"));
        assert!(basis.contains("海南省人民政府网"));
        assert!(!basis.contains("规划"));
        assert_eq!(CountyRule::step_of(Stage::Submitted), Some(0));
        assert_eq!(CountyRule::step_of(Stage::CountyDecision), Some(2));
        assert_eq!(CountyRule::step_of(Stage::Monitored), None);
        for stage in Stage::ALL {
            assert_eq!(stage.is_open(), CountyRule::step_of(stage).is_some());
        }
    }

    #[test]
    fn a_stage_is_due_by_its_own_step_or_by_the_whole() {
        let step = |due: &str| Deadline {
            step: "s".into(),
            due: due.into(),
            working_days: 0,
            estimated: false,
        };
        let promise = Promise {
            steps: vec![step("2026-12-03"), step(""), step("")],
            overall: step("2026-12-29"),
            basis: String::new(),
        };
        assert_eq!(promise.due_for(Stage::Submitted).unwrap().due, "2026-12-03");
        assert_eq!(
            promise.due_for(Stage::TownReview).unwrap().due,
            "2026-12-29"
        );
        assert!(promise.due_for(Stage::Declined).is_none());
    }
}
