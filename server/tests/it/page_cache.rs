//! The rendered-page cache: public pages are kept per content revision and served as they
//! were kept; a content change made anywhere (through this instance, another one, or the
//! database) is seen once the revision is read again; personal pages are never kept.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::both_backends;
use crate::common::{TestApp, TestDb};
use app::model::content::PilotUpdateForm;

/// A GET with the headers a browser sends: (status, Content-Security-Policy,
/// Content-Encoding, body as sent).
async fn fetch(app: &Router, uri: &str, accept: &str) -> (StatusCode, String, String, Vec<u8>) {
    let request = Request::get(uri)
        .header(header::ACCEPT_ENCODING, accept)
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let policy = header(header::CONTENT_SECURITY_POLICY);
    let encoding = header(header::CONTENT_ENCODING);
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, policy, encoding, body)
}

async fn note(db: &TestDb, body: &str) {
    let form = PilotUpdateForm {
        pilot_id: "qxn-p-01".into(),
        on_date: "2026-11-30".into(),
        body: body.into(),
        source: "县乡村振兴局工作简报".into(),
        ..PilotUpdateForm::default()
    };
    db.store
        .save_pilot_update(&form, "editor", 1_790_000_000)
        .await
        .unwrap()
        .unwrap();
}

both_backends!(public_pages_are_kept_whole_and_compressed_once, {
    let test = TestApp::builder().build().await;
    assert!(test.state.pages.is_empty());
    let (status, _, encoding, first) = fetch(&test.app, "/pilots", "gzip, br").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(encoding, "br");
    assert_eq!(test.state.pages.len(), 1);
    let (_, policy, _, second) = fetch(&test.app, "/pilots", "gzip, br").await;
    // The page's own policy: only the site's files run (its own WebAssembly compiled, no
    // text evaluated), nothing inline.
    assert_eq!(policy, app::PAGE_SECURITY_POLICY);
    assert!(!policy.contains("nonce"), "{policy}");
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval';")
            && !policy.contains("'unsafe-eval'")
            && !policy.contains("'unsafe-inline'")
            && policy.contains("frame-ancestors 'none'"),
        "{policy}"
    );
    let (_, _, _, raw) = fetch(&test.app, "/pilots", "identity").await;
    let raw = String::from_utf8(raw).unwrap();
    assert!(
        !raw.contains("nonce="),
        "a public page has no inline script"
    );
    assert!(raw.ends_with("</html>"));
    assert!(first == second, "the kept copy is sent as it is");
    let mut html = Vec::new();
    brotli::BrotliDecompress(&mut &first[..], &mut html).unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("示范"), "{html}");

    let (_, _, encoding, gzip) = fetch(&test.app, "/pilots", "gzip").await;
    assert_eq!(encoding, "gzip");
    let mut plain = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut plain)
        .unwrap();
    assert_eq!(plain, html);
    let (_, _, encoding, raw) = fetch(&test.app, "/pilots", "identity").await;
    assert_eq!(encoding, "");
    assert_eq!(String::from_utf8(raw).unwrap(), html);
    assert_eq!(test.state.pages.len(), 1, "one copy serves every encoding");
});

