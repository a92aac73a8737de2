//! Server functions of the review queues.
use leptos::prelude::*;

use crate::error::AppError;
use crate::workflow::CaseSummary;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::pool,
    crate::domain::{Role, Stage, Status},
    crate::workflow::queue::{parse_cursor, queue, QueueFilter},
};

/// The caller's queue: the cases waiting for its stage (for an industry department, only those
/// routed to it, Art. 5(3)), longest waiting first, 50 a page. Filters: `category` (1–9),
/// `case_by_case` ("yes"), `due` ("overdue" / "due_soon"), `q` (a reference or the start of a
/// name), `stage` ("returned": the cases this stage returned, waiting for the applicant's
/// correction), `after` (the cursor of the next page).
#[server(endpoint = "review_queue")]
pub async fn review_queue(
    #[server(default)] due: String,
    #[server(default)] category: String,
    #[server(default)] case_by_case: String,
    #[server(default)] q: String,
    #[server(default)] stage: String,
    #[server(default)] after: String,
) -> Result<QueuePage, AppError> {
    let user = require_role(&REVIEWERS).await?;
    let (status, filter) = queue_of(&user, QueueForm { due, category, case_by_case, q, stage, after })?;
    let db = pool()?;
    // Read before the queue: a change in between comes again on the live stream (harmless), and
    // none is missed.
    let position = crate::live::db::position(&db).await?;
    let (rows, next) = queue(&db, status, &filter, crate::context::today()).await?;
    Ok(QueuePage { rows, next, position, shows: status.key() })
}

/// The four reviewing bodies, each with the queue of its stage.
#[cfg(feature = "ssr")]
pub const REVIEWERS: [Role; 4] = [Role::HandlingDept, Role::IndustryDept, Role::Hrss, Role::TalentOffice];

/// The queue page's filters as sent (a form or a query string).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct QueueForm {
    pub due: String,
    pub category: String,
    pub case_by_case: String,
    pub q: String,
    pub stage: String,
    pub after: String,
}

/// The stage `user` reviews and the filter of its queue: an industry department sees only the
/// cases routed to it (Art. 5(3)).
#[cfg(feature = "ssr")]
pub fn queue_of(user: &crate::auth::CurrentUser, form: QueueForm) -> Result<(Status, QueueFilter), AppError> {
    let (status, department) = match user.role {
        Role::HandlingDept => (Status::PreReview, None),
        Role::IndustryDept => (Status::FirstReview, Some(user.department_code.clone().ok_or(AppError::Forbidden)?)),
        Role::Hrss => (Status::ReReview, None),
        Role::TalentOffice => (Status::Decision, None),
        _ => return Err(AppError::Forbidden),
    };
    // The cases this stage returned for correction (the decision stage returns none).
    let status = match (form.stage.as_str(), Stage::ALL.into_iter().find(|s| s.status() == status)) {
        ("returned", Some(stage)) => Status::Returned(stage),
        // Art. 5(6): cards the bank refused wait for HRSS to fix what it named and resend them.
        ("bank_refused", _) if user.role == Role::Hrss => Status::BankRefused,
        _ => status,
    };
    let filter = QueueFilter {
        department,
        category: form.category.trim().parse().ok().filter(|c| (1..=9).contains(c)),
        case_by_case: form.case_by_case == "yes",
        due: matches!(form.due.as_str(), "overdue" | "due_soon").then_some(form.due),
        search: Some(form.q.chars().filter(|c| !c.is_control()).take(100).collect()),
        after: parse_cursor(&form.after),
    };
    Ok((status, filter))
}

/// One page of a queue, and the cursor of the next one.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueuePage {
    pub rows: Vec<CaseSummary>,
    pub next: Option<String>,
    /// The change log's position the queue was read at (`live`).
    pub position: i64,
    /// The status key of the cases this queue shows: a change to another one leaves it.
    pub shows: String,
}
