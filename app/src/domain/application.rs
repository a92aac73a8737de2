//! The pieces every form shares: fields, problems, and the small parsers of typed values.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};


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
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_EMPLOYER_CHARS: usize = 200;
/// Opinions and reasons: long enough for a real review, short enough to read.
pub const MAX_OPINION_CHARS: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    FullName,
    ResidentId,
    EmployerName,
    CreditCode,
    EmployerType,
    Industry,
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
    Gender,
    BirthDate,
    Nationality,
    IdType,
    IdNumber,
    Phone,
    Email,
    RegisteredOn,
    RegisteredInDistrict,
    PaysTaxInDistrict,
    OperatingOverAYear,
    Honour,
    PostdocStatus,
    ContractYears,
    Relation,
    Declaration,
    Document,
    /// A reason for returning one section (the reviewer's form).
    SectionReason,
    DirectRecognition,
    Note,
    MeetingDate,
    /// Which case of a list a refused form was about (echoed, never shown).
    Application,
    /// A claim code (claims: the talent takes over a case its employer filed).
    ClaimCode,
    /// The cases a list form acts on (an order batch, issuing).
    Cases,
    /// The admin's organisations page (issue 11, item 5).
    DepartmentCode,
    NameZh,
    NameEn,
    OrgNameZh,
    OrgNameEn,
    ServiceTypes,
    /// Art. 6(2): why HRSS terminates a card.
    TerminationGround,
    /// The e-card at the counter (issue 12): a scanned QR token or a typed short code.
    EcardCode,
    /// The service ledger: what was delivered, to whom, when; why an entry is cancelled.
    Service,
    ServedFor,
    ServedOn,
    CancelReason,
    /// The contact list (issue 13): suspend or reactivate, why; HRSS's decision.
    AdjustmentKind,
    AdjustmentReason,
    Decision,
    /// The biennial assessment (issue 13): the grade, the written report, the signed report (a
    /// PDF upload); a retirement day.
    AssessmentGrade,
    AssessmentReport,
    AssessmentReportFile,
    RetiredOn,
    /// A version of the rules (Art. 7): the admin's form.
    DocumentNumber,
    PolicyTitle,
    StartsOn,
    EndsOn,
    Categories,
    HealthCheckQuota,
    AirportQuota,
    ManagementMonths,
    AssessmentInterval,
    /// The holder's requests (issue 19): the type and its fields; a unit's outcome.
    RequestType,
    HukouNow,
    SchoolStage,
    PreferredSchools,
    Filing,
    RegistryReference,
    HouseholdSize,
    OwnsHome,
    Venue,
    WantedOn,
    Outcome,
    OutcomeDate,
    /// A step's text: a return's reason, the holder's answer, a pass-on's note.
    ReturnReason,
    Answer,
    PassOnNote,
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
    /// Art. 3: fewer months a year in the district than the version in force asks (6 in 2019).
    MonthsTooFew,
    /// Art. 3: the version in force does not open this category.
    CategoryNotInForce,
    /// Art. 7: no version of the rules is in force today: nothing can be submitted.
    NoPolicyInForce,
    /// A version of the rules that ends before it starts.
    VersionEndsBeforeStart,
    /// A version of the rules whose days overlap another's.
    VersionOverlaps,
    /// A number outside what the form allows.
    NumberOutOfRange,
    /// A version's assessment interval must be shorter than its management period.
    IntervalNotShorterThanPeriod,
    /// A request needs an issued card whose talent services are active (Art. 4).
    CardNotActive,
    /// One open request of a type for one person.
    RequestAlreadyOpen,
    /// Art. 4(8): talent apartments are for holders without a home in the city.
    OwnsHomeInCity,
    /// A day that has already passed.
    DateInPast,
    /// The card's talent services ended: the request is closed and nothing more can be done.
    RequestClosedCardEnded,
    CategoryOutOfRange,
    CardNumberFormat,
    CardNumberCheck,
    /// The bank reported a card number that is already on another card.
    CardNumberTaken,
    UsernameFormat,
    PasswordTooShort,
    /// Not one of the offered choices.
    UnknownChoice,
    DateFormat,
    DateInFuture,
    /// The birth date typed differs from the one in the resident ID number.
    BirthDateNotInId,
    PhoneFormat,
    EmailFormat,
    /// Art. 3(a): the enterprise must be registered in the district.
    NotRegisteredInDistrict,
    /// Art. 3(a): the enterprise must pay tax in the district.
    NotTaxedInDistrict,
    /// Art. 3(a): the enterprise must have operated for more than 1 year (else: case by case).
    OperatingUnderOneYear,
    /// Art. 3 cat. 8: a postdoc who left the station needs a labour contract of 5 years or more.
    ContractTooShort,
    ContractYearsNotNumber,
    DeclarationRequired,
    /// Uploads: PDF, JPEG or PNG only, judged by content.
    FileType,
    /// The ID photo must be a JPEG or PNG picture.
    PhotoType,
    FileTooLarge,
    FileEmpty,
    /// A document this section needs has not been uploaded.
    DocumentMissing,
    /// A return must say what to correct in at least one section.
    ReasonRequired,
    TooManyDependents,
    /// An employer agent files only for staff of its own unit (SYSTEM.md).
    NotYourUnit,
    /// Art. 5(4): only HRSS, passing re-review, for categories 1–8.
    DirectRecognitionNotAllowed,
    /// The claim code and ID number do not open a case (whichever was wrong: not said).
    ClaimRefused,
    /// No case awaits decision outside an open batch.
    NothingToDecide,
    /// The case is on the agenda of a meeting not yet recorded: its outcome is recorded there.
    OnOpenAgenda,
    /// The bank's answer names no unanswered order line (`bank_file::LineProblem`).
    OrderLineUnknown,
    /// The ID number is not the one of the order line.
    OrderIdMismatch,
    /// A card number or a refusal reason, exactly one.
    OrderAnswerOne,
    /// The order line was answered before.
    OrderAlreadyAnswered,
    /// Not a code this system issued: wrong form, another key (a forgery, or another
    /// environment's), a bad signature.
    CodeNotOurs,
    /// A code of ours, too old: a screenshot or a replay (`domain::ecard::TOKEN_SECONDS`).
    CodeExpired,
    /// The service ledger (`domain::services::LedgerProblem`).
    ServiceNotYourType,
    ServiceNotForThisPerson,
    ServiceDateOutOfRange,
    QuotaUsed,
    MayNotCancel,
    /// The check a service is recorded against is not a valid one of this counter, of the last
    /// 10 minutes.
    CheckNotValid,
    /// The contact list: a reason of the other kind of move; a proposal already waiting.
    ReasonDoesNotFit,
    ProposalWaiting,
    /// The signed assessment report must be a PDF.
    PdfOnly,
    /// Art. 6(3): a retirement day within the card's period, at most a year ahead.
    RetiredOnOutOfRange,
    /// Art. 6(3): not on or before the due date of an assessment already submitted.
    RetiredBeforeSubmittedRound,
    /// Art. 6: a priority re-application is the former holder's own (the same ID number).
    NotThePreviousHolder,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// Collects every problem of a form at once, in form order.
