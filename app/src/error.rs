//! How errors cross the server-function boundary and reach the page.
//!
//! Server functions return [`PortError`]: its code travels to the browser, its detail
//! (the database's own message) is logged once on the server and never serialized.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::model::{ErrorCode, PortError};

impl FromServerFnError for PortError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        PortError::internal(value.to_string())
    }
}

/// Logs an error at the server boundary and sets the HTTP status of the page being rendered.
#[cfg(feature = "ssr")]
pub fn report(err: PortError) -> PortError {
    match err.code {
        ErrorCode::NotFound | ErrorCode::BadRequest => {
            tracing::info!(code = ?err.code, detail = %err.detail, "request refused");
        }
        ErrorCode::Unavailable | ErrorCode::Internal => {
            tracing::error!(code = ?err.code, detail = %err.detail, "request failed");
        }
    }
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(err.code.http_status()) {
            response.set_status(status);
        }
    }
    err
}

/// A plain notice for a part of a page that could not be loaded.
#[component]
pub fn ErrorNotice(code: ErrorCode) -> impl IntoView {
    let hotline = crate::ports::hotline();
    view! {
        <p class="notice" role="alert">{code.user_message()} " 如需帮助，请拨打 " {hotline} "。"</p>
    }
}
