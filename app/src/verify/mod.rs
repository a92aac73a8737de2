//! Verification at the counter (SYSTEM.md, "Verification"): a provider scans the holder's e-card
//! (a signed QR code, `ecard`), types its short code, or types card number and ID number, and
//! learns only: valid or not, the masked name, the photo, the services of its own types with the
//! quotas left, and for hukou or school places the dependants they reach. Then it may record the
//! service delivered (`services`).
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::ServiceType;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    /// The same answer for an unknown card, a wrong ID number and a card no longer in force.
    NotValid,
    Valid {
        masked_name: String,
        valid_until: String,
        services: Vec<ServiceType>,
        /// What may be recorded here, with the quotas left this year.
        offers: Vec<crate::services::Offer>,
        /// For a hukou or school-place provider: the dependants those services reach.
        dependents: Vec<crate::services::DependentView>,
        /// The photo is at `/verify/checks/{check}/photo`.
        has_photo: bool,
    },
}
