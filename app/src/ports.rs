//! The port between the pages and the server: what pages need, in domain words.
//!
//! The server implements [`Portal`] over its storage (SQLite or PostgreSQL) and provides it
//! to every server-rendered page through [`provide_portal`]. Pages reach it only through
//! [`use_portal`], which returns an error instead of panicking when it is missing.

use std::sync::Arc;

use leptos::prelude::*;

use crate::model::{HomeOverview, PortError};

/// Read access to the published content.
#[async_trait::async_trait]
pub trait Portal: Send + Sync + 'static {
    /// Succeeds when the database answers a trivial query.
    async fn ping(&self) -> Result<(), PortError>;

    /// Counts and newest documents for the home page.
    async fn home_overview(&self) -> Result<HomeOverview, PortError>;
}

/// The shared handle pages receive.
pub type SharedPortal = Arc<dyn Portal>;

/// Makes the port available to the components rendered for one request.
pub fn provide_portal(portal: SharedPortal) {
    provide_context(portal);
}

/// The port of the current request, or an `Internal` error if the server did not provide it.
pub fn use_portal() -> Result<SharedPortal, PortError> {
    use_context::<SharedPortal>()
        .ok_or_else(|| PortError::internal("the Portal port was not provided to this request"))
}
