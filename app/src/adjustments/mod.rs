//! The contact list (issue 13, item 2; RULES.md Art. 6(1)). The industry department proposes to
//! move a holder of its cases to the contact list (post change, job change, left the district,
//! other) or back (eligible again); HRSS files or declines. Filed, a suspension takes effect on the
//! 1st of next month (China time: `domain::card::first_of_next_month`) — until then the card
//! verifies as before — and a reactivation at once; bank services are never touched. The track
//! changes through `cards::lifecycle::record_card_changes` (event, notices, the providers' feed), what a
//! reader sees on a day is `card_talent_on` (no job involved). Reactivations wait ahead of
//! suspensions in HRSS's list ("priority").
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::card::{Adjustment, AdjustmentReason};

/// A holder of the department's cases, as its list shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HolderCard {
    pub application_id: i64,
    pub reference: String,
    pub full_name: String,
    /// Talent services as of today (`active`, `suspended` …).
    pub talent: String,
    /// A suspension filed, not yet in effect: from when.
    pub suspended_from: Option<String>,
    /// A proposal waiting for HRSS.
    pub open_proposal: Option<Adjustment>,
}

/// A proposal, as HRSS's list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: i64,
    pub application_id: i64,
    pub reference: String,
    pub full_name: String,
    pub kind: Adjustment,
    pub reason: AdjustmentReason,
    pub details: String,
    pub department_zh: String,
    pub department_en: String,
    pub proposed_at: String,
    pub talent: String,
    /// A suspension filed, not yet in effect (a reactivation then withdraws it).
    pub suspended_from: Option<String>,
}
