//! Every state change of an application, in one transaction with its event row (server only).
//!
//! Shaped like crates.io's conditional updates: the UPDATE names the version and status the actor
//! saw; if someone else acted first it matches no row and the actor is told `Conflict`.
use sqlx::{PgConnection, PgPool};

use super::{CaseSummary, Opinion};
use crate::auth::CurrentUser;
use crate::domain::status::may_recommend_direct_recognition;
use crate::domain::routing::route;
use crate::domain::{reference, Command, Field, Industry, Problem, Role, RoutingRule, Status};
use crate::error::AppError;

// Reading a case page is case_page.rs; these are its paths from before.
pub use super::case_page::{case_view, documents, parse_answers, DocumentRow};

/// The columns that decide who may see and act on a case.
#[derive(sqlx::FromRow, Debug)]
pub struct CaseScope {
    pub id: i64,
    pub status: String,
    pub returned_from: Option<String>,
    pub version: i32,
    pub applicant_id: Option<i64>,
    pub filed_by: i64,
    pub credit_code: Option<String>,
    /// The unit of the employer agent who filed it (None when the talent filed it).
    pub filer_unit: Option<String>,
    /// It has been submitted at least once (a draft withdrawn unsubmitted never was).
    pub submitted: bool,
    pub id_number: Option<String>,
    pub department_code: Option<String>,
    pub talent_category: Option<i16>,
}

impl CaseScope {
    pub fn status(&self) -> Result<Status, AppError> {
        Status::from_db(&self.status, self.returned_from.as_deref()).ok_or(AppError::Internal)
    }

    /// The account that filed it; the talent's own account once it claimed a case its employer
    /// filed (`claims`: a code it proved, never a typed ID number); or an agent of the unit that
    /// filed it (SYSTEM.md: "its own unit").
    pub fn is_filer(&self, user: &CurrentUser) -> bool {
        match user.role {
            Role::Applicant => self.applicant_id == Some(user.id) || self.filed_by == user.id,
            Role::EmployerAgent => {
                // What its own unit filed, not what a talent filed naming that employer.
                self.filed_by == user.id || (user.unit_credit_code.is_some() && self.filer_unit == user.unit_credit_code)
            }
            _ => false,
        }
    }

    /// Who may issue a command on it: whoever may see it, and the bank while the card is being made.
    pub fn actionable_by(&self, user: &CurrentUser) -> bool {
        self.visible_to(user) || (user.role == Role::Bank && self.status == "card_production")
    }

    /// Data of one applicant or department is invisible to the others (SYSTEM.md).
    pub fn visible_to(&self, user: &CurrentUser) -> bool {
        let submitted = self.submitted;
        match user.role {
            Role::Applicant | Role::EmployerAgent => self.is_filer(user),
            Role::HandlingDept | Role::Hrss | Role::TalentOffice => submitted,
            // Art. 5(3): an industry department reviews only what is routed to it.
            Role::IndustryDept => submitted && self.department_code.is_some() && self.department_code == user.department_code,
            // The bank never sees review material; providers and the admin see no cases.
            Role::Bank | Role::Provider | Role::Admin => false,
        }
    }
}

/// The columns of a `CaseScope`, of `applications a` (one list for every statement that reads
/// who may see a case).
pub const SCOPE_COLUMNS: &str = "a.id, a.status::text AS status, a.returned_from::text AS returned_from, a.version, a.applicant_id, a.filed_by,
     a.credit_code, a.id_number, a.department_code, a.talent_category, a.submitted_at IS NOT NULL AS submitted,
     (SELECT u.unit_credit_code FROM users u WHERE u.id = a.filed_by) AS filer_unit";

pub async fn load_scope(db: &mut PgConnection, id: i64) -> Result<CaseScope, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {SCOPE_COLUMNS} FROM applications a WHERE a.id = $1")))
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

/// The routing table, for one category or all (`domain::routing` decides which rule applies).
pub async fn routing_rules(db: &mut PgConnection, category: Option<i16>) -> Result<Vec<RoutingRule>, AppError> {
    let rows: Vec<(i16, String, String)> = sqlx::query_as(
        "SELECT talent_category, industry, department_code FROM routing_rules
          WHERE $1::smallint IS NULL OR talent_category = $1 ORDER BY talent_category, industry <> 'any', industry",
    )
    .bind(category)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(|(c, i, d)| RoutingRule::from_db(c, &i, d)).collect())
}

