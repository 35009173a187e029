//! The 防贫申报 workflow: the stages a case goes through and the actions that move it.
//!
//! A stage is stored as text (its [`Stage::value`]); this is the only place that maps text
//! to stages, so the compiler checks every use of the workflow: the staff desk, the queue,
//! the due dates, the SQL of open cases and the pages.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Who acts, and where: roles and their areas. The workflow below decides what each may do.
/// A staff member's role, each with its own area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// 村: one village (a pilot id).
    Village,
    /// 乡镇: the villages of one township (its name).
    Town,
    /// 县: the townships of one county (its name).
    County,
    /// 管理员: everything, and the accounts.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Village, Role::Town, Role::County, Role::Admin];

    /// The value stored and typed on the command line.
    pub fn value(self) -> &'static str {
        match self {
            Role::Village => "village",
            Role::Town => "town",
            Role::County => "county",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Village => "村",
            Role::Town => "乡镇",
            Role::County => "县",
            Role::Admin => "管理员",
        }
    }

    /// A role by its value or its Chinese name.
    pub fn parse(text: &str) -> Option<Role> {
        let text = text.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.value() == text || r.label() == text)
    }
}

/// A signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub username: String,
    pub role: Role,
    /// The division code of the area: a village (12 digits), township (9) or county (6);
    /// empty for 管理员.
    pub area: String,
    /// The area's name (老里旗村, 大山镇, 兴仁市), from the divisions.
    #[serde(default)]
    pub area_name: String,
}

/// Where a case is: its village's code and the codes of that village's township and county.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseArea {
    pub village_id: String,
    pub town: String,
    pub county: String,
}

impl CaseArea {
    /// The area of a village code: its township is the first 9 digits, its county the first
    /// 6 (the codes nest). A value that is not a village code lies in no township or county.
    pub fn of_village(code: &str) -> CaseArea {
        let village_code = code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit());
        let prefix = |len: usize| {
            if village_code {
                code[..len].to_string()
            } else {
                String::new()
            }
        };
        CaseArea {
            village_id: code.to_string(),
            town: prefix(9),
            county: prefix(6),
        }
    }
}

impl StaffUser {
    /// Whether the case lies in this user's area.
    pub fn covers(&self, area: &CaseArea) -> bool {
        match self.role {
            _ if self.area.is_empty() && self.role != Role::Admin => false,
            Role::Village => self.area == area.village_id,
            Role::Town => self.area == area.town,
            Role::County => self.area == area.county,
            Role::Admin => true,
        }
    }

    /// Whether this user may see the full ID number and phone, and download full ID
    /// numbers. Every role that handles the case may reveal them on the case page (audited);
    /// full ID numbers in exports only for 县 and 管理员.
    pub fn may_export_full_ids(&self) -> bool {
        matches!(self.role, Role::County | Role::Admin)
    }

    /// The actions this user may take on a case at `stage` in the user's area.
    pub fn actions(&self, stage: Stage) -> Vec<Action> {
        Action::ALL
            .into_iter()
            .filter(|a| a.from() == stage && a.allowed_for(self.role))
            .collect()
    }
}

impl StaffUser {
    /// Whether this user may edit the published content (figures, Q&A).
    pub fn may_edit_content(&self) -> bool {
        matches!(self.role, Role::County | Role::Admin)
    }
}

/// Where a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 已提交: waiting for the village to take it on.
    Submitted,
    /// 村级核实: the village visits the household.
    VillageCheck,
    /// 乡镇审核.
    TownReview,
    /// 县级审定.
    CountyDecision,
    /// 纳入监测.
    Monitored,
    /// 不予纳入 (the household may ask for 复核).
    Declined,
    /// 风险消除审核: the township found the three conditions met; the county decides.
    ClearReview,
    /// 风险消除: a monitored case whose risk is gone.
    RiskCleared,
}

impl Stage {
    /// Every stage, in the order a case goes through them.
    pub const ALL: [Stage; 8] = [
        Stage::Submitted,
        Stage::VillageCheck,
        Stage::TownReview,
        Stage::CountyDecision,
        Stage::Monitored,
        Stage::Declined,
        Stage::ClearReview,
        Stage::RiskCleared,
    ];

    /// The stages of a case still under review (a new report of the same person links to
    /// it).
    pub const OPEN: [Stage; 4] = [
        Stage::Submitted,
        Stage::VillageCheck,
        Stage::TownReview,
        Stage::CountyDecision,
    ];

