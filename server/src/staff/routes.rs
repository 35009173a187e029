//! The staff workspace over HTTP: `/staff/login`, `/staff/logout`, `/staff/cases`,
//! `/staff/cases/<receipt>` (and its actions and `/reveal`), `/staff/cases.csv`,
//! `/staff/password`, `/staff/report` (代报), `/staff/content/…` (editing).
//!
//! Every page but the sign-in needs a live session (`portal_staff` cookie, `Path=/staff`,
//! `HttpOnly; SameSite=Strict`, `Secure` when the portal's address is https); without one a
//! GET is sent to sign in and a POST is refused. Every POST must carry the session's
//! anti-forgery token and, when the browser names an origin, come from this host. Staff
//! pages are never cached. Nothing personal is logged.

use app::model::staff::{
    Action, CaseFilter, FiguresView, LoginView, PasswordView, QaForm, Refusal,
};
use axum::extract::{FromRequestParts, Path, RawQuery, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;

use super::{Session, StaffError};
use crate::reports::routes::{render_page, same_origin};
use crate::security::client_address;
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "portal_staff";

/// The most a staff form may be.
const MAX_FORM_BYTES: usize = 16 * 1024;
/// The most pasted figures may be (the router refuses any body over 64 KB anyway).
const MAX_FIGURES_BYTES: usize = 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(|| async { see_other("/staff/cases") }))
        .route("/staff/login", get(login_page).post(login))
        .route("/staff/logout", post(logout))
        .route("/staff/cases", get(queue))
        .route("/staff/cases.csv", get(export))
        .route("/staff/cases/{receipt}", get(case_page).post(act))
        .route("/staff/cases/{receipt}/reveal", post(reveal))
        .route("/staff/password", get(password_page).post(change_password))
        .route("/staff/report", get(assisted_page).post(assisted_submit))
        .route(
            "/staff/content/figures",
            get(figures_page).post(figures_import),
        )
        .route("/staff/content/qa", get(qa_list))
        .route("/staff/content/qa/{id}", get(qa_edit).post(qa_save))
        .merge(super::article_routes::routes())
        .merge(super::accounts::routes())
}

pub(super) fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Staff pages hold personal data: no cache keeps them.
pub(super) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The session token of the request's cookie.
fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| {
            v.len() == 43
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// The `Set-Cookie` of a new session (or, with an empty token, of its end).
fn session_cookie(state: &AppState, token: &str) -> String {
    let secure = if state.site.base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let expiry = if token.is_empty() { "; Max-Age=0" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/staff; HttpOnly; SameSite=Strict{secure}{expiry}")
}

/// The live session of the request, if any.
pub(super) async fn session_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Session>, Response> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    state.staff.session(&token).await.map_err(unavailable)
}

pub(super) fn unavailable(err: StaffError) -> Response {
    tracing::error!(error = %err, "staff request failed");
    no_store(
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "系统暂时无法处理，请稍后再试。",
        )
            .into_response(),
    )
}

/// Where to go after signing in: only a staff page of this site.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/staff/") && !next.starts_with("//") && !next.contains("://") {
        next
    } else {
        "/staff/cases"
    }
}

/// Signing in first, then back to `path`.
pub(super) fn to_login(path: &str) -> Response {
    let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
    no_store(see_other(&format!("/staff/login?next={next}")))
}

/// The signed-in staff member of a GET. Without a live session the request is answered
/// with the way to sign in and come back to the page asked for, so no handler can forget it.
pub(super) struct SignedIn(pub Session);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match session_of(state, &parts.headers).await? {
            Some(session) => Ok(SignedIn(session)),
            None => Err(to_login(parts.uri.path())),
        }
    }
}

/// A desk failure as a response: a refusal in words (403), or a plain 503.
pub(super) fn failed(err: StaffError) -> Response {
    match err {
        StaffError::Refused(message) => forbidden(message),
        err => unavailable(err),
    }
}

/// A form body's fields.
pub(super) async fn form_fields(request: Request) -> (HeaderMap, Vec<(String, String)>) {
    form_fields_up_to(request, MAX_FORM_BYTES).await
}

/// A form body's fields, reading at most `limit` bytes.
pub(super) async fn form_fields_up_to(
    request: Request,
    limit: usize,
) -> (HeaderMap, Vec<(String, String)>) {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, limit).await.unwrap_or_default();
    let fields = form_urlencoded::parse(&body).into_owned().collect();
    (parts.headers, fields)
}

