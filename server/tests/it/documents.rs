//! The policy library and its documents: the list, a document read whole or chapter by
//! chapter with every section under its anchor, and the documents as open data.

use axum::http::StatusCode;

use crate::both_backends;
use crate::http::{between, get, seeded};

both_backends!(
    the_library_lists_documents_and_the_interpretation_names_its_plan,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/policies", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("政策文件（4 份）") && html.contains("政策解读（6 份）"),
            "{html}"
        );
        for id in [
            "policy-000",
            "policy-001",
            "policy-002",
            "policy-003",
            "policy-004",
        ] {
            assert!(html.contains(&format!(r#"href="/policies/{id}""#)), "{id}");
        }
        assert!(html.contains("岳云委乡振组办发〔2024〕2号"));
        let (_, _, html) = get(&app, "/policies/policy-001", None).await;
        assert!(html.contains("这是一份政策解读"), "{html}");
        assert!(html.contains("万州府办发〔2022〕51号"));
        let (_, _, html) = get(&app, "/policies/policy-002", None).await;
        assert!(
            html.contains("原文的文字问题"),
            "text problems are listed, not corrected"
        );
        // The plan is read chapter by chapter: the first chapter's page holds that text.
        let (_, _, html) = get(&app, "/policies/policy-002/5", None).await;
        assert!(
            between(&html, r#"<section id="s-5""#, "</section>").contains("林下经济利 用林地面积"),
            "the original text is kept as it is"
        );
        db.finish().await;
    }
);

both_backends!(the_policies_api_gives_every_document_with_its_sections, {
    let (db, app) = seeded().await;
    let (status, content_type, body) = get(&app, "/api/v1/policies", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/json");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["count"], 5);
    let sections: usize = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["sections"].as_array().unwrap().len())
        .sum();
    assert_eq!(sections, 32 + 19 + 64 + 23 + 36);
    let first = &json["documents"][0];
    assert_eq!(first["id"], "policy-004");
    assert!(first["sections"][0]["url"]
        .as_str()
        .unwrap()
        .ends_with("/policies/policy-004/1#s-1"));
    db.finish().await;
});

both_backends!(a_document_page_gives_every_section_an_anchor, {
    let (db, app) = seeded().await;
    // A short document is one page, every section under its anchor, and the same page
    // answers under any of its sections.
    let (status, _, whole) = get(&app, "/policies/policy-004", None).await;
    assert_eq!(status, StatusCode::OK);
    for position in 1..=36 {
        assert!(
            whole.contains(&format!(r#"id="s-{position}""#)),
            "s-{position}"
        );
    }
    let (status, _, at) = get(&app, "/policies/policy-004/7", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(at.contains(r#"<section id="s-36""#));
    // The long plan is read chapter by chapter. Its own page has the front matter and an
    // outline with an entry under every section's anchor, each linking to its chapter.
    let (status, _, outline) = get(&app, "/policies/policy-002", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(outline.contains("分 9 部分阅读"));
    for position in 3..=64 {
        assert!(
            outline.contains(&format!(r#"<li id="s-{position}""#)),
            "outline entry s-{position}"
        );
    }
    assert!(outline.contains(r#"href="/policies/policy-002/45#s-52""#));
    assert!(
        !outline.contains("老里旗村"),
        "no chapter's text on the outline"
    );
    assert!(outline.contains("原文的文字问题"));
    // A chapter's page: its sections only, under the document's title and source.
    let (status, _, chapter) = get(&app, "/policies/policy-002/52", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(chapter.contains(r#"<section id="s-52""#));
    assert!(chapter.contains("老里旗村"));
    assert!(chapter.contains("第 7 部分，共 9 部分"));
    assert!(chapter.contains(r#"href="/policies/policy-002/21" rel="prev""#));
    assert!(chapter.contains(r#"href="/policies/policy-002/53" rel="next""#));
    for position in (3..45).chain(53..=64) {
        assert!(
            !chapter.contains(&format!(r#"id="s-{position}""#)),
            "s-{position} is in another chapter"
        );
    }
    let (_, _, same) = get(&app, "/policies/policy-002/45", None).await;
    assert_eq!(
        between(&same, "<h1>", "</main>"),
        between(&chapter, "<h1>", "</main>"),
        "every section of a chapter opens the chapter"
    );
    // Nothing is found where no section is.
    for path in [
        "/policies/policy-999",
        "/policies/policy-002/65",
        "/policies/policy-002/0",
        "/policies/policy-002/abc",
        "/policies/policy-999/3",
    ] {
        let (status, _, html) = get(&app, path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("没有找到"), "{path}");
    }
    db.finish().await;
});
