//! The card at the counter (issue 12; RULES.md Art. 4, SYSTEM.md "Verification" and "Services and
//! providers"): the signed e-card and its short code, what a counter learns, the service ledger
//! with its quotas, cancellations, and the holder's data tracker.
use crate::cards::approved_case;
use crate::common;

use app::domain::{Field, Problem};
use app::error::AppError;
use common::{card_number, Actor, TestApp};

/// An issued card for a new applicant; returns (holder, case id, card id).
async fn holder_with_card(app: &TestApp, username: &str, number: &str) -> (Actor, i64, i64) {
    let mut holder = app.as_new_applicant(username).await;
    let id = approved_case(app, &mut holder).await;
    app.make_and_issue(&[(id, &card_number(number))]).await;
    let card: i64 = sqlx::query_scalar("SELECT id FROM cards WHERE application_id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    (holder, id, card)
}

/// A QR token for `card` as the holder's page makes it at `at` (seconds since 1970).
async fn token(app: &TestApp, keys: &app::ecard::keys::EcardKeys, card: i64, at: i64) -> String {
    app::ecard::db::mint(&app.pool, keys, card, at).await.unwrap().0
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive().to_string()
}

fn problem(got: &Result<serde_json::Value, AppError>, field: Field) -> Option<Problem> {
    got.as_ref().err().and_then(|e| e.problem_with(field))
}

async fn checks_logged(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM verifications").fetch_one(&app.pool).await.unwrap()
}

/// Issue 12, "Done when" at the HTTP level: the holder's page shows a signed code and a short
/// code; the hospital reads either and learns the masked name, the photo and one health check
/// left; records it, sees none left, is refused a second; the holder has the receipt and sees the
/// check in the tracker.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_hospital_checks_the_e_card_and_records_the_health_check(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (mut holder, _, card) = holder_with_card(&app, "ecard.holder", "622202000001201").await;

    // The holder's page: the QR as SVG, the short code, the masked number, the quota.
    let (status, html) = holder.get("/my-card").await;
    assert_eq!(status, 200);
    assert!(html.contains("<svg") && html.contains("data-ecard-qr") && html.contains("aria-label=\"电子人才卡二维码\""), "no QR code on the page");
    assert!(html.contains("6222 **** ****"), "the card number is not masked");
    assert!(html.contains("ecard.webmanifest"), "the e-card page is not installable on its own");
    assert!(html.contains("data-service=\"health_check\" data-left=\"1\""), "the holder does not see one health check left");
    let code = holder.call("ecard_code", &[]).await.unwrap();
    let short = code["short_code"].as_str().unwrap().to_string();
    assert_eq!(short.len(), 9, "ABCD-EFGH: {short}");
    // The island's refresh: a new code each time, never cached.
    let (status, json) = holder.get("/my-card/code.json").await;
    assert_eq!(status, 200);
    let fresh: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_ne!(fresh["short_code"], code["short_code"]);

    // The hospital scans the QR.
    let mut hospital = app.as_user("hospital").await;
    let qr = token(&app, &app.state.settings.ecard, card, now()).await;
    assert!(qr.starts_with("YJK1:") && !qr.contains("张") && !qr.contains("44011119900307"), "the token carries personal data");
    let check = hospital.call("verify_code", &[("code", &qr)]).await.unwrap().as_i64().unwrap();
    let verdict = hospital.call("verification", &[("id", &check.to_string())]).await.unwrap();
    let valid = &verdict["Valid"];
    assert_eq!(valid["masked_name"], "张*明");
    assert_eq!(valid["has_photo"], true);
    assert_eq!(valid["offers"], serde_json::json!([
        {"service": "HealthCheck", "left": 1, "quota": 1},
        {"service": {"Of": "Medical"}, "left": null, "quota": null},
    ]));
    assert!(!verdict.to_string().contains("44011119900307") && !verdict.to_string().contains("广州白云测试科技"), "the verdict tells more than it may");
    let (status, _) = hospital.get(&format!("/verify/checks/{check}/photo")).await;
    assert_eq!(status, 200);
    // Another counter cannot use this check's photo.
    assert_eq!(app.as_user("airport").await.get(&format!("/verify/checks/{check}/photo")).await.0, 404);

    // Recorded once; the second is refused and changes nothing.
    let record = hospital.call("record_service", &[("check", &check.to_string()), ("service", "health_check"), ("served_on", &today()), ("note", "体检中心")]).await;
    assert!(record.is_ok(), "{record:?}");
    let verdict = hospital.call("verification", &[("id", &check.to_string())]).await.unwrap();
    assert_eq!(verdict["Valid"]["offers"][0]["left"], 0);
    let again = hospital.call("record_service", &[("check", &check.to_string()), ("service", "health_check"), ("served_on", &today())]).await;
    assert_eq!(problem(&again, Field::Service), Some(Problem::QuotaUsed));
    let entries: i64 = sqlx::query_scalar("SELECT count(*) FROM service_records").fetch_one(&app.pool).await.unwrap();
    assert_eq!(entries, 1);

    // By the short code, too (a counter without a camera).
    let by_code = hospital.call("verify_code", &[("code", &short.to_lowercase())]).await.unwrap().as_i64().unwrap();
    assert!(hospital.call("verification", &[("id", &by_code.to_string())]).await.unwrap()["Valid"].is_object());

    // The holder: a receipt in the inbox, the checks in the tracker, none left on the card page.
    let receipts = holder.call("service_receipts", &[]).await.unwrap();
    assert_eq!(receipts[0]["service"], "HealthCheck");
    assert_eq!(receipts[0]["org_zh"], "白云区人民医院");
    let (_, inbox) = holder.get("/inbox").await;
    assert!(inbox.contains("data-testid=\"receipts\"") && inbox.contains("年度免费健康体检"), "no receipt in the inbox");
    let tracker = holder.call("data_tracker", &[]).await.unwrap();
    let checks = tracker["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 2);
    assert_eq!((checks[1]["method"].as_str(), checks[1]["valid"].as_bool()), (Some("qr"), Some(true)));
    assert_eq!(checks[1]["services"], serde_json::json!([["health_check", false]]));
    assert_eq!(checks[0]["method"], "code");
    let (_, html) = holder.get("/my-card").await;
    assert!(html.contains("data-service=\"health_check\" data-left=\"0\""), "the holder's page does not show the quota used");
    // Another applicant gets none of it: no code, no receipts, no checks, no photo.
    let mut stranger = app.as_new_applicant("ecard.stranger").await;
    assert_eq!(stranger.call("ecard_code", &[]).await.unwrap(), serde_json::Value::Null);
    assert_eq!(stranger.call("service_receipts", &[]).await.unwrap(), serde_json::json!([]));
    assert_eq!(stranger.call("data_tracker", &[]).await.unwrap(), serde_json::json!({"checks": [], "views": []}));
    assert_eq!(stranger.get("/my-card/photo").await.0, 404);
    assert_eq!(stranger.get("/my-card/code.json").await.0, 404);
    // Another provider organisation does not see the hospital's entries.
    assert_eq!(app.as_user("airport").await.call("org_service_records", &[]).await.unwrap(), serde_json::json!([]));
}

/// Issue 12, "Bad input" and "Done when": a token replayed after its 2 minutes, a token signed by
/// another key (a forgery, or a test site's code at production's counter), garbage, an expired
/// short code — each refused with its own message and logged as a failed check (against the card
/// when it is known, so the holder sees it); a token of a suspended card is simply not valid.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn replayed_forged_and_expired_codes_are_refused(pool: sqlx::PgPool) {
    let app = TestApp::with_settings(pool, app::context::Settings { verify_per_minute: 30, ..Default::default() }).await;
    let (mut holder, _, card) = holder_with_card(&app, "replay.holder", "622202000001202").await;
    let mut hospital = app.as_user("hospital").await;
    let ours = &app.state.settings.ecard;

    // Captured and replayed after its expiry.
    let captured = token(&app, ours, card, now() - 121).await;
    let before = checks_logged(&app).await;
    let got = hospital.call("verify_code", &[("code", &captured)]).await;
    assert_eq!(problem(&got, Field::EcardCode), Some(Problem::CodeExpired), "{got:?}");
    // Still good within its 2 minutes.
    let recent = token(&app, ours, card, now() - 100).await;
    let earlier = hospital.call("verify_code", &[("code", &recent)]).await.unwrap().to_string();
    assert!(hospital.call("verification", &[("id", &earlier)]).await.unwrap()["Valid"].is_object());
    // Signed with another key: the same layout, the right card reference, not ours.
    let other = app::ecard::keys::EcardKeys::in_memory();
    let forged = token(&app, &other, card, now()).await;
    let got = hospital.call("verify_code", &[("code", &forged)]).await;
    assert_eq!(problem(&got, Field::EcardCode), Some(Problem::CodeNotOurs), "{got:?}");
    for garbage in ["YJK1:AAAA", "https://evil.example/YJK1", "", "ZZZZ-ZZZZ"] {
        let got = hospital.call("verify_code", &[("code", garbage)]).await;
        assert_eq!(problem(&got, Field::EcardCode), Some(Problem::CodeNotOurs), "{garbage}: {got:?}");
    }
    // What was typed comes back in the field.
    assert_eq!(hospital.call("verify_code", &[("code", "ZZZZ-ZZZZ")]).await.unwrap_err().echo(Field::EcardCode), Some("ZZZZ-ZZZZ"));
    // A short code past its 2 minutes.
    let short = holder.call("ecard_code", &[]).await.unwrap()["short_code"].as_str().unwrap().to_string();
    sqlx::query("UPDATE ecard_codes SET expires_at = now() - interval '1 second'").execute(&app.pool).await.unwrap();
    let got = hospital.call("verify_code", &[("code", &short)]).await;
    assert_eq!(problem(&got, Field::EcardCode), Some(Problem::CodeExpired), "{got:?}");
    let (logged, valid, of_the_card): (i64, i64, i64) =
        sqlx::query_as("SELECT count(*), count(*) FILTER (WHERE valid), count(*) FILTER (WHERE card_id = $1) FROM verifications")
            .bind(card)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((logged - before, valid, of_the_card), (9, 1, 3), "refused codes are not logged as failed checks");
    let tracker = holder.call("data_tracker", &[]).await.unwrap();
    let seen: Vec<_> = tracker["checks"].as_array().unwrap().iter().map(|c| (c["method"].as_str().unwrap().to_string(), c["valid"].as_bool().unwrap())).collect();
    assert_eq!(seen, vec![("code".to_string(), false), ("qr".to_string(), true), ("qr".to_string(), false)], "the holder does not see the replayed codes");

    // A fresh, genuine token of a card whose talent services are suspended: not valid, and
    // nothing can be recorded on it; the holder's page shows no code.
    let fresh = token(&app, ours, card, now()).await;
    sqlx::query("UPDATE cards SET talent_status = 'suspended' WHERE id = $1").bind(card).execute(&app.pool).await.unwrap();
    let check = hospital.call("verify_code", &[("code", &fresh)]).await.unwrap();
    assert_eq!(hospital.call("verification", &[("id", &check.to_string())]).await.unwrap(), serde_json::json!("NotValid"));
    // A check made while the card was in force no longer shows it valid, nor its photo.
    assert_eq!(hospital.call("verification", &[("id", &earlier)]).await.unwrap(), serde_json::json!("NotValid"));
    assert_eq!(hospital.get(&format!("/verify/checks/{earlier}/photo")).await.0, 404);
    let got = hospital.call("record_service", &[("check", &check.to_string()), ("service", "health_check"), ("served_on", &today())]).await;
    assert_eq!(problem(&got, Field::Service), Some(Problem::CheckNotValid));
    assert_eq!(holder.call("ecard_code", &[]).await.unwrap(), serde_json::Value::Null);
    // The public keys name the key that signs.
    let (status, keys) = app.anonymous().get("/.well-known/yunju-ecard-keys.json").await;
    assert_eq!(status, 200);
    let keys: serde_json::Value = serde_json::from_str(&keys).unwrap();
    assert_eq!(keys["keys"][0]["crv"], "Ed25519");
    assert_eq!(keys["keys"].as_array().unwrap().len(), 1);
}

