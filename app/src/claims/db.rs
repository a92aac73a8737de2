//! Claim codes in the database (server only): made by the agent, used once by the talent.
use sqlx::PgPool;

use super::{derive_code, grouped, normalize, CaseClaim, ClaimView, CLAIM_HOURS};
use crate::auth::CurrentUser;
use crate::domain::{Field, Problem, Role, Section};
use crate::error::AppError;
use crate::secrets::{random_bytes, sha256};
use crate::workflow::db::load_scope;

/// A new claim code for case `id`, filed by `agent`, mailed to the application's contact e-mail
/// (one row in the outbox, in the same transaction). Older open codes of the case stop working.
pub async fn create(db: &PgPool, agent: &CurrentUser, secret: &[u8; 32], id: i64) -> Result<ClaimView, AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("SELECT 1 FROM applications WHERE id = $1 FOR UPDATE").bind(id).execute(&mut *tx).await?;
    let scope = load_scope(&mut tx, id).await?;
    if agent.role != Role::EmployerAgent || !scope.is_filer(agent) {
        return Err(AppError::NotFound);
    }
    if scope.applicant_id.is_some() {
        return Err(AppError::Conflict);
    }
    // Each code is a mail to the application's address: a few a day is plenty.
    crate::limits::hit(db, crate::limits::CLAIMS_PER_CASE, &id.to_string()).await?;
    // The code is checked against the application's ID number: the personal section comes first.
    if scope.id_number.is_none() {
        return Err(AppError::Incomplete(vec![Section::Personal]));
    }
    sqlx::query("UPDATE case_claims SET expires_at = now() WHERE application_id = $1 AND claimed_by IS NULL AND expires_at > now()")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let salt = random_bytes(16);
    let code = derive_code(secret, &salt);
    let (claim_id, expires_at): (i64, String) = sqlx::query_as(
        "INSERT INTO case_claims (application_id, created_by, salt, code_hash, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
         RETURNING id, to_char(expires_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')",
    )
    .bind(id)
    .bind(agent.id)
    .bind(&salt)
    .bind(sha256(code.as_bytes()))
    .bind(CLAIM_HOURS)
    .fetch_one(&mut *tx)
    .await?;
    let mailed = sqlx::query(
        "INSERT INTO email_outbox (claim_id, application_id, to_address)
         SELECT $2, a.id, btrim(a.answers #>> '{personal,email}') FROM applications a
          WHERE a.id = $1 AND length(btrim(a.answers #>> '{personal,email}')) BETWEEN 3 AND 254",
    )
    .bind(id)
    .bind(claim_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        > 0;
    tx.commit().await?;
    tracing::info!(application.id = id, claim.id = claim_id, "claim code made");
    Ok(ClaimView { code: grouped(&code), expires_at, mailed })
}

/// Whether case `id` is claimed, and its open code, for the agent who filed it.
pub async fn state(db: &PgPool, agent: &CurrentUser, secret: &[u8; 32], id: i64) -> Result<CaseClaim, AppError> {
    let scope = load_scope(&mut *db.acquire().await?, id).await?;
    if agent.role != Role::EmployerAgent || !scope.is_filer(agent) {
        return Err(AppError::NotFound);
    }
    let row: Option<(Vec<u8>, String, bool)> = sqlx::query_as(
        "SELECT c.salt, to_char(c.expires_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                EXISTS (SELECT 1 FROM email_outbox o WHERE o.claim_id = c.id)
           FROM case_claims c
          WHERE c.application_id = $1 AND c.claimed_by IS NULL AND c.expires_at > now()
          ORDER BY c.id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let open = row.map(|(salt, expires_at, mailed)| ClaimView { code: grouped(&derive_code(secret, &salt)), expires_at, mailed });
    Ok(CaseClaim { claimed: scope.applicant_id.is_some(), open })
}

/// The talent `user` claims a case with the code and the application's ID number. Every way of
/// failing — unknown, used or expired code, another ID number, a case already claimed — gives the
/// same answer, so nothing can be learnt by trying. Returns the case's id.
pub async fn claim(db: &PgPool, user: &CurrentUser, typed_code: &str, typed_id_number: &str) -> Result<i64, AppError> {
    let refused = || AppError::Invalid {
        errors: vec![crate::domain::FieldError { field: Field::ClaimCode, problem: Problem::ClaimRefused }],
        echo: vec![(Field::ClaimCode, typed_code.to_string()), (Field::IdNumber, typed_id_number.to_string())],
    };
    if user.role != Role::Applicant {
        return Err(AppError::Forbidden);
    }
    crate::limits::hit(db, crate::limits::CLAIM_PER_ACCOUNT, &user.id.to_string()).await?;
    let Some(code) = normalize(typed_code) else { return Err(refused()) };
    let id_number = typed_id_number.trim().to_ascii_uppercase();
    let mut tx = db.begin().await?;
    let found: Option<(i64, i64)> = sqlx::query_as(
        "SELECT c.id, c.application_id FROM case_claims c JOIN applications a ON a.id = c.application_id
          WHERE c.code_hash = $1 AND c.claimed_by IS NULL AND c.expires_at > now()
            AND upper(a.id_number) = $2 AND a.applicant_id IS NULL
          FOR UPDATE OF c, a",
    )
    .bind(sha256(code.as_bytes()))
    .bind(&id_number)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((claim_id, application_id)) = found else {
        tracing::warn!(user.id = user.id, "claim refused");
        return Err(refused());
    };
    sqlx::query("UPDATE applications SET applicant_id = $2 WHERE id = $1 AND applicant_id IS NULL")
        .bind(application_id)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE case_claims SET claimed_by = $2, claimed_at = now() WHERE id = $1").bind(claim_id).bind(user.id).execute(&mut *tx).await?;
    tx.commit().await?;
    tracing::info!(user.id = user.id, application.id = application_id, "case claimed");
    Ok(application_id)
}
