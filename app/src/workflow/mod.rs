//! The application workflow: one place where a case changes state (Art. 5).
//! `api` holds the server functions; `db` does each transition in one transaction.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::{Answers, Command, DocKind, Role, SectionReason, Status};

/// A case as reviewers and its filer see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub id: i64,
    pub reference: String,
    pub status: Status,
    pub version: i32,
    pub full_name: String,
    /// Newly attracted investment enterprise (一事一议): the pre-reviewer sees the flag.
    pub case_by_case: bool,
    pub answers: Answers,
    pub documents: Vec<DocumentView>,
    pub department: Option<String>,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub events: Vec<EventView>,
    /// While returned: what the stage that returned it asks to correct, per section.
    pub return_reasons: Vec<SectionReason>,
    pub card: Option<CardView>,
    /// What the viewer may do now (from `Status::apply`), so the page offers only those.
    pub commands: Vec<Command>,
    /// The viewer filed this case (may change drafts and returned cases).
    pub viewer_is_filer: bool,
}

/// An uploaded document; `token` is the only handle a URL carries (`/documents/{token}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub token: String,
    pub kind: DocKind,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i32,
    pub sha256: String,
    pub uploaded_at: String,
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
    /// Empty for the applicant where the opinion is between officials (a pass opinion).
    pub opinion: String,
    pub section_reasons: Vec<SectionReason>,
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
    pub talent_category: Option<i16>,
    pub case_by_case: bool,
    pub updated_at: String,
}

/// Commands a person takes from the case page. Submitting and resubmitting go through
/// `apply::submit_application` (which checks every section first); the bank has its own page.
pub const CASE_PAGE_COMMANDS: [Command; 5] = [
    Command::Pass,
    Command::Approve,
    Command::Return,
    Command::Reject,
    Command::Withdraw,
];
