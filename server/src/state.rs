use std::path::PathBuf;
use std::sync::Arc;

use app::model::SiteSettings;
use app::ports::{Ports, SharedGraphics, SharedPortal, SharedReports};
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::config::Config;
use crate::page_cache::PageCache;
use crate::reports::ReportDesk;
use crate::search::Searcher;
use crate::security::vault::Vault;
use crate::security::{client_address, Limiter, TrustedProxies};
use crate::staff::StaffDesk;
use crate::storage::Store;

/// What every request handler can reach. axum clones the state for every request, so it
/// is one shared [`Shared`] behind a reference count: a clone is a counter increment.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The state itself: ports, desks, settings, limits, the page cache.
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub portal: SharedPortal,
    pub graphics: SharedGraphics,
    pub reports: SharedReports,
    /// The same desk as `reports`, for what only the server's own handlers need.
    pub desk: Arc<ReportDesk>,
    /// The Q&A lookup.
    pub search: Arc<Searcher>,
    /// Staff accounts, sessions and the case workflow.
    pub staff: Arc<StaffDesk>,
    pub site: SiteSettings,
    /// Submissions per address and minute.
    pub submit_limit: Limiter,
    /// Status look-ups per address and minute.
    pub status_limit: Limiter,
    /// The built site (CSS, JS, WebAssembly, public files).
    pub site_root: PathBuf,
    /// The reverse proxies whose `X-Forwarded-For` is believed.
    pub proxies: TrustedProxies,
    /// The origin forms must come from (that of `PORTAL_BASE_URL`), when it is set.
    pub origin: Option<Arc<str>>,
    /// Whether the public address is https.
    pub https: bool,
    /// Rendered public pages, kept per content revision.
    pub pages: Arc<PageCache>,
    /// The names of this build's files (`hash.txt` read once, at start).
    pub build_files: crate::site_files::BuildFiles,
    /// `/sw.js` as this build serves it, made on its first request (`None`: the template is
    /// missing).
    pub service_worker: std::sync::OnceLock<Option<axum::body::Bytes>>,
}

impl AppState {
    /// Everything built from the configuration, the opened database, the key vault and the
    /// search index built from that database.
    pub fn new(
        leptos_options: LeptosOptions,
        store: Store,
        vault: Vault,
        search: Arc<Searcher>,
        config: &Config,
    ) -> Self {
        let site_root = PathBuf::from(leptos_options.site_root.as_ref());
        let build_files = crate::site_files::BuildFiles::of(&leptos_options);
        let desk = Arc::new(ReportDesk::new(store.clone(), vault.clone()));
        let staff = Arc::new(
            StaffDesk::new(
                store.clone(),
                vault,
                i64::from(config.staff_idle_minutes) * 60,
            )
            .with_failures_per_address(config.login_failures_per_address),
        );
        let pages = Arc::new(PageCache::new(store.clone(), config.page_recheck));
        Self(Arc::new(Shared {
            leptos_options,
            portal: Arc::new(store),
            graphics: Arc::new(crate::charts::Drawing),
            reports: desk.clone(),
            desk,
            search,
            staff,
            site: config.site_settings(),
            submit_limit: Limiter::per_minute(config.submits_per_minute),
            status_limit: Limiter::per_minute(config.status_per_minute),
            site_root,
            proxies: config.trusted_proxies.clone(),
            origin: config.expected_origin().map(Arc::from),
            https: config.https(),
            pages,
            build_files,
            service_worker: std::sync::OnceLock::new(),
        }))
    }
}

impl AppState {
    /// The client a request comes from, as the limits count it.
    pub fn client<B>(&self, request: &axum::http::Request<B>) -> std::net::IpAddr {
        client_address(request, &self.proxies)
    }

    /// Whether a POST comes from our own pages (see [`crate::security::same_origin`]).
    pub fn same_origin(&self, headers: &axum::http::HeaderMap) -> bool {
        crate::security::same_origin(headers, self.origin.as_deref())
    }

    /// A `Set-Cookie` value as this installation sends it: `Secure` when the public address
    /// is https.
    pub fn cookie(&self, value: &str) -> String {
        if self.https && !value.contains("; Secure") {
            format!("{value}; Secure")
        } else {
            value.to_string()
        }
    }

    /// The name of a private cookie (`HttpOnly; SameSite=Strict`): over https with the
    /// `__Host-` prefix, so that only this host over https can set it.
    pub fn private_cookie_name(&self, name: &str) -> String {
        if self.https {
            format!("__Host-{name}")
        } else {
            name.to_string()
        }
    }

    /// The `Set-Cookie` of a private cookie: `HttpOnly; SameSite=Strict`, sent only below
    /// `path`; over https `__Host-` named, `Path=/` (the prefix requires it) and `Secure`.
    /// `extra` is appended as given (`; Max-Age=0`).
    pub fn private_cookie(&self, name: &str, value: &str, path: &str, extra: &str) -> String {
        let name = self.private_cookie_name(name);
        if self.https {
            format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Secure{extra}")
        } else {
            format!("{name}={value}; Path={path}; HttpOnly; SameSite=Strict{extra}")
        }
    }

    /// The ports every page receives.
    pub fn ports(&self) -> Ports {
        Ports {
            portal: self.portal.clone(),
            graphics: self.graphics.clone(),
            reports: self.reports.clone(),
            search: self.search.clone(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The options Leptos needs: Leptos's own configuration (`get_configuration`, from the
/// `LEPTOS_*` variables cargo-leptos and `.cargo/config.toml` set), with the site root and
/// address of ours, so the release binary runs from any directory.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let mut options = match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(err) => {
            tracing::warn!(error = %err, "Leptos's own configuration could not be read; using its defaults");
            LeptosOptions::builder().output_name("portal").build()
        }
    };
    // cargo-leptos says whether files are hashed when it runs the server; run on its own,
    // the binary finds out by the hash file beside it (written by `server site`).
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files =
            crate::site_files::hash_file(&options).is_some_and(|path| path.is_file());
    }
    options.site_root = Arc::<str>::from(config.site_root.display().to_string());
    options.site_addr = config.site_addr;
    options
}
