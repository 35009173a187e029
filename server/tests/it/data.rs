//! The figures of the documents: `/data` page by page with its filters, one figure on its
//! own page, and the same filters in the JSON and the CSV.

use axum::http::StatusCode;

use crate::both_backends;
use crate::http::{between, get, seeded};

both_backends!(
    the_data_page_lists_every_figure_with_unit_year_kind_and_source,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = get(&app, "/data", None).await;
        assert_eq!(status, StatusCode::OK);
        // 175 figures, 40 to a page.
        assert_eq!(html.matches(r#"class="figure""#).count(), 40);
        assert!(
            html.contains("共 175 条，第 1 / 5 页（第 1–40 条）"),
            "{html}"
        );
        // Each figure: its kind in words, its year (or that the document gives none), a source,
        // and a link to its own page.
        assert_eq!(html.matches(r#"class="source""#).count(), 40);
        assert_eq!(
            html.matches(r#"<h2 class="figure-name"><a href="/data/ind-"#)
                .count(),
            40
        );
        // The pages, the filters kept in every link.
        let pager = between(&html, r#"class="pager""#, "</nav>");
        for href in [
            "/data?page=2",
            "/data?page=3",
            "/data?page=4",
            "/data?page=5",
        ] {
            assert!(
                pager.contains(&format!(r#"href="{href}""#)),
                "{href}: {pager}"
            );
        }
        assert!(pager.contains(r#"rel="next" href="/data?page=2""#) && !pager.contains("上一页"));
        // The filters are a plain GET form with counts.
        let form = &html[html.find(r#"action="/data""#).expect("the filter form")..];
        assert!(
            form.starts_with(r#"action="/data""#)
                && html.contains(r#"method="get" action="/data""#),
            "{}",
            &form[..80]
        );
        assert!(html.contains(r#"<option value="tea""#) || html.contains("茶叶（"));

        // Every figure is on exactly one page; the last holds the 15 left.
        let mut ids = Vec::new();
        let mut no_year = 0;
        let mut targets = 0;
        for n in 1..=5 {
            let (status, _, html) = get(&app, &format!("/data?page={n}"), None).await;
            assert_eq!(status, StatusCode::OK);
            no_year += html.matches("原文未写年份").count();
            targets += html
                .matches(r#"<span class="tag tag-target">目标</span>"#)
                .count();
            let mut rest = html.as_str();
            while let Some(at) = rest.find(r#"<li id=""#) {
                rest = &rest[at + 8..];
                ids.push(rest[..rest.find('"').unwrap()].to_string());
            }
        }
        assert_eq!(ids.len(), 175);
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 175, "no figure on two pages");
        let (_, _, last) = get(&app, "/data?page=5", None).await;
        assert!(last.contains("第 5 / 5 页（第 161–175 条）"));
        assert!(no_year > 0, "a figure without a year says so");
        assert!(targets > 0, "a target is named so");
        // Past the last page, or not a number: the last page, or the first.
        let (status, _, past) = get(&app, "/data?page=99", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(past.contains("第 5 / 5 页"));
        let (_, _, odd) = get(&app, "/data?page=%E4%BA%8C", None).await;
        assert!(odd.contains("第 1 / 5 页"));

        // A figure's own page: the address the open data gives it.
        let (status, _, one) = get(&app, "/data/ind-092", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            one.contains("<h1>新建或改扩建特色产品批发或交易市场"),
            "{one}"
        );
        assert!(one.contains(r#"<span class="tag tag-target">目标</span>"#));
        assert!(one.contains(
            "围绕薏仁、茶叶、蔬菜、中药材、畜禽等特色产业新建或改扩建5个特色产品批发或交易市场。"
        ));
        assert_eq!(one.matches(r#"class="source""#).count(), 1);
        assert!(
            one.contains(r#"href="/data?category=%E5%86%9C%E4%B8%9A">农业类的全部指标</a>"#),
            "{one}"
        );
        for missing in ["/data/ind-999", "/data/%3Cscript%3E"] {
            let (status, _, html) = get(&app, missing, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
            assert!(html.contains("没有找到这个指标"));
        }
        db.finish().await;
    }
);

both_backends!(data_filters_the_page_the_json_and_the_csv_alike, {
    let (db, app) = seeded().await;
    let filter = "region=%E9%BB%94%E8%A5%BF%E5%8D%97%E5%B7%9E&kind=target";
    let (_, _, html) = get(&app, &format!("/data?{filter}"), None).await;
    let on_page = html.matches(r#"class="figure""#).count();
    let shown: usize = between(&html, "符合条件的 ", " 条")
        .trim_start_matches("符合条件的 ")
        .trim_end_matches(" 条")
        .parse()
        .unwrap();
    assert!(shown > 0 && shown < 175, "{shown}");
    assert_eq!(on_page, shown.min(40));
    assert!(html.contains(&format!("符合条件的 {shown} 条（共 175 条）")));
    assert!(html.contains(r#"<option value="target" selected"#));
    let escaped = filter.replace('&', "&amp;");
    assert!(html.contains(&format!(r#"href="/api/v1/indicators.csv?{escaped}""#)));

    let (status, content_type, body) =
        get(&app, &format!("/api/v1/indicators?{filter}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/json");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["count"], shown);
    let first = &json["items"][0];
    assert_eq!(first["kind"], "target");
    assert_eq!(first["kind_label"], "目标");
    assert_eq!(first["region"], "黔西南州");
    assert!(first["source"]["document_title"].as_str().unwrap().len() > 3);
    assert!(first["unit"].is_string() && first["year"].is_string());

    let (status, content_type, body) =
        get(&app, &format!("/api/v1/indicators.csv?{filter}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert!(body.starts_with('\u{feff}'));
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    for heading in [
        "数值",
        "单位",
        "限定词",
        "年份",
        "类型",
        "原文",
        "出处文件",
        "出处章节",
    ] {
        assert!(headers.iter().any(|h| h == heading), "{heading}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), shown);
    assert!(rows.iter().all(|r| &r[7] == "目标" && &r[2] == "黔西南州"));

    let (_, _, body) = get(&app, "/api/v1/industries", None).await;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["count"], 10);
    assert_eq!(json["items"][0]["name"], "茶叶");
    db.finish().await;
});
