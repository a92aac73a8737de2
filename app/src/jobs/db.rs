//! The scheduled work's SQL (server only); see the module's comment for the guarantees.
use chrono::{Duration, NaiveDate};
use sqlx::{PgConnection, PgPool};

use super::Work;
use crate::cards::lifecycle::{record_card_changes, CardChange};
use crate::domain::assessment::REMIND_DAYS_BEFORE;
use crate::error::AppError;

/// The advisory lock every runner takes (one batch at a time, across every instance).
pub const LOCK: i64 = 0x5955_4a4b_4a4f_4253; // "YUJKJOBS"
/// Card ends are told 90 and 30 days ahead.
const ENDING_FIRST: i64 = 90;
const ENDING_SECOND: i64 = 30;
/// Rows per piece per batch.
pub const BATCH: i64 = 500;
/// Card ends per batch: each writes an event and a notice per provider under the feed counter's
/// lock, which every other card change waits for until the batch commits.
const EXPIRE_BATCH: i64 = 50;

/// Runs batches until nothing is left (or another runner holds the lock); what was written.
pub async fn run(db: &PgPool, today: NaiveDate) -> Result<Work, AppError> {
    let mut total = Work::default();
    loop {
        match run_batch(db, today, BATCH).await? {
            Some(work) if !work.is_empty() => total.add(work),
            Some(_) => break,
            // Another instance is running it.
            None => return Ok(total),
        }
    }
    // When it last finished: /metrics reports its age (issue 14).
    sqlx::query("INSERT INTO job_runs (name, finished_at) VALUES ('scheduled', now()) ON CONFLICT (name) DO UPDATE SET finished_at = now()")
        .execute(db)
        .await?;
    Ok(total)
}

/// One batch, at most `batch` rows of each piece, in one transaction under the lock; `None` when
/// another runner holds it. Stopped half way, nothing of the batch is kept, and the next run does it.
pub async fn run_batch(db: &PgPool, today: NaiveDate, batch: i64) -> Result<Option<Work>, AppError> {
    let mut tx = db.begin().await?;
    let ours: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)").bind(LOCK).fetch_one(&mut *tx).await?;
    if !ours {
        return Ok(None);
    }
    let mut work = Work::default();
    work.reminders += assessment_reminders(&mut tx, today, batch).await?;
    let (ending, mails) = ending_reminders(&mut tx, today, batch).await?;
    work.reminders += ending;
    work.mails += mails;
    work.expired += expire(&mut tx, today, batch.min(EXPIRE_BATCH)).await?;
    work.closed_requests += crate::requests::db::close_ended(&mut tx, today, batch).await?;
    tx.commit().await?;
    if !work.is_empty() {
        tracing::info!(reminders = work.reminders, mails = work.mails, expired = work.expired, closed_requests = work.closed_requests, "scheduled work done");
    }
    Ok(Some(work))
}

/// Art. 6: the agent is reminded of an owed round of an active card, not submitted, from
/// `REMIND_DAYS_BEFORE` days before its due date (`assessment_due`), and once it has passed
/// (`assessment_overdue`).
async fn assessment_reminders(tx: &mut PgConnection, today: NaiveDate, batch: i64) -> Result<u64, AppError> {
    let done = sqlx::query(
        "INSERT INTO reminders (kind, card_id, round, due_on)
         SELECT k.kind, c.id, r.round, r.due
           FROM cards c
          CROSS JOIN LATERAL card_rounds(c.issued_on, c.valid_until, c.retired_on, c.policy_version_id) r
          CROSS JOIN LATERAL (SELECT CASE WHEN r.due >= $1 THEN 'assessment_due' ELSE 'assessment_overdue' END AS kind) k
          WHERE c.issued_on IS NOT NULL
            AND r.due <= $3
            AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1) = 'active'
            AND NOT EXISTS (SELECT 1 FROM card_assessments x WHERE x.card_id = c.id AND x.round = r.round)
            AND NOT EXISTS (SELECT 1 FROM reminders m WHERE m.card_id = c.id AND m.round = r.round AND m.kind = k.kind)
          ORDER BY c.id, r.round LIMIT $2
         ON CONFLICT DO NOTHING",
    )
    .bind(today)
    .bind(batch)
    .bind(today + Duration::days(REMIND_DAYS_BEFORE))
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected())
}

