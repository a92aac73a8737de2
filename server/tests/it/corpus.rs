//! Hostile input at scale (issue 14, item 7): a generated corpus of more than 300 hostile inputs —
//! over-long and control-character strings, invalid UTF-8, rare CJK and emoji, SQL and HTML/JS
//! payloads, path traversal, integer overflow, missing and repeated fields, wrong content types,
//! 25 MB bodies — sent to every server function and every plain route, as every role. Nothing
//! answers 5xx, nothing panics, and a bystander's rows are unchanged.
//!
//! The quick form (the test command) gives each server function 40 of the inputs, turn and turn
//! about, so that every input reaches several functions and every role calls every function;
//! `CORPUS_FULL=1` sends every input to every function.
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use tower::ServiceExt;

use crate::common::{self, TestApp, DEMO_PASSWORD};

/// The corpus: raw bytes (not all of them UTF-8), each sent as a form value, a path segment and a query.
pub fn corpus() -> Vec<Vec<u8>> {
    let mut base: Vec<Vec<u8>> = Vec::new();
    let mut text = |s: &str| base.push(s.as_bytes().to_vec());
    // Over-long.
    for n in [256, 2_001, 10_000, 100_001] {
        text(&"A".repeat(n));
        text(&"张".repeat(n / 3));
    }
    // Control characters, one by one, and the troublesome invisible ones.
    for c in (0u32..0x20).chain([0x7f, 0x85, 0x200b, 0x200e, 0x202e, 0x2028, 0xfeff, 0xfffe]) {
        text(&format!("a{}b", char::from_u32(c).unwrap()));
    }
    // Rare CJK (extension B and later), emoji sequences, combining marks, full-width forms.
    for s in ["𠀀𪚥𰻞", "𡃁妹", "👩‍👩‍👧‍👦", "🇨🇳", "e\u{301}\u{301}\u{301}", "ＡＢＣ１２３", "\u{3000}", "㐀䶵", "\u{1F600}".repeat(50).as_str()] {
        text(s);
    }
    // SQL.
    for s in ["' OR '1'='1", "'; DROP TABLE users; --", "1; SELECT pg_sleep(5)", "\\", "$$", "E'\\x00'", "1' UNION SELECT password_hash FROM users --", "%' AND 1=1 --", "\") OR (\"1\"=\"1", "';COMMIT;TRUNCATE applications;--"] {
        text(s);
    }
    // HTML and JavaScript.
    for s in [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "<svg/onload=alert(1)>", "{{7*7}}", "${7*7}",
        "</title><script>alert(1)</script>", "<iframe src=//evil.example>", "'';!--\"<XSS>=&{()}", "<a href=\"javascript:alert(1)\">x</a>",
    ] {
        text(s);
    }
    // Paths.
    for s in ["../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "....//....//etc/passwd", "%2e%2e%2f%2e%2e%2f", "//evil.example", "\\\\evil.example\\x", "file:///etc/passwd", "a/../../b"] {
        text(s);
    }
    // Numbers and dates at and beyond their limits.
    for s in [
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483648", "-2147483649", "32768", "-1", "0", "1e309", "NaN", "-0", "0x7fffffff",
        "99999999999999999999999", "1.5", "２", "2026-02-30", "0000-00-00", "9999-12-31", "-1-01-01", "2026-13-01", "true", "null",
    ] {
        text(s);
    }
    // Formats and encodings.
    for s in ["", " ", "\t\r\n", "%s%s%s%n", "{}", "\\u0000", "{\"a\":", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "]]>", "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)"] {
        text(s);
    }
    // Invalid UTF-8.
    for bytes in [&b"\xff\xfe"[..], b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"a\x80b", b"\xe5\xbc", b"\xf4\x90\x80\x80"] {
        base.push(bytes.to_vec());
    }
    // Each once more after a plausible value (a payload that passes a prefix check), and once
    // wrapped in spaces (a payload that passes a trim).
    let mut all = base.clone();
    for b in &base {
        let mut after = b"44011119900307123X".to_vec();
        after.extend_from_slice(b);
        all.push(after);
        let mut spaced = b"  ".to_vec();
        spaced.extend_from_slice(b);
        spaced.extend_from_slice(b"  ");
        all.push(spaced);
    }
    all
}

