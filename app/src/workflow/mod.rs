//! The application workflow: one place where a case changes state (Art. 5).
//! `case_page` reads a case as its page shows it to one viewer.
//! `api` holds the server functions; `db` does each transition in one transaction; `outbox` queues
//! its e-mail in that same transaction.
pub mod api;
#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod case_page;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod deadlines;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod queue;
#[cfg(feature = "ssr")]
pub mod since_return;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::calendar::Urgency;
use crate::domain::{Answers, Command, DocKind, Role, SectionReason, Status};

/// What an official writes with a command: the opinion, a return's reasons per section, and
/// HRSS's recommendation of direct recognition (Art. 5(4)).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Opinion {
    pub text: String,
    pub reasons: Vec<SectionReason>,
    pub direct_recognition: bool,
}

impl Opinion {
    pub fn text(text: &str) -> Opinion {
        Opinion { text: text.to_string(), ..Opinion::default() }
    }
}

/// An official's note on a case; never shown to the applicant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteView {
    pub at: String,
    pub author: String,
    pub role: Role,
    pub body: String,
}

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
    /// Art. 5(4): HRSS recommends direct recognition (shown wherever the case appears later).
    pub direct_recognition: bool,
    /// In a review stage: working days waited in it, and against its limit (not for the applicant).
    pub waiting_days: Option<i64>,
    pub urgency: Option<Urgency>,
    /// Internal notes (empty for the applicant).
    pub notes: Vec<NoteView>,
    /// While returned: what the stage that returned it asks to correct, per section.
    pub return_reasons: Vec<SectionReason>,
    /// After a resubmission, for officials: what the case looked like when it was returned.
    pub since_return: Option<SinceReturn>,
    /// For officials: the decision batch (meeting not yet recorded) the case is on.
    pub agenda: Option<i64>,
    pub card: Option<CardView>,
    /// What the viewer may do now (from `Status::apply`), so the page offers only those.
    pub commands: Vec<Command>,
    /// The viewer filed this case (may change drafts and returned cases).
    pub viewer_is_filer: bool,
    pub viewer_role: Role,
    /// For the filer of a draft or a returned case: the rules its sections are checked by and
    /// the version in force today (none: it cannot be submitted; RULES.md Art. 7).
    pub policy: Option<crate::policy::PolicyToday>,
    /// The change log's position the page was read at: its live stream starts there (`live`).
    pub position: i64,
}

/// The answers as they stood when the case was last returned, and the documents uploaded or
/// removed since (the view compares them with the case as it is now).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SinceReturn {
    pub returned_at: String,
    pub returned_by: Role,
    pub answers_before: Answers,
    pub documents_added: Vec<DocumentView>,
    pub documents_removed: Vec<DocumentView>,
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
    pub direct_recognition: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardView {
    pub card_number: String,
    /// None while the card is made and not yet issued (Art. 5(7)).
    pub issued_on: Option<String>,
    pub valid_until: Option<String>,
    /// Both tracks of Art. 6, as of today; None before issuing.
    pub status: Option<crate::cards::CardStatus>,
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
    pub direct_recognition: bool,
    /// Art. 6: a priority re-application (a former holder's), ahead in every queue.
    pub priority: bool,
    pub updated_at: String,
    /// In a review stage: working days waited in it, and how that stands against its limit.
    pub waiting_days: Option<i64>,
    pub urgency: Option<Urgency>,
}

/// Commands a person takes from the case page. Submitting and resubmitting go through
/// `apply::submit_application` (which checks every section first); the bank has its own page.
pub const CASE_PAGE_COMMANDS: [Command; 6] = [
    Command::Pass,
    Command::ResendToBank,
    Command::Approve,
    Command::Return,
    Command::Reject,
    Command::Withdraw,
];
