//! The holder's requests (RULES.md Art. 4; SYSTEM.md "Requests"): most services are asked for and
//! a unit has to do something — move the family's hukou (4(1)), a school place for a child (4(2)),
//! company registration within 2 working days (4(5)), the legal adviser (4(6)), a talent
//! apartment (4(8)), a seminar room (4(9)) — and any problem the holder raises, which all units
//! help solve (4(11)). One lifecycle, the application's shape: submitted → accepted (or returned
//! for information, back to the holder) → in progress → done with an outcome; or withdrawn by the
//! holder; or closed when the card's talent services end meanwhile.
//!
//! Pure: "today" is a parameter of every rule.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::application::{long_text, text, yes_no, Checker, Field, FieldError, Problem};
use super::sections::Relation;
use super::DomainError;

/// What the holder may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestType {
    /// Art. 4(1): hukou for the holder, the spouse and the children.
    Hukou,
    /// Art. 4(2): a kindergarten or school place for a child.
    SchoolPlace,
    /// Art. 4(5): registering or changing a company, done within 2 working days.
    CompanyRegistration,
    /// Art. 4(6): a session with the legal adviser.
    Legal,
    /// Art. 4(8): a talent apartment, for holders without a home in the city.
    Apartment,
    /// Art. 4(9): a free seminar room at the district library or culture centre.
    SeminarRoom,
    /// Art. 4(11): a problem to solve; all units help.
    Problem,
}

/// At most this many characters of free text (a problem, a note, a reason).
pub const MAX_TEXT_CHARS: usize = 2000;
/// Art. 4: a unit accepts (or returns) a request within this many working days.
pub const ACCEPT_WORKING_DAYS: u32 = 2;
/// Art. 4(5): company registration is done within 2 working days of acceptance.
pub const COMPANY_DONE_WORKING_DAYS: u32 = 2;

impl RequestType {
    pub const ALL: [RequestType; 7] = [
        RequestType::Hukou,
        RequestType::SchoolPlace,
        RequestType::CompanyRegistration,
        RequestType::Legal,
        RequestType::Apartment,
        RequestType::SeminarRoom,
        RequestType::Problem,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestType::Hukou => "hukou",
            RequestType::SchoolPlace => "school_place",
            RequestType::CompanyRegistration => "company_registration",
            RequestType::Legal => "legal",
            RequestType::Apartment => "apartment",
            RequestType::SeminarRoom => "seminar_room",
            RequestType::Problem => "problem",
        }
    }

    pub fn parse(s: &str) -> Option<RequestType> {
        RequestType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whom the service reaches besides the holder (Art. 4(1)–(2)).
    pub fn reaches(self, relation: Relation) -> bool {
        match self {
            RequestType::Hukou => true,
            RequestType::SchoolPlace => relation == Relation::Child,
            _ => false,
        }
    }

    /// Whether the holder may ask for it for themself (a school place is a child's).
    pub fn for_holder(self) -> bool {
        self != RequestType::SchoolPlace
    }

    /// Art. 4(5): a deadline set by the article itself, in working days from acceptance.
    pub fn fixed_done_working_days(self) -> Option<u32> {
        (self == RequestType::CompanyRegistration).then_some(COMPANY_DONE_WORKING_DAYS)
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    Submitted,
    /// Back with the holder for information.
    Returned,
    Accepted,
    InProgress,
    Done,
    Withdrawn,
    /// The card's talent services ended meanwhile (suspended, terminated, expired).
    Closed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 7] = [
        RequestStatus::Submitted,
        RequestStatus::Returned,
        RequestStatus::Accepted,
        RequestStatus::InProgress,
        RequestStatus::Done,
        RequestStatus::Withdrawn,
        RequestStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Submitted => "submitted",
            RequestStatus::Returned => "returned",
            RequestStatus::Accepted => "accepted",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Done => "done",
            RequestStatus::Withdrawn => "withdrawn",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Still open: counts against "one open request of a type per person".
    pub fn is_open(self) -> bool {
        !matches!(self, RequestStatus::Done | RequestStatus::Withdrawn | RequestStatus::Closed)
    }
}

/// Who acts on a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestActor {
    Holder,
    /// An official of the unit the request is routed to.
    Unit,
    /// The scheduler or a card change: the card's talent services ended.
    System,
}

/// What can be done to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestCommand {
    /// The holder asks (the request's first event; not a step of `next`).
    Submit,
    Accept,
    /// Back to the holder for information, with a reason.
    Return,
    /// The holder answers a return.
    Resubmit,
    Start,
    /// Done, with an outcome.
    Finish,
    Withdraw,
    /// HRSS's talent section passes a problem to another unit, with a note (Art. 4(11)).
    PassOn,
    Close,
}

