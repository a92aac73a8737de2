//! Server functions of the assessments (thin: who is calling, then `db`).
use leptos::prelude::*;

use super::{CardAssessments, RoundRow};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::Role,
};

/// What waits for the reader (agent, industry department, HRSS).
#[server(endpoint = "assessment_list")]
pub async fn assessment_list() -> Result<Vec<RoundRow>, AppError> {
    let user = require_role(&[Role::EmployerAgent, Role::IndustryDept, Role::Hrss]).await?;
    super::db::list(&pool()?, &user, today()).await
}

/// The agent: what the scheduler reminded its unit of (`jobs`).
#[server(endpoint = "assessment_reminders")]
pub async fn assessment_reminders() -> Result<Vec<super::ReminderRow>, AppError> {
    let user = require_role(&[Role::EmployerAgent]).await?;
    let unit = user.unit_credit_code.ok_or(AppError::Forbidden)?;
    crate::jobs::db::unit_reminders(&pool()?, &unit).await
}

/// Case `id`'s card: both rounds and what the reader may do.
#[server(endpoint = "assessments_of_card")]
pub async fn assessments_of_card(id: i64) -> Result<CardAssessments, AppError> {
    let user = require_role(&[Role::EmployerAgent, Role::IndustryDept, Role::Hrss]).await?;
    super::db::card(&pool()?, &user, id, today()).await
}

/// The agent submits the open round: grade and written report (the signed PDF uploaded before).
#[server(endpoint = "submit_assessment")]
pub async fn submit_assessment(id: i64, #[server(default)] grade: String, report: String) -> Result<(), AppError> {
    let user = require_role(&[Role::EmployerAgent]).await?;
    super::db::submit(&pool()?, &user, id, &grade, &report, today()).await?;
    leptos_axum::redirect(&format!("/assessments/{id}"));
    Ok(())
}

/// The department adds its opinion, or HRSS files round `round` of case `id`.
#[server(endpoint = "assessment_step")]
pub async fn assessment_step(id: i64, round: u8, #[server(default)] opinion: String) -> Result<(), AppError> {
    let user = require_role(&[Role::IndustryDept, Role::Hrss]).await?;
    super::db::step(&pool()?, &user, id, round, &opinion, today()).await?;
    leptos_axum::redirect(&format!("/assessments/{id}"));
    Ok(())
}

/// The agent or HRSS records the holder's retirement day (Art. 6(3)).
#[server(endpoint = "record_retirement")]
pub async fn record_retirement(id: i64, retired_on: String) -> Result<(), AppError> {
    let user = require_role(&[Role::EmployerAgent, Role::Hrss]).await?;
    super::db::record_retirement(&pool()?, &user, id, &retired_on, today()).await?;
    leptos_axum::redirect(&format!("/assessments/{id}"));
    Ok(())
}
