//! The holder's requests in the database (server only). Every change of a request's status goes
//! through `transition`: one transaction, the row locked, the rule `domain::requests::next`, the
//! `request_events` row.
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::{NewRequestChoices, RequestEvent, RequestRow, RequestView};
use crate::auth::CurrentUser;
use crate::domain::requests::{next, Outcome, OutcomeInput, RequestActor, RequestCommand, RequestInput, RequestStatus, RequestType, ACCEPT_WORKING_DAYS};
use crate::domain::sections::{Answers, Relation};
use crate::domain::{mask_name, Field, FieldError, Problem, Role};
use crate::error::AppError;
use crate::workflow::deadlines::Deadlines;

/// The most requests a list shows.
pub const QUEUE_PAGE: i64 = 100;

/// Open statuses, as SQL lists them.
const OPEN: &str = "('submitted', 'returned', 'accepted', 'in_progress')";

/// What a reader sees on `$day`: an open request whose card's talent services are no longer
/// active reads as closed from that day, whether or not anything has touched it since.
fn effective_status(day: &str) -> String {
    format!(
        "CASE WHEN r.status IN {OPEN} AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, {day}) <> 'active'
              THEN 'closed' ELSE r.status END"
    )
}

/// The holder's newest issued card: (card, talent services today, the application's answers).
async fn holders_card(conn: &mut PgConnection, holder: &CurrentUser, today: NaiveDate) -> Result<Option<(i64, String, String)>, AppError> {
    if holder.role != Role::Applicant {
        return Err(AppError::Forbidden);
    }
    Ok(sqlx::query_as(
        "SELECT c.id, card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $2), a.answers::text
           FROM cards c JOIN applications a ON a.id = c.application_id
          WHERE a.applicant_id = $1 AND c.issued_on IS NOT NULL ORDER BY c.issued_on DESC, c.id DESC LIMIT 1",
    )
    .bind(holder.id)
    .bind(today)
    .fetch_optional(conn)
    .await?)
}

/// The application's dependants who pass their checks: (place, name, relation).
fn dependents(answers: &str, today: NaiveDate) -> Vec<(i32, String, Relation)> {
    let answers: Answers = serde_json::from_str(answers).unwrap_or_default();
    answers
        .family
        .dependents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.validate(today).ok().map(|d| (i as i32, d.full_name, d.relation)))
        .collect()
}

pub async fn choices(db: &PgPool, holder: &CurrentUser, today: NaiveDate) -> Result<NewRequestChoices, AppError> {
    let card = holders_card(&mut *db.acquire().await?, holder, today).await?;
    Ok(NewRequestChoices {
        card_active: card.as_ref().is_some_and(|(_, talent, _)| talent == "active"),
        dependents: card
            .map(|(_, _, answers)| dependents(&answers, today).into_iter().map(|(i, name, r)| (format!("dependent:{i}"), name, r)).collect())
            .unwrap_or_default(),
    })
}

