//! The biennial assessment and retirement (issue 13, items 1 and 4; RULES.md Art. 6, Art. 6(3)).
//! Over HTTP, cards issued two years ago (the issue day moved back), so that today is an
//! assessment's due time; with "today" moved, through the same functions the server functions
//! call.
use crate::cards::approved_case;
use crate::common;

use app::auth::CurrentUser;
use app::domain::assessment::{rounds_owed, AssessmentStage, Grade, Standing};
use app::domain::{DomainError, Field, Problem};
use app::error::AppError;
use app::verify::db::Presented;
use app::verify::Verdict;
use chrono::{Duration, NaiveDate};
use common::{card_number, TestApp, PDF, PNG};

async fn user(app: &TestApp, username: &str) -> CurrentUser {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(username).fetch_one(&app.pool).await.unwrap();
    app::auth::session::user_by_id(&app.pool, id).await.unwrap().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn problem(e: &AppError, field: Field) -> Option<Problem> {
    e.problem_with(field)
}

/// The agent files, the industry department adds its opinion, HRSS files; overdue rounds are on
/// the department's and HRSS's lists with the working days since their due date; a "not
/// competent" grade lets the department propose the move to the contact list from there.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn an_assessment_goes_from_the_agent_through_the_department_to_hrss(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let a = approved_case(&app, &mut app.as_new_applicant("assess.a").await).await;
    let b = approved_case(&app, &mut app.as_new_applicant("assess.b").await).await;
    app.make_and_issue(&[(a, &card_number("622202000001401")), (b, &card_number("622202000001402"))]).await;
    let today = app::context::today();
    // A: issued two years ago less 10 days (due in 10 days); B: two years and 15 days ago (overdue).
    app.set_issue_day(a, today - Duration::days(730) + Duration::days(10)).await;
    app.set_issue_day(b, today - Duration::days(760)).await;
    let sa = a.to_string();

    // The agent of the holders' unit sees both to submit; the department and HRSS see B overdue.
    let mut agent = app.as_user("agent").await;
    let list: Vec<app::assessments::RoundRow> = serde_json::from_value(agent.call("assessment_list", &[]).await.unwrap()).unwrap();
    let standing: Vec<(i64, u8, Option<Standing>)> = list.iter().map(|r| (r.application_id, r.round, r.standing)).collect();
    assert_eq!(standing, vec![(b, 1, Some(Standing::Overdue)), (a, 1, Some(Standing::DueSoon))]);
    for who in ["industry_kgxj", "hrss"] {
        let list: Vec<app::assessments::RoundRow> = serde_json::from_value(app.as_user(who).await.call("assessment_list", &[]).await.unwrap()).unwrap();
        assert_eq!(list.iter().map(|r| r.application_id).collect::<Vec<_>>(), vec![b], "{who}");
        let days = list[0].overdue_working_days.unwrap();
        assert!((15..=22).contains(&days), "{who}: {days} working days since a due date about 30 calendar days ago");
    }
    let jyj: Vec<serde_json::Value> = serde_json::from_value(app.as_user("industry_jyj").await.call("assessment_list", &[]).await.unwrap()).unwrap();
    assert!(jyj.is_empty(), "a department the cases are not routed to sees them: {jyj:?}");

    // An agent of another unit: not found, before its upload's body is read.
    let mut other = app.as_agent_of_another_unit().await;
    assert_eq!(other.call("assessments_of_card", &[("id", &sa)]).await, Err(AppError::NotFound));
    // Nor do the pages give anything away: to another unit's agent the card does not exist; to a
    // provider and another applicant the list is forbidden.
    let (status, html) = other.get(&format!("/assessments/{a}")).await;
    assert_eq!(status, 404);
    assert!(!html.contains("张三明"), "another unit's agent sees the holder's name");
    for who in ["hospital", "applicant"] {
        let (status, html) = app.as_user(who).await.get("/assessments").await;
        assert_eq!(status, 403, "{who}");
        assert!(!html.contains(&format!("/assessments/{a}\"")), "{who} sees a holder's assessment");
    }
    assert_eq!(other.upload_to(&format!("/assessments/{a}/report"), &[], "报告.pdf", PDF).await, "status 404 Not Found");
    let err = other.call("submit_assessment", &[("id", &sa), ("grade", "competent"), ("report", "良好")]).await.unwrap_err();
    assert_eq!(err, AppError::NotFound);

    // A picture is not a PDF; a submission without the signed report names it and keeps what was typed.
    let to = agent.upload_to(&format!("/assessments/{a}/report"), &[], "scan.png", PNG).await;
    assert_eq!(to, format!("/assessments/{a}?upload_error=pdf_only"));
    let err = agent.call("submit_assessment", &[("id", &sa), ("grade", ""), ("report", "  ")]).await.unwrap_err();
    assert_eq!(problem(&err, Field::AssessmentGrade), Some(Problem::Required));
    assert_eq!(problem(&err, Field::AssessmentReport), Some(Problem::Required));
    assert_eq!(problem(&err, Field::AssessmentReportFile), Some(Problem::DocumentMissing));
    let err = agent.call("submit_assessment", &[("id", &sa), ("grade", "not_competent"), ("report", "全年未完成研发任务")]).await.unwrap_err();
    assert_eq!(problem(&err, Field::AssessmentReportFile), Some(Problem::DocumentMissing));
    assert_eq!(err.echo(Field::AssessmentReport), Some("全年未完成研发任务"));
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM card_assessments").fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, 0);

    // The PDF, then the submission: with the department.
    assert_eq!(agent.upload_to(&format!("/assessments/{a}/report"), &[], "考核报告.pdf", PDF).await, format!("/assessments/{a}"));
    agent.call("submit_assessment", &[("id", &sa), ("grade", "not_competent"), ("report", "全年未完成研发任务")]).await.unwrap();
    assert_eq!(
        agent.call("submit_assessment", &[("id", &sa), ("grade", "competent"), ("report", "再交一次")]).await,
        Err(AppError::Domain(DomainError::NotInThisState)),
        "round 1 submitted twice, or round 2 before its time"
    );
    let stats = app.as_user("hrss").await.call("dashboard", &[]).await.unwrap();
    assert_eq!((stats["assessments_in_progress"].as_i64(), stats["assessments_overdue"].as_i64()), (Some(1), Some(1)));
    let card: app::assessments::CardAssessments = serde_json::from_value(agent.call("assessments_of_card", &[("id", &sa)]).await.unwrap()).unwrap();
    assert_eq!((card.rounds[0].stage, card.rounds[0].grade), (Some(AssessmentStage::WithDepartment), Some(Grade::NotCompetent)));
    assert_eq!(card.may_submit, None);

    // HRSS may not file it before the department; another department does not see it; the
    // department's opinion is required.
    let mut hrss = app.as_user("hrss").await;
    let mut kgxj = app.as_user("industry_kgxj").await;
    let agree = [("id", sa.as_str()), ("round", "1"), ("opinion", "同意")];
    assert_eq!(hrss.call("assessment_step", &agree).await, Err(AppError::Domain(DomainError::RoleMayNot)));
    assert_eq!(app.as_user("industry_jyj").await.call("assessment_step", &agree).await, Err(AppError::NotFound));
    let err = kgxj.call("assessment_step", &[("id", sa.as_str()), ("round", "1"), ("opinion", " ")]).await.unwrap_err();
    assert_eq!(problem(&err, Field::Opinion), Some(Problem::Required));
    kgxj.call("assessment_step", &[("id", sa.as_str()), ("round", "1"), ("opinion", "属实，建议调入联系名单")]).await.unwrap();

    // "Not competent": the department may propose the move from the assessment, once.
    let card: app::assessments::CardAssessments = serde_json::from_value(kgxj.call("assessments_of_card", &[("id", &sa)]).await.unwrap()).unwrap();
    assert!(card.may_propose_suspension);
    kgxj.call("propose_adjustment", &[("id", &sa), ("kind", "suspend"), ("reason", "other"), ("details", "考核不称职")]).await.unwrap();
    let card: app::assessments::CardAssessments = serde_json::from_value(kgxj.call("assessments_of_card", &[("id", &sa)]).await.unwrap()).unwrap();
    assert!(!card.may_propose_suspension, "a second proposal is offered");

    // HRSS files it; filed is final; each step is a row of the append-only log.
    hrss.call("assessment_step", &[("id", &sa), ("round", "1"), ("opinion", "")]).await.unwrap();
    assert_eq!(hrss.call("assessment_step", &[("id", &sa), ("round", "1"), ("opinion", "")]).await, Err(AppError::Domain(DomainError::NotInThisState)));
    let steps: Vec<(Option<String>, String, String)> =
        sqlx::query_as("SELECT stage_from, stage_to, actor_role::text FROM assessment_events ORDER BY id").fetch_all(&app.pool).await.unwrap();
    assert_eq!(
        steps,
        vec![
            (None, "with_department".into(), "employer_agent".into()),
            (Some("with_department".into()), "with_hrss".into(), "industry_dept".into()),
            (Some("with_hrss".into()), "filed".into(), "hrss".into()),
        ]
    );
    let refused = sqlx::query("UPDATE assessment_events SET opinion = 'x'").execute(&app.pool).await.unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");

    // The page shows it; the signed report reaches the department, not another department.
    let (status, html) = hrss.get(&format!("/assessments/{a}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("已备案") && html.contains("不称职") && html.contains("属实，建议调入联系名单"), "the filed assessment is not shown");
    let token: String = sqlx::query_scalar("SELECT token FROM assessment_reports").fetch_one(&app.pool).await.unwrap();
    let (status, body) = kgxj.get(&format!("/assessments/reports/{token}")).await;
    assert_eq!((status.as_u16(), body.as_bytes()), (200, PDF));
    assert_eq!(app.as_user("industry_jyj").await.get(&format!("/assessments/reports/{token}")).await.0, 404);
    // Off the lists once filed; B is still overdue.
    let list: Vec<app::assessments::RoundRow> = serde_json::from_value(hrss.call("assessment_list", &[]).await.unwrap()).unwrap();
    assert_eq!(list.iter().map(|r| r.application_id).collect::<Vec<_>>(), vec![b]);
    // The dashboard counts them the same way.
    let stats = hrss.call("dashboard", &[]).await.unwrap();
    assert_eq!((stats["assessments_in_progress"].as_i64(), stats["assessments_overdue"].as_i64()), (Some(0), Some(1)));
}

/// Art. 6(3): a retirement ends the assessments due on or after it; the services go on to the
/// end of the period; the holder, not the providers, hears of it.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_retirement_ends_later_assessments_and_the_services_go_on(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut holder = app.as_new_applicant("retire.holder").await;
    let id = approved_case(&app, &mut holder).await;
    let number = card_number("622202000001411");
    app.make_and_issue(&[(id, &number)]).await;
    let issued = day("2026-06-01");
    app.set_issue_day(id, issued).await;
    let (agent, hrss) = (user(&app, "agent").await, user(&app, "hrss").await);
    use app::assessments::db::{list, record_retirement};

    // Both rounds owed; on 1 May 2028 the first is open for the agent.
    assert_eq!(list(&app.pool, &agent, day("2028-05-01")).await.unwrap().iter().map(|r| r.round).collect::<Vec<_>>(), vec![1]);

    // Bad dates are refused, and nothing changes.
    let today = day("2028-07-01");
    for (typed, want) in [("", Problem::Required), ("2029-13-01", Problem::DateFormat), ("2026-05-31", Problem::RetiredOnOutOfRange), ("2031-06-01", Problem::RetiredOnOutOfRange)] {
        let err = record_retirement(&app.pool, &agent, id, typed, today).await.unwrap_err();
        assert_eq!(problem(&err, Field::RetiredOn), Some(want), "{typed:?}");
    }
    assert!(matches!(record_retirement(&app.pool, &user(&app, "industry_kgxj").await, id, "2029-03-01", today).await, Err(AppError::Forbidden)));

    // A suspension filed on 1 July (from 1 August) stays as it is when the retirement is recorded.
    let kgxj = user(&app, "industry_kgxj").await;
    app::adjustments::db::propose(&app.pool, &kgxj, id, "suspend", "job_change", "转岗", today).await.unwrap();
    let proposal = app::adjustments::db::open(&app.pool, today).await.unwrap()[0].id;
    app::adjustments::db::decide(&app.pool, &hrss, proposal, true, today).await.unwrap();

    // HRSS records 1 March 2029: round 1 (due 1 June 2028) is still owed, round 2 (2030) is not.
    record_retirement(&app.pool, &hrss, id, "2029-03-01", today).await.unwrap();
    let seen: (String, Option<NaiveDate>) = sqlx::query_as(
        "SELECT card_talent_on(talent_status, talent_since, talent_before, valid_until, '2028-07-15'), talent_since FROM cards WHERE application_id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(seen, ("active".to_string(), Some(day("2028-08-01"))), "the retirement moved the pending suspension");
    // (Withdrawn again the same day: the holder stays on the management list.)
    app::adjustments::db::propose(&app.pool, &kgxj, id, "reactivate", "eligible_again", "回原岗", today).await.unwrap();
    let proposal = app::adjustments::db::open(&app.pool, today).await.unwrap()[0].id;
    app::adjustments::db::decide(&app.pool, &hrss, proposal, true, today).await.unwrap();
    assert_eq!(
        record_retirement(&app.pool, &agent, id, "2029-04-01", today).await,
        Err(AppError::Domain(DomainError::NotInThisState)),
        "recorded twice"
    );
    let owed = |on: &'static str| {
        let (pool, agent) = (app.pool.clone(), agent.clone());
        async move { list(&pool, &agent, day(on)).await.unwrap().iter().map(|r| (r.round, r.due_on.clone())).collect::<Vec<_>>() }
    };
    assert_eq!(owed("2028-07-01").await, vec![(1, "2028-06-01".to_string())]);
    assert_eq!(owed("2030-05-01").await, vec![(1, "2028-06-01".to_string())], "round 2 is owed after the retirement");
    let card = app::assessments::db::card(&app.pool, &agent, id, day("2030-05-01")).await.unwrap();
    assert_eq!(card.rounds.iter().map(|r| r.round).collect::<Vec<_>>(), vec![1]);
    assert_eq!(card.retired_on.as_deref(), Some("2029-03-01"));

    // The services go on to the end of the period (2031-05-31), not after.
    let hospital = user(&app, "hospital").await;
    let person = app.id_number_of(id).await;
    for (on, valid) in [("2030-12-01", true), ("2031-05-31", true), ("2031-06-01", false)] {
        let (check, _) = app::verify::db::check(&mut *app.pool.acquire().await.unwrap(), &hospital, 1000, "10.1.2.3", Presented::Number { card_number: &number, id_number: &person }, day(on)).await.unwrap();
        let verdict = app::verify::db::verdict(&mut *app.pool.acquire().await.unwrap(), &hospital, check, day(on)).await.unwrap();
        assert_eq!(matches!(verdict, Verdict::Valid { .. }), valid, "{on}");
    }
    // The holder and the unit hear of it; no provider does, nor the providers' feed.
    let heard: Vec<(Option<i64>, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT n.user_id, n.unit_credit_code, n.provider_org_id FROM card_notices n JOIN card_events e ON e.id = n.card_event_id WHERE e.kind = 'retired'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(heard.iter().any(|n| n.0.is_some()) && heard.iter().any(|n| n.1.is_some()), "{heard:?}");
    assert!(heard.iter().all(|n| n.2.is_none()), "a provider heard of a retirement");
}

/// Round 1 submitted (late), round 2 is next: each round is its own assessment with its own
/// signed report.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_second_round_follows_the_first(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let id = approved_case(&app, &mut app.as_new_applicant("assess.twice").await).await;
    app.make_and_issue(&[(id, &card_number("622202000001421"))]).await;
    // Issued four years ago less 10 days: round 1 long overdue, round 2 due in 10 days.
    app.set_issue_day(id, app::context::today() - Duration::days(1461) + Duration::days(10)).await;
    let (mut agent, sid) = (app.as_user("agent").await, id.to_string());
    for (round, grade) in [(1, "competent"), (2, "basically_competent")] {
        assert_eq!(agent.upload_to(&format!("/assessments/{id}/report"), &[], &format!("第{round}次.pdf"), PDF).await, format!("/assessments/{id}"));
        agent.call("submit_assessment", &[("id", &sid), ("grade", grade), ("report", "按期完成")]).await.unwrap_or_else(|e| panic!("round {round}: {e:?}"));
    }
    let rounds: Vec<(i32, String, String)> = sqlx::query_as(
        "SELECT x.round::int, x.grade, r.file_name FROM card_assessments x JOIN assessment_reports r ON r.id = x.report_file_id ORDER BY x.round",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(rounds, vec![(1, "competent".into(), "第1次.pdf".into()), (2, "basically_competent".into(), "第2次.pdf".into())]);
    // Nothing is left to submit.
    assert_eq!(agent.upload_to(&format!("/assessments/{id}/report"), &[], "第3次.pdf", PDF).await, "status 422 Unprocessable Entity");
}

/// The rounds in SQL (`card_rounds`, for the lists and the reminders) are the domain's
/// (`rounds_owed`), for the 2019 notice's 24 months and a successor's other intervals (Art. 7).
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_database_and_the_domain_agree_on_due_dates(pool: sqlx::PgPool) {
    for interval in [24u32, 12, 36, 6] {
        let version: i64 = sqlx::query_scalar(
            "INSERT INTO policy_versions (document_number, title, starts_on, ends_on, categories, min_months_in_district,
                                          health_check_quota, airport_vip_quota, management_months, assessment_interval_months)
             VALUES ('测试' || $1, '测试', make_date(2100 - $1, 1, 1), make_date(2100 - $1, 1, 1), '{1}', 6, 1, 2, 60, $1) RETURNING id",
        )
        .bind(interval as i32)
        .fetch_one(&pool)
        .await
        .unwrap();
        for issued in ["2024-02-29", "2026-11-28", "2027-01-31", "2028-02-29", "2026-12-31", "2027-03-01"] {
            let until = app::domain::valid_until(day(issued));
            for retired in [None, Some(day("2029-03-01"))] {
                let sql: Vec<(i32, NaiveDate)> = sqlx::query_as("SELECT round, due FROM card_rounds($1, $2, $3, $4) ORDER BY round")
                    .bind(day(issued))
                    .bind(until)
                    .bind(retired)
                    .bind(version)
                    .fetch_all(&pool)
                    .await
                    .unwrap();
                let domain: Vec<(i32, NaiveDate)> =
                    rounds_owed(day(issued), until, retired, interval).into_iter().map(|(r, d)| (i32::from(r), d)).collect();
                assert_eq!(sql, domain, "{issued}, every {interval} months, retired {retired:?}");
            }
        }
    }
}

/// A card's last day in SQL (`card_valid_until`, used when issuing) is the domain's.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_database_and_the_domain_agree_on_the_last_day(pool: sqlx::PgPool) {
    for issued in ["2024-02-29", "2026-11-28", "2027-01-31", "2028-02-29", "2026-12-31", "2027-03-01", "2026-01-01"] {
        for months in [60u32, 36, 13] {
            let sql: NaiveDate = sqlx::query_scalar("SELECT card_valid_until($1, $2)").bind(day(issued)).bind(months as i32).fetch_one(&pool).await.unwrap();
            let rules = app::domain::Rules { management_months: months, ..app::domain::Rules::notice_2019() };
            assert_eq!(sql, rules.valid_until(day(issued)), "{issued}, {months} months");
        }
    }
}
