//! The policy Q&A lookup: an in-memory tantivy index over every curated Q&A entry and every
//! document section, built from the database at start and rebuilt when the content changes
//! (the content revision is read every two seconds, so an edit made through another server
//! instance is picked up too). See [`engine`] for how queries are matched and ranked.

pub mod engine;
pub mod text;
pub mod words;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use app::model::search::{HitKind, SearchResults};
use app::model::PortError;
use app::ports::Search;

use crate::storage::{StorageError, Store};
pub use engine::{Engine, IndexError};

/// One searchable record.
#[derive(Debug, Clone, Hash)]
pub struct Entry {
    pub kind: HitKind,
    /// `qa-001` or the section id `002-s52`.
    pub id: String,
    /// The question, or the section's label.
    pub title: String,
    /// The plain answer, or the section's text.
    pub body: String,
    /// The supporting quote of a Q&A entry.
    pub quote: Option<String>,
    /// The Q&A entry's keywords, space-separated.
    pub keywords: String,
    /// The document and section, in words.
    pub source: String,
    /// The section's address with its anchor.
    pub url: String,
    /// The key of the place its document speaks for (`qianxinan`), or empty.
    pub place: String,
}

impl Entry {
    /// The text that counts most: the question and its keywords, or the section heading.
    pub fn search_title(&self) -> String {
        answers::text::titled(&self.title, &self.keywords)
    }

    /// The rest: the answer and its quote (`answers::text::answered`), or the section's
    /// text.
    pub fn search_body(&self) -> String {
        match &self.quote {
            Some(quote) => answers::text::answered(&self.body, quote),
            None => self.body.clone(),
        }
    }

    /// A curated entry as the portable core ranks it and the browser is sent it.
    pub fn answer(&self) -> answers::book::Answer {
        answers::book::Answer {
            id: self.id.clone(),
            question: self.title.clone(),
            keywords: self.keywords.clone(),
            body: self.body.clone(),
            quote: self.quote.clone().unwrap_or_default(),
            source: self.source.clone(),
            url: self.url.clone(),
            place: self.place.clone(),
        }
    }
}

/// Everything the index is built from.
#[derive(Debug, Clone, Default, Hash)]
pub struct Corpus {
    pub entries: Vec<Entry>,
}

impl Corpus {
    /// A fingerprint of the content, to tell whether the index is stale.
    pub fn fingerprint(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.hash(&mut hasher);
        hasher.finish()
    }
}

