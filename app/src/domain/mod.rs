//! The rules of `RULES.md` as types and functions. Pure: no IO, no Leptos, no sqlx.
//! Compiled for the server and for the browser (instant checks use the same parsers).

pub mod application;
pub mod card;
pub mod ids;
pub mod role;
pub mod status;

pub use application::{reference, ApplicationInput, EmployerType, Field, FieldError, Problem, ValidApplication};
pub use card::{mask_name, valid_until, CardNumber, ServiceType};
pub use ids::{CreditCode, ResidentId};
pub use role::Role;
pub use status::{Command, DomainError, Stage, Status};
