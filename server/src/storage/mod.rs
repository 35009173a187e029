//! Storage: `Store`, the one implementation of the [`Portal`] port, over sqlx's `Any` driver.
//! This file holds the store itself (opening, the backend, errors) and the port's table of
//! methods; each subject has its file:
//!
//! - `sqlite.rs`, `postgres.rs`: connecting, connection settings and the migrations
//!   (`server/migrations/{sqlite,postgres}`), the only code that differs per backend;
//! - `seed_import.rs`: the seed import, table by table, in one transaction;
//! - `overview.rs`, `documents.rs`, `pilots.rs`, `regions.rs`, `indicators.rs`,
//!   `industries.rs`, `search.rs`: what the public pages read;
//! - `divisions.rs`, `division_import.rs`: the official division codes as pages read them
//!   (with the village finder), and storing them, matching the catalogue to codes;
//! - `reports.rs`, `staff.rs`, `content.rs`, `articles.rs`, `promises.rs`, `support.rs`:
//!   self-reports, the staff workspace and its promises and measures, and what staff edit;
//! - `upkeep.rs`: settings in `portal_meta` (the key-check value) and online backups;
//! - `kept.rs`: the content revision as this instance last read it, and what the public
//!   pages read most (the pilot catalogue), kept in memory for one revision.
//!
//! Nothing here shapes what a page shows: `crate::regions` and `crate::interpretations` do.
//!
//! Every statement is written once for both backends (`$n` placeholders, `ON CONFLICT`
//! upserts, `BIGINT`/`DOUBLE PRECISION`-compatible types).

mod articles;
mod content;
mod division_import;
mod divisions;
mod documents;
mod hardship;
mod indicators;
mod industries;
mod kept;
mod overview;
mod pilots;
mod postgres;
mod promises;
mod regions;
mod reports;
mod search;
mod seed_import;
mod sqlite;
mod staff;
mod support;
mod targets;
mod upkeep;

pub use articles::china_day;
pub use division_import::DivisionsImported;
pub use indicators::FiguresImported;
pub use pilots::sort_name;
pub use promises::{OpenNotice, Told};
pub use reports::{NewReport, ReportEvent, ReportRow, Stored};
pub use seed_import::{SeedTable, SEED_EDITOR, SEED_REVISION};
pub use staff::{AuditEvent, CaseEventRow, CaseRecord, OpenCase, PlaceNames, StageChange};
pub use support::{MeasureRow, NewMeasure};

use app::model::content::{InterpretationDetail, InterpretationSummary, PilotNews};
use app::model::indicators::IndicatorSet;
use app::model::industries::IndustryDetail;
use app::model::{
    DocumentDetail, DocumentSummary, HomeOverview, PilotDetail, PilotPage, PilotQuery,
    PilotSummary, PortError, RegionsOverview,
};
use app::ports::Portal;
use sqlx::{AnyPool, Row};

/// The `stage` column of a row; a value no [`Stage`] has is a decoding error, never a
/// silent default.
pub(crate) fn stage_of(
    row: &sqlx::any::AnyRow,
) -> Result<app::model::workflow::Stage, StorageError> {
    use sqlx::Row;
    let text: String = row.try_get("stage")?;
    app::model::workflow::Stage::parse(&text).ok_or_else(|| {
        StorageError::Database(sqlx::Error::Decode(
            format!("unknown case stage {text:?}").into(),
        ))
    })
}

/// Whether a pooled connection may be handed out (again): not while it is still inside a
/// transaction. A transaction whose COMMIT failed and whose ROLLBACK failed too (a full or
/// read-only disk) stays open on its connection; handed out again, the next `BEGIN` would
/// become a SAVEPOINT inside it, its "commit" only a RELEASE, and a report acknowledged that
/// way would vanish with the connection. Such a connection is closed instead, which ends the
/// stuck transaction and its locks.
pub(crate) fn outside_transaction(conn: &sqlx::AnyConnection) -> bool {
    use sqlx::Connection;
    let free = !conn.is_in_transaction();
    if !free {
        tracing::warn!("a database connection was still inside a transaction: closed");
    }
    free
}

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
    #[error("区划数据有误：{0}")]
    Divisions(String),
    #[error("申报和账号的辖区无法改为区划代码，未做任何改动。请先处理以下各行：\n{0}")]
    AreaMigration(String),
    #[error("无法创建数据目录 {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Unsupported(String),
    #[error(
        "无法与数据库建立 TLS 加密连接：{0}。sslmode=require 要求数据库服务器开启 ssl；\
         sslmode=verify-full 还要求 sslrootcert 指向签发服务器证书的 CA 文件，且证书上的名称与地址相符（见 OPERATIONS.md）"
    )]
    Tls(String),
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
    /// The village finder, built from the divisions table.
    finder: std::sync::Arc<divisions::FinderCache>,
    /// The content revision and what is kept for it (`kept.rs`).
    kept: std::sync::Arc<kept::KeptState>,
}

