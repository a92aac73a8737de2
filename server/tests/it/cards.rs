//! The card's way after the decision (issue 11; Art. 5(6)–(7), Art. 6): order batches, the bank's
//! result files with every kind of bad line, issuing and its notices, the card's two tracks and
//! their append-only log.
use crate::common;

use app::error::AppError;
use common::{card_number, resident_id, TestApp};

/// A case filed by `applicant`, through every review to the Leading Group's approval.
pub async fn approved_case(app: &TestApp, applicant: &mut common::Actor) -> i64 {
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    for (who, command) in [("handling", "pass"), ("industry_kgxj", "pass"), ("hrss", "pass"), ("talent_office", "approve")] {
        app.as_user(who).await.act(id, app.version_of(id).await, command, "同意").await.unwrap();
    }
    assert_eq!(app.status_of(id).await, "approved");
    id
}

fn id_of(report_path: &str) -> String {
    report_path.strip_prefix("/bank/imports/").unwrap_or_else(|| panic!("not a report: {report_path}")).to_string()
}

/// Issue 11, "Bad input": one result file with a wrong ID number, a card number used by another
/// card, a Luhn error, a line twice, an unknown column, Excel's formula prefixes and text forms —
/// each problem named, the good lines in, nothing half-applied; the same file again changes
/// nothing; all-or-nothing applies nothing; a line of a closed batch; an empty, a 30 MB and a
/// GB18030 file.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_result_file_applies_its_good_lines_and_names_each_bad_one(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("result.file").await;
    let mut ids = Vec::new();
    for _ in 0..6 {
        ids.push(approved_case(&app, &mut applicant).await);
    }
    // Case 0 already has a card from an earlier batch: its number is taken.
    let taken = card_number("622202000000101");
    app.make_and_issue(&[(ids[0], &taken)]).await;
    let mut hrss = app.as_user("hrss").await;
    hrss.send_to_bank(&ids[1..]).await.unwrap();
    let line: Vec<i64> = futures_lines(&app, &ids).await;
    let person = resident_id("44011119900307");
    let wrong_person = resident_id("44011119900308");
    let (good_a, good_b) = (card_number("622202000000102"), card_number("622202000000103"));
    let csv = format!(
        "order_line_id,id_number,card_number,refusal_reason,备注\r\n\
         {l1},{person},=\"{good_a}\",,ok\r\n\
         {l2},'{person},,照片不清晰,\r\n\
         {l3},{wrong_person},{good_b},,\r\n\
         {l4},{person},{taken},,\r\n\
         {l5},{person},6222021234567890,,\r\n\
         {l5},{person},{good_b},,\r\n\
         =1+1,{person},{good_b},,\r\n",
        l1 = line[1], l2 = line[2], l3 = line[3], l4 = line[4], l5 = line[5],
    );
    let bank = app.as_user("bank").await;
    let mut bank_fn = bank.clone();
    let report_path = bank.upload_results("结果.csv", csv.as_bytes(), false).await;
    let report = bank_fn.call("card_import", &[("id", &id_of(&report_path))]).await.unwrap();
    let r = &report["report"];
    let lines_of = |key: &str| r[key].as_array().unwrap().iter().map(|l| l["line_id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(lines_of("made"), [line[1]]);
    assert_eq!(lines_of("refused"), [line[2]]);
    assert_eq!(r["unknown_columns"], serde_json::json!(["备注"]));
    let problems: Vec<(u64, String)> =
        r["errors"].as_array().unwrap().iter().map(|e| (e["row"].as_u64().unwrap(), e["problem"].to_string())).collect();
    assert_eq!(
        problems,
        [
            (4, "\"IdMismatch\"".to_string()),
            (5, "\"CardTaken\"".into()),
            (6, "\"LineTwice\"".into()),
            (7, "\"LineTwice\"".into()),
            (8, "\"Formula\"".into()),
        ],
        "{report}"
    );
    // Good lines went in; every other case is untouched and its line still open.
    assert_eq!(app.status_of(ids[1]).await, "card_made");
    assert_eq!(app.status_of(ids[2]).await, "bank_refused");
    for &id in &ids[3..] {
        assert_eq!(app.status_of(id).await, "card_production");
        app.open_line_of(id).await;
    }
    assert_eq!(report["outstanding"].as_array().unwrap().len(), 3);

    // The same file again: nothing changes, the two lines are reported unchanged.
    let events_before: i64 = sqlx::query_scalar("SELECT count(*) FROM application_events").fetch_one(&app.pool).await.unwrap();
    let again = bank.upload_results("结果.csv", csv.as_bytes(), false).await;
    let report = bank_fn.call("card_import", &[("id", &id_of(&again))]).await.unwrap();
    assert_eq!(report["report"]["unchanged"].as_array().unwrap().len(), 2, "{report}");
    assert_eq!(report["report"]["made"], serde_json::json!([]));
    let events_after: i64 = sqlx::query_scalar("SELECT count(*) FROM application_events").fetch_one(&app.pool).await.unwrap();
    assert_eq!(events_before, events_after);

    // All or nothing: one bad line, nothing applied.
    let csv = format!("order_line_id,id_number,card_number\r\n{},{person},{good_b}\r\n{},{person},6222021234567890\r\n", line[3], line[4]);
    let path = bank.upload_results("all.csv", csv.as_bytes(), true).await;
    let report = bank_fn.call("card_import", &[("id", &id_of(&path))]).await.unwrap();
    assert_eq!(report["report"]["all_or_nothing_refused"], true);
    assert_eq!(report["report"]["made"], serde_json::json!([]));
    assert_eq!(app.status_of(ids[3]).await, "card_production");

    // A GB18030 file (what a spreadsheet in China saves) with a refusal in Chinese.
    let gbk = encoding_rs::GB18030.encode(&format!("order_line_id,id_number,refusal_reason\r\n{},{person},证件照背景不合格\r\n", line[3])).0.into_owned();
    let path = bank.upload_results("gbk.csv", &gbk, false).await;
    let report = bank_fn.call("card_import", &[("id", &id_of(&path))]).await.unwrap();
    assert_eq!(report["report"]["read_as_gb18030"], true);
    let reason: String = sqlx::query_scalar("SELECT refusal FROM card_order_lines WHERE id = $1").bind(line[3]).fetch_one(&app.pool).await.unwrap();
    assert_eq!(reason, "证件照背景不合格");

    // Empty, and 30 MB: the whole file is refused, with why.
    for (bytes, problem) in [(b"".to_vec(), "\"Empty\""), (vec![b'1'; 30 * 1024 * 1024], "\"TooLarge\"")] {
        let path = bank.upload_results("x.csv", &bytes, false).await;
        let report = bank_fn.call("card_import", &[("id", &id_of(&path))]).await.unwrap();
        assert_eq!(report["report"]["file_problem"].to_string(), problem);
    }

    // The batch of lines 4 and 5 closes once they are answered; a different answer for a line of
    // a closed batch is refused as such.
    let csv = format!("order_line_id,id_number,card_number\r\n{},{person},{good_b}\r\n{},{person},{}\r\n", line[4], line[5], card_number("622202000000104"));
    bank.upload_results("rest.csv", csv.as_bytes(), false).await;
    let csv = format!("order_line_id,id_number,refusal_reason\r\n{},{person},改主意了\r\n", line[4]);
    let path = bank.upload_results("late.csv", csv.as_bytes(), false).await;
    let report = bank_fn.call("card_import", &[("id", &id_of(&path))]).await.unwrap();
    assert_eq!(report["report"]["errors"][0]["problem"], "BatchClosed", "{report}");
    assert_eq!(report["outstanding"], serde_json::json!([]));
}

async fn futures_lines(app: &TestApp, ids: &[i64]) -> Vec<i64> {
    let mut lines = vec![0];
    for &id in &ids[1..] {
        lines.push(app.open_line_of(id).await);
    }
    lines
}

/// Art. 5(7): issuing starts the five years, opens both tracks with an `issued` event in the
/// append-only card log, and notifies the holder (inbox), the employer's agents, the industry
/// department and every provider (the provider: the masked name only). SYSTEM.md: the bank never
/// sees review material, and a made card is not valid until issued.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn issuing_opens_both_tracks_and_tells_every_unit(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    // Filed by the demo agent for its own unit: the unit hears of it.
    let mut agent = app.as_user("agent").await;
    let id = agent.new_draft("5").await;
    agent.submit(id, app.version_of(id).await).await.unwrap();
    for (who, command) in [("handling", "pass"), ("industry_kgxj", "pass"), ("hrss", "pass"), ("talent_office", "approve")] {
        app.as_user(who).await.act(id, app.version_of(id).await, command, "同意").await.unwrap();
    }
    let number = card_number("622202000000201");
    app.as_user("hrss").await.send_to_bank(&[id]).await.unwrap();
    let mut bank = app.as_user("bank").await;
    bank.record_card(app.open_line_of(id).await, &app.id_number_of(id).await, &number, "").await.unwrap();
    // Made, not issued: the card does not verify yet, and the holder has no card to show.
    let mut hospital = app.as_user("hospital").await;
    let person = resident_id("44011119900307");
    let check = hospital.call("verify_card", &[("card_number", &number), ("id_number", &person)]).await.unwrap();
    assert_eq!(hospital.call("verification", &[("id", &check.to_string())]).await.unwrap(), serde_json::json!("NotValid"));
    assert_eq!(app.as_user("talent_office").await.issue_cards(&[]).await, Err(AppError::invalid(app::domain::Field::Cases, app::domain::Problem::Required)));
    // Only the Talent Office issues, and only a made card.
    assert_eq!(bank.issue_cards(&[id]).await, Err(AppError::Forbidden));
    app.as_user("talent_office").await.issue_cards(&[id]).await.unwrap();
    assert_eq!(app.as_user("talent_office").await.issue_cards(&[id]).await, Err(AppError::Domain(app::domain::DomainError::NotInThisState)));

    let case = agent.call("case", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(case["card"]["status"], serde_json::json!({"talent": "active", "bank": "active"}));
    // The bank's list and HRSS's show both tracks too (Art. 6).
    for who in ["bank", "hrss"] {
        let cards = app.as_user(who).await.call("bank_cards", &[]).await.unwrap();
        assert_eq!((cards[0]["card_number"].as_str(), &cards[0]["status"]), (Some(number.as_str()), &serde_json::json!({"talent": "active", "bank": "active"})), "{who}");
    }
    let events: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT e.kind, e.talent_to, e.bank_to, e.actor_role::text FROM card_events e JOIN cards c ON c.id = e.card_id WHERE c.application_id = $1")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(events, [("issued".into(), "active".into(), "active".into(), Some("talent_office".into()))]);
    // The log refuses to be rewritten.
    for sql in ["UPDATE card_events SET reason = 'x'", "DELETE FROM card_events", "TRUNCATE card_events CASCADE"] {
        let err = sqlx::query(sql).execute(&app.pool).await.unwrap_err();
        assert!(err.to_string().contains("card_events is append-only"), "{sql}: {err}");
    }

    // The units: the agent and kgxj see whose card; the hospital and the airport the masked name.
    let notices = agent.call("card_notices", &[]).await.unwrap();
    assert_eq!((notices[0]["kind"].as_str(), notices[0]["name"].as_str()), (Some("issued"), Some("张三明")), "{notices}");
    let notices = app.as_user("industry_kgxj").await.call("card_notices", &[]).await.unwrap();
    assert_eq!(notices.as_array().unwrap().len(), 1);
    assert_eq!(app.as_user("industry_jyj").await.call("card_notices", &[]).await.unwrap(), serde_json::json!([]));
    for provider in ["hospital", "airport"] {
        let notices = app.as_user(provider).await.call("card_notices", &[]).await.unwrap();
        assert_eq!((notices[0]["name"].as_str(), &notices[0]["reference"]), (Some("张*明"), &serde_json::Value::Null), "{notices}");
    }
    // The holder (the agent filed it; a talent who claims it sees it the same way): the inbox.
    let inbox = agent.call("inbox", &[]).await.unwrap();
    assert_eq!(inbox[0]["command"], "Issue");
    // A mail to the contact address was queued with the change.
    let mails: i64 = sqlx::query_scalar("SELECT count(*) FROM email_outbox o JOIN application_events e ON e.id = o.event_id WHERE e.application_id = $1 AND e.command = 'issue'")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(mails, 1);
}

/// The holder's "my card": both tracks, the history; and what a reader sees of expiry never waits
/// for a job (Art. 6: talent services lapse at the end of the period).
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_holder_sees_both_tracks_and_an_expired_card_as_expired(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("my.card").await;
    let id = approved_case(&app, &mut applicant).await;
    assert_eq!(applicant.call("my_cards", &[]).await.unwrap(), serde_json::json!([]));
    let number = card_number("622202000000301");
    app.make_and_issue(&[(id, &number)]).await;
    let cards = applicant.call("my_cards", &[]).await.unwrap();
    // The e-card shows the number with its middle hidden (issue 12).
    assert_eq!(cards[0]["card_number"], app::domain::card::mask_card_number(&number));
    assert_eq!(cards[0]["status"], serde_json::json!({"talent": "active", "bank": "active"}));
    assert_eq!(cards[0]["events"][0]["kind"], "issued");
    // Another applicant sees none of it.
    assert_eq!(app.as_new_applicant("not.mine").await.call("my_cards", &[]).await.unwrap(), serde_json::json!([]));
    // Past its period, talent services read as expired; bank services are unaffected.
    sqlx::query("UPDATE cards SET issued_on = CURRENT_DATE - 1830, valid_until = CURRENT_DATE - 5 WHERE application_id = $1").bind(id).execute(&app.pool).await.unwrap();
    let cards = applicant.call("my_cards", &[]).await.unwrap();
    assert_eq!(cards[0]["status"], serde_json::json!({"talent": "expired", "bank": "active"}));
    let (status, html) = applicant.get("/my-card").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-status=\"expired\"") && html.contains("已到期"), "the page does not say expired");
}

