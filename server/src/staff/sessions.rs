//! Accounts and sessions: argon2 password hashes, session tokens kept only as their
//! SHA-256, and sign-in attempts counted per (account, address) and per address before any
//! password is checked.

use app::model::staff::StaffUser;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::{area_problem, now, Session, StaffDesk, StaffError};
use crate::security::vault::random_bytes;

/// Sign-in attempts one address may make for one account before each further attempt waits
/// a growing delay ([`pair_delay`]); the account stays open to everyone else.
pub const FREE_ATTEMPTS: i64 = 5;
/// Wrong passwords one address may give (for any accounts) within [`THROTTLE_WINDOW`] by
/// default (`PORTAL_LOGIN_FAILURES_PER_ADDRESS`).
pub const FAILURES_PER_ADDRESS: i64 = 20;
/// Seconds over which attempts count.
pub const THROTTLE_WINDOW: i64 = 15 * 60;
/// Passwords checked at once: argon2 takes tens of milliseconds of a core and 19 MiB each, so
/// a burst of sign-ins waits its turn on the blocking threads instead of stalling the server.
pub(super) const PASSWORD_CHECKS_AT_ONCE: usize = 2;

/// Seconds the attempt after the `n`-th of one address for one account must wait: none for
/// the first [`FREE_ATTEMPTS`] − 1, then 15 s, doubling up to 15 minutes.
pub fn pair_delay(n: i64) -> i64 {
    if n < FREE_ATTEMPTS {
        0
    } else {
        let doublings = u32::try_from((n - FREE_ATTEMPTS).min(10)).unwrap_or(10);
        (15_i64 << doublings).min(THROTTLE_WINDOW)
    }
}

/// A wait in words: "40 秒", "3 分钟".
pub(super) fn wait_words(seconds: i64) -> String {
    if seconds < 60 {
        format!("{} 秒", seconds.max(1))
    } else {
        format!("{} 分钟", (seconds + 59) / 60)
    }
}
/// A session ends this many seconds after sign-in, however busy (a working day and more).
pub const SESSION_LIFETIME: i64 = 12 * 60 * 60;

