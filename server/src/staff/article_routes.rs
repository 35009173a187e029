//! Writing content over HTTP: `/staff/content/interpretations` (list), `…/new` and `…/<id>`
//! (the Markdown editor), `/staff/content/pilots` and `/staff/content/pilots/<id>` (progress
//! notes). A save that passes every check answers 303 to the page that shows it (so a reload
//! does not post twice); one that does not answers 422 with each problem beside its field.

use app::model::content::{InterpretationForm, PilotUpdateForm};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::http::{page, Posted, SignedIn, LONG_FORM_BYTES};
use super::StaffError;
use crate::state::AppState;
use crate::web::{no_store, query_value, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/content/interpretations", get(interpretation_list))
        .route(
            "/staff/content/interpretations/{id}",
            get(interpretation_edit).post(interpretation_save),
        )
        .route("/staff/content/pilots", get(pilot_list))
        .route(
            "/staff/content/pilots/{id}",
            get(pilot_notes).post(pilot_note_save),
        )
}

const NO_ARTICLE: &str = "没有这篇解读。";

/// `new` is 0; any other id must be a number.
fn article_id(raw: &str) -> Result<i64, StaffError> {
    if raw == "new" {
        Ok(0)
    } else {
        raw.parse()
            .ok()
            .filter(|id| *id > 0)
            .ok_or(StaffError::NotFound(NO_ARTICLE))
    }
}

/// `GET /staff/content/interpretations`.
async fn interpretation_list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let view = state.staff.interpretation_list(&session).await?;
    let path = "/staff/content/interpretations";
    Ok(page(&state, path, &headers, StatusCode::OK, view).await)
}

/// `GET /staff/content/interpretations/<id|new>[?document=…][&saved=1]`.
async fn interpretation_edit(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, StaffError> {
    let id = article_id(&raw_id)?;
    let document = query_value(query.as_deref(), "document");
    let mut view = state
        .staff
        .interpretation_edit(&session, id, &document)
        .await?
        .ok_or(StaffError::NotFound(NO_ARTICLE))?;
    if query_value(query.as_deref(), "saved") == "1" {
        view.done = "已保存，公开页面、订阅和政策问答已更新。".into();
    }
    let path = format!("/staff/content/interpretations/{raw_id}");
    Ok(page(&state, &path, &headers, StatusCode::OK, view).await)
}

/// `POST /staff/content/interpretations/<id|new>`.
async fn interpretation_save(
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    Posted {
        session,
        fields,
        headers,
    }: Posted<LONG_FORM_BYTES>,
) -> Result<Response, StaffError> {
    let mut form = InterpretationForm::from_pairs(fields.pairs());
    form.id = article_id(&raw_id)?;
    let view = state
        .staff
        .save_interpretation(&session, form)
        .await?
        .ok_or(StaffError::NotFound(NO_ARTICLE))?;
    if view.done.is_empty() {
        let path = format!("/staff/content/interpretations/{raw_id}");
        return Ok(page(
            &state,
            &path,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            view,
        )
        .await);
    }
    tracing::info!(id = view.form.id, "an interpretation was saved");
    if let Err(err) = state.search.refresh(state.staff.store()).await {
        tracing::error!(error = %err, "the Q&A index was not rebuilt after an edit");
    }
    Ok(no_store(see_other(&format!(
        "/staff/content/interpretations/{}?saved=1",
        view.form.id
    ))))
}

/// `GET /staff/content/pilots`.
async fn pilot_list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    let view = state.staff.pilot_notes_list(&session).await?;
    Ok(page(
        &state,
        "/staff/content/pilots",
        &headers,
        StatusCode::OK,
        view,
    )
    .await)
}

const NO_PILOT: &str = "没有这个村，或不在您的辖区。";

/// `GET /staff/content/pilots/<id>[?edit=<note>][&saved=1]`.
async fn pilot_notes(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, StaffError> {
    let edit = query_value(query.as_deref(), "edit").parse().unwrap_or(0);
    let mut view = state
        .staff
        .pilot_notes(&session, &id, edit)
        .await?
        .ok_or(StaffError::NotFound(NO_PILOT))?;
    if query_value(query.as_deref(), "saved") == "1" {
        view.done = "已保存，村庄页面已更新。".into();
    }
    let path = format!("/staff/content/pilots/{id}");
    Ok(page(&state, &path, &headers, StatusCode::OK, view).await)
}

/// `POST /staff/content/pilots/<id>`: a new note (no `id` field) or a change of one.
async fn pilot_note_save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Posted {
        session,
        fields,
        headers,
    }: Posted<LONG_FORM_BYTES>,
) -> Result<Response, StaffError> {
    let mut form = PilotUpdateForm::from_pairs(fields.pairs());
    form.pilot_id = id.clone();
    if !fields.get("id").is_empty() && form.id == 0 {
        return Err(StaffError::NotFound("没有这条进展。"));
    }
    let view = state
        .staff
        .save_pilot_note(&session, form)
        .await?
        .ok_or(StaffError::NotFound(
            "没有这个村或这条进展，或不在您的辖区。",
        ))?;
    if view.done.is_empty() {
        let path = format!("/staff/content/pilots/{id}");
        return Ok(page(
            &state,
            &path,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            view,
        )
        .await);
    }
    tracing::info!("a progress note was saved");
    let escaped: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    Ok(no_store(see_other(&format!(
        "/staff/content/pilots/{escaped}?saved=1"
    ))))
}
