//! Open-data manners as a data user meets them: the licence and dates in every JSON body,
//! `ETag`/`Last-Modified` with 304s, the CSVs' companion descriptions, the `/api` page and
//! the pages' `Dataset` JSON-LD.

use app::model::open_data::{ENDPOINTS, LICENCE_ID, LICENCE_URL};
use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::both_backends;
use crate::common::BASE_URL;
use crate::http::seeded;

/// A GET with `headers`: status, response headers and body.
async fn fetch(
    app: &Router,
    uri: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, HeaderMap, String) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The path and query of a URL of the test site (percent-encoded as a browser sends it).
fn local(url: &str) -> String {
    let path = url.strip_prefix(BASE_URL).unwrap_or(url);
    let encoded: String = path
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                let mut bytes = [0; 4];
                c.encode_utf8(&mut bytes)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect();
    encoded
}

both_backends!(
    every_json_route_carries_the_licence_and_when_the_content_changed,
    {
        let (db, app) = seeded().await;
        for endpoint in ENDPOINTS {
            let (status, headers, body) = fetch(&app, &local(endpoint.example), &[]).await;
            assert_eq!(status, StatusCode::OK, "{}", endpoint.example);
            assert_eq!(
                header_text(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN),
                "*"
            );
            let etag = header_text(&headers, header::ETAG);
            assert!(etag.starts_with("W/\"") && etag.len() > 10, "{etag}");
            let modified = header_text(&headers, header::LAST_MODIFIED);
            assert!(
                chrono::DateTime::parse_from_rfc2822(&modified).is_ok(),
                "{}: {modified}",
                endpoint.path
            );
            if endpoint.format == "JSON" {
                let json: serde_json::Value = serde_json::from_str(&body).unwrap();
                let meta = &json["meta"];
                assert_eq!(meta["licence"]["id"], LICENCE_ID, "{}", endpoint.path);
                assert_eq!(meta["licence"]["url"], LICENCE_URL);
                assert_eq!(meta["publisher"], "乡村振兴信息公开门户");
                assert_eq!(meta["documentation"], format!("{BASE_URL}/api"));
                let at = chrono::DateTime::parse_from_rfc3339(meta["modified"].as_str().unwrap())
                    .unwrap();
                assert_eq!(at.offset().local_minus_utc(), 8 * 3600, "China time");
                assert_eq!(
                    at.timestamp(),
                    chrono::DateTime::parse_from_rfc2822(&modified)
                        .unwrap()
                        .timestamp(),
                    "the body and the header name the same moment"
                );
            } else {
                assert!(body.starts_with('\u{feff}'), "{}", endpoint.path);
                let link = header_text(&headers, header::LINK);
                assert_eq!(
                    link,
                    format!(
                        "<{}-metadata.json>; rel=\"describedby\"; type=\"application/csvm+json\"",
                        endpoint.path
                    )
                );
            }
        }
        db.finish().await;
    }
);

