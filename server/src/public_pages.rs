//! The public pages that are the same for every visitor who is not signed in — the home page,
//! sign-in and registration, opened without a query — are rendered once per language and then
//! answered from memory, gzip-compressed once (issue 17: `/login` at 16 connections cost 2× a
//! static file). What such a page shows depends on nothing but its path and the reader's
//! language; a session cookie, a query (`?next=`, a refused form's `__err=`) or another method
//! renders as usual.
//!
//! A page answered from memory cannot carry a fresh script nonce per response, and reusing one
//! would defeat it. So these pages are rendered without a nonce and their policy names each of
//! their inline scripts by its SHA-256 instead: only those exact scripts run, as strict as a nonce
//! (CSP level 3 "hash-source"). `security::security_headers` keeps a policy already set.
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use http_body_util::BodyExt;

use app::i18n::Lang;

/// The pages kept: nothing on them is read from the database or the session.
const KEPT: [&str; 3] = ["/", "/login", "/register"];

/// One router's pages, by path and language (a router serves one build of the site).
#[derive(Clone, Default)]
pub struct PublicPages(Arc<RwLock<HashMap<(&'static str, Lang), Arc<Kept>>>>);

/// A page as rendered once: its text, its gzip, and the policy that lets its scripts run.
struct Kept {
    html: Bytes,
    gzip: Bytes,
    policy: HeaderValue,
}

pub async fn answer_from_memory(State(pages): State<PublicPages>, mut request: Request, next: Next) -> Response {
    let Some(key) = key_of(&request) else {
        return next.run(request).await;
    };
    let gzip = accepts_gzip(request.headers());
    if let Some(kept) = pages.0.read().ok().and_then(|m| m.get(&key).cloned()) {
        return kept.answer(gzip);
    }
    // Rendered without a nonce (the router's context hands one to Leptos only if it is there):
    // its policy names its scripts by hash, whether it is kept or not.
    request.extensions_mut().remove::<crate::security::CspNonce>();
    let response = next.run(request).await;
    let cacheable = response.status() == StatusCode::OK && !response.headers().contains_key(header::SET_COOKIE);
    let (mut parts, body) = response.into_parts();
    let Ok(html) = body.collect().await.map(|b| b.to_bytes()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(kept) = Kept::new(html.clone()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if !cacheable {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, kept.policy.clone());
        return Response::from_parts(parts, Body::from(html));
    }
    let kept = Arc::new(kept);
    if let Ok(mut map) = pages.0.write() {
        map.insert(key, kept.clone());
    }
    kept.answer(gzip)
}

/// `(path, language)` if this request gets a kept page: a GET of a kept path without a query,
/// from a browser with no session (no cookie but the language's).
fn key_of(request: &Request) -> Option<(&'static str, Lang)> {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return None;
    }
    let path = KEPT.into_iter().find(|p| *p == request.uri().path())?;
    // One cookie header, at most one `lang` and nothing else, with a value it knows: exactly what
    // the page's own reading of the language (`i18n::detect_lang`) will make of it.
    let mut cookies = request.headers().get_all(header::COOKIE).iter();
    let (cookie, None) = (cookies.next(), cookies.next()) else { return None };
    let mut lang_cookie = None;
    for pair in cookie.map(|c| c.to_str()).transpose().ok()?.unwrap_or("").split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some((name, value)) if name == app::i18n::LANG_COOKIE && lang_cookie.is_none() => lang_cookie = Some(Lang::parse(value)?),
            _ => return None,
        }
    }
    let lang = lang_cookie.unwrap_or_else(|| {
        request.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map_or(Lang::Zh, Lang::from_accept_language)
    });
    Some((path, lang))
}

/// Whether the client takes gzip: named with a weight above 0, or `*` when gzip is not named.
fn accepts_gzip(headers: &axum::http::HeaderMap) -> bool {
    let mut star = false;
    for coding in headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')) {
        let mut parts = coding.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| p.trim().replace(' ', "").strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
        if name.eq_ignore_ascii_case("gzip") {
            return !refused;
        }
        star |= name == "*" && !refused;
    }
    star
}

impl Kept {
    fn new(html: Bytes) -> Option<Kept> {
        let text = std::str::from_utf8(&html).ok()?;
        let hashes: Vec<String> = inline_scripts(text)
            .iter()
            .map(|s| format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(app::secrets::sha256(s.as_bytes()))))
            .collect();
        let policy = format!(
            "default-src 'self'; script-src 'self' {} 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'",
            hashes.join(" ")
        );
        let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(html.len() / 3), flate2::Compression::best());
        encoder.write_all(&html).ok()?;
        let gzip = Bytes::from(encoder.finish().ok()?);
        Some(Kept { html, gzip, policy: HeaderValue::from_str(&policy).ok()? })
    }

    fn answer(&self, gzip: bool) -> Response {
        let mut response = Response::new(Body::from(if gzip { self.gzip.clone() } else { self.html.clone() }));
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers.insert(header::CONTENT_SECURITY_POLICY, self.policy.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if gzip {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        response
    }
}

/// The text of every inline `<script>` (one without `src`), as the browser hashes it.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start + "<script".len()..];
        let Some(tag_end) = rest.find('>') else { break };
        let attributes = &rest[..tag_end];
        rest = &rest[tag_end + 1..];
        let Some(end) = rest.find("</script>") else { break };
        if !attributes.split_ascii_whitespace().any(|a| a.starts_with("src=")) {
            scripts.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scripts a browser would hash: inline ones, whole, and none that loads a file.
    #[test]
    fn inline_scripts_are_found_whole() {
        let html = r#"<head><script type="module">import("/pkg/a.js")</script><script src="/x.js"></script></head><body><script>a<b</script><script async src=/y.js></script></body>"#;
        assert_eq!(inline_scripts(html), vec![r#"import("/pkg/a.js")"#, "a<b"]);
        assert!(inline_scripts("<p>no scripts</p>").is_empty());
    }

    #[test]
    fn gzip_is_sent_only_to_those_who_accept_it() {
        // (Which language a request gets is `public_pages_…` in server/tests/it/delivery.rs.)
        let accepts = |v: &str| accepts_gzip(&[(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap())].into_iter().collect());
        for (value, want) in [("br, gzip", true), ("gzip;q=0.5", true), ("*", true), ("br", false), ("identity", false), ("gzip;q=0", false), ("GZIP", true), ("gzip;q=0, *", false), ("*;q=0", false)] {
            assert_eq!(accepts(value), want, "{value}");
        }
    }
}
