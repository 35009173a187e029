//! What the Q&A lookup indexes: every Q&A entry (linked to the section its quote comes
//! from), every document section, and every interpretation staff wrote (as a passage).

use std::collections::HashMap;

use app::model::places::{self, Place};
use app::model::qa::QaItem;
use app::model::search::HitKind;
use sqlx::Row;

use super::{StorageError, Store};
use crate::search::{locate_quote, Corpus, Entry};

/// (position, heading, body) of a document's sections.
type Sections = Vec<(i64, String, String)>;
/// Sections as lookup entries, answers with their keywords, each document's place key.
type SectionsAndAnswers = (Vec<Entry>, Vec<(QaItem, String)>, HashMap<String, String>);

impl Store {
    /// Every curated answer as `/qa` lists it: its place, topic and the section of its
    /// quote.
    pub async fn qa_items(&self) -> Result<Vec<QaItem>, StorageError> {
        Ok(self
            .sections_and_answers()
            .await?
            .1
            .into_iter()
            .map(|(item, _)| item)
            .collect())
    }

    /// Every document section as a lookup entry; every curated answer with its keywords
    /// (space-separated), linked to the section its quote comes from; each document's place.
    async fn sections_and_answers(&self) -> Result<SectionsAndAnswers, StorageError> {
        let documents = sqlx::query("SELECT id, title, region FROM documents")
            .fetch_all(&self.pool)
            .await?;
        let mut titles: HashMap<String, String> = HashMap::new();
        let mut places: HashMap<String, &'static Place> = HashMap::new();
        for row in &documents {
            let id: String = row.try_get("id")?;
            let region: String = row.try_get("region")?;
            if let Some(place) = places::of_region(&region) {
                places.insert(id.clone(), place);
            }
            titles.insert(id, row.try_get("title")?);
        }
        let place_key = |document_id: &str| {
            places
                .get(document_id)
                .map_or(String::new(), |p| p.key.to_string())
        };
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
                url: app::model::section_href(&document_id, position),
                place: place_key(&document_id),
            });
            sections
                .entry(document_id)
                .or_default()
                .push((position, heading, body));
        }
        let rows = sqlx::query(
            "SELECT id, question, answer, quote, document_id, source_section, keywords_json, \
             topic FROM qa_entries ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut answers = Vec::new();
        for row in &rows {
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
                Some(position) => app::model::section_href(&document_id, position),
                None => format!("/policies/{document_id}"),
            };
            let place = places.get(&document_id);
            answers.push((
                QaItem {
                    id: row.try_get("id")?,
                    question: row.try_get("question")?,
                    answer: row.try_get("answer")?,
                    quote,
                    place: place.map(|p| p.label()).unwrap_or_default(),
                    place_key: place.map_or(String::new(), |p| p.key.to_string()),
                    source: format!("《{title}》{label}"),
                    url,
                    topic: row.try_get("topic")?,
                    document_id,
                },
                keywords.join(" "),
            ));
        }
        let places = places
            .into_iter()
            .map(|(document, place)| (document, place.key.to_string()))
            .collect();
        Ok((entries, answers, places))
    }

    /// The corpus of the lookup, read in one go.
    pub async fn search_corpus(&self) -> Result<Corpus, StorageError> {
        let (mut entries, answers, place_of) = self.sections_and_answers().await?;
        for (item, keywords) in answers {
            entries.push(Entry {
                kind: HitKind::Qa,
                id: item.id,
                title: item.question,
                body: item.answer,
                quote: Some(item.quote),
                keywords,
                source: item.source,
                url: item.url,
                place: item.place_key,
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
                place: place_of
                    .get(&summary.document_id)
                    .cloned()
                    .unwrap_or_default(),
            });
        }
        Ok(Corpus { entries })
    }
}
