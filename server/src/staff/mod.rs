//! The staff desk: accounts (argon2 password hashes), sessions kept in the database (only a
//! SHA-256 of each token is stored, so several instances share them and a copy of the
//! database does not sign anyone in), sign-in throttling per account and per address, and
//! the cases each user may see and move. Who may do what is `app::model::staff`; this module
//! applies it before anything is read or stored.

mod accounts;
mod article_routes;
mod articles;
mod assisted;
mod cases;
mod content_routes;
pub mod http;
pub mod routes;
mod scope;
mod signin;

use app::model::report::{mask_id, risk_label};
use app::model::staff::{
    check_action, mask_phone, qa_problems, Action, CaseEvent, CaseFilter, CaseQueueView, CaseRow,
    CaseView, FiguresView, QaEditView, QaForm, QaListView, Refusal, Role, StaffUser,
};
use app::model::workflow::Stage;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};

use crate::import::indicators::{read_indicators, RowProblem, COLUMNS};
use crate::reports::{china, deadlines, parse_iso, today_in_china, StageDays};
use crate::security::vault::{random_bytes, Vault};
use crate::storage::{AuditEvent, CaseRecord, OpenCase, StageChange, StorageError, Store};

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
    days: StageDays,
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

/// Calendar days from `today` to `due` (negative when past).
fn days_between(today: Date, due: Date) -> i64 {
    i64::from(due.to_julian_day() - today.to_julian_day())
}