/// The photo in a batch file is a link signed for 7 days: it works without a session; changed,
/// expired or for another line, it is nothing.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_batch_photo_link_works_signed_and_only_signed(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("photo.link").await;
    let id = approved_case(&app, &mut applicant).await;
    app.as_user("hrss").await.send_to_bank(&[id]).await.unwrap();
    let batch: i64 = sqlx::query_scalar("SELECT max(id) FROM card_order_batches").fetch_one(&app.pool).await.unwrap();
    let bank = app.as_user("bank").await;
    let res = bank.send(axum::http::Request::get(format!("/bank/batches/{batch}/lines.json"))).await;
    assert_eq!(res.status(), 200);
    let body = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let link = json["lines"][0]["photo_url"].as_str().unwrap().to_string();
    assert_eq!(json["lines"][0]["id_number"], resident_id("44011119900307").as_str());
    let nobody = app.anonymous();
    let (status, _) = nobody.get(&link).await;
    assert_eq!(status, 200, "{link}");
    let line = app.open_line_of(id).await;
    let tampered = [
        link.replace(&format!("/photos/{line}?"), &format!("/photos/{}?", line + 1)),
        link.replace("until=", "until=1"),
        // The signature's last character changed (to another one, whatever it was).
        format!("{}{}", &link[..link.len() - 1], if link.ends_with('0') { '1' } else { '0' }),
    ];
    for bad in tampered {
        assert_eq!(nobody.get(&bad).await.0, 404, "{bad}");
    }
    // The CSV carries the same columns, with the two to fill in.
    let res = bank.send(axum::http::Request::get(format!("/bank/batches/{batch}/lines.csv"))).await;
    let body = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
    let csv = String::from_utf8(body.to_vec()).unwrap();
    assert!(csv.starts_with("\u{feff}\"order_line_id\",\"reference\",\"name\",\"id_type\",\"id_number\",\"phone\",\"employer\",\"photo_url\",\"card_number\",\"refusal_reason\"\r\n"), "{csv}");
}

