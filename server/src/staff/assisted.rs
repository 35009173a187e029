//! 代报 over HTTP: `/staff/report`, the self-report form filled in by a village cadre for a
//! household of the cadre's own village, checked like the household's own form, marked
//! 村干部代为申报 and audited.

use app::model::report::{validate_report, ReportForm, Submission};
use app::model::staff::Role;
use app::pages::report::{AssistedReport, SubmittedForm};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use leptos::prelude::provide_context;

use super::http::{page, page_with, Posted, SignedIn};
use super::{Session, StaffError};
use crate::reports::today_in_china;
use crate::state::AppState;
use crate::web::{no_store, see_other};

const VILLAGE_ONLY: &str = "只有村级工作人员可以代为申报。";

/// Who may file a report for a household: 村 (for its village) and 管理员.
fn may_assist(session: &Session) -> Result<(), StaffError> {
    if matches!(session.user.role, Role::Village | Role::Admin) {
        Ok(())
    } else {
        Err(StaffError::Refused(VILLAGE_ONLY.into()))
    }
}

fn assisted_context(session: &Session) -> AssistedReport {
    AssistedReport {
        csrf: session.csrf.clone(),
        village: if session.user.role == Role::Village {
            session.user.area.clone()
        } else {
            String::new()
        },
        staff: session.user.username.clone(),
    }
}

/// `GET /staff/report`: the self-report form, filled in by a village cadre for a household.
pub(super) async fn assisted_page(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    headers: HeaderMap,
) -> Result<Response, StaffError> {
    may_assist(&session)?;
    let assisted = assisted_context(&session);
    Ok(page(&state, "/staff/report", &headers, StatusCode::OK, assisted).await)
}

/// The form again, with everything typed and what is wrong.
async fn again(
    state: &AppState,
    headers: &HeaderMap,
    session: &Session,
    submitted: SubmittedForm,
    status: StatusCode,
) -> Response {
    let assisted = assisted_context(session);
    page_with(state, "/staff/report", headers, status, move || {
        provide_context(submitted.clone());
        provide_context(assisted.clone());
    })
    .await
}

/// `POST /staff/report`: checked like the household's own form (everything typed comes back
/// with the problems beside the fields), marked 村干部代为申报, in the cadre's own village
/// only, audited; then the new case.
pub(super) async fn assisted_submit(
    State(state): State<AppState>,
    Posted {
        session,
        fields,
        headers,
    }: Posted,
) -> Result<Response, StaffError> {
    may_assist(&session)?;
    let mut form = ReportForm::from_fields(fields.pairs());
    form.reporter = "cadre".into();
    let resolved = state
        .desk
        .resolve_village(&form.village)
        .await
        .map_err(|err| StaffError::Internal(err.detail))?;
    if let Some(code) = &resolved {
        form.village.clone_from(code);
    }
    let own_village =
        session.user.role == Role::Admin || resolved.as_deref() == Some(session.user.area.as_str());
    let known = resolved.is_some() && own_village;
    let report = match validate_report(&form, today_in_china(), |_| known) {
        Ok(report) => report,
        Err(errors) => {
            let submitted = SubmittedForm {
                form,
                errors,
                notice: None,
                at: String::new(),
            };
            return Ok(again(&state, &headers, &session, submitted, StatusCode::OK).await);
        }
    };
    if !ReportForm::token_is_well_formed(&form.token) {
        let submitted = SubmittedForm {
            form,
            errors: Vec::new(),
            notice: Some("页面已过期，请再点一次“提交申报”。填的内容都还在。".into()),
            at: String::new(),
        };
        return Ok(again(&state, &headers, &session, submitted, StatusCode::OK).await);
    }
    match state
        .desk
        .submit_checked(&report, &form.token)
        .await
        .map_err(|err| StaffError::Internal(err.detail))?
    {
        Submission::Stored(receipt) => {
            state.staff.record_assisted(&session, &receipt).await?;
            tracing::info!("assisted report stored");
            Ok(no_store(see_other(&format!(
                "/staff/cases/{receipt}?done=assisted"
            ))))
        }
        Submission::TokenUsed => {
            form.token = state
                .reports
                .new_tokens()
                .map_err(|err| StaffError::Internal(err.detail))?
                .idempotency;
            let submitted = SubmittedForm {
                form,
                errors: Vec::new(),
                notice: Some(crate::reports::TOKEN_USED.into()),
                at: String::new(),
            };
            Ok(again(&state, &headers, &session, submitted, StatusCode::CONFLICT).await)
        }
    }
}
