//! Decision batches in the database (server only). Recording a meeting runs one
//! `workflow::db::transition_many` for all the cases, all in one transaction with the batch's own row.
use chrono::NaiveDate;
use sqlx::PgPool;

use super::{BatchCase, BatchSummary, BatchView};
use crate::auth::CurrentUser;
use crate::domain::{reference, Command, Field, Problem};
use crate::error::AppError;
use crate::workflow::db::{transition_many, Step};
use crate::workflow::Opinion;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    created_at: String,
    cases: i64,
    meeting_date: Option<String>,
}

/// How many cases await a batch, and the batches, newest first.
pub async fn batches(db: &PgPool) -> Result<(i64, Vec<BatchSummary>), AppError> {
    let waiting: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM applications a WHERE a.status = 'decision'
            AND NOT EXISTS (SELECT 1 FROM decision_batch_cases c JOIN decision_batches b ON b.id = c.batch_id
                             WHERE c.application_id = a.id AND b.recorded_at IS NULL)",
    )
    .fetch_one(db)
    .await?;
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT b.id, to_char(b.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS created_at,
                (SELECT count(*) FROM decision_batch_cases c WHERE c.batch_id = b.id) AS cases, b.meeting_date::text AS meeting_date
           FROM decision_batches b ORDER BY b.id DESC LIMIT 100",
    )
    .fetch_all(db)
    .await?;
    Ok((waiting, rows.into_iter().map(|r| BatchSummary { id: r.id, created_at: r.created_at, cases: r.cases, meeting_date: r.meeting_date }).collect()))
}

