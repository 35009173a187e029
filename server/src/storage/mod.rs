//! Storage: one implementation of the [`Portal`] port over sqlx's `Any` driver, with a
//! backend module each for SQLite (the default, embedded) and PostgreSQL (several instances).
//!
//! The SQL in this file is written once for both backends (`$n` placeholders, `ON CONFLICT`
//! upserts, `BIGINT`/`DOUBLE PRECISION`-compatible types). What differs per backend lives in
//! its module: how to connect, connection settings (WAL and durable commits on SQLite), and
//! the migrations (`server/migrations/{sqlite,postgres}`).

mod articles;
mod content;
mod indicators;
mod industries;
mod pilots;
mod postgres;
mod regions;
mod reports;
mod search;
mod sqlite;
mod staff;

pub use articles::{china_day, StoredInterpretation};
pub use indicators::FiguresImported;
pub use pilots::sort_name;
pub use reports::{NewReport, ReportEvent, ReportRow, Stored};
pub use staff::{AuditEvent, CaseEventRow, CaseRecord, OpenCase, StageChange};

use std::collections::BTreeMap;

use app::model::content::{InterpretationDetail, InterpretationSummary, PilotNews};
use app::model::indicators::IndicatorSet;
use app::model::industries::IndustryDetail;
use app::model::{
    DocumentDetail, DocumentSection, DocumentSummary, HomeOverview, LevelCount, PilotDetail,
    PilotPage, PilotQuery, PilotSummary, PortError, RegionsOverview, SourceRef,
};
use app::ports::Portal;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::import::{ImportReport, Seed};

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Picks the backend from the URL scheme (`sqlite:` or `postgres:`/`postgresql:`).
    pub fn from_url(url: &str) -> Result<Backend, StorageError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StorageError::UnsupportedUrl)
        }
    }
}

/// Storage failures. The database's own message is kept for the log only.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("数据库地址必须以 sqlite: 或 postgres:// 开头")]
    UnsupportedUrl,
    #[error("数据库错误: {0}")]
    Database(#[from] sqlx::Error),
    #[error("数据库迁移失败: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("无法创建数据目录 {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
}

impl From<StorageError> for PortError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
            ) => PortError::unavailable(err.to_string()),
            other => PortError::internal(other.to_string()),
        }
    }
}

fn port_err(err: sqlx::Error) -> PortError {
    StorageError::from(err).into()
}

/// The portal's database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// The key in `portal_meta` that records when the seed content was last imported.
const SEED_IMPORTED_AT: &str = "seed_imported_at";
/// The key in `portal_meta` that records which revision of the import filled the tables.
const SEED_REVISION_KEY: &str = "seed_revision";
/// Raised whenever the import fills a column differently (2: pilots' sort name and level
/// rank), so a database imported by an older server is brought up to date at start.
pub const SEED_REVISION: &str = "2";

