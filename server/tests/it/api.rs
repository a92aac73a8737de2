//! The organisations' API (issue 11, item 4): keys and scopes on every route; every real response
//! checked against the OpenAPI document; the status feed's cursor under concurrent issuing.
use crate::cards::approved_case;
use crate::common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use common::{card_number, resident_id, TestApp};

/// The admin makes a key for `account` with `scopes`; returns it as shown once.
async fn key_for(app: &TestApp, account: &str, scopes: &[&str]) -> String {
    let mut admin = app.as_user("admin").await;
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(account).fetch_one(&app.pool).await.unwrap();
    let mut form: Vec<(&str, String)> = vec![("account", user.to_string()), ("name", format!("{account} system"))];
    form.extend(scopes.iter().map(|s| ("scopes[]", s.to_string())));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    admin.call("create_api_key", &form).await.unwrap();
    let id: i64 = sqlx::query_scalar("SELECT max(id) FROM api_keys").fetch_one(&app.pool).await.unwrap();
    let page = admin.call("api_keys", &[("created", &id.to_string())]).await.unwrap();
    let key = page["revealed"][1].as_str().unwrap().to_string();
    // Shown once: the next look shows nothing.
    assert_eq!(admin.call("api_keys", &[("created", &id.to_string())]).await.unwrap()["revealed"], Value::Null);
    key
}

/// One request to the API; the status and the JSON body.
async fn call(app: &TestApp, method: Method, path: &str, key: Option<&str>, body: Option<Value>) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(k) = key {
        req = req.header(header::AUTHORIZATION, format!("Bearer {k}"));
    }
    let body = match body {
        Some(b) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let res = app.router().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into())))
}

/// A world with one batch at the bank (`line` of case `id`) and an issued card.
struct World {
    app: TestApp,
    batch: i64,
    line: i64,
    id_number: String,
    card: String,
}

async fn world(pool: sqlx::PgPool) -> World {
    let app = TestApp::with_settings(pool, app::context::Settings { verify_per_minute: 30, ..Default::default() }).await;
    let mut applicant = app.as_new_applicant("api.holder").await;
    let issued = approved_case(&app, &mut applicant).await;
    let card = card_number("622202000000401");
    app.make_and_issue(&[(issued, &card)]).await;
    let id = approved_case(&app, &mut applicant).await;
    app.as_user("hrss").await.send_to_bank(&[id]).await.unwrap();
    let batch: i64 = sqlx::query_scalar("SELECT max(id) FROM card_order_batches").fetch_one(&app.pool).await.unwrap();
    let line = app.open_line_of(id).await;
    World { id_number: app.id_number_of(id).await, app, batch, line, card }
}

/// A counter's check is answered, and its verdict shown, while the pages hold every connection of
/// their pool: the counter's requests have a pool of their own (`app::context::CheckPool`). On
/// one shared pool the check waited with the pages, and was told 503.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_card_check_does_not_wait_behind_the_pages(pool: sqlx::PgPool) {
    let w = world(pool.clone()).await;
    let key = key_for(&w.app, "hospital", &["verify", "status_feed"]).await;
    let options = (*pool.connect_options()).clone();
    // The pages' pool has one connection, held here as busy pages would hold them all.
    let main = server::pool_options(1).acquire_timeout(std::time::Duration::from_millis(300)).connect_with(options.clone()).await.unwrap();
    let checks = app::context::CheckPool(server::pool_options(2).connect_with(options).await.unwrap());
    let mut state = w.app.state.clone();
    state.pool = main.clone();
    state.checks = checks.clone();
    let router = server::router(state);
    let held = main.acquire().await.unwrap();
    let request = |path: &str, body: Option<Value>| {
        let req = Request::builder().uri(path).header(header::AUTHORIZATION, format!("Bearer {key}"));
        match body {
            Some(b) => req.method(Method::POST).header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())).unwrap(),
            None => req.body(Body::empty()).unwrap(),
        }
    };
    // Anything else waits for the pages' pool, and is told to come again.
    let feed = router.clone().oneshot(request("/api/v1/feed", None)).await.unwrap();
    assert_eq!(feed.status(), StatusCode::SERVICE_UNAVAILABLE);
    // The check is answered.
    let check = router.clone().oneshot(request("/api/v1/verify", Some(json!({"card_number": w.card, "id_number": resident_id("44011119900307")})))).await.unwrap();
    assert_eq!(check.status(), StatusCode::OK);
    let verdict: Value = serde_json::from_slice(&check.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(verdict["valid"], json!(true), "{verdict}");
    // And so is the check on the verify page, by the counter's session.
    let cookie = w.app.as_user("hospital").await.cookie;
    let mut counter = common::Actor::over(router.clone());
    counter.cookie = cookie;
    let id_number = resident_id("44011119900307");
    let logged = counter.call("verify_card", &[("card_number", &w.card), ("id_number", &id_number)]).await.unwrap();
    // …and the page it leads to shows the verdict: every resource of `/verify` (the header's
    // user, the verdict, the organisation's records) reads the counter's pool.
    let (status, page) = counter.get(&format!("/verify?v={}", logged.as_i64().unwrap())).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("张*明"), "no verdict on the page:\n{page}");
    drop(held);
    main.close().await;
    checks.0.close().await;
}

