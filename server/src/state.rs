use std::path::PathBuf;
use std::sync::Arc;

use app::model::SiteSettings;
use app::ports::{SharedGraphics, SharedPortal};
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub portal: SharedPortal,
    pub graphics: SharedGraphics,
    pub site: SiteSettings,
    /// The built site (CSS, JS, WebAssembly, public files).
    pub site_root: PathBuf,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, portal: SharedPortal, site: SiteSettings) -> Self {
        let site_root = PathBuf::from(leptos_options.site_root.as_ref());
        Self {
            leptos_options,
            portal,
            graphics: Arc::new(crate::charts::Drawing),
            site,
            site_root,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The options Leptos needs, built from our configuration rather than from `Cargo.toml`, so
/// the release binary runs from any directory.
pub fn leptos_options(config: &crate::config::Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(Arc::<str>::from("portal"))
        .site_root(Arc::<str>::from(config.site_root.display().to_string()))
        .site_pkg_dir(Arc::<str>::from("pkg"))
        .site_addr(config.site_addr)
        .build()
}
