//! The assessments' SQL (server only). Who sees a card's assessments: an employer agent of the
//! unit the case names (the unit that hears of the card, `card_notices`), the industry
//! department the case is routed to, HRSS. Anyone else: not found.
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::{CardAssessments, RoundRow, RoundView};
use crate::apply::documents::{store_pdf, Files, Upload};
use crate::auth::CurrentUser;
use crate::cards::lifecycle::{record_card_events, CardChange};
use crate::domain::assessment::{self, AssessmentStage, Grade, MAX_REPORT_CHARS};
use crate::domain::{reference, DomainError, Field, FieldError, Problem, Role};
use crate::error::AppError;
use crate::workflow::deadlines::Deadlines;

/// The SQL condition on `a` (applications) for the cards `user` may see, with its value for `$1`.
fn scope(user: &CurrentUser) -> Result<(&'static str, String), AppError> {
    match (user.role, &user.unit_credit_code, &user.department_code) {
        (Role::EmployerAgent, Some(unit), _) => Ok(("a.credit_code = $1", unit.clone())),
        (Role::IndustryDept, _, Some(dept)) => Ok(("a.department_code = $1", dept.clone())),
        (Role::Hrss, _, _) => Ok(("$1 = $1", String::new())),
        _ => Err(AppError::Forbidden),
    }
}

/// The card of case `id` as the rules need it.
struct Card {
    id: i64,
    issued_on: NaiveDate,
    valid_until: NaiveDate,
    retired_on: Option<NaiveDate>,
    /// Art. 6, Art. 7: the assessment interval of the card's version of the rules (months).
    interval: u32,
    /// Talent services as read today.
    talent: String,
    talent_stored: String,
    bank: String,
    year: i32,
    full_name: String,
}

impl Card {
    fn owed(&self) -> Vec<(u8, NaiveDate)> {
        assessment::rounds_owed(self.issued_on, self.valid_until, self.retired_on, self.interval)
    }
}

/// Case `id`'s issued card, if `user` may see it (`lock`: held until the transaction ends).
async fn load_card(conn: &mut PgConnection, user: &CurrentUser, id: i64, today: NaiveDate, lock: bool) -> Result<Card, AppError> {
    let (condition, value) = scope(user)?;
    let row: Option<(i64, NaiveDate, NaiveDate, Option<NaiveDate>, i32, String, String, String, i32, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, c.issued_on, c.valid_until, c.retired_on, p.assessment_interval_months,
                card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $3), c.talent_status,
                COALESCE(c.bank_status, ''), s.year, s.full_name
           FROM cards c JOIN applications a ON a.id = c.application_id JOIN application_summaries s ON s.id = a.id
           JOIN policy_versions p ON p.id = c.policy_version_id
          WHERE c.application_id = $2 AND c.issued_on IS NOT NULL AND {condition} {}",
        if lock { "FOR UPDATE OF c" } else { "" }
    )))
    .bind(value)
    .bind(id)
    .bind(today)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, issued_on, valid_until, retired_on, interval, talent, talent_stored, bank, year, full_name) = row.ok_or(AppError::NotFound)?;
    let interval = u32::try_from(interval).map_err(|_| AppError::Internal)?;
    Ok(Card { id, issued_on, valid_until, retired_on, interval, talent, talent_stored, bank, year, full_name })
}

