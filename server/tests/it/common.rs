//! Real databases and a real router for the tests: a fresh SQLite file in a temporary
//! directory, or a fresh database on the PostgreSQL server named by
//! `PORTAL_TEST_POSTGRES_URL`; and [`TestApp`], the router over one of them with the
//! portal's configuration, used by every HTTP test.
//!
//! There is no silent skip: when PostgreSQL cannot be reached the PostgreSQL tests fail with
//! a message that says how to start it (`./.ci/test` does so by itself). A PostgreSQL test
//! database is dropped when its [`TestDb`] is dropped, also when the test panics.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::Router;
use server::config::Config;
use server::import::Seed;
use server::router;
use server::search::Searcher;
use server::security::vault::Vault;
use server::state::{leptos_options, AppState};
use server::storage::Store;
use sqlx::{Connection, Executor, PgConnection};

/// The PostgreSQL server the tests create their databases on.
pub fn postgres_base_url() -> String {
    std::env::var("PORTAL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://portal:portal@127.0.0.1:5432/portal".to_string())
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

tokio::task_local! {
    /// The backend of the test running in this task (see [`on_backend`]).
    static BACKEND: Backend;
}

/// Runs a test body with `backend` as the one [`TestDb::current`] opens.
pub async fn on_backend<F: std::future::Future<Output = ()>>(backend: Backend, body: F) {
    BACKEND.scope(backend, body).await;
}

/// Writes a test twice, as `<name>::on_sqlite` and `<name>::on_postgres`; inside, `TestDb::current()`
/// opens the database of the run.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn on_sqlite() {
                $crate::common::on_backend($crate::common::Backend::Sqlite, async $body).await;
            }

            #[tokio::test]
            async fn on_postgres() {
                $crate::common::on_backend($crate::common::Backend::Postgres, async $body).await;
            }
        }
    };
}

/// A database that exists for one test.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
    postgres_name: Option<String>,
}

impl TestDb {
    /// The database of the running [`both_backends!`] test; SQLite outside one.
    pub async fn current() -> TestDb {
        match BACKEND.try_with(|b| *b).unwrap_or(Backend::Sqlite) {
            Backend::Sqlite => TestDb::sqlite().await,
            Backend::Postgres => TestDb::postgres().await,
        }
    }

    /// A store opened by the test itself (a restored copy); the test removes its file.
    pub fn wrapping(store: Store, url: &str) -> TestDb {
        TestDb {
            store,
            url: url.to_string(),
            backend: Backend::Sqlite,
            _dir: None,
            postgres_name: None,
        }
    }

    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}/portal.db", dir.path().display());
        let store = Store::open(&url).await.expect("SQLite store opens");
        TestDb {
            store,
            url,
            backend: Backend::Sqlite,
            _dir: Some(dir),
            postgres_name: None,
        }
    }

    pub async fn postgres() -> TestDb {
        let base = postgres_base_url();
        let mut admin = PgConnection::connect(&base).await.unwrap_or_else(|err| {
            panic!(
                "PostgreSQL is not reachable at {} ({err}). Run ./.ci/test, which starts it, \
                 or set PORTAL_TEST_POSTGRES_URL to a server where this role may create databases.",
                redact(&base)
            )
        });
        let name = format!(
            "portal_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        admin
            .execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
            .await
            .expect("drop old test database");
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create test database (the role needs CREATEDB)");
        admin.close().await.ok();
        let (prefix, _) = base.rsplit_once('/').expect("database URL has a path");
        let url = format!("{prefix}/{name}");
        let store = Store::open(&url).await.expect("PostgreSQL store opens");
        TestDb {
            store,
            url,
            backend: Backend::Postgres,
            _dir: None,
            postgres_name: Some(name),
        }
    }

    /// Closes the store and drops the PostgreSQL test database now.
    pub async fn finish(mut self) {
        self.store.close().await;
        if let Some(name) = self.postgres_name.take() {
            drop_database(&name).await;
        }
    }
}

async fn drop_database(name: &str) {
    if let Ok(mut admin) = PgConnection::connect(&postgres_base_url()).await {
        let _ = admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await;
    }
}

impl Drop for TestDb {
    /// Drops a PostgreSQL test database that [`TestDb::finish`] did not: a test that failed
    /// (panicked) or returned early leaves no database behind. Done on a thread of its own,
    /// since the test's runtime may be unwinding.
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        let _ = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                runtime.block_on(drop_database(&name));
            }
        })
        .join();
    }
}

fn redact(url: &str) -> String {
    server::config::redact_password(url)
}

/// The public address the tests configure by default; QR codes must encode it.
pub const BASE_URL: &str = "https://xczx.example.cn";
/// The hotline the tests configure.
pub const HOTLINE: &str = "0859-3110000";

/// The portal over one test database: its router and its state.
pub struct TestApp {
    pub db: TestDb,
    pub app: Router,
    pub state: AppState,
}

/// How a [`TestApp`] is made: the database of the running test, the seed imported, the
/// test's public address and hotline, and any other settings.
pub struct TestAppBuilder {
    db: Option<TestDb>,
    settings: Vec<(String, String)>,
    key_file: Option<std::path::PathBuf>,
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            db: None,
            key_file: None,
            settings: vec![
                ("PORTAL_BASE_URL".into(), BASE_URL.into()),
                ("PORTAL_HOTLINE".into(), HOTLINE.into()),
            ],
        }
    }
}

impl TestAppBuilder {
    /// This database instead of a new one of the running test's backend.
    pub fn db(mut self, db: TestDb) -> Self {
        self.db = Some(db);
        self
    }

    /// This key file instead of a new one (to open a restored copy with its key).
    pub fn key_file(mut self, path: &std::path::Path) -> Self {
        self.key_file = Some(path.to_path_buf());
        self
    }

    /// One setting, as the environment variable would give it.
    pub fn setting(mut self, name: &str, value: &str) -> Self {
        self.settings.retain(|(k, _)| k != name);
        self.settings.push((name.to_string(), value.to_string()));
        self
    }

    pub async fn build(self) -> TestApp {
        let db = match self.db {
            Some(db) => db,
            None => TestDb::current().await,
        };
        if !db.store.seed_imported().await.expect("seed state") {
            db.store
                .import_seed(&Seed::embedded().expect("seed parses"))
                .await
                .expect("seed imports");
        }
        let settings = self.settings;
        let config = Config::from_lookup(|name| {
            settings
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
        .expect("test configuration");
        // The key is read into memory; the directory may go when this returns.
        let keys = tempfile::tempdir().expect("key directory");
        let key_file = self
            .key_file
            .unwrap_or_else(|| keys.path().join("report.key"));
        let vault = Vault::open_or_create(&key_file).expect("key");
        let search = Arc::new(Searcher::load(&db.store).await.expect("search index"));
        let state = AppState::new(
            leptos_options(&config),
            db.store.clone(),
            vault,
            search,
            &config,
        );
        let app = router::app(state.clone());
        TestApp { db, app, state }
    }
}

/// The loader of the browser's WebAssembly as a page names it (plain names: tests run
/// without the build's `hash.txt`).
pub const WASM_TAG: &str = r#"<script src="/wasm.js" defer data-glue="/pkg/portal.js" data-wasm="/pkg/portal.wasm"></script>"#;
