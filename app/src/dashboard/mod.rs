//! The dashboard for HRSS and the talent office (issue 4): cases per stage, median working days
//! per stage, overdue count, category mix, monthly intake — as SVG charts drawn by the server.
pub mod api;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::Status;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// The change log's position the figures were read at (`live`).
    pub position: i64,
    pub per_stage: Vec<(Status, i64)>,
    /// Median working days a case spent in each review stage it has left (last 5,000 moves).
    pub median_working_days: Vec<(Status, f64)>,
    pub overdue: i64,
    pub category_mix: Vec<(i16, i64)>,
    /// Submissions per month (China time), the last 12 months.
    pub monthly_intake: Vec<(String, i64)>,
    /// The service ledger this year (issue 12): use by type and month, and the quotas.
    pub service_use: crate::services::ServiceUse,
    /// Issued cards by talent status as of today (Art. 6; `card_talent_on`).
    pub holders_by_status: Vec<(String, i64)>,
    /// Cards in force whose period ends within the next 90 days (Art. 6: re-application).
    pub expiring_90_days: i64,
    /// Art. 6: assessments submitted and not yet filed, and rounds past their due date not filed.
    pub assessments_in_progress: i64,
    pub assessments_overdue: i64,
}

/// The median of some numbers (0 for none).
pub fn median(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(|a, b| a.total_cmp(b));
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn medians() {
        assert_eq!(super::median(vec![]), 0.0);
        assert_eq!(super::median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(super::median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