/// Issue 11: every route with a key of the right scope, the wrong scope, a revoked key, no key
/// and a made-up one; a signed-in session is no key.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn every_route_answers_only_a_live_key_of_its_scope(pool: sqlx::PgPool) {
    let w = world(pool).await;
    let app = &w.app;
    let bank = key_for(app, "bank", &["bank_orders"]);
    let bank = bank.await;
    let verify = key_for(app, "hospital", &["verify"]).await;
    let feed = key_for(app, "hospital", &["status_feed"]).await;
    let revoked = key_for(app, "bank", &["bank_orders"]).await;
    let revoked_id: i64 = sqlx::query_scalar("SELECT max(id) FROM api_keys").fetch_one(&app.pool).await.unwrap();
    app.as_user("admin").await.call("revoke_api_key", &[("id", &revoked_id.to_string())]).await.unwrap();
    // The database never holds a key itself.
    let stored: Vec<String> = sqlx::query_scalar("SELECT row_to_json(k)::text FROM api_keys k").fetch_all(&app.pool).await.unwrap();
    assert!(stored.iter().all(|row| !row.contains(&bank[4..]) && !row.contains(&verify[4..])));
    // A provider account cannot get a bank scope, nor a bank account a provider's.
    let mut admin = app.as_user("admin").await;
    let hospital: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'hospital'").fetch_one(&app.pool).await.unwrap();
    assert!(admin.call("create_api_key", &[("account", &hospital.to_string()), ("name", "x"), ("scopes[]", "bank_orders")]).await.is_err());

    let results = json!({"lines": [{"order_line_id": w.line, "id_number": w.id_number, "card_number": card_number("622202000000402")}]});
    let check = json!({"card_number": w.card, "id_number": resident_id("44011119900307")});
    let routes: Vec<(Method, String, Option<Value>, &str)> = vec![
        (Method::GET, "/api/v1/bank/batches".into(), None, &bank),
        (Method::GET, format!("/api/v1/bank/batches/{}", w.batch), None, &bank),
        (Method::POST, "/api/v1/bank/results".into(), Some(results), &bank),
        (Method::POST, "/api/v1/verify".into(), Some(check), &verify),
        (Method::GET, "/api/v1/feed".into(), None, &feed),
    ];
    let session = app.as_user("bank").await;
    for (method, path, body, right) in &routes {
        let wrong = if *right == bank { &verify } else { &bank };
        for (who, key, expected) in [
            ("no key", None, 401),
            ("a made-up key", Some("yjk_0000000000000000000000000000000000000000"), 401),
            ("a revoked key", Some(revoked.as_str()), 401),
            ("another scope", Some(wrong.as_str()), 403),
            ("its scope", Some(*right), 200),
        ] {
            let (status, json) = call(app, method.clone(), path, key, body.clone()).await;
            assert_eq!(status.as_u16(), expected, "{method} {path} with {who}: {json}");
            if expected != 200 {
                assert!(json["error"].is_string(), "{method} {path} with {who}: {json}");
            }
        }
        // The bank's signed-in session opens nothing here.
        let mut req = Request::builder().method(method.clone()).uri(path.as_str());
        req = req.header(header::COOKIE, session.cookie.clone().unwrap());
        let res = app.router().oneshot(req.body(Body::from(body.clone().map(|b| b.to_string()).unwrap_or_default())).unwrap()).await.unwrap();
        assert_eq!(res.status(), 401, "{method} {path} with a session");
    }
    // The key's "last used" is kept.
    let used: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT last_used_at FROM api_keys WHERE scopes = '{verify}'").fetch_one(&app.pool).await.unwrap();
    assert!(used.is_some());
    // Wrong keys are slowed down per address, like passwords: the 31st in 15 minutes waits; a live
    // key from the same address still works (a guesser cannot lock the bank out).
    let mut last = 0;
    for i in 0..31 {
        last = call(app, Method::GET, "/api/v1/feed", Some(&format!("yjk_{i:040}")), None).await.0.as_u16();
    }
    assert_eq!(last, 429);
    assert_eq!(call(app, Method::GET, "/api/v1/feed", Some(&feed), None).await.0, 200);
    // "bearer" in any case, as RFC 7235 has it.
    let req = Request::get("/api/v1/bank/batches").header(header::AUTHORIZATION, format!("bearer {bank}")).body(Body::empty()).unwrap();
    assert_eq!(app.router().oneshot(req).await.unwrap().status(), 200);
}

