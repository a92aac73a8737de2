//! The holder's requests (issue 19; RULES.md Art. 4): asked on the card, routed to the unit of the
//! type, answered through one lifecycle with working-day deadlines and an append-only log.
use crate::common;

use app::domain::calendar::{Calendar, DayKind};
use app::domain::{DomainError, Field, Problem};
use app::error::AppError;
use chrono::Duration;
use common::{card_number, TestApp};

/// A holder whose application records a spouse (0) and a child (1), with an issued card.
async fn holder_with_family(app: &TestApp, username: &str, card: &str) -> (common::Actor, i64) {
    let mut holder = app.as_new_applicant(username).await;
    let id = holder.new_draft("5").await;
    let sid = id.to_string();
    for (name, relation, birth, passport) in [("李丽", "spouse", "1991-02-03", "E23456789"), ("张小明", "child", "2019-06-01", "E12345678")] {
        holder
            .call("add_dependent", &[("id", &sid), ("full_name", name), ("relation", relation), ("birth_date", birth), ("id_type", "passport"), ("id_number", passport)])
            .await
            .unwrap();
    }
    holder.call("finish_family", &[("id", &sid), ("done", "yes")]).await.unwrap();
    holder.submit(id, app.version_of(id).await).await.unwrap();
    for (who, command) in [("handling", "pass"), ("industry_kgxj", "pass"), ("hrss", "pass"), ("talent_office", "approve")] {
        app.as_user(who).await.act(id, app.version_of(id).await, command, "同意").await.unwrap();
    }
    app.make_and_issue(&[(id, &card_number(card))]).await;
    (holder, id)
}

fn school_place(who: &str) -> Vec<(&'static str, String)> {
    vec![("request_type", "school_place".into()), ("for_whom", who.into()), ("school_stage", "primary".into()), ("preferred_schools", "白云区实验小学".into())]
}

