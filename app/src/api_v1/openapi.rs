//! The OpenAPI 3.1 document of `/api/v1/`, generated from the handlers' and types' annotations
//! (`routes`), served at `/api/v1/openapi.json` and read into `/api-docs`.
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::OpenApi;

use super::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "云聚英才卡 — organisations' API", version = "1",
         description = "For the partner bank's and the service providers' systems. Every request carries an API key the administrator issued: `Authorization: Bearer yjk_…`. A key holds scopes: `bank_orders`, `verify`, `status_feed`."),
    paths(routes::bank_batches, routes::bank_batch, routes::bank_results, routes::verify, routes::feed),
    modifiers(&ApiKeyScheme),
    tags(
        (name = "bank", description = "Card orders and results (Art. 5(6))"),
        (name = "providers", description = "Checking cards and following their status (Art. 4, Art. 6)"),
    )
)]
pub struct ApiDoc;

struct ApiKeyScheme;

impl utoipa::Modify for ApiKeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "api_key",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("yjk_ key").build()),
            );
        }
    }
}

/// The document as JSON.
pub fn document() -> serde_json::Value {
    serde_json::to_value(ApiDoc::openapi()).unwrap_or_default()
}

/// `GET /api/v1/openapi.json` — public: it describes, it opens nothing.
pub async fn openapi_json() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], document().to_string()).into_response()
}
