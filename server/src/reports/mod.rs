//! The 防贫申报 desk: the server's [`Reports`] port. It seals personal data with the
//! [`Vault`], hashes what must be compared, draws receipt codes, stores through [`Store`]
//! and computes the promised dates in China time and working days.

pub mod routes;

use app::model::promise::{CountyRule, Promise};
use app::model::report::{
    fold_width, mask_id, normalise_receipt, receipt_from_random, Deadline, ReceiptView,
    StatusAnswer, StatusStep, StatusView, Submission, ValidReport,
};
use app::model::workflow::Stage;
use app::model::PortError;
use app::ports::{FormTokens, Reports};
use chrono::NaiveDate as Date;

pub use crate::calendar::today_in_china;
use crate::calendar::{iso, unix_now, WorkCalendar};

use crate::security::vault::{hex, random_bytes, PersonalData, Vault};
use crate::storage::{NewReport, StorageError, Store, Stored};

/// A retry with a new token but the same content within this many seconds is the same
/// report (a back button after success renders a fresh form).
pub const DEDUPE_WINDOW_SECONDS: i64 = 24 * 60 * 60;

/// Wrong phone tails allowed per receipt within [`STATUS_LOCK_WINDOW`], from any address.
pub const STATUS_FAILURES_PER_RECEIPT: i64 = 5;
/// Seconds over which wrong phone tails count.
pub const STATUS_LOCK_WINDOW: i64 = 60 * 60;
/// Seconds the submitting browser may see its receipt page.
pub const RECEIPT_VIEW_SECONDS: i64 = 30 * 60;

/// What the form says when its token was used for another report.
pub const TOKEN_USED: &str = "这张表已经提交过一份申报，刚才填的这一份还没有提交。如果这是另一户的申报，请核对下面的内容后再点一次“提交申报”；如果是刚才那一户，不用再交，凭原来的回执号查询即可。";

/// A stored `YYYY-MM-DD` day.
pub fn parse_iso(text: &str) -> Option<Date> {
    Date::parse_from_str(text, "%Y-%m-%d").ok()
}

/// What a case submitted on `submitted` is promised under `rule`: each step's last day
/// (counted one after the other when the rule gives every step its days), the whole
/// 认定's, and where they come from, all in working days of `calendar`.
pub fn promise(calendar: &WorkCalendar, rule: &CountyRule, submitted: Date) -> Promise {
    let mut at = submitted;
    let steps = rule
        .steps
        .iter()
        .map(|step| {
            if step.days == 0 {
                return Deadline {
                    step: step.name.clone(),
                    due: String::new(),
                    working_days: 0,
                    estimated: false,
                };
            }
            let reckoned = calendar.add_working_days(at, step.days);
            at = reckoned.date;
            Deadline {
                step: step.name.clone(),
                due: iso(reckoned.date),
                working_days: step.days,
                estimated: reckoned.estimated,
            }
        })
        .collect();
    let whole = calendar.add_working_days(submitted, rule.total_days);
    Promise {
        steps,
        overall: Deadline {
            step: "审定是否纳入监测帮扶，结果告诉您".into(),
            due: iso(whole.date),
            working_days: rule.total_days,
            estimated: whole.estimated,
        },
        basis: rule.basis(),
    }
}

/// The server's report desk.
#[derive(Debug, Clone)]
pub struct ReportDesk {
    store: Store,
    vault: Vault,
}

fn random_hex(bytes: usize) -> Result<String, PortError> {
    let mut buf = vec![0_u8; bytes];
    random_bytes(&mut buf).map_err(|e| PortError::internal(e.to_string()))?;
    Ok(hex(&buf))
}

fn new_receipt() -> Result<String, PortError> {
    loop {
        let mut buf = [0_u8; 16];
        random_bytes(&mut buf).map_err(|e| PortError::internal(e.to_string()))?;
        if let Some(code) = receipt_from_random(&buf) {
            return Ok(code);
        }
    }
}

fn storage_err(err: StorageError) -> PortError {
    err.into()
}

impl ReportDesk {
    pub fn new(store: Store, vault: Vault) -> Self {
        Self { store, vault }
    }

    /// The promise to a case of `village` submitted on `submitted`.
    async fn promise_for(&self, village: &str, submitted: Date) -> Result<Promise, PortError> {
        let calendar = self.store.work_calendar().await.map_err(storage_err)?;
        let rule = self
            .store
            .rule_for_village(village)
            .await
            .map_err(storage_err)?;
        Ok(promise(&calendar, &rule, submitted))
    }

