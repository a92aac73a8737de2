//! Server functions of the card's way: HRSS's orders, the bank's page, the Talent Office's
//! issuing, the holder's card, the units' notices. Thin: the SQL is in `db`.
use leptos::prelude::*;

use super::{ApprovedCase, BatchView, ImportView, MadeCard, MyCard, Notice, OpenLine};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::db,
    crate::auth::session::{require_role, require_user},
    crate::context::{pool, today},
    crate::domain::bank_file::{FileProblem, ReadFile, ResultLine},
    crate::domain::{Field, Problem, Role},
};

/// The cases ticked on a list form, each once: at least one, at most 10,000.
#[cfg(feature = "ssr")]
fn ticked(mut ids: Vec<i64>) -> Result<Vec<i64>, AppError> {
    ids.sort_unstable();
    ids.dedup();
    match ids.len() {
        0 => Err(AppError::invalid(Field::Cases, Problem::Required)),
        n if n > 10_000 => Err(AppError::invalid(Field::Cases, Problem::TooLong)),
        _ => Ok(ids),
    }
}

/// HRSS: approved cases waiting to be sent to the bank.
#[server(endpoint = "approved_cases")]
pub async fn approved_cases() -> Result<Vec<ApprovedCase>, AppError> {
    require_role(&[Role::Hrss]).await?;
    db::approved_cases(&pool()?).await
}

/// HRSS sends the ticked approved cases to the bank as one order batch (Art. 5(6)).
#[server(endpoint = "send_order_batch")]
pub async fn send_order_batch(#[server(default)] ids: Vec<i64>) -> Result<(), AppError> {
    let user = require_role(&[Role::Hrss]).await?;
    let ids = ticked(ids)?;
    db::send_batch(&pool()?, &user, &ids).await?;
    leptos_axum::redirect("/cards/orders");
    Ok(())
}

/// HRSS and the bank: the latest order batches.
#[server(endpoint = "order_batches")]
pub async fn order_batches() -> Result<Vec<BatchView>, AppError> {
    require_role(&[Role::Hrss, Role::Bank]).await?;
    db::batches(&pool()?).await
}

/// The bank: every unanswered order line (the typed fallback), with how long it has waited.
#[server(endpoint = "open_order_lines")]
pub async fn open_order_lines() -> Result<Vec<OpenLine>, AppError> {
    require_role(&[Role::Bank, Role::Hrss]).await?;
    db::open_lines(&mut *pool()?.acquire().await?, today()).await
}

/// The bank types one answer on the page: the same import as a file, one line.
#[server(endpoint = "record_card")]
pub async fn record_card(
    line: i64,
    id_number: String,
    #[server(default)] card_number: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let user = require_role(&[Role::Bank]).await?;
    let file = ReadFile {
        lines: vec![ResultLine { row: 1, order_line_id: line.to_string(), id_number, card_number: card_number.clone(), refusal_reason: reason }],
        unknown_columns: vec![],
    };
    let report = super::ImportReport { file_name: String::new(), ..Default::default() };
    let db = pool()?;
    let id = db::import(&db, &user, report, "", Ok::<_, FileProblem>(file), true).await?;
    let view = db::import_view(&db, id, today()).await?;
    // Typed by hand: a wrong line is said on the form, with what was typed kept.
    if let Some(error) = view.report.errors.first() {
        return Err(AppError::Invalid {
            errors: vec![crate::domain::FieldError { field: Field::CardNumber, problem: error.problem.as_problem() }],
            echo: vec![(Field::CardNumber, card_number)],
        });
    }
    leptos_axum::redirect("/bank");
    Ok(())
}

/// The bank and HRSS: the cards made, with both status tracks once issued (Art. 6).
#[server(endpoint = "bank_cards")]
pub async fn bank_cards() -> Result<Vec<super::BankCard>, AppError> {
    require_role(&[Role::Bank, Role::Hrss]).await?;
    db::bank_cards(&pool()?, today()).await
}

/// The bank and HRSS: what an import did, and what is still outstanding.
#[server(endpoint = "card_import")]
pub async fn card_import(id: i64) -> Result<ImportView, AppError> {
    require_role(&[Role::Bank, Role::Hrss]).await?;
    db::import_view(&pool()?, id, today()).await
}

/// The Talent Office: cards made and waiting to be issued.
#[server(endpoint = "made_cards")]
pub async fn made_cards() -> Result<Vec<MadeCard>, AppError> {
    require_role(&[Role::TalentOffice]).await?;
    db::made_cards(&pool()?).await
}

/// The Talent Office issues the ticked made cards (Art. 5(7)).
#[server(endpoint = "issue_cards")]
pub async fn issue_cards(#[server(default)] ids: Vec<i64>) -> Result<(), AppError> {
    let user = require_role(&[Role::TalentOffice]).await?;
    let ids = ticked(ids)?;
    db::issue(&pool()?, &user, &ids, today()).await?;
    leptos_axum::redirect("/cards/issue");
    Ok(())
}

/// HRSS: the document uploaded for terminating case `id`'s card, if any: (file name, token).
#[server(endpoint = "termination_document")]
pub async fn termination_document(id: i64) -> Result<Option<(String, String)>, AppError> {
    require_role(&[Role::Hrss]).await?;
    super::lifecycle::termination_document(&mut *pool()?.acquire().await?, id).await
}

/// HRSS terminates a card (Art. 6(2)): a ground of the article and what happened.
#[server(endpoint = "terminate_card")]
pub async fn terminate_card(id: i64, ground: String, reason: String) -> Result<(), AppError> {
    let user = require_role(&[Role::Hrss]).await?;
    let echo = vec![(Field::TerminationGround, ground.clone()), (Field::Opinion, reason.clone())];
    let mut errors = vec![];
    let ground = crate::domain::TerminationGround::parse(ground.trim());
    if ground.is_none() {
        errors.push(crate::domain::FieldError { field: Field::TerminationGround, problem: Problem::Required });
    }
    let reason = crate::domain::application::text(&reason, 2000)
        .map_err(|problem| errors.push(crate::domain::FieldError { field: Field::Opinion, problem }))
        .ok();
    let (Some(ground), Some(reason), true) = (ground, reason, errors.is_empty()) else { return Err(AppError::Invalid { errors, echo }) };
    super::lifecycle::terminate(&pool()?, &user, id, ground, &reason, today()).await?;
    leptos_axum::redirect(&format!("/review/{id}"));
    Ok(())
}

/// The holder: its cards with both status tracks.
#[server(endpoint = "my_cards")]
pub async fn my_cards() -> Result<Vec<MyCard>, AppError> {
    let user = require_role(&[Role::Applicant]).await?;
    db::my_cards(&pool()?, &user, today()).await
}

/// The employer's agents, industry departments and providers: notices of issued cards.
#[server(endpoint = "card_notices")]
pub async fn card_notices() -> Result<Vec<Notice>, AppError> {
    let user = require_user().await?;
    db::notices(&pool()?, &user).await
}
