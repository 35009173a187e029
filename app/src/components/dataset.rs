//! The schema.org `Dataset` JSON-LD of a page that publishes a dataset (`/pilots`, `/data`,
//! `/targets`): what search engines and data catalogues read of it.

use leptos::prelude::*;

use crate::model::open_data::Dataset;
use crate::model::PortError;

/// The day the published content last changed, in China (`YYYY-MM-DD`).
#[server]
pub async fn load_content_day() -> Result<String, PortError> {
    let portal = crate::ports::use_portal().map_err(crate::error::report)?;
    let at = portal
        .content_changed_at()
        .await
        .map_err(crate::error::report)?;
    Ok(chrono::DateTime::from_timestamp(at, 0)
        .map(|t| {
            t.with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default())
}

/// `<script type="application/ld+json">` describing `dataset`: its distributions (JSON,
/// CSV), licence, publisher and the day its content last changed.
#[component]
pub fn DatasetMeta(dataset: Dataset) -> impl IntoView {
    let day = Resource::new(|| (), |()| load_content_day());
    let base_url = crate::ports::use_site().base_url;
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let base_url = base_url.clone();
                Suspend::new(async move {
                    let day = day.await.unwrap_or_default();
                    view! {
                        <script type="application/ld+json" inner_html=dataset.json_ld(&base_url, &day)></script>
                    }
                })
            }}
        </Suspense>
    }
}