pub(super) fn random_token() -> Result<String, StaffError> {
    let mut buf = [0_u8; 32];
    random_bytes(&mut buf).map_err(|e| StaffError::Internal(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// What is stored of a session token.
pub fn token_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// An argon2id hash (PHC string) of `password` with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, StaffError> {
    let mut salt = [0_u8; 16];
    random_bytes(&mut salt).map_err(|e| StaffError::Internal(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| StaffError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| StaffError::Internal(e.to_string()))
}

/// Whether `password` matches the stored hash.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash no password matches, verified when the account does not exist so that a wrong
/// username takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password never used").unwrap_or_default())
}

impl StaffDesk {
    /// Checks a password on a blocking thread, at most [`PASSWORD_CHECKS_AT_ONCE`] at a time.
    async fn check_password(&self, hash: String, password: String) -> Result<bool, StaffError> {
        let _turn = self
            .checks
            .acquire()
            .await
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(move || verify_password(&hash, &password))
            .await
            .map_err(|e| StaffError::Internal(e.to_string()))
    }

    /// Adds an account after checking the role's area and the password.
    pub async fn create_staff(&self, user: &StaffUser, password: &str) -> Result<(), StaffError> {
        match self.add_staff(user, password).await? {
            Some((_, problem)) => Err(StaffError::Refused(problem)),
            None => Ok(()),
        }
    }

    /// Adds an account, or says what is wrong as (field, message): the name (letters, digits,
    /// `-_.`, taken or not), the role's area against the catalogue, the password.
    pub(super) async fn add_staff(
        &self,
        user: &StaffUser,
        password: &str,
    ) -> Result<Option<(&'static str, String)>, StaffError> {
        let name = user.username.trim();
        if name.is_empty()
            || name.chars().count() > 40
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Ok(Some((
                "username",
                "用户名只能用字母、数字和 - _ .，最长 40 个字符。".into(),
            )));
        }
        if self
            .store
            .staff_area_name(user.role, user.area.trim())
            .await?
            .is_none()
        {
            return Ok(Some(("area", area_problem(user.role, user.area.trim()))));
        }
        if let Some(problem) = app::model::staff::password_problem(name, password) {
            return Ok(Some(("password", problem)));
        }
        let hash = hash_password(password)?;
        if !self.store.insert_staff(user, &hash, now()).await? {
            return Ok(Some(("username", format!("用户名“{name}”已经有人用了。"))));
        }
        Ok(None)
    }

    /// Signs in; returns the session token for the cookie. Refused while the account or
    /// the address has too many recent failures, whatever the password.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        address: &str,
    ) -> Result<String, StaffError> {
        let at = now();
        let username = username.trim();
        // Counted before the password is checked: parallel guesses are counted one by one,
        // and only those within the limits are checked at all.
        let address_key = format!("addr:{address}");
        let pair_key = format!("pair:{username}|{address}");
        let limit = self.failures_per_address;
        let by_address = self
            .store
            .reserve_login(&address_key, at, THROTTLE_WINDOW, |n| {
                if n >= limit {
                    THROTTLE_WINDOW
                } else {
                    0
                }
            })
            .await?;
        if let Err(wait) = by_address {
            return Err(StaffError::Throttled(wait));
        }
        if let Err(wait) = self
            .store
            .reserve_login(&pair_key, at, THROTTLE_WINDOW, pair_delay)
            .await?
        {
            self.store.uncount_login(&address_key, limit).await?;
            return Err(StaffError::Throttled(wait));
        }
        let account = self.store.staff_account(username).await?;
        let hash = account
            .as_ref()
            .map_or(decoy_hash(), |(_, hash)| hash.as_str())
            .to_string();
        let matches = self.check_password(hash, password.to_string()).await?;
        let Some((user, _)) = account.filter(|_| matches) else {
            return Err(StaffError::WrongPassword);
        };
        self.store.clear_login(&pair_key).await?;
        self.store.uncount_login(&address_key, limit).await?;
        let token = random_token()?;
        let csrf = random_token()?;
        self.store
            .insert_session(
                &token_hash(&token),
                &user.username,
                &csrf,
                at,
                at - self.idle_seconds,
            )
            .await?;
        self.audit(&user, "login", "", "", "", "").await?;
        Ok(token)
    }

    /// The live session of a cookie's token.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, StaffError> {
        let at = now();
        let hash = token_hash(token);
        Ok(self
            .store
            .live_session(&hash, at - self.idle_seconds, at - SESSION_LIFETIME, at)
            .await?
            .map(|(user, csrf)| Session {
                user,
                csrf,
                token_hash: hash,
            }))
    }

    pub async fn logout(&self, session: &Session) -> Result<(), StaffError> {
        Ok(self.store.delete_session(&session.token_hash).await?)
    }

    /// Changes the password after checking the current one; other sessions end and this one
    /// goes on under the new token returned (for the cookie).
    pub async fn change_password(
        &self,
        session: &Session,
        current: &str,
        new: &str,
        again: &str,
    ) -> Result<String, StaffError> {
        let Some((_, hash)) = self.store.staff_account(&session.user.username).await? else {
            return Err(StaffError::Refused("账号已不存在。".into()));
        };
        if !verify_password(&hash, current) {
            return Err(StaffError::Refused("现在的密码不对。".into()));
        }
        if new != again {
            return Err(StaffError::Refused("两次输入的新密码不一样。".into()));
        }
        if let Some(problem) = app::model::staff::password_problem(&session.user.username, new) {
            return Err(StaffError::Refused(problem));
        }
        let hash = hash_password(new)?;
        let token = random_token()?;
        self.store
            .set_staff_password(
                &session.user.username,
                &hash,
                &session.token_hash,
                &token_hash(&token),
                now(),
            )
            .await?;
        self.audit(&session.user, "password", "", "", "", "")
            .await?;
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_a_fresh_salt() {
        let a = hash_password("qiaotou-2026-春").unwrap();
        let b = hash_password("qiaotou-2026-春").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_password(&a, "qiaotou-2026-春"));
        assert!(!verify_password(&a, "qiaotou-2026-夏"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn a_session_token_is_stored_only_as_its_hash() {
        let token = random_token().unwrap();
        assert_eq!(token.len(), 43);
        let hash = token_hash(&token);
        assert_ne!(hash, token);
        assert_eq!(hash, token_hash(&token));
        assert_eq!(
            super::super::risks_in_words("illness,disaster"),
            "因病、因灾"
        );
    }

    #[test]
    fn one_address_waits_longer_after_each_further_wrong_password() {
        let waits: Vec<i64> = (1..=12).map(pair_delay).collect();
        assert_eq!(waits, [0, 0, 0, 0, 15, 30, 60, 120, 240, 480, 900, 900]);
        assert_eq!(wait_words(15), "15 秒");
        assert_eq!(wait_words(61), "2 分钟");
    }
}
