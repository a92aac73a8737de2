//! The biennial assessment (RULES.md Art. 6; SYSTEM.md "The card"): the employer assesses each
//! holder every two years — work performance and ability — and reports in writing to the industry
//! department, which adds its opinion and files it with HRSS. Retirement (Art. 6(3)) ends the
//! assessments due after it; services go on to the end of the period.
//!
//! Every date rule takes "today" as a parameter. The due dates have an SQL twin,
//! `card_rounds` (migration 20261202000011), tested against this one.
use chrono::{Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{DomainError, Problem, Role};

/// Art. 6: every two years under the 2019 notice — due 2 and 4 years after the issue day (the
/// period is 5). A card keeps the interval of the version it was issued under (`policy::Rules`).
pub const INTERVAL_MONTHS: u32 = 24;
/// More rounds than any version's period and interval allow (120 months / 6).
const MAX_ROUNDS: u8 = 20;
/// The agent is reminded this many days before the due date (and again once it has passed).
pub const REMIND_DAYS_BEFORE: i64 = 30;
/// The agent may submit an assessment from this many days before its due date.
pub const OPEN_DAYS_BEFORE: i64 = 90;
/// The written report and an opinion: at most this many characters.
pub const MAX_REPORT_CHARS: usize = 5000;

/// The due date of `round` (1, 2, …), every `interval` months after the issue day: with 24, 2 and
/// 4 years after it; a card issued on 29 Feb is due on 28 Feb.
pub fn due_on(issued_on: NaiveDate, round: u8, interval: u32) -> NaiveDate {
    issued_on.checked_add_months(Months::new(interval * u32::from(round))).expect("date in range")
}

/// The rounds a card owes: due within its period and, after a retirement (Art. 6(3)), none due on
/// or after the retirement day.
pub fn rounds_owed(issued_on: NaiveDate, valid_until: NaiveDate, retired_on: Option<NaiveDate>, interval: u32) -> Vec<(u8, NaiveDate)> {
    (1..=MAX_ROUNDS)
        .map(|r| (r, due_on(issued_on, r, interval)))
        .filter(|(_, due)| *due <= valid_until && retired_on.is_none_or(|retired| *due < retired))
        .collect()
}

/// Where an owed round stands for the agent on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// More than `OPEN_DAYS_BEFORE` days away: nothing to do yet.
    NotYet,
    /// Open for submission, due in more than `REMIND_DAYS_BEFORE` days.
    Open,
    /// Due within `REMIND_DAYS_BEFORE` days (the first reminder).
    DueSoon,
    /// Past its due date and not filed (the second reminder; HRSS's and the department's list).
    Overdue,
}

/// The standing of a round not yet submitted.
pub fn standing(due: NaiveDate, today: NaiveDate) -> Standing {
    if today > due {
        Standing::Overdue
    } else if today >= due - Duration::days(REMIND_DAYS_BEFORE) {
        Standing::DueSoon
    } else if today >= due - Duration::days(OPEN_DAYS_BEFORE) {
        Standing::Open
    } else {
        Standing::NotYet
    }
}

/// Work performance and ability, as the employer grades it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grade {
    /// 称职
    Competent,
    /// 基本称职
    BasicallyCompetent,
    /// 不称职: the industry department may propose a move to the contact list from here.
    NotCompetent,
}

impl Grade {
    pub const ALL: [Grade; 3] = [Grade::Competent, Grade::BasicallyCompetent, Grade::NotCompetent];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Competent => "competent",
            Grade::BasicallyCompetent => "basically_competent",
            Grade::NotCompetent => "not_competent",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// Where a submitted assessment is: with the industry department (for its opinion), with HRSS
/// (to file), filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssessmentStage {
    WithDepartment,
    WithHrss,
    Filed,
}

