//! The eligibility self-check (no login): can I apply, and if not, what exactly is missing (Art. 3).
use serde::{Deserialize, Serialize};

use super::policy::Rules;
use super::application::{parse_category, parse_employer_type, parse_months, yes_no, Checker, EmployerType, Field, FieldError};

/// The answers as typed (query string of `/eligibility`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelfCheckInput {
    pub employer_type: String,
    /// District enterprises only: registered and paying tax in the district.
    pub registered_and_taxed: String,
    /// District enterprises only: operating for more than a year.
    pub operating_over_a_year: String,
    pub months_in_district: String,
    pub talent_category: String,
}

/// A condition of Art. 3 that is not met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Missing {
    /// Art. 3(a): the enterprise is not registered or not taxed in the district.
    EmployerNotInDistrict,
    /// Art. 3(a): it has not operated for more than a year (a newly attracted investment
    /// enterprise may apply case by case instead).
    EmployerUnderOneYear,
    /// Art. 3: fewer months a year in the district than the version in force asks.
    TooFewMonths,
    /// Art. 3, Art. 7: the version in force does not open the category.
    CategoryNotInForce,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Eligible on the answers given; `case_by_case` (一事一议) needs the negotiation opinion.
    CanApply { case_by_case: bool },
    NotYet(Vec<Missing>),
}

impl SelfCheckInput {
    /// Unanswered questions come back as field errors; answered ones give a verdict under `rules`
    /// (the version in force).
    pub fn verdict(&self, rules: &Rules) -> Result<Verdict, Vec<FieldError>> {
        let mut c = Checker::default();
        let employer_type = c.keep(Field::EmployerType, parse_employer_type(&self.employer_type));
        let mut missing = Vec::new();
        // Art. 3(a): registered and taxed in the district — also a newly attracted investment
        // enterprise, which skips only the one-year condition (一事一议).
        if matches!(employer_type, Some(EmployerType::DistrictEnterprise | EmployerType::NewInvestment))
            && c.keep(Field::RegisteredInDistrict, yes_no(&self.registered_and_taxed)) == Some(false)
        {
            missing.push(Missing::EmployerNotInDistrict);
        }
        if employer_type == Some(EmployerType::DistrictEnterprise) {
            if c.keep(Field::OperatingOverAYear, yes_no(&self.operating_over_a_year)) == Some(false) {
                missing.push(Missing::EmployerUnderOneYear);
            }
        }
        let months = c.keep(Field::Months, parse_months(&self.months_in_district));
        if months.is_some_and(|m| m < rules.min_months_in_district) {
            missing.push(Missing::TooFewMonths);
        }
        let category = c.keep(Field::Category, parse_category(&self.talent_category));
        if category.is_some_and(|cat| !rules.categories.contains(&cat)) {
            missing.push(Missing::CategoryNotInForce);
        }
        let answered = employer_type.zip(months).zip(category).map(|((t, _), _)| t);
        let verdict = answered.map(|t| {
            if missing.is_empty() {
                Verdict::CanApply { case_by_case: t.is_case_by_case() }
            } else {
                Verdict::NotYet(missing)
            }
        });
        c.finish(verdict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Problem;

    fn input(t: &str, reg: &str, year: &str, months: &str, cat: &str) -> SelfCheckInput {
        SelfCheckInput {
            employer_type: t.into(),
            registered_and_taxed: reg.into(),
            operating_over_a_year: year.into(),
            months_in_district: months.into(),
            talent_category: cat.into(),
        }
    }

    #[test]
    fn verdicts() {
        use Missing::*;
        let table = [
            (input("district_enterprise", "yes", "yes", "6", "5"), Verdict::CanApply { case_by_case: false }),
            (input("district_institution", "", "", "12", "1"), Verdict::CanApply { case_by_case: false }),
            // Art. 3: newly attracted investment enterprises apply case by case (一事一议).
            (input("new_investment", "yes", "", "8", "7"), Verdict::CanApply { case_by_case: true }),
            // … but only the one-year condition: registration and tax in the district still hold.
            (input("new_investment", "no", "", "8", "7"), Verdict::NotYet(vec![EmployerNotInDistrict])),
            // Art. 3(a)
            (input("district_enterprise", "no", "yes", "12", "5"), Verdict::NotYet(vec![EmployerNotInDistrict])),
            (input("district_enterprise", "yes", "no", "12", "5"), Verdict::NotYet(vec![EmployerUnderOneYear])),
            // Art. 3: at least 6 months a year.
            (input("district_enterprise", "no", "no", "5", "5"), Verdict::NotYet(vec![EmployerNotInDistrict, EmployerUnderOneYear, TooFewMonths])),
        ];
        for (i, want) in table {
            assert_eq!(i.verdict(&Rules::notice_2019()), Ok(want), "{i:?}");
        }
    }

    #[test]
    fn the_version_in_force_decides_months_and_categories() {
        let mut rules = Rules::notice_2019();
        rules.min_months_in_district = 4;
        rules.categories.retain(|c| *c != 9);
        let ok = Verdict::CanApply { case_by_case: false };
        assert_eq!(input("district_institution", "", "", "4", "1").verdict(&rules), Ok(ok));
        assert_eq!(input("district_institution", "", "", "3", "9").verdict(&rules), Ok(Verdict::NotYet(vec![Missing::TooFewMonths, Missing::CategoryNotInForce])));
    }

    #[test]
    fn unanswered_questions_are_named() {
        let e = input("district_enterprise", "", "yes", "", "0").verdict(&Rules::notice_2019()).unwrap_err();
        let got: Vec<_> = e.into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (Field::RegisteredInDistrict, Problem::Required),
                (Field::Months, Problem::Required),
                (Field::Category, Problem::CategoryOutOfRange)
            ]
        );
    }
}
