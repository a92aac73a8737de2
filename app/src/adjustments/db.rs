//! The contact list's SQL (server only): proposals, decisions, both in one transaction each; the
//! track itself changes only through `cards::lifecycle::record_card_changes`.
use chrono::NaiveDate;
use sqlx::PgPool;

use super::{HolderCard, Proposal};
use crate::auth::CurrentUser;
use crate::cards::lifecycle::{record_card_changes, CardChange};
use crate::domain::application::long_text;
use crate::domain::card::{Adjustment, AdjustmentReason};
use crate::domain::{reference, DomainError, Field, FieldError, Problem};
use crate::error::AppError;

/// The card's talent track as read on the day in parameter `day` (`$2` …).
fn seen(day: &str) -> String {
    format!("card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, {day})")
}

/// The cards of the cases routed to `dept`'s department, with their track as of `today`.
pub async fn holders(db: &PgPool, dept: &CurrentUser, today: NaiveDate) -> Result<Vec<HolderCard>, AppError> {
    let code = dept.department_code.clone().ok_or(AppError::Forbidden)?;
    let rows: Vec<(i64, i32, Option<String>, String, Option<NaiveDate>, Option<String>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.year, s.full_name, {},
                CASE WHEN c.talent_status = 'suspended' AND c.talent_since > $2 THEN c.talent_since END,
                (SELECT p.kind FROM card_adjustments p WHERE p.card_id = c.id AND p.outcome IS NULL)
           FROM cards c JOIN application_summaries s ON s.id = c.application_id
          WHERE s.department_code = $1 AND c.issued_on IS NOT NULL
          ORDER BY s.full_name, s.id LIMIT 500",
        seen("$2")
    )))
    .bind(&code)
    .bind(today)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, year, name, talent, from, open)| HolderCard {
            application_id: id,
            reference: reference(year, id),
            full_name: name.unwrap_or_default(),
            talent,
            suspended_from: from.map(|d| d.to_string()),
            open_proposal: open.as_deref().and_then(Adjustment::parse),
        })
        .collect())
}

fn refused(field: Field, problem: Problem, echo: Vec<(Field, String)>) -> AppError {
    AppError::Invalid { errors: vec![FieldError { field, problem }], echo }
}

/// The department proposes a move of case `id`'s card. Refused: another department's case (not
/// found), a move the card's state does not allow (a second suspension, a terminated card), a
/// proposal already waiting, a reason that does not fit.
pub async fn propose(db: &PgPool, dept: &CurrentUser, id: i64, kind: &str, reason: &str, details: &str, today: NaiveDate) -> Result<(), AppError> {
    let code = dept.department_code.clone().ok_or(AppError::Forbidden)?;
    let echo = vec![(Field::AdjustmentKind, kind.to_string()), (Field::AdjustmentReason, reason.to_string()), (Field::Opinion, details.to_string())];
    let kind = Adjustment::parse(kind).ok_or_else(|| refused(Field::AdjustmentKind, Problem::UnknownChoice, echo.clone()))?;
    let reason = match reason.trim() {
        "" => Err(Problem::Required),
        r => AdjustmentReason::parse(r).ok_or(Problem::UnknownChoice),
    }
    .map_err(|p| refused(Field::AdjustmentReason, p, echo.clone()))?;
    if !reason.fits(kind) {
        return Err(refused(Field::AdjustmentReason, Problem::ReasonDoesNotFit, echo));
    }
    let details = long_text(details, 2000).map_err(|p| refused(Field::Opinion, p, echo.clone()))?;
    let mut tx = db.begin().await?;
    let card: Option<(i64, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, c.talent_status, {} FROM cards c JOIN applications a ON a.id = c.application_id
          WHERE c.application_id = $1 AND c.issued_on IS NOT NULL AND a.department_code = $3 FOR UPDATE OF c",
        seen("$2")
    )))
    .bind(id)
    .bind(today)
    .bind(&code)
    .fetch_optional(&mut *tx)
    .await?;
    let (card, stored, seen) = card.ok_or(AppError::NotFound)?;
    kind.apply(&stored, &seen, today)?;
    let inserted = sqlx::query(
        "INSERT INTO card_adjustments (card_id, kind, reason, details, proposed_by, department_code) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (card_id) WHERE outcome IS NULL DO NOTHING",
    )
    .bind(card)
    .bind(kind.as_str())
    .bind(reason.as_str())
    .bind(&details)
    .bind(dept.id)
    .bind(&code)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(refused(Field::AdjustmentKind, Problem::ProposalWaiting, echo));
    }
    tx.commit().await?;
    Ok(())
}

