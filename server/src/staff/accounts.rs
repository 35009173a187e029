//! Account management for 管理员: `/staff/accounts` lists every account and opens new ones;
//! `POST /staff/accounts/<username>` stops, restarts or resets the password of one. Stopping
//! ends the account's sessions at once; a reset ends them too, so the new password must be
//! handed over before the user works again. An administrator cannot stop or reset their own
//! account here (their password changes at `/staff/password`). Everything is audited.

use app::model::staff::{AccountsView, NewAccountForm, Role, StaffUser};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::http::{page, Posted, SignedIn};
use super::{hash_password, now, Session, StaffDesk, StaffError};
use crate::state::AppState;

impl StaffDesk {
    fn admin_only(session: &Session) -> Result<(), StaffError> {
        if session.user.role == Role::Admin {
            Ok(())
        } else {
            Err(StaffError::Refused("只有管理员可以管理账号。".into()))
        }
    }

    /// Every account and an empty form.
    pub async fn accounts_view(&self, session: &Session) -> Result<AccountsView, StaffError> {
        Self::admin_only(session)?;
        Ok(AccountsView {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            accounts: self.store.staff_accounts().await?,
            form: NewAccountForm::default(),
            problems: Vec::new(),
            row_problem: None,
            done: String::new(),
            area_query: String::new(),
            area_matches: Vec::new(),
        })
    }

    /// The accounts page with the area finder's matches for `query`: counties, townships
    /// and villages by name (villages also by pinyin), each with its code and path.
    pub async fn accounts_with_areas(
        &self,
        session: &Session,
        query: &str,
    ) -> Result<AccountsView, StaffError> {
        let mut view = self.accounts_view(session).await?;
        let query: String = query.trim().chars().take(30).collect();
        if query.chars().count() >= 2 {
            view.area_matches = self.store.area_matches(&query).await?;
        }
        view.area_query = query;
        Ok(view)
    }

    /// Opens an account with the same checks as `server create-staff`; the password is typed
    /// twice. Problems come back beside their fields, with everything but the password.
    pub async fn open_account(
        &self,
        session: &Session,
        form: NewAccountForm,
        password: &str,
        again: &str,
    ) -> Result<AccountsView, StaffError> {
        let mut view = self.accounts_view(session).await?;
        let Some(role) = Role::parse(&form.role) else {
            view.problems = vec![("role".into(), "请选择角色。".into())];
            view.form = form;
            return Ok(view);
        };
        if password != again {
            view.problems = vec![("again".into(), "两次输入的密码不一样。".into())];
            view.form = form;
            return Ok(view);
        }
        let user = StaffUser {
            username: form.username.trim().to_string(),
            role,
            area: form.area.trim().to_string(),
            area_name: String::new(),
        };
        if let Some((field, problem)) = self.add_staff(&user, password).await? {
            view.problems = vec![(field.into(), problem)];
            view.form = form;
            return Ok(view);
        }
        self.audit(
            &session.user,
            "account",
            "",
            "",
            "",
            &format!(
                "开设账号 {}（{} {}）",
                user.username,
                user.role.label(),
                user.area
            ),
        )
        .await?;
        view.accounts = self.store.staff_accounts().await?;
        view.done = format!(
            "已开设账号 {}。请把用户名和初始密码当面交给本人，并请其登录后修改密码。",
            user.username
        );
        Ok(view)
    }

    /// `disable`, `enable` or `reset` (with a new password) one account; `None` when there
    /// is no such account.
    pub async fn account_action(
        &self,
        session: &Session,
        username: &str,
        action: &str,
        password: &str,
    ) -> Result<Option<AccountsView>, StaffError> {
        let mut view = self.accounts_view(session).await?;
        if !view.accounts.iter().any(|a| a.username == username) {
            return Ok(None);
        }
        let refuse = |mut view: AccountsView, message: &str| {
            view.row_problem = Some((username.to_string(), message.to_string()));
            Ok(Some(view))
        };
        if username == session.user.username {
            return refuse(
                view,
                "不能在这里停用或重设自己的账号；修改自己的密码请用“修改密码”。",
            );
        }
        let said = match action {
            "disable" => {
                self.store.set_staff_disabled(username, now()).await?;
                format!("已停用账号 {username}，其登录已全部退出。")
            }
            "enable" => {
                self.store.set_staff_disabled(username, 0).await?;
                format!("已恢复账号 {username}。")
            }
            "reset" => {
                if let Some(problem) = app::model::staff::password_problem(username, password) {
                    return refuse(view, &problem);
                }
                let hash = hash_password(password)?;
                self.store
                    .set_staff_password(username, &hash, "", "", now())
                    .await?;
                format!("已重设 {username} 的密码，其登录已全部退出。请把新密码当面交给本人。")
            }
            _ => return refuse(view, "请选择要做的操作。"),
        };
        self.audit(&session.user, "account", "", "", "", &said)
            .await?;
        view.accounts = self.store.staff_accounts().await?;
        view.done = said;
        Ok(Some(view))
    }
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/accounts", get(accounts_page).post(open_account))
        .route("/staff/accounts/{username}", post(account_action))
}

async fn accounts_response(state: &AppState, headers: &HeaderMap, view: AccountsView) -> Response {
    let status = if view.problems.is_empty() && view.row_problem.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(state, "/staff/accounts", headers, status, view).await
}

/// `GET /staff/accounts`.
async fn accounts_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    uri: axum::http::Uri,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let find = crate::web::query_value(uri.query(), "area_q");
    let view = state.staff.accounts_with_areas(&session, &find).await?;
    Ok(accounts_response(&state, &headers, view).await)
}

/// `POST /staff/accounts`: a new account.
async fn open_account(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let form = NewAccountForm {
        username: fields.get("username").trim().to_string(),
        role: fields.get("role").to_string(),
        area: fields.get("area").trim().to_string(),
    };
    let view = state
        .staff
        .open_account(&session, form, fields.get("password"), fields.get("again"))
        .await?;
    Ok(accounts_response(&state, &headers, view).await)
}

/// An account action as posted.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct AccountAction {
    action: String,
    password: String,
}

/// `POST /staff/accounts/<username>`: `action` = `disable`, `enable` or `reset` (with
/// `password`).
async fn account_action(
    State(state): State<AppState>,
    Path(username): Path<String>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let form: AccountAction = fields.typed().map_err(StaffError::BadForm)?;
    let view = state
        .staff
        .account_action(&session, &username, &form.action, &form.password)
        .await?
        .ok_or(StaffError::NotFound("没有这个账号。"))?;
    Ok(accounts_response(&state, &headers, view).await)
}
