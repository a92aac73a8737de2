//! The rules as versions (RULES.md Art. 7): notice 云人才领字〔2019〕1号 is in force for 5 years from
//! its publication on 2019-06-05, and a successor notice takes over from it. A version has a start
//! and an end day and the values a notice may change (`Rules`). Versions never overlap; each
//! application, Leading Group decision, card and service records the version it was made under,
//! and a card lives by its version to the end of its period (quotas, assessment interval).
//! When no version is in force on a day, no application can be submitted that day.
//!
//! Pure: "today" is a parameter of every rule.
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::application::{text, Checker, Field, FieldError, Problem};

/// What a notice sets and a successor may change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Art. 3: the talent categories (1–9) open to applications.
    pub categories: Vec<u8>,
    /// Art. 3: the months a year the applicant must work in the district (at least).
    pub min_months_in_district: u8,
    /// Art. 4(4): free health checks a year.
    pub health_check_quota: i32,
    /// Art. 4(7): airport VIP pick-ups and drop-offs a year.
    pub airport_vip_quota: i32,
    /// Art. 6: the management period of a card, from its issue day.
    pub management_months: u32,
    /// Art. 6: the employer assesses the holder every this many months.
    pub assessment_interval_months: u32,
}

impl Rules {
    /// The values of notice 云人才领字〔2019〕1号 (the first version, seeded by the migration).
    pub fn notice_2019() -> Rules {
        Rules {
            categories: (1..=9).collect(),
            min_months_in_district: 6,
            health_check_quota: 1,
            airport_vip_quota: 2,
            management_months: 60,
            assessment_interval_months: 24,
        }
    }

    /// The problems of a category and a months figure under these rules (Art. 3).
    pub fn application_problems(&self, category: Option<u8>, months: Option<u8>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if category.is_some_and(|c| !self.categories.contains(&c)) {
            errors.push(FieldError { field: Field::Category, problem: Problem::CategoryNotInForce });
        }
        if months.is_some_and(|m| m < self.min_months_in_district) {
            errors.push(FieldError { field: Field::Months, problem: Problem::MonthsTooFew });
        }
        errors
    }

    /// Art. 6: the last valid day of a card issued on `issued_on` — the day before the issue day,
    /// the management period on (2026-11-28 → 2031-11-27 for 60 months; a 29 Feb issue ends on
    /// 28 Feb).
    pub fn valid_until(&self, issued_on: NaiveDate) -> NaiveDate {
        let eve = issued_on.pred_opt().expect("date in range");
        eve.checked_add_months(Months::new(self.management_months)).expect("date in range")
    }
}

/// One version of the rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersion {
    pub id: i64,
    /// 文号, e.g. 云人才领字〔2019〕1号.
    pub document_number: String,
    pub title: String,
    pub starts_on: NaiveDate,
    /// The last day it is in force.
    pub ends_on: NaiveDate,
    pub rules: Rules,
}

impl PolicyVersion {
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && day <= self.ends_on
    }
}

/// The version in force on `today`, if any (versions never overlap).
pub fn in_force(versions: &[PolicyVersion], today: NaiveDate) -> Option<&PolicyVersion> {
    versions.iter().find(|v| v.in_force_on(today))
}

/// The rules a draft is checked by on `today`: the version in force, else the newest that has
/// started (a draft can still be completed while no version is in force; only submission waits).
pub fn rules_for_drafts(versions: &[PolicyVersion], today: NaiveDate) -> Rules {
    in_force(versions, today)
        .or_else(|| versions.iter().filter(|v| v.starts_on <= today).max_by_key(|v| v.starts_on))
        .map_or_else(Rules::notice_2019, |v| v.rules.clone())
}

/// The admin's form for a new version, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VersionInput {
    pub document_number: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub categories: Vec<String>,
    pub min_months_in_district: String,
    pub health_check_quota: String,
    pub airport_vip_quota: String,
    pub management_months: String,
    pub assessment_interval_months: String,
}

