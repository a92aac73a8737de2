//! The contact list (issue 13, item 2; RULES.md Art. 6(1)), with "today" moved: the industry
//! department proposes, HRSS files; a suspension takes effect on the 1st of the next month — the
//! card verifies until then and not after, whatever job has or has not run — and a reactivation at
//! once, ahead of other proposals; bank services are never touched.
use crate::cards::approved_case;
use crate::common;

use app::auth::CurrentUser;
use app::domain::{DomainError, Field, Problem};
use app::error::AppError;
use app::verify::db::Presented;
use app::verify::Verdict;
use chrono::NaiveDate;
use common::{card_number, TestApp};

async fn user(app: &TestApp, username: &str) -> CurrentUser {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(username).fetch_one(&app.pool).await.unwrap();
    app::auth::session::user_by_id(&app.pool, id).await.unwrap().unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The hospital checks the card by number on `on`: valid or not.
async fn valid_on(app: &TestApp, id: i64, number: &str, on: NaiveDate) -> bool {
    let hospital = user(app, "hospital").await;
    let person = app.id_number_of(id).await;
    let (check, _) = app::verify::db::check(&mut *app.pool.acquire().await.unwrap(), &hospital, 1000, "10.1.2.3", Presented::Number { card_number: number, id_number: &person }, on).await.unwrap();
    matches!(app::verify::db::verdict(&mut *app.pool.acquire().await.unwrap(), &hospital, check, on).await.unwrap(), Verdict::Valid { .. })
}

fn problem(got: Result<(), AppError>) -> Option<Problem> {
    got.err().and_then(|e| e.problem_with(Field::AdjustmentReason).or_else(|| e.problem_with(Field::AdjustmentKind)))
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_suspension_waits_for_the_first_of_next_month_and_a_reactivation_goes_first(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut holder = app.as_new_applicant("contact.holder").await;
    let id = approved_case(&app, &mut holder).await;
    let other = approved_case(&app, &mut app.as_new_applicant("contact.other").await).await;
    let (number, other_number) = (card_number("622202000001301"), card_number("622202000001302"));
    app.make_and_issue(&[(id, &number), (other, &other_number)]).await;
    let (kgxj, jyj, hrss) = (user(&app, "industry_kgxj").await, user(&app, "industry_jyj").await, user(&app, "hrss").await);
    use app::adjustments::db::{decide, open, propose};

    // 15 December: kgxj proposes; a department the case is not routed to cannot; a reason of the
    // other kind of move is refused; HRSS files it.
    let dec15 = day(2026, 12, 15);
    assert!(matches!(propose(&app.pool, &jyj, id, "suspend", "left_district", "调往外区", dec15).await, Err(AppError::NotFound)));
    assert_eq!(problem(propose(&app.pool, &kgxj, id, "suspend", "eligible_again", "?", dec15).await), Some(Problem::ReasonDoesNotFit));
    propose(&app.pool, &kgxj, id, "suspend", "left_district", "已调往外区工作", dec15).await.unwrap();
    assert_eq!(problem(propose(&app.pool, &kgxj, id, "suspend", "job_change", "再提一次", dec15).await), Some(Problem::ProposalWaiting));
    let waiting = open(&app.pool, dec15).await.unwrap();
    assert_eq!(waiting.len(), 1);
    decide(&app.pool, &hrss, waiting[0].id, true, dec15).await.unwrap();
    // Filed twice (two HRSS officials at once): the second finds it decided.
    assert!(matches!(decide(&app.pool, &hrss, waiting[0].id, true, dec15).await, Err(AppError::Conflict)));

    // Until the 1st the card verifies; from the 1st it does not. No job ran in between.
    assert!(valid_on(&app, id, &number, dec15).await);
    assert!(valid_on(&app, id, &number, day(2026, 12, 31)).await, "suspended before the 1st of next month");
    assert!(!valid_on(&app, id, &number, day(2027, 1, 1)).await, "still valid on the 1st of next month");
    let (bank, event): (String, (String, NaiveDate)) = (
        sqlx::query_scalar("SELECT bank_status FROM cards WHERE application_id = $1").bind(id).fetch_one(&app.pool).await.unwrap(),
        sqlx::query_as("SELECT e.kind, e.effective_on FROM card_events e JOIN cards c ON c.id = e.card_id WHERE c.application_id = $1 ORDER BY e.id DESC LIMIT 1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap(),
    );
    assert_eq!(bank, "active", "bank services were touched");
    assert_eq!(event, ("suspended".to_string(), day(2027, 1, 1)));
    // The holder is told (a notice), and reads the track as of the day.
    let notices: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM card_notices n JOIN card_events e ON e.id = n.card_event_id JOIN users u ON u.id = n.user_id
          WHERE e.kind = 'suspended' AND u.username = 'contact.holder'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(notices, 1);
    let holder_user = user(&app, "contact.holder").await;
    assert_eq!(app::cards::db::my_cards(&app.pool, &holder_user, day(2026, 12, 31)).await.unwrap()[0].status.talent, "active");
    assert_eq!(app::cards::db::my_cards(&app.pool, &holder_user, day(2027, 1, 1)).await.unwrap()[0].status.talent, "suspended");
    // A second suspension while the first is pending is refused.
    assert!(matches!(propose(&app.pool, &kgxj, id, "suspend", "job_change", "又一次", day(2026, 12, 20)).await, Err(AppError::Domain(DomainError::NotInThisState))));

    // January: another holder's suspension is proposed first, then this one's reactivation: HRSS
    // sees the reactivation first (priority). Filed, it is in effect the same day.
    let jan5 = day(2027, 1, 5);
    propose(&app.pool, &kgxj, other, "suspend", "post_change", "岗位调整", day(2027, 1, 4)).await.unwrap();
    propose(&app.pool, &kgxj, id, "reactivate", "eligible_again", "已回本区工作", jan5).await.unwrap();
    let waiting = open(&app.pool, jan5).await.unwrap();
    let order: Vec<_> = waiting.iter().map(|p| (p.application_id, p.kind)).collect();
    use app::domain::card::Adjustment::{Reactivate, Suspend};
    assert_eq!(order, vec![(id, Reactivate), (other, Suspend)]);
    decide(&app.pool, &hrss, waiting[0].id, true, jan5).await.unwrap();
    assert!(valid_on(&app, id, &number, jan5).await, "the reactivation is not in effect at once");

    // The other's suspension is filed (from 1 February) and withdrawn on 10 January, before its
    // day: HRSS sees it pending; the withdrawal applies from that same day, so the card never
    // reads suspended, and a system applying the feed's events on their days never sees it so.
    decide(&app.pool, &hrss, waiting[1].id, true, jan5).await.unwrap();
    let jan10 = day(2027, 1, 10);
    propose(&app.pool, &kgxj, other, "reactivate", "other", "调整有误", jan10).await.unwrap();
    let waiting = open(&app.pool, jan10).await.unwrap();
    assert_eq!(waiting[0].suspended_from.as_deref(), Some("2027-02-01"));
    decide(&app.pool, &hrss, waiting[0].id, true, jan10).await.unwrap();
    let events: Vec<(String, NaiveDate, String)> = sqlx::query_as(
        "SELECT e.kind, e.effective_on, e.reason FROM card_events e JOIN cards c ON c.id = e.card_id WHERE c.application_id = $1 ORDER BY e.id",
    )
    .bind(other)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(events.iter().map(|(k, d, _)| (k.as_str(), *d)).collect::<Vec<_>>(), vec![
        ("issued", events[0].1),
        ("suspended", day(2027, 2, 1)),
        ("reactivated", day(2027, 2, 1)),
    ]);
    // The event names the reason; what the department wrote stays with HRSS.
    assert_eq!(events[1].2, "岗位变动");
    for on in [day(2027, 1, 31), day(2027, 2, 1), day(2027, 3, 1)] {
        assert!(valid_on(&app, other, &other_number, on).await, "a withdrawn suspension took effect on {on}");
    }

    // A declined proposal changes nothing.
    propose(&app.pool, &kgxj, id, "suspend", "job_change", "待核实", jan10).await.unwrap();
    let waiting = open(&app.pool, jan10).await.unwrap();
    decide(&app.pool, &hrss, waiting[0].id, false, jan10).await.unwrap();
    assert!(valid_on(&app, id, &number, day(2027, 3, 1)).await);

    // Terminating closes a waiting proposal; a terminated card is never reactivated.
    propose(&app.pool, &kgxj, other, "suspend", "post_change", "岗位调整", day(2027, 1, 11)).await.unwrap();
    let mut hrss_desk = app.as_user("hrss").await;
    hrss_desk.upload_termination_document(other).await;
    hrss_desk.call("terminate_card", &[("id", &other.to_string()), ("ground", "fraud"), ("reason", "材料造假")]).await.unwrap();
    assert_eq!(open(&app.pool, day(2027, 1, 11)).await.unwrap().len(), 0, "a proposal outlived the termination");
    assert!(matches!(propose(&app.pool, &kgxj, other, "reactivate", "eligible_again", "?", jan10).await, Err(AppError::Domain(DomainError::NotInThisState))));

    // Through the pages: the department's list and HRSS's list, as their server functions.
    let mut kgxj_page = app.as_user("industry_kgxj").await;
    let holders = kgxj_page.call("department_holders", &[]).await.unwrap();
    assert_eq!(holders.as_array().unwrap().len(), 2);
    assert_eq!(app.as_user("industry_jyj").await.call("department_holders", &[]).await.unwrap(), serde_json::json!([]));
    let (status, html) = kgxj_page.get("/adjustments").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"holders\""), "the department's list is not on its page");
}
