//! Issue 15: what changed, as it happens. Every case transition takes its turn in one order and
//! wakes the instances (`db::take_turn`, in the transition's own transaction); each instance tails
//! the event log once (`stream::Live`) and hands each open page the changes of the cases its user
//! may see (`CaseScope::visible_to`, the same rule as every page), as server-sent events. An event
//! names the case, its new status and version, never a person: the page asks for the row.
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod presence;
#[cfg(feature = "ssr")]
pub mod stream;
pub mod views;

use serde::{Deserialize, Serialize};

/// One change as a browser receives it (`event: change`, the SSE id being the event's position).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveChange {
    pub case: i64,
    /// The status key after the change (`Status::key`).
    pub status: String,
    /// The case's version after the change: a page that shows an older one is out of date.
    pub version: i32,
}