/// The characters of `text` that carry meaning (letters, digits, Chinese), so a quote
/// matches its section whatever the punctuation's width.
fn squash(text: &str) -> String {
    text::fold_chars(text)
        .into_iter()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The section (its position) of `sections` whose text contains `quote`, or else whose
/// heading is the one named in `label` (`第四章 第二节「建立健全防止返贫监测机制」`).
pub fn locate_quote(sections: &[(i64, String, String)], quote: &str, label: &str) -> Option<i64> {
    let wanted = squash(quote);
    if !wanted.is_empty() {
        if let Some((position, _, _)) = sections
            .iter()
            .find(|(_, _, body)| squash(body).contains(&wanted))
        {
            return Some(*position);
        }
    }
    let named = label
        .split_once('「')
        .and_then(|(_, rest)| rest.split_once('」'))
        .map(|(heading, _)| squash(heading))?;
    sections
        .iter()
        .find(|(_, heading, _)| !named.is_empty() && squash(heading).contains(&named))
        .map(|(position, _, _)| *position)
}

/// Failures loading or building the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("搜索索引建立中断：{0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The lookup the pages and the API use: the current engine, swapped whole on rebuild.
pub struct Searcher {
    current: RwLock<(u64, Arc<Engine>)>,
    /// What the browser is sent to answer offline, as JSON, for the engine of that
    /// fingerprint: made the first time it is asked for.
    offline: RwLock<Option<(u64, Arc<Vec<u8>>)>>,
    /// Look-ups that may run at once: one per core, so a flood of questions leaves the
    /// other workers free for pages; one more is turned away at once ("busy"), not queued.
    running: tokio::sync::Semaphore,
}

/// Look-ups that may run at once: the cores this process may use.
fn parallel_lookups() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

impl Searcher {
    /// Builds the index from the database.
    pub async fn load(store: &Store) -> Result<Searcher, SearchError> {
        let corpus = store.search_corpus().await?;
        let fingerprint = corpus.fingerprint();
        let engine = build(corpus).await?;
        Ok(Searcher {
            current: RwLock::new((fingerprint, Arc::new(engine))),
            offline: RwLock::new(None),
            running: tokio::sync::Semaphore::new(parallel_lookups()),
        })
    }

    /// Rebuilds the index when the database's content differs from what it was built from;
    /// `true` when it did.
    pub async fn refresh(&self, store: &Store) -> Result<bool, SearchError> {
        let corpus = store.search_corpus().await?;
        let fingerprint = corpus.fingerprint();
        if fingerprint == self.fingerprint() {
            return Ok(false);
        }
        let engine = build(corpus).await?;
        *self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = (fingerprint, Arc::new(engine));
        Ok(true)
    }

    /// Reads the content revision (`site_revision`, one row the content tables' triggers
    /// count up) every `every`, and rebuilds when it has moved, for as long as the server
    /// runs: an edit made through another instance is answered here within `every` plus
    /// the rebuild.
    pub fn keep_fresh(self: &Arc<Self>, store: Store, every: Duration) {
        let searcher = Arc::clone(self);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.tick().await;
            // Unknown at first: the first tick compares the content itself, so an edit made
            // while the index was being built is not missed.
            let mut seen: Option<i64> = None;
            loop {
                ticks.tick().await;
                let now = match store.site_revision().await {
                    Ok(now) => now,
                    Err(err) => {
                        tracing::warn!("content revision unreadable: {err}");
                        continue;
                    }
                };
                if seen == Some(now) {
                    continue;
                }
                match searcher.refresh(&store).await {
                    Ok(rebuilt) => {
                        seen = Some(now);
                        if rebuilt {
                            tracing::info!("content changed; search index rebuilt");
                        }
                    }
                    Err(err) => tracing::warn!("search index refresh failed: {err}"),
                }
            }
        });
    }

    /// The current answers for the browser to keep (`/ask/offline.json`), as JSON, with
    /// their revision.
    pub fn offline_json(&self) -> Result<(String, Arc<Vec<u8>>), serde_json::Error> {
        let (fingerprint, engine) = {
            let current = self
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            (current.0, Arc::clone(&current.1))
        };
        let revision = format!("{fingerprint:016x}");
        if let Some((kept, json)) = self
            .offline
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
        {
            if *kept == fingerprint {
                return Ok((revision, Arc::clone(json)));
            }
        }
        let json = Arc::new(serde_json::to_vec(&engine.offline(revision.clone()))?);
        *self
            .offline
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((fingerprint, Arc::clone(&json)));
        Ok((revision, json))
    }

    /// How many entries the current index holds.
    pub fn len(&self) -> usize {
        self.engine().len()
    }

    /// Whether the current index is empty.
    pub fn is_empty(&self) -> bool {
        self.engine().is_empty()
    }

    fn fingerprint(&self) -> u64 {
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .0
    }

    fn engine(&self) -> Arc<Engine> {
        Arc::clone(
            &self
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .1,
        )
    }
}

async fn build(corpus: Corpus) -> Result<Engine, SearchError> {
    Ok(tokio::task::spawn_blocking(move || Engine::build(corpus)).await??)
}

impl Search for Searcher {
    fn search(&self, query: &str, place: Option<&str>) -> Result<SearchResults, PortError> {
        let Ok(_running) = self.running.try_acquire() else {
            return Err(PortError::unavailable(
                "every search worker is busy; the question was turned away",
            ));
        };
        let started = std::time::Instant::now();
        let found = self
            .engine()
            .search_for(query, place)
            .map_err(|err| PortError::internal(err.to_string()));
        crate::access::search_took(started);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_beyond_the_cores_is_turned_away_not_queued() {
        use app::ports::Search;
        let searcher = Searcher {
            current: RwLock::new((0, Arc::new(Engine::build(Corpus::default()).unwrap()))),
            offline: RwLock::new(None),
            running: tokio::sync::Semaphore::new(1),
        };
        let held = searcher.running.try_acquire().unwrap();
        let refused = searcher.search("看病", None).unwrap_err();
        assert_eq!(refused.code, app::model::ErrorCode::Unavailable);
        drop(held);
        assert!(searcher.search("看病", None).is_ok());
    }

    #[test]
    fn quotes_find_their_section_whatever_the_punctuation() {
        let sections = vec![
            (
                1,
                "总体要求".to_string(),
                "坚持中央统筹、省负总责。".to_string(),
            ),
            (
                2,
                "建立健全防止返贫监测机制".to_string(),
                "以家庭为单位，监测脱贫不稳定户,边缘易致贫户。".to_string(),
            ),
        ];
        assert_eq!(
            locate_quote(&sections, "监测脱贫不稳定户，边缘易致贫户", ""),
            Some(2)
        );
        assert_eq!(
            locate_quote(
                &sections,
                "原文没有的话",
                "第四章 第二节「建立健全防止返贫监测机制」"
            ),
            Some(2)
        );
        assert_eq!(locate_quote(&sections, "原文没有的话", "第九章"), None);
    }
}
