//! What the public pages read most, kept in memory for one content revision.
//!
//! The content revision (`site_revision`, counted up by triggers on every content table,
//! whoever writes) says when what is kept is out of date. This instance reads it again at
//! most every `recheck` (the page cache sets it from `PORTAL_PAGE_RECHECK_MS`; a store
//! nobody set it on reads it for every request), and at once after a request on this
//! instance that could have written ([`Store::content_may_have_changed`]). The rendered-page
//! cache checks its pages against the same reading.
//!
//! Kept:
//! - the pilot catalogue (every pilot with its document's title), which `/pilots`, its CSV
//!   and JSON filter, count and page in memory;
//! - villages with their divisions, pilots and code source, by code, as they are asked for
//!   (at most [`VILLAGES_KEPT`]), for the village page, its poster and the form;
//! - the counties' own hotlines.
//!
//! A page that is not in the page cache (a new combination of filters, a query string never
//! seen, the first reader after an edit) is then rendered without a trip to the database.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::model::divisions::VillagePlace;
use app::model::promise::CountyHotline;
use app::model::PilotSummary;

use super::{StorageError, Store};

/// The revision as last read, and when.
#[derive(Debug)]
pub(super) struct Revision {
    value: AtomicI64,
    /// Milliseconds since `started` when it was last read.
    checked_at: AtomicU64,
    /// Set after a request that could have written: the next reading goes to the database.
    stale: AtomicBool,
    started: Instant,
    /// The longest a reading is trusted, in milliseconds (0: never).
    recheck_ms: AtomicU64,
}

impl Default for Revision {
    fn default() -> Self {
        Self {
            value: AtomicI64::new(i64::MIN),
            checked_at: AtomicU64::new(0),
            stale: AtomicBool::new(true),
            started: Instant::now(),
            recheck_ms: AtomicU64::new(0),
        }
    }
}

/// One value kept with the revision it was read at.
#[derive(Debug)]
pub(super) struct Kept<T> {
    slot: Mutex<Option<(i64, Arc<T>)>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Self {
            slot: Mutex::new(None),
        }
    }
}

impl<T> Kept<T> {
    fn get(&self, revision: i64) -> Option<Arc<T>> {
        let slot = self.slot.lock().ok()?;
        slot.as_ref()
            .filter(|(at, _)| *at == revision)
            .map(|(_, value)| value.clone())
    }

    fn put(&self, revision: i64, value: Arc<T>) {
        if let Ok(mut slot) = self.slot.lock() {
            // A slower reader of an older revision does not replace a newer one.
            if slot.as_ref().is_none_or(|(at, _)| *at <= revision) {
                *slot = Some((revision, value));
            }
        }
    }
}

/// Values by key kept for one revision, the least recently asked for going first.
#[derive(Debug)]
pub(super) struct KeptByKey<V> {
    slot: Mutex<(i64, lru::LruCache<String, Arc<V>>)>,
}

impl<V> KeptByKey<V> {
    fn new(capacity: usize) -> Self {
        let capacity = std::num::NonZeroUsize::new(capacity).unwrap_or(std::num::NonZeroUsize::MIN);
        Self {
            slot: Mutex::new((i64::MIN, lru::LruCache::new(capacity))),
        }
    }

    fn get(&self, revision: i64, key: &str) -> Option<Arc<V>> {
        let mut slot = self.slot.lock().ok()?;
        if slot.0 == revision {
            slot.1.get(key).cloned()
        } else {
            None
        }
    }

    fn put(&self, revision: i64, key: &str, value: Arc<V>) {
        let Ok(mut slot) = self.slot.lock() else {
            return;
        };
        if slot.0 < revision {
            // A newer revision: everything kept for the older one goes.
            slot.1.clear();
            slot.0 = revision;
        }
        if slot.0 == revision {
            slot.1.put(key.to_string(), value);
        }
    }
}

/// Villages kept at most: every village of a county or two (the five regions have 2,343),
/// about a kilobyte each.
pub(super) const VILLAGES_KEPT: usize = 4_096;

/// One pilot as the catalogue sorts it.
#[derive(Debug, Clone)]
pub(super) struct CatalogueRow {
    pub summary: PilotSummary,
    /// The level's place (省级 first), as stored.
    pub level_rank: i64,
    /// The name's pinyin, as stored.
    pub sort_name: String,
}

/// Everything kept for one store (shared by its clones).
#[derive(Debug)]
pub(super) struct KeptState {
    revision: Revision,
    pub pilots: Kept<Vec<CatalogueRow>>,
    pub villages: KeptByKey<VillagePlace>,
    pub hotlines: Kept<Vec<CountyHotline>>,
    /// When the content last changed (`site_revision.changed_at`, stamped with the revision).
    pub changed_at: Kept<i64>,
}

