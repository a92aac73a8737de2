//! The e-card's plain HTTP routes (server only): the public keys, a new code for the page's
//! island, and the photos.
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

use crate::apply::documents::Files;
use crate::auth::session::user_from_headers;
use crate::context::{now_seconds, today, CheckPool, Settings};
use crate::domain::Role;
use crate::error::AppError;

/// `GET /.well-known/yunju-ecard-keys.json`: every key a code may be signed with, as JSON Web Keys
/// (RFC 8037), and the server's clock (`now`, seconds). A counter's scanner checks a code with
/// these before asking the server — against the server's time, not the counter PC's own, and with
/// the keys as they are now (a key another instance just added is read from the folder).
pub async fn public_keys(State(settings): State<Settings>) -> Response {
    settings.ecard.reload_if(super::keys::RELOAD_ON_UNKNOWN);
    let body = serde_json::json!({ "keys": settings.ecard.public_keys(), "now": now_seconds() });
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-cache")], body.to_string()).into_response()
}

/// `GET /my-card/code.json`: a new QR code and short code for the signed-in holder (the page's
/// island asks every 30 s). `{"qr_svg", "short_code", "valid_until"}`, or 404 when no card is in
/// force.
pub async fn new_code(State(db): State<PgPool>, State(settings): State<Settings>, headers: HeaderMap) -> Response {
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        let lang = crate::i18n::Lang::from_headers(&headers);
        let code = super::db::new_code(&db, &user, &settings.ecard, lang.t(crate::i18n::Msg::EcardQrLabel), today(), now_seconds()).await?;
        code.ok_or(AppError::NotFound)
    }
    .await;
    match result {
        Ok(code) => (
            [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "private, no-store")],
            serde_json::to_string(&code).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => e.into_plain_response(),
    }
}

/// `GET /my-card/photo`: the holder's own photo.
pub async fn holder_photo(State(db): State<PgPool>, State(settings): State<Settings>, State(files): State<Files>, headers: HeaderMap) -> Response {
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        super::db::holder_photo(&db, &user).await?.ok_or(AppError::NotFound)
    }
    .await;
    photo_response(&files, result).await
}

/// `GET /verify/checks/{id}/photo`: the photo behind a valid check this counter made in the last
/// 10 minutes (SYSTEM.md: the provider learns the photo, nothing more).
pub async fn check_photo(State(CheckPool(db)): State<CheckPool>, State(settings): State<Settings>, State(files): State<Files>, Path(check): Path<i64>, headers: HeaderMap) -> Response {
    let result = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        if user.role != Role::Provider {
            return Err(AppError::NotFound);
        }
        super::db::check_photo(&db, &user, check).await?.ok_or(AppError::NotFound)
    }
    .await;
    photo_response(&files, result).await
}

async fn photo_response(files: &Files, found: Result<(String, String), AppError>) -> Response {
    let result = async {
        let (key, content_type) = found?;
        let bytes = files.get(&key).await.map_err(|_| AppError::NotFound)?;
        Ok::<_, AppError>(([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "private, no-store".to_string())], Body::from(bytes)).into_response())
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}