/// Issue 11, item 5: the admin sets up departments and providers by hand (a deployment without the
/// demo seed); bad input is refused with every problem named and what was typed kept; a new
/// provider is notified of the next card issued.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_admin_sets_up_departments_and_providers(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut admin = app.as_user("admin").await;
    let err = admin.call("save_department", &[("code", "Bad Code!"), ("name_zh", " "), ("name_en", "Culture Bureau")]).await.unwrap_err();
    assert_eq!(err.problem_with(app::domain::Field::DepartmentCode), Some(app::domain::Problem::UsernameFormat));
    assert_eq!(err.problem_with(app::domain::Field::NameZh), Some(app::domain::Problem::Required));
    assert_eq!(err.echo(app::domain::Field::NameEn), Some("Culture Bureau"));
    admin.call("save_department", &[("code", "wglj"), ("name_zh", "区文广旅体局"), ("name_en", "Culture Bureau")]).await.unwrap();
    admin.call("save_department", &[("code", "wglj"), ("name_zh", "区文化广电旅游体育局"), ("name_en", "Culture, Radio, Tourism and Sports Bureau")]).await.unwrap();
    let orgs = admin.call("organisations", &[]).await.unwrap();
    assert!(orgs["departments"].as_array().unwrap().contains(&serde_json::json!(["wglj", "区文化广电旅游体育局", "Culture, Radio, Tourism and Sports Bureau"])));

    let err = admin.call("save_provider_org", &[("org", ""), ("org_name_zh", "白云区图书馆"), ("org_name_en", "Library")]).await.unwrap_err();
    assert_eq!(err.problem_with(app::domain::Field::ServiceTypes), Some(app::domain::Problem::Required));
    assert_eq!(err.echo(app::domain::Field::OrgNameZh), Some("白云区图书馆"));
    let bogus = admin.call("save_provider_org", &[("org", ""), ("org_name_zh", "x"), ("org_name_en", "x"), ("service_types[]", "casino")]).await;
    assert!(bogus.is_err(), "an unknown service type was saved");
    admin.call("save_provider_org", &[("org", ""), ("org_name_zh", "白云区图书馆"), ("org_name_en", "Library"), ("service_types[]", "culture")]).await.unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM provider_orgs WHERE name_zh = '白云区图书馆'").fetch_one(&app.pool).await.unwrap();
    admin
        .call("save_provider_org", &[("org", &id.to_string()), ("org_name_zh", "白云区图书馆"), ("org_name_en", "Baiyun District Library"), ("service_types[]", "culture"), ("service_types[]", "other")])
        .await
        .unwrap();
    let types: Vec<String> = sqlx::query_scalar("SELECT service_types FROM provider_orgs WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(types, ["culture", "other"]);
    // A counter account of the new provider hears of the next card issued.
    admin
        .call("create_account", &[("username", "library.desk"), ("display_name", "图书馆服务台"), ("role", "provider"), ("password", "initial pass"), ("provider_org_id", &id.to_string())])
        .await
        .unwrap();
    let mut applicant = app.as_new_applicant("library.reader").await;
    let case = approved_case(&app, &mut applicant).await;
    app.make_and_issue(&[(case, &card_number("622202000000601"))]).await;
    let mut desk = app.anonymous();
    desk.call("login", &[("username", "library.desk"), ("password", "initial pass")]).await.unwrap();
    assert_eq!(desk.call("card_notices", &[]).await.unwrap()[0]["name"], "张*明");
}

