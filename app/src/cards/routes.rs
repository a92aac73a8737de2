//! The termination document's plain HTTP routes (server only): HRSS uploads it (multipart) before
//! terminating a card (Art. 6(2)), and reads it back.
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::PgPool;

use crate::apply::documents::{after_upload, pdf_response, read_upload, Files};
use crate::assessments::routes::upload_error_code;
use crate::auth::session::user_from_headers;
use crate::context::{today, Settings};
use crate::error::AppError;

/// `POST /cards/{id}/termination-document` (multipart `file`, a PDF): HRSS, for case `id`'s card.
/// Who, and whether the card may be terminated, is asked before the body is read; anyone else
/// gets "not found".
pub async fn upload_termination_document(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    State(files): State<Files>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let page = format!("/review/{id}");
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        super::lifecycle::termination_upload_allowed(&db, &user, id, today()).await?;
        let upload = read_upload(multipart).await?;
        super::lifecycle::store_termination_document(&db, &files, &user, id, upload, today()).await
    }
    .await;
    after_upload(result, &page, "#terminate-card", upload_error_code)
}

/// `GET /cards/termination-documents/{token}`: the document, to HRSS.
pub async fn download_termination_document(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    State(files): State<Files>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        let (name, key) = super::lifecycle::termination_document_file(&db, &user, &token).await?;
        pdf_response(&files, &key, &name, "termination.pdf").await
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}
