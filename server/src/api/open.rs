//! Open-data manners shared by every `/api/v1` route: the licence and dates in each JSON
//! body's `meta`, `ETag` and `Last-Modified` with `304 Not Modified`, and the CSVs'
//! companion descriptions (CSV on the Web, `<csv>-metadata.json`).

use app::model::open_data::{Dataset, ResponseMeta, CITATION, LICENCE_URL, LICENCE_WHY, PUBLISHER};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The largest body whose `ETag` is computed (the policies' full text is about 1 MB).
const ETAG_BODY_LIMIT: usize = 32 * 1024 * 1024;

/// When the content last changed (seconds since 1970 UTC); `None` when the database does
/// not say, and then no date is claimed.
async fn changed_at(state: &AppState) -> Option<i64> {
    match state.portal.content_changed_at().await {
        Ok(at) => Some(at),
        Err(err) => {
            tracing::warn!(detail = %err.detail, "when the content last changed could not be read");
            None
        }
    }
}

/// A JSON body with the open data's `meta` (licence, publisher, citation, when the content
/// last changed, where the API is described) beside its own fields.
#[derive(Serialize)]
struct Open<T: Serialize> {
    #[serde(flatten)]
    body: T,
    meta: ResponseMeta,
}

/// When the content last changed, as [`conditional`] read it for this request: handed to
/// [`open_json`] so that the database is asked once per request, not twice.
#[derive(Clone, Copy)]
pub struct ChangedAt(Option<i64>);

/// What a route takes to receive [`ChangedAt`].
pub type Changed = Option<axum::Extension<ChangedAt>>;

/// The JSON response of an open-data route: `body` and its `meta`. `changed` is what
/// [`conditional`] read; a route reached without that layer asks the database itself.
pub async fn open_json<T: Serialize>(state: &AppState, changed: Changed, body: T) -> Response {
    let changed = match changed {
        Some(axum::Extension(ChangedAt(at))) => at,
        None => changed_at(state).await,
    };
    let modified = changed
        .and_then(crate::calendar::in_china)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default();
    let meta = ResponseMeta::new(&state.site.base_url, modified);
    Json(Open { body, meta }).into_response()
}

/// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) of a unix time.
pub fn http_date(at: i64) -> Option<String> {
    DateTime::<Utc>::from_timestamp(at, 0)
        .map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
}

/// Reads an HTTP date (IMF-fixdate) as a unix time.
pub fn read_http_date(text: &str) -> Option<i64> {
    DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|t| t.timestamp())
}

/// Whether `If-None-Match` names `etag` (or `*`); weak and strong forms compare equal, as
/// RFC 9110 asks for this header.
fn none_match(headers: &HeaderMap, etag: &str) -> Option<bool> {
    let value = headers.get(header::IF_NONE_MATCH)?.to_str().ok()?;
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    Some(
        value
            .split(',')
            .any(|tag| tag.trim() == "*" || bare(tag) == bare(etag)),
    )
}