pub(super) fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The session of a staff POST, after the anti-forgery checks; otherwise the response.
pub(super) async fn posted_session(
    state: &AppState,
    headers: &HeaderMap,
    fields: &[(String, String)],
) -> Result<Session, Response> {
    let Some(session) = session_of(state, headers).await? else {
        return Err(no_store(
            (StatusCode::UNAUTHORIZED, "登录已过期，请重新登录后再操作。").into_response(),
        ));
    };
    let sent = field(fields, "csrf");
    if !same_origin(headers)
        || sent.is_empty()
        || !crate::security::vault::Vault::same_hash(sent, &session.csrf)
    {
        tracing::info!("staff request refused: anti-forgery check failed");
        return Err(no_store(
            (
                StatusCode::FORBIDDEN,
                "为了安全，这个操作没有执行：请回到页面刷新后再试。",
            )
                .into_response(),
        ));
    }
    Ok(session)
}

pub(super) async fn page(
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

/// One value of a query string.
pub(super) fn query_value(raw: Option<&str>, name: &str) -> String {
    form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// `GET /staff/login`.
async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let next = query_value(raw.as_deref(), "next");
    let view = LoginView {
        next: safe_next(&next).to_string(),
        ..LoginView::default()
    };
    page(
        &state,
        "/staff/login",
        &headers,
        StatusCode::OK,
        move || provide_context(view.clone()),
    )
    .await
}

/// `POST /staff/login`.
async fn login(State(state): State<AppState>, request: Request) -> Response {
    let address = client_address(&request).to_string();
    let (headers, fields) = form_fields(request).await;
    let username = field(&fields, "username").trim().to_string();
    let next = safe_next(field(&fields, "next")).to_string();
    let again = |problem: String, status: StatusCode| {
        let view = LoginView {
            username: username.clone(),
            problem,
            next: next.clone(),
        };
        let state = state.clone();
        let headers = headers.clone();
        async move {
            page(&state, "/staff/login", &headers, status, move || {
                provide_context(view.clone())
            })
            .await
        }
    };
    if !same_origin(&headers) {
        return again(
            "为了安全，请从本站的登录页登录。".into(),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    match state
        .staff
        .login(&username, field(&fields, "password"), &address)
        .await
    {
        Ok(token) => {
            tracing::info!("staff signed in");
            let mut response = no_store(see_other(&next));
            if let Ok(cookie) = HeaderValue::from_str(&session_cookie(&state, &token)) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(StaffError::Throttled) => {
            tracing::warn!("staff sign-in throttled");
            again(
                StaffError::Throttled.to_string(),
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await
        }
        Err(StaffError::WrongPassword) => {
            tracing::info!("staff sign-in refused");
            again(
                StaffError::WrongPassword.to_string(),
                StatusCode::UNAUTHORIZED,
            )
            .await
        }
        Err(err) => unavailable(err),
    }
}

/// `POST /staff/logout`.
async fn logout(State(state): State<AppState>, request: Request) -> Response {
    let (headers, fields) = form_fields(request).await;
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    if let Err(err) = state.staff.logout(&session).await {
        return unavailable(err);
    }
    let mut response = no_store(see_other("/staff/login"));
    if let Ok(cookie) = HeaderValue::from_str(&session_cookie(&state, "")) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// `GET /staff/cases?stage=&village=&risk=&overdue=1`.
async fn queue(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    match state.staff.queue(&session, filter_of(raw.as_deref())).await {
        Ok(view) => {
            page(
                &state,
                "/staff/cases",
                &headers,
                StatusCode::OK,
                move || provide_context(view.clone()),
            )
            .await
        }
        Err(err) => unavailable(err),
    }
}

fn filter_of(raw: Option<&str>) -> CaseFilter {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    CaseFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// `GET /staff/cases.csv?…`: the queue's cases for the same filters, as CSV.
async fn export(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> Response {
    match state
        .staff
        .export(&session, filter_of(raw.as_deref()))
        .await
    {
        Ok(csv) => {
            tracing::info!("staff exported cases");
            no_store(
                (
                    [
                        (
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("text/csv; charset=utf-8"),
                        ),
                        (
                            header::CONTENT_DISPOSITION,
                            HeaderValue::from_static("attachment; filename=\"cases.csv\""),
                        ),
                    ],
                    csv,
                )
                    .into_response(),
            )
        }
        Err(err) => unavailable(err),
    }
}

/// The case page, with `adjust` applied to what it shows.
async fn show_case(
    state: &AppState,
    headers: &HeaderMap,
    session: &Session,
    receipt: &str,
    reveal: bool,
    status: StatusCode,
    adjust: impl FnOnce(&mut app::model::staff::CaseView),
) -> Response {
    let path = format!("/staff/cases/{receipt}");
    match state.staff.case(session, receipt, reveal).await {
        Ok(Some(mut view)) => {
            adjust(&mut view);
            page(state, &path, headers, status, move || {
                provide_context(view.clone())
            })
            .await
        }
        Ok(None) => not_found(),
        Err(err) => unavailable(err),
    }
}

/// A case outside the user's area is answered as one that does not exist.
fn not_found() -> Response {
    no_store((StatusCode::NOT_FOUND, "没有这个案件，或它不在您的辖区。").into_response())
}

/// `GET /staff/cases/<receipt>`.
async fn case_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(receipt): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let done_value = query_value(raw.as_deref(), "done");
    let done = if done_value == "assisted" {
        format!(
            "已代为申报。请把回执号 {} 告诉申报人，凭它和手机号后四位可以查询办理进度。",
            app::model::report::format_receipt(&receipt)
        )
    } else {
        Action::parse(&done_value)
            .map(|a| format!("已办理：{}。", a.label()))
            .unwrap_or_default()
    };
    show_case(
        &state,
        &headers,
        &session,
        &receipt,
        false,
        StatusCode::OK,
        |view| {
            view.done = done;
        },
    )
    .await
}

/// `POST /staff/cases/<receipt>/reveal`: the full ID number and phone, audited.
async fn reveal(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    request: Request,
) -> Response {
    let (headers, fields) = form_fields(request).await;
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    tracing::info!("staff revealed personal data of a case");
    show_case(
        &state,
        &headers,
        &session,
        &receipt,
        true,
        StatusCode::OK,
        |_| {},
    )
    .await
}

/// `POST /staff/cases/<receipt>`: an action, then back to the case (303), or the case
/// again with the problem beside the note and the note as typed.
async fn act(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    request: Request,
) -> Response {
    let (headers, fields) = form_fields(request).await;
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let Some(action) = Action::parse(field(&fields, "action")) else {
        return no_store((StatusCode::BAD_REQUEST, "没有这个操作。").into_response());
    };
    let note = field(&fields, "note").to_string();
    match state.staff.act(&session, &receipt, action, &note).await {
        Ok(_) => {
            tracing::info!(action = action.value(), "case moved");
            no_store(see_other(&format!(
                "/staff/cases/{receipt}?done={}",
                action.value()
            )))
        }
        Err(Refusal::NotFound) => not_found(),
        Err(Refusal::Forbidden) => {
            tracing::warn!(action = action.value(), "case action refused: role");
            show_case(
                &state,
                &headers,
                &session,
                &receipt,
                false,
                StatusCode::FORBIDDEN,
                |view| {
                    view.problem = "您的角色不能办理这一步。".into();
                    view.failed = action.value().into();
                },
            )
            .await
        }
        Err(Refusal::WrongStage { stage }) => {
            let said = format!(
                "案件现在处于“{}”，不能办理“{}”（可能已有其他人办理），请看下面的最新情况。",
                app::model::report::stage_label(&stage),
                action.label()
            );
            show_case(
                &state,
                &headers,
                &session,
                &receipt,
                false,
                StatusCode::CONFLICT,
                |view| {
                    view.done = said;
                },
            )
            .await
        }
        Err(Refusal::Note(problem)) => {
            show_case(
                &state,
                &headers,
                &session,
                &receipt,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
                |view| {
                    view.problem = problem;
                    view.note = note;
                    view.failed = action.value().into();
                },
            )
            .await
        }
    }
}

/// `GET /staff/password`.
async fn password_page(
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
    page(
        &state,
        "/staff/password",
        &headers,
        StatusCode::OK,
        move || provide_context(view.clone()),
    )
    .await
}

/// `POST /staff/password`.
async fn change_password(State(state): State<AppState>, request: Request) -> Response {
    let (headers, fields) = form_fields(request).await;
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let result = state
        .staff
        .change_password(
            &session,
            field(&fields, "current"),
            field(&fields, "new"),
            field(&fields, "again"),
        )
        .await;
    let (status, problem, done) = match result {
        Ok(()) => (StatusCode::OK, String::new(), true),
        Err(StaffError::Refused(problem)) => (StatusCode::UNPROCESSABLE_ENTITY, problem, false),
        Err(err) => return unavailable(err),
    };
    let view = PasswordView {
        user: session.user,
        csrf: session.csrf,
        problem,
        done,
    };
    page(&state, "/staff/password", &headers, status, move || {
        provide_context(view.clone())
    })
    .await
}

/// A refusal in words, for a user whose role may not open the page.
pub(super) fn forbidden(message: String) -> Response {
    no_store((StatusCode::FORBIDDEN, message).into_response())
}

/// `GET /staff/content/qa`: the Q&A entries to edit (县 and 管理员).
async fn qa_list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Response {
    match state.staff.qa_list(&session).await {
        Ok(view) => {
            page(
                &state,
                "/staff/content/qa",
                &headers,
                StatusCode::OK,
                move || provide_context(view.clone()),
            )
            .await
        }
        Err(StaffError::Refused(message)) => forbidden(message),
        Err(err) => unavailable(err),
    }
}

/// `GET /staff/content/qa/<id>`.
async fn qa_edit(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let path = format!("/staff/content/qa/{id}");
    match state.staff.qa_edit(&session, &id).await {
        Ok(Some(view)) => {
            page(&state, &path, &headers, StatusCode::OK, move || {
                provide_context(view.clone())
            })
            .await
        }
        Ok(None) => no_store((StatusCode::NOT_FOUND, "没有这条问答。").into_response()),
        Err(StaffError::Refused(message)) => forbidden(message),
        Err(err) => unavailable(err),
    }
}

/// `POST /staff/content/qa/<id>`: saved (and the Q&A lookup rebuilt at once), or the form
/// again with each problem beside its field.
async fn qa_save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (headers, fields) = form_fields(request).await;
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let mut form = QaForm::from_pairs(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    form.id = id.clone();
    match state.staff.save_qa(&session, form).await {
        Ok(Some(view)) => {
            let status = if view.done {
                tracing::info!("a Q&A entry was edited");
                if let Err(err) = state.search.refresh(state.staff.store()).await {
                    tracing::error!(error = %err, "the Q&A index was not rebuilt after an edit");
                }
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let path = format!("/staff/content/qa/{id}");
            page(&state, &path, &headers, status, move || {
                provide_context(view.clone())
            })
            .await
        }
        Ok(None) => no_store((StatusCode::NOT_FOUND, "没有这条问答。").into_response()),
        Err(StaffError::Refused(message)) => forbidden(message),
        Err(err) => unavailable(err),
    }
}

/// `GET /staff/content/figures`: one figure, an uploaded CSV file or pasted CSV (县 and
/// 管理员).
async fn figures_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Response {
    match state.staff.figures_view(&session).await {
        Ok(view) => figures_result(&state, &headers, view).await,
        Err(err) => failed(err),
    }
}

/// The figures page after an import: 200 when stored, 422 with every problem when not.
async fn figures_result(state: &AppState, headers: &HeaderMap, view: FiguresView) -> Response {
    let status = if view.problems.is_empty() && view.one_problems.is_empty() {
        if !view.done.is_empty() {
            tracing::info!(via = %view.via, "figures imported through the workspace");
        }
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        state,
        "/staff/content/figures",
        headers,
        status,
        move || provide_context(view.clone()),
    )
    .await
}

/// `POST /staff/content/figures`: one figure typed into the form (`via=one`; its problems
/// beside its fields), pasted CSV (`csv`), or an uploaded file (`multipart/form-data`). Every
/// row is checked; all stored or none, with every problem listed. One address for all three,
/// so the page after a refusal can be loaded again.
async fn figures_import(State(state): State<AppState>, request: Request) -> Response {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        return figures_upload(state, request).await;
    }
    let (headers, fields) = form_fields_up_to(request, MAX_FIGURES_BYTES).await;
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let result = if field(&fields, "via") == "one" {
        state
            .staff
            .import_one_figure(&session, fields.clone())
            .await
    } else {
        let csv = field(&fields, "csv").as_bytes().to_vec();
        state.staff.import_figures(&session, &csv, "paste").await
    };
    match result {
        Ok(view) => figures_result(&state, &headers, view).await,
        Err(err) => failed(err),
    }
}

/// A CSV file sent as `multipart/form-data` (field `file`, with the form's `csrf`).
async fn figures_upload(state: AppState, request: Request) -> Response {
    use axum::extract::FromRequest;
    let headers = request.headers().clone();
    // No session, no reading of the file; the token inside the form is checked below.
    match session_of(&state, &headers).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            return no_store(
                (StatusCode::UNAUTHORIZED, "登录已过期，请重新登录后再操作。").into_response(),
            )
        }
        Err(response) => return response,
    }
    let refused =
        |message: &str| no_store((StatusCode::BAD_REQUEST, message.to_string()).into_response());
    let mut multipart = match axum::extract::Multipart::from_request(request, &state).await {
        Ok(multipart) => multipart,
        Err(_) => return refused("请用页面上的“上传文件”表单提交。"),
    };
    let mut csrf = String::new();
    let mut file: Option<Vec<u8>> = None;
    loop {
        let part = match multipart.next_field().await {
            Ok(Some(part)) => part,
            Ok(None) => break,
            Err(_) => return refused("文件没有传完整，或超过 60 KB，请重试或分批上传。"),
        };
        let name = part.name().map(str::to_string);
        match name.as_deref() {
            Some("csrf") => csrf = part.text().await.unwrap_or_default(),
            Some("file") => match part.bytes().await {
                Ok(bytes) => file = Some(bytes.to_vec()),
                Err(_) => return refused("文件没有传完整，或超过 60 KB，请重试或分批上传。"),
            },
            _ => {}
        }
    }
    let session = match posted_session(&state, &headers, &[("csrf".to_string(), csrf)]).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let result = match file.filter(|bytes| !bytes.is_empty()) {
        Some(bytes) => state.staff.import_figures(&session, &bytes, "upload").await,
        None => match state.staff.figures_view(&session).await {
            Ok(mut view) => {
                view.via = "upload".into();
                view.problems = vec!["请选择要上传的 CSV 文件。".into()];
                Ok(view)
            }
            Err(err) => Err(err),
        },
    };
    match result {
        Ok(view) => figures_result(&state, &headers, view).await,
        Err(err) => failed(err),
    }
}

/// Who may file a report for a household: 村 (for its village) and 管理员.
fn may_assist(session: &Session) -> bool {
    matches!(
        session.user.role,
        app::model::staff::Role::Village | app::model::staff::Role::Admin
    )
}

fn assisted_context(session: &Session) -> app::pages::report::AssistedReport {
    app::pages::report::AssistedReport {
        csrf: session.csrf.clone(),
        village: if session.user.role == app::model::staff::Role::Village {
            session.user.area.clone()
        } else {
            String::new()
        },
        staff: session.user.username.clone(),
    }
}

/// `GET /staff/report`: the self-report form, filled in by a village cadre for a household.
async fn assisted_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Response {
    if !may_assist(&session) {
        return forbidden("只有村级工作人员可以代为申报。".into());
    }
    let assisted = assisted_context(&session);
    page(
        &state,
        "/staff/report",
        &headers,
        StatusCode::OK,
        move || provide_context(assisted.clone()),
    )
    .await
}

/// `POST /staff/report`: checked like the household's own form (everything typed comes back
/// with the problems beside the fields), marked 村干部代为申报, in the cadre's own village
/// only, audited; then the new case.
async fn assisted_submit(State(state): State<AppState>, request: Request) -> Response {
    use app::model::report::validate_report;
    use app::pages::report::SubmittedForm;
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .unwrap_or_default();
    let headers = parts.headers;
    let fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    if !may_assist(&session) {
        return forbidden("只有村级工作人员可以代为申报。".into());
    }
    let mut form = app::model::report::ReportForm::from_urlencoded(&body);
    form.reporter = "cadre".into();
    let own_village =
        |id: &str| session.user.role == app::model::staff::Role::Admin || id == session.user.area;
    let known = match state.desk.village_exists(form.village.trim()).await {
        Ok(known) => known && own_village(form.village.trim()),
        Err(err) => return unavailable(StaffError::Internal(err.detail)),
    };
    let again = |form, errors, notice: Option<&str>| {
        let submitted = SubmittedForm {
            form,
            errors,
            notice: notice.map(str::to_string),
        };
        let assisted = assisted_context(&session);
        let state = state.clone();
        let headers = headers.clone();
        async move {
            page(
                &state,
                "/staff/report",
                &headers,
                StatusCode::OK,
                move || {
                    provide_context(submitted.clone());
                    provide_context(assisted.clone());
                },
            )
            .await
        }
    };
    let report = match validate_report(&form, crate::reports::routes::today(), |_| known) {
        Ok(report) => report,
        Err(errors) => return again(form, errors, None).await,
    };
    if form.token.len() != 32 || !form.token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return again(
            form,
            Vec::new(),
            Some("页面已过期，请再点一次“提交申报”。填的内容都还在。"),
        )
        .await;
    }
    match state.reports.submit(&report, &form.token).await {
        Ok(receipt) => {
            if let Err(err) = state.staff.record_assisted(&session, &receipt).await {
                return unavailable(err);
            }
            tracing::info!("assisted report stored");
            no_store(see_other(&format!("/staff/cases/{receipt}?done=assisted")))
        }
        Err(err) => unavailable(StaffError::Internal(err.detail)),
    }
}