/// The verify route gives the page's minimal answer, the same for an unknown card and a wrong ID.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn verifying_by_api_learns_what_the_counter_learns(pool: sqlx::PgPool) {
    let w = world(pool).await;
    let app = &w.app;
    let key = key_for(app, "hospital", &["verify", "status_feed"]).await;
    let person = resident_id("44011119900307");
    let (_, valid) = call(app, Method::POST, "/api/v1/verify", Some(&key), Some(json!({"card_number": w.card, "id_number": person}))).await;
    assert_eq!((valid["valid"].as_bool(), valid["masked_name"].as_str()), (Some(true), Some("张*明")), "{valid}");
    assert_eq!(valid["services"], json!(["medical"]));
    let text = valid.to_string();
    assert!(!text.contains(&person) && !text.contains("张三明") && !text.contains(&w.card), "{text}");
    let wrong_id = call(app, Method::POST, "/api/v1/verify", Some(&key), Some(json!({"card_number": w.card, "id_number": resident_id("44011119900308")}))).await.1;
    let unknown = call(app, Method::POST, "/api/v1/verify", Some(&key), Some(json!({"card_number": card_number("622202000000499"), "id_number": person}))).await.1;
    assert_eq!(wrong_id, unknown);
    assert_eq!(wrong_id, json!({"valid": false, "masked_name": null, "valid_until": null, "services": [], "card_ref": null}));
    // The card's reference is the feed's, for this organisation only.
    let (_, feed) = call(app, Method::GET, "/api/v1/feed", Some(&key), None).await;
    assert_eq!(feed["events"][0]["card_ref"], valid["card_ref"]);
    let airport = key_for(app, "airport", &["status_feed"]).await;
    let (_, other) = call(app, Method::GET, "/api/v1/feed", Some(&airport), None).await;
    assert_ne!(other["events"][0]["card_ref"], valid["card_ref"]);
    // Logged like a check at the counter, as the key's account.
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM verifications v JOIN users u ON u.id = v.provider_user_id WHERE u.username = 'hospital'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(logged, 3);
    // Bad JSON is a 400 with a reason, not a 500.
    let (status, body) = call(app, Method::POST, "/api/v1/verify", Some(&key), Some(json!({"card": 1}))).await;
    assert_eq!((status.as_u16(), body["error"].as_str()), (400, Some("bad_request")));
    // The e-card's code, as a counter's own scanner reads it (issue 12): the same answer, the
    // same card reference; an expired or foreign code is a 422 that says which.
    let card: i64 = sqlx::query_scalar("SELECT id FROM cards WHERE card_number = $1").bind(&w.card).fetch_one(&app.pool).await.unwrap();
    let now = chrono::Utc::now().timestamp();
    let (token, short) = app::ecard::db::mint(&app.pool, &app.state.settings.ecard, card, now).await.unwrap();
    for code in [token, short.display()] {
        let (status, by_code) = call(app, Method::POST, "/api/v1/verify", Some(&key), Some(json!({"code": code}))).await;
        assert_eq!(status.as_u16(), 200);
        assert_eq!(by_code, valid, "a code answers otherwise than the number");
    }
    let (old, _) = app::ecard::db::mint(&app.pool, &app.state.settings.ecard, card, now - 600).await.unwrap();
    let (status, body) = call(app, Method::POST, "/api/v1/verify", Some(&key), Some(json!({"code": old}))).await;
    assert_eq!((status.as_u16(), body["error"].as_str()), (422, Some("code_expired")));
    let (status, body) = call(app, Method::POST, "/api/v1/verify", Some(&key), Some(json!({"code": "YJK1:AAAA"}))).await;
    assert_eq!((status.as_u16(), body["error"].as_str()), (422, Some("code_not_ours")));
}

