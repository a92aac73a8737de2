//! Server functions of claims: the agent makes and reads a code, the talent uses it.
use leptos::prelude::*;

use super::{CaseClaim, ClaimView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::db,
    crate::auth::session::require_role,
    crate::context::{pool, settings},
    crate::domain::{Field, Role},
};

/// The agent asks for a (new) claim code for case `id`; back to the case's task list, which shows it.
#[server(endpoint = "create_claim")]
pub async fn create_claim(id: i64) -> Result<ClaimView, AppError> {
    let user = require_role(&[Role::EmployerAgent]).await?;
    let view = db::create(&pool()?, &user, &settings().secret, id).await?;
    leptos_axum::redirect(&format!("/applications/{id}#claim"));
    Ok(view)
}

/// Whether case `id` is claimed, and its open code, for the agent who filed it.
#[server(endpoint = "claim_state")]
pub async fn claim_state(id: i64) -> Result<CaseClaim, AppError> {
    let user = require_role(&[Role::EmployerAgent]).await?;
    db::state(&pool()?, &user, &settings().secret, id).await
}

/// The talent claims a case with the code and the application's ID number.
#[server(endpoint = "claim_case")]
pub async fn claim_case(code: String, id_number: String) -> Result<i64, AppError> {
    let user = match require_role(&[Role::Applicant]).await {
        Err(AppError::Unauthenticated) => {
            return Err(AppError::SessionExpired { echo: vec![(Field::ClaimCode, code), (Field::IdNumber, id_number)] })
        }
        other => other?,
    };
    let id = db::claim(&pool()?, &user, &code, &id_number).await?;
    leptos_axum::redirect(&format!("/applications/{id}"));
    Ok(id)
}
