//! Self-reports in SQL. What is stored is already sealed and hashed by the report desk
//! (`crate::reports`); this module only keeps rows, durably and exactly once.

use app::model::workflow::Stage;
use sqlx::Row;

use super::{StorageError, Store};

/// A report ready to store: personal data sealed, identifiers hashed.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub receipt: String,
    pub token: String,
    pub village_id: String,
    pub household_size: i64,
    /// Risk type values joined by `,`.
    pub risk_types: String,
    pub reporter: String,
    pub id_hash: String,
    pub id_masked: String,
    pub phone_tail_hash: String,
    pub content_hash: String,
    pub sealed: String,
    /// Unix seconds.
    pub submitted_at: i64,
    /// `YYYY-MM-DD`, China time.
    pub submitted_on: String,
}

/// What storing a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// A new case with this receipt.
    Created(String),
    /// The same submission was stored before; its receipt.
    Existing(String),
    /// The form's token was used before for a different report: nothing stored, and the
    /// other report's receipt is not told.
    TokenUsed,
}

/// One stored report, without its sealed data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub receipt: String,
    pub village_id: String,
    pub village_name: String,
    pub id_masked: String,
    pub phone_tail_hash: String,
    pub stage: Stage,
    pub submitted_on: String,
    pub sealed: String,
}

/// One change of stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportEvent {
    pub stage: Stage,
    pub on_day: String,
}

const REPORT_COLUMNS: [&str; 15] = [
    "receipt",
    "idempotency_token",
    "village_id",
    "household_size",
    "risk_types",
    "reporter",
    "id_hash",
    "id_masked",
    "phone_tail_hash",
    "content_hash",
    "sealed",
    "stage",
    "submitted_at",
    "submitted_on",
    // Bound last: the start of the window in which the same content counts as a retry.
    "window_start",
];

impl Store {
    /// Stores a report in one transaction, committed (and on SQLite synced) before this
    /// returns. A second call with the same token and the same content, or with the same
    /// content within `dedupe_window` seconds, stores nothing and returns the first receipt;
    /// the same token with other content stores nothing and says so ([`Stored::TokenUsed`]). A receipt that
    /// is already taken fails with a unique violation; the caller draws a new one.
    pub async fn insert_report(
        &self,
        report: &NewReport,
        dedupe_window: i64,
    ) -> Result<Stored, StorageError> {
        let mut tx = self.pool.begin().await?;
        // The write comes first, so SQLite takes its write lock at once and concurrent
        // submissions queue (busy timeout) instead of failing on a stale read.
        let columns = &REPORT_COLUMNS[..14];
        let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "INSERT INTO reports ({}) SELECT {} \
             WHERE NOT EXISTS (SELECT 1 FROM reports WHERE content_hash = $10 AND submitted_at >= $15) \
             ON CONFLICT (idempotency_token) DO NOTHING",
            columns.join(", "),
            placeholders.join(", ")
        );
        let inserted = sqlx::query(&sql)
            .bind(&report.receipt)
            .bind(&report.token)
            .bind(&report.village_id)
            .bind(report.household_size)
            .bind(&report.risk_types)
            .bind(&report.reporter)
            .bind(&report.id_hash)
            .bind(&report.id_masked)
            .bind(&report.phone_tail_hash)
            .bind(&report.content_hash)
            .bind(&report.sealed)
            .bind(Stage::Submitted.value())
            .bind(report.submitted_at)
            .bind(&report.submitted_on)
            .bind(report.submitted_at - dedupe_window)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if inserted == 0 {
            // Either this token was used, or the same content came within the window.
            let by_token = sqlx::query(
                "SELECT receipt, content_hash FROM reports WHERE idempotency_token = $1",
            )
            .bind(&report.token)
            .fetch_optional(&mut *tx)
            .await?;
            let stored = if let Some(row) = by_token {
                let hash: String = row.try_get("content_hash")?;
                if hash == report.content_hash {
                    Stored::Existing(row.try_get("receipt")?)
                } else {
                    Stored::TokenUsed
                }
            } else {
                let row = sqlx::query(
                    "SELECT receipt FROM reports WHERE content_hash = $1 AND submitted_at >= $2 \
                     ORDER BY submitted_at LIMIT 1",
                )
                .bind(&report.content_hash)
                .bind(report.submitted_at - dedupe_window)
                .fetch_one(&mut *tx)
                .await?;
                Stored::Existing(row.try_get("receipt")?)
            };
            tx.commit().await?;
            return Ok(stored);
        }
        sqlx::query(
            "INSERT INTO report_events (receipt, position, stage, at, on_day, actor, note) \
             VALUES ($1, 0, $2, $3, $4, $5, $6)",
        )
        .bind(&report.receipt)
        .bind(Stage::Submitted.value())
        .bind(report.submitted_at)
        .bind(&report.submitted_on)
        .bind(&report.reporter)
        .bind("")
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Stored::Created(report.receipt.clone()))
    }

    /// One report by its receipt code.
    pub async fn report_by_receipt(
        &self,
        receipt: &str,
    ) -> Result<Option<ReportRow>, StorageError> {
        let row = sqlx::query(
            "SELECT r.receipt, r.village_id, r.id_masked, r.phone_tail_hash, r.stage, \
             r.submitted_on, r.sealed, v.name AS village, t.name AS town, c.name AS county \
             FROM reports r LEFT JOIN divisions v ON v.code = r.village_id \
             LEFT JOIN divisions t ON t.code = v.parent \
             LEFT JOIN divisions c ON c.code = t.parent WHERE r.receipt = $1",
        )
        .bind(receipt)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let village_id: String = row.try_get("village_id")?;
        Ok(Some(ReportRow {
            receipt: row.try_get("receipt")?,
            village_name: village_label(&row, &village_id)?,
            village_id,
            id_masked: row.try_get("id_masked")?,
            phone_tail_hash: row.try_get("phone_tail_hash")?,
            stage: super::stage_of(&row)?,
            submitted_on: row.try_get("submitted_on")?,
            sealed: row.try_get("sealed")?,
        }))
    }

    /// The stage changes of a report, oldest first.
    pub async fn report_events(&self, receipt: &str) -> Result<Vec<ReportEvent>, StorageError> {
        let rows = sqlx::query(
            "SELECT stage, on_day FROM report_events WHERE receipt = $1 ORDER BY position",
        )
        .bind(receipt)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ReportEvent {
                    stage: super::stage_of(row)?,
                    on_day: row.try_get("on_day")?,
                })
            })
            .collect()
    }

    /// How many reports are stored; used by tests and the crash check.
    pub async fn count_reports(&self) -> Result<i64, StorageError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM reports")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}

/// `老里旗村（兴仁市 大山镇）` from a row with `village`, `town` and `county` (left joins);
/// the code itself when the divisions do not name it.
pub(super) fn village_label(row: &sqlx::any::AnyRow, code: &str) -> Result<String, StorageError> {
    let village: Option<String> = row.try_get("village")?;
    let town: Option<String> = row.try_get("town")?;
    let county: Option<String> = row.try_get("county")?;
    Ok(match (village, town, county) {
        (Some(village), Some(town), Some(county)) => format!("{village}（{county} {town}）"),
        (Some(village), _, _) => village,
        _ => code.to_string(),
    })
}