/// Checks `value` against `schema` of the OpenAPI document `doc` (the JSON Schema subset utoipa
/// writes: `$ref`, `type` (one or a list, with `null`), `properties`, `required`, `items`,
/// `oneOf`, `enum`); a property the schema does not name is an error too (the document must say
/// everything a response carries). Returns the problems, with their place.
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        return conforms(doc, &doc["components"]["schemas"][name], value, at);
    }
    if let Some(any) = schema.get("oneOf").and_then(Value::as_array) {
        return if any.iter().any(|s| conforms(doc, s, value, at).is_empty()) { vec![] } else { vec![format!("{at}: none of oneOf fits {value}")] };
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return vec![],
    };
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    if !types.iter().any(|t| *t == kind || (*t == "number" && kind == "integer")) {
        return vec![format!("{at}: a {kind}, the document says {types:?}")];
    }
    let mut problems = vec![];
    if let (Some(allowed), Some(s)) = (schema.get("enum").and_then(Value::as_array), value.as_str()) {
        if !allowed.iter().any(|a| a == s) {
            problems.push(format!("{at}: {s} is not one of {allowed:?}"));
        }
    }
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                problems.extend(conforms(doc, &schema["items"], item, &format!("{at}[{i}]")));
            }
        }
        Value::Object(fields) => {
            let props = schema["properties"].as_object().cloned().unwrap_or_default();
            for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !fields.contains_key(required) {
                    problems.push(format!("{at}: {required} is missing"));
                }
            }
            for (name, v) in fields {
                match props.get(name) {
                    Some(s) => problems.extend(conforms(doc, s, v, &format!("{at}.{name}"))),
                    None => problems.push(format!("{at}: {name} is not in the document")),
                }
            }
        }
        _ => {}
    }
    problems
}

