//! Working days on the Chinese calendar, for review deadlines (issue: "a configurable number of
//! working days per stage on a Chinese working-day calendar (public holidays and make-up working
//! days in a table the admin can edit); overdue and 'due within 3 working days' lists; the case
//! page shows days waiting").
//!
//! Monday to Friday are working days unless the State Council's yearly notice
//! (国务院办公厅关于某年部分节假日安排的通知) gives them off (放假); a Saturday or Sunday is one only
//! when the notice makes it a make-up working day (调休上班). Those exceptions are the table the
//! admin edits; `Calendar` holds it, and everything else here is arithmetic.
//!
//! Counting: a case entered on `from` has waited `working_days_between(from, today)` working days
//! (the day of entry does not count, today does). A stage with a limit of `n` working days is due
//! on `add_working_days(from, n)`, the n-th working day after entry, and is in time if it is done
//! by the end of that day.
use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Included, Unbounded};

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// "Due within 3 working days" (issue): at most this many working days left puts a case on the
/// due-soon list.
pub const DUE_SOON_WORKING_DAYS: i64 = 3;

/// A row of the admin's table: how a date departs from the Monday-to-Friday week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 放假: no work that day, even from Monday to Friday.
    Holiday,
    /// 调休上班: a Saturday or Sunday worked in exchange for a holiday.
    MakeUpWorkday,
}

/// The working-day calendar: the Monday-to-Friday week corrected by the admin's table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    exceptions: BTreeMap<NaiveDate, DayKind>,
}

/// Where a case stands against the limit of its stage, in working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Today is after the due date; `days` working days have passed since it. That is 0 on a
    /// holiday or weekend right after the due date: late, but no working day lost yet.
    Overdue { days: i64 },
    /// Due within `DUE_SOON_WORKING_DAYS` working days; 0 means due today.
    DueSoon { days_left: i64 },
    OnTime { days_left: i64 },
}

impl Calendar {
    /// The calendar of the admin's table rows. Rows that change nothing are harmless (a holiday on
    /// a Saturday, as the notices list whole holiday spans; a make-up day on a weekday). If a date
    /// comes twice, the last row wins.
    pub fn new(rows: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Calendar {
        Calendar { exceptions: rows.into_iter().collect() }
    }

    /// Monday to Friday unless a holiday; Saturday and Sunday only as a make-up working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.exceptions.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::MakeUpWorkday) => true,
            None => is_weekday(date),
        }
    }

    /// Working days strictly after `from` up to and including `to`, 0 if `to <= from`: how long a
    /// case entered on `from` has waited by `to` ("the case page shows days waiting").
    /// Whole weeks are counted arithmetically, then corrected by the table rows in range.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to <= from {
            return 0;
        }
        let corrections: i64 =
            self.exceptions.range((Excluded(from), Included(to))).map(|(&date, &kind)| correction(date, kind)).sum();
        weekdays_between(from, to) + corrections
    }

    /// The n-th working day after `from` (`from` itself for 0): the due date of a stage with a
    /// limit of `n` working days entered on `from`. Jumps from one table row that matters to the
    /// next, counting the plain weeks between them arithmetically.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut left = i64::from(n);
        if left == 0 {
            return from;
        }
        let mut cur = from;
        for (&date, &kind) in self.exceptions.range((Excluded(from), Unbounded)) {
            let flip = correction(date, kind);
            if flip == 0 {
                continue;
            }
            // Between `cur` and `date` (exclusive) the week is plain.
            let plain = weekdays_between(cur, date) - i64::from(is_weekday(date));
            if plain >= left {
                return nth_weekday_after(cur, left);
            }
            left -= plain;
            if flip > 0 {
                left -= 1;
                if left == 0 {
                    return date;
                }
            }
            cur = date;
        }
        nth_weekday_after(cur, left)
    }

    /// Where a case entered into its stage on `entered`, with a limit of `limit` working days,
    /// stands on `today`: overdue after the due date, due soon within `DUE_SOON_WORKING_DAYS`
    /// working days of it (the due date itself included, with 0 days left), else on time.
    pub fn urgency(&self, entered: NaiveDate, limit: u32, today: NaiveDate) -> Urgency {
        let due = self.add_working_days(entered, limit);
        if today > due {
            return Urgency::Overdue { days: self.working_days_between(due, today) };
        }
        let days_left = self.working_days_between(today, due);
        if days_left <= DUE_SOON_WORKING_DAYS {
            Urgency::DueSoon { days_left }
        } else {
            Urgency::OnTime { days_left }
        }
    }
}

