//! Server functions of the review queues.
use leptos::prelude::*;

use crate::error::AppError;
use crate::workflow::CaseSummary;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::pool,
    crate::domain::{Role, Status},
    crate::workflow::db::{parse_cursor, queue, QueueFilter},
};

/// The caller's queue: the cases waiting for its stage (for an industry department, only those
/// routed to it, Art. 5(3)), longest waiting first, 50 a page. Filters: `category` (1–9),
/// `case_by_case` ("yes"), `due` ("overdue" / "due_soon"), `q` (a reference or the start of a
/// name), `after` (the cursor of the next page).
#[server(endpoint = "review_queue")]
pub async fn review_queue(
    #[server(default)] due: String,
    #[server(default)] category: String,
    #[server(default)] case_by_case: String,
    #[server(default)] q: String,
    #[server(default)] after: String,
) -> Result<QueuePage, AppError> {
    let user = require_role(&[Role::HandlingDept, Role::IndustryDept, Role::Hrss, Role::TalentOffice]).await?;
    let (status, department) = match user.role {
        Role::HandlingDept => (Status::PreReview, None),
        Role::IndustryDept => (Status::FirstReview, Some(user.department_code.clone().ok_or(AppError::Forbidden)?)),
        Role::Hrss => (Status::ReReview, None),
        _ => (Status::Decision, None),
    };
    let filter = QueueFilter {
        department,
        category: category.trim().parse().ok().filter(|c| (1..=9).contains(c)),
        case_by_case: case_by_case == "yes",
        due: matches!(due.as_str(), "overdue" | "due_soon").then_some(due),
        search: Some(q.chars().take(100).collect()),
        after: parse_cursor(&after),
    };
    let (rows, next) = queue(&pool()?, status, &filter, crate::context::today()).await?;
    Ok(QueuePage { rows, next })
}

/// One page of a queue, and the cursor of the next one.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueuePage {
    pub rows: Vec<CaseSummary>,
    pub next: Option<String>,
}
