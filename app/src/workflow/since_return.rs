//! After a resubmission, what changed since the case was returned (issue 4, case page): the
//! answers as they stood at the return (kept on the return's event) and the documents uploaded
//! or removed since. The comparison itself is `domain::changes::row_changes`, in the view.
use sqlx::PgConnection;

use super::db::{parse_answers, DocumentRow};
use super::SinceReturn;
use crate::domain::Role;
use crate::error::AppError;

/// `None` unless the case was returned and has been resubmitted since.
pub async fn since_return(db: &mut PgConnection, id: i64) -> Result<Option<SinceReturn>, AppError> {
    let last_return: Option<(i64, String, String, String)> = sqlx::query_as(
        "SELECT r.id, to_char(r.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'),
                r.actor_role::text, r.answers_at_return::text
           FROM application_events r
          WHERE r.application_id = $1 AND r.command = 'return' AND r.answers_at_return IS NOT NULL
            AND EXISTS (SELECT 1 FROM application_events s
                         WHERE s.application_id = r.application_id AND s.id > r.id AND s.command = 'resubmit')
          ORDER BY r.id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await?;
    let Some((event_id, returned_at, role, answers)) = last_return else {
        return Ok(None);
    };
    // Uploaded after the return and still there; or there at the return and removed since.
    let documents = |added: bool| {
        sqlx::query_as::<_, DocumentRow>(
            "SELECT d.token, d.kind, d.file_name, d.content_type, d.byte_size, d.sha256,
                    to_char(d.uploaded_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS uploaded_at
               FROM documents d, application_events r
              WHERE r.id = $2 AND d.application_id = $1
                AND CASE WHEN $3 THEN d.uploaded_at > r.created_at AND d.removed_at IS NULL
                         ELSE d.uploaded_at <= r.created_at AND d.removed_at > r.created_at END
              ORDER BY d.id",
        )
        .bind(id)
        .bind(event_id)
        .bind(added)
    };
    let added = documents(true).fetch_all(&mut *db).await?;
    let removed = documents(false).fetch_all(&mut *db).await?;
    Ok(Some(SinceReturn {
        returned_at,
        returned_by: Role::parse(&role).ok_or(AppError::Internal)?,
        answers_before: parse_answers(&answers)?,
        documents_added: added.into_iter().filter_map(DocumentRow::into_view).collect(),
        documents_removed: removed.into_iter().filter_map(DocumentRow::into_view).collect(),
    }))
}
