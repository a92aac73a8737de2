//! The name of each domain value (role, status, command, section, document kind, problem, …) in
//! the reader's language: one `Msg` per value, so a new value cannot go without its words.
use super::{Lang, Msg};
use crate::domain::{Command, DocKind, EmployerType, IdType, Industry, Problem, Role, Section, SectionState, ServiceType, Status};

impl Lang {
    pub fn role(self, r: Role) -> &'static str {
        self.t(match r {
            Role::Applicant => Msg::RoleApplicant,
            Role::EmployerAgent => Msg::RoleAgent,
            Role::HandlingDept => Msg::RoleHandling,
            Role::IndustryDept => Msg::RoleIndustry,
            Role::Hrss => Msg::RoleHrss,
            Role::TalentOffice => Msg::RoleTalentOffice,
            Role::Bank => Msg::RoleBank,
            Role::Provider => Msg::RoleProvider,
            Role::Admin => Msg::RoleAdmin,
        })
    }

    pub fn status(self, s: Status) -> &'static str {
        self.t(match s {
            Status::Draft => Msg::StDraft,
            Status::PreReview => Msg::StPreReview,
            Status::FirstReview => Msg::StFirstReview,
            Status::ReReview => Msg::StReReview,
            Status::Decision => Msg::StDecision,
            Status::Approved => Msg::StApproved,
            Status::CardProduction => Msg::StCardProduction,
            Status::CardMade => Msg::StCardMade,
            Status::BankRefused => Msg::StBankRefused,
            Status::Issued => Msg::StIssued,
            Status::Returned(_) => Msg::StReturned,
            Status::Rejected => Msg::StRejected,
            Status::Withdrawn => Msg::StWithdrawn,
        })
    }

    pub fn command(self, c: Command) -> &'static str {
        self.t(match c {
            Command::Submit => Msg::CmdSubmit,
            Command::Pass => Msg::CmdPass,
            Command::Return => Msg::CmdReturn,
            Command::Reject => Msg::CmdReject,
            Command::Approve => Msg::CmdApprove,
            Command::Resubmit => Msg::CmdResubmit,
            Command::Withdraw => Msg::CmdWithdraw,
            Command::CardMade => Msg::CmdCardMade,
            Command::BankReject => Msg::CmdBankReject,
            Command::ResendToBank => Msg::CmdResendToBank,
            Command::OrderCard => Msg::CmdOrderCard,
            Command::Issue => Msg::CmdIssue,
        })
    }

    pub fn problem(self, p: Problem) -> &'static str {
        self.t(match p {
            Problem::Required => Msg::PRequired,
            Problem::TooLong => Msg::PTooLong,
            Problem::ControlCharacters => Msg::PControl,
            Problem::IdFormat => Msg::PIdFormat,
            Problem::IdBirthDate => Msg::PIdBirthDate,
            Problem::IdCheckDigit => Msg::PIdCheck,
            Problem::CreditCodeFormat => Msg::PCreditFormat,
            Problem::CreditCodeCheck => Msg::PCreditCheck,
            Problem::UnknownEmployerType => Msg::PEmployerType,
            Problem::MonthsNotNumber => Msg::PMonthsNumber,
            Problem::MonthsTooFew => Msg::PMonthsFew,
            Problem::CategoryOutOfRange => Msg::PCategory,
            Problem::CardNumberFormat => Msg::PCardFormat,
            Problem::CardNumberCheck => Msg::PCardCheck,
            Problem::CardNumberTaken => Msg::PCardTaken,
            Problem::UsernameFormat => Msg::PUsername,
            Problem::PasswordTooShort => Msg::PPassword,
            Problem::UnknownChoice => Msg::PChoice,
            Problem::DateFormat => Msg::PDateFormat,
            Problem::DateInFuture => Msg::PDateFuture,
            Problem::BirthDateNotInId => Msg::PBirthNotInId,
            Problem::PhoneFormat => Msg::PPhone,
            Problem::EmailFormat => Msg::PEmail,
            Problem::NotRegisteredInDistrict => Msg::PNotRegistered,
            Problem::NotTaxedInDistrict => Msg::PNotTaxed,
            Problem::OperatingUnderOneYear => Msg::PUnderOneYear,
            Problem::ContractTooShort => Msg::PContractShort,
            Problem::ContractYearsNotNumber => Msg::PContractNumber,
            Problem::DeclarationRequired => Msg::PDeclaration,
            Problem::FileType => Msg::PFileType,
            Problem::PhotoType => Msg::PPhotoType,
            Problem::FileTooLarge => Msg::PFileTooLarge,
            Problem::FileEmpty => Msg::PFileEmpty,
            Problem::DocumentMissing => Msg::PDocumentMissing,
            Problem::ReasonRequired => Msg::PReasonRequired,
            Problem::TooManyDependents => Msg::PTooManyDependents,
            Problem::NotYourUnit => Msg::PNotYourUnit,
            Problem::DirectRecognitionNotAllowed => Msg::PDirectRecognition,
            Problem::ClaimRefused => Msg::PClaimRefused,
            Problem::NothingToDecide => Msg::PNothingToDecide,
            Problem::OnOpenAgenda => Msg::POnOpenAgenda,
            Problem::OrderLineUnknown => Msg::POrderLineUnknown,
            Problem::OrderIdMismatch => Msg::POrderIdMismatch,
            Problem::OrderAnswerOne => Msg::POrderAnswerOne,
            Problem::OrderAlreadyAnswered => Msg::POrderAlreadyAnswered,
            Problem::CodeNotOurs => Msg::PCodeNotOurs,
            Problem::CodeExpired => Msg::PCodeExpired,
            Problem::ServiceNotYourType => Msg::PServiceNotYourType,
            Problem::ServiceNotForThisPerson => Msg::PServiceNotForThisPerson,
            Problem::ServiceDateOutOfRange => Msg::PServiceDate,
            Problem::QuotaUsed => Msg::PQuotaUsed,
            Problem::MayNotCancel => Msg::PMayNotCancel,
            Problem::CheckNotValid => Msg::PCheckNotValid,
            Problem::ReasonDoesNotFit => Msg::PReasonDoesNotFit,
            Problem::ProposalWaiting => Msg::PProposalWaiting,
            Problem::PdfOnly => Msg::PPdfOnly,
            Problem::RetiredOnOutOfRange => Msg::PRetiredOnOutOfRange,
            Problem::RetiredBeforeSubmittedRound => Msg::PRetiredBeforeSubmittedRound,
            Problem::NotThePreviousHolder => Msg::PNotThePreviousHolder,
            Problem::CategoryNotInForce => Msg::PCategoryNotInForce,
            Problem::NoPolicyInForce => Msg::PNoPolicyInForce,
            Problem::VersionEndsBeforeStart => Msg::PVersionEndsBeforeStart,
            Problem::VersionOverlaps => Msg::PVersionOverlaps,
            Problem::NumberOutOfRange => Msg::PNumberOutOfRange,
            Problem::IntervalNotShorterThanPeriod => Msg::PIntervalNotShorter,
            Problem::CardNotActive => Msg::PCardNotActive,
            Problem::RequestAlreadyOpen => Msg::PRequestAlreadyOpen,
            Problem::OwnsHomeInCity => Msg::POwnsHomeInCity,
            Problem::DateInPast => Msg::PDateInPast,
            Problem::RequestClosedCardEnded => Msg::PRequestClosed,
        })
    }

    pub fn employer_type(self, e: EmployerType) -> &'static str {
        self.t(match e {
            EmployerType::DistrictEnterprise => Msg::EtEnterprise,
            EmployerType::DistrictInstitution => Msg::EtInstitution,
            EmployerType::NewInvestment => Msg::EtNewInvestment,
        })
    }

    pub fn industry(self, i: Industry) -> &'static str {
        self.t(match i {
            Industry::Manufacturing => Msg::IndManufacturing,
            Industry::Software => Msg::IndSoftware,
            Industry::Research => Msg::IndResearch,
            Industry::Education => Msg::IndEducation,
            Industry::Health => Msg::IndHealth,
            Industry::Commerce => Msg::IndCommerce,
            Industry::Logistics => Msg::IndLogistics,
            Industry::Finance => Msg::IndFinance,
            Industry::Construction => Msg::IndConstruction,
            Industry::Culture => Msg::IndCulture,
            Industry::Other => Msg::IndOther,
        })
    }

    /// Art. 3 categories 1–9.
    pub fn category(self, c: i16) -> &'static str {
        const CATS: [Msg; 9] =
            [Msg::Cat1, Msg::Cat2, Msg::Cat3, Msg::Cat4, Msg::Cat5, Msg::Cat6, Msg::Cat7, Msg::Cat8, Msg::Cat9];
        usize::try_from(c - 1).ok().and_then(|i| CATS.get(i)).map_or("?", |m| self.t(*m))
    }

    pub fn section(self, s: Section) -> &'static str {
        self.t(match s {
            Section::Personal => Msg::SecPersonal,
            Section::Employer => Msg::SecEmployer,
            Section::Category => Msg::SecCategory,
            Section::Residence => Msg::SecResidence,
            Section::Family => Msg::SecFamily,
            Section::Declaration => Msg::SecDeclaration,
        })
    }

    pub fn id_type(self, t: IdType) -> &'static str {
        self.t(match t {
            IdType::ResidentId => Msg::IdtResident,
            IdType::Passport => Msg::IdtPassport,
            IdType::HkMacaoPermit => Msg::IdtHkMacao,
            IdType::TaiwanPermit => Msg::IdtTaiwan,
            IdType::ForeignPermanentResident => Msg::IdtForeign,
        })
    }

    pub fn doc_kind(self, k: DocKind) -> &'static str {
        self.t(match k {
            DocKind::Photo => Msg::DkPhoto,
            DocKind::NegotiationOpinion => Msg::DkNegotiation,
            DocKind::TalentProof => Msg::DkTalentProof,
            DocKind::Fortune500Proof => Msg::DkFortune500,
            DocKind::CompanyFigures => Msg::DkCompanyFigures,
            DocKind::PostProof => Msg::DkPostProof,
            DocKind::PostdocStation => Msg::DkPostdocStation,
            DocKind::LabourContract => Msg::DkLabourContract,
            DocKind::Other => Msg::DkOther,
        })
    }

    pub fn section_state(self, s: SectionState) -> &'static str {
        self.t(match s {
            SectionState::NotStarted => Msg::StateNotStarted,
            SectionState::InProgress => Msg::StateInProgress,
            SectionState::Complete => Msg::StateComplete,
        })
    }

    /// What is wrong with a line of the bank's result file.
    pub fn line_problem(self, p: crate::domain::bank_file::LineProblem) -> &'static str {
        use crate::domain::bank_file::LineProblem as L;
        match p {
            L::BadLineId => self.t(Msg::LpBadLineId),
            L::UnknownLine => self.t(Msg::LpUnknownLine),
            L::LineTwice => self.t(Msg::LpLineTwice),
            L::CardTwice => self.t(Msg::LpCardTwice),
            L::Formula => self.t(Msg::LpFormula),
            L::BatchClosed => self.t(Msg::LpBatchClosed),
            L::ReasonTooLong => self.t(Msg::LpReasonTooLong),
            other => self.problem(other.as_problem()),
        }
    }

    /// Why a whole result file could not be used.
    pub fn file_problem(self, p: &crate::domain::bank_file::FileProblem) -> String {
        use crate::domain::bank_file::FileProblem as F;
        match p {
            F::Empty => self.t(Msg::FpEmpty).into(),
            F::TooLarge => self.t(Msg::FpTooLarge).into(),
            F::MissingColumn(c) => format!("{}{c}", self.t(Msg::FpMissingColumn)),
            F::Unreadable => self.t(Msg::FpUnreadable).into(),
            F::MoreThanOneFile => self.t(Msg::FpMoreThanOneFile).into(),
        }
    }

    pub fn request_type(self, r: crate::domain::requests::RequestType) -> &'static str {
        use crate::domain::requests::RequestType as T;
        self.t(match r {
            T::Hukou => Msg::RtHukou,
            T::SchoolPlace => Msg::RtSchoolPlace,
            T::CompanyRegistration => Msg::RtCompany,
            T::Legal => Msg::RtLegal,
            T::Apartment => Msg::RtApartment,
            T::SeminarRoom => Msg::RtSeminarRoom,
            T::Problem => Msg::RtProblem,
        })
    }

    pub fn request_status(self, s: crate::domain::requests::RequestStatus) -> &'static str {
        use crate::domain::requests::RequestStatus as S;
        self.t(match s {
            S::Submitted => Msg::RsSubmitted,
            S::Returned => Msg::RsReturned,
            S::Accepted => Msg::RsAccepted,
            S::InProgress => Msg::RsInProgress,
            S::Done => Msg::RsDone,
            S::Withdrawn => Msg::RsWithdrawn,
            S::Closed => Msg::RsClosed,
        })
    }

    pub fn request_command(self, c: crate::domain::requests::RequestCommand) -> &'static str {
        use crate::domain::requests::RequestCommand as C;
        self.t(match c {
            C::Submit => Msg::RcSubmit,
            C::Accept => Msg::RcAccept,
            C::Return => Msg::RcReturn,
            C::Resubmit => Msg::RcResubmit,
            C::Start => Msg::RcStart,
            C::Finish => Msg::RcFinish,
            C::Withdraw => Msg::RcWithdraw,
            C::PassOn => Msg::RcPassOn,
            C::Close => Msg::RcClose,
        })
    }

    pub fn request_outcome(self, o: crate::domain::requests::Outcome) -> &'static str {
        use crate::domain::requests::Outcome as O;
        self.t(match o {
            O::Granted => Msg::RoGranted,
            O::Scheduled => Msg::RoScheduled,
            O::Refused => Msg::RoRefused,
        })
    }

    /// A request's field name (`details` keys).
    pub fn request_field(self, key: &str) -> &'static str {
        self.t(match key {
            "hukou_now" => Msg::RfHukouNow,
            "school_stage" => Msg::RfSchoolStage,
            "preferred_schools" => Msg::RfPreferredSchools,
            "filing" => Msg::RfFiling,
            "registry_reference" => Msg::RfRegistryReference,
            "household_size" => Msg::RfHouseholdSize,
            "owns_home" => Msg::RfOwnsHome,
            "venue" => Msg::RfVenue,
            _ => Msg::RfWantedOn,
        })
    }

    /// A request's coded value in words; anything else (typed text, a date, a number) as it is.
    pub fn request_value<'a>(self, value: &'a str) -> &'a str {
        match value {
            "kindergarten" => self.t(Msg::RvKindergarten),
            "primary" => self.t(Msg::RvPrimary),
            "junior_secondary" => self.t(Msg::RvJunior),
            "establish" => self.t(Msg::RvEstablish),
            "change" => self.t(Msg::RvChange),
            "library" => self.t(Msg::RvLibrary),
            "culture_centre" => self.t(Msg::RvCultureCentre),
            "false" => self.t(Msg::No),
            "true" => self.t(Msg::Yes),
            other => other,
        }
    }

    /// A relation as stored (`spouse`, `child`).
    pub fn relation_code(self, code: &str) -> &'static str {
        match code {
            "spouse" => self.relation(crate::domain::sections::Relation::Spouse),
            _ => self.relation(crate::domain::sections::Relation::Child),
        }
    }

    /// A card track's status (Art. 6), as stored (`active`, `suspended` …).
    pub fn card_status(self, s: &str) -> &'static str {
        self.t(match s {
            "active" => Msg::CsActive,
            "suspended" => Msg::CsSuspended,
            "terminated" => Msg::CsTerminated,
            _ => Msg::CsExpired,
        })
    }

    pub fn adjustment(self, a: crate::domain::card::Adjustment) -> &'static str {
        self.t(match a {
            crate::domain::card::Adjustment::Suspend => Msg::AdjSuspend,
            crate::domain::card::Adjustment::Reactivate => Msg::AdjReactivate,
        })
    }

    pub fn adjustment_reason(self, r: crate::domain::card::AdjustmentReason) -> &'static str {
        use crate::domain::card::AdjustmentReason as R;
        self.t(match r {
            R::PostChange => Msg::ArPostChange,
            R::JobChange => Msg::ArJobChange,
            R::LeftDistrict => Msg::ArLeftDistrict,
            R::EligibleAgain => Msg::ArEligibleAgain,
            R::Other => Msg::ArOther,
        })
    }

    /// A ground of Art. 6(2).
    pub fn termination_ground(self, g: crate::domain::TerminationGround) -> &'static str {
        use crate::domain::TerminationGround as G;
        self.t(match g {
            G::Fraud => Msg::TgFraud,
            G::PartyExpulsion => Msg::TgPartyExpulsion,
            G::BreakingTheLaw => Msg::TgBreakingTheLaw,
            G::ProfessionalEthics => Msg::TgProfessionalEthics,
        })
    }

    /// A card event's kind, as stored (`issued`, `suspended` …).
    pub fn card_event(self, kind: &str) -> &'static str {
        self.t(match kind {
            "issued" => Msg::CeIssued,
            "suspended" => Msg::CeSuspended,
            "reactivated" => Msg::CeReactivated,
            "terminated" => Msg::CeTerminated,
            "retired" => Msg::CeRetired,
            _ => Msg::CeExpired,
        })
    }

    pub fn grade(self, g: crate::domain::assessment::Grade) -> &'static str {
        use crate::domain::assessment::Grade as G;
        self.t(match g {
            G::Competent => Msg::GradeCompetent,
            G::BasicallyCompetent => Msg::GradeBasicallyCompetent,
            G::NotCompetent => Msg::GradeNotCompetent,
        })
    }

    pub fn assessment_stage(self, s: crate::domain::assessment::AssessmentStage) -> &'static str {
        use crate::domain::assessment::AssessmentStage as S;
        self.t(match s {
            S::WithDepartment => Msg::StageWithDepartment,
            S::WithHrss => Msg::StageWithHrss,
            S::Filed => Msg::StageFiled,
        })
    }

    pub fn standing(self, s: crate::domain::assessment::Standing) -> &'static str {
        use crate::domain::assessment::Standing as S;
        self.t(match s {
            S::NotYet => Msg::StandingNotYet,
            S::Open => Msg::StandingOpen,
            S::DueSoon => Msg::StandingDueSoon,
            S::Overdue => Msg::StandingOverdue,
        })
    }

    /// What a provider records (`domain::services::Service`).
    pub fn ledger_service(self, s: crate::domain::services::Service) -> &'static str {
        use crate::domain::services::Service;
        match s {
            Service::HealthCheck => self.t(Msg::SvHealthCheck),
            Service::AirportVip => self.t(Msg::SvAirportVip),
            Service::Of(ty) => self.service(ty),
        }
    }

    /// "1 of 1 left this year".
    pub fn quota_left(self, left: i32, quota: i32) -> String {
        match self {
            Lang::Zh => format!("本年剩余 {left} / {quota} 次"),
            Lang::En => format!("{left} of {quota} left this year"),
        }
    }

    pub fn relation(self, r: crate::domain::sections::Relation) -> &'static str {
        self.t(match r {
            crate::domain::sections::Relation::Spouse => Msg::Spouse,
            crate::domain::sections::Relation::Child => Msg::Child,
        })
    }

    /// How a check was made, as stored (`number`, `qr`, `code`).
    pub fn check_method(self, m: &str) -> &'static str {
        self.t(match m {
            "qr" => Msg::MethodQr,
            "code" => Msg::MethodCode,
            _ => Msg::MethodNumber,
        })
    }

    /// Art. 4 services.
    pub fn service(self, s: ServiceType) -> &'static str {
        self.t(match s {
            ServiceType::Hukou => Msg::SvHukou,
            ServiceType::SchoolPlace => Msg::SvSchool,
            ServiceType::GovService => Msg::SvGov,
            ServiceType::Medical => Msg::SvMedical,
            ServiceType::BusinessTax => Msg::SvBusiness,
            ServiceType::Legal => Msg::SvLegal,
            ServiceType::Airport => Msg::SvAirport,
            ServiceType::Housing => Msg::SvHousing,
            ServiceType::Culture => Msg::SvCulture,
            ServiceType::PartyBuilding => Msg::SvParty,
            ServiceType::Other => Msg::SvOther,
        })
    }
}
