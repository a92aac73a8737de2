//! The application as a task list of sections (Art. 3, Art. 5(1)), each filled and checked on its
//! own, in any order. What was typed is kept as typed (`Answers`, every value a string) so that
//! nothing is ever lost; a section is complete when its answers pass every rule a machine can check
//! and the documents it needs are uploaded.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::application::{
    email, long_text, parse_category, parse_employer_type, parse_months, past_date, phone, text, yes_no, Checker, EmployerType,
    Field, FieldError, Problem, MAX_EMPLOYER_CHARS, MAX_NAME_CHARS,
};
use super::routing::{parse_industry, Industry};
use super::policy::Rules;
use super::{CreditCode, IdType};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Personal,
    Employer,
    Category,
    Residence,
    Family,
    Declaration,
}

impl Section {
    pub const ALL: [Section; 6] =
        [Section::Personal, Section::Employer, Section::Category, Section::Residence, Section::Family, Section::Declaration];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Personal => "personal",
            Section::Employer => "employer",
            Section::Category => "category",
            Section::Residence => "residence",
            Section::Family => "family",
            Section::Declaration => "declaration",
        }
    }

    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// The documents an application may carry; which are needed depends on the answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocKind {
    /// 证件照: the ID photo (JPEG or PNG).
    Photo,
    /// 引进洽谈意见: the investment negotiation opinion (case by case, Art. 3).
    NegotiationOpinion,
    /// Proof of the title or programme of categories 1–5 and 9 (certificate, selection notice …).
    TalentProof,
    /// Cat. 6: proof that the company is in the Fortune Global 500.
    Fortune500Proof,
    /// Cat. 7: the company's tax or revenue certificate.
    CompanyFigures,
    /// Cat. 6–7: proof of the applicant's post (principal head).
    PostProof,
    /// Cat. 8: the postdoc station's document (in-station or leaving certificate).
    PostdocStation,
    /// Cat. 8, left the station: the labour contract of 5 years or more.
    LabourContract,
    /// Anything else the applicant wants the reviewers to see.
    Other,
}

