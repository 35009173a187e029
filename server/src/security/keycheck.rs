//! The key is never replaced silently. The first start stores a key-check value (see
//! [`Vault::key_check`]) in the database; every later start opens the key file and checks it
//! against that value. A missing key file while sealed data exists, or a key that does not
//! match, stops the start with what happened and how to put the key back: a new key would
//! make every stored report unreadable.

use std::path::Path;

use super::vault::{Vault, VaultError};
use crate::storage::{StorageError, Store};

/// The `portal_meta` key of the key-check value.
const KEY_CHECK: &str = "key_check";

/// Why the portal will not start with the key it found.
#[derive(Debug, thiserror::Error)]
pub enum KeyProblem {
    #[error(
        "密钥文件 {path} 不存在，但数据库里已有用密钥加密的申报或密钥校验值。\n\
         为免已有申报再也无法解开，没有创建新密钥，门户没有启动。\n\
         请把备份的密钥文件放回 {path}（属主可读写，权限 0600），\n\
         或用环境变量 PORTAL_KEY_FILE 指向它，然后再启动。"
    )]
    Missing { path: String },
    #[error(
        "密钥文件 {path} 与数据库不符：它不是加密这些申报时所用的密钥。\n\
         门户没有启动，也没有改动任何数据。\n\
         请放回原来的密钥文件（从备份中恢复），或让 PORTAL_KEY_FILE 指向它，然后再启动。"
    )]
    Different { path: String },
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Opens the key at `path` for `store`: creates it only for a database with no sealed data
/// and no key-check value, and checks it against the stored value otherwise.
pub async fn open_vault(store: &Store, path: &Path) -> Result<Vault, KeyProblem> {
    let stored = store.meta(KEY_CHECK).await?;
    let sealed = store.any_sealed_report().await?;
    let shown = path.display().to_string();
    if !path.exists() {
        if stored.is_some() || sealed.is_some() {
            return Err(KeyProblem::Missing { path: shown });
        }
        Vault::create(path)?;
    }
    let vault = Vault::open_existing(path)?;
    let check = if let Some(value) = stored {
        value
    } else {
        // A database from before key checks: its reports tell whether the key is theirs.
        if let Some(sealed) = sealed {
            if vault.open(&sealed).is_err() {
                return Err(KeyProblem::Different { path: shown });
            }
        }
        store.meta_first(KEY_CHECK, &vault.key_check()?).await?
    };
    if vault.matches_check(&check) {
        Ok(vault)
    } else {
        Err(KeyProblem::Different { path: shown })
    }
}
