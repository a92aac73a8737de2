//! The administrator's page: staff accounts, each bound where its role needs it (SYSTEM.md):
//! an employer agent to a unit, an industry department account to a department, a provider
//! account to an organisation.
pub mod api;
pub mod deadlines;
pub mod organisations;
pub mod routing;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::Role;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The unit, department or organisation the account is bound to, if any.
    pub binding: Option<String>,
}

/// What the account form offers to bind to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bindings {
    pub departments: Vec<(String, String)>,
    pub provider_orgs: Vec<(i64, String)>,
}
