//! The wizard's database work (server only): each save is one transaction that locks the case,
//! checks it may still change, stores the answers as typed and refreshes the columns queues read.
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool, Row};

use crate::auth::CurrentUser;
use crate::domain::{Answers, Command, DocKind, Role, Section, Status};
use crate::error::AppError;
use crate::workflow::db::{load_scope, parse_answers, transition, CaseScope};
use crate::workflow::Opinion;

/// The case, locked, if `user` filed it and it can still change (a draft or a returned case).
async fn lock_editable(tx: &mut PgConnection, user: &CurrentUser, id: i64) -> Result<(CaseScope, Answers), AppError> {
    sqlx::query("SELECT 1 FROM applications WHERE id = $1 FOR UPDATE").bind(id).execute(&mut *tx).await?;
    let scope = load_scope(tx, id).await?;
    if !scope.is_filer(user) {
        return Err(AppError::NotFound);
    }
    if !matches!(scope.status()?, Status::Draft | Status::Returned(_)) {
        return Err(AppError::Conflict);
    }
    let json: String = sqlx::query_scalar("SELECT answers::text FROM applications WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
    Ok((scope, parse_answers(&json)?))
}

/// The kinds of document uploaded to a case (not removed).
pub async fn uploaded_kinds(db: &mut PgConnection, id: i64) -> Result<Vec<DocKind>, AppError> {
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT kind FROM documents WHERE application_id = $1 AND removed_at IS NULL").bind(id).fetch_all(db).await?;
    Ok(kinds.iter().filter_map(|k| DocKind::parse(k)).collect())
}

/// Writes the answers and refreshes, from the sections that pass their rules, the columns that
/// lists and queues read (the rest stay empty until they pass). An employer agent's filing names
/// only its own unit (`filer_unit`): another unit's code stays in the answers as typed, with its
/// problem, and never reaches the columns (the database refuses it too).
async fn store(tx: &mut PgConnection, id: i64, answers: &Answers, today: NaiveDate, filer_unit: Option<&str>) -> Result<(), AppError> {
    let personal = answers.personal.validate(today).ok();
    let employer = answers.employer.validate(today).ok().filter(|e| is_own_unit(e.credit_code.as_str(), filer_unit));
    let category = answers.category.validate().ok();
    let months = answers.residence.validate().ok();
    sqlx::query(
        "UPDATE applications
            SET answers = $2::jsonb, full_name = $3, id_type = $4, id_number = $5, employer_name = $6,
                credit_code = $7, employer_type = $8::employer_type, talent_category = $9, months_in_district = $10,
                employer_industry = $11, version = version + 1, updated_at = now()
          WHERE id = $1",
    )
    .bind(id)
    .bind(stored_json(answers)?)
    .bind(personal.as_ref().map(|p| p.full_name.clone()))
    .bind(personal.as_ref().map(|p| p.id_type.as_str()))
    .bind(personal.as_ref().map(|p| p.id_number.clone()))
    .bind(employer.as_ref().map(|e| e.employer_name.clone()))
    .bind(employer.as_ref().map(|e| e.credit_code.as_str().to_string()))
    .bind(employer.as_ref().map(|e| e.employer_type.as_str()))
    .bind(category.map(|c| i16::from(c.talent_category)))
    .bind(months.map(i16::from))
    .bind(employer.as_ref().map(|e| e.industry.as_str()))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The answers as PostgreSQL stores them: as typed, but without NUL characters, which `jsonb`
/// cannot hold (a typed `%00` must not turn a save into an internal error).
fn stored_json(answers: &Answers) -> Result<String, AppError> {
    fn clean(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) if s.contains('\0') => s.retain(|c| c != '\0'),
            serde_json::Value::Array(items) => items.iter_mut().for_each(clean),
            serde_json::Value::Object(map) => map.values_mut().for_each(clean),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(answers).map_err(|_| AppError::Internal)?;
    clean(&mut value);
    serde_json::to_string(&value).map_err(|_| AppError::Internal)
}

/// SYSTEM.md: an employer agent files only for staff of its own unit; a talent names any employer.
pub fn is_own_unit(credit_code: &str, filer_unit: Option<&str>) -> bool {
    filer_unit.is_none_or(|unit| credit_code.trim().eq_ignore_ascii_case(unit))
}

/// A new draft filed by `user`, with the self-check's answers carried in.
pub async fn create(db: &PgPool, user: &CurrentUser, employer_type: &str, months: &str, category: &str) -> Result<i64, AppError> {
    let mut answers = Answers::default();
    answers.employer.employer_type = employer_type.trim().chars().take(40).collect();
    answers.residence.months_in_district = months.trim().chars().take(10).collect();
    answers.category.talent_category = category.trim().chars().take(10).collect();
    if user.role == Role::EmployerAgent {
        answers.employer.credit_code = user.unit_credit_code.clone().unwrap_or_default();
    }
    let mut tx = db.begin().await?;
    let row = sqlx::query("INSERT INTO applications (applicant_id, filed_by) VALUES ($1, $2) RETURNING id")
        .bind((user.role == Role::Applicant).then_some(user.id))
        .bind(user.id)
        .fetch_one(&mut *tx)
        .await?;
    let id: i64 = row.try_get("id")?;
    store(&mut tx, id, &answers, crate::context::today(), user.unit_credit_code.as_deref()).await?;
    tx.commit().await?;
    tracing::info!(application.id = id, "draft created");
    Ok(id)
}

/// Art. 6: the holder of case `previous`'s card starts a priority re-application, from 90 days
/// before the card's period ends (`domain::card::may_reapply`): a new draft with the previous
/// answers copied in (the declaration to be made again, the documents uploaded again), marked
/// `priority_of` so every queue carries it ahead. One at a time per card.
pub async fn reapply(db: &PgPool, user: &CurrentUser, previous: i64, today: NaiveDate) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let scope = load_scope(&mut tx, previous).await?;
    if user.role != Role::Applicant || !scope.is_filer(user) {
        return Err(AppError::NotFound);
    }
    let card: Option<(String, NaiveDate)> = sqlx::query_as(
        "SELECT card_talent_on(talent_status, talent_since, talent_before, valid_until, $2), valid_until
           FROM cards WHERE application_id = $1 AND issued_on IS NOT NULL FOR UPDATE",
    )
    .bind(previous)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    let (talent, valid_until) = card.ok_or(AppError::Domain(crate::domain::DomainError::NotInThisState))?;
    if !crate::domain::card::may_reapply(&talent, valid_until, today) {
        return Err(AppError::Domain(crate::domain::DomainError::NotInThisState));
    }
    let json: String = sqlx::query_scalar("SELECT answers::text FROM applications WHERE id = $1").bind(previous).fetch_one(&mut *tx).await?;
    let mut answers = parse_answers(&json)?;
    answers.declaration = Default::default();
    let inserted = sqlx::query_scalar("INSERT INTO applications (applicant_id, filed_by, priority_of) VALUES ($1, $1, $2) RETURNING id")
        .bind(user.id)
        .bind(previous)
        .fetch_one(&mut *tx)
        .await;
    let id: i64 = match inserted {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("applications_one_reapplication") => return Err(AppError::Conflict),
        Err(e) => return Err(e.into()),
    };
    store(&mut tx, id, &answers, today, None).await?;
    tx.commit().await?;
    tracing::info!(application.id = id, previous, "priority re-application started");
    Ok(id)
}

/// Changes the answers of a draft or returned case with `change`, in one transaction. Returns
/// whether `section` still lacks a document its answers now call for.
pub async fn save(db: &PgPool, user: &CurrentUser, id: i64, section: Section, change: impl FnOnce(&mut Answers)) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let (scope, mut answers) = lock_editable(&mut tx, user, id).await?;
    change(&mut answers);
    if section == Section::Category && !matches!(answers.category.talent_category.trim(), "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8") {
        // Art. 5(4): direct recognition is for categories 1–8 only; a case corrected to another
        // category loses HRSS's recommendation (it is made again, or not, at re-review).
        sqlx::query("UPDATE applications SET direct_recognition = false WHERE id = $1").bind(id).execute(&mut *tx).await?;
    }
    store(&mut tx, id, &answers, crate::context::today(), scope.filer_unit.as_deref()).await?;
    let uploaded = uploaded_kinds(&mut tx, id).await?;
    tx.commit().await?;
    Ok(answers.required_documents(section).iter().any(|k| !uploaded.contains(k)))
}

