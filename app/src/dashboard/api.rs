//! Server function of the dashboard (HRSS and the talent office).
use leptos::prelude::*;

use super::Stats;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::median,
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::{Role, Status},
    crate::workflow::deadlines::Deadlines,
};

#[cfg(feature = "ssr")]
const REVIEW_STAGES: [&str; 7] = ["pre_review", "first_review", "re_review", "decision", "approved", "card_production", "card_made"];

#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<Stats, AppError> {
    require_role(&[Role::Hrss, Role::TalentOffice]).await?;
    let db = pool()?;
    let mut conn = db.acquire().await?;
    // Read first: a change after it comes on the live stream and refreshes the figures (issue 15).
    let position = crate::live::db::position(&db).await?;
    let per_stage: Vec<(String, i64)> = sqlx::query_as(
        "SELECT status::text, count(*) FROM applications WHERE status <> 'draft' GROUP BY status ORDER BY status",
    )
    .fetch_all(&mut *conn)
    .await?;
    let category_mix = sqlx::query_as(
        "SELECT talent_category, count(*) FROM applications WHERE status <> 'draft' AND talent_category IS NOT NULL
          GROUP BY talent_category ORDER BY talent_category",
    )
    .fetch_all(&mut *conn)
    .await?;
    let monthly_intake = sqlx::query_as(
        "SELECT to_char(m, 'YYYY-MM'), count(a.id)
           FROM generate_series(date_trunc('month', $1::date) - interval '11 months', date_trunc('month', $1::date), interval '1 month') m
           LEFT JOIN applications a ON date_trunc('month', a.submitted_at AT TIME ZONE 'UTC' + interval '8 hours') = m
          GROUP BY m ORDER BY m",
    )
    .bind(today())
    .fetch_all(&mut *conn)
    .await?;
    // How long each stage took: from the event that entered it to the one that left it.
    let moves: Vec<(String, chrono::NaiveDate, chrono::NaiveDate)> = sqlx::query_as(
        "SELECT from_status, entered, left_on FROM (
            SELECT e.from_status,
                   (lag(e.created_at) OVER (PARTITION BY e.application_id ORDER BY e.id) AT TIME ZONE 'UTC' + interval '8 hours')::date AS entered,
                   (e.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date AS left_on, e.id
              FROM application_events e
              WHERE e.application_id IN (SELECT application_id FROM application_events ORDER BY id DESC LIMIT 5000)) t
          WHERE entered IS NOT NULL AND from_status = ANY($1) ORDER BY id DESC LIMIT 5000",
    )
    .bind(&REVIEW_STAGES[..])
    .fetch_all(&mut *conn)
    .await?;
    let deadlines = Deadlines::load(&mut conn, today()).await?;
    let median_working_days = REVIEW_STAGES
        .iter()
        .filter_map(|s| Status::from_db(s, None))
        .map(|stage| {
            let days = moves.iter().filter(|(s, _, _)| s == stage.as_db().0).map(|(_, a, b)| deadlines.working_days(*a, *b) as f64).collect();
            (stage, median(days))
        })
        .collect();
    let mut overdue = 0;
    for s in REVIEW_STAGES.iter().filter_map(|s| Status::from_db(s, None)) {
        if let Some((cutoff, _)) = deadlines.cutoffs(s) {
            let n: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM applications WHERE status = $1::application_status
                   AND updated_at < (($2::date + 1)::timestamp - interval '8 hours') AT TIME ZONE 'UTC'",
            )
            .bind(s.as_db().0)
            .bind(cutoff)
            .fetch_one(&mut *conn)
            .await?;
            overdue += n;
        }
    }
    use chrono::Datelike;
    let service_use = crate::services::db::usage(&db, today().year()).await?;
    let holders_by_status: Vec<(String, i64)> = sqlx::query_as(
        "SELECT card_talent_on(talent_status, talent_since, talent_before, valid_until, $1) AS s, count(*)
           FROM cards WHERE issued_on IS NOT NULL GROUP BY s ORDER BY s",
    )
    .bind(today())
    .fetch_all(&mut *conn)
    .await?;
    let expiring_90_days: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM cards WHERE issued_on IS NOT NULL AND valid_until BETWEEN $1 AND $1 + 90
            AND card_talent_on(talent_status, talent_since, talent_before, valid_until, $1) IN ('active', 'suspended')",
    )
    .bind(today())
    .fetch_one(&mut *conn)
    .await?;
    let (assessments_in_progress, assessments_overdue) = crate::assessments::db::counts(&db, today()).await?;
    Ok(Stats {
        position,
        assessments_in_progress,
        assessments_overdue,
        service_use,
        holders_by_status,
        expiring_90_days,
        per_stage: per_stage.into_iter().filter_map(|(s, n)| Status::from_db(&s, None).map(|s| (s, n))).collect(),
        median_working_days,
        overdue,
        category_mix,
        monthly_intake,
    })
}