    /// The text stored in the database and sent in query strings.
    pub fn value(self) -> &'static str {
        match self {
            Stage::Submitted => "submitted",
            Stage::VillageCheck => "village_check",
            Stage::TownReview => "town_review",
            Stage::CountyDecision => "county_decision",
            Stage::Monitored => "monitored",
            Stage::Declined => "declined",
            Stage::ClearReview => "clear_review",
            Stage::RiskCleared => "risk_cleared",
        }
    }

    /// What a household and staff read.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Submitted => "已提交",
            Stage::VillageCheck => "村级核实",
            Stage::TownReview => "乡镇审核",
            Stage::CountyDecision => "县级审定",
            Stage::Monitored => "纳入监测",
            Stage::Declined => "不予纳入",
            Stage::ClearReview => "风险消除审核",
            Stage::RiskCleared => "风险消除",
        }
    }

    /// The stage of a stored value; `None` for any other text.
    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.value() == text)
    }

    /// Whether the case is still under review.
    pub fn is_open(self) -> bool {
        Stage::OPEN.contains(&self)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.value())
    }
}

/// What staff do to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// 村 受理: the village takes the report on and will visit.
    Accept,
    /// 村 入户核实: the result of the home visit (note required).
    RecordVisit,
    /// 乡镇 审核: the township's review, passed to the county (note required).
    Review,
    /// 县 审定: 纳入监测.
    Include,
    /// 县 审定: 不予纳入 (reason required, shown to the applicant).
    Decline,
    /// 乡镇: the three conditions of 风险消除 each confirmed with a note, for the county to
    /// decide.
    ProposeClear,
    /// 县: 风险消除, after the township's confirmation (note required).
    ClearRisk,
    /// 县: not yet; the case stays monitored (reason required).
    KeepMonitoring,
    /// 乡镇: 复核, reopening a declined case at the applicant's request for the township to
    /// review again (note required).
    Reopen,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Accept,
        Action::RecordVisit,
        Action::Review,
        Action::Include,
        Action::Decline,
        Action::ProposeClear,
        Action::ClearRisk,
        Action::KeepMonitoring,
        Action::Reopen,
    ];

    /// The value a form sends.
    pub fn value(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::RecordVisit => "visit",
            Action::Review => "review",
            Action::Include => "include",
            Action::Decline => "decline",
            Action::ProposeClear => "propose_clear",
            Action::ClearRisk => "clear",
            Action::KeepMonitoring => "keep",
            Action::Reopen => "reopen",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.value() == text)
    }

    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            Action::Accept => "受理，安排入户核实",
            Action::RecordVisit => "提交入户核实结果",
            Action::Review => "乡镇审核通过，报县级审定",
            Action::Include => "审定：纳入监测",
            Action::Decline => "审定：不予纳入",
            Action::ProposeClear => "三项条件已核实，报县里审定风险消除",
            Action::ClearRisk => "审定：风险消除，不再监测帮扶",
            Action::KeepMonitoring => "审定：暂不消除，继续监测帮扶",
            Action::Reopen => "受理复核申请，重新审核",
        }
    }

    /// What the note field asks for; `None` when the action takes no note.
    pub fn note_label(self) -> Option<&'static str> {
        match self {
            Action::Accept | Action::ProposeClear => None,
            Action::RecordVisit => Some("入户核实结果（走访日期、家庭情况、是否存在返贫致贫风险）"),
            Action::Review => Some("审核意见"),
            Action::Include => Some("审定意见（可不填）"),
            Action::Decline => Some("不予纳入的理由（会告知申报人）"),
            Action::ClearRisk => Some("审定意见"),
            Action::KeepMonitoring => Some("继续监测帮扶的理由（会告知乡镇）"),
            Action::Reopen => Some("复核申请的情况"),
        }
    }

    /// Whether the note must be filled in.
    pub fn note_required(self) -> bool {
        !matches!(
            self,
            Action::Accept | Action::Include | Action::ProposeClear
        )
    }

    /// The stage it applies to.
    pub fn from(self) -> Stage {
        match self {
            Action::Accept => Stage::Submitted,
            Action::RecordVisit => Stage::VillageCheck,
            Action::Review => Stage::TownReview,
            Action::Include | Action::Decline => Stage::CountyDecision,
            Action::ProposeClear => Stage::Monitored,
            Action::ClearRisk | Action::KeepMonitoring => Stage::ClearReview,
            Action::Reopen => Stage::Declined,
        }
    }

    /// The stage it leads to.
    pub fn to(self) -> Stage {
        match self {
            Action::Accept => Stage::VillageCheck,
            Action::RecordVisit | Action::Reopen => Stage::TownReview,
            Action::Review => Stage::CountyDecision,
            Action::Include | Action::KeepMonitoring => Stage::Monitored,
            Action::Decline => Stage::Declined,
            Action::ProposeClear => Stage::ClearReview,
            Action::ClearRisk => Stage::RiskCleared,
        }
    }

    /// Which roles may take it (管理员 may take every action).
    pub fn allowed_for(self, role: Role) -> bool {
        role == Role::Admin
            || match self {
                Action::Accept | Action::RecordVisit => role == Role::Village,
                Action::Review | Action::Reopen | Action::ProposeClear => role == Role::Town,
                Action::Include | Action::Decline | Action::ClearRisk | Action::KeepMonitoring => {
                    role == Role::County
                }
            }
    }
}

