//! The staff workspace's address table. The handlers live beside it, one file per feature:
//! `signin.rs` (sign-in, sign-out, password), `cases.rs` (queue, case, actions, exports),
//! `assisted.rs` (代报), `content_routes.rs` (Q&A entries, figures), `article_routes.rs`
//! (interpretations, progress notes), `accounts.rs` (accounts); their plumbing (session
//! cookie, extractors, errors as pages) is `http.rs`.

use axum::routing::{get, post};
use axum::Router;

use super::{
    accounts, article_routes, assisted, cases, content_routes, http, promise_routes, signin,
    target_routes,
};
use crate::state::AppState;
use crate::web::see_other;

pub use super::http::SESSION_COOKIE;

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/staff", get(|| async { see_other("/staff/cases") }))
        .route("/staff/login", get(signin::login_page).post(signin::login))
        .route("/staff/logout", post(signin::logout))
        .route(
            "/staff/password",
            get(signin::password_page).post(signin::change_password),
        )
        .route("/staff/cases", get(cases::queue))
        .route("/staff/cases.csv", post(cases::export_csv))
        .route("/staff/cases.xlsx", post(cases::export_xlsx))
        .route(
            "/staff/cases/{receipt}",
            get(cases::case_page).post(cases::act),
        )
        .route("/staff/cases/{receipt}/reveal", post(cases::reveal))
        .route("/staff/cases/{receipt}/told", post(cases::told))
        .route("/staff/cases/{receipt}/measures", post(cases::add_measure))
        .route(
            "/staff/cases/{receipt}/measures/{position}/done",
            post(cases::measure_done),
        )
        .route("/staff/cases/{receipt}/fast-track", post(cases::fast_track))
        .route(
            "/staff/report",
            get(assisted::assisted_page).post(assisted::assisted_submit),
        )
        .route(
            "/staff/content/figures",
            get(content_routes::figures_page).post(content_routes::figures_import),
        )
        .route("/staff/content/qa", get(content_routes::qa_list))
        .route(
            "/staff/content/qa/{id}",
            get(content_routes::qa_edit).post(content_routes::qa_save),
        )
        .merge(article_routes::routes())
        .merge(accounts::routes())
        .merge(promise_routes::routes())
        .merge(target_routes::routes())
        .layer(axum::middleware::from_fn_with_state(
            state,
            http::draw_problems,
        ))
}
