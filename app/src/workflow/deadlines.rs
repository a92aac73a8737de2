//! Deadlines (server only): the admin's working-day calendar and stage limits, read from the
//! database; the arithmetic is `domain::calendar`.
use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::PgConnection;

use crate::domain::calendar::{Calendar, DayKind, Urgency};
use crate::domain::Status;
use crate::error::AppError;

pub struct Deadlines {
    calendar: Calendar,
    limits: HashMap<String, u32>,
    today: NaiveDate,
}

impl Deadlines {
    pub async fn load(db: &mut PgConnection, today: NaiveDate) -> Result<Deadlines, AppError> {
        // One statement for both tables (every queue and case page reads them: issue 17). Each pair
        // of arrays in the same order, by a key written the same way in both.
        let (days, kinds, stages, working_days): (Vec<NaiveDate>, Vec<String>, Vec<String>, Vec<i32>) = sqlx::query_as(
            "SELECT ARRAY(SELECT day FROM calendar_days ORDER BY day), ARRAY(SELECT kind FROM calendar_days ORDER BY day),
                    ARRAY(SELECT status::text FROM stage_limits ORDER BY status::text), ARRAY(SELECT working_days FROM stage_limits ORDER BY status::text)",
        )
        .fetch_one(&mut *db)
        .await?;
        let calendar = Calendar::new(days.into_iter().zip(kinds).map(|(d, k)| (d, if k == "holiday" { DayKind::Holiday } else { DayKind::MakeUpWorkday })));
        let limits = stages.into_iter().zip(working_days).map(|(s, n)| (s, n.max(0) as u32)).collect();
        Ok(Deadlines { calendar, limits, today })
    }

    /// The latest day a case may have entered `status` and still be overdue today, and the latest
    /// to be due within `DUE_SOON_WORKING_DAYS` (as dates, so queues filter them in SQL).
    pub fn cutoffs(&self, status: Status) -> Option<(NaiveDate, NaiveDate)> {
        let limit = *self.limits.get(status.as_db().0)?;
        let soon = self.calendar.add_working_days(self.today, crate::domain::calendar::DUE_SOON_WORKING_DAYS as u32);
        // The due date moves forward with the day entered, so walk back from today.
        let latest = |ok: &dyn Fn(NaiveDate) -> bool| {
            let mut d = self.today;
            while !ok(d) {
                d = d.pred_opt().expect("a date after year 1");
            }
            d
        };
        let overdue = latest(&|d| self.calendar.add_working_days(d, limit) < self.today);
        let due_soon = latest(&|d| self.calendar.add_working_days(d, limit) <= soon);
        Some((overdue, due_soon))
    }

    /// The day `n` working days after `from` (a deadline).
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.calendar.add_working_days(from, n)
    }

    /// Working days after `from` up to `to`.
    pub fn working_days(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.calendar.working_days_between(from, to)
    }

    /// Working days a case has waited in `status` since `entered`, and how urgent it is.
    pub fn of(&self, status: Status, entered: NaiveDate) -> (i64, Option<Urgency>) {
        let waited = self.calendar.working_days_between(entered, self.today);
        let urgency = self.limits.get(status.as_db().0).map(|limit| self.calendar.urgency(entered, *limit, self.today));
        (waited, urgency)
    }
}
