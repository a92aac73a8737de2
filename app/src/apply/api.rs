//! Server functions of the application form.
use leptos::prelude::*;

use crate::error::AppError;
use crate::workflow::CaseSummary;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::{require_role, require_user},
    crate::context::{pool, today},
    crate::domain::{ApplicationInput, Role, ValidApplication},
    crate::workflow::db::load_scope,
};

/// Creates a draft (no `id`) or saves changes to one's draft or returned case. Every rule that a
/// machine can check (Art. 3) is checked here again, whatever the browser did.
#[server(endpoint = "save_application")]
#[allow(clippy::too_many_arguments)]
pub async fn save_application(
    id: Option<i64>,
    version: Option<i32>,
    full_name: String,
    resident_id: String,
    employer_name: String,
    credit_code: String,
    #[server(default)] employer_type: String,
    months_in_district: String,
    talent_category: String,
) -> Result<(), AppError> {
    let user = require_role(&[Role::Applicant, Role::EmployerAgent]).await?;
    let input = ApplicationInput { full_name, resident_id, employer_name, credit_code, employer_type, months_in_district, talent_category };
    let valid = input.validate(today()).map_err(|errors| AppError::Invalid { errors, echo: input.echo() })?;
    let db = pool()?;
    let id = match (id, version) {
        (Some(id), Some(version)) => {
            let scope = load_scope(&mut *db.acquire().await?, id).await?;
            if !scope.is_filer(&user) {
                return Err(AppError::NotFound);
            }
            update_draft(&db, id, version, &valid).await?
        }
        _ => insert_draft(&db, &user, &valid).await?,
    };
    leptos_axum::redirect(&format!("/applications/{id}"));
    Ok(())
}

/// Binds the answers as $1–$7 (name, ID, employer, credit code, employer type, months, category).
#[cfg(feature = "ssr")]
fn bind_answers<'q>(
    sql: &'static str,
    v: &'q ValidApplication,
) -> sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments> {
    sqlx::query(sql)
        .bind(&v.full_name)
        .bind(v.resident_id.as_str())
        .bind(&v.employer_name)
        .bind(v.credit_code.as_str())
        .bind(v.employer_type.as_str())
        .bind(i16::from(v.months_in_district))
        .bind(i16::from(v.talent_category))
}

#[cfg(feature = "ssr")]
async fn insert_draft(db: &sqlx::PgPool, user: &crate::auth::CurrentUser, v: &ValidApplication) -> Result<i64, AppError> {
    use sqlx::Row;
    let row = bind_answers(
        "INSERT INTO applications (full_name, resident_id, employer_name, credit_code, employer_type,
                                   months_in_district, talent_category, applicant_id, filed_by)
         VALUES ($1, $2, $3, $4, $5::employer_type, $6, $7, $8, $9) RETURNING id",
        v,
    )
    .bind((user.role == Role::Applicant).then_some(user.id))
    .bind(user.id)
    .fetch_one(db)
    .await?;
    let id: i64 = row.try_get("id")?;
    tracing::info!(application.id = id, "draft created");
    Ok(id)
}

/// Only drafts and returned cases can change, and only from the version the filer saw.
#[cfg(feature = "ssr")]
async fn update_draft(db: &sqlx::PgPool, id: i64, version: i32, v: &ValidApplication) -> Result<i64, AppError> {
    let updated = bind_answers(
        "UPDATE applications
            SET full_name = $1, resident_id = $2, employer_name = $3, credit_code = $4,
                employer_type = $5::employer_type, months_in_district = $6, talent_category = $7,
                version = version + 1, updated_at = now()
          WHERE id = $8 AND version = $9 AND status IN ('draft', 'returned')",
        v,
    )
    .bind(id)
    .bind(version)
    .execute(db)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Conflict);
    }
    Ok(id)
}

#[server(endpoint = "my_applications")]
pub async fn my_applications() -> Result<Vec<CaseSummary>, AppError> {
    let user = require_user().await?;
    if !user.role.is_filer() {
        return Err(AppError::Forbidden);
    }
    crate::workflow::db::my_cases(&pool()?, &user).await
}
