//! Signing in and out, and changing one's own password: `/staff/login`, `/staff/logout`,
//! `/staff/password`.

use app::model::staff::{LoginView, PasswordView};
use axum::extract::{RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use super::http::{page, safe_next, with_session_cookie, Posted, SignedIn, FORM_BYTES};
use super::StaffError;
use crate::security::limit_key;
use crate::security::vault::{hex, random_bytes, Vault};
use crate::state::AppState;
use crate::web::{cookie, no_store, query_value, read_body, see_other, Fields};

/// The sign-in form's anti-forgery cookie (a fresh random value per visit of the page, sent
/// back in the form): a page of another site cannot sign a browser in to an account of its
/// choosing. Over https it carries the `__Host-` prefix.
const LOGIN_COOKIE: &str = "portal_login";

/// The sign-in page with a fresh anti-forgery token in its form and its cookie.
async fn login_form(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    mut view: LoginView,
) -> Result<Response, StaffError> {
    let mut token = [0_u8; 16];
    random_bytes(&mut token).map_err(|e| StaffError::Internal(e.to_string()))?;
    view.csrf = hex(&token);
    let cookie = state.private_cookie(LOGIN_COOKIE, &view.csrf, "/staff/login", "");
    let mut response = page(state, "/staff/login", headers, status, view).await;
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `GET /staff/login`.
pub(super) async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, StaffError> {
    let next = query_value(raw.as_deref(), "next");
    let view = LoginView {
        next: safe_next(&next).to_string(),
        ..LoginView::default()
    };
    login_form(&state, &headers, StatusCode::OK, view).await
}

/// `POST /staff/login`: the session cookie and on to `next`, or the sign-in page again with
/// the username and the reason (never the password).
pub(super) async fn login(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, StaffError> {
    let address = limit_key(state.client(&request)).to_string();
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let body = read_body(body, FORM_BYTES)
        .await
        .map_err(|_| StaffError::TooLarge)?;
    let fields = Fields::parse(&body);
    let username: String = fields.get("username").trim().chars().take(40).collect();
    let next = safe_next(fields.get("next")).to_string();
    let sent = fields.get("csrf");
    let from_our_form = state.same_origin(&headers)
        && !sent.is_empty()
        && cookie(&headers, &state.private_cookie_name(LOGIN_COOKIE))
            .is_some_and(|expected| Vault::same_hash(sent, &expected));
    let outcome = if from_our_form {
        state
            .staff
            .login(&username, fields.get("password"), &address)
            .await
    } else {
        Err(StaffError::Forged)
    };
    let (problem, status) = match outcome {
        Ok(token) => {
            tracing::info!("staff signed in");
            return Ok(with_session_cookie(
                &state,
                &token,
                no_store(see_other(&next)),
            ));
        }
        Err(StaffError::Forged) => (
            "为了安全，请从本站的登录页登录（页面停留过久时请再输入一次）。".to_string(),
            StatusCode::FORBIDDEN,
        ),
        Err(err @ StaffError::Throttled(_)) => {
            tracing::warn!("staff sign-in throttled");
            crate::access::signin_failure();
            (err.to_string(), StatusCode::TOO_MANY_REQUESTS)
        }
        Err(err @ StaffError::WrongPassword) => {
            tracing::info!("staff sign-in refused");
            crate::access::signin_failure();
            (err.to_string(), StatusCode::UNAUTHORIZED)
        }
        Err(err) => return Err(err),
    };
    let view = LoginView {
        username,
        problem,
        next,
        csrf: String::new(),
    };
    login_form(&state, &headers, status, view).await
}

/// `POST /staff/logout`.
pub(super) async fn logout(
    State(state): State<AppState>,
    posted: Posted,
) -> Result<Response, StaffError> {
    state.staff.logout(&posted.session).await?;
    Ok(with_session_cookie(
        &state,
        "",
        no_store(see_other("/staff/login")),
    ))
}

/// `GET /staff/password`.
pub(super) async fn password_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Response {
    let view = PasswordView {
        user: session.user,
        csrf: session.csrf,
        problem: String::new(),
        done: false,
    };
    page(&state, "/staff/password", &headers, StatusCode::OK, view).await
}

/// The password form.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct PasswordChange {
    current: String,
    new: String,
    again: String,
}

/// `POST /staff/password`: changed (every other session ends and this one gets a new token),
/// or the page again with the reason.
pub(super) async fn change_password(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let form: PasswordChange = fields.typed().map_err(StaffError::BadForm)?;
    let result = state
        .staff
        .change_password(&session, &form.current, &form.new, &form.again)
        .await;
    let (status, problem, token) = match result {
        Ok(token) => (StatusCode::OK, String::new(), Some(token)),
        Err(StaffError::Refused(problem)) => (StatusCode::UNPROCESSABLE_ENTITY, problem, None),
        Err(err) => return Err(err),
    };
    let view = PasswordView {
        user: session.user,
        csrf: session.csrf,
        problem,
        done: token.is_some(),
    };
    let response = page(&state, "/staff/password", &headers, status, view).await;
    Ok(match token {
        Some(token) => with_session_cookie(&state, &token, response),
        None => response,
    })
}
