//! The thin path over HTTP against a real database: apply → four reviews → card → verification.
//! Articles: RULES.md Art. 5 (procedure), Art. 6 (5-year period), SYSTEM.md "Verification".
use crate::common;

use app::error::AppError;
use chrono::Datelike;
use common::{card_number, TestApp};

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn an_application_goes_from_submission_to_a_verified_card(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("zhang.sanming").await;
    let id = applicant.new_draft("5").await;
    assert_eq!(app.status_of(id).await, "draft");

    applicant.submit(id, app.version_of(id).await).await.unwrap();
    assert_eq!(app.status_of(id).await, "pre_review");

    // Art. 5(2)–(5): each body passes it from its queue, with an opinion.
    for (who, command, next) in [
        ("handling", "pass", "first_review"),
        // category 5 is routed to the science & industry bureau (routing_rules)
        ("industry_kgxj", "pass", "re_review"),
        ("hrss", "pass", "decision"),
        ("talent_office", "approve", "approved"),
    ] {
        let mut reviewer = app.as_user(who).await;
        let queue = reviewer.call("review_queue", &[]).await.unwrap()["rows"].clone();
        assert!(queue.as_array().unwrap().iter().any(|c| c["id"] == id), "{who} does not see the case in its queue");
        reviewer.act(id, app.version_of(id).await, command, &format!("{who}: 同意")).await.unwrap();
        assert_eq!(app.status_of(id).await, next);
    }

    // Art. 5(6): HRSS sends it to the bank in a batch; the bank records the card number (the
    // card is made, not yet valid); Art. 5(7): the Talent Office issues it for five years (Art. 6).
    let mut hrss = app.as_user("hrss").await;
    assert_eq!(hrss.call("approved_cases", &[]).await.unwrap()[0]["id"], id);
    hrss.send_to_bank(&[id]).await.unwrap();
    assert_eq!(app.status_of(id).await, "card_production");
    let mut bank = app.as_user("bank").await;
    let lines = bank.call("open_order_lines", &[]).await.unwrap();
    assert_eq!(lines[0]["full_name"], "张三明");
    let number = card_number("622202000000001");
    let line = lines[0]["line_id"].as_i64().unwrap();
    bank.record_card(line, &common::resident_id("44011119900307"), &number, "").await.unwrap();
    assert_eq!(app.status_of(id).await, "card_made");
    let mut office = app.as_user("talent_office").await;
    assert_eq!(office.call("made_cards", &[]).await.unwrap()[0]["card_number"], number.as_str());
    office.issue_cards(&[id]).await.unwrap();
    assert_eq!(app.status_of(id).await, "issued");
    let (issued, until): (chrono::NaiveDate, chrono::NaiveDate) =
        sqlx::query_as("SELECT issued_on, valid_until FROM cards WHERE application_id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    // Art. 6: five years — the same day five years on, less one day (a 29 February issue has no
    // 29 February five years on: 1 March, less one day). Computed here, not by the code under test.
    let same_day = chrono::NaiveDate::from_ymd_opt(issued.year() + 5, issued.month(), issued.day())
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(issued.year() + 5, 3, 1).unwrap());
    assert_eq!(until, same_day.pred_opt().unwrap(), "issued {issued}");

    // One event per step, each by the role that may issue it.
    let roles: Vec<String> = app.events_of(id).await.into_iter().map(|e| e.2).collect();
    assert_eq!(roles, ["applicant", "handling_dept", "industry_dept", "hrss", "talent_office", "hrss", "bank", "talent_office"]);

    // The applicant sees the card.
    let case = applicant.call("case", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(case["status"], "Issued");
    assert_eq!(case["card"]["card_number"], number.as_str());
    // … and which body decided each step, but not the officials' names.
    assert!(case["events"].as_array().unwrap().iter().all(|e| e["actor"] == ""), "{case}");
    let seen_by_hrss = app.as_user("hrss").await.call("case", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(seen_by_hrss["events"][1]["actor"], "经办部门 预审员");

    // A hospital checks the card: valid, masked name, its own services only.
    let mut hospital = app.as_user("hospital").await;
    let resident = common::resident_id("44011119900307");
    let check = hospital.call("verify_card", &[("card_number", &number), ("id_number", &resident)]).await.unwrap();
    let verdict = hospital.call("verification", &[("id", &check.to_string())]).await.unwrap();
    assert_eq!(verdict["Valid"]["masked_name"], "张*明");
    assert_eq!(verdict["Valid"]["services"], serde_json::json!(["Medical"]));
    let text = verdict.to_string();
    assert!(!text.contains(&resident) && !text.contains("张三明") && !text.contains("测试科技"), "provider learns too much: {text}");

    // A wrong ID and an unknown card get the same answer.
    let wrong_id = common::resident_id("44011119900308");
    let unknown = card_number("622202000000002");
    for (card, person) in [(&number, &wrong_id), (&unknown, &resident)] {
        let check = hospital.call("verify_card", &[("card_number", card), ("id_number", person)]).await.unwrap();
        let verdict = hospital.call("verification", &[("id", &check.to_string())]).await.unwrap();
        assert_eq!(verdict, serde_json::json!("NotValid"));
    }
    // Another provider cannot read the hospital's checks.
    let mut airport = app.as_user("airport").await;
    assert_eq!(airport.call("verification", &[("id", &check.to_string())]).await, Err(AppError::NotFound));

    // Issue 18: an expired card, then a terminated one, are not valid (Art. 6); the card itself
    // is the same, only its dates and status change. (A fresh provider account for each: 5 a minute.)
    let verdict_of = |who: &'static str| {
        let (app, number, resident) = (&app, number.clone(), resident.clone());
        async move {
            let mut provider = app.as_user(who).await;
            let check = provider.call("verify_card", &[("card_number", &number), ("id_number", &resident)]).await.unwrap();
            (provider.call("verification", &[("id", &check.to_string())]).await.unwrap(), check)
        }
    };
    sqlx::query("UPDATE cards SET issued_on = CURRENT_DATE - 1827, valid_until = CURRENT_DATE - 1 WHERE application_id = $1").bind(id).execute(&app.pool).await.unwrap();
    assert_eq!(verdict_of("airport").await.0, serde_json::json!("NotValid"), "an expired card verified");
    sqlx::query("UPDATE cards SET issued_on = CURRENT_DATE - 1825, valid_until = CURRENT_DATE + 1, talent_status = 'terminated' WHERE application_id = $1").bind(id).execute(&app.pool).await.unwrap();
    let (verdict, check) = verdict_of("airport").await;
    assert_eq!(verdict, serde_json::json!("NotValid"), "a terminated card verified");
    // The verdict may be read for 10 minutes after the check, then it is gone.
    // (The log is append-only; the test moves the check back in time behind the trigger's back.)
    let mut tx = app.pool.begin().await.unwrap();
    sqlx::query("ALTER TABLE verifications DISABLE TRIGGER verifications_append_only").execute(&mut *tx).await.unwrap();
    sqlx::query("UPDATE verifications SET created_at = now() - interval '11 minutes' WHERE id = $1").bind(check.as_i64().unwrap()).execute(&mut *tx).await.unwrap();
    sqlx::query("ALTER TABLE verifications ENABLE TRIGGER verifications_append_only").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(airport.call("verification", &[("id", &check.to_string())]).await, Err(AppError::NotFound));
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn return_for_correction_goes_back_to_the_stage_that_returned_it(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("li.si").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let mut handling = app.as_user("handling").await;
    handling.act(id, app.version_of(id).await, "pass", "").await.unwrap();
    let mut industry = app.as_user("industry_kgxj").await;
    // A return needs a reason.
    let v = app.version_of(id).await;
    assert_eq!(industry.act(id, v, "return", "  ").await, Err(AppError::Domain(app::domain::DomainError::SectionReasonRequired)));
    industry.return_case(id, v, "residence", "请核实每年在区工作月数").await.unwrap();
    assert_eq!(app.status_of(id).await, "returned");
    // The applicant corrects the returned case; a stale version is refused.
    let stale = app.version_of(id).await;
    applicant.call("save_residence", &[("id", &id.to_string()), ("months_in_district", "8")]).await.unwrap();
    let months: i16 = sqlx::query_scalar("SELECT months_in_district FROM applications WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(months, 8);
    assert_eq!(applicant.submit(id, stale).await, Err(AppError::Conflict));
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    assert_eq!(app.status_of(id).await, "first_review");
    // Reject is final.
    industry.act(id, app.version_of(id).await, "reject", "不符合第三条").await.unwrap();
    assert_eq!(app.status_of(id).await, "rejected");
    assert_eq!(applicant.act(id, app.version_of(id).await, "withdraw", "").await, Err(AppError::Domain(app::domain::DomainError::NotInThisState)));
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_duplicate_card_number_is_refused_and_nothing_is_half_written(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("wang.wu").await;
    let mut ids = vec![];
    for _ in 0..2 {
        let id = applicant.new_draft("5").await;
        applicant.submit(id, app.version_of(id).await).await.unwrap();
        ids.push(id);
    }
    // Bring both to card production directly through the workflow.
    for id in &ids {
        for (who, cmd) in [("handling", "pass"), ("industry_kgxj", "pass"), ("hrss", "pass"), ("talent_office", "approve")] {
            app.as_user(who).await.act(*id, app.version_of(*id).await, cmd, "").await.unwrap();
        }
    }
    app.as_user("hrss").await.send_to_bank(&ids).await.unwrap();
    let mut bank = app.as_user("bank").await;
    let number = card_number("622202000000003");
    let person = common::resident_id("44011119900307");
    bank.record_card(app.open_line_of(ids[0]).await, &person, &number, "").await.unwrap();
    let err = bank.record_card(app.open_line_of(ids[1]).await, &person, &number, "").await.unwrap_err();
    assert_eq!(err.problem_with(app::domain::Field::CardNumber), Some(app::domain::Problem::CardNumberTaken));
    // Nothing of the second answer was written: the case is still at the bank, its line open.
    assert_eq!(app.status_of(ids[1]).await, "card_production");
    assert_eq!(app.events_of(ids[1]).await.len(), 6);
    app.open_line_of(ids[1]).await;
}
