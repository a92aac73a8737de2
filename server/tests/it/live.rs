//! Issue 15: live pages. Each user hears only of the cases they may see (the rule of every page,
//! `CaseScope::visible_to`), the events carry no personal data, and a browser that reconnects
//! resumes after the last position it got: nothing lost, nothing twice.
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;

use crate::common;
use common::{Actor, TestApp};

/// One server-sent event as a browser parses it.
#[derive(Debug, Clone, PartialEq)]
struct Sse {
    id: Option<i64>,
    event: Option<String>,
    data: String,
}

/// An open `/live/changes` stream.
struct Stream {
    body: Body,
    buffer: String,
}

impl Stream {
    /// Opens the stream as `actor`; `last` as `Last-Event-ID` (a reconnecting browser).
    async fn open(actor: &Actor, query: &str, last: Option<i64>) -> (StatusCode, Stream) {
        let mut req = Request::get(format!("/live/changes{query}")).header(header::ACCEPT, "text/event-stream");
        if let Some(last) = last {
            req = req.header("last-event-id", last.to_string());
        }
        let res = actor.send(req).await;
        let status = res.status();
        if status == StatusCode::OK {
            assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
        }
        (status, Stream { body: res.into_body(), buffer: String::new() })
    }

    /// The events that arrive within `wait` (keep-alive comments left out).
    async fn within(&mut self, wait: Duration) -> Vec<Sse> {
        let until = tokio::time::Instant::now() + wait;
        while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(until, self.body.frame()).await {
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&data));
            }
        }
        let mut events = vec![];
        while let Some(end) = self.buffer.find("\n\n") {
            let block: String = self.buffer.drain(..end + 2).collect();
            let mut sse = Sse { id: None, event: None, data: String::new() };
            let mut any = false;
            for line in block.lines() {
                if let Some((field, value)) = line.split_once(':') {
                    let value = value.strip_prefix(' ').unwrap_or(value);
                    match field {
                        "id" => (sse.id, any) = (Some(value.parse().unwrap()), true),
                        "event" => (sse.event, any) = (Some(value.to_string()), true),
                        "data" => (sse.data, any) = (value.to_string(), true),
                        _ => {}
                    }
                }
            }
            if any {
                events.push(sse);
            }
        }
        events
    }
}

const WAIT: Duration = Duration::from_millis(2500);

/// A category 3 case of a school's talent, submitted: pre-review passes it to the education bureau.
async fn submitted(app: &TestApp, username: &str) -> (Actor, i64) {
    let mut talent = app.as_new_applicant(username).await;
    talent.call("create_application", &[]).await.unwrap();
    let id = talent.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap();
    talent.fill_draft_in(id, "3", "education").await;
    talent.submit(id, app.version_of(id).await).await.unwrap();
    (talent, id)
}

