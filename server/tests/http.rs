//! The HTTP surface driven through the router, against a real SQLite database.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::TestDb;
use http_body_util::BodyExt;
use server::config::Config;
use server::import::Seed;
use server::router;
use server::state::{leptos_options, AppState};
use tower::ServiceExt;

async fn seeded() -> (TestDb, Router) {
    let db = TestDb::sqlite().await;
    db.store
        .import_seed(&Seed::embedded().unwrap())
        .await
        .unwrap();
    let app = app_for(&db);
    (db, app)
}

fn app_for(db: &TestDb) -> Router {
    let config = Config::from_lookup(|_| None).unwrap();
    let state = AppState::new(leptos_options(&config), Arc::new(db.store.clone()));
    router::app(state)
}

async fn get(app: &Router, uri: &str, cookie: Option<&str>) -> (StatusCode, String, String) {
    let mut request = Request::get(uri);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

#[tokio::test]
async fn the_home_page_shows_counts_from_the_database_in_chinese() {
    let (db, app) = seeded().await;
    let (status, content_type, html) = get(&app, "/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains(r#"<html lang="zh-CN""#), "{html}");
    assert!(
        html.contains("<title>乡村振兴信息公开门户</title>"),
        "{html}"
    );
    for expected in [
        "数据概览",
        "省级示范试点",
        r#"<data value="7">7</data>"#,
        r#"<data value="32">32</data>"#,
        r#"<data value="78">78</data>"#,
        "第六章 第四节 专栏14",
        "最新文件",
        "岳云委乡振组办发〔2024〕2号",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    db.finish().await;
}

#[tokio::test]
async fn the_home_page_loads_its_island_and_other_pages_load_no_webassembly() {
    let (db, app) = seeded().await;
    let (_, _, home) = get(&app, "/", None).await;
    assert!(
        home.contains("/pkg/portal.js"),
        "home page must load its island"
    );
    assert!(
        home.contains("<leptos-island"),
        "home page must contain the island"
    );
    for page in [
        "/pilots",
        "/industries",
        "/policies",
        "/ask",
        "/report",
        "/regions",
        "/data",
    ] {
        let (status, _, html) = get(&app, page, None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(html.contains("建设中"), "{page} says it is being built");
        assert!(
            !html.contains("portal.wasm") && !html.contains("/pkg/portal.js"),
            "{page} loads no WebAssembly"
        );
        let in_nav = !matches!(page, "/regions" | "/data");
        assert_eq!(
            html.contains(r#"aria-current="page""#),
            in_nav,
            "{page} marks its navigation entry"
        );
    }
    db.finish().await;
}

#[tokio::test]
async fn an_unknown_address_answers_404_with_a_page_in_chinese() {
    let (db, app) = seeded().await;
    let (status, content_type, html) = get(&app, "/no-such-page", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("页面不存在"));
    assert!(html.contains(r#"href="/""#));
    let (status, _, _) = get(&app, "/pkg/missing.wasm", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    db.finish().await;
}

#[tokio::test]
async fn healthz_follows_the_database() {
    let (db, app) = seeded().await;
    let (status, _, _) = get(&app, "/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
    db.store.close().await;
    let (status, _, _) = get(&app, "/healthz", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    db.finish().await;
}

#[tokio::test]
async fn a_database_failure_gives_a_plain_message_and_status_503() {
    let (db, app) = seeded().await;
    db.store.close().await;
    let (status, _, html) = get(&app, "/", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(html.contains("系统暂时忙不过来"), "{html}");
    assert!(
        !html.contains("PoolClosed") && !html.contains("pool"),
        "internal detail leaked"
    );
    db.finish().await;
}

async fn post_text_size(app: &Router, body: &str) -> (StatusCode, String, String) {
    let request = Request::post("/settings/text-size")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    (
        response.status(),
        header(header::LOCATION),
        header(header::SET_COOKIE),
    )
}

#[tokio::test]
async fn the_text_size_form_sets_a_cookie_and_returns_to_the_page() {
    let (db, app) = seeded().await;
    let (status, location, cookie) = post_text_size(&app, "size=large&back=%2Fpilots").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/pilots");
    assert!(cookie.starts_with("text_size=large;"), "{cookie}");
    let (_, location, cookie) =
        post_text_size(&app, "size=normal&back=https%3A%2F%2Fevil.example%2F").await;
    assert_eq!(location, "/", "never redirects off the site");
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
    db.finish().await;
}

#[tokio::test]
async fn large_text_is_rendered_from_the_cookie_on_every_page() {
    let (db, app) = seeded().await;
    let (_, _, html) = get(&app, "/pilots", Some("text_size=large")).await;
    assert!(
        html.contains(r#"<html lang="zh-CN" class="text-large""#),
        "{html}"
    );
    assert!(html.contains("标准字号"));
    let (_, _, html) = get(&app, "/pilots", None).await;
    assert!(!html.contains("text-large"));
    assert!(html.contains("大字"));
    db.finish().await;
}

#[tokio::test]
async fn responses_are_compressed_when_the_browser_accepts_it() {
    let (db, app) = seeded().await;
    let request = Request::get("/")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(
        response.headers().get(header::CONTENT_ENCODING).unwrap(),
        "br"
    );
    db.finish().await;
}
