//! Staff accounts, sessions, failed sign-ins, the audit trail, and the case queue in SQL.
//! Who may do what is decided before these are called (`app::model::staff`); a stage change
//! is still conditional on the stage it was read at, so two people acting on the same case
//! at once cannot both move it.

use app::model::staff::{CaseArea, Role, StaffUser};
use app::model::workflow::Stage;
use sqlx::Row;

use super::{stage_of, StorageError, Store};

/// One case as the queue and the case page read it, with its area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub receipt: String,
    pub area: CaseArea,
    /// `老里旗村（兴仁市 大山镇）`.
    pub village_name: String,
    /// The village, township and county names apart (for exports); empty when the
    /// divisions do not name them.
    pub names: PlaceNames,
    pub stage: Stage,
    pub risk_types: String,
    pub reporter: String,
    pub household_size: i64,
    pub id_hash: String,
    pub id_masked: String,
    pub submitted_on: String,
    /// The day of the last stage change.
    pub stage_since: String,
    pub sealed: String,
    /// 监测对象类型 recorded at 纳入监测 (`unstable`, `edge`, `sudden`); empty before.
    pub household_type: String,
    /// When a township put the case on the 绿色通道 (unix seconds); 0 if never.
    pub fast_track_at: i64,
}

/// A case's village, township and county by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceNames {
    pub village: String,
    pub town: String,
    pub county: String,
}

/// An open case, as duplicate hints need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub id_hash: String,
    pub receipt: String,
    pub area: CaseArea,
}

/// One stage change with who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEventRow {
    pub stage: Stage,
    pub at: i64,
    pub actor: String,
    pub note: String,
}

/// One audit event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub at: i64,
    pub actor: String,
    /// `stage`, `reveal`, `export`, `login`, `password`.
    pub action: String,
    pub receipt: String,
    pub from_stage: String,
    pub to_stage: String,
    pub note: String,
}

/// A stage change to store.
#[derive(Debug, Clone)]
pub struct StageChange<'a> {
    pub receipt: &'a str,
    pub from: Stage,
    pub to: Stage,
    pub actor: &'a str,
    pub note: &'a str,
    pub at: i64,
    pub on_day: &'a str,
    /// The working day by which the village should tell the household (the 待告知 task
    /// the change opens), `YYYY-MM-DD`.
    pub tell_by: &'a str,
    /// The household type recorded with 纳入监测; empty for any other change.
    pub household_type: &'a str,
}

const CASE_SELECT: &str = "SELECT r.receipt, r.village_id, v.name AS village, t.name AS town, c.name AS county, \
     r.stage, r.risk_types, r.reporter, r.household_size, r.id_hash, r.id_masked, r.submitted_on, r.sealed, r.household_type, r.fast_track_at, \
     (SELECT e.on_day FROM report_events e WHERE e.receipt = r.receipt ORDER BY e.position DESC LIMIT 1) AS stage_since \
     FROM reports r LEFT JOIN divisions v ON v.code = r.village_id \
     LEFT JOIN divisions t ON t.code = v.parent LEFT JOIN divisions c ON c.code = t.parent";

/// `('submitted', 'village_check', …)`: the open stages as an SQL list.
fn open_stages_sql() -> String {
    let values: Vec<String> = Stage::OPEN
        .iter()
        .map(|s| format!("'{}'", s.value()))
        .collect();
    format!("({})", values.join(", "))
}

fn case_from(row: &sqlx::any::AnyRow) -> Result<CaseRecord, StorageError> {
    let village_id: String = row.try_get("village_id")?;
    let submitted_on: String = row.try_get("submitted_on")?;
    let stage_since: Option<String> = row.try_get("stage_since")?;
    Ok(CaseRecord {
        receipt: row.try_get("receipt")?,
        village_name: super::reports::village_label(row, &village_id)?,
        names: PlaceNames {
            village: row
                .try_get::<Option<String>, _>("village")?
                .unwrap_or_default(),
            town: row
                .try_get::<Option<String>, _>("town")?
                .unwrap_or_default(),
            county: row
                .try_get::<Option<String>, _>("county")?
                .unwrap_or_default(),
        },
        area: CaseArea::of_village(&village_id),
        stage: stage_of(row)?,
        risk_types: row.try_get("risk_types")?,
        reporter: row.try_get("reporter")?,
        household_size: row.try_get("household_size")?,
        id_hash: row.try_get("id_hash")?,
        id_masked: row.try_get("id_masked")?,
        stage_since: stage_since.unwrap_or_else(|| submitted_on.clone()),
        submitted_on,
        sealed: row.try_get("sealed")?,
        household_type: row.try_get("household_type")?,
        fast_track_at: row.try_get("fast_track_at")?,
    })
}