/// The proposals waiting for HRSS: reactivations first (the holder is eligible again: priority),
/// then the oldest.
pub async fn open(db: &PgPool, today: NaiveDate) -> Result<Vec<Proposal>, AppError> {
    let rows: Vec<(i64, i64, i32, Option<String>, String, String, String, String, String, String, String, Option<NaiveDate>)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, s.id, s.year, s.full_name, p.kind, p.reason, p.details, d.name_zh, d.name_en,
                    to_char(p.proposed_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'), {},
                    CASE WHEN c.talent_status = 'suspended' AND c.talent_since > $1 THEN c.talent_since END
               FROM card_adjustments p JOIN cards c ON c.id = p.card_id JOIN application_summaries s ON s.id = c.application_id
               JOIN departments d ON d.code = p.department_code
              WHERE p.outcome IS NULL
              ORDER BY (p.kind = 'reactivate') DESC, p.proposed_at, p.id LIMIT 500",
            seen("$1")
        )))
        .bind(today)
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, app, year, name, kind, reason, details, department_zh, department_en, proposed_at, talent, pending)| {
            Some(Proposal {
                id,
                application_id: app,
                reference: reference(year, app),
                full_name: name.unwrap_or_default(),
                kind: Adjustment::parse(&kind)?,
                reason: AdjustmentReason::parse(&reason)?,
                details,
                department_zh,
                department_en,
                proposed_at,
                talent,
                suspended_from: pending.map(|d| d.to_string()),
            })
        })
        .collect())
}

/// HRSS files (`file`) or declines proposal `id`. Filed: the move, from the card's state now,
/// through `record_card_changes` (a suspension effective the 1st of next month, a reactivation
/// today), and the proposal closed with its event — one transaction.
pub async fn decide(db: &PgPool, hrss: &CurrentUser, id: i64, file: bool, today: NaiveDate) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let row: Option<(i64, String, String, String, String, String, Option<String>, Option<NaiveDate>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, p.kind, p.reason, p.details, c.talent_status, {}, c.bank_status,
                CASE WHEN c.talent_status = 'suspended' AND c.talent_since > $2 THEN c.talent_since END
           FROM card_adjustments p JOIN cards c ON c.id = p.card_id
          WHERE p.id = $1 AND p.outcome IS NULL FOR UPDATE OF p, c",
        seen("$2")
    )))
    .bind(id)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    let (card, kind, reason, _details, stored, seen, bank, pending_from) = row.ok_or(AppError::Conflict)?;
    let kind = Adjustment::parse(&kind).ok_or(AppError::Internal)?;
    let event: Option<i64> = if file {
        let (to, effective_on) = kind.apply(&stored, &seen, today)?;
        // Reactivating a suspension not yet in effect withdraws it: the event applies from the
        // day the suspension would have, so that a system applying the feed's events on their
        // days never sees the card suspended.
        let effective_on = pending_from.filter(|_| kind == Adjustment::Reactivate).unwrap_or(effective_on);
        let bank = bank.ok_or(AppError::Domain(DomainError::NotInThisState))?;
        // The event (read by the employer, the department and the holder) names the reason; what
        // the department wrote stays with the proposal, for HRSS.
        let reason = crate::i18n::Lang::Zh.adjustment_reason(AdjustmentReason::parse(&reason).ok_or(AppError::Internal)?).to_string();
        let change = CardChange {
            card_id: card,
            kind: if kind == Adjustment::Suspend { "suspended" } else { "reactivated" },
            from: Some((seen, bank.clone())),
            to: (to.to_string(), if bank == "terminated" { "terminated" } else { "active" }.to_string()),
            reason,
            document: None,
        };
        record_card_changes(&mut tx, Some(hrss), std::slice::from_ref(&change), effective_on).await?.first().copied()
    } else {
        None
    };
    sqlx::query("UPDATE card_adjustments SET outcome = $2, decided_by = $3, decided_at = now(), card_event_id = $4 WHERE id = $1")
        .bind(id)
        .bind(if file { "filed" } else { "declined" })
        .bind(hrss.id)
        .bind(event)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
