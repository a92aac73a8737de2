//! A card's life after issuing (RULES.md Art. 6), server only: every change of its two tracks
//! (`record_card_changes`), the events that change no track (`record_card_events`: a
//! retirement), and HRSS's termination. Each writes its `card_events` row (append-only, in the
//! feed's commit order) and the notices in the caller's transaction.
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use crate::apply::documents::{store_pdf, Files, Upload};
use crate::auth::CurrentUser;
use crate::domain::{Field, FieldError, Problem};
use crate::error::AppError;

/// One change of a card's two tracks (Art. 6), for `record_card_changes`.
pub struct CardChange {
    pub card_id: i64,
    /// `issued`, `suspended`, `reactivated`, `terminated`, `expired`; `retired` changes no track.
    pub kind: &'static str,
    /// (talent, bank) before; None when the card is being issued.
    pub from: Option<(String, String)>,
    /// (talent, bank) after.
    pub to: (String, String),
    pub reason: String,
    /// A termination's document (Art. 6(2)): `termination_documents.id`.
    pub document: Option<i64>,
}

/// Every change of a card's two tracks goes through here (Art. 6): the tracks on `cards`, then
/// `record_card_events`, effective `effective_on`. `actor`: who made the change; `None` for the
/// scheduler (`jobs`: the end of the period).
pub async fn record_card_changes(tx: &mut PgConnection, actor: Option<&CurrentUser>, changes: &[CardChange], effective_on: NaiveDate) -> Result<Vec<i64>, AppError> {
    let ids: Vec<i64> = changes.iter().map(|c| c.card_id).collect();
    let talent_from: Vec<Option<&str>> = changes.iter().map(|c| c.from.as_ref().map(|f| f.0.as_str())).collect();
    let talent_to: Vec<&str> = changes.iter().map(|c| c.to.0.as_str()).collect();
    let bank_to: Vec<&str> = changes.iter().map(|c| c.to.1.as_str()).collect();
    sqlx::query(
        // The talent track takes effect `effective_on` (a suspension: the 1st of next month); until
        // then a reader sees the one before (`card_talent_on`).
        "UPDATE cards c SET talent_status = v.talent, bank_status = v.bank, talent_since = $5, talent_before = v.before
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS v(id, talent, bank, before) WHERE c.id = v.id",
    )
    .bind(&ids)
    .bind(&talent_to)
    .bind(&bank_to)
    .bind(&talent_from)
    .bind(effective_on)
    .execute(&mut *tx)
    .await?;
    record_card_events(tx, actor, changes, effective_on).await
}

/// The `card_events` rows of `changes` (append-only; the feed position taken in commit order by
/// a trigger) and their notices — the employer's unit, the case's industry department, every
/// provider (not of a retirement, which changes no service), and after issuing the holder too
/// (the issue reaches the holder as a change of the case) — in the caller's transaction. Called
/// alone for an event that changes no track (a retirement).
pub async fn record_card_events(tx: &mut PgConnection, actor: Option<&CurrentUser>, changes: &[CardChange], effective_on: NaiveDate) -> Result<Vec<i64>, AppError> {
    let ids: Vec<i64> = changes.iter().map(|c| c.card_id).collect();
    let kinds: Vec<&str> = changes.iter().map(|c| c.kind).collect();
    let talent_from: Vec<Option<&str>> = changes.iter().map(|c| c.from.as_ref().map(|f| f.0.as_str())).collect();
    let bank_from: Vec<Option<&str>> = changes.iter().map(|c| c.from.as_ref().map(|f| f.1.as_str())).collect();
    let talent_to: Vec<&str> = changes.iter().map(|c| c.to.0.as_str()).collect();
    let bank_to: Vec<&str> = changes.iter().map(|c| c.to.1.as_str()).collect();
    let reasons: Vec<&str> = changes.iter().map(|c| c.reason.as_str()).collect();
    let documents: Vec<Option<i64>> = changes.iter().map(|c| c.document).collect();
    let events: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO card_events (card_id, feed_position, kind, talent_from, talent_to, bank_from, bank_to, actor_id, actor_role, reason, effective_on, document_id)
         SELECT v.id, 0, v.kind, v.talent_from, v.talent_to, v.bank_from, v.bank_to, $8, $9::user_role, v.reason, $10, v.document
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $11::bigint[])
                WITH ORDINALITY AS v(id, kind, talent_from, talent_to, bank_from, bank_to, reason, document, n)
          ORDER BY v.n
         RETURNING id",
    )
    .bind(&ids)
    .bind(&kinds)
    .bind(&talent_from)
    .bind(&talent_to)
    .bind(&bank_from)
    .bind(&bank_to)
    .bind(&reasons)
    .bind(actor.map(|a| a.id))
    .bind(actor.map(|a| a.role.as_str()))
    .bind(effective_on)
    .bind(&documents)
    .fetch_all(&mut *tx)
    .await?;
    for change in changes {
        crate::metrics::transition("card", change.kind);
    }
    sqlx::query(
        "INSERT INTO card_notices (card_event_id, unit_credit_code, department_code, provider_org_id, user_id)
         SELECT e.id, u.unit, u.department, u.provider, u.holder
           FROM card_events e JOIN cards c ON c.id = e.card_id JOIN applications a ON a.id = c.application_id
          CROSS JOIN LATERAL (
                SELECT a.credit_code AS unit, NULL::text AS department, NULL::bigint AS provider, NULL::bigint AS holder WHERE a.credit_code IS NOT NULL
                UNION ALL SELECT NULL, a.department_code, NULL, NULL WHERE a.department_code IS NOT NULL
                -- A retirement changes no service: no provider hears of it.
                UNION ALL SELECT NULL, NULL, p.id, NULL FROM provider_orgs p WHERE e.kind <> 'retired'
                UNION ALL SELECT DISTINCT NULL::text, NULL::text, NULL::bigint, h.id FROM users h
                           WHERE e.kind <> 'issued' AND (h.id = a.applicant_id OR h.id = a.filed_by)) AS u
          WHERE e.id = ANY($1)",
    )
    .bind(&events)
    .execute(&mut *tx)
    .await?;
    for c in changes {
        tracing::info!(card.id = c.card_id, kind = c.kind, "card change");
    }
    Ok(events)
}

