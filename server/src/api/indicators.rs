//! Open data of the figures: `/api/v1/indicators` (JSON) and `/api/v1/indicators.csv` (CSV
//! with a UTF-8 BOM) for exactly the filters of `/data`, and `/api/v1/industries` (the ten
//! industries with the ids of their figures).

use app::model::indicators::{IndicatorPage, IndicatorQuery, IndicatorRecord, IndicatorSet};
use app::model::industries::industry_metrics;
use app::model::industries::ChartState;
use app::model::industries::IndustryDetail;
use app::model::PortError;
use app::pages::industries::chart_for;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error_response;
use crate::state::AppState;

/// How to read and cite the figures.
const NOTE: &str = "数据整理自各地公开文件。每条指标注明单位、年份、类型（baseline 基数、target 目标、actual 实际、standard 标准）和出处（source）；year 为空表示文件未写年份。";

/// The CSV's headings, in Chinese, in column order.
pub const CSV_HEADERS: [&str; 15] = [
    "编号",
    "指标",
    "地区",
    "数值",
    "单位",
    "限定词",
    "年份",
    "类型",
    "类别",
    "相关产业",
    "原文",
    "出处文件",
    "出处章节",
    "说明",
    "链接",
];

async fn filtered(state: &AppState, raw: Option<String>) -> Result<IndicatorPage, PortError> {
    let query = IndicatorQuery::from_query_string(raw.as_deref().unwrap_or(""));
    let set = state.portal.indicator_set().await?;
    Ok(IndicatorPage::build(&set, query))
}

/// One figure with its kind in Chinese, the figure as written and its place on `/data`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiIndicator<'a> {
    #[serde(flatten)]
    record: &'a IndicatorRecord,
    kind_label: &'a str,
    figure: String,
    url: String,
}

/// The figures matching the filters.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IndicatorList<'a> {
    filter: &'a IndicatorQuery,
    count: usize,
    items: Vec<ApiIndicator<'a>>,
    note: &'static str,
}

/// `/api/v1/indicators`: the figures matching the filters of `/data`.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "指标",
    params(IndicatorQuery),
    responses(
        (status = 200, description = "符合筛选条件的指标", body = IndicatorList),
        (status = 503, description = "数据库暂时不可用", body = super::ApiError),
    ))]
pub async fn indicators_json(
    State(state): State<AppState>,
    changed: super::open::Changed,
    RawQuery(raw): RawQuery,
) -> Response {
    let page = match filtered(&state, raw).await {
        Ok(page) => page,
        Err(err) => return error_response(err),
    };
    let items = page
        .items
        .iter()
        .map(|record| ApiIndicator {
            record,
            kind_label: record.kind_label(),
            figure: record.figure(),
            url: state.site.absolute(&record.page_href()),
        })
        .collect::<Vec<_>>();
    let body = IndicatorList {
        filter: &page.query,
        count: items.len(),
        items,
        note: NOTE,
    };
    super::open::open_json(&state, changed, body).await
}

/// The CSV of `records`: BOM, Chinese headings, one row per figure with its source.
pub fn indicators_csv_bytes(
    records: &[IndicatorRecord],
    set_industries: &[(String, String)],
    base: &app::model::SiteSettings,
) -> Result<Vec<u8>, PortError> {
    let fail = |e: csv::Error| PortError::internal(format!("csv: {e}"));
    let mut writer = crate::spreadsheet::SafeCsv::new();
    writer.row(CSV_HEADERS).map_err(fail)?;
    for r in records {
        let industries = r
            .industries
            .iter()
            .map(|slug| {
                set_industries
                    .iter()
                    .find(|(s, _)| s == slug)
                    .map_or(slug.as_str(), |(_, name)| name.as_str())
            })
            .collect::<Vec<_>>()
            .join("、");
        let title = format!("《{}》", r.source.document_title);
        let url = base.absolute(&r.page_href());
        let row: [&str; 15] = [
            &r.id,
            &r.indicator,
            &r.region,
            &r.value_text,
            &r.unit,
            &r.qualifier,
            &r.year,
            r.kind_label(),
            &r.category,
            &industries,
            &r.quote,
            &title,
            &r.source.section,
            &r.notes,
            &url,
        ];
        writer.row(row).map_err(fail)?;
    }
    writer
        .finish()
        .map_err(|e| PortError::internal(format!("csv: {e}")))
}

