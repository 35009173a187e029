//! The staff desk: accounts (argon2 password hashes), sessions kept in the database (only a
//! SHA-256 of each token is stored, so several instances share them and a copy of the
//! database does not sign anyone in), sign-in throttling per account and per address, and
//! the cases each user may see and move. Who may do what is `app::model::workflow`; the desk
//! applies it before anything is read or stored.
//!
//! This file holds the desk's core (accounts, sessions, the queue, a case, actions). Beside
//! it: `export.rs` (case exports), `content.rs` and `articles.rs` (what staff edit),
//! `scope.rs` (whose content a user may edit), `accounts.rs` (account management); and the
//! HTTP side: `http.rs` (plumbing), `routes.rs` (the address table) and one file of handlers
//! per feature (`signin.rs`, `cases.rs`, `assisted.rs`, `content_routes.rs`,
//! `article_routes.rs`).

mod accounts;
mod article_routes;
mod articles;
mod assisted;
mod cases;
mod content;
mod content_routes;
mod export;
pub mod http;
mod promise_routes;
pub mod routes;
mod scope;
mod signin;
mod support;

pub use export::EXPORT_HEADINGS;

use app::model::promise::CountyRule;
use app::model::report::{mask_id, risk_label};
use app::model::staff::{
    check_action, mask_phone, Action, CaseEvent, CaseFilter, CaseQueueView, CaseRow, CaseView,
    Refusal, Role, StaffUser,
};
use app::model::workflow::Stage;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

use crate::calendar::{iso, WorkCalendar};
use crate::reports::{china, parse_iso, promise, today_in_china};
use crate::security::vault::{random_bytes, Vault};
use crate::storage::{
    AuditEvent, CaseRecord, OpenCase, OpenNotice, StageChange, StorageError, Store, Told,
};

/// Failed sign-ins allowed per account, and per address, within [`THROTTLE_WINDOW`].
pub const FAILURES_PER_ACCOUNT: i64 = 5;
pub const FAILURES_PER_ADDRESS: i64 = 20;
/// Seconds over which failures count.
pub const THROTTLE_WINDOW: i64 = 15 * 60;
/// A session ends this many seconds after sign-in, however busy (a working day and more).
pub const SESSION_LIFETIME: i64 = 12 * 60 * 60;

