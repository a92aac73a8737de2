//! The minimal application form and its eligibility checks (Art. 3).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CreditCode, ResidentId};

/// Art. 3, employer conditions (a) and (b), and the case-by-case route (一事一议).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EmployerType {
    /// (a) registered and taxed in the district, operating for more than 1 year.
    DistrictEnterprise,
    /// (b) district-owned education, medical or research institution.
    DistrictInstitution,
    /// Newly attracted investment enterprise: case by case, on the negotiation opinion.
    NewInvestment,
}

impl EmployerType {
    pub const ALL: [EmployerType; 3] =
        [EmployerType::DistrictEnterprise, EmployerType::DistrictInstitution, EmployerType::NewInvestment];

    pub fn as_str(self) -> &'static str {
        match self {
            EmployerType::DistrictEnterprise => "district_enterprise",
            EmployerType::DistrictInstitution => "district_institution",
            EmployerType::NewInvestment => "new_investment",
        }
    }

    pub fn parse(s: &str) -> Option<EmployerType> {
        EmployerType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The pre-reviewer sees this flag (SYSTEM.md, "Case by case").
    pub fn is_case_by_case(self) -> bool {
        self == EmployerType::NewInvestment
    }
}

/// The reference an applicant quotes: YJ-2026-000123.
pub fn reference(year: i32, id: i64) -> String {
    format!("YJ-{year}-{id:06}")
}

/// Art. 3: at least 6 months per year in the district.
pub const MIN_MONTHS_IN_DISTRICT: u8 = 6;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_EMPLOYER_CHARS: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    FullName,
    ResidentId,
    EmployerName,
    CreditCode,
    EmployerType,
    Months,
    Category,
    Username,
    Password,
    DisplayName,
    CardNumber,
    Opinion,
    Role,
    Department,
    ProviderOrg,
}

/// Why a value was refused; the view translates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong,
    ControlCharacters,
    IdFormat,
    IdBirthDate,
    IdCheckDigit,
    CreditCodeFormat,
    CreditCodeCheck,
    UnknownEmployerType,
    MonthsNotNumber,
    /// Art. 3: fewer than 6 months a year in the district.
    MonthsTooFew,
    CategoryOutOfRange,
    CardNumberFormat,
    CardNumberCheck,
    /// The bank reported a card number that is already on another card.
    CardNumberTaken,
    UsernameFormat,
    PasswordTooShort,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// The form as typed (every field a string, so nothing typed is ever lost).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationInput {
    pub full_name: String,
    pub resident_id: String,
    pub employer_name: String,
    pub credit_code: String,
    pub employer_type: String,
    pub months_in_district: String,
    pub talent_category: String,
}

/// The form once every rule of Art. 3 that can be checked by a machine holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApplication {
    pub full_name: String,
    pub resident_id: ResidentId,
    pub employer_name: String,
    pub credit_code: CreditCode,
    pub employer_type: EmployerType,
    pub months_in_district: u8,
    pub talent_category: u8,
}

/// A free-text field: trimmed, required, at most `max` characters, no control characters.
pub fn text(raw: &str, max: usize) -> Result<String, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        Err(Problem::Required)
    } else if s.chars().count() > max {
        Err(Problem::TooLong)
    } else if s.chars().any(char::is_control) {
        Err(Problem::ControlCharacters)
    } else {
        Ok(s.to_string())
    }
}

pub fn parse_months(raw: &str) -> Result<u8, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let m: u8 = s.parse().map_err(|_| Problem::MonthsNotNumber)?;
    if m > 12 {
        Err(Problem::MonthsNotNumber)
    } else if m < MIN_MONTHS_IN_DISTRICT {
        Err(Problem::MonthsTooFew)
    } else {
        Ok(m)
    }
}

/// Art. 3: categories 1–9.
pub fn parse_category(raw: &str) -> Result<u8, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    match s.parse::<u8>() {
        Ok(c @ 1..=9) => Ok(c),
        _ => Err(Problem::CategoryOutOfRange),
    }
}

impl ApplicationInput {
    /// The typed values by field, to show them again on a refused form.
    pub fn echo(&self) -> Vec<(Field, String)> {
        vec![
            (Field::FullName, self.full_name.clone()),
            (Field::ResidentId, self.resident_id.clone()),
            (Field::EmployerName, self.employer_name.clone()),
            (Field::CreditCode, self.credit_code.clone()),
            (Field::EmployerType, self.employer_type.clone()),
            (Field::Months, self.months_in_district.clone()),
            (Field::Category, self.talent_category.clone()),
        ]
    }

