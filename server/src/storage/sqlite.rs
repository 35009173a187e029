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

pub(super) async fn connect(url: &str) -> Result<AnyPool, StorageError> {
    if let Some(parent) = file_path(url).and_then(|p| Path::new(p).parent()) {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|source| StorageError::DataDir {
                path: parent.display().to_string(),
                source,
            })?;
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
