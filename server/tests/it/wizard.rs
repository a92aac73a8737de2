//! The application wizard over HTTP (issue 3): sections saved as typed, uploads judged by content,
//! documents only for those who may see the case, agents filing for their staff, the inbox, and
//! returns per section. RULES.md Art. 3, Art. 5(1); SYSTEM.md "The application", "Notifications".
use crate::common;

use app::domain::{Field, Problem};
use app::error::AppError;
use common::{credit_code, resident_id, TestApp, PDF};

fn problems(e: &AppError) -> Vec<(Field, Problem)> {
    match e {
        AppError::Invalid { errors, .. } => errors.iter().map(|e| (e.field, e.problem)).collect(),
        other => panic!("not a refusal of input: {other:?}"),
    }
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_refused_section_is_kept_as_typed_and_names_every_problem(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("wizard.kept").await;
    applicant.call("create_application", &[("employer_type", "district_enterprise"), ("months_in_district", "12"), ("talent_category", "5")]).await.unwrap();
    let id = applicant.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap();
    let sid = id.to_string();
    let good_id = resident_id("44011119900307");
    let wrong_id = format!("{}{}", &good_id[..17], if good_id.ends_with('0') { '1' } else { '0' });
    let long = "名".repeat(5000);
    let err = applicant
        .call("save_personal", &[("id", &sid), ("full_name", &long), ("gender", "female"), ("birth_date", "2030-01-01"), ("nationality", "中国"),
            ("id_type", "resident_id"), ("id_number", &wrong_id), ("phone", "123"), ("email", "x")])
        .await
        .unwrap_err();
    let mut got = problems(&err);
    got.sort_by_key(|(f, _)| format!("{f:?}"));
    assert!(got.contains(&(Field::FullName, Problem::TooLong)), "{got:?}");
    assert!(got.contains(&(Field::BirthDate, Problem::DateInFuture)), "{got:?}");
    assert!(got.contains(&(Field::IdNumber, Problem::IdCheckDigit)), "{got:?}");
    assert!(got.contains(&(Field::Phone, Problem::PhoneFormat)), "{got:?}");
    assert!(got.contains(&(Field::Email, Problem::EmailFormat)), "{got:?}");
    assert_eq!(err.echo(Field::IdNumber), Some(wrong_id.as_str()), "what was typed comes back");
    // … and it is saved as typed, so it can be finished on another device.
    let case = applicant.call("case", &[("id", &sid)]).await.unwrap();
    assert_eq!(case["answers"]["personal"]["id_number"], wrong_id.as_str());
    assert_eq!(case["answers"]["personal"]["full_name"].as_str().unwrap().chars().count(), 5000);
    // The self-check's answers were carried in.
    assert_eq!(case["answers"]["residence"]["months_in_district"], "12");
    // An incomplete application cannot be submitted.
    let v = app.version_of(id).await;
    assert!(matches!(applicant.submit(id, v).await, Err(AppError::Incomplete(_))));
    assert_eq!(app.status_of(id).await, "draft");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn uploads_are_judged_by_content_and_size(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("wizard.uploads").await;
    applicant.call("create_application", &[]).await.unwrap();
    let id = applicant.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap();
    let exe = [b"MZ\x90\x00".as_slice(), &[0u8; 200]].concat();
    assert!(applicant.upload(id, "talent_proof", "证书.pdf", &exe).await.ends_with("/category?upload_error=type&kind=talent_proof"));
    assert!(applicant.upload(id, "photo", "photo.pdf", PDF).await.contains("upload_error=photo_type"));
    assert!(applicant.upload(id, "other", "empty.pdf", b"").await.contains("upload_error=empty"));
    let big = [PDF, &vec![b' '; 11 * 1024 * 1024]].concat();
    assert!(applicant.upload(id, "other", "big.pdf", &big).await.contains("upload_error=too_large"));
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM documents").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count, 0, "a refused file left a row");
    // A good one is stored with its SHA-256, under a random token.
    assert!(applicant.upload(id, "other", "<script>.pdf", PDF).await.ends_with("/category?uploaded=other"));
    let (token, sha, name): (String, String, String) =
        sqlx::query_as("SELECT token, sha256, file_name FROM documents").fetch_one(&app.pool).await.unwrap();
    use sha2::Digest;
    assert_eq!(sha, format!("{:x}", sha2::Sha256::digest(PDF)));
    assert_eq!(name, "<script>.pdf");
    assert_eq!(token.len(), 32);
    let (status, body) = applicant.get(&format!("/documents/{token}")).await;
    assert_eq!(status, 200);
    assert_eq!(body.as_bytes(), PDF);
    // Issue 18: its headers — the stored type, shown inline under its own name, never sniffed or cached.
    let res = applicant.send(axum::http::Request::get(format!("/documents/{token}"))).await;
    let h = |n: axum::http::HeaderName| res.headers().get(n).unwrap().to_str().unwrap().to_string();
    assert_eq!(h(axum::http::header::CONTENT_TYPE), "application/pdf");
    assert!(h(axum::http::header::CONTENT_DISPOSITION).starts_with("inline;"), "{}", h(axum::http::header::CONTENT_DISPOSITION));
    assert_eq!(h(axum::http::header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert!(h(axum::http::header::CACHE_CONTROL).contains("no-store"));
    // Exactly 10 MB is accepted (the limit is "at most").
    let exactly = [PDF, &vec![b' '; app::domain::uploads::MAX_UPLOAD_BYTES - PDF.len()]].concat();
    assert_eq!(exactly.len(), 10 * 1024 * 1024);
    assert!(applicant.upload(id, "other", "ten.pdf", &exactly).await.contains("uploaded=other"));
    // A removed document is gone: not served, not listed on the case.
    let res = applicant.send(axum::http::Request::post(format!("/documents/{token}/remove"))).await;
    assert_eq!(res.status(), axum::http::StatusCode::SEE_OTHER);
    assert_eq!(applicant.get(&format!("/documents/{token}")).await.0, 404);
    let case = applicant.call("case", &[("id", &id.to_string())]).await.unwrap();
    let listed: Vec<&str> = case["documents"].as_array().unwrap().iter().map(|d| d["token"].as_str().unwrap()).collect();
    assert!(!listed.contains(&token.as_str()), "{listed:?}");
    assert_eq!(listed.len(), 1, "the 10 MB file is listed");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn documents_are_served_only_to_those_who_may_see_the_case(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("wizard.docs").await;
    let id = applicant.new_draft("5").await;
    let token: String = sqlx::query_scalar("SELECT token FROM documents WHERE kind = 'talent_proof'").fetch_one(&app.pool).await.unwrap();
    let path = format!("/documents/{token}");
    assert_eq!(applicant.get(&path).await.0, 200);
    // Before submission nobody else; never anonymous, never another applicant or the bank.
    assert_eq!(app.anonymous().get(&path).await.0, 303, "anonymous is sent to sign in");
    for who in ["handling", "hrss", "bank", "hospital", "admin", "industry_kgxj"] {
        assert_eq!(app.as_user(who).await.get(&path).await.0, 404, "{who} read a draft's document");
    }
    assert_eq!(app.as_new_applicant("wizard.other").await.get(&path).await.0, 404);
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    // In pre-review: the handling dept and HRSS may; the industry dept only once routed to it.
    assert_eq!(app.as_user("handling").await.get(&path).await.0, 200);
    assert_eq!(app.as_user("industry_kgxj").await.get(&path).await.0, 404);
    app.as_user("handling").await.act(id, app.version_of(id).await, "pass", "").await.unwrap();
    assert_eq!(app.as_user("industry_kgxj").await.get(&path).await.0, 200);
    assert_eq!(app.as_user("industry_jyj").await.get(&path).await.0, 404);
    assert_eq!(app.as_user("bank").await.get(&path).await.0, 404);
    // A guessed token is just "not found".
    assert_eq!(applicant.get("/documents/00000000000000000000000000000000").await.0, 404);
    assert_eq!(applicant.get("/documents/../../etc/passwd").await.0, 404);
}

/// Issue 10, items 1 and 4: an agent files for its own unit only; the talent reaches the case only
/// by a claim code it proves, never by typing the case's ID number at registration.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn an_agent_files_for_its_own_staff_and_the_talent_claims_it_with_a_code(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut agent = app.as_user("agent").await;
    agent.call("create_application", &[]).await.unwrap();
    let id = agent.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap();
    let sid = id.to_string();
    // The agent's unit is filled in; another unit's code is refused (SYSTEM.md: "its own unit"),
    // kept in the answers as typed, and never reaches the case's columns.
    let case = agent.call("case", &[("id", &sid)]).await.unwrap();
    assert_eq!(case["answers"]["employer"]["credit_code"], credit_code("91440111MA59DE7W0").as_str());
    let other = credit_code("91440111MA59XX7W0");
    let err = agent
        .call("save_employer", &[("id", &sid), ("employer_name", "别家公司"), ("credit_code", &other), ("employer_type", "district_institution"), ("industry", "education"), ("registered_on", "2010-01-01")])
        .await
        .unwrap_err();
    assert_eq!(problems(&err), vec![(Field::CreditCode, Problem::NotYourUnit)]);
    let column: Option<String> = sqlx::query_scalar("SELECT credit_code FROM applications WHERE id = $1").bind(id).fetch_one(&app.pool).await.unwrap();
    assert_eq!(column, None, "another unit's code reached the case");
    // … nor can it be submitted so, and the database refuses it too.
    agent.fill_draft(id, "5").await;
    let save_other = |code: String| {
        let (mut agent, sid) = (agent.clone(), sid.clone());
        async move {
            agent.call("save_employer", &[("id", &sid), ("employer_name", "别家公司"), ("credit_code", &code), ("employer_type", "district_enterprise"),
                ("industry", "software"), ("registered_on", "2010-01-01"), ("registered_in_district", "yes"), ("pays_tax_in_district", "yes")]).await
        }
    };
    save_other(other.clone()).await.unwrap_err();
    let err = agent.clone().submit(id, app.version_of(id).await).await.unwrap_err();
    assert_eq!(problems(&err), vec![(Field::CreditCode, Problem::NotYourUnit)]);
    let refused = sqlx::query("UPDATE applications SET credit_code = $2 WHERE id = $1").bind(id).bind(&other).execute(&app.pool).await.unwrap_err();
    assert_eq!(refused.as_database_error().and_then(|e| e.constraint()), Some("agent_files_for_own_unit"));
    save_other(credit_code("91440111MA59DE7W0")).await.unwrap();
    agent.clone().submit(id, app.version_of(id).await).await.unwrap();

    // Typing the case's ID number at registration opens nothing, for the talent or an impostor;
    // two accounts may type the same number.
    let person = resident_id("44011119900307");
    let mut talent = app.anonymous();
    talent.call("register", &[("username", "staff.member"), ("display_name", "张三明"), ("password", "long enough"), ("id_number", &person)]).await.unwrap();
    let mut impostor = app.anonymous();
    impostor.call("register", &[("username", "impostor"), ("display_name", "x"), ("password", "long enough"), ("id_number", &person)]).await.unwrap();
    for who in [&mut talent, &mut impostor] {
        assert_eq!(who.call("my_applications", &[]).await.unwrap(), serde_json::json!([]));
        assert_eq!(who.call("case", &[("id", &sid)]).await, Err(AppError::NotFound));
        assert_eq!(who.call("inbox", &[]).await.unwrap(), serde_json::json!([]));
    }

    // The agent makes a claim code: mailed to the application's contact e-mail, shown to the agent,
    // stored only as a hash.
    agent.call("create_claim", &[("id", &sid)]).await.unwrap();
    let state = agent.call("claim_state", &[("id", &sid)]).await.unwrap();
    let code = state["open"]["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 11, "ABCDE-FGHJK: {code}");
    assert_eq!(state["open"]["mailed"], true);
    let mailed: (String, Option<i64>) =
        sqlx::query_as("SELECT to_address, event_id FROM email_outbox WHERE claim_id IS NOT NULL").fetch_one(&app.pool).await.unwrap();
    assert_eq!(mailed, ("zhang@example.cn".to_string(), None));
    let plain = code.replace('-', "");
    let dump: String = sqlx::query_scalar("SELECT concat_ws(' ', c.*::text, o.*::text) FROM case_claims c JOIN email_outbox o ON o.claim_id = c.id")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(!dump.contains(&plain), "the code is stored in clear");
    // An agent of another unit, or the talent, can neither read it nor make one.
    let mut other_agent = app.as_agent_of_another_unit().await;
    assert_eq!(other_agent.call("claim_state", &[("id", &sid)]).await, Err(AppError::NotFound));
    assert_eq!(other_agent.call("create_claim", &[("id", &sid)]).await, Err(AppError::NotFound));
    assert_eq!(talent.call("claim_state", &[("id", &sid)]).await, Err(AppError::Forbidden));
    assert_eq!(talent.call("create_claim", &[("id", &sid)]).await, Err(AppError::Forbidden));
    // A provider or a reviewer cannot claim a case, even with the right code.
    assert_eq!(app.as_user("hospital").await.call("claim_case", &[("code", &code), ("id_number", &person)]).await, Err(AppError::Forbidden));

    // The right code with another ID number, a wrong code: refused, the same way.
    let wrong_id = resident_id("44011119850101");
    for (c, n) in [(code.as_str(), wrong_id.as_str()), ("ABCDE-FGHJK", person.as_str()), ("nonsense", person.as_str())] {
        let err = impostor.call("claim_case", &[("code", c), ("id_number", n)]).await.unwrap_err();
        assert_eq!(problems(&err), vec![(Field::ClaimCode, Problem::ClaimRefused)], "{c} {n}");
    }
    // The talent, with the code as read out (small letters, a space) and the ID number: the case is theirs.
    let typed = code.to_lowercase().replace('-', " ");
    let claimed = talent.call("claim_case", &[("code", &typed), ("id_number", &person.to_lowercase())]).await.unwrap();
    assert_eq!(claimed, serde_json::json!(id));
    assert_eq!(talent.call("my_applications", &[]).await.unwrap()[0]["id"], id);
    assert!(talent.call("case", &[("id", &sid)]).await.is_ok());
    // Used once: the same code does not open it again, for anyone.
    let err = impostor.call("claim_case", &[("code", &code), ("id_number", &person)]).await.unwrap_err();
    assert_eq!(problems(&err), vec![(Field::ClaimCode, Problem::ClaimRefused)]);
    assert_eq!(impostor.call("case", &[("id", &sid)]).await, Err(AppError::NotFound));
    assert_eq!(agent.call("claim_state", &[("id", &sid)]).await.unwrap()["claimed"], true);
    assert_eq!(agent.call("create_claim", &[("id", &sid)]).await, Err(AppError::Conflict));

    // The agent is told of every change; so is the talent, now that it claimed the case.
    app.as_user("handling").await.act(id, app.version_of(id).await, "pass", "内部意见：单位资格符合").await.unwrap();
    let inbox = talent.call("inbox", &[]).await.unwrap();
    assert_eq!(inbox[0]["to"], "FirstReview");
    assert_eq!(inbox[0]["opinion"], "", "an internal opinion reached the applicant");
    assert_eq!(impostor.call("inbox", &[]).await.unwrap(), serde_json::json!([]));
    let agent_inbox = agent.call("inbox", &[]).await.unwrap();
    assert_eq!(agent_inbox.as_array().unwrap().len(), 2, "{agent_inbox}");
}

/// A claim code expires after 72 hours, and a new code makes the old one stop working.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_claim_code_expires_and_a_new_one_replaces_it(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut agent = app.as_user("agent").await;
    let id = agent.new_draft("5").await;
    let sid = id.to_string();
    let person = resident_id("44011119900307");
    let mut talent = app.as_new_applicant("claim.later").await;
    agent.call("create_claim", &[("id", &sid)]).await.unwrap();
    let first = agent.call("claim_state", &[("id", &sid)]).await.unwrap()["open"]["code"].as_str().unwrap().to_string();
    agent.call("create_claim", &[("id", &sid)]).await.unwrap();
    let second = agent.call("claim_state", &[("id", &sid)]).await.unwrap()["open"]["code"].as_str().unwrap().to_string();
    assert_ne!(first, second);
    let err = talent.call("claim_case", &[("code", &first), ("id_number", &person)]).await.unwrap_err();
    assert_eq!(problems(&err), vec![(Field::ClaimCode, Problem::ClaimRefused)], "the replaced code still worked");
    let hours: f64 = sqlx::query_scalar("SELECT (extract(epoch FROM expires_at - created_at) / 3600)::float8 FROM case_claims ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!((hours - 72.0).abs() < 0.01, "{hours}");
    sqlx::query("UPDATE case_claims SET expires_at = now() - interval '1 second'").execute(&app.pool).await.unwrap();
    let err = talent.call("claim_case", &[("code", &second), ("id_number", &person)]).await.unwrap_err();
    assert_eq!(problems(&err), vec![(Field::ClaimCode, Problem::ClaimRefused)], "an expired code worked");
    assert_eq!(agent.call("claim_state", &[("id", &sid)]).await.unwrap()["open"], serde_json::Value::Null);
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_return_names_sections_and_the_resubmission_goes_back_to_that_stage(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("wizard.return").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let mut handling = app.as_user("handling").await;
    // A return with no section named is refused; 10,000 characters of reason are fine.
    assert_eq!(handling.act(id, app.version_of(id).await, "return", "总体意见").await, Err(AppError::Domain(app::domain::DomainError::SectionReasonRequired)));
    let long = "请补充".repeat(3333);
    handling.return_case(id, app.version_of(id).await, "employer", &long).await.unwrap();
    let case = applicant.call("case", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(case["status"], serde_json::json!({"Returned": "PreReview"}));
    assert_eq!(case["return_reasons"][0]["section"], "employer");
    assert_eq!(case["return_reasons"][0]["reason"].as_str().unwrap().chars().count(), 9999);
    let inbox = applicant.call("inbox", &[]).await.unwrap();
    assert_eq!(inbox[0]["section_reasons"][0]["section"], "employer");
    // Only the filer may change it now; reviewers see but cannot edit.
    assert_eq!(handling.call("save_residence", &[("id", &id.to_string()), ("months_in_district", "7")]).await, Err(AppError::Forbidden));
    applicant.call("save_residence", &[("id", &id.to_string()), ("months_in_district", "7")]).await.unwrap();
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    assert_eq!(app.status_of(id).await, "pre_review");
    // Once in review, the answers are frozen.
    assert_eq!(applicant.call("save_residence", &[("id", &id.to_string()), ("months_in_district", "8")]).await, Err(AppError::Conflict));
    assert_eq!(applicant.upload(id, "other", "x.pdf", PDF).await, "status 409 Conflict");
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_save_after_the_session_ended_hands_back_what_was_typed(pool: sqlx::PgPool) {
    let app = TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("wizard.expired").await;
    applicant.call("create_application", &[]).await.unwrap();
    let id = applicant.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap();
    sqlx::query("UPDATE sessions SET expires_at = now() - interval '1 minute'").execute(&app.pool).await.unwrap();
    let err = applicant.call("save_residence", &[("id", &id.to_string()), ("months_in_district", "11")]).await.unwrap_err();
    assert_eq!(err, AppError::SessionExpired { echo: vec![(Field::Months, "11".into())] });
    // Nothing was written for an unknown caller.
    let case: serde_json::Value =
        sqlx::query_scalar::<_, String>("SELECT answers::text FROM applications WHERE id = $1").bind(id).fetch_one(&app.pool).await.map(|s| serde_json::from_str(&s).unwrap()).unwrap();
    assert_eq!(case["residence"]["months_in_district"], "");
}