/// The industry department that first-reviews `case` (Art. 5(2)–(3)).
async fn route_case(tx: &mut PgConnection, case: &CaseScope) -> Result<String, AppError> {
    let category = case.talent_category.ok_or(AppError::Internal)?;
    let industry: Option<String> =
        sqlx::query_scalar("SELECT employer_industry FROM applications WHERE id = $1").bind(case.id).fetch_one(&mut *tx).await?;
    let industry = industry.as_deref().and_then(Industry::parse);
    let rules = routing_rules(tx, Some(category)).await?;
    match route(&rules, category, industry) {
        Some(department) => Ok(department.to_owned()),
        None => {
            tracing::error!(application.id = case.id, category, "no routing rule for the category");
            Err(AppError::Internal)
        }
    }
}

/// Applies `command` to case `id` as `actor`, who saw it at `seen_version`. The caller owns the
/// transaction and commits it (so follow-up rows, like the card, land in the same one).
pub async fn transition(
    tx: &mut PgConnection,
    actor: &CurrentUser,
    id: i64,
    seen_version: i32,
    command: Command,
    opinion: &Opinion,
) -> Result<Status, AppError> {
    let step = Step { id, seen_version: Some(seen_version), command, opinion: opinion.clone() };
    Ok(transition_many(tx, actor, std::slice::from_ref(&step)).await?[0])
}

/// One command on one case, for `transition_many`. `seen_version: None` when the caller locked
/// and checked the case itself in this transaction (a batch from a file or a list).
#[derive(Clone, Debug)]
pub struct Step {
    pub id: i64,
    pub seen_version: Option<i32>,
    pub command: Command,
    pub opinion: Opinion,
}

