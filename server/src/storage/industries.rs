//! The ten industries: their stored details (belts, varieties, notes) with the figures that
//! concern them, shaped for `/industries`.

use std::collections::HashMap;

use app::model::industries::{
    progress_pairs, sort_figures, Belt, IndustryDetail, IndustryFigure, Variety,
};
use app::model::SourceRef;
use serde_json::Value;
use sqlx::Row;

use super::{StorageError, Store};

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn texts(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The quote and source of a `{"quote", "source_file", "source_section"}` object.
fn sourced(
    value: Option<&Value>,
    titles: &HashMap<String, (String, String)>,
) -> (String, SourceRef) {
    let value = value.unwrap_or(&Value::Null);
    let (document_id, document_title) = titles
        .get(&text(value, "source_file"))
        .cloned()
        .unwrap_or_default();
    (
        text(value, "quote"),
        SourceRef {
            document_id,
            document_title,
            section: text(value, "source_section"),
        },
    )
}

impl Store {
    /// Every industry in the documents' order, with its figures and details.
    pub async fn load_industries(&self) -> Result<Vec<IndustryDetail>, StorageError> {
        let set = self.load_indicator_set().await?;
        let records: HashMap<&str, _> = set.indicators.iter().map(|r| (r.id.as_str(), r)).collect();
        let titles = self.document_titles().await?;
        let pairings = self.target_pairs().await?;
        let mut links: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
        for row in sqlx::query(
            "SELECT industry_slug, indicator_id, relation, relation_note FROM industry_indicators",
        )
        .fetch_all(&self.pool)
        .await?
        {
            links
                .entry(row.try_get("industry_slug")?)
                .or_default()
                .push((
                    row.try_get("indicator_id")?,
                    row.try_get("relation")?,
                    row.try_get("relation_note")?,
                ));
        }
        let rows = sqlx::query(
            "SELECT i.slug, i.name, i.listed_quote, i.document_id, d.title AS document_title, \
             i.source_section, i.details_json \
             FROM industries i JOIN documents d ON d.id = i.document_id ORDER BY i.position",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut industries = Vec::with_capacity(rows.len());
        for row in &rows {
            let slug: String = row.try_get("slug")?;
            let details: String = row.try_get("details_json")?;
            let details: Value = serde_json::from_str(&details).unwrap_or(Value::Null);
            let mut figures: Vec<IndustryFigure> = links
                .remove(&slug)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(id, relation, relation_note)| {
                    Some(IndustryFigure {
                        record: (*records.get(id.as_str())?).clone(),
                        relation,
                        relation_note,
                    })
                })
                .collect();
            sort_figures(&mut figures);
            let progress = progress_pairs(
                &figures.iter().map(|f| f.record.clone()).collect::<Vec<_>>(),
                |target, start| {
                    pairings
                        .iter()
                        .find(|p| {
                            p.target == target
                                && p.base == start
                                && p.status != app::model::targets::PairStatus::Undone
                        })
                        .map(|p| match p.judged {
                            app::model::targets::Judged::Editor => p.note.clone(),
                            app::model::targets::Judged::Document => String::new(),
                        })
                },
            );
            let belts = details
                .get("belts_and_areas")
                .and_then(Value::as_array)
                .map(|belts| {
                    belts
                        .iter()
                        .map(|belt| {
                            let (quote, source) = sourced(belt.get("source"), &titles);
                            Belt {
                                name: text(belt, "belt"),
                                areas: texts(belt, "areas"),
                                altitude: text(belt, "altitude"),
                                industries: texts(belt, "industries_in_belt"),
                                quote,
                                source,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let varieties = details
                .get("local_varieties")
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .map(|item| {
                            let (quote, source) = sourced(item.get("source"), &titles);
                            Variety {
                                name: text(item, "name"),
                                quote,
                                source,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            industries.push(IndustryDetail {
                name: row.try_get("name")?,
                listed_quote: row.try_get("listed_quote")?,
                listed_source: SourceRef {
                    document_id: row.try_get("document_id")?,
                    document_title: row.try_get("document_title")?,
                    section: row.try_get("source_section")?,
                },
                figures,
                figures_note: text(&details, "quantitative_note"),
                progress,
                belts,
                varieties,
                slug,
            });
        }
        Ok(industries)
    }
}
