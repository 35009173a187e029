//! 帮扶 on the staff side: the 帮扶计划 of a monitored case (measures with their unit and
//! day, marked done), and the 绿色通道 on which a township helps a household hit by a
//! disaster or an accident first and completes the steps after (先帮扶后认定). The
//! household's status page shows the measures in plain words, never the notes.

use app::model::measures::{MeasureForm, MeasureView};
use app::model::staff::{Role, StaffUser};
use app::model::workflow::Stage;
use chrono::TimeDelta;

use super::{now, Session, StaffDesk, StaffError};
use crate::calendar::iso;
use crate::reports::today_in_china;
use crate::storage::{CaseRecord, NewMeasure};

/// Risk types for which a township may open the 绿色通道 (各地做法: "因灾、意外事故等导致
/// 生活严重困难的农户，可先行落实帮扶措施，后续补全认定程序").
pub const FAST_TRACK_RISKS: [&str; 2] = ["disaster", "accident"];

const NO_CASE: &str = "没有这件申报，或不在您的辖区。";

impl StaffDesk {
    /// Whether `user` may add measures to the case and mark them done: 乡镇, 县 and 管理员,
    /// once the case is monitored (or helped first on the 绿色通道).
    pub(super) fn may_plan(user: &StaffUser, record: &CaseRecord) -> bool {
        matches!(user.role, Role::Town | Role::County | Role::Admin)
            && user.covers(&record.area)
            && (matches!(record.stage, Stage::Monitored | Stage::ClearReview)
                || (record.fast_track_at > 0 && record.stage.is_open()))
    }

    /// Whether `user` may put the case on the 绿色通道 now: 乡镇 (or 管理员), an open case
    /// not yet on it, reported for a disaster or an accident.
    pub(super) fn may_fast_track(user: &StaffUser, record: &CaseRecord) -> bool {
        matches!(user.role, Role::Town | Role::Admin)
            && user.covers(&record.area)
            && record.stage.is_open()
            && record.fast_track_at == 0
            && record
                .risk_types
                .split(',')
                .any(|r| FAST_TRACK_RISKS.contains(&r))
    }

    /// The measures of a case; with `staff`, their notes opened.
    pub(crate) async fn measure_views(
        &self,
        receipt: &str,
        staff: bool,
    ) -> Result<Vec<MeasureView>, StaffError> {
        let today = iso(today_in_china());
        let rows = self.store.measures(receipt).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let note = if staff {
                    self.vault.open_note(&row.note).unwrap_or_default()
                } else {
                    String::new()
                };
                row.view(&today, note)
            })
            .collect())
    }

    async fn case_for(&self, session: &Session, receipt: &str) -> Result<CaseRecord, StaffError> {
        self.store
            .case(receipt)
            .await?
            .filter(|record| session.user.covers(&record.area))
            .ok_or(StaffError::NotFound(NO_CASE))
    }

    /// Adds a measure to the 帮扶计划; the problem as (field, message) when the form is
    /// wrong.
    pub async fn add_measure(
        &self,
        session: &Session,
        receipt: &str,
        form: &MeasureForm,
    ) -> Result<Result<(), (String, String)>, StaffError> {
        let record = self.case_for(session, receipt).await?;
        if !Self::may_plan(&session.user, &record) {
            return Err(StaffError::Refused(
                "纳入监测（或走绿色通道）后，乡镇、县里才能制定帮扶计划。".into(),
            ));
        }
        let today = today_in_china();
        let latest = today + TimeDelta::days(2 * 366);
        let (kind, unit, due_on) = match form.check(&iso(today), &iso(latest)) {
            Ok(checked) => checked,
            Err(problem) => return Ok(Err(problem)),
        };
        let note = self
            .vault
            .seal_note(form.note.trim())
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        self.store
            .add_measure(
                &NewMeasure {
                    receipt: &record.receipt,
                    kind: kind.value,
                    unit: &unit,
                    due_on: &due_on,
                    note: &note,
                    by: &session.user.username,
                    at: now(),
                },
                &format!("帮扶计划：{}，{unit}，{due_on} 前", kind.label),
            )
            .await?;
        Ok(Ok(()))
    }

    /// Marks measure `position` done today.
    pub async fn measure_done(
        &self,
        session: &Session,
        receipt: &str,
        position: i64,
    ) -> Result<bool, StaffError> {
        let record = self.case_for(session, receipt).await?;
        if !Self::may_plan(&session.user, &record) {
            return Err(StaffError::Refused("您不能登记这件案件的帮扶措施。".into()));
        }
        Ok(self
            .store
            .measure_done(
                &record.receipt,
                position,
                &iso(today_in_china()),
                &session.user.username,
                now(),
            )
            .await?)
    }

    /// Puts a case on the 绿色通道 (先帮扶后认定) with the township's note; `Err` in words
    /// when the note is missing or the case cannot take it.
    pub async fn fast_track(
        &self,
        session: &Session,
        receipt: &str,
        note: &str,
    ) -> Result<Result<(), String>, StaffError> {
        let record = self.case_for(session, receipt).await?;
        if !Self::may_fast_track(&session.user, &record) {
            return Err(StaffError::Refused(
                "只有乡镇可以对因灾、因意外申报的在办案件启用绿色通道，且每件只启用一次。".into(),
            ));
        }
        let note = note.trim();
        if note.is_empty() || note.chars().count() > app::model::workflow::MAX_NOTE_CHARS {
            return Ok(Err(
                "请写明启用绿色通道的情况（受灾或意外的经过、需要先落实的帮扶），最多 1000 个字。"
                    .into(),
            ));
        }
        let sealed = self
            .vault
            .seal_note(note)
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        if self
            .store
            .fast_track(
                &record.receipt,
                record.stage.value(),
                &session.user.username,
                now(),
                &sealed,
            )
            .await?
        {
            Ok(Ok(()))
        } else {
            Ok(Err("案件刚刚有了变化，请看最新情况后再试。".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use app::model::measures::{Basis, HOUSEHOLD_TYPES, MEASURE_KINDS};

    use crate::import::Seed;

    /// Every measure kind and household type quotes its document word for word, in a
    /// section of the label it names.
    #[test]
    fn every_basis_is_the_seed_s_own_words() {
        let seed = Seed::embedded().expect("seed");
        let bases: Vec<&Basis> = MEASURE_KINDS
            .iter()
            .map(|k| &k.basis)
            .chain(HOUSEHOLD_TYPES.iter().map(|t| &t.basis))
            .collect();
        assert_eq!(bases.len(), 14);
        for basis in bases {
            let document = seed
                .documents
                .iter()
                .find(|d| d.id == basis.document)
                .unwrap_or_else(|| panic!("{basis:?}: no such document"));
            assert!(
                document
                    .sections
                    .iter()
                    .any(|s| s.label == basis.section && s.body.contains(basis.quote)),
                "{basis:?}: not in the named section"
            );
        }
    }
}