/// Every state change of an application goes through here: each step is decided by the domain
/// (`Status::apply`) exactly as for a single case, then all of them are written together — the
/// cases, one event row each, the inbox and the queued e-mails — in the caller's transaction, in
/// a fixed number of statements however many steps there are (a bank's result file has 10,000).
/// Any refusal refuses the whole batch. The cases are locked in id order, so two batches never
/// deadlock.
pub async fn transition_many(tx: &mut PgConnection, actor: &CurrentUser, steps: &[Step]) -> Result<Vec<Status>, AppError> {
    if steps.is_empty() {
        return Ok(vec![]);
    }
    for step in steps {
        step.command.check_opinion(&step.opinion.text, step.opinion.reasons.len())?;
    }
    let ids: Vec<i64> = steps.iter().map(|s| s.id).collect();
    let cases: Vec<CaseScope> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SCOPE_COLUMNS} FROM applications a WHERE a.id = ANY($1) ORDER BY a.id FOR UPDATE OF a"
    )))
    .bind(&ids)
    .fetch_all(&mut *tx)
    .await?;
    let by_id: std::collections::HashMap<i64, &CaseScope> = cases.iter().map(|c| (c.id, c)).collect();
    if by_id.len() != steps.len() {
        // A case named twice, or one that does not exist.
        return Err(if steps.iter().all(|s| by_id.contains_key(&s.id)) { AppError::Conflict } else { AppError::NotFound });
    }
    let mut rows = Rows::default();
    for step in steps {
        let case = by_id[&step.id];
        if !case.actionable_by(actor) {
            return Err(AppError::NotFound);
        }
        let from = case.status()?;
        if step.seen_version.is_some_and(|seen| seen != case.version) {
            return Err(AppError::Conflict);
        }
        let to = from.apply(step.command, actor.role)?;
        let opinion = &step.opinion;
        if opinion.direct_recognition && !may_recommend_direct_recognition(from, step.command, actor.role, case.talent_category) {
            return Err(AppError::invalid(Field::DirectRecognition, Problem::DirectRecognitionNotAllowed));
        }
        // Art. 5(2): passing pre-review hands the case to the industry department the routing
        // table names for its category and employer industry; so does a resubmission to first
        // review (the correction may have changed either).
        let department = match (from, to) {
            (Status::PreReview | Status::Returned(_), Status::FirstReview) => Some(route_case(tx, case).await?),
            _ => None,
        };
        let (to_db, to_returned) = to.as_db();
        rows.id.push(step.id);
        rows.version.push(case.version);
        rows.to_db.push(to_db.to_string());
        rows.to_returned.push(to_returned.map(str::to_string));
        rows.department.push(department);
        // Art. 5(4): HRSS's recommendation is what it ticks when passing re-review, each time.
        rows.sets_recognition.push(from == Status::ReReview && step.command == Command::Pass);
        rows.recognition.push(opinion.direct_recognition);
        rows.command.push(step.command.as_str().to_string());
        rows.from_key.push(from.key());
        rows.to_key.push(to.key());
        rows.opinion.push(opinion.text.trim().to_string());
        rows.reasons.push(serde_json::to_string(&opinion.reasons).map_err(|_| AppError::Internal)?);
        rows.to.push(to);
    }
    let updated = sqlx::query(
        "UPDATE applications a
            SET status = v.to_status::application_status, returned_from = v.to_returned::application_status,
                version = a.version + 1, updated_at = now(),
                direct_recognition = CASE WHEN v.sets_recognition THEN v.recognition ELSE a.direct_recognition END,
                department_code = COALESCE(v.department, a.department_code)
           FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::bool[])
                AS v(id, version, to_status, to_returned, department, sets_recognition, recognition)
          WHERE a.id = v.id AND a.version = v.version",
    )
    .bind(&rows.id)
    .bind(&rows.version)
    .bind(&rows.to_db)
    .bind(&rows.to_returned)
    .bind(&rows.department)
    .bind(&rows.sets_recognition)
    .bind(&rows.recognition)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != steps.len() as u64 {
        return Err(AppError::Conflict);
    }
    // Event ids in commit order, and the instances woken at commit (issue 15: live pages).
    crate::live::db::take_turn(&mut *tx).await?;
    let events: Vec<(i64, i64)> = sqlx::query_as(
        "INSERT INTO application_events (application_id, actor_id, actor_role, command, from_status, to_status, opinion,
                                         section_reasons, direct_recognition, answers_at_return)
         SELECT v.id, $2, $3::user_role, v.command, v.from_status, v.to_status, v.opinion, v.reasons::jsonb, v.recognition,
                CASE WHEN v.command = 'return' THEN (SELECT answers FROM applications WHERE id = v.id) END
           FROM unnest($1::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[])
                WITH ORDINALITY AS v(id, command, from_status, to_status, opinion, reasons, recognition, n)
          ORDER BY v.n
         RETURNING application_id, id",
    )
    .bind(&rows.id)
    .bind(actor.id)
    .bind(actor.role.as_str())
    .bind(&rows.command)
    .bind(&rows.from_key)
    .bind(&rows.to_key)
    .bind(&rows.opinion)
    .bind(&rows.reasons)
    .bind(&rows.recognition)
    .fetch_all(&mut *tx)
    .await?;
    let (case_ids, event_ids): (Vec<i64>, Vec<i64>) = events.into_iter().unzip();
    // SYSTEM.md, Notifications: the talent and whoever filed the case hear of every change.
    sqlx::query(
        "INSERT INTO inbox_messages (user_id, application_id, event_id)
         SELECT DISTINCT u.id, a.id, e.event_id
           FROM unnest($1::bigint[], $2::bigint[]) AS e(application_id, event_id)
           JOIN applications a ON a.id = e.application_id
           JOIN users u ON u.id = a.applicant_id OR u.id = a.filed_by
         ON CONFLICT DO NOTHING",
    )
    .bind(&case_ids)
    .bind(&event_ids)
    .execute(&mut *tx)
    .await?;
    super::outbox::queue_emails(&mut *tx, &case_ids, &event_ids).await?;
    for (i, step) in steps.iter().enumerate() {
        tracing::info!(application.id = step.id, command = step.command.as_str(), from = %rows.from_key[i], to = %rows.to_key[i], "transition");
        // Counted when written; a caller's transaction rolled back after this is not taken back.
        crate::metrics::transition("application", step.command.as_str());
    }
    Ok(rows.to)
}

/// The columns `transition_many` writes, one entry per step.
#[derive(Default)]
struct Rows {
    id: Vec<i64>,
    version: Vec<i32>,
    to_db: Vec<String>,
    to_returned: Vec<Option<String>>,
    department: Vec<Option<String>>,
    sets_recognition: Vec<bool>,
    recognition: Vec<bool>,
    command: Vec<String>,
    from_key: Vec<String>,
    to_key: Vec<String>,
    opinion: Vec<String>,
    reasons: Vec<String>,
    to: Vec<Status>,
}

