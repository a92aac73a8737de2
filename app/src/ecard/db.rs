//! The e-card's codes and the holder's data tracker (server only).
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::keys::EcardKeys;
use super::{Tracker, EcardQr, TrackedCheck, TrackedView};
use crate::auth::CurrentUser;
use crate::domain::ecard::{ShortCode, TokenProblem, TOKEN_SECONDS};
use crate::domain::{Problem, Role};
use crate::error::AppError;

/// The holder's card in force on `today` (issued, talent services active, within its period).
pub async fn card_in_force(db: &PgPool, holder: &CurrentUser, today: NaiveDate) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT c.id FROM cards c JOIN applications a ON a.id = c.application_id
          WHERE (a.applicant_id = $1 OR a.filed_by = $1) AND c.issued_on IS NOT NULL
            AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $2) = 'active'
          ORDER BY c.issued_on DESC, c.id DESC LIMIT 1",
    )
    .bind(holder.id)
    .bind(today)
    .fetch_optional(db)
    .await?)
}

/// New codes a holder's page may ask for per minute (it asks every 30 s; a script asking more
/// would only fill `ecard_codes`).
const CODES_PER_MINUTE: crate::limits::Limit = crate::limits::Limit { name: "ecard-codes", max: 20, window_secs: 60 };

/// A new QR code and short code for the holder's card in force, both good for
/// `domain::ecard::TOKEN_SECONDS` from `now`.
pub async fn new_code(db: &PgPool, holder: &CurrentUser, keys: &EcardKeys, label: &str, today: NaiveDate, now: i64) -> Result<Option<EcardQr>, AppError> {
    if holder.role != Role::Applicant {
        return Ok(None);
    }
    let Some(card) = card_in_force(db, holder, today).await? else { return Ok(None) };
    crate::limits::hit(db, CODES_PER_MINUTE, &holder.id.to_string()).await?;
    let (token, code) = mint(db, keys, card, now).await?;
    let until = chrono::DateTime::from_timestamp(now + TOKEN_SECONDS, 0).unwrap_or_default() + chrono::Duration::hours(8);
    Ok(Some(EcardQr { qr_svg: super::qr_svg(&token, label), short_code: code.display(), valid_until: until.format("%H:%M:%S").to_string() }))
}

/// Makes a QR token and a short code for `card`, issued at `now`: each stands for the card in
/// `ecard_codes` (by its SHA-256) until it expires, and an hour more, so that a late one reads
/// "expired" rather than "unknown".
pub async fn mint(db: &PgPool, keys: &EcardKeys, card: i64, now: i64) -> Result<(String, ShortCode), AppError> {
    sqlx::query("DELETE FROM ecard_codes WHERE expires_at < now() - interval '1 hour'").execute(db).await?;
    let nonce: [u8; 16] = crate::secrets::random_bytes(16).try_into().expect("16 bytes");
    remember(db, &nonce, card, now).await?;
    // A short code is 40 bits: should one be taken, another is drawn (never someone else's shown).
    for _ in 0..5 {
        let code = ShortCode::from_random(crate::secrets::random_bytes(5).try_into().expect("5 bytes"));
        if remember(db, code.as_str().as_bytes(), card, now).await? {
            return Ok((keys.sign(nonce, now), code));
        }
    }
    Err(AppError::Internal)
}