fn changes_of(events: &[Sse]) -> Vec<serde_json::Value> {
    events.iter().filter(|e| e.event.as_deref() == Some("change")).map(|e| serde_json::from_str(&e.data).unwrap()).collect()
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn each_user_hears_only_of_the_cases_they_may_see(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (talent, case) = submitted(&app, "live.talent").await;
    let other = app.as_new_applicant("live.other").await;
    let mut handling = app.as_user("handling").await;
    let jyj = app.as_user("industry_jyj").await;
    let kgxj = app.as_user("industry_kgxj").await;
    let (hrss, office) = (app.as_user("hrss").await, app.as_user("talent_office").await);
    let agent = app.as_agent_of_another_unit().await;

    // Not signed in: no stream (sent to sign in, as every plain route does); the bank, a provider
    // and the administrator see no cases.
    assert_eq!(Stream::open(&app.anonymous(), "", None).await.0, StatusCode::SEE_OTHER);
    for who in ["bank", "hospital", "admin"] {
        assert_eq!(Stream::open(&app.as_user(who).await, "", None).await.0, StatusCode::NOT_FOUND, "{who}");
    }

    let mut streams = vec![];
    for (name, actor) in [("talent", &talent), ("other", &other), ("handling", &handling), ("jyj", &jyj), ("kgxj", &kgxj), ("hrss", &hrss), ("office", &office), ("agent", &agent)] {
        let (status, stream) = Stream::open(actor, "", None).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        streams.push((name, stream));
    }
    // Pre-review passes it: first review, at the education bureau (Art. 5(2)–(3)).
    handling.act(case, app.version_of(case).await, "pass", "单位资格符合").await.unwrap();
    let version = app.version_of(case).await;
    let id_number = app.id_number_of(case).await;
    for (name, stream) in &mut streams {
        let events = stream.within(WAIT).await;
        let changes = changes_of(&events);
        let sees = matches!(*name, "talent" | "handling" | "jyj" | "hrss" | "office");
        if sees {
            assert_eq!(changes, vec![serde_json::json!({"case": case, "status": "first_review", "version": version})], "{name}: {events:?}");
        } else {
            // The position moves on (a reconnect resumes after it), and nothing names the case.
            assert!(changes.is_empty(), "{name} heard of a case it may not see: {events:?}");
            assert_eq!(events.len(), 1, "{name}: {events:?}");
            assert!(events[0].event.is_none() && events[0].data.is_empty() && events[0].id.is_some(), "{name}: {events:?}");
        }
        // No personal data in any event: the page asks for the row.
        for e in &events {
            assert!(!e.data.contains(&id_number) && !e.data.contains("张三明"), "{name}: {e:?}");
        }
    }
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_browser_that_reconnects_misses_nothing_and_gets_nothing_twice(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (talent, case) = submitted(&app, "live.resume").await;
    let (_, elsewhere) = submitted(&app, "live.elsewhere").await;
    let mut handling = app.as_user("handling").await;
    let position: i64 = sqlx::query_scalar("SELECT max(id) FROM application_events").fetch_one(&app.pool).await.unwrap();

    // The page was rendered at `position` and opens its stream from there.
    let (_, mut stream) = Stream::open(&talent, &format!("?after={position}"), None).await;
    handling.act(case, app.version_of(case).await, "pass", "单位资格符合").await.unwrap();
    let first = stream.within(WAIT).await;
    assert_eq!(changes_of(&first).len(), 1, "{first:?}");
    let last = first.last().unwrap().id.unwrap();
    drop(stream);

    // While the browser is away: the education bureau returns the case, the handling department
    // passes another talent's case (not theirs), and the talent resubmits.
    let mut jyj = app.as_user("industry_jyj").await;
    jyj.return_case(case, app.version_of(case).await, "employer", "请补充营业执照").await.unwrap();
    handling.act(elsewhere, app.version_of(elsewhere).await, "pass", "单位资格符合").await.unwrap();
    let after_return = app.status_of(case).await;

    // Back, with the last id it got: exactly what came after, in order, once; then live again.
    let (_, mut stream) = Stream::open(&talent, &format!("?after={position}"), Some(last)).await;
    let replayed = stream.within(WAIT).await;
    let changes = changes_of(&replayed);
    assert_eq!(changes.len(), 1, "{replayed:?}");
    assert_eq!(changes[0]["case"], case);
    assert!(after_return.starts_with("returned"), "{after_return}");
    assert!(changes[0]["status"].as_str().unwrap().starts_with("returned"), "{changes:?}");
    let ids: Vec<i64> = replayed.iter().filter_map(|e| e.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > last, "{ids:?} after {last}");
    // The other talent's case moved the position on, without a word of it.
    let end = *ids.last().unwrap();
    let newest: i64 = sqlx::query_scalar("SELECT max(id) FROM application_events").fetch_one(&app.pool).await.unwrap();
    assert_eq!(end, newest);

    // A reconnect from the newest position replays nothing.
    let (_, mut again) = Stream::open(&talent, "", Some(end)).await;
    assert!(again.within(Duration::from_millis(800)).await.is_empty());
    // And both streams hear the next change once.
    talent_resubmits(&app, case).await;
    for s in [&mut stream, &mut again] {
        let next = s.within(WAIT).await;
        assert_eq!(changes_of(&next).len(), 1, "{next:?}");
        assert!(next.iter().all(|e| e.id.unwrap() > end));
    }
}

async fn talent_resubmits(app: &TestApp, case: i64) {
    let mut talent = app.anonymous();
    talent.call("login", &[("username", "live.resume"), ("password", "long enough")]).await.unwrap();
    talent.submit(case, app.version_of(case).await).await.unwrap();
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_browser_away_for_too_many_changes_is_told_to_show_the_page_again(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (talent, case) = submitted(&app, "live.away").await;
    let position: i64 = sqlx::query_scalar("SELECT max(id) FROM application_events").fetch_one(&app.pool).await.unwrap();
    // More than 5,000 positions go by (as ids would in a busy week) before the next change.
    sqlx::query("SELECT setval(pg_get_serial_sequence('application_events', 'id'), $1)").bind(position + 6000).execute(&app.pool).await.unwrap();
    app.as_user("handling").await.act(case, app.version_of(case).await, "pass", "单位资格符合").await.unwrap();
    let newest: i64 = sqlx::query_scalar("SELECT max(id) FROM application_events").fetch_one(&app.pool).await.unwrap();
    let (_, mut stream) = Stream::open(&talent, "", Some(position)).await;
    let events = stream.within(Duration::from_millis(1500)).await;
    // A browser dispatches it (it has data) and goes on from the newest position.
    assert_eq!(events, vec![Sse { id: Some(newest), event: Some("reset".into()), data: "reset".into() }]);
}

/// Another official of `of`'s body (same role, same department, same password).
async fn colleague(app: &TestApp, of: &str, username: &str) -> Actor {
    sqlx::query(
        "INSERT INTO users (username, password_hash, role, department_code, display_name)
         SELECT $2, password_hash, role, department_code, '乙某' FROM users WHERE username = $1",
    )
    .bind(of)
    .bind(username)
    .execute(&app.pool)
    .await
    .unwrap();
    app.as_user(username).await
}

/// `POST /live/presence/{case}` as `actor`: the status and the text ("also open by …").
async fn beat(actor: &Actor, case: i64, query: &str) -> (StatusCode, String) {
    beat_in(actor, case, query, "zh-CN").await
}

async fn beat_in(actor: &Actor, case: i64, query: &str, language: &str) -> (StatusCode, String) {
    let res = actor.send(Request::post(format!("/live/presence/{case}{query}")).header(header::ACCEPT_LANGUAGE, language)).await;
    let status = res.status();
    (status, String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap())
}

/// Issue 15, item 2: "Also open by: 区科工信局 … (since 10:42)" for officials of the same body —
/// never a name, never to another body, gone when the page closes or falls silent for a minute.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn presence_is_within_one_body(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (talent, case) = submitted(&app, "live.presence").await;
    let a = app.as_user("handling").await;
    let b = colleague(&app, "handling", "handling.b").await;
    let hrss = app.as_user("hrss").await;
    let (jyj, jyj_b) = (app.as_user("industry_jyj").await, colleague(&app, "industry_jyj", "industry_jyj.b").await);

    // Alone: nobody else.
    assert_eq!(beat(&a, case, "").await, (StatusCode::OK, String::new()));
    // B opens it: sees A, of its own body, since A opened it (China time), and no name.
    let (status, text) = beat(&b, case, "").await;
    let since: String = sqlx::query_scalar(
        "SELECT to_char(opened_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') FROM case_presence WHERE user_id = (SELECT id FROM users WHERE username = 'handling')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((status, text), (StatusCode::OK, format!("也在查看此案件：经办部门的同事（{since} 起）")));
    // HRSS has it open too, but is another body: neither side hears of the other.
    assert_eq!(beat(&hrss, case, "").await.1, "");
    let text = beat(&a, case, "").await.1;
    assert_eq!(text.matches("同事").count(), 1, "A hears of B only: {text}");
    assert!(!text.contains("乙某"), "{text}");
    // In the reader's language.
    let (_, english) = beat_in(&a, case, "", "en-US,en").await;
    assert!(english.starts_with("Also open by: a colleague at Handling department (since "), "{english}");

    // B closes the page: A no longer hears of B.
    assert_eq!(beat(&b, case, "?left=yes").await.0, StatusCode::NO_CONTENT);
    assert_eq!(beat(&a, case, "").await.1, "");
    // A page silent for a minute is closed: B opens again, then falls silent.
    beat(&b, case, "").await;
    sqlx::query("UPDATE case_presence SET seen_at = now() - interval '61 seconds' WHERE user_id = (SELECT id FROM users WHERE username = 'handling.b')")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(beat(&a, case, "").await.1, "");

    // The industry department sees only what is routed to it: before pre-review passes, the
    // education bureau may not say it has the case open, nor learn who has.
    assert_eq!(beat(&jyj, case, "").await.0, StatusCode::NOT_FOUND);
    let mut handling = app.as_user("handling").await;
    handling.act(case, app.version_of(case).await, "pass", "单位资格符合").await.unwrap();
    // Another industry department's official with it open (as if it had been theirs): the same
    // role, another department — not of jyj's body.
    sqlx::query("INSERT INTO case_presence (application_id, user_id) SELECT $1, id FROM users WHERE username = 'industry_kgxj'")
        .bind(case)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(beat(&jyj, case, "").await.1, "");
    assert_eq!(beat(&jyj_b, case, "").await.1.matches("同事").count(), 1);
    assert!(beat(&jyj_b, case, "").await.1.starts_with("也在查看此案件：区教育局的同事（"));
    // Not a reviewing body, or not the case: 404; not signed in: sent to sign in.
    for (who, actor) in [("talent", &talent), ("bank", &app.as_user("bank").await), ("admin", &app.as_user("admin").await)] {
        assert_eq!(beat(actor, case, "").await.0, StatusCode::NOT_FOUND, "{who}");
    }
    assert_eq!(beat(&jyj, 999_999_999, "").await.0, StatusCode::NOT_FOUND);
    assert_eq!(beat(&a, i64::MAX, "").await.0, StatusCode::NOT_FOUND);
    assert_eq!(beat(&app.anonymous(), case, "").await.0, StatusCode::SEE_OTHER);
}

/// Positions come in commit order (`live::db::take_turn`): a transition waits for one that took
/// its turn before it to commit, so a browser that has read event N has read every event before
/// N, and resuming after N misses nothing. Here the turn is held by hand, as a transition in
/// flight holds it: a pass waits, writes no event meanwhile, and goes on once the turn is free.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_transition_waits_its_turn_so_positions_come_in_commit_order(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (_, case) = submitted(&app, "live.turn").await;
    let newest = || async { sqlx::query_scalar::<_, i64>("SELECT max(id) FROM application_events").fetch_one(&app.pool).await.unwrap() };
    let before = newest().await;
    let mut in_flight = app.pool.begin().await.unwrap();
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(app::live::db::TURN).execute(&mut *in_flight).await.unwrap();

    let mut handling = app.as_user("handling").await;
    let version = app.version_of(case).await;
    let pass = tokio::spawn(async move { handling.act(case, version, "pass", "单位资格符合").await });
    common::until_waiting_on_locks(&app.pool, 1).await;
    assert_eq!(newest().await, before, "no event is written before the turn is free");
    assert!(!pass.is_finished());

    in_flight.commit().await.unwrap();
    pass.await.unwrap().unwrap();
    assert!(newest().await > before);
    assert_eq!(app.status_of(case).await, "first_review");
}