/// A new version that passed its checks (not yet stored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewVersion {
    pub document_number: String,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub rules: Rules,
}

/// Art. 7: a notice is in force for 5 years; the successor's form starts with that.
pub const VALIDITY_YEARS: u32 = 5;

impl VersionInput {
    /// The form for a successor of `current`: its values copied, starting the day after it ends,
    /// in force for 5 years; the document number is the new notice's own, to be typed.
    pub fn successor_of(current: &PolicyVersion) -> VersionInput {
        let starts = current.ends_on.succ_opt().expect("date in range");
        // Like a card's period: the day before the first day, five years on (2028-02-29 → 2033-02-28).
        let ends = starts.pred_opt().and_then(|d| d.checked_add_months(Months::new(12 * VALIDITY_YEARS))).expect("date in range");
        let r = &current.rules;
        VersionInput {
            document_number: String::new(),
            title: current.title.clone(),
            starts_on: starts.to_string(),
            ends_on: ends.to_string(),
            categories: r.categories.iter().map(u8::to_string).collect(),
            min_months_in_district: r.min_months_in_district.to_string(),
            health_check_quota: r.health_check_quota.to_string(),
            airport_vip_quota: r.airport_vip_quota.to_string(),
            management_months: r.management_months.to_string(),
            assessment_interval_months: r.assessment_interval_months.to_string(),
        }
    }

    /// Checks the form against the versions there are (`existing`: their start and end days).
    pub fn validate(&self, existing: &[(NaiveDate, NaiveDate)]) -> Result<NewVersion, Vec<FieldError>> {
        let mut c = Checker::default();
        let document_number = c.keep(Field::DocumentNumber, text(&self.document_number, 100));
        let title = c.keep(Field::PolicyTitle, text(&self.title, 200));
        let starts_on = c.keep(Field::StartsOn, day(&self.starts_on));
        let ends_on = c.keep(Field::EndsOn, day(&self.ends_on));
        let mut categories = Vec::new();
        let mut unknown = false;
        for raw in &self.categories {
            match raw.trim().parse::<u8>() {
                Ok(n @ 1..=9) if !categories.contains(&n) => categories.push(n),
                Ok(1..=9) => {}
                _ => unknown = true,
            }
        }
        if unknown {
            c.fail(Field::Categories, Problem::UnknownChoice);
        }
        categories.sort_unstable();
        if categories.is_empty() && self.categories.is_empty() {
            c.fail(Field::Categories, Problem::Required);
        }
        let min_months = c.keep(Field::Months, number(&self.min_months_in_district, 1, 12));
        let health = c.keep(Field::HealthCheckQuota, number(&self.health_check_quota, 1, 12));
        let airport = c.keep(Field::AirportQuota, number(&self.airport_vip_quota, 1, 12));
        let management = c.keep(Field::ManagementMonths, number(&self.management_months, 12, 120));
        let interval = c.keep(Field::AssessmentInterval, number(&self.assessment_interval_months, 6, 120));
        if let (Some(i), Some(m)) = (interval, management) {
            if i >= m {
                // An interval as long as the period would never fall due.
                c.fail(Field::AssessmentInterval, Problem::IntervalNotShorterThanPeriod);
            }
        }
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                c.fail(Field::EndsOn, Problem::VersionEndsBeforeStart);
            } else if existing.iter().any(|(s2, e2)| s <= *e2 && *s2 <= e) {
                c.fail(Field::StartsOn, Problem::VersionOverlaps);
            }
        }
        let valid = (|| {
            Some(NewVersion {
                document_number: document_number?,
                title: title?,
                starts_on: starts_on?,
                ends_on: ends_on?,
                rules: Rules {
                    categories,
                    min_months_in_district: u8::try_from(min_months?).ok()?,
                    health_check_quota: i32::try_from(health?).ok()?,
                    airport_vip_quota: i32::try_from(airport?).ok()?,
                    management_months: management?,
                    assessment_interval_months: interval?,
                },
            })
        })();
        c.finish(valid)
    }

    pub fn echo(&self) -> Vec<(Field, String)> {
        vec![
            (Field::DocumentNumber, self.document_number.clone()),
            (Field::PolicyTitle, self.title.clone()),
            (Field::StartsOn, self.starts_on.clone()),
            (Field::EndsOn, self.ends_on.clone()),
            (Field::Categories, self.categories.join(",")),
            (Field::Months, self.min_months_in_district.clone()),
            (Field::HealthCheckQuota, self.health_check_quota.clone()),
            (Field::AirportQuota, self.airport_vip_quota.clone()),
            (Field::ManagementMonths, self.management_months.clone()),
            (Field::AssessmentInterval, self.assessment_interval_months.clone()),
        ]
    }
}