/// The contract: every operation of the OpenAPI document is called for real, with a good key, a
/// wrong scope, no key and bad input; each response's status must be one the document lists for
/// it, and its body must fit the schema listed. And every `/api/v1/` route of the server is in
/// the document.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn every_response_matches_the_openapi_document(pool: sqlx::PgPool) {
    let w = world(pool).await;
    let app = &w.app;
    let bank = key_for(app, "bank", &["bank_orders"]).await;
    let hospital = key_for(app, "hospital", &["verify", "status_feed"]).await;
    let (status, doc) = call(app, Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");

    let documented: BTreeSet<String> =
        doc["paths"].as_object().unwrap().iter().flat_map(|(p, ops)| ops.as_object().unwrap().keys().map(move |m| format!("{} {p}", m.to_uppercase()))).collect();
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    let served: BTreeSet<String> = lib
        .lines()
        .filter(|l| l.trim_start().starts_with(".route(\"/api/v1/") && !l.contains("openapi.json"))
        .map(|l| {
            let path = l.split('"').nth(1).unwrap();
            format!("{} {path}", if l.contains("post(") { "POST" } else { "GET" })
        })
        .collect();
    assert_eq!(documented, served, "the document and the server's routes differ");

    let id_number = w.id_number.clone();
    let line = w.line;
    // For each operation: the requests to make (key, body), by the path template.
    let requests = |path: &str| -> Vec<(String, Option<String>, Option<Value>)> {
        let (good, other) = if path.contains("/bank/") { (bank.clone(), hospital.clone()) } else { (hospital.clone(), bank.clone()) };
        let concrete = path.replace("{id}", &w.batch.to_string());
        let mut out = vec![(concrete.clone(), None, None), (concrete.clone(), Some(other), None)];
        match path {
            "/api/v1/bank/results" => {
                out.push((concrete.clone(), Some(good.clone()), Some(json!({"lines": [
                    {"order_line_id": line, "id_number": id_number, "card_number": card_number("622202000000403")},
                    {"order_line_id": 999999, "id_number": id_number, "refusal_reason": "x"},
                ]}))));
                out.push((concrete, Some(good), Some(json!({"lines": "no"}))));
            }
            "/api/v1/verify" => {
                out.push((concrete.clone(), Some(good.clone()), Some(json!({"card_number": w.card, "id_number": resident_id("44011119900307")}))));
                out.push((concrete.clone(), Some(good.clone()), Some(json!({"card_number": w.card, "id_number": "x"}))));
                out.push((concrete.clone(), Some(good.clone()), Some(json!({}))));
                out.push((concrete.clone(), Some(good.clone()), Some(json!({"code": "YJK1:AAAA"}))));
                out.push((concrete, Some(good), Some(json!({"card_number": "1".repeat(5000), "id_number": "x"}))));
            }
            "/api/v1/bank/batches/{id}" => {
                out.push((concrete, Some(good.clone()), None));
                out.push(("/api/v1/bank/batches/999999".into(), Some(good.clone()), None));
                out.push(("/api/v1/bank/batches/abc".into(), Some(good), None));
            }
            "/api/v1/feed" => {
                out.push((concrete.clone(), Some(good.clone()), None));
                out.push((format!("{concrete}?after=1&limit=5"), Some(good.clone()), None));
                out.push((format!("{concrete}?after=x"), Some(good), None));
            }
            _ => out.push((concrete, Some(good), None)),
        }
        out
    };
    let mut problems = vec![];
    let mut seen = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for (uri, key, body) in requests(path) {
                let (status, json) = call(app, Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(), &uri, key.as_deref(), body).await;
                let Some(response) = op["responses"].get(status.as_str()) else {
                    problems.push(format!("{method} {uri}: {status} is not in the document ({json})"));
                    continue;
                };
                let schema = &response["content"]["application/json"]["schema"];
                problems.extend(conforms(&doc, schema, &json, &format!("{method} {uri} {status}")));
                seen += 1;
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(seen >= 20, "only {seen} responses checked");
}

/// Issue 11: the feed's cursor never skips or repeats an event while cards are being issued at
/// the same time: 4 Talent Office sessions issue 24 cards at once, in 8 batches of 3, while a
/// reader follows the feed from its cursor; at the end it has read each issue exactly once, in
/// the order of the cursor.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_feed_never_skips_or_repeats_while_cards_are_issued_at_once(pool: sqlx::PgPool) {
    const CARDS: usize = 24;
    let app = TestApp::new(pool.clone()).await;
    let mut applicant = app.as_new_applicant("feed.race").await;
    let template = approved_case(&app, &mut applicant).await;
    // Cards made and waiting to be issued: copies of one approved case, each with its own card.
    let mut ids = vec![];
    for n in 0..CARDS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO applications SELECT * FROM jsonb_populate_record(NULL::applications,
                 (SELECT to_jsonb(a) || jsonb_build_object('id', nextval('applications_id_seq'), 'status', 'card_made') FROM applications a WHERE id = $1))
             RETURNING id",
        )
        .bind(template)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO cards (application_id, card_number) VALUES ($1, $2)")
            .bind(id)
            .bind(card_number(&format!("6222020000005{n:02}")))
            .execute(&app.pool)
            .await
            .unwrap();
        ids.push(id);
    }
    let key = key_for(&app, "hospital", &["status_feed"]).await;
    let reader_key = key.clone();
    let read = common::on_many_threads(pool, move |pool| async move {
        let key = reader_key;
        let crowd = TestApp::crowd(pool, 12, Default::default()).await;
        let mut writers = vec![];
        for chunk in ids.chunks(3) {
            let (chunk, mut office) = (chunk.to_vec(), crowd.as_user("talent_office").await);
            writers.push(tokio::spawn(async move { office.issue_cards(&chunk).await.unwrap() }));
        }
        let mut seen: Vec<(i64, String)> = vec![];
        let mut cursor = 0;
        let started = std::time::Instant::now();
        while seen.len() < CARDS && started.elapsed() < std::time::Duration::from_secs(60) {
            let (status, page) = call(&crowd, Method::GET, &format!("/api/v1/feed?after={cursor}&limit=2"), Some(&key), None).await;
            assert_eq!(status, 200, "{page}");
            for e in page["events"].as_array().unwrap() {
                seen.push((e["position"].as_i64().unwrap(), e["card_ref"].as_str().unwrap().to_string()));
            }
            cursor = page["next"].as_i64().unwrap();
        }
        for w in writers {
            w.await.unwrap();
        }
        crowd.pool.close().await;
        seen
    })
    .await;
    let positions: Vec<i64> = read.iter().map(|(p, _)| *p).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "out of order or repeated: {positions:?}");
    let refs: BTreeSet<&String> = read.iter().map(|(_, r)| r).collect();
    assert_eq!((read.len(), refs.len()), (CARDS, CARDS), "every issue once: {read:?}");
    // And nothing was left behind: the feed from the start holds exactly these.
    let (_, all) = call(&app, Method::GET, "/api/v1/feed?limit=1000", Some(&key), None).await;
    assert_eq!(all["events"].as_array().unwrap().len(), CARDS);
}
