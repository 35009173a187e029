//! The home page's overview: counts of what the portal holds, pilots by level with the
//! sections that list them, and the newest documents.

use std::collections::BTreeMap;

use app::model::{HomeOverview, LevelCount, PortError, SourceRef};
use sqlx::Row;

use super::documents::{document_summary, DOCUMENT_COLUMNS};
use super::{port_err, Store};

/// Orders pilot levels as the documents rank them: 省级, then 州级/市级/区级, then no level.
pub(crate) fn level_rank(level: &str) -> u8 {
    match level {
        "省级" => 0,
        "州级" | "市级" => 1,
        "区级" | "县级" => 2,
        "" => 9,
        _ => 5,
    }
}

impl Store {
    /// The home page's counts and newest documents.
    pub(super) async fn overview(&self) -> Result<HomeOverview, PortError> {
        let count = |sql: &'static str| async move {
            let row = sqlx::query(sql).fetch_one(&self.pool).await?;
            row.try_get::<i64, _>("n")
        };
        let pilots = count("SELECT COUNT(*) AS n FROM pilots")
            .await
            .map_err(port_err)?;
        let industries = count("SELECT COUNT(*) AS n FROM industries")
            .await
            .map_err(port_err)?;
        let documents = count("SELECT COUNT(*) AS n FROM documents")
            .await
            .map_err(port_err)?;
        let interpretations =
            count("SELECT COUNT(*) AS n FROM documents WHERE doc_type LIKE '%解读%'")
                .await
                .map_err(port_err)?;
        let qa_entries = count("SELECT COUNT(*) AS n FROM qa_entries")
            .await
            .map_err(port_err)?;
        let indicators = count("SELECT COUNT(*) AS n FROM indicators")
            .await
            .map_err(port_err)?;

        let rows = sqlx::query(
            "SELECT p.level, p.document_id, d.title, p.source_section, COUNT(*) AS n \
             FROM pilots p JOIN documents d ON d.id = p.document_id \
             GROUP BY p.level, p.document_id, d.title, p.source_section \
             ORDER BY p.document_id, p.source_section",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(port_err)?;
        let mut levels: BTreeMap<(u8, String), LevelCount> = BTreeMap::new();
        for row in &rows {
            let level: String = row.try_get("level").map_err(port_err)?;
            let n: i64 = row.try_get("n").map_err(port_err)?;
            let entry = levels
                .entry((level_rank(&level), level.clone()))
                .or_insert_with(|| LevelCount {
                    level,
                    count: 0,
                    sources: Vec::new(),
                });
            entry.count += n;
            entry.sources.push(SourceRef {
                document_id: row.try_get("document_id").map_err(port_err)?,
                document_title: row.try_get("title").map_err(port_err)?,
                section: row.try_get("source_section").map_err(port_err)?,
            });
        }

        let latest = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents \
             ORDER BY date_sort IS NULL, date_sort DESC, id LIMIT 5"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(port_err)?;
        let latest_documents = latest
            .iter()
            .map(document_summary)
            .collect::<Result<Vec<_>, _>>()
            .map_err(port_err)?;

        Ok(HomeOverview {
            pilot_levels: levels.into_values().collect(),
            pilots,
            industries,
            documents,
            interpretations,
            qa_entries,
            indicators,
            latest_documents,
        })
    }
}
