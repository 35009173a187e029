//! Cases over HTTP: the queue `/staff/cases`, one case `/staff/cases/<receipt>` with its
//! actions and `/reveal`, and the exports `POST /staff/cases.xlsx` and `POST /staff/cases.csv`.
//! A case outside the user's area is answered exactly like a missing one.

use app::model::measures::MeasureForm;
use app::model::staff::{Action, CaseFilter, CaseView, Refusal};
use app::model::workflow::{ActionExtra, CLEAR_CONDITIONS};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::http::{page, Posted, SignedIn};
use super::{Session, StaffError};
use crate::state::AppState;
use crate::web::{no_store, query_value, see_other, Fields};

const NO_CASE: &str = "没有这个案件，或它不在您的辖区。";

fn filter_of(pairs: impl IntoIterator<Item = (String, String)>) -> CaseFilter {
    let pairs: Vec<(String, String)> = pairs.into_iter().collect();
    CaseFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn filter_of_query(raw: Option<&str>) -> CaseFilter {
    filter_of(form_urlencoded::parse(raw.unwrap_or("").as_bytes()).into_owned())
}

fn filter_of_fields(fields: &Fields) -> CaseFilter {
    filter_of(fields.pairs().map(|(k, v)| (k.to_string(), v.to_string())))
}

/// `GET /staff/cases?stage=&village=&risk=&overdue=1`.
pub(super) async fn queue(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, StaffError> {
    let view = state
        .staff
        .queue(&session, filter_of_query(raw.as_deref()))
        .await?;
    Ok(page(&state, "/staff/cases", &headers, StatusCode::OK, view).await)
}

/// A download that must not be cached.
fn attachment(content_type: &'static str, name: &'static str, body: Vec<u8>) -> Response {
    no_store(
        (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (header::CONTENT_DISPOSITION, HeaderValue::from_static(name)),
            ],
            body,
        )
            .into_response(),
    )
}

/// `POST /staff/cases.csv` (with the queue's filters and the token): the cases as CSV, for
/// machines.
pub(super) async fn export_csv(
    State(state): State<AppState>,
    posted: Posted,
) -> Result<Response, StaffError> {
    let filter = filter_of_fields(&posted.fields);
    let csv = state.staff.export(&posted.session, filter).await?;
    tracing::info!("staff exported cases as CSV");
    Ok(attachment(
        "text/csv; charset=utf-8",
        "attachment; filename=\"cases.csv\"",
        csv,
    ))
}

/// `POST /staff/cases.xlsx`: the same cases as a spreadsheet in which ID numbers, phones and
/// receipts stay text and dates are dates.
pub(super) async fn export_xlsx(
    State(state): State<AppState>,
    posted: Posted,
) -> Result<Response, StaffError> {
    let filter = filter_of_fields(&posted.fields);
    let xlsx = state.staff.export_xlsx(&posted.session, filter).await?;
    tracing::info!("staff exported cases as a spreadsheet");
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "attachment; filename=\"cases.xlsx\"",
        xlsx,
    ))
}

/// The case page, with `adjust` applied to what it shows.
async fn show_case(
    state: &AppState,
    headers: &HeaderMap,
    session: &Session,
    receipt: &str,
    reveal: bool,
    status: StatusCode,
    adjust: impl FnOnce(&mut CaseView),
) -> Result<Response, StaffError> {
    let mut view = state
        .staff
        .case(session, receipt, reveal)
        .await?
        .ok_or(StaffError::NotFound(NO_CASE))?;
    adjust(&mut view);
    let path = format!("/staff/cases/{}", view.row.receipt);
    Ok(page(state, &path, headers, status, view).await)
}

/// `GET /staff/cases/<receipt>`.
pub(super) async fn case_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(receipt): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, StaffError> {
    let done_value = query_value(raw.as_deref(), "done");
    let done = if done_value == "told" {
        "已登记告知农户。".to_string()
    } else if done_value == "measure" {
        "已加入帮扶计划。".to_string()
    } else if done_value == "measure_done" {
        "已登记这项措施落实。".to_string()
    } else if done_value == "fast_track" {
        "已启用绿色通道：先落实帮扶，认定程序继续办理。".to_string()
    } else if done_value == "assisted" {
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
        |view| view.done = done,
    )
    .await
}

/// `POST /staff/cases/<receipt>/reveal`: the full ID number and phone, audited.
pub(super) async fn reveal(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    posted: Posted,
) -> Result<Response, StaffError> {
    tracing::info!("staff revealed personal data of a case");
    show_case(
        &state,
        &posted.headers,
        &posted.session,
        &receipt,
        true,
        StatusCode::OK,
        |_| {},
    )
    .await
}

/// A case action as posted.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ActionForm {
    action: String,
    note: String,
}

/// What a refused action changes on the case page it answers with.
type Adjust = Box<dyn FnOnce(&mut CaseView) + Send>;

