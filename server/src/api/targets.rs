//! `/api/v1/targets` (JSON) and `/api/v1/targets.csv`: the targets board as open data.

use app::model::indicators::IndicatorRecord;
use app::model::targets::{Judged, TargetsBoard};
use app::model::PortError;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::error_response;
use crate::state::AppState;

/// `/api/v1/targets`: every target with its paired baselines, grouped by region and topic.
#[utoipa::path(get, path = "/api/v1/targets", tag = "目标与进展",
    responses(
        (status = 200, description = "每一个目标与同一指标的基数、达成比例，按地区和主题分组", body = TargetsBoard),
        (status = 503, description = "数据库暂时不可用", body = super::ApiError),
    ))]
pub async fn targets_json(
    State(state): State<AppState>,
    changed: super::open::Changed,
) -> Response {
    match state.portal.targets_board().await {
        Ok(board) => super::open::open_json(&state, changed, board).await,
        Err(err) => error_response(err),
    }
}

pub const CSV_HEADERS: [&str; 16] = [
    "目标编号",
    "指标",
    "地区",
    "主题",
    "目标值",
    "单位",
    "目标年份",
    "目标出处",
    "对照编号",
    "对照指标",
    "对照性质",
    "对照数值",
    "对照年份",
    "对照出处",
    "谁判断为同一指标",
    "达到目标的比例（%）",
];

/// One row per target and paired figure (one row with empty pairing columns for a target
/// without any), UTF-8 with a BOM so spreadsheet programs read the Chinese.
pub fn targets_csv_bytes(board: &TargetsBoard) -> Result<Vec<u8>, PortError> {
    let fail = |e: csv::Error| PortError::internal(format!("csv: {e}"));
    let source =
        |r: &IndicatorRecord| format!("《{}》{}", r.source.document_title, r.source.section);
    let mut writer = crate::spreadsheet::SafeCsv::new();
    writer.row(CSV_HEADERS).map_err(fail)?;
    for group in &board.groups {
        for row in &group.rows {
            let t = &row.target;
            let share = row.share.map(|s| s.to_string()).unwrap_or_default();
            let target_cells = [
                t.id.clone(),
                t.indicator.clone(),
                t.region.clone(),
                t.category.clone(),
                format!("{}{}", t.value_text, t.qualifier),
                t.unit.clone(),
                t.year.clone(),
                source(t),
            ];
            if row.bases.is_empty() {
                let mut cells: Vec<String> = target_cells.to_vec();
                cells.extend(std::iter::repeat_n(String::new(), 8));
                writer.row(cells.iter().map(String::as_str)).map_err(fail)?;
            }
            for (i, base) in row.bases.iter().enumerate() {
                let b = &base.figure;
                let judged = match base.judged {
                    Judged::Document => "文件".to_string(),
                    Judged::Editor if base.confirmed => "编者（工作人员已确认）".to_string(),
                    Judged::Editor => "编者".to_string(),
                };
                // The share is the latest base's: on its row only.
                let latest = i + 1 == row.bases.len();
                let mut cells: Vec<String> = target_cells.to_vec();
                cells.extend([
                    b.id.clone(),
                    b.indicator.clone(),
                    b.kind_label().to_string(),
                    format!("{}{}", b.value_text, b.qualifier),
                    b.year.clone(),
                    source(b),
                    judged,
                    if latest { share.clone() } else { String::new() },
                ]);
                writer.row(cells.iter().map(String::as_str)).map_err(fail)?;
            }
        }
    }
    writer
        .finish()
        .map_err(|e| PortError::internal(format!("csv: {e}")))
}

/// `/api/v1/targets.csv-metadata.json`: the CSV's description.
pub async fn targets_csv_metadata(State(state): State<AppState>) -> Response {
    super::open::metadata_response(
        &state,
        &app::model::open_data::TARGETS_DATASET,
        &CSV_HEADERS,
    )
    .await
}

/// `/api/v1/targets.csv`.
#[utoipa::path(get, path = "/api/v1/targets.csv", tag = "目标与进展",
    responses(
        (status = 200, description = "UTF-8 CSV，开头带 BOM；列的说明见 targets.csv-metadata.json", content_type = "text/csv", body = String),
        (status = 503, description = "数据库暂时不可用", body = super::ApiError),
    ))]
pub async fn targets_csv(State(state): State<AppState>) -> Response {
    let board = match state.portal.targets_board().await {
        Ok(board) => board,
        Err(err) => return error_response(err),
    };
    match targets_csv_bytes(&board) {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"targets.csv\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}