impl RequestCommand {
    pub const ALL: [RequestCommand; 9] = [
        RequestCommand::Submit,
        RequestCommand::Accept,
        RequestCommand::Return,
        RequestCommand::Resubmit,
        RequestCommand::Start,
        RequestCommand::Finish,
        RequestCommand::Withdraw,
        RequestCommand::PassOn,
        RequestCommand::Close,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestCommand::Submit => "submit",
            RequestCommand::Accept => "accept",
            RequestCommand::Return => "return",
            RequestCommand::Resubmit => "resubmit",
            RequestCommand::Start => "start",
            RequestCommand::Finish => "finish",
            RequestCommand::Withdraw => "withdraw",
            RequestCommand::PassOn => "pass_on",
            RequestCommand::Close => "close",
        }
    }

    pub fn parse(s: &str) -> Option<RequestCommand> {
        RequestCommand::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Who may give the command.
    pub fn actor(self) -> RequestActor {
        match self {
            RequestCommand::Submit | RequestCommand::Resubmit | RequestCommand::Withdraw => RequestActor::Holder,
            RequestCommand::Close => RequestActor::System,
            _ => RequestActor::Unit,
        }
    }
}

/// The lifecycle: where `command` by `by` takes a request in `status` (of type `ty`; `routed`:
/// a unit is routed for it). Only a problem is passed on by its unit (Art. 4(11)); a request no
/// unit is routed for is passed on to one (by HRSS).
pub fn next(status: RequestStatus, ty: RequestType, command: RequestCommand, by: RequestActor, routed: bool) -> Result<RequestStatus, DomainError> {
    use RequestCommand as C;
    use RequestStatus as S;
    let to = match (status, command) {
        (S::Submitted, C::Accept) => S::Accepted,
        (S::Submitted, C::Return) => S::Returned,
        (S::Submitted, C::PassOn) if ty == RequestType::Problem || !routed => S::Submitted,
        (S::Returned, C::Resubmit) => S::Submitted,
        (S::Accepted, C::Start) => S::InProgress,
        (S::Accepted | S::InProgress, C::Finish) => S::Done,
        (S::Submitted | S::Returned | S::Accepted | S::InProgress, C::Withdraw | C::Close) => {
            if command == C::Withdraw { S::Withdrawn } else { S::Closed }
        }
        _ => return Err(DomainError::NotInThisState),
    };
    if command.actor() != by {
        return Err(DomainError::RoleMayNot);
    }
    Ok(to)
}

/// How a request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// Granted (hukou moved, company registered, advice given).
    Granted,
    /// A place or an appointment, on a date (a school place from …, a room on …).
    Scheduled,
    /// Refused, with the reason and the article it rests on.
    Refused,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Granted, Outcome::Scheduled, Outcome::Refused];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Granted => "granted",
            Outcome::Scheduled => "scheduled",
            Outcome::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// A unit's outcome as typed: which, the date of a place or an appointment, the text (the reason
/// of a refusal, with its article; what was granted).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OutcomeInput {
    pub outcome: String,
    pub on: String,
    pub text: String,
}

/// A checked outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedOutcome {
    pub outcome: Outcome,
    pub on: Option<NaiveDate>,
    pub text: String,
}

impl OutcomeInput {
    /// A scheduled outcome needs its date (today or later); a refusal its reason; a grant may say
    /// what was done.
    pub fn validate(&self, today: NaiveDate) -> Result<CheckedOutcome, Vec<FieldError>> {
        let mut c = Checker::default();
        let outcome = c.keep(Field::Outcome, match self.outcome.trim() {
            "" => Err(Problem::Required),
            o => Outcome::parse(o).ok_or(Problem::UnknownChoice),
        });
        let on = match (outcome, self.on.trim()) {
            (Some(Outcome::Scheduled), "") => {
                c.fail(Field::OutcomeDate, Problem::Required);
                None
            }
            (Some(Outcome::Scheduled), raw) => c.keep(Field::OutcomeDate, future_day(raw, today)),
            _ => None,
        };
        let text = match (outcome, self.text.trim()) {
            (Some(Outcome::Refused), _) => c.keep(Field::Opinion, long_text(&self.text, MAX_TEXT_CHARS)),
            (_, "") => Some(String::new()),
            _ => c.keep(Field::Opinion, long_text(&self.text, MAX_TEXT_CHARS)),
        };
        let valid = (|| Some(CheckedOutcome { outcome: outcome?, on: if outcome? == Outcome::Scheduled { Some(on?) } else { None }, text: text? }))();
        c.finish(valid)
    }
}

