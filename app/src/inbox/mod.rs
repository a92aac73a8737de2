//! The in-app inbox: a message for every state change of a case the reader filed or is the talent
//! of (SYSTEM.md, Notifications). Rows are written by `workflow::db::transition`.
pub mod api;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::{Command, SectionReason, Status};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxMessage {
    pub application_id: i64,
    pub reference: String,
    pub at: String,
    pub command: Command,
    pub to: Status,
    /// The reasons of a return or a rejection (never an internal opinion).
    pub opinion: String,
    pub section_reasons: Vec<SectionReason>,
    pub unread: bool,
}
