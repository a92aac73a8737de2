//! Verification at the counter (SYSTEM.md, "Verification"): a provider enters card number and
//! ID number and learns only: valid or not, the masked name, and the services of its own types.
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
    Valid { masked_name: String, valid_until: String, services: Vec<ServiceType> },
}
