//! Reading one case as its page shows it to a viewer: the case, its events, notes, documents,
//! card and policy, each part as this viewer may see it (server only). Changing it is `db.rs`.
use sqlx::{PgConnection, PgPool};

use super::db::{open_agenda, CaseScope, SCOPE_COLUMNS};
use super::{CardView, CaseView, DocumentView, EventView, NoteView, CASE_PAGE_COMMANDS};
use crate::auth::CurrentUser;
use crate::domain::{reference, Answers, Command, DocKind, Role, Status};
use crate::error::AppError;

#[derive(sqlx::FromRow)]
struct CaseRow {
    /// Who may see it: checked before anything else of the row is used.
    #[sqlx(flatten)]
    scope: CaseScope,
    full_name: String,
    case_by_case: bool,
    direct_recognition: bool,
    answers: String,
    department: Option<String>,
    year: i32,
    updated_on: chrono::NaiveDate,
    created_at: String,
    submitted_at: Option<String>,
    /// The policy version it was made under (its first submission).
    policy_version_id: Option<i64>,
    /// The change log's position as this row was read (live pages, issue 15).
    position: i64,
    /// Its card, when one was made (`cards.application_id` is unique).
    #[sqlx(flatten)]
    card: CardRow,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: String,
    actor: String,
    role: String,
    command: String,
    to_status: String,
    opinion: String,
    section_reasons: String,
    direct_recognition: bool,
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    at: String,
    author: String,
    role: String,
    body: String,
}

#[derive(sqlx::FromRow)]
struct CardRow {
    card_number: Option<String>,
    issued_on: Option<String>,
    valid_until: Option<String>,
    /// The card's talent-services status on today (`card_talent_on`) and the bank's track.
    talent: Option<String>,
    bank: Option<String>,
}

#[derive(sqlx::FromRow)]
pub struct DocumentRow {
    pub token: String,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i32,
    pub sha256: String,
    pub uploaded_at: String,
}

impl DocumentRow {
    pub fn into_view(self) -> Option<DocumentView> {
        Some(DocumentView {
            token: self.token,
            kind: DocKind::parse(&self.kind)?,
            file_name: self.file_name,
            content_type: self.content_type,
            byte_size: self.byte_size,
            sha256: self.sha256,
            uploaded_at: self.uploaded_at,
        })
    }
}

