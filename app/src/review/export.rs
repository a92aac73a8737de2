//! A queue as CSV (issue 4: "a CSV export of each queue"): the same cases, filters and order as
//! the queue page, every page of it. `GET /review/queue.csv?due=&category=&case_by_case=&q=`.
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::PgPool;

use super::api::{queue_of, QueueForm, REVIEWERS};
use crate::auth::session::user_from_headers;
use crate::csv::{csv_response, csv_text, lang_of};
use crate::domain::calendar::Urgency;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::workflow::queue::{parse_cursor, queue};

/// More rows than any real queue holds; a file stops here rather than exhaust the server.
pub const MAX_EXPORT_ROWS: usize = 100_000;

pub async fn export(State(db): State<PgPool>, State(settings): State<crate::context::Settings>, Query(mut form): Query<QueueForm>, headers: HeaderMap) -> Response {
    let result: Result<Response, AppError> = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        if !REVIEWERS.contains(&user.role) {
            return Err(AppError::NotFound);
        }
        let lang = lang_of(&headers);
        let today = crate::context::today();
        form.after.clear();
        let (status, mut filter) = queue_of(&user, form)?;
        let mut rows = Vec::new();
        loop {
            let (page, next) = queue(&db, status, &filter, today).await?;
            rows.extend(page);
            match next {
                Some(cursor) if rows.len() < MAX_EXPORT_ROWS => filter.after = parse_cursor(&cursor),
                _ => break,
            }
        }
        let header = [
            Msg::Reference, Msg::Name, Msg::Category, Msg::CaseByCase, Msg::DirectRecognition, Msg::Status, Msg::WaitingDays,
            Msg::Deadline, Msg::UpdatedAt,
        ]
        .map(|m| lang.t(m));
        let yes = |b: bool| if b { lang.t(Msg::Yes).to_string() } else { String::new() };
        let lines = rows.into_iter().map(|r| {
            let deadline = match r.urgency {
                Some(Urgency::Overdue { days }) => format!("{} {days}", lang.t(Msg::OverdueBy)),
                Some(Urgency::DueSoon { days_left } | Urgency::OnTime { days_left }) => format!("{} {days_left}", lang.t(Msg::DueIn)),
                None => String::new(),
            };
            vec![
                r.reference,
                r.full_name,
                r.talent_category.map(|c| lang.category(c).to_string()).unwrap_or_default(),
                yes(r.case_by_case),
                yes(r.direct_recognition),
                lang.status(r.status).to_string(),
                r.waiting_days.map(|w| w.to_string()).unwrap_or_default(),
                deadline,
                r.updated_at,
            ]
        });
        tracing::info!(user.role = user.role.as_str(), "queue exported");
        let name = format!("{}-{}-{today}.csv", lang.t(Msg::CsvQueue), lang.status(status));
        Ok(csv_response(&name, &format!("queue-{}-{today}.csv", status.key()), csv_text(&header, lines)))
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}
