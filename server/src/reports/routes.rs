//! The two POSTs of the self-report: `/report` (submit) and `/report/status` (look up).
//!
//! Whatever goes wrong, the household never gets a blank form or a bare error: the form page
//! is rendered again with every typed value, the problems listed at the top and beside each
//! field. Nothing personal is logged: log lines name the outcome, never a field's value.

use app::model::report::{validate_report, Day, ReportForm};
use app::pages::report::{cookie_value, csrf_cookie, StatusOutcome, SubmittedForm, CSRF_COOKIE};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use crate::security::client_address;
use crate::state::AppState;

use super::today_in_china;

/// The most a form body may be; the router's limit is larger.
const MAX_FORM_BYTES: usize = 16 * 1024;

pub(crate) fn today() -> Day {
    let date = today_in_china();
    Day {
        year: date.year(),
        month: u32::from(u8::from(date.month())),
        day: u32::from(date.day()),
    }
}

/// Whether a POST comes from our own pages: when the browser names an origin, it must be
/// this host. (The cookie check below is the main defence; this refuses obvious forgeries.)
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin);
    origin != "null" && !host.is_empty() && origin_host == host
}

/// Renders a page of the app for `path` with extra context, as the GET would, keeping the
/// reader's cookies (text size).
pub(crate) async fn render_page(
    state: &AppState,
    path: &str,
    headers: &HeaderMap,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let base = crate::router::page_context(state);
    let context = move || {
        base();
        extra();
    };
    let options = state.leptos_options.clone();
    let render =
        leptos_axum::render_app_async_with_context(context, move || app::shell(options.clone()));
    let mut request = axum::http::Request::get(path);
    if let Some(cookie) = headers.get(header::COOKIE) {
        request = request.header(header::COOKIE, cookie.clone());
    }
    match request.body(Body::empty()) {
        Ok(request) => render(request).await.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The form again with what was typed, and `status`; a fresh anti-forgery cookie when the
/// browser had none.
async fn form_again(
    state: &AppState,
    headers: &HeaderMap,
    mut submitted: SubmittedForm,
    status: StatusCode,
) -> Response {
    let mut new_cookie = None;
    submitted.form.csrf = match cookie_value(headers, CSRF_COOKIE) {
        Some(value) => value,
        None => match state.reports.new_tokens() {
            Ok(tokens) => {
                new_cookie = Some(csrf_cookie(&tokens.csrf));
                tokens.csrf
            }
            Err(_) => String::new(),
        },
    };
    if submitted.form.token.is_empty() {
        if let Ok(tokens) = state.reports.new_tokens() {
            submitted.form.token = tokens.idempotency;
        }
    }
    let mut response = render_page(state, "/report", headers, move || {
        provide_context(submitted.clone());
    })
    .await;
    *response.status_mut() = status;
    if let Some(cookie) = new_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// `POST /report`.
pub async fn submit_report(State(state): State<AppState>, request: Request) -> Response {
    let address = client_address(&request);
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let body = match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            tracing::info!("report refused: body too large");
            let submitted = SubmittedForm {
                notice: Some("提交的内容太长了，请把情况说明写短一些再提交。".into()),
                ..SubmittedForm::default()
            };
            return form_again(&state, &headers, submitted, StatusCode::PAYLOAD_TOO_LARGE).await;
        }
    };
    let form = ReportForm::from_urlencoded(&body);
    let again = |form: ReportForm, errors, notice: Option<&str>| SubmittedForm {
        form,
        errors,
        notice: notice.map(str::to_string),
    };

    if !form.website.is_empty() {
        tracing::info!("report refused: honeypot filled");
        let submitted = again(form, Vec::new(), Some("提交未成功，请重试。"));
        return form_again(&state, &headers, submitted, StatusCode::BAD_REQUEST).await;
    }
    let cookie = cookie_value(&headers, CSRF_COOKIE);
    if !same_origin(&headers) || cookie.is_none() || cookie.as_deref() != Some(form.csrf.as_str()) {
        tracing::info!("report refused: anti-forgery check failed");
        let submitted = again(
            form,
            Vec::new(),
            Some("为了保护您的信息，请再点一次“提交申报”。您填的内容都还在。"),
        );
        return form_again(&state, &headers, submitted, StatusCode::FORBIDDEN).await;
    }
    if !state.submit_limit.allow(address) {
        tracing::warn!("report refused: too many submissions from one address");
        let submitted = again(
            form,
            Vec::new(),
            Some("这台设备提交得太频繁了，请过一分钟再点“提交申报”。您填的内容都还在。"),
        );
        return form_again(&state, &headers, submitted, StatusCode::TOO_MANY_REQUESTS).await;
    }
    let village_known = match state.desk.village_exists(form.village.trim()).await {
        Ok(known) => known,
        Err(err) => {
            tracing::error!(detail = %err.detail, "report not stored: database unavailable");
            let submitted = again(form, Vec::new(), Some(UNAVAILABLE));
            return form_again(&state, &headers, submitted, StatusCode::SERVICE_UNAVAILABLE).await;
        }
    };
    let report = match validate_report(&form, today(), |_| village_known) {
        Ok(report) => report,
        Err(errors) => {
            tracing::info!(problems = errors.len(), "report returned for corrections");
            let submitted = again(form, errors, None);
            return form_again(&state, &headers, submitted, StatusCode::OK).await;
        }
    };
    if form.token.len() != 32 || !form.token.bytes().all(|b| b.is_ascii_hexdigit()) {
        tracing::info!("report refused: missing form token");
        let submitted = again(
            form,
            Vec::new(),
            Some("页面已过期，请再点一次“提交申报”。您填的内容都还在。"),
        );
        return form_again(&state, &headers, submitted, StatusCode::BAD_REQUEST).await;
    }
    match state.reports.submit(&report, &form.token).await {
        Ok(receipt) => {
            tracing::info!("report stored");
            let location = format!("/report/done/{receipt}");
            let mut response = StatusCode::SEE_OTHER.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Err(err) => {
            tracing::error!(code = ?err.code, detail = %err.detail, "report not stored");
            let submitted = again(form, Vec::new(), Some(UNAVAILABLE));
            form_again(&state, &headers, submitted, StatusCode::SERVICE_UNAVAILABLE).await
        }
    }
}

const UNAVAILABLE: &str =
    "系统暂时忙不过来，申报还没有保存。您填的内容都还在，请稍后再点“提交申报”，或拨打热线。";

/// `POST /report/status`.
pub async fn look_up_status(State(state): State<AppState>, request: Request) -> Response {
    let address = client_address(&request);
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let body = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let mut receipt = String::new();
    let mut tail = String::new();
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "receipt" => receipt = value.chars().take(20).collect(),
            "phone_tail" => tail = value.chars().take(10).collect(),
            _ => {}
        }
    }
    let (outcome, status) = if !state.status_limit.allow(address) {
        tracing::warn!("status look-up refused: too many attempts from one address");
        (
            StatusOutcome::Throttled { receipt },
            StatusCode::TOO_MANY_REQUESTS,
        )
    } else {
        match state.reports.status(&receipt, &tail).await {
            Ok(Some(found)) => (StatusOutcome::Found(found), StatusCode::OK),
            Ok(None) => (StatusOutcome::NotFound { receipt }, StatusCode::OK),
            Err(err) => {
                tracing::error!(code = ?err.code, detail = %err.detail, "status look-up failed");
                (
                    StatusOutcome::NotFound { receipt },
                    StatusCode::SERVICE_UNAVAILABLE,
                )
            }
        }
    };
    let mut response = render_page(&state, "/report/status", &headers, move || {
        provide_context(outcome.clone());
    })
    .await;
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    #[test]
    fn a_post_from_another_site_is_not_same_origin() {
        assert!(
            same_origin(&headers(&[("host", "xczx.cn")])),
            "no Origin: old browsers"
        );
        assert!(same_origin(&headers(&[
            ("host", "xczx.cn"),
            ("origin", "https://xczx.cn")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "xczx.cn"),
            ("origin", "https://evil.cn")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "xczx.cn"),
            ("origin", "null")
        ])));
    }
}
