//! SQLite: the default, embedded backend. One file under the data directory, in WAL mode,
//! with `synchronous = FULL` so a committed transaction survives a power cut or `kill -9`.

use std::path::Path;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::AnyPool;
use sqlx::Executor;

use super::StorageError;

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// The file path inside a `sqlite:` URL, without the query string.
fn file_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// Creates an empty file readable and writable by its owner only (0600), unless it exists.
pub(super) fn create_private_file(path: &Path) -> Result<(), StorageError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StorageError::DataDir {
            path: path.display().to_string(),
            source,
        }),
    }
}

pub(super) async fn connect(url: &str) -> Result<AnyPool, StorageError> {
    if let Some(file) = file_path(url).map(Path::new) {
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.exists() {
                let mut builder = std::fs::DirBuilder::new();
                builder.recursive(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::DirBuilderExt;
                    builder.mode(0o700);
                }
                builder
                    .create(parent)
                    .map_err(|source| StorageError::DataDir {
                        path: parent.display().to_string(),
                        source,
                    })?;
            }
        }
        // The database is created readable by its owner only; SQLite gives its WAL and
        // shared-memory files the same mode.
        if !url.contains("mode=ro") {
            create_private_file(file)?;
        }
    }
    // Create the file when it is missing, unless the URL says otherwise.
    let url = if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    let options = AnyConnectOptions::from_str(&url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        // A file on this machine does not go away between queries the way a network
        // connection can: no ping before each use (with SQLite a ping is one more round trip
        // to the connection's thread, as costly as the query itself).
        .test_before_acquire(false)
        .before_acquire(|conn, _meta| Box::pin(async move { Ok(super::outside_transaction(conn)) }))
        .after_release(|conn, _meta| Box::pin(async move { Ok(super::outside_transaction(conn)) }))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = FULL").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                conn.execute("PRAGMA busy_timeout = 5000").await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::file_path;

    /// A database made before division codes, holding a report and its stage changes, is
    /// brought up to date without losing either (the reports table is rebuilt there).
    #[tokio::test]
    async fn the_divisions_migration_keeps_old_reports_and_their_events() {
        use sqlx::Row;
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/portal.db", dir.path().display());
        sqlx::any::install_default_drivers();
        let pool = super::connect(&url).await.unwrap();
        let before = sqlx::migrate::Migrator {
            migrations: super::MIGRATOR
                .iter()
                .filter(|m| m.version < 8)
                .cloned()
                .collect::<Vec<_>>()
                .into(),
            ignore_missing: false,
            locking: true,
            no_tx: false,
        };
        before.run(&pool).await.unwrap();
        for statement in [
            "INSERT INTO documents (id, title, original_title, title_is_editorial, doc_type, \
             issuing_body, document_number, date_text, date_sort, region, period, summary, \
             source_file, details_json) VALUES ('d', 't', 't', 0, '', '', '', '', '', '', '', '', 'f', '{}')",
            "INSERT INTO pilots (id, level, entity_type, prefecture, county, town, village, \
             group_or_area, name_in_source, notes, document_id, source_section) \
             VALUES ('qxn-p-01', '', '', '', '', '', '', '', '', '', 'd', '')",
            "INSERT INTO reports VALUES ('R1', 'tok', 'qxn-p-01', 3, 'illness', 'self', 'h', 'm', \
             'p', 'c', 's', 'submitted', 1, '2026-01-05')",
            "INSERT INTO report_events VALUES ('R1', 0, 'submitted', 1, '2026-01-05', 'self', '')",
            "INSERT INTO report_events VALUES ('R1', 1, 'village_check', 2, '2026-01-06', 'v', '')",
        ] {
            sqlx::query(statement).execute(&pool).await.unwrap();
        }
        super::MIGRATOR.run(&pool).await.unwrap();
        let count = |sql: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query(sql)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
                    .try_get::<i64, _>(0)
                    .unwrap()
            }
        };
        assert_eq!(count("SELECT COUNT(*) FROM reports").await, 1);
        assert_eq!(count("SELECT COUNT(*) FROM report_events").await, 2);
        assert_eq!(
            count("SELECT COUNT(*) FROM pragma_foreign_key_check").await,
            0
        );
        pool.close().await;
    }

    #[test]
    fn file_path_is_read_from_both_url_forms() {
        assert_eq!(file_path("sqlite://data/portal.db"), Some("data/portal.db"));
        assert_eq!(
            file_path("sqlite:data/portal.db?mode=rwc"),
            Some("data/portal.db")
        );
        assert_eq!(file_path("sqlite:///tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(file_path("sqlite::memory:"), None);
    }
}