/// A case the old flow had already sent to the bank (`card_production`, no order line) is put on
/// a batch by the migration, and the bank answers it like any other line.
#[sqlx::test(migrations = false)]
async fn a_case_at_the_bank_before_batches_existed_can_still_be_answered(pool: sqlx::PgPool) {
    server::MIGRATOR.run_to(20261202000002, &pool).await.unwrap();
    sqlx::query("INSERT INTO users (username, password_hash, role, display_name) VALUES ('old.talent', 'not a hash', 'applicant', '旧案')")
        .execute(&pool)
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO applications (applicant_id, filed_by, status, full_name, id_type, id_number, employer_name, credit_code,
                                   employer_type, months_in_district, talent_category, submitted_at, department_code, answers)
         SELECT u.id, u.id, 'card_production', '王旧案', 'passport', 'E00000001', '广州白云测试公司', '91440111MA59DE7W0X',
                'district_enterprise', 12, 5, now(), 'kgxj', '{}'::jsonb
           FROM users u WHERE u.username = 'old.talent' RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    server::MIGRATOR.run(&pool).await.unwrap();
    let app = TestApp::new(pool).await;
    let mut bank = app.as_user("bank").await;
    let lines = bank.call("open_order_lines", &[]).await.unwrap();
    assert_eq!(lines[0]["line_id"], app.open_line_of(id).await);
    bank.record_card(app.open_line_of(id).await, "E00000001", &card_number("622202000000701"), "").await.unwrap();
    assert_eq!(app.status_of(id).await, "card_made");
}

