//! Reading the `/regions` content: the classifications kept whole as JSON at import, the
//! documents' titles and dates, and the county table in the plan's order. The page's tables
//! and charts are shaped from it by `crate::regions`.

use std::collections::HashMap;

use app::model::{PortError, RegionsOverview, SourceRef};
use serde_json::Value;
use sqlx::Row;

use super::{port_err, Store};
use crate::regions::{CountyRow, RegionsData};

impl Store {
    pub(super) async fn regions_overview(&self) -> Result<RegionsOverview, PortError> {
        let documents = self.document_titles().await.map_err(port_err)?;
        let dates: HashMap<String, String> = sqlx::query("SELECT id, date_text FROM documents")
            .fetch_all(&self.pool)
            .await
            .map_err(port_err)?
            .iter()
            .filter_map(|row| {
                let id: String = row.try_get("id").ok()?;
                let date: Option<String> = row.try_get("date_text").ok()?;
                Some((id, date?))
            })
            .collect();
        let rows = sqlx::query("SELECT id, details_json FROM classifications")
            .fetch_all(&self.pool)
            .await
            .map_err(port_err)?;
        let mut details: HashMap<String, Value> = HashMap::new();
        for row in &rows {
            let id: String = row.try_get("id").map_err(port_err)?;
            let json: String = row.try_get("details_json").map_err(port_err)?;
            let value = serde_json::from_str(&json)
                .map_err(|e| PortError::internal(format!("classification {id}: {e}")))?;
            details.insert(id, value);
        }
        let counties = sqlx::query(
            "SELECT c.name, c.county_type, c.class, c.key_assistance, c.former_poverty, \
             c.document_id, d.title, c.source_section \
             FROM counties c JOIN documents d ON d.id = c.document_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(port_err)?
        .iter()
        .map(|row| {
            Ok(CountyRow {
                name: row.try_get("name")?,
                county_type: row.try_get("county_type")?,
                class: row.try_get("class")?,
                key_assistance: row.try_get("key_assistance")?,
                former_poverty: row.try_get("former_poverty")?,
                source: SourceRef {
                    document_id: row.try_get("document_id")?,
                    document_title: row.try_get("title")?,
                    section: row.try_get("source_section")?,
                },
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(port_err)?;
        let mut counties = counties;
        // The plan's own order: leading, then pushing, then consolidating counties.
        counties.sort_by_key(|c| {
            let rank = ["引领示范", "重点推进", "夯实基础"]
                .iter()
                .position(|k| c.class.contains(k))
                .unwrap_or(9);
            (rank, super::pilots::sort_name(&c.name))
        });

        Ok(crate::regions::overview(&RegionsData {
            documents,
            dates,
            details,
            counties,
        }))
    }
}
