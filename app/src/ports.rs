//! The ports between the pages and the server: what pages need, in domain words.
//!
//! The server implements [`Portal`] over its storage (SQLite or PostgreSQL) and [`Graphics`]
//! over its drawing crates, and provides both, with the [`SiteSettings`], to every
//! server-rendered page. Pages reach them only through the `use_*` helpers, which return an
//! error instead of panicking when something is missing.

use leptos::prelude::*;

use crate::model::SiteSettings;

#[cfg(feature = "ssr")]
pub use server_side::*;

#[cfg(feature = "ssr")]
mod server_side {
    use std::sync::Arc;

    use leptos::prelude::*;

    use crate::model::regions::BarChart;
    use crate::model::{
        DocumentDetail, HomeOverview, PilotDetail, PilotPage, PilotQuery, PilotSummary, PortError,
        RegionsOverview,
    };

    /// Read access to the published content.
    #[async_trait::async_trait]
    pub trait Portal: Send + Sync + 'static {
        /// Succeeds when the database answers a trivial query.
        async fn ping(&self) -> Result<(), PortError>;

        /// Counts and newest documents for the home page.
        async fn home_overview(&self) -> Result<HomeOverview, PortError>;

        /// One page of the catalogue for `query`, with facet counts.
        async fn list_pilots(&self, query: &PilotQuery) -> Result<PilotPage, PortError>;

        /// Every pilot matching the filters of `query` (its page is ignored), for exports.
        async fn export_pilots(&self, query: &PilotQuery) -> Result<Vec<PilotSummary>, PortError>;

        /// One pilot with its passages and related industries; `NotFound` for an unknown id.
        async fn pilot(&self, id: &str) -> Result<PilotDetail, PortError>;

        /// The region and village classifications (charts not yet drawn).
        async fn regions(&self) -> Result<RegionsOverview, PortError>;

        /// One document with all its sections; `NotFound` for an unknown id.
        async fn document(&self, id: &str) -> Result<DocumentDetail, PortError>;
    }

    /// Drawing on the server: charts and QR codes as SVG.
    pub trait Graphics: Send + Sync + 'static {
        /// A small horizontal bar chart.
        fn bar_chart(&self, chart: &BarChart) -> Result<String, PortError>;

        /// A QR code of `text`, as an inline `<svg>` element.
        fn qr_code(&self, text: &str) -> Result<String, PortError>;
    }

    /// The shared handles pages receive.
    pub type SharedPortal = Arc<dyn Portal>;
    pub type SharedGraphics = Arc<dyn Graphics>;

    /// Makes the ports available to the components rendered for one request.
    pub fn provide_ports(portal: SharedPortal, graphics: SharedGraphics) {
        provide_context(portal);
        provide_context(graphics);
    }

    /// The storage port of the current request.
    pub fn use_portal() -> Result<SharedPortal, PortError> {
        use_context::<SharedPortal>()
            .ok_or_else(|| PortError::internal("the Portal port was not provided to this request"))
    }

    /// The drawing port of the current request.
    pub fn use_graphics() -> Result<SharedGraphics, PortError> {
        use_context::<SharedGraphics>().ok_or_else(|| {
            PortError::internal("the Graphics port was not provided to this request")
        })
    }
}

/// Makes this installation's settings available to the page being rendered.
pub fn provide_site(settings: SiteSettings) {
    provide_context(settings);
}

/// This installation's settings; the defaults when none were provided.
pub fn use_site() -> SiteSettings {
    use_context::<SiteSettings>().unwrap_or_default()
}

/// The hotline to print on this page.
pub fn hotline() -> String {
    use_site().hotline
}
