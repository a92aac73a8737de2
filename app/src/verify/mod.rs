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

/// The counter's requests: the verify page and a check's photo, the server functions of the check,
/// its verdict and the services recorded there, and the API's check. The server serves them from a
/// pool of their own (`server::AppState::pool_for`), so a counter never waits behind the pages.
pub fn at_the_counter(path: &str) -> bool {
    path == "/verify"
        || path.starts_with("/verify/")
        || matches!(
            path,
            "/api/verify_card" | "/api/verify_code" | "/api/verification" | "/api/record_service" | "/api/cancel_service" | "/api/org_service_records" | "/api/v1/verify"
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_counters_requests_are_named_by_their_path() {
        for (path, counter) in [
            ("/verify", true),
            ("/verify/checks/7/photo", true),
            ("/api/verify_card", true),
            ("/api/verify_code", true),
            ("/api/verification", true),
            ("/api/record_service", true),
            ("/api/cancel_service", true),
            ("/api/org_service_records", true),
            ("/api/v1/verify", true),
            ("/verifyx", false),
            ("/api/verify_card_x", false),
            ("/review", false),
            ("/my-card", false),
            ("/api/login", false),
            ("/api/v1/feed", false),
            ("/", false),
        ] {
            assert_eq!(super::at_the_counter(path), counter, "{path}");
        }
    }
}

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