async fn ask(holder: &mut common::Actor, form: &[(&'static str, String)]) -> Result<serde_json::Value, AppError> {
    holder.call("submit_request", &form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await
}

async fn request_id(app: &TestApp, holder: &str) -> i64 {
    sqlx::query_scalar("SELECT r.id FROM service_requests r JOIN users u ON u.id = r.holder_id WHERE u.username = $1 ORDER BY r.id DESC LIMIT 1")
        .bind(holder)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn step(actor: &mut common::Actor, id: i64, command: &str, extra: &[(&str, &str)]) -> Result<serde_json::Value, AppError> {
    let view = actor.call("service_request", &[("id", &id.to_string())]).await?;
    let version = view["version"].to_string();
    let mut form = vec![("id", id.to_string()), ("version", version), ("command", command.to_string())];
    form.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    actor.call("request_step", &form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await
}

/// Art. 4(2): a school place for a recorded child — the education bureau returns it for a missing
/// document, the holder answers, it is accepted and done with a place; the holder sees each step.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_school_place_is_asked_returned_answered_and_given(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (mut holder, _) = holder_with_family(&app, "request.school", "622202000009001").await;
    ask(&mut holder, &school_place("dependent:1")).await.unwrap();
    let id = request_id(&app, "request.school").await;
    // The education bureau's queue has it, masked; nobody else's does.
    let mut jyj = app.as_user("industry_jyj").await;
    let queue = jyj.call("request_queue", &[]).await.unwrap();
    assert_eq!((queue[0]["id"].as_i64(), queue[0]["holder"].as_str()), (Some(id), Some("张*明")));
    assert_eq!(app.as_user("industry_kgxj").await.call("request_queue", &[]).await.unwrap(), serde_json::json!([]));
    // Search: the request's number, the start of the holder's name; the kind filter.
    for (q, of_type, found) in [(id.to_string(), "", true), ("张三".into(), "", true), ("李".into(), "", false), (String::new(), "school_place", true), (String::new(), "hukou", false)] {
        let list = jyj.call("request_queue", &[("q", &q), ("of_type", of_type)]).await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), usize::from(found), "{q:?} {of_type:?}");
    }
    // Odd input is not found or no match, never an internal error.
    assert_eq!(jyj.call("request_queue", &[("q", "\u{0}张")]).await.unwrap().as_array().unwrap().len(), 1);
    assert_eq!(jyj.get("/requests/documents/%00").await.0, axum::http::StatusCode::NOT_FOUND);
    // An attachment over 10 MB is refused and names why.
    let big = vec![b'%'; 10 * 1024 * 1024 + 1];
    assert_eq!(holder.upload_to(&format!("/requests/{id}/documents"), &[], "big.pdf", &big).await, format!("/requests/{id}?upload_error=too_large#documents"));
    // The unit sees what the request needs: the child, the stage, the holder's contact.
    let view = jyj.call("service_request", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(view["for_dependent"], serde_json::json!(["张小明", "child"]));
    assert_eq!(view["phone"], "13800138000");
    assert_eq!(view["commands"], serde_json::json!(["Accept", "Return"]));
    // Returned for a document: the reason is required; the holder answers.
    let err = step(&mut jyj, id, "return", &[("reason", " ")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::ReturnReason), Some(Problem::Required));
    // A note on an acceptance is checked like any other text (no internal error for 2,001 characters).
    let err = step(&mut jyj, id, "accept", &[("note", &"注".repeat(2001))]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Opinion), Some(Problem::TooLong));
    step(&mut jyj, id, "return", &[("reason", "请补充户口簿及居住证明")]).await.unwrap();
    let mine = holder.call("service_request", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!((mine["status"].as_str(), mine["commands"].clone()), (Some("Returned"), serde_json::json!(["Resubmit", "Withdraw"])));
    assert_eq!(mine["events"][1]["note"], "请补充户口簿及居住证明");
    assert_eq!(mine["events"][1]["by"], "区教育局", "the body, never the official's name");
    // The holder is told in the inbox (the reason with it) and by e-mail; not of their own steps.
    let messages = holder.call("request_messages", &[]).await.unwrap();
    assert_eq!((messages[0]["to"].as_str(), messages[0]["note"].as_str(), messages[0]["unread"].as_bool()), (Some("Returned"), Some("请补充户口簿及居住证明"), Some(true)));
    assert_eq!(holder.call("request_messages", &[]).await.unwrap()[0]["unread"], false, "read once shown");
    // The document asked for: the application's upload rules; only the holder adds, the unit reads.
    let attach = format!("/requests/{id}/documents");
    assert_eq!(holder.upload_to(&attach, &[], "setup.exe", b"MZ\x90\x00").await, format!("/requests/{id}?upload_error=type#documents"));
    assert_eq!(app.as_user("industry_kgxj").await.upload_to(&attach, &[], "户口簿.pdf", common::PDF).await, "status 404 Not Found");
    assert_eq!(holder.upload_to(&attach, &[], "户口簿.pdf", common::PDF).await, format!("/requests/{id}#documents"));
    let view = jyj.call("service_request", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(view["documents"][0][0], "户口簿.pdf");
    let link = format!("/requests/documents/{}", view["documents"][0][1].as_str().unwrap());
    assert_eq!(jyj.get(&link).await, (axum::http::StatusCode::OK, String::from_utf8_lossy(common::PDF).into_owned()));
    assert_eq!(app.as_user("industry_kgxj").await.get(&link).await.0, axum::http::StatusCode::NOT_FOUND);
    step(&mut holder, id, "resubmit", &[("answer", "户口簿已上传")]).await.unwrap();
    // Accepted, in progress, done with a place from a date.
    step(&mut jyj, id, "accept", &[]).await.unwrap();
    step(&mut jyj, id, "start", &[]).await.unwrap();
    let err = step(&mut jyj, id, "finish", &[("outcome", "scheduled")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::OutcomeDate), Some(Problem::Required));
    let from = (app::context::today() + Duration::days(60)).to_string();
    step(&mut jyj, id, "finish", &[("outcome", "scheduled"), ("outcome_on", &from), ("note", "白云区实验小学一年级")]).await.unwrap();
    let done = holder.call("service_request", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!((done["status"].as_str(), done["outcome"].as_str(), done["outcome_on"].as_str()), (Some("Done"), Some("Scheduled"), Some(from.as_str())));
    let commands: Vec<&str> = done["events"].as_array().unwrap().iter().map(|e| e["command"].as_str().unwrap()).collect();
    assert_eq!(commands, ["Submit", "Return", "Resubmit", "Accept", "Start", "Finish"]);
    assert_eq!(done["commands"], serde_json::json!([]), "done is final");
    // One mail per step of the unit (return, accept, start, finish), to the application's address.
    let mails: Vec<String> = sqlx::query_scalar(
        "SELECT e.command FROM email_outbox o JOIN request_events e ON e.id = o.request_event_id WHERE e.request_id = $1 AND o.to_address = 'zhang@example.cn' ORDER BY o.id",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(mails, ["return", "accept", "start", "finish"]);
    let (subject, body) = server::outbox::request_content(id, app::domain::requests::RequestType::SchoolPlace, app::domain::requests::RequestStatus::Done, "https://yunju.example/requests/1");
    assert!(subject.contains("子女入学") && subject.contains("已办结") && subject.contains("Done"), "{subject}");
    assert!(body.contains(&format!("#{id}")) && body.contains("/requests/1"), "{body}");
    // The log is append-only; every official's view is recorded for the holder's tracker.
    assert!(sqlx::query("UPDATE request_events SET note = 'x'").execute(&app.pool).await.is_err());
    assert!(sqlx::query("DELETE FROM request_events").execute(&app.pool).await.is_err());
    let views: i64 = sqlx::query_scalar("SELECT count(*) FROM request_views WHERE request_id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert!(views >= 6, "{views}");
    let tracker = holder.call("data_tracker", &[]).await.unwrap();
    assert!(tracker["views"].as_array().unwrap().iter().any(|v| v.to_string().contains("区教育局")), "the holder's tracker names the body: {tracker}");
    // The pages, JS off: the holder's list and the request.
    let (status, page) = holder.get(&format!("/requests/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("白云区实验小学一年级") && page.contains("已安排"), "{page}");
}

/// Bad input: a school place for the spouse or someone not recorded, a second open request for the
/// same person, 2,001 characters, an apartment for a home owner, another unit acting, another
/// holder looking, a card no longer active: each refused with its own message, nothing lost.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn requests_are_refused_clearly_and_keep_what_was_typed(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (mut holder, case) = holder_with_family(&app, "request.bad", "622202000009002").await;
    for who in ["dependent:0", "dependent:5", "self"] {
        let err = ask(&mut holder, &school_place(who)).await.unwrap_err();
        assert_eq!(err.problem_with(Field::ServedFor), Some(Problem::ServiceNotForThisPerson), "{who}");
        assert_eq!(err.echo(Field::PreferredSchools), Some("白云区实验小学"));
    }
    ask(&mut holder, &school_place("dependent:1")).await.unwrap();
    let err = ask(&mut holder, &school_place("dependent:1")).await.unwrap_err();
    assert_eq!(err.problem_with(Field::RequestType), Some(Problem::RequestAlreadyOpen));
    let long = "问".repeat(2001);
    let err = ask(&mut holder, &[("request_type", "problem".into()), ("for_whom", "self".into()), ("text", long.clone())]).await.unwrap_err();
    assert_eq!((err.problem_with(Field::Opinion), err.echo(Field::Opinion)), (Some(Problem::TooLong), Some(long.as_str())));
    let flat = [("request_type", "apartment".into()), ("for_whom", "self".into()), ("household_size", "3".into()), ("owns_home", "yes".into())];
    assert_eq!(ask(&mut holder, &flat).await.unwrap_err().problem_with(Field::OwnsHome), Some(Problem::OwnsHomeInCity));

    let id = request_id(&app, "request.bad").await;
    // Another unit, another holder, a provider: the request does not exist for them.
    let mut kgxj = app.as_user("industry_kgxj").await;
    assert_eq!(step(&mut kgxj, id, "accept", &[]).await, Err(AppError::NotFound));
    let mut stranger = app.as_new_applicant("request.stranger").await;
    assert_eq!(stranger.call("service_request", &[("id", &id.to_string())]).await, Err(AppError::NotFound));
    assert_eq!(app.as_user("hospital").await.call("service_request", &[("id", &id.to_string())]).await, Err(AppError::Forbidden));
    // The holder does not accept their own request; the unit does not withdraw it.
    assert_eq!(step(&mut holder, id, "accept", &[]).await, Err(AppError::Domain(DomainError::RoleMayNot)));
    // Someone without a card cannot ask at all.
    let err = ask(&mut stranger, &school_place("dependent:1")).await.unwrap_err();
    assert_eq!(err.problem_with(Field::RequestType), Some(Problem::CardNotActive));

    // The card is terminated: from that moment the open request reads as closed, the queue drops
    // it, the next step closes it in the database, and no new request can be made.
    let mut hrss = app.as_user("hrss").await;
    hrss.upload_termination_document(case).await;
    hrss.call("terminate_card", &[("id", &case.to_string()), ("ground", "fraud"), ("reason", "材料造假")]).await.unwrap();
    let mine = holder.call("my_requests", &[]).await.unwrap();
    assert_eq!(mine[0]["status"], "Closed");
    let mut jyj = app.as_user("industry_jyj").await;
    assert_eq!(jyj.call("request_queue", &[]).await.unwrap(), serde_json::json!([]));
    let version: i32 = sqlx::query_scalar("SELECT version FROM service_requests WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    let refused = jyj.call("request_step", &[("id", &id.to_string()), ("version", &version.to_string()), ("command", "accept")]).await;
    assert_eq!(refused.unwrap_err().problem_with(Field::Opinion), Some(Problem::RequestClosedCardEnded));
    let stored: String = sqlx::query_scalar("SELECT status FROM service_requests WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, "closed");
    let err = ask(&mut holder, &[("request_type", "legal".into()), ("for_whom", "self".into())]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::RequestType), Some(Problem::CardNotActive));
}

/// Art. 4(11): a problem goes to HRSS's talent section, which passes it on to the unit that can
/// solve it, with a note; that unit finishes it. A type with no unit routed is still stored and
/// HRSS routes it.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_problem_is_passed_on_and_solved_and_an_unrouted_request_reaches_hrss(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (mut holder, _) = holder_with_family(&app, "request.problem", "622202000009003").await;
    ask(&mut holder, &[("request_type", "problem".into()), ("for_whom", "self".into()), ("text", "孩子转学需要户籍证明，派出所说要等三个月".into())]).await.unwrap();
    let id = request_id(&app, "request.problem").await;
    let mut rck = app.as_user("industry_rck").await;
    for nowhere in ["nowhere", "jyj\u{0}", "rck"] {
        let err = step(&mut rck, id, "pass_on", &[("pass_to", nowhere), ("pass_note", "请协助")]).await.unwrap_err();
        assert_eq!(err.problem_with(Field::Department), Some(Problem::UnknownChoice), "{nowhere:?}");
    }
    let err = step(&mut rck, id, "pass_on", &[("pass_to", "jyj"), ("pass_note", "")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::PassOnNote), Some(Problem::Required));
    step(&mut rck, id, "pass_on", &[("pass_to", "jyj"), ("pass_note", "涉及入学，请教育局协调")]).await.unwrap();
    assert_eq!(rck.call("service_request", &[("id", &id.to_string())]).await, Err(AppError::NotFound), "passed on, it is the other unit's");
    let mut jyj = app.as_user("industry_jyj").await;
    step(&mut jyj, id, "accept", &[]).await.unwrap();
    step(&mut jyj, id, "finish", &[("outcome", "granted"), ("note", "已协调派出所当周出具证明")]).await.unwrap();
    let done = holder.call("service_request", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(done["status"], "Done");
    assert_eq!(done["events"][1]["note"], "涉及入学，请教育局协调");
    // Only a problem is passed on by its unit.
    ask(&mut holder, &school_place("dependent:1")).await.unwrap();
    let school = request_id(&app, "request.problem").await;
    assert_eq!(step(&mut jyj, school, "pass_on", &[("pass_to", "rck"), ("pass_note", "x")]).await, Err(AppError::Domain(DomainError::NotInThisState)));

    // No unit routed for legal advice: stored, in HRSS's list, routed by HRSS.
    let mut admin = app.as_user("admin").await;
    let err = admin.call("set_request_route", &[("request_type", "company_registration"), ("department_code", "scjgj"), ("done_working_days", "3")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Months), Some(Problem::NumberOutOfRange), "Art. 4(5): at most 2 working days");
    admin.call("set_request_route", &[("request_type", "legal"), ("department_code", ""), ("done_working_days", "10")]).await.unwrap();
    let (_, routing) = admin.get("/admin/routing").await;
    assert!(routing.contains("unrouted-types") && routing.contains("法律顾问"), "the admin is told which type has no unit");
    ask(&mut holder, &[("request_type", "legal".into()), ("for_whom", "self".into()), ("text", "劳动合同咨询".into())]).await.unwrap();
    let legal = request_id(&app, "request.problem").await;
    let mut hrss = app.as_user("hrss").await;
    let list = hrss.call("request_queue", &[]).await.unwrap();
    assert_eq!(list[0]["id"].as_i64(), Some(legal));
    let view = hrss.call("service_request", &[("id", &legal.to_string())]).await.unwrap();
    assert_eq!(view["commands"], serde_json::json!(["PassOn"]));
    assert_eq!(step(&mut hrss, legal, "accept", &[]).await, Err(AppError::Domain(DomainError::RoleMayNot)));
    step(&mut hrss, legal, "pass_on", &[("pass_to", "sfj"), ("pass_note", "请司法局安排法律顾问")]).await.unwrap();
    let unit: Option<String> = sqlx::query_scalar("SELECT department_code FROM service_requests WHERE id = $1").bind(legal).fetch_one(&app.pool).await.unwrap();
    assert_eq!(unit.as_deref(), Some("sfj"));

    // The Talent Office watches: by kind and unit, the medians, the overdue ones; the CSV.
    let mut office = app.as_user("talent_office").await;
    let figures = office.call("request_stats", &[]).await.unwrap();
    let rows = figures["by_type_and_unit"].as_array().unwrap();
    assert!(rows.contains(&serde_json::json!(["Problem", "区教育局", 1])), "{figures}");
    assert!(rows.contains(&serde_json::json!(["Legal", "区司法局", 1])), "{figures}");
    assert_eq!(figures["median_to_finish"], 0.0, "accepted and finished the same day");
    let (status, csv) = office.get("/requests/export.csv").await;
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 4, "a header and three requests: {csv}");
    assert!(csv.contains("反映问题") && csv.contains("区司法局") && !csv.contains("张三明"), "no personal data: {csv}");
    assert_eq!(holder.get("/requests/export.csv").await.0, axum::http::StatusCode::NOT_FOUND);
}

/// Two officials accept the same request at once (both inside their transactions, proven by the
/// lock they wait on): exactly one wins, the other is told it was already handled.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn two_officials_accepting_at_once_one_wins(pool: sqlx::PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let (mut holder, _) = holder_with_family(&app, "request.race", "622202000009004").await;
    ask(&mut holder, &school_place("dependent:1")).await.unwrap();
    let id = request_id(&app, "request.race").await;
    let results = common::race_behind_a_lock(pool, 2, "industry_jyj", "SELECT 1 FROM service_requests WHERE id = $1 FOR UPDATE", id, move |mut official| async move {
        official.call("request_step", &[("id", &id.to_string()), ("version", "1"), ("command", "accept")]).await
    })
    .await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.contains(&Err(AppError::Conflict)), "{results:?}");
    let accepts: i64 = sqlx::query_scalar("SELECT count(*) FROM request_events WHERE request_id = $1 AND command = 'accept'").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(accepts, 1);
}

/// The deadline to accept is 2 working days on the calendar reviews use: a public holiday moves it.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_deadline_moves_over_a_public_holiday(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (mut holder, _) = holder_with_family(&app, "request.holiday", "622202000009005").await;
    let today = app::context::today();
    let holidays: Vec<chrono::NaiveDate> = (1..=3).map(|n| today + Duration::days(n)).collect();
    for day in &holidays {
        sqlx::query("INSERT INTO calendar_days (day, kind, note) VALUES ($1, 'holiday', '测试假日') ON CONFLICT (day) DO UPDATE SET kind = 'holiday'")
            .bind(day)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    ask(&mut holder, &school_place("dependent:1")).await.unwrap();
    let id = request_id(&app, "request.holiday").await;
    let accept_by: chrono::NaiveDate = sqlx::query_scalar("SELECT accept_by FROM service_requests WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    let with = Calendar::new(holidays.iter().map(|d| (*d, DayKind::Holiday))).add_working_days(today, 2);
    let without = Calendar::new(std::iter::empty()).add_working_days(today, 2);
    assert_eq!(accept_by, with);
    assert!(accept_by > without, "three days off push it past {without}");
}

/// A suspension closes the holder's open requests on its day (the scheduled work writes it down,
/// with the holder told); a later reactivation does not reopen them. Company registration is done
/// within 2 working days of acceptance (Art. 4(5)).
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_suspension_closes_open_requests_and_company_registration_takes_two_days(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let (mut holder, case) = holder_with_family(&app, "request.suspended", "622202000009006").await;
    let company = [("request_type", "company_registration".into()), ("for_whom", "self".into()), ("filing", "change".into()), ("registry_reference", "穗白市监变〔2026〕88 号".into())];
    ask(&mut holder, &company).await.unwrap();
    let id = request_id(&app, "request.suspended").await;
    let mut scjgj = app.as_new_applicant("scjgj.placeholder").await;
    sqlx::query("UPDATE users SET role = 'industry_dept', department_code = 'scjgj' WHERE username = 'scjgj.placeholder'").execute(&app.pool).await.unwrap();
    scjgj.call("login", &[("username", "scjgj.placeholder"), ("password", "long enough")]).await.unwrap();
    step(&mut scjgj, id, "accept", &[]).await.unwrap();
    let today = app::context::today();
    let days: Vec<(chrono::NaiveDate, String)> = sqlx::query_as("SELECT day, kind FROM calendar_days").fetch_all(&app.pool).await.unwrap();
    let calendar = Calendar::new(days.into_iter().map(|(d, k)| (d, if k == "holiday" { DayKind::Holiday } else { DayKind::MakeUpWorkday })));
    let done_by: chrono::NaiveDate = sqlx::query_scalar("SELECT done_by FROM service_requests WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(done_by, calendar.add_working_days(today, 2));
    ask(&mut holder, &school_place("dependent:1")).await.unwrap();

    // A suspension filed for the 1st of next month leaves them open until that day.
    sqlx::query("UPDATE cards SET talent_status = 'suspended', talent_before = 'active', talent_since = CURRENT_DATE + 30 WHERE application_id = $1")
        .bind(case)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app::jobs::db::run(&app.pool, app::context::today()).await.unwrap().closed_requests, 0);
    // Suspended from today (the 1st of the month has come): both read closed at once, and the
    // scheduled work closes them, telling the holder.
    sqlx::query("UPDATE cards SET talent_status = 'suspended', talent_before = 'active', talent_since = CURRENT_DATE WHERE application_id = $1")
        .bind(case)
        .execute(&app.pool)
        .await
        .unwrap();
    let statuses: Vec<String> = holder.call("my_requests", &[]).await.unwrap().as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap().to_string()).collect();
    assert_eq!(statuses, ["Closed", "Closed"]);
    let work = app::jobs::db::run(&app.pool, app::context::today()).await.unwrap();
    assert_eq!(work.closed_requests, 2);
    assert_eq!(app::jobs::db::run(&app.pool, app::context::today()).await.unwrap().closed_requests, 0, "once");
    let messages = holder.call("request_messages", &[]).await.unwrap();
    assert_eq!(messages[0]["to"], "Closed");
    // Reactivated: what was closed stays closed; the holder may ask again.
    sqlx::query("UPDATE cards SET talent_status = 'active', talent_before = 'suspended', talent_since = CURRENT_DATE WHERE application_id = $1")
        .bind(case)
        .execute(&app.pool)
        .await
        .unwrap();
    let statuses: Vec<String> = holder.call("my_requests", &[]).await.unwrap().as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap().to_string()).collect();
    assert_eq!(statuses, ["Closed", "Closed"]);
    ask(&mut holder, &school_place("dependent:1")).await.unwrap();
}
