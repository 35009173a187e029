//! What running the portal needs of the database beyond its content: settings kept in
//! `portal_meta` (the key-check value), the content revision and online backups.

use std::path::Path;

use sqlx::Row;

use super::{Backend, StorageError, Store};

impl Store {
    /// A value of `portal_meta`.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        let row = sqlx::query("SELECT value FROM portal_meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("value")?),
            None => None,
        })
    }

    /// Stores a value of `portal_meta` unless one is there already (two instances starting
    /// together keep the first); the value that stands.
    pub async fn meta_first(&self, key: &str, value: &str) -> Result<String, StorageError> {
        sqlx::query(
            "INSERT INTO portal_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(self.meta(key).await?.unwrap_or_default())
    }

    /// The revision of the public content (`site_revision`, counted up by the content
    /// tables' triggers): a rendered page made at an older revision is out of date.
    pub async fn site_revision(&self) -> Result<i64, StorageError> {
        let row = sqlx::query("SELECT revision FROM site_revision WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("revision")?)
    }

    /// When the public content last changed, in seconds since 1970 UTC (stamped with the
    /// revision).
    pub async fn site_changed_at(&self) -> Result<i64, StorageError> {
        let row = sqlx::query("SELECT changed_at FROM site_revision WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("changed_at")?)
    }

    /// The sealed personal data of one stored report, if there is any.
    pub async fn any_sealed_report(&self) -> Result<Option<String>, StorageError> {
        let row = sqlx::query("SELECT sealed FROM reports ORDER BY submitted_at DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("sealed")?),
            None => None,
        })
    }

    /// A consistent copy of the whole SQLite database in a new file at `to`, made while the
    /// portal serves (`VACUUM INTO` reads one snapshot; writers go on). The file is readable by
    /// its owner only. PostgreSQL is backed up with its own `pg_dump`.
    pub async fn backup_to(&self, to: &Path) -> Result<(), StorageError> {
        if self.backend != Backend::Sqlite {
            return Err(StorageError::Unsupported(
                "PostgreSQL 数据库请用 pg_dump 备份（见 OPERATIONS.md）".into(),
            ));
        }
        if to.exists() {
            return Err(StorageError::Unsupported(format!(
                "{} 已存在：备份不会覆盖已有的文件，请换一个文件名",
                to.display()
            )));
        }
        let Some(target) = to.to_str() else {
            return Err(StorageError::Unsupported("备份文件的路径须为 UTF-8".into()));
        };
        // The owner-only file is made first; VACUUM INTO fills an empty file.
        super::sqlite::create_private_file(to)?;
        let quoted = target.replace('\'', "''");
        sqlx::query(&format!("VACUUM INTO '{quoted}'"))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