    /// The hash that recognises the same report sent again.
    fn content_hash(&self, report: &ValidReport) -> String {
        let size = report.household_size.to_string();
        let risks = report.risks.join(",");
        self.vault.keyed_hash(&[
            "content",
            &report.village,
            &report.name,
            &report.id_number,
            &report.phone,
            &size,
            &risks,
            &report.description,
            &report.reporter,
        ])
    }

    fn phone_tail_hash(&self, receipt: &str, tail: &str) -> String {
        self.vault.keyed_hash(&["phone-tail", receipt, tail])
    }

    /// The proof, kept in a short-lived cookie of the browser that submitted, that it may see
    /// the receipt page of `receipt`: `<receipt>.<expiry>.<keyed hash>`.
    pub fn receipt_proof(&self, receipt: &str) -> String {
        let expires = (unix_now() + RECEIPT_VIEW_SECONDS).to_string();
        let mac = self.vault.keyed_hash(&["receipt-view", receipt, &expires]);
        format!("{receipt}.{expires}.{mac}")
    }

    /// Whether `proof` lets its browser see the receipt page of `receipt` now.
    pub fn proof_admits(&self, proof: &str, receipt: &str) -> bool {
        let mut parts = proof.splitn(3, '.');
        let (Some(code), Some(expires), Some(mac)) = (parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        let fresh = expires.parse::<i64>().is_ok_and(|at| at > unix_now());
        code == receipt
            && fresh
            && Vault::same_hash(
                mac,
                &self.vault.keyed_hash(&["receipt-view", code, expires]),
            )
    }

    /// Stores a report (see [`Reports::submit`]).
    pub async fn submit_checked(
        &self,
        report: &ValidReport,
        token: &str,
    ) -> Result<Submission, PortError> {
        Reports::submit(self, report, token).await
    }

    /// The village code a form names: a known village code, or a catalogue id of a posted
    /// form or printed poster made before codes; `None` when it names no village.
    pub async fn resolve_village(&self, raw: &str) -> Result<Option<String>, PortError> {
        self.store.resolve_village(raw).await.map_err(storage_err)
    }
}

#[async_trait::async_trait]
impl Reports for ReportDesk {
    fn new_tokens(&self) -> Result<FormTokens, PortError> {
        Ok(FormTokens {
            idempotency: random_hex(16)?,
            csrf: random_hex(16)?,
        })
    }

    async fn submit(&self, report: &ValidReport, token: &str) -> Result<Submission, PortError> {
        let sealed = self
            .vault
            .seal(&PersonalData {
                name: report.name.clone(),
                id_number: report.id_number.clone(),
                phone: report.phone.clone(),
                description: report.description.clone(),
            })
            .map_err(|e| PortError::internal(e.to_string()))?;
        let now = unix_now();
        let tail = &report.phone[report.phone.len().saturating_sub(4)..];
        // A receipt code may, rarely, be taken: draw again.
        for _ in 0..8 {
            let receipt = new_receipt()?;
            let row = NewReport {
                token: token.to_string(),
                village_id: report.village.clone(),
                household_size: i64::from(report.household_size),
                risk_types: report.risks.join(","),
                reporter: report.reporter.clone(),
                id_hash: self.vault.keyed_hash(&["id", &report.id_number]),
                id_masked: mask_id(&report.id_number),
                phone_tail_hash: self.phone_tail_hash(&receipt, tail),
                content_hash: self.content_hash(report),
                sealed: sealed.clone(),
                submitted_at: now,
                submitted_on: crate::calendar::china_day(now),
                receipt,
            };
            match self.store.insert_report(&row, DEDUPE_WINDOW_SECONDS).await {
                Ok(Stored::Created(code) | Stored::Existing(code)) => {
                    return Ok(Submission::Stored(code))
                }
                Ok(Stored::TokenUsed) => return Ok(Submission::TokenUsed),
                Err(StorageError::Database(sqlx::Error::Database(db)))
                    if db.is_unique_violation() => {}
                Err(err) => return Err(storage_err(err)),
            }
        }
        Err(PortError::internal("no free receipt code after 8 draws"))
    }

    async fn receipt(&self, code: &str) -> Result<ReceiptView, PortError> {
        let not_found = || PortError::not_found("receipt");
        let code = normalise_receipt(code).ok_or_else(not_found)?;
        let row = self
            .store
            .report_by_receipt(&code)
            .await
            .map_err(storage_err)?
            .ok_or_else(not_found)?;
        let submitted = parse_iso(&row.submitted_on).unwrap_or_else(today_in_china);
        let promise = self.promise_for(&row.village_id, submitted).await?;
        Ok(ReceiptView {
            receipt: row.receipt,
            village_name: row.village_name,
            submitted_on: row.submitted_on,
            id_masked: row.id_masked,
            promise,
        })
    }

