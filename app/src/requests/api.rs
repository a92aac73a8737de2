//! Server functions of the holder's requests. Each: who is calling, parse, one call to `db`.
use leptos::prelude::*;

use super::{NewRequestChoices, RequestMessage, RequestRow, RequestView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::requests::{OutcomeInput, RequestCommand, RequestInput, RequestType},
    crate::domain::Role,
};

/// What the holder's form offers (the card allows a request; the dependants).
#[server(endpoint = "request_choices")]
pub async fn request_choices() -> Result<NewRequestChoices, AppError> {
    let holder = require_role(&[Role::Applicant]).await?;
    super::db::choices(&pool()?, &holder, today()).await
}

/// The holder asks for a service of Art. 4 or raises a problem.
#[server(endpoint = "submit_request")]
#[allow(clippy::too_many_arguments)]
pub async fn submit_request(
    #[server(default)] request_type: String,
    #[server(default)] for_whom: String,
    #[server(default)] hukou_now: String,
    #[server(default)] school_stage: String,
    #[server(default)] preferred_schools: String,
    #[server(default)] filing: String,
    #[server(default)] registry_reference: String,
    #[server(default)] household_size: String,
    #[server(default)] owns_home: String,
    #[server(default)] venue: String,
    #[server(default)] wanted_on: String,
    #[server(default)] text: String,
) -> Result<(), AppError> {
    let input = RequestInput {
        request_type,
        for_whom,
        hukou_now,
        school_stage,
        preferred_schools,
        filing,
        registry_reference,
        household_size,
        owns_home,
        venue,
        wanted_on,
        text,
    };
    let holder = require_role(&[Role::Applicant]).await.map_err(|e| match e {
        AppError::Unauthenticated => AppError::SessionExpired { echo: input.echo() },
        e => e,
    })?;
    let id = super::db::create(&pool()?, &holder, &input, today()).await?;
    leptos_axum::redirect(&format!("/requests/{id}"));
    Ok(())
}

/// The holder's requests.
#[server(endpoint = "my_requests")]
pub async fn my_requests() -> Result<Vec<RequestRow>, AppError> {
    let holder = require_role(&[Role::Applicant]).await?;
    super::db::mine(&pool()?, &holder, today()).await
}

/// A unit's queue (HRSS: the requests no unit is routed for); `of_type` filters, `q` searches (a
/// request's number, the start of the holder's name).
#[server(endpoint = "request_queue")]
pub async fn request_queue(#[server(default)] of_type: String, #[server(default)] q: String) -> Result<Vec<RequestRow>, AppError> {
    let official = require_role(&[Role::IndustryDept, Role::Hrss]).await?;
    super::db::queue(&pool()?, &official, RequestType::parse(of_type.trim()), &q, today()).await
}

/// One request, for its holder or an official of its unit.
#[server(endpoint = "service_request")]
pub async fn service_request(id: i64) -> Result<RequestView, AppError> {
    let user = require_role(&[Role::Applicant, Role::IndustryDept, Role::Hrss]).await?;
    super::db::view(&pool()?, &user, id, today()).await
}

/// A step: accept, return (with the reason), start, finish (with the outcome), pass on (a
/// problem, with a note), and the holder's resubmit (with an answer) and withdraw.
#[server(endpoint = "request_step")]
#[allow(clippy::too_many_arguments)]
pub async fn request_step(
    id: i64,
    version: i32,
    command: String,
    #[server(default)] note: String,
    #[server(default)] reason: String,
    #[server(default)] answer: String,
    #[server(default)] pass_note: String,
    #[server(default)] outcome: String,
    #[server(default)] outcome_on: String,
    #[server(default)] pass_to: String,
) -> Result<(), AppError> {
    let user = require_role(&[Role::Applicant, Role::IndustryDept, Role::Hrss]).await?;
    let command = RequestCommand::parse(command.trim()).filter(|c| !matches!(c, RequestCommand::Submit | RequestCommand::Close)).ok_or(AppError::NotFound)?;
    // Each step's text has a field of its own on the page (a return's reason, the holder's
    // answer, a pass-on's note, an outcome's explanation).
    let note = match command {
        RequestCommand::Return => reason,
        RequestCommand::Resubmit => answer,
        RequestCommand::PassOn => pass_note,
        _ => note,
    };
    let outcome = OutcomeInput { outcome, on: outcome_on, text: note.clone() };
    let step = super::db::Step { note, outcome, pass_to };
    super::db::transition(&pool()?, &user, id, version, command, &step, today()).await?;
    leptos_axum::redirect(&format!("/requests/{id}"));
    Ok(())
}

/// The holder's messages about requests (the inbox).
#[server(endpoint = "request_messages")]
pub async fn request_messages() -> Result<Vec<RequestMessage>, AppError> {
    let holder = require_role(&[Role::Applicant]).await?;
    super::db::messages(&pool()?, &holder).await
}
