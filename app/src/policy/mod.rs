//! The versions of the rules (RULES.md Art. 7; issue 13, item 7). `/policy` shows every version
//! and the one in force today; the admin adds a successor on `/admin/policy`, copied from the
//! newest version. The rules are `domain::policy`; what uses them: the self-check and the wizard
//! (categories, months), submission (refused while no version is in force), issuing (management
//! period), the service ledger (quotas) and assessments (interval) — the last two by the card's
//! own version.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::{PolicyVersion, Rules};

/// What applies on a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyToday {
    /// The version in force, if any.
    pub in_force: Option<PolicyVersion>,
    /// What drafts are checked by (`domain::policy::rules_for_drafts`).
    pub rules: Rules,
}
