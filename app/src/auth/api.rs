//! Server functions of the account flow. Each: who may call, parse, one call that does the work.
use leptos::prelude::*;

use super::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{parse_username, session, MIN_PASSWORD_CHARS},
    crate::context::pool,
    crate::domain::{application::text, Field, FieldError, IdType, Problem, Role},
};

/// `next` (from `?next=`) brings the user back to where sign-in was asked for, e.g. the start of
/// an application with the self-check's answers; only paths on this site are followed.
#[server(endpoint = "login")]
pub async fn login(username: String, password: String, #[server(default)] next: String) -> Result<(), AppError> {
    let db = pool()?;
    let user = session::authenticate(&db, &username, &password, &crate::context::client_address()).await?;
    session::start(&db, user.id).await?;
    tracing::info!(user.id = user.id, user.role = user.role.as_str(), "signed in");
    leptos_axum::redirect(Some(next.as_str()).filter(|n| crate::urls::is_local_path(n)).unwrap_or(user.role.home_path()));
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    session::end().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Applicants register themselves; staff accounts come from the admin or the seed. The ID number
/// (optional) is a hint, never a key: it opens no case (a case filed by an employer reaches the
/// talent through a claim code, `claims`), and two accounts may type the same number.
#[server(endpoint = "register")]
pub async fn register(
    username: String,
    display_name: String,
    password: String,
    #[server(default)] id_type: String,
    #[server(default)] id_number: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    // Every try counts, refused ones too (each may store what was typed for the page to show).
    let db = pool()?;
    crate::limits::hit(&db, crate::limits::register_per_address(crate::context::settings().register_per_hour), &crate::context::client_address()).await?;
    let (username_raw, display_raw, id_number_raw) = (username.clone(), display_name.clone(), id_number.clone());
    let mut errors = Vec::new();
    let id_number = if id_number.trim().is_empty() {
        None
    } else {
        let t = IdType::parse(&id_type).unwrap_or(IdType::ResidentId);
        t.parse_number(&id_number, crate::context::today()).map_err(|p| errors.push(FieldError { field: Field::IdNumber, problem: p })).ok()
    };
    let username = parse_username(&username).map_err(|p| errors.push(FieldError { field: Field::Username, problem: p }));
    let display_name = text(&display_name, 100).map_err(|p| errors.push(FieldError { field: Field::DisplayName, problem: p }));
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.push(FieldError { field: Field::Password, problem: Problem::PasswordTooShort });
    }
    let (Ok(username), Ok(display_name), true) = (username, display_name, errors.is_empty()) else {
        let echo = vec![(Field::Username, username_raw), (Field::DisplayName, display_raw), (Field::IdType, id_type), (Field::IdNumber, id_number_raw)];
        return Err(AppError::Invalid { errors, echo });
    };
    let hash = session::hash_password_blocking(password).await?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, role, display_name, id_number) VALUES ($1, $2, 'applicant', $3, $4)
         ON CONFLICT (username) DO NOTHING RETURNING id",
    )
    .bind(&username)
    .bind(&hash)
    .bind(&display_name)
    .bind(&id_number)
    .fetch_optional(&db)
    .await?;
    let id = id.ok_or(AppError::UsernameTaken)?;
    session::start(&db, id).await?;
    tracing::info!(user.id = id, "applicant registered");
    leptos_axum::redirect(Some(next.as_str()).filter(|n| crate::urls::is_local_path(n)).unwrap_or(Role::Applicant.home_path()));
    Ok(())
}

#[server(endpoint = "me")]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    session::current_user().await
}