fn day(raw: &str) -> Result<NaiveDate, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    super::dates::iso(s).filter(|d| (2000..=2100).contains(&d.year())).ok_or(Problem::DateFormat)
}

fn number(raw: &str, min: u32, max: u32) -> Result<u32, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    s.parse::<u32>().ok().filter(|n| (min..=max).contains(n)).ok_or(Problem::NumberOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn notice_2019() -> PolicyVersion {
        PolicyVersion {
            id: 1,
            document_number: "云人才领字〔2019〕1号".into(),
            title: "白云区云聚英才卡实施细则（试行）".into(),
            starts_on: d(2019, 6, 5),
            ends_on: d(2024, 6, 4),
            rules: Rules::notice_2019(),
        }
    }

    #[test]
    fn a_version_is_in_force_from_its_first_to_its_last_day() {
        let v = [notice_2019()];
        // Art. 7: five years from publication on 2019-06-05.
        for (today, in_force_today) in [
            (d(2019, 6, 4), false),
            (d(2019, 6, 5), true),
            (d(2024, 6, 4), true),
            (d(2024, 6, 5), false),
            (d(2026, 12, 2), false),
        ] {
            assert_eq!(in_force(&v, today).is_some(), in_force_today, "{today}");
        }
    }

    #[test]
    fn drafts_are_checked_by_the_newest_version_that_has_started() {
        let mut next = notice_2019();
        next.id = 2;
        next.starts_on = d(2027, 1, 1);
        next.ends_on = d(2031, 12, 31);
        next.rules.min_months_in_district = 8;
        let v = [notice_2019(), next];
        assert_eq!(rules_for_drafts(&v, d(2026, 12, 2)).min_months_in_district, 6, "the gap: the lapsed version's rules");
        assert_eq!(rules_for_drafts(&v, d(2027, 1, 1)).min_months_in_district, 8);
        assert_eq!(rules_for_drafts(&[], d(2027, 1, 1)), Rules::notice_2019());
    }

    #[test]
    fn the_rules_decide_categories_and_months() {
        let mut r = Rules::notice_2019();
        assert!(r.application_problems(Some(9), Some(6)).is_empty());
        assert_eq!(r.application_problems(Some(1), Some(5)), vec![FieldError { field: Field::Months, problem: Problem::MonthsTooFew }]);
        r.categories.retain(|c| *c != 9);
        r.min_months_in_district = 4;
        assert_eq!(r.application_problems(Some(9), Some(4)), vec![FieldError { field: Field::Category, problem: Problem::CategoryNotInForce }]);
        assert!(r.application_problems(None, None).is_empty(), "unanswered is the section's own problem");
    }

    #[test]
    fn the_management_period_runs_from_the_issue_day() {
        let mut r = Rules::notice_2019();
        for (issued, last) in [
            (d(2026, 11, 28), d(2031, 11, 27)),
            (d(2028, 2, 29), d(2033, 2, 28)),
            (d(2026, 3, 1), d(2031, 2, 28)),
            (d(2026, 1, 1), d(2030, 12, 31)),
        ] {
            assert_eq!(r.valid_until(issued), last, "{issued}");
            assert_eq!(r.valid_until(issued), crate::domain::valid_until(issued), "the 2019 notice is the default");
        }
        r.management_months = 36;
        assert_eq!(r.valid_until(d(2027, 1, 1)), d(2029, 12, 31));
    }

    #[test]
    fn a_successor_starts_the_day_after_and_copies_the_values() {
        let form = VersionInput::successor_of(&notice_2019());
        assert_eq!((form.starts_on.as_str(), form.ends_on.as_str()), ("2024-06-05", "2029-06-04"));
        let mut leap = notice_2019();
        leap.ends_on = d(2028, 2, 28);
        let form = VersionInput::successor_of(&leap);
        assert_eq!((form.starts_on.as_str(), form.ends_on.as_str()), ("2028-02-29", "2033-02-28"));
        let form = VersionInput::successor_of(&notice_2019());
        assert_eq!(form.document_number, "", "a new notice has its own number");
        assert_eq!(form.categories.len(), 9);
        let mut typed = form.clone();
        typed.document_number = "云人才领字〔2024〕2号".into();
        let v = typed.validate(&[(d(2019, 6, 5), d(2024, 6, 4))]).unwrap();
        assert_eq!(v.rules, Rules::notice_2019());
        assert_eq!(v.starts_on, d(2024, 6, 5));
    }

    #[test]
    fn bad_versions_are_refused_with_the_field() {
        let existing = [(d(2019, 6, 5), d(2024, 6, 4))];
        let mut ok = VersionInput::successor_of(&notice_2019());
        ok.document_number = "云人才领字〔2024〕2号".into();
        let problems = |change: &dyn Fn(&mut VersionInput)| {
            let mut f = ok.clone();
            change(&mut f);
            f.validate(&existing).err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect::<Vec<_>>()
        };
        use Field as F;
        use Problem as P;
        let rows: Vec<(&str, &dyn Fn(&mut VersionInput), Vec<(Field, Problem)>)> = vec![
            ("overlaps the 2019 notice by a day", &|f| f.starts_on = "2024-06-04".into(), vec![(F::StartsOn, P::VersionOverlaps)]),
            ("inside another", &|f| { f.starts_on = "2020-01-01".into(); f.ends_on = "2020-12-31".into() }, vec![(F::StartsOn, P::VersionOverlaps)]),
            ("around another", &|f| { f.starts_on = "2019-01-01".into(); f.ends_on = "2030-12-31".into() }, vec![(F::StartsOn, P::VersionOverlaps)]),
            ("ends before it starts", &|f| f.ends_on = "2024-06-01".into(), vec![(F::EndsOn, P::VersionEndsBeforeStart)]),
            ("one day long is fine", &|f| f.ends_on = "2024-06-05".into(), vec![]),
            ("no document number", &|f| f.document_number = " ".into(), vec![(F::DocumentNumber, P::Required)]),
            ("no category", &|f| f.categories.clear(), vec![(F::Categories, P::Required)]),
            ("category 10", &|f| f.categories.push("10".into()), vec![(F::Categories, P::UnknownChoice)]),
            ("13 months a year", &|f| f.min_months_in_district = "13".into(), vec![(F::Months, P::NumberOutOfRange)]),
            ("no health check", &|f| f.health_check_quota = "0".into(), vec![(F::HealthCheckQuota, P::NumberOutOfRange)]),
            ("airport quota a word", &|f| f.airport_vip_quota = "two".into(), vec![(F::AirportQuota, P::NumberOutOfRange)]),
            ("interval as long as the period", &|f| f.assessment_interval_months = "60".into(), vec![(F::AssessmentInterval, P::IntervalNotShorterThanPeriod)]),
            ("two unknown categories, one error", &|f| f.categories.extend(["0".into(), "x".into()]), vec![(F::Categories, P::UnknownChoice)]),
            ("a date that is not one", &|f| f.starts_on = "2024-02-30".into(), vec![(F::StartsOn, P::DateFormat)]),
        ];
        for (name, change, want) in rows {
            assert_eq!(problems(change), want, "{name}");
        }
    }
}
