//! The staff desk: accounts (argon2 password hashes), sessions kept in the database (only a
//! SHA-256 of each token is stored, so several instances share them and a copy of the
//! database does not sign anyone in), sign-in throttling per account and per address, and
//! the cases each user may see and move. Who may do what is `app::model::workflow`; the desk
//! applies it before anything is read or stored.
//!
//! This file holds the desk itself and its errors. Beside it: `sessions.rs` (accounts,
//! passwords, sessions, sign-in throttling), `casework.rs` (the queue, a case, actions,
//! 待告知), `support.rs` (帮扶 measures and the 绿色通道), `export.rs` (case exports), `content.rs` and `articles.rs` (what staff edit),
//! `scope.rs` (whose content a user may edit), `accounts.rs` (account management); and the
//! HTTP side: `http.rs` (plumbing), `routes.rs` (the address table) and one file of handlers
//! per feature (`signin.rs`, `cases.rs`, `assisted.rs`, `content_routes.rs`,
//! `article_routes.rs`).

mod accounts;
mod article_routes;
mod articles;
mod assisted;
mod cases;
mod casework;
mod content;
mod content_routes;
mod export;
pub mod http;
mod promise_routes;
pub mod routes;
mod scope;
mod sessions;
mod signin;
mod support;
mod target_routes;

pub use casework::{risks_in_words, TELL_HOWS};
pub use export::EXPORT_HEADINGS;
pub use sessions::{
    hash_password, pair_delay, token_hash, verify_password, FAILURES_PER_ADDRESS, FREE_ATTEMPTS,
    SESSION_LIFETIME, THROTTLE_WINDOW,
};

use app::model::staff::{Role, StaffUser};

use crate::security::vault::Vault;
use crate::storage::{AuditEvent, StorageError, Store};
use sessions::{wait_words, PASSWORD_CHECKS_AT_ONCE};

/// Why something a staff member asked for failed.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("{0}")]
    Refused(String),
    #[error("登录尝试过于频繁，请 {}后再试。", wait_words(*.0))]
    Throttled(i64),
    #[error("用户名或密码不对。")]
    WrongPassword,
    /// No live session behind a POST.
    #[error("登录已过期，请重新登录后再操作。")]
    SignedOut,
    /// The anti-forgery token or the origin is wrong. Nothing posted is shown again.
    #[error("为了安全，这个操作没有执行：请回到页面刷新后再试。")]
    Forged,
    /// What was asked for does not exist, or is outside the user's area (answered alike).
    #[error("{0}")]
    NotFound(&'static str),
    /// A form that no page of ours sends.
    #[error("{0}")]
    BadForm(String),
    #[error("提交的内容太长了，请分批提交。")]
    TooLarge,
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Internal(String),
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: StaffUser,
    pub csrf: String,
    pub token_hash: String,
}

/// The staff side of the server.
#[derive(Debug, Clone)]
pub struct StaffDesk {
    store: Store,
    vault: Vault,
    /// A session unused this many seconds ends.
    idle_seconds: i64,
    /// Wrong passwords per address within [`THROTTLE_WINDOW`].
    failures_per_address: i64,
    /// Turns at checking a password.
    checks: std::sync::Arc<tokio::sync::Semaphore>,
}

fn now() -> i64 {
    crate::calendar::unix_now()
}

impl StaffDesk {
    pub fn new(store: Store, vault: Vault, idle_seconds: i64) -> Self {
        Self {
            store,
            vault,
            idle_seconds,
            failures_per_address: FAILURES_PER_ADDRESS,
            checks: std::sync::Arc::new(tokio::sync::Semaphore::new(PASSWORD_CHECKS_AT_ONCE)),
        }
    }

    /// The same desk with another limit of wrong passwords per address.
    #[must_use]
    pub fn with_failures_per_address(mut self, limit: u32) -> Self {
        self.failures_per_address = i64::from(limit.max(1));
        self
    }

    async fn audit(
        &self,
        user: &StaffUser,
        action: &str,
        receipt: &str,
        from: &str,
        to: &str,
        note: &str,
    ) -> Result<(), StaffError> {
        self.store
            .insert_audit(&AuditEvent {
                at: now(),
                actor: user.username.clone(),
                action: action.into(),
                receipt: receipt.into(),
                from_stage: from.into(),
                to_stage: to.into(),
                note: note.into(),
            })
            .await?;
        Ok(())
    }

    /// The store, for refreshing what is built from it after an edit.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// Why an area is refused for a role, in words an administrator can act on.
pub fn area_problem(role: Role, area: &str) -> String {
    let shown: String = area.chars().take(20).collect();
    match role {
        Role::Admin => "管理员不设辖区，请不要填写辖区。".into(),
        _ if area.is_empty() => {
            format!("请选择{}的辖区（{}）。", role.label(), role_area_kind(role))
        }
        _ => format!(
            "“{shown}”不是{}：{}账号的辖区要用 {} 位区划代码，可在下面的列表中查找。",
            role_area_kind(role),
            role.label(),
            match role {
                Role::Village => 12,
                Role::Town => 9,
                _ => 6,
            }
        ),
    }
}

/// What a role's area is: 村, 乡镇（街道）, 县（市、区）.
fn role_area_kind(role: Role) -> &'static str {
    match role {
        Role::Village => "已知的村级区划代码",
        Role::Town => "已知的乡镇（街道）区划代码",
        Role::County | Role::Admin => "已知的县（市、区）区划代码",
    }
}
