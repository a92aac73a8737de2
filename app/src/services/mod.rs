//! The service ledger (issue 12; RULES.md Art. 4): after a valid check, the provider records the
//! service it delivered — only of its own types, for the holder or a dependant the service
//! reaches, within the year's quota (`domain::services`). Entries are never edited: a mistake is
//! cancelled by the same organisation within 24 hours, with a reason, as a new row. The holder
//! sees each entry as a receipt in the inbox and in the data tracker.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::sections::Relation;
use crate::domain::services::Service;

/// A service the holder may use here, and what is left of its quota this year (None: unlimited).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub service: Service,
    pub left: Option<i32>,
    pub quota: Option<i32>,
}

/// A dependant as a provider of hukou or school places sees them: given name masked, relation,
/// birth year; `index` is their place in the application's family section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DependentView {
    pub index: i32,
    pub masked_name: String,
    pub relation: Relation,
    pub birth_year: i32,
}

/// A ledger entry, as the recording organisation lists it (masked holder) or the holder's receipt
/// shows it (organisation named).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordView {
    pub id: i64,
    pub recorded_at: String,
    pub served_on: String,
    pub service: Service,
    pub holder: String,
    /// None: the holder; else the dependant: given name masked, and their relation.
    pub dependent: Option<(String, Option<Relation>)>,
    pub note: String,
    pub org_zh: String,
    pub org_en: String,
    pub cancelled: Option<String>,
    /// The recording organisation may still cancel it (within 24 hours, not cancelled).
    pub may_cancel: bool,
}

/// Service use for the dashboard: per type and month of this year, and the quotas.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceUse {
    pub year: i32,
    /// (service type as stored, month 1–12, entries not cancelled)
    pub by_month: Vec<(String, i32, i64)>,
    /// (service with a quota, uses this year, holders who used all of it)
    pub quotas: Vec<(Service, i64, i64)>,
}
