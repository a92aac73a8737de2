//! Versions of the rules (issue 13, item 7; RULES.md Art. 7): while no version is in force nothing
//! is submitted and the pages say why; the admin adds a successor (never overlapping another,
//! never ending before it starts); what is made under it keeps its values — categories, months,
//! management period, quotas, assessment interval.
use crate::common;

use app::domain::{Field, Problem, Section};
use app::error::AppError;
use chrono::{Duration, Months, NaiveDate};
use common::{card_number, TestApp};

/// The 2019 notice lapsed on 2024-06-04; a demo site carries it on with a version of its own.
/// Without that one, the site is where a district stands when no successor has been recorded.
async fn without_the_demo_version(app: &TestApp) {
    for sql in [
        "ALTER TABLE policy_versions DISABLE TRIGGER policy_versions_append_only",
        "DELETE FROM policy_versions WHERE document_number = '演示用（DEMO）'",
        "ALTER TABLE policy_versions ENABLE TRIGGER policy_versions_append_only",
    ] {
        sqlx::query(sql).execute(&app.pool).await.unwrap();
    }
}

fn successor<'a>(starts_on: &'a str, ends_on: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("document_number", "云人才领字〔2024〕3号"),
        ("title", "白云区云聚英才卡实施细则（修订）"),
        ("starts_on", starts_on),
        ("ends_on", ends_on),
        ("categories[]", "1"),
        ("categories[]", "2"),
        ("categories[]", "3"),
        ("categories[]", "4"),
        ("categories[]", "5"),
        ("categories[]", "6"),
        ("categories[]", "7"),
        ("categories[]", "8"),
        ("min_months_in_district", "8"),
        ("health_check_quota", "2"),
        ("airport_vip_quota", "3"),
        ("management_months", "60"),
        ("assessment_interval_months", "12"),
    ]
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn without_a_version_in_force_nothing_is_submitted_and_the_pages_say_why(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    without_the_demo_version(&app).await;
    let mut talent = app.as_new_applicant("policy.gap").await;
    // A draft can still be completed (checked by the newest version that has started) …
    let id = talent.new_draft("5").await;
    let version = app.version_of(id).await;
    // … but not submitted: the refusal says why, and nothing typed is lost.
    let err = talent.submit(id, version).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Declaration), Some(Problem::NoPolicyInForce), "{err:?}");
    assert_eq!(app.status_of(id).await, "draft");
    let case = talent.call("case", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(case["answers"]["personal"]["full_name"], "张三明");
    assert_eq!(case["policy"]["in_force"], serde_json::Value::Null);
    // The task list, the self-check and /policy say that no version is in force, in both languages.
    let (_, tasks) = talent.get(&format!("/applications/{id}")).await;
    assert!(tasks.contains("今天没有有效的政策版本"), "{tasks}");
    let anonymous = app.anonymous();
    let (_, check) = anonymous.get("/eligibility").await;
    assert!(check.contains("今天没有有效的政策版本"));
    let (status, page) = anonymous.get_with_cookie("/policy", "lang=en").await;
    assert_eq!(status, 200);
    assert!(page.contains("No version of the rules is in force today") && page.contains("云人才领字〔2019〕1号") && page.contains("2024-06-04"), "{page}");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_admin_adds_a_successor_and_what_is_made_under_it_keeps_its_values(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    without_the_demo_version(&app).await;
    let mut admin = app.as_user("admin").await;
    // The form starts from the newest version, the day after it ends, five years long.
    let form = admin.call("successor_form", &[]).await.unwrap();
    assert_eq!((form["starts_on"].as_str(), form["ends_on"].as_str(), form["document_number"].as_str()), (Some("2024-06-05"), Some("2029-06-04"), Some("")));
    // Only the admin adds one.
    for who in ["hrss", "talent_office"] {
        assert_eq!(app.as_user(who).await.call("add_policy_version", &successor("2024-06-05", "2029-06-04")).await, Err(AppError::Forbidden), "{who}");
    }
    assert_eq!(app.anonymous().call("add_policy_version", &successor("2024-06-05", "2029-06-04")).await, Err(AppError::Unauthenticated));
    // Overlapping the 2019 notice by one day; ending before it starts: refused with the field,
    // what was typed comes back, nothing stored.
    let err = admin.call("add_policy_version", &successor("2024-06-04", "2029-06-04")).await.unwrap_err();
    assert_eq!(err.problem_with(Field::StartsOn), Some(Problem::VersionOverlaps));
    assert_eq!(err.echo(Field::DocumentNumber), Some("云人才领字〔2024〕3号"));
    assert_eq!(err.echo(Field::Categories), Some("1,2,3,4,5,6,7,8"));
    let err = admin.call("add_policy_version", &successor("2024-06-05", "2024-06-01")).await.unwrap_err();
    assert_eq!(err.problem_with(Field::EndsOn), Some(Problem::VersionEndsBeforeStart));
    let count = || async { sqlx::query_scalar::<_, i64>("SELECT count(*) FROM policy_versions").fetch_one(&app.pool).await.unwrap() };
    assert_eq!(count().await, 1);
    // The database holds the line too (two admins at once): versions never overlap, never change.
    let direct = sqlx::query(
        "INSERT INTO policy_versions (document_number, title, starts_on, ends_on, categories, min_months_in_district,
                                      health_check_quota, airport_vip_quota, management_months, assessment_interval_months)
         VALUES ('x', 'x', '2024-01-01', '2024-12-31', '{1}', 6, 1, 2, 60, 24)",
    )
    .execute(&app.pool)
    .await
    .unwrap_err();
    assert!(direct.to_string().contains("policy_versions_no_overlap"), "{direct}");
    assert!(sqlx::query("UPDATE policy_versions SET ends_on = '2030-01-01'").execute(&app.pool).await.is_err(), "append-only");

    // The successor: categories 1–8, 8 months, quotas 2 and 3, yearly assessments.
    admin.call("add_policy_version", &successor("2024-06-05", "2029-06-04")).await.unwrap();
    let new_version: i64 = sqlx::query_scalar("SELECT id FROM policy_versions WHERE document_number = '云人才领字〔2024〕3号'").fetch_one(&app.pool).await.unwrap();
    let (_, page) = app.anonymous().get("/policy").await;
    assert!(page.contains("云人才领字〔2024〕3号") && page.contains("今天适用"), "{page}");
    let (_, check) = app.anonymous().get("/eligibility?asked=1&employer_type=district_institution&months_in_district=6&talent_category=9").await;
    assert!(check.contains("云人才领字〔2024〕3号"), "the self-check names the version");
    assert!(check.contains("现行政策版本不受理这一人才类别") && check.contains("最少月数： 8"), "{check}");

    // The wizard: 6 months and category 9 are refused under it, with what was typed kept.
    let mut talent = app.as_new_applicant("policy.successor").await;
    let id = talent.new_draft("5").await;
    let sid = id.to_string();
    for months in ["6", "5", "0"] {
        let err = talent.call("save_residence", &[("id", &sid), ("months_in_district", months)]).await.unwrap_err();
        assert_eq!((err.problem_with(Field::Months), err.echo(Field::Months)), (Some(Problem::MonthsTooFew), Some(months)));
    }
    let err = talent.call("save_category", &[("id", &sid), ("talent_category", "9")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Category), Some(Problem::CategoryNotInForce));
    assert_eq!(talent.submit(id, app.version_of(id).await).await, Err(AppError::Incomplete(vec![Section::Category, Section::Residence])));
    talent.call("save_category", &[("id", &sid), ("talent_category", "5"), ("honour", "区产业领军人才（2024）")]).await.unwrap();
    talent.call("save_residence", &[("id", &sid), ("months_in_district", "8")]).await.unwrap();
    talent.submit(id, app.version_of(id).await).await.unwrap();
    let made_under: Option<i64> = sqlx::query_scalar("SELECT policy_version_id FROM applications WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(made_under, Some(new_version));

    // Decided by a Leading Group meeting, made, issued: the card keeps the version's values.
    for (who, command) in [("handling", "pass"), ("industry_kgxj", "pass"), ("hrss", "pass")] {
        app.as_user(who).await.act(id, app.version_of(id).await, command, "同意").await.unwrap();
    }
    let mut office = app.as_user("talent_office").await;
    office.call("create_batch", &[]).await.unwrap();
    let batch: i64 = sqlx::query_scalar("SELECT batch_id FROM decision_batch_cases WHERE application_id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    let yesterday = (app::context::today() - Duration::days(1)).to_string();
    office.call("record_meeting", &[("batch", &batch.to_string()), ("meeting_date", &yesterday)]).await.unwrap();
    let decided_under: Option<i64> =
        sqlx::query_scalar("SELECT policy_version_id FROM decision_batch_cases WHERE application_id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(decided_under, Some(new_version));
    app.make_and_issue(&[(id, &card_number("622202000007001"))]).await;
    let today = app::context::today();
    let (card_version, valid_until): (Option<i64>, NaiveDate) =
        sqlx::query_as("SELECT policy_version_id, valid_until FROM cards WHERE application_id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(card_version, Some(new_version));
    assert_eq!(valid_until, app::domain::valid_until(today));
    // The holder's page: this version's quotas.
    let cards = talent.call("my_cards", &[]).await.unwrap();
    let quotas: Vec<(String, i64)> =
        cards[0]["quotas"].as_array().unwrap().iter().map(|q| (q["service"].as_str().unwrap_or_default().to_string(), q["quota"].as_i64().unwrap())).collect();
    assert_eq!(quotas, vec![("HealthCheck".to_string(), 2), ("AirportVip".to_string(), 3)], "{cards}");
    // Yearly assessments: four rounds in five years (the fifth falls after the last day).
    let pool = app.pool.clone();
    let rounds = |id: i64| {
        let pool = pool.clone();
        async move {
        sqlx::query_scalar::<_, NaiveDate>(
            "SELECT r.due FROM cards c CROSS JOIN LATERAL card_rounds(c.issued_on, c.valid_until, c.retired_on, c.policy_version_id) r
              WHERE c.application_id = $1 ORDER BY r.round",
        )
        .bind(id)
        .fetch_all(&pool)
        .await
        .unwrap()
        }
    };
    let after = |months: u32| today.checked_add_months(Months::new(months)).unwrap();
    assert_eq!(rounds(id).await, vec![after(12), after(24), after(36), after(48)]);
    // Three years on, the third round falls due in 10 days: the agent is reminded of it, and of
    // the first two, overdue (rounds past the 2019 notice's two are stored like any other).
    let issued = (today + Duration::days(10)).checked_sub_months(Months::new(36)).unwrap();
    app.set_issue_day(id, issued).await;
    app::jobs::db::run(&app.pool, today).await.unwrap();
    let reminded: Vec<(String, i32)> =
        sqlx::query_as("SELECT m.kind, m.round::int FROM reminders m JOIN cards c ON c.id = m.card_id WHERE c.application_id = $1 AND m.round > 0 ORDER BY m.round")
            .bind(id)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(reminded, vec![("assessment_overdue".into(), 1), ("assessment_overdue".into(), 2), ("assessment_due".into(), 3)]);
}
