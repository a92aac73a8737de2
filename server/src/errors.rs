//! Errors answered with the right status, in the reader's language, with the way back (issue 10,
//! item 9). Server functions always answer a failure with 500 (server_fn); here the status comes
//! from the error itself (`AppError::status`). A plain handler's failure (`PlainError`) becomes a
//! small translated page; "not signed in" sends the browser to sign in and then back.
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http_body_util::BodyExt;

use app::error::{AppError, PlainError};
use app::i18n::{Lang, Msg, LANG_COOKIE};

pub async fn error_statuses(request: Request, next: Next) -> Response {
    let lang = reader_language(request.headers());
    // Where "sign in" comes back to: this page, or for a form posted from one (an upload, a
    // removal), that page — a POST-only path is nowhere to come back to.
    let path = if request.method() == axum::http::Method::GET {
        request.uri().path().to_string()
    } else {
        referer_path(request.headers()).unwrap_or_else(|| "/".to_string())
    };
    let response = next.run(request).await;
    if let Some(PlainError(error)) = response.extensions().get::<PlainError>().cloned() {
        return plain_error_page(error, lang, &path);
    }
    if response.status() == StatusCode::INTERNAL_SERVER_ERROR && response.headers().contains_key("serverfnerror") {
        let (mut parts, body) = response.into_parts();
        let Ok(bytes) = body.collect().await.map(|b| b.to_bytes()) else {
            return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
        };
        if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
            parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        }
        return Response::from_parts(parts, Body::from(bytes));
    }
    response
}

/// The path of the `Referer`, when it is a page of this site (`Host`).
fn referer_path(headers: &axum::http::HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer.strip_prefix("https://").or_else(|| referer.strip_prefix("http://"))?;
    let (authority, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")));
    let path = path.split(['?', '#']).next().unwrap_or("/").to_string();
    (authority.eq_ignore_ascii_case(host) && app::urls::is_local_path(&path)).then_some(path)
}

fn reader_language(headers: &axum::http::HeaderMap) -> Lang {
    let cookie = crate::security::cookie(headers, LANG_COOKIE).and_then(|v| Lang::parse(&v));
    cookie.unwrap_or_else(|| {
        headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map_or(Lang::Zh, Lang::from_accept_language)
    })
}

fn plain_error_page(error: AppError, lang: Lang, path: &str) -> Response {
    if error == AppError::Unauthenticated {
        return Redirect::to(&format!("/login?next={}", app::urls::encode_component(path))).into_response();
    }
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let page = format!(
        "<!DOCTYPE html><html lang=\"{html}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{message} · {site}</title></head><body><main><h1>{message}</h1><p><a href=\"/\">{home}</a></p></main></body></html>",
        html = lang.html_code(),
        message = error.message(lang),
        site = lang.t(Msg::SiteName),
        home = lang.t(Msg::Home),
    );
    let mut response = (status, page).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response
}
