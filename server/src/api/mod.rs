//! Open data: `/api/v1/pilots` (JSON) and `/api/v1/pilots.csv` (CSV with a UTF-8 BOM), for
//! exactly the filters of the catalogue page's query string; `/api/v1/policies` (every
//! document with its sections); and the feeds in [`feeds`].

pub mod feeds;
pub mod indicators;
pub mod open;
pub mod openapi;
pub mod targets;

use app::model::pilots::level_label;
use app::model::{ErrorCode, PilotQuery, PilotSummary, PortError, SiteSettings};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::state::AppState;

/// The open-data routes.
pub fn routes(state: &AppState) -> Router<AppState> {
    // Open data: any site's scripts may read it (simple GETs, no credentials).
    let open_data = Router::new()
        .route("/api/v1/pilots", get(pilots_json))
        .route("/api/v1/pilots.csv", get(pilots_csv))
        .route("/api/v1/policies", get(policies_json))
        .route("/api/v1/search", get(search_json))
        .route("/api/v1/indicators", get(indicators::indicators_json))
        .route("/api/v1/indicators.csv", get(indicators::indicators_csv))
        .route("/api/v1/industries", get(indicators::industries_json))
        .route("/api/v1/targets", get(targets::targets_json))
        .route("/api/v1/targets.csv", get(targets::targets_csv))
        .route("/api/v1/openapi.json", get(openapi::openapi_json))
        .route("/api/v1/pilots.csv-metadata.json", get(pilots_csv_metadata))
        .route(
            "/api/v1/indicators.csv-metadata.json",
            get(indicators::indicators_csv_metadata),
        )
        .route(
            "/api/v1/targets.csv-metadata.json",
            get(targets::targets_csv_metadata),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            open::conditional,
        ))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ));
    Router::new()
        .merge(open_data)
        .route("/ask/results", get(ask_results))
        .route("/ask/offline.json", get(ask_offline))
        .route("/robots.txt", get(feeds::robots))
        .route(
            "/industries/{slug}/chart.svg",
            get(indicators::industry_chart_svg),
        )
        .route(
            "/industries/{slug}/chart.json",
            get(indicators::industry_chart_measures),
        )
        .route("/feed.xml", get(feeds::feed))
        .route("/sitemap.xml", get(feeds::sitemap))
}

/// The one error envelope of the API.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiError {
    error: ApiErrorBody,
}

/// What went wrong: a code for programs and a message in Chinese for people.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    code: ErrorCode,
    message: &'static str,
}

fn error_response(err: PortError) -> Response {
    tracing::error!(code = ?err.code, detail = %err.detail, "open data request failed");
    let status =
        StatusCode::from_u16(err.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = ApiError {
        error: ApiErrorBody {
            code: err.code,
            message: err.code.user_message(),
        },
    };
    (status, Json(body)).into_response()
}

/// One pilot in the open data: the record, its source, and its page.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiPilot<'a> {
    #[serde(flatten)]
    pilot: &'a PilotSummary,
    name: String,
    url: String,
}

/// The pilots matching the filters.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PilotList<'a> {
    /// The filters applied, as read from the query string.
    filter: FilterEcho<'a>,
    count: usize,
    items: Vec<ApiPilot<'a>>,
    /// How to cite the data.
    note: &'static str,
}

/// The filters applied, as read from the query string (the query parameters of
/// `/api/v1/pilots` and its CSV, which the description names from here).
#[derive(Serialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterEcho<'a> {
    /// 名称或地名
    #[param(required = false)]
    q: &'a str,
    /// 级别：省级、州级（未定级 为文件未定级的）
    #[param(required = false)]
    level: &'a str,
    /// 州（市）
    #[param(required = false)]
    prefecture: &'a str,
    /// 县（市、区）
    #[param(required = false)]
    county: &'a str,
    /// 类型，文件中的写法
    #[param(required = false)]
    kind: &'a str,
}

const NOTE: &str =
    "数据整理自各地公开文件，每条记录的 source 注明文件和章节；level 为空表示文件未定级。";

fn read_query(raw: Option<String>) -> PilotQuery {
    PilotQuery::from_query_string(raw.as_deref().unwrap_or_default())
}

/// `/api/v1/pilots`: the catalogue for the filters of `/pilots`.
#[utoipa::path(get, path = "/api/v1/pilots", tag = "示范村镇",
    params(FilterEcho),
    responses(
        (status = 200, description = "符合筛选条件的示范村镇，每条注明原文件和章节", body = PilotList),
        (status = 503, description = "数据库暂时不可用", body = ApiError),
    ))]
