//! Roles, sessions, routing, races, and the append-only log.
use crate::common;

use app::error::AppError;
use common::TestApp;

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn every_server_function_checks_the_callers_role(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut anonymous = app.anonymous();
    for endpoint in ["review_queue", "my_applications", "order_batches"] {
        assert_eq!(anonymous.call(endpoint, &[]).await, Err(AppError::Unauthenticated), "{endpoint}");
    }
    let mut applicant = app.as_new_applicant("zhao.liu").await;
    assert_eq!(applicant.call("review_queue", &[]).await, Err(AppError::Forbidden));
    assert_eq!(applicant.call("order_batches", &[]).await, Err(AppError::Forbidden));
    assert_eq!(applicant.call("verify_card", &[("card_number", "1"), ("id_number", "1")]).await, Err(AppError::Forbidden));
    let mut hrss = app.as_user("hrss").await;
    assert_eq!(hrss.call("my_applications", &[]).await, Err(AppError::Forbidden));
    assert_eq!(hrss.call("save_personal", &[("id", "1"), ("full_name", "x")]).await, Err(AppError::Forbidden));
    assert_eq!(hrss.call("create_application", &[]).await, Err(AppError::Forbidden));

    let id = applicant.new_draft("5").await;
    // Nobody but the filer sees a draft.
    for who in ["handling", "hrss", "bank", "hospital", "admin"] {
        let mut other = app.as_user(who).await;
        assert_eq!(other.call("case", &[("id", &id.to_string())]).await, Err(AppError::NotFound), "{who}");
    }
    let mut stranger = app.as_new_applicant("stranger").await;
    assert_eq!(stranger.call("case", &[("id", &id.to_string())]).await, Err(AppError::NotFound));
    assert_eq!(stranger.submit(id, 0).await, Err(AppError::NotFound));

    applicant.submit(id, app.version_of(id).await).await.unwrap();
    // A reviewer cannot act out of turn; an applicant cannot pass its own case.
    let v = app.version_of(id).await;
    let mut hrss = app.as_user("hrss").await;
    assert_eq!(hrss.act(id, v, "pass", "").await, Err(AppError::Domain(app::domain::DomainError::RoleMayNot)));
    assert_eq!(applicant.act(id, v, "pass", "").await, Err(AppError::Domain(app::domain::DomainError::RoleMayNot)));
    // The bank's commands are not for the case page.
    let mut bank = app.as_user("bank").await;
    assert_eq!(bank.act(id, v, "card_made", "").await, Err(AppError::Forbidden));

    app.as_user("handling").await.act(id, v, "pass", "").await.unwrap();
    // Art. 5(3): category 5 goes to kgxj; another industry department neither sees nor acts on it.
    let mut jyj = app.as_user("industry_jyj").await;
    assert_eq!(jyj.call("case", &[("id", &id.to_string())]).await, Err(AppError::NotFound));
    assert_eq!(jyj.call("review_queue", &[]).await.unwrap()["rows"], serde_json::json!([]));
    assert_eq!(jyj.act(id, app.version_of(id).await, "pass", "").await, Err(AppError::NotFound));
    let mut kgxj = app.as_user("industry_kgxj").await;
    assert!(kgxj.call("case", &[("id", &id.to_string())]).await.is_ok());
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn two_reviewers_at_the_same_moment_one_wins(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("race.case").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let v = app.version_of(id).await;
    let mut a = app.as_user("handling").await;
    let mut b = a.clone();
    // Both are inside their transactions at once: the row is held until both wait for it.
    let mut gate = app.pool.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM applications WHERE id = $1 FOR UPDATE").bind(id).execute(&mut *gate).await.unwrap();
    let ra = tokio::spawn(async move { a.act(id, v, "pass", "甲：同意").await });
    let rb = tokio::spawn(async move { b.return_case(id, v, "category", "乙：请补充材料").await });
    common::until_waiting_on_locks(&app.pool, 2).await;
    gate.commit().await.unwrap();
    let results = [ra.await.unwrap(), rb.await.unwrap()];
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.contains(&Err(AppError::Conflict)), "{results:?}");
    let after_submit: Vec<_> = app.events_of(id).await.into_iter().skip(1).collect();
    assert_eq!(after_submit.len(), 1, "exactly one event row for the winner");
}

