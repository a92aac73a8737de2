//! The reviewers' side (Art. 5(2)–(5)): each role's queue. The case page itself is `workflow`.
pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod views;
