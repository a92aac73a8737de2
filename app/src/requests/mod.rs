//! The holder's requests (issue 19; RULES.md Art. 4; SYSTEM.md "Requests"): the holder of an
//! active card asks for a service of Art. 4 or raises a problem (/requests/new); the unit routed
//! for its type (`request_routes`, the admin's) answers in its queue (/requests): accept or return
//! for information within 2 working days, then in progress, then done with an outcome; the holder
//! may withdraw. A problem goes to HRSS's talent section, which may pass it on to any unit. Every
//! step is `db::transition` (one transaction, its `request_events` row); the rules are
//! `domain::requests`. A request whose card's talent services have ended reads as closed from
//! that day (`effective status`), and is closed in the database at its next touch.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod oversight;
pub mod routing;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::requests::{Outcome, RequestCommand, RequestStatus, RequestType};
use crate::domain::Role;

/// A request in a list (the holder's, a unit's queue).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i64,
    pub request_type: RequestType,
    pub status: RequestStatus,
    /// The holder's masked name for a unit, the person it is for (the holder or a dependant).
    pub holder: String,
    pub submitted_at: String,
    /// The deadline of the current step (to accept, or to be done), if any.
    pub due: Option<String>,
    pub overdue: bool,
    pub department: Option<String>,
}

/// One request, as its page shows it to the holder or to an official of its unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: i64,
    pub version: i32,
    pub request_type: RequestType,
    pub status: RequestStatus,
    /// The holder's name and contact (for the unit: what the request needs, no review material).
    pub holder_name: String,
    pub phone: String,
    pub email: String,
    /// For whom: None the holder; else the dependant's name and relation.
    pub for_dependent: Option<(String, String)>,
    pub details: Vec<(String, String)>,
    pub text: String,
    pub department_zh: Option<String>,
    pub department_en: Option<String>,
    pub due: Option<String>,
    pub outcome: Option<Outcome>,
    pub outcome_on: Option<String>,
    pub outcome_text: String,
    pub events: Vec<RequestEvent>,
    /// What the viewer may do now.
    pub commands: Vec<RequestCommand>,
    pub viewer_role: Role,
    /// The units a problem may be passed on to (code, name), for HRSS's talent section.
    pub units: Vec<(String, String)>,
    /// The holder may attach documents (the request is open).
    pub may_attach: bool,
    /// The documents attached: (file name, token).
    pub documents: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestEvent {
    pub at: String,
    /// The body that acted (never the official's name), or empty for the holder and the system.
    pub by: String,
    pub command: RequestCommand,
    pub to: RequestStatus,
    pub note: String,
}

/// What the holder's form offers: for whom (value, label) and whether the card allows a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewRequestChoices {
    pub card_active: bool,
    /// (`dependent:N`, name and relation) of the application's family section.
    pub dependents: Vec<(String, String, crate::domain::sections::Relation)>,
}

/// A step on one of the holder's requests, as the inbox shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestMessage {
    pub request_id: i64,
    pub request_type: RequestType,
    pub at: String,
    pub command: RequestCommand,
    pub to: RequestStatus,
    /// The unit's reason, note or outcome.
    pub note: String,
    pub unread: bool,
}