async fn pilots_json(
    State(state): State<AppState>,
    changed: open::Changed,
    RawQuery(raw): RawQuery,
) -> Response {
    let query = read_query(raw);
    let pilots = match state.portal.export_pilots(&query).await {
        Ok(pilots) => pilots,
        Err(err) => return error_response(err),
    };
    let items = pilots
        .iter()
        .map(|pilot| ApiPilot {
            pilot,
            name: pilot.display_name(),
            url: state.site.absolute(&pilot.href()),
        })
        .collect::<Vec<_>>();
    let body = PilotList {
        filter: FilterEcho {
            q: &query.q,
            level: &query.level,
            prefecture: &query.prefecture,
            county: &query.county,
            kind: &query.kind,
        },
        count: items.len(),
        items,
        note: NOTE,
    };
    open::open_json(&state, changed, body).await
}

/// One document in the open data, with its sections and their links.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiDocument {
    #[serde(flatten)]
    document: app::model::DocumentSummary,
    url: String,
    text_issues: Vec<String>,
    sections: Vec<ApiSection>,
}

/// One section of a document: its heading, its text and its address.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiSection {
    position: i64,
    heading: String,
    label: String,
    url: String,
    text: String,
}

/// Every document with its sections.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PolicyList {
    count: usize,
    documents: Vec<ApiDocument>,
}

/// `/api/v1/policies`: every document with all its sections.
#[utoipa::path(get, path = "/api/v1/policies", tag = "政策文件",
    responses(
        (status = 200, description = "五份政策文件的全文，按章节，每节带页面地址", body = PolicyList),
        (status = 503, description = "数据库暂时不可用", body = ApiError),
    ))]
async fn policies_json(State(state): State<AppState>, changed: open::Changed) -> Response {
    let documents = match state.portal.documents().await {
        Ok(documents) => documents,
        Err(err) => return error_response(err),
    };
    let mut out = Vec::new();
    for summary in documents {
        let detail = match state.portal.document(&summary.id).await {
            Ok(detail) => detail,
            Err(err) => return error_response(err),
        };
        let url = state.site.absolute(&format!("/policies/{}", summary.id));
        out.push(ApiDocument {
            sections: detail
                .sections
                .into_iter()
                .map(|s| ApiSection {
                    url: state
                        .site
                        .absolute(&app::model::section_href(&summary.id, s.position)),
                    position: s.position,
                    heading: s.heading,
                    label: s.label,
                    text: s.body,
                })
                .collect(),
            text_issues: detail.text_issues,
            url,
            document: summary,
        });
    }
    let body = PolicyList {
        count: out.len(),
        documents: out,
    };
    open::open_json(&state, changed, body).await
}

/// The CSV columns, in Chinese for the people who open it in a spreadsheet.
pub const CSV_HEADERS: [&str; 16] = [
    "编号",
    "名称",
    "级别",
    "类型",
    "州（市）",
    "县（市、区）",
    "乡镇（街道）",
    "村（社区）",
    "组（片区）",
    "村级区划代码",
    "区划代码说明",
    "文件中的写法",
    "编者注",
    "来源文件",
    "来源章节",
    "网址",
];

/// The CSV of `pilots`: a UTF-8 byte-order mark (so Excel reads Chinese), the headings and
/// one row per pilot.
pub fn pilots_csv_bytes(
    pilots: &[PilotSummary],
    site: &SiteSettings,
) -> Result<Vec<u8>, PortError> {
    let fail = |e: csv::Error| PortError::internal(format!("csv: {e}"));
    let mut writer = crate::spreadsheet::SafeCsv::new();
    writer.row(CSV_HEADERS).map_err(fail)?;
    for pilot in pilots {
        let name = pilot.display_name();
        let title = format!("《{}》", pilot.source.document_title);
        let url = site.absolute(&pilot.href());
        let row: [&str; 16] = [
            pilot.id.as_str(),
            &name,
            level_label(&pilot.level),
            &pilot.entity_type,
            &pilot.prefecture,
            &pilot.county,
            &pilot.town,
            &pilot.village,
            &pilot.group_or_area,
            &pilot.village_code,
            &pilot.code_note,
            &pilot.name_in_source,
            &pilot.notes,
            &title,
            &pilot.source.section,
            &url,
        ];
        writer.row(row).map_err(fail)?;
    }
    writer
        .finish()
        .map_err(|e| PortError::internal(format!("csv: {e}")))
}

/// `/api/v1/pilots.csv-metadata.json`: the CSV's description.
async fn pilots_csv_metadata(State(state): State<AppState>) -> Response {
    open::metadata_response(&state, &app::model::open_data::PILOTS_DATASET, &CSV_HEADERS).await
}

/// `/api/v1/pilots.csv`: the same catalogue as a CSV.
#[utoipa::path(get, path = "/api/v1/pilots.csv", tag = "示范村镇",
    params(FilterEcho),
    responses(
        (status = 200, description = "UTF-8 CSV，开头带 BOM；列的说明见 pilots.csv-metadata.json", content_type = "text/csv", body = String),
        (status = 503, description = "数据库暂时不可用", body = ApiError),
    ))]