pub async fn add_note(db: &PgPool, author: &CurrentUser, id: i64, body: &str) -> Result<(), AppError> {
    let mut conn = db.acquire().await?;
    if !load_scope(&mut conn, id).await?.visible_to(author) || author.role.is_filer() {
        return Err(AppError::NotFound);
    }
    sqlx::query("INSERT INTO case_notes (application_id, author_id, author_role, body) VALUES ($1, $2, $3::user_role, $4)")
        .bind(id)
        .bind(author.id)
        .bind(author.role.as_str())
        .bind(body)
        .execute(&mut *conn)
        .await?;
    tracing::info!(application.id = id, "note added");
    Ok(())
}

/// `transition` in a transaction of its own.
pub async fn act(
    db: &PgPool,
    actor: &CurrentUser,
    id: i64,
    seen_version: i32,
    command: Command,
    opinion: &Opinion,
) -> Result<Status, AppError> {
    let mut tx = db.begin().await?;
    // Art. 5(5): a case put to the Leading Group is decided by the meeting, recorded on its agenda
    // (`decisions::db::record`), not one by one from the case page. The row lock orders this
    // against `decisions::db::create`, which locks the cases it puts on an agenda.
    if matches!(command, Command::Approve | Command::Reject) {
        sqlx::query("SELECT 1 FROM applications WHERE id = $1 FOR UPDATE").bind(id).execute(&mut *tx).await?;
        if load_scope(&mut tx, id).await?.actionable_by(actor) && open_agenda(&mut tx, id).await?.is_some() {
            return Err(AppError::Invalid {
                errors: vec![crate::domain::FieldError { field: Field::Opinion, problem: Problem::OnOpenAgenda }],
                echo: vec![(Field::Opinion, opinion.text.clone())],
            });
        }
    }
    let to = transition(&mut tx, actor, id, seen_version, command, opinion).await?;
    tx.commit().await?;
    Ok(to)
}

/// The batch whose meeting is not yet recorded that has case `id` on its agenda.
pub async fn open_agenda(db: &mut PgConnection, id: i64) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT b.id FROM decision_batch_cases c JOIN decision_batches b ON b.id = c.batch_id
          WHERE c.application_id = $1 AND b.recorded_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

#[derive(sqlx::FromRow)]
pub(super) struct SummaryRow {
    pub(super) id: i64,
    year: i32,
    full_name: String,
    #[sqlx(rename = "status_text")]
    status: String,
    returned_from: Option<String>,
    talent_category: Option<i16>,
    case_by_case: bool,
    direct_recognition: bool,
    pub(super) priority: bool,
    updated_at: String,
    pub(super) updated_on: chrono::NaiveDate,
    pub(super) updated_at_ts: chrono::DateTime<chrono::Utc>,
}

impl SummaryRow {
    pub(super) fn into_summary(self) -> Result<CaseSummary, AppError> {
        Ok(CaseSummary {
            id: self.id,
            reference: reference(self.year, self.id),
            full_name: self.full_name,
            status: Status::from_db(&self.status, self.returned_from.as_deref()).ok_or(AppError::Internal)?,
            talent_category: self.talent_category,
            case_by_case: self.case_by_case,
            direct_recognition: self.direct_recognition,
            priority: self.priority,
            updated_at: self.updated_at,
            waiting_days: None,
            urgency: None,
        })
    }
}

fn summaries(rows: Vec<SummaryRow>) -> Result<Vec<CaseSummary>, AppError> {
    rows.into_iter().map(SummaryRow::into_summary).collect()
}

/// The cases a filer sees: the talent's own (filed or claimed), or all of an agent's unit. Newest first.
pub async fn my_cases(db: &PgPool, user: &CurrentUser) -> Result<Vec<CaseSummary>, AppError> {
    let rows = sqlx::query_as(
        "SELECT * FROM application_summaries a
          WHERE a.applicant_id = $1 OR a.filed_by = $1
             OR ($2::text IS NOT NULL AND a.filed_by IN (SELECT u.id FROM users u WHERE u.unit_credit_code = $2))
          ORDER BY a.id DESC LIMIT 200",
    )
    .bind(user.id)
    .bind(user.unit_credit_code.as_deref().filter(|_| user.role == Role::EmployerAgent))
    .fetch_all(db)
    .await?;
    // HRSS's recommendation is between officials (as on the case page).
    Ok(summaries(rows)?.into_iter().map(|s| CaseSummary { direct_recognition: false, ..s }).collect())
}
