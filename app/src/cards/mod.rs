//! The card's way from approval to the holder (Art. 5(6)–(7), Art. 6):
//!
//! 1. HRSS sends approved cases to the bank as an **order batch** (`send_batch`);
//! 2. the bank downloads the batch (`export`: CSV or JSON, with a signed photo link valid 7 days)
//!    and uploads a **result file** — per line a card number or a refusal (`import`, judged line by
//!    line in `domain::bank_file`); typing one number on the page is the same import, one line;
//! 3. the Talent Office **issues** made cards (`issue_cards`): the five years start, both status
//!    tracks open in the append-only card event log, and the units are notified;
//! 4. the holder sees the card and both tracks on "my card".
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod lifecycle;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod export;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::bank_file::{FileProblem, LineProblem};

/// A case the Leading Group approved, waiting for HRSS to order its card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovedCase {
    pub id: i64,
    pub reference: String,
    pub full_name: String,
    pub approved_at: String,
    /// The bank refused it before; HRSS resent it (the reasons are on the case page).
    pub resent: bool,
}

/// An order batch, as the bank and HRSS list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchView {
    pub id: i64,
    pub sent_at: String,
    pub lines: i64,
    pub made: i64,
    pub refused: i64,
    pub open: i64,
}

/// An unanswered order line, for the bank's typed fallback (what the bank needs, nothing of the
/// review).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenLine {
    pub line_id: i64,
    pub batch_id: i64,
    pub reference: String,
    pub full_name: String,
    pub id_number: String,
    /// Working days since the batch was sent.
    pub waiting_days: i64,
}

/// What one result file did (stored with the import; shown to the bank and HRSS).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub file_name: String,
    /// Read as GB18030 because it was not UTF-8 (a spreadsheet's default in China).
    pub read_as_gb18030: bool,
    pub file_problem: Option<FileProblem>,
    pub unknown_columns: Vec<String>,
    /// The bank asked for all or nothing, and something was wrong: nothing was applied.
    pub all_or_nothing_refused: bool,
    pub made: Vec<ReportLine>,
    pub refused: Vec<ReportLine>,
    pub unchanged: Vec<ReportLine>,
    pub errors: Vec<ReportError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportLine {
    pub row: usize,
    pub line_id: i64,
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportError {
    pub row: usize,
    /// As written in the file.
    pub line_id: String,
    pub problem: LineProblem,
}

/// A stored import with its report and the lines of its batches still outstanding now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: i64,
    pub uploaded_at: String,
    pub report: ImportReport,
    /// The first 1,000 of them.
    pub outstanding: Vec<OpenLine>,
    pub outstanding_total: i64,
}

/// A card the bank made, waiting for the Talent Office to issue it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MadeCard {
    pub id: i64,
    pub reference: String,
    pub full_name: String,
    pub card_number: String,
    pub made_at: String,
}

/// A card the bank made, as the bank and HRSS list them: both tracks once issued (Art. 6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BankCard {
    pub reference: String,
    pub card_number: String,
    pub made_at: String,
    pub issued_on: Option<String>,
    pub status: Option<CardStatus>,
}

/// Talent services (Art. 6): active / suspended / terminated / expired. Bank services: active /
/// terminated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardStatus {
    pub talent: String,
    pub bank: String,
}

/// The holder's card, with both tracks and their history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCard {
    pub application_id: i64,
    /// Art. 6: the period ends within 90 days (or has ended) and no re-application is under way.
    pub may_reapply: bool,
    /// The priority re-application started for this card.
    pub reapplication: Option<i64>,
    pub reference: String,
    pub full_name: String,
    /// The card number with its middle hidden (the e-card is shown at counters).
    pub card_number: String,
    pub has_photo: bool,
    /// The services of Art. 4 with a quota, and what is left of each this year.
    pub quotas: Vec<crate::services::Offer>,
    pub issued_on: String,
    pub valid_until: String,
    pub status: CardStatus,
    pub events: Vec<CardEventView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardEventView {
    pub at: String,
    pub kind: String,
    pub talent_to: String,
    pub bank_to: String,
    pub effective_on: String,
    pub reason: String,
}

/// A notice to a unit (Art. 5(7)): the employer's agents and the industry department see whose
/// card it is; a provider organisation sees only the masked name and the validity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub at: String,
    pub kind: String,
    /// The reference and full name for the employer and the department; None for a provider.
    pub reference: Option<String>,
    pub name: String,
    pub valid_until: String,
    /// From when the change applies (a suspension: the 1st of next month).
    pub effective_on: String,
    /// Why (a termination's ground and reason); never for a provider.
    pub reason: Option<String>,
}
