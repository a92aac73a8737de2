//! The biennial assessment and retirement (issue 13, items 1 and 4; RULES.md Art. 6, Art. 6(3)).
//!
//! `/assessments` lists what waits for the reader: the employer agent's holders (of its unit) with
//! their next round, the industry department's assessments waiting for its opinion, HRSS's waiting
//! to be filed, and for both the overdue rounds with the working days since their due date.
//! `/assessments/{case}` is one card: both rounds, the open round's form (the agent uploads the
//! signed report as a PDF — `POST /assessments/{case}/report` — and submits grade and written
//! report; the department adds its opinion; HRSS files it), each step's record, and the
//! retirement day (the agent or HRSS). A "not competent" grade offers the department a proposal
//! to move the holder to the contact list (`adjustments`).
//!
//! The dates are `domain::assessment` (SQL twin: `card_rounds`); every stage change goes
//! through `db::step`, with its `assessment_events` row (append-only) in the same transaction.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::assessment::{AssessmentStage, Grade, Standing};

/// One owed round of a card, as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundRow {
    pub application_id: i64,
    pub reference: String,
    pub full_name: String,
    pub round: u8,
    pub due_on: String,
    /// Not submitted yet: where it stands today.
    pub standing: Option<Standing>,
    /// Submitted: where it is.
    pub stage: Option<AssessmentStage>,
    pub grade: Option<Grade>,
    /// Past its due date and not filed: working days since the due date.
    pub overdue_working_days: Option<i64>,
}

/// A reminder the scheduler wrote for a card of the agent's unit (`jobs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReminderRow {
    /// `assessment_due`, `assessment_overdue`, `card_ending_90`, `card_ending_30`.
    pub kind: String,
    pub application_id: i64,
    pub reference: String,
    pub full_name: String,
    /// The round (0: the card's end).
    pub round: u8,
    /// The due date, or the card's last valid day.
    pub due_on: String,
    pub sent_on: String,
}

/// A round of one card, on the card's assessment page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundView {
    pub round: u8,
    pub due_on: String,
    pub standing: Option<Standing>,
    pub stage: Option<AssessmentStage>,
    pub grade: Option<Grade>,
    pub report: String,
    pub department_opinion: Option<String>,
    /// The signed report (uploaded, or submitted): token and file name.
    pub report_file: Option<(String, String)>,
    /// Each step: when (China time), who (role), to which stage, the opinion written.
    pub events: Vec<(String, crate::domain::Role, AssessmentStage, String)>,
}

/// One card's assessments, and what the reader may do on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardAssessments {
    pub application_id: i64,
    pub reference: String,
    pub full_name: String,
    pub issued_on: String,
    pub valid_until: String,
    pub talent: String,
    pub retired_on: Option<String>,
    pub rounds: Vec<RoundView>,
    /// The round the agent may submit now.
    pub may_submit: Option<u8>,
    /// The round waiting for this reader's step (department: opinion; HRSS: file).
    pub may_step: Option<u8>,
    /// The department may propose a move to the contact list (a "not competent" grade, an active
    /// card, no proposal waiting).
    pub may_propose_suspension: bool,
    pub may_record_retirement: bool,
}
