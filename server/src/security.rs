//! What every request passes through before the app sees it (docs/SECURITY.md, issue 10):
//! the client's address, the same-origin rule for every write, the security headers with the
//! page's script nonce, and a refused form's errors kept out of the URL.
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

use app::context::{ClientAddress, Settings};
use app::secrets::{random_hex, sha256};

/// The script nonce of this request: announced in the CSP header, carried by the page's scripts
/// (the router's context hands it to Leptos as its `Nonce`).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The address of the connection this request came on (`serve::serve` records it).
fn peer(request: &Request) -> Option<std::net::IpAddr> {
    Some(request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()?.0.ip().to_canonical())
}

/// The header of the proxy this request came through, when it came from a trusted one
/// (`Settings::trusted_proxies`); for any other peer, None: a client cannot pose as the proxy.
pub fn proxy_header<'a>(settings: &'a Settings, request: &Request) -> Option<&'a str> {
    let peer = peer(request)?;
    settings.client_address_header.as_deref().filter(|_| settings.trusted_proxies.iter().any(|r| r.contains(peer)))
}

/// Works out the client's address (the peer, or the trusted proxy's header) for the rate limits.
pub async fn client_address(State(settings): State<Settings>, mut request: Request, next: Next) -> Response {
    let from_proxy = proxy_header(&settings, &request).and_then(|name| {
        let value = request.headers().get_all(name).iter().filter_map(|v| v.to_str().ok()).last()?;
        Some(value.rsplit(',').next()?.trim().to_string()).filter(|a| !a.is_empty())
    });
    let address = from_proxy.or_else(|| Some(peer(&request)?.to_string())).unwrap_or_else(|| "unknown".to_string());
    request.extensions_mut().insert(ClientAddress(address));
    next.run(request).await
}

/// Every request that changes something (any method but GET, HEAD, OPTIONS) must come from a page
/// of this site: a browser says where it comes from in `Sec-Fetch-Site` and `Origin`. Refused:
/// another site, a sibling subdomain ("same-site"), `Origin: null`. A request with neither header
/// is not from a current browser (an API client, a test) and passes; SameSite=Lax cookies remain.
pub async fn same_origin_writes(State(settings): State<Settings>, request: Request, next: Next) -> Response {
    let public = settings.public_origin.as_deref();
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) || is_same_origin(request.headers(), public) {
        return next.run(request).await;
    }
    tracing::warn!(path = request.uri().path(), "cross-site write refused");
    let body = "403 — 该请求不是从本站页面发出的，已拒绝。请回到本站页面重试。\n\
                403 — This request did not come from a page of this site and was refused. Go back to the site and try again.\n";
    (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// `public`: the site's public address (`https://host`), for a proxy that rewrites `Host`.
fn is_same_origin(headers: &HeaderMap, public: Option<&str>) -> bool {
    // A header that is there but cannot be read is not "absent": it is refused.
    let get = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"));
    if let Some(site) = get(header::HeaderName::from_static("sec-fetch-site")) {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    match get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let public = public.map(|p| p.trim_end_matches('/'));
            if public.is_some_and(|p| p.eq_ignore_ascii_case(origin)) {
                return true;
            }
            let authority = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
            matches!((authority, get(header::HOST)), (Some(a), Some(host)) if a.eq_ignore_ascii_case(host))
        }
    }
}

