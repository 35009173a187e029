//! The self-report over HTTP: `POST /report` (submit), `POST /report/pick` (the village
//! picker's steps, which re-draw the form with everything typed and store nothing),
//! `GET /report/villages?q=` (the finder's matches as HTML), `GET /report/done/<code>` (the
//! receipt, for the browser that submitted) and `POST /report/status` (look up).
//!
//! Whatever goes wrong, the household never gets a blank form or a bare error: the form page
//! is rendered again with every typed value, the problems listed at the top and beside each
//! field. The one exception is a failed anti-forgery check, which shows the form empty, so
//! another site cannot make the portal display what it posted. Nothing personal is logged:
//! log lines name the outcome, never a field's value. Nothing these handlers answer is cached.

use app::model::report::{
    normalise_receipt, validate_report, ReportForm, StatusAnswer, Submission,
};
use app::pages::report::{
    cookie_value, csrf_cookie, csrf_cookie_name, ReceiptAccess, StatusOutcome, SubmittedForm,
};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use leptos::prelude::provide_context;

use super::{today_in_china, RECEIPT_VIEW_SECONDS, TOKEN_USED};
use crate::state::AppState;
use crate::web::{no_store, read_body, render_page, see_other, BodyProblem, Fields};

/// The most a form body may be; the router's limit is larger.
const MAX_FORM_BYTES: usize = 16 * 1024;

/// The cookie that lets the submitting browser see its receipt for a while.
pub const RECEIPT_COOKIE: &str = "portal_receipt";

const UNAVAILABLE: &str =
    "系统暂时忙不过来，申报还没有保存。您填的内容都还在，请稍后再点“提交申报”，或拨打热线。";

