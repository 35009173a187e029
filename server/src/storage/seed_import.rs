//! The seed import: every table filled from the seed content compiled into the binary, in
//! one transaction, upserted by stable ids (so a second import leaves one copy of each), with
//! the rows staff edited left as they are (`upsert_unless_edited`).

use sqlx::{Any, Row, Transaction};

use super::overview::level_rank;
use super::pilots::sort_name;
use super::{StorageError, Store};
use crate::import::{ImportReport, Seed};

/// The key in `portal_meta` that records when the seed content was last imported.
const SEED_IMPORTED_AT: &str = "seed_imported_at";
/// The key in `portal_meta` that records which revision of the import filled the tables.
const SEED_REVISION_KEY: &str = "seed_revision";
/// Raised whenever the import fills a column differently (2: pilots' sort name and level
/// rank; 3: division codes, pilots' village codes, reports and staff areas by code; 4: the
/// working-day calendar; 5: the answers' topics, 69 more answers, the editors'
/// interpretations; 6: the pairings of targets with baselines), so a database imported by
/// an older server is brought up to date at start.
pub const SEED_REVISION: &str = "6";

impl Store {
    /// Whether the seed content has been imported into this database.
    pub async fn seed_imported(&self) -> Result<bool, StorageError> {
        let row = sqlx::query("SELECT value FROM portal_meta WHERE key = $1")
            .bind(SEED_IMPORTED_AT)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Whether the seed content was imported by this revision of the import.
    pub async fn seed_is_current(&self) -> Result<bool, StorageError> {
        let row = sqlx::query("SELECT value FROM portal_meta WHERE key = $1")
            .bind(SEED_REVISION_KEY)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get::<String, _>("value")? == SEED_REVISION,
            None => false,
        })
    }

    /// Imports (or re-imports) the seed content in one transaction. Records are upserted by
    /// their stable ids, so running it twice leaves exactly one copy of each.
    pub async fn import_seed(&self, seed: &Seed) -> Result<ImportReport, StorageError> {
        let mut tx = self.pool.begin().await?;
        let report = import_into(&mut tx, seed).await?;
        super::division_import::store_seed_divisions(&mut tx).await?;
        super::division_import::move_areas_to_codes(&mut tx).await?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        super::promises::store_seed_holidays(&mut tx, i64::try_from(now).unwrap_or(0)).await?;
        super::promises::store_seed_hotlines(&mut tx, i64::try_from(now).unwrap_or(0)).await?;
        upsert(
            &mut tx,
            "portal_meta",
            &["key"],
            &["key", "value"],
            vec![SEED_IMPORTED_AT.into(), now.to_string().into()],
        )
        .await?;
        upsert(
            &mut tx,
            "portal_meta",
            &["key"],
            &["key", "value"],
            vec![SEED_REVISION_KEY.into(), SEED_REVISION.into()],
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Counts the rows of one seed table; used by `server import` and the tests.
    pub async fn count(&self, table: SeedTable) -> Result<i64, StorageError> {
        let sql = format!("SELECT COUNT(*) AS n FROM {}", table.name());
        let row = sqlx::query(&sql).fetch_one(&self.pool).await?;
        Ok(row.try_get::<i64, _>("n")?)
    }
}

/// The tables filled from the seed content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedTable {
    Documents,
    Sections,
    Pilots,
    Counties,
    Industries,
    Indicators,
    IndustryIndicators,
    QaEntries,
    Classifications,
    HardshipSections,
}

impl SeedTable {
    pub const ALL: [SeedTable; 10] = [
        SeedTable::Documents,
        SeedTable::Sections,
        SeedTable::Pilots,
        SeedTable::Counties,
        SeedTable::Industries,
        SeedTable::Indicators,
        SeedTable::IndustryIndicators,
        SeedTable::QaEntries,
        SeedTable::Classifications,
        SeedTable::HardshipSections,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SeedTable::Documents => "documents",
            SeedTable::Sections => "document_sections",
            SeedTable::Pilots => "pilots",
            SeedTable::Counties => "counties",
            SeedTable::Industries => "industries",
            SeedTable::Indicators => "indicators",
            SeedTable::IndustryIndicators => "industry_indicators",
            SeedTable::QaEntries => "qa_entries",
            SeedTable::Classifications => "classifications",
            SeedTable::HardshipSections => "hardship_sections",
        }
    }
}

