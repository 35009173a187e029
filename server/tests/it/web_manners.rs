//! Manners of a site on the web, through the router on both backends: the Atom feed, the
//! sitemap with each page's last change, robots.txt, canonical addresses, feed
//! autodiscovery, the link picture (og:image) and open data readable by any site.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::both_backends;
use crate::common::BASE_URL;
use crate::http::{get, seeded};

fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, name: &str) -> roxmltree::Node<'a, 'input> {
    node.children()
        .find(|c| c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

both_backends!(the_feed_is_well_formed_atom_with_one_entry_per_document, {
    let (db, app) = seeded().await;
    let (status, content_type, xml) = get(&app, "/feed.xml", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/atom+xml; charset=utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );

    for required in ["id", "title", "updated", "author"] {
        child(feed, required);
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    // The five documents and the editors' five interpretations shipped with them.
    assert_eq!(entries.len(), 10);
    let ids: Vec<&str> = entries
        .iter()
        .map(|e| child(*e, "id").text().unwrap())
        .collect();
    for kind in ["/policies/", "/interpretations/"] {
        let prefix = format!("{BASE_URL}{kind}");
        assert_eq!(
            ids.iter().filter(|id| id.starts_with(&prefix)).count(),
            5,
            "{ids:?}"
        );
    }
    for entry in &entries {
        let updated = child(*entry, "updated").text().unwrap();
        assert!(
            updated.ends_with("+08:00") && updated.len() == 25,
            "{updated}"
        );
        child(*entry, "title");
        child(*entry, "summary");
    }
    assert_eq!(
        child(entries[0], "updated").text(),
        Some("2026-12-04T00:00:00+08:00"),
        "newest first: the interpretations, written 2026-12-04"
    );
    assert_eq!(
        child(entries[5], "updated").text(),
        Some("2024-03-08T00:00:00+08:00"),
        "then the newest document"
    );
    db.finish().await;
});

both_backends!(the_sitemap_lists_every_village_and_document, {
    let (db, app) = seeded().await;
    let (status, content_type, xml) = get(&app, "/sitemap.xml", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/xml"));
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .collect();
    let lastmod = |loc: &str| {
        doc.descendants()
            .find(|n| n.tag_name().name() == "url" && n.children().any(|c| c.text() == Some(loc)))
            .and_then(|url| url.children().find(|c| c.tag_name().name() == "lastmod"))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert!(locs.contains(&format!("{BASE_URL}/pilots/qxn-p-01").as_str()));
    assert!(locs.contains(&format!("{BASE_URL}/policies/policy-004").as_str()));
    assert_eq!(locs.iter().filter(|l| l.contains("/pilots/")).count(), 44);
    assert!(locs.contains(&format!("{BASE_URL}/api").as_str()));
    // Every industry, figure and village page, and each chapter of the plan (read chapter
    // by chapter), each once.
    let count = |prefix: &str| {
        locs.iter()
            .filter(|l| l.starts_with(&format!("{BASE_URL}{prefix}")))
            .count()
    };
    assert_eq!(count("/industries/"), 10);
    let figures = app::ports::Portal::indicator_set(&db.store)
        .await
        .unwrap()
        .indicators;
    assert_eq!(count("/data/"), figures.len());
    assert!(figures.len() > 100);
    assert!(locs.contains(&format!("{BASE_URL}/data/{}", figures[0].id).as_str()));
    let villages = db.store.village_finder().await.unwrap();
    assert!(villages.len() > 2_000, "{}", villages.len());
    assert_eq!(count("/villages/"), villages.len());
    assert!(locs.contains(&format!("{BASE_URL}/villages/522301001001").as_str()));
    let unique: std::collections::HashSet<&&str> = locs.iter().collect();
    assert_eq!(unique.len(), locs.len(), "no page twice");
    let plan = app::ports::Portal::document(&db.store, "policy-002")
        .await
        .unwrap();
    let parts = app::model::chapters(&plan.sections).expect("the plan is read by chapter");
    let plan_day = lastmod(&format!("{BASE_URL}/policies/policy-002"));
    for part in &parts {
        let position = plan.sections[part.first].position;
        let loc = format!("{BASE_URL}/policies/policy-002/{position}");
        assert!(locs.contains(&loc.as_str()), "{loc}");
        assert_eq!(
            lastmod(&loc),
            plan_day,
            "a chapter changes with its document"
        );
    }
    assert_eq!(count("/policies/policy-002/"), parts.len());
    // Each page's last change, where the data says it: a real day, the fixed pages the
    // newest of all; a document at least its own date; a village page without progress
    // notes none.
    let days: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "lastmod")
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    assert!(days.len() > 10, "{days:?}");
    for day in &days {
        assert!(
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok(),
            "{day}"
        );
    }
    let newest = days.iter().max().unwrap().clone();
    assert_eq!(lastmod(&format!("{BASE_URL}/")), Some(newest.clone()));
    assert_eq!(lastmod(&format!("{BASE_URL}/pilots")), Some(newest));
    let documents = app::ports::Portal::documents(&db.store).await.unwrap();
    let policy = documents.iter().find(|d| d.id == "policy-004").unwrap();
    let own = policy.date_sort.clone().unwrap();
    let policy_day = lastmod(&format!("{BASE_URL}/policies/policy-004")).unwrap();
    assert!(policy_day.as_str() >= own.as_str(), "{policy_day} vs {own}");
    assert_eq!(lastmod(&format!("{BASE_URL}/pilots/qxn-p-01")), None);
    db.finish().await;
});

both_backends!(
    open_data_may_be_read_by_any_site_and_pages_name_their_address,
    {
        let (db, app) = seeded().await;
        for uri in [
            "/api/v1/pilots",
            "/api/v1/pilots.csv",
            "/api/v1/search?q=%E7%9C%8B%E7%97%85",
        ] {
            let response = app
                .clone()
                .oneshot(Request::get(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{uri}");
            assert_eq!(
                response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN),
                Some(&axum::http::HeaderValue::from_static("*")),
                "{uri}"
            );
        }
        // A page is not open to other sites' scripts.
        let page = app
            .clone()
            .oneshot(Request::get("/pilots").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert!(page
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none());
        let (status, content_type, robots) = get(&app, "/robots.txt", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(content_type.starts_with("text/plain"));
        assert!(robots.contains("Disallow: /staff/"));
        assert!(robots.contains(&format!("Sitemap: {BASE_URL}/sitemap.xml")));
        let (_, _, html) = get(&app, "/pilots?county=%E5%85%B4%E4%B9%89%E5%B8%82", None).await;
        assert!(html.contains(&format!(
            r#"<link rel="canonical" href="{BASE_URL}/pilots">"#
        )));
        assert!(
            html.contains(r#"type="application/atom+xml""#) && html.contains(r#"href="/feed.xml""#)
        );
        assert!(html.contains(r#"<meta property="og:site_name" content="乡村振兴信息公开门户">"#));
        // The stylesheet by the build's name (no hash file beside a test binary: plain).
        assert!(
            html.contains(r#"<link rel="stylesheet" href="/pkg/portal.css">"#),
            "{html}"
        );
        // The link picture: an absolute address on the page, a PNG made by the server.
        assert!(html.contains(&format!(
            r#"<meta property="og:image" content="{BASE_URL}/og-image.png">"#
        )));
        let picture = app
            .clone()
            .oneshot(Request::get("/og-image.png").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(picture.status(), StatusCode::OK);
        assert_eq!(picture.headers()[header::CONTENT_TYPE], "image/png");
        let bytes = picture.into_body().collect().await.unwrap().to_bytes();
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (1200, 630));
        db.finish().await;
    }
);