async fn pilots_csv(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let query = read_query(raw);
    let bytes = match state.portal.export_pilots(&query).await {
        Ok(pilots) => pilots_csv_bytes(&pilots, &state.site),
        Err(err) => Err(err),
    };
    match bytes {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"pilots.csv\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::SourceRef;

    fn pilot(notes: &str) -> PilotSummary {
        PilotSummary {
            id: "x-1".into(),
            level: String::new(),
            entity_type: "特色小镇".into(),
            prefecture: "岳阳市".into(),
            county: "云溪区".into(),
            town: String::new(),
            village: String::new(),
            group_or_area: "陆城湖鲜特色小镇".into(),
            name_in_source: "陆城湖鲜特色小镇".into(),
            notes: notes.into(),
            village_code: String::new(),
            code_note: String::new(),
            source: SourceRef {
                document_id: "policy-004".into(),
                document_title: "实施方案".into(),
                section: "二、重点任务".into(),
            },
        }
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_round_trips_quotes_commas_and_line_breaks() {
        let tricky = "原文：“打造清溪村、双花村”，\n另见“八一村”, \"quoted\"";
        let bytes = pilots_csv_bytes(&[pilot(tricky)], &SiteSettings::default()).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        assert_eq!(headers.iter().collect::<Vec<_>>(), CSV_HEADERS.to_vec());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][12], tricky);
        assert_eq!(&rows[0][2], "文件未定级");
        assert_eq!(&rows[0][13], "《实施方案》");
        assert_eq!(&rows[0][15], "http://127.0.0.1:3000/pilots/x-1");
    }
}

#[derive(serde::Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    /// A place key (`qianxinan`) whose answers rank first.
    #[serde(default)]
    region: Option<String>,
}

/// `/api/v1/search?q=`: the Q&A lookup as JSON, curated answers first.
#[utoipa::path(get, path = "/api/v1/search", tag = "政策问答",
    params(
        ("q" = String, Query, description = "问题，最多 60 个字"),
        ("region" = Option<String>, Query, description = "地方：shuicheng、wanzhou、qianxinan、bishan、yunxi，其答案排在前面"),
    ),
    responses(
        (status = 200, description = "最相关的答案和原文出处，confident 为 true 的是有把握的答案", body = app::model::search::SearchResults),
        (status = 503, description = "查询的人太多，稍后再试", body = ApiError),
    ))]
async fn search_json(
    State(state): State<AppState>,
    changed: open::Changed,
    axum::extract::Query(params): axum::extract::Query<SearchParams>,
) -> Response {
    use app::ports::Search;
    let place = params
        .region
        .as_deref()
        .and_then(app::model::places::by_key)
        .map(|p| p.key);
    match state.search.search(&params.q, place) {
        Ok(results) => {
            let mut response = open::open_json(&state, changed, results).await;
            // Answers change only when content does; a short cache spares a phone retyping.
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            );
            response
        }
        Err(err) => error_response(err),
    }
}

/// `/ask/results?q=`: the results part of `/ask` as HTML, for the box that answers while
/// the reader types (the examples when nothing is asked).
/// `/ask/offline.json`: the curated answers, the word table and the characters' readings,
/// for the browser to keep and answer with when the network is gone (`answers::book::
/// Offline`). Its revision is its ETag, so a phone that has it asks again for nothing.
async fn ask_offline(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let (revision, json) = match state.search.offline_json() {
        Ok(found) => found,
        Err(err) => return error_response(PortError::internal(err.to_string())),
    };
    let etag = format!("\"{revision}\"");
    let cache = [
        (header::CACHE_CONTROL, "public, max-age=300".to_string()),
        (header::ETAG, etag.clone()),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if unchanged {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (
        cache,
        [(header::CONTENT_TYPE, "application/json")],
        json.as_ref().clone(),
    )
        .into_response()
}

async fn ask_results(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(params): axum::extract::Query<SearchParams>,
) -> Response {
    use app::ports::Search;
    // The place named in the address, else the one the reader chose before (a cookie).
    let place = match params.region.as_deref() {
        Some(key) => app::model::places::by_key(key).map(|p| p.key.to_string()),
        None => headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(app::prefs::place_from_cookies),
    };
    let found = if params.q.trim().is_empty() {
        None
    } else {
        match state.search.search(&params.q, place.as_deref()) {
            Ok(results) => Some(results),
            Err(err) => return error_response(err),
        }
    };
    // The hotline of the chosen place when it is one county with a hotline of its own.
    let county = place
        .as_deref()
        .and_then(app::model::places::by_key)
        .and_then(app::model::places::Place::county);
    let hotline = match county {
        Some(county) => state
            .portal
            .county_hotline(county)
            .await
            .ok()
            .flatten()
            .map(|own| own.number),
        None => None,
    }
    .unwrap_or_else(|| state.site.hotline.clone());
    let html = app::pages::ask::results_html(found, hotline);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                // Private: the answer depends on the reader's place (a cookie).
                HeaderValue::from_static("private, max-age=60"),
            ),
        ],
        html,
    )
        .into_response()
}
