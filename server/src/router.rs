//! The HTTP surface: Leptos pages, health check, the no-JavaScript settings form, static
//! files, and the layers every response passes through.

use std::sync::OnceLock;
use std::time::Duration;

use app::prefs::{safe_return_path, text_size_cookie};
use app::{shell, App};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use serde::Deserialize;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;

use crate::front::Front;
use crate::state::AppState;
use crate::web::page_context;

/// Builds the whole application for one state; tests drive it with `oneshot`.
pub fn app(state: AppState) -> Router {
    let page_routes = route_list();
    let context = page_context(&state);
    let options = state.leptos_options.clone();
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route("/og-image.png", get(crate::og_image::og_image))
        .route("/settings/text-size", post(set_text_size))
        .route("/report", post(crate::reports::routes::submit_report))
        .route(
            "/report/pick",
            post(crate::reports::routes::pick_village).get(crate::reports::routes::pick_address),
        )
        .route(
            "/report/villages",
            get(crate::reports::routes::village_matches),
        )
        .route(
            "/report/status",
            post(crate::reports::routes::look_up_status),
        )
        .route(
            "/report/done/{receipt}",
            get(crate::reports::routes::receipt_page),
        )
        .merge(crate::api::routes(&state))
        .merge(crate::staff::routes::routes(state.clone()))
        .leptos_routes_with_context(&state, page_routes, context, move || shell(options.clone()))
        .fallback(static_or_not_found)
        .layer(axum::middleware::map_response(
            crate::web::without_hydration_scripts,
        ))
        .layer(axum::middleware::from_fn(crate::access::remember_route))
        // A handler that takes longer is answered 408. A kept page is answered before this
        // layer, so it never starts a timer.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .with_state(state.clone());
    // A page rendered for the first time in a revision is kept by the page cache on its
    // way out; a kept one is answered by `Front`, before this router.
    let layered = Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::from_fn_with_state(
            state.pages.clone(),
            crate::page_cache::serve,
        ))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(64 * 1024))
        .layer(axum::middleware::map_response(explain_too_large));
    // Over https, browsers are told to keep to https for a year.
    let hsts = state
        .https
        .then(|| HeaderValue::from_static("max-age=31536000"));
    Router::new().fallback_service(Front::new(state.pages.clone(), hsts, layered))
}

/// The Leptos route table, collected once per process: collecting it renders the app, and
/// several routers built at the same moment (as the tests do) must not do that concurrently.
/// The staff pages and the receipt are left out: only their own handlers, which check the
/// session or the submitting browser's cookie, render them.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            generate_route_list(App)
                .into_iter()
                .filter(|route| {
                    !route.path().starts_with("/staff") && !route.path().starts_with("/report/done")
                })
                .collect()
        })
        .clone()
}

/// A body refused for its length alone (before any handler read it) says so in words.
async fn explain_too_large(response: Response) -> Response {
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| !v.starts_with("text/html") && !v.starts_with("application/json"));
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || !plain {
        return response;
    }
    let page = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>提交的内容太长了</title></head><body><main>\
        <h1>提交的内容太长了</h1><p role=\"alert\">提交的内容超过 64 KB，没有保存。\
        请返回上一页，把说明写短一些，或分几次提交。</p>\
        <p><a href=\"/\">回到首页</a></p></main></body></html>";
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        page,
    )
        .into_response()
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.portal.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            tracing::warn!(detail = %err.detail, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(Deserialize)]
struct TextSizeForm {
    size: String,
    #[serde(default)]
    back: String,
}

/// The plain-form side of the text-size switch: remember the choice and go back.
async fn set_text_size(State(state): State<AppState>, Form(form): Form<TextSizeForm>) -> Response {
    let large = form.size == "large";
    let back = safe_return_path(&form.back).to_string();
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&back) {
        headers.insert(header::LOCATION, location);
    } else {
        headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    }
    if let Ok(cookie) = HeaderValue::from_str(&state.cookie(&text_size_cookie(large))) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}

/// The plain files of `public/` served at the site's root besides the favicon and
/// robots.txt: the service worker (it must sit at the root to control `/report`), the web
/// app manifest and the plain scripts (`app::page_scripts` says which page loads which):
/// every page's (`site.js`: the text-size switch, deleting an old draft), the loader of the
/// portal's WebAssembly, the report form's draft and offline sending, and reading aloud.
const ROOT_FILES: [&str; 9] = [
    "/favicon.svg",
    "/robots.txt",
    "/sw.js",
    "/manifest.webmanifest",
    "/site.js",
    "/wasm.js",
    "/draft.js",
    "/offline.js",
    "/read-aloud.js",
];

/// What the service worker may do: fetch from this origin (the form, its files, sending a
/// queued report) and nothing else. A worker runs under its own script's policy, so the
/// default one (`default-src 'none'`) would stop every fetch it makes.
const WORKER_CSP: &str = "default-src 'none'; connect-src 'self'; script-src 'self'; \
    img-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Whether `path` names a file of the built site.
fn is_site_file(path: &str) -> bool {
    let icon = path.strip_prefix("/icons/").is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            && !name.contains("..")
    });
    path.starts_with("/pkg/") || icon || ROOT_FILES.contains(&path)
}

/// Files of the built site (`/pkg/…`, `/icons/…`, [`ROOT_FILES`]), precompressed where the
/// build made `.br`/`.gz` copies; anything else is the portal's own 404 page.
async fn static_or_not_found(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    if path == "/sw.js" {
        return service_worker(&state);
    }
    if is_site_file(&path) {
        let served = ServeDir::new(&state.site_root)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(request)
            .await;
        match served {
            Ok(response) if response.status() != StatusCode::NOT_FOUND => {
                let mut response = response.map(Body::new);
                let headers = response.headers_mut();
                match path.as_str() {
                    "/favicon.svg" | "/robots.txt" => {}
                    // Named by its content: this name never holds another file.
                    _ if crate::site_files::is_hashed_name(&path) => {
                        headers.insert(
                            header::CACHE_CONTROL,
                            HeaderValue::from_static("public, max-age=31536000, immutable"),
                        );
                    }
                    _ => {
                        headers.insert(
                            header::CACHE_CONTROL,
                            HeaderValue::from_static("public, max-age=3600"),
                        );
                    }
                }
                if path == "/manifest.webmanifest" {
                    headers.insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/manifest+json"),
                    );
                }
                return response;
            }
            _ => return (StatusCode::NOT_FOUND, "文件不存在").into_response(),
        }
    }
    not_found_page(state, request).await
}

/// `/sw.js`: the service worker of `public/sw.js`, naming this build's files (see
/// [`crate::site_files`]); checked on every visit, so a new build reaches phones at once.
fn service_worker(state: &AppState) -> Response {
    // The template and the build's names do not change while the server runs: made once.
    let made = state.service_worker.get_or_init(|| {
        let template = std::fs::read_to_string(state.site_root.join("sw.js")).ok()?;
        let options = &state.leptos_options;
        let body = state.build_files.service_worker(&template, options);
        Some(axum::body::Bytes::from(body))
    });
    let Some(body) = made.clone() else {
        return (StatusCode::NOT_FOUND, "文件不存在").into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(WORKER_CSP),
            ),
        ],
        body,
    )
        .into_response()
}

async fn not_found_page(state: AppState, request: Request) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(page_context(&state), move || {
        shell(options.clone())
    });
    let mut response = render(request).await.into_response();
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}