impl Store {
    /// Connects to the database the URL names and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, StorageError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let pool = match backend {
            Backend::Sqlite => sqlite::connect(url).await?,
            Backend::Postgres => postgres::connect(url).await?,
        };
        let store = Store {
            pool,
            backend,
            finder: std::sync::Arc::default(),
            kept: std::sync::Arc::default(),
        };
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

    /// The connections of this process's pool: open, and idle among them.
    pub fn pool_size(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
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
        self.overview().await
    }

    async fn content_changed_at(&self) -> Result<i64, PortError> {
        let changed_at = self
            .kept(&self.kept.changed_at, || self.site_changed_at())
            .await?;
        Ok(*changed_at)
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
        self.document_list().await
    }

    async fn document(&self, id: &str) -> Result<DocumentDetail, PortError> {
        self.document_detail(id).await
    }

    async fn targets_board(&self) -> Result<app::model::targets::TargetsBoard, PortError> {
        Ok(Store::targets_board(self).await?)
    }

    async fn qa_items(&self) -> Result<Vec<app::model::qa::QaItem>, PortError> {
        Ok(Store::qa_items(self).await?)
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
            .map(|stored| crate::interpretations::detail(&stored))
            .ok_or_else(|| PortError::not_found(format!("interpretation {id}")))
    }

    async fn pilot_news(&self) -> Result<Vec<PilotNews>, PortError> {
        Ok(self.pilot_news_stored(FEED_PILOT_NEWS).await?)
    }

    async fn report_help(&self) -> Result<app::model::help::ReportHelp, PortError> {
        self.report_help_stored().await
    }

    async fn village_step(
        &self,
        chosen: &str,
        at: &str,
        find: &str,
    ) -> Result<app::model::divisions::VillageStep, PortError> {
        Ok(self.village_step_stored(chosen, at, find).await?)
    }

    async fn county_hotline(
        &self,
        county: &str,
    ) -> Result<Option<app::model::promise::CountyHotline>, PortError> {
        Ok(Store::county_hotline(self, county).await?)
    }

    async fn village(&self, code: &str) -> Result<app::model::divisions::VillagePlace, PortError> {
        self.kept_by_key(&self.kept.villages, code, || self.village_place(code))
            .await?
            .map(|place| place.as_ref().clone())
            .ok_or_else(|| PortError::not_found(format!("village {code}")))
    }

    async fn town_posters(
        &self,
        town: &str,
    ) -> Result<app::model::divisions::TownPosters, PortError> {
        self.town_posters_stored(town)
            .await?
            .ok_or_else(|| PortError::not_found(format!("township {town}")))
    }

    async fn find_villages(
        &self,
        query: &str,
    ) -> Result<Vec<app::model::divisions::VillageHit>, PortError> {
        Ok(self.village_hits(query, FINDER_HITS).await?)
    }
}

/// How many villages the finder suggests.
const FINDER_HITS: usize = 20;

/// How many progress notes the feed carries.
const FEED_PILOT_NEWS: i64 = 50;

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::Connection;

    /// A connection left inside a transaction (its ROLLBACK failed, as on a full or read-only
    /// disk; here the transaction is simply leaked) is never handed out again: every later
    /// write is committed, so a second store on the same file sees all of them.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_connection_stuck_in_a_transaction_is_closed_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/portal.db", dir.path().display());
        let store = Store::open(&url).await.unwrap();
        {
            let mut conn = store.pool.acquire().await.unwrap();
            let stuck = conn.begin().await.unwrap();
            std::mem::forget(stuck);
        }
        for at in 0..40 {
            store.record_login_failure("subject", at).await.unwrap();
        }
        let other = Store::open(&url).await.unwrap();
        assert_eq!(other.login_failures_since("subject", 0).await.unwrap(), 40);
        other.close().await;
        store.close().await;
    }
}
