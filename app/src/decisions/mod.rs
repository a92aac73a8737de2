//! Leading Group decisions (审定, Art. 5(5)): the talent office puts the cases awaiting decision
//! into a meeting batch, prints or exports the agenda, sets each case's outcome (approve by
//! default; reject with a reason), then records the meeting date — every transition of the batch
//! in one transaction.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
pub mod views;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: i64,
    pub created_at: String,
    pub cases: i64,
    pub meeting_date: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchCase {
    pub application_id: i64,
    pub reference: String,
    pub full_name: String,
    pub talent_category: Option<i16>,
    pub employer_name: String,
    pub case_by_case: bool,
    pub direct_recognition: bool,
    /// HRSS's re-review opinion (Art. 5(4)–(5): HRSS submits its opinion to the talent office).
    pub hrss_opinion: String,
    pub reject: bool,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchView {
    pub id: i64,
    pub created_at: String,
    pub meeting_date: Option<String>,
    pub cases: Vec<BatchCase>,
}
