//! Server functions of the account flow. Each: who may call, parse, one call that does the work.
use leptos::prelude::*;

use super::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{parse_username, session, MIN_PASSWORD_CHARS},
    crate::context::pool,
    crate::domain::{application::text, Field, FieldError, Problem, Role},
};

#[server(endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    let db = pool()?;
    let user = session::authenticate(&db, &username, &password).await?;
    session::start(&db, user.id).await?;
    tracing::info!(user.id = user.id, user.role = user.role.as_str(), "signed in");
    leptos_axum::redirect(user.role.home_path());
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    session::end().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Applicants register themselves; staff accounts come from the admin or the seed.
#[server(endpoint = "register")]
pub async fn register(username: String, display_name: String, password: String) -> Result<(), AppError> {
    let (username_raw, display_raw) = (username.clone(), display_name.clone());
    let mut errors = Vec::new();
    let username = parse_username(&username).map_err(|p| errors.push(FieldError { field: Field::Username, problem: p }));
    let display_name = text(&display_name, 100).map_err(|p| errors.push(FieldError { field: Field::DisplayName, problem: p }));
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.push(FieldError { field: Field::Password, problem: Problem::PasswordTooShort });
    }
    let (Ok(username), Ok(display_name), true) = (username, display_name, errors.is_empty()) else {
        let echo = vec![(Field::Username, username_raw), (Field::DisplayName, display_raw)];
        return Err(AppError::Invalid { errors, echo });
    };
    let hash = session::hash_password_blocking(password).await?;
    let db = pool()?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, role, display_name) VALUES ($1, $2, 'applicant', $3)
         ON CONFLICT (username) DO NOTHING RETURNING id",
    )
    .bind(&username)
    .bind(&hash)
    .bind(&display_name)
    .fetch_optional(&db)
    .await?;
    let id = id.ok_or(AppError::UsernameTaken)?;
    session::start(&db, id).await?;
    tracing::info!(user.id = id, "applicant registered");
    leptos_axum::redirect(Role::Applicant.home_path());
    Ok(())
}

#[server(endpoint = "me")]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    session::current_user().await
}
