//! The scheduled work (issue 13, item 6): reminders of assessments due and overdue, of the card's
//! end (mailed to the holder), and the card's end recorded — once each, with two runners at once,
//! after a runner stopped half way, and after downtime.
use crate::cards::approved_case;
use crate::common;

use app::jobs::db::{run, run_batch};
use app::jobs::Work;
use chrono::{Duration, NaiveDate};
use common::{card_number, TestApp};

/// (kind, case, round) of every reminder, in order.
async fn reminders(app: &TestApp) -> Vec<(String, i64, i16)> {
    sqlx::query_as("SELECT m.kind, c.application_id, m.round FROM reminders m JOIN cards c ON c.id = m.card_id ORDER BY c.application_id, m.round, m.kind")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_scheduled_work_is_done_once_whoever_runs_it_and_whenever(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut ids = vec![];
    for (i, name) in ["jobs.due", "jobs.overdue", "jobs.ending", "jobs.ended"].into_iter().enumerate() {
        let id = approved_case(&app, &mut app.as_new_applicant(name).await).await;
        app.make_and_issue(&[(id, &card_number(&format!("62220200000150{i}")))]).await;
        ids.push(id);
    }
    let [due, overdue, ending, ended] = ids[..] else { unreachable!() };
    let today = NaiveDate::from_ymd_opt(2029, 3, 1).unwrap();
    // Round 1 due in 20 days; round 1 due 20 days ago; the period ends in 20 days (its round 2 was
    // due a year ago); the period ended 10 days ago.
    app.set_issue_day(due, today + Duration::days(20) - Duration::days(731)).await;
    app.set_issue_day(overdue, today - Duration::days(20) - Duration::days(731)).await;
    app.set_issue_day(ending, today + Duration::days(21) - Duration::days(1826)).await;
    app.set_issue_day(ended, today - Duration::days(9) - Duration::days(1826)).await;
    let valid_until: NaiveDate = sqlx::query_scalar("SELECT valid_until FROM cards WHERE application_id = $1").bind(ended).fetch_one(&app.pool).await.unwrap();
    assert!(valid_until < today && valid_until >= today - Duration::days(12), "{valid_until}");

    // A runner stopped half way: one row of each piece, then nothing else of it.
    let first = run_batch(&app.pool, today, 1).await.unwrap().unwrap();
    assert_eq!(first, Work { reminders: 2, mails: 1, expired: 1, closed_requests: 0 });
    // Two guards keep each piece single, and each is enough alone. The lock: while another runner
    // holds it, a runner does nothing and says so (a run while it is held writes nothing either).
    let mut other = app.pool.begin().await.unwrap();
    let held: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)").bind(app::jobs::db::LOCK).fetch_one(&mut *other).await.unwrap();
    assert!(held);
    assert_eq!(run_batch(&app.pool, today, 1).await.unwrap(), None);
    assert_eq!(run(&app.pool, today).await.unwrap(), Work::default());
    other.rollback().await.unwrap();
    // Two runners at once finish the rest: each piece once, whoever did it.
    let (a, b) = tokio::join!(run(&app.pool, today), run(&app.pool, today));
    let mut both = a.unwrap();
    both.add(b.unwrap());
    assert_eq!(both, Work { reminders: 3, mails: 0, expired: 0, closed_requests: 0 });
    // (`ending`'s rounds, due three years and one year ago, were never submitted: overdue.)
    let want = vec![
        ("assessment_due".to_string(), due, 1),
        ("assessment_overdue".to_string(), overdue, 1),
        ("card_ending_30".to_string(), ending, 0),
        ("assessment_overdue".to_string(), ending, 1),
        ("assessment_overdue".to_string(), ending, 2),
    ];
    assert_eq!(reminders(&app).await, want);
    // Run again, with the lock free: nothing new. The other guard: what is written is written
    // only where it is not yet (`NOT EXISTS`, unique keys), so a run after a run repeats nothing.
    assert_eq!(run(&app.pool, today).await.unwrap(), Work::default());

    // The holder of the ending card is mailed, once; the ended card's change is recorded once,
    // effective the day after its last day, and the providers' feed carries it.
    let mails: Vec<(String, i64)> = sqlx::query_as("SELECT to_address, application_id FROM email_outbox WHERE reminder_id IS NOT NULL").fetch_all(&app.pool).await.unwrap();
    assert_eq!(mails, vec![("zhang@example.cn".to_string(), ending)]);
    let expired: Vec<(String, NaiveDate, String)> = sqlx::query_as(
        "SELECT e.talent_to, e.effective_on, e.bank_to FROM card_events e JOIN cards c ON c.id = e.card_id WHERE c.application_id = $1 AND e.kind = 'expired'",
    )
    .bind(ended)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(expired, vec![("expired".to_string(), valid_until + Duration::days(1), "active".to_string())]);
    let providers: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM card_notices n JOIN card_events e ON e.id = n.card_event_id WHERE e.kind = 'expired' AND n.provider_org_id IS NOT NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(providers > 0, "no provider heard of the card's end");

    // 40 days of downtime later: `due`'s round is now overdue (told once more), `ending` has
    // ended; nothing told before is told again.
    let later = today + Duration::days(40);
    let work = run(&app.pool, later).await.unwrap();
    assert_eq!(work, Work { reminders: 1, mails: 0, expired: 1, closed_requests: 0 });
    assert_eq!(run(&app.pool, later).await.unwrap(), Work::default());
    let got = reminders(&app).await;
    assert!(got.contains(&("assessment_overdue".to_string(), due, 1)), "{got:?}");
}