/// What waits for `user` on `today`, soonest due first (at most 500): the agent's rounds open or
/// overdue and not yet submitted, and those submitted and not filed; the department's and HRSS's
/// rounds submitted and not filed, and every overdue round of their cards.
pub async fn list(db: &PgPool, user: &CurrentUser, today: NaiveDate) -> Result<Vec<RoundRow>, AppError> {
    let (condition, value) = scope(user)?;
    let mut conn = db.acquire().await?;
    let rows: Vec<(i64, i32, String, i32, NaiveDate, Option<String>, Option<String>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT s.id, s.year, s.full_name, r.round, r.due, x.stage, x.grade
           FROM cards c JOIN applications a ON a.id = c.application_id JOIN application_summaries s ON s.id = a.id
          CROSS JOIN LATERAL card_rounds(c.issued_on, c.valid_until, c.retired_on, c.policy_version_id) r
           LEFT JOIN card_assessments x ON x.card_id = c.id AND x.round = r.round
          WHERE c.issued_on IS NOT NULL AND {condition}
            AND (x.id IS NULL AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $2) = 'active'
                      AND r.due <= $2 + {open} AND ($3 OR r.due < $2)
                 OR x.stage <> 'filed')
          ORDER BY r.due, s.id LIMIT 500",
        open = assessment::OPEN_DAYS_BEFORE,
    )))
    .bind(value)
    .bind(today)
    .bind(user.role == Role::EmployerAgent)
    .fetch_all(&mut *conn)
    .await?;
    let deadlines = Deadlines::load(&mut conn, today).await?;
    Ok(rows
        .into_iter()
        .map(|(id, year, full_name, round, due, stage, grade)| {
            let stage = stage.as_deref().and_then(AssessmentStage::parse);
            RoundRow {
                application_id: id,
                reference: reference(year, id),
                full_name,
                round: round as u8,
                due_on: due.to_string(),
                standing: stage.is_none().then(|| assessment::standing(due, today)),
                stage,
                grade: grade.as_deref().and_then(Grade::parse),
                overdue_working_days: (due < today).then(|| deadlines.working_days(due, today)),
            }
        })
        .collect())
}

/// Case `id`'s card: both rounds and what `user` may do.
pub async fn card(db: &PgPool, user: &CurrentUser, id: i64, today: NaiveDate) -> Result<CardAssessments, AppError> {
    let mut conn = db.acquire().await?;
    let card = load_card(&mut conn, user, id, today, false).await?;
    type Row = (i32, String, String, String, Option<String>, Option<String>, Option<String>);
    let submitted: Vec<Row> = sqlx::query_as(
        "SELECT x.round::int, x.stage, x.grade, x.report, x.department_opinion, r.token, r.file_name
           FROM card_assessments x JOIN assessment_reports r ON r.id = x.report_file_id WHERE x.card_id = $1",
    )
    .bind(card.id)
    .fetch_all(&mut *conn)
    .await?;
    let events: Vec<(i32, String, String, String, String)> = sqlx::query_as(
        "SELECT x.round::int, to_char(e.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'), e.actor_role::text, e.stage_to, e.opinion
           FROM assessment_events e JOIN card_assessments x ON x.id = e.assessment_id WHERE x.card_id = $1 ORDER BY e.id",
    )
    .bind(card.id)
    .fetch_all(&mut *conn)
    .await?;
    // The newest upload of a round not yet submitted (the agent's draft).
    let uploads: Vec<(i32, String, String)> = sqlx::query_as(
        "SELECT DISTINCT ON (round) round::int, token, file_name FROM assessment_reports WHERE card_id = $1 ORDER BY round, id DESC",
    )
    .bind(card.id)
    .fetch_all(&mut *conn)
    .await?;
    let owed = card.owed();
    let rounds: Vec<RoundView> = owed
        .iter()
        .map(|&(round, due)| {
            let done = submitted.iter().find(|r| r.0 == i32::from(round));
            let stage = done.and_then(|r| AssessmentStage::parse(&r.1));
            RoundView {
                round,
                due_on: due.to_string(),
                standing: stage.is_none().then(|| assessment::standing(due, today)),
                stage,
                grade: done.and_then(|r| Grade::parse(&r.2)),
                report: done.map(|r| r.3.clone()).unwrap_or_default(),
                department_opinion: done.and_then(|r| r.4.clone()),
                report_file: match done {
                    Some(r) => r.5.clone().zip(r.6.clone()),
                    None => uploads.iter().find(|u| u.0 == i32::from(round)).map(|u| (u.1.clone(), u.2.clone())),
                },
                events: events
                    .iter()
                    .filter(|e| e.0 == i32::from(round))
                    .filter_map(|e| Some((e.1.clone(), Role::parse(&e.2)?, AssessmentStage::parse(&e.3)?, e.4.clone())))
                    .collect(),
            }
        })
        .collect();
    let may_submit = (user.role == Role::EmployerAgent)
        .then(|| rounds.iter().find(|r| r.stage.is_none() && assessment::may_submit(&owed, r.round, &card.talent, today).is_ok()).map(|r| r.round))
        .flatten();
    let waiting_for = match user.role {
        Role::IndustryDept => Some(AssessmentStage::WithDepartment),
        Role::Hrss => Some(AssessmentStage::WithHrss),
        _ => None,
    };
    let may_step = rounds.iter().find(|r| r.stage.is_some() && r.stage == waiting_for).map(|r| r.round);
    let proposal_waiting: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM card_adjustments WHERE card_id = $1 AND outcome IS NULL)")
        .bind(card.id)
        .fetch_one(&mut *conn)
        .await?;
    let may_propose_suspension = user.role == Role::IndustryDept
        && card.talent == "active"
        && card.talent_stored == "active"
        && !proposal_waiting
        && rounds.iter().any(|r| r.grade == Some(Grade::NotCompetent));
    Ok(CardAssessments {
        application_id: id,
        reference: reference(card.year, id),
        full_name: card.full_name.clone(),
        issued_on: card.issued_on.to_string(),
        valid_until: card.valid_until.to_string(),
        talent: card.talent.clone(),
        retired_on: card.retired_on.map(|d| d.to_string()),
        rounds,
        may_submit,
        may_step,
        may_propose_suspension,
        may_record_retirement: matches!(user.role, Role::EmployerAgent | Role::Hrss) && card.retired_on.is_none() && card.bank != "terminated",
    })
}

