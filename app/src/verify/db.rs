//! A verification and its verdict (server only): the page and the organisations' API make the
//! same check, log it the same way and learn the same minimum.
use chrono::NaiveDate;
use sqlx::PgPool;

use super::Verdict;
use crate::auth::CurrentUser;
use crate::domain::{mask_name, ServiceType};
use crate::error::AppError;

/// Checks card number and ID number as `provider` on `today`, rate-limited per account and per
/// `address`, and logs the check. Returns the check's id and the card, when valid.
pub async fn check(
    db: &PgPool,
    provider: &CurrentUser,
    per_minute: i64,
    address: &str,
    card_number: &str,
    id_number: &str,
    today: NaiveDate,
) -> Result<(i64, Option<i64>), AppError> {
    let org = provider.provider_org_id.ok_or(AppError::Forbidden)?;
    // SYSTEM.md: guessing must not work. Per provider account and per address (limits.rs).
    let per_account = crate::limits::Limit { name: "verify-account", max: per_minute as i32, window_secs: 60 };
    crate::limits::hit(db, per_account, &provider.id.to_string()).await?;
    crate::limits::hit(db, crate::limits::VERIFY_PER_ADDRESS, address).await?;
    let card_number: String = card_number.chars().filter(|c| !c.is_whitespace()).collect();
    let id_number = id_number.trim().to_ascii_uppercase();
    // One query whether the card is unknown or the ID is wrong: no difference to observe.
    let card_id: Option<i64> = sqlx::query_scalar(
        "SELECT c.id FROM cards c JOIN applications a ON a.id = c.application_id
          WHERE c.card_number = $1 AND a.id_number = $2 AND c.talent_status = 'active' AND c.valid_until >= $3",
    )
    .bind(&card_number)
    .bind(&id_number)
    .bind(today)
    .fetch_optional(db)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO verifications (provider_user_id, provider_org_id, card_id, valid) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(provider.id)
    .bind(org)
    .bind(card_id)
    .bind(card_id.is_some())
    .fetch_one(db)
    .await?;
    Ok((id, card_id))
}

/// The verdict of one of `provider`'s own checks of the last 10 minutes.
pub async fn verdict(db: &PgPool, provider: &CurrentUser, id: i64) -> Result<Verdict, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        valid: bool,
        full_name: Option<String>,
        valid_until: Option<NaiveDate>,
        service_types: Vec<String>,
    }
    let row: Row = sqlx::query_as(
        "SELECT v.valid, a.full_name, c.valid_until, o.service_types
           FROM verifications v JOIN provider_orgs o ON o.id = v.provider_org_id
           LEFT JOIN cards c ON c.id = v.card_id LEFT JOIN applications a ON a.id = c.application_id
          WHERE v.id = $1 AND v.provider_user_id = $2 AND v.created_at > now() - interval '10 minutes'",
    )
    .bind(id)
    .bind(provider.id)
    .fetch_optional(db)
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