impl Store {
    /// Connects to the database the URL names and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, StorageError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let pool = match backend {
            Backend::Sqlite => sqlite::connect(url).await?,
            Backend::Postgres => postgres::connect(url).await?,
        };
        let store = Store { pool, backend };
        store.migrate().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    async fn migrate(&self) -> Result<(), StorageError> {
        match self.backend {
            Backend::Sqlite => sqlite::MIGRATOR.run(&self.pool).await?,
            Backend::Postgres => postgres::MIGRATOR.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Closes every connection; used on shutdown so SQLite checkpoints its WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }

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
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
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

    /// SQLite's journal mode and synchronous level, to check durability settings.
    pub async fn sqlite_settings(&self) -> Result<(String, i64), StorageError> {
        let journal: String = sqlx::query("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let synchronous: i64 = sqlx::query("PRAGMA synchronous")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        Ok((journal, synchronous))
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
enum Val {
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
async fn upsert(
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

async fn import_into(
    tx: &mut Transaction<'_, Any>,
    seed: &Seed,
) -> Result<ImportReport, sqlx::Error> {
    let mut report = ImportReport::default();
    let doc_id = |file: &str| seed.document_for_file(file).unwrap_or_default().to_string();
    let edited: std::collections::HashSet<String> =
        sqlx::query("SELECT id FROM indicators WHERE edited_by <> ''")
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|row| row.try_get("id"))
            .collect::<Result<_, sqlx::Error>>()?;

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
        report.qa_entries += 1;
    }

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
    Ok(report)
}

/// The columns [`document_summary`] reads, for every query that lists documents.
const DOCUMENT_COLUMNS: &str =
    "id, title, doc_type, issuing_body, document_number, date_text, date_sort, region, summary";

fn document_summary(row: &AnyRow) -> Result<DocumentSummary, sqlx::Error> {
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

/// Orders pilot levels as the documents rank them: 省级, then 州级/市级/区级, then no level.
pub(crate) fn level_rank(level: &str) -> u8 {
    match level {
        "省级" => 0,
        "州级" | "市级" => 1,
        "区级" | "县级" => 2,
        "" => 9,
        _ => 5,
    }
}

#[async_trait::async_trait]
impl Portal for Store {
    async fn ping(&self) -> Result<(), PortError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(port_err)?;
        Ok(())
    }

    async fn home_overview(&self) -> Result<HomeOverview, PortError> {
        let count = |sql: &'static str| async move {
            let row = sqlx::query(sql).fetch_one(&self.pool).await?;
            row.try_get::<i64, _>("n")
        };
        let pilots = count("SELECT COUNT(*) AS n FROM pilots")
            .await
            .map_err(port_err)?;
        let industries = count("SELECT COUNT(*) AS n FROM industries")
            .await
            .map_err(port_err)?;
        let documents = count("SELECT COUNT(*) AS n FROM documents")
            .await
            .map_err(port_err)?;
        let interpretations =
            count("SELECT COUNT(*) AS n FROM documents WHERE doc_type LIKE '%解读%'")
                .await
                .map_err(port_err)?;
        let qa_entries = count("SELECT COUNT(*) AS n FROM qa_entries")
            .await
            .map_err(port_err)?;
        let indicators = count("SELECT COUNT(*) AS n FROM indicators")
            .await
            .map_err(port_err)?;

        let rows = sqlx::query(
            "SELECT p.level, p.document_id, d.title, p.source_section, COUNT(*) AS n \
             FROM pilots p JOIN documents d ON d.id = p.document_id \
             GROUP BY p.level, p.document_id, d.title, p.source_section \
             ORDER BY p.document_id, p.source_section",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(port_err)?;
        let mut levels: BTreeMap<(u8, String), LevelCount> = BTreeMap::new();
        for row in &rows {
            let level: String = row.try_get("level").map_err(port_err)?;
            let n: i64 = row.try_get("n").map_err(port_err)?;
            let entry = levels
                .entry((level_rank(&level), level.clone()))
                .or_insert_with(|| LevelCount {
                    level,
                    count: 0,
                    sources: Vec::new(),
                });
            entry.count += n;
            entry.sources.push(SourceRef {
                document_id: row.try_get("document_id").map_err(port_err)?,
                document_title: row.try_get("title").map_err(port_err)?,
                section: row.try_get("source_section").map_err(port_err)?,
            });
        }

        let latest = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents \
             ORDER BY date_sort IS NULL, date_sort DESC, id LIMIT 5"
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(port_err)?;
        let latest_documents = latest
            .iter()
            .map(document_summary)
            .collect::<Result<Vec<_>, _>>()
            .map_err(port_err)?;

        Ok(HomeOverview {
            pilot_levels: levels.into_values().collect(),
            pilots,
            industries,
            documents,
            interpretations,
            qa_entries,
            indicators,
            latest_documents,
        })
    }

    async fn list_pilots(&self, query: &PilotQuery) -> Result<PilotPage, PortError> {
        self.pilot_page(query).await
    }

    async fn export_pilots(&self, query: &PilotQuery) -> Result<Vec<PilotSummary>, PortError> {
        self.pilots_for_export(query).await
    }

    async fn pilot(&self, id: &str) -> Result<PilotDetail, PortError> {
        self.pilot_detail(id).await
    }

    async fn regions(&self) -> Result<RegionsOverview, PortError> {
        self.regions_overview().await
    }

    async fn indicator_set(&self) -> Result<IndicatorSet, PortError> {
        Ok(self.load_indicator_set().await?)
    }

    async fn industries(&self) -> Result<Vec<IndustryDetail>, PortError> {
        Ok(self.load_industries().await?)
    }

    async fn documents(&self) -> Result<Vec<DocumentSummary>, PortError> {
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

    async fn document(&self, id: &str) -> Result<DocumentDetail, PortError> {
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
        Ok(DocumentDetail {
            document,
            sections,
            text_issues,
            related,
            title_note,
            interpretations,
        })
    }

    async fn interpretations(&self) -> Result<Vec<InterpretationSummary>, PortError> {
        Ok(self
            .interpretations_stored(None)
            .await?
            .into_iter()
            .map(|stored| stored.summary)
            .collect())
    }

    async fn interpretation(&self, id: i64) -> Result<InterpretationDetail, PortError> {
        self.interpretation_stored(id)
            .await?
            .map(|stored| stored.detail())
            .ok_or_else(|| PortError::not_found(format!("interpretation {id}")))
    }

    async fn pilot_news(&self) -> Result<Vec<PilotNews>, PortError> {
        Ok(self.pilot_news_stored(FEED_PILOT_NEWS).await?)
    }
}

/// How many progress notes the feed carries.
const FEED_PILOT_NEWS: i64 = 50;
