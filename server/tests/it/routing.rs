//! Routing of first review by talent category × employer industry, and the admin's table
//! (issue 4; SYSTEM.md admin "routing table"; RULES.md Art. 5(2)–(3)).
use crate::common;

use app::domain::{Field, Problem};
use app::error::AppError;
use common::{Actor, TestApp};

/// A case of `category` from an employer in `industry`, passed by the handling dept.
async fn passed_pre_review(app: &TestApp, user: &str, category: &str, industry: &str) -> i64 {
    let mut applicant = app.as_new_applicant(user).await;
    applicant.call("create_application", &[]).await.unwrap();
    let id = applicant.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap();
    applicant.fill_draft_in(id, category, industry).await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    app.as_user("handling").await.act(id, app.version_of(id).await, "pass", "单位资格符合").await.unwrap();
    assert_eq!(app.status_of(id).await, "first_review");
    id
}

async fn department_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT department_code FROM applications WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap()
}

async fn queue_ids(actor: &mut Actor) -> Vec<i64> {
    let rows = actor.call("review_queue", &[]).await.unwrap()["rows"].clone();
    rows.as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn an_industry_rule_sends_the_case_to_that_department_only(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    // Migration 0006: category 3 goes to the HRSS talent section, but a school's talent to the
    // education bureau.
    let school = passed_pre_review(&app, "route.school", "3", "education").await;
    let factory = passed_pre_review(&app, "route.factory", "3", "manufacturing").await;
    assert_eq!(department_of(&app, school).await, "jyj");
    assert_eq!(department_of(&app, factory).await, "rck");

    let mut jyj = app.as_user("industry_jyj").await;
    let mut rck = app.as_user("industry_rck").await;
    assert_eq!(queue_ids(&mut jyj).await, vec![school]);
    assert_eq!(queue_ids(&mut rck).await, vec![factory]);
    // Never a case routed elsewhere: not readable, not actionable.
    assert_eq!(rck.call("case", &[("id", &school.to_string())]).await, Err(AppError::NotFound));
    assert_eq!(rck.act(school, app.version_of(school).await, "pass", "同意").await, Err(AppError::NotFound));
    jyj.act(school, app.version_of(school).await, "pass", "符合条件").await.unwrap();
    assert_eq!(app.status_of(school).await, "re_review");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_admin_changes_the_table_and_later_cases_follow_it(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let before = passed_pre_review(&app, "route.before", "3", "manufacturing").await;
    let mut admin = app.as_user("admin").await;

    // Category 3 from manufacturers now goes to the science & industry bureau.
    admin.call("set_routing_rule", &[("talent_category", "3"), ("industry", "manufacturing"), ("department_code", "kgxj")]).await.unwrap();
    let rules = admin.call("routing_table", &[]).await.unwrap()["rules"].clone();
    assert!(rules.as_array().unwrap().iter().any(|r| r["talent_category"] == 3 && r["industry"] == "Manufacturing" && r["department"] == "kgxj"), "{rules}");
    let after = passed_pre_review(&app, "route.after", "3", "manufacturing").await;
    assert_eq!(department_of(&app, after).await, "kgxj");
    // A case already in first review stays with the department it was routed to.
    assert_eq!(department_of(&app, before).await, "rck");

    // Without the education rule, a school's talent of category 3 follows the category's default;
    // changing the default moves every industry without a rule of its own.
    admin.call("remove_routing_rule", &[("talent_category", "3"), ("industry", "education")]).await.unwrap();
    admin.call("set_routing_rule", &[("talent_category", "3"), ("industry", ""), ("department_code", "swj")]).await.unwrap();
    let school = passed_pre_review(&app, "route.school", "3", "education").await;
    assert_eq!(department_of(&app, school).await, "swj");
    let factory = passed_pre_review(&app, "route.factory", "3", "manufacturing").await;
    assert_eq!(department_of(&app, factory).await, "kgxj");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn bad_rules_are_refused_with_the_values_kept(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut admin = app.as_user("admin").await;
    let err = admin.call("set_routing_rule", &[("talent_category", "12"), ("industry", "mining"), ("department_code", "")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Category), Some(Problem::CategoryOutOfRange));
    assert_eq!(err.problem_with(Field::Industry), Some(Problem::UnknownChoice));
    assert_eq!(err.problem_with(Field::Department), Some(Problem::Required));
    assert_eq!(err.echo(Field::Industry), Some("mining"));
    let err = admin.call("set_routing_rule", &[("talent_category", "3"), ("industry", ""), ("department_code", "nosuch")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Department), Some(Problem::UnknownChoice));
    // A category's default can be changed, never removed: every case must reach a department.
    assert_eq!(admin.call("remove_routing_rule", &[("talent_category", "3"), ("industry", "any")]).await, Err(AppError::NotFound));
    let defaults: i64 = sqlx::query_scalar("SELECT count(*) FROM routing_rules WHERE industry = 'any'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(defaults, 9);

    // The employer section asks for the industry, and keeps what was typed when refused.
    let mut applicant = app.as_new_applicant("route.typo").await;
    applicant.call("create_application", &[]).await.unwrap();
    let id = applicant.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap().to_string();
    let err = applicant.call("save_employer", &[("id", &id), ("employer_name", "广州白云某公司"), ("industry", "")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Industry), Some(Problem::Required));
    assert_eq!(err.echo(Field::EmployerName), Some("广州白云某公司"));
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_routing_page_shows_where_each_combination_goes(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let admin = app.as_user("admin").await;
    let (status, html) = admin.get("/admin/routing").await;
    assert_eq!(status, 200);
    let cell = |category: i16, industry: &str| {
        let at = html.find(&format!("data-category=\"{category}\" data-industry=\"{industry}\"")).unwrap_or_else(|| panic!("no cell {category} × {industry}"));
        let rest = &html[at..];
        rest[rest.find('>').unwrap() + 1..rest.find("</td>").unwrap()].to_string()
    };
    assert_eq!(cell(3, "education"), "区教育局");
    assert_eq!(cell(3, "software"), "区人社局人才科");
    assert_eq!(cell(6, "health"), "区商务局");
    // Refused to HRSS: forbidden, said so, and no table (a 500 would not do).
    let (status, html) = app.as_user("hrss").await.get("/admin/routing").await;
    assert_eq!(status, axum::http::StatusCode::FORBIDDEN);
    assert!(html.contains("error-summary") && !html.contains("routing-matrix"));
}

/// A correction may change the employer's industry: the resubmission goes to the department the
/// table names for the corrected case.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_corrected_industry_reroutes_the_resubmission(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let id = passed_pre_review(&app, "route.fix", "3", "education").await;
    assert_eq!(department_of(&app, id).await, "jyj");
    let mut jyj = app.as_user("industry_jyj").await;
    jyj.return_case(id, app.version_of(id).await, "employer", "该单位不是学校，请核实所属行业").await.unwrap();
    let mut applicant = app.anonymous();
    applicant.call("login", &[("username", "route.fix"), ("password", "long enough")]).await.unwrap();
    let mut employer = applicant.call("case", &[("id", &id.to_string())]).await.unwrap()["answers"]["employer"].clone();
    employer["industry"] = "manufacturing".into();
    let mut form: Vec<(String, String)> = employer.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect();
    form.push(("id".into(), id.to_string()));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    applicant.call("save_employer", &form).await.unwrap();
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    assert_eq!(app.status_of(id).await, "first_review");
    assert_eq!(department_of(&app, id).await, "rck");
    assert_eq!(queue_ids(&mut app.as_user("industry_rck").await).await, vec![id]);
    assert_eq!(queue_ids(&mut jyj).await, Vec::<i64>::new());
}
