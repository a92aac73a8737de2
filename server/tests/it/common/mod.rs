//! The real router on a fresh `#[sqlx::test]` database, and typed actors that call the real
//! server functions over HTTP (in-process: `tower::ServiceExt::oneshot`), keeping their cookies.
#![allow(dead_code)]
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use std::path::Path;
use tower::ServiceExt;

use app::domain::{CardNumber, CreditCode, ResidentId};
use app::error::AppError;
use server::{router, seed, AppState};

pub const DEMO_PASSWORD: &str = seed::DEMO_PASSWORD;

pub struct TestApp {
    pub pool: PgPool,
    pub state: AppState,
    router: axum::Router,
}

impl TestApp {
    pub async fn new(pool: PgPool) -> TestApp {
        TestApp::with_settings(pool, app::context::Settings { verify_per_minute: 5, ..Default::default() }).await
    }

    /// The app with other settings (secure cookies, a trusted proxy header …).
    pub async fn with_settings(pool: PgPool, settings: app::context::Settings) -> TestApp {
        seed::demo_accounts(&pool).await.unwrap();
        let dir = std::env::temp_dir().join(format!("yunju-test-uploads-{}", std::process::id()));
        // As the server makes it at start (storage::files).
        std::fs::create_dir_all(&dir).unwrap();
        let files = std::sync::Arc::new(app::apply::documents::LocalDisk { root: dir });
        let state =
            AppState { pool: pool.clone(), checks: app::context::CheckPool(pool.clone()), leptos_options: LeptosOptions::builder().output_name("yunju").build(), settings, files, live: app::live::stream::Live::new(pool.clone()) };
        TestApp { pool, router: router(state.clone()), state }
    }

    /// The app on a pool of its own, `size` connections, outside the test harness's shared budget
    /// (a sqlx::test pool borrows from 20 connections shared by all tests running at once, and
    /// keeps what it borrowed until the test ends): for tests that fire many requests at once.
    /// Close it (`app.pool.close()`) before the test ends.
    pub async fn crowd(pool: PgPool, size: u32, settings: app::context::Settings) -> TestApp {
        let own = server::pool_options(size).connect_with((*pool.connect_options()).clone()).await.unwrap();
        TestApp::with_settings(own, settings).await
    }

    pub fn router(&self) -> axum::Router {
        self.router.clone()
    }

    pub fn anonymous(&self) -> Actor {
        Actor { router: self.router.clone(), cookie: None }
    }

    pub async fn as_user(&self, username: &str) -> Actor {
        let mut actor = self.anonymous();
        actor.call("login", &[("username", username), ("password", seed::DEMO_PASSWORD)]).await.unwrap();
        assert!(actor.cookie.is_some(), "{username} got no session");
        actor
    }

    /// A newly registered applicant.
    pub async fn as_new_applicant(&self, username: &str) -> Actor {
        let mut actor = self.anonymous();
        actor.call("register", &[("username", username), ("display_name", "张三明"), ("password", "long enough")]).await.unwrap();
        actor
    }

    pub async fn status_of(&self, id: i64) -> String {
        sqlx::query_scalar("SELECT status::text FROM applications WHERE id = $1").bind(id).fetch_one(&self.pool).await.unwrap()
    }

    pub async fn version_of(&self, id: i64) -> i32 {
        sqlx::query_scalar("SELECT version FROM applications WHERE id = $1").bind(id).fetch_one(&self.pool).await.unwrap()
    }

    /// The unanswered order line of case `id` (it is on a batch at the bank).
    pub async fn open_line_of(&self, id: i64) -> i64 {
        sqlx::query_scalar("SELECT id FROM card_order_lines WHERE application_id = $1 AND outcome IS NULL").bind(id).fetch_one(&self.pool).await.unwrap()
    }

    pub async fn id_number_of(&self, id: i64) -> String {
        sqlx::query_scalar("SELECT id_number FROM applications WHERE id = $1").bind(id).fetch_one(&self.pool).await.unwrap()
    }

    /// Art. 5(6)–(7) for approved cases: HRSS sends them as one batch, the bank types each card
    /// number, the Talent Office issues them all.
    pub async fn make_and_issue(&self, cards: &[(i64, &str)]) {
        let ids: Vec<i64> = cards.iter().map(|(id, _)| *id).collect();
        self.as_user("hrss").await.send_to_bank(&ids).await.unwrap();
        let mut bank = self.as_user("bank").await;
        for (id, number) in cards {
            bank.record_card(self.open_line_of(*id).await, &self.id_number_of(*id).await, number, "").await.unwrap();
        }
        self.as_user("talent_office").await.issue_cards(&ids).await.unwrap();
    }