/// Art. 6(2) (issue 13, item 3): HRSS terminates a card for one of the article's grounds. Both
/// tracks end at once and for good; the card stops verifying; the providers' feed and the units
/// hear of it in the same transaction (a provider: that it ended, never why); the holder is told,
/// with the article cited. Nobody else may, and nobody may twice.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn hrss_terminates_a_card_and_everyone_concerned_hears_of_it(pool: sqlx::PgPool) {
    use app::domain::{DomainError, Field, Problem};
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("terminated.holder").await;
    let id = approved_case(&app, &mut applicant).await;
    let number = card_number("622202000000801");
    app.make_and_issue(&[(id, &number)]).await;
    let sid = id.to_string();
    let form = |ground: &'static str, reason: &'static str| vec![("id", sid.clone()), ("ground", ground.to_string()), ("reason", reason.to_string())];
    let call = |actor: &mut common::Actor, f: Vec<(&'static str, String)>| {
        let mut actor = actor.clone();
        async move { actor.call("terminate_card", &f.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await }
    };
    // Only HRSS.
    for who in ["talent_office", "industry_kgxj", "bank"] {
        let mut other = app.as_user(who).await;
        assert_eq!(call(&mut other, form("fraud", "x")).await, Err(AppError::Forbidden), "{who}");
    }
    let mut hrss = app.as_user("hrss").await;
    // A ground of the article and what happened, both required; what was typed is kept.
    let err = call(&mut hrss, form("bored", "  ")).await.unwrap_err();
    assert_eq!(err.problem_with(Field::TerminationGround), Some(Problem::Required));
    assert_eq!(err.problem_with(Field::Opinion), Some(Problem::Required));
    assert_eq!(err.echo(Field::TerminationGround), Some("bored"));
    // "With the reason and a document": without the document nothing ends, what was typed is kept.
    let err = call(&mut hrss, form("fraud", "申报材料中的获奖证书系伪造")).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Document), Some(Problem::DocumentMissing));
    assert_eq!(err.echo(Field::Opinion), Some("申报材料中的获奖证书系伪造"));
    // The document is a PDF, uploaded by HRSS; anyone else learns nothing of the card.
    let upload = format!("/cards/{id}/termination-document");
    assert_eq!(hrss.upload_to(&upload, &[], "scan.png", common::PNG).await, format!("/review/{id}?upload_error=pdf_only#terminate-card"));
    for who in ["industry_kgxj", "talent_office"] {
        assert_eq!(app.as_user(who).await.upload_to(&upload, &[], "判决书.pdf", common::PDF).await, "status 404 Not Found", "{who}");
    }
    assert_eq!(applicant.upload_to(&upload, &[], "判决书.pdf", common::PDF).await, "status 404 Not Found");
    assert_eq!(hrss.upload_termination_document(id).await, format!("/review/{id}#terminate-card"));
    let document = hrss.call("termination_document", &[("id", &sid)]).await.unwrap();
    assert_eq!(document[0], "判决书.pdf");
    call(&mut hrss, form("fraud", "申报材料中的获奖证书系伪造")).await.unwrap();
    // The event names its document; HRSS reads it back, the holder cannot.
    let named: Option<i64> = sqlx::query_scalar("SELECT e.document_id FROM card_events e JOIN cards c ON c.id = e.card_id WHERE c.application_id = $1 AND e.kind = 'terminated'")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(named.is_some());
    let link = format!("/cards/termination-documents/{}", document[1].as_str().unwrap());
    assert_eq!(hrss.get(&link).await, (axum::http::StatusCode::OK, String::from_utf8_lossy(common::PDF).into_owned()));
    assert_eq!(applicant.get(&link).await.0, axum::http::StatusCode::NOT_FOUND);

    let cards = applicant.call("my_cards", &[]).await.unwrap();
    assert_eq!(cards[0]["status"], serde_json::json!({"talent": "terminated", "bank": "terminated"}));
    let last = cards[0]["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "terminated");
    assert!(last["reason"].as_str().unwrap().contains("细则第六条第（二）项"), "{last}");
    // The holder is told, in the inbox, why and under which article.
    let notices = applicant.call("card_notices", &[]).await.unwrap();
    assert_eq!(notices[0]["kind"], "terminated");
    assert!(notices[0]["reason"].as_str().unwrap().contains("伪造"), "{notices}");
    // The hospital: that it ended, never why; and the card no longer verifies.
    let mut hospital = app.as_user("hospital").await;
    let notices = hospital.call("card_notices", &[]).await.unwrap();
    assert_eq!((notices[0]["kind"].as_str(), &notices[0]["reason"]), (Some("terminated"), &serde_json::Value::Null));
    let check = hospital.call("verify_card", &[("card_number", &number), ("id_number", &resident_id("44011119900307"))]).await.unwrap();
    assert_eq!(hospital.call("verification", &[("id", &check.to_string())]).await.unwrap(), serde_json::json!("NotValid"));
    // The providers' feed: the termination follows the issue, both tracks ended.
    let kinds: Vec<(String, String, String)> =
        sqlx::query_as("SELECT e.kind, e.talent_to, e.bank_to FROM card_events e JOIN cards c ON c.id = e.card_id WHERE c.application_id = $1 ORDER BY e.feed_position")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(kinds, [("issued".into(), "active".into(), "active".into()), ("terminated".into(), "terminated".into(), "terminated".into())]);
    // Final: a second termination is refused and changes nothing.
    assert_eq!(call(&mut hrss, form("fraud", "再次终止")).await, Err(AppError::Domain(DomainError::NotInThisState)));
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM card_events").fetch_one(&app.pool).await.unwrap();
    assert_eq!(events, 2);
    // A case without an issued card has nothing to terminate.
    let other = approved_case(&app, &mut applicant).await;
    let f = vec![("id", other.to_string()), ("ground", "fraud".to_string()), ("reason", "x".to_string())];
    assert_eq!(call(&mut hrss, f).await, Err(AppError::Domain(DomainError::NotInThisState)));
}
