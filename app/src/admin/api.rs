//! Server functions of the administrator's page.
use leptos::prelude::*;

use super::{Account, Bindings};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::{hash_password_blocking, require_role},
    crate::auth::{parse_username, MIN_PASSWORD_CHARS},
    crate::context::pool,
    crate::domain::{application::text, CreditCode, Field, FieldError, Problem, Role},
};

#[server(endpoint = "accounts")]
pub async fn accounts() -> Result<(Vec<Account>, Bindings), AppError> {
    require_role(&[Role::Admin]).await?;
    let db = pool()?;
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT u.username, u.display_name, u.role::text,
                COALESCE(u.unit_credit_code, d.name_zh, o.name_zh)
           FROM users u LEFT JOIN departments d ON d.code = u.department_code
           LEFT JOIN provider_orgs o ON o.id = u.provider_org_id
          WHERE u.role <> 'applicant' ORDER BY u.role, u.username",
    )
    .fetch_all(&db)
    .await?;
    let departments = sqlx::query_as("SELECT code, name_zh FROM departments ORDER BY code").fetch_all(&db).await?;
    let provider_orgs = sqlx::query_as("SELECT id, name_zh FROM provider_orgs ORDER BY id").fetch_all(&db).await?;
    let accounts = rows
        .into_iter()
        .map(|(username, display_name, role, binding)| {
            Ok(Account { username, display_name, role: Role::parse(&role).ok_or(AppError::Internal)?, binding })
        })
        .collect::<Result<_, AppError>>()?;
    Ok((accounts, Bindings { departments, provider_orgs }))
}

/// Creates a staff account; the binding its role needs is required, others are ignored.
#[server(endpoint = "create_account")]
#[allow(clippy::too_many_arguments)]
pub async fn create_account(
    username: String,
    display_name: String,
    role: String,
    password: String,
    #[server(default)] department_code: String,
    #[server(default)] unit_credit_code: String,
    #[server(default)] provider_org_id: String,
) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    let echo = vec![
        (Field::Username, username.clone()),
        (Field::DisplayName, display_name.clone()),
        (Field::Role, role.clone()),
        (Field::Department, department_code.clone()),
        (Field::CreditCode, unit_credit_code.clone()),
        (Field::ProviderOrg, provider_org_id.clone()),
    ];
    let mut errors = Vec::new();
    let mut fail = |field, problem| errors.push(FieldError { field, problem });
    let username = parse_username(&username).map_err(|p| fail(Field::Username, p)).ok();
    let display_name = text(&display_name, 100).map_err(|p| fail(Field::DisplayName, p)).ok();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        fail(Field::Password, Problem::PasswordTooShort);
    }
    let role = Role::parse(&role).filter(|r| r.is_staff());
    if role.is_none() {
        fail(Field::Role, Problem::Required);
    }
    let required = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let department = (role == Some(Role::IndustryDept)).then(|| required(&department_code)).flatten();
    if role == Some(Role::IndustryDept) && department.is_none() {
        fail(Field::Department, Problem::Required);
    }
    let unit = match role {
        Some(Role::EmployerAgent) => CreditCode::parse(&unit_credit_code).map_err(|p| fail(Field::CreditCode, p)).ok(),
        _ => None,
    };
    let org = (role == Some(Role::Provider)).then(|| provider_org_id.trim().parse::<i64>().ok()).flatten();
    if role == Some(Role::Provider) && org.is_none() {
        fail(Field::ProviderOrg, Problem::Required);
    }
    let (Some(username), Some(display_name), Some(role), true) = (username, display_name, role, errors.is_empty()) else {
        return Err(AppError::Invalid { errors, echo });
    };
    let hash = hash_password_blocking(password).await?;
    let inserted = sqlx::query(
        "INSERT INTO users (username, password_hash, role, display_name, unit_credit_code, department_code, provider_org_id)
         VALUES ($1, $2, $3::user_role, $4, $5, $6, $7)",
    )
    .bind(&username)
    .bind(hash)
    .bind(role.as_str())
    .bind(&display_name)
    .bind(unit.as_ref().map(|c| c.as_str()))
    .bind(department)
    .bind(org)
    .execute(&pool()?)
    .await;
    match inserted {
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("users_username_key") => return Err(AppError::UsernameTaken),
        // An unknown department or organisation (a form tampered with).
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
            return Err(AppError::Invalid { errors: vec![FieldError { field: Field::Role, problem: Problem::Required }], echo });
        }
        other => other?,
    };
    tracing::info!(user.role = role.as_str(), "staff account created");
    leptos_axum::redirect("/admin");
    Ok(())
}
