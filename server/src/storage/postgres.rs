//! PostgreSQL: the backend for several portal instances behind a load balancer.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::AnyPool;

use super::StorageError;

pub(super) static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

pub(super) async fn connect(url: &str) -> Result<AnyPool, StorageError> {
    let options = AnyConnectOptions::from_str(url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        .before_acquire(|conn, _meta| Box::pin(async move { Ok(super::outside_transaction(conn)) }))
        .after_release(|conn, _meta| Box::pin(async move { Ok(super::outside_transaction(conn)) }))
        .connect_with(options)
        .await?;
    Ok(pool)
}