fn percent(bytes: &[u8]) -> String {
    bytes.iter().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(b) { (*b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// The plain routes of server/src/lib.rs: (method, path with `{param}`s).
fn plain_routes() -> Vec<(Method, String)> {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut out = Vec::new();
    for line in lib.lines().filter(|l| l.trim_start().starts_with(".route(\"")) {
        let path = line.split('"').nth(1).unwrap().to_string();
        if line.contains("get(") {
            out.push((Method::GET, path.clone()));
        }
        if line.contains("post(") {
            out.push((Method::POST, path));
        }
    }
    out
}

/// The pages of app/src/lib.rs (`:id` where a path takes a parameter).
fn pages() -> Vec<String> {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/lib.rs")).unwrap();
    lib.split("<Route path=path!(\"").skip(1).map(|p| p.split('"').next().unwrap().to_string()).collect()
}

/// What a bystander has, as text: their account, case, documents and events, and the tables
/// only migrations write. No hostile request may change any of it.
async fn bystander_rows(pool: &sqlx::PgPool, case: i64, last_user: i64, departments: &[String]) -> String {
    sqlx::query_scalar(
        "SELECT concat_ws(' | ',
            (SELECT string_agg(u::text, ',' ORDER BY u.id) FROM (SELECT id, username, password_hash, role, display_name FROM users WHERE id <= $2) u),
            (SELECT a::text FROM applications a WHERE a.id = $1),
            (SELECT string_agg(d::text, ',' ORDER BY d.id) FROM documents d WHERE d.application_id = $1),
            (SELECT string_agg(e::text, ',' ORDER BY e.id) FROM application_events e WHERE e.application_id = $1),
            (SELECT string_agg(p::text, ',' ORDER BY p.id) FROM policy_versions p),
            (SELECT string_agg(d::text, ',' ORDER BY d.code) FROM departments d WHERE d.code = ANY($3)),
            (SELECT string_agg(r::text, ',' ORDER BY r.talent_category, r.industry) FROM routing_rules r),
            (SELECT count(*)::text FROM _sqlx_migrations))",
    )
    .bind(case)
    .bind(last_user)
    .bind(departments)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn hostile_input_never_breaks_the_server_or_anyone_elses_data(pool: sqlx::PgPool) {
    common::on_many_threads(pool, |pool| async move { run(pool).await }).await;
}

async fn run(pool: sqlx::PgPool) {
    let app = TestApp::crowd(pool, 6, app::context::Settings { verify_per_minute: 100_000, register_per_hour: 100_000, ..Default::default() }).await;
    let inputs = corpus();
    assert!(inputs.len() >= 300, "only {} inputs", inputs.len());
    // The bystander: a submitted case nobody below may touch (no role below is its filer).
    let mut bystander = app.as_new_applicant("corpus.bystander").await;
    let case = bystander.new_draft("2").await;
    bystander.submit(case, app.version_of(case).await).await.unwrap();
    let last_user: i64 = sqlx::query_scalar("SELECT max(id) FROM users").fetch_one(&app.pool).await.unwrap();
    let departments: Vec<String> = sqlx::query_scalar("SELECT code FROM departments").fetch_all(&app.pool).await.unwrap();
    let before = bystander_rows(&app.pool, case, last_user, &departments).await;
    let mut roles = vec![app.anonymous()];
    for user in ["agent", "handling", "industry_kgxj", "hrss", "talent_office", "bank", "hospital", "admin"] {
        roles.push(app.as_user(user).await);
    }
    roles.push(app.as_new_applicant("corpus.applicant").await);
    let full = std::env::var("CORPUS_FULL").is_ok_and(|v| v == "1");
    let per_function = if full { inputs.len() } else { 40 };
    let router = app.router();
    let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut sent = 0u64;
    let mut too_long: Option<u64> = None;
    let send = |req: Request<Body>| {
        let router = router.clone();
        async move {
            let label = format!("{} {}", req.method(), req.uri().path().chars().take(120).collect::<String>());
            match tokio::time::timeout(Duration::from_secs(30), router.oneshot(req)).await {
                Ok(Ok(res)) => (label, Some(res.status())),
                _ => (label, None),
            }
        }
    };
    let mut record = |(label, status): (String, Option<StatusCode>), what: &str| {
        sent += 1;
        match status {
            Some(s) => {
                *statuses.entry(s.as_u16()).or_insert(0) += 1;
                if s.is_server_error() {
                    failures.push(format!("{label} ({what}): {s}"));
                }
            }
            None => failures.push(format!("{label} ({what}): no answer in 30 s")),
        }
    };

    // Every server function, every role, its share of the corpus; some with fields missing,
    // repeated, or in a body of the wrong type.
    for (f, (endpoint, params)) in common::server_functions().iter().enumerate() {
        for k in 0..per_function {
            let i = (f * per_function + k) % inputs.len();
            let value = percent(&inputs[i]);
            let who = &roles[(f + k) % roles.len()];
            let mut fields: Vec<String> = params.iter().map(|p| format!("{}={value}", percent(p.as_bytes()))).collect();
            let (content_type, what) = match k % 10 {
                0 => ("application/x-www-form-urlencoded", "no fields"),
                1 => ("application/x-www-form-urlencoded", "every field twice"),
                2 => ("application/json", "a form sent as JSON"),
                3 => ("text/plain; charset=utf-8", "text/plain"),
                _ => ("application/x-www-form-urlencoded", "every field"),
            };
            match k % 10 {
                0 => fields.clear(),
                1 => fields.extend(fields.clone()),
                _ => {}
            }
            let mut req = Request::post(format!("/api/{endpoint}")).header(header::CONTENT_TYPE, content_type).header(header::ACCEPT, "application/json");
            if let Some(c) = &who.cookie {
                req = req.header(header::COOKIE, c.clone());
            }
            record(send(req.body(Body::from(fields.join("&"))).unwrap()).await, what);
        }
    }

    // Every plain route: each path parameter and the query as every input, as the roles in turn.
    let routes = plain_routes();
    for (r, (method, path)) in routes.iter().enumerate() {
        let take = if full { inputs.len() } else { 30 };
        for k in 0..take {
            let i = (r * take + k) % inputs.len();
            let value = percent(&inputs[i]);
            let mut uri = String::new();
            for (n, piece) in path.split('{').enumerate() {
                match piece.split_once('}') {
                    Some((_, rest)) if n > 0 => uri.push_str(&format!("{value}{rest}")),
                    _ => uri.push_str(piece),
                }
            }
            uri.push_str(&format!("?q={value}&until={value}&sig={value}&back={value}"));
            let who = &roles[(r + k) % roles.len()];
            let mut req = Request::builder().method(method.clone()).uri(uri).header(header::CONTENT_TYPE, "multipart/form-data; boundary=x");
            if let Some(c) = &who.cookie {
                req = req.header(header::COOKIE, c.clone());
            }
            // A URL over 64 KB never reaches the app: hyper answers 414 itself (so does the `http` crate here).
            match req.body(Body::from(format!("--x\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{value}\r\n--x--\r\n"))) {
                Ok(req) => record(send(req).await, "path and query"),
                Err(_) => *too_long.get_or_insert(0) += 1,
            }
        }
        // A 25 MB body to every POST route, from the signed-in applicant.
        if *method == Method::POST {
            let uri = path.replace("{id}", &case.to_string()).replace("{token}", "x").replace("{line}", "1");
            let who = roles.last().unwrap();
            let req = Request::post(uri).header(header::CONTENT_TYPE, "multipart/form-data; boundary=x").header(header::COOKIE, who.cookie.clone().unwrap());
            record(send(req.body(Body::from(vec![b'x'; 25 * 1024 * 1024])).unwrap()).await, "25 MB body");
        }
    }
    // 25 MB to a server function, as the applicant.
    let who = roles.last().unwrap();
    let req = Request::post("/api/save_personal").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").header(header::COOKIE, who.cookie.clone().unwrap());
    record(send(req.body(Body::from(format!("id={case}&full_name={}", "A".repeat(25 * 1024 * 1024)))).unwrap()).await, "25 MB form");

    // Every page, its `:id` and its query as the inputs in turn.
    let pages = pages();
    for (p, page) in pages.iter().enumerate() {
        let take = if full { inputs.len() } else { 10 };
        for k in 0..take {
            let value = percent(&inputs[(p * take + k + 7) % inputs.len()]);
            let who = &roles[(p + k) % roles.len()];
            let mut req = Request::get(format!("{}?q={value}&next={value}&stage={value}&kind={value}", page.replace(":id", &value)));
            if let Some(c) = &who.cookie {
                req = req.header(header::COOKIE, c.clone());
            }
            match req.body(Body::empty()) {
                Ok(req) => record(send(req).await, "page"),
                Err(_) => *too_long.get_or_insert(0) += 1,
            }
        }
    }

    let after = bystander_rows(&app.pool, case, last_user, &departments).await;
    println!(
        "hostile corpus: {} inputs, {} server functions, {} plain routes, {} pages, {} roles; {sent} requests; statuses {statuses:?}; {} URLs over 64 KB refused by HTTP; {} 5xx or unanswered",
        inputs.len(),
        common::server_functions().len(),
        routes.len(),
        pages.len(),
        roles.len(),
        too_long.unwrap_or(0),
        failures.len()
    );
    assert!(failures.is_empty(), "{} requests failed:\n{}", failures.len(), failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n"));
    assert!(before == after, "a bystander's rows changed");
    // The sign-in still works for everyone (no account was locked or changed by the corpus).
    app.anonymous().call("login", &[("username", "hrss"), ("password", DEMO_PASSWORD)]).await.unwrap();
    app.pool.close().await;
}
