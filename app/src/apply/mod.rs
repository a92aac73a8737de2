//! The applicant's side (Art. 5(1)): fill in the form, save a draft, see one's applications.
pub mod api;
pub mod views;
