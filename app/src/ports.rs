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

    use crate::model::content::{InterpretationDetail, InterpretationSummary, PilotNews};
    use crate::model::indicators::IndicatorSet;
    use crate::model::industries::{IndustryDetail, SeriesChart};
    use crate::model::regions::BarChart;
    use crate::model::report::{ReceiptView, StatusAnswer, Submission, ValidReport};
    use crate::model::search::SearchResults;
    use crate::model::{
        DocumentDetail, DocumentSummary, HomeOverview, PilotDetail, PilotPage, PilotQuery,
        PilotSummary, PortError, RegionsOverview,
    };

    /// Read access to the published content.
    #[async_trait::async_trait]
    pub trait Portal: Send + Sync + 'static {
        /// Succeeds when the database answers a trivial query.
        async fn ping(&self) -> Result<(), PortError>;

        /// Counts and newest documents for the home page.
        async fn home_overview(&self) -> Result<HomeOverview, PortError>;

        /// When the published content last changed, in seconds since 1970 UTC: the open
        /// data's `Last-Modified` and `dateModified`.
        async fn content_changed_at(&self) -> Result<i64, PortError>;

        /// One page of the catalogue for `query`, with facet counts.
        async fn list_pilots(&self, query: &PilotQuery) -> Result<PilotPage, PortError>;

        /// Every pilot matching the filters of `query` (its page is ignored), for exports.
        async fn export_pilots(&self, query: &PilotQuery) -> Result<Vec<PilotSummary>, PortError>;

        /// One pilot with its passages and related industries; `NotFound` for an unknown id.
        async fn pilot(&self, id: &str) -> Result<PilotDetail, PortError>;

        /// The region and village classifications (charts not yet drawn).
        async fn regions(&self) -> Result<RegionsOverview, PortError>;

        /// Every sourced figure with its industries, and the industries.
        async fn indicator_set(&self) -> Result<IndicatorSet, PortError>;

        /// The ten industries in the documents' order, each with its figures and details.
        async fn industries(&self) -> Result<Vec<IndustryDetail>, PortError>;

        /// Every document and interpretation, newest first, undated last.
        async fn documents(&self) -> Result<Vec<DocumentSummary>, PortError>;

        /// One document with all its sections; `NotFound` for an unknown id.
        async fn document(&self, id: &str) -> Result<DocumentDetail, PortError>;

        /// Every dated target with the baselines of the same measure the documents give.
        async fn targets_board(&self) -> Result<crate::model::targets::TargetsBoard, PortError>;

        /// Every curated answer, with its place, topic and section.
        async fn qa_items(&self) -> Result<Vec<crate::model::qa::QaItem>, PortError>;

        /// Every interpretation staff wrote, newest first.
        async fn interpretations(&self) -> Result<Vec<InterpretationSummary>, PortError>;

        /// One interpretation with its sanitised HTML; `NotFound` for an unknown id.
        async fn interpretation(&self, id: i64) -> Result<InterpretationDetail, PortError>;

        /// The most recently changed progress notes on pilots (at most 50), for the feed.
        async fn pilot_news(&self) -> Result<Vec<PilotNews>, PortError>;

        /// What a household can report, from the curated hardship data, for `/report/help`.
        async fn report_help(&self) -> Result<crate::model::help::ReportHelp, PortError>;

        /// The form's village step: the village `chosen` names (a village code, or a
        /// catalogue id of a poster printed before codes), else the picker standing at
        /// division `at` ("" for the start) with what the finder found for `find`.
        async fn village_step(
            &self,
            chosen: &str,
            at: &str,
            find: &str,
        ) -> Result<crate::model::divisions::VillageStep, PortError>;

        /// A county's own hotline (6-digit code), if an administrator (or the seed) set one.
        async fn county_hotline(
            &self,
            county: &str,
        ) -> Result<Option<crate::model::promise::CountyHotline>, PortError>;

        /// A village by its code; `NotFound` for anything else.
        async fn village(
            &self,
            code: &str,
        ) -> Result<crate::model::divisions::VillagePlace, PortError>;

        /// Every village of a township, for its posters; `NotFound` for anything else.
        async fn town_posters(
            &self,
            town: &str,
        ) -> Result<crate::model::divisions::TownPosters, PortError>;

        /// Villages matching what was typed (汉字, pinyin or initials), at most 20.
        async fn find_villages(
            &self,
            query: &str,
        ) -> Result<Vec<crate::model::divisions::VillageHit>, PortError>;
    }

    /// Drawing on the server: charts and QR codes as SVG.
    pub trait Graphics: Send + Sync + 'static {
        /// A small horizontal bar chart.
        fn bar_chart(&self, chart: &BarChart) -> Result<String, PortError>;

        /// A QR code of `text`, as an inline `<svg>` element.
        fn qr_code(&self, text: &str) -> Result<String, PortError>;

        /// A measure's figures by year, baselines, actual figures and targets marked apart.
        fn series_chart(&self, chart: &SeriesChart) -> Result<String, PortError>;
    }

    /// Fresh tokens for one rendered report form.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FormTokens {
        /// Identifies this submission: a retry with the same token gets the same receipt.
        pub idempotency: String,
        /// Anti-forgery value, sent both as a cookie and as a form field.
        pub csrf: String,
    }

    /// The 防贫申报 desk: takes reports in and answers for them, holding the personal data
    /// sealed.
    #[async_trait::async_trait]
    pub trait Reports: Send + Sync + 'static {
        /// New random tokens for a form.
        fn new_tokens(&self) -> Result<FormTokens, PortError>;

        /// Stores a valid report durably and returns its receipt code. The same token with the
        /// same content (or the same content again within a day) returns the first receipt,
        /// never a second case; the same token with other content stores nothing and says so,
        /// never telling the other report's receipt.
        async fn submit(&self, report: &ValidReport, token: &str) -> Result<Submission, PortError>;

        /// The receipt page of a code; `NotFound` for an unknown one.
        async fn receipt(&self, code: &str) -> Result<ReceiptView, PortError>;

        /// The status of a case, only when the code and the phone's last four digits match;
        /// `NotFound` for any mismatch, so a wrong guess learns nothing, and `Locked` after
        /// too many wrong phone tails for one receipt, whoever asks.
        async fn status(&self, code: &str, phone_tail: &str) -> Result<StatusAnswer, PortError>;
    }

    /// The policy Q&A lookup.
    pub trait Search: Send + Sync + 'static {
        /// Curated answers first, then document passages, for what a reader typed; an empty
        /// result (never an error) when nothing matches. `place` (a key of
        /// [`crate::model::places::PLACES`]) ranks that place's answers first.
        fn search(&self, query: &str, place: Option<&str>) -> Result<SearchResults, PortError>;
    }

    /// The shared handles pages receive.
    pub type SharedPortal = Arc<dyn Portal>;
    pub type SharedGraphics = Arc<dyn Graphics>;
    pub type SharedReports = Arc<dyn Reports>;
    pub type SharedSearch = Arc<dyn Search>;

    /// Every port a page may reach.
    #[derive(Clone)]
    pub struct Ports {
        pub portal: SharedPortal,
        pub graphics: SharedGraphics,
        pub reports: SharedReports,
        pub search: SharedSearch,
    }

    /// Makes the ports available to the components rendered for one request.
    pub fn provide_ports(ports: Ports) {
        provide_context(ports.portal);
        provide_context(ports.graphics);
        provide_context(ports.reports);
        provide_context(ports.search);
    }

    /// The Q&A lookup of the current request.
    pub fn use_search() -> Result<SharedSearch, PortError> {
        use_context::<SharedSearch>()
            .ok_or_else(|| PortError::internal("the Search port was not provided to this request"))
    }

    /// The report desk of the current request.
    pub fn use_reports() -> Result<SharedReports, PortError> {
        use_context::<SharedReports>()
            .ok_or_else(|| PortError::internal("the Reports port was not provided to this request"))
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

/// The hotline of a county (6-digit code): its own when an administrator (or the seed) set
/// one, with where it comes from; else the portal's, with no source of its own.
#[cfg(feature = "ssr")]
pub async fn county_hotline(county: Option<&str>) -> (String, Option<String>) {
    if let (Some(county), Ok(portal)) = (county, use_portal()) {
        if let Ok(Some(own)) = portal.county_hotline(county).await {
            return (own.number, Some(own.source));
        }
    }
    (hotline(), None)
}
