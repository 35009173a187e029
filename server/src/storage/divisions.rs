//! Divisions in SQL, as the pages read them: the picker's steps, a village with its path,
//! a township's posters, the finder (one per instance) and the staff area finder. Storing
//! them, matching the catalogue and moving old rows to codes is `division_import.rs`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::model::divisions::{
    is_division_code, is_village_code, CodeSource, DivisionChoice, DivisionName, PilotLink,
    TownPosters, VillageHit, VillagePlace, VillageStep,
};
use sqlx::Row;

use super::{StorageError, Store};
use crate::divisions::index::{Row as IndexRow, VillageIndex};
use crate::divisions::{COUNTY, TOWNSHIP, VILLAGE};

/// The key in `portal_meta` that changes with every division import, so that every instance
/// rebuilds its finder.
pub(super) const STAMP_KEY: &str = "divisions_stamp";
/// How often an instance checks whether the divisions changed.
const RECHECK: Duration = Duration::from_secs(30);
/// When counties are at most this many, the picker starts with them; else with provinces.
const COUNTIES_FIRST: i64 = 60;

/// The village finder of this instance, rebuilt when the divisions change.
#[derive(Default)]
pub(super) struct FinderCache {
    state: tokio::sync::Mutex<FinderState>,
}

#[derive(Default)]
struct FinderState {
    stamp: String,
    checked: Option<Instant>,
    index: Arc<VillageIndex>,
}

impl fmt::Debug for FinderCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FinderCache")
    }
}

impl Store {
    /// The village finder, rebuilt from the table when another import changed it.
    pub async fn village_finder(&self) -> Result<Arc<VillageIndex>, StorageError> {
        let mut state = self.finder.state.lock().await;
        let fresh = state.checked.is_some_and(|at| at.elapsed() < RECHECK);
        if fresh {
            return Ok(state.index.clone());
        }
        let stamp = self.division_stamp().await?;
        if stamp != state.stamp || state.checked.is_none() {
            let rows = sqlx::query("SELECT code, level, parent, name FROM divisions")
                .fetch_all(&self.pool)
                .await?;
            let mut owned: Vec<(String, i64, String, String)> = Vec::with_capacity(rows.len());
            for row in &rows {
                owned.push((
                    row.try_get("code")?,
                    row.try_get("level")?,
                    row.try_get("parent")?,
                    row.try_get("name")?,
                ));
            }
            drop(rows);
            let index = tokio::task::spawn_blocking(move || {
                VillageIndex::build(owned.iter().map(|(code, level, parent, name)| IndexRow {
                    code,
                    level: *level,
                    parent,
                    name,
                }))
            })
            .await
            .map_err(|err| StorageError::Divisions(format!("村名索引未能建立：{err}")))?;
            state.index = Arc::new(index);
            state.stamp = stamp;
        }
        state.checked = Some(Instant::now());
        Ok(state.index.clone())
    }