/// Why something a staff member asked for failed.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("{0}")]
    Refused(String),
    #[error("登录失败次数过多，请 15 分钟后再试。")]
    Throttled,
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
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn random_token() -> Result<String, StaffError> {
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

/// What a list of cases is reckoned with, read once per list: the working-day calendar,
/// the counties' rules and the open 待告知 tasks.
struct Reckoner {
    calendar: WorkCalendar,
    rules: HashMap<String, CountyRule>,
    /// The earliest open task of each case.
    notices: HashMap<String, OpenNotice>,
    /// Each case's measures past their day and not done.
    measures_overdue: HashMap<String, usize>,
}

impl Reckoner {
    /// The last day of a case's current stage, and whether it is estimated.
    fn due(&self, record: &CaseRecord) -> Option<(Date, bool)> {
        let submitted = parse_iso(&record.submitted_on)?;
        let promised = match self.rules.get(&record.area.county) {
            Some(rule) => promise(&self.calendar, rule, submitted),
            None => promise(
                &self.calendar,
                &CountyRule::practice(&record.area.county, ""),
                submitted,
            ),
        };
        let due = promised.due_for(record.stage)?;
        Some((parse_iso(&due.due)?, due.estimated))
    }
}

pub use app::pages::staff::TELL_HOWS;

impl StaffDesk {
    pub fn new(store: Store, vault: Vault, idle_seconds: i64) -> Self {
        Self {
            store,
            vault,
            idle_seconds,
        }
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
    async fn add_staff(
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
        let user_key = format!("user:{}", username.trim());
        let addr_key = format!("addr:{address}");
        let since = at - THROTTLE_WINDOW;
        if self.store.login_failures_since(&user_key, since).await? >= FAILURES_PER_ACCOUNT
            || self.store.login_failures_since(&addr_key, since).await? >= FAILURES_PER_ADDRESS
        {
            return Err(StaffError::Throttled);
        }
        let account = self.store.staff_account(username.trim()).await?;
        let hash = account
            .as_ref()
            .map_or(decoy_hash(), |(_, hash)| hash.as_str());
        let matches = verify_password(hash, password);
        let Some((user, _)) = account.filter(|_| matches) else {
            self.store.record_login_failure(&user_key, at).await?;
            self.store.record_login_failure(&addr_key, at).await?;
            return Err(StaffError::WrongPassword);
        };
        self.store.clear_login_failures(&user_key).await?;
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

    async fn reckoner(&self) -> Result<Reckoner, StaffError> {
        let calendar = self.store.work_calendar().await?;
        let rules = self
            .store
            .county_rules()
            .await?
            .into_iter()
            .map(|rule| (rule.county.clone(), rule))
            .collect();
        let mut notices: HashMap<String, OpenNotice> = HashMap::new();
        for notice in self.store.open_notices().await? {
            notices.entry(notice.receipt.clone()).or_insert(notice);
        }
        let today = iso(today_in_china());
        let mut measures_overdue: HashMap<String, usize> = HashMap::new();
        for measure in self.store.open_measures().await? {
            if measure.due_on < today {
                *measures_overdue.entry(measure.receipt).or_default() += 1;
            }
        }
        Ok(Reckoner {
            calendar,
            rules,
            notices,
            measures_overdue,
        })
    }

    /// A case as the queue shows it; `open` is every open case, read once per list rather
    /// than once per row. Other open cases of the same ID number are named only inside the
    /// user's area; outside it, only that there is one.
    fn row(
        session: &Session,
        record: &CaseRecord,
        today: Date,
        open: &[OpenCase],
        reckoner: &Reckoner,
    ) -> CaseRow {
        let due = reckoner.due(record);
        let tell_due = reckoner
            .notices
            .get(&record.receipt)
            .map(|n| n.due_on.clone())
            .unwrap_or_default();
        let same_person = open
            .iter()
            .filter(|other| other.id_hash == record.id_hash && other.receipt != record.receipt);
        let (inside, outside): (Vec<&OpenCase>, Vec<&OpenCase>) =
            same_person.partition(|other| session.user.covers(&other.area));
        CaseRow {
            receipt: record.receipt.clone(),
            village_id: record.area.village_id.clone(),
            village_name: record.village_name.clone(),
            stage: record.stage,
            risk_types: record
                .risk_types
                .split(',')
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
            reporter: record.reporter.clone(),
            submitted_on: record.submitted_on.clone(),
            stage_since: record.stage_since.clone(),
            due: due.map(|(d, _)| iso(d)).unwrap_or_default(),
            due_estimated: due.is_some_and(|(_, estimated)| estimated),
            days_left: due.map_or(0, |(d, _)| reckoner.calendar.working_days_until(today, d)),
            tell_due,
            fast_track: record.fast_track_at > 0,
            measures_overdue: reckoner
                .measures_overdue
                .get(&record.receipt)
                .copied()
                .unwrap_or(0),
            id_masked: record.id_masked.clone(),
            duplicates: inside.iter().map(|other| other.receipt.clone()).collect(),
            duplicates_elsewhere: !outside.is_empty(),
        }
    }

    /// The queue of `session`'s area with `filter` applied.
    pub async fn queue(
        &self,
        session: &Session,
        filter: CaseFilter,
    ) -> Result<CaseQueueView, StaffError> {
        let today = today_in_china();
        let records = self.store.cases_for(&session.user).await?;
        let open = self.store.open_cases().await?;
        let reckoner = self.reckoner().await?;
        let mut rows: Vec<CaseRow> = records
            .iter()
            .map(|record| Self::row(session, record, today, &open, &reckoner))
            .collect();
        let mut by_stage: Vec<(Stage, usize)> = Vec::new();
        let mut villages: Vec<(String, String)> = Vec::new();
        for row in &rows {
            match by_stage.iter_mut().find(|(s, _)| *s == row.stage) {
                Some((_, n)) => *n += 1,
                None => by_stage.push((row.stage, 1)),
            }
            if !villages.iter().any(|(id, _)| *id == row.village_id) {
                villages.push((row.village_id.clone(), row.village_name.clone()));
            }
        }
        villages.sort_by(|a, b| a.1.cmp(&b.1));
        let total = rows.len();
        let overdue = rows.iter().filter(|r| r.overdue()).count();
        let to_tell = rows.iter().filter(|r| !r.tell_due.is_empty()).count();
        let calendar_warning = if session.user.role == Role::Admin {
            reckoner
                .calendar
                .missing_year(today)
                .map(app::model::promise::calendar_warning)
                .unwrap_or_default()
        } else {
            String::new()
        };
        // Overdue first, then the nearest deadline.
        rows.retain(|r| filter.admits(r));
        rows.sort_by_key(|r| (!r.overdue(), r.due.is_empty(), r.days_left));
        Ok(CaseQueueView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            filter,
            total,
            overdue,
            to_tell,
            calendar_warning,
            by_stage,
            villages,
            rows,
        })
    }

    /// A case in the user's area, `None` outside it (or when there is no such case). With
    /// `reveal`, the full ID number and phone are shown and the look is audited.
    pub async fn case(
        &self,
        session: &Session,
        receipt: &str,
        reveal: bool,
    ) -> Result<Option<CaseView>, StaffError> {
        let Some(record) = self.store.case(receipt).await? else {
            return Ok(None);
        };
        if !session.user.covers(&record.area) {
            return Ok(None);
        }
        let personal = self
            .vault
            .open(&record.sealed)
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        if reveal {
            self.audit(
                &session.user,
                "reveal",
                &record.receipt,
                record.stage.value(),
                record.stage.value(),
                "查看完整身份证号和手机号",
            )
            .await?;
        }
        let events = self
            .store
            .case_events(&record.receipt)
            .await?
            .into_iter()
            .map(|e| CaseEvent {
                stage: e.stage,
                at: OffsetDateTime::from_unix_timestamp(e.at)
                    .map(|t| {
                        let t = t.to_offset(china());
                        format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
                    })
                    .unwrap_or_default(),
                actor: if e.actor == "self" || e.actor == "family" || e.actor == "cadre" {
                    format!("申报（{}）", app::model::report::reporter_label(&e.actor))
                } else {
                    e.actor
                },
                note: self.vault.open_note(&e.note).unwrap_or_else(|_| {
                    tracing::error!("a case note could not be opened");
                    "（这条说明无法解密）".to_string()
                }),
            })
            .collect();
        let open = self.store.open_cases().await?;
        let reckoner = self.reckoner().await?;
        let row = Self::row(session, &record, today_in_china(), &open, &reckoner);
        let last_told = self
            .store
            .last_told(&record.receipt)
            .await?
            .map(|told| {
                format!(
                    "{}，{}（{}）",
                    crate::storage::china_day(told.at),
                    told.how,
                    told.by
                )
            })
            .unwrap_or_default();
        Ok(Some(CaseView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            actions: session.user.actions(record.stage),
            household_size: record.household_size,
            name: personal.name,
            description: personal.description,
            id_number: if reveal {
                personal.id_number
            } else {
                mask_id(&personal.id_number)
            },
            phone: if reveal {
                personal.phone
            } else {
                mask_phone(&personal.phone)
            },
            revealed: reveal,
            events,
            last_told,
            household_type: app::model::measures::household_type(&record.household_type)
                .map(|t| t.label.to_string())
                .unwrap_or_default(),
            measures: self.measure_views(&record.receipt, true).await?,
            may_plan: Self::may_plan(&session.user, &record),
            may_fast_track: Self::may_fast_track(&session.user, &record),
            measure_form: app::model::measures::MeasureForm::default(),
            problem_field: String::new(),
            extra: app::model::workflow::ActionExtra::default(),
            problem: String::new(),
            note: String::new(),
            failed: String::new(),
            done: String::new(),
            row,
        }))
    }

    /// The store, for refreshing what is built from it after an edit.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Records that `session`'s user filed the report `receipt` for a household (代报).
    pub async fn record_assisted(
        &self,
        session: &Session,
        receipt: &str,
    ) -> Result<(), StaffError> {
        self.audit(
            &session.user,
            "assisted",
            receipt,
            "",
            Stage::Submitted.value(),
            "村干部代为申报",
        )
        .await
    }

    /// Takes `action` on a case: checked against the role, the area and the stage, then
    /// stored with its audit event only if the case is still at the stage it was read at.
    pub async fn act(
        &self,
        session: &Session,
        receipt: &str,
        action: Action,
        note: &str,
        extra: &app::model::workflow::ActionExtra,
    ) -> Result<Result<Stage, Refusal>, StaffError> {
        let Some(record) = self.store.case(receipt).await? else {
            return Ok(Err(Refusal::NotFound));
        };
        let (to, note) = match check_action(&session.user, &record.area, record.stage, action, note)
        {
            Ok(checked) => checked,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let (note, household_type) = match app::model::workflow::check_extra(action, &note, extra) {
            Ok(checked) => checked,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let at = OffsetDateTime::now_utc();
        let today = today_in_china();
        let on_day = today.to_string();
        // The village tells the household within one working day.
        let calendar = self.store.work_calendar().await?;
        let tell_by = iso(calendar.add_working_days(today, 1).date);
        // Home-visit results and reasons name people and illnesses: sealed like the
        // description, in the case history and in the audit trail alike.
        let note = self
            .vault
            .seal_note(&note)
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        let moved = self
            .store
            .move_case(&StageChange {
                receipt: &record.receipt,
                from: record.stage,
                to,
                actor: &session.user.username,
                note: &note,
                at: at.unix_timestamp(),
                on_day: &on_day,
                tell_by: &tell_by,
                household_type: household_type.unwrap_or_default(),
            })
            .await?;
        if !moved {
            return Ok(Err(Refusal::WrongStage {
                stage: record.stage,
            }));
        }
        Ok(Ok(to))
    }

    /// Records that the household of a case was told of its stage (待告知 done): `how` is
    /// one of [`TELL_HOWS`]. `Err` in words when the form is wrong or nothing was waiting.
    pub async fn record_told(
        &self,
        session: &Session,
        receipt: &str,
        how: &str,
        note: &str,
    ) -> Result<Result<(), String>, StaffError> {
        let Some(record) = self.store.case(receipt).await? else {
            return Err(StaffError::NotFound("没有这件申报，或不在您的辖区。"));
        };
        if !session.user.covers(&record.area) {
            return Err(StaffError::NotFound("没有这件申报，或不在您的辖区。"));
        }
        let how = how.trim();
        if !TELL_HOWS.contains(&how) {
            return Ok(Err("请选择是怎样告诉农户的：电话、上门或短信。".into()));
        }
        let note = note.trim();
        if note.chars().count() > app::model::workflow::MAX_NOTE_CHARS {
            return Ok(Err(format!(
                "说明最多 {} 个字。",
                app::model::workflow::MAX_NOTE_CHARS
            )));
        }
        let sealed = self
            .vault
            .seal_note(&format!(
                "{how}告知农户{}{note}",
                if note.is_empty() { "" } else { "：" }
            ))
            .map_err(|e| StaffError::Internal(e.to_string()))?;
        let told = Told {
            at: now(),
            by: session.user.username.clone(),
            how: how.to_string(),
        };
        if self
            .store
            .record_told(&record.receipt, &told, &sealed)
            .await?
        {
            Ok(Ok(()))
        } else {
            Ok(Err("这件申报没有待告知的事项（可能已有人登记过）。".into()))
        }
    }
}

/// What a risk type list reads as, for exports and logs that must not hold personal data.
pub fn risks_in_words(risks: &str) -> String {
    risks
        .split(',')
        .filter(|r| !r.is_empty())
        .map(risk_label)
        .collect::<Vec<_>>()
        .join("、")
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
        assert_eq!(risks_in_words("illness,disaster"), "因病、因灾");
    }
}