/// The round the agent may submit on `today` for `card` (owed, open, not submitted yet), or why
/// not.
async fn open_round(conn: &mut PgConnection, card: &Card, today: NaiveDate) -> Result<(u8, NaiveDate), AppError> {
    let submitted: Vec<i32> = sqlx::query_scalar("SELECT round::int FROM card_assessments WHERE card_id = $1").bind(card.id).fetch_all(&mut *conn).await?;
    let owed = card.owed();
    owed.iter()
        .filter(|(round, _)| !submitted.contains(&i32::from(*round)))
        .find_map(|&(round, _)| assessment::may_submit(&owed, round, &card.talent, today).ok().map(|due| (round, due)))
        .ok_or(AppError::Domain(DomainError::NotInThisState))
}

/// Whether `user` may upload a report for case `id` now: an agent of the holder's unit, a round
/// open. Asked before the upload's body is read.
pub async fn upload_allowed(db: &PgPool, user: &CurrentUser, id: i64, today: NaiveDate) -> Result<(), AppError> {
    if user.role != Role::EmployerAgent {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.acquire().await?;
    let card = load_card(&mut conn, user, id, today, false).await?;
    open_round(&mut conn, &card, today).await.map(drop)
}

/// The agent uploads the signed report of the round open now: a PDF (judged by its bytes), at
/// most 10 MB. It is kept as the round's report until the agent submits (a newer upload replaces
/// it). Refused: another unit's holder (not found), no round open, not a PDF.
pub(crate) async fn store_report(db: &PgPool, files: &Files, agent: &CurrentUser, id: i64, upload: Upload, today: NaiveDate) -> Result<(), AppError> {
    if agent.role != Role::EmployerAgent {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.acquire().await?;
    let card = load_card(&mut conn, agent, id, today, false).await?;
    let (round, _) = open_round(&mut conn, &card, today).await?;
    drop(conn);
    let pdf = store_pdf(files, upload, Field::AssessmentReportFile, "report.pdf").await?;
    sqlx::query(
        "INSERT INTO assessment_reports (token, card_id, round, file_name, byte_size, sha256, storage_key, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(pdf.token)
    .bind(card.id)
    .bind(i16::from(round))
    .bind(pdf.file_name)
    .bind(pdf.byte_size)
    .bind(pdf.sha256)
    .bind(pdf.storage_key)
    .bind(agent.id)
    .execute(db)
    .await?;
    Ok(())
}

/// A signed report, for whoever may see the card's assessments: (file name, storage key).
pub async fn report_file(db: &PgPool, user: &CurrentUser, token: &str, today: NaiveDate) -> Result<(String, String), AppError> {
    if !crate::apply::documents::is_token(token) {
        return Err(AppError::NotFound);
    }
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT r.file_name, r.storage_key, c.application_id FROM assessment_reports r JOIN cards c ON c.id = r.card_id WHERE r.token = $1",
    )
    .bind(token)
    .fetch_optional(db)
    .await?;
    let (name, key, application) = row.ok_or(AppError::NotFound)?;
    load_card(&mut *db.acquire().await?, user, application, today, false).await?;
    Ok((name, key))
}

/// The agent submits the open round: a grade, the written report, and the signed report uploaded
/// before. Every problem is named at once; what was typed comes back.
pub async fn submit(db: &PgPool, agent: &CurrentUser, id: i64, grade: &str, report: &str, today: NaiveDate) -> Result<(), AppError> {
    let echo = vec![(Field::AssessmentGrade, grade.to_string()), (Field::AssessmentReport, report.to_string())];
    let mut errors = vec![];
    let grade = match grade.trim() {
        "" => Err(Problem::Required),
        g => Grade::parse(g).ok_or(Problem::UnknownChoice),
    }
    .map_err(|problem| errors.push(FieldError { field: Field::AssessmentGrade, problem }))
    .ok();
    let report = crate::domain::application::long_text(report, MAX_REPORT_CHARS)
        .map_err(|problem| errors.push(FieldError { field: Field::AssessmentReport, problem }))
        .ok();
    let mut tx = db.begin().await?;
    let card = load_card(&mut tx, agent, id, today, true).await?;
    if agent.role != Role::EmployerAgent {
        return Err(AppError::Forbidden);
    }
    let (round, due) = open_round(&mut tx, &card, today).await?;
    let file: Option<i64> = sqlx::query_scalar("SELECT id FROM assessment_reports WHERE card_id = $1 AND round = $2 ORDER BY id DESC LIMIT 1")
        .bind(card.id)
        .bind(i16::from(round))
        .fetch_optional(&mut *tx)
        .await?;
    if file.is_none() {
        errors.push(FieldError { field: Field::AssessmentReportFile, problem: Problem::DocumentMissing });
    }
    let (Some(grade), Some(report), Some(file), true) = (grade, report, file, errors.is_empty()) else {
        return Err(AppError::Invalid { errors, echo });
    };
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO card_assessments (card_id, round, due_on, stage, grade, report, report_file_id, submitted_by)
         VALUES ($1, $2, $3, 'with_department', $4, $5, $6, $7) ON CONFLICT (card_id, round) DO NOTHING RETURNING id",
    )
    .bind(card.id)
    .bind(i16::from(round))
    .bind(due)
    .bind(grade.as_str())
    .bind(&report)
    .bind(file)
    .bind(agent.id)
    .fetch_optional(&mut *tx)
    .await?;
    let assessment = inserted.ok_or(AppError::Conflict)?;
    record_step(&mut tx, agent, assessment, None, AssessmentStage::WithDepartment, "").await?;
    tx.commit().await?;
    tracing::info!(card.id = card.id, round, "assessment submitted");
    Ok(())
}

/// The department adds its opinion (required), or HRSS files the assessment (an opinion is
/// optional): the round waiting for that reader moves on (`AssessmentStage::next`).
pub async fn step(db: &PgPool, user: &CurrentUser, id: i64, round: u8, opinion: &str, today: NaiveDate) -> Result<(), AppError> {
    let echo = vec![(Field::Opinion, opinion.to_string())];
    let opinion = match crate::domain::application::long_text(opinion, MAX_REPORT_CHARS) {
        Ok(o) => o,
        Err(Problem::Required) if user.role == Role::Hrss => String::new(),
        Err(problem) => return Err(AppError::Invalid { errors: vec![FieldError { field: Field::Opinion, problem }], echo }),
    };
    let mut tx = db.begin().await?;
    let card = load_card(&mut tx, user, id, today, true).await?;
    let row: Option<(i64, String)> = sqlx::query_as("SELECT id, stage FROM card_assessments WHERE card_id = $1 AND round = $2 FOR UPDATE")
        .bind(card.id)
        .bind(i16::from(round))
        .fetch_optional(&mut *tx)
        .await?;
    let (assessment, stage) = row.ok_or(AppError::NotFound)?;
    let from = AssessmentStage::parse(&stage).ok_or(AppError::Internal)?;
    let to = from.next(user.role)?;
    record_step(&mut tx, user, assessment, Some(from), to, &opinion).await?;
    tx.commit().await?;
    Ok(())
}

/// Every stage change of an assessment: the stage, and its `assessment_events` row.
async fn record_step(tx: &mut PgConnection, actor: &CurrentUser, assessment: i64, from: Option<AssessmentStage>, to: AssessmentStage, opinion: &str) -> Result<(), AppError> {
    // The department's opinion is kept with the assessment as it moves to HRSS.
    sqlx::query("UPDATE card_assessments SET stage = $2, department_opinion = CASE WHEN $2 = 'with_hrss' THEN $3 ELSE department_opinion END WHERE id = $1")
        .bind(assessment)
        .bind(to.as_str())
        .bind(opinion)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO assessment_events (assessment_id, stage_from, stage_to, actor_id, actor_role, opinion) VALUES ($1, $2, $3, $4, $5::user_role, $6)")
        .bind(assessment)
        .bind(from.map(AssessmentStage::as_str))
        .bind(to.as_str())
        .bind(actor.id)
        .bind(actor.role.as_str())
        .bind(opinion)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The agent or HRSS records the holder's retirement day (Art. 6(3)): services go on to the end
/// of the period; rounds due on or after it are no longer owed. Once per card, with a `retired`
/// card event (both tracks unchanged) read by the unit, the department and the holder.
pub async fn record_retirement(db: &PgPool, user: &CurrentUser, id: i64, retired_on: &str, today: NaiveDate) -> Result<(), AppError> {
    let echo = vec![(Field::RetiredOn, retired_on.to_string())];
    let refused = |problem| AppError::Invalid { errors: vec![FieldError { field: Field::RetiredOn, problem }], echo: echo.clone() };
    let day: NaiveDate = match retired_on.trim() {
        "" => return Err(refused(Problem::Required)),
        s => s.parse().map_err(|_| refused(Problem::DateFormat))?,
    };
    if !matches!(user.role, Role::EmployerAgent | Role::Hrss) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let card = load_card(&mut tx, user, id, today, true).await?;
    if card.retired_on.is_some() || card.bank == "terminated" {
        return Err(AppError::Domain(DomainError::NotInThisState));
    }
    let submitted_due: Option<NaiveDate> = sqlx::query_scalar("SELECT max(due_on) FROM card_assessments WHERE card_id = $1").bind(card.id).fetch_one(&mut *tx).await?;
    assessment::check_retirement(day, card.issued_on, card.valid_until, submitted_due, today).map_err(refused)?;
    sqlx::query("UPDATE cards SET retired_on = $2 WHERE id = $1").bind(card.id).bind(day).execute(&mut *tx).await?;
    // No track changes: the event and its notices only.
    let tracks = (card.talent_stored.clone(), card.bank.clone());
    let change = CardChange { card_id: card.id, kind: "retired", from: Some(tracks.clone()), to: tracks, reason: String::new(), document: None };
    record_card_events(&mut tx, Some(user), std::slice::from_ref(&change), day).await?;
    tx.commit().await?;
    Ok(())
}

/// The dashboard's figures: rounds submitted and waiting (department or HRSS), and owed rounds
/// past their due date and not filed.
pub async fn counts(db: &PgPool, today: NaiveDate) -> Result<(i64, i64), AppError> {
    let row: (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE x.id IS NOT NULL AND x.stage <> 'filed'),
                count(*) FILTER (WHERE r.due < $1 AND (x.id IS NULL AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1) = 'active' OR x.stage <> 'filed'))
           FROM cards c CROSS JOIN LATERAL card_rounds(c.issued_on, c.valid_until, c.retired_on, c.policy_version_id) r
           LEFT JOIN card_assessments x ON x.card_id = c.id AND x.round = r.round
          WHERE c.issued_on IS NOT NULL",
    )
    .bind(today)
    .fetch_one(db)
    .await?;
    Ok(row)
}
