//! `/report/help`, "哪些情况可以申报": built from the curated hardship data, every item with its
//! source line, plain HTML; and the form links to it.

use app::model::report::RISK_TYPES;
use axum::http::StatusCode;

use super::http::get;
use crate::both_backends;
use crate::common::{TestApp, BASE_URL};

/// Every `<article …>…</article>` of a page: the page's items.
fn articles(html: &str) -> Vec<&str> {
    html.split("<article")
        .skip(1)
        .map(|rest| rest.split("</article>").next().unwrap())
        .collect()
}

/// The item whose heading is `name`.
fn item<'a>(items: &[&'a str], name: &str) -> &'a str {
    let heading = format!(">{name}</h");
    items
        .iter()
        .find(|item| item.contains(&heading))
        .unwrap_or_else(|| panic!("no item named {name}"))
}

/// An item's source line names a document in 《》 and a section (Leptos's `<!>` markers
/// aside).
fn has_source_line(item: &str) -> bool {
    item.split(r#"<span class="source">来源："#)
        .skip(1)
        .any(|line| {
            let line = line
                .split("</span>")
                .next()
                .unwrap_or_default()
                .replace("<!>", "");
            line.starts_with('《') && line.contains('》') && !line.ends_with('》')
        })
}

both_backends!(the_help_page_explains_what_can_be_reported_with_sources, {
    let t = TestApp::builder().build().await;
    let (status, content_type, html) = get(&t.app, "/report/help", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(html.contains("<h1>哪些情况可以申报</h1>"), "{html}");
    assert!(
        !html.contains(".wasm") && !html.contains("/pkg/portal.js"),
        "the help page loads no WebAssembly"
    );

    // Leptos marks where text and views meet with `<!>`; the words read without them.
    let html = html.replace("<!>", "");
    let items = articles(&html);
    assert!(items.len() > 20, "{} items", items.len());
    for item in &items {
        assert!(
            has_source_line(item),
            "an item without a source line: {item}"
        );
    }

    // The three household types, in plain words.
    for name in ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"] {
        let item = item(&items, name);
        assert!(
            item.contains(r#"class="help-plain""#),
            "{name}: plain words"
        );
    }
    // Every risk cause of the form but 其他, each its own item with the document's words.
    for (value, label) in RISK_TYPES.iter().filter(|(value, _)| *value != "other") {
        let item = item(&items, label);
        assert!(item.contains(&format!(r#"id="risk-{value}""#)), "{label}");
        assert!(
            item.contains(r#"<blockquote class="quote">"#),
            "{label}: quote"
        );
        assert!(
            item.contains(r#"class="help-plain""#),
            "{label}: plain words"
        );
    }
    assert!(html.contains("选“其他”"), "what to do when nothing fits");
    // Where the quote is the closest the documents have, an editor's note says so.
    assert!(item(&items, "子女失学辍学").contains("编者注："));
    assert!(item(&items, "上当受骗（含电信诈骗）").contains("编者注："));
    // 两不愁三保障 and 饮水安全; the 防贫保险 products; when monitoring ends.
    for name in [
        "两不愁",
        "义务教育保障",
        "基本医疗保障",
        "住房安全保障",
        "饮水安全",
        "农调扶贫险",
        "新市民就业险",
        "新市民安居险",
        "防贫扶助险",
        "农民扶助金",
    ] {
        item(&items, name);
    }
    let exit = item(&items, "风险消除、不再监测帮扶的条件");
    for condition in [
        "返贫致贫风险稳定消除",
        "大额刚性支出有效解决",
        "收入来源稳定",
    ] {
        assert!(
            exit.contains(&format!("<li>{condition}</li>")),
            "{condition}"
        );
    }
    // The curated notes name documents, not the data's file numbers.
    let sudden = item(&items, "突发严重困难户");
    assert!(sudden.contains("编者注：黔西南州规划"), "{sudden}");
    assert!(
        !html.contains("002第") && !html.contains("门户如需解释"),
        "notes read as written for readers"
    );
    // The way back to the form, and the page is in the sitemap.
    assert!(html.contains(r#"href="/report""#));
    let (_, _, sitemap) = get(&t.app, "/sitemap.xml", None).await;
    assert!(sitemap.contains(&format!("<loc>{BASE_URL}/report/help</loc>")));
    t.db.finish().await;
});

both_backends!(
    the_report_form_offers_every_risk_type_and_links_to_the_help,
    {
        let t = TestApp::builder().build().await;
        let (status, _, html) = get(&t.app, "/report", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains(r#"href="/report/help""#),
            "the form links to the help"
        );
        assert!(html.contains("看看哪些情况可以申报"));
        assert_eq!(
            html.matches(r#"name="risks""#).count(),
            RISK_TYPES.len(),
            "one checkbox per risk type"
        );
        for (value, label) in RISK_TYPES {
            assert!(
                html.contains(&format!(r#"id="f-risks-{value}""#)),
                "{value}"
            );
            assert!(html.contains(&format!(">{label}</label>")), "{label}");
        }
        t.db.finish().await;
    }
);
