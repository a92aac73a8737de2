//! E-mail notifications, queued (server only). SYSTEM.md, "Notifications": the applicant hears of
//! every state change by e-mail where configured.
//!
//! Nothing is sent here: `transition` adds a row to `email_outbox` in its own transaction, so the
//! mail exists exactly when the change committed and a slow mail server never holds up the
//! applicant. The server's worker (`server/src/outbox.rs`) delivers the rows.
use sqlx::PgConnection;

use crate::error::AppError;

/// Queues the mail for event `event_id` of case `application_id`, addressed to the contact e-mail of
/// the application's personal section. Nothing when that is empty; a second call is a no-op.
pub async fn queue_email(tx: &mut PgConnection, application_id: i64, event_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO email_outbox (event_id, application_id, to_address)
         SELECT $2, a.id, btrim(a.answers #>> '{personal,email}') FROM applications a
          WHERE a.id = $1 AND length(btrim(a.answers #>> '{personal,email}')) BETWEEN 3 AND 254
         ON CONFLICT DO NOTHING",
    )
    .bind(application_id)
    .bind(event_id)
    .execute(tx)
    .await?;
    Ok(())
}