/// A value bound to a statement. The `Any` driver takes text, integers and floats on both
/// backends, which is all the seed content needs.
#[derive(Debug, Clone)]
pub(super) enum Val {
    Text(Option<String>),
    Int(i64),
    Real(f64),
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Val::Text(Some(s.to_string()))
    }
}
impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Text(Some(s))
    }
}
impl From<&String> for Val {
    fn from(s: &String) -> Self {
        Val::Text(Some(s.clone()))
    }
}
impl From<&Option<String>> for Val {
    fn from(s: &Option<String>) -> Self {
        Val::Text(s.clone())
    }
}
impl From<i64> for Val {
    fn from(n: i64) -> Self {
        Val::Int(n)
    }
}
impl From<bool> for Val {
    fn from(b: bool) -> Self {
        Val::Int(i64::from(b))
    }
}
impl From<f64> for Val {
    fn from(x: f64) -> Self {
        Val::Real(x)
    }
}

/// `INSERT … ON CONFLICT (key) DO UPDATE SET …`, the same statement on SQLite and PostgreSQL.
pub(super) async fn upsert(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    key: &[&str],
    columns: &[&str],
    values: Vec<Val>,
) -> Result<(), sqlx::Error> {
    upsert_where(tx, table, key, columns, values, "").await
}

/// The seed's upsert of a table staff may edit: a row someone edited is left as it is.
async fn upsert_unless_edited(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    key: &[&str],
    columns: &[&str],
    values: Vec<Val>,
) -> Result<(), sqlx::Error> {
    let guard = format!(" WHERE {table}.edited_by = ''");
    upsert_where(tx, table, key, columns, values, &guard).await
}

