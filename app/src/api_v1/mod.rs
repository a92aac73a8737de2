//! The organisations' API (issue 11, item 4; SYSTEM.md "Organisations' systems"): JSON under
//! `/api/v1/`, described by an OpenAPI 3.1 document generated from this code (`openapi`), read by
//! people at `/api-docs`.
//!
//! A caller presents an API key (`Authorization: Bearer yjk_…`). The admin creates keys for a bank
//! or provider account, with scopes — `bank_orders` (the bank's batches and results),
//! `verify` (check a card), `status_feed` (the cards' status changes) — and revokes them. A key
//! acts as its account: the same checks, minimal answers, limits and logs as that account's pages.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod openapi;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod views;

use serde::{Deserialize, Serialize};

/// What a key may do.
pub const SCOPES: [&str; 3] = ["bank_orders", "verify", "status_feed"];

/// An API key as the admin's list shows it (never the key itself).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub name: String,
    /// The account it acts as, and that account's organisation.
    pub account: String,
    pub scopes: Vec<String>,
    /// The key's first characters, to tell keys apart.
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A bank or provider account a key may be made for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyAccount {
    pub id: i64,
    pub label: String,
    pub bank: bool,
}

/// The admin's page: the keys, the accounts, and a key just created (shown this once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApiKeysPage {
    pub keys: Vec<ApiKeyView>,
    pub accounts: Vec<KeyAccount>,
    pub revealed: Option<(i64, String)>,
}

/// One operation of the API, as `/api-docs` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocOperation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub scope: String,
    pub parameters: Vec<(String, String, bool, String)>,
    pub request: Option<String>,
    pub responses: Vec<(String, String, Option<String>)>,
}

/// A schema of the API, as `/api-docs` lists it: each property with its type and whether it is
/// always there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocSchema {
    pub name: String,
    pub properties: Vec<(String, String, bool)>,
}