/// The holder asks (Art. 4): only with an issued card whose talent services are active today,
/// for the holder or a recorded dependant the service reaches, one open request of a type per
/// person. Routed to the type's unit (none: still stored, for HRSS). Returns its id.
pub async fn create(db: &PgPool, holder: &CurrentUser, input: &RequestInput, today: NaiveDate) -> Result<i64, AppError> {
    let refused = |errors: Vec<FieldError>| AppError::Invalid { errors, echo: input.echo() };
    let mut tx = db.begin().await?;
    let card = holders_card(&mut tx, holder, today).await?;
    let (card, answers) = match card {
        Some((card, talent, answers)) if talent == "active" => (card, answers),
        _ => return Err(refused(vec![FieldError { field: Field::RequestType, problem: Problem::CardNotActive }])),
    };
    let family: Vec<(i32, Relation)> = dependents(&answers, today).into_iter().map(|(i, _, r)| (i, r)).collect();
    let request = input.validate(&family, today).map_err(refused)?;
    let route: (Option<String>,) = sqlx::query_as("SELECT department_code FROM request_routes WHERE request_type = $1")
        .bind(request.request_type.as_str())
        .fetch_one(&mut *tx)
        .await?;
    let deadlines = Deadlines::load(&mut tx, today).await?;
    let inserted = sqlx::query_scalar(
        "INSERT INTO service_requests (card_id, holder_id, request_type, dependent_index, details, body, department_code, accept_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(card)
    .bind(holder.id)
    .bind(request.request_type.as_str())
    .bind(request.dependent)
    .bind(serde_json::Value::Object(request.details.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone()))).collect()))
    .bind(&request.text)
    .bind(&route.0)
    .bind(deadlines.add_working_days(today, ACCEPT_WORKING_DAYS))
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("service_requests_one_open") => {
            return Err(refused(vec![FieldError { field: Field::RequestType, problem: Problem::RequestAlreadyOpen }]));
        }
        other => other?,
    };
    event(&mut tx, id, Some(holder), RequestCommand::Submit, RequestStatus::Submitted, "", None, route.0.as_deref()).await?;
    tx.commit().await?;
    if route.0.is_none() {
        // The admin's routing page lists the types with no unit; HRSS sees the request meanwhile.
        tracing::warn!(request.id = id, request.r#type = request.request_type.as_str(), "a request type has no unit routed");
    }
    tracing::info!(request.id = id, "request submitted");
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn event(
    tx: &mut PgConnection,
    id: i64,
    actor: Option<&CurrentUser>,
    command: RequestCommand,
    to: RequestStatus,
    note: &str,
    from_unit: Option<&str>,
    to_unit: Option<&str>,
) -> Result<(), AppError> {
    let event: i64 = sqlx::query_scalar(
        "INSERT INTO request_events (request_id, actor_id, actor_role, command, to_status, note, department_from, department_to)
         VALUES ($1, $2, $3::user_role, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(id)
    .bind(actor.map(|a| a.id))
    .bind(actor.map(|a| a.role.as_str()))
    .bind(command.as_str())
    .bind(to.as_str())
    .bind(note)
    .bind(from_unit)
    .bind(to_unit)
    .fetch_one(&mut *tx)
    .await?;
    crate::metrics::transition("request", command.as_str());
    // The holder is told of every step but their own: in the inbox, and by e-mail at the
    // application's contact address (the outbox sends it later; nothing here waits for it).
    if actor.is_none_or(|a| a.role != Role::Applicant) {
        sqlx::query("INSERT INTO request_notices (user_id, request_id, event_id) SELECT holder_id, id, $2 FROM service_requests WHERE id = $1")
            .bind(id)
            .bind(event)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO email_outbox (request_event_id, application_id, to_address)
             SELECT $2, a.id, btrim(a.answers #>> '{personal,email}')
               FROM service_requests r JOIN cards c ON c.id = r.card_id JOIN applications a ON a.id = c.application_id
              WHERE r.id = $1 AND length(btrim(a.answers #>> '{personal,email}')) BETWEEN 3 AND 254
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(event)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The holder's messages about requests, newest first; reading them marks them read.
pub async fn messages(db: &PgPool, holder: &CurrentUser) -> Result<Vec<super::RequestMessage>, AppError> {
    let rows: Vec<(i64, String, String, String, String, String, bool)> = sqlx::query_as(
        "SELECT r.id, r.request_type, to_char(e.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'),
                e.command, e.to_status, e.note, n.read_at IS NULL
           FROM request_notices n JOIN request_events e ON e.id = n.event_id JOIN service_requests r ON r.id = n.request_id
          WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT 200",
    )
    .bind(holder.id)
    .fetch_all(db)
    .await?;
    sqlx::query("UPDATE request_notices SET read_at = now() WHERE user_id = $1 AND read_at IS NULL").bind(holder.id).execute(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, ty, at, command, to, note, unread)| {
            Some(super::RequestMessage {
                request_id: id,
                request_type: RequestType::parse(&ty)?,
                at,
                command: RequestCommand::parse(&command)?,
                to: RequestStatus::parse(&to)?,
                note,
                unread,
            })
        })
        .collect())
}

/// How `user` stands to a request of `holder` routed to `unit`: the holder, an official of its
/// unit (HRSS for a request no unit is routed for), or nobody (not found).
fn actor_of(user: &CurrentUser, holder: i64, unit: Option<&str>) -> Option<RequestActor> {
    match (user.role, unit) {
        (Role::Applicant, _) if user.id == holder => Some(RequestActor::Holder),
        (Role::IndustryDept, Some(unit)) if user.department_code.as_deref() == Some(unit) => Some(RequestActor::Unit),
        (Role::Hrss, None) => Some(RequestActor::Unit),
        _ => None,
    }
}

/// What a step brings with it.
#[derive(Default)]
pub struct Step {
    pub note: String,
    pub outcome: OutcomeInput,
    /// A problem passed on: the unit.
    pub pass_to: String,
}

/// Every change of a request's status (SYSTEM.md "Requests"): the row locked, the version the
/// actor saw (two officials accepting at once: one wins, the other is told), the rule, the
/// deadlines on the working-day calendar, the event. A request whose card's talent services
/// ended is closed here, with that reason, whatever was asked.
pub async fn transition(db: &PgPool, user: &CurrentUser, id: i64, seen_version: i32, command: RequestCommand, step: &Step, today: NaiveDate) -> Result<RequestStatus, AppError> {
    // Each step's text has a field of its own (a return's reason, the holder's answer, a pass-on's
    // note, an outcome's explanation), so a refusal shows on the form it came from.
    let text_field = step_field(command);
    let echo = vec![(text_field, step.note.clone()), (Field::Outcome, step.outcome.outcome.clone()), (Field::OutcomeDate, step.outcome.on.clone())];
    let refused = |field, problem| AppError::Invalid { errors: vec![FieldError { field, problem }], echo: echo.clone() };
    let mut tx = db.begin().await?;
    let row: Option<(String, String, Option<String>, i64, i32, String)> = sqlx::query_as(
        "SELECT r.status, r.request_type, r.department_code, r.holder_id, r.version,
                card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $2)
           FROM service_requests r JOIN cards c ON c.id = r.card_id WHERE r.id = $1 FOR UPDATE OF r",
    )
    .bind(id)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, ty, unit, holder, version, talent) = row.ok_or(AppError::NotFound)?;
    let by = actor_of(user, holder, unit.as_deref()).ok_or(AppError::NotFound)?;
    let (status, ty) = (RequestStatus::parse(&status).ok_or(AppError::Internal)?, RequestType::parse(&ty).ok_or(AppError::Internal)?);
    if status.is_open() && talent != "active" {
        // Art. 4 is for holders whose talent services are active: the request ends here (the
        // scheduled work closes the others, `close_ended`).
        close(&mut tx, id, &talent).await?;
        tx.commit().await?;
        return Err(refused(text_field, Problem::RequestClosedCardEnded));
    }
    if version != seen_version {
        return Err(AppError::Conflict);
    }
    let to = next(status, ty, command, by, unit.is_some())?;
    // HRSS's list holds the requests no unit is routed for: it routes them, the unit does the rest.
    if user.role == Role::Hrss && command != RequestCommand::PassOn {
        return Err(AppError::Domain(crate::domain::DomainError::RoleMayNot));
    }
    let deadlines = Deadlines::load(&mut tx, today).await?;
    // A return and a pass-on say why; any other note is optional; every one is checked.
    let checked = |raw: &str| crate::domain::application::long_text(raw, crate::domain::requests::MAX_TEXT_CHARS).map_err(|p| refused(text_field, p));
    let mut note = match command {
        RequestCommand::Return | RequestCommand::PassOn => checked(&step.note)?,
        _ if step.note.trim().is_empty() => String::new(),
        RequestCommand::Finish => String::new(),
        _ => checked(&step.note)?,
    };
    let mut outcome: Option<(Outcome, Option<NaiveDate>, String)> = None;
    let mut unit_to = unit.clone();
    if command == RequestCommand::Finish {
        let mut o = step.outcome.validate(today).map_err(|errors| AppError::Invalid { errors, echo: echo.clone() })?;
        o.text = o.text.chars().filter(|c| *c != '\0').collect();
        note.clone_from(&o.text);
        outcome = Some((o.outcome, o.on, o.text));
    }
    if command == RequestCommand::PassOn {
        let code = crate::domain::application::text(&step.pass_to, 20).map_err(|_| refused(Field::Department, Problem::UnknownChoice))?;
        let known: Option<String> = sqlx::query_scalar("SELECT code FROM departments WHERE code = $1").bind(&code).fetch_optional(&mut *tx).await?;
        let target = known.ok_or_else(|| refused(Field::Department, Problem::UnknownChoice))?;
        if Some(&target) == unit.as_ref() {
            return Err(refused(Field::Department, Problem::UnknownChoice));
        }
        unit_to = Some(target);
    }
    // Deadlines: to accept, 2 working days from (re)submission or passing on; to be done, the
    // type's working days from acceptance (Art. 4(5): 2 for company registration).
    let accept_by = match to {
        RequestStatus::Submitted => Some(deadlines.add_working_days(today, ACCEPT_WORKING_DAYS)),
        _ => None,
    };
    let done_working_days: i32 = sqlx::query_scalar("SELECT done_working_days FROM request_routes WHERE request_type = $1").bind(ty.as_str()).fetch_one(&mut *tx).await?;
    let done_days = ty.fixed_done_working_days().unwrap_or(done_working_days.max(1) as u32);
    let (outcome_kind, outcome_on, outcome_text) = match &outcome {
        Some((o, on, text)) => (Some(o.as_str()), *on, text.clone()),
        None => (None, None, String::new()),
    };
    sqlx::query(
        "UPDATE service_requests
            SET status = $2, version = version + 1, updated_at = now(), department_code = $3,
                accept_by = CASE WHEN $2 = 'submitted' THEN $4 ELSE accept_by END,
                done_by = CASE WHEN $2 = 'accepted' THEN $5 ELSE done_by END,
                outcome = $6, outcome_on = $7, outcome_text = $8
          WHERE id = $1",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(&unit_to)
    .bind(accept_by)
    .bind(deadlines.add_working_days(today, done_days))
    .bind(outcome_kind)
    .bind(outcome_on)
    .bind(&outcome_text)
    .execute(&mut *tx)
    .await?;
    let moved = command == RequestCommand::PassOn;
    event(&mut tx, id, Some(user), command, to, &note, if moved { unit.as_deref() } else { None }, if moved { unit_to.as_deref() } else { None }).await?;
    tx.commit().await?;
    tracing::info!(request.id = id, command = command.as_str(), "request step");
    Ok(to)
}

/// The field a step's text is refused on.
pub fn step_field(command: RequestCommand) -> Field {
    match command {
        RequestCommand::Return => Field::ReturnReason,
        RequestCommand::Resubmit => Field::Answer,
        RequestCommand::PassOn => Field::PassOnNote,
        _ => Field::Opinion,
    }
}

/// Closes open request `id` (locked by the caller): the card's talent services read `talent`.
async fn close(tx: &mut PgConnection, id: i64, talent: &str) -> Result<(), AppError> {
    let note = format!("持卡人人才服务：{} / Talent services: {}", crate::i18n::Lang::Zh.card_status(talent), crate::i18n::Lang::En.card_status(talent));
    sqlx::query("UPDATE service_requests SET status = 'closed', version = version + 1, updated_at = now() WHERE id = $1").bind(id).execute(&mut *tx).await?;
    event(tx, id, None, RequestCommand::Close, RequestStatus::Closed, &note, None, None).await
}

/// The scheduled work (`jobs`): closes up to `batch` open requests whose card's talent services
/// are no longer active on `today` (suspended, terminated, expired), each with its event, the
/// holder's notice and mail. Readers see them closed from that day anyway (`effective_status`);
/// this writes it down, frees the "one open request" slot, and keeps a later reactivation from
/// reopening them. Returns how many.
pub async fn close_ended(tx: &mut PgConnection, today: NaiveDate, batch: i64) -> Result<u64, AppError> {
    let ended: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.id, card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1)
           FROM service_requests r JOIN cards c ON c.id = r.card_id
          WHERE r.status IN {OPEN} AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1) <> 'active'
          ORDER BY r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED"
    )))
    .bind(today)
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    for (id, talent) in &ended {
        close(tx, *id, talent).await?;
    }
    Ok(ended.len() as u64)
}