#[derive(Default, Debug)]
pub struct Checker {
    pub errors: Vec<FieldError>,
}

impl Checker {
    pub fn keep<T>(&mut self, field: Field, r: Result<T, Problem>) -> Option<T> {
        r.map_err(|problem| self.errors.push(FieldError { field, problem })).ok()
    }

    pub fn fail(&mut self, field: Field, problem: Problem) {
        self.errors.push(FieldError { field, problem });
    }

    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(self.errors),
        }
    }
}

/// A free-text field: trimmed, required, at most `max` characters, no control characters.
/// Any other character is fine: rare CJK (𠀀, 㐂), emoji, `<script>` (always shown as text).
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

/// Free text over several lines (opinions, reasons): like `text`, but line breaks are fine.
pub fn long_text(raw: &str, max: usize) -> Result<String, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        Err(Problem::Required)
    } else if s.chars().count() > max {
        Err(Problem::TooLong)
    } else if s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Err(Problem::ControlCharacters)
    } else {
        Ok(s.to_string())
    }
}

/// A date typed as YYYY-MM-DD (what `<input type=date>` sends), not after `today`.
pub fn past_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let d = super::dates::iso(s).ok_or(Problem::DateFormat)?;
    if d > today {
        Err(Problem::DateInFuture)
    } else if d < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date") {
        Err(Problem::DateFormat)
    } else {
        Ok(d)
    }
}

/// A yes/no radio answer.
pub fn yes_no(raw: &str) -> Result<bool, Problem> {
    match raw.trim() {
        "yes" => Ok(true),
        "no" => Ok(false),
        "" => Err(Problem::Required),
        _ => Err(Problem::UnknownChoice),
    }
}