fn is_weekday(date: NaiveDate) -> bool {
    date.weekday().num_days_from_monday() < 5
}

/// What a table row changes in a count of Monday-to-Friday days: -1, 0 or +1.
fn correction(date: NaiveDate, kind: DayKind) -> i64 {
    match (kind, is_weekday(date)) {
        (DayKind::Holiday, true) => -1,
        (DayKind::MakeUpWorkday, false) => 1,
        _ => 0,
    }
}

/// Monday-to-Friday days strictly after `from` up to and including `to` (0 if `to <= from`):
/// 5 for every whole week, then the remaining 0–6 days one by one.
fn weekdays_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let days = (to - from).num_days();
    if days <= 0 {
        return 0;
    }
    let start = i64::from(from.weekday().num_days_from_monday());
    let tail = (1..=(days % 7)).filter(|i| (start + i) % 7 < 5).count() as i64;
    days / 7 * 5 + tail
}

/// The n-th Monday-to-Friday day after `from`, for `n >= 1`.
fn nth_weekday_after(from: NaiveDate, n: i64) -> NaiveDate {
    let weeks = (n - 1) / 5;
    let rest = (n - 1) % 5 + 1; // 1..=5 weekdays after the whole weeks
    // After a Saturday or Sunday the same weekdays follow as after the Friday before.
    let wd = i64::from(from.weekday().num_days_from_monday());
    let (base, wd) = if wd >= 5 { (from - Duration::days(wd - 4), 4) } else { (from, wd) };
    let weekend = if wd + rest >= 5 { 2 } else { 0 };
    base + Duration::days(weeks * 7 + rest + weekend)
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;
    use DayKind::{Holiday as H, MakeUpWorkday as M};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    /// Every date from `first` to `last`, both included, as table rows of `kind`.
    fn span(first: &str, last: &str, kind: DayKind) -> Vec<(NaiveDate, DayKind)> {
        d(first).iter_days().take_while(|x| *x <= d(last)).map(|x| (x, kind)).collect()
    }

    /// 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, Xinhua), as the admin would enter
    /// it: each holiday span whole, weekend days included, and each make-up working day.
    fn rows_2026() -> Vec<(NaiveDate, DayKind)> {
        [
            span("2026-01-01", "2026-01-03", H), // 元旦
            vec![(d("2026-01-04"), M)],
            span("2026-02-15", "2026-02-23", H), // 春节
            vec![(d("2026-02-14"), M), (d("2026-02-28"), M)],
            span("2026-04-04", "2026-04-06", H), // 清明节
            span("2026-05-01", "2026-05-05", H), // 劳动节
            vec![(d("2026-05-09"), M)],
            span("2026-06-19", "2026-06-21", H), // 端午节
            span("2026-09-25", "2026-09-27", H), // 中秋节
            span("2026-10-01", "2026-10-07", H), // 国庆节
            vec![(d("2026-09-20"), M), (d("2026-10-10"), M)],
        ]
        .concat()
    }

    /// The same notice for 2025 (国务院办公厅关于2025年部分节假日安排的通知).
    fn rows_2025() -> Vec<(NaiveDate, DayKind)> {
        [
            vec![(d("2025-01-01"), H)],          // 元旦
            span("2025-01-28", "2025-02-04", H), // 春节
            vec![(d("2025-01-26"), M), (d("2025-02-08"), M)],
            span("2025-04-04", "2025-04-06", H), // 清明节
            span("2025-05-01", "2025-05-05", H), // 劳动节
            vec![(d("2025-04-27"), M)],
            span("2025-05-31", "2025-06-02", H), // 端午节
            span("2025-10-01", "2025-10-08", H), // 国庆节、中秋节
            vec![(d("2025-09-28"), M), (d("2025-10-11"), M)],
        ]
        .concat()
    }

    fn cal_2026() -> Calendar {
        Calendar::new(rows_2026())
    }

    /// 2025 and 2026, plus rows that change nothing (a make-up day on a Wednesday, a holiday on a
    /// Saturday) and a date entered twice, of which the last row counts.
    fn cal_2025_2026() -> Calendar {
        let odd = vec![(d("2027-03-03"), M), (d("2027-03-06"), H), (d("2027-03-10"), M), (d("2027-03-10"), H)];
        Calendar::new([rows_2025(), rows_2026(), odd].concat())
    }

    /// Guards the test data against typos: the weekdays the 2026 notice names.
    #[test]
    fn the_2026_notice_as_typed() {
        use Weekday::*;
        let named = [
            ("2026-01-01", Thu),
            ("2026-01-03", Sat),
            ("2026-01-04", Sun),
            ("2026-02-14", Sat),
            ("2026-02-15", Sun),
            ("2026-02-23", Mon),
            ("2026-02-28", Sat),
            ("2026-04-04", Sat),
            ("2026-04-06", Mon),
            ("2026-05-01", Fri),
            ("2026-05-05", Tue),
            ("2026-05-09", Sat),
            ("2026-06-19", Fri),
            ("2026-06-21", Sun),
            ("2026-09-20", Sun),
            ("2026-09-25", Fri),
            ("2026-09-27", Sun),
            ("2026-10-01", Thu),
            ("2026-10-07", Wed),
            ("2026-10-10", Sat),
        ];
        for (date, weekday) in named {
            assert_eq!(d(date).weekday(), weekday, "{date}");
        }
        // 2026 has 261 Mondays to Fridays; 19 of them are holidays and 6 weekend days are worked.
        assert_eq!(cal_2026().working_days_between(d("2025-12-31"), d("2026-12-31")), 248);
        assert_eq!(Calendar::default().working_days_between(d("2025-12-31"), d("2026-12-31")), 261);
    }

    #[test]
    fn working_days() {
        let cal = cal_2026();
        let table = [
            ("2026-03-02", true),  // Monday
            ("2026-03-06", true),  // Friday
            ("2026-03-07", false), // Saturday
            ("2026-03-08", false), // Sunday
            ("2026-01-01", false), // 元旦, Thursday
            ("2026-01-02", false), // 元旦, Friday
            ("2026-01-03", false), // 元旦, Saturday: a holiday row on a weekend
            ("2026-01-04", true),  // make-up Sunday
            ("2026-02-14", true),  // make-up Saturday before 春节
            ("2026-02-16", false), // 春节, Monday
            ("2026-02-23", false), // 春节, last day, Monday
            ("2026-02-24", true),  // Tuesday after 春节
            ("2026-02-28", true),  // make-up Saturday after 春节
            ("2026-03-01", false), // the Sunday after it stays off
            ("2026-04-06", false), // 清明节, Monday
            ("2026-05-05", false), // 劳动节, Tuesday
            ("2026-05-09", true),  // make-up Saturday
            ("2026-06-19", false), // 端午节, Friday
            ("2026-09-20", true),  // make-up Sunday before 国庆节
            ("2026-09-25", false), // 中秋节, Friday
            ("2026-10-01", false), // 国庆节, Thursday
            ("2026-10-07", false), // 国庆节, Wednesday
            ("2026-10-08", true),  // Thursday after 国庆节
            ("2026-10-10", true),  // make-up Saturday
            ("2026-10-11", false), // Sunday
        ];
        for (date, working) in table {
            assert_eq!(cal.is_working_day(d(date)), working, "{date}");
        }
    }

    #[test]
    fn days_waiting() {
        let cal = cal_2026();
        let table = [
            ("2026-03-04", "2026-03-04", 0),  // same day
            ("2026-03-04", "2026-03-02", 0),  // backwards
            ("2026-03-02", "2026-03-03", 1),  // Monday to Tuesday
            ("2026-03-06", "2026-03-08", 0),  // Friday to Sunday: only the weekend
            ("2026-03-06", "2026-03-09", 1),  // Friday to Monday
            ("2026-03-07", "2026-03-09", 1),  // entered on a Saturday
            ("2026-03-02", "2026-03-09", 5),  // a week
            ("2026-03-02", "2026-03-30", 20), // four weeks
            ("2025-12-31", "2026-01-05", 2),  // 元旦 Thu–Sat off, make-up Sunday, Monday
            ("2026-09-30", "2026-10-08", 1),  // across the 国庆节 week
            ("2026-09-30", "2026-10-11", 3),  // Thu, Fri, make-up Saturday
            // Fri; make-up Sun 9-20, Mon–Thu; 中秋节; Mon–Wed; 国庆节; Thu, Fri, make-up Sat.
            ("2026-09-18", "2026-10-10", 11),
            ("2026-02-13", "2026-02-27", 5), // make-up Sat 2-14, 春节, Tue–Fri
            ("2026-02-13", "2026-02-28", 6), // and the make-up Saturday after
            ("2026-04-03", "2026-04-07", 1), // 清明节 Sat–Mon
        ];
        for (from, to, expected) in table {
            assert_eq!(cal.working_days_between(d(from), d(to)), expected, "{from} → {to}");
        }
    }

    #[test]
    fn due_dates() {
        let cal = cal_2026();
        let table = [
            ("2026-03-04", 0, "2026-03-04"),   // no days: the day itself
            ("2026-03-02", 1, "2026-03-03"),   // Monday + 1
            ("2026-03-06", 1, "2026-03-09"),   // Friday + 1: over the weekend
            ("2026-03-07", 1, "2026-03-09"),   // from a Saturday
            ("2026-03-08", 5, "2026-03-13"),   // from a Sunday
            ("2026-03-02", 5, "2026-03-09"),   // a week
            ("2026-03-02", 20, "2026-03-30"),  // four weeks
            ("2026-09-30", 1, "2026-10-08"),   // lands after the 国庆节 week
            ("2026-09-29", 3, "2026-10-09"),   // Sep 30, Oct 8, Oct 9
            ("2026-10-09", 1, "2026-10-10"),   // lands on a make-up Saturday
            ("2026-09-18", 1, "2026-09-20"),   // lands on a make-up Sunday
            ("2026-09-18", 5, "2026-09-24"),   // Sun, Mon–Thu
            ("2026-09-18", 6, "2026-09-28"),   // 中秋节 skipped
            ("2026-01-03", 1, "2026-01-04"),   // from a holiday to a make-up day
            ("2026-02-13", 2, "2026-02-24"),   // make-up Saturday, then after 春节
            ("2026-02-12", 5, "2026-02-26"),   // Fri, Sat, then Tue–Thu after 春节
            ("2025-12-31", 248, "2026-12-31"), // the whole year
        ];
        for (from, n, expected) in table {
            assert_eq!(cal.add_working_days(d(from), n), d(expected), "{from} + {n}");
        }
    }

    #[test]
    fn urgency_boundaries() {
        use Urgency::*;
        let cal = cal_2026();
        // Entered Thursday 2026-09-24 with 5 working days: Sep 28, 29, 30, Oct 8, due Fri Oct 9.
        assert_eq!(cal.add_working_days(d("2026-09-24"), 5), d("2026-10-09"));
        let table = [
            ("2026-09-24", OnTime { days_left: 5 }),
            ("2026-09-26", OnTime { days_left: 5 }), // a holiday Saturday
            ("2026-09-28", OnTime { days_left: 4 }),
            ("2026-09-29", DueSoon { days_left: 3 }), // exactly the due-soon boundary
            ("2026-09-30", DueSoon { days_left: 2 }),
            ("2026-10-03", DueSoon { days_left: 2 }), // the holiday week
            ("2026-10-08", DueSoon { days_left: 1 }),
            ("2026-10-09", DueSoon { days_left: 0 }), // due today
            ("2026-10-10", Overdue { days: 1 }),      // the make-up Saturday is a working day lost
            ("2026-10-11", Overdue { days: 1 }),
            ("2026-10-12", Overdue { days: 2 }),
        ];
        for (today, expected) in table {
            assert_eq!(cal.urgency(d("2026-09-24"), 5, d(today)), expected, "today {today}");
        }
        // A plain week: entered Monday with 3 working days, due Thursday.
        let table = [
            ("2026-03-02", 3, "2026-03-02", DueSoon { days_left: 3 }),
            ("2026-03-02", 4, "2026-03-02", OnTime { days_left: 4 }),
            ("2026-03-02", 3, "2026-03-05", DueSoon { days_left: 0 }),
            ("2026-03-02", 3, "2026-03-06", Overdue { days: 1 }),
            ("2026-03-02", 3, "2026-03-09", Overdue { days: 2 }),
            // Due Friday, today Saturday: late, but no working day lost yet.
            ("2026-03-02", 4, "2026-03-07", Overdue { days: 0 }),
            ("2026-03-02", 4, "2026-03-09", Overdue { days: 1 }),
            // No limit: due the day it entered.
            ("2026-03-02", 0, "2026-03-02", DueSoon { days_left: 0 }),
            ("2026-03-02", 0, "2026-03-03", Overdue { days: 1 }),
        ];
        for (entered, limit, today, expected) in table {
            assert_eq!(cal.urgency(d(entered), limit, d(today)), expected, "{entered} +{limit}, today {today}");
        }
    }

    /// Every date from 2024-12-01 to 2027-12-31.
    fn three_years() -> Vec<NaiveDate> {
        d("2024-12-01").iter_days().take_while(|x| *x <= d("2027-12-31")).collect()
    }

    /// The fast count against a day-by-day count, for every pair of dates in three years.
    #[test]
    fn days_between_matches_day_by_day() {
        let cal = cal_2025_2026();
        let dates = three_years();
        // upto[i] = working days among dates[..i], counted one by one.
        let mut upto = vec![0i64];
        for &date in &dates {
            upto.push(upto.last().unwrap() + i64::from(cal.is_working_day(date)));
        }
        for (i, &from) in dates.iter().enumerate() {
            for (j, &to) in dates.iter().enumerate() {
                let expected = if j > i { upto[j + 1] - upto[i + 1] } else { 0 };
                assert_eq!(cal.working_days_between(from, to), expected, "{from} → {to}");
            }
        }
        // The rows that change nothing did not, and the last row for 2027-03-10 won.
        assert!(cal.is_working_day(d("2027-03-03")));
        assert!(!cal.is_working_day(d("2027-03-06")));
        assert!(!cal.is_working_day(d("2027-03-10")));
    }

    /// add_working_days(from, n) is the working day that makes the count n, for every start date
    /// in three years and n up to 30 (more than two holiday weeks).
    #[test]
    fn add_then_count() {
        let cal = cal_2025_2026();
        for from in three_years() {
            for n in 0..=30u32 {
                let due = cal.add_working_days(from, n);
                assert_eq!(cal.working_days_between(from, due), i64::from(n), "{from} + {n} = {due}");
                if n == 0 {
                    assert_eq!(due, from);
                } else {
                    assert!(cal.is_working_day(due), "{from} + {n} = {due}");
                }
            }
        }
    }

    /// Counting the days waited and adding them back lands on the last working day up to `to`
    /// (or on `from` itself when none was waited).
    #[test]
    fn count_then_add() {
        let cal = cal_2025_2026();
        for from in three_years() {
            for to in from.iter_days().take(60) {
                let waited = cal.working_days_between(from, to);
                let back = cal.add_working_days(from, u32::try_from(waited).unwrap());
                let last_working = to.iter_days().rev().take_while(|x| *x > from).find(|x| cal.is_working_day(*x));
                assert_eq!(back, last_working.unwrap_or(from), "{from} → {to}");
            }
        }
    }
}