fn future_day(raw: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let d = super::dates::iso(raw.trim()).ok_or(Problem::DateFormat)?;
    if d < today {
        Err(Problem::DateInPast)
    } else {
        Ok(d)
    }
}

/// A school stage (Art. 4(2)).
pub const SCHOOL_STAGES: [&str; 3] = ["kindergarten", "primary", "junior_secondary"];
/// A company filing (Art. 4(5)).
pub const COMPANY_FILINGS: [&str; 2] = ["establish", "change"];
/// A seminar room's venue (Art. 4(9)).
pub const VENUES: [&str; 2] = ["library", "culture_centre"];

/// The holder's form as typed. `for_whom`: `self` or `dependent:N` (N: the dependant's place in
/// the application's family section). The other fields are those of the type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestInput {
    pub request_type: String,
    pub for_whom: String,
    /// Hukou: where the hukou is now.
    pub hukou_now: String,
    /// School place: the stage and the schools preferred.
    pub school_stage: String,
    pub preferred_schools: String,
    /// Company registration: which filing and its reference at the registry.
    pub filing: String,
    pub registry_reference: String,
    /// Apartment: the household's size, and whether they own a home in the city.
    pub household_size: String,
    pub owns_home: String,
    /// Seminar room: the venue and the day wanted.
    pub venue: String,
    pub wanted_on: String,
    /// What the holder says (a problem: required; otherwise optional).
    pub text: String,
}

/// A checked request: its type, for whom (None: the holder; Some(N): dependant N), and its
/// fields as (key, value) pairs (stored as a JSON object) — the text separately.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedRequest {
    pub request_type: RequestType,
    pub dependent: Option<i32>,
    pub details: Vec<(&'static str, String)>,
    pub text: String,
}

impl RequestInput {
    /// Checks the form. `dependents`: the application's dependants (their place and relation);
    /// `today` for dates.
    pub fn validate(&self, dependents: &[(i32, Relation)], today: NaiveDate) -> Result<CheckedRequest, Vec<FieldError>> {
        let mut c = Checker::default();
        let ty = c.keep(Field::RequestType, match self.request_type.trim() {
            "" => Err(Problem::Required),
            t => RequestType::parse(t).ok_or(Problem::UnknownChoice),
        });
        let dependent = match (ty, self.for_whom.trim()) {
            (Some(t), "self" | "") if t.for_holder() => Some(None),
            (Some(_), "self" | "") => {
                c.fail(Field::ServedFor, Problem::ServiceNotForThisPerson);
                None
            }
            // No type, no question of whom it reaches.
            (None, _) => None,
            (ty, who) => match who.strip_prefix("dependent:").and_then(|n| n.parse::<i32>().ok()) {
                Some(n) => match (ty, dependents.iter().find(|(i, _)| *i == n)) {
                    (Some(t), Some((_, relation))) if t.reaches(*relation) => Some(Some(n)),
                    _ => {
                        c.fail(Field::ServedFor, Problem::ServiceNotForThisPerson);
                        None
                    }
                },
                None => {
                    c.fail(Field::ServedFor, Problem::UnknownChoice);
                    None
                }
            },
        };
        let optional = |c: &mut Checker, field, raw: &str, max| if raw.trim().is_empty() { Some(String::new()) } else { c.keep(field, text(raw, max)) };
        let one_of = |c: &mut Checker, field, raw: &str, allowed: &[&str]| {
            c.keep(field, match raw.trim() {
                "" => Err(Problem::Required),
                v if allowed.contains(&v) => Ok(v.to_string()),
                _ => Err(Problem::UnknownChoice),
            })
        };
        let details = match ty {
            Some(RequestType::Hukou) => optional(&mut c, Field::HukouNow, &self.hukou_now, 200).map(|h| vec![("hukou_now", h)]),
            Some(RequestType::SchoolPlace) => {
                let stage = one_of(&mut c, Field::SchoolStage, &self.school_stage, &SCHOOL_STAGES);
                let schools = optional(&mut c, Field::PreferredSchools, &self.preferred_schools, 200);
                stage.zip(schools).map(|(s, p)| vec![("school_stage", s), ("preferred_schools", p)])
            }
            Some(RequestType::CompanyRegistration) => {
                let filing = one_of(&mut c, Field::Filing, &self.filing, &COMPANY_FILINGS);
                let reference = c.keep(Field::RegistryReference, text(&self.registry_reference, 100));
                filing.zip(reference).map(|(f, r)| vec![("filing", f), ("registry_reference", r)])
            }
            Some(RequestType::Apartment) => {
                let size = c.keep(Field::HouseholdSize, match self.household_size.trim().parse::<u8>() {
                    Ok(n @ 1..=12) => Ok(n),
                    _ if self.household_size.trim().is_empty() => Err(Problem::Required),
                    _ => Err(Problem::NumberOutOfRange),
                });
                // Art. 4(8): apartments are for holders without a home in the city.
                let owns = c.keep(Field::OwnsHome, yes_no(&self.owns_home));
                if owns == Some(true) {
                    c.fail(Field::OwnsHome, Problem::OwnsHomeInCity);
                }
                size.zip(owns.filter(|o| !o)).map(|(s, _)| vec![("household_size", s.to_string()), ("owns_home", "false".to_string())])
            }
            Some(RequestType::SeminarRoom) => {
                let venue = one_of(&mut c, Field::Venue, &self.venue, &VENUES);
                let on = c.keep(Field::WantedOn, if self.wanted_on.trim().is_empty() { Err(Problem::Required) } else { future_day(&self.wanted_on, today) });
                venue.zip(on).map(|(v, d)| vec![("venue", v), ("wanted_on", d.to_string())])
            }
            Some(RequestType::Legal | RequestType::Problem) => Some(vec![]),
            None => None,
        };
        // A problem is its text; elsewhere the text is an optional note.
        let said = if ty == Some(RequestType::Problem) {
            c.keep(Field::Opinion, long_text(&self.text, MAX_TEXT_CHARS))
        } else if self.text.trim().is_empty() {
            Some(String::new())
        } else {
            c.keep(Field::Opinion, long_text(&self.text, MAX_TEXT_CHARS))
        };
        let valid = (|| Some(CheckedRequest { request_type: ty?, dependent: dependent?, details: details?, text: said? }))();
        c.finish(valid)
    }