both_backends!(a_kept_page_leaves_with_every_header_the_rendered_one_had, {
    let test = TestApp::builder().build().await;
    let get = |id: Option<&'static str>| {
        let mut request = Request::get("/villages/522301001001")
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .header(header::HOST, "xczx.example.cn");
        if let Some(id) = id {
            request = request.header("x-request-id", id);
        }
        test.app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
    };
    let rendered = get(None).await.unwrap();
    assert_eq!(rendered.status(), StatusCode::OK);
    assert_eq!(test.state.pages.len(), 1);
    let kept = get(None).await.unwrap();
    // Kept pages are answered before the router and its layers: the headers must not
    // depend on which way a page went.
    let names = |response: &axum::response::Response| {
        let mut names: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|(name, _)| *name != header::DATE && name.as_str() != "x-request-id")
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_string()))
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&kept), names(&rendered));
    for name in [
        header::X_CONTENT_TYPE_OPTIONS,
        header::REFERRER_POLICY,
        header::X_FRAME_OPTIONS,
        header::CONTENT_SECURITY_POLICY,
        header::STRICT_TRANSPORT_SECURITY,
        header::CONTENT_ENCODING,
        header::VARY,
    ] {
        assert!(kept.headers().contains_key(&name), "{name} missing");
    }
    assert_eq!(
        kept.headers()[header::CONTENT_SECURITY_POLICY],
        app::PAGE_SECURITY_POLICY
    );
    // Each answer its own id; a proxy's id is sent back on a kept page too.
    let (a, b) = (
        rendered.headers()["x-request-id"].to_str().unwrap(),
        kept.headers()["x-request-id"].to_str().unwrap(),
    );
    assert!(a.len() == 16 && b.len() == 16 && a != b, "{a} {b}");
    let proxied = get(Some("5f2c9e0b7a114d3c")).await.unwrap();
    assert_eq!(proxied.headers()["x-request-id"], "5f2c9e0b7a114d3c");
    assert_eq!(test.state.pages.len(), 1);
});

both_backends!(a_kept_page_with_scripts_is_sent_as_it_was_kept, {
    let test = TestApp::builder().build().await;
    let (status, policy_a, _, body_a) = fetch(&test.app, "/ask", "identity").await;
    assert_eq!(status, StatusCode::OK);
    let (_, policy_b, _, body_b) = fetch(&test.app, "/ask", "identity").await;
    assert_eq!(test.state.pages.len(), 1);
    // Only the site's own files run: the page's plain scripts, no inline script.
    assert_eq!(policy_a, app::PAGE_SECURITY_POLICY);
    assert_eq!(policy_b, policy_a);
    let body = String::from_utf8(body_a.clone()).unwrap();
    assert!(body.contains(crate::common::WASM_TAG));
    assert!(!body.contains("<script>") && !body.contains("nonce"));
    assert!(body_a == body_b, "the kept copy is sent as it is");
});

both_backends!(query_strings_asked_for_once_push_no_kept_page_out, {
    let test = TestApp::builder().build().await;
    let _ = fetch(&test.app, "/pilots", "br").await;
    assert_eq!(test.state.pages.len(), 1);
    // A flood of addresses asked for once each: every one is rendered, none is kept.
    for n in 0..40 {
        let (status, _, _, _) = fetch(&test.app, &format!("/pilots?n={n}"), "gzip").await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(test.state.pages.len(), 1, "only the page without a query");
    // Asked for a second time, an address is kept.
    let (_, _, _, first) = fetch(&test.app, "/pilots?n=7", "identity").await;
    assert_eq!(test.state.pages.len(), 2);
    let (_, _, _, kept) = fetch(&test.app, "/pilots?n=7", "identity").await;
    assert!(first == kept);
    assert_eq!(test.state.pages.len(), 2);
});

both_backends!(a_change_anywhere_is_seen_once_the_revision_is_read_again, {
    // An interval of a minute: only a request that could write makes this instance read the
    // revision again before then.
    let test = TestApp::builder()
        .setting("PORTAL_PAGE_RECHECK_MS", "60000")
        .build()
        .await;
    let (_, _, _, before) = fetch(&test.app, "/pilots/qxn-p-01", "identity").await;
    assert!(!String::from_utf8_lossy(&before).contains("第一批合作社分红到户"));

    // Written by another instance (straight into the database): not seen within the interval.
    note(&test.db, "第一批合作社分红到户").await;
    let (_, _, _, kept) = fetch(&test.app, "/pilots/qxn-p-01", "identity").await;
    assert_eq!(
        kept, before,
        "served from the cache until the revision is read again"
    );

    // Any request that could write on this instance makes the next page read it.
    let request = Request::post("/settings/text-size")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("size=normal&back=%2F"))
        .unwrap();
    let status = test.app.clone().oneshot(request).await.unwrap().status();
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, _, after) = fetch(&test.app, "/pilots/qxn-p-01", "identity").await;
    assert!(String::from_utf8_lossy(&after).contains("第一批合作社分红到户"));
});