    /// Moves case `id`'s card's issue day (and so its period) to `issued_on`: "today" is then
    /// anywhere in the card's five years.
    pub async fn set_issue_day(&self, id: i64, issued_on: chrono::NaiveDate) {
        sqlx::query("UPDATE cards SET issued_on = $2, valid_until = $3 WHERE application_id = $1")
            .bind(id)
            .bind(issued_on)
            .bind(app::domain::valid_until(issued_on))
            .execute(&self.pool)
            .await
            .unwrap();
    }

    /// An employer agent of another unit than the demo agent's (`agent.other`).
    pub async fn as_agent_of_another_unit(&self) -> Actor {
        sqlx::query("INSERT INTO users (username, password_hash, role, display_name, unit_credit_code) VALUES ('agent.other', $1, 'employer_agent', '别家单位 经办人', $2)")
            .bind(app::auth::session::hash_password(DEMO_PASSWORD))
            .bind(credit_code("91440111MA59XX7W0"))
            .execute(&self.pool)
            .await
            .unwrap();
        self.as_user("agent.other").await
    }

    pub async fn events_of(&self, id: i64) -> Vec<(String, String, String)> {
        sqlx::query_as("SELECT command, to_status, actor_role::text FROM application_events WHERE application_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .unwrap()
    }
}

#[derive(Clone)]
pub struct Actor {
    router: axum::Router,
    pub cookie: Option<String>,
}

impl Actor {
    /// An actor on another router (not signed in): e.g. one that forwards to a server process.
    pub fn over(router: axum::Router) -> Actor {
        Actor { router, cookie: None }
    }

