//! PostgreSQL: the backend for several portal instances behind a load balancer.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::AnyPool;

use super::StorageError;

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Whether a connection error is about TLS (a certificate refused, no TLS on the server).
fn about_tls(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    message.contains("certificate") || message.contains("tls") || message.contains("ssl")
}

pub(super) async fn connect(url: &str) -> Result<AnyPool, StorageError> {
    let options = AnyConnectOptions::from_str(url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        .before_acquire(|conn, _meta| Box::pin(async move { Ok(super::outside_transaction(conn)) }))
        .after_release(|conn, _meta| Box::pin(async move { Ok(super::outside_transaction(conn)) }))
        .connect_with(options)
        .await
        .map_err(|err| match err {
            sqlx::Error::Tls(reason) => StorageError::Tls(reason.to_string()),
            // rustls reports a certificate it refuses as an I/O error of the handshake.
            sqlx::Error::Io(io) if about_tls(&io.to_string()) => StorageError::Tls(io.to_string()),
            other => StorageError::Database(other),
        })?;
    Ok(pool)
}
