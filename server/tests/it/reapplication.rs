//! Priority re-application (issue 13, item 5; RULES.md Art. 6): when the period ends the former
//! holder re-applies with the previous answers copied in, and the case goes first in the queues.
use crate::cards::approved_case;
use crate::common;

use app::domain::DomainError;
use app::error::AppError;
use chrono::{Duration, Months};
use common::{card_number, TestApp, PDF, PNG};

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_former_holder_reapplies_with_priority_and_goes_first(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut holder = app.as_new_applicant("reapply.holder").await;
    let previous = approved_case(&app, &mut holder).await;
    let mut young = app.as_new_applicant("reapply.young").await;
    let fresh = approved_case(&app, &mut young).await;
    app.make_and_issue(&[(previous, &card_number("622202000001601")), (fresh, &card_number("622202000001602"))]).await;
    // `previous`'s period ends in 60 days; `fresh`'s card was issued today.
    let today = app::context::today();
    let issued = (today + Duration::days(61)).checked_sub_months(Months::new(60)).unwrap();
    app.set_issue_day(previous, issued).await;

    // Too early for a card issued today; nobody else's card; no card at all.
    assert_eq!(young.call("start_reapplication", &[("id", &fresh.to_string())]).await, Err(AppError::Domain(DomainError::NotInThisState)));
    assert_eq!(young.call("start_reapplication", &[("id", &previous.to_string())]).await, Err(AppError::NotFound));
    assert_eq!(app.as_user("hrss").await.call("start_reapplication", &[("id", &previous.to_string())]).await, Err(AppError::Forbidden));

    // Someone else's new application, submitted before the re-application.
    let mut other = app.as_new_applicant("reapply.other").await;
    let ordinary = other.new_draft("5").await;
    other.submit(ordinary, app.version_of(ordinary).await).await.unwrap();

    // The holder's page offers it; the re-application copies the answers, not the declaration.
    let cards = holder.call("my_cards", &[]).await.unwrap();
    assert_eq!(cards[0]["may_reapply"], true, "{cards}");
    holder.call("start_reapplication", &[("id", &previous.to_string())]).await.unwrap();
    let mine = holder.call("my_applications", &[]).await.unwrap();
    let new = mine[0]["id"].as_i64().unwrap();
    assert_ne!(new, previous);
    assert_eq!(mine[0]["priority"], true);
    let case = holder.call("case", &[("id", &new.to_string())]).await.unwrap();
    assert_eq!(case["answers"]["personal"]["full_name"], "张三明");
    assert_eq!(case["answers"]["employer"]["credit_code"].as_str().map(str::len), Some(18));
    assert_eq!(case["answers"]["declaration"]["agreed"], false);
    // Once at a time.
    assert_eq!(holder.call("start_reapplication", &[("id", &previous.to_string())]).await, Err(AppError::Conflict));
    let cards = holder.call("my_cards", &[]).await.unwrap();
    assert_eq!((cards[0]["may_reapply"].clone(), cards[0]["reapplication"].as_i64()), (serde_json::json!(false), Some(new)));

    // Documents again, the declaration, submitted: first in the pre-review queue, marked.
    let sid = new.to_string();
    assert!(holder.upload(new, "photo", "photo.png", PNG).await.contains("uploaded=photo"));
    assert!(holder.upload(new, "talent_proof", "证明.pdf", PDF).await.contains("uploaded="));
    holder.call("save_declaration", &[("id", &sid), ("agreed", "yes")]).await.unwrap();
    // The priority is the holder's own: with another person's ID number it is not submitted.
    async fn personal(holder: &mut common::Actor, sid: &str, id_number: String, birth: &str) {
        holder
            .call("save_personal", &[("id", sid), ("full_name", "张三明"), ("gender", "male"), ("birth_date", birth), ("nationality", "中国"),
                ("id_type", "resident_id"), ("id_number", &id_number), ("phone", "13800138000"), ("email", "zhang@example.cn")])
            .await
            .unwrap();
    }
    personal(&mut holder, &sid, common::resident_id("44011119850101"), "1985-01-01").await;
    let err = holder.submit(new, app.version_of(new).await).await.unwrap_err();
    assert_eq!(err.problem_with(app::domain::Field::IdNumber), Some(app::domain::Problem::NotThePreviousHolder));
    personal(&mut holder, &sid, common::resident_id("44011119900307"), "1990-03-07").await;
    holder.submit(new, app.version_of(new).await).await.unwrap();
    let queue = app.as_user("handling").await.call("review_queue", &[]).await.unwrap();
    let rows: Vec<(i64, bool)> = queue["rows"].as_array().unwrap().iter().map(|r| (r["id"].as_i64().unwrap(), r["priority"].as_bool().unwrap())).collect();
    assert_eq!(rows, vec![(new, true), (ordinary, false)]);
    // … and at the next stage too.
    app.as_user("handling").await.act(ordinary, app.version_of(ordinary).await, "pass", "同意").await.unwrap();
    app.as_user("handling").await.act(new, app.version_of(new).await, "pass", "同意").await.unwrap();
    let queue = app.as_user("industry_kgxj").await.call("review_queue", &[]).await.unwrap();
    let first = queue["rows"][0]["id"].as_i64();
    assert_eq!(first, Some(new));

    // Approved and issued, the new card takes over: the old card's talent services end that day.
    for (who, command) in [("industry_kgxj", "pass"), ("hrss", "pass"), ("talent_office", "approve")] {
        app.as_user(who).await.act(new, app.version_of(new).await, command, "同意").await.unwrap();
    }
    app.make_and_issue(&[(new, &card_number("622202000001603"))]).await;
    let tracks: Vec<(i64, String)> = sqlx::query_as(
        "SELECT application_id, card_talent_on(talent_status, talent_since, talent_before, valid_until, $1) FROM cards WHERE application_id = ANY($2) ORDER BY application_id",
    )
    .bind(today)
    .bind(vec![previous, new])
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(tracks, vec![(previous, "expired".to_string()), (new, "active".to_string())]);
    let cards = holder.call("my_cards", &[]).await.unwrap();
    assert_eq!(cards.as_array().unwrap().iter().filter(|c| c["status"]["talent"] == "active").count(), 1, "two cards in force");
}