    pub fn echo(&self) -> Vec<(Field, String)> {
        vec![
            (Field::RequestType, self.request_type.clone()),
            (Field::ServedFor, self.for_whom.clone()),
            (Field::HukouNow, self.hukou_now.clone()),
            (Field::SchoolStage, self.school_stage.clone()),
            (Field::PreferredSchools, self.preferred_schools.clone()),
            (Field::Filing, self.filing.clone()),
            (Field::RegistryReference, self.registry_reference.clone()),
            (Field::HouseholdSize, self.household_size.clone()),
            (Field::OwnsHome, self.owns_home.clone()),
            (Field::Venue, self.venue.clone()),
            (Field::WantedOn, self.wanted_on.clone()),
            (Field::Opinion, self.text.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestActor::{Holder, System, Unit};
    use RequestCommand as C;
    use RequestStatus as S;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_lifecycle_as_a_table() {
        let t = RequestType::SchoolPlace;
        let rows: [(S, C, RequestActor, Result<S, DomainError>); 16] = [
            (S::Submitted, C::Accept, Unit, Ok(S::Accepted)),
            (S::Submitted, C::Return, Unit, Ok(S::Returned)),
            (S::Submitted, C::Accept, Holder, Err(DomainError::RoleMayNot)),
            (S::Returned, C::Resubmit, Holder, Ok(S::Submitted)),
            (S::Returned, C::Accept, Unit, Err(DomainError::NotInThisState)),
            (S::Accepted, C::Start, Unit, Ok(S::InProgress)),
            (S::Accepted, C::Finish, Unit, Ok(S::Done)),
            (S::InProgress, C::Finish, Unit, Ok(S::Done)),
            (S::InProgress, C::Withdraw, Holder, Ok(S::Withdrawn)),
            (S::InProgress, C::Withdraw, Unit, Err(DomainError::RoleMayNot)),
            (S::Submitted, C::Close, System, Ok(S::Closed)),
            (S::Done, C::Withdraw, Holder, Err(DomainError::NotInThisState)),
            (S::Done, C::Close, System, Err(DomainError::NotInThisState)),
            (S::Withdrawn, C::Resubmit, Holder, Err(DomainError::NotInThisState)),
            // Only a problem is passed on to another unit (Art. 4(11)).
            (S::Submitted, C::PassOn, Unit, Err(DomainError::NotInThisState)),
            (S::Accepted, C::Accept, Unit, Err(DomainError::NotInThisState)),
        ];
        for (from, command, by, want) in rows {
            assert_eq!(next(from, t, command, by, true), want, "{from:?} {command:?} by {by:?}");
        }
        assert_eq!(next(S::Submitted, RequestType::Problem, C::PassOn, Unit, true), Ok(S::Submitted));
        assert_eq!(next(S::Submitted, t, C::PassOn, Unit, false), Ok(S::Submitted), "no unit routed: HRSS routes it");
        assert_eq!(next(S::Submitted, t, C::Submit, Holder, true), Err(DomainError::NotInThisState));
    }

    fn form(ty: &str, who: &str) -> RequestInput {
        RequestInput { request_type: ty.into(), for_whom: who.into(), ..Default::default() }
    }

    fn problems(input: &RequestInput) -> Vec<(Field, Problem)> {
        let family = [(0, Relation::Spouse), (1, Relation::Child)];
        input.validate(&family, d("2026-12-02")).err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn requests_reach_whom_the_article_says() {
        let mut school = form("school_place", "dependent:1");
        school.school_stage = "primary".into();
        assert_eq!(problems(&school), vec![]);
        // A school place is a child's: not the spouse's, not the holder's, not someone not recorded.
        for who in ["dependent:0", "self", "dependent:7"] {
            school.for_whom = who.into();
            assert_eq!(problems(&school), vec![(Field::ServedFor, Problem::ServiceNotForThisPerson)], "{who}");
        }
        // Hukou reaches the spouse and the children; the legal adviser only the holder.
        let hukou = form("hukou", "dependent:0");
        assert_eq!(problems(&hukou), vec![]);
        assert_eq!(problems(&form("legal", "dependent:0")), vec![(Field::ServedFor, Problem::ServiceNotForThisPerson)]);
        assert_eq!(problems(&form("legal", "self")), vec![]);
    }

    #[test]
    fn each_type_asks_for_its_own_fields() {
        let mut problem = form("problem", "self");
        assert_eq!(problems(&problem), vec![(Field::Opinion, Problem::Required)]);
        problem.text = "字".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(problems(&problem), vec![(Field::Opinion, Problem::TooLong)]);
        problem.text = "字".repeat(MAX_TEXT_CHARS);
        assert_eq!(problems(&problem), vec![]);

        let mut flat = form("apartment", "self");
        flat.household_size = "3".into();
        flat.owns_home = "yes".into();
        assert_eq!(problems(&flat), vec![(Field::OwnsHome, Problem::OwnsHomeInCity)], "Art. 4(8)");
        flat.owns_home = "no".into();
        flat.household_size = "30".into();
        assert_eq!(problems(&flat), vec![(Field::HouseholdSize, Problem::NumberOutOfRange)]);

        let mut company = form("company_registration", "self");
        assert_eq!(problems(&company), vec![(Field::Filing, Problem::Required), (Field::RegistryReference, Problem::Required)]);
        company.filing = "change".into();
        company.registry_reference = "穗白工商变〔2026〕第 1234 号".into();
        assert_eq!(problems(&company), vec![]);

        let mut room = form("seminar_room", "self");
        room.venue = "library".into();
        room.wanted_on = "2026-12-01".into();
        assert_eq!(problems(&room), vec![(Field::WantedOn, Problem::DateInPast)]);
        room.wanted_on = "2026-12-02".into();
        assert_eq!(problems(&room), vec![]);

        assert_eq!(problems(&form("lottery", "self")), vec![(Field::RequestType, Problem::UnknownChoice)]);
    }

    #[test]
    fn an_outcome_carries_what_it_needs() {
        let today = d("2026-12-02");
        let o = |outcome: &str, on: &str, text: &str| OutcomeInput { outcome: outcome.into(), on: on.into(), text: text.into() }.validate(today);
        assert_eq!(o("granted", "", "").unwrap().outcome, Outcome::Granted);
        assert_eq!(o("scheduled", "2027-02-20", "").unwrap().on, Some(d("2027-02-20")));
        let fields = |r: Result<CheckedOutcome, Vec<FieldError>>| r.unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect::<Vec<_>>();
        assert_eq!(fields(o("scheduled", "", "")), vec![(Field::OutcomeDate, Problem::Required)]);
        assert_eq!(fields(o("scheduled", "2026-11-30", "")), vec![(Field::OutcomeDate, Problem::DateInPast)]);
        assert_eq!(fields(o("refused", "", " ")), vec![(Field::Opinion, Problem::Required)], "a refusal says why, and under which article");
        assert_eq!(fields(o("", "", "")), vec![(Field::Outcome, Problem::Required)]);
    }
}
