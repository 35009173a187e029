//! Documents: the library's list and one document with its sections, as stored by the seed
//! import.

use app::model::{DocumentDetail, DocumentSection, DocumentSummary, PortError};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{port_err, Store};

/// The columns [`document_summary`] reads, for every query that lists documents.
pub(super) const DOCUMENT_COLUMNS: &str =
    "id, title, doc_type, issuing_body, document_number, date_text, date_sort, region, summary";

pub(super) fn document_summary(row: &AnyRow) -> Result<DocumentSummary, sqlx::Error> {
    Ok(DocumentSummary {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        doc_type: row.try_get("doc_type")?,
        issuing_body: row.try_get("issuing_body")?,
        document_number: row.try_get("document_number")?,
        date: row.try_get("date_text")?,
        date_sort: row.try_get("date_sort")?,
        region: row.try_get("region")?,
        summary: row.try_get("summary")?,
    })
}

/// The text problems, related documents and title note kept whole in `details_json`.
fn document_details(
    json: &str,
) -> (
    Vec<String>,
    Vec<app::model::RelatedDocument>,
    Option<String>,
) {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let text = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    let issues = value
        .get("text_issues")
        .and_then(serde_json::Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let related = value
        .get("related_documents")
        .and_then(serde_json::Value::as_array)
        .map(|list| {
            list.iter()
                .map(|r| app::model::RelatedDocument {
                    title: text(r, "title").unwrap_or_default(),
                    relation: text(r, "relation").unwrap_or_default(),
                    issuer: text(r, "issuer"),
                    document_number: text(r, "document_number"),
                    date: text(r, "date"),
                    quote: r.get("source").and_then(|s| text(s, "quote")),
                })
                .collect()
        })
        .unwrap_or_default();
    (issues, related, text(&value, "title_note"))
}

impl Store {
    /// Every document, newest first, undated last.
    pub(super) async fn document_list(&self) -> Result<Vec<DocumentSummary>, PortError> {
        let rows = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents \
             ORDER BY date_sort IS NULL, date_sort DESC, id"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(port_err)?;
        rows.iter()
            .map(document_summary)
            .collect::<Result<Vec<_>, _>>()
            .map_err(port_err)
    }

    /// One document with its sections, text problems, relations and interpretations.
    pub(super) async fn document_detail(&self, id: &str) -> Result<DocumentDetail, PortError> {
        let row = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS}, details_json FROM documents WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(port_err)?
        .ok_or_else(|| PortError::not_found(format!("document {id}")))?;
        let document = document_summary(&row).map_err(port_err)?;
        let details: String = row.try_get("details_json").map_err(port_err)?;
        let (text_issues, related, title_note) = document_details(&details);
        let sections = sqlx::query(
            "SELECT position, level, heading, heading_is_editorial, label, body \
             FROM document_sections WHERE document_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(port_err)?
        .iter()
        .map(|row| {
            Ok(DocumentSection {
                position: row.try_get("position")?,
                level: row.try_get("level")?,
                heading: row.try_get("heading")?,
                heading_is_editorial: row.try_get::<i64, _>("heading_is_editorial")? != 0,
                label: row.try_get("label")?,
                body: row.try_get("body")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(port_err)?;
        let interpretations = self
            .interpretations_stored(Some(id))
            .await?
            .into_iter()
            .map(|stored| stored.summary)
            .collect();
        let answers =
            sqlx::query("SELECT id, question FROM qa_entries WHERE document_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await
                .map_err(port_err)?
                .iter()
                .map(|row| Ok((row.try_get("id")?, row.try_get("question")?)))
                .collect::<Result<_, sqlx::Error>>()
                .map_err(port_err)?;
        Ok(DocumentDetail {
            document,
            sections,
            text_issues,
            related,
            title_note,
            interpretations,
            answers,
        })
    }
}
