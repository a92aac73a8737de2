//! The versions of the rules in the database (server only).
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::PolicyToday;
use crate::auth::CurrentUser;
use crate::domain::policy::{self, NewVersion, VersionInput};
use crate::domain::{Field, FieldError, PolicyVersion, Problem, Rules};
use crate::error::AppError;

type Row = (i64, String, String, NaiveDate, NaiveDate, Vec<i16>, i16, i32, i32, i32, i32);

const COLUMNS: &str = "id, document_number, title, starts_on, ends_on, categories, min_months_in_district,
                       health_check_quota, airport_vip_quota, management_months, assessment_interval_months";

fn version((id, document_number, title, starts_on, ends_on, categories, months, health, airport, management, interval): Row) -> PolicyVersion {
    PolicyVersion {
        id,
        document_number,
        title,
        starts_on,
        ends_on,
        rules: Rules {
            categories: categories.into_iter().filter_map(|c| u8::try_from(c).ok()).collect(),
            min_months_in_district: u8::try_from(months).unwrap_or(12),
            health_check_quota: health,
            airport_vip_quota: airport,
            management_months: u32::try_from(management).unwrap_or(60),
            assessment_interval_months: u32::try_from(interval).unwrap_or(24),
        },
    }
}

/// Every version, oldest first (a handful of rows).
pub async fn versions(conn: &mut PgConnection) -> Result<Vec<PolicyVersion>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM policy_versions ORDER BY starts_on")))
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(version).collect())
}

/// One version by id.
pub async fn by_id(conn: &mut PgConnection, id: i64) -> Result<PolicyVersion, AppError> {
    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM policy_versions WHERE id = $1")))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(version(row))
}

/// What applies on `today`.
pub async fn on(conn: &mut PgConnection, today: NaiveDate) -> Result<PolicyToday, AppError> {
    let all = versions(conn).await?;
    Ok(PolicyToday { in_force: policy::in_force(&all, today).cloned(), rules: policy::rules_for_drafts(&all, today) })
}

/// The version case `id` was made under (its first submission), if it has been submitted.
pub async fn version_of_case(conn: &mut PgConnection, id: i64) -> Result<Option<PolicyVersion>, AppError> {
    let version: Option<i64> = sqlx::query_scalar("SELECT policy_version_id FROM applications WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    match version {
        Some(v) => Ok(Some(by_id(conn, v).await?)),
        None => Ok(None),
    }
}

/// What the filer of a case sees on `today`: the version in force (none: it cannot be
/// submitted), and the rules its sections are checked by — the case's own version
/// (`made_under`, from its first submission) once it has been submitted, else those of drafts.
pub async fn for_case(conn: &mut PgConnection, made_under: Option<i64>, today: NaiveDate) -> Result<PolicyToday, AppError> {
    let all = versions(conn).await?;
    let mut now = PolicyToday { in_force: policy::in_force(&all, today).cloned(), rules: policy::rules_for_drafts(&all, today) };
    if let Some(v) = made_under {
        now.rules = all.into_iter().find(|x| x.id == v).ok_or(AppError::Internal)?.rules;
    }
    Ok(now)
}

/// The version an application submitted on `today` is made under: the one in force, or a
/// refusal that says none is (Art. 7) — on the declaration, the last step before submitting.
pub async fn required_on(conn: &mut PgConnection, today: NaiveDate) -> Result<PolicyVersion, AppError> {
    on(conn, today).await?.in_force.ok_or_else(|| AppError::invalid(Field::Declaration, Problem::NoPolicyInForce))
}

/// Adds a version (the admin's successor). Versions never overlap: the form is checked against
/// those there are, and the database's exclusion constraint decides between two admins at once.
pub async fn add(db: &PgPool, admin: &CurrentUser, input: &VersionInput) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    // One adder at a time, so that the check below sees every version there is.
    sqlx::query("LOCK TABLE policy_versions IN SHARE ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
    let existing: Vec<(NaiveDate, NaiveDate)> = versions(&mut tx).await?.iter().map(|v| (v.starts_on, v.ends_on)).collect();
    let refused = |errors: Vec<FieldError>| AppError::Invalid { errors, echo: input.echo() };
    let NewVersion { document_number, title, starts_on, ends_on, rules } = input.validate(&existing).map_err(refused)?;
    let inserted = sqlx::query_scalar(
        "INSERT INTO policy_versions (document_number, title, starts_on, ends_on, categories, min_months_in_district,
                                      health_check_quota, airport_vip_quota, management_months, assessment_interval_months, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(&document_number)
    .bind(&title)
    .bind(starts_on)
    .bind(ends_on)
    .bind(rules.categories.iter().map(|c| i16::from(*c)).collect::<Vec<_>>())
    .bind(i16::from(rules.min_months_in_district))
    .bind(rules.health_check_quota)
    .bind(rules.airport_vip_quota)
    .bind(i32::try_from(rules.management_months).map_err(|_| AppError::Internal)?)
    .bind(i32::try_from(rules.assessment_interval_months).map_err(|_| AppError::Internal)?)
    .bind(admin.id)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("policy_versions_no_overlap") => {
            return Err(refused(vec![FieldError { field: Field::StartsOn, problem: Problem::VersionOverlaps }]));
        }
        other => other?,
    };
    tx.commit().await?;
    tracing::info!(policy_version = id, "rule version added");
    Ok(id)
}
