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
    crate::domain::{mask_name, Role, ServiceType},
};

#[server(endpoint = "verify_card")]
pub async fn verify_card(card_number: String, id_number: String) -> Result<i64, AppError> {
    let user = require_role(&[Role::Provider]).await?;
    let org = user.provider_org_id.ok_or(AppError::Forbidden)?;
    let db = pool()?;
    // SYSTEM.md: guessing must not work. Per provider account and per address (limits.rs).
    let per_account = crate::limits::Limit { name: "verify-account", max: settings().verify_per_minute as i32, window_secs: 60 };
    crate::limits::hit(&db, per_account, &user.id.to_string()).await?;
    crate::limits::hit(&db, crate::limits::VERIFY_PER_ADDRESS, &crate::context::client_address()).await?;
    let card_number: String = card_number.chars().filter(|c| !c.is_whitespace()).collect();
    let id_number = id_number.trim().to_ascii_uppercase();
    // One query whether the card is unknown or the ID is wrong: no difference to observe.
    let card_id: Option<i64> = sqlx::query_scalar(
        "SELECT c.id FROM cards c JOIN applications a ON a.id = c.application_id
          WHERE c.card_number = $1 AND a.id_number = $2 AND c.talent_status = 'active' AND c.valid_until >= $3",
    )
    .bind(&card_number)
    .bind(&id_number)
    .bind(today())
    .fetch_optional(&db)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO verifications (provider_user_id, provider_org_id, card_id, valid) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user.id)
    .bind(org)
    .bind(card_id)
    .bind(card_id.is_some())
    .fetch_one(&db)
    .await?;
    leptos_axum::redirect(&format!("/verify?v={id}"));
    Ok(id)
}

/// The verdict of one of the caller's own checks of the last 10 minutes.
#[server(endpoint = "verification")]
pub async fn verification(id: i64) -> Result<Verdict, AppError> {
    let user = require_role(&[Role::Provider]).await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        valid: bool,
        full_name: Option<String>,
        valid_until: Option<chrono::NaiveDate>,
        service_types: Vec<String>,
    }
    let row: Row = sqlx::query_as(
        "SELECT v.valid, a.full_name, c.valid_until, o.service_types
           FROM verifications v JOIN provider_orgs o ON o.id = v.provider_org_id
           LEFT JOIN cards c ON c.id = v.card_id LEFT JOIN applications a ON a.id = c.application_id
          WHERE v.id = $1 AND v.provider_user_id = $2 AND v.created_at > now() - interval '10 minutes'",
    )
    .bind(id)
    .bind(user.id)
    .fetch_optional(&pool()?)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(match (row.valid, row.full_name, row.valid_until) {
        (true, Some(name), Some(until)) => Verdict::Valid {
            masked_name: mask_name(&name),
            valid_until: until.to_string(),
            // The services of this provider's own types (SYSTEM.md).
            services: row.service_types.iter().filter_map(|s| ServiceType::parse(s)).collect(),
        },
        _ => Verdict::NotValid,
    })
}
