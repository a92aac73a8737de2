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
    crate::auth::session::{require_role, require_role_and_connection},
    crate::context::{pool, settings, today},
    crate::domain::Role,
};

#[server(endpoint = "verify_card")]
pub async fn verify_card(card_number: String, id_number: String) -> Result<i64, AppError> {
    // One connection for the session and the check.
    let (user, mut conn) = require_role_and_connection(&[Role::Provider]).await?;
    let address = crate::context::client_address();
    let presented = super::db::Presented::Number { card_number: &card_number, id_number: &id_number };
    let (id, _) = super::db::check(&mut conn, &user, settings().verify_per_minute, &address, presented, today()).await?;
    leptos_axum::redirect(&format!("/verify?v={id}"));
    Ok(id)
}

/// Checks an e-card: the QR token the scanner read, or the short code typed from the holder's
/// phone. A code that is not ours or too old comes back as a problem with the field.
#[server(endpoint = "verify_code")]
pub async fn verify_code(code: String) -> Result<i64, AppError> {
    let (user, mut conn) = require_role_and_connection(&[Role::Provider]).await?;
    let address = crate::context::client_address();
    let settings = settings();
    let presented = super::db::Presented::Code { code: &code, keys: &settings.ecard, now: crate::context::now_seconds() };
    let (id, _) = super::db::check(&mut conn, &user, settings.verify_per_minute, &address, presented, today())
        .await
        .map_err(|e| match e {
            // What was typed comes back in the field (a short code is no personal data).
            AppError::Invalid { errors, .. } => AppError::Invalid { errors, echo: vec![(crate::domain::Field::EcardCode, code.clone())] },
            e => e,
        })?;
    leptos_axum::redirect(&format!("/verify?v={id}"));
    Ok(id)
}

/// The verdict of one of the caller's own checks of the last 10 minutes.
#[server(endpoint = "verification")]
pub async fn verification(id: i64) -> Result<Verdict, AppError> {
    // The session first, as the page's other resources read it (it is read once per request): a
    // connection taken before would sit idle while another fills it.
    let user = require_role(&[Role::Provider]).await?;
    super::db::verdict(&mut *pool()?.acquire().await?, &user, id, today()).await
}
