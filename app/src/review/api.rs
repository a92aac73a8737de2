//! Server functions of the review queues.
use leptos::prelude::*;

use crate::error::AppError;
use crate::workflow::CaseSummary;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::pool,
    crate::domain::{Role, Status},
};

/// The caller's queue: the cases waiting for its stage (for an industry department, only those
/// routed to it, Art. 5(3)), longest waiting first; `due` = "overdue" or "due_soon" narrows it.
#[server(endpoint = "review_queue")]
pub async fn review_queue(#[server(default)] due: String) -> Result<Vec<CaseSummary>, AppError> {
    let user = require_role(&[Role::HandlingDept, Role::IndustryDept, Role::Hrss, Role::TalentOffice]).await?;
    let (status, department) = match user.role {
        Role::HandlingDept => (Status::PreReview, None),
        Role::IndustryDept => (Status::FirstReview, Some(user.department_code.as_deref().ok_or(AppError::Forbidden)?)),
        Role::Hrss => (Status::ReReview, None),
        _ => (Status::Decision, None),
    };
    let due = matches!(due.as_str(), "overdue" | "due_soon").then_some(due.as_str());
    crate::workflow::db::queue(&pool()?, status, department, due, crate::context::today()).await
}