pub async fn create(db: &PgPool, user: &CurrentUser) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    // One batch is built at a time, so no case lands in two open batches.
    sqlx::query("LOCK TABLE decision_batches IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
    // Lock the cases first: a case being decided alone from its page at this moment is either
    // decided before (and no longer awaits decision) or waits and then finds itself on the agenda.
    sqlx::query("SELECT id FROM applications WHERE status = 'decision' FOR UPDATE").execute(&mut *tx).await?;
    let id: i64 = sqlx::query_scalar("INSERT INTO decision_batches (created_by) VALUES ($1) RETURNING id").bind(user.id).fetch_one(&mut *tx).await?;
    // Priority re-applications (Art. 6) first on the agenda, then the oldest.
    let added = sqlx::query(
        "INSERT INTO decision_batch_cases (batch_id, application_id, position)
         SELECT $1, a.id, row_number() OVER (ORDER BY a.priority_of IS NULL, a.updated_at, a.id) FROM applications a
          WHERE a.status = 'decision'
            AND NOT EXISTS (SELECT 1 FROM decision_batch_cases c JOIN decision_batches b ON b.id = c.batch_id
                             WHERE c.application_id = a.id AND b.recorded_at IS NULL)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 0 {
        return Err(AppError::invalid(Field::MeetingDate, Problem::NothingToDecide));
    }
    tx.commit().await?;
    tracing::info!(batch.id = id, cases = added.rows_affected(), "decision batch created");
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    application_id: i64,
    year: i32,
    full_name: String,
    talent_category: Option<i16>,
    employer_name: Option<String>,
    case_by_case: bool,
    direct_recognition: bool,
    hrss_opinion: Option<String>,
    outcome: String,
    reason: String,
}

/// The batch with its agenda: each case, its flags and HRSS's opinion.
pub async fn batch(db: &PgPool, id: i64) -> Result<BatchView, AppError> {
    let head: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT to_char(created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'), meeting_date::text
           FROM decision_batches WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let (created_at, meeting_date) = head.ok_or(AppError::NotFound)?;
    let rows: Vec<CaseRow> = sqlx::query_as(
        "SELECT c.application_id, s.year, s.full_name, s.talent_category, a.employer_name, s.case_by_case, s.direct_recognition,
                (SELECT e.opinion FROM application_events e
                  WHERE e.application_id = c.application_id AND e.from_status = 're_review' AND e.command = 'pass'
                  ORDER BY e.id DESC LIMIT 1) AS hrss_opinion,
                c.outcome, c.reason
           FROM decision_batch_cases c
           JOIN application_summaries s ON s.id = c.application_id
           JOIN applications a ON a.id = c.application_id
          WHERE c.batch_id = $1 ORDER BY c.position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let cases = rows
        .into_iter()
        .map(|r| BatchCase {
            application_id: r.application_id,
            reference: reference(r.year, r.application_id),
            full_name: r.full_name,
            talent_category: r.talent_category,
            employer_name: r.employer_name.unwrap_or_default(),
            case_by_case: r.case_by_case,
            direct_recognition: r.direct_recognition,
            hrss_opinion: r.hrss_opinion.unwrap_or_default(),
            reject: r.outcome == "reject",
            reason: r.reason,
        })
        .collect();
    Ok(BatchView { id, created_at, meeting_date, cases })
}

pub async fn set_outcome(db: &PgPool, batch: i64, application: i64, reject: bool, reason: &str) -> Result<(), AppError> {
    let updated = sqlx::query(
        "UPDATE decision_batch_cases c SET outcome = $3, reason = $4
           FROM decision_batches b
          WHERE b.id = c.batch_id AND c.batch_id = $1 AND c.application_id = $2 AND b.recorded_at IS NULL",
    )
    .bind(batch)
    .bind(application)
    .bind(if reject { "reject" } else { "approve" })
    .bind(reason)
    .execute(db)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Conflict);
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Pending {
    application_id: i64,
    version: i32,
    outcome: String,
    reason: String,
}

/// Records the meeting of `date`: each case approved or rejected (Art. 5(5)) through
/// `transition_many` (each as it was seen on the agenda), and the batch closed, in one
/// transaction — all or nothing.
pub async fn record(db: &PgPool, user: &CurrentUser, batch: i64, date: NaiveDate) -> Result<usize, AppError> {
    let mut tx = db.begin().await?;
    let open: Option<bool> = sqlx::query_scalar("SELECT recorded_at IS NULL FROM decision_batches WHERE id = $1 FOR UPDATE")
        .bind(batch)
        .fetch_optional(&mut *tx)
        .await?;
    match open {
        None => return Err(AppError::NotFound),
        Some(false) => return Err(AppError::Conflict),
        Some(true) => {}
    }
    let cases: Vec<Pending> = sqlx::query_as(
        "SELECT c.application_id, a.version, c.outcome, c.reason
           FROM decision_batch_cases c JOIN applications a ON a.id = c.application_id
          WHERE c.batch_id = $1 ORDER BY c.position",
    )
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    let approved = Opinion::text(&format!("区人才工作领导小组 {date} 会议审定通过"));
    let steps: Vec<Step> = cases
        .iter()
        .map(|case| {
            let (command, opinion) = if case.outcome == "reject" {
                (Command::Reject, Opinion::text(&format!("区人才工作领导小组 {date} 会议审定不予通过：{}", case.reason)))
            } else {
                (Command::Approve, approved.clone())
            };
            Step { id: case.application_id, seen_version: Some(case.version), command, opinion }
        })
        .collect();
    transition_many(&mut tx, user, &steps).await?;
    sqlx::query("UPDATE decision_batches SET meeting_date = $2, recorded_by = $3, recorded_at = now() WHERE id = $1")
        .bind(batch)
        .bind(date)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    // Art. 7: each decision names the version it is made under: its application's (for a case
    // from before versions were kept, the one in force on the meeting day).
    sqlx::query(
        "UPDATE decision_batch_cases x SET policy_version_id = COALESCE(a.policy_version_id, policy_in_force($2), policy_latest($2))
           FROM applications a WHERE x.batch_id = $1 AND a.id = x.application_id",
    )
    .bind(batch)
    .bind(date)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(batch.id = batch, cases = cases.len(), "decision meeting recorded");
    Ok(cases.len())
}