/// Every open-data GET: a (weak) `ETag` of the body, `Last-Modified` from when the content last
/// changed, and `304 Not Modified` when the reader's copy is current (`If-None-Match`
/// first, else `If-Modified-Since`). A CSV also names its companion description
/// (`Link: rel="describedby"`).
pub async fn conditional(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return next.run(request).await;
    }
    let asked = request.headers().clone();
    let path = request.uri().path().to_string();
    let changed = changed_at(&state).await;
    let mut request = request;
    request.extensions_mut().insert(ChangedAt(changed));
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ETAG_BODY_LIMIT).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let digest = Sha256::digest(&bytes);
    // Weak: the compression layer after this one sends the same bytes gzip- or
    // brotli-coded, and a strong tag would have to differ per coding (RFC 9110 8.8.1).
    let etag = format!("W/\"{}\"", crate::security::vault::hex(&digest[..16]));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    let last_modified = changed.and_then(http_date);
    if let Some(value) = last_modified
        .as_deref()
        .and_then(|d| HeaderValue::from_str(d).ok())
    {
        parts.headers.insert(header::LAST_MODIFIED, value);
    }
    if !parts.headers.contains_key(header::CACHE_CONTROL) {
        // Kept, but asked again each time: the answer is a 304 while nothing changed.
        parts
            .headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    let is_csv = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/csv"));
    if is_csv {
        let link =
            format!("<{path}-metadata.json>; rel=\"describedby\"; type=\"application/csvm+json\"");
        if let Ok(value) = HeaderValue::from_str(&link) {
            parts.headers.insert(header::LINK, value);
        }
    }
    let current = match none_match(&asked, &etag) {
        Some(matched) => matched,
        None => asked
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(read_http_date)
            .zip(changed)
            .is_some_and(|(since, changed)| changed <= since),
    };
    if current {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The CSV on the Web description of one CSV: its title, licence, publisher, date and
/// columns.
fn csv_metadata(
    dataset: &Dataset,
    columns: &[&str],
    base_url: &str,
    modified: Option<i64>,
) -> serde_json::Value {
    let csv = dataset.csv.unwrap_or(dataset.json);
    let columns: Vec<serde_json::Value> = columns
        .iter()
        .enumerate()
        .map(|(i, title)| {
            serde_json::json!({
                "name": format!("c{:02}", i + 1),
                "titles": title,
                "datatype": "string",
            })
        })
        .collect();
    let mut value = serde_json::json!({
        "@context": ["http://www.w3.org/ns/csvw", { "@language": "zh-Hans" }],
        "url": format!("{base_url}{csv}"),
        "dc:title": dataset.name,
        "dc:description": dataset.description,
        "dc:publisher": PUBLISHER,
        "dc:license": { "@id": LICENCE_URL },
        "dc:rights": LICENCE_WHY,
        "dc:bibliographicCitation": CITATION,
        "dc:isFormatOf": format!("{base_url}{}", dataset.json),
        "dialect": { "encoding": "utf-8", "header": true },
        "tableSchema": { "columns": columns },
    });
    if let Some(day) = modified.map(crate::calendar::china_day) {
        value["dc:modified"] = serde_json::json!({ "@value": day, "@type": "xsd:date" });
    }
    value
}

/// The CSV on the Web description of `dataset`'s CSV, whose header is `columns`.
pub async fn metadata_response(state: &AppState, dataset: &Dataset, columns: &[&str]) -> Response {
    let body = csv_metadata(
        dataset,
        columns,
        &state.site.base_url,
        changed_at(state).await,
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/csvm+json"),
        )],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::open_data::PILOTS_DATASET;

    #[test]
    fn http_dates_are_written_and_read_in_gmt() {
        assert_eq!(
            http_date(784_111_777).as_deref(),
            Some("Sun, 06 Nov 1994 08:49:37 GMT")
        );
        assert_eq!(
            read_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(read_http_date("yesterday"), None);
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_a_list_and_a_star() {
        let mut headers = HeaderMap::new();
        assert_eq!(none_match(&headers, "\"a\""), None);
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"x\", W/\"a\""),
        );
        assert_eq!(none_match(&headers, "\"a\""), Some(true));
        assert_eq!(none_match(&headers, "\"b\""), Some(false));
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert_eq!(none_match(&headers, "\"b\""), Some(true));
    }

    #[test]
    fn a_csv_description_names_every_column_the_licence_and_the_day() {
        let columns = ["编号", "名称", "出处"];
        let value = csv_metadata(&PILOTS_DATASET, &columns, "https://x.cn", Some(784_111_777));
        assert_eq!(value["url"], "https://x.cn/api/v1/pilots.csv");
        assert_eq!(value["dc:license"]["@id"], LICENCE_URL);
        assert_eq!(value["dc:modified"]["@value"], "1994-11-06");
        let titles: Vec<&str> = value["tableSchema"]["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["titles"].as_str().unwrap())
            .collect();
        assert_eq!(titles, columns);
        assert_eq!(value["tableSchema"]["columns"][2]["name"], "c03");
    }
}
