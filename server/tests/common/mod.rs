//! The real router on a fresh `#[sqlx::test]` database, and typed actors that call the real
//! server functions over HTTP (in-process: `tower::ServiceExt::oneshot`), keeping their cookies.
#![allow(dead_code)]
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sqlx::PgPool;
use tower::ServiceExt;

use app::domain::{CardNumber, CreditCode, ResidentId};
use app::error::AppError;
use server::{router, seed, AppState};

pub const DEMO_PASSWORD: &str = seed::DEMO_PASSWORD;

pub struct TestApp {
    pub pool: PgPool,
    router: axum::Router,
}

impl TestApp {
    pub async fn new(pool: PgPool) -> TestApp {
        seed::demo_accounts(&pool).await.unwrap();
        let settings = app::context::Settings { verify_per_minute: 5, ..Default::default() };
        let state = AppState { pool: pool.clone(), leptos_options: LeptosOptions::builder().output_name("yunju").build(), settings };
        TestApp { pool, router: router(state) }
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
            if pair.starts_with("yj_session=") {
                self.cookie = (pair != "yj_session=").then_some(pair);
            }
        }
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        if status == StatusCode::OK {
            Ok(serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
        } else {
            Err(serde_json::from_slice(&bytes).unwrap_or_else(|_| panic!("{endpoint}: {status} {}", String::from_utf8_lossy(&bytes))))
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let mut req = Request::get(path);
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c.clone());
        }
        let res = self.router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Creates a draft with a valid form; returns its id.
    pub async fn new_draft(&mut self, category: &str) -> i64 {
        let id = resident_id("44011119900307");
        let code = credit_code("91440111MA59TE7T0");
        self.call(
            "save_application",
            &[
                ("full_name", "张三明"),
                ("resident_id", &id),
                ("employer_name", "广州白云测试科技有限公司"),
                ("credit_code", &code),
                ("employer_type", "district_enterprise"),
                ("months_in_district", "12"),
                ("talent_category", category),
            ],
        )
        .await
        .unwrap();
        let cases = self.call("my_applications", &[]).await.unwrap();
        cases[0]["id"].as_i64().unwrap()
    }

    pub async fn act(&mut self, id: i64, version: i32, command: &str, opinion: &str) -> Result<serde_json::Value, AppError> {
        self.call("act", &[("id", &id.to_string()), ("version", &version.to_string()), ("command", command), ("opinion", opinion)]).await
    }
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
