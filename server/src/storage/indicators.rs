//! The sourced figures: read for `/data` and the open data, and written by
//! `server import-indicators` (checked rows only, all in one transaction).

use std::collections::{HashMap, HashSet};

use app::model::indicators::{IndicatorRecord, IndicatorSet, IndustryName};
use app::model::SourceRef;
use sqlx::Row;

use super::seed_import::{upsert, Val};
use super::{StorageError, Store};
use crate::import::indicators::IndicatorRow;

/// What an import of figures did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiguresImported {
    pub added: usize,
    pub updated: usize,
}

impl Store {
    /// Every figure with its document's title and its industries, and every industry.
    pub async fn load_indicator_set(&self) -> Result<IndicatorSet, StorageError> {
        let mut links: HashMap<String, Vec<String>> = HashMap::new();
        for row in sqlx::query(
            "SELECT l.indicator_id, l.industry_slug FROM industry_indicators l \
             JOIN industries i ON i.slug = l.industry_slug ORDER BY i.position",
        )
        .fetch_all(&self.pool)
        .await?
        {
            links
                .entry(row.try_get("indicator_id")?)
                .or_default()
                .push(row.try_get("industry_slug")?);
        }
        let indicators = sqlx::query(
            "SELECT i.id, i.indicator, i.region, i.value, i.value_text, i.unit, i.qualifier, \
             i.year, i.kind, i.quote, i.document_id, d.title AS document_title, \
             i.source_section, i.category, i.notes \
             FROM indicators i JOIN documents d ON d.id = i.document_id ORDER BY i.id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            Ok(IndicatorRecord {
                industries: links.remove(&id).unwrap_or_default(),
                id,
                indicator: row.try_get("indicator")?,
                region: row.try_get("region")?,
                value: row.try_get("value")?,
                value_text: row.try_get("value_text")?,
                unit: row.try_get("unit")?,
                qualifier: row.try_get("qualifier")?,
                year: row.try_get("year")?,
                kind: row.try_get("kind")?,
                quote: row.try_get("quote")?,
                source: SourceRef {
                    document_id: row.try_get("document_id")?,
                    document_title: row.try_get("document_title")?,
                    section: row.try_get("source_section")?,
                },
                category: row.try_get("category")?,
                notes: row.try_get("notes")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let industries = sqlx::query("SELECT slug, name FROM industries ORDER BY position")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok(IndustryName {
                    slug: row.try_get("slug")?,
                    name: row.try_get("name")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(IndicatorSet {
            indicators,
            industries,
        })
    }

    /// The ids of the stored documents, which a figure must cite.
    pub async fn document_ids(&self) -> Result<HashSet<String>, StorageError> {
        let rows = sqlx::query("SELECT id FROM documents")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| row.try_get("id").map_err(StorageError::from))
            .collect()
    }

    /// The industries by name, with their slugs.
    pub async fn industry_slugs(&self) -> Result<HashMap<String, String>, StorageError> {
        let rows = sqlx::query("SELECT name, slug FROM industries")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("name")?, row.try_get("slug")?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StorageError::from)
    }

    /// Stores checked figures in one transaction: a figure with a known id is updated, a new
    /// one added, and its industry links replaced by the row's; each is marked as edited by
    /// `editor`, so a later seed re-import leaves it alone. `progress` is called after each
    /// row.
    pub async fn import_indicators(
        &self,
        rows: &[IndicatorRow],
        editor: &str,
        mut progress: impl FnMut(),
    ) -> Result<FiguresImported, StorageError> {
        let now = crate::calendar::unix_now();
        let existing: HashSet<String> = sqlx::query("SELECT id FROM indicators")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<Result<_, sqlx::Error>>()?;
        let mut tx = self.pool.begin().await?;
        let mut imported = FiguresImported {
            added: 0,
            updated: 0,
        };
        for row in rows {
            upsert(
                &mut tx,
                "indicators",
                &["id"],
                &[
                    "id",
                    "indicator",
                    "region",
                    "value",
                    "value_text",
                    "unit",
                    "qualifier",
                    "year",
                    "kind",
                    "quote",
                    "quote_match",
                    "document_id",
                    "source_section",
                    "category",
                    "related_industry",
                    "notes",
                    "edited_by",
                    "edited_at",
                ],
                vec![
                    (&row.id).into(),
                    (&row.indicator).into(),
                    (&row.region).into(),
                    Val::Real(row.value),
                    (&row.value_text).into(),
                    (&row.unit).into(),
                    (&row.qualifier).into(),
                    (&row.year).into(),
                    (&row.kind).into(),
                    (&row.quote).into(),
                    "imported".into(),
                    (&row.document_id).into(),
                    (&row.source_section).into(),
                    (&row.category).into(),
                    (&row.related_industry).into(),
                    (&row.notes).into(),
                    editor.into(),
                    Val::Int(now),
                ],
            )
            .await?;
            sqlx::query("DELETE FROM industry_indicators WHERE indicator_id = $1")
                .bind(&row.id)
                .execute(&mut *tx)
                .await?;
            for (slug, relation) in &row.links {
                sqlx::query(
                    "INSERT INTO industry_indicators (industry_slug, indicator_id, relation, relation_note) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(slug)
                .bind(&row.id)
                .bind(relation)
                .bind("导入文件的 related_industry 列")
                .execute(&mut *tx)
                .await?;
            }
            if existing.contains(&row.id) {
                imported.updated += 1;
            } else {
                imported.added += 1;
            }
            progress();
        }
        tx.commit().await?;
        Ok(imported)
    }
}