async fn upsert_where(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    key: &[&str],
    columns: &[&str],
    values: Vec<Val>,
    guard: &str,
) -> Result<(), sqlx::Error> {
    debug_assert_eq!(columns.len(), values.len());
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
    let updates: Vec<String> = columns
        .iter()
        .filter(|c| !key.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT ({}) DO UPDATE SET {}{guard}",
        columns.join(", "),
        placeholders.join(", "),
        key.join(", "),
        updates.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for value in values {
        query = match value {
            Val::Text(s) => query.bind(s),
            Val::Int(n) => query.bind(n),
            Val::Real(x) => query.bind(x),
        };
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Fills every seed table in `tx`, one table after another; the caller commits.
async fn import_into(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
) -> Result<ImportReport, sqlx::Error> {
    let mut report = ImportReport::default();
    import_documents(tx, seed, &mut report).await?;
    import_pilots(tx, seed, &mut report).await?;
    import_counties(tx, seed, &mut report).await?;
    import_indicators(tx, seed, &mut report).await?;
    import_industries(tx, seed, &mut report).await?;
    import_qa_entries(tx, seed, &mut report).await?;
    import_interpretations(tx, seed, &mut report).await?;
    import_target_pairs(tx, seed).await?;
    import_classifications(tx, seed, &mut report).await?;
    import_hardship_sections(tx, seed, &mut report).await?;
    Ok(report)
}

/// The seed's documents, upserted by id.
async fn import_documents(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    for d in &seed.documents {
        upsert(
            tx,
            "documents",
            &["id"],
            &[
                "id",
                "title",
                "original_title",
                "title_is_editorial",
                "doc_type",
                "issuing_body",
                "document_number",
                "date_text",
                "date_sort",
                "region",
                "period",
                "summary",
                "source_file",
                "details_json",
            ],
            vec![
                (&d.id).into(),
                (&d.title).into(),
                (&d.original_title).into(),
                d.title_is_editorial.into(),
                (&d.doc_type).into(),
                (&d.issuing_body).into(),
                (&d.document_number).into(),
                (&d.date_text).into(),
                (&d.date_sort).into(),
                (&d.region).into(),
                (&d.period).into(),
                (&d.summary).into(),
                (&d.source_file).into(),
                (&d.details_json).into(),
            ],
        )
        .await?;
        // Sections belong wholly to their document: replace them, so a section removed from
        // the source does not linger.
        sqlx::query("DELETE FROM document_sections WHERE document_id = $1")
            .bind(&d.id)
            .execute(&mut **tx)
            .await?;
        for s in &d.sections {
            upsert(
                tx,
                "document_sections",
                &["id"],
                &[
                    "id",
                    "document_id",
                    "position",
                    "level",
                    "heading",
                    "heading_is_editorial",
                    "path",
                    "label",
                    "line_start",
                    "line_end",
                    "body",
                ],
                vec![
                    (&s.id).into(),
                    (&d.id).into(),
                    s.position.into(),
                    s.level.into(),
                    (&s.heading).into(),
                    s.heading_is_editorial.into(),
                    (&s.path).into(),
                    (&s.label).into(),
                    s.line_start.into(),
                    s.line_end.into(),
                    (&s.body).into(),
                ],
            )
            .await?;
            report.sections += 1;
        }
        report.documents += 1;
    }
    Ok(())
}

/// The seed's pilots, upserted by id.
async fn import_pilots(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    let doc_id = |file: &str| seed.document_for_file(file).unwrap_or_default().to_string();
    for p in &seed.pilots {
        upsert(
            tx,
            "pilots",
            &["id"],
            &[
                "id",
                "level",
                "entity_type",
                "prefecture",
                "county",
                "town",
                "village",
                "group_or_area",
                "name_in_source",
                "notes",
                "document_id",
                "source_section",
                "sort_name",
                "level_rank",
            ],
            vec![
                (&p.id).into(),
                (&p.level).into(),
                (&p.entity_type).into(),
                (&p.prefecture).into(),
                (&p.county).into(),
                (&p.town).into(),
                (&p.village).into(),
                (&p.group_or_area).into(),
                (&p.name_in_source).into(),
                (&p.notes).into(),
                doc_id(&p.source_file).into(),
                (&p.source_section).into(),
                sort_name(&app::model::pilots::display_name(
                    &p.village,
                    &p.group_or_area,
                    &p.town,
                ))
                .into(),
                i64::from(level_rank(&p.level)).into(),
            ],
        )
        .await?;
        report.pilots += 1;
    }
    Ok(())
}

/// The seed's counties, upserted by id.
async fn import_counties(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    let doc_id = |file: &str| seed.document_for_file(file).unwrap_or_default().to_string();
    for c in &seed.counties {
        upsert(
            tx,
            "counties",
            &["name"],
            &[
                "name",
                "county_type",
                "class",
                "key_assistance",
                "former_poverty",
                "listed_in_box12",
                "notes",
                "quote",
                "document_id",
                "source_section",
            ],
            vec![
                (&c.name).into(),
                (&c.county_type).into(),
                (&c.class).into(),
                (&c.key_assistance).into(),
                (&c.former_poverty_county).into(),
                (&c.listed_in_box12).into(),
                (&c.notes).into(),
                (&c.quote).into(),
                doc_id(&c.source_file).into(),
                (&c.source_section).into(),
            ],
        )
        .await?;
        report.counties += 1;
    }
    Ok(())
}

/// The seed's indicators, upserted by id.
async fn import_indicators(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    let doc_id = |file: &str| seed.document_for_file(file).unwrap_or_default().to_string();
    for i in &seed.indicators {
        upsert_unless_edited(
            tx,
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
            ],
            vec![
                (&i.id).into(),
                (&i.indicator).into(),
                (&i.region).into(),
                i.value.into(),
                (&i.value_text).into(),
                (&i.unit).into(),
                (&i.qualifier).into(),
                (&i.year).into(),
                (&i.kind).into(),
                (&i.quote).into(),
                (&i.quote_match).into(),
                doc_id(&i.source_file).into(),
                (&i.source_section).into(),
                (&i.category).into(),
                (&i.related_industry).into(),
                (&i.notes).into(),
            ],
        )
        .await?;
        report.indicators += 1;
    }
    Ok(())
}

/// The seed's industries, upserted by id.
async fn import_industries(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    let doc_id = |file: &str| seed.document_for_file(file).unwrap_or_default().to_string();
    // The links of edited figures are the editor's: read which figures were edited.
    let edited: std::collections::HashSet<String> =
        sqlx::query("SELECT id FROM indicators WHERE edited_by <> ''")
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<Result<_, sqlx::Error>>()?;
    for industry in &seed.industries {
        upsert(
            tx,
            "industries",
            &["slug"],
            &[
                "slug",
                "name",
                "position",
                "listed_quote",
                "document_id",
                "source_section",
                "details_json",
            ],
            vec![
                (&industry.slug).into(),
                (&industry.name).into(),
                industry.position.into(),
                (&industry.listed_quote).into(),
                doc_id(&industry.source_file).into(),
                (&industry.source_section).into(),
                (&industry.details_json).into(),
            ],
        )
        .await?;
        report.industries += 1;
        // The links of edited figures are the editor's; the seed's own are replaced.
        sqlx::query(
            "DELETE FROM industry_indicators WHERE industry_slug = $1 AND indicator_id IN \
             (SELECT id FROM indicators WHERE edited_by = '')",
        )
        .bind(&industry.slug)
        .execute(&mut **tx)
        .await?;
        for link in &industry.indicators {
            if edited.contains(&link.indicator_id) {
                continue;
            }
            upsert(
                tx,
                "industry_indicators",
                &["industry_slug", "indicator_id"],
                &["industry_slug", "indicator_id", "relation", "relation_note"],
                vec![
                    (&industry.slug).into(),
                    (&link.indicator_id).into(),
                    (&link.relation).into(),
                    (&link.relation_note).into(),
                ],
            )
            .await?;
            report.industry_indicators += 1;
        }
    }
    Ok(())
}

/// The seed's qa entries, upserted by id.
async fn import_qa_entries(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    let doc_id = |file: &str| seed.document_for_file(file).unwrap_or_default().to_string();
    for q in &seed.qa_entries {
        upsert_unless_edited(
            tx,
            "qa_entries",
            &["id"],
            &[
                "id",
                "question",
                "answer",
                "quote",
                "quote_match",
                "document_id",
                "source_section",
                "region",
                "keywords_json",
                "additional_quotes_json",
            ],
            vec![
                (&q.id).into(),
                (&q.question).into(),
                (&q.answer).into(),
                (&q.quote).into(),
                (&q.quote_match).into(),
                doc_id(&q.source_file).into(),
                (&q.source_section).into(),
                (&q.region).into(),
                serde_json::Value::from(q.keywords.clone())
                    .to_string()
                    .into(),
                serde_json::Value::from(q.additional_quotes.clone())
                    .to_string()
                    .into(),
            ],
        )
        .await?;
        // The topic is the editors' classing, kept up to date even on an answer staff
        // have edited.
        sqlx::query("UPDATE qa_entries SET topic = $1 WHERE id = $2")
            .bind(&q.topic)
            .bind(&q.id)
            .execute(&mut **tx)
            .await?;
        report.qa_entries += 1;
    }
    Ok(())
}

/// The seed's pairings of targets with baselines, upserted while staff have not decided on
/// them (a confirmed or undone pairing keeps its decision).
async fn import_target_pairs(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
) -> Result<(), sqlx::Error> {
    for p in &seed.target_pairs {
        let judged = match p.judged {
            app::model::targets::Judged::Document => "document",
            app::model::targets::Judged::Editor => "editor",
        };
        upsert_where(
            tx,
            "target_pairs",
            &["target_id", "base_id"],
            &[
                "target_id",
                "base_id",
                "judged",
                "note",
                "status",
                "decided_by",
                "decided_at",
            ],
            vec![
                (&p.target).into(),
                (&p.base).into(),
                judged.into(),
                (&p.note).into(),
                "proposed".into(),
                "".into(),
                Val::Int(0),
            ],
            " WHERE target_pairs.status = 'proposed'",
        )
        .await?;
    }
    Ok(())
}

/// Who the interpretations shipped with the seed are by: the portal's editors, not the
/// issuing government (the body says so in its first line).
pub const SEED_EDITOR: &str = "门户编辑部";
/// When they were written (2026-12-04, China time), so every import dates them the same.
const SEED_INTERPRETATIONS_WRITTEN: i64 = 1_796_313_600;

/// The editors' interpretations, upserted by their seed key while no staff member has
/// edited them since (an edit makes them the staff member's).
async fn import_interpretations(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    for i in &seed.interpretations {
        upsert_where(
            tx,
            "interpretations",
            &["seed_key"],
            &[
                "seed_key",
                "title",
                "document_id",
                "source_section",
                "body_markdown",
                "created_by",
                "created_at",
                "edited_by",
                "edited_at",
            ],
            vec![
                (&i.seed_key).into(),
                (&i.title).into(),
                (&i.policy_id).into(),
                (&i.source_section).into(),
                (&i.body_markdown).into(),
                SEED_EDITOR.into(),
                Val::Int(SEED_INTERPRETATIONS_WRITTEN),
                SEED_EDITOR.into(),
                Val::Int(SEED_INTERPRETATIONS_WRITTEN),
            ],
            &format!(" WHERE interpretations.edited_by = '{SEED_EDITOR}'"),
        )
        .await?;
        report.interpretations += 1;
    }
    Ok(())
}

/// The seed's classifications, upserted by id.
async fn import_classifications(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    for c in &seed.classifications {
        let document = c
            .source_file
            .as_deref()
            .and_then(|f| seed.document_for_file(f))
            .map(str::to_string);
        upsert(
            tx,
            "classifications",
            &["id"],
            &["id", "region", "document_id", "details_json"],
            vec![
                (&c.id).into(),
                (&c.region).into(),
                (&document).into(),
                (&c.details_json).into(),
            ],
        )
        .await?;
        report.classifications += 1;
    }
    Ok(())
}

/// The seed's hardship sections, upserted by id.
async fn import_hardship_sections(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
    report: &mut ImportReport,
) -> Result<(), sqlx::Error> {
    for h in &seed.hardship_sections {
        upsert(
            tx,
            "hardship_sections",
            &["id"],
            &["id", "position", "details_json"],
            vec![(&h.id).into(), h.position.into(), (&h.details_json).into()],
        )
        .await?;
        report.hardship_sections += 1;
    }
    Ok(())
}
