//! The audit record of a case as CSV, for HRSS (issue 4): every transition and every internal note,
//! in time order, from the append-only tables. `GET /review/{id}/audit.csv`.
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::PgPool;

use super::db::load_scope;
use crate::auth::session::user_from_headers;
use crate::csv::{csv_response, csv_text, lang_of};
use crate::i18n::Msg;
use crate::domain::{reference, Role};
use crate::error::AppError;

#[derive(sqlx::FromRow)]
struct Line {
    at: String,
    kind: String,
    actor: String,
    role: String,
    command: String,
    from_status: String,
    to_status: String,
    text: String,
    section_reasons: String,
    direct_recognition: bool,
}

pub async fn export(State(db): State<PgPool>, State(settings): State<crate::context::Settings>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    let result: Result<Response, AppError> = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        if user.role != Role::Hrss {
            return Err(AppError::NotFound);
        }
        let mut conn = db.acquire().await?;
        if !load_scope(&mut conn, id).await?.visible_to(&user) {
            return Err(AppError::NotFound);
        }
        let year: i32 = sqlx::query_scalar("SELECT year FROM application_summaries WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
        let lines: Vec<Line> = sqlx::query_as(
            "SELECT to_char(t.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI:SS') AS at, t.kind,
                    u.display_name AS actor, t.role, t.command, t.from_status, t.to_status, t.text, t.section_reasons,
                    t.direct_recognition
               FROM (SELECT created_at, id, 'transition' AS kind, actor_id, actor_role::text AS role, command, from_status,
                            to_status, opinion AS text, section_reasons::text AS section_reasons, direct_recognition
                       FROM application_events WHERE application_id = $1
                     UNION ALL
                     SELECT created_at, id, 'note', author_id, author_role::text, '', '', '', body, '[]', false
                       FROM case_notes WHERE application_id = $1) t
               JOIN users u ON u.id = t.actor_id
              ORDER BY t.created_at, t.kind DESC, t.id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let header = ["time", "kind", "actor", "role", "command", "from", "to", "opinion_or_note", "section_reasons", "direct_recognition"];
        let rows = lines.into_iter().map(|l| {
            [l.at, l.kind, l.actor, l.role, l.command, l.from_status, l.to_status, l.text, l.section_reasons, l.direct_recognition.to_string()]
        });
        tracing::info!(application.id = id, "audit record exported");
        let reference = reference(year, id);
        let name = format!("{reference}-{}.csv", lang_of(&headers).t(Msg::CsvAudit));
        Ok(csv_response(&name, &format!("{reference}-audit.csv"), csv_text(&header, rows)))
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}
