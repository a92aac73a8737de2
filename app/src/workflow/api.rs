//! Server functions of the case page: read a case, act on it.
use leptos::prelude::*;

use super::CaseView;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, Opinion, CASE_PAGE_COMMANDS},
    crate::auth::session::require_user,
    crate::context::pool,
    crate::domain::{application::{long_text, MAX_OPINION_CHARS}, sections::parse_return_reasons, Command, Field, FieldError, Problem, Role, Section},
};

#[server(endpoint = "case")]
pub async fn get_case(id: i64) -> Result<CaseView, AppError> {
    let user = require_user().await?;
    let db = pool()?;
    let case = db::case_view(&db, &user, id).await?;
    // The holder's data tracker (issue 12): which body opened the case page, and when.
    crate::ecard::db::log_case_view(&db, &user, id).await?;
    Ok(case)
}

/// Withdraw (filers); pass, return, reject (reviewers); approve (talent office). Which role may do
/// what in which state is decided by `Status::apply` alone. A return names what to correct per
/// section (`reason_<section>`, at least one).
#[server(endpoint = "act")]
#[allow(clippy::too_many_arguments)]
pub async fn act(
    id: i64,
    version: i32,
    command: String,
    #[server(default)] opinion: String,
    #[server(default)] reason_personal: String,
    #[server(default)] reason_employer: String,
    #[server(default)] reason_category: String,
    #[server(default)] reason_residence: String,
    #[server(default)] reason_family: String,
    #[server(default)] reason_declaration: String,
    #[server(default)] direct_recognition: String,
) -> Result<(), AppError> {
    let user = require_user().await?;
    let command = Command::parse(&command).filter(|c| CASE_PAGE_COMMANDS.contains(c)).ok_or(AppError::Forbidden)?;
    if opinion.chars().count() > MAX_OPINION_CHARS {
        return Err(AppError::invalid(Field::Opinion, Problem::TooLong));
    }
    let reasons = if command == Command::Return {
        parse_return_reasons(&[
            (Section::Personal, reason_personal),
            (Section::Employer, reason_employer),
            (Section::Category, reason_category),
            (Section::Residence, reason_residence),
            (Section::Family, reason_family),
            (Section::Declaration, reason_declaration),
        ])
        .map_err(|p| AppError::invalid(Field::SectionReason, p))?
    } else {
        vec![]
    };
    let opinion = Opinion { text: opinion, reasons, direct_recognition: direct_recognition == "yes" };
    db::act(&pool()?, &user, id, version, command, &opinion).await?;
    leptos_axum::redirect(&if user.role.is_filer() { format!("/applications/{id}") } else { "/review".to_string() });
    Ok(())
}

/// An internal note on a case, by an official who may see it (never shown to the applicant).
#[server(endpoint = "add_note")]
pub async fn add_note(id: i64, body: String) -> Result<(), AppError> {
    let user = crate::auth::session::require_role(&[Role::HandlingDept, Role::IndustryDept, Role::Hrss, Role::TalentOffice]).await?;
    let body = long_text(&body, MAX_OPINION_CHARS).map_err(|p| AppError::Invalid { errors: vec![FieldError { field: Field::Note, problem: p }], echo: vec![(Field::Note, body.clone())] })?;
    db::add_note(&pool()?, &user, id, &body).await?;
    leptos_axum::redirect(&format!("/review/{id}#notes"));
    Ok(())
}
