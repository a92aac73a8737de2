//! The service ledger's SQL (server only). Recording and cancelling each run in one transaction:
//! the check and the card are re-read, the rule of `domain::services` applied, the quota kept by
//! the database (`service_quota_use`: one conditional upsert), the entry written.
use chrono::{Datelike, NaiveDate};
use sqlx::{PgConnection, PgPool};

use super::{DependentView, Offer, RecordView, ServiceUse};
use crate::auth::CurrentUser;
use crate::domain::application::{long_text, past_date};
use crate::domain::sections::Answers;
use crate::domain::services::{may_cancel, may_record, mask_given_name, quota_year, LedgerProblem, Quotas, Service, MAX_NOTE_CHARS};
use crate::domain::{mask_name, Field, FieldError, Problem, Role, ServiceType};
use crate::error::AppError;

/// What a counter typed into the form under a valid verdict.
pub struct NewRecord<'a> {
    pub check: i64,
    pub service: &'a str,
    /// `holder`, or `dependent:N` (N: the place in the family section).
    pub served_for: &'a str,
    pub served_on: &'a str,
    pub note: &'a str,
}

fn refused(field: Field, problem: Problem, input: &NewRecord<'_>) -> AppError {
    AppError::Invalid {
        errors: vec![FieldError { field, problem }],
        echo: vec![
            (Field::Service, input.service.to_string()),
            (Field::ServedFor, input.served_for.to_string()),
            (Field::ServedOn, input.served_on.to_string()),
            (Field::Note, input.note.to_string()),
        ],
    }
}

fn ledger_field(p: LedgerProblem) -> Field {
    match p {
        LedgerProblem::NotForThisPerson => Field::ServedFor,
        LedgerProblem::DateOutOfRange => Field::ServedOn,
        _ => Field::Service,
    }
}

/// The provider's types, as stored.
fn own_types(stored: &[String]) -> Vec<ServiceType> {
    stored.iter().filter_map(|s| ServiceType::parse(s)).collect()
}

/// The dependants of an application's family section that passed its checks, with their place.
fn dependents(answers: &str, today: NaiveDate) -> Vec<(i32, crate::domain::sections::Dependent)> {
    let answers: Answers = serde_json::from_str(answers).unwrap_or_default();
    answers.family.dependents.iter().enumerate().filter_map(|(i, d)| Some((i as i32, d.validate(today).ok()?))).collect()
}

