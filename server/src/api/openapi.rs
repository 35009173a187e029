//! `/api/v1/openapi.json`: the OpenAPI 3.1 description of every `/api/v1` route, made from
//! the handlers' annotations and the response types themselves (utoipa), so it cannot
//! drift from what the routes send. Every JSON answer carries the open data's `meta`
//! ([`super::open`]); the description says so once, by composing each answer's type with it.

use app::model::open_data::{ResponseMeta, LICENCE_ID, LICENCE_URL, PUBLISHER};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

use crate::state::AppState;

/// The routes and the types they answer with.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "乡村振兴信息公开门户 开放数据接口",
        version = "1",
        description = "示范村镇名录、量化指标、目标与进展、政策文件全文和政策问答。不用申请、不用密钥，跨域开放；每条记录注明原文件和章节。说明见 /api。"
    ),
    paths(
        super::pilots_json,
        super::pilots_csv,
        super::indicators::indicators_json,
        super::indicators::indicators_csv,
        super::indicators::industries_json,
        super::targets::targets_json,
        super::targets::targets_csv,
        super::policies_json,
        super::search_json,
    ),
    components(schemas(ResponseMeta, super::ApiError))
)]
struct ApiDoc;

/// The description of the site at `base_url`, as JSON.
pub fn document(base_url: &str) -> serde_json::Value {
    let mut doc = ApiDoc::openapi();
    doc.info.license = Some(
        utoipa::openapi::LicenseBuilder::new()
            .name("CC BY 4.0")
            .identifier(Some(LICENCE_ID))
            .build(),
    );
    doc.info.contact = Some(
        utoipa::openapi::ContactBuilder::new()
            .name(Some(PUBLISHER))
            .url(Some(format!("{base_url}/api")))
            .build(),
    );
    doc.servers = Some(vec![utoipa::openapi::server::Server::new(base_url)]);
    let mut value = serde_json::to_value(&doc).unwrap_or_default();
    value["externalDocs"] = serde_json::json!({
        "description": "许可：CC BY 4.0（文件原文按著作权法第五条不受著作权保护）",
        "url": LICENCE_URL,
    });
    with_meta(&mut value);
    value
}

/// Every JSON answer of 200 is its own type and the `meta` beside it.
fn with_meta(doc: &mut serde_json::Value) {
    let Some(paths) = doc
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    for item in paths.values_mut() {
        let Some(schema) = item.pointer_mut("/get/responses/200/content/application~1json/schema")
        else {
            continue;
        };
        let own = schema.take();
        *schema = serde_json::json!({
            "allOf": [
                own,
                {
                    "type": "object",
                    "required": ["meta"],
                    "properties": { "meta": { "$ref": "#/components/schemas/ResponseMeta" } },
                },
            ],
        });
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi_json(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        document(&state.site.base_url).to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_is_openapi_3_1_and_names_every_route_of_the_api_page() {
        let doc = document("https://x.cn");
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3.1"),
            "{}",
            doc["openapi"]
        );
        assert_eq!(doc["info"]["license"]["identifier"], LICENCE_ID);
        let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
        for endpoint in app::model::open_data::ENDPOINTS {
            assert!(
                paths.iter().any(|p| *p == endpoint.path),
                "{}",
                endpoint.path
            );
        }
        assert_eq!(paths.len(), app::model::open_data::ENDPOINTS.len());
    }
}
