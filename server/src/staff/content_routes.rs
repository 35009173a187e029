//! Editing Q&A entries and figures over HTTP: `/staff/content/qa`, `/staff/content/qa/<id>`
//! and `/staff/content/figures` (one figure, pasted CSV or an uploaded file, all through the
//! importer's checks). 县 edits its own region's content, 管理员 all of it.

use app::model::staff::{FiguresView, QaForm};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;

use super::http::{check_forgery, page, session_of, Posted, SignedIn, LONG_FORM_BYTES};
use super::StaffError;
use crate::state::AppState;

const NO_ENTRY: &str = "没有这条问答。";

/// `GET /staff/content/qa`: the Q&A entries to edit (县 and 管理员).
pub(super) async fn qa_list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let view = state.staff.qa_list(&session).await?;
    Ok(page(&state, "/staff/content/qa", &headers, StatusCode::OK, view).await)
}

/// `GET /staff/content/qa/<id>`.
pub(super) async fn qa_edit(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, StaffError> {
    let view = state
        .staff
        .qa_edit(&session, &id)
        .await?
        .ok_or(StaffError::NotFound(NO_ENTRY))?;
    let path = format!("/staff/content/qa/{}", view.form.id);
    Ok(page(&state, &path, &headers, StatusCode::OK, view).await)
}

/// `POST /staff/content/qa/<id>`: saved (and the Q&A lookup rebuilt at once), or the form
/// again with each problem beside its field.
pub(super) async fn qa_save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted {
        session,
        fields,
        headers,
    }: Posted<LONG_FORM_BYTES>,
) -> Result<Response, StaffError> {
    let mut form = QaForm::from_pairs(fields.pairs());
    form.id = id;
    let view = state
        .staff
        .save_qa(&session, form)
        .await?
        .ok_or(StaffError::NotFound(NO_ENTRY))?;
    let status = if view.done {
        tracing::info!("a Q&A entry was edited");
        if let Err(err) = state.search.refresh(state.staff.store()).await {
            tracing::error!(error = %err, "the Q&A index was not rebuilt after an edit");
        }
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let path = format!("/staff/content/qa/{}", view.form.id);
    Ok(page(&state, &path, &headers, status, view).await)
}

/// `GET /staff/content/figures`: one figure, an uploaded CSV file or pasted CSV (县 and
/// 管理员).
pub(super) async fn figures_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let view = state.staff.figures_view(&session).await?;
    Ok(figures_result(&state, &headers, view).await)
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
    page(state, "/staff/content/figures", headers, status, view).await
}

/// `POST /staff/content/figures`: one figure typed into the form (`via=one`; its problems
/// beside its fields), pasted CSV (`csv`), or an uploaded file (`multipart/form-data`). Every
/// row is checked; all stored or none, with every problem listed. One address for all three,
/// so the page after a refusal can be loaded again.
pub(super) async fn figures_import(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, StaffError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        return figures_upload(state, request).await;
    }
    let Posted {
        session,
        fields,
        headers,
    } = Posted::<LONG_FORM_BYTES>::from_request(request, &state).await?;
    let view = if fields.get("via") == "one" {
        let typed = fields
            .pairs()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        state.staff.import_one_figure(&session, typed).await?
    } else {
        let csv = fields.get("csv").as_bytes().to_vec();
        state.staff.import_figures(&session, &csv, "paste").await?
    };
    Ok(figures_result(&state, &headers, view).await)
}

/// A CSV file sent as `multipart/form-data` (field `file`, with the form's `csrf`). No
/// session, no reading of the file.
async fn figures_upload(state: AppState, request: Request) -> Result<Response, StaffError> {
    let headers = request.headers().clone();
    let session = session_of(&state, &headers)
        .await?
        .ok_or(StaffError::SignedOut)?;
    let incomplete =
        || StaffError::BadForm("文件没有传完整，或超过 60 KB，请重试或分批上传。".into());
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|_| StaffError::BadForm("请用页面上的“上传文件”表单提交。".into()))?;
    let mut csrf = String::new();
    let mut file: Option<Vec<u8>> = None;
    while let Some(part) = multipart.next_field().await.map_err(|_| incomplete())? {
        match part.name() {
            Some("csrf") => csrf = part.text().await.map_err(|_| incomplete())?,
            Some("file") => file = Some(part.bytes().await.map_err(|_| incomplete())?.to_vec()),
            _ => {}
        }
    }
    check_forgery(&state, &headers, &session, &csrf)?;
    let view = if let Some(bytes) = file.filter(|bytes| !bytes.is_empty()) {
        state
            .staff
            .import_figures(&session, &bytes, "upload")
            .await?
    } else {
        let mut view = state.staff.figures_view(&session).await?;
        view.via = "upload".into();
        view.problems = vec!["请选择要上传的 CSV 文件。".into()];
        view
    };
    Ok(figures_result(&state, &headers, view).await)
}
