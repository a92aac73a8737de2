//! What a browser receives around the page (issue 17): no Nagle stall, compression, cacheable
//! assets, a title per page, the reader's language, download names, valid markup.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use tower::ServiceExt;

use common::{TestApp, PDF};

fn title_of(html: &str) -> &str {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    &html[start..start + html[start..].find("</title>").unwrap()]
}

/// Nagle's algorithm held back the last piece of a response until the client's delayed ACK
/// (~44 ms per request on a kept-alive connection): every accepted socket has TCP_NODELAY.
#[tokio::test]
async fn every_accepted_connection_sends_without_delay() {
    use axum::serve::Listener;
    let mut listener = server::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let client = tokio::spawn(tokio::net::TcpStream::connect(addr));
    let (accepted, _) = listener.accept().await;
    assert!(accepted.nodelay().unwrap(), "TCP_NODELAY is off on an accepted connection");
    client.await.unwrap().unwrap();
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn pages_are_compressed_as_the_browser_accepts(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let anonymous = app.anonymous();
    // Brotli only for the site's files, precompressed (below): per response it costs too much CPU.
    for (accept, want) in [("br, gzip", Some("gzip")), ("gzip", Some("gzip")), ("br", None), ("identity", None)] {
        let res = anonymous.send(Request::get("/login").header(header::ACCEPT_ENCODING, accept)).await;
        assert_eq!(res.status(), StatusCode::OK);
        let encoding = res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
        assert_eq!(encoding.as_deref(), want, "Accept-Encoding: {accept}");
        assert!(res.headers().get_all(header::VARY).iter().any(|v| v.to_str().unwrap().contains("accept-encoding")));
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        if want.is_none() {
            assert!(String::from_utf8_lossy(&bytes).contains("<title>"));
        }
    }
    // The "not found" page too.
    let res = anonymous.send(Request::get("/no-such-page").header(header::ACCEPT_ENCODING, "gzip")).await;
    assert_eq!(res.headers().get(header::CONTENT_ENCODING).unwrap(), "gzip");
}

/// The built site's files: precompressed at build time (Brotli 11 / gzip 9, scripts/precompress.mjs)
/// and, their names being hashes of their content, cacheable for a year. Pages are not.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn hashed_assets_are_served_precompressed_and_kept_for_a_year(pool: PgPool) {
    let site = std::env::temp_dir().join(format!("yunju-test-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/hash.txt"), "js: 0123abcd\nwasm: 4567ef01\ncss: 89abcdef\n").unwrap();
    std::fs::write(site.join("pkg/yunju.89abcdef.css"), "body { margin: 0 }").unwrap();
    std::fs::write(site.join("pkg/yunju.89abcdef.css.br"), b"brotli bytes").unwrap();
    std::fs::write(site.join("pkg/yunju.89abcdef.css.gz"), b"gzip bytes").unwrap();
    let config = server::config::Config {
        site: server::config::Site { root: site.to_string_lossy().into_owned(), ..Default::default() },
        ..Default::default()
    };
    let options: LeptosOptions = server::leptos_options(&config);
    assert!(options.hash_files, "pkg/hash.txt names the hashed files");
    let state = server::AppState {
        live: app::live::stream::Live::new(pool.clone()),
        checks: app::context::CheckPool(pool.clone()),
        pool,
        leptos_options: options,
        settings: Default::default(),
        files: std::sync::Arc::new(app::apply::documents::LocalDisk { root: site.join("uploads") }),
    };
    let router = server::router(state);
    let get = |path: &str, accept: &str| {
        Request::get(path).header(header::ACCEPT_ENCODING, accept).body(Body::empty()).unwrap()
    };

    let res = router.clone().oneshot(get("/pkg/yunju.89abcdef.css", "gzip, br")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get(header::CONTENT_ENCODING).unwrap(), "br");
    assert_eq!(res.headers().get(header::CACHE_CONTROL).unwrap(), "public, max-age=31536000, immutable");
    assert_eq!(&res.into_body().collect().await.unwrap().to_bytes()[..], b"brotli bytes");

    let res = router.clone().oneshot(get("/pkg/yunju.89abcdef.css", "identity")).await.unwrap();
    assert_eq!(res.headers().get(header::CONTENT_ENCODING), None);
    assert_eq!(&res.into_body().collect().await.unwrap().to_bytes()[..], b"body { margin: 0 }");

    // The page links the hashed names; the page itself is not cached for a year.
    let res = router.clone().oneshot(get("/login", "identity")).await.unwrap();
    assert_ne!(res.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("public, max-age=31536000, immutable"));
    let html = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    for link in ["/pkg/yunju.89abcdef.css", "/pkg/yunju.0123abcd.js", "/pkg/yunju.4567ef01.wasm"] {
        assert!(html.contains(link), "the page links {link}");
    }
    std::fs::remove_dir_all(&site).ok();
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn each_page_is_titled_in_its_language(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let anonymous = app.anonymous();
    for (path, zh, en) in [
        ("/", "云聚英才卡", "Yunju Talent Card"),
        ("/login", "登录 · 云聚英才卡", "Sign in · Yunju Talent Card"),
        ("/eligibility", "看看您能否申领 · 云聚英才卡", "Check whether you can apply · Yunju Talent Card"),
    ] {
        assert_eq!(title_of(&anonymous.get_with_cookie(path, "lang=zh").await.1), zh, "{path}");
        assert_eq!(title_of(&anonymous.get_with_cookie(path, "lang=en").await.1), en, "{path}");
    }
    let mut applicant = app.as_new_applicant("titled").await;
    let id = applicant.new_draft("2").await;
    let (_, task_list) = applicant.get(&format!("/applications/{id}")).await;
    let reference = task_list.split(r#"data-testid="reference">"#).nth(1).and_then(|r| r.split('<').next()).unwrap().to_string();
    assert!(reference.starts_with('Y'), "{reference}");
    let (_, html) = applicant.get_with_cookie(&format!("/applications/{id}/employer"), "lang=zh").await;
    assert_eq!(title_of(&html), format!("第 2 步：工作单位 · 申请 {reference} · 云聚英才卡"));
    let (_, html) = applicant.get_with_cookie(&format!("/applications/{id}"), "lang=en").await;
    assert_eq!(title_of(&html), format!("Apply for a Yunju Talent Card · Application {reference} · Yunju Talent Card"));
    // The public pages describe themselves to search engines and link cards.
    assert!(anonymous.get("/").await.1.contains(r#"<meta name="description""#));
}

/// Without the language cookie the browser's Accept-Language decides; the cookie wins over it.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_first_visit_follows_the_browser_language(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let anonymous = app.anonymous();
    let page = |accept: &'static str, cookie: &'static str| {
        let mut req = Request::get("/login").header(header::ACCEPT_LANGUAGE, accept);
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie);
        }
        let anonymous = anonymous.clone();
        async move {
            let res = anonymous.send(req).await;
            String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
        }
    };
    let html = page("en-US,en;q=0.9", "").await;
    assert!(html.contains(r#"<html lang="en""#) && title_of(&html).starts_with("Sign in"), "English browser, no cookie");
    let html = page("zh-CN,zh;q=0.9,en;q=0.8", "").await;
    assert!(html.contains(r#"<html lang="zh-CN""#) && title_of(&html).starts_with("登录"));
    let html = page("fr-FR", "").await;
    assert!(html.contains(r#"<html lang="zh-CN""#), "neither language asked for: Chinese");
    let html = page("en-US,en", "lang=zh").await;
    assert!(html.contains(r#"<html lang="zh-CN""#), "the reader's own choice wins");
}

/// The switch goes back to the same page with its query, and only ever to this site.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_language_switch_keeps_the_page_and_stays_on_this_site(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let anonymous = app.anonymous();
    for (query, location) in [
        ("back=%2Freview%3Fstage%3Dpre_review%26q%3D%E5%BC%A0", "/review?stage=pre_review&q=%E5%BC%A0"),
        ("back=/%5Cevil.example", "/"),
        ("back=//evil.example", "/"),
        ("back=/%0Aheader", "/"),
        ("back=https://evil.example", "/"),
    ] {
        let res = anonymous.send(Request::get(format!("/lang/en?{query}"))).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{query}");
        assert_eq!(res.headers().get(header::LOCATION).unwrap(), location, "{query}");
        assert!(res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().starts_with("lang=en;"));
    }
    // The page's own switch link carries the query.
    let (_, html) = anonymous.get("/eligibility?employed=yes").await;
    assert!(html.contains("/lang/en?back=%2Feligibility%3Femployed%3Dyes"), "the switch link keeps the query");
}

/// 身份证正面.pdf comes back as 身份证正面.pdf (RFC 6266), and CSVs are named in the reader's language.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn downloads_keep_their_names(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("named").await;
    let id = applicant.new_draft("2").await;
    applicant.upload(id, "other", "身份证正面.pdf", PDF).await;
    let (_, html) = applicant.get(&format!("/applications/{id}/category")).await;
    let link = &html[..html.find("身份证正面.pdf</a>").expect("the document's link")];
    let token = link[link.rfind("/documents/").unwrap() + "/documents/".len()..].split('"').next().unwrap();
    let res = applicant.send(Request::get(format!("/documents/{token}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers().get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().to_string();
    assert!(
        disposition.ends_with("filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%E6%AD%A3%E9%9D%A2.pdf"),
        "{disposition}"
    );
    assert!(disposition.starts_with("inline; filename=\"other.pdf\";"), "{disposition}");

    let handling = app.as_user("handling").await;
    for (cookie, name) in [("lang=zh", "%E5%AE%A1%E6%A0%B8%E9%98%9F%E5%88%97-"), ("lang=en", "queue-")] {
        let res = handling.send(Request::get("/review/queue.csv").header(header::COOKIE, format!("{}; {cookie}", handling.cookie.clone().unwrap()))).await;
        assert_eq!(res.status(), StatusCode::OK);
        let disposition = res.headers().get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap();
        assert!(disposition.starts_with("attachment; filename=\"queue-"), "{disposition}");
        assert!(disposition.contains(&format!("filename*=UTF-8''{name}")), "{cookie}: {disposition}");
    }
}

/// W3C's checker: the industry `<select>` of the routing form had two selected options.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn every_select_has_at_most_one_selected_option(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.as_user("admin").await;
    let (status, html) = admin.get("/admin/routing").await;
    assert_eq!(status, StatusCode::OK);
    let selects: Vec<&str> = html.split("<select").skip(1).map(|s| s.split("</select>").next().unwrap()).collect();
    assert!(selects.len() >= 3, "the routing form's selects");
    for select in selects {
        assert!(select.matches(" selected").count() <= 1, "{select}");
    }
}

/// A page always renders to the end, even while another router is being built at that moment
/// (each test builds one; a restart does). Listing the routes used to raise a process-wide flag
/// under which a page's first database read waited for ever (leptos-rs/leptos#4773): CI hung
/// on the dashboard for 90 minutes. Here routers are built without pause on another thread while
/// the dashboard (one resource) and a case list render, each given 20 s.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_page_renders_to_the_end_while_routers_are_built(pool: PgPool) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = TestApp::new(pool).await;
    let hrss = app.as_user("hrss").await;
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let builder = {
        let (stop, state, runtime) = (stop.clone(), app.state.clone(), tokio::runtime::Handle::current());
        std::thread::spawn(move || {
            let _inside = runtime.enter();
            let mut built = 0;
            while !stop.load(Ordering::Relaxed) {
                drop(server::router(state.clone()));
                built += 1;
            }
            built
        })
    };
    let mut stalled = Vec::new();
    for i in 0..40 {
        let path = if i % 2 == 0 { "/dashboard" } else { "/review" };
        match tokio::time::timeout(std::time::Duration::from_secs(20), hrss.get(path)).await {
            Ok((status, html)) => assert!(status == 200 && html.contains("</html>") && html.contains("__INCOMPLETE_CHUNKS=[]"), "{path}: {status} …{}", &html[html.len().saturating_sub(300)..]),
            Err(_) => stalled.push(path),
        }
    }
    stop.store(true, Ordering::Relaxed);
    let built = builder.join().unwrap();
    assert!(built > 0);
    assert_eq!(stalled, Vec::<&str>::new(), "pages that never finished while {built} routers were built");
}

/// The home, sign-in and registration pages are the same for every visitor not signed in: they
/// are rendered once per language and answered from memory (issue 17), their inline scripts
/// allowed by their SHA-256 in the policy instead of a nonce that would repeat. A session, a
/// query or another language renders as before.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn public_pages_are_answered_from_memory_with_their_scripts_named_by_hash(pool: PgPool) {
    use base64::Engine;
    let app = TestApp::new(pool).await;
    let anonymous = app.anonymous();
    let fetch = |req: axum::http::request::Builder| {
        let anonymous = anonymous.clone();
        async move {
            let res = anonymous.send(req).await;
            let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().to_string();
            let gzip = res.headers().get(header::CONTENT_ENCODING).is_some_and(|v| v == "gzip");
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            let html = if gzip {
                let mut out = String::new();
                std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out).unwrap();
                out
            } else {
                String::from_utf8(bytes.to_vec()).unwrap()
            };
            (csp, html)
        }
    };
    for path in ["/", "/login", "/register"] {
        let english = || Request::get(path).header(header::ACCEPT_LANGUAGE, "en-US,en");
        let (csp, html) = fetch(english()).await;
        let (csp_again, html_again) = fetch(english().header(header::ACCEPT_ENCODING, "gzip")).await;
        assert_eq!((&csp, &html), (&csp_again, &html_again), "{path}: the same page, from memory, compressed or not");
        assert!(html.contains(r#"<html lang="en""#), "{path}: in the browser's language");
        assert!(!csp.contains("'nonce-"), "{path}: a nonce that would repeat: {csp}");
        assert!(html.split("nonce=\"").skip(1).all(|rest| rest.starts_with('"')), "{path}: a nonce that would repeat, in the page");
        assert!(!csp.contains("'unsafe-inline'"), "{csp}");
        let scripts = server::public_pages::inline_scripts(&html);
        assert!(!scripts.is_empty(), "{path}: the hydration script");
        for script in scripts {
            let hash = base64::engine::general_purpose::STANDARD.encode(<sha2::Sha256 as sha2::Digest>::digest(script.as_bytes()));
            assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: an inline script the policy does not allow: {script}");
        }
        let (_, chinese) = fetch(Request::get(path).header(header::COOKIE, "lang=zh")).await;
        assert!(chinese.contains(r#"<html lang="zh-CN""#), "{path}: the language cookie has its own page");
    }
    // Two language cookies (the page reads the first) are not kept, so they cannot put one
    // language's page under the other's: the next Chinese reader still gets Chinese.
    let (_, twice) = fetch(Request::get("/login").header(header::COOKIE, "lang=en; lang=zh")).await;
    assert!(twice.contains(r#"<html lang="en""#));
    let (_, zh) = fetch(Request::get("/login").header(header::COOKIE, "lang=zh")).await;
    assert!(zh.contains(r#"<html lang="zh-CN""#), "a poisoned page kept for Chinese readers");
    // A query is rendered for this request, with a fresh nonce.
    let (csp, html) = fetch(Request::get("/login?next=%2Fclaim")).await;
    assert!(csp.contains("'nonce-") && html.contains(r#"name="next" value="/claim""#), "{csp}");
    // Signed in: the header names the user; never the page kept for the anonymous.
    let applicant = app.as_new_applicant("kept.pages").await;
    let (_, anonymous_home) = fetch(Request::get("/")).await;
    let (status, signed_in_home) = applicant.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(anonymous_home, signed_in_home);
    assert!(signed_in_home.contains(r#"data-testid="who""#) && signed_in_home.contains(r#"href="/my-card""#), "the signed-in header");
    assert!(!anonymous_home.contains(r#"data-testid="who""#), "the page kept for the anonymous names nobody");
}