/// `/api/v1/indicators.csv-metadata.json`: the CSV's description.
pub async fn indicators_csv_metadata(State(state): State<AppState>) -> Response {
    super::open::metadata_response(
        &state,
        &app::model::open_data::INDICATORS_DATASET,
        &CSV_HEADERS,
    )
    .await
}

/// `/api/v1/indicators.csv`: the same figures as a CSV.
#[utoipa::path(get, path = "/api/v1/indicators.csv", tag = "指标",
    params(IndicatorQuery),
    responses(
        (status = 200, description = "UTF-8 CSV，开头带 BOM；列的说明见 indicators.csv-metadata.json", content_type = "text/csv", body = String),
        (status = 503, description = "数据库暂时不可用", body = super::ApiError),
    ))]
pub async fn indicators_csv(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let set = match state.portal.indicator_set().await {
        Ok(set) => set,
        Err(err) => return error_response(err),
    };
    let query = IndicatorQuery::from_query_string(raw.as_deref().unwrap_or(""));
    let page = IndicatorPage::build(&set, query);
    let names: Vec<(String, String)> = set
        .industries
        .iter()
        .map(|i| (i.slug.clone(), i.name.clone()))
        .collect();
    match indicators_csv_bytes(&page.items, &names, &state.site) {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"indicators.csv\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

/// One of the ten industries.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiIndustry {
    slug: String,
    name: String,
    /// The ids of the figures that concern it (see `/api/v1/indicators?industry=<slug>`).
    indicators: Vec<String>,
    url: String,
}

/// The ten industries.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IndustryList {
    count: usize,
    items: Vec<ApiIndustry>,
    note: &'static str,
}

/// `/api/v1/industries`: the ten industries, in the documents' order, with their figures.
#[utoipa::path(get, path = "/api/v1/industries", tag = "产业",
    responses(
        (status = 200, description = "十个特色产业，按文件中的顺序，每个列出相关指标的编号", body = IndustryList),
        (status = 503, description = "数据库暂时不可用", body = super::ApiError),
    ))]
pub async fn industries_json(
    State(state): State<AppState>,
    changed: super::open::Changed,
) -> Response {
    let IndicatorSet {
        indicators,
        industries,
    } = match state.portal.indicator_set().await {
        Ok(set) => set,
        Err(err) => return error_response(err),
    };
    let items: Vec<ApiIndustry> = industries
        .into_iter()
        .map(|industry| ApiIndustry {
            indicators: indicators
                .iter()
                .filter(|r| r.industries.contains(&industry.slug))
                .map(|r| r.id.clone())
                .collect(),
            url: state
                .site
                .absolute(&format!("/api/v1/indicators?industry={}", industry.slug)),
            slug: industry.slug,
            name: industry.name,
        })
        .collect();
    let body = IndustryList {
        count: items.len(),
        items,
        note: NOTE,
    };
    super::open::open_json(&state, changed, body).await
}

/// The industry `slug` names and the chart state of the query string.
async fn industry_and_state(
    state: &AppState,
    slug: &str,
    raw: Option<&str>,
) -> Result<(IndustryDetail, ChartState), PortError> {
    let industries = state.portal.industries().await?;
    let industry = industries
        .into_iter()
        .find(|i| i.slug == slug)
        .ok_or_else(|| PortError::not_found(format!("industry {slug}")))?;
    Ok((industry, ChartState::from_query_string(raw.unwrap_or(""))))
}

/// `/industries/<slug>/chart.svg?metric=…&from=…&to=…&show=…`: the chart exactly as the
/// industry page draws it, as a file.
pub async fn industry_chart_svg(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let (industry, chart_state) = match industry_and_state(&state, &slug, raw.as_deref()).await {
        Ok(found) => found,
        Err(err) => return error_response(err),
    };
    let Some((_, _, chart)) = chart_for(&industry, chart_state) else {
        return error_response(PortError::not_found(format!("chart of industry {slug}")));
    };
    match state.graphics.series_chart(&chart) {
        Ok(svg) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("image/svg+xml; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("inline; filename=\"chart.svg\""),
                ),
            ],
            svg,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

/// `/industries/<slug>/chart.json`: every measure of the industry with its figures (as the
/// chart draws and tabulates them), for the browser to redraw the chart in place when its
/// controls change, through the same code the page's chart is drawn with.
pub async fn industry_chart_measures(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Response {
    let industry = match industry_and_state(&state, &slug, None).await {
        Ok((industry, _)) => industry,
        Err(err) => return error_response(err),
    };
    (
        [(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        )],
        axum::Json(industry_metrics(&industry)),
    )
        .into_response()
}
