//! Server functions of the provider's verification page.
//!
//! `verify_card` logs the check and sends the browser to `/verify?v={id}`; the page then reads the
//! verdict of that logged check (only its own provider account may), so the answer shows the same
//! with and without JavaScript and the ID number never appears in a URL.
use leptos::prelude::*;

use super::Verdict;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, settings, today},
    crate::domain::Role,
};

#[server(endpoint = "verify_card")]
pub async fn verify_card(card_number: String, id_number: String) -> Result<i64, AppError> {
    let user = require_role(&[Role::Provider]).await?;
    let address = crate::context::client_address();
    let (id, _) = super::db::check(&pool()?, &user, settings().verify_per_minute, &address, &card_number, &id_number, today()).await?;
    leptos_axum::redirect(&format!("/verify?v={id}"));
    Ok(id)
}

/// The verdict of one of the caller's own checks of the last 10 minutes.
#[server(endpoint = "verification")]
pub async fn verification(id: i64) -> Result<Verdict, AppError> {
    let user = require_role(&[Role::Provider]).await?;
    super::db::verdict(&pool()?, &user, id).await
}
