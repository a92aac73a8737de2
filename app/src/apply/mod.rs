//! The applicant's journey (Art. 3, Art. 5(1)): eligibility self-check, the task list of sections,
//! uploads, check answers, submit, corrections after a return.
pub mod answers;
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod documents;
pub mod eligibility;
pub mod views;