/// The holder's requests, newest first.
pub async fn mine(db: &PgPool, holder: &CurrentUser, today: NaiveDate) -> Result<Vec<RequestRow>, AppError> {
    if holder.role != Role::Applicant {
        return Err(AppError::Forbidden);
    }
    list(db, "r.holder_id = CAST($1 AS text)::bigint", holder.id.to_string(), None, "", today, true, "r.id DESC").await
}

/// A unit's queue: its open requests (HRSS: those no unit is routed for), the nearest deadline
/// first — overdue ones on top — at most `QUEUE_PAGE` of them (the index
/// `service_requests_queue` reads them in this order); `of_type` filters.
pub async fn queue(db: &PgPool, official: &CurrentUser, of_type: Option<RequestType>, search: &str, today: NaiveDate) -> Result<Vec<RequestRow>, AppError> {
    let (condition, value) = match (official.role, &official.department_code) {
        (Role::IndustryDept, Some(unit)) => ("r.department_code = $1", unit.clone()),
        (Role::Hrss, _) => ("r.department_code IS NULL AND $1 = $1", String::new()),
        _ => return Err(AppError::Forbidden),
    };
    let condition = format!("{condition} AND r.status IN ('submitted', 'accepted', 'in_progress')");
    list(db, &condition, value, of_type, search, today, false, "COALESCE(r.done_by, r.accept_by), r.id").await
}

