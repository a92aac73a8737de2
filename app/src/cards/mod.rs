//! Card making (Art. 5(6)–(7)): the bank's queue of card orders; it records the card number of
//! each card it made (the card is then issued for the 5-year period of Art. 6) or sends the case
//! back to HRSS with a reason.
pub mod api;
pub mod views;

use serde::{Deserialize, Serialize};

/// What the bank needs to make a card, and nothing of the review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardOrder {
    pub id: i64,
    pub version: i32,
    pub reference: String,
    pub full_name: String,
    pub resident_id: String,
    pub ordered_at: String,
}
