//! The pilot catalogue in SQL: filters, facet counts, paging and one pilot's details.
//!
//! The catalogue is read from the database once per content revision and kept
//! (`kept.rs`); filtering, counting, sorting and paging happen on that copy, a few
//! microseconds for the 44 pilots and well under a millisecond for thousands. Each facet is
//! counted against every *other* filter, so its numbers say how many pilots choosing that
//! value would show. The order is the stored `level_rank` and `sort_name` (pinyin), then
//! the id, compared as bytes: the order SQL gave on both databases.

use std::collections::HashMap;
use std::sync::Arc;

use app::model::pilots::{
    level_label, page_count, Facet, FacetKey, FacetOption, Passage, PilotSort, RelatedIndustry,
    SectionLink, NO_LEVEL, PAGE_SIZE,
};
use app::model::{PilotDetail, PilotPage, PilotQuery, PilotSummary, PortError, SourceRef};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::documents::{document_summary, DOCUMENT_COLUMNS};
use super::kept::CatalogueRow;
use super::overview::level_rank;
use super::{port_err, Store};

/// One facet's options from its (stored value, count) pairs: the level shown by its name
/// (no level as [`NO_LEVEL`]), empty values left out, levels in rank order and the rest by
/// name.
fn facet_of(key: FacetKey, counts: Vec<(String, i64)>) -> Facet {
    let mut options: Vec<FacetOption> = counts
        .into_iter()
        .map(|(value, count)| {
            let (value, label) = if key == FacetKey::Level {
                let label = level_label(&value).to_string();
                let value = if value.is_empty() {
                    NO_LEVEL.to_string()
                } else {
                    value
                };
                (value, label)
            } else {
                (value.clone(), value)
            };
            FacetOption {
                value,
                label,
                count,
            }
        })
        .collect();
    options.retain(|o| !o.value.is_empty());
    if key == FacetKey::Level {
        options.sort_by_key(|o| {
            let stored = if o.value == NO_LEVEL { "" } else { &o.value };
            (level_rank(stored), o.value.clone())
        });
    } else {
        options.sort_by_key(|o| sort_name(&o.value));
    }
    Facet { key, options }
}

/// What the text filter searches: names, places, and what the source says.
fn text_fields(p: &PilotSummary) -> [&str; 8] {
    [
        &p.name_in_source,
        &p.prefecture,
        &p.county,
        &p.town,
        &p.village,
        &p.group_or_area,
        &p.entity_type,
        &p.notes,
    ]
}

/// The stored value a facet filters on (the level as stored: empty for none).
fn facet_field(p: &PilotSummary, key: FacetKey) -> &str {
    match key {
        FacetKey::Level => &p.level,
        FacetKey::Prefecture => &p.prefecture,
        FacetKey::County => &p.county,
        FacetKey::Kind => &p.entity_type,
    }
}

/// Whether `p` passes every filter of `query` but the facet `except`: each facet equal to
/// its stored value ([`NO_LEVEL`] is the empty level), and every word of the text filter
/// in one of the text fields, letters of either case alike (as SQL's `LIKE` on SQLite).
fn admits(
    p: &PilotSummary,
    query: &PilotQuery,
    words: &[String],
    except: Option<FacetKey>,
) -> bool {
    let facets = FacetKey::ALL.into_iter().all(|key| {
        let wanted = query.facet(key);
        if Some(key) == except || wanted.is_empty() {
            return true;
        }
        let wanted = if key == FacetKey::Level && wanted == NO_LEVEL {
            ""
        } else {
            wanted
        };
        facet_field(p, key) == wanted
    });
    facets
        && words.iter().all(|word| {
            text_fields(p)
                .iter()
                .any(|field| field.to_ascii_lowercase().contains(word.as_str()))
        })
}

/// The text filter's words, in lower case.
fn words_of(query: &PilotQuery) -> Vec<String> {
    query
        .q
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The pilots `query` admits, in its order.
fn filtered<'a>(rows: &'a [CatalogueRow], query: &PilotQuery) -> Vec<&'a CatalogueRow> {
    let words = words_of(query);
    let mut found: Vec<&CatalogueRow> = rows
        .iter()
        .filter(|row| admits(&row.summary, query, &words, None))
        .collect();
    match query.sort {
        PilotSort::Level => {
            found.sort_by(|a, b| {
                (a.level_rank, &a.sort_name, &a.summary.id).cmp(&(
                    b.level_rank,
                    &b.sort_name,
                    &b.summary.id,
                ))
            });
        }
        PilotSort::Name => {
            found.sort_by(|a, b| (&a.sort_name, &a.summary.id).cmp(&(&b.sort_name, &b.summary.id)));
        }
    }
    found
}