impl StaffDesk {
    pub fn new(store: Store, vault: Vault, days: StageDays, idle_seconds: i64) -> Self {
        Self {
            store,
            vault,
            days,
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
        if !self.store.staff_area_exists(user.role, &user.area).await? {
            return Ok(Some((
                "area",
                match user.role {
                    Role::Village => format!(
                        "没有编号为“{}”的村（请用试点编号，如 qxn-p-01）。",
                        user.area
                    ),
                    Role::Town => format!("目录中没有名为“{}”的乡镇（街道）。", user.area),
                    Role::County => format!("目录中没有名为“{}”的县（市、区）。", user.area),
                    Role::Admin => "管理员不设区域，请不要填写区域。".into(),
                },
            )));
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

    /// The deadline of a case's current stage: the date promised on the receipt for it.
    fn due(&self, record: &CaseRecord) -> Option<Date> {
        let submitted = parse_iso(&record.submitted_on)?;
        let promised = deadlines(submitted, self.days);
        let index = record.stage.promised_step()?;
        promised.get(index).and_then(|d| parse_iso(&d.due))
    }

    /// A case as the queue shows it; `open` is every open case, read once per list rather
    /// than once per row. Other open cases of the same ID number are named only inside the
    /// user's area; outside it, only that there is one.
    fn row(
        &self,
        session: &Session,
        record: &CaseRecord,
        today: Date,
        open: &[OpenCase],
    ) -> CaseRow {
        let due = self.due(record);
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
            due: due.map(|d| d.to_string()).unwrap_or_default(),
            days_left: due.map_or(0, |d| days_between(today, d)),
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
        let mut rows: Vec<CaseRow> = records
            .iter()
            .map(|record| self.row(session, record, today, &open))
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
        // Overdue first, then the nearest deadline.
        rows.retain(|r| filter.admits(r));
        rows.sort_by_key(|r| (!r.overdue(), r.due.is_empty(), r.days_left));
        Ok(CaseQueueView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            filter,
            total,
            overdue,
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
        let row = self.row(session, &record, today_in_china(), &open);
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
            problem: String::new(),
            note: String::new(),
            failed: String::new(),
            done: String::new(),
            row,
        }))
    }

    /// The user's cases under `filter` as export rows. The full ID number and phone only
    /// for 县 and 管理员, and then the export is audited; other roles get them masked.
    async fn export_rows(
        &self,
        session: &Session,
        filter: CaseFilter,
        format: &str,
    ) -> Result<Vec<ExportRow>, StaffError> {
        let full = session.user.may_export_full_ids();
        let today = today_in_china();
        let records = self.store.cases_for(&session.user).await?;
        let open = self.store.open_cases().await?;
        let mut rows = Vec::new();
        for record in &records {
            let row = self.row(session, record, today, &open);
            if !filter.admits(&row) {
                continue;
            }
            let personal = self
                .vault
                .open(&record.sealed)
                .map_err(|e| StaffError::Internal(e.to_string()))?;
            let (id_number, phone) = if full {
                (personal.id_number, personal.phone)
            } else {
                (mask_id(&personal.id_number), mask_phone(&personal.phone))
            };
            rows.push(ExportRow {
                receipt: row.receipt,
                county: record.area.county.clone(),
                town: record.area.town.clone(),
                village: row.village_name,
                stage: row.stage.label(),
                due: parse_iso(&row.due),
                risks: risks_in_words(&record.risk_types),
                reporter: app::model::report::reporter_label(&row.reporter).to_string(),
                household_size: record.household_size,
                name: personal.name,
                id_number,
                phone,
                submitted_on: parse_iso(&row.submitted_on),
            });
        }
        if full {
            self.audit(
                &session.user,
                "export",
                "",
                "",
                "",
                &format!("导出 {} 件（含完整身份证号，{format}）", rows.len()),
            )
            .await?;
        }
        Ok(rows)
    }

    /// The CSV of the user's cases under `filter`, for machines: UTF-8 with a BOM, Chinese
    /// headings, every cell safe from formulas.
    pub async fn export(
        &self,
        session: &Session,
        filter: CaseFilter,
    ) -> Result<Vec<u8>, StaffError> {
        let rows = self.export_rows(session, filter, "CSV").await?;
        let csv_err = |e: csv::Error| StaffError::Internal(e.to_string());
        let mut writer = crate::spreadsheet::SafeCsv::new();
        writer.row(EXPORT_HEADINGS).map_err(csv_err)?;
        for row in &rows {
            let size = row.household_size.to_string();
            let due = row.due.map(|d| d.to_string()).unwrap_or_default();
            let submitted = row.submitted_on.map(|d| d.to_string()).unwrap_or_default();
            writer
                .row([
                    row.receipt.as_str(),
                    &row.county,
                    &row.town,
                    &row.village,
                    row.stage,
                    &due,
                    &row.risks,
                    &row.reporter,
                    &size,
                    &row.name,
                    &row.id_number,
                    &row.phone,
                    &submitted,
                ])
                .map_err(csv_err)?;
        }
        writer.finish().map_err(StaffError::Internal)
    }

    /// The same cases as an Excel workbook for people who type them into the national
    /// monitoring system: receipt, ID number and phone are text cells (an 18-digit number
    /// would lose its last digits as a number), dates are dates, the headings stay in view.
    pub async fn export_xlsx(
        &self,
        session: &Session,
        filter: CaseFilter,
    ) -> Result<Vec<u8>, StaffError> {
        let rows = self.export_rows(session, filter, "Excel").await?;
        write_xlsx(&rows).map_err(|e| StaffError::Internal(e.to_string()))
    }

    /// The store, for refreshing what is built from it after an edit.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Every Q&A entry, for 县 and 管理员.
    /// Every Q&A entry the user may edit (its region's, or all for 管理员).
    pub async fn qa_list(&self, session: &Session) -> Result<QaListView, StaffError> {
        let editable = self.editable(session).await?;
        Ok(QaListView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            entries: self
                .store
                .qa_list()
                .await?
                .into_iter()
                .filter(|(_, _, _, document)| editable.admits(document))
                .map(|(id, question, edited_by, _)| (id, question, edited_by))
                .collect(),
        })
    }