both_backends!(with_no_interval_every_request_sees_the_latest_content, {
    let test = TestApp::builder()
        .setting("PORTAL_PAGE_RECHECK_MS", "0")
        .build()
        .await;
    let revision = test.db.store.site_revision().await.unwrap();
    let _ = fetch(&test.app, "/pilots/qxn-p-01", "identity").await;
    note(&test.db, "村集体经济收入公示").await;
    assert!(
        test.db.store.site_revision().await.unwrap() > revision,
        "the trigger counted"
    );
    let (_, _, _, after) = fetch(&test.app, "/pilots/qxn-p-01", "identity").await;
    assert!(String::from_utf8_lossy(&after).contains("村集体经济收入公示"));
});

both_backends!(a_head_request_never_leaves_an_empty_page_behind, {
    let test = TestApp::builder().build().await;
    let head = Request::head("/pilots").body(Body::empty()).unwrap();
    let response = test.app.clone().oneshot(head).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(test.state.pages.is_empty(), "a HEAD (no body) is not kept");
    let (status, _, _, body) = fetch(&test.app, "/pilots", "identity").await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8(body).unwrap().contains("示范"));
    // A HEAD for a kept page is answered from it, still without a body.
    let head = Request::head("/pilots").body(Body::empty()).unwrap();
    let response = test.app.clone().oneshot(head).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(test.state.pages.len(), 1);
});

both_backends!(personal_and_missing_pages_are_never_kept, {
    let test = TestApp::builder().build().await;
    for uri in [
        "/report",
        "/report/help",
        "/staff/login",
        "/no-such-page",
        "/pilots/none",
    ] {
        let _ = fetch(&test.app, uri, "gzip").await;
    }
    assert!(
        test.state.pages.is_empty(),
        "{} kept",
        test.state.pages.len()
    );
    // The text size is part of the key: the large-text page is its own copy.
    let _ = fetch(&test.app, "/", "gzip").await;
    let request = Request::get("/")
        .header(header::COOKIE, "text_size=large")
        .body(Body::empty())
        .unwrap();
    let response = test.app.clone().oneshot(request).await.unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("class=\"text-large\""));
    assert_eq!(test.state.pages.len(), 2);
});

both_backends!(
    the_sitemap_and_the_feed_are_kept_until_the_content_changes,
    {
        let test = TestApp::builder()
            .setting("PORTAL_PAGE_RECHECK_MS", "0")
            .build()
            .await;
        let (status, _, encoding, sitemap) = fetch(&test.app, "/sitemap.xml", "br").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(encoding, "br");
        let (_, _, _, feed) = fetch(&test.app, "/feed.xml", "identity").await;
        assert_eq!(test.state.pages.len(), 2, "both kept");
        let (_, _, _, again) = fetch(&test.app, "/sitemap.xml", "br").await;
        assert!(again == sitemap, "the kept copy is sent as it is");
        let response = test
            .app
            .clone()
            .oneshot(Request::get("/feed.xml").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert!(response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml"));
        // A progress note dates its pilot's page in the sitemap and is an entry of the feed,
        // at once.
        note(&test.db, "村集体经济收入公示").await;
        let (_, _, _, changed) = fetch(&test.app, "/feed.xml", "identity").await;
        assert!(changed != feed);
        assert!(String::from_utf8_lossy(&changed).contains("村集体经济收入公示"));
        assert!(!String::from_utf8_lossy(&feed).contains("村集体经济收入公示"));
        let (_, _, _, sitemap) = fetch(&test.app, "/sitemap.xml", "identity").await;
        let sitemap = String::from_utf8(sitemap).unwrap();
        let pilot = sitemap
            .lines()
            .find(|l| l.contains("/pilots/qxn-p-01<"))
            .unwrap();
        assert!(pilot.contains("<lastmod>"), "{pilot}");
    }
);