/// The card of case `id`, locked, as HRSS may terminate it: (card, talent track today, bank track).
async fn terminable(tx: &mut PgConnection, hrss: &CurrentUser, id: i64, today: NaiveDate) -> Result<(i64, String, String), AppError> {
    if hrss.role != crate::domain::Role::Hrss {
        return Err(AppError::NotFound);
    }
    let scope = crate::workflow::db::load_scope(tx, id).await?;
    if !scope.visible_to(hrss) {
        return Err(AppError::NotFound);
    }
    let card: Option<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT c.id, card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $2), c.bank_status
           FROM cards c WHERE c.application_id = $1 AND c.issued_on IS NOT NULL FOR UPDATE",
    )
    .bind(id)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((card_id, Some(seen), Some(bank))) = card else {
        return Err(AppError::Domain(crate::domain::DomainError::NotInThisState));
    };
    crate::domain::card::terminate(&seen, &bank, hrss.role)?;
    Ok((card_id, seen, bank))
}

/// HRSS uploads the document a termination is made on (Art. 6(2)): a PDF of at most 10 MB, for
/// an issued card not yet terminated. Who, and which card, is asked before the body is read.
pub(crate) async fn termination_upload_allowed(db: &PgPool, hrss: &CurrentUser, id: i64, today: NaiveDate) -> Result<(), AppError> {
    terminable(&mut *db.begin().await?, hrss, id, today).await.map(drop)
}

pub(crate) async fn store_termination_document(db: &PgPool, files: &Files, hrss: &CurrentUser, id: i64, upload: Upload, today: NaiveDate) -> Result<(), AppError> {
    let (card_id, _, _) = terminable(&mut *db.begin().await?, hrss, id, today).await?;
    let pdf = store_pdf(files, upload, Field::Document, "termination.pdf").await?;
    sqlx::query(
        "INSERT INTO termination_documents (token, card_id, file_name, byte_size, sha256, storage_key, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(pdf.token)
    .bind(card_id)
    .bind(pdf.file_name)
    .bind(pdf.byte_size)
    .bind(pdf.sha256)
    .bind(pdf.storage_key)
    .bind(hrss.id)
    .execute(db)
    .await?;
    Ok(())
}

/// The newest document uploaded for the termination of case `id`'s card: (file name, token).
pub async fn termination_document(conn: &mut PgConnection, id: i64) -> Result<Option<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT d.file_name, d.token FROM termination_documents d JOIN cards c ON c.id = d.card_id
          WHERE c.application_id = $1 ORDER BY d.id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// A termination document, for HRSS: (file name, storage key).
pub(crate) async fn termination_document_file(db: &PgPool, hrss: &CurrentUser, token: &str) -> Result<(String, String), AppError> {
    if hrss.role != crate::domain::Role::Hrss || !crate::apply::documents::is_token(token) {
        return Err(AppError::NotFound);
    }
    let row: Option<(String, String)> = sqlx::query_as("SELECT file_name, storage_key FROM termination_documents WHERE token = $1")
        .bind(token)
        .fetch_optional(db)
        .await?;
    row.ok_or(AppError::NotFound)
}

/// HRSS terminates the card of case `id` on `today` (Art. 6(2)): talent and bank services both
/// end, at once and for good; the units, the providers' feed and the holder hear of it in the same
/// transaction. `reason` says what happened; the ground names the article's case; the event names
/// the document uploaded for it (required).
pub async fn terminate(db: &PgPool, hrss: &CurrentUser, id: i64, ground: crate::domain::TerminationGround, reason: &str, today: NaiveDate) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let (card_id, seen, bank) = terminable(&mut tx, hrss, id, today).await?;
    let document: Option<i64> =
        sqlx::query_scalar("SELECT id FROM termination_documents WHERE card_id = $1 ORDER BY id DESC LIMIT 1").bind(card_id).fetch_optional(&mut *tx).await?;
    let Some(document) = document else {
        return Err(AppError::Invalid {
            errors: vec![FieldError { field: Field::Document, problem: Problem::DocumentMissing }],
            echo: vec![(Field::TerminationGround, ground.as_str().to_string()), (Field::Opinion, reason.to_string())],
        });
    };
    let (talent, bank_to) = crate::domain::card::terminate(&seen, &bank, hrss.role)?;
    let to = (talent.to_string(), bank_to.to_string());
    let reason = format!("{}：{}", crate::i18n::Lang::Zh.termination_ground(ground), reason.trim());
    let change = CardChange { card_id, kind: "terminated", from: Some((seen, bank)), to, reason, document: Some(document) };
    record_card_changes(&mut tx, Some(hrss), std::slice::from_ref(&change), today).await?;
    // A proposal to move the card on or off the contact list has nothing left to decide.
    sqlx::query("UPDATE card_adjustments SET outcome = 'declined', decided_by = $2, decided_at = now() WHERE card_id = $1 AND outcome IS NULL")
        .bind(card_id)
        .bind(hrss.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