/// Records a service after one of `provider`'s own valid checks of the last 10 minutes. Returns
/// the entry's id.
pub async fn record(db: &PgPool, provider: &CurrentUser, input: &NewRecord<'_>, today: NaiveDate) -> Result<i64, AppError> {
    let service = Service::parse(input.service.trim()).ok_or_else(|| refused(Field::Service, Problem::UnknownChoice, input))?;
    let served_on = past_date(input.served_on, today).map_err(|p| {
        refused(Field::ServedOn, if p == Problem::DateInFuture { Problem::ServiceDateOutOfRange } else { p }, input)
    })?;
    let note = match input.note.trim() {
        "" => String::new(),
        n => long_text(n, MAX_NOTE_CHARS).map_err(|p| refused(Field::Note, p, input))?,
    };
    let who: Option<i32> = match input.served_for.trim() {
        "holder" | "" => None,
        other => Some(
            other.strip_prefix("dependent:").and_then(|n| n.parse().ok()).ok_or_else(|| refused(Field::ServedFor, Problem::UnknownChoice, input))?,
        ),
    };
    let mut tx = db.begin().await?;
    let check: Option<(i64, i64, Vec<String>, String, NaiveDate, i64, i32, i32)> = sqlx::query_as(
        "SELECT v.card_id, v.provider_org_id, o.service_types, a.answers::text, c.issued_on,
                p.id, p.health_check_quota, p.airport_vip_quota
           FROM verifications v JOIN provider_orgs o ON o.id = v.provider_org_id
           JOIN cards c ON c.id = v.card_id JOIN applications a ON a.id = c.application_id
           JOIN policy_versions p ON p.id = c.policy_version_id
          WHERE v.id = $1 AND v.provider_user_id = $2 AND v.valid AND v.created_at > now() - interval '10 minutes'
            AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $3) = 'active'
            AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $4) = 'active'
            FOR SHARE OF c",
    )
    .bind(input.check)
    .bind(provider.id)
    .bind(today)
    .bind(served_on)
    .fetch_optional(&mut *tx)
    .await?;
    let (card, org, types, answers, issued_on, version, health_check, airport_vip) =
        check.ok_or_else(|| refused(Field::Service, Problem::CheckNotValid, input))?;
    let relation = match who {
        None => None,
        Some(i) => Some(
            dependents(&answers, today)
                .into_iter()
                .find(|(n, _)| *n == i)
                .map(|(_, d)| d.relation)
                .ok_or_else(|| refused(Field::ServedFor, Problem::ServiceNotForThisPerson, input))?,
        ),
    };
    may_record(service, &own_types(&types), relation, served_on, issued_on, today).map_err(|p| refused(ledger_field(p), p.as_problem(), input))?;
    if let Some(allowed) = service.yearly_quota(Quotas { health_check, airport_vip }) {
        // The quota: one statement, so that 50 counters redeeming the last use at once leave
        // exactly one winner (the row lock of the upsert; CHECK (used <= allowed) besides).
        let used: Option<i32> = sqlx::query_scalar(
            "INSERT INTO service_quota_use (card_id, service, year, allowed, used) VALUES ($1, $2, $3, $4, 1)
             ON CONFLICT (card_id, service, year) DO UPDATE SET used = service_quota_use.used + 1
              WHERE service_quota_use.used < service_quota_use.allowed
             RETURNING used",
        )
        .bind(card)
        .bind(service.as_str())
        .bind(quota_year(served_on))
        .bind(allowed)
        .fetch_optional(&mut *tx)
        .await?;
        if used.is_none() {
            return Err(refused(Field::Service, Problem::QuotaUsed, input));
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO service_records (card_id, verification_id, provider_org_id, recorded_by, service, service_type, dependent_index, served_on, note, policy_version_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(card)
    .bind(input.check)
    .bind(org)
    .bind(provider.id)
    .bind(service.as_str())
    .bind(service.service_type().as_str())
    .bind(who)
    .bind(served_on)
    .bind(&note)
    .bind(version)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Cancels entry `id`: only the organisation that recorded it, within 24 hours, once; the quota
/// use comes back.
pub async fn cancel(db: &PgPool, provider: &CurrentUser, id: i64, reason: &str) -> Result<(), AppError> {
    let echo = vec![(Field::CancelReason, reason.to_string())];
    let reason = long_text(reason, MAX_NOTE_CHARS)
        .map_err(|p| AppError::Invalid { errors: vec![FieldError { field: Field::CancelReason, problem: p }], echo: echo.clone() })?;
    let org = provider.provider_org_id.ok_or(AppError::Forbidden)?;
    let mut tx = db.begin().await?;
    let row: Option<(i64, i64, String, NaiveDate, i64, bool)> = sqlx::query_as(
        "SELECT r.provider_org_id, r.card_id, r.service, r.served_on, extract(epoch FROM now() - r.created_at)::bigint,
                EXISTS (SELECT 1 FROM service_cancellations x WHERE x.record_id = r.id)
           FROM service_records r WHERE r.id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let may_not = || AppError::Invalid { errors: vec![FieldError { field: Field::CancelReason, problem: Problem::MayNotCancel }], echo: echo.clone() };
    let (org_of_entry, card, service, served_on, seconds_ago, cancelled) = row.ok_or_else(may_not)?;
    may_cancel(org, org_of_entry, seconds_ago, cancelled).map_err(|_| may_not())?;
    // Two cancellations at once: the second finds the first's row and is told so.
    let cancelled = sqlx::query("INSERT INTO service_cancellations (record_id, cancelled_by, reason) VALUES ($1, $2, $3) ON CONFLICT (record_id) DO NOTHING")
        .bind(id)
        .bind(provider.id)
        .bind(&reason)
        .execute(&mut *tx)
        .await?;
    if cancelled.rows_affected() == 0 {
        return Err(may_not());
    }
    if Service::parse(&service).is_some_and(Service::has_quota) {
        sqlx::query("UPDATE service_quota_use SET used = used - 1 WHERE card_id = $1 AND service = $2 AND year = $3")
            .bind(card)
            .bind(&service)
            .bind(quota_year(served_on))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What the holder of `card` may use at a provider of `types` this year, with the quotas left.
pub async fn offers(conn: &mut PgConnection, card: i64, types: &[ServiceType], today: NaiveDate) -> Result<Vec<Offer>, AppError> {
    // The card's quotas (its policy version) and this year's use, in one statement: a provider's
    // check shows them every time.
    let (health_check, airport_vip, services, counts): (i32, i32, Vec<String>, Vec<i32>) = sqlx::query_as(
        "SELECT p.health_check_quota, p.airport_vip_quota,
                COALESCE(array_agg(u.service) FILTER (WHERE u.service IS NOT NULL), '{}'),
                COALESCE(array_agg(u.used) FILTER (WHERE u.service IS NOT NULL), '{}')
           FROM cards c JOIN policy_versions p ON p.id = c.policy_version_id
           LEFT JOIN service_quota_use u ON u.card_id = c.id AND u.year = $2
          WHERE c.id = $1
          GROUP BY p.health_check_quota, p.airport_vip_quota",
    )
    .bind(card)
    .bind(today.year())
    .fetch_one(&mut *conn)
    .await?;
    let used: Vec<(String, i32)> = services.into_iter().zip(counts).collect();
    let quotas = Quotas { health_check, airport_vip };
    Ok(types
        .iter()
        .flat_map(|t| Service::of_type(*t))
        .map(|service| {
            let quota = service.yearly_quota(quotas);
            let used = used.iter().find(|(s, _)| s == service.as_str()).map_or(0, |(_, n)| *n);
            Offer { service, left: quota.map(|q| (q - used).max(0)), quota }
        })
        .collect())
}

/// The dependants the services of `types` reach, as a provider may see them.
pub fn reached_dependents(answers: &str, types: &[ServiceType], today: NaiveDate) -> Vec<DependentView> {
    let services: Vec<Service> = types.iter().flat_map(|t| Service::of_type(*t)).collect();
    dependents(answers, today)
        .into_iter()
        .filter(|(_, d)| services.iter().any(|s| s.reaches(d.relation)))
        .map(|(index, d)| DependentView { index, masked_name: mask_given_name(&d.full_name), relation: d.relation, birth_year: d.birth_date.year() })
        .collect()
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    recorded_at: String,
    served_on: String,
    service: String,
    holder: String,
    dependent_index: Option<i32>,
    answers: String,
    note: String,
    org_zh: String,
    org_en: String,
    cancelled: Option<String>,
    may_cancel: bool,
}

const RECORD_SELECT: &str = "SELECT r.id, to_char(r.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS recorded_at,
        r.served_on::text AS served_on, r.service, COALESCE(a.full_name, '') AS holder, r.dependent_index, a.answers::text AS answers, r.note,
        o.name_zh AS org_zh, o.name_en AS org_en, x.reason AS cancelled,
        (x.id IS NULL AND r.created_at > now() - interval '24 hours') AS may_cancel
   FROM service_records r JOIN provider_orgs o ON o.id = r.provider_org_id
   JOIN cards c ON c.id = r.card_id JOIN applications a ON a.id = c.application_id
   LEFT JOIN service_cancellations x ON x.record_id = r.id";

fn record_view(r: RecordRow, masked: bool, today: NaiveDate) -> Option<RecordView> {
    // The dependant as the counter saw them (given name masked); their place when the family
    // section no longer lists them.
    let dependent = r.dependent_index.map(|i| {
        dependents(&r.answers, today)
            .into_iter()
            .find(|(n, _)| *n == i)
            .map_or((format!("#{}", i + 1), None), |(_, d)| (mask_given_name(&d.full_name), Some(d.relation)))
    });
    Some(RecordView {
        id: r.id,
        recorded_at: r.recorded_at,
        served_on: r.served_on,
        service: Service::parse(&r.service)?,
        holder: if masked { mask_name(&r.holder) } else { r.holder },
        dependent,
        note: r.note,
        org_zh: r.org_zh,
        org_en: r.org_en,
        cancelled: r.cancelled,
        may_cancel: r.may_cancel,
    })
}

/// The provider organisation's entries of the last 7 days, newest first (holders masked).
pub async fn org_records(db: &PgPool, provider: &CurrentUser, today: NaiveDate) -> Result<Vec<RecordView>, AppError> {
    let org = provider.provider_org_id.ok_or(AppError::Forbidden)?;
    let rows: Vec<RecordRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{RECORD_SELECT} WHERE r.provider_org_id = $1 AND r.created_at > now() - interval '7 days' ORDER BY r.id DESC LIMIT 200"
    )))
    .bind(org)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(|r| record_view(r, true, today)).collect())
}

/// The holder's receipts: every entry on their cards, newest first.
pub async fn receipts(db: &PgPool, holder: &CurrentUser, today: NaiveDate) -> Result<Vec<RecordView>, AppError> {
    if holder.role != Role::Applicant {
        return Ok(vec![]);
    }
    let rows: Vec<RecordRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{RECORD_SELECT} WHERE a.applicant_id = $1 OR a.filed_by = $1 ORDER BY r.id DESC LIMIT 200"
    )))
    .bind(holder.id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(|r| record_view(r, false, today).map(|v| RecordView { may_cancel: false, ..v })).collect())
}

/// Service use in `year` for the dashboard (cancelled entries do not count).
pub async fn usage(db: &PgPool, year: i32) -> Result<ServiceUse, AppError> {
    let by_month: Vec<(String, i32, i64)> = sqlx::query_as(
        "SELECT r.service_type, extract(month FROM r.served_on)::int, count(*)
           FROM service_records r LEFT JOIN service_cancellations x ON x.record_id = r.id
          WHERE x.id IS NULL AND r.served_on >= make_date($1, 1, 1) AND r.served_on < make_date($1 + 1, 1, 1)
          GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .bind(year)
    .fetch_all(db)
    .await?;
    let quotas: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT service, COALESCE(sum(used), 0)::bigint, count(*) FILTER (WHERE used = allowed)
           FROM service_quota_use WHERE year = $1 GROUP BY service ORDER BY service",
    )
    .bind(year)
    .fetch_all(db)
    .await?;
    let quota = |s: Service| quotas.iter().find(|(q, _, _)| q == s.as_str()).map_or((s, 0, 0), |(_, used, full)| (s, *used, *full));
    Ok(ServiceUse { year, by_month, quotas: vec![quota(Service::HealthCheck), quota(Service::AirportVip)] })
}