/// The security headers of every response (docs/SECURITY.md explains each):
/// - Content-Security-Policy: scripts only from this site and the page's own inline scripts (by
///   the per-request nonce), WASM compiled (`wasm-unsafe-eval`), no framing, forms post here only;
/// - `nosniff`, `Referrer-Policy: same-origin`;
/// - `Cache-Control: no-store` on pages, server-function answers and downloads (they show
///   personal data); the site's files keep their own rules;
/// - HSTS when the site runs over HTTPS (secure cookies on).
pub async fn security_headers(State(settings): State<Settings>, mut request: Request, next: Next) -> Response {
    let nonce = random_hex(16);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let redirect = response.status().is_redirection();
    let html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    let headers = response.headers_mut();
    // A public page answered from memory brings its own policy (its scripts by hash: public_pages.rs).
    let own_policy = headers.contains_key(header::CONTENT_SECURITY_POLICY);
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    // The page's policy is for pages: a PDF opened inline is shown by the browser's own viewer,
    // which `object-src 'none'` and the style rule would block. Uploads are checked by their
    // bytes, served with their own type and `nosniff`, and never framed.
    if html && !own_policy {
        set(header::CONTENT_SECURITY_POLICY, &csp);
    }
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    if settings.secure_cookies {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let personal = content_type.starts_with("text/html")
        || content_type.starts_with("application/json")
        || content_type.starts_with("text/csv")
        || path.starts_with("/api/")
        || path.starts_with("/documents/")
        || redirect;
    if personal && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The browser's form-error cookie (ties a stored error to the browser that made it).
const FORM_COOKIE: &str = "yj_form";
/// How long a refused form's errors and typed values are kept for the page to show them.
const FORM_ERROR_MINUTES: i32 = 30;
/// The largest error kept (the longest section, every field at its limit, is far below this).
const MAX_FORM_ERROR_BYTES: usize = 64 * 1024;

/// A refused form posted without JavaScript comes back through a redirect, and Leptos puts the
/// error — with everything typed, ID numbers and names included — into that URL as `?__err=`
/// (base64 JSON). Here, on the way out, the error is stored in `form_errors` and the URL gets a
/// random token instead; on the way back in, a GET with that token (from the same browser: the
/// `yj_form` cookie) gets the error put back into the request the app renders, and nowhere else.
/// An unknown or expired token is dropped, and the page renders as if freshly opened.
pub async fn keep_form_errors_out_of_urls(State(state): State<crate::AppState>, mut request: Request, next: Next) -> Response {
    let db = state.pool_for(request.uri().path()).clone();
    let browser = cookie(request.headers(), FORM_COOKIE);
    if request.method() == Method::GET {
        if let Some(token) = last_value(request.uri().query().unwrap_or(""), "__err") {
            let payload = match &browser {
                Some(b) => load_error(&db, &token, b).await,
                None => None,
            };
            let query = rewrite_query(request.uri().query().unwrap_or(""), payload.as_deref());
            let path_and_query = if query.is_empty() { request.uri().path().to_string() } else { format!("{}?{query}", request.uri().path()) };
            if let Ok(uri) = path_and_query.parse() {
                *request.uri_mut() = uri;
            }
        }
        return next.run(request).await;
    }
    let mut response = next.run(request).await;
    let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let Some((base, query)) = location.as_deref().and_then(|l| l.split_once('?')) else { return response };
    // The page the form was on may carry an earlier refusal: the new error is the last `__err`.
    let Some(payload) = last_value(query, "__err") else { return response };
    let path = last_value(query, "__path");
    if payload.len() > MAX_FORM_ERROR_BYTES {
        // Nobody types this much into a form: the page opens without it (the form was refused).
        let bare = rewrite_query(query, None);
        set_header(&mut response, header::LOCATION, &if bare.is_empty() { base.to_string() } else { format!("{base}?{bare}") });
        return response;
    }
    let token = random_hex(16);
    let (browser, new_cookie) = match browser {
        Some(b) => (b, false),
        None => (random_hex(16), true),
    };
    if let Err(e) = store_error(&db, &token, &browser, &payload).await {
        // Never fall back to the URL: the page opens without the error (the form is refused anyway).
        tracing::error!(error = %e, "could not keep a form error");
        let bare = rewrite_query(query, None);
        let to = if bare.is_empty() { base.to_string() } else { format!("{base}?{bare}") };
        set_header(&mut response, header::LOCATION, &to);
        return response;
    }
    let mut query = rewrite_query(query, None);
    if let Some(path) = path {
        query.push_str(&format!("{}__path={}", if query.is_empty() { "" } else { "&" }, app::urls::encode_component(&path)));
    }
    query.push_str(&format!("{}__err={token}", if query.is_empty() { "" } else { "&" }));
    set_header(&mut response, header::LOCATION, &format!("{base}?{query}"));
    if new_cookie {
        let cookie = format!("{FORM_COOKIE}={browser}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}", FORM_ERROR_MINUTES * 60);
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn set_header(response: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, v);
    }
}

async fn store_error(db: &PgPool, token: &str, browser: &str, payload: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM form_errors WHERE created_at < now() - make_interval(mins => $1)").bind(FORM_ERROR_MINUTES).execute(db).await?;
    sqlx::query("INSERT INTO form_errors (token_hash, browser_hash, payload) VALUES ($1, $2, $3)")
        .bind(sha256(token.as_bytes()))
        .bind(sha256(browser.as_bytes()))
        .bind(payload)
        .execute(db)
        .await?;
    Ok(())
}

async fn load_error(db: &PgPool, token: &str, browser: &str) -> Option<String> {
    sqlx::query_scalar(
        "SELECT payload FROM form_errors
          WHERE token_hash = $1 AND browser_hash = $2 AND created_at > now() - make_interval(mins => $3)",
    )
    .bind(sha256(token.as_bytes()))
    .bind(sha256(browser.as_bytes()))
    .bind(FORM_ERROR_MINUTES)
    .fetch_optional(db)
    .await
    .unwrap_or_else(|e| {
        tracing::error!(error = %e, "could not read a form error");
        None
    })
}

/// The query without `__err` and `__path`, or with `__err` set to `payload` (kept in place).
fn rewrite_query(query: &str, payload: Option<&str>) -> String {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|pair| match (pair.split_once('=').map_or(pair, |(k, _)| k), payload) {
            ("__err", Some(p)) => Some(format!("__err={}", app::urls::encode_component(p))),
            ("__err" | "__path", None) => None,
            _ => Some(pair.to_string()),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A query parameter's value, percent-decoded (the last, if it is given more than once).
fn last_value(query: &str, name: &str) -> Option<String> {
    query.split('&').filter_map(|pair| pair.split_once('=')).filter(|(k, _)| *k == name).map(|(_, v)| percent_decode(v)).last()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() && hex(bytes[i + 1]).is_some() && hex(bytes[i + 2]).is_some() => {
                out.push((hex(bytes[i + 1]).unwrap_or(0) * 16 + hex(bytes[i + 2]).unwrap_or(0)) as u8);
                i += 3;
                continue;
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A cookie of the request (the first of that name; empty counts as absent).
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|h| h.split(';')).find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_token_replaces_only_the_error() {
        assert_eq!(rewrite_query("a=1&__path=%2Fapi%2Fx&__err=abc", None), "a=1");
        assert_eq!(rewrite_query("__err=t&b=2", Some("eyJ9==")), "__err=eyJ9%3D%3D&b=2");
        assert_eq!(last_value("x=1&__err=ab%3D%3D", "__err").as_deref(), Some("ab=="));
        assert_eq!(last_value("__err=old&x=1&__err=new", "__err").as_deref(), Some("new"), "a second refusal on the same page");
        assert_eq!(percent_decode("%E5%BC%A0%"), "张%");
    }

    #[test]
    fn only_this_sites_pages_may_write() {
        let h = |pairs: &[(&'static str, &str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(header::HeaderName::from_static(k), HeaderValue::from_str(v).unwrap());
            }
            m
        };
        let same = |pairs: &[(&'static str, &str)]| is_same_origin(&h(pairs), None);
        assert!(same(&[("host", "yunju.example"), ("origin", "https://yunju.example"), ("sec-fetch-site", "same-origin")]));
        assert!(same(&[]), "not a browser: no Origin, no Sec-Fetch-Site");
        assert!(!same(&[("host", "yunju.example"), ("origin", "https://evil.example")]));
        assert!(!same(&[("host", "yunju.example"), ("origin", "null")]));
        assert!(!same(&[("host", "yunju.example"), ("sec-fetch-site", "same-site")]), "a sibling subdomain");
        assert!(!same(&[("host", "yunju.example"), ("origin", "https://yunju.example.evil.cn")]));
        // Behind a proxy that sends its own Host: the configured public address.
        let proxied = h(&[("host", "127.0.0.1:3000"), ("origin", "https://yunju.example")]);
        assert!(is_same_origin(&proxied, Some("https://yunju.example/")));
        assert!(!is_same_origin(&proxied, None));
        let mut unreadable = h(&[("host", "yunju.example")]);
        unreadable.insert(header::ORIGIN, HeaderValue::from_bytes(b"https://\xe4vil").unwrap());
        assert!(!is_same_origin(&unreadable, None), "an unreadable Origin passed as absent");
    }
}