    async fn status(&self, code: &str, phone_tail: &str) -> Result<StatusAnswer, PortError> {
        let Some(code) = normalise_receipt(code) else {
            return Ok(StatusAnswer::NotFound);
        };
        let subject = format!("receipt:{code}");
        let now = unix_now();
        let failures = self
            .store
            .login_failures_since(&subject, now - STATUS_LOCK_WINDOW)
            .await
            .map_err(storage_err)?;
        if failures >= STATUS_FAILURES_PER_RECEIPT {
            return Ok(StatusAnswer::Locked);
        }
        let tail: String = fold_width(phone_tail)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let row = if tail.len() == 4 && tail.bytes().all(|b| b.is_ascii_digit()) {
            self.store
                .report_by_receipt(&code)
                .await
                .map_err(storage_err)?
        } else {
            None
        };
        // A wrong tail counts against the code whether or not it exists, so the lock tells
        // nothing either.
        let Some(row) = row.filter(|row| {
            Vault::same_hash(&row.phone_tail_hash, &self.phone_tail_hash(&code, &tail))
        }) else {
            self.store
                .record_login_failure(&subject, now)
                .await
                .map_err(storage_err)?;
            return Ok(StatusAnswer::NotFound);
        };
        let events = self.store.report_events(&code).await.map_err(storage_err)?;
        let submitted = parse_iso(&row.submitted_on).unwrap_or_else(today_in_china);
        // The reason of the county's latest decision not to include; other notes stay with
        // the staff.
        let decline_reason = if row.stage == Stage::Declined {
            self.store
                .case_events(&code)
                .await
                .map_err(storage_err)?
                .into_iter()
                .rev()
                .find(|e| e.stage == Stage::Declined)
                .map(|e| self.vault.open_note(&e.note))
                .transpose()
                .map_err(|e| PortError::internal(e.to_string()))?
                .unwrap_or_default()
        } else {
            String::new()
        };
        let promise = self.promise_for(&row.village_id, submitted).await?;
        let last_told = self
            .store
            .last_told(&code)
            .await
            .map_err(storage_err)?
            .map(|told| format!("{}，{}", crate::storage::china_day(told.at), told.how))
            .unwrap_or_default();
        let today = iso(today_in_china());
        let measures = self
            .store
            .measures(&code)
            .await
            .map_err(storage_err)?
            .into_iter()
            .map(|row| row.view(&today, String::new()))
            .collect();
        let household_type = self
            .store
            .case(&code)
            .await
            .map_err(storage_err)?
            .map(|case| (case.household_type, case.fast_track_at > 0))
            .unwrap_or_default();
        Ok(StatusAnswer::Found(Box::new(StatusView {
            receipt: row.receipt,
            stage: row.stage,
            decline_reason,
            steps: events
                .into_iter()
                .map(|e| StatusStep {
                    stage: e.stage,
                    on: e.on_day,
                })
                .collect(),
            promise,
            last_told,
            household_type: app::model::measures::household_type(&household_type.0)
                .map(|t| t.label.to_string())
                .unwrap_or_default(),
            fast_track: household_type.1,
            measures,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse_iso(text).unwrap()
    }

    #[test]
    fn the_promise_counts_each_step_after_the_last_across_a_holiday() {
        let calendar = WorkCalendar::seed();
        let practice = CountyRule::practice("522301", "兴义市");
        // Wednesday 2026-09-30, before 国庆: 20 working days start on Thursday 10/8 (10/10,
        // a Saturday, is worked).
        let p = promise(&calendar, &practice, date("2026-09-30"));
        assert!(p.steps.iter().all(|s| s.due.is_empty()));
        assert_eq!(p.overall.due, "2026-11-03");
        assert!(!p.estimated());
        assert!(p.basis.contains("20 个工作日"));
        let mut rule = practice.clone();
        rule.rule_name = "《兴义市防止返贫动态监测和帮扶工作实施细则》".into();
        for (step, days) in rule.steps.iter_mut().zip([13, 3, 4]) {
            step.days = days;
        }
        let p = promise(&calendar, &rule, date("2026-09-30"));
        let due: Vec<&str> = p.steps.iter().map(|s| s.due.as_str()).collect();
        // 13 working days: 10/8, 9, 10, 12–16, 19–23 → 10/23; +3 → 10/28; +4 → 11/3.
        assert_eq!(due, vec!["2026-10-23", "2026-10-28", "2026-11-03"]);
        assert!(p.basis.contains("实施细则"));
        // Into 2027, whose notice is not loaded: estimated.
        let late = promise(&calendar, &rule, date("2026-12-21"));
        assert!(late.estimated());
        assert!(late.overall.due.starts_with("2027-"));
    }
}
