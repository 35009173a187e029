//! The HTTP surface driven through the router, against a real SQLite database.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::both_backends;
use crate::common::{TestApp, TestDb, BASE_URL, WASM_TAG};

/// The seeded portal on the running test's database.
pub(crate) async fn seeded() -> (TestDb, Router) {
    let t = TestApp::builder().build().await;
    (t.db, t.app)
}

/// The router over `db` with the test's public address and hotline, plus `extra` settings.
async fn app_with(db: TestDb, extra: &[(&str, &str)]) -> (TestDb, Router) {
    let mut builder = TestApp::builder().db(db);
    for (name, value) in extra {
        builder = builder.setting(name, value);
    }
    let t = builder.build().await;
    (t.db, t.app)
}

pub(crate) async fn get(
    app: &Router,
    uri: &str,
    cookie: Option<&str>,
) -> (StatusCode, String, String) {
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

both_backends!(the_home_page_shows_counts_from_the_database_in_chinese, {
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
        r#"<data value="147">147</data>"#,
        "第六章 第四节 专栏14",
        "最新文件",
        "岳云委乡振组办发〔2024〕2号",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    db.finish().await;
});

both_backends!(
    no_page_loads_webassembly_and_each_loads_only_its_own_plain_scripts,
    {
        let (db, app) = seeded().await;
        let scripts = |html: &str| -> Vec<String> {
            html.match_indices("<script src=\"")
                .map(|(at, found)| {
                    let rest = &html[at + found.len()..];
                    rest[..rest.find('"').unwrap()].to_string()
                })
                .collect()
        };
        for (page, expected) in [
            ("/ask", vec!["/site.js", "/wasm.js", "/read-aloud.js"]),
            ("/industries/mushrooms", vec!["/site.js", "/wasm.js"]),
            (
                "/report",
                vec![
                    "/site.js",
                    "/wasm.js",
                    "/draft.js",
                    "/offline.js",
                    "/read-aloud.js",
                ],
            ),
            ("/report/help", vec!["/site.js", "/read-aloud.js"]),
        ] {
            let (status, _, html) = get(&app, page, None).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert_eq!(scripts(&html), expected, "{page}");
            // The form and the Q&A lookup load the forms module, an industry the chart's,
            // each through the loader.
            let forms = app::page_wasm(page) == Some(app::WasmModule::Forms);
            assert_eq!(html.contains(WASM_TAG), forms, "{page}");
            assert_eq!(
                html.contains(r#"data-glue="/pkg/chart.js" data-wasm="/pkg/chart.wasm""#),
                app::page_wasm(page) == Some(app::WasmModule::Chart),
                "{page}"
            );
            assert_eq!(html.contains(".wasm"), app::page_uses_wasm(page), "{page}");
            assert!(!html.contains("<script>") && !html.contains("<script nonce"));
        }
        let (_, _, ask) = get(&app, "/ask", None).await;
        assert!(
            ask.contains(r#"data-enhance="live" data-live="/ask/results" data-into="ask-results""#),
            "the Q&A box names where its results come from and go"
        );
        for page in [
            "/",
            "/pilots",
            "/pilots/qxn-p-01",
            "/pilots/qxn-p-01/poster",
            "/regions",
            "/policies/policy-002",
            "/industries",
            "/policies",
            "/data",
        ] {
            let (status, _, html) = get(&app, page, None).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert!(!html.contains("建设中"), "{page} is built");
            assert!(
                !html.contains("portal.wasm") && !html.contains("/pkg/portal.js"),
                "{page} loads no WebAssembly"
            );
            // Documents' plain summaries can be read aloud; nothing else of these pages
            // needs a script of its own.
            let expected: &[&str] = if page.starts_with("/policies") {
                &["/site.js", "/read-aloud.js"]
            } else {
                &["/site.js"]
            };
            assert_eq!(
                scripts(&html),
                expected,
                "{page} makes its text-size switch instant with the plain script"
            );
            assert!(!html.contains("<leptos-island"), "{page} has no island");
            let in_nav = !matches!(page, "/regions" | "/data");
            assert_eq!(
                between(&html, r#"class="main-nav""#, "</nav>").contains(r#"aria-current="page""#),
                in_nav,
                "{page} marks its navigation entry"
            );
        }
        db.finish().await;
    }
);

both_backends!(an_unknown_address_answers_404_with_a_page_in_chinese, {
    let (db, app) = seeded().await;
    let (status, content_type, html) = get(&app, "/no-such-page", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("页面不存在"));
    assert!(html.contains(r#"href="/""#));
    let (status, _, _) = get(&app, "/pkg/missing.wasm", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    db.finish().await;
});

both_backends!(
    the_report_form_works_offline_and_reads_aloud_while_read_only_pages_stay_plain,
    {
        // The files of `public/` as the build copies them into the site.
        let public = concat!(env!("CARGO_MANIFEST_DIR"), "/../public");
        let (db, app) = app_with(TestDb::current().await, &[("LEPTOS_SITE_ROOT", public)]).await;
        let (_, _, form) = get(&app, "/report?village=qxn-p-01", None).await;
        assert!(form.contains(r#"<link rel="manifest" href="/manifest.webmanifest""#));
        assert!(form.contains(r#"<script src="/offline.js" defer"#));
        assert!(form.contains(r#"<script src="/read-aloud.js" defer"#));
        assert!(form.contains("data-read-aloud"));
        assert!(
            form.contains("7 天内没能提交也会删除"),
            "the notice says what stays on the phone"
        );
        let (_, _, help) = get(&app, "/report/help", None).await;
        assert!(help.contains("/read-aloud.js") && !help.contains("/offline.js"));
        assert!(
            !help.contains("/pkg/portal.js"),
            "the help page stays without WebAssembly"
        );
        // Its data is the page, not also inline JSON for a browser that hydrates nothing
        // (and is not kept by the page cache, which would strip such scripts).
        assert!(
            help.contains("哪些情况可以申报") && !help.contains("__RESOLVED_RESOURCES["),
            "{help}"
        );
        for page in ["/", "/pilots", "/regions", "/data", "/industries"] {
            let (_, _, html) = get(&app, page, None).await;
            assert!(
                !html.contains("/offline.js") && !html.contains("manifest.webmanifest"),
                "{page} registers no worker"
            );
            assert!(
                !html.contains("/read-aloud.js"),
                "{page} has nothing to read aloud"
            );
        }
        let (_, _, policies) = get(&app, "/policies", None).await;
        assert!(policies.contains("/read-aloud.js") && !policies.contains("/pkg/portal.js"));

        for (path, kind) in [
            ("/sw.js", "javascript"),
            ("/offline.js", "javascript"),
            ("/read-aloud.js", "javascript"),
            ("/manifest.webmanifest", "application/manifest+json"),
            ("/icons/icon-192.png", "image/png"),
            ("/icons/icon.svg", "image/svg+xml"),
        ] {
            let response = app
                .clone()
                .oneshot(Request::get(path).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let headers = response.headers();
            assert!(
                headers[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .contains(kind),
                "{path}: {:?}",
                headers[header::CONTENT_TYPE]
            );
            let cache = headers[header::CACHE_CONTROL].to_str().unwrap();
            if path == "/sw.js" {
                assert_eq!(cache, "no-cache", "a new worker reaches phones at once");
                let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
                assert!(csp.contains("connect-src 'self'"), "{csp}");
            } else {
                assert!(cache.starts_with("public"), "{path}: {cache}");
            }
        }
        let (status, _, _) = get(&app, "/icons/../Cargo.toml", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = get(&app, "/unavailable.html", None).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "only the listed files are served"
        );
        db.finish().await;
    }
);

both_backends!(healthz_follows_the_database, {
    let (db, app) = seeded().await;
    let (status, _, _) = get(&app, "/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
    db.store.close().await;
    let (status, _, _) = get(&app, "/healthz", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    db.finish().await;
});

both_backends!(a_database_failure_gives_a_plain_message_and_status_503, {
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
});

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

both_backends!(the_text_size_form_sets_a_cookie_and_returns_to_the_page, {
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
});

both_backends!(large_text_is_rendered_from_the_cookie_on_every_page, {
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
});

both_backends!(responses_are_compressed_when_the_browser_accepts_it, {
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
});

pub(crate) fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in {text}"));
    let rest = &text[from..];
    let to = rest
        .find(end)
        .unwrap_or_else(|| panic!("{end} not after {start}"));
    &rest[..to + end.len()]
}

both_backends!(
    the_catalogue_filters_by_query_string_and_keeps_the_form_filled,
    {
        let (db, app) = seeded().await;
        let (status, content_type, html) = get(&app, "/pilots", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.starts_with("text/html"));
        assert!(html.contains("共 44 个"), "{html}");
        assert!(html.contains("第 1 / 3 页"));
        assert!(html.contains(r#"method="get" action="/pilots""#), "{html}");
        assert!(
            html.contains("省级（7）")
                && html.contains("州级（32）")
                && html.contains("文件未定级（5）")
        );
        assert!(html.contains(r#"href="/api/v1/pilots.csv""#));

        let (status, _, html) = get(
            &app,
            "/pilots?county=%E5%85%B4%E4%BB%81%E5%B8%82&level=%E7%9C%81%E7%BA%A7",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("符合条件的共 1 个"), "{html}");
        assert!(html.contains(r#"href="/pilots/qxn-p-01""#));
        assert!(
            !html.contains(r#"href="/pilots/qxn-p-15""#),
            "州级 兴仁市 pilot filtered out"
        );
        assert!(
            html.contains(r#"<option value="兴仁市" selected"#),
            "{html}"
        );
        assert!(html.contains(r#"<option value="省级" selected"#));
        assert!(html.contains("取消筛选：兴仁市"));
        // The download links carry exactly the same filters.
        assert!(html.contains(
        r#"href="/api/v1/pilots.csv?level=%E7%9C%81%E7%BA%A7&amp;county=%E5%85%B4%E4%BB%81%E5%B8%82""#
    ), "{html}");

        let (_, _, html) = get(&app, "/pilots?q=%3Cscript%3E&page=abc", None).await;
        assert!(html.contains("没有找到符合条件的示范村"));
        assert!(!html.contains("<script>"), "typed text is escaped");
        db.finish().await;
    }
);

both_backends!(
    a_village_page_names_the_village_quotes_the_document_and_links_the_section,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/pilots/qxn-p-01", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains(
                "<title>老里旗村·麻窝寨(含麻窝寨一、二、三组) · 乡村振兴信息公开门户</title>"
            ),
            "{html}"
        );
        assert!(html.contains(
        r#"<meta property="og:title" content="老里旗村·麻窝寨(含麻窝寨一、二、三组) · 示范试点村""#
    ));
        assert!(html.contains(&format!(
            r#"<meta property="og:url" content="{BASE_URL}/pilots/qxn-p-01""#
        )));
        for part in ["黔西南州", "兴仁市", "大山镇", "老里旗村"] {
            assert!(
                html.contains(&format!("<dd>{part}</dd>"))
                    || html.contains(&format!(">{part}</a></dd>")),
                "{part}"
            );
        }
        assert!(
            html.contains("<mark>兴仁市大山镇老里旗村麻窝寨"),
            "the passage marks the name"
        );
        assert!(html.contains(r#"href="/policies/policy-002/52#s-52""#));
        assert!(
            html.contains(r#"href="/industries/tea""#),
            "茶叶 is planned in 兴仁"
        );
        assert!(html.contains(r#"href="/pilots/qxn-p-01/poster""#));
        assert!(html.contains(&format!("{BASE_URL}/report?village=522302109207")));
        assert!(
            html.contains(r#"href="/villages/522302109207""#),
            "the village code"
        );
        assert!(html.contains("<svg"), "the QR code is inline");
        assert!(html.contains("0859-3110000"), "the configured hotline");

        let (status, _, html) = get(&app, "/pilots/qxn-p-999", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("没有找到这个示范村"));
        db.finish().await;
    }
);

/// Renders the poster's QR SVG to pixels and decodes it, as a phone camera would.
fn decode_qr(svg: &str) -> String {
    let tree =
        resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).expect("svg parses");
    let size = tree.size().to_int_size();
    let scale = 2.0;
    let (width, height) = (size.width() * 2, size.height() * 2);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).expect("pixmap");
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap.data().to_vec();
    let width = width as usize;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height as usize, |x, y| {
        pixels[(y * width + x) * 4]
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}

both_backends!(
    the_poster_qr_code_decodes_to_the_village_report_address_and_nothing_else,
    {
        let (db, app) = seeded().await;
        // A catalogue village by its code; a township and a 特色小镇, which have none, by
        // their id (the form then offers the picker); any village by its code.
        for (path, target) in [
            ("/pilots/qxn-p-01/poster", "522302109207"),
            ("/pilots/yx-p-04/poster", "yx-p-04"),
            ("/pilots/wz-p-01/poster", "wz-p-01"),
            ("/villages/522301001001/poster", "522301001001"),
        ] {
            let (status, _, html) = get(&app, path, None).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let qr = between(&html, r#"class="poster-qr""#, "</svg>");
            let svg = &qr[qr.find("<svg").unwrap()..];
            assert_eq!(
                decode_qr(svg),
                format!("{BASE_URL}/report?village={target}")
            );
            assert!(html.contains("扫码") && html.contains("填写") && html.contains("记下回执号"));
            assert!(html.contains("0859-3110000"));
        }
        let (status, _, _) = get(&app, "/pilots/nope/poster", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        db.finish().await;
    }
);

both_backends!(
    the_regions_page_draws_each_classification_beside_its_table_and_source,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/regions", None).await;
        assert_eq!(status, StatusCode::OK);
        for id in [
            "shuicheng-classes",
            "shuicheng-types",
            "qianxinan-counties",
            "qianxinan-villages",
            "bishan",
        ] {
            assert!(html.contains(&format!(r#"id="{id}""#)), "{id}");
        }
        assert_eq!(
            html.matches("<svg").count(),
            4,
            "four charts; the village classes have no numbers"
        );
        assert!(html.contains("乡村振兴引领示范村 45个行政村，乡村振兴重点推进村 72个行政村，乡村振兴夯实基础村 53个行政村。"));
        assert!(html.contains("区文体广播旅游局"));
        assert!(html.contains("国家乡村振兴重点帮扶县"));
        assert!(html.contains("单位：个行政村"));
        assert!(html.matches("来源：").count() >= 5);
        db.finish().await;
    }
);

both_backends!(the_pilot_api_answers_json_for_exactly_the_page_filter, {
    let (db, app) = seeded().await;
    let (status, content_type, body) = get(
        &app,
        "/api/v1/pilots?county=%E5%85%B4%E4%BB%81%E5%B8%82&page=2",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/json");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["count"], 5);
    assert_eq!(json["filter"]["county"], "兴仁市");
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|p| p["county"] == "兴仁市"));
    assert_eq!(items[0]["source"]["document_id"], "policy-002");
    assert_eq!(items[0]["url"], format!("{BASE_URL}/pilots/qxn-p-01"));

    let (_, _, body) = get(&app, "/api/v1/pilots?q=%25", None).await;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["count"], 0);
    db.finish().await;
});

both_backends!(
    the_pilot_csv_has_a_bom_chinese_headings_and_the_filtered_rows,
    {
        let (db, app) = seeded().await;
        let response = app
            .clone()
            .oneshot(
                Request::get("/api/v1/pilots.csv?level=%E7%9C%81%E7%BA%A7")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/csv; charset=utf-8"
        );
        assert!(response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("pilots.csv"));
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "编号");
        assert!(headers.iter().any(|h| h == "来源章节"));
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 7);
        assert!(rows
            .iter()
            .all(|r| &r[2] == "省级" && r[14].contains("专栏14")));

        let (_, _, all) = get(&app, "/api/v1/pilots.csv", None).await;
        assert_eq!(
            csv::Reader::from_reader(all.trim_start_matches('\u{feff}').as_bytes())
                .records()
                .count(),
            44
        );
        db.finish().await;
    }
);

/// A POST of a urlencoded body with an optional cookie: status, headers, body.
pub(crate) async fn post(
    app: &Router,
    uri: &str,
    body: &str,
    cookie: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "xczx.example.cn");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

/// The value of a hidden input in a page.
pub(crate) fn hidden(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}" value=""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[at..].split('"').next().unwrap().to_string()
}

/// Opens the form as a browser would: its tokens and the anti-forgery cookie.
pub(crate) async fn open_form(app: &Router) -> (String, String) {
    let response = app
        .clone()
        .oneshot(
            Request::get("/report?village=qxn-p-01")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let html = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    let token = hidden(&html, "token");
    let csrf = hidden(&html, "csrf");
    // Over https (the tests' public address) the __Host- prefix: no neighbour can plant it.
    assert_eq!(cookie, format!("__Host-portal_csrf={csrf}"));
    (format!("token={token}&csrf={csrf}"), cookie)
}

pub(crate) const NAME: &str = "%E7%8E%8B%E5%A4%A7%E5%B1%B1"; // 王大山
pub(crate) const ID: &str = "11010519491231002X";
pub(crate) const PHONE: &str = "13812345678";

pub(crate) fn report_body(tokens: &str) -> String {
    format!(
        "{tokens}&village=qxn-p-01&name={NAME}&id_number={ID}&phone={PHONE}&household_size=4\
         &risks=illness&risks=expense&description=%E8%80%81%E4%BA%BA%E4%BD%8F%E9%99%A2\
         &reporter=self&consent=yes&website="
    )
}

both_backends!(
    the_report_form_preselects_the_poster_village_and_carries_its_tokens,
    {
        let (db, app) = seeded().await;
        let response = app
            .clone()
            .oneshot(
                Request::get("/report?village=qxn-p-01")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        let csp = headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp == app::PAGE_SECURITY_POLICY && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let cookie = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        let html = String::from_utf8(
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap();
        assert!(
            html.contains("<strong>老里旗村</strong>"),
            "the village is shown by name"
        );
        assert!(html.contains(r#"<input type="hidden" name="village" value="522302109207""#));
        assert_eq!(hidden(&html, "token").len(), 32);
        assert!(html.contains(r#"inputmode="tel""#) && html.contains(r#"inputmode="numeric""#));
        assert!(
            html.contains(r#"<script src="/draft.js" defer></script>"#),
            "the draft keeper's script loads"
        );
        assert!(html.contains(r#"data-enhance="draft-keep""#));
        // Without a village the reader finds it or picks it county by county.
        let (_, _, html) = get(&app, "/report", None).await;
        assert!(html.contains("输入村名查找"), "{html}");
        assert!(
            html.contains(r#"formaction="/report/pick?at=522302""#),
            "{html}"
        );
        db.finish().await;
    }
);

/// The `Set-Cookie` of the receipt cookie in a response's headers.
fn receipt_cookie(headers: &axum::http::HeaderMap) -> String {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("portal_receipt="))
        .unwrap_or_default()
}

both_backends!(
    a_valid_report_gets_a_receipt_and_a_retry_gets_the_same_one,
    {
        let (db, app) = seeded().await;
        let (tokens, cookie) = open_form(&app).await;
        let (status, headers, _) =
            post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let location = headers[header::LOCATION].to_str().unwrap().to_string();
        assert!(location.starts_with("/report/done/"), "{location}");
        let code = location.trim_start_matches("/report/done/").to_string();
        assert!(
            app::model::report::normalise_receipt(&code).is_some(),
            "{code}"
        );

        // Double tap, flaky network, back and submit again: the same receipt, one case.
        let (_, again, _) = post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        assert_eq!(again[header::LOCATION].to_str().unwrap(), location);
        // The back button may render a fresh form (new token): same content, same receipt.
        let (fresh, cookie2) = open_form(&app).await;
        let (_, third, _) = post(&app, "/report", &report_body(&fresh), Some(&cookie2)).await;
        assert_eq!(third[header::LOCATION].to_str().unwrap(), location);
        assert_eq!(db.store.count_reports().await.unwrap(), 1);

        // The submitting browser sees its receipt (a signed, short-lived cookie) …
        let proof = receipt_cookie(&headers);
        assert!(
            proof.contains("Path=/report/done") && proof.contains("HttpOnly"),
            "{proof}"
        );
        let proof = proof.split(';').next().unwrap().to_string();
        let (status, _, html) = get(&app, &location, Some(&proof)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains(&app::model::report::format_receipt(&code)),
            "{html}"
        );
        assert!(html.contains("1101**********002X"));
        assert!(!html.contains(ID) && !html.contains(PHONE) && !html.contains("王大山"));
        assert!(html.contains("个工作日内"));
        assert!(html.contains(app::model::promise::TELLING_PROMISE));
        assert!(html.contains(app::model::promise::PRACTICE_SOURCE));
        // … anyone else gets the look-up form, for a real code and a made-up one alike.
        let (status, _, other) = get(&app, &location, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !other.contains("1101**********002X") && !other.contains("个工作日内"),
            "{other}"
        );
        assert!(other.contains(r#"action="/report/status""#));
        let (status, _, unknown) = get(&app, "/report/done/3467ACDE", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(unknown.contains(r#"action="/report/status""#));
        // Another receipt's proof does not open this one; a tampered proof opens nothing.
        let tampered = proof.replace(&code, "3467ACDE");
        let (_, _, html) = get(&app, "/report/done/3467ACDE", Some(&tampered)).await;
        assert!(!html.contains("个工作日内"));
        db.finish().await;
    }
);

both_backends!(
    mistakes_come_back_with_every_typed_value_and_a_message_beside_each_field,
    {
        let (db, app) = seeded().await;
        let (tokens, cookie) = open_form(&app).await;
        let body = report_body(&tokens)
            .replace(ID, "110105194912310021")
            .replace("&consent=yes", "")
            .replace("household_size=4", "household_size=abc");
        let (status, _, html) = post(&app, "/report", &body, Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("还有 3 处需要修改"), "{html}");
        assert!(html.contains(r##"href="#f-id_number""##));
        assert!(html.contains("校验码"));
        assert!(html.contains("家庭人口请填数字"));
        assert!(html.contains("勾选同意"));
        assert!(html.contains(r#"value="王大山""#), "typed values are kept");
        assert!(html.contains(r#"value="110105194912310021""#));
        assert!(html.contains(r#"value="abc""#));
        assert!(html.contains("老人住院"));
        assert!(html.contains(r#"aria-invalid="true""#));
        assert_eq!(
            db.store.count_reports().await.unwrap(),
            0,
            "nothing half-valid is stored"
        );
        db.finish().await;
    }
);

both_backends!(
    a_forged_or_cookieless_post_is_refused_and_shows_nothing_it_posted,
    {
        let (db, app) = seeded().await;
        let (tokens, cookie) = open_form(&app).await;
        let (status, headers, html) = post(&app, "/report", &report_body(&tokens), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(html.contains("这次提交没有被接受"), "{html}");
        assert!(!html.contains("王大山") && !html.contains(ID) && !html.contains(PHONE));
        assert!(!html.contains("老人住院"));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(
            headers.contains_key(header::SET_COOKIE),
            "a new cookie to try again with"
        );
        let forged = report_body(&tokens).replace("csrf=", "csrf=00");
        let (status, _, _) = post(&app, "/report", &forged, Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let request = Request::post("/report")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "xczx.example.cn")
            .header(header::ORIGIN, "https://evil.example")
            .header(header::COOKIE, &cookie)
            .body(Body::from(report_body(&tokens)))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let bot = report_body(&tokens).replace("website=", "website=http%3A%2F%2Fspam");
        let (status, _, _) = post(&app, "/report", &bot, Some(&cookie)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(db.store.count_reports().await.unwrap(), 0);
        db.finish().await;
    }
);

both_backends!(submissions_from_one_address_are_limited, {
    let (db, app) = app_with(
        TestDb::current().await,
        &[("PORTAL_SUBMITS_PER_MINUTE", "2")],
    )
    .await;
    let (tokens, cookie) = open_form(&app).await;
    let incomplete = format!("{tokens}&village=qxn-p-01");
    for _ in 0..2 {
        let (status, _, _) = post(&app, "/report", &incomplete, Some(&cookie)).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _, html) = post(&app, "/report", &incomplete, Some(&cookie)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("太频繁"));
    db.finish().await;
});

both_backends!(
    the_status_needs_the_receipt_and_the_phone_tail_and_says_nothing_else,
    {
        let (db, app) = seeded().await;
        let (tokens, cookie) = open_form(&app).await;
        let (_, headers, _) = post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        let code = headers[header::LOCATION]
            .to_str()
            .unwrap()
            .trim_start_matches("/report/done/")
            .to_string();
        let pretty = app::model::report::format_receipt(&code).to_lowercase();
        let (status, _, html) = post(
            &app,
            "/report/status",
            &format!("receipt={pretty}&phone_tail=5678"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("现在：") && html.contains("已提交"), "{html}");
        assert!(!html.contains(PHONE) && !html.contains(ID) && !html.contains("王大山"));
        let (_, _, wrong_tail) = post(
            &app,
            "/report/status",
            &format!("receipt={code}&phone_tail=0000"),
            None,
        )
        .await;
        let (_, _, unknown) = post(
            &app,
            "/report/status",
            "receipt=3467ACDE&phone_tail=5678",
            None,
        )
        .await;
        let generic = "没有查到：回执号或手机号后四位不对";
        assert!(wrong_tail.contains(generic) && unknown.contains(generic));
        assert!(!wrong_tail.contains("已提交"));
        db.finish().await;
    }
);

both_backends!(
    the_database_file_and_the_logs_hold_no_plaintext_id_number_or_phone,
    {
        use std::sync::{Arc, Mutex};
        #[derive(Clone, Default)]
        struct Captured(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Captured {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let (db, app) = seeded().await;
        let (tokens, cookie) = open_form(&app).await;
        let (status, _, _) = post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let mistaken = report_body(&tokens).replace("&consent=yes", "");
        post(&app, "/report", &mistaken, Some(&cookie)).await;
        let text = stored_text(&db).await;
        for secret in [ID, "11010519491231002", PHONE, "王大山"] {
            assert!(!text.contains(secret), "{secret} in the database file");
        }
        let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).to_string();
        assert!(
            logged.contains("report stored"),
            "the log was captured: {logged}"
        );
        for secret in [ID, PHONE, "王大山", NAME] {
            assert!(!logged.contains(secret), "{secret} in the logs");
        }
        db.finish().await;
    }
);

/// Everything the database holds of the reports, their history and the audit trail: the
/// SQLite file itself (with its write-ahead log), or every row as PostgreSQL prints it.
async fn stored_text(db: &TestDb) -> String {
    use sqlx::{Connection, Row};
    match db.backend {
        crate::common::Backend::Sqlite => {
            db.store.close().await;
            let path = db.url.trim_start_matches("sqlite://").to_string();
            let mut bytes = std::fs::read(&path).unwrap();
            if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
                bytes.extend(wal);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        crate::common::Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            let mut text = String::new();
            for table in ["reports", "report_events", "audit_events", "login_failures"] {
                let sql = format!(
                    "SELECT COALESCE(string_agg(t::text, ' '), '') AS all_rows FROM {table} t"
                );
                let row = sqlx::query(&sql).fetch_one(&mut conn).await.unwrap();
                text.push_str(&row.get::<String, _>("all_rows"));
            }
            conn.close().await.ok();
            db.store.close().await;
            text
        }
    }
}

both_backends!(
    a_database_failure_during_submit_keeps_the_form_and_says_to_try_again,
    {
        let (db, app) = seeded().await;
        let (tokens, cookie) = open_form(&app).await;
        db.store.close().await;
        let (status, _, html) = post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(html.contains("申报还没有保存"), "{html}");
        assert!(html.contains(r#"value="王大山""#), "typed values are kept");
        assert!(html.contains(&format!(r#"value="{ID}""#)));
        db.finish().await;
    }
);

/// The `data-id`s of the results on an `/ask` page, in order.
fn result_ids(html: &str) -> Vec<String> {
    html.split("data-id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

both_backends!(
    the_ask_page_answers_a_plain_get_with_answers_first_and_sources,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(
            &app,
            "/ask?q=%E7%9C%8B%E7%97%85%E8%83%BD%E6%8A%A5%E5%A4%9A%E5%B0%91",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        // The form keeps what was asked, and the script that answers while typing is loaded.
        assert!(
            html.contains(r#"value="看病能报多少""#),
            "the query stays in the box"
        );
        assert!(html.contains(WASM_TAG));
        assert!(html.contains("<title>“看病能报多少”的政策问答"));
        let ids = result_ids(&html);
        assert!(ids.len() >= 3, "{ids:?}");
        assert!(
            ids[0].starts_with("qa-"),
            "a curated answer comes first: {ids:?}"
        );
        let first_section = ids.iter().position(|id| !id.starts_with("qa-"));
        let last_answer = ids.iter().rposition(|id| id.starts_with("qa-"));
        assert!(
            first_section.is_none() || first_section > last_answer,
            "{ids:?}"
        );
        // Everyday words are searched as policy terms too, and the matches are marked.
        assert!(html.contains("也按政策用语查找了"));
        assert!(html.contains("<mark>"));
        // Each answer quotes the document and links to the exact section.
        assert!(html.contains("看原文这一节"));
        assert!(html.contains("href=\"/policies/policy-"));
        assert!(html.contains("#s-"));
        db.finish().await;
    }
);

both_backends!(
    a_question_the_documents_do_not_answer_says_so_and_offers_the_hotline_and_the_form,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(
            &app,
            "/ask?q=%E9%A9%BE%E7%85%A7%E6%80%8E%E4%B9%88%E8%80%83",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("没有找到与“驾照怎么考”相关的政策内容"),
            "{html}"
        );
        assert!(html.contains(r#"href="tel:0859-3110000""#));
        assert!(html.contains(r#"href="/report""#));
        assert!(result_ids(&html).is_empty());
        db.finish().await;
    }
);

both_backends!(
    the_ask_page_without_a_query_offers_examples_and_escapes_what_is_typed,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/ask", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("大家常问"));
        assert!(html.contains("href=\"/ask?q=危房改造\""));
        let (status, _, html) = get(
            &app,
            "/ask?q=%3C/title%3E%3Cscript%3Ealert(1)%3C/script%3E",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        // What was typed reaches the title, the box and the heading, never as markup.
        assert!(!html.contains("<script>alert(1)"));
        assert!(!html.contains("</title><script>"));
        assert!(html.contains("＜/title＞＜script＞alert(1)"));
        // A query far longer than anyone types is cut, not refused.
        let long = "%E8%B4%B7".repeat(400);
        let (status, _, html) = get(&app, &format!("/ask?q={long}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&format!("value=\"{}\"", "贷".repeat(60))));
        db.finish().await;
    }
);

both_backends!(the_search_api_gives_kind_id_title_snippet_source_and_url, {
    let (db, app) = seeded().await;
    let (status, content_type, body) = get(&app, "/api/v1/search?q=%E8%B4%B7%E6%AC%BE", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/json");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["query"], "贷款");
    let results = json["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let first = &results[0];
    assert_eq!(first["kind"], "qa");
    assert!(first["id"].as_str().unwrap().starts_with("qa-"));
    for key in ["title", "snippet", "source", "url"] {
        assert!(!first[key].as_str().unwrap().is_empty(), "{key}");
    }
    assert!(first["url"]
        .as_str()
        .unwrap()
        .starts_with("/policies/policy-"));
    let text = format!("{}{}", first["title"], first["snippet"]);
    assert!(text.contains("贷"), "{text}");
    let kinds: Vec<&str> = results
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.iter().all(|k| *k == "qa" || *k == "section"));
    let (status, _, body) = get(&app, "/api/v1/search?q=", None).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["results"].as_array().unwrap().len(), 0);
    db.finish().await;
});

both_backends!(
    the_industries_show_what_the_documents_give_and_say_what_they_do_not,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/industries", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(html.matches(r#"class="industry""#).count(), 10);
        for slug in ["tea", "vegetables", "mushrooms", "camellia", "tobacco"] {
            assert!(
                html.contains(&format!(r#"href="/industries/{slug}""#)),
                "{slug}"
            );
        }
        // No figure is the 精品果业's: said plainly. Progress only where the documents give a
        // start and a target of one measure: 林下经济 (2020 → 2025, the editors' pairing),
        // for the three industries it holds, labelled as a total and as a judgement.
        assert!(html.contains("资料未提供（五份文件中没有涉及该产业的数字）"));
        assert!(html.contains("进度：资料未提供"));
        assert_eq!(html.matches("<meter").count(), 3);
        assert_eq!(
            html.matches("包含本产业的合计（如林下经济），不是本产业单独的数字。")
                .count(),
            3
        );
        assert!(html.contains("林下经济利用面积（黔西南州）：2020年基数 146.98 万亩（文件中写作“林下经济利用林地面积”），2025年目标 260 万亩，基数为目标的 57%。"));
        assert!(html.contains("编者判断为同一指标：林下经济利用面积 / 林下经济利用林地面积"));
        // 油茶's figure is 岳阳市云溪区's, not 黔西南州's: the card says so.
        assert!(html.contains("外地参考：岳阳市云溪区"));

        let (status, _, html) = get(&app, "/industries/camellia", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<h1>油茶</h1>"));
        assert!(html.contains("本产业的数字"));
        assert!(html.contains("新造油茶") && html.contains("2000 亩"));
        assert!(html.contains("外地参考：岳阳市云溪区"));
        assert!(html.contains(r#"href="/data?industry=camellia""#));

        // 食用菌's figures are totals it is part of (林下经济), labelled so.
        let (_, _, html) = get(&app, "/industries/mushrooms", None).await;
        assert!(html.contains("包含本产业的合计数"));
        // Its chart draws 林下经济 as one line: 2020 and 2025.
        assert!(
            html.contains("林下经济利用面积（含林下经济利用林地面积）"),
            "{html}"
        );
        assert!(!html.contains("本产业的数字</h3>"));

        let (status, _, html) = get(&app, "/industries/durian", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("没有这个产业"));
        db.finish().await;
    }
);

both_backends!(
    an_industry_chart_follows_its_query_string_and_downloads_as_drawn,
    {
        let (db, app) = seeded().await;
        // Without a choice: the first measure, its chart, summary, table and downloads.
        let (status, _, html) = get(&app, "/industries/mushrooms", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"<figure class="chart" data-status="#));
        assert!(html.contains("<svg"));
        assert!(html.contains("<table>"));
        assert!(html.contains(r#"href="/api/v1/indicators.csv?industry=mushrooms""#));
        // The state in the address is the chart drawn, with JavaScript off too.
        let (_, _, html) = get(&app, "/industries/mushrooms?metric=ind-072", None).await;
        assert!(
            html.contains(r#"<option value="ind-072" selected"#),
            "the measure stays chosen"
        );
        assert!(html
            .contains("林下经济产值（黔西南州）：2020年基数 29.83 亿元（文件只给出这一个数字）。"));
        assert!(html.contains(r#"href="/industries/mushrooms/chart.svg?metric=ind-072""#));
        let (_, _, html) = get(&app, "/industries/mushrooms?metric=ind-072&from=2021", None).await;
        assert!(
            html.contains("所选年份和类型中没有数字"),
            "2020 is outside the years asked for"
        );
        assert!(html.contains(r#"value="2021""#));
        // Each point drawn is a link to its row of the table, with its value, year, kind and
        // source in words.
        let (_, _, html) = get(&app, "/industries/mushrooms?metric=ind-072", None).await;
        assert!(html.contains(
            r##"<a class="chart-point" href="#pt-ind-072" data-tip="2020年 基数 29.83 亿元，出处：《黔西南州"##
        ));
        assert!(html.contains(r#"class="chart-point""#));
        assert!(html.contains(r#"<tr id="pt-ind-072">"#));
        // Only the kinds ticked are shown: the plain form sends an empty `show` and one per
        // box ticked.
        let (_, _, html) = get(
            &app,
            "/industries/mushrooms?metric=ind-072&show=&show=target",
            None,
        )
        .await;
        assert!(html.contains("所选年份和类型中没有数字"));
        assert!(!html.contains(r#"<tr id="pt-ind-072">"#));
        assert!(!html.contains(r##"href="#pt-ind-072""##));
        assert!(html
            .contains(r#"id="c-show-target" type="checkbox" name="show" value="target" checked"#));
        assert!(
            html.contains(r#"id="c-show-baseline" type="checkbox" name="show" value="baseline">"#)
        );
        assert!(html
            .contains(r#"href="/industries/mushrooms/chart.svg?metric=ind-072&amp;show=target""#));

        let (status, content_type, svg) =
            get(&app, "/industries/mushrooms/chart.svg?metric=ind-072", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type, "image/svg+xml; charset=utf-8");
        assert!(svg.starts_with("<svg") && svg.contains("29.83 亿元"));
        // The file is the chart the page shows.
        let (_, _, html) = get(&app, "/industries/mushrooms?metric=ind-072", None).await;
        assert!(html.contains(&svg[..200]));
        let (status, _, _) = get(&app, "/industries/durian/chart.svg", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        db.finish().await;
    }
);

both_backends!(the_measures_json_redraws_the_chart_the_page_shows, {
    let (db, app) = seeded().await;
    let (status, content_type, json) = get(&app, "/industries/mushrooms/chart.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/json");
    let metrics: Vec<series::Metric> = serde_json::from_str(&json).unwrap();
    assert!(metrics.len() > 1, "食用菌 has several measures");
    assert!(metrics.iter().any(|m| m.key == "ind-072"));
    // What the browser draws from the JSON for a state is what the page holds for it.
    for query in [
        "metric=ind-072&from=2015&show=baseline,actual",
        "",
        "metric=ind-072&show=target",
        "metric=nothing&to=2020",
    ] {
        let state = series::ChartState::from_query_string(query);
        let (metric, state) = series::choose(&metrics, state).unwrap();
        let body = series::body::chart_body_html("mushrooms", metric, &state);
        let (_, _, page) = get(&app, &format!("/industries/mushrooms?{query}"), None).await;
        assert!(
            page.contains(&format!(
                "<div id=\"chart-body\" class=\"chart-body\">{body}</div>"
            )),
            "{query}: the page holds another chart than the one drawn from the JSON"
        );
    }
    let (status, _, _) = get(&app, "/industries/durian/chart.json", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    db.finish().await;
});

both_backends!(the_offline_answers_are_sent_whole_small_and_once, {
    let (db, app) = seeded().await;
    let response = app
        .clone()
        .oneshot(
            Request::get("/ask/offline.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let offline: answers::book::Offline = serde_json::from_slice(&body).unwrap();
    assert_eq!(etag, format!("\"{}\"", offline.revision));
    assert_eq!(offline.answers.len(), 147);
    // The budget is for what travels: brotli, as the server compresses it.
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &body[..], &mut compressed, &params).unwrap();
    println!(
        "/ask/offline.json: {} bytes, {} brotli",
        body.len(),
        compressed.len()
    );
    assert!(
        compressed.len() <= 100 * 1024,
        "{} bytes brotli",
        compressed.len()
    );
    // The phone opens what it is sent and answers from it.
    let shelf = offline.open().unwrap();
    let found = shelf.ask("想贷点款养牛，最多能贷多少钱", None);
    assert!(found
        .iter()
        .any(|(a, _)| a.id == "qa-004" || a.id == "qa-005"));
    // A phone that has this revision is told so, and sent nothing.
    let again = app
        .clone()
        .oneshot(
            Request::get("/ask/offline.json")
                .header(header::IF_NONE_MATCH, &etag)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    db.finish().await;
});

both_backends!(the_results_fragment_is_what_the_page_shows, {
    let (db, app) = seeded().await;
    let (status, content_type, fragment) =
        get(&app, "/ask/results?q=%E8%B4%B7%E6%AC%BE", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(fragment.starts_with("<div"), "{fragment}");
    assert!(
        fragment.contains(r#"data-status="找到 "#) && fragment.contains(r#"class="ask-results""#)
    );
    assert!(!fragment.contains("<html") && !fragment.contains("<script"));
    let (_, _, page) = get(&app, "/ask?q=%E8%B4%B7%E6%AC%BE", None).await;
    assert_eq!(result_ids(&fragment), result_ids(&page));
    // Nothing asked: the examples.
    let (_, _, fragment) = get(&app, "/ask/results?q=", None).await;
    assert!(fragment.contains("大家常问"));
    // What was typed is escaped here too.
    let (_, _, fragment) = get(
        &app,
        "/ask/results?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        None,
    )
    .await;
    assert!(!fragment.contains("<img"), "{fragment}");
    db.finish().await;
});

/// A POST from a given client address (as the server's connection info gives it).
async fn post_from(
    app: &Router,
    uri: &str,
    body: &str,
    cookie: Option<&str>,
    address: [u8; 4],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "xczx.example.cn");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let mut request = request.body(Body::from(body.to_string())).unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            address, 40000,
        ))));
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

both_backends!(
    one_form_used_twice_for_two_households_stores_both_and_shows_neither_the_other,
    {
        let (db, app) = seeded().await;
        let (tokens, cookie) = open_form(&app).await;
        // Household A submits and gets its receipt.
        let (status, a_headers, _) =
            post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let a_location = a_headers[header::LOCATION].to_str().unwrap().to_string();
        let a_code = a_location.trim_start_matches("/report/done/").to_string();
        // Back, household B's details into the same form (same token), submit.
        let b_id = {
            let first17 = "52230119800101123";
            format!(
                "{first17}{}",
                app::model::report::id_check_char(first17.as_bytes())
            )
        };
        let b_body = report_body(&tokens)
            .replace(NAME, "%E6%9D%8E%E5%9B%9B") // 李四
            .replace(ID, &b_id)
            .replace(PHONE, "13987654321");
        let (status, headers, html) = post(&app, "/report", &b_body, Some(&cookie)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            !headers.contains_key(header::LOCATION),
            "B is not sent to A's receipt"
        );
        assert!(html.contains("这张表已经提交过一份申报"), "{html}");
        assert!(
            html.contains(r#"value="李四""#) && html.contains(&b_id),
            "B's typing is kept"
        );
        assert!(
            !html.contains(&a_code) && !html.contains(&app::model::report::format_receipt(&a_code))
        );
        assert!(!html.contains("1101**********002X"), "nothing of A");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        let fresh = hidden(&html, "token");
        assert!(!tokens.contains(&fresh), "a fresh token");
        assert_eq!(
            db.store.count_reports().await.unwrap(),
            1,
            "B not stored yet"
        );
        // B submits the form it got back: a second case, its own receipt.
        let csrf = hidden(&html, "csrf");
        let b_again = b_body.replace(&tokens, &format!("token={fresh}&csrf={csrf}"));
        let (status, headers, _) = post(&app, "/report", &b_again, Some(&cookie)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let b_location = headers[header::LOCATION].to_str().unwrap();
        assert_ne!(b_location, a_location);
        assert_eq!(db.store.count_reports().await.unwrap(), 2);
        // The same content with the same token still gets the same receipt.
        let (_, again, _) = post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        assert_eq!(again[header::LOCATION].to_str().unwrap(), a_location);
        db.finish().await;
    }
);

both_backends!(
    a_receipt_locks_after_five_wrong_phone_tails_from_any_address,
    {
        let (db, app) = seeded().await;
        let (tokens, cookie) = open_form(&app).await;
        let (_, headers, _) = post(&app, "/report", &report_body(&tokens), Some(&cookie)).await;
        let code = headers[header::LOCATION]
            .to_str()
            .unwrap()
            .trim_start_matches("/report/done/")
            .to_string();
        // Five wrong guesses, each from another address (the per-address limit never trips).
        for (n, tail) in ["0000", "1111", "2222", "3333", "4444"]
            .into_iter()
            .enumerate()
        {
            let address = [10, 0, 0, u8::try_from(n).unwrap() + 1];
            let (status, _, html) = post_from(
                &app,
                "/report/status",
                &format!("receipt={code}&phone_tail={tail}"),
                None,
                address,
            )
            .await;
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains("没有查到"));
        }
        // Now even the right tail, from a sixth address, is refused, and the page says why and
        // where to ask instead.
        let (status, headers, html) = post_from(
            &app,
            "/report/status",
            &format!("receipt={code}&phone_tail=５６７８"),
            None,
            [10, 0, 0, 9],
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(
            html.contains("一小时内暂停查询") && html.contains("0859-3110000"),
            "{html}"
        );
        assert!(!html.contains("已提交"));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        // Another receipt is not locked; full-width digits are read as digits.
        let (tokens, cookie) = open_form(&app).await;
        let other = report_body(&tokens).replace("household_size=4", "household_size=5");
        let (_, headers, _) = post(&app, "/report", &other, Some(&cookie)).await;
        let other_code = headers[header::LOCATION]
            .to_str()
            .unwrap()
            .trim_start_matches("/report/done/")
            .to_string();
        let (status, _, html) = post_from(
            &app,
            "/report/status",
            &format!("receipt={other_code}&phone_tail=%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98"),
            None,
            [10, 0, 0, 10],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("现在：") && html.contains("已提交"), "{html}");
        db.finish().await;
    }
);

both_backends!(the_receipt_address_is_limited_per_address, {
    let (db, app) = app_with(
        TestDb::current().await,
        &[("PORTAL_STATUS_PER_MINUTE", "3")],
    )
    .await;
    for _ in 0..3 {
        let (status, _, _) = get(&app, "/report/done/3467ACDE", None).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _, html) = get(&app, "/report/done/3467ACDE", None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("打开次数太多"), "{html}");
    db.finish().await;
});

// The open-data bodies are pinned by snapshot (`server/tests/it/snapshots/`): one snapshot
// per body, compared on both backends, so the two must agree byte for byte.
both_backends!(the_open_data_bodies_match_their_snapshots, {
    let (db, app) = seeded().await;
    // The moment the content last changed is the test's own start: checked apart
    // (open_data::every_json_route_carries_the_licence_…), left out of the snapshot.
    let pretty = |json: &str| {
        let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert!(value["meta"]["modified"].is_string());
        value["meta"]["modified"] = "[when the content last changed]".into();
        serde_json::to_string_pretty(&value).unwrap()
    };
    let (status, _, csv) = get(
        &app,
        "/api/v1/pilots.csv?county=%E5%85%B4%E4%BB%81%E5%B8%82",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_snapshot!("pilots_csv_xingren", csv);
    let (_, _, json) = get(
        &app,
        "/api/v1/pilots?county=%E5%85%B4%E4%BB%81%E5%B8%82",
        None,
    )
    .await;
    insta::assert_snapshot!("pilots_json_xingren", pretty(&json));
    let (status, _, csv) = get(
        &app,
        "/api/v1/indicators.csv?kind=target&industry=tea",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_snapshot!("indicators_csv_tea_targets", csv);
    let (_, _, json) = get(&app, "/api/v1/indicators?kind=target&industry=tea", None).await;
    insta::assert_snapshot!("indicators_json_tea_targets", pretty(&json));
    let (_, _, json) = get(&app, "/api/v1/industries", None).await;
    insta::assert_snapshot!("industries_json", pretty(&json));
    db.finish().await;
});

both_backends!(
    every_answer_is_listed_by_topic_with_its_place_and_one_place_can_be_kept,
    {
        let (db, app) = seeded().await;
        // The list: every question under its own anchor, linking to its topic's page.
        let (status, _, html) = get(&app, "/qa", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(html.matches("<li id=\"qa-").count(), 147);
        assert_eq!(html.matches("<article").count(), 0, "no answer in full");
        for expected in ["防返贫监测（", "医疗（", "住房（"] {
            assert!(html.contains(expected), "missing {expected}");
        }
        let first = between(&html, r#"<li id="qa-001""#, "</li>");
        let start = first.find("href=\"").unwrap() + "href=\"".len();
        let href = &first[start..start + first[start..].find('"').unwrap()];
        let (page, anchor) = href.split_once('#').unwrap();
        assert_eq!(anchor, "qa-001");
        let topic = page.strip_prefix("/qa?topic=").unwrap();
        let encoded: String = form_urlencoded::byte_serialize(topic.as_bytes()).collect();
        // The topic's page: its answers in full, the place before the question.
        let (status, _, topic_page) = get(&app, &format!("/qa?topic={encoded}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(topic_page.contains(&format!("<h1>政策问答：{topic}</h1>")));
        let shown = topic_page.matches("<article id=\"qa-").count();
        assert!((1..147).contains(&shown), "{shown}");
        let entry = between(&topic_page, r#"<article id="qa-001""#, "</article>");
        assert!(
            entry.find("贵州·黔西南州").unwrap() < entry.find("<h3>").unwrap(),
            "{entry}"
        );
        // One place kept, on the list and on a topic's page.
        let (_, _, kept) = get(&app, "/qa?region=yunxi", None).await;
        assert_eq!(kept.matches("<li id=\"qa-").count(), 24);
        assert!(kept.contains("全部地区共 147 条"));
        assert!(
            kept.contains("&amp;region=yunxi#qa-"),
            "links keep the place"
        );
        let (_, _, kept_topic) =
            get(&app, &format!("/qa?topic={encoded}&region=yunxi"), None).await;
        assert!(
            kept_topic.contains(r#"<p class="place">湖南·岳阳市云溪区"#)
                || kept_topic.contains("没有整理好的问答")
        );
        assert!(!kept_topic.contains(r#"<p class="place">贵州"#));
        // A document's page lists the answers drawn from it.
        let (_, _, document) = get(&app, "/policies/policy-004", None).await;
        assert!(document.contains("依据这份文件整理的问答（24 条）"));
        assert!(document.contains(r#"href="/qa#qa-"#));
        db.finish().await;
    }
);

both_backends!(
    the_ask_page_ranks_the_chosen_place_first_and_remembers_it,
    {
        let (db, app) = seeded().await;
        // 低保 has answers from several places.
        let response = app
            .clone()
            .oneshot(
                Request::get("/ask?q=%E4%BD%8E%E4%BF%9D&region=yunxi")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        assert!(cookie.starts_with("region=yunxi;"), "{cookie}");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let chosen = String::from_utf8(body.to_vec()).unwrap();
        // Remembered: the same question without the address's choice, with the cookie.
        let (_, _, remembered) = get(&app, "/ask?q=%E4%BD%8E%E4%BF%9D", Some("region=yunxi")).await;
        let (_, _, anywhere) = get(&app, "/ask?q=%E4%BD%8E%E4%BF%9D", None).await;
        for html in [&chosen, &remembered] {
            assert!(html.contains("按您选的地区（湖南·岳阳市云溪区）排序"));
            let first = between(html, r#"class="ask-answer">"#, "</article>");
            assert!(
                first.contains(r#"<p class="place">湖南·岳阳市云溪区</p>"#),
                "{first}"
            );
            assert!(html.contains("（外地政策，仅供参考）"));
            assert!(html.contains(r#"<option value="yunxi" selected"#));
        }
        assert!(!anywhere.contains("外地政策"));
        assert_ne!(result_ids(&anywhere), result_ids(&remembered));
        // A place named in the question outranks the choice.
        let (_, _, named) = get(
            &app,
            "/ask?q=%E6%99%B4%E9%9A%86%E4%BD%8E%E4%BF%9D",
            Some("region=yunxi"),
        )
        .await;
        assert!(named.contains("问题里提到了贵州·黔西南州"));
        db.finish().await;
    }
);

both_backends!(
    the_privacy_page_says_what_is_collected_who_sees_it_and_how_to_correct_it,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/privacy", None).await;
        assert_eq!(status, StatusCode::OK);
        for expected in [
            "<h1>个人信息怎么用</h1>",
            "身份证号",
            "只能看到本村的申报",
            "只能看到本县的申报",
            "加密保存",
            "本网站不会自动删除申报记录",
            "手机上保存什么",
            "第四十六条",
            r#"href="/policies/policy-002/16#s-16""#,
            r#"href="/report/status""#,
            crate::common::HOTLINE,
        ] {
            assert!(html.contains(expected), "missing {expected}");
        }
        // The section it cites is the one that names self-reporting.
        let (_, _, plan) = get(&app, "/policies/policy-002/16", None).await;
        let section = between(&plan, r#"id="s-16""#, "</section>");
        assert!(section.contains("农户自主申报"), "{section}");
        // Linked from every page's footer and from the form.
        let (_, _, form) = get(&app, "/report", None).await;
        assert!(
            form.matches(r#"href="/privacy""#).count() >= 2,
            "form and footer"
        );
        let (_, _, home) = get(&app, "/", None).await;
        assert!(home.contains(r#"href="/privacy""#));
        db.finish().await;
    }
);
