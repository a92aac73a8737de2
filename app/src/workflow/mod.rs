//! The application workflow: one place where a case changes state (Art. 5).
//! `api` holds the server functions; `db` does each transition in one transaction.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::{Command, EmployerType, Role, Status};

/// A case as reviewers and its filer see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub id: i64,
    pub reference: String,
    pub status: Status,
    pub version: i32,
    pub full_name: String,
    pub resident_id: String,
    pub employer_name: String,
    pub credit_code: String,
    pub employer_type: EmployerType,
    pub months_in_district: i16,
    pub talent_category: i16,
    pub department: Option<String>,
    pub created_at: String,
    pub events: Vec<EventView>,
    pub card: Option<CardView>,
    /// What the viewer may do now (from `Status::apply`), so the page offers only those.
    pub commands: Vec<Command>,
    /// The viewer filed this case (may edit drafts and returned cases).
    pub viewer_is_filer: bool,
}

/// One row of the append-only timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub at: String,
    /// The official's name; empty for the applicant's own view.
    pub actor: String,
    pub role: Role,
    pub command: Command,
    pub to: Status,
    pub opinion: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardView {
    pub card_number: String,
    pub issued_on: String,
    pub valid_until: String,
}

/// A line in a list or queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: i64,
    pub reference: String,
    pub full_name: String,
    pub status: Status,
    pub talent_category: i16,
    pub case_by_case: bool,
    pub updated_at: String,
}

/// Commands a person takes from the case page (the bank's have their own page).
pub const CASE_PAGE_COMMANDS: [Command; 7] = [
    Command::Submit,
    Command::Resubmit,
    Command::Pass,
    Command::Approve,
    Command::Return,
    Command::Reject,
    Command::Withdraw,
];

/// Longest opinion accepted (SYSTEM.md: long opinions are fine).
pub const MAX_OPINION_CHARS: usize = 10_000;