both_backends!(
    a_current_copy_is_answered_304_and_a_change_moves_last_modified,
    {
        let (db, app) = seeded().await;
        let (_, first, body) = fetch(&app, "/api/v1/pilots", &[]).await;
        let etag = header_text(&first, header::ETAG);
        let modified = header_text(&first, header::LAST_MODIFIED);
        // The same copy: 304 with no body, by ETag (also in its strong form or in a list) or
        // by date.
        for asked in [
            etag.clone(),
            etag.trim_start_matches("W/").to_string(),
            format!("\"old\", {etag}"),
        ] {
            let (status, headers, rest) =
                fetch(&app, "/api/v1/pilots", &[(header::IF_NONE_MATCH, &asked)]).await;
            assert_eq!(status, StatusCode::NOT_MODIFIED, "{asked}");
            assert!(rest.is_empty());
            assert_eq!(header_text(&headers, header::ETAG), etag);
        }
        let (status, _, _) = fetch(
            &app,
            "/api/v1/pilots",
            &[(header::IF_MODIFIED_SINCE, &modified)],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        // Another filter is another body.
        let (status, _, other) = fetch(
            &app,
            "/api/v1/pilots?level=%E7%9C%81%E7%BA%A7",
            &[(header::IF_NONE_MATCH, &etag)],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_ne!(other, body);
        // A content change (an administrator removes a county hotline) a second later moves
        // Last-Modified: a copy of before is no longer current, by date or by ETag (the
        // body's `meta.modified` moved with it).
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        assert!(db.store.delete_county_hotline("520204").await.unwrap());
        let (status, later, _) = fetch(
            &app,
            "/api/v1/pilots",
            &[(header::IF_MODIFIED_SINCE, &modified)],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let moved = header_text(&later, header::LAST_MODIFIED);
        let at = |text: &str| chrono::DateTime::parse_from_rfc2822(text).unwrap();
        assert!(at(&moved) > at(&modified), "{moved} after {modified}");
        let (status, again, _) =
            fetch(&app, "/api/v1/pilots", &[(header::IF_NONE_MATCH, &etag)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_ne!(header_text(&again, header::ETAG), etag);
        db.finish().await;
    }
);

both_backends!(
    every_csv_has_a_companion_naming_its_columns_licence_and_day,
    {
        let (db, app) = seeded().await;
        for csv in [
            "/api/v1/pilots.csv",
            "/api/v1/indicators.csv",
            "/api/v1/targets.csv",
        ] {
            let (status, _, body) = fetch(&app, csv, &[]).await;
            assert_eq!(status, StatusCode::OK);
            let mut reader =
                csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
            let columns: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(str::to_string)
                .collect();
            let (status, headers, meta) = fetch(&app, &format!("{csv}-metadata.json"), &[]).await;
            assert_eq!(status, StatusCode::OK, "{csv}");
            assert_eq!(
                header_text(&headers, header::CONTENT_TYPE),
                "application/csvm+json"
            );
            assert_eq!(
                header_text(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN),
                "*"
            );
            let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
            assert_eq!(meta["url"], format!("{BASE_URL}{csv}"));
            assert_eq!(meta["dc:license"]["@id"], LICENCE_URL);
            assert!(chrono::NaiveDate::parse_from_str(
                meta["dc:modified"]["@value"].as_str().unwrap(),
                "%Y-%m-%d"
            )
            .is_ok());
            let titles: Vec<String> = meta["tableSchema"]["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["titles"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(titles, columns, "{csv}");
        }
        db.finish().await;
    }
);

both_backends!(
    the_api_page_lists_every_route_with_a_working_example_and_the_licence,
    {
        let (db, app) = seeded().await;
        let (status, _, html) = fetch(&app, "/api", &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&format!("href=\"{LICENCE_URL}\"")));
        assert!(html.contains("著作权法》第五条"));
        assert!(!html.contains("/pkg/portal.js"), "no script");
        for endpoint in ENDPOINTS {
            assert!(html.contains(endpoint.path), "{}", endpoint.path);
            assert!(html.contains(&format!("curl '{BASE_URL}{}'", endpoint.example)));
            let (status, _, _) = fetch(&app, &local(endpoint.example), &[]).await;
            assert_eq!(status, StatusCode::OK, "{}", endpoint.example);
        }
        assert!(html.contains("href=\"/api\""), "the footer names the page");
        db.finish().await;
    }
);

both_backends!(
    the_dataset_pages_describe_their_data_as_schema_org_datasets,
    {
        let (db, app) = seeded().await;
        for page in ["/pilots", "/data", "/targets"] {
            let (status, _, html) = fetch(&app, page, &[]).await;
            assert_eq!(status, StatusCode::OK);
            let start = html
                .find("<script type=\"application/ld+json\">")
                .unwrap_or_else(|| panic!("{page} has no JSON-LD"))
                + "<script type=\"application/ld+json\">".len();
            let end = start + html[start..].find("</script>").unwrap();
            let value: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
            assert_eq!(value["@type"], "Dataset");
            assert_eq!(value["url"], format!("{BASE_URL}{page}"));
            assert_eq!(value["license"], LICENCE_URL);
            assert_eq!(value["publisher"]["name"], "乡村振兴信息公开门户");
            assert!(chrono::NaiveDate::parse_from_str(
                value["dateModified"].as_str().unwrap(),
                "%Y-%m-%d"
            )
            .is_ok());
            let distributions = value["distribution"].as_array().unwrap();
            assert_eq!(distributions.len(), 2, "{page}: JSON and CSV");
            for distribution in distributions {
                let url = distribution["contentUrl"].as_str().unwrap();
                let (status, headers, _) = fetch(&app, &local(url), &[]).await;
                assert_eq!(status, StatusCode::OK, "{url}");
                let format = distribution["encodingFormat"].as_str().unwrap();
                assert!(
                    header_text(&headers, header::CONTENT_TYPE).starts_with(format),
                    "{url}"
                );
            }
        }
        db.finish().await;
    }
);

/// A validator for one answer's schema in the OpenAPI description `doc` (JSON Schema
/// 2020-12, as OpenAPI 3.1 says; `$ref`s resolve against the description's components).
fn validator(doc: &serde_json::Value, schema: &serde_json::Value) -> jsonschema::Validator {
    let root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"].clone(),
        "allOf": [schema.clone()],
    });
    jsonschema::draft202012::new(&root).unwrap()
}

both_backends!(every_route_answers_as_its_openapi_description_says, {
    let (db, app) = seeded().await;
    let (status, headers, body) = fetch(&app, "/api/v1/openapi.json", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header_text(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "*"
    );
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["servers"][0]["url"], BASE_URL);
    assert_eq!(doc["paths"].as_object().unwrap().len(), ENDPOINTS.len());
    let mut checked = 0;
    for endpoint in ENDPOINTS {
        let operation = &doc["paths"][endpoint.path]["get"];
        assert!(operation.is_object(), "{} is described", endpoint.path);
        // Every parameter of the example is one the description names.
        let declared: Vec<&str> = operation["parameters"]
            .as_array()
            .map(|list| list.iter().map(|p| p["name"].as_str().unwrap()).collect())
            .unwrap_or_default();
        if let Some((_, query)) = endpoint.example.split_once('?') {
            for pair in query.split('&') {
                let name = pair.split('=').next().unwrap();
                assert!(declared.contains(&name), "{}: {name}", endpoint.path);
            }
        }
        let (status, headers, body) = fetch(&app, &local(endpoint.example), &[]).await;
        assert_eq!(status, StatusCode::OK, "{}", endpoint.example);
        let content_type = header_text(&headers, header::CONTENT_TYPE);
        let media = if endpoint.format == "JSON" {
            "application/json"
        } else {
            "text/csv"
        };
        assert!(
            content_type.starts_with(media),
            "{}: {content_type}",
            endpoint.path
        );
        let schema = &operation["responses"]["200"]["content"][media]["schema"];
        assert!(schema.is_object(), "{}: {media} described", endpoint.path);
        assert!(
            operation["responses"]["503"]["content"]["application/json"]["schema"].is_object(),
            "{}: the error envelope is described",
            endpoint.path
        );
        if media == "application/json" {
            let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
            let validator = validator(&doc, schema);
            let errors: Vec<String> = validator
                .iter_errors(&answer)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .take(5)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", endpoint.example);
            // The schema is not a blank cheque: an answer without its meta, or with a
            // count that is text, does not pass.
            let mut without_meta = answer.clone();
            without_meta.as_object_mut().unwrap().remove("meta");
            assert!(!validator.is_valid(&without_meta), "{}", endpoint.path);
            checked += 1;
        }
    }
    assert_eq!(checked, 6, "six JSON routes");
    // The error envelope's own schema takes a real error answer.
    let error = serde_json::json!({ "error": { "code": "unavailable", "message": "暂时无法读取数据，请稍后再试。" } });
    let envelope = validator(
        &doc,
        &serde_json::json!({ "$ref": "#/components/schemas/ApiError" }),
    );
    assert!(envelope.is_valid(&error));
    assert!(
        !envelope.is_valid(&serde_json::json!({ "error": { "code": "teapot", "message": "" } }))
    );
    db.finish().await;
});