/// `POST /staff/cases/<receipt>`: an action, then back to the case (303), or the case
/// again with the problem beside the note and the note as typed.
pub(super) async fn act(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let ActionForm { action, note } = fields.typed().map_err(StaffError::BadForm)?;
    let action =
        Action::parse(&action).ok_or_else(|| StaffError::BadForm("没有这个操作。".into()))?;
    let extra = ActionExtra {
        household_type: fields.get("household_type").to_string(),
        conditions: (0..CLEAR_CONDITIONS.len())
            .map(|i| fields.get(&format!("condition{i}")).to_string())
            .collect(),
    };
    let Err(refusal) = state
        .staff
        .act(&session, &receipt, action, &note, &extra)
        .await?
    else {
        tracing::info!(action = action.value(), "case moved");
        return Ok(no_store(see_other(&format!(
            "/staff/cases/{receipt}?done={}",
            action.value()
        ))));
    };
    let (status, adjust): (StatusCode, Adjust) = match refusal {
        Refusal::NotFound => return Err(StaffError::NotFound(NO_CASE)),
        Refusal::Forbidden => {
            tracing::warn!(action = action.value(), "case action refused: role");
            (
                StatusCode::FORBIDDEN,
                Box::new(move |view| {
                    view.problem = "您的角色不能办理这一步。".into();
                    view.failed = action.value().into();
                }),
            )
        }
        Refusal::WrongStage { stage } => {
            let said = format!(
                "案件现在处于“{}”，不能办理“{}”（可能已有其他人办理），请看下面的最新情况。",
                stage.label(),
                action.label()
            );
            (StatusCode::CONFLICT, Box::new(move |view| view.done = said))
        }
        Refusal::Note(problem) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Box::new(move |view| {
                view.problem = problem;
                view.note = note;
                view.extra = extra;
                view.failed = action.value().into();
            }),
        ),
        Refusal::Field { field, message } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Box::new(move |view| {
                view.problem = message;
                view.problem_field = field;
                view.note = note;
                view.extra = extra;
                view.failed = action.value().into();
            }),
        ),
    };
    show_case(&state, &headers, &session, &receipt, false, status, adjust).await
}

/// `POST /staff/cases/<receipt>/told`: the household was told of its case (待告知 done),
/// with `how` (电话/上门/短信) and an optional note; back to the case (303), or the case
/// again with the problem beside the choice.
pub(super) async fn told(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let note = fields.get("note").to_string();
    let how = fields.get("how").to_string();
    match state
        .staff
        .record_told(&session, &receipt, &how, &note)
        .await?
    {
        Ok(()) => {
            tracing::info!("household told of its case");
            Ok(no_store(see_other(&format!(
                "/staff/cases/{receipt}?done=told"
            ))))
        }
        Err(problem) => {
            show_case(
                &state,
                &headers,
                &session,
                &receipt,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
                move |view| {
                    view.problem = problem;
                    view.failed = "told".into();
                },
            )
            .await
        }
    }
}

/// `POST /staff/cases/<receipt>/measures`: a measure added to the 帮扶计划 (kind, unit,
/// due day, note); back to the case, or the case again with the problem beside its field.
pub(super) async fn add_measure(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let form = MeasureForm {
        kind: fields.get("kind").to_string(),
        unit: fields.get("unit").to_string(),
        due_on: fields.get("due_on").to_string(),
        note: fields.get("note").to_string(),
    };
    match state.staff.add_measure(&session, &receipt, &form).await? {
        Ok(()) => Ok(no_store(see_other(&format!(
            "/staff/cases/{receipt}?done=measure"
        )))),
        Err((field, message)) => {
            show_case(
                &state,
                &headers,
                &session,
                &receipt,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
                move |view| {
                    view.problem = message;
                    view.problem_field = field;
                    view.measure_form = form;
                    view.failed = "measure".into();
                },
            )
            .await
        }
    }
}

/// `POST /staff/cases/<receipt>/measures/<n>/done`: measure `n` done today.
pub(super) async fn measure_done(
    State(state): State<AppState>,
    Path((receipt, position)): Path<(String, i64)>,
    posted: Posted,
) -> Result<Response, StaffError> {
    if state
        .staff
        .measure_done(&posted.session, &receipt, position)
        .await?
    {
        Ok(no_store(see_other(&format!(
            "/staff/cases/{receipt}?done=measure_done"
        ))))
    } else {
        Err(StaffError::NotFound(
            "没有这项待落实的帮扶措施（可能已有人登记）。",
        ))
    }
}

/// `POST /staff/cases/<receipt>/fast-track`: 绿色通道 (先帮扶后认定) with the township's note.
pub(super) async fn fast_track(
    State(state): State<AppState>,
    Path(receipt): Path<String>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    let note = fields.get("note").to_string();
    match state.staff.fast_track(&session, &receipt, &note).await? {
        Ok(()) => Ok(no_store(see_other(&format!(
            "/staff/cases/{receipt}?done=fast_track"
        )))),
        Err(problem) => {
            show_case(
                &state,
                &headers,
                &session,
                &receipt,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
                move |view| {
                    view.problem = problem;
                    view.note = note;
                    view.failed = "fast_track".into();
                },
            )
            .await
        }
    }
}
