//! The rules of `RULES.md` as types and functions. Pure: no IO, no Leptos, no sqlx.
//! Compiled for the server and for the browser (instant checks use the same parsers).

pub mod application;
pub mod assessment;
pub mod bank_file;
pub mod calendar;
pub mod card;
pub mod changes;
pub mod checks;
pub mod dates;
pub mod ecard;
pub mod eligibility;
pub mod ids;
pub mod policy;
pub mod requests;
pub mod role;
pub mod routing;
pub mod sections;
pub mod services;
pub mod status;
pub mod uploads;

pub use application::{reference, EmployerType, Field, FieldError, Problem};
pub use card::{mask_name, valid_until, CardNumber, ServiceType, TerminationGround};
pub use checks::Check;
pub use eligibility::{Missing, SelfCheckInput, Verdict};
pub use ids::{CreditCode, IdType, ResidentId};
pub use policy::{PolicyVersion, Rules};
pub use role::Role;
pub use routing::{Industry, RoutingRule};
pub use sections::{Answers, DocKind, Section, SectionReason, SectionState, ValidApplication};
pub use uploads::FileType;
pub use status::{Command, DomainError, Stage, Status};
