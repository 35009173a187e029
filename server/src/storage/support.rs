//! 帮扶 in SQL: the measures of a monitored case (`case_measures`) and the 绿色通道 mark
//! (`reports.fast_track_at`), each change stored with its audit event in one transaction.

use app::model::measures::{measure_kind, MeasureView};
use sqlx::Row;

use super::{StorageError, Store};

/// One measure of a case's 帮扶计划. `note` is sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureRow {
    pub receipt: String,
    pub position: i64,
    pub kind: String,
    pub unit: String,
    pub due_on: String,
    pub note: String,
    pub added_by: String,
    pub done_on: String,
    pub done_by: String,
}

/// A measure to add.
#[derive(Debug, Clone)]
pub struct NewMeasure<'a> {
    pub receipt: &'a str,
    pub kind: &'a str,
    pub unit: &'a str,
    pub due_on: &'a str,
    /// Sealed.
    pub note: &'a str,
    pub by: &'a str,
    pub at: i64,
}

impl MeasureRow {
    /// The measure as a page shows it, with `note` (opened for staff, empty for the
    /// household).
    pub fn view(self, today: &str, note: String) -> MeasureView {
        let kind = measure_kind(&self.kind);
        MeasureView {
            position: self.position,
            label: kind.map_or_else(|| self.kind.clone(), |k| k.label.to_string()),
            plain: kind.map(|k| k.plain.to_string()).unwrap_or_default(),
            unit: self.unit,
            overdue: self.done_on.is_empty() && self.due_on.as_str() < today,
            due_on: self.due_on,
            done_on: self.done_on,
            note,
        }
    }
}

fn measure_from(row: &sqlx::any::AnyRow) -> Result<MeasureRow, StorageError> {
    Ok(MeasureRow {
        receipt: row.try_get("receipt")?,
        position: row.try_get("position")?,
        kind: row.try_get("kind")?,
        unit: row.try_get("unit")?,
        due_on: row.try_get("due_on")?,
        note: row.try_get("note")?,
        added_by: row.try_get("added_by")?,
        done_on: row.try_get("done_on")?,
        done_by: row.try_get("done_by")?,
    })
}

const MEASURE_COLUMNS: &str =
    "receipt, position, kind, unit, due_on, note, added_by, done_on, done_by";

async fn audit(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    at: i64,
    actor: &str,
    action: &str,
    receipt: &str,
    note: &str,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO audit_events (at, actor, action, receipt, from_stage, to_stage, note) \
         VALUES ($1, $2, $3, $4, '', '', $5)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(receipt)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// The measures of a case, in the order they were added.
    pub async fn measures(&self, receipt: &str) -> Result<Vec<MeasureRow>, StorageError> {
        let sql = format!(
            "SELECT {MEASURE_COLUMNS} FROM case_measures WHERE receipt = $1 ORDER BY position"
        );
        let rows = sqlx::query(&sql)
            .bind(receipt)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(measure_from).collect()
    }

    /// Every measure not yet done, for the queue's "past its date" marks.
    pub async fn open_measures(&self) -> Result<Vec<MeasureRow>, StorageError> {
        let sql = format!(
            "SELECT {MEASURE_COLUMNS} FROM case_measures WHERE done_on = '' ORDER BY due_on"
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(measure_from).collect()
    }

    /// Adds a measure with its audit event (`audit` in words, nothing personal).
    pub async fn add_measure(
        &self,
        measure: &NewMeasure<'_>,
        said: &str,
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO case_measures (receipt, position, kind, unit, due_on, note, added_by, added_at) \
             SELECT $1, COALESCE(MAX(position), -1) + 1, $2, $3, $4, $5, $6, $7 \
             FROM case_measures WHERE receipt = $1",
        )
        .bind(measure.receipt)
        .bind(measure.kind)
        .bind(measure.unit)
        .bind(measure.due_on)
        .bind(measure.note)
        .bind(measure.by)
        .bind(measure.at)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            measure.at,
            measure.by,
            "measure",
            measure.receipt,
            said,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a measure done on `on_day`; `false` (nothing stored) when there is no such
    /// open measure.
    pub async fn measure_done(
        &self,
        receipt: &str,
        position: i64,
        on_day: &str,
        by: &str,
        at: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE case_measures SET done_on = $1, done_by = $2 \
             WHERE receipt = $3 AND position = $4 AND done_on = ''",
        )
        .bind(on_day)
        .bind(by)
        .bind(receipt)
        .bind(position)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        audit(
            &mut tx,
            at,
            by,
            "measure_done",
            receipt,
            &format!("第 {} 项措施已落实", position + 1),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Puts an open case on the 绿色通道 with its sealed note; `false` when it is not open
    /// at `stage` any more or already on it.
    pub async fn fast_track(
        &self,
        receipt: &str,
        stage: &str,
        by: &str,
        at: i64,
        note: &str,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let marked = sqlx::query(
            "UPDATE reports SET fast_track_at = $1 WHERE receipt = $2 AND stage = $3 AND fast_track_at = 0",
        )
        .bind(at)
        .bind(receipt)
        .bind(stage)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if marked != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        audit(&mut tx, at, by, "fast_track", receipt, note).await?;
        tx.commit().await?;
        Ok(true)
    }
}