/// Issue 12, "Done when": 50 counters redeem the last airport use of the year at once; exactly
/// one succeeds, the quota never goes past 2.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn fifty_counters_redeem_the_last_airport_use_and_one_wins(pool: sqlx::PgPool) {
    const CROWD: usize = 50;
    let app = TestApp::new(pool.clone()).await;
    let (_, _, card) = holder_with_card(&app, "race.holder", "622202000001203").await;
    let mut airport = app.as_user("airport").await;
    let qr = token(&app, &app.state.settings.ecard, card, now()).await;
    let check = airport.call("verify_code", &[("code", &qr)]).await.unwrap().as_i64().unwrap().to_string();
    // The first of the two uses.
    airport.call("record_service", &[("check", &check), ("service", "airport_vip"), ("served_on", &today())]).await.unwrap();

    // Everyone reaches the quota's row while it is held, then all go at once.
    let results = common::race_behind_a_lock(pool, CROWD, "airport", "SELECT 1 FROM service_quota_use WHERE card_id = $1 FOR UPDATE", card, move |mut counter| {
        let check = check.clone();
        async move { counter.call("record_service", &[("check", &check), ("service", "airport_vip"), ("served_on", &today())]).await }
    })
    .await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter(|r| r.is_err()).all(|r| problem(r, Field::Service) == Some(Problem::QuotaUsed)), "{results:?}");
    let (used, entries): (i32, i64) = sqlx::query_as(
        "SELECT (SELECT used FROM service_quota_use WHERE card_id = $1), (SELECT count(*) FROM service_records WHERE card_id = $1)",
    )
    .bind(card)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((used, entries), (2, 2));
}