    /// Villages whose name, pinyin or pinyin initials match what was typed.
    pub async fn village_hits(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<VillageHit>, StorageError> {
        Ok(self.village_finder().await?.search(query, limit))
    }

    async fn division_stamp(&self) -> Result<String, StorageError> {
        let row = sqlx::query("SELECT value FROM portal_meta WHERE key = $1")
            .bind(STAMP_KEY)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("value")?,
            None => String::new(),
        })
    }

    /// Where the codes come from: the latest import's source.
    pub async fn code_source(&self) -> Result<CodeSource, StorageError> {
        let row = sqlx::query(
            "SELECT source, cut_off, published FROM division_sources ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(row) => CodeSource {
                source: row.try_get("source")?,
                cut_off: row.try_get("cut_off")?,
                published: row.try_get("published")?,
            },
            None => CodeSource::default(),
        })
    }

    /// A division's name and level, `None` when the code is unknown.
    pub async fn division(&self, code: &str) -> Result<Option<(String, i64)>, StorageError> {
        if !is_division_code(code) {
            return Ok(None);
        }
        let row = sqlx::query("SELECT name, level FROM divisions WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Some((row.try_get("name")?, row.try_get("level")?)),
            None => None,
        })
    }

    /// The divisions from the top down to `code` (itself included); empty when unknown.
    pub async fn division_trail(&self, code: &str) -> Result<Vec<DivisionName>, StorageError> {
        if !is_division_code(code) {
            return Ok(Vec::new());
        }
        let prefixes: Vec<&str> = [2, 4, 6, 9, 12]
            .into_iter()
            .filter(|len| *len <= code.len() && code.is_char_boundary(*len))
            .map(|len| &code[..len])
            .collect();
        if prefixes.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=prefixes.len()).map(|n| format!("${n}")).collect();
        let sql = format!(
            "SELECT code, name FROM divisions WHERE code IN ({}) ORDER BY level",
            placeholders.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for prefix in &prefixes {
            query = query.bind(*prefix);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let trail: Vec<DivisionName> = rows
            .iter()
            .map(|row| {
                Ok(DivisionName {
                    code: row.try_get("code")?,
                    name: row.try_get("name")?,
                })
            })
            .collect::<Result<_, StorageError>>()?;
        // A trail with a gap (a code whose parent is missing) names nothing.
        if trail.len() == prefixes.len() {
            Ok(trail)
        } else {
            Ok(Vec::new())
        }
    }

    /// What the picker offers below `parent` ("" for the start: the counties when there are
    /// few, else the provinces), each with its count of villages.
    pub async fn division_children(
        &self,
        parent: &str,
    ) -> Result<Vec<DivisionChoice>, StorageError> {
        if !parent.is_empty() {
            let rows = sqlx::query(
                "SELECT code, name, level, villages FROM divisions WHERE parent = $1 ORDER BY code",
            )
            .bind(parent)
            .fetch_all(&self.pool)
            .await?;
            return rows.iter().map(|row| choice(row, String::new())).collect();
        }
        let counties: i64 = sqlx::query("SELECT COUNT(*) AS n FROM divisions WHERE level = $1")
            .bind(COUNTY)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        if counties > COUNTIES_FIRST {
            let rows = sqlx::query(
                "SELECT code, name, level, villages FROM divisions WHERE level = 1 ORDER BY code",
            )
            .fetch_all(&self.pool)
            .await?;
            return rows.iter().map(|row| choice(row, String::new())).collect();
        }
        let rows = sqlx::query(
            "SELECT c.code, c.name, c.level, c.villages, p.name AS prefecture, r.name AS province \
             FROM divisions c JOIN divisions p ON p.code = c.parent \
             JOIN divisions r ON r.code = p.parent WHERE c.level = $1 ORDER BY c.code",
        )
        .bind(COUNTY)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let prefecture: String = row.try_get("prefecture")?;
                let within = if prefecture == "市辖区" || prefecture == "县" {
                    row.try_get("province")?
                } else {
                    prefecture
                };
                choice(row, within)
            })
            .collect()
    }

    /// A village with its path, the catalogue entries that are it, and the codes' source;
    /// `None` for any code that is not a known village.
    pub async fn village_place(&self, code: &str) -> Result<Option<VillagePlace>, StorageError> {
        if !is_village_code(code) {
            return Ok(None);
        }
        let Some(row) = sqlx::query(
            "SELECT code, name, full_name FROM divisions WHERE code = $1 AND level = $2",
        )
        .bind(code)
        .bind(VILLAGE)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let mut trail = self.division_trail(code).await?;
        trail.pop();
        let pilots = sqlx::query(
            "SELECT id, village, group_or_area, town, entity_type FROM pilots \
             WHERE village_code = $1 ORDER BY id",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            let village: String = row.try_get("village")?;
            let group: String = row.try_get("group_or_area")?;
            let town: String = row.try_get("town")?;
            Ok(PilotLink {
                id: row.try_get("id")?,
                name: app::model::pilots::display_name(&village, &group, &town),
                entity_type: row.try_get("entity_type")?,
            })
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
        Ok(Some(VillagePlace {
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            full_name: row.try_get("full_name")?,
            path: trail,
            pilots,
            source: self.code_source().await?,
        }))
    }

    /// Every village of a township, for its posters; `None` for an unknown township.
    pub async fn town_posters_stored(
        &self,
        town: &str,
    ) -> Result<Option<TownPosters>, StorageError> {
        if !is_division_code(town) {
            return Ok(None);
        }
        match self.division(town).await? {
            Some((name, TOWNSHIP)) => {
                let codes: Vec<String> =
                    sqlx::query("SELECT code FROM divisions WHERE parent = $1 ORDER BY code")
                        .bind(town)
                        .fetch_all(&self.pool)
                        .await?
                        .iter()
                        .map(|row| row.try_get("code"))
                        .collect::<Result<_, _>>()?;
                let mut villages = Vec::with_capacity(codes.len());
                for code in codes {
                    if let Some(place) = self.village_place(&code).await? {
                        villages.push(place);
                    }
                }
                Ok(Some(TownPosters {
                    town: DivisionName {
                        code: town.to_string(),
                        name,
                    },
                    villages,
                }))
            }
            _ => Ok(None),
        }
    }

    /// The village code a form or link names: a known village code as it is, or the code of
    /// a catalogue entry named by its id (posters printed before codes); `None` otherwise.
    pub async fn resolve_village(&self, raw: &str) -> Result<Option<String>, StorageError> {
        let raw = raw.trim();
        // A code or a catalogue id (`qxn-p-01`): anything else names nothing and never
        // reaches the database (PostgreSQL refuses a NUL in text).
        if raw.is_empty()
            || raw.len() > app::model::MAX_ID_CHARS
            || !raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Ok(None);
        }
        if is_village_code(raw) {
            let known = matches!(self.division(raw).await?, Some((_, VILLAGE)));
            return Ok(known.then(|| raw.to_string()));
        }
        let row = sqlx::query("SELECT village_code FROM pilots WHERE id = $1")
            .bind(raw)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get::<String, _>("village_code")?).filter(|c| !c.is_empty()),
            None => None,
        })
    }

    /// The form's village step (see [`app::ports::Portal::village_step`]).
    pub async fn village_step_stored(
        &self,
        chosen: &str,
        at: &str,
        find: &str,
    ) -> Result<VillageStep, StorageError> {
        if let Some(code) = self.resolve_village(chosen).await? {
            if let Some(place) = self.village_place(&code).await? {
                return Ok(VillageStep {
                    chosen: Some(place),
                    ..VillageStep::default()
                });
            }
        }
        let at = at.trim();
        let trail = if is_division_code(at) && at.len() < 12 {
            self.division_trail(at).await?
        } else {
            Vec::new()
        };
        let parent = trail.last().map(|d| d.code.clone()).unwrap_or_default();
        let find: String = find.trim().chars().take(30).collect();
        let found = if find.is_empty() {
            Vec::new()
        } else {
            self.village_hits(&find, 20).await?
        };
        Ok(VillageStep {
            chosen: None,
            choices: self.division_children(&parent).await?,
            trail,
            query: find,
            found,
        })
    }

    /// Counties, townships and villages matching `query` for the staff area finder, as
    /// (code, what it is, path of names): by name for all three, by pinyin for villages.
    pub async fn area_matches(
        &self,
        query: &str,
    ) -> Result<Vec<(String, String, String)>, StorageError> {
        let query = app::model::clean_text(query);
        let pattern = format!("%{}%", super::pilots::escape_like(&query));
        let rows = sqlx::query(
            "SELECT code FROM divisions WHERE level IN (3, 4) AND name LIKE $1 ESCAPE '\\' \
             ORDER BY level, code LIMIT 20",
        )
        .bind(pattern)
        .fetch_all(&self.pool)
        .await?;
        let mut codes: Vec<String> = rows
            .iter()
            .map(|row| row.try_get("code"))
            .collect::<Result<_, _>>()?;
        codes.extend(
            self.village_hits(&query, 20)
                .await?
                .into_iter()
                .map(|h| h.code),
        );
        let mut out = Vec::with_capacity(codes.len());
        for code in codes {
            let trail = self.division_trail(&code).await?;
            let kind = match code.len() {
                6 => "县（市、区）",
                9 => "乡镇（街道）",
                _ => "村（社区）",
            };
            let path: Vec<&str> = trail
                .iter()
                .filter(|d| d.name != "市辖区" && d.name != "县")
                .map(|d| d.name.as_str())
                .collect();
            out.push((code, kind.to_string(), path.join(" ")));
        }
        Ok(out)
    }

    /// The catalogue entries without a village code, with why (for the note and the pages).
    pub async fn unmatched_pilots(&self) -> Result<Vec<(String, String)>, StorageError> {
        let rows =
            sqlx::query("SELECT id, code_note FROM pilots WHERE village_code = '' ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("code_note")?)))
            .collect()
    }
}

fn choice(row: &sqlx::any::AnyRow, within: String) -> Result<DivisionChoice, StorageError> {
    Ok(DivisionChoice {
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        level: row.try_get("level")?,
        villages: row.try_get("villages")?,
        within,
    })
}
