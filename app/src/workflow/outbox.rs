//! E-mail notifications, queued (server only). SYSTEM.md, "Notifications": the applicant hears of
//! every state change by e-mail where configured.
//!
//! Nothing is sent here: `transition` adds a row to `email_outbox` in its own transaction, so the
//! mail exists exactly when the change committed and a slow mail server never holds up the
//! applicant. The server's worker (`server/src/outbox.rs`) delivers the rows.
use sqlx::PgConnection;

use crate::error::AppError;

/// Queues the mail for event `event_ids[i]` of case `application_ids[i]`, addressed to the contact
/// e-mail of the application's personal section. Nothing when that is empty; a second call is a
/// no-op.
pub async fn queue_emails(tx: &mut PgConnection, application_ids: &[i64], event_ids: &[i64]) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO email_outbox (event_id, application_id, to_address)
         SELECT e.event_id, a.id, btrim(a.answers #>> '{personal,email}')
           FROM unnest($1::bigint[], $2::bigint[]) AS e(application_id, event_id)
           JOIN applications a ON a.id = e.application_id
          WHERE length(btrim(a.answers #>> '{personal,email}')) BETWEEN 3 AND 254
         ON CONFLICT DO NOTHING",
    )
    .bind(application_ids)
    .bind(event_ids)
    .execute(tx)
    .await?;
    Ok(())
}