    /// POSTs a form to `/api/{endpoint}` as the browser's server-function client does.
    pub async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Result<serde_json::Value, AppError> {
        let body = form.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c.clone());
        }
        let res = self.router.clone().oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
        let status = res.status();
        for v in res.headers().get_all(header::SET_COOKIE) {
            let pair = v.to_str().unwrap().split(';').next().unwrap().to_string();
            if let Some((name @ ("yj_session" | "__Host-yj_session"), value)) = pair.split_once('=') {
                self.cookie = (!value.is_empty()).then(|| format!("{name}={value}"));
            }
        }
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        if status == StatusCode::OK {
            Ok(serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
        } else {
            Err(serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("{endpoint}: {status} {}", String::from_utf8_lossy(&bytes))))
        }
    }

    /// Sends a request as this actor (with its session cookie, if any); the whole response.
    pub async fn send(&self, mut req: axum::http::request::Builder) -> axum::http::Response<Body> {
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c.clone());
        }
        self.router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        self.get_with_cookie(path, "").await
    }

    /// As `get`, with another cookie besides the session (e.g. "lang=en").
    pub async fn get_with_cookie(&self, path: &str, extra: &str) -> (StatusCode, String) {
        let mut req = Request::get(path);
        let cookies: Vec<&str> = self.cookie.as_deref().into_iter().chain(Some(extra).filter(|e| !e.is_empty())).collect();
        if !cookies.is_empty() {
            req = req.header(header::COOKIE, cookies.join("; "));
        }
        let res = self.router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Creates a complete draft (every section, the photo and the category's evidence) for the
    /// talent with ID `resident_id("44011119900307")`; returns its id.
    pub async fn new_draft(&mut self, category: &str) -> i64 {
        self.call("create_application", &[]).await.unwrap();
        let cases = self.call("my_applications", &[]).await.unwrap();
        let id = cases[0]["id"].as_i64().unwrap();
        self.fill_draft(id, category).await;
        id
    }

    pub async fn fill_draft(&mut self, id: i64, category: &str) {
        self.fill_draft_in(id, category, "software").await
    }

    /// As `fill_draft`, with the employer in `industry` (which decides the routing).
    pub async fn fill_draft_in(&mut self, id: i64, category: &str, industry: &str) {
        let sid = id.to_string();
        let person = resident_id("44011119900307");
        let code = credit_code("91440111MA59DE7W0");
        let steps: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("save_personal", vec![("full_name", "张三明"), ("gender", "male"), ("birth_date", "1990-03-07"), ("nationality", "中国"),
                ("id_type", "resident_id"), ("id_number", &person), ("phone", "13800138000"), ("email", "zhang@example.cn")]),
            ("save_employer", vec![("employer_name", "广州白云测试科技有限公司"), ("credit_code", &code), ("employer_type", "district_enterprise"),
                ("industry", industry), ("registered_on", "2015-03-01"), ("registered_in_district", "yes"), ("pays_tax_in_district", "yes")]),
            ("save_category", vec![("talent_category", category), ("honour", "区产业领军人才（2024）"), ("postdoc_status", "in_station")]),
            ("save_residence", vec![("months_in_district", "12")]),
            ("finish_family", vec![("done", "yes")]),
            ("save_declaration", vec![("agreed", "yes")]),
        ];
        for (endpoint, mut form) in steps {
            form.push(("id", &sid));
            self.call(endpoint, &form).await.unwrap_or_else(|e| panic!("{endpoint}: {e:?}"));
        }
        assert!(self.upload(id, "photo", "photo.png", PNG).await.contains("uploaded=photo"));
        let evidence = match category {
            "6" => vec!["fortune500_proof", "post_proof"],
            "7" => vec!["company_figures", "post_proof"],
            "8" => vec!["postdoc_station"],
            _ => vec!["talent_proof"],
        };
        for kind in evidence {
            assert!(self.upload(id, kind, "证明.pdf", PDF).await.contains("uploaded="));
        }
    }

    /// Submits (or resubmits) as the check-answers page does.
    pub async fn submit(&mut self, id: i64, version: i32) -> Result<serde_json::Value, AppError> {
        self.call("submit_application", &[("id", &id.to_string()), ("version", &version.to_string())]).await
    }

    /// Uploads a file as the browser's multipart form does; returns where the browser is sent.
    pub async fn upload(&self, id: i64, kind: &str, file_name: &str, bytes: &[u8]) -> String {
        self.upload_to(&format!("/applications/{id}/documents"), &[("kind", kind)], file_name, bytes).await
    }

    /// Posts a multipart form (`fields`, then `file`) to `path`; returns where the browser is sent
    /// (or "status N").
    pub async fn upload_to(&self, path: &str, fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> String {
        let boundary = "----yunjutestboundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c.clone());
        }
        let res = self.router.clone().oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
        match res.headers().get(header::LOCATION) {
            Some(l) => l.to_str().unwrap().to_string(),
            None => format!("status {}", res.status()),
        }
    }

    /// HRSS uploads the document a termination rests on (Art. 6(2)); returns where the browser is sent.
    pub async fn upload_termination_document(&self, id: i64) -> String {
        self.upload_to(&format!("/cards/{id}/termination-document"), &[], "判决书.pdf", PDF).await
    }

    /// HRSS sends approved cases to the bank as one order batch.
    pub async fn send_to_bank(&mut self, ids: &[i64]) -> Result<serde_json::Value, AppError> {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        self.call("send_order_batch", &ids.iter().map(|id| ("ids[]", id.as_str())).collect::<Vec<_>>()).await
    }

    /// The bank types one answer for order line `line`: a card number, or a refusal reason.
    pub async fn record_card(&mut self, line: i64, id_number: &str, card_number: &str, reason: &str) -> Result<serde_json::Value, AppError> {
        self.call("record_card", &[("line", &line.to_string()), ("id_number", id_number), ("card_number", card_number), ("reason", reason)]).await
    }

    /// The Talent Office issues the made cards of these cases.
    pub async fn issue_cards(&mut self, ids: &[i64]) -> Result<serde_json::Value, AppError> {
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        self.call("issue_cards", &ids.iter().map(|id| ("ids[]", id.as_str())).collect::<Vec<_>>()).await
    }

    /// The bank uploads a result file as its page's form does; returns where the browser is sent
    /// (`/bank/imports/{id}`), or `status N`.
    pub async fn upload_results(&self, file_name: &str, bytes: &[u8], all_or_nothing: bool) -> String {
        let boundary = "----yunjutestboundary";
        let mut body = Vec::new();
        if all_or_nothing {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"all_or_nothing\"\r\n\r\non\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut req = Request::post("/bank/results").header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c.clone());
        }
        let res = self.router.clone().oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
        match res.headers().get(header::LOCATION) {
            Some(l) => l.to_str().unwrap().to_string(),
            None => format!("status {}", res.status()),
        }
    }

    pub async fn act(&mut self, id: i64, version: i32, command: &str, opinion: &str) -> Result<serde_json::Value, AppError> {
        self.call("act", &[("id", &id.to_string()), ("version", &version.to_string()), ("command", command), ("opinion", opinion)]).await
    }

    /// Returns a case for correction, naming what to correct in one section.
    pub async fn return_case(&mut self, id: i64, version: i32, section: &str, reason: &str) -> Result<serde_json::Value, AppError> {
        let field = format!("reason_{section}");
        self.call("act", &[("id", &id.to_string()), ("version", &version.to_string()), ("command", "return"), (field.as_str(), reason)]).await
    }
}

