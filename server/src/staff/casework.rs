//! Casework: the queue reckoned in working days, one case with its history, promises and
//! measures, and the actions that move it (checked against `app::model::workflow`).

use std::collections::HashMap;

use app::model::promise::CountyRule;
use app::model::report::{mask_id, risk_label};
use app::model::staff::{
    check_action, mask_phone, Action, CaseEvent, CaseFilter, CaseQueueView, CaseRow, CaseView,
    Refusal, Role,
};
use app::model::workflow::Stage;
use chrono::NaiveDate as Date;

use super::{now, Session, StaffDesk, StaffError};
use crate::calendar::{iso, WorkCalendar};
use crate::reports::{parse_iso, promise, today_in_china};
use crate::storage::{CaseRecord, OpenCase, OpenNotice, StageChange, Told};

/// What a list of cases is reckoned with, read once per list: the working-day calendar,
/// the counties' rules and the open 待告知 tasks.
/// The open cases by the keyed hash of their ID number, so that each row finds its
/// namesakes at once rather than by a walk through every open case.
pub(super) struct OpenByPerson(HashMap<String, Vec<OpenCase>>);

impl OpenByPerson {
    pub(super) fn new(open: Vec<OpenCase>) -> OpenByPerson {
        let mut by_person: HashMap<String, Vec<OpenCase>> = HashMap::new();
        for case in open {
            by_person
                .entry(case.id_hash.clone())
                .or_default()
                .push(case);
        }
        OpenByPerson(by_person)
    }

    fn get(&self, id_hash: &str) -> Option<&Vec<OpenCase>> {
        self.0.get(id_hash)
    }
}

pub(super) struct Reckoner {
    calendar: WorkCalendar,
    rules: HashMap<String, CountyRule>,
    /// The earliest open task of each case.
    notices: HashMap<String, OpenNotice>,
    /// Each case's measures past their day and not done.
    measures_overdue: HashMap<String, usize>,
}

impl Reckoner {
    /// The last day of a case's current stage, and whether it is estimated.
    fn due(&self, record: &CaseRecord) -> Option<(Date, bool)> {
        let submitted = parse_iso(&record.submitted_on)?;
        let promised = match self.rules.get(&record.area.county) {
            Some(rule) => promise(&self.calendar, rule, submitted),
            None => promise(
                &self.calendar,
                &CountyRule::practice(&record.area.county, ""),
                submitted,
            ),
        };
        let due = promised.due_for(record.stage)?;
        Some((parse_iso(&due.due)?, due.estimated))
    }
}

pub use app::pages::staff::TELL_HOWS;

/// What a risk type list reads as, for exports and logs that must not hold personal data.
pub fn risks_in_words(risks: &str) -> String {
    risks
        .split(',')
        .filter(|r| !r.is_empty())
        .map(risk_label)
        .collect::<Vec<_>>()
        .join("、")
}

impl StaffDesk {
    pub(super) async fn reckoner(&self) -> Result<Reckoner, StaffError> {
        let calendar = self.store.work_calendar().await?;
        let rules = self
            .store
            .county_rules()
            .await?
            .into_iter()
            .map(|rule| (rule.county.clone(), rule))
            .collect();
        let mut notices: HashMap<String, OpenNotice> = HashMap::new();
        for notice in self.store.open_notices().await? {
            notices.entry(notice.receipt.clone()).or_insert(notice);
        }
        let today = iso(today_in_china());
        let mut measures_overdue: HashMap<String, usize> = HashMap::new();
        for measure in self.store.open_measures().await? {
            if measure.due_on < today {
                *measures_overdue.entry(measure.receipt).or_default() += 1;
            }
        }
        Ok(Reckoner {
            calendar,
            rules,
            notices,
            measures_overdue,
        })
    }