/// Every facet's options, each counted against every other filter.
fn facets_of(rows: &[CatalogueRow], query: &PilotQuery) -> Vec<Facet> {
    let words = words_of(query);
    FacetKey::ALL
        .into_iter()
        .map(|key| {
            let mut counts: Vec<(String, i64)> = Vec::new();
            for row in rows
                .iter()
                .filter(|row| admits(&row.summary, query, &words, Some(key)))
            {
                let value = facet_field(&row.summary, key);
                match counts.iter_mut().find(|(v, _)| v == value) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((value.to_string(), 1)),
                }
            }
            counts.sort();
            facet_of(key, counts)
        })
        .collect()
}

/// Escapes `%`, `_` and the escape character itself, so typed text matches literally.
pub(super) fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

const PILOT_COLUMNS: &str = "p.id, p.level, p.entity_type, p.prefecture, p.county, p.town, \
     p.village, p.group_or_area, p.name_in_source, p.notes, p.village_code, p.code_note, \
     p.document_id, d.title AS document_title, p.source_section";

fn pilot_summary(row: &AnyRow) -> Result<PilotSummary, sqlx::Error> {
    Ok(PilotSummary {
        id: row.try_get("id")?,
        level: row.try_get("level")?,
        entity_type: row.try_get("entity_type")?,
        prefecture: row.try_get("prefecture")?,
        county: row.try_get("county")?,
        town: row.try_get("town")?,
        village: row.try_get("village")?,
        group_or_area: row.try_get("group_or_area")?,
        name_in_source: row.try_get("name_in_source")?,
        notes: row.try_get("notes")?,
        village_code: row.try_get("village_code")?,
        code_note: row.try_get("code_note")?,
        source: SourceRef {
            document_id: row.try_get("document_id")?,
            document_title: row.try_get("document_title")?,
            section: row.try_get("source_section")?,
        },
    })
}

