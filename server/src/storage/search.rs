//! What the Q&A lookup indexes: every Q&A entry (linked to the section its quote comes
//! from), every document section, and every interpretation staff wrote (as a passage).

use std::collections::HashMap;

use app::model::search::HitKind;
use sqlx::Row;

use super::{StorageError, Store};
use crate::search::{locate_quote, Corpus, Entry};

/// (position, heading, body) of a document's sections.
type Sections = Vec<(i64, String, String)>;

impl Store {
    /// The corpus of the lookup, read in one go.
    pub async fn search_corpus(&self) -> Result<Corpus, StorageError> {
        let titles: HashMap<String, String> = sqlx::query("SELECT id, title FROM documents")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("title")?)))
            .collect::<Result<_, sqlx::Error>>()?;
        let rows = sqlx::query(
            "SELECT id, document_id, position, heading, label, body FROM document_sections \
             ORDER BY document_id, position",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut entries = Vec::new();
        let mut sections: HashMap<String, Sections> = HashMap::new();
        for row in &rows {
            let document_id: String = row.try_get("document_id")?;
            let position: i64 = row.try_get("position")?;
            let heading: String = row.try_get("heading")?;
            let label: String = row.try_get("label")?;
            let body: String = row.try_get("body")?;
            let title = titles.get(&document_id).cloned().unwrap_or_default();
            entries.push(Entry {
                kind: HitKind::Section,
                id: row.try_get("id")?,
                title: label.clone(),
                body: body.clone(),
                quote: None,
                keywords: String::new(),
                source: format!("《{title}》{label}"),
                url: format!("/policies/{document_id}#s-{position}"),
            });
            sections
                .entry(document_id)
                .or_default()
                .push((position, heading, body));
        }
        let answers = sqlx::query(
            "SELECT id, question, answer, quote, document_id, source_section, keywords_json \
             FROM qa_entries ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in &answers {
            let document_id: String = row.try_get("document_id")?;
            let quote: String = row.try_get("quote")?;
            let label: String = row.try_get("source_section")?;
            let keywords: String = row.try_get("keywords_json")?;
            let keywords: Vec<String> = serde_json::from_str(&keywords).unwrap_or_default();
            let title = titles.get(&document_id).cloned().unwrap_or_default();
            let position = sections
                .get(&document_id)
                .and_then(|s| locate_quote(s, &quote, &label));
            let url = match position {
                Some(position) => format!("/policies/{document_id}#s-{position}"),
                None => format!("/policies/{document_id}"),
            };
            entries.push(Entry {
                kind: HitKind::Qa,
                id: row.try_get("id")?,
                title: row.try_get("question")?,
                body: row.try_get("answer")?,
                quote: Some(quote),
                keywords: keywords.join(" "),
                source: format!("《{title}》{label}"),
                url,
            });
        }
        for stored in self.interpretations_stored(None).await? {
            let summary = &stored.summary;
            entries.push(Entry {
                kind: HitKind::Section,
                id: format!("jd-{}", summary.id),
                title: format!("解读：{}", summary.title),
                body: crate::markdown::plain_text(&stored.markdown),
                quote: None,
                keywords: String::new(),
                source: format!(
                    "对《{}》{}的解读",
                    summary.document_title, summary.source_section
                ),
                url: summary.href(),
            });
        }
        Ok(Corpus { entries })
    }
}