/// The documents of a case that are not removed, oldest first.
pub async fn documents(db: &mut PgConnection, id: i64) -> Result<Vec<DocumentView>, AppError> {
    let rows: Vec<DocumentRow> = sqlx::query_as(
        "SELECT token, kind, file_name, content_type, byte_size, sha256,
                to_char(uploaded_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS uploaded_at
           FROM documents WHERE application_id = $1 AND removed_at IS NULL ORDER BY id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(DocumentRow::into_view).collect())
}

pub fn parse_answers(json: &str) -> Result<Answers, AppError> {
    serde_json::from_str(json).map_err(|e| {
        tracing::error!(error = %e, "stored answers do not parse");
        AppError::Internal
    })
}

/// The case page: answers, documents, timeline, card, and what the viewer may do now.
pub async fn case_view(db: &PgPool, viewer: &CurrentUser, id: i64) -> Result<CaseView, AppError> {
    let mut conn = db.acquire().await?;
    // One statement for the case, who may see it, and its card: the page every applicant and
    // official opens most (issue 17: fewer round trips per signed-in page).
    let row: CaseRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SCOPE_COLUMNS}, s.full_name, s.case_by_case, s.direct_recognition,
                a.answers::text AS answers, d.name_zh AS department, s.year, s.updated_on,
                to_char(a.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS created_at,
                to_char(a.submitted_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS submitted_at,
                a.policy_version_id, (SELECT COALESCE(max(id), 0) FROM application_events) AS position,
                c.card_number, c.issued_on::text AS issued_on, c.valid_until::text AS valid_until,
                card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $2) AS talent, c.bank_status AS bank
           FROM applications a JOIN application_summaries s ON s.id = a.id
           LEFT JOIN departments d ON d.code = s.department_code
           LEFT JOIN cards c ON c.application_id = a.id
          WHERE a.id = $1"
    )))
    .bind(id)
    .bind(crate::context::today())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let scope = &row.scope;
    if !scope.visible_to(viewer) {
        return Err(AppError::NotFound);
    }
    let events: Vec<EventRow> = sqlx::query_as(
        "SELECT to_char(e.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS at,
                u.display_name AS actor, e.actor_role::text AS role, e.command, e.to_status, e.opinion,
                e.section_reasons::text AS section_reasons, e.direct_recognition
           FROM application_events e JOIN users u ON u.id = e.actor_id
          WHERE e.application_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let documents = documents(&mut conn, id).await?;
    // Internal notes are for officials only.
    let notes: Vec<NoteRow> = if viewer.role.is_filer() {
        vec![]
    } else {
        sqlx::query_as(
            "SELECT to_char(n.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') AS at,
                    u.display_name AS author, n.author_role::text AS role, n.body
               FROM case_notes n JOIN users u ON u.id = n.author_id
              WHERE n.application_id = $1 ORDER BY n.id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    };
    let status = scope.status()?;
    let viewer_is_filer = scope.is_filer(viewer);
    let agenda = if status == Status::Decision && !viewer.role.is_filer() { open_agenda(&mut conn, id).await? } else { None };
    let commands = CASE_PAGE_COMMANDS
        .into_iter()
        .filter(|c| status.apply(*c, viewer.role).is_ok())
        .filter(|_| !viewer.role.is_filer() || viewer_is_filer)
        .filter(|c| agenda.is_none() || !matches!(c, Command::Approve | Command::Reject))
        .collect();
    let applicant_view = viewer.role.is_filer();
    let events: Vec<EventView> = events
        .into_iter()
        .map(|e| {
            let command = Command::parse(&e.command).ok_or(AppError::Internal)?;
            // Opinions between officials (a pass, an approval) are not meant for the applicant;
            // the reasons of a return or a rejection are.
            let for_applicant = matches!(command, Command::Return | Command::Reject | Command::Withdraw);
            Ok(EventView {
                at: e.at,
                // The applicant sees which body acted, not the official's name.
                actor: if applicant_view { String::new() } else { e.actor },
                role: Role::parse(&e.role).ok_or(AppError::Internal)?,
                command,
                to: Status::from_key(&e.to_status).ok_or(AppError::Internal)?,
                opinion: if applicant_view && !for_applicant { String::new() } else { e.opinion },
                section_reasons: serde_json::from_str(&e.section_reasons).map_err(|_| AppError::Internal)?,
                // HRSS's recommendation is between officials, like its opinion.
                direct_recognition: e.direct_recognition && !applicant_view,
            })
        })
        .collect::<Result<_, AppError>>()?;
    let in_review = matches!(status, Status::PreReview | Status::FirstReview | Status::ReReview | Status::Decision | Status::Approved | Status::CardProduction | Status::BankRefused | Status::CardMade);
    let (waiting_days, urgency) = if in_review && !applicant_view {
        let (w, u) = super::deadlines::Deadlines::load(&mut conn, crate::context::today()).await?.of(status, row.updated_on);
        (Some(w), u)
    } else {
        (None, None)
    };
    let return_reasons = match status {
        Status::Returned(_) => events.iter().rev().find(|e| e.command == Command::Return).map(|e| e.section_reasons.clone()).unwrap_or_default(),
        _ => vec![],
    };
    let since_return = if in_review && !applicant_view { super::since_return::since_return(&mut conn, id).await? } else { None };
    let policy = if viewer_is_filer && matches!(status, Status::Draft | Status::Returned(_)) {
        Some(crate::policy::db::for_case(&mut conn, row.policy_version_id, crate::context::today()).await?)
    } else {
        None
    };
    Ok(CaseView {
        position: row.position,
        id,
        reference: reference(row.year, id),
        status,
        version: scope.version,
        full_name: row.full_name,
        case_by_case: row.case_by_case,
        direct_recognition: row.direct_recognition && !applicant_view,
        waiting_days,
        urgency,
        notes: notes
            .into_iter()
            .map(|n| Ok(NoteView { at: n.at, author: n.author, role: Role::parse(&n.role).ok_or(AppError::Internal)?, body: n.body }))
            .collect::<Result<_, AppError>>()?,
        answers: parse_answers(&row.answers)?,
        documents,
        department: row.department,
        created_at: row.created_at,
        submitted_at: row.submitted_at,
        events,
        return_reasons,
        since_return,
        agenda,
        card: {
            let CardRow { card_number, issued_on, valid_until, talent, bank } = row.card;
            let status = match (talent, bank) {
                (Some(talent), Some(bank)) => Some(crate::cards::CardStatus { talent, bank }),
                _ => None,
            };
            card_number.map(|card_number| CardView { card_number, issued_on, valid_until, status })
        },
        commands,
        viewer_is_filer,
        viewer_role: viewer.role,
        policy,
    })
}
