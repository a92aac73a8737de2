//! The reviewers' workspace (issue 4): direct recognition, internal notes, the audit CSV.
//! RULES.md Art. 5(4)–(5); SYSTEM.md "The application".
use crate::common;

use app::domain::{Field, Problem};
use app::error::AppError;
use common::TestApp;

async fn case_at_re_review(app: &TestApp, user: &str, category: &str) -> i64 {
    let mut applicant = app.as_new_applicant(user).await;
    let id = applicant.new_draft(category).await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    // The routing table of migration 0002: categories 1, 2, 5 → kgxj; 3, 4, 8, 9 → rck; 6, 7 → swj.
    let industry = match category {
        "1" | "2" | "5" => "industry_kgxj",
        "6" | "7" => "industry_swj",
        _ => "industry_rck",
    };
    for who in ["handling", industry] {
        app.as_user(who).await.act(id, app.version_of(id).await, "pass", "").await.unwrap();
    }
    assert_eq!(app.status_of(id).await, "re_review");
    id
}

async fn pass_recommending(app: &TestApp, who: &str, id: i64) -> Result<serde_json::Value, AppError> {
    let v = app.version_of(id).await.to_string();
    let sid = id.to_string();
    app.as_user(who).await.call("act", &[("id", &sid), ("version", &v), ("command", "pass"), ("direct_recognition", "yes")]).await
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn hrss_recommends_direct_recognition_for_categories_1_to_8_only(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    // Art. 5(4): category 9 cannot be recommended; nothing changes.
    let nine = case_at_re_review(&app, "dr.nine", "9").await;
    let err = pass_recommending(&app, "hrss", nine).await.unwrap_err();
    assert_eq!(err.problem_with(Field::DirectRecognition), Some(Problem::DirectRecognitionNotAllowed));
    assert_eq!(app.status_of(nine).await, "re_review");
    // Category 5: recorded on the case and on the event, and shown later in the decision queue.
    let five = case_at_re_review(&app, "dr.five", "5").await;
    pass_recommending(&app, "hrss", five).await.unwrap();
    let queue = app.as_user("talent_office").await.call("review_queue", &[]).await.unwrap()["rows"].clone();
    let row = queue.as_array().unwrap().iter().find(|c| c["id"] == five).unwrap().clone();
    assert_eq!(row["direct_recognition"], true);
    let case = app.as_user("talent_office").await.call("case", &[("id", &five.to_string())]).await.unwrap();
    assert_eq!(case["direct_recognition"], true);
    assert_eq!(case["events"].as_array().unwrap().last().unwrap()["direct_recognition"], true);
    // A recommendation between officials, like HRSS's opinion: not shown to the applicant.
    let mut applicant = app.anonymous();
    applicant.call("login", &[("username", "dr.five"), ("password", "long enough")]).await.unwrap();
    let mine = applicant.call("case", &[("id", &five.to_string())]).await.unwrap();
    assert_eq!(mine["direct_recognition"], false);
    assert!(mine["events"].as_array().unwrap().iter().all(|e| e["direct_recognition"] == false), "{}", mine["events"]);
    let listed = applicant.call("my_applications", &[]).await.unwrap();
    assert!(listed.as_array().unwrap().iter().all(|c| c["direct_recognition"] == false), "{listed}");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn notes_are_for_officials_and_the_audit_csv_for_hrss(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("notes.case").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let sid = id.to_string();
    let mut handling = app.as_user("handling").await;
    let note = "=HYPERLINK(\"http://x\") <script>alert(1)</script> 需核实纳税证明";
    handling.call("add_note", &[("id", &sid), ("body", note)]).await.unwrap();
    assert_eq!(handling.call("add_note", &[("id", &sid), ("body", " ")]).await.unwrap_err().problem_with(Field::Note), Some(Problem::Required));
    // The applicant cannot add or read notes.
    assert_eq!(applicant.call("add_note", &[("id", &sid), ("body", "x")]).await, Err(AppError::Forbidden));
    let seen = applicant.call("case", &[("id", &sid)]).await.unwrap();
    assert_eq!(seen["notes"], serde_json::json!([]));
    assert!(!seen.to_string().contains("纳税证明"));
    // An industry department the case is not routed to cannot note it.
    assert_eq!(app.as_user("industry_jyj").await.call("add_note", &[("id", &sid), ("body", "x")]).await, Err(AppError::NotFound));
    let seen = app.as_user("hrss").await.call("case", &[("id", &sid)]).await.unwrap();
    assert_eq!(seen["notes"][0]["body"], note);
    // Notes are append-only.
    for sql in ["UPDATE case_notes SET body = 'x'", "DELETE FROM case_notes", "TRUNCATE case_notes"] {
        crate::security::assert_append_only(&app.pool, sql, "case_notes").await;
    }
    // HRSS exports the record: the submission and the note, the formula defused.
    let (status, csv) = app.as_user("hrss").await.get(&format!("/review/{id}/audit.csv")).await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].contains("\"transition\"") && lines[1].contains("\"submit\""), "{csv}");
    assert!(lines[2].contains("\"note\"") && lines[2].contains("\"'=HYPERLINK(\"\"http://x\"\")"), "{csv}");
    for who in ["handling", "talent_office", "bank"] {
        assert_eq!(app.as_user(who).await.get(&format!("/review/{id}/audit.csv")).await.0, 404, "{who}");
    }
    assert_eq!(applicant.get(&format!("/review/{id}/audit.csv")).await.0, 404);
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_decision_batch_is_recorded_all_at_once(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut ids = vec![];
    for i in 0..3 {
        let id = case_at_re_review(&app, &format!("batch.{i}"), "5").await;
        app.as_user("hrss").await.act(id, app.version_of(id).await, "pass", "复审同意").await.unwrap();
        ids.push(id);
    }
    let mut office = app.as_user("talent_office").await;
    assert_eq!(app.as_user("hrss").await.call("create_batch", &[]).await, Err(AppError::Forbidden));
    office.call("create_batch", &[]).await.unwrap();
    let (waiting, batches): (i64, serde_json::Value) = serde_json::from_value(office.call("decision_batches", &[]).await.unwrap()).unwrap();
    assert_eq!(waiting, 0, "every case is in the batch");
    let batch = batches[0]["id"].as_i64().unwrap().to_string();
    let agenda = office.call("decision_batch", &[("id", &batch)]).await.unwrap();
    assert_eq!(agenda["cases"].as_array().unwrap().len(), 3);
    assert_eq!(agenda["cases"][0]["hrss_opinion"], "复审同意");
    // A case on the open agenda is decided by the meeting, not alone from its case page.
    let err = office.act(ids[0], app.version_of(ids[0]).await, "approve", "会前单独审定").await.unwrap_err();
    assert_eq!(err.problem_with(Field::Opinion), Some(Problem::OnOpenAgenda));
    assert_eq!(err.echo(Field::Opinion), Some("会前单独审定"), "the opinion typed is kept");
    // Someone who may not decide the case learns nothing about agendas.
    let mut stranger = app.as_new_applicant("batch.stranger").await;
    assert_eq!(stranger.act(ids[0], app.version_of(ids[0]).await, "approve", "").await, Err(AppError::NotFound));
    let case = office.call("case", &[("id", &ids[0].to_string())]).await.unwrap();
    assert_eq!(case["agenda"].as_i64().map(|b| b.to_string()), Some(batch.clone()));
    assert!(!case["commands"].as_array().unwrap().iter().any(|c| c == "Approve" || c == "Reject"), "{}", case["commands"]);
    // No second batch of the same cases.
    let err = office.call("create_batch", &[]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::MeetingDate), Some(Problem::NothingToDecide));
    // One case is rejected, with its reason (required).
    let (b, c) = (batch.as_str(), ids[1].to_string());
    let err = office.call("set_outcome", &[("batch", b), ("application", &c), ("outcome", "reject")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::Opinion), Some(Problem::Required));
    assert_eq!(err.echo(Field::Application), Some(c.as_str()), "the refusal names its case, so the agenda shows it there only");
    office.call("set_outcome", &[("batch", b), ("application", &c), ("outcome", "reject"), ("reason", "=不符合本区发展需要")]).await.unwrap();
    // The agenda as CSV: every case, HRSS's opinion, the outcome and reason (a formula defused).
    let (status, csv) = office.get(&format!("/decisions/{b}/agenda.csv")).await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("\"受理编号\",\"姓名\""), "{}", lines[0]);
    let rejected = lines.iter().find(|l| l.contains(&format!("{:06}", ids[1]))).unwrap();
    assert!(rejected.contains("\"复审同意\"") && rejected.ends_with("\"不予通过\",\"'=不符合本区发展需要\""), "{rejected}");
    assert_eq!(app.as_user("hrss").await.get(&format!("/decisions/{b}/agenda.csv")).await.0, 404);
    // A meeting date in the future is refused; then the meeting is recorded for all at once.
    let err = office.call("record_meeting", &[("batch", b), ("meeting_date", "2999-01-01")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::MeetingDate), Some(Problem::DateInFuture));
    office.call("record_meeting", &[("batch", b), ("meeting_date", "2026-11-20")]).await.unwrap();
    assert_eq!(app.status_of(ids[0]).await, "approved");
    assert_eq!(app.status_of(ids[1]).await, "rejected");
    assert_eq!(app.status_of(ids[2]).await, "approved");
    // Recorded once only; outcomes can no longer change.
    assert_eq!(office.call("record_meeting", &[("batch", b), ("meeting_date", "2026-11-20")]).await, Err(AppError::Conflict));
    assert_eq!(office.call("set_outcome", &[("batch", b), ("application", &c), ("outcome", "approve")]).await, Err(AppError::Conflict));
    let events = app.events_of(ids[1]).await;
    assert_eq!(events.last().unwrap().0, "reject");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn queues_show_working_days_waited_against_the_stage_limit(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("deadline.case").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    // Entered pre-review 30 calendar days ago: at least 15 working days, over the 5 allowed.
    sqlx::query("UPDATE applications SET updated_at = now() - interval '30 days' WHERE id = $1").bind(id).execute(&app.pool).await.unwrap();
    let mut handling = app.as_user("handling").await;
    let queue = handling.call("review_queue", &[]).await.unwrap();
    let row = &queue["rows"][0];
    assert!(row["waiting_days"].as_i64().unwrap() >= 15, "{row}");
    assert!(row["urgency"]["overdue"]["days"].as_i64().unwrap() >= 10, "{row}");
    assert_eq!(handling.call("review_queue", &[("due", "overdue")]).await.unwrap()["rows"].as_array().unwrap().len(), 1);
    assert_eq!(handling.call("review_queue", &[("due", "due_soon")]).await.unwrap()["rows"], serde_json::json!([]));
    // The admin gives pre-review a year: on time. Only the admin may.
    assert_eq!(handling.call("set_stage_limit", &[("stage", "pre_review"), ("working_days", "365")]).await, Err(AppError::Forbidden));
    let mut admin = app.as_user("admin").await;
    admin.call("set_stage_limit", &[("stage", "pre_review"), ("working_days", "365")]).await.unwrap();
    let row = &handling.call("review_queue", &[]).await.unwrap()["rows"][0];
    assert!(row["urgency"]["on_time"]["days_left"].as_i64().unwrap() > 200, "{row}");
    // A new public holiday inside the wait counts no more as a working day.
    let waited = row["waiting_days"].as_i64().unwrap();
    let day: String = sqlx::query_scalar(
        "SELECT d::date::text FROM generate_series(now() - interval '20 days', now() - interval '2 days', interval '1 day') d
          WHERE extract(isodow FROM d) < 6 AND d::date NOT IN (SELECT day FROM calendar_days) LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    admin.call("set_calendar_day", &[("day", &day), ("kind", "holiday"), ("note", "测试假日")]).await.unwrap();
    let row = &handling.call("review_queue", &[]).await.unwrap()["rows"][0];
    assert_eq!(row["waiting_days"].as_i64().unwrap(), waited - 1);
    // And a make-up working day (调休) on a weekend inside the wait counts as one more (issue 18).
    let weekend: String = sqlx::query_scalar(
        "SELECT d::date::text FROM generate_series(now() - interval '20 days', now() - interval '2 days', interval '1 day') d
          WHERE extract(isodow FROM d) >= 6 AND d::date NOT IN (SELECT day FROM calendar_days) LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    admin.call("set_calendar_day", &[("day", &weekend), ("kind", "make_up_workday"), ("note", "测试调休")]).await.unwrap();
    let row = &handling.call("review_queue", &[]).await.unwrap()["rows"][0];
    assert_eq!(row["waiting_days"].as_i64().unwrap(), waited, "the make-up Saturday or Sunday is a working day");
    admin.call("remove_calendar_day", &[("day", &weekend)]).await.unwrap();
    let err = admin.call("set_calendar_day", &[("day", "2026-02-30"), ("kind", "holiday")]).await.unwrap_err();
    assert_eq!(err.problem_with(Field::RegisteredOn), Some(Problem::DateFormat));
    // The case page shows the days waited to officials, not to the applicant.
    let case = handling.call("case", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(case["waiting_days"].as_i64().unwrap(), waited - 1);
    assert_eq!(applicant.call("case", &[("id", &id.to_string())]).await.unwrap()["waiting_days"], serde_json::Value::Null);
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn queues_filter_search_and_page_by_keyset(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("queue.pages").await;
    let first = applicant.new_draft("5").await;
    applicant.submit(first, app.version_of(first).await).await.unwrap();
    // 120 more cases in pre-review, straight into the table (names 候选人1 …).
    sqlx::query(
        "INSERT INTO applications (applicant_id, filed_by, status, full_name, id_type, id_number, employer_name, credit_code,
                                   employer_type, months_in_district, talent_category, submitted_at, updated_at)
         SELECT a.applicant_id, a.filed_by, 'pre_review', '候选人' || n, 'passport', 'E' || lpad(n::text, 8, '0'), a.employer_name,
                a.credit_code, CASE WHEN n % 10 = 0 THEN 'new_investment'::employer_type ELSE 'district_enterprise' END, 12, 1 + n % 9,
                now(), now() - make_interval(mins => n)
           FROM applications a, generate_series(1, 120) n WHERE a.id = $1",
    )
    .bind(first)
    .execute(&app.pool)
    .await
    .unwrap();
    let mut handling = app.as_user("handling").await;
    // Every case exactly once over the pages, oldest first.
    let (mut seen, mut after, mut pages) = (Vec::<i64>::new(), String::new(), 0);
    loop {
        let page = handling.call("review_queue", &[("after", &after)]).await.unwrap();
        seen.extend(page["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()));
        pages += 1;
        match page["next"].as_str() {
            Some(c) => after = c.to_string(),
            None => break,
        }
    }
    assert_eq!((seen.len(), pages), (121, 3));
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 121);
    // Filters: category, case by case, a reference, the start of a name (a % is a character).
    let rows = |v: serde_json::Value| v["rows"].as_array().unwrap().clone();
    let cat3 = rows(handling.call("review_queue", &[("category", "3")]).await.unwrap());
    assert!(!cat3.is_empty() && cat3.iter().all(|r| r["talent_category"] == 3));
    let cbc = rows(handling.call("review_queue", &[("case_by_case", "yes")]).await.unwrap());
    assert_eq!(cbc.len(), 12);
    let reference = app.as_user("hrss").await.call("case", &[("id", &first.to_string())]).await.unwrap()["reference"].as_str().unwrap().to_string();
    let found = rows(handling.call("review_queue", &[("q", &reference)]).await.unwrap());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], first);
    assert_eq!(rows(handling.call("review_queue", &[("q", "候选人11")]).await.unwrap()).len(), 11, "候选人11 and 候选人110 to 119");
    assert_eq!(rows(handling.call("review_queue", &[("q", "%")]).await.unwrap()).len(), 0);
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn the_dashboard_counts_and_draws(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let id = case_at_re_review(&app, "dash.case", "7").await;
    sqlx::query("UPDATE applications SET updated_at = now() - interval '60 days' WHERE id = $1").bind(id).execute(&app.pool).await.unwrap();
    assert_eq!(app.as_user("handling").await.call("dashboard", &[]).await, Err(AppError::Forbidden));
    let stats = app.as_user("hrss").await.call("dashboard", &[]).await.unwrap();
    assert_eq!(stats["per_stage"], serde_json::json!([["ReReview", 1]]));
    assert_eq!(stats["overdue"], 1);
    assert_eq!(stats["category_mix"], serde_json::json!([[7, 1]]));
    assert_eq!(stats["monthly_intake"].as_array().unwrap().len(), 12);
    assert_eq!(stats["monthly_intake"][11][1], 1);
    // The page draws SVG charts on the server.
    let (status, html) = app.as_user("talent_office").await.get("/dashboard").await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("<svg").count(), 7, "five charts (the card holders by status: issue 13) and two of requests (issue 19)");
    assert!(html.contains("data-testid=\"request-stats\""));
    assert!(html.contains("data-testid=\"chart-holders\"") && html.contains("data-testid=\"expiring\""));
    assert!(html.contains("class=\"chart-bar\""));
}

/// Issue 4, case page: "after a resubmission, what changed since the return".
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn after_a_resubmission_the_reviewer_sees_what_changed_since_the_return(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("changes.case").await;
    let id = applicant.new_draft("5").await;
    let sid = id.to_string();
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let mut handling = app.as_user("handling").await;
    handling.act(id, app.version_of(id).await, "pass", "单位资格符合").await.unwrap();
    let mut industry = app.as_user("industry_kgxj").await;
    industry.return_case(id, app.version_of(id).await, "residence", "请核实在区工作月数并补充社保证明").await.unwrap();
    // While returned, nothing to compare yet.
    assert_eq!(industry.call("case", &[("id", &sid)]).await.unwrap()["since_return"], serde_json::Value::Null);

    applicant.call("save_residence", &[("id", &sid), ("months_in_district", "9")]).await.unwrap();
    let to = applicant.upload(id, "other", "社保缴费证明.pdf", common::PDF).await;
    assert!(!to.starts_with("status"), "{to}");
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    assert_eq!(app.status_of(id).await, "first_review");

    let case = industry.call("case", &[("id", &sid)]).await.unwrap();
    let since = &case["since_return"];
    assert_eq!(since["returned_by"], "IndustryDept");
    assert_eq!(since["answers_before"]["residence"]["months_in_district"], "12");
    assert_eq!(since["documents_added"][0]["file_name"], "社保缴费证明.pdf");
    // The page says it in words: the old and the new value, the new document.
    let (status, html) = industry.get(&format!("/review/{id}")).await;
    assert_eq!(status, 200);
    let panel = &html[html.find("data-testid=\"since-return\"").expect("the panel is on the page")..];
    let panel = &panel[..panel.find("</section>").unwrap()];
    assert!(panel.contains("退回后的修改"), "{panel}");
    assert!(panel.contains("<del>12</del>") && panel.contains("<ins>9</ins>"), "{panel}");
    assert!(panel.contains("社保缴费证明.pdf"), "{panel}");
    assert!(!panel.contains("张三明"), "unchanged answers are not listed: {panel}");
    // The applicant's own view carries no such comparison (nor any internal material).
    assert_eq!(applicant.call("case", &[("id", &sid)]).await.unwrap()["since_return"], serde_json::Value::Null);

    // Returned again and resubmitted unchanged: the reviewer is told nothing changed.
    industry.return_case(id, app.version_of(id).await, "residence", "证明不清晰").await.unwrap();
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let (_, html) = industry.get(&format!("/review/{id}")).await;
    assert!(html.contains("没有修改任何答案或材料"), "the comparison is against the latest return");
}

/// Issue 4: "a CSV export of each queue" — the queue as filtered, every page, only what the
/// role may see.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn each_queue_exports_as_csv_with_its_filters(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut handling = app.as_user("handling").await;
    let mut ids = vec![];
    for (i, category) in ["5", "5", "3"].into_iter().enumerate() {
        let mut applicant = app.as_new_applicant(&format!("csv.{i}")).await;
        let id = applicant.new_draft(category).await;
        applicant.submit(id, app.version_of(id).await).await.unwrap();
        ids.push(id);
    }
    // 60 more in pre-review: more than one page of the queue.
    sqlx::query(
        "INSERT INTO applications (applicant_id, filed_by, status, full_name, id_type, id_number, employer_name, credit_code,
                                   employer_type, months_in_district, talent_category, submitted_at)
         SELECT a.applicant_id, a.filed_by, a.status, '王' || g, a.id_type, a.id_number, a.employer_name, a.credit_code,
                a.employer_type, a.months_in_district, 9, now()
           FROM applications a, generate_series(1, 60) g WHERE a.id = $1",
    )
    .bind(ids[0])
    .execute(&app.pool)
    .await
    .unwrap();
    let (status, csv) = handling.get("/review/queue.csv").await;
    assert_eq!(status, 200);
    assert_eq!(csv.lines().count(), 1 + 63, "every page, not just the first 50");
    let (_, csv) = handling.get("/review/queue.csv?category=5").await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].contains(&format!("{:06}", ids[0])) && lines[1].contains("预审中"), "{}", lines[1]);
    // English when the reader chose English.
    let (_, csv) = handling.get_with_cookie("/review/queue.csv?category=3", "lang=en").await;
    assert!(csv.starts_with("\u{feff}\"Reference\",\"Name\""), "{csv}");
    // An industry department exports only the cases routed to it; others get nothing.
    handling.act(ids[0], app.version_of(ids[0]).await, "pass", "").await.unwrap();
    handling.act(ids[2], app.version_of(ids[2]).await, "pass", "").await.unwrap();
    let (_, csv) = app.as_user("industry_kgxj").await.get("/review/queue.csv").await;
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(&format!("{:06}", ids[0])) && !csv.contains(&format!("{:06}", ids[2])), "{csv}");
    assert_eq!(app.as_user("bank").await.get("/review/queue.csv").await.0, 404);
    assert_eq!(app.anonymous().get("/review/queue.csv").await.0, 303);
}