/// Issue 12, "Bad input": a provider recording another type's service or for a person it does not
/// reach or on a date out of range; a cancellation by another organisation, after 24 hours, or
/// twice. Each refused with its message, nothing changed; the ledger itself refuses edits.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_ledger_keeps_its_rules(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (mut holder, id, card) = holder_with_card(&app, "ledger.holder", "622202000001204").await;
    // The family section lists a spouse and a child (Art. 4(1)–(2)).
    let dependents = serde_json::json!([
        {"full_name": "李小红", "relation": "spouse", "birth_date": "1991-05-01", "id_type": "resident_id", "id_number": common::resident_id("44011119910501")},
        {"full_name": "张小明", "relation": "child", "birth_date": "2019-09-01", "id_type": "resident_id", "id_number": common::resident_id("44011120190901")},
    ]);
    sqlx::query("UPDATE applications SET answers = jsonb_set(answers::jsonb, '{family,dependents}', $2)::jsonb WHERE id = $1")
        .bind(id)
        .bind(&dependents)
        .execute(&app.pool)
        .await
        .unwrap();
    let qr = token(&app, &app.state.settings.ecard, card, now()).await;

    // The school desk sees the child only: masked, relation, birth year; never an ID number.
    let mut school = app.as_user("school").await;
    let check = school.call("verify_code", &[("code", &qr)]).await.unwrap().as_i64().unwrap().to_string();
    let verdict = school.call("verification", &[("id", &check)]).await.unwrap();
    assert_eq!(verdict["Valid"]["dependents"], serde_json::json!([{"index": 1, "masked_name": "张**", "relation": "Child", "birth_year": 2019}]));
    assert!(!verdict.to_string().contains("4401112019"), "a dependant's ID number reached the counter");
    let record = |who: &'static str, service: &'static str, on: String| {
        let check = check.clone();
        vec![("check", check), ("service", service.to_string()), ("served_for", who.to_string()), ("served_on", on)]
    };
    let call = |actor: &mut Actor, form: Vec<(&'static str, String)>| {
        let mut actor = actor.clone();
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            actor.call("record_service", &form).await
        }
    };
    let spouse = call(&mut school, record("dependent:0", "school_place", today())).await;
    assert_eq!(problem(&spouse, Field::ServedFor), Some(Problem::ServiceNotForThisPerson));
    let other_type = call(&mut school, record("holder", "health_check", today())).await;
    assert_eq!(problem(&other_type, Field::Service), Some(Problem::ServiceNotYourType));
    let tomorrow = (chrono::Utc::now() + chrono::Duration::hours(32)).date_naive().to_string();
    let future = call(&mut school, record("dependent:1", "school_place", tomorrow)).await;
    assert_eq!(problem(&future, Field::ServedOn), Some(Problem::ServiceDateOutOfRange));
    // Another counter's check is no check of this one.
    let mut hospital = app.as_user("hospital").await;
    let borrowed = call(&mut hospital, record("holder", "health_check", today())).await;
    assert_eq!(problem(&borrowed, Field::Service), Some(Problem::CheckNotValid));
    assert_eq!(sqlx::query_scalar::<_, i64>("SELECT count(*) FROM service_records").fetch_one(&app.pool).await.unwrap(), 0);
    let child = call(&mut school, record("dependent:1", "school_place", today())).await.unwrap().as_i64().unwrap().to_string();

    // The hospital's health check, cancelled: not by another organisation, by itself once, within 24 hours.
    let check = hospital.call("verify_code", &[("code", &qr)]).await.unwrap().as_i64().unwrap().to_string();
    let health = hospital.call("record_service", &[("check", &check), ("service", "health_check"), ("served_on", &today())]).await.unwrap().as_i64().unwrap().to_string();
    let by_other = school.call("cancel_service", &[("record", &health), ("reason", "不是我们的")]).await;
    assert_eq!(problem(&by_other, Field::CancelReason), Some(Problem::MayNotCancel));
    let no_reason = hospital.call("cancel_service", &[("record", &health), ("reason", " ")]).await;
    assert_eq!(problem(&no_reason, Field::CancelReason), Some(Problem::Required));
    hospital.call("cancel_service", &[("record", &health), ("reason", "录入错误，实为普通门诊")]).await.unwrap();
    let twice = hospital.call("cancel_service", &[("record", &health), ("reason", "再撤一次")]).await;
    assert_eq!(problem(&twice, Field::CancelReason), Some(Problem::MayNotCancel));
    // The use came back.
    let verdict = hospital.call("verification", &[("id", &check)]).await.unwrap();
    assert_eq!(verdict["Valid"]["offers"][0]["left"], 1);
    // After 24 hours, no more (the entry is moved back in time behind the log's trigger).
    let mut tx = app.pool.begin().await.unwrap();
    sqlx::query("ALTER TABLE service_records DISABLE TRIGGER service_records_append_only").execute(&mut *tx).await.unwrap();
    sqlx::query("UPDATE service_records SET created_at = now() - interval '25 hours' WHERE id = $1").bind(child.parse::<i64>().unwrap()).execute(&mut *tx).await.unwrap();
    sqlx::query("ALTER TABLE service_records ENABLE TRIGGER service_records_append_only").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    let late = school.call("cancel_service", &[("record", &child), ("reason", "晚了")]).await;
    assert_eq!(problem(&late, Field::CancelReason), Some(Problem::MayNotCancel));
    // The holder's receipts show the cancellation and its reason.
    let receipts = holder.call("service_receipts", &[]).await.unwrap();
    let cancelled: Vec<_> = receipts.as_array().unwrap().iter().filter(|r| r["cancelled"].is_string()).collect();
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0]["cancelled"], "录入错误，实为普通门诊");
    // Append-only: no edit, no removal, of entries or cancellations.
    for sql in ["UPDATE service_records SET note = 'x'", "DELETE FROM service_records", "UPDATE service_cancellations SET reason = 'x'", "DELETE FROM service_cancellations", "TRUNCATE service_records CASCADE", "DELETE FROM verifications"] {
        assert!(sqlx::query(sql).execute(&app.pool).await.is_err(), "{sql} was allowed");
    }
    // The dashboard counts what was not cancelled.
    let stats = app.as_user("hrss").await.call("dashboard", &[]).await.unwrap();
    assert_eq!(stats["service_use"]["by_month"].as_array().unwrap().iter().map(|r| r[2].as_i64().unwrap()).sum::<i64>(), 1);
    assert_eq!(stats["service_use"]["quotas"][0], serde_json::json!(["HealthCheck", 0, 0]));
    // Holders by status today, and the cards ending within 90 days (issue 13's dashboard).
    assert_eq!(stats["holders_by_status"], serde_json::json!([["active", 1]]));
    assert_eq!(stats["expiring_90_days"], 0);
    sqlx::query("UPDATE cards SET valid_until = CURRENT_DATE + 30 WHERE id = $1").bind(card).execute(&app.pool).await.unwrap();
    assert_eq!(app.as_user("talent_office").await.call("dashboard", &[]).await.unwrap()["expiring_90_days"], 1);
}