    /// The edit form of one entry, `None` when there is none.
    pub async fn qa_edit(
        &self,
        session: &Session,
        id: &str,
    ) -> Result<Option<QaEditView>, StaffError> {
        let editable = self.editable(session).await?;
        let Some(form) = self.store.qa_form(id).await? else {
            return Ok(None);
        };
        if !editable.admits(&form.document_id) {
            return Err(Self::outside_region(session, &form.document_id));
        }
        Ok(Some(QaEditView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            form,
            documents: self.editable_choices(&editable).await?,
            problems: Vec::new(),
            done: false,
        }))
    }

    /// Checks and stores an edit: every field, a known document, a quote that is the
    /// document's own words, a reason. Audited with the reason. The view says what is wrong
    /// beside each field, with everything typed, or that it was saved.
    pub async fn save_qa(
        &self,
        session: &Session,
        form: QaForm,
    ) -> Result<Option<QaEditView>, StaffError> {
        let editable = self.editable(session).await?;
        let Some(stored) = self.store.qa_form(&form.id).await? else {
            return Ok(None);
        };
        if !editable.admits(&stored.document_id) {
            return Err(Self::outside_region(session, &stored.document_id));
        }
        if !form.document_id.is_empty()
            && self.store.document_ids().await?.contains(&form.document_id)
            && !editable.admits(&form.document_id)
        {
            return Err(Self::outside_region(session, &form.document_id));
        }
        let documents = self.editable_choices(&editable).await?;
        let known = documents.iter().any(|(id, _)| *id == form.document_id);
        let squash =
            |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
        let wanted = squash(&form.quote);
        let found = known
            && !wanted.is_empty()
            && self
                .store
                .document_bodies(&form.document_id)
                .await?
                .iter()
                .any(|body| squash(body).contains(&wanted));
        let problems = qa_problems(&form, known, found);
        let done = problems.is_empty();
        if done {
            self.store
                .update_qa(&form, &session.user.username, now())
                .await?;
            self.audit(
                &session.user,
                "content",
                "",
                "",
                "",
                &format!("修改问答 {}：{}", form.id, form.reason),
            )
            .await?;
        }
        Ok(Some(QaEditView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            form,
            documents,
            problems,
            done,
        }))
    }

    /// The figures import page.
    pub async fn figures_view(&self, session: &Session) -> Result<FiguresView, StaffError> {
        let editable = self.editable(session).await?;
        Ok(FiguresView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            csv: String::new(),
            problems: Vec::new(),
            done: String::new(),
            documents: self.editable_choices(&editable).await?,
            one: Vec::new(),
            one_problems: Vec::new(),
            via: String::new(),
        })
    }

    /// Imports figures from CSV with the same checks as `server import-indicators`: every
    /// problem with its line (and column) and nothing stored, or every row stored in one
    /// transaction, marked as edited by this user, and audited. `Ok(Err(problems))` when
    /// refused; `Ok(Ok(what was done))` when stored.
    async fn import_csv(
        &self,
        session: &Session,
        csv: &[u8],
    ) -> Result<Result<String, Vec<RowProblem>>, StaffError> {
        let editable = self.editable(session).await?;
        let documents = self.store.document_ids().await?;
        let industries = self.store.industry_slugs().await?;
        let rows = match read_indicators(csv, &documents, &industries) {
            Ok(rows) => rows,
            Err(problems) => return Ok(Err(problems)),
        };
        // Only the user's region: the document a row names, and the document of the stored
        // figure it would replace.
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let stored = self.store.indicator_documents(&ids).await?;
        let mut problems = Vec::new();
        for (line, row) in (2_u64..).zip(&rows) {
            let replaced = stored
                .iter()
                .find(|(id, _)| *id == row.id)
                .map(|(_, document)| document.as_str());
            if !editable.admits(&row.document_id) {
                problems.push(RowProblem {
                    line,
                    column: "document_id",
                    message: format!(
                        "出处文件“{}”不是{}所在地区的文件，县级账号只能导入本地区文件的指标。",
                        row.document_id, session.user.area
                    ),
                });
            } else if let Some(other) = replaced.filter(|d| !editable.admits(d)) {
                problems.push(RowProblem {
                    line,
                    column: "id",
                    message: format!(
                        "编号“{}”已是其他地区文件（{other}）的指标，不能改写。",
                        row.id
                    ),
                });
            }
        }
        if !problems.is_empty() {
            return Ok(Err(problems));
        }
        let imported = self
            .store
            .import_indicators(&rows, &session.user.username, || {})
            .await?;
        let said = format!(
            "已导入 {} 条指标：新增 {} 条，更新 {} 条。",
            rows.len(),
            imported.added,
            imported.updated
        );
        self.audit(&session.user, "content", "", "", "", &said)
            .await?;
        Ok(Ok(said))
    }

    /// Imports pasted (`via` = `paste`) or uploaded (`upload`) CSV; the view keeps pasted
    /// text when it is refused and lists every problem by line.
    pub async fn import_figures(
        &self,
        session: &Session,
        csv: &[u8],
        via: &str,
    ) -> Result<FiguresView, StaffError> {
        let mut view = self.figures_view(session).await?;
        view.via = via.to_string();
        // A NUL byte is never meant (PostgreSQL refuses it in text): dropped from files too.
        let csv: Vec<u8> = csv.iter().copied().filter(|b| *b != 0).collect();
        let csv = csv.as_slice();
        match self.import_csv(session, csv).await? {
            Ok(said) => view.done = said,
            Err(problems) => {
                if via == "paste" {
                    view.csv = String::from_utf8_lossy(csv).into_owned();
                }
                view.problems = problems.iter().map(ToString::to_string).collect();
            }
        }
        Ok(view)
    }

    /// Imports one figure typed into the form, (column, value) in any order; its problems
    /// come back by column, with everything typed.
    pub async fn import_one_figure(
        &self,
        session: &Session,
        typed: Vec<(String, String)>,
    ) -> Result<FiguresView, StaffError> {
        let mut view = self.figures_view(session).await?;
        view.via = "one".into();
        let value = |column: &str| {
            typed
                .iter()
                .find(|(c, _)| c == column)
                .map(|(_, v)| v.trim().replace("\r\n", "\n"))
                .unwrap_or_default()
        };
        let mut writer = csv::Writer::from_writer(Vec::new());
        let record: Vec<String> = COLUMNS.iter().map(|c| value(c)).collect();
        let written = writer
            .write_record(COLUMNS)
            .and_then(|()| writer.write_record(&record));
        let csv = written
            .map_err(|e| StaffError::Internal(e.to_string()))
            .and_then(|()| {
                writer
                    .into_inner()
                    .map_err(|e| StaffError::Internal(e.to_string()))
            })?;
        match self.import_csv(session, &csv).await? {
            Ok(said) => view.done = said,
            Err(problems) => {
                view.one = COLUMNS.iter().map(|c| (c.to_string(), value(c))).collect();
                view.one_problems = problems
                    .into_iter()
                    .map(|p| (p.column.to_string(), p.message))
                    .collect();
            }
        }
        Ok(view)
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
    ) -> Result<Result<Stage, Refusal>, StaffError> {
        let Some(record) = self.store.case(receipt).await? else {
            return Ok(Err(Refusal::NotFound));
        };
        let (to, note) = match check_action(&session.user, &record.area, record.stage, action, note)
        {
            Ok(checked) => checked,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let at = OffsetDateTime::now_utc();
        let on_day = today_in_china().to_string();
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
            })
            .await?;
        if !moved {
            return Ok(Err(Refusal::WrongStage {
                stage: record.stage,
            }));
        }
        Ok(Ok(to))
    }
}

