//! Writing content over HTTP: `/staff/content/interpretations` (list), `…/new` and `…/<id>`
//! (the Markdown editor), `/staff/content/pilots` and `/staff/content/pilots/<id>` (progress
//! notes). A save that passes every check answers 303 to the page that shows it (so a reload
//! does not post twice); one that does not answers 422 with each problem beside its field.

use app::model::content::{InterpretationForm, PilotUpdateForm};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;

use super::routes::{
    failed, field, form_fields_up_to, no_store, page, posted_session, query_value, see_other,
    SignedIn,
};
use crate::state::AppState;

/// The most an interpretation's form may be (the router refuses any body over 64 KB).
const MAX_ARTICLE_FORM_BYTES: usize = 64 * 1024;

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

fn not_found(message: &'static str) -> Response {
    no_store((StatusCode::NOT_FOUND, message).into_response())
}

/// `new` is 0; any other id must be a number.
fn article_id(raw: &str) -> Option<i64> {
    if raw == "new" {
        Some(0)
    } else {
        raw.parse().ok().filter(|id| *id > 0)
    }
}

/// `GET /staff/content/interpretations`.
async fn interpretation_list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Response {
    let path = "/staff/content/interpretations";
    match state.staff.interpretation_list(&session).await {
        Ok(view) => {
            page(&state, path, &headers, StatusCode::OK, move || {
                provide_context(view.clone())
            })
            .await
        }
        Err(err) => failed(err),
    }
}

/// `GET /staff/content/interpretations/<id|new>[?document=…][&saved=1]`.
async fn interpretation_edit(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let path = format!("/staff/content/interpretations/{raw_id}");
    let Some(id) = article_id(&raw_id) else {
        return not_found("没有这篇解读。");
    };
    let document = query_value(query.as_deref(), "document");
    match state
        .staff
        .interpretation_edit(&session, id, &document)
        .await
    {
        Ok(Some(mut view)) => {
            if query_value(query.as_deref(), "saved") == "1" {
                view.done = "已保存，公开页面、订阅和政策问答已更新。".into();
            }
            page(&state, &path, &headers, StatusCode::OK, move || {
                provide_context(view.clone())
            })
            .await
        }
        Ok(None) => not_found("没有这篇解读。"),
        Err(err) => failed(err),
    }
}

/// `POST /staff/content/interpretations/<id|new>`.
async fn interpretation_save(
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
    request: Request,
) -> Response {
    let (headers, fields) = form_fields_up_to(request, MAX_ARTICLE_FORM_BYTES).await;
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let Some(id) = article_id(&raw_id) else {
        return not_found("没有这篇解读。");
    };
    let mut form =
        InterpretationForm::from_pairs(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    form.id = id;
    match state.staff.save_interpretation(&session, form).await {
        Ok(Some(view)) if view.done.is_empty() => {
            let path = format!("/staff/content/interpretations/{raw_id}");
            page(
                &state,
                &path,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                move || provide_context(view.clone()),
            )
            .await
        }
        Ok(Some(view)) => {
            tracing::info!(id = view.form.id, "an interpretation was saved");
            if let Err(err) = state.search.refresh(state.staff.store()).await {
                tracing::error!(error = %err, "the Q&A index was not rebuilt after an edit");
            }
            no_store(see_other(&format!(
                "/staff/content/interpretations/{}?saved=1",
                view.form.id
            )))
        }
        Ok(None) => not_found("没有这篇解读。"),
        Err(err) => failed(err),
    }
}

/// `GET /staff/content/pilots`.
async fn pilot_list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Response {
    let path = "/staff/content/pilots";
    match state.staff.pilot_notes_list(&session).await {
        Ok(view) => {
            page(&state, path, &headers, StatusCode::OK, move || {
                provide_context(view.clone())
            })
            .await
        }
        Err(err) => failed(err),
    }
}

/// `GET /staff/content/pilots/<id>[?edit=<note>][&saved=1]`.
async fn pilot_notes(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let path = format!("/staff/content/pilots/{id}");
    let edit = query_value(query.as_deref(), "edit").parse().unwrap_or(0);
    match state.staff.pilot_notes(&session, &id, edit).await {
        Ok(Some(mut view)) => {
            if query_value(query.as_deref(), "saved") == "1" {
                view.done = "已保存，村庄页面已更新。".into();
            }
            page(&state, &path, &headers, StatusCode::OK, move || {
                provide_context(view.clone())
            })
            .await
        }
        Ok(None) => not_found("没有这个村，或不在您的辖区。"),
        Err(err) => failed(err),
    }
}

/// `POST /staff/content/pilots/<id>`: a new note (no `id` field) or a change of one.
async fn pilot_note_save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (headers, fields) = form_fields_up_to(request, MAX_ARTICLE_FORM_BYTES).await;
    let session = match posted_session(&state, &headers, &fields).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let mut form =
        PilotUpdateForm::from_pairs(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    form.pilot_id = id.clone();
    if !field(&fields, "id").is_empty() && form.id == 0 {
        return not_found("没有这条进展。");
    }
    match state.staff.save_pilot_note(&session, form).await {
        Ok(Some(view)) if view.done.is_empty() => {
            let path = format!("/staff/content/pilots/{id}");
            page(
                &state,
                &path,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                move || provide_context(view.clone()),
            )
            .await
        }
        Ok(Some(_)) => {
            tracing::info!("a progress note was saved");
            let escaped: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
            no_store(see_other(&format!(
                "/staff/content/pilots/{escaped}?saved=1"
            )))
        }
        Ok(None) => not_found("没有这个村或这条进展，或不在您的辖区。"),
        Err(err) => failed(err),
    }
}