/// Issue 12, item 4: every official who opened the case page is in the holder's tracker (when,
/// which body), written in the same request; the holder's own looks are not.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_holder_sees_which_bodies_opened_the_case(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut holder = app.as_new_applicant("tracked.holder").await;
    let id = holder.new_draft("5").await;
    holder.submit(id, app.version_of(id).await).await.unwrap();
    holder.call("case", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(holder.call("data_tracker", &[]).await.unwrap()["views"], serde_json::json!([]));
    app.as_user("handling").await.call("case", &[("id", &id.to_string())]).await.unwrap();
    let (status, _) = app.as_user("hrss").await.get(&format!("/review/{id}")).await;
    assert_eq!(status, 200);
    let views = holder.call("data_tracker", &[]).await.unwrap()["views"].clone();
    let bodies: Vec<_> = views.as_array().unwrap().iter().map(|v| (v["role"].as_str().unwrap().to_string(), v["department_zh"].clone())).collect();
    assert_eq!(bodies, vec![("Hrss".to_string(), serde_json::Value::Null), ("HandlingDept".to_string(), serde_json::Value::Null)]);
    assert!(sqlx::query("DELETE FROM case_views").execute(&app.pool).await.is_err(), "the views' log can be erased");
    // Officials' names stay internal.
    let (_, html) = holder.get("/my-card").await;
    assert!(!html.contains("区人社局 复审员"), "an official's name reached the holder");
}