/// Issue 4: queues filter by stage — besides the cases awaiting it, each body follows the cases it
/// returned until the applicant corrects them.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_stage_follows_the_cases_it_returned(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("stage.returned").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let mut handling = app.as_user("handling").await;
    handling.act(id, app.version_of(id).await, "pass", "").await.unwrap();
    let mut kgxj = app.as_user("industry_kgxj").await;
    kgxj.return_case(id, app.version_of(id).await, "category", "请补充入选文件").await.unwrap();
    let ids = |page: serde_json::Value| page["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(kgxj.call("review_queue", &[]).await.unwrap()), Vec::<i64>::new());
    assert_eq!(ids(kgxj.call("review_queue", &[("stage", "returned")]).await.unwrap()), vec![id]);
    // Not another department's, not another stage's.
    assert_eq!(ids(app.as_user("industry_rck").await.call("review_queue", &[("stage", "returned")]).await.unwrap()), Vec::<i64>::new());
    assert_eq!(ids(handling.call("review_queue", &[("stage", "returned")]).await.unwrap()), Vec::<i64>::new());
    let (_, csv) = kgxj.get("/review/queue.csv?stage=returned").await;
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(&format!("{id:06}")), "{csv}");
    // Corrected and resubmitted: back in the queue awaiting review.
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    assert_eq!(ids(kgxj.call("review_queue", &[]).await.unwrap()), vec![id]);
    assert_eq!(ids(kgxj.call("review_queue", &[("stage", "returned")]).await.unwrap()), Vec::<i64>::new());
}