impl DocKind {
    pub const ALL: [DocKind; 9] = [
        DocKind::Photo,
        DocKind::NegotiationOpinion,
        DocKind::TalentProof,
        DocKind::Fortune500Proof,
        DocKind::CompanyFigures,
        DocKind::PostProof,
        DocKind::PostdocStation,
        DocKind::LabourContract,
        DocKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Photo => "photo",
            DocKind::NegotiationOpinion => "negotiation_opinion",
            DocKind::TalentProof => "talent_proof",
            DocKind::Fortune500Proof => "fortune500_proof",
            DocKind::CompanyFigures => "company_figures",
            DocKind::PostProof => "post_proof",
            DocKind::PostdocStation => "postdoc_station",
            DocKind::LabourContract => "labour_contract",
            DocKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The section whose page offers this upload.
    pub fn section(self) -> Section {
        match self {
            DocKind::Photo => Section::Personal,
            DocKind::NegotiationOpinion => Section::Employer,
            _ => Section::Category,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    pub fn parse(s: &str) -> Result<Gender, Problem> {
        match s.trim() {
            "male" => Ok(Gender::Male),
            "female" => Ok(Gender::Female),
            "" => Err(Problem::Required),
            _ => Err(Problem::UnknownChoice),
        }
    }
}

fn id_type(raw: &str) -> Result<IdType, Problem> {
    if raw.trim().is_empty() {
        return Err(Problem::Required);
    }
    IdType::parse(raw).ok_or(Problem::UnknownChoice)
}

/// Checks an identity number against its type and, for a resident ID, against the birth date.
fn id_number(c: &mut Checker, id_type: Option<IdType>, raw: &str, birth: Option<NaiveDate>, today: NaiveDate) -> Option<String> {
    let t = id_type?;
    let number = c.keep(Field::IdNumber, t.parse_number(raw, today))?;
    if let (Some(in_id), Some(typed)) = (t.birth_date_in(&number), birth) {
        if in_id != typed {
            c.fail(Field::BirthDate, Problem::BirthDateNotInId);
            return None;
        }
    }
    Some(number)
}

// ---------------------------------------------------------------------------------------------
// Personal details

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonalInput {
    pub full_name: String,
    pub gender: String,
    pub birth_date: String,
    pub nationality: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Personal {
    pub full_name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub nationality: String,
    pub id_type: IdType,
    pub id_number: String,
    pub phone: String,
    pub email: String,
}

impl PersonalInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Personal, Vec<FieldError>> {
        let mut c = Checker::default();
        let full_name = c.keep(Field::FullName, text(&self.full_name, MAX_NAME_CHARS));
        let gender = c.keep(Field::Gender, Gender::parse(&self.gender));
        let birth_date = c.keep(Field::BirthDate, past_date(&self.birth_date, today));
        let nationality = c.keep(Field::Nationality, text(&self.nationality, 60));
        let id_type = c.keep(Field::IdType, id_type(&self.id_type));
        let id_number = id_number(&mut c, id_type, &self.id_number, birth_date, today);
        let phone = c.keep(Field::Phone, phone(&self.phone));
        let email = c.keep(Field::Email, email(&self.email));
        let valid = (|| {
            Some(Personal {
                full_name: full_name?,
                gender: gender?,
                birth_date: birth_date?,
                nationality: nationality?,
                id_type: id_type?,
                id_number: id_number?,
                phone: phone?,
                email: email?,
            })
        })();
        c.finish(valid)
    }

    pub fn echo(&self) -> Vec<(Field, String)> {
        vec![
            (Field::FullName, self.full_name.clone()),
            (Field::Gender, self.gender.clone()),
            (Field::BirthDate, self.birth_date.clone()),
            (Field::Nationality, self.nationality.clone()),
            (Field::IdType, self.id_type.clone()),
            (Field::IdNumber, self.id_number.clone()),
            (Field::Phone, self.phone.clone()),
            (Field::Email, self.email.clone()),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Employer (Art. 3 (a), (b), case by case)

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EmployerInput {
    pub employer_name: String,
    pub credit_code: String,
    pub employer_type: String,
    /// Decides which industry department first-reviews the case (`routing`).
    pub industry: String,
    pub registered_on: String,
    pub registered_in_district: String,
    pub pays_tax_in_district: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Employer {
    pub employer_name: String,
    pub credit_code: CreditCode,
    pub employer_type: EmployerType,
    pub industry: Industry,
    pub registered_on: NaiveDate,
    /// Whole years since registration, as the reviewers read it.
    pub operating_years: u32,
}

/// Whole years from `from` to `to`.
pub fn whole_years(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

impl EmployerInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Employer, Vec<FieldError>> {
        let mut c = Checker::default();
        let employer_name = c.keep(Field::EmployerName, text(&self.employer_name, MAX_EMPLOYER_CHARS));
        let credit_code = c.keep(Field::CreditCode, CreditCode::parse(&self.credit_code));
        let employer_type = c.keep(Field::EmployerType, parse_employer_type(&self.employer_type));
        let industry = c.keep(Field::Industry, parse_industry(&self.industry));
        let registered_on = c.keep(Field::RegisteredOn, past_date(&self.registered_on, today));
        // Art. 3(a): a district enterprise is registered and taxed here, and has operated > 1 year;
        // a newly attracted investment enterprise skips only the year (一事一议), not the rest.
        if matches!(employer_type, Some(EmployerType::DistrictEnterprise | EmployerType::NewInvestment)) {
            if c.keep(Field::RegisteredInDistrict, yes_no(&self.registered_in_district)) == Some(false) {
                c.fail(Field::RegisteredInDistrict, Problem::NotRegisteredInDistrict);
            }
            if c.keep(Field::PaysTaxInDistrict, yes_no(&self.pays_tax_in_district)) == Some(false) {
                c.fail(Field::PaysTaxInDistrict, Problem::NotTaxedInDistrict);
            }
        }
        if employer_type == Some(EmployerType::DistrictEnterprise) {
            if let Some(on) = registered_on {
                if whole_years(on, today) < 1 {
                    c.fail(Field::RegisteredOn, Problem::OperatingUnderOneYear);
                }
            }
        }
        let valid = (|| {
            let registered_on = registered_on?;
            Some(Employer {
                employer_name: employer_name?,
                credit_code: credit_code?,
                employer_type: employer_type?,
                industry: industry?,
                registered_on,
                operating_years: whole_years(registered_on, today),
            })
        })();
        c.finish(valid)
    }

    pub fn echo(&self) -> Vec<(Field, String)> {
        vec![
            (Field::EmployerName, self.employer_name.clone()),
            (Field::CreditCode, self.credit_code.clone()),
            (Field::EmployerType, self.employer_type.clone()),
            (Field::Industry, self.industry.clone()),
            (Field::RegisteredOn, self.registered_on.clone()),
            (Field::RegisteredInDistrict, self.registered_in_district.clone()),
            (Field::PaysTaxInDistrict, self.pays_tax_in_district.clone()),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Talent category (Art. 3, categories 1–9) and its evidence

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryInput {
    pub talent_category: String,
    /// The title, programme or post that qualifies the applicant (e.g. 珠江人才计划, 2021).
    pub honour: String,
    /// Cat. 8 only: `in_station` or `left_station`.
    pub postdoc_status: String,
    /// Cat. 8, left the station: length of the labour contract in years.
    pub contract_years: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub talent_category: u8,
    pub honour: String,
    pub left_station: bool,
}

/// Art. 3 cat. 8: a postdoc who stayed after leaving the station needs a contract of ≥ 5 years.
pub const MIN_POSTDOC_CONTRACT_YEARS: u8 = 5;

impl CategoryInput {
    pub fn validate(&self) -> Result<Category, Vec<FieldError>> {
        let mut c = Checker::default();
        let talent_category = c.keep(Field::Category, parse_category(&self.talent_category));
        let honour = c.keep(Field::Honour, text(&self.honour, MAX_EMPLOYER_CHARS));
        let mut left_station = false;
        if talent_category == Some(8) {
            let status = match self.postdoc_status.trim() {
                "in_station" => Ok(false),
                "left_station" => Ok(true),
                "" => Err(Problem::Required),
                _ => Err(Problem::UnknownChoice),
            };
            left_station = c.keep(Field::PostdocStatus, status) == Some(true);
            if left_station {
                let years = match self.contract_years.trim() {
                    "" => Err(Problem::Required),
                    s => s.parse::<u8>().map_err(|_| Problem::ContractYearsNotNumber),
                };
                if let Some(y) = c.keep(Field::ContractYears, years) {
                    if y < MIN_POSTDOC_CONTRACT_YEARS {
                        c.fail(Field::ContractYears, Problem::ContractTooShort);
                    }
                }
            }
        }
        let valid = (|| Some(Category { talent_category: talent_category?, honour: honour?, left_station }))();
        c.finish(valid)
    }

    pub fn echo(&self) -> Vec<(Field, String)> {
        vec![
            (Field::Category, self.talent_category.clone()),
            (Field::Honour, self.honour.clone()),
            (Field::PostdocStatus, self.postdoc_status.clone()),
            (Field::ContractYears, self.contract_years.clone()),
        ]
    }
}

/// The evidence each category needs (Art. 3; issue 3: e.g. cat. 7 the company's tax or revenue
/// certificate and proof of the post; cat. 8 the station's document, and the labour contract).
pub fn category_documents(category: u8, left_station: bool) -> Vec<DocKind> {
    match category {
        6 => vec![DocKind::Fortune500Proof, DocKind::PostProof],
        7 => vec![DocKind::CompanyFigures, DocKind::PostProof],
        8 if left_station => vec![DocKind::PostdocStation, DocKind::LabourContract],
        8 => vec![DocKind::PostdocStation],
        _ => vec![DocKind::TalentProof],
    }
}

// ---------------------------------------------------------------------------------------------
// Months in the district (Art. 3: ≥ 6 a year)

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResidenceInput {
    pub months_in_district: String,
}

impl ResidenceInput {
    pub fn validate(&self) -> Result<u8, Vec<FieldError>> {
        let mut c = Checker::default();
        let m = c.keep(Field::Months, parse_months(&self.months_in_district));
        c.finish(m)
    }

    pub fn echo(&self) -> Vec<(Field, String)> {
        vec![(Field::Months, self.months_in_district.clone())]
    }
}

// ---------------------------------------------------------------------------------------------
// Family: the spouse and children who may use family services (Art. 4(1)–(2))

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relation {
    Spouse,
    Child,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Spouse => "spouse",
            Relation::Child => "child",
        }
    }

    pub fn parse(s: &str) -> Result<Relation, Problem> {
        match s.trim() {
            "spouse" => Ok(Relation::Spouse),
            "child" => Ok(Relation::Child),
            "" => Err(Problem::Required),
            _ => Err(Problem::UnknownChoice),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DependentInput {
    pub full_name: String,
    pub relation: String,
    pub birth_date: String,
    pub id_type: String,
    pub id_number: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependent {
    pub full_name: String,
    pub relation: Relation,
    pub birth_date: NaiveDate,
    pub id_type: IdType,
    pub id_number: String,
}

pub const MAX_DEPENDENTS: usize = 12;

impl DependentInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Dependent, Vec<FieldError>> {
        let mut c = Checker::default();
        let full_name = c.keep(Field::FullName, text(&self.full_name, MAX_NAME_CHARS));
        let relation = c.keep(Field::Relation, Relation::parse(&self.relation));
        let birth_date = c.keep(Field::BirthDate, past_date(&self.birth_date, today));
        let id_type = c.keep(Field::IdType, id_type(&self.id_type));
        let id_number = id_number(&mut c, id_type, &self.id_number, birth_date, today);
        let valid = (|| {
            Some(Dependent {
                full_name: full_name?,
                relation: relation?,
                birth_date: birth_date?,
                id_type: id_type?,
                id_number: id_number?,
            })
        })();
        c.finish(valid)
    }

    pub fn echo(&self) -> Vec<(Field, String)> {
        vec![
            (Field::FullName, self.full_name.clone()),
            (Field::Relation, self.relation.clone()),
            (Field::BirthDate, self.birth_date.clone()),
            (Field::IdType, self.id_type.clone()),
            (Field::IdNumber, self.id_number.clone()),
        ]
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FamilyInput {
    pub dependents: Vec<DependentInput>,
    /// The applicant said the list is complete (it may be empty).
    pub done: bool,
}

// ---------------------------------------------------------------------------------------------
// Declaration (Art. 6(2): fraud ends talent and bank services)

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeclarationInput {
    pub agreed: bool,
}

// ---------------------------------------------------------------------------------------------
// The whole application

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub personal: PersonalInput,
    pub employer: EmployerInput,
    pub category: CategoryInput,
    pub residence: ResidenceInput,
    pub family: FamilyInput,
    pub declaration: DeclarationInput,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SectionState {
    NotStarted,
    InProgress,
    Complete,
}

/// Everything a complete application says (what submission writes into the case's columns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApplication {
    pub personal: Personal,
    pub employer: Employer,
    pub category: Category,
    pub months_in_district: u8,
    pub dependents: Vec<Dependent>,
}

impl Answers {
    /// The documents a section needs, given the answers so far.
    pub fn required_documents(&self, section: Section) -> Vec<DocKind> {
        match section {
            Section::Personal => vec![DocKind::Photo],
            Section::Employer => match EmployerType::parse(self.employer.employer_type.trim()) {
                Some(t) if t.is_case_by_case() => vec![DocKind::NegotiationOpinion],
                _ => vec![],
            },
            Section::Category => match self.category.validate() {
                Ok(c) => category_documents(c.talent_category, c.left_station),
                Err(_) => vec![],
            },
            _ => vec![],
        }
    }

    /// The problems that keep a section from being complete (empty when it is complete), under
    /// `rules` (the version of Art. 7 that applies: categories open, months at least).
    pub fn problems(&self, section: Section, uploaded: &[DocKind], today: NaiveDate, rules: &Rules) -> Vec<FieldError> {
        let mut errors = match section {
            Section::Personal => self.personal.validate(today).err().unwrap_or_default(),
            Section::Employer => self.employer.validate(today).err().unwrap_or_default(),
            Section::Category => match self.category.validate() {
                Ok(c) => rules.application_problems(Some(c.talent_category), None),
                Err(e) => e,
            },
            Section::Residence => match self.residence.validate() {
                Ok(m) => rules.application_problems(None, Some(m)),
                Err(e) => e,
            },
            Section::Family => {
                let mut e: Vec<FieldError> =
                    self.family.dependents.iter().flat_map(|d| d.validate(today).err().unwrap_or_default()).collect();
                if !self.family.done {
                    e.push(FieldError { field: Field::Relation, problem: Problem::Required });
                }
                e
            }
            Section::Declaration => {
                if self.declaration.agreed {
                    vec![]
                } else {
                    vec![FieldError { field: Field::Declaration, problem: Problem::DeclarationRequired }]
                }
            }
        };
        for kind in self.required_documents(section) {
            if !uploaded.contains(&kind) {
                errors.push(FieldError { field: Field::Document, problem: Problem::DocumentMissing });
            }
        }
        errors
    }

    pub fn state(&self, section: Section, uploaded: &[DocKind], today: NaiveDate, rules: &Rules) -> SectionState {
        let started = match section {
            Section::Personal => self.personal != PersonalInput::default(),
            Section::Employer => self.employer != EmployerInput::default(),
            Section::Category => self.category != CategoryInput::default(),
            Section::Residence => self.residence != ResidenceInput::default(),
            Section::Family => self.family != FamilyInput::default(),
            Section::Declaration => self.declaration.agreed,
        } || self.required_documents(section).iter().any(|k| uploaded.contains(k));
        if !started {
            SectionState::NotStarted
        } else if self.problems(section, uploaded, today, rules).is_empty() {
            SectionState::Complete
        } else {
            SectionState::InProgress
        }
    }

    /// The whole application, if every section is complete under `rules`.
    pub fn validate(&self, uploaded: &[DocKind], today: NaiveDate, rules: &Rules) -> Result<ValidApplication, Vec<Section>> {
        let incomplete: Vec<Section> =
            Section::ALL.into_iter().filter(|s| !self.problems(*s, uploaded, today, rules).is_empty()).collect();
        let valid = (|| {
            Some(ValidApplication {
                personal: self.personal.validate(today).ok()?,
                employer: self.employer.validate(today).ok()?,
                category: self.category.validate().ok()?,
                months_in_district: self.residence.validate().ok()?,
                dependents: self.family.dependents.iter().map(|d| d.validate(today).ok()).collect::<Option<_>>()?,
            })
        })();
        match valid {
            Some(v) if incomplete.is_empty() => Ok(v),
            _ => Err(incomplete),
        }
    }
}

/// What a reviewer asks the applicant to correct in one section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionReason {
    pub section: Section,
    pub reason: String,
}

/// A reviewer's reasons for returning a case, per section; empty ones are left out.
pub fn parse_return_reasons(raw: &[(Section, String)]) -> Result<Vec<SectionReason>, Problem> {
    let mut out = Vec::new();
    for (section, reason) in raw {
        match long_text(reason, super::application::MAX_OPINION_CHARS) {
            Ok(reason) => out.push(SectionReason { section: *section, reason }),
            Err(Problem::Required) => {}
            Err(p) => return Err(p),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    pub fn complete() -> Answers {
        Answers {
            personal: PersonalInput {
                full_name: "张三明".into(),
                gender: "female".into(),
                birth_date: "1949-12-31".into(),
                nationality: "中国".into(),
                id_type: "resident_id".into(),
                id_number: "11010519491231002x".into(),
                phone: "13800138000".into(),
                email: "zhang@example.cn".into(),
            },
            employer: EmployerInput {
                employer_name: "广州白云科技有限公司".into(),
                credit_code: "9144030071526726XG".into(),
                employer_type: "district_enterprise".into(),
                industry: "software".into(),
                registered_on: "2015-03-01".into(),
                registered_in_district: "yes".into(),
                pays_tax_in_district: "yes".into(),
            },
            category: CategoryInput { talent_category: "7".into(), honour: "总经理".into(), ..Default::default() },
            residence: ResidenceInput { months_in_district: "12".into() },
            family: FamilyInput { dependents: vec![], done: true },
            declaration: DeclarationInput { agreed: true },
        }
    }

    const DOCS: [DocKind; 3] = [DocKind::Photo, DocKind::CompanyFigures, DocKind::PostProof];

    fn problems_of(a: &Answers, s: Section) -> Vec<(Field, Problem)> {
        a.problems(s, &DOCS, today(), &Rules::notice_2019()).into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_complete_application_is_valid() {
        let v = complete().validate(&DOCS, today(), &Rules::notice_2019()).unwrap();
        assert_eq!(v.personal.id_number, "11010519491231002X");
        assert_eq!(v.employer.operating_years, 11);
        assert_eq!(v.months_in_district, 12);
        for s in Section::ALL {
            assert_eq!(complete().state(s, &DOCS, today(), &Rules::notice_2019()), SectionState::Complete, "{s:?}");
        }
    }

    #[test]
    fn each_bad_value_is_named_in_its_section() {
        type Spoil = fn(&mut Answers);
        let cases: Vec<(Spoil, Section, Field, Problem)> = vec![
            (|a| a.personal.full_name = "  ".into(), Section::Personal, Field::FullName, Problem::Required),
            (|a| a.personal.full_name = "名".repeat(5000), Section::Personal, Field::FullName, Problem::TooLong),
            (|a| a.personal.id_number = "110105194912310021".into(), Section::Personal, Field::IdNumber, Problem::IdCheckDigit),
            (|a| a.personal.birth_date = "1950-01-01".into(), Section::Personal, Field::BirthDate, Problem::BirthDateNotInId),
            (|a| a.personal.birth_date = "2030-01-01".into(), Section::Personal, Field::BirthDate, Problem::DateInFuture),
            (|a| a.personal.phone = "123".into(), Section::Personal, Field::Phone, Problem::PhoneFormat),
            (|a| a.personal.email = "zhang".into(), Section::Personal, Field::Email, Problem::EmailFormat),
            (|a| a.personal.gender = "x".into(), Section::Personal, Field::Gender, Problem::UnknownChoice),
            (|a| a.employer.credit_code = "9144030071526726X0".into(), Section::Employer, Field::CreditCode, Problem::CreditCodeCheck),
            // Art. 3(a): registered and taxed in the district, operating more than 1 year.
            (|a| a.employer.industry = String::new(), Section::Employer, Field::Industry, Problem::Required),
            (|a| a.employer.industry = "mining".into(), Section::Employer, Field::Industry, Problem::UnknownChoice),
            (|a| a.employer.registered_in_district = "no".into(), Section::Employer, Field::RegisteredInDistrict, Problem::NotRegisteredInDistrict),
            (|a| a.employer.pays_tax_in_district = "no".into(), Section::Employer, Field::PaysTaxInDistrict, Problem::NotTaxedInDistrict),
            (|a| a.employer.registered_on = "2026-06-01".into(), Section::Employer, Field::RegisteredOn, Problem::OperatingUnderOneYear),
            // Case by case: the negotiation opinion must be uploaded.
            (|a| a.employer.employer_type = "new_investment".into(), Section::Employer, Field::Document, Problem::DocumentMissing),
            (|a| a.category.talent_category = "10".into(), Section::Category, Field::Category, Problem::CategoryOutOfRange),
            (|a| a.category.honour = "".into(), Section::Category, Field::Honour, Problem::Required),
            // Art. 3 cat. 6 needs the Fortune 500 proof (not uploaded in DOCS).
            (|a| a.category.talent_category = "6".into(), Section::Category, Field::Document, Problem::DocumentMissing),
            // Art. 3: at least 6 months a year in the district.
            (|a| a.residence.months_in_district = "5".into(), Section::Residence, Field::Months, Problem::MonthsTooFew),
            (|a| a.family.done = false, Section::Family, Field::Relation, Problem::Required),
            (|a| a.declaration.agreed = false, Section::Declaration, Field::Declaration, Problem::DeclarationRequired),
        ];
        for (spoil, section, field, problem) in cases {
            let mut a = complete();
            spoil(&mut a);
            assert_eq!(problems_of(&a, section), vec![(field, problem)], "{section:?} {field:?}");
            assert_ne!(a.state(section, &DOCS, today(), &Rules::notice_2019()), SectionState::Complete);
            assert_eq!(a.validate(&DOCS, today(), &Rules::notice_2019()).unwrap_err(), vec![section]);
        }
    }

    #[test]
    fn case_by_case_and_institutions_skip_the_one_year_condition() {
        let mut a = complete();
        a.employer.registered_on = "2026-06-01".into();
        a.employer.employer_type = "new_investment".into();
        assert!(a.problems(Section::Employer, &[DocKind::NegotiationOpinion], today(), &Rules::notice_2019()).is_empty());
        // Issue 10: it skips only the year — registration and tax in the district still hold.
        a.employer.pays_tax_in_district = "no".into();
        let problems: Vec<_> = a.problems(Section::Employer, &[DocKind::NegotiationOpinion], today(), &Rules::notice_2019()).into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(problems, vec![(Field::PaysTaxInDistrict, Problem::NotTaxedInDistrict)]);
        a.employer.pays_tax_in_district = "yes".into();
        a.employer.employer_type = "district_institution".into();
        a.employer.registered_in_district = "".into();
        assert!(a.problems(Section::Employer, &[], today(), &Rules::notice_2019()).is_empty());
    }

    #[test]
    fn postdocs_who_left_need_a_five_year_contract() {
        // Art. 3 cat. 8.
        let mut a = complete();
        a.category = CategoryInput { talent_category: "8".into(), honour: "博士后".into(), postdoc_status: "left_station".into(), contract_years: "3".into() };
        let docs = [DocKind::PostdocStation, DocKind::LabourContract];
        let p: Vec<_> = a.problems(Section::Category, &docs, today(), &Rules::notice_2019()).into_iter().map(|e| e.problem).collect();
        assert_eq!(p, vec![Problem::ContractTooShort]);
        a.category.contract_years = "5".into();
        assert!(a.problems(Section::Category, &docs, today(), &Rules::notice_2019()).is_empty());
        assert_eq!(a.required_documents(Section::Category), docs.to_vec());
        a.category.postdoc_status = "in_station".into();
        assert_eq!(a.required_documents(Section::Category), vec![DocKind::PostdocStation]);
    }

    #[test]
    fn dependents_are_checked_one_by_one() {
        let mut a = complete();
        a.family.dependents.push(DependentInput {
            full_name: "张小明".into(),
            relation: "child".into(),
            birth_date: "2015-06-01".into(),
            id_type: "passport".into(),
            id_number: "E12345678".into(),
        });
        assert!(a.problems(Section::Family, &DOCS, today(), &Rules::notice_2019()).is_empty());
        a.family.dependents[0].relation = "cousin".into();
        assert_eq!(problems_of(&a, Section::Family), vec![(Field::Relation, Problem::UnknownChoice)]);
    }

    #[test]
    fn untouched_sections_are_not_started() {
        let a = Answers::default();
        for s in Section::ALL {
            assert_eq!(a.state(s, &[], today(), &Rules::notice_2019()), SectionState::NotStarted, "{s:?}");
        }
        assert_eq!(a.validate(&[], today(), &Rules::notice_2019()).unwrap_err(), Section::ALL.to_vec());
    }

    #[test]
    fn return_reasons_are_kept_per_section() {
        assert_eq!(parse_return_reasons(&[(Section::Personal, " ".into())]), Ok(vec![]));
        assert_eq!(
            parse_return_reasons(&[(Section::Personal, "".into()), (Section::Category, " 请补充证书 ".into())]),
            Ok(vec![SectionReason { section: Section::Category, reason: "请补充证书".into() }])
        );
        assert_eq!(parse_return_reasons(&[(Section::Family, "x".repeat(10_001))]), Err(Problem::TooLong));
    }
}