    /// A case as the queue shows it; `open` is every open case, read once per list rather
    /// than once per row. Other open cases of the same ID number are named only inside the
    /// user's area; outside it, only that there is one.
    pub(super) fn row(
        session: &Session,
        record: &CaseRecord,
        today: Date,
        open: &OpenByPerson,
        reckoner: &Reckoner,
    ) -> CaseRow {
        let due = reckoner.due(record);
        let tell_due = reckoner
            .notices
            .get(&record.receipt)
            .map(|n| n.due_on.clone())
            .unwrap_or_default();
        let same_person = open
            .get(&record.id_hash)
            .into_iter()
            .flatten()
            .filter(|other| other.receipt != record.receipt);
        let (inside, outside): (Vec<&OpenCase>, Vec<&OpenCase>) =
            same_person.partition(|other| session.user.covers(&other.area));
        CaseRow {
            receipt: record.receipt.clone(),
            village_id: record.area.village_id.clone(),
            village_name: record.village_name.clone(),
            stage: record.stage,
            risk_types: record
                .risk_types
                .split(',')
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
            reporter: record.reporter.clone(),
            submitted_on: record.submitted_on.clone(),
            stage_since: record.stage_since.clone(),
            due: due.map(|(d, _)| iso(d)).unwrap_or_default(),
            due_estimated: due.is_some_and(|(_, estimated)| estimated),
            days_left: due.map_or(0, |(d, _)| reckoner.calendar.working_days_until(today, d)),
            tell_due,
            fast_track: record.fast_track_at > 0,
            measures_overdue: reckoner
                .measures_overdue
                .get(&record.receipt)
                .copied()
                .unwrap_or(0),
            id_masked: record.id_masked.clone(),
            duplicates: inside.iter().map(|other| other.receipt.clone()).collect(),
            duplicates_elsewhere: !outside.is_empty(),
        }
    }