/// Submits (a draft) or resubmits (a returned case): every section must be complete. The columns,
/// the submission time and the transition land in one transaction.
pub async fn submit(db: &PgPool, user: &CurrentUser, id: i64, seen_version: i32, today: NaiveDate) -> Result<Status, AppError> {
    let mut tx = db.begin().await?;
    let (scope, answers) = lock_editable(&mut tx, user, id).await?;
    if scope.version != seen_version {
        return Err(AppError::Conflict);
    }
    // Art. 7: only while a version of the rules is in force; checked by the rules the case is
    // made under — today's version at its first submission, the same one when resubmitted.
    let in_force = crate::policy::db::required_on(&mut tx, today).await?;
    let policy = match crate::policy::db::version_of_case(&mut tx, id).await? {
        Some(made_under) => made_under,
        None => in_force,
    };
    let docs = uploaded_kinds(&mut tx, id).await?;
    answers.validate(&docs, today, &policy.rules).map_err(AppError::Incomplete)?;
    if !is_own_unit(&answers.employer.credit_code, scope.filer_unit.as_deref()) {
        return Err(AppError::invalid(crate::domain::Field::CreditCode, crate::domain::Problem::NotYourUnit));
    }
    // Art. 6: the priority is the former holder's own — never for another person's application.
    let previous: Option<Option<String>> =
        sqlx::query_scalar("SELECT p.id_number FROM applications a JOIN applications p ON p.id = a.priority_of WHERE a.id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(previous) = previous {
        let same = |a: &Option<String>| a.as_deref().map(str::to_uppercase);
        if same(&previous) != same(&scope.id_number) {
            return Err(AppError::invalid(crate::domain::Field::IdNumber, crate::domain::Problem::NotThePreviousHolder));
        }
    }
    let command = if scope.status()? == Status::Draft { Command::Submit } else { Command::Resubmit };
    // The version an application is made under is the one of its first submission.
    sqlx::query("UPDATE applications SET submitted_at = COALESCE(submitted_at, now()), policy_version_id = COALESCE(policy_version_id, $2) WHERE id = $1")
        .bind(id)
        .bind(policy.id)
        .execute(&mut *tx)
        .await?;
    let to = transition(&mut tx, user, id, seen_version, command, &Opinion::default()).await?;
    tx.commit().await?;
    Ok(to)
}
