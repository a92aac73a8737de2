//! The instant field checks the browser runs as the applicant types (the `data-check` attribute
//! of an input): the same parsers the server runs again on save.
use chrono::NaiveDate;

use super::application::{email, parse_months, past_date, phone};
use super::{CreditCode, IdType, Problem};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// An identity number; its type is the `id_type` field of the same form.
    IdNumber,
    CreditCode,
    Months,
    Phone,
    Email,
    PastDate,
}

impl Check {
    pub const ALL: [Check; 6] = [Check::IdNumber, Check::CreditCode, Check::Months, Check::Phone, Check::Email, Check::PastDate];

    pub fn as_str(self) -> &'static str {
        match self {
            Check::IdNumber => "id_number",
            Check::CreditCode => "credit_code",
            Check::Months => "months",
            Check::Phone => "phone",
            Check::Email => "email",
            Check::PastDate => "past_date",
        }
    }

    pub fn parse(s: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// An empty value is not judged here (the server says "required" on save).
    pub fn run(self, value: &str, id_type: &str, today: NaiveDate) -> Result<(), Problem> {
        if value.trim().is_empty() {
            return Ok(());
        }
        match self {
            Check::IdNumber => IdType::parse(id_type).map_or(Ok(()), |t| t.parse_number(value, today).map(drop)),
            Check::CreditCode => CreditCode::parse(value).map(drop),
            Check::Months => parse_months(value).map(drop),
            Check::Phone => phone(value).map(drop),
            Check::Email => email(value).map(drop),
            Check::PastDate => past_date(value, today).map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_use_the_domain_parsers() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(Check::IdNumber.run("110105194912310021", "resident_id", today), Err(Problem::IdCheckDigit));
        assert_eq!(Check::IdNumber.run("E12345678", "passport", today), Ok(()));
        assert_eq!(Check::CreditCode.run("9144030071526726X0", "", today), Err(Problem::CreditCodeCheck));
        // The minimum is the version of the rules in force (checked on save); here only the form.
        assert_eq!(Check::Months.run("5", "", today), Ok(()));
        assert_eq!(Check::Months.run("13", "", today), Err(Problem::MonthsNotNumber));
        assert_eq!(Check::PastDate.run("2030-01-01", "", today), Err(Problem::DateInFuture));
        assert_eq!(Check::Email.run("", "", today), Ok(()));
        for c in Check::ALL {
            assert_eq!(Check::parse(c.as_str()), Some(c));
        }
    }
}