/// Runs `f` on a runtime of 4 worker threads in a thread of its own, from inside a `#[sqlx::test]`
/// (whose runtime has one thread): for races that must really run at once. `f` gets the test's
/// pool only to read its connection options (`TestApp::crowd`); connections belong to one runtime.
pub async fn on_many_threads<F, Fut, T>(pool: PgPool, f: F) -> T
where
    F: FnOnce(PgPool) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T>,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
        rt.block_on(f(pool))
    })
    .await
    .unwrap()
}

/// A race that really runs at once: on a runtime of its own, `crowd` copies of `username`'s
/// session each run `racer`, all of them while `lock` (a `SELECT … FOR UPDATE` with `$1` = `id`)
/// holds the row they need; when every one waits on it, it is released. The racers' results.
pub async fn race_behind_a_lock<F, Fut, T>(pool: PgPool, crowd: usize, username: &'static str, lock: &'static str, id: i64, racer: F) -> Vec<T>
where
    F: Fn(Actor) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    on_many_threads(pool, move |pool| async move {
        let app = TestApp::crowd(pool, crowd as u32 + 2, Default::default()).await;
        let actor = app.as_user(username).await;
        let mut gate = app.pool.begin().await.unwrap();
        sqlx::query(lock).bind(id).execute(&mut *gate).await.unwrap();
        let racers: Vec<_> = (0..crowd).map(|_| tokio::spawn(racer(actor.clone()))).collect();
        until_waiting_on_locks(&app.pool, crowd as i64).await;
        gate.commit().await.unwrap();
        let mut results = Vec::new();
        for r in racers {
            results.push(r.await.unwrap());
        }
        app.pool.close().await;
        results
    })
    .await
}

/// Waits until `n` sessions of the test's database wait on a lock (the row a racer wants is held):
/// proof that they are inside their transactions at the same time.
pub async fn until_waiting_on_locks(pool: &PgPool, n: i64) {
    let start = std::time::Instant::now();
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if waiting >= n {
            return;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(60), "only {waiting} of {n} sessions ever waited on the lock");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

/// The smallest files of each kind the checks accept (judged by their first bytes).
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
pub const PDF: &[u8] = b"%PDF-1.4\n%test\n";

/// A query value, percent-encoded.
pub fn encode_query(s: &str) -> String {
    enc(s)
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A valid resident ID from its first 14 characters (region + birth date): adds sequence and check.
pub fn resident_id(first14: &str) -> String {
    let first17 = format!("{first14}123");
    format!("{first17}{}", ResidentId::check_char(&first17).unwrap())
}

pub fn credit_code(first17: &str) -> String {
    format!("{first17}{}", CreditCode::check_char(first17).unwrap())
}

pub fn card_number(body15: &str) -> String {
    format!("{body15}{}", CardNumber::check_digit(body15))
}

/// Every server function and its parameters' names, read from the source (as the browser's
/// client names them in a form; a `Vec` parameter as `name[]`).
pub fn server_functions() -> Vec<(String, Vec<String>)> {
    fn walk(dir: &Path, out: &mut Vec<(String, Vec<String>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split("#[server(endpoint = \"").skip(1) {
                    let endpoint = part.split('"').next().unwrap().to_string();
                    let signature = part.split_once("pub async fn ").unwrap().1;
                    let params = &signature[signature.find('(').unwrap() + 1..signature.find(") ->").unwrap()];
                    let names = params
                        .split(',')
                        .filter_map(|p| {
                            let p = p.trim().trim_start_matches("#[server(default)]").trim();
                            let (name, ty) = p.split_once(':')?;
                            Some(if ty.contains("Vec<") { format!("{}[]", name.trim()) } else { name.trim().to_string() })
                        })
                        .collect();
                    out.push((endpoint, names));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src"), &mut out);
    out.sort();
    out
}