/// Art. 6: the holder (and the unit) are told 90 and 30 days before the period ends (a card that
/// enters the 30 days without the first reminder gets only the second); the holder by e-mail too,
/// in the same transaction.
async fn ending_reminders(tx: &mut PgConnection, today: NaiveDate, batch: i64) -> Result<(u64, u64), AppError> {
    let new: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO reminders (kind, card_id, round, due_on)
         SELECT k.kind, c.id, 0, c.valid_until
           FROM cards c
          CROSS JOIN LATERAL (SELECT CASE WHEN c.valid_until <= $4 THEN 'card_ending_30' ELSE 'card_ending_90' END AS kind) k
          WHERE c.issued_on IS NOT NULL AND c.valid_until >= $1 AND c.valid_until <= $3
            AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1) IN ('active', 'suspended')
            AND NOT EXISTS (SELECT 1 FROM reminders m WHERE m.card_id = c.id AND m.round = 0 AND m.kind = k.kind)
            -- a priority re-application already under way: nothing to tell
            AND NOT EXISTS (SELECT 1 FROM applications r WHERE r.priority_of = c.application_id AND r.status NOT IN ('withdrawn', 'rejected'))
          ORDER BY c.id LIMIT $2
         ON CONFLICT DO NOTHING
         RETURNING id",
    )
    .bind(today)
    .bind(batch)
    .bind(today + Duration::days(ENDING_FIRST))
    .bind(today + Duration::days(ENDING_SECOND))
    .fetch_all(&mut *tx)
    .await?;
    let mails = sqlx::query(
        "INSERT INTO email_outbox (reminder_id, application_id, to_address)
         SELECT m.id, a.id, btrim(a.answers #>> '{personal,email}')
           FROM reminders m JOIN cards c ON c.id = m.card_id JOIN applications a ON a.id = c.application_id
          WHERE m.id = ANY($1) AND length(btrim(a.answers #>> '{personal,email}')) BETWEEN 3 AND 254
         ON CONFLICT DO NOTHING",
    )
    .bind(&new)
    .execute(&mut *tx)
    .await?;
    Ok((new.len() as u64, mails.rows_affected()))
}

/// Art. 6: past its period a card's talent services are `expired` — readers already see that on
/// the day (`card_talent_on`); here the change is recorded, effective the day after the last
/// valid day, so that the units and the providers' feed hear of it. Bank services are untouched.
async fn expire(tx: &mut PgConnection, today: NaiveDate, batch: i64) -> Result<u64, AppError> {
    let ended: Vec<(i64, String, String, NaiveDate)> = sqlx::query_as(
        "SELECT c.id, card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, c.valid_until), c.bank_status, c.valid_until
           FROM cards c
          WHERE c.issued_on IS NOT NULL AND c.valid_until < $1 AND c.talent_status IN ('active', 'suspended')
          ORDER BY c.id LIMIT $2
          FOR UPDATE OF c",
    )
    .bind(today)
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    for (card, talent, bank, valid_until) in &ended {
        let change = CardChange { card_id: *card, kind: "expired", from: Some((talent.clone(), bank.clone())), to: ("expired".into(), bank.clone()), reason: String::new(), document: None };
        let day_after = *valid_until + Duration::days(1);
        record_card_changes(&mut *tx, None, std::slice::from_ref(&change), day_after).await?;
    }
    Ok(ended.len() as u64)
}

/// The reminders of the cards of `unit` (the agent's list), the newest 50 first.
pub async fn unit_reminders(db: &PgPool, unit: &str) -> Result<Vec<crate::assessments::ReminderRow>, AppError> {
    let rows: Vec<(String, i64, i32, String, i16, NaiveDate, String)> = sqlx::query_as(
        "SELECT m.kind, s.id, s.year, s.full_name, m.round, m.due_on,
                to_char(m.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD')
           FROM reminders m JOIN cards c ON c.id = m.card_id JOIN applications a ON a.id = c.application_id
           JOIN application_summaries s ON s.id = a.id
          WHERE a.credit_code = $1 ORDER BY m.id DESC LIMIT 50",
    )
    .bind(unit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, id, year, full_name, round, due, sent_on)| crate::assessments::ReminderRow {
            kind,
            application_id: id,
            reference: crate::domain::reference(year, id),
            full_name,
            round: round as u8,
            due_on: due.to_string(),
            sent_on,
        })
        .collect())
}