/// The form again with what was typed, and `status`; a fresh anti-forgery cookie when the
/// browser had none, a fresh form token when the form has none. Never cached.
async fn form_again(
    state: &AppState,
    headers: &HeaderMap,
    mut submitted: SubmittedForm,
    status: StatusCode,
) -> Response {
    let mut new_cookie = None;
    submitted.form.csrf = match cookie_value(headers, csrf_cookie_name(state.https)) {
        Some(value) => value,
        None => match state.reports.new_tokens() {
            Ok(tokens) => {
                new_cookie = Some(csrf_cookie(&tokens.csrf, state.https));
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
    no_store(response)
}

fn with_notice(form: ReportForm, notice: &str) -> SubmittedForm {
    SubmittedForm {
        form,
        errors: Vec::new(),
        notice: Some(notice.to_string()),
        at: String::new(),
    }
}

/// `POST /report`.
pub async fn submit_report(State(state): State<AppState>, request: Request) -> Response {
    let address = state.client(&request);
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let body = match read_body(body, MAX_FORM_BYTES).await {
        Ok(body) => body,
        Err(problem) => {
            tracing::info!(?problem, "report refused: body unreadable");
            let (notice, status) = match problem {
                BodyProblem::TooLarge => (
                    "提交的内容太长了，请把情况说明写短一些再提交。",
                    StatusCode::PAYLOAD_TOO_LARGE,
                ),
                BodyProblem::Broken => (
                    "网络中断，申报没有传完整，还没有保存。请再点一次“提交申报”。",
                    StatusCode::BAD_REQUEST,
                ),
            };
            let submitted = with_notice(ReportForm::default(), notice);
            return form_again(&state, &headers, submitted, status).await;
        }
    };
    let fields = Fields::parse(&body);
    // The browser's check reads the form it sends with the same constructor.
    let mut form = ReportForm::from_urlencoded(&body);

    if !form.website.is_empty() {
        tracing::info!("report refused: honeypot filled");
        let submitted = with_notice(form, "提交未成功，请重试。");
        return form_again(&state, &headers, submitted, StatusCode::BAD_REQUEST).await;
    }
    // Enter pressed in a field while the finder holds text and no village is chosen (no
    // scripts): find, do not submit. The 提交申报 button itself always submits. What another
    // site posts is never shown back.
    if fields.get("enter") == "1" && !form.find.trim().is_empty() && form.village.trim().is_empty()
    {
        let form = if state.same_origin(&headers) {
            form
        } else {
            ReportForm {
                find: form.find.clone(),
                ..form.emptied()
            }
        };
        let submitted = SubmittedForm {
            form,
            ..SubmittedForm::default()
        };
        return form_again(&state, &headers, submitted, StatusCode::OK).await;
    }
    let cookie = cookie_value(&headers, csrf_cookie_name(state.https));
    if !state.same_origin(&headers)
        || cookie.is_none()
        || cookie.as_deref() != Some(form.csrf.as_str())
    {
        tracing::info!("report refused: anti-forgery check failed");
        // Nothing posted is shown again: it may come from another site. The device draft
        // (on phones with JavaScript) fills the form back in.
        let submitted = with_notice(
            form.emptied(),
            "为了保护您的信息，这次提交没有被接受，请重新填写后再点“提交申报”。",
        );
        return form_again(&state, &headers, submitted, StatusCode::FORBIDDEN).await;
    }
    if !state.submit_limit.allow(address) {
        tracing::warn!("report refused: too many submissions from one address");
        let submitted = with_notice(
            form,
            "这台设备提交得太频繁了，请过一分钟再点“提交申报”。您填的内容都还在。",
        );
        return form_again(&state, &headers, submitted, StatusCode::TOO_MANY_REQUESTS).await;
    }
    let village_known = match state.desk.resolve_village(&form.village).await {
        Ok(Some(code)) => {
            form.village = code;
            true
        }
        Ok(None) => false,
        Err(err) => {
            tracing::error!(detail = %err.detail, "report not stored: database unavailable");
            let submitted = with_notice(form, UNAVAILABLE);
            return form_again(&state, &headers, submitted, StatusCode::SERVICE_UNAVAILABLE).await;
        }
    };
    let report = match validate_report(&form, today_in_china(), |_| village_known) {
        Ok(report) => report,
        Err(errors) => {
            tracing::info!(problems = errors.len(), "report returned for corrections");
            let submitted = SubmittedForm {
                form,
                errors,
                notice: None,
                at: String::new(),
            };
            return form_again(&state, &headers, submitted, StatusCode::OK).await;
        }
    };
    if !ReportForm::token_is_well_formed(&form.token) {
        tracing::info!("report refused: missing form token");
        form.token = String::new();
        let submitted = with_notice(form, "页面已过期，请再点一次“提交申报”。您填的内容都还在。");
        return form_again(&state, &headers, submitted, StatusCode::BAD_REQUEST).await;
    }
    match state.reports.submit(&report, &form.token).await {
        Ok(Submission::Stored(receipt)) => {
            tracing::info!("report stored");
            crate::access::report_submitted();
            let proof = state.desk.receipt_proof(&receipt);
            let mut response = no_store(see_other(&format!("/report/done/{receipt}")));
            let cookie = state.cookie(&format!(
                "{RECEIPT_COOKIE}={proof}; Path=/report/done; HttpOnly; SameSite=Strict; Max-Age={RECEIPT_VIEW_SECONDS}"
            ));
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Ok(Submission::TokenUsed) => {
            tracing::info!("report returned: its form token was used for another report");
            // Empty, so `form_again` draws a fresh one.
            form.token = String::new();
            let submitted = with_notice(form, TOKEN_USED);
            form_again(&state, &headers, submitted, StatusCode::CONFLICT).await
        }
        Err(err) => {
            tracing::error!(code = ?err.code, detail = %err.detail, "report not stored");
            let submitted = with_notice(form, UNAVAILABLE);
            form_again(&state, &headers, submitted, StatusCode::SERVICE_UNAVAILABLE).await
        }
    }
}

/// The value of the receipt cookie (not the 32-hex shape of the other cookies).
fn receipt_cookie(headers: &HeaderMap) -> Option<String> {
    crate::web::cookie(headers, RECEIPT_COOKIE).map(|value| value.chars().take(200).collect())
}

/// `GET /report/done/<code>`: the receipt, only to the browser that submitted it and only
/// for a while; anyone else gets the look-up form, whether the code exists or not. Limited
/// per address like the look-up.
pub async fn receipt_page(
    State(state): State<AppState>,
    Path(code): Path<String>,
    request: Request,
) -> Response {
    let address = state.client(&request);
    let headers = request.headers().clone();
    let shown: String = code.chars().take(20).collect();
    let (access, status) = if state.status_limit.allow(address) {
        let admitted = normalise_receipt(&code).filter(|receipt| {
            receipt_cookie(&headers).is_some_and(|proof| state.desk.proof_admits(&proof, receipt))
        });
        match admitted {
            Some(receipt) => match state.reports.receipt(&receipt).await {
                Ok(view) => (ReceiptAccess::Shown(view), StatusCode::OK),
                Err(err) => {
                    tracing::error!(code = ?err.code, detail = %err.detail, "receipt not read");
                    (
                        ReceiptAccess::Elsewhere { receipt: shown },
                        StatusCode::SERVICE_UNAVAILABLE,
                    )
                }
            },
            None => (ReceiptAccess::Elsewhere { receipt: shown }, StatusCode::OK),
        }
    } else {
        tracing::warn!("receipt page refused: too many attempts from one address");
        (ReceiptAccess::Throttled, StatusCode::TOO_MANY_REQUESTS)
    };
    let path = format!(
        "/report/done/{}",
        form_urlencoded::byte_serialize(code.as_bytes()).collect::<String>()
    );
    let mut response = render_page(&state, &path, &headers, move || {
        provide_context(access.clone());
    })
    .await;
    *response.status_mut() = status;
    no_store(response)
}

/// `POST /report/status`.
pub async fn look_up_status(State(state): State<AppState>, request: Request) -> Response {
    let address = state.client(&request);
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let fields = match read_body(body, 4096).await {
        Ok(body) => Fields::parse(&body),
        Err(_) => Fields::default(),
    };
    let receipt: String = fields.get("receipt").chars().take(20).collect();
    let tail: String = fields.get("phone_tail").chars().take(10).collect();
    crate::access::status_lookup();
    let (outcome, status) = if state.status_limit.allow(address) {
        match state.reports.status(&receipt, &tail).await {
            Ok(StatusAnswer::Found(found)) => (StatusOutcome::Found(found), StatusCode::OK),
            Ok(StatusAnswer::NotFound) => (StatusOutcome::NotFound { receipt }, StatusCode::OK),
            Ok(StatusAnswer::Locked) => {
                tracing::warn!("status look-up refused: receipt locked after wrong phone tails");
                (
                    StatusOutcome::Locked { receipt },
                    StatusCode::TOO_MANY_REQUESTS,
                )
            }
            Err(err) => {
                tracing::error!(code = ?err.code, detail = %err.detail, "status look-up failed");
                (
                    StatusOutcome::NotFound { receipt },
                    StatusCode::SERVICE_UNAVAILABLE,
                )
            }
        }
    } else {
        tracing::warn!("status look-up refused: too many attempts from one address");
        (
            StatusOutcome::Throttled { receipt },
            StatusCode::TOO_MANY_REQUESTS,
        )
    };
    let mut response = render_page(&state, "/report/status", &headers, move || {
        provide_context(outcome.clone());
    })
    .await;
    *response.status_mut() = status;
    no_store(response)
}

/// Where a picker button leads: `at` (a division), `village` (chosen), `change` (choose
/// again).
#[derive(Debug, Default, serde::Deserialize)]
pub struct PickQuery {
    #[serde(default)]
    at: String,
    #[serde(default)]
    village: String,
    #[serde(default)]
    change: String,
}

/// `POST /report/pick?…`: the form again with the picker moved or a village chosen, and
/// every typed value kept (they travel in the body, never in the address). Nothing is
/// stored; a post from another site's page gets the picker with an empty form. Never
/// cached.
pub async fn pick_village(
    State(state): State<AppState>,
    axum::extract::Query(pick): axum::extract::Query<PickQuery>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let mut form = match read_body(body, MAX_FORM_BYTES).await {
        // What another site posts is never shown back (only where the picker goes).
        Ok(body) if state.same_origin(&headers) => ReportForm::from_urlencoded(&body),
        _ => ReportForm::default(),
    };
    if !pick.village.is_empty() {
        form.village = pick.village.chars().take(20).collect();
        form.find = String::new();
    }
    if !pick.change.is_empty() {
        form.village = String::new();
    }
    let submitted = SubmittedForm {
        form,
        at: pick.at.chars().take(12).collect(),
        ..SubmittedForm::default()
    };
    form_again(&state, &headers, submitted, StatusCode::OK).await
}

/// `GET /report/pick?…` (a reload, a bookmark, a shared link): the same place on the form's
/// own address, `/report?at=…` or `/report?village=…`; nothing typed travels in a GET.
pub async fn pick_address(axum::extract::Query(pick): axum::extract::Query<PickQuery>) -> Response {
    let code = |value: &str| -> String {
        value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(20)
            .collect()
    };
    let target = if !pick.village.is_empty() && pick.change.is_empty() {
        format!("/report?village={}", code(&pick.village))
    } else if !pick.at.is_empty() {
        format!("/report?at={}", code(&pick.at))
    } else {
        "/report".to_string()
    };
    no_store(see_other(&target))
}

/// The finder's question.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FinderQuery {
    #[serde(default)]
    q: String,
}

/// `GET /report/villages?q=`: the finder's matches as HTML, for the finder that asks while
/// the household types. Public data only; cached briefly.
pub async fn village_matches(
    State(state): State<AppState>,
    axum::extract::Query(finder): axum::extract::Query<FinderQuery>,
) -> Response {
    use axum::response::IntoResponse;
    let query: String = finder.q.trim().chars().take(30).collect();
    let found = match state.portal.find_villages(&query).await {
        Ok(found) => found,
        Err(err) => {
            tracing::error!(code = ?err.code, detail = %err.detail, "village finder failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let html = app::pages::report::village_matches_html(&query, &found);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        html,
    )
        .into_response()
}
