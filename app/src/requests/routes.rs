//! A request's documents over plain HTTP (server only): the holder attaches one (multipart, the
//! application's upload rules), the holder and the unit read them.
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::PgPool;

use crate::apply::documents::{after_upload, file_response, read_upload, Files};
use crate::auth::session::user_from_headers;
use crate::context::{today, Settings};
use crate::error::AppError;

/// `POST /requests/{id}/documents` (multipart `file`): back to the request; a refused file says
/// why there (`upload_error`), never anything typed.
pub async fn upload_document(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    State(files): State<Files>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let page = format!("/requests/{id}");
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        super::db::upload_allowed(&db, &user, id, today()).await?;
        let upload = read_upload(multipart).await?;
        super::db::store_document(&db, &files, &user, id, upload, today()).await
    }
    .await;
    after_upload(result, &page, "#documents", crate::domain::uploads::upload_problem_code)
}

/// `GET /requests/documents/{token}`: to the holder and the request's unit.
pub async fn download_document(State(db): State<PgPool>, State(settings): State<Settings>, State(files): State<Files>, Path(token): Path<String>, headers: HeaderMap) -> Response {
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        let (name, key, file_type) = super::db::document_file(&db, &user, &token).await?;
        file_response(&files, &key, &name, file_type, "document").await
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}
