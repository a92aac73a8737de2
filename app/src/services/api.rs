//! Server functions of the service ledger.
use leptos::prelude::*;

use super::RecordView;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::Role,
};

/// Records a service after the valid check `check`; back to its verdict, which shows the quota
/// now left.
#[server(endpoint = "record_service")]
pub async fn record_service(
    check: i64,
    service: String,
    #[server(default)] served_for: String,
    served_on: String,
    #[server(default)] note: String,
) -> Result<i64, AppError> {
    let user = require_role(&[Role::Provider]).await?;
    let input = super::db::NewRecord { check, service: &service, served_for: &served_for, served_on: &served_on, note: &note };
    let id = super::db::record(&pool()?, &user, &input, today()).await?;
    leptos_axum::redirect(&format!("/verify?v={check}&recorded={id}"));
    Ok(id)
}

/// Cancels a mistaken entry of this organisation within 24 hours, with a reason.
#[server(endpoint = "cancel_service")]
pub async fn cancel_service(record: i64, reason: String) -> Result<(), AppError> {
    let user = require_role(&[Role::Provider]).await?;
    super::db::cancel(&pool()?, &user, record, &reason).await?;
    leptos_axum::redirect("/verify#records");
    Ok(())
}

/// The provider organisation's entries of the last 7 days.
#[server(endpoint = "org_service_records")]
pub async fn org_service_records() -> Result<Vec<RecordView>, AppError> {
    let user = require_role(&[Role::Provider]).await?;
    super::db::org_records(&pool()?, &user, today()).await
}

/// The holder's receipts (inbox).
#[server(endpoint = "service_receipts")]
pub async fn service_receipts() -> Result<Vec<RecordView>, AppError> {
    let user = require_role(&[Role::Applicant]).await?;
    super::db::receipts(&pool()?, &user, today()).await
}
