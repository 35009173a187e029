//! The staff side's HTTP plumbing: the session cookie, the two extractors every handler
//! starts with ([`SignedIn`] for a GET, [`Posted`] for a POST), the rendering of a staff page,
//! and [`StaffError`] as a response.
//!
//! Every page but the sign-in needs a live session (`portal_staff` cookie, `Path=/staff`,
//! `HttpOnly; SameSite=Strict`; over https `__Host-portal_staff`, `Path=/`, `Secure`); without
//! one a GET is sent to sign in and a POST is refused before its body is read. Every POST must
//! carry the session's anti-forgery token and, when the browser names an origin, come from
//! the portal's public address (or this host when none is configured). Staff pages are never cached. Nothing personal is logged.

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use super::{Session, StaffError};
use crate::security::vault::Vault;
use crate::state::AppState;
use crate::web::{cookie, no_store, read_body, render_page, see_other, BodyProblem, Fields};

/// The session cookie's name (`__Host-portal_staff` over https).
pub const SESSION_COOKIE: &str = "portal_staff";

/// The most a staff form may be.
pub const FORM_BYTES: usize = 16 * 1024;
/// The most a long form (an interpretation, pasted figures) may be; the router refuses any
/// body over 64 KB anyway.
pub const LONG_FORM_BYTES: usize = 64 * 1024;

/// The session token of the request's cookie.
fn session_token(state: &AppState, headers: &HeaderMap) -> Option<String> {
    cookie(headers, &state.private_cookie_name(SESSION_COOKIE)).filter(|v| {
        v.len() == 43
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The `Set-Cookie` of a new session (or, with an empty token, of its end).
pub(super) fn session_cookie(state: &AppState, token: &str) -> String {
    let expiry = if token.is_empty() { "; Max-Age=0" } else { "" };
    state.private_cookie(SESSION_COOKIE, token, "/staff", expiry)
}

/// A response that sets (or, with an empty token, ends) the session cookie.
pub(super) fn with_session_cookie(
    state: &AppState,
    token: &str,
    mut response: Response,
) -> Response {
    if let Ok(cookie) = HeaderValue::from_str(&session_cookie(state, token)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// The live session of the request, if any.
pub(super) async fn session_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Session>, StaffError> {
    match session_token(state, headers) {
        Some(token) => state.staff.session(&token).await,
        None => Ok(None),
    }
}

/// Where to go after signing in: only a staff page of this site.
pub(super) fn safe_next(next: &str) -> &str {
    if next.starts_with("/staff/") && !next.starts_with("//") && !next.contains("://") {
        next
    } else {
        "/staff/cases"
    }
}

/// Signing in first, then back to `path`.
fn to_login(path: &str) -> Response {
    let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
    no_store(see_other(&format!("/staff/login?next={next}")))
}

/// The signed-in staff member of a GET. Without a live session the request is answered
/// with the way to sign in and come back to the page asked for, so no handler can forget it.
pub(super) struct SignedIn(pub Session);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match session_of(state, &parts.headers).await {
            Ok(Some(session)) => Ok(SignedIn(session)),
            Ok(None) => Err(to_login(parts.uri.path())),
            Err(err) => Err(err.into_response()),
        }
    }
}

/// Checks a POST's origin and the session's anti-forgery token.
pub(super) fn check_forgery(
    state: &AppState,
    headers: &HeaderMap,
    session: &Session,
    sent: &str,
) -> Result<(), StaffError> {
    if state.same_origin(headers) && !sent.is_empty() && Vault::same_hash(sent, &session.csrf) {
        Ok(())
    } else {
        Err(StaffError::Forged)
    }
}

/// A staff POST that passed every check: a live session (looked up before the body is read),
/// a body of at most `LIMIT` bytes, our origin and the session's anti-forgery token. Its
/// fields become a typed form with [`Fields::typed`] or are read one by one.
pub(super) struct Posted<const LIMIT: usize = FORM_BYTES> {
    pub session: Session,
    pub fields: Fields,
    /// The request's headers, for rendering the page again with the reader's cookies.
    pub headers: HeaderMap,
}

impl<const LIMIT: usize> FromRequest<AppState> for Posted<LIMIT> {
    type Rejection = StaffError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, StaffError> {
        let (parts, body) = request.into_parts();
        let session = session_of(state, &parts.headers)
            .await?
            .ok_or(StaffError::SignedOut)?;
        let body = read_body(body, LIMIT)
            .await
            .map_err(|problem| match problem {
                BodyProblem::TooLarge => StaffError::TooLarge,
                BodyProblem::Broken => StaffError::BadForm("表单没有传完整，请重试。".into()),
            })?;
        let fields = Fields::parse(&body);
        check_forgery(state, &parts.headers, &session, fields.get("csrf"))?;
        Ok(Posted {
            session,
            fields,
            headers: parts.headers,
        })
    }
}

/// A staff page for `path` with `view` as its context, never cached.
pub(super) async fn page<V: Clone + Send + Sync + 'static>(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    status: StatusCode,
    view: V,
) -> Response {
    page_with(state, path, headers, status, move || {
        provide_context(view.clone());
    })
    .await
}

/// A staff page for `path` with whatever context `extra` provides, never cached.
pub(super) async fn page_with(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    status: StatusCode,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let mut response = render_page(state, path, headers, extra).await;
    *response.status_mut() = status;
    no_store(response)
}

/// Marks a response whose body is a reason in words, to be drawn as a page with the layout.
#[derive(Debug, Clone)]
struct ProblemPage(String);

impl IntoResponse for StaffError {
    /// The status and the reason in words; logged here, once, without personal data. The
    /// staff router's [`draw_problems`] layer draws it as a page.
    fn into_response(self) -> Response {
        let status = match &self {
            StaffError::Refused(_) | StaffError::Forged => StatusCode::FORBIDDEN,
            StaffError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            StaffError::WrongPassword | StaffError::SignedOut => StatusCode::UNAUTHORIZED,
            StaffError::NotFound(_) => StatusCode::NOT_FOUND,
            StaffError::BadForm(_) => StatusCode::BAD_REQUEST,
            StaffError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            StaffError::Storage(_) | StaffError::Internal(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        let message = match &self {
            StaffError::Storage(err) => {
                tracing::error!(error = %err, "staff request failed: storage");
                "系统暂时无法处理，请稍后再试。".to_string()
            }
            StaffError::Internal(detail) => {
                tracing::error!(detail = %detail, "staff request failed");
                "系统暂时无法处理，请稍后再试。".to_string()
            }
            StaffError::Forged => {
                tracing::info!("staff request refused: anti-forgery check failed");
                self.to_string()
            }
            other => {
                tracing::info!(status = status.as_u16(), "staff request refused");
                other.to_string()
            }
        };
        let mut response = no_store((status, message.clone()).into_response());
        response.extensions_mut().insert(ProblemPage(message));
        response
    }
}

/// The staff router's layer that draws every [`StaffError`] as a page with the layout and
/// the reason, keeping its status.
pub(super) async fn draw_problems(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let Some(ProblemPage(message)) = response.extensions().get::<ProblemPage>().cloned() else {
        return response;
    };
    let problem = app::pages::staff::StaffProblem { message };
    page(
        &state,
        "/staff/problem",
        &headers,
        response.status(),
        problem,
    )
    .await
}