#[allow(clippy::too_many_arguments)]
async fn list(
    db: &PgPool,
    condition: &str,
    value: String,
    of_type: Option<RequestType>,
    search: &str,
    today: NaiveDate,
    closed_too: bool,
    order: &str,
) -> Result<Vec<RequestRow>, AppError> {
    let effective = effective_status("$2");
    // A kind, when asked for, as its own condition: the index by unit and kind serves it in order.
    let of_type_sql = if of_type.is_some() { "AND r.request_type = $3" } else { "AND $3::text IS NULL" };
    // A search: a request's number, or the start of the holder's name (what an official types).
    let search: String = search.chars().filter(|c| !c.is_control()).collect();
    let search = search.trim();
    let search_sql = if search.is_empty() { "AND $5::text IS NULL" } else { "AND (r.id::text = $5 OR starts_with(a.full_name, $5))" };
    let rows: Vec<(i64, String, String, String, String, Option<NaiveDate>, Option<String>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.id, r.request_type, {effective}, COALESCE(a.full_name, ''),
                to_char(r.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'),
                CASE WHEN r.status = 'submitted' THEN r.accept_by WHEN r.status IN ('accepted', 'in_progress') THEN r.done_by END,
                d.name_zh
           FROM service_requests r JOIN cards c ON c.id = r.card_id JOIN applications a ON a.id = c.application_id
           LEFT JOIN departments d ON d.code = r.department_code
          WHERE {condition} {of_type} {search_sql} AND ($4 OR ({effective}) <> 'closed')
          ORDER BY {order} LIMIT {QUEUE_PAGE}",
        of_type = of_type_sql
    )))
    .bind(value)
    .bind(today)
    .bind(of_type.map(RequestType::as_str))
    .bind(closed_too)
    .bind((!search.is_empty()).then(|| search.chars().take(50).collect::<String>()))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, ty, status, name, submitted_at, due, department)| {
            let status = RequestStatus::parse(&status)?;
            let due = due.filter(|_| status.is_open() && status != RequestStatus::Returned);
            Some(RequestRow {
                id,
                request_type: RequestType::parse(&ty)?,
                status,
                holder: mask_name(&name),
                submitted_at,
                overdue: due.is_some_and(|d| d < today),
                due: due.map(|d| d.to_string()),
                department,
            })
        })
        .collect())
}

