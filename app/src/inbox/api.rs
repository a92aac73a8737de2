//! Server function of the inbox.
use leptos::prelude::*;

use super::InboxMessage;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_user,
    crate::context::pool,
    crate::domain::{reference, Command, Status},
};

#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
struct Row {
    application_id: i64,
    year: i32,
    at: String,
    command: String,
    to_status: String,
    opinion: String,
    section_reasons: String,
    unread: bool,
}

/// The reader's messages, newest first; reading them marks them read.
#[server(endpoint = "inbox")]
pub async fn inbox() -> Result<Vec<InboxMessage>, AppError> {
    let user = require_user().await?;
    let db = pool()?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.application_id, s.year, e.command, e.to_status, e.opinion, e.section_reasons::text AS section_reasons,
                to_char(e.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS at,
                m.read_at IS NULL AS unread
           FROM inbox_messages m
           JOIN application_events e ON e.id = m.event_id
           JOIN application_summaries s ON s.id = m.application_id
          WHERE m.user_id = $1 ORDER BY m.id DESC LIMIT 200",
    )
    .bind(user.id)
    .fetch_all(&db)
    .await?;
    sqlx::query("UPDATE inbox_messages SET read_at = now() WHERE user_id = $1 AND read_at IS NULL").bind(user.id).execute(&db).await?;
    rows.into_iter()
        .map(|r| {
            let command = Command::parse(&r.command).ok_or(AppError::Internal)?;
            let for_applicant = matches!(command, Command::Return | Command::Reject);
            Ok(InboxMessage {
                application_id: r.application_id,
                reference: reference(r.year, r.application_id),
                at: r.at,
                command,
                to: Status::from_key(&r.to_status).ok_or(AppError::Internal)?,
                opinion: if for_applicant { r.opinion } else { String::new() },
                section_reasons: serde_json::from_str(&r.section_reasons).map_err(|_| AppError::Internal)?,
                unread: r.unread,
            })
        })
        .collect()
}