/// A mainland mobile number (11 digits starting 13–19), or an international one: `+`, 7–15 digits.
/// Spaces and hyphens are ignored.
pub fn phone(raw: &str) -> Result<String, Problem> {
    let s: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mainland = s.len() == 11 && digits(&s) && s.starts_with('1') && (b'3'..=b'9').contains(&s.as_bytes()[1]);
    let international = s.starts_with('+') && (8..=16).contains(&s.len()) && digits(&s[1..]);
    if mainland || international {
        Ok(s)
    } else {
        Err(Problem::PhoneFormat)
    }
}

/// An e-mail address, checked for shape only (one @, a dot in the domain, no spaces).
pub fn email(raw: &str) -> Result<String, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let ok = s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty() && !domain.contains('@') && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            }
            None => false,
        };
    if ok {
        Ok(s.to_string())
    } else {
        Err(Problem::EmailFormat)
    }
}

pub fn parse_months(raw: &str) -> Result<u8, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let m: u8 = s.parse().map_err(|_| Problem::MonthsNotNumber)?;
    // Art. 3's minimum is the version's (`policy::Rules::application_problems`).
    if m > 12 {
        Err(Problem::MonthsNotNumber)
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

pub fn parse_employer_type(raw: &str) -> Result<EmployerType, Problem> {
    if raw.trim().is_empty() {
        return Err(Problem::Required);
    }
    EmployerType::parse(raw.trim()).ok_or(Problem::UnknownEmployerType)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn references() {
        assert_eq!(reference(2026, 123), "YJ-2026-000123");
        assert_eq!(reference(2027, 1_234_567), "YJ-2027-1234567");
    }

    #[test]
    fn text_fields() {
        assert_eq!(text("  张三 ", 100), Ok("张三".into()));
        assert_eq!(text("  ", 100), Err(Problem::Required));
        assert_eq!(text(&"名".repeat(5000), 100), Err(Problem::TooLong));
        assert_eq!(text("张\u{0}明", 100), Err(Problem::ControlCharacters));
        // Rare CJK, emoji and markup are text like any other (shown escaped).
        assert!(text("𠀀㐂 <script>alert(1)</script> 😀", 100).is_ok());
        // Long free text may have line breaks.
        assert!(long_text("第一行\n第二行", MAX_OPINION_CHARS).is_ok());
        assert_eq!(text("第一行\n第二行", 100), Err(Problem::ControlCharacters));
    }

    #[test]
    fn dates_phones_emails() {
        let t = today();
        assert_eq!(past_date("1980-02-29", t), Ok(NaiveDate::from_ymd_opt(1980, 2, 29).unwrap()));
        assert_eq!(past_date("1981-02-29", t), Err(Problem::DateFormat));
        assert_eq!(past_date("2026-11-29", t), Err(Problem::DateInFuture));
        assert_eq!(past_date("", t), Err(Problem::Required));
        assert_eq!(phone("138 0013 8000"), Ok("13800138000".into()));
        assert_eq!(phone("+44 20 7946 0958"), Ok("+442079460958".into()));
        assert_eq!(phone("12800138000"), Err(Problem::PhoneFormat));
        assert_eq!(phone("1380013800"), Err(Problem::PhoneFormat));
        assert_eq!(email("a.b@example.cn"), Ok("a.b@example.cn".into()));
        for bad in ["ab", "a@b", "a b@c.cn", "@c.cn", "a@b@c.cn", "a@.cn"] {
            assert_eq!(email(bad), Err(Problem::EmailFormat), "{bad}");
        }
    }

    #[test]
    fn months_and_categories() {
        // Art. 3: at least 6 months a year in the district; categories 1 to 9.
        assert_eq!(parse_months("6"), Ok(6));
        assert_eq!(parse_months("5"), Ok(5), "the minimum is the policy version's");
        assert_eq!(parse_months("13"), Err(Problem::MonthsNotNumber));
        assert_eq!(parse_months("six"), Err(Problem::MonthsNotNumber));
        assert_eq!(parse_category("9"), Ok(9));
        assert_eq!(parse_category("0"), Err(Problem::CategoryOutOfRange));
        assert_eq!(parse_category("10"), Err(Problem::CategoryOutOfRange));
    }
}