/// The same race at the database level, made deterministic: the second transaction is blocked by
/// the first's row lock, then finds the version moved on.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_transition_blocked_by_another_finds_it_already_handled(pool: sqlx::PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let mut applicant = app.as_new_applicant("race.db").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let v = app.version_of(id).await;
    let handler = handling_user(&pool).await;
    let mut first = pool.begin().await.unwrap();
    app::workflow::db::transition(&mut first, &handler, id, v, app::domain::Command::Pass, &Default::default()).await.unwrap();
    let second = {
        let (pool, handler) = (pool.clone(), handler.clone());
        tokio::spawn(async move { app::workflow::db::act(&pool, &handler, id, v, app::domain::Command::Reject, &app::workflow::Opinion::text("理由")).await })
    };
    // The second really waits on the first's row lock (not merely runs later).
    common::until_waiting_on_locks(&pool, 1).await;
    assert!(!second.is_finished());
    first.commit().await.unwrap();
    assert_eq!(second.await.unwrap(), Err(AppError::Conflict));
    assert_eq!(app.status_of(id).await, "first_review");
    assert_eq!(app.events_of(id).await.len(), 2);
}

async fn handling_user(pool: &sqlx::PgPool) -> app::auth::CurrentUser {
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'handling'").fetch_one(pool).await.unwrap();
    app::auth::CurrentUser {
        id,
        username: "handling".into(),
        display_name: "经办部门".into(),
        role: app::domain::Role::HandlingDept,
        unit_credit_code: None,
        department_code: None,
        provider_org_id: None,
        id_number: None,
    }
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_event_log_refuses_update_and_delete(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("audit.case").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    // An event that nothing references (inbox and outbox rows point at events, and a foreign key
    // would refuse its deletion anyway): only the trigger can refuse it, with its own error.
    let free: i64 = sqlx::query_scalar(
        "INSERT INTO application_events (application_id, actor_id, actor_role, command, from_status, to_status, opinion)
         SELECT application_id, actor_id, actor_role, 'submit', to_status, to_status, '' FROM application_events LIMIT 1 RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let update = format!("UPDATE application_events SET opinion = 'changed' WHERE id = {free}");
    let delete = format!("DELETE FROM application_events WHERE id = {free}");
    for sql in [update.as_str(), delete.as_str(), "TRUNCATE application_events CASCADE"] {
        assert_append_only(&app.pool, sql, "application_events").await;
    }
    assert_eq!(app.events_of(id).await.len(), 2);
}

/// `sql` was refused by the append-only trigger (`refuse_change`: SQLSTATE 42501), not by anything else.
pub async fn assert_append_only(pool: &sqlx::PgPool, sql: &str, table: &str) {
    let err = sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).execute(pool).await.expect_err(sql);
    let db = err.as_database_error().unwrap_or_else(|| panic!("{sql}: {err}"));
    assert_eq!(db.code().as_deref(), Some("42501"), "{sql}: {db}");
    assert_eq!(db.message(), format!("table {table} is append-only"), "{sql}");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn sessions_end_at_logout_and_at_expiry(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut anonymous = app.anonymous();
    assert_eq!(anonymous.call("login", &[("username", "hrss"), ("password", "wrong")]).await, Err(AppError::BadCredentials));
    assert_eq!(anonymous.call("login", &[("username", "nobody"), ("password", "wrong")]).await, Err(AppError::BadCredentials));

    let mut hrss = app.as_user("hrss").await;
    let stolen = hrss.clone();
    assert!(hrss.call("review_queue", &[]).await.is_ok());
    hrss.call("logout", &[]).await.unwrap();
    let mut stolen = stolen;
    assert_eq!(stolen.call("review_queue", &[]).await, Err(AppError::Unauthenticated), "a logged-out token still works");

    let mut hrss = app.as_user("hrss").await;
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 second'").execute(&app.pool).await.unwrap();
    assert_eq!(hrss.call("review_queue", &[]).await, Err(AppError::Unauthenticated));
    // Only a hash of the token is stored.
    let token = hrss.cookie.unwrap().trim_start_matches("yj_session=").to_string();
    let found: i64 = sqlx::query_scalar("SELECT count(*) FROM sessions WHERE encode(token_hash, 'hex') = $1").bind(&token).fetch_one(&app.pool).await.unwrap();
    assert_eq!(found, 0);
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn registration_refuses_taken_names_and_keeps_what_was_typed(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut anonymous = app.anonymous();
    let err = anonymous.call("register", &[("username", "hrss"), ("display_name", "冒名"), ("password", "long enough")]).await;
    assert_eq!(err, Err(AppError::UsernameTaken));
    let err = anonymous.call("register", &[("username", "x"), ("display_name", "𠀀㐂 <b>"), ("password", "short")]).await.unwrap_err();
    assert_eq!(err.problem_with(app::domain::Field::Username), Some(app::domain::Problem::UsernameFormat));
    assert_eq!(err.problem_with(app::domain::Field::Password), Some(app::domain::Problem::PasswordTooShort));
    assert_eq!(err.echo(app::domain::Field::DisplayName), Some("𠀀㐂 <b>"));
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn pages_render_in_the_chosen_language(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let anonymous = app.anonymous();
    let (status, html) = anonymous.get("/").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="zh-CN""#) && html.contains("云聚英才卡"), "{html}");
    let mut english = anonymous.clone();
    english.cookie = Some("lang=en".into());
    let (_, html) = english.get("/login").await;
    assert!(html.contains(r#"<html lang="en""#) && html.contains("Sign in"));
    let (status, _) = anonymous.get("/no/such/page").await;
    assert_eq!(status, 404);
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_admin_creates_staff_accounts_bound_where_their_role_needs(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let account = |username: &'static str, role: &'static str, dept: &'static str| {
        vec![("username", username), ("display_name", "新同事"), ("role", role), ("password", "initial pass"), ("department_code", dept)]
    };
    // Only the admin may.
    let mut hrss = app.as_user("hrss").await;
    assert_eq!(hrss.call("create_account", &account("new.wjj", "industry_dept", "wjj")).await, Err(AppError::Forbidden));
    assert_eq!(hrss.call("accounts", &[]).await, Err(AppError::Forbidden));

    let mut admin = app.as_user("admin").await;
    // An industry department account needs its department.
    let err = admin.call("create_account", &account("new.wjj", "industry_dept", "")).await.unwrap_err();
    assert_eq!(err.problem_with(app::domain::Field::Department), Some(app::domain::Problem::Required));
    assert_eq!(err.echo(app::domain::Field::Username), Some("new.wjj"));
    // Applicants register themselves; the admin makes staff only.
    let err = admin.call("create_account", &account("new.applicant", "applicant", "")).await.unwrap_err();
    assert_eq!(err.problem_with(app::domain::Field::Role), Some(app::domain::Problem::Required), "{err:?}");
    admin.call("create_account", &account("new.wjj", "industry_dept", "wjj")).await.unwrap();
    assert_eq!(admin.call("create_account", &account("new.wjj", "industry_dept", "wjj")).await, Err(AppError::UsernameTaken));

    // The new account signs in and has its (empty) queue.
    let mut colleague = app.anonymous();
    colleague.call("login", &[("username", "new.wjj"), ("password", "initial pass")]).await.unwrap();
    assert_eq!(colleague.call("review_queue", &[]).await.unwrap()["rows"], serde_json::json!([]));
    let (list, _) : (Vec<serde_json::Value>, serde_json::Value) = serde_json::from_value(admin.call("accounts", &[]).await.unwrap()).unwrap();
    let row = list.iter().find(|a| a["username"] == "new.wjj").unwrap();
    assert_eq!(row["binding"], "区卫健局");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_draft_withdrawn_unsubmitted_stays_private(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("withdraw.draft").await;
    let id = applicant.new_draft("5").await;
    applicant.act(id, app.version_of(id).await, "withdraw", "").await.unwrap();
    assert_eq!(app.status_of(id).await, "withdrawn");
    for who in ["handling", "hrss", "talent_office"] {
        assert_eq!(app.as_user(who).await.call("case", &[("id", &id.to_string())]).await, Err(AppError::NotFound), "{who}");
    }
    assert!(applicant.call("case", &[("id", &id.to_string())]).await.is_ok());
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn an_agent_sees_what_its_unit_filed_not_what_a_talent_filed_naming_it(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    // The applicant files naming the agent's unit as employer (common::fill_draft uses that code).
    let mut applicant = app.as_new_applicant("names.the.unit").await;
    let id = applicant.new_draft("5").await;
    let mut agent = app.as_user("agent").await;
    assert_eq!(agent.call("case", &[("id", &id.to_string())]).await, Err(AppError::NotFound));
    assert_eq!(agent.call("my_applications", &[]).await.unwrap(), serde_json::json!([]));
}
