//! The assessments' plain HTTP routes (server only): the agent's upload of the signed report
//! (multipart), and reading a report.
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::PgPool;

use crate::apply::documents::{after_upload, pdf_response, read_upload, Files};
use crate::auth::session::user_from_headers;
use crate::context::{today, Settings};
use crate::error::AppError;

/// How a refused upload is named in the URL the agent is sent back to (never anything typed).
pub fn upload_error_code(p: crate::domain::Problem) -> &'static str {
    match p {
        crate::domain::Problem::FileTooLarge => "too_large",
        crate::domain::Problem::FileEmpty => "empty",
        _ => "pdf_only",
    }
}

/// A plain route answers "not found" to whoever may not see the card, whatever their role.
fn hidden(e: AppError) -> AppError {
    if e == AppError::Forbidden { AppError::NotFound } else { e }
}

/// `POST /assessments/{id}/report` (multipart `file`): the agent's signed report for the round
/// open now. Who uploads, and whether a round is open, is asked before the body is read.
pub async fn upload_report(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    State(files): State<Files>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let page = format!("/assessments/{id}");
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        super::db::upload_allowed(&db, &user, id, today()).await.map_err(hidden)?;
        let upload = read_upload(multipart).await?;
        super::db::store_report(&db, &files, &user, id, upload, today()).await
    }
    .await;
    after_upload(result, &page, "", upload_error_code)
}

/// `GET /assessments/reports/{token}`: a signed report, to whoever may see the card's assessments.
pub async fn download_report(State(db): State<PgPool>, State(settings): State<Settings>, State(files): State<Files>, Path(token): Path<String>, headers: HeaderMap) -> Response {
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        let (name, key) = super::db::report_file(&db, &user, &token, today()).await.map_err(hidden)?;
        pdf_response(&files, &key, &name, "report.pdf").await
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}
