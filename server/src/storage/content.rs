//! Editing published content through the staff workspace: Q&A entries. Each edit records
//! its editor and time on the row (so a seed re-import leaves it alone); the audit trail
//! holds why.

use app::model::staff::QaForm;
use sqlx::Row;

use super::{StorageError, Store};

impl Store {
    /// Every Q&A entry as (id, question, edited by).
    pub async fn qa_list(&self) -> Result<Vec<(String, String, String, String)>, StorageError> {
        let rows =
            sqlx::query("SELECT id, question, edited_by, document_id FROM qa_entries ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("id")?,
                    row.try_get("question")?,
                    row.try_get("edited_by")?,
                    row.try_get("document_id")?,
                ))
            })
            .collect()
    }

    /// One Q&A entry as the edit form holds it.
    pub async fn qa_form(&self, id: &str) -> Result<Option<QaForm>, StorageError> {
        let row = sqlx::query(
            "SELECT id, question, answer, quote, document_id, source_section, keywords_json \
             FROM qa_entries WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let keywords: String = row.try_get("keywords_json")?;
        let keywords: Vec<String> = serde_json::from_str(&keywords).unwrap_or_default();
        Ok(Some(QaForm {
            id: row.try_get("id")?,
            question: row.try_get("question")?,
            answer: row.try_get("answer")?,
            quote: row.try_get("quote")?,
            document_id: row.try_get("document_id")?,
            source_section: row.try_get("source_section")?,
            keywords: keywords.join("，"),
            reason: String::new(),
        }))
    }

    /// (id, title) of every document.
    pub async fn document_choices(&self) -> Result<Vec<(String, String)>, StorageError> {
        let rows = sqlx::query("SELECT id, title FROM documents ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("title")?)))
            .collect()
    }

    /// The section bodies of a document, in order.
    pub async fn document_bodies(&self, id: &str) -> Result<Vec<String>, StorageError> {
        let rows = sqlx::query(
            "SELECT body FROM document_sections WHERE document_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| Ok(row.try_get("body")?)).collect()
    }

    /// Stores a checked edit of an existing entry; `false` when there is no such entry.
    pub async fn update_qa(
        &self,
        form: &QaForm,
        editor: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let keywords = serde_json::Value::from(form.keyword_list()).to_string();
        let done = sqlx::query(
            "UPDATE qa_entries SET question = $1, answer = $2, quote = $3, quote_match = 'edited', \
             document_id = $4, source_section = $5, keywords_json = $6, edited_by = $7, edited_at = $8 \
             WHERE id = $9",
        )
        .bind(&form.question)
        .bind(&form.answer)
        .bind(&form.quote)
        .bind(&form.document_id)
        .bind(&form.source_section)
        .bind(&keywords)
        .bind(editor)
        .bind(now)
        .bind(&form.id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// (id, region as the document names it) of every document.
    pub async fn document_regions(&self) -> Result<Vec<(String, String)>, StorageError> {
        let rows = sqlx::query("SELECT id, region FROM documents ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("region")?)))
            .collect()
    }

    /// The prefectures the catalogue puts a county in.
    pub async fn county_prefectures(&self, county: &str) -> Result<Vec<String>, StorageError> {
        let rows = sqlx::query("SELECT DISTINCT prefecture FROM pilots WHERE county = $1")
            .bind(county)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| row.try_get("prefecture").map_err(StorageError::from))
            .collect()
    }

    /// The documents of the stored figures with these ids, as (id, document id).
    pub async fn indicator_documents(
        &self,
        ids: &[String],
    ) -> Result<Vec<(String, String)>, StorageError> {
        let mut found = Vec::new();
        for chunk in ids.chunks(200) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
            let sql = format!(
                "SELECT id, document_id FROM indicators WHERE id IN ({})",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            for row in query.fetch_all(&self.pool).await? {
                found.push((row.try_get("id")?, row.try_get("document_id")?));
            }
        }
        Ok(found)
    }
}
