//! Scheduled work (issue 13, item 6; RULES.md Art. 6): the reminders of assessments due (30 days
//! before) and overdue, of the card's end (90 and 30 days before; mailed to the holder), and the
//! card's end itself (talent services `expired`, a card event the units and the providers' feed
//! hear of), and the closing of requests whose card's talent services ended (issue 19). What a
//! reader sees never waits for this: the lists and the checks compute the same
//! conditions on the day (`card_talent_on`, `card_rounds`); the job only tells people.
//!
//! `db::run` is safe with several server instances and after downtime:
//! - one runner at a time: each batch is a transaction holding a PostgreSQL advisory lock
//!   (`pg_try_advisory_xact_lock`); a second runner finds it taken and leaves;
//! - idempotent: each piece is chosen from conditions (due within 30 days, past its due date …)
//!   minus what is already written, and written once (unique keys, `ON CONFLICT DO NOTHING`);
//! - catching up: a day missed is no condition missed — the work is still due the next time.
#[cfg(feature = "ssr")]
pub mod db;

/// What one run wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    pub reminders: u64,
    pub mails: u64,
    pub expired: u64,
    /// Open requests whose card's talent services ended (issue 19), closed.
    pub closed_requests: u64,
}

impl Work {
    pub fn is_empty(&self) -> bool {
        *self == Work::default()
    }

    pub fn add(&mut self, other: Work) {
        self.reminders += other.reminders;
        self.mails += other.mails;
        self.expired += other.expired;
        self.closed_requests += other.closed_requests;
    }
}