    /// Every problem at once, in form order, so the applicant can fix them in one go.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidApplication, Vec<FieldError>> {
        let mut errors = Vec::new();
        fn keep<T>(errors: &mut Vec<FieldError>, field: Field, r: Result<T, Problem>) -> Option<T> {
            r.map_err(|problem| errors.push(FieldError { field, problem })).ok()
        }
        let full_name = keep(&mut errors, Field::FullName, text(&self.full_name, MAX_NAME_CHARS));
        let resident_id = keep(&mut errors, Field::ResidentId, ResidentId::parse(&self.resident_id, today));
        let employer_name = keep(&mut errors, Field::EmployerName, text(&self.employer_name, MAX_EMPLOYER_CHARS));
        let credit_code = keep(&mut errors, Field::CreditCode, CreditCode::parse(&self.credit_code));
        let employer_type = keep(&mut errors, Field::EmployerType,
            EmployerType::parse(self.employer_type.trim()).ok_or(if self.employer_type.trim().is_empty() {
                Problem::Required
            } else {
                Problem::UnknownEmployerType
            }),
        );
        let months_in_district = keep(&mut errors, Field::Months, parse_months(&self.months_in_district));
        let talent_category = keep(&mut errors, Field::Category, parse_category(&self.talent_category));
        match (full_name, resident_id, employer_name, credit_code, employer_type, months_in_district, talent_category) {
            (Some(full_name), Some(resident_id), Some(employer_name), Some(credit_code), Some(employer_type), Some(months_in_district), Some(talent_category)) => {
                Ok(ValidApplication {
                    full_name,
                    resident_id,
                    employer_name,
                    credit_code,
                    employer_type,
                    months_in_district,
                    talent_category,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn good() -> ApplicationInput {
        ApplicationInput {
            full_name: "张三明".into(),
            resident_id: "11010519491231002X".into(),
            employer_name: "广州白云科技有限公司".into(),
            credit_code: "9144030071526726XG".into(),
            employer_type: "district_enterprise".into(),
            months_in_district: "12".into(),
            talent_category: "5".into(),
        }
    }

    fn problems(input: &ApplicationInput) -> Vec<(Field, Problem)> {
        match input.validate(today()) {
            Ok(_) => vec![],
            Err(e) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    #[test]
    fn references() {
        assert_eq!(reference(2026, 123), "YJ-2026-000123");
        assert_eq!(reference(2027, 1_234_567), "YJ-2027-1234567");
    }

    #[test]
    fn a_complete_form_is_valid() {
        let v = good().validate(today()).unwrap();
        assert_eq!(v.months_in_district, 12);
        assert_eq!(v.talent_category, 5);
        assert!(!v.employer_type.is_case_by_case());
    }

    #[test]
    fn each_bad_value_is_named() {
        type Spoil = fn(&mut ApplicationInput);
        let cases: Vec<(Spoil, Field, Problem)> = vec![
            (|i| i.full_name = "  ".into(), Field::FullName, Problem::Required),
            (|i| i.full_name = "名".repeat(5000), Field::FullName, Problem::TooLong),
            (|i| i.full_name = "张\u{0}明".into(), Field::FullName, Problem::ControlCharacters),
            (|i| i.resident_id = "110105194912310021".into(), Field::ResidentId, Problem::IdCheckDigit),
            (|i| i.credit_code = "9144030071526726X0".into(), Field::CreditCode, Problem::CreditCodeCheck),
            (|i| i.employer_type = "".into(), Field::EmployerType, Problem::Required),
            (|i| i.employer_type = "shell_company".into(), Field::EmployerType, Problem::UnknownEmployerType),
            // Art. 3: at least 6 months a year in the district.
            (|i| i.months_in_district = "5".into(), Field::Months, Problem::MonthsTooFew),
            (|i| i.months_in_district = "13".into(), Field::Months, Problem::MonthsNotNumber),
            (|i| i.months_in_district = "six".into(), Field::Months, Problem::MonthsNotNumber),
            // Art. 3: categories 1 to 9.
            (|i| i.talent_category = "0".into(), Field::Category, Problem::CategoryOutOfRange),
            (|i| i.talent_category = "10".into(), Field::Category, Problem::CategoryOutOfRange),
        ];
        for (spoil, field, problem) in cases {
            let mut input = good();
            spoil(&mut input);
            assert_eq!(problems(&input), vec![(field, problem)], "{input:?}");
        }
    }

    #[test]
    fn six_months_is_enough_and_names_may_be_rare_characters() {
        let mut input = good();
        input.months_in_district = "6".into();
        input.full_name = "𠀀㐂 <script>alert(1)</script> 😀".into();
        assert!(input.validate(today()).is_ok());
    }

    #[test]
    fn an_empty_form_lists_every_field() {
        assert_eq!(problems(&ApplicationInput::default()).len(), 7);
    }
}
