//! Server functions of the admin's key page and of the API's documentation page.
use leptos::prelude::*;

use super::{ApiKeysPage, DocOperation, DocSchema};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::db,
    crate::auth::session::require_role,
    crate::context::{pool, settings},
    crate::domain::{application::text, Field, Role},
};

/// The admin: every key (never the key itself), the accounts a key may act as, and the key just
/// created, this once.
#[server(endpoint = "api_keys")]
pub async fn api_keys(#[server(default)] created: Option<i64>) -> Result<ApiKeysPage, AppError> {
    let admin = require_role(&[Role::Admin]).await?;
    let db = pool()?;
    let revealed = match created {
        Some(id) => db::reveal(&db, settings().secret.as_slice(), &admin, id).await?.map(|key| (id, key)),
        None => None,
    };
    Ok(ApiKeysPage { keys: db::list(&db).await?, accounts: db::accounts(&db).await?, revealed })
}

/// The admin creates a key for a bank or provider account; the page then shows it once.
#[server(endpoint = "create_api_key")]
pub async fn create_api_key(account: i64, name: String, #[server(default)] scopes: Vec<String>) -> Result<(), AppError> {
    let admin = require_role(&[Role::Admin]).await?;
    let name = text(&name, 100).map_err(|p| AppError::Invalid { errors: vec![crate::domain::FieldError { field: Field::DisplayName, problem: p }], echo: vec![(Field::DisplayName, name.clone())] })?;
    let id = db::create(&pool()?, settings().secret.as_slice(), &admin, account, &name, &scopes).await?;
    leptos_axum::redirect(&format!("/admin/api-keys?created={id}"));
    Ok(())
}

/// The admin revokes a key: from the next request on, it gets 401.
#[server(endpoint = "revoke_api_key")]
pub async fn revoke_api_key(id: i64) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    db::revoke(&pool()?, id).await?;
    leptos_axum::redirect("/admin/api-keys");
    Ok(())
}

/// The API's operations and schemas, read from its OpenAPI document (public, like the document).
#[server(endpoint = "api_document")]
pub async fn api_document() -> Result<(Vec<DocOperation>, Vec<DocSchema>), AppError> {
    Ok(read_document(&super::openapi::document()))
}

/// A schema's type in a word: `ApiBatch`, `[ApiBatch]`, `string | null` …
#[cfg(feature = "ssr")]
fn type_of(schema: &serde_json::Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(|r| r.as_str()) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(any) = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(|v| v.as_array()) {
        return any.iter().map(type_of).collect::<Vec<_>>().join(" | ");
    }
    let types: Vec<String> = match schema.get("type") {
        Some(serde_json::Value::String(t)) => vec![t.clone()],
        Some(serde_json::Value::Array(ts)) => ts.iter().filter_map(|t| t.as_str().map(str::to_string)).collect(),
        _ => vec!["any".into()],
    };
    types
        .into_iter()
        .map(|t| if t == "array" { format!("[{}]", schema.get("items").map(type_of).unwrap_or_default()) } else { t })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[cfg(feature = "ssr")]
fn read_document(doc: &serde_json::Value) -> (Vec<DocOperation>, Vec<DocSchema>) {
    let empty = serde_json::Map::new();
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap_or(&empty) {
        for (method, op) in item.as_object().unwrap_or(&empty) {
            let scope = op["security"][0]["api_key"].as_array().map(|s| s.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "));
            let json_schema = |v: &serde_json::Value| v["content"]["application/json"].get("schema").map(type_of);
            operations.push(DocOperation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: op["summary"].as_str().unwrap_or_default().to_string(),
                description: op["description"].as_str().unwrap_or_default().to_string(),
                scope: scope.unwrap_or_default(),
                parameters: op["parameters"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| {
                                (
                                    p["name"].as_str().unwrap_or_default().to_string(),
                                    p["in"].as_str().unwrap_or_default().to_string(),
                                    p["required"].as_bool().unwrap_or(false),
                                    p.get("schema").map(type_of).unwrap_or_default(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                request: op.get("requestBody").and_then(json_schema),
                responses: op["responses"]
                    .as_object()
                    .unwrap_or(&empty)
                    .iter()
                    .map(|(code, r)| (code.clone(), r["description"].as_str().unwrap_or_default().to_string(), json_schema(r)))
                    .collect(),
            });
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .unwrap_or(&empty)
        .iter()
        .map(|(name, s)| {
            let required: Vec<&str> = s["required"].as_array().map(|r| r.iter().filter_map(|x| x.as_str()).collect()).unwrap_or_default();
            DocSchema {
                name: name.clone(),
                properties: s["properties"]
                    .as_object()
                    .unwrap_or(&empty)
                    .iter()
                    .map(|(p, v)| (p.clone(), type_of(v), required.contains(&p.as_str())))
                    .collect(),
            }
        })
        .collect();
    (operations, schemas)
}