/// The headings of a case export, in column order.
pub const EXPORT_HEADINGS: [&str; 13] = [
    "回执号",
    "县",
    "乡镇",
    "村",
    "阶段",
    "本阶段时限",
    "风险类型",
    "申报人",
    "家庭人口",
    "姓名",
    "身份证号",
    "手机号",
    "提交日期",
];

/// One case as exported.
#[derive(Debug, Clone)]
struct ExportRow {
    receipt: String,
    county: String,
    town: String,
    village: String,
    stage: &'static str,
    due: Option<Date>,
    risks: String,
    reporter: String,
    household_size: i64,
    name: String,
    id_number: String,
    phone: String,
    submitted_on: Option<Date>,
}

/// A workbook of one sheet, 案件, with the rows under frozen headings.
fn write_xlsx(rows: &[ExportRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("案件")?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, heading) in (0_u16..).zip(EXPORT_HEADINGS) {
        sheet.write_string_with_format(0, col, heading, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in [(0, 12), (9, 10), (10, 22), (11, 14), (5, 12), (12, 12)] {
        sheet.set_column_width(col, width)?;
    }
    // Text columns are text for rows typed in later too.
    for col in [0, 10, 11] {
        sheet.set_column_format(col, &text)?;
    }
    let write_date = |sheet: &mut rust_xlsxwriter::Worksheet,
                      row: u32,
                      col: u16,
                      day: Option<Date>|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        if let Some(day) = day {
            let at = ExcelDateTime::from_ymd(
                u16::try_from(day.year()).unwrap_or(1900),
                u8::from(day.month()),
                day.day(),
            )?;
            sheet.write_datetime_with_format(row, col, &at, &date)?;
        }
        Ok(())
    };
    for (row, case) in (1_u32..).zip(rows) {
        // Every string is written as a string, so nothing typed can become a formula.
        sheet.write_string_with_format(row, 0, &case.receipt, &text)?;
        sheet.write_string(row, 1, &case.county)?;
        sheet.write_string(row, 2, &case.town)?;
        sheet.write_string(row, 3, &case.village)?;
        sheet.write_string(row, 4, case.stage)?;
        write_date(sheet, row, 5, case.due)?;
        sheet.write_string(row, 6, &case.risks)?;
        sheet.write_string(row, 7, &case.reporter)?;
        sheet.write_number(
            row,
            8,
            f64::from(u32::try_from(case.household_size).unwrap_or(0)),
        )?;
        sheet.write_string(row, 9, &case.name)?;
        sheet.write_string_with_format(row, 10, &case.id_number, &text)?;
        sheet.write_string_with_format(row, 11, &case.phone, &text)?;
        write_date(sheet, row, 12, case.submitted_on)?;
    }
    workbook.save_to_buffer()
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