impl Default for KeptState {
    fn default() -> Self {
        Self {
            revision: Revision::default(),
            pilots: Kept::default(),
            villages: KeptByKey::new(VILLAGES_KEPT),
            hotlines: Kept::default(),
            changed_at: Kept::default(),
        }
    }
}

impl Store {
    /// The content revision, read from the database when the last reading is older than the
    /// recheck interval or this instance may have written since.
    pub async fn content_revision(&self) -> Result<i64, StorageError> {
        let watch = &self.kept.revision;
        let now = u64::try_from(watch.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let last = watch.checked_at.load(Ordering::Acquire);
        let due = watch.stale.swap(false, Ordering::AcqRel)
            || now.saturating_sub(last) >= watch.recheck_ms.load(Ordering::Acquire)
            || watch.value.load(Ordering::Acquire) == i64::MIN;
        if due {
            match self.site_revision().await {
                Ok(revision) => {
                    watch.value.store(revision, Ordering::Release);
                    watch.checked_at.store(now, Ordering::Release);
                }
                Err(err) => {
                    watch.stale.store(true, Ordering::Release);
                    return Err(err);
                }
            }
        }
        Ok(watch.value.load(Ordering::Acquire))
    }

    /// After a request that could have written: the next reading of the revision goes to
    /// the database.
    pub fn content_may_have_changed(&self) {
        self.kept.revision.stale.store(true, Ordering::Release);
    }

    /// Trust a reading of the revision for `interval` (other instances' edits show within
    /// it; this instance's at once).
    pub fn recheck_revision_every(&self, interval: Duration) {
        let ms = u64::try_from(interval.as_millis()).unwrap_or(u64::MAX);
        self.kept.revision.recheck_ms.store(ms, Ordering::Release);
    }

    /// `kept`'s value for the current revision, loaded by `load` when it has none. The
    /// revision is read before loading, so what is kept is never older than its label.
    pub(super) async fn kept<T, F>(
        &self,
        kept: &Kept<T>,
        load: impl FnOnce() -> F,
    ) -> Result<Arc<T>, StorageError>
    where
        F: std::future::Future<Output = Result<T, StorageError>>,
    {
        let revision = self.content_revision().await?;
        if let Some(value) = kept.get(revision) {
            return Ok(value);
        }
        let value = Arc::new(load().await?);
        kept.put(revision, value.clone());
        Ok(value)
    }

    /// `kept`'s value for `key` at the current revision, loaded by `load` when it has none;
    /// what `load` does not find (`None`) is not kept, so unknown keys push nothing out.
    pub(super) async fn kept_by_key<V, F>(
        &self,
        kept: &KeptByKey<V>,
        key: &str,
        load: impl FnOnce() -> F,
    ) -> Result<Option<Arc<V>>, StorageError>
    where
        F: std::future::Future<Output = Result<Option<V>, StorageError>>,
    {
        let revision = self.content_revision().await?;
        if let Some(value) = kept.get(revision, key) {
            return Ok(Some(value));
        }
        let Some(value) = load().await? else {
            return Ok(None);
        };
        let value = Arc::new(value);
        kept.put(revision, key, value.clone());
        Ok(Some(value))
    }
}

#[cfg(test)]
mod tests {
    use super::{Kept, KeptByKey};
    use std::sync::Arc;

    #[test]
    fn values_by_key_serve_their_revision_and_a_newer_one_clears_them() {
        let kept: KeptByKey<&str> = KeptByKey::new(2);
        kept.put(5, "a", Arc::new("a5"));
        kept.put(5, "b", Arc::new("b5"));
        assert_eq!(kept.get(5, "a").as_deref(), Some(&"a5"));
        assert!(kept.get(6, "a").is_none());
        kept.put(4, "c", Arc::new("c4"));
        assert!(
            kept.get(4, "c").is_none() && kept.get(5, "c").is_none(),
            "older: dropped"
        );
        // Two at most: the least recently asked for goes.
        kept.put(5, "c", Arc::new("c5"));
        assert!(kept.get(5, "b").is_none());
        assert_eq!(kept.get(5, "a").as_deref(), Some(&"a5"));
        kept.put(6, "a", Arc::new("a6"));
        assert!(kept.get(6, "c").is_none(), "a newer revision starts empty");
        assert_eq!(kept.get(6, "a").as_deref(), Some(&"a6"));
    }

    #[test]
    fn a_kept_value_serves_its_own_revision_only_and_never_goes_back() {
        let kept: Kept<&str> = Kept::default();
        assert!(kept.get(1).is_none());
        kept.put(2, Arc::new("two"));
        assert_eq!(kept.get(2).as_deref(), Some(&"two"));
        assert!(kept.get(3).is_none(), "a newer revision reads again");
        kept.put(1, Arc::new("one"));
        assert_eq!(
            kept.get(2).as_deref(),
            Some(&"two"),
            "an older reading is dropped"
        );
        kept.put(3, Arc::new("three"));
        assert_eq!(kept.get(3).as_deref(), Some(&"three"));
    }
}