impl AssessmentStage {
    pub const ALL: [AssessmentStage; 3] = [AssessmentStage::WithDepartment, AssessmentStage::WithHrss, AssessmentStage::Filed];

    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentStage::WithDepartment => "with_department",
            AssessmentStage::WithHrss => "with_hrss",
            AssessmentStage::Filed => "filed",
        }
    }

    pub fn parse(s: &str) -> Option<AssessmentStage> {
        AssessmentStage::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The next stage, and who moves it there: the department adds its opinion, HRSS files it.
    /// A filed assessment is final.
    pub fn next(self, role: Role) -> Result<AssessmentStage, DomainError> {
        let (to, by) = match self {
            AssessmentStage::WithDepartment => (AssessmentStage::WithHrss, Role::IndustryDept),
            AssessmentStage::WithHrss => (AssessmentStage::Filed, Role::Hrss),
            AssessmentStage::Filed => return Err(DomainError::NotInThisState),
        };
        if role == by {
            Ok(to)
        } else {
            Err(DomainError::RoleMayNot)
        }
    }
}

/// Whether the agent may submit `round`, due `due`, on `today`, for a card whose talent services
/// read `talent` today: only a round the card owes, from `OPEN_DAYS_BEFORE` days before it is
/// due, and only while the card is on the management list (active). A suspended, terminated or
/// expired card is not assessed.
pub fn may_submit(owed: &[(u8, NaiveDate)], round: u8, talent: &str, today: NaiveDate) -> Result<NaiveDate, DomainError> {
    let due = owed.iter().find(|(r, _)| *r == round).map(|(_, d)| *d).ok_or(DomainError::NotInThisState)?;
    if talent != "active" || standing(due, today) == Standing::NotYet {
        return Err(DomainError::NotInThisState);
    }
    Ok(due)
}