/// Records that `secret` stands for `card` until its code expires; false when already taken.
async fn remember(db: &PgPool, secret: &[u8], card: i64, now: i64) -> Result<bool, AppError> {
    let done = sqlx::query("INSERT INTO ecard_codes (code_hash, card_id, expires_at) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT DO NOTHING")
        .bind(crate::secrets::sha256(secret))
        .bind(card)
        .bind((now + TOKEN_SECONDS) as f64)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The card `secret` stands for, and whether it is still good.
async fn recall(db: &mut PgConnection, secret: &[u8]) -> Result<Option<(i64, bool)>, AppError> {
    Ok(sqlx::query_as("SELECT card_id, expires_at >= now() FROM ecard_codes WHERE code_hash = $1")
        .bind(crate::secrets::sha256(secret))
        .fetch_optional(db)
        .await?)
}

/// What an e-card code presented at a counter comes to: its method (`qr` or `code`), and the
/// card when the code is good — else the problem, with the card when it is known (an expired
/// code of ours), so that the refused check is logged against it.
pub async fn resolve(db: &mut PgConnection, keys: &EcardKeys, typed: &str, now: i64) -> Result<(&'static str, Result<i64, (Problem, Option<i64>)>), AppError> {
    let typed = typed.trim();
    let (method, secret) = if typed.starts_with(crate::domain::ecard::PREFIX) {
        match keys.check(typed, now) {
            Ok(nonce) => ("qr", nonce.to_vec()),
            Err((problem, Some(nonce))) => {
                let card = recall(&mut *db, &nonce).await?.map(|(card, _)| card);
                return Ok(("qr", Err((problem.as_problem(), card))));
            }
            Err((problem, None)) => return Ok(("qr", Err((problem.as_problem(), None)))),
        }
    } else {
        match ShortCode::parse(typed) {
            Some(code) => ("code", code.as_str().as_bytes().to_vec()),
            None => return Ok(("code", Err((Problem::CodeNotOurs, None)))),
        }
    };
    Ok((
        method,
        match recall(db, &secret).await? {
            Some((card, true)) => Ok(card),
            Some((card, false)) => Err((TokenProblem::Expired.as_problem(), Some(card))),
            None => Err((TokenProblem::NotOurs.as_problem(), None)),
        },
    ))
}

/// Every check of the holder's cards and every official's opening of their cases, newest first.
pub async fn tracker(db: &PgPool, holder: &CurrentUser) -> Result<Tracker, AppError> {
    #[derive(sqlx::FromRow)]
    struct Check {
        at: String,
        org_zh: String,
        org_en: String,
        valid: bool,
        method: String,
        services: Vec<String>,
        cancelled: Vec<bool>,
    }
    let checks: Vec<Check> = sqlx::query_as(
        "SELECT to_char(v.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS at,
                o.name_zh AS org_zh, o.name_en AS org_en, v.valid, v.method,
                COALESCE(array_agg(r.service ORDER BY r.id) FILTER (WHERE r.id IS NOT NULL), '{}') AS services,
                COALESCE(array_agg(x.id IS NOT NULL ORDER BY r.id) FILTER (WHERE r.id IS NOT NULL), '{}') AS cancelled
           FROM verifications v JOIN provider_orgs o ON o.id = v.provider_org_id
           JOIN cards c ON c.id = v.card_id JOIN applications a ON a.id = c.application_id
           LEFT JOIN service_records r ON r.verification_id = v.id
           LEFT JOIN service_cancellations x ON x.record_id = r.id
          WHERE a.applicant_id = $1 OR a.filed_by = $1
          GROUP BY v.id, o.id ORDER BY v.id DESC LIMIT 500",
    )
    .bind(holder.id)
    .fetch_all(db)
    .await?;
    // Every official who opened the case page, or one of the holder's requests (issue 19).
    let views: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT to_char(x.at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'), x.role, d.name_zh, d.name_en
           FROM (SELECT w.viewed_at AS at, w.viewer_role::text AS role, w.department_code AS unit
                   FROM case_views w JOIN applications a ON a.id = w.application_id
                  WHERE a.applicant_id = $1 OR a.filed_by = $1
                 UNION ALL
                 SELECT v.created_at, v.viewer_role::text, v.department_code
                   FROM request_views v JOIN service_requests r ON r.id = v.request_id
                  WHERE r.holder_id = $1) x
           LEFT JOIN departments d ON d.code = x.unit
          ORDER BY x.at DESC LIMIT 500",
    )
    .bind(holder.id)
    .fetch_all(db)
    .await?;
    Ok(Tracker {
        checks: checks
            .into_iter()
            .map(|c| TrackedCheck {
                at: c.at,
                org_zh: c.org_zh,
                org_en: c.org_en,
                valid: c.valid,
                method: c.method,
                services: c.services.into_iter().zip(c.cancelled).collect(),
            })
            .collect(),
        views: views
            .into_iter()
            .filter_map(|(at, role, department_zh, department_en)| Some(TrackedView { at, role: Role::parse(&role)?, department_zh, department_en }))
            .collect(),
    })
}

/// An official opened case `id`'s page: the holder's tracker shows when and which body. Written in
/// the request that shows the page. The filer and the talent themselves are not logged.
pub async fn log_case_view(db: &PgPool, viewer: &CurrentUser, id: i64) -> Result<(), AppError> {
    if matches!(viewer.role, Role::Applicant | Role::EmployerAgent) {
        return Ok(());
    }
    sqlx::query("INSERT INTO case_views (application_id, viewer_id, viewer_role, department_code) VALUES ($1, $2, $3::user_role, $4)")
        .bind(id)
        .bind(viewer.id)
        .bind(viewer.role.as_str())
        .bind(&viewer.department_code)
        .execute(db)
        .await?;
    Ok(())
}

/// The photo of the holder's newest issued card: storage key and content type.
pub async fn holder_photo(db: &PgPool, holder: &CurrentUser) -> Result<Option<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT d.storage_key, d.content_type FROM cards c JOIN applications a ON a.id = c.application_id
           JOIN documents d ON d.application_id = a.id AND d.kind = 'photo' AND d.removed_at IS NULL
          WHERE (a.applicant_id = $1 OR a.filed_by = $1) AND c.issued_on IS NOT NULL
          ORDER BY c.issued_on DESC, c.id DESC, d.id DESC LIMIT 1",
    )
    .bind(holder.id)
    .fetch_optional(db)
    .await?)
}

/// The photo behind one of `provider`'s own valid checks of the last 10 minutes.
pub async fn check_photo(db: &PgPool, provider: &CurrentUser, check: i64) -> Result<Option<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT d.storage_key, d.content_type FROM verifications v JOIN cards c ON c.id = v.card_id
           JOIN documents d ON d.application_id = c.application_id AND d.kind = 'photo' AND d.removed_at IS NULL
          WHERE v.id = $1 AND v.provider_user_id = $2 AND v.valid AND v.created_at > now() - interval '10 minutes'
            AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, (now() AT TIME ZONE 'UTC' + interval '8 hours')::date) = 'active'
          ORDER BY d.id DESC LIMIT 1",
    )
    .bind(check)
    .bind(provider.id)
    .fetch_optional(db)
    .await?)
}