pub use app::model::staff::AccountRow;

impl Store {
    /// Adds an account; `false` when the username is taken.
    pub async fn insert_staff(
        &self,
        user: &StaffUser,
        password_hash: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "INSERT INTO staff_accounts (username, role, area, password_hash, created_at, password_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (username) DO NOTHING",
        )
        .bind(&user.username)
        .bind(user.role.value())
        .bind(&user.area)
        .bind(password_hash)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// An account and its password hash.
    pub async fn staff_account(
        &self,
        username: &str,
    ) -> Result<Option<(StaffUser, String)>, StorageError> {
        let row = sqlx::query(
            "SELECT a.username, a.role, a.area, a.password_hash, d.name AS area_name \
             FROM staff_accounts a LEFT JOIN divisions d ON d.code = a.area \
             WHERE a.username = $1 AND a.disabled_at = 0",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.try_get("role")?;
        let Some(role) = Role::parse(&role) else {
            return Ok(None);
        };
        Ok(Some((
            StaffUser {
                username: row.try_get("username")?,
                role,
                area: row.try_get("area")?,
                area_name: row
                    .try_get::<Option<String>, _>("area_name")?
                    .unwrap_or_default(),
            },
            row.try_get("password_hash")?,
        )))
    }

    /// Replaces a password and ends every other session of the account.
    pub async fn set_staff_password(
        &self,
        username: &str,
        password_hash: &str,
        keep_session: &str,
        new_session: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE staff_accounts SET password_hash = $1, password_at = $2 WHERE username = $3",
        )
        .bind(password_hash)
        .bind(now)
        .bind(username)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM staff_sessions WHERE username = $1 AND token_hash <> $2")
            .bind(username)
            .bind(keep_session)
            .execute(&mut *tx)
            .await?;
        // The session that changed the password goes on under a new token: whoever may
        // have copied the old cookie is signed out too.
        sqlx::query("UPDATE staff_sessions SET token_hash = $1 WHERE token_hash = $2")
            .bind(new_session)
            .bind(keep_session)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every account with its state, by role and name.
    pub async fn staff_accounts(&self) -> Result<Vec<AccountRow>, StorageError> {
        let rows = sqlx::query(
            "SELECT a.username, a.role, a.area, a.disabled_at, a.created_at, a.password_at, \
             d.name AS area_name FROM staff_accounts a LEFT JOIN divisions d ON d.code = a.area \
             ORDER BY a.username",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut accounts = Vec::new();
        for row in &rows {
            let role: String = row.try_get("role")?;
            let Some(role) = Role::parse(&role) else {
                continue;
            };
            accounts.push(AccountRow {
                username: row.try_get("username")?,
                role,
                area: row.try_get("area")?,
                area_name: row
                    .try_get::<Option<String>, _>("area_name")?
                    .unwrap_or_default(),
                disabled: row.try_get::<i64, _>("disabled_at")? != 0,
                created: super::china_day(row.try_get("created_at")?),
                password_changed: super::china_day(row.try_get("password_at")?),
            });
        }
        Ok(accounts)
    }

    /// Stops (`at` > 0) or restarts (`at` 0) an account; stopping ends its sessions.
    /// `false` when there is no such account.
    pub async fn set_staff_disabled(&self, username: &str, at: i64) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE staff_accounts SET disabled_at = $1 WHERE username = $2")
            .bind(at)
            .bind(username)
            .execute(&mut *tx)
            .await?;
        if at != 0 {
            sqlx::query("DELETE FROM staff_sessions WHERE username = $1")
                .bind(username)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// The name of the place `area` names at the role's level (a village code for 村, a
    /// township code for 乡镇, a county code for 县); `None` when it names none. 管理员 has
    /// no area: only the empty one is accepted (named "").
    pub async fn staff_area_name(
        &self,
        role: Role,
        area: &str,
    ) -> Result<Option<String>, StorageError> {
        let level = match role {
            Role::Village => crate::divisions::VILLAGE,
            Role::Town => crate::divisions::TOWNSHIP,
            Role::County => crate::divisions::COUNTY,
            Role::Admin => return Ok(area.is_empty().then(String::new)),
        };
        Ok(match self.division(area).await? {
            Some((name, found)) if found == level => Some(name),
            _ => None,
        })
    }

    /// Stores a new session; sessions idle since before `idle_since` are deleted on the way,
    /// so the table holds only live ones without a sweep on every request.
    pub async fn insert_session(
        &self,
        token_hash: &str,
        username: &str,
        csrf: &str,
        now: i64,
        idle_since: i64,
    ) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM staff_sessions WHERE last_seen < $1")
            .bind(idle_since)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, username, csrf, created_at, last_seen) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(token_hash)
        .bind(username)
        .bind(csrf)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A session that was seen at or after `idle_since`, with its user and anti-forgery
    /// token; it is marked as seen `now`.
    pub async fn live_session(
        &self,
        token_hash: &str,
        idle_since: i64,
        created_since: i64,
        now: i64,
    ) -> Result<Option<(StaffUser, String)>, StorageError> {
        let row = sqlx::query(
            "SELECT s.csrf, a.username, a.role, a.area, d.name AS area_name FROM staff_sessions s \
             JOIN staff_accounts a ON a.username = s.username \
             LEFT JOIN divisions d ON d.code = a.area \
             WHERE s.token_hash = $1 AND s.last_seen >= $2 AND s.created_at >= $3 \
             AND a.disabled_at = 0",
        )
        .bind(token_hash)
        .bind(idle_since)
        .bind(created_since)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.try_get("role")?;
        let Some(role) = Role::parse(&role) else {
            return Ok(None);
        };
        sqlx::query("UPDATE staff_sessions SET last_seen = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(Some((
            StaffUser {
                username: row.try_get("username")?,
                role,
                area: row.try_get("area")?,
                area_name: row
                    .try_get::<Option<String>, _>("area_name")?
                    .unwrap_or_default(),
            },
            row.try_get("csrf")?,
        )))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn record_login_failure(&self, subject: &str, at: i64) -> Result<(), StorageError> {
        sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
            .bind(subject)
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn login_failures_since(
        &self,
        subject: &str,
        since: i64,
    ) -> Result<i64, StorageError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM login_failures WHERE subject = $1 AND at >= $2")
                .bind(subject)
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
        Ok(row.try_get("n")?)
    }

    pub async fn clear_login_failures(&self, subject: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM login_failures WHERE subject = $1")
            .bind(subject)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Counts one sign-in attempt for `subject` before its password is checked, atomically
    /// (the row is locked from read to write, so parallel attempts are counted one by one).
    /// `delay` gives, for the attempt's number within `window` seconds, how many seconds the
    /// next one must wait. The attempt's number, or how many seconds to wait when it may not
    /// be made now (then it is not counted).
    pub async fn reserve_login(
        &self,
        subject: &str,
        at: i64,
        window: i64,
        delay: impl Fn(i64) -> i64,
    ) -> Result<Result<i64, i64>, StorageError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "INSERT INTO login_throttle (subject, attempts, next_at, updated_at) \
             VALUES ($1, 0, 0, $2) \
             ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject \
             RETURNING attempts, next_at, updated_at",
        )
        .bind(subject)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let (mut attempts, mut next_at): (i64, i64) =
            (row.try_get("attempts")?, row.try_get("next_at")?);
        let updated: i64 = row.try_get("updated_at")?;
        if updated < at - window {
            (attempts, next_at) = (0, 0);
        }
        if at < next_at {
            tx.commit().await?;
            return Ok(Err(next_at - at));
        }
        let number = attempts + 1;
        sqlx::query(
            "UPDATE login_throttle SET attempts = $2, next_at = $3, updated_at = $4 WHERE subject = $1",
        )
        .bind(subject)
        .bind(number)
        .bind(at + delay(number))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(number))
    }

    /// Forgets the attempts of `subject` (after a right password for its pair).
    pub async fn clear_login(&self, subject: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM login_throttle WHERE subject = $1")
            .bind(subject)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Takes back one counted attempt of `subject` (a right password does not count against
    /// its address), lifting its pause when it falls below `limit`.
    pub async fn uncount_login(&self, subject: &str, limit: i64) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE login_throttle SET attempts = attempts - 1, \
             next_at = CASE WHEN attempts - 1 < $2 THEN 0 ELSE next_at END \
             WHERE subject = $1 AND attempts > 0",
        )
        .bind(subject)
        .bind(limit)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn insert_audit(&self, event: &AuditEvent) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO audit_events (at, actor, action, receipt, from_stage, to_stage, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(event.at)
        .bind(&event.actor)
        .bind(&event.action)
        .bind(&event.receipt)
        .bind(&event.from_stage)
        .bind(&event.to_stage)
        .bind(&event.note)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The audit trail of a case (or of everything with an empty receipt), oldest first.
    pub async fn audit_events(&self, receipt: &str) -> Result<Vec<AuditEvent>, StorageError> {
        let rows = sqlx::query(
            "SELECT at, actor, action, receipt, from_stage, to_stage, note FROM audit_events \
             WHERE receipt = $1 OR $1 = '' ORDER BY id",
        )
        .bind(receipt)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditEvent {
                    at: row.try_get("at")?,
                    actor: row.try_get("actor")?,
                    action: row.try_get("action")?,
                    receipt: row.try_get("receipt")?,
                    from_stage: row.try_get("from_stage")?,
                    to_stage: row.try_get("to_stage")?,
                    note: row.try_get("note")?,
                })
            })
            .collect()
    }

    /// Every case in the user's area, newest first.
    pub async fn cases_for(&self, user: &StaffUser) -> Result<Vec<CaseRecord>, StorageError> {
        let filter = match user.role {
            Role::Village => " WHERE r.village_id = $1",
            Role::Town => " WHERE substr(r.village_id, 1, 9) = $1",
            Role::County => " WHERE substr(r.village_id, 1, 6) = $1",
            Role::Admin => " WHERE r.receipt <> '' OR r.receipt = $1",
        };
        let sql = format!("{CASE_SELECT}{filter} ORDER BY r.submitted_at DESC, r.receipt");
        let rows = sqlx::query(&sql)
            .bind(&user.area)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(case_from).collect()
    }

    /// One case, whoever asks; the caller checks the area.
    pub async fn case(&self, receipt: &str) -> Result<Option<CaseRecord>, StorageError> {
        let sql = format!("{CASE_SELECT} WHERE r.receipt = $1");
        let row = sqlx::query(&sql)
            .bind(receipt)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(case_from).transpose()
    }

    /// The stage changes of a case with who made them, oldest first.
    pub async fn case_events(&self, receipt: &str) -> Result<Vec<CaseEventRow>, StorageError> {
        let rows = sqlx::query(
            "SELECT stage, at, actor, note FROM report_events WHERE receipt = $1 ORDER BY position",
        )
        .bind(receipt)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(CaseEventRow {
                    stage: stage_of(row)?,
                    at: row.try_get("at")?,
                    actor: row.try_get("actor")?,
                    note: row.try_get("note")?,
                })
            })
            .collect()
    }

    /// Every open case as (ID number hash, receipt, area): how a list finds other open
    /// cases of the same person, and whether they lie in the reader's area.
    pub async fn open_cases(&self) -> Result<Vec<OpenCase>, StorageError> {
        let sql = format!(
            "SELECT r.id_hash, r.receipt, r.village_id FROM reports r \
             WHERE r.stage IN {} ORDER BY r.submitted_at",
            open_stages_sql()
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                Ok(OpenCase {
                    id_hash: row.try_get("id_hash")?,
                    receipt: row.try_get("receipt")?,
                    area: CaseArea::of_village(&row.try_get::<String, _>("village_id")?),
                })
            })
            .collect()
    }

    /// Moves a case from `change.from` to `change.to`, recording the step and the audit
    /// event in one transaction; `false` (and nothing stored) when the case is no longer at
    /// `change.from`.
    pub async fn move_case(&self, change: &StageChange<'_>) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let moved = sqlx::query("UPDATE reports SET stage = $1 WHERE receipt = $2 AND stage = $3")
            .bind(change.to.value())
            .bind(change.receipt)
            .bind(change.from.value())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if moved != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        if !change.household_type.is_empty() {
            sqlx::query("UPDATE reports SET household_type = $1 WHERE receipt = $2")
                .bind(change.household_type)
                .bind(change.receipt)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO report_events (receipt, position, stage, at, on_day, actor, note) \
             SELECT $1, COALESCE(MAX(position), -1) + 1, $2, $3, $4, $5, $6 \
             FROM report_events WHERE receipt = $1",
        )
        .bind(change.receipt)
        .bind(change.to.value())
        .bind(change.at)
        .bind(change.on_day)
        .bind(change.actor)
        .bind(change.note)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO audit_events (at, actor, action, receipt, from_stage, to_stage, note) \
             VALUES ($1, $2, 'stage', $3, $4, $5, $6)",
        )
        .bind(change.at)
        .bind(change.actor)
        .bind(change.receipt)
        .bind(change.from.value())
        .bind(change.to.value())
        .bind(change.note)
        .execute(&mut *tx)
        .await?;
        super::promises::open_notice(
            &mut tx,
            change.receipt,
            change.to,
            change.at,
            change.tell_by,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