    /// The queue of `session`'s area with `filter` applied.
    pub async fn queue(
        &self,
        session: &Session,
        filter: CaseFilter,
    ) -> Result<CaseQueueView, StaffError> {
        let today = today_in_china();
        let records = self.store.cases_for(&session.user).await?;
        let open = OpenByPerson::new(self.store.open_cases().await?);
        let reckoner = self.reckoner().await?;
        let mut rows: Vec<CaseRow> = records
            .iter()
            .map(|record| Self::row(session, record, today, &open, &reckoner))
            .collect();
        let mut by_stage: Vec<(Stage, usize)> = Vec::new();
        let mut villages: Vec<(String, String)> = Vec::new();
        for row in &rows {
            match by_stage.iter_mut().find(|(s, _)| *s == row.stage) {
                Some((_, n)) => *n += 1,
                None => by_stage.push((row.stage, 1)),
            }
            if !villages.iter().any(|(id, _)| *id == row.village_id) {
                villages.push((row.village_id.clone(), row.village_name.clone()));
            }
        }
        villages.sort_by(|a, b| a.1.cmp(&b.1));
        let total = rows.len();
        let overdue = rows.iter().filter(|r| r.overdue()).count();
        let to_tell = rows.iter().filter(|r| !r.tell_due.is_empty()).count();
        let calendar_warning = if session.user.role == Role::Admin {
            reckoner
                .calendar
                .missing_year(today)
                .map(app::model::promise::calendar_warning)
                .unwrap_or_default()
        } else {
            String::new()
        };
        // Overdue first, then the nearest deadline.
        rows.retain(|r| filter.admits(r));
        rows.sort_by_key(|r| (!r.overdue(), r.due.is_empty(), r.days_left));
        Ok(CaseQueueView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            filter,
            total,
            overdue,
            to_tell,
            calendar_warning,
            by_stage,
            villages,
            rows,
        })
    }

    /// A case in the user's area, `None` outside it (or when there is no such case). With
    /// `reveal`, the full ID number and phone are shown and the look is audited.
    pub async fn case(
        &self,
        session: &Session,
        receipt: &str,
        reveal: bool,
    ) -> Result<Option<CaseView>, StaffError> {
        let Some(record) = self.store.case(receipt).await? else {
            return Ok(None);
        };
        if !session.user.covers(&record.area) {
            return Ok(None);
        }
        let personal = self
            .vault
            .open(&record.sealed)
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        if reveal {
            self.audit(
                &session.user,
                "reveal",
                &record.receipt,
                record.stage.value(),
                record.stage.value(),
                "查看完整身份证号和手机号",
            )
            .await?;
        }
        let events = self
            .store
            .case_events(&record.receipt)
            .await?
            .into_iter()
            .map(|e| CaseEvent {
                stage: e.stage,
                at: crate::calendar::china_minute(e.at),
                actor: if e.actor == "self" || e.actor == "family" || e.actor == "cadre" {
                    format!("申报（{}）", app::model::report::reporter_label(&e.actor))
                } else {
                    e.actor
                },
                note: self.vault.open_note(&e.note).unwrap_or_else(|_| {
                    tracing::error!("a case note could not be opened");
                    "（这条说明无法解密）".to_string()
                }),
            })
            .collect();
        let open = OpenByPerson::new(self.store.open_cases().await?);
        let reckoner = self.reckoner().await?;
        let row = Self::row(session, &record, today_in_china(), &open, &reckoner);
        let last_told = self
            .store
            .last_told(&record.receipt)
            .await?
            .map(|told| {
                format!(
                    "{}，{}（{}）",
                    crate::storage::china_day(told.at),
                    told.how,
                    told.by
                )
            })
            .unwrap_or_default();
        Ok(Some(CaseView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            actions: session.user.actions(record.stage),
            household_size: record.household_size,
            name: personal.name,
            description: personal.description,
            id_number: if reveal {
                personal.id_number
            } else {
                mask_id(&personal.id_number)
            },
            phone: if reveal {
                personal.phone
            } else {
                mask_phone(&personal.phone)
            },
            revealed: reveal,
            events,
            last_told,
            household_type: app::model::measures::household_type(&record.household_type)
                .map(|t| t.label.to_string())
                .unwrap_or_default(),
            measures: self.measure_views(&record.receipt, true).await?,
            may_plan: Self::may_plan(&session.user, &record),
            may_fast_track: Self::may_fast_track(&session.user, &record),
            measure_form: app::model::measures::MeasureForm::default(),
            problem_field: String::new(),
            extra: app::model::workflow::ActionExtra::default(),
            problem: String::new(),
            note: String::new(),
            failed: String::new(),
            done: String::new(),
            row,
        }))
    }

    /// Records that `session`'s user filed the report `receipt` for a household (代报).
    pub async fn record_assisted(
        &self,
        session: &Session,
        receipt: &str,
    ) -> Result<(), StaffError> {
        self.audit(
            &session.user,
            "assisted",
            receipt,
            "",
            Stage::Submitted.value(),
            "村干部代为申报",
        )
        .await
    }

    /// Takes `action` on a case: checked against the role, the area and the stage, then
    /// stored with its audit event only if the case is still at the stage it was read at.
    pub async fn act(
        &self,
        session: &Session,
        receipt: &str,
        action: Action,
        note: &str,
        extra: &app::model::workflow::ActionExtra,
    ) -> Result<Result<Stage, Refusal>, StaffError> {
        let Some(record) = self.store.case(receipt).await? else {
            return Ok(Err(Refusal::NotFound));
        };
        let (to, note) = match check_action(&session.user, &record.area, record.stage, action, note)
        {
            Ok(checked) => checked,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let (note, household_type) = match app::model::workflow::check_extra(action, &note, extra) {
            Ok(checked) => checked,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let at = crate::calendar::unix_now();
        let today = today_in_china();
        let on_day = iso(today);
        // The village tells the household within one working day.
        let calendar = self.store.work_calendar().await?;
        let tell_by = iso(calendar.add_working_days(today, 1).date);
        // Home-visit results and reasons name people and illnesses: sealed like the
        // description, in the case history and in the audit trail alike.
        let note = self
            .vault
            .seal_note(&note)
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        let moved = self
            .store
            .move_case(&StageChange {
                receipt: &record.receipt,
                from: record.stage,
                to,
                actor: &session.user.username,
                note: &note,
                at,
                on_day: &on_day,
                tell_by: &tell_by,
                household_type: household_type.unwrap_or_default(),
            })
            .await?;
        if !moved {
            return Ok(Err(Refusal::WrongStage {
                stage: record.stage,
            }));
        }
        Ok(Ok(to))
    }

    /// Records that the household of a case was told of its stage (待告知 done): `how` is
    /// one of [`TELL_HOWS`]. `Err` in words when the form is wrong or nothing was waiting.
    pub async fn record_told(
        &self,
        session: &Session,
        receipt: &str,
        how: &str,
        note: &str,
    ) -> Result<Result<(), String>, StaffError> {
        let Some(record) = self.store.case(receipt).await? else {
            return Err(StaffError::NotFound("没有这件申报，或不在您的辖区。"));
        };
        if !session.user.covers(&record.area) {
            return Err(StaffError::NotFound("没有这件申报，或不在您的辖区。"));
        }
        let how = how.trim();
        if !TELL_HOWS.contains(&how) {
            return Ok(Err("请选择是怎样告诉农户的：电话、上门或短信。".into()));
        }
        let note = note.trim();
        if note.chars().count() > app::model::workflow::MAX_NOTE_CHARS {
            return Ok(Err(format!(
                "说明最多 {} 个字。",
                app::model::workflow::MAX_NOTE_CHARS
            )));
        }
        let sealed = self
            .vault
            .seal_note(&format!(
                "{how}告知农户{}{note}",
                if note.is_empty() { "" } else { "：" }
            ))
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        let told = Told {
            at: now(),
            by: session.user.username.clone(),
            how: how.to_string(),
        };
        if self
            .store
            .record_told(&record.receipt, &told, &sealed)
            .await?
        {
            Ok(Ok(()))
        } else {
            Ok(Err("这件申报没有待告知的事项（可能已有人登记过）。".into()))
        }
    }
}
