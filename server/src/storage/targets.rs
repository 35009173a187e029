//! The pairings of targets with baselines (`target_pairs`) and the board made of them.

use app::model::targets::{Judged, PairStatus, TargetPair, TargetsBoard};
use sqlx::Row;

use super::{StorageError, Store};

impl Store {
    /// Every pairing, as shipped or as staff decided.
    pub async fn target_pairs(&self) -> Result<Vec<TargetPair>, StorageError> {
        let rows = sqlx::query(
            "SELECT target_id, base_id, judged, note, status, decided_by, decided_at \
             FROM target_pairs ORDER BY target_id, base_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let judged: String = row.try_get("judged")?;
                let status: String = row.try_get("status")?;
                let decided_at: i64 = row.try_get("decided_at")?;
                Ok(TargetPair {
                    target: row.try_get("target_id")?,
                    base: row.try_get("base_id")?,
                    judged: if judged == "document" {
                        Judged::Document
                    } else {
                        Judged::Editor
                    },
                    note: row.try_get("note")?,
                    status: PairStatus::parse(&status).unwrap_or(PairStatus::Proposed),
                    decided_by: row.try_get("decided_by")?,
                    decided_on: if decided_at == 0 {
                        String::new()
                    } else {
                        super::china_day(decided_at)
                    },
                })
            })
            .collect()
    }

    /// Records a staff member's decision on one pairing; `false` when there is no such pair.
    pub async fn decide_target_pair(
        &self,
        target: &str,
        base: &str,
        status: PairStatus,
        by: &str,
        at: i64,
    ) -> Result<bool, StorageError> {
        let changed = sqlx::query(
            "UPDATE target_pairs SET status = $1, decided_by = $2, decided_at = $3 \
             WHERE target_id = $4 AND base_id = $5",
        )
        .bind(status.as_str())
        .bind(by)
        .bind(at)
        .bind(target)
        .bind(base)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed > 0)
    }

    /// The targets board: every target figure with its pairings shown.
    pub async fn targets_board(&self) -> Result<TargetsBoard, StorageError> {
        let figures = self.load_indicator_set().await?.indicators;
        let pairs = self.target_pairs().await?;
        Ok(TargetsBoard::build(&figures, &pairs))
    }
}