/// One request for its holder or an official of its unit (anyone else: not found). An official's
/// view is recorded for the holder's data tracker.
pub async fn view(db: &PgPool, user: &CurrentUser, id: i64, today: NaiveDate) -> Result<RequestView, AppError> {
    let mut conn = db.acquire().await?;
    let effective = effective_status("$2");
    #[allow(clippy::type_complexity)]
    let row: Option<(i64, i32, String, String, Option<String>, i64, Option<i32>, String, String, String, Option<String>, Option<String>, Option<NaiveDate>)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT r.id, r.version, r.request_type, {effective}, r.department_code, r.holder_id, r.dependent_index,
                    r.details::text, r.body, a.answers::text, d.name_zh, d.name_en,
                    CASE WHEN r.status = 'submitted' THEN r.accept_by WHEN r.status IN ('accepted', 'in_progress') THEN r.done_by END
               FROM service_requests r JOIN cards c ON c.id = r.card_id JOIN applications a ON a.id = c.application_id
               LEFT JOIN departments d ON d.code = r.department_code
              WHERE r.id = $1"
        )))
        .bind(id)
        .bind(today)
        .fetch_optional(&mut *conn)
        .await?;
    let (id, version, ty, status, unit, holder, dependent, details, text, answers, department_zh, department_en, due) = row.ok_or(AppError::NotFound)?;
    let by = actor_of(user, holder, unit.as_deref()).ok_or(AppError::NotFound)?;
    let (ty, status) = (RequestType::parse(&ty).ok_or(AppError::Internal)?, RequestStatus::parse(&status).ok_or(AppError::Internal)?);
    if by == RequestActor::Unit {
        sqlx::query("INSERT INTO request_views (request_id, viewer_id, viewer_role, department_code) VALUES ($1, $2, $3::user_role, $4)")
            .bind(id)
            .bind(user.id)
            .bind(user.role.as_str())
            .bind(&user.department_code)
            .execute(&mut *conn)
            .await?;
    }
    let outcome: (Option<String>, Option<NaiveDate>, String) =
        sqlx::query_as("SELECT outcome, outcome_on, outcome_text FROM service_requests WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    let events: Vec<(String, Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT to_char(e.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'),
                CASE WHEN e.actor_role = 'applicant' THEN NULL ELSE COALESCE(d.name_zh, CASE WHEN e.actor_role = 'hrss' THEN '区人社局' END) END,
                e.command, e.to_status, e.note
           FROM request_events e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN departments d ON d.code = u.department_code
          WHERE e.request_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let parsed: Answers = serde_json::from_str(&answers).unwrap_or_default();
    let for_dependent = dependent.and_then(|i| dependents(&answers, today).into_iter().find(|(n, _, _)| *n == i)).map(|(_, name, r)| (name, r.as_str().to_string()));
    let details: Vec<(String, String)> = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&details)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
        .collect();
    let commands = RequestCommand::ALL
        .into_iter()
        .filter(|c| *c != RequestCommand::Close && *c != RequestCommand::Submit)
        .filter(|c| next(status, ty, *c, by, unit.is_some()).is_ok())
        // HRSS's own list holds requests no unit is routed for: it routes them (passes them on).
        .filter(|c| user.role != Role::Hrss || *c == RequestCommand::PassOn)
        .collect::<Vec<_>>();
    let documents: Vec<(String, String)> =
        sqlx::query_as("SELECT file_name, token FROM request_documents WHERE request_id = $1 ORDER BY id").bind(id).fetch_all(&mut *conn).await?;
    let units = if commands.contains(&RequestCommand::PassOn) {
        sqlx::query_as("SELECT code, name_zh FROM departments WHERE code IS DISTINCT FROM $1 ORDER BY code").bind(&unit).fetch_all(&mut *conn).await?
    } else {
        vec![]
    };
    Ok(RequestView {
        id,
        version,
        request_type: ty,
        status,
        holder_name: parsed.personal.full_name.clone(),
        phone: parsed.personal.phone.clone(),
        email: parsed.personal.email.clone(),
        for_dependent,
        details,
        text,
        department_zh,
        department_en,
        due: due.filter(|_| status.is_open()).map(|d| d.to_string()),
        outcome: outcome.0.as_deref().and_then(Outcome::parse),
        outcome_on: outcome.1.map(|d| d.to_string()),
        outcome_text: outcome.2,
        events: events
            .into_iter()
            .filter_map(|(at, by, command, to, note)| Some(RequestEvent { at, by: by.unwrap_or_default(), command: RequestCommand::parse(&command)?, to: RequestStatus::parse(&to)?, note }))
            .collect(),
        commands,
        viewer_role: user.role,
        units,
        may_attach: by == RequestActor::Holder && status.is_open(),
        documents,
    })
}