/// Why an action cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The case is not in the user's area (or does not exist): answered as not found.
    NotFound,
    /// The role may not take this action.
    Forbidden,
    /// The case is not at the stage the action applies to (someone else moved it).
    WrongStage { stage: Stage },
    /// The note is required and empty, or too long.
    Note(String),
    /// Another field of the action's form (`household_type`, `condition0`…) is wrong.
    Field { field: String, message: String },
}

/// The three conditions of 风险消除, each confirmed with a note by the township (黔西南州规划
/// 第四章 第二节: "对返贫致贫风险稳定消除、大额刚性支出有效解决、收入来源稳定的监测户,标注消除风险").
pub const CLEAR_CONDITIONS: [&str; 3] = [
    "返贫致贫风险稳定消除",
    "大额刚性支出有效解决",
    "收入来源稳定",
];
/// Where the three conditions stand.
pub const CLEAR_CONDITIONS_SOURCE: &str =
    "《黔西南州“十四五”巩固拓展脱贫攻坚成果同乡村振兴有效衔接规划》第四章 第二节";

/// What an action's form carries besides the note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionExtra {
    /// 纳入监测: the household type's value (`unstable`, `edge`, `sudden`).
    pub household_type: String,
    /// 风险消除 (乡镇): what confirms each of [`CLEAR_CONDITIONS`].
    pub conditions: Vec<String>,
}

/// Checks what `action` needs besides the note, and gives the note to store: for
/// [`Action::ProposeClear`], the three confirmations one per line; the household type of
/// [`Action::Include`] is returned to be recorded.
pub fn check_extra(
    action: Action,
    note: &str,
    extra: &ActionExtra,
) -> Result<(String, Option<&'static str>), Refusal> {
    match action {
        Action::Include => {
            let kind =
                super::measures::household_type(extra.household_type.trim()).ok_or_else(|| {
                    Refusal::Field {
                        field: "household_type".into(),
                        message: "请选择监测对象类型：脱贫不稳定户、边缘易致贫户或突发严重困难户。"
                            .into(),
                    }
                })?;
            Ok((note.to_string(), Some(kind.value)))
        }
        Action::ProposeClear => {
            let mut lines = Vec::new();
            for (index, condition) in CLEAR_CONDITIONS.iter().enumerate() {
                let said = extra
                    .conditions
                    .get(index)
                    .map(|c| c.trim())
                    .unwrap_or_default();
                if said.is_empty() {
                    return Err(Refusal::Field {
                        field: format!("condition{index}"),
                        message: format!("请写明“{condition}”是怎样核实的。"),
                    });
                }
                lines.push(format!("{condition}：{said}"));
            }
            Ok((lines.join("\n"), None))
        }
        _ => Ok((note.to_string(), None)),
    }
}

/// The longest note kept.
pub const MAX_NOTE_CHARS: usize = 1000;

