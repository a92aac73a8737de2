//! Server functions of the contact list.
use leptos::prelude::*;

use super::{HolderCard, Proposal};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::Role,
};

/// The industry department's holders (cards of the cases routed to it).
#[server(endpoint = "department_holders")]
pub async fn department_holders() -> Result<Vec<HolderCard>, AppError> {
    let user = require_role(&[Role::IndustryDept]).await?;
    super::db::holders(&pool()?, &user, today()).await
}

/// The industry department proposes a move of case `id`'s card (Art. 6(1)).
#[server(endpoint = "propose_adjustment")]
pub async fn propose_adjustment(id: i64, kind: String, reason: String, details: String) -> Result<(), AppError> {
    let user = require_role(&[Role::IndustryDept]).await?;
    super::db::propose(&pool()?, &user, id, &kind, &reason, &details, today()).await?;
    leptos_axum::redirect("/adjustments");
    Ok(())
}

/// HRSS's list: the proposals waiting, reactivations first.
#[server(endpoint = "open_adjustments")]
pub async fn open_adjustments() -> Result<Vec<Proposal>, AppError> {
    require_role(&[Role::Hrss]).await?;
    super::db::open(&pool()?, today()).await
}

/// HRSS files (`file`) or declines (`decline`) proposal `id`.
#[server(endpoint = "decide_adjustment")]
pub async fn decide_adjustment(id: i64, decision: String) -> Result<(), AppError> {
    let user = require_role(&[Role::Hrss]).await?;
    let file = match decision.as_str() {
        "file" => true,
        "decline" => false,
        _ => return Err(AppError::invalid(crate::domain::Field::Decision, crate::domain::Problem::UnknownChoice)),
    };
    super::db::decide(&pool()?, &user, id, file, today()).await?;
    leptos_axum::redirect("/adjustments");
    Ok(())
}