/// The pinyin of a name, letters and digits only, for an order that reads naturally in
/// Chinese and is the same on both databases.
pub fn sort_name(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut out = String::new();
    for c in name.chars() {
        if let Some(p) = c.to_pinyin() {
            out.push_str(p.plain());
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

impl Store {
    /// Every pilot with its document's title, in the catalogue's default order, kept for the
    /// content revision (`kept.rs`).
    async fn catalogue(&self) -> Result<Arc<Vec<CatalogueRow>>, PortError> {
        self.kept(&self.kept.pilots, || async {
            let sql = format!(
                "SELECT {PILOT_COLUMNS}, p.level_rank, p.sort_name \
                 FROM pilots p JOIN documents d ON d.id = p.document_id"
            );
            let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
            let mut catalogue = Vec::with_capacity(rows.len());
            for row in &rows {
                catalogue.push(CatalogueRow {
                    summary: pilot_summary(row)?,
                    level_rank: row.try_get("level_rank")?,
                    sort_name: row.try_get("sort_name")?,
                });
            }
            Ok(catalogue)
        })
        .await
        .map_err(PortError::from)
    }

    /// One page of the catalogue: filtered, counted, sorted and paged in memory.
    pub(super) async fn pilot_page(&self, query: &PilotQuery) -> Result<PilotPage, PortError> {
        let catalogue = self.catalogue().await?;
        let found = filtered(&catalogue, query);
        let total = i64::try_from(found.len()).unwrap_or(i64::MAX);
        let per_page = PAGE_SIZE;
        let pages = page_count(total, per_page);
        let mut query = query.clone();
        query.page = query.page.clamp(1, pages);
        let offset = (query.page as usize - 1) * per_page as usize;
        let items = found
            .into_iter()
            .skip(offset)
            .take(per_page as usize)
            .map(|row| row.summary.clone())
            .collect();
        let facets = facets_of(&catalogue, &query);
        Ok(PilotPage {
            query,
            total,
            items,
            facets,
            pages,
        })
    }

    pub(super) async fn pilots_for_export(
        &self,
        query: &PilotQuery,
    ) -> Result<Vec<PilotSummary>, PortError> {
        let catalogue = self.catalogue().await?;
        Ok(filtered(&catalogue, query)
            .into_iter()
            .map(|row| row.summary.clone())
            .collect())
    }

    pub(super) async fn pilot_detail(&self, id: &str) -> Result<PilotDetail, PortError> {
        let sql = format!(
            "SELECT {PILOT_COLUMNS} FROM pilots p JOIN documents d ON d.id = p.document_id \
             WHERE p.id = $1"
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(port_err)?
            .ok_or_else(|| PortError::not_found(format!("pilot {id}")))?;
        let pilot = pilot_summary(&row).map_err(port_err)?;

        let document = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = $1"
        ))
        .bind(&pilot.source.document_id)
        .fetch_one(&self.pool)
        .await
        .and_then(|row| document_summary(&row))
        .map_err(port_err)?;

        let sections = sqlx::query(
            "SELECT position, label, body FROM document_sections WHERE document_id = $1 \
             ORDER BY position",
        )
        .bind(&pilot.source.document_id)
        .fetch_all(&self.pool)
        .await
        .map_err(port_err)?
        .iter()
        .map(|row| {
            Ok(SectionText {
                position: row.try_get("position")?,
                label: row.try_get("label")?,
                body: row.try_get("body")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(port_err)?;
        let passages = find_passages(&pilot, &sections);

        let documents = self.document_titles().await.map_err(port_err)?;
        let industry_rows =
            sqlx::query("SELECT slug, name, details_json FROM industries ORDER BY position")
                .fetch_all(&self.pool)
                .await
                .map_err(port_err)?;
        let mut industries = Vec::new();
        for row in &industry_rows {
            let slug: String = row.try_get("slug").map_err(port_err)?;
            let name: String = row.try_get("name").map_err(port_err)?;
            let details: String = row.try_get("details_json").map_err(port_err)?;
            let details: Value = serde_json::from_str(&details)
                .map_err(|e| PortError::internal(format!("industry {slug}: {e}")))?;
            industries.extend(related_industries(
                &pilot, &slug, &name, &details, &documents,
            ));
        }
        let updates = self
            .pilot_updates(id)
            .await?
            .into_iter()
            .map(|(update, _)| update)
            .collect();
        Ok(PilotDetail {
            pilot,
            document,
            passages,
            industries,
            updates,
        })
    }

    /// Every document's id and title by its seed file name.
    pub(super) async fn document_titles(
        &self,
    ) -> Result<HashMap<String, (String, String)>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, title, source_file FROM documents")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("source_file")?,
                    (row.try_get("id")?, row.try_get("title")?),
                ))
            })
            .collect()
    }
}

/// A section's text, enough to find passages in it.
pub(super) struct SectionText {
    pub position: i64,
    pub label: String,
    pub body: String,
}

/// The paragraphs of the pilot's source sections that name it, one per cited section.
///
/// A source section is written `label「item」`, several joined by `；`. The paragraph is the
/// first in the labelled section that contains the name as the document writes it, or
/// failing that its village, group or town.
pub(super) fn find_passages(pilot: &PilotSummary, sections: &[SectionText]) -> Vec<Passage> {
    let needles: Vec<&str> = [
        pilot.name_in_source.as_str(),
        pilot.village.as_str(),
        pilot.group_or_area.as_str(),
        pilot.town.as_str(),
    ]
    .into_iter()
    .filter(|n| !n.is_empty())
    .collect();
    let mut passages = Vec::new();
    for cited in pilot.source.section.split('；') {
        let label = cited.split('「').next().unwrap_or_default().trim();
        let found = sections
            .iter()
            .filter(|s| s.label == label)
            .find_map(|section| {
                needles.iter().find_map(|needle| {
                    section
                        .body
                        .split('\n')
                        .map(str::trim)
                        .find(|paragraph| paragraph.contains(needle))
                        .map(|paragraph| Passage {
                            text: paragraph.to_string(),
                            names: (*needle).to_string(),
                            section: SectionLink {
                                document_id: pilot.source.document_id.clone(),
                                position: section.position,
                                label: section.label.clone(),
                            },
                        })
                })
            });
        if let Some(passage) = found {
            if !passages.contains(&passage) {
                passages.push(passage);
            }
        }
    }
    passages
}

/// The county as the industry belts write it: 兴仁市 → 兴仁, 义龙新区 → 义龙.
pub(super) fn county_short_name(county: &str) -> &str {
    if let Some(short) = county.strip_suffix("新区") {
        return short;
    }
    for suffix in ['市', '县', '区'] {
        if let Some(short) = county.strip_suffix(suffix) {
            if short.chars().count() >= 2 {
                return short;
            }
        }
    }
    county
}

/// The belts and county lists of one industry that name the pilot's county. Only belts of
/// the pilot's own document count: a belt in 黔西南州's plan says nothing of other places.
pub(super) fn related_industries(
    pilot: &PilotSummary,
    slug: &str,
    name: &str,
    details: &Value,
    documents: &HashMap<String, (String, String)>,
) -> Vec<RelatedIndustry> {
    let short = county_short_name(&pilot.county);
    if short.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let belts = details
        .get("belts_and_areas")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for belt in belts {
        let source = belt.get("source").unwrap_or(&Value::Null);
        let text = |v: &Value, key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let Some((document_id, document_title)) = documents.get(&text(source, "source_file"))
        else {
            continue;
        };
        if *document_id != pilot.source.document_id {
            continue;
        }
        let areas = |key: &str| -> Vec<String> {
            belt.get(key)
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        let named = areas("areas").into_iter().find(|a| a.starts_with(short));
        let inferred = areas("areas_inferred_by_editor")
            .into_iter()
            .find(|a| a.starts_with(short));
        let (area, editor_note) = match (named, inferred) {
            (Some(area), _) => (area, None),
            (None, Some(area)) => (area, Some(text(belt, "note"))),
            (None, None) => continue,
        };
        out.push(RelatedIndustry {
            slug: slug.to_string(),
            name: name.to_string(),
            belt: text(belt, "belt"),
            area,
            editor_note,
            source: SourceRef {
                document_id: document_id.clone(),
                document_title: document_title.clone(),
                section: text(source, "source_section"),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pilot(county: &str, section: &str) -> PilotSummary {
        PilotSummary {
            id: "qxn-p-01".into(),
            level: "省级".into(),
            entity_type: "试点".into(),
            prefecture: "黔西南州".into(),
            county: county.into(),
            town: "大山镇".into(),
            village: "老里旗村".into(),
            group_or_area: "麻窝寨".into(),
            name_in_source: "兴仁市大山镇老里旗村麻窝寨".into(),
            notes: String::new(),
            village_code: String::new(),
            code_note: String::new(),
            source: SourceRef {
                document_id: "policy-002".into(),
                document_title: "规划".into(),
                section: section.into(),
            },
        }
    }

    #[test]
    fn like_wildcards_typed_by_a_reader_match_literally() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn filters_facets_and_order_work_on_the_kept_catalogue() {
        let row = |id: &str, level: &str, county: &str, village: &str| {
            let mut summary = pilot(county, "");
            summary.id = id.into();
            summary.level = level.into();
            summary.village = village.into();
            summary.name_in_source = format!("{county}{village} ABC");
            CatalogueRow {
                level_rank: i64::from(super::super::overview::level_rank(level)),
                sort_name: sort_name(village),
                summary,
            }
        };
        let rows = vec![
            row("c", "", "安龙县", "甲村"),
            row("b", "省级", "兴仁市", "乙村"),
            row("a", "省级", "兴仁市", "丙村"),
        ];
        let ids = |query: &PilotQuery| {
            filtered(&rows, query)
                .iter()
                .map(|r| r.summary.id.clone())
                .collect::<Vec<_>>()
        };
        // By level (省级 first), then pinyin (bing < yi), then by name alone.
        assert_eq!(ids(&PilotQuery::from_pairs([])), ["a", "b", "c"]);
        assert_eq!(
            ids(&PilotQuery::from_pairs([("sort", "name")])),
            ["a", "c", "b"]
        );
        // No level; a county; words in any text field, either case.
        assert_eq!(ids(&PilotQuery::from_pairs([("level", NO_LEVEL)])), ["c"]);
        assert_eq!(
            ids(&PilotQuery::from_pairs([("q", "兴仁 abc")])),
            ["a", "b"]
        );
        assert!(ids(&PilotQuery::from_pairs([("q", "兴仁 安龙")])).is_empty());
        // Typed wildcards are plain text.
        assert!(ids(&PilotQuery::from_pairs([("q", "%")])).is_empty());
        // Each facet counted against the others: with county 兴仁市 chosen, the county facet
        // still shows 安龙县 (1), the level facet only 兴仁市's two.
        let query = PilotQuery::from_pairs([("county", "兴仁市")]);
        let facets = facets_of(&rows, &query);
        let county = &facets[FacetKey::ALL
            .iter()
            .position(|k| *k == FacetKey::County)
            .unwrap()];
        let counted: Vec<(&str, i64)> = county
            .options
            .iter()
            .map(|o| (o.value.as_str(), o.count))
            .collect();
        assert_eq!(counted, [("安龙县", 1), ("兴仁市", 2)]);
        let level = &facets[FacetKey::ALL
            .iter()
            .position(|k| *k == FacetKey::Level)
            .unwrap()];
        assert_eq!(level.options.len(), 1);
        assert_eq!(
            (level.options[0].value.as_str(), level.options[0].count),
            ("省级", 2)
        );
    }

    #[test]
    fn sort_names_are_pinyin_letters() {
        assert_eq!(sort_name("老里旗村"), "laoliqicun");
        assert_eq!(sort_name("麻窝寨(一组)"), "mawozhaiyizu");
        assert!(sort_name("安龙县") < sort_name("兴义市"));
    }

    #[test]
    fn the_passage_is_the_paragraph_naming_the_pilot_in_each_cited_section() {
        let sections = vec![
            SectionText {
                position: 51,
                label: "第六章 第四节".into(),
                body: "第四节\n\n兴仁市大山镇老里旗村麻窝寨 mentioned elsewhere".into(),
            },
            SectionText {
                position: 52,
                label: "第六章 第四节 专栏14".into(),
                body: "专栏 14\n\n(一)省级(共7个)。\n\n即兴仁市大山镇老里旗村麻窝寨、安龙县…"
                    .into(),
            },
        ];
        let passages = find_passages(
            &pilot("兴仁市", "第六章 第四节 专栏14「(一)省级特色田园乡村」"),
            &sections,
        );
        assert_eq!(passages.len(), 1);
        assert_eq!(passages[0].text, "即兴仁市大山镇老里旗村麻窝寨、安龙县…");
        assert_eq!(passages[0].names, "兴仁市大山镇老里旗村麻窝寨");
        assert_eq!(passages[0].section.position, 52);

        let none = find_passages(&pilot("兴仁市", "第九章"), &sections);
        assert!(none.is_empty());
    }

    #[test]
    fn county_names_lose_their_suffix_as_the_belts_write_them() {
        assert_eq!(county_short_name("兴仁市"), "兴仁");
        assert_eq!(county_short_name("义龙新区"), "义龙");
        assert_eq!(county_short_name("安龙县"), "安龙");
        assert_eq!(county_short_name("云溪区"), "云溪");
    }

    #[test]
    fn industries_come_from_belts_of_the_pilots_own_document_naming_its_county() {
        let details: Value = serde_json::json!({
            "belts_and_areas": [
                {"belt": "高山冷凉带", "areas": ["兴仁", "兴义七捧高原"],
                 "source": {"source_file": "002.txt", "source_section": "专栏2"}},
                {"belt": "晴普茶产业带", "areas": [], "areas_inferred_by_editor": ["晴隆"],
                 "note": "编者推断", "source": {"source_file": "002.txt", "source_section": "专栏3"}},
                {"belt": "别处的带", "areas": ["兴仁"],
                 "source": {"source_file": "000.txt", "source_section": "一"}}
            ]
        });
        let documents = HashMap::from([
            (
                "002.txt".to_string(),
                ("policy-002".to_string(), "规划".to_string()),
            ),
            (
                "000.txt".to_string(),
                ("policy-000".to_string(), "方案".to_string()),
            ),
        ]);
        let found = related_industries(&pilot("兴仁市", ""), "tea", "茶叶", &details, &documents);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].belt, "高山冷凉带");
        assert_eq!(found[0].editor_note, None);

        let inferred =
            related_industries(&pilot("晴隆县", ""), "tea", "茶叶", &details, &documents);
        assert_eq!(inferred.len(), 1);
        assert_eq!(inferred[0].editor_note.as_deref(), Some("编者推断"));

        let xingyi = related_industries(&pilot("兴义市", ""), "tea", "茶叶", &details, &documents);
        assert_eq!(xingyi[0].area, "兴义七捧高原");
    }
}
