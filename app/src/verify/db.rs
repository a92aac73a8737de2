//! A verification and its verdict (server only): the page and the organisations' API make the
//! same check, log it the same way and learn the same minimum.
use chrono::NaiveDate;
use sqlx::PgConnection;

use super::Verdict;
use crate::auth::CurrentUser;
use crate::domain::{mask_name, ServiceType};
use crate::ecard::keys::EcardKeys;
use crate::error::AppError;

/// What the holder presented at the counter.
pub enum Presented<'a> {
    /// The card number and the holder's ID number.
    Number { card_number: &'a str, id_number: &'a str },
    /// A scanned QR token (`domain::ecard`), or a typed short code: the scanner fills the same
    /// field as the person at the counter, and the server tells them apart.
    Code { code: &'a str, keys: &'a EcardKeys, now: i64 },
}

/// Checks what the holder presented as `provider` on `today`, rate-limited per account and per
/// `address`, and logs the check. Returns the check's id and the card it was of (valid or not;
/// None when nothing matched). A code that is not ours or too old is logged, then refused.
/// Its statements share one connection: each taking its own from the pool costs two more round
/// trips to PostgreSQL (sqlx's checks on taking and on giving back), most of a check's time.
pub async fn check(
    db: &mut PgConnection,
    provider: &CurrentUser,
    per_minute: i64,
    address: &str,
    presented: Presented<'_>,
    today: NaiveDate,
) -> Result<(i64, Option<i64>), AppError> {
    let org = provider.provider_org_id.ok_or(AppError::Forbidden)?;
    // SYSTEM.md: guessing must not work. Per provider account and per address (limits.rs).
    let per_account = crate::limits::Limit { name: "verify-account", max: per_minute as i32, window_secs: 60 };
    crate::limits::hit_each(&mut *db, &[(per_account, &provider.id.to_string()), (crate::limits::VERIFY_PER_ADDRESS, address)]).await?;
    // What was presented comes to a card (or none) and whether it is valid on `today`: issued,
    // talent services active (Art. 6), within the period. A code that is not ours or too old
    // is logged as a check that failed, then refused with its reason.
    let (method, card_id, valid, refused) = match presented {
        Presented::Number { card_number, id_number } => {
            let card_number: String = card_number.chars().filter(|c| !c.is_whitespace()).collect();
            let id_number = id_number.trim().to_ascii_uppercase();
            // One query whether the card is unknown, the ID wrong or the card no longer in force:
            // nothing to observe, not even its time.
            let card: Option<(i64, bool)> = sqlx::query_as(
                "SELECT c.id, card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $3) = 'active' FROM cards c JOIN applications a ON a.id = c.application_id
                  WHERE c.card_number = $1 AND a.id_number = $2 AND c.issued_on IS NOT NULL",
            )
            .bind(&card_number)
            .bind(&id_number)
            .bind(today)
            .fetch_optional(&mut *db)
            .await?;
            ("number", card.map(|(id, _)| id), card.is_some_and(|(_, valid)| valid), None)
        }
        Presented::Code { code, keys, now } => match crate::ecard::db::resolve(&mut *db, keys, code, now).await? {
            (method, Ok(card)) => {
                let valid: bool = sqlx::query_scalar("SELECT card_talent_on(talent_status, talent_since, talent_before, valid_until, $2) = 'active' FROM cards WHERE id = $1")
                    .bind(card)
                    .bind(today)
                    .fetch_one(&mut *db)
                    .await?;
                (method, Some(card), valid, None)
            }
            (method, Err((problem, card))) => (method, card, false, Some(problem)),
        },
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO verifications (provider_user_id, provider_org_id, card_id, valid, method) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(provider.id)
    .bind(org)
    .bind(card_id)
    .bind(valid)
    .bind(method)
    .fetch_one(&mut *db)
    .await?;
    let outcome = match (&refused, valid) {
        (Some(_), _) => "refused",
        (None, true) => "valid",
        (None, false) => "not_valid",
    };
    crate::metrics::count("yunju_verifications_total", &[("method", method), ("outcome", outcome)]);
    if let Some(problem) = refused {
        return Err(AppError::invalid(crate::domain::Field::EcardCode, problem));
    }
    Ok((id, card_id))
}

/// The verdict of one of `provider`'s own checks of the last 10 minutes, as of `today`.
pub async fn verdict(conn: &mut PgConnection, provider: &CurrentUser, id: i64, today: NaiveDate) -> Result<Verdict, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        valid: Option<bool>,
        card_id: Option<i64>,
        full_name: Option<String>,
        valid_until: Option<NaiveDate>,
        service_types: Vec<String>,
        answers: Option<String>,
        has_photo: bool,
    }
    let row: Row = sqlx::query_as(
        // Valid then, and still now: a card terminated since the check shows nothing.
        "SELECT v.valid AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $3) = 'active' AS valid, v.card_id, a.full_name, c.valid_until, o.service_types, a.answers::text AS answers,
                EXISTS (SELECT 1 FROM documents d WHERE d.application_id = a.id AND d.kind = 'photo' AND d.removed_at IS NULL) AS has_photo
           FROM verifications v JOIN provider_orgs o ON o.id = v.provider_org_id
           LEFT JOIN cards c ON c.id = v.card_id LEFT JOIN applications a ON a.id = c.application_id
          WHERE v.id = $1 AND v.provider_user_id = $2 AND v.created_at > now() - interval '10 minutes'",
    )
    .bind(id)
    .bind(provider.id)
    .bind(today)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(match (row.valid.unwrap_or(false), row.card_id, row.full_name, row.valid_until) {
        (true, Some(card), Some(name), Some(until)) => {
            // The services of this provider's own types (SYSTEM.md), and their quotas left.
            let types: Vec<ServiceType> = row.service_types.iter().filter_map(|s| ServiceType::parse(s)).collect();
            let offers = crate::services::db::offers(conn, card, &types, today).await?;
            Verdict::Valid {
                masked_name: mask_name(&name),
                valid_until: until.to_string(),
                dependents: crate::services::db::reached_dependents(row.answers.as_deref().unwrap_or("{}"), &types, today),
                services: types,
                offers,
                has_photo: row.has_photo,
            }
        }
        _ => Verdict::NotValid,
    })
}
