//! Server functions of the case page: read a case, act on it.
use leptos::prelude::*;

use super::CaseView;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, CASE_PAGE_COMMANDS, MAX_OPINION_CHARS},
    crate::auth::session::require_user,
    crate::context::pool,
    crate::domain::{Command, Field, Problem},
};

#[server(endpoint = "case")]
pub async fn get_case(id: i64) -> Result<CaseView, AppError> {
    let user = require_user().await?;
    db::case_view(&pool()?, &user, id).await
}

/// Submit, resubmit, withdraw (filers); pass, return, reject (reviewers); approve (talent office).
/// Which role may do what in which state is decided by `Status::apply` alone.
#[server(endpoint = "act")]
pub async fn act(id: i64, version: i32, command: String, #[server(default)] opinion: String) -> Result<(), AppError> {
    let user = require_user().await?;
    let command = Command::parse(&command).filter(|c| CASE_PAGE_COMMANDS.contains(c)).ok_or(AppError::Forbidden)?;
    if opinion.chars().count() > MAX_OPINION_CHARS {
        return Err(AppError::invalid(Field::Opinion, Problem::TooLong));
    }
    db::act(&pool()?, &user, id, version, command, &opinion).await?;
    leptos_axum::redirect(&if user.role.is_filer() { format!("/applications/{id}") } else { "/review".to_string() });
    Ok(())
}
