//! Time to commit a Leading Group decision batch of 1,000 cases (issue 4 goal: ≤ 2 s): one
//! transaction running `workflow::db::transition_many` over the cases (each its event, inbox row
//! and queued mail), on a real PostgreSQL seeded like production
//! (`DATABASE_URL`, a fresh database per run). Run with `./scripts/bench.sh`, or
//! `cargo bench -p server --bench decisions`.
mod support;

use std::time::Instant;


const CASES: i64 = 1_000;
const USERS: i64 = 20_000;

#[tokio::main]
async fn main() {
    let pool = support::fresh_database("yunju_bench_decisions", 4).await;

    // Seeded like production (issue 18, item 8): 20,000 applicant accounts; 1,000 complete cases
    // awaiting decision, each filed by its own talent and giving a contact e-mail, so every
    // transition also writes its inbox row and queues its mail in the outbox.
    sqlx::query(
        "INSERT INTO users (username, password_hash, role, display_name)
         SELECT 'bench.talent.' || n, 'not a hash', 'applicant', '人才' || n FROM generate_series(1, $1) n",
    )
    .bind(USERS)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO applications (applicant_id, filed_by, status, full_name, id_type, id_number, employer_name, credit_code,
                                   employer_type, months_in_district, talent_category, submitted_at, department_code, answers)
         SELECT u.id, u.id, 'decision', '候选人' || n, 'passport', 'E' || lpad(n::text, 8, '0'), '广州白云测试公司', '91440111MA59DE7W0X',
                'district_enterprise', 12, 1 + n % 9, now(), 'kgxj',
                jsonb_build_object('personal', jsonb_build_object('email', 'talent' || n || '@example.cn'))
           FROM generate_series(1, $1) n JOIN users u ON u.username = 'bench.talent.' || (n * 7)",
    )
    .bind(CASES)
    .execute(&pool)
    .await
    .unwrap();
    let office: app::auth::CurrentUser = {
        let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'talent_office'").fetch_one(&pool).await.unwrap();
        app::auth::CurrentUser {
            id,
            username: "talent_office".into(),
            display_name: "区人才办".into(),
            role: app::domain::Role::TalentOffice,
            unit_credit_code: None,
            department_code: None,
            provider_org_id: None,
            id_number: None,
        }
    };
    let batch = app::decisions::db::create(&pool, &office).await.unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let start = Instant::now();
    let n = app::decisions::db::record(&pool, &office, batch, date).await.unwrap();
    let took = start.elapsed();
    let moved: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE status = 'approved'").fetch_one(&pool).await.unwrap();
    assert_eq!((n as i64, moved), (CASES, CASES));
    let mails: i64 = sqlx::query_scalar("SELECT count(*) FROM email_outbox").fetch_one(&pool).await.unwrap();
    let inbox: i64 = sqlx::query_scalar("SELECT count(*) FROM inbox_messages").fetch_one(&pool).await.unwrap();
    assert_eq!((mails, inbox), (CASES, CASES), "each decision writes one mail and one inbox row");
    println!(
        "decision batch of {n} cases committed in {:.0} ms (goal ≤ 2000 ms): {moved} now approved, {mails} mails queued, \
         {inbox} inbox rows, among {USERS} accounts",
        took.as_secs_f64() * 1000.0
    );
}