/// Art. 6(3): a retirement day, recorded on `today`, of a card issued `issued_on` and valid until
/// `valid_until`: within the period, and not more than a year ahead; after the due date of the
/// latest round already submitted (`submitted_due`), which would otherwise stop being owed while
/// it is with the department or HRSS.
pub fn check_retirement(retired_on: NaiveDate, issued_on: NaiveDate, valid_until: NaiveDate, submitted_due: Option<NaiveDate>, today: NaiveDate) -> Result<(), Problem> {
    if retired_on < issued_on || retired_on > valid_until || retired_on > today + Duration::days(366) {
        return Err(Problem::RetiredOnOutOfRange);
    }
    if submitted_due.is_some_and(|due| retired_on <= due) {
        return Err(Problem::RetiredBeforeSubmittedRound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn due_dates_are_two_and_four_years_after_issue() {
        // (issued, round 1, round 2)
        let table = [
            ("2026-11-28", "2028-11-28", "2030-11-28"),
            ("2024-02-29", "2026-02-28", "2028-02-29"),
            ("2028-02-29", "2030-02-28", "2032-02-29"),
            ("2026-01-31", "2028-01-31", "2030-01-31"),
            ("2026-12-31", "2028-12-31", "2030-12-31"),
        ];
        for (issued, one, two) in table {
            assert_eq!((due_on(d(issued), 1, 24), due_on(d(issued), 2, 24)), (d(one), d(two)), "issued {issued}");
        }
    }

    #[test]
    fn retirement_ends_the_rounds_due_on_or_after_it() {
        let (issued, until) = (d("2026-11-28"), d("2031-11-27"));
        let all = vec![(1, d("2028-11-28")), (2, d("2030-11-28"))];
        // (retired on, rounds owed)
        let table: [(Option<&str>, Vec<(u8, NaiveDate)>); 5] = [
            (None, all.clone()),
            (Some("2031-01-01"), all.clone()),
            (Some("2030-11-28"), all[..1].to_vec()),
            (Some("2028-11-29"), all[..1].to_vec()),
            (Some("2028-11-28"), vec![]),
        ];
        for (retired, owed) in table {
            assert_eq!(rounds_owed(issued, until, retired.map(d), INTERVAL_MONTHS), owed, "retired {retired:?}");
        }
    }

    #[test]
    fn a_card_owes_the_rounds_of_its_versions_interval() {
        let (issued, until) = (d("2026-11-28"), d("2031-11-27"));
        // Art. 7: a successor notice with yearly assessments: four rounds in five years (the
        // fifth falls after the last day); a three-year interval: one.
        let yearly: Vec<NaiveDate> = rounds_owed(issued, until, None, 12).into_iter().map(|(_, due)| due).collect();
        assert_eq!(yearly, vec![d("2027-11-28"), d("2028-11-28"), d("2029-11-28"), d("2030-11-28")]);
        assert_eq!(rounds_owed(issued, until, None, 36), vec![(1, d("2029-11-28"))]);
    }

    #[test]
    fn a_round_opens_90_days_ahead_reminds_30_days_ahead_and_is_overdue_the_day_after() {
        let due = d("2028-11-28");
        // (today, standing)
        let table = [
            ("2028-08-29", Standing::NotYet),
            ("2028-08-30", Standing::Open),
            ("2028-10-28", Standing::Open),
            ("2028-10-29", Standing::DueSoon),
            ("2028-11-28", Standing::DueSoon),
            ("2028-11-29", Standing::Overdue),
            ("2031-01-01", Standing::Overdue),
        ];
        for (today, want) in table {
            assert_eq!(standing(due, d(today)), want, "{today}");
        }
    }

    #[test]
    fn only_an_owed_open_round_of_an_active_card_may_be_submitted() {
        let owed = vec![(1, d("2028-11-28"))];
        let today = d("2028-11-01");
        assert_eq!(may_submit(&owed, 1, "active", today), Ok(d("2028-11-28")));
        assert_eq!(may_submit(&owed, 2, "active", today), Err(DomainError::NotInThisState), "round 2 not owed (retired)");
        assert_eq!(may_submit(&owed, 1, "active", d("2028-08-01")), Err(DomainError::NotInThisState), "not open yet");
        assert_eq!(may_submit(&owed, 1, "active", d("2029-03-01")), Ok(d("2028-11-28")), "overdue may still be submitted");
        for talent in ["suspended", "terminated", "expired"] {
            assert_eq!(may_submit(&owed, 1, talent, today), Err(DomainError::NotInThisState), "{talent}");
        }
    }

    #[test]
    fn the_department_then_hrss_move_an_assessment_and_filed_is_final() {
        use AssessmentStage::*;
        // (from, role, result)
        let table = [
            (WithDepartment, Role::IndustryDept, Ok(WithHrss)),
            (WithDepartment, Role::Hrss, Err(DomainError::RoleMayNot)),
            (WithDepartment, Role::EmployerAgent, Err(DomainError::RoleMayNot)),
            (WithHrss, Role::Hrss, Ok(Filed)),
            (WithHrss, Role::IndustryDept, Err(DomainError::RoleMayNot)),
            (Filed, Role::Hrss, Err(DomainError::NotInThisState)),
        ];
        for (from, role, want) in table {
            assert_eq!(from.next(role), want, "{from:?} by {role:?}");
        }
    }

    #[test]
    fn a_retirement_day_lies_within_the_period_and_at_most_a_year_ahead() {
        let (issued, until, today) = (d("2026-11-28"), d("2031-11-27"), d("2027-06-01"));
        // (retired on, ok)
        let table = [("2026-11-27", false), ("2026-11-28", true), ("2027-06-01", true), ("2028-06-01", true), ("2028-06-02", false), ("2031-11-28", false)];
        for (retired, ok) in table {
            assert_eq!(check_retirement(d(retired), issued, until, None, today).is_ok(), ok, "{retired}");
        }
        // Round 1 (due 2028-11-28) submitted early: a retirement on or before its due date would
        // drop it from every list while it is with the department.
        let submitted = Some(d("2028-11-28"));
        let today = d("2028-10-01");
        assert_eq!(check_retirement(d("2028-11-28"), issued, until, submitted, today), Err(Problem::RetiredBeforeSubmittedRound));
        assert_eq!(check_retirement(d("2028-11-29"), issued, until, submitted, today), Ok(()));
    }
}