/// The holder attaches a document to open request `id` (the application's upload rules). Asked
/// before the body is read: only the holder, only while it is open.
pub async fn upload_allowed(db: &PgPool, holder: &CurrentUser, id: i64, today: NaiveDate) -> Result<(), AppError> {
    upload_allowed_in(&mut *db.acquire().await?, holder, id, today).await
}

async fn upload_allowed_in(conn: &mut PgConnection, holder: &CurrentUser, id: i64, today: NaiveDate) -> Result<(), AppError> {
    let effective = effective_status("$2");
    let row: Option<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.holder_id, {effective} FROM service_requests r JOIN cards c ON c.id = r.card_id WHERE r.id = $1"
    )))
    .bind(id)
    .bind(today)
    .fetch_optional(conn)
    .await?;
    match row {
        Some((h, status)) if holder.role == Role::Applicant && h == holder.id => {
            if RequestStatus::parse(&status).is_some_and(RequestStatus::is_open) {
                Ok(())
            } else {
                Err(AppError::Conflict)
            }
        }
        _ => Err(AppError::NotFound),
    }
}

pub(crate) async fn store_document(db: &PgPool, files: &crate::apply::documents::Files, holder: &CurrentUser, id: i64, upload: crate::apply::documents::Upload, today: NaiveDate) -> Result<(), AppError> {
    // Asked again under the row's lock: a withdrawal or a finish committed meanwhile wins.
    let mut tx = db.begin().await?;
    sqlx::query("SELECT 1 FROM service_requests WHERE id = $1 FOR UPDATE").bind(id).execute(&mut *tx).await?;
    upload_allowed_in(&mut tx, holder, id, today).await?;
    let file = crate::apply::documents::store_checked(files, upload, Field::Document, "document", false).await?;
    sqlx::query(
        "INSERT INTO request_documents (token, request_id, file_name, content_type, byte_size, sha256, storage_key, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(file.token)
    .bind(id)
    .bind(file.file_name)
    .bind(file.file_type.mime())
    .bind(file.byte_size)
    .bind(file.sha256)
    .bind(file.storage_key)
    .bind(holder.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(request.id = id, "request document attached");
    Ok(())
}

/// A request's document, for its holder or an official of its unit: (name, storage key, type).
/// An official's download is a view of the request, recorded for the holder's data tracker.
pub async fn document_file(db: &PgPool, user: &CurrentUser, token: &str) -> Result<(String, String, crate::domain::FileType), AppError> {
    if !crate::apply::documents::is_token(token) {
        return Err(AppError::NotFound);
    }
    let row: Option<(String, String, String, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT d.file_name, d.storage_key, d.content_type, r.id, r.holder_id, r.department_code
           FROM request_documents d JOIN service_requests r ON r.id = d.request_id WHERE d.token = $1",
    )
    .bind(token)
    .fetch_optional(db)
    .await?;
    let (name, key, content_type, request, holder, unit) = row.ok_or(AppError::NotFound)?;
    if actor_of(user, holder, unit.as_deref()).ok_or(AppError::NotFound)? == RequestActor::Unit {
        sqlx::query("INSERT INTO request_views (request_id, viewer_id, viewer_role, department_code) VALUES ($1, $2, $3::user_role, $4)")
            .bind(request)
            .bind(user.id)
            .bind(user.role.as_str())
            .bind(&user.department_code)
            .execute(db)
            .await?;
    }
    Ok((name, key, crate::domain::FileType::from_mime(&content_type).ok_or(AppError::Internal)?))
}
