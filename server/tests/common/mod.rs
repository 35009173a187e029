//! Real databases for the tests: a fresh SQLite file in a temporary directory, or a fresh
//! database on the PostgreSQL server named by `PORTAL_TEST_POSTGRES_URL`.
//!
//! There is no silent skip: when PostgreSQL cannot be reached the PostgreSQL tests fail with
//! a message that says how to start it (`./.ci/test` does so by itself).
#![allow(
    dead_code,
    reason = "each test binary uses a different part of these helpers"
)]

use std::sync::atomic::{AtomicUsize, Ordering};

use server::storage::Store;
use sqlx::{Connection, Executor, PgConnection};

/// The PostgreSQL server the tests create their databases on.
pub fn postgres_base_url() -> String {
    std::env::var("PORTAL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://portal:portal@127.0.0.1:5432/portal".to_string())
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A database that exists for one test.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    postgres_name: Option<String>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}/portal.db", dir.path().display());
        let store = Store::open(&url).await.expect("SQLite store opens");
        TestDb {
            store,
            url,
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
            _dir: None,
            postgres_name: Some(name),
        }
    }

    /// Closes the store and drops the PostgreSQL test database.
    pub async fn finish(self) {
        self.store.close().await;
        if let Some(name) = self.postgres_name {
            if let Ok(mut admin) = PgConnection::connect(&postgres_base_url()).await {
                let _ = admin
                    .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await;
            }
        }
    }
}

fn redact(url: &str) -> String {
    server::config::redact_password(url)
}