/// Checks that `user` may take `action` on a case at `stage` in `area` with `note`; returns
/// the stage it leads to and the trimmed note.
pub fn check_action(
    user: &StaffUser,
    area: &CaseArea,
    stage: Stage,
    action: Action,
    note: &str,
) -> Result<(Stage, String), Refusal> {
    if !user.covers(area) {
        return Err(Refusal::NotFound);
    }
    if !action.allowed_for(user.role) {
        return Err(Refusal::Forbidden);
    }
    if action.from() != stage {
        return Err(Refusal::WrongStage { stage });
    }
    let note = note.trim().to_string();
    if action.note_required() && note.is_empty() {
        return Err(Refusal::Note(format!(
            "请填写{}。",
            action.note_label().unwrap_or("说明")
        )));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Refusal::Note(format!(
            "说明最多 {MAX_NOTE_CHARS} 个字，现在是 {} 个字。",
            note.chars().count()
        )));
    }
    Ok((action.to(), note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_maps_to_one_value_and_back() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.value()), Some(stage));
            let json = serde_json::to_string(&stage).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", stage.value()),
                "serde uses the stored text"
            );
        }
        assert_eq!(Stage::parse("Submitted"), None);
        assert_eq!(Stage::parse(""), None);
    }

    /// The whole transition table, written out: for every stage, which actions leave it
    /// and where they lead. A change to the workflow must change this table.
    #[test]
    fn the_transition_table_is_exactly_this() {
        use Action as A;
        use Stage as S;
        let table: Vec<(Stage, Vec<(Action, Stage)>)> = Stage::ALL
            .into_iter()
            .map(|stage| {
                let out = Action::ALL
                    .into_iter()
                    .filter(|a| a.from() == stage)
                    .map(|a| (a, a.to()))
                    .collect();
                (stage, out)
            })
            .collect();
        assert_eq!(
            table,
            vec![
                (S::Submitted, vec![(A::Accept, S::VillageCheck)]),
                (S::VillageCheck, vec![(A::RecordVisit, S::TownReview)]),
                (S::TownReview, vec![(A::Review, S::CountyDecision)]),
                (
                    S::CountyDecision,
                    vec![(A::Include, S::Monitored), (A::Decline, S::Declined)]
                ),
                (S::Monitored, vec![(A::ProposeClear, S::ClearReview)]),
                (S::Declined, vec![(A::Reopen, S::TownReview)]),
                (
                    S::ClearReview,
                    vec![
                        (A::ClearRisk, S::RiskCleared),
                        (A::KeepMonitoring, S::Monitored)
                    ]
                ),
                (S::RiskCleared, vec![]),
            ]
        );
    }

    /// Every (role, stage, action) triple: allowed exactly when the action leaves that
    /// stage and belongs to that role's level (or the user is an administrator).
    #[test]
    fn every_role_stage_and_action_is_decided() {
        let area = CaseArea {
            village_id: "v".into(),
            town: "t".into(),
            county: "c".into(),
        };
        for role in Role::ALL {
            let user = StaffUser {
                username: "u".into(),
                role,
                area: match role {
                    Role::Village => "v",
                    Role::Town => "t",
                    Role::County => "c",
                    Role::Admin => "",
                }
                .into(),
                area_name: String::new(),
            };
            for stage in Stage::ALL {
                for action in Action::ALL {
                    let got = check_action(&user, &area, stage, action, "说明");
                    let expected = if !action.allowed_for(role) {
                        Err(Refusal::Forbidden)
                    } else if action.from() != stage {
                        Err(Refusal::WrongStage { stage })
                    } else {
                        Ok((action.to(), "说明".to_string()))
                    };
                    assert_eq!(got, expected, "{role:?} {stage} {action:?}");
                }
            }
        }
    }

    #[test]
    fn inclusion_needs_a_household_type_and_clearing_needs_all_three_conditions() {
        let none = ActionExtra::default();
        assert!(matches!(
            check_extra(Action::Include, "", &none),
            Err(Refusal::Field { field, .. }) if field == "household_type"
        ));
        let typed = ActionExtra {
            household_type: "sudden".into(),
            conditions: Vec::new(),
        };
        assert_eq!(
            check_extra(Action::Include, "意见", &typed),
            Ok(("意见".to_string(), Some("sudden")))
        );
        let two = ActionExtra {
            household_type: String::new(),
            conditions: vec!["务工收入稳定".into(), "医疗费用已报销".into(), " ".into()],
        };
        assert!(matches!(
            check_extra(Action::ProposeClear, "", &two),
            Err(Refusal::Field { field, .. }) if field == "condition2"
        ));
        let three = ActionExtra {
            conditions: vec!["a".into(), "b".into(), "c".into()],
            ..two
        };
        let (joined, kind) = check_extra(Action::ProposeClear, "", &three).unwrap();
        assert_eq!(kind, None);
        assert_eq!(joined.lines().count(), 3);
        assert!(joined.starts_with("返贫致贫风险稳定消除：a"));
        // A township proposes, only a county clears.
        assert!(Action::ProposeClear.allowed_for(Role::Town));
        assert!(!Action::ClearRisk.allowed_for(Role::Town));
        assert!(Action::ClearRisk.allowed_for(Role::County));
    }
}
