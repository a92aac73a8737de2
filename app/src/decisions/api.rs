//! Server functions of the decision batches (talent office only).
use leptos::prelude::*;

use super::{BatchSummary, BatchView};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::db,
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::application::{long_text, past_date, MAX_OPINION_CHARS},
    crate::domain::{Field, FieldError, Role},
};

#[server(endpoint = "decision_batches")]
pub async fn decision_batches() -> Result<(i64, Vec<BatchSummary>), AppError> {
    require_role(&[Role::TalentOffice]).await?;
    db::batches(&pool()?).await
}

/// A new batch of every case awaiting decision that is in no open batch yet.
#[server(endpoint = "create_batch")]
pub async fn create_batch() -> Result<(), AppError> {
    let user = require_role(&[Role::TalentOffice]).await?;
    let id = db::create(&pool()?, &user).await?;
    leptos_axum::redirect(&format!("/decisions/{id}"));
    Ok(())
}

#[server(endpoint = "decision_batch")]
pub async fn decision_batch(id: i64) -> Result<BatchView, AppError> {
    require_role(&[Role::TalentOffice]).await?;
    db::batch(&pool()?, id).await
}

/// One case's outcome, before the meeting is recorded: approve, or reject with a reason.
#[server(endpoint = "set_outcome")]
pub async fn set_outcome(batch: i64, application: i64, outcome: String, #[server(default)] reason: String) -> Result<(), AppError> {
    require_role(&[Role::TalentOffice]).await?;
    let reject = outcome == "reject";
    let reason = if reject {
        long_text(&reason, MAX_OPINION_CHARS)
            .map_err(|problem| AppError::Invalid {
                errors: vec![FieldError { field: Field::Opinion, problem }],
                echo: vec![(Field::Opinion, reason.clone()), (Field::Application, application.to_string())],
            })?
    } else {
        String::new()
    };
    db::set_outcome(&pool()?, batch, application, reject, &reason).await?;
    leptos_axum::redirect(&format!("/decisions/{batch}#case-{application}"));
    Ok(())
}

/// Records the meeting: its date, and every case's outcome as a transition, in one transaction.
#[server(endpoint = "record_meeting")]
pub async fn record_meeting(batch: i64, meeting_date: String) -> Result<(), AppError> {
    let user = require_role(&[Role::TalentOffice]).await?;
    let date = past_date(&meeting_date, today())
        .map_err(|problem| AppError::Invalid { errors: vec![FieldError { field: Field::MeetingDate, problem }], echo: vec![(Field::MeetingDate, meeting_date.clone())] })?;
    db::record(&pool()?, &user, batch, date).await?;
    leptos_axum::redirect(&format!("/decisions/{batch}"));
    Ok(())
}
