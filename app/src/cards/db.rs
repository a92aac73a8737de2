//! The card's SQL (server only). Every change of a case goes through `workflow::db::transition_many`
//! in the same transaction as the rows written here.
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};

use super::{ApprovedCase, BatchView, CardEventView, CardStatus, ImportReport, ImportView, MadeCard, MyCard, Notice, OpenLine, ReportError, ReportLine};
use crate::auth::CurrentUser;
use crate::domain::bank_file::{judge, Answer, FileProblem, KnownLine, ReadFile, Verdict};
use crate::domain::{mask_name, reference, Command, Role, ServiceType};
use crate::error::AppError;
use crate::workflow::db::{transition_many, Step};
use crate::workflow::deadlines::Deadlines;
use crate::workflow::Opinion;

use super::lifecycle::{record_card_changes, CardChange};

/// Cases approved and not yet on an order batch, priority re-applications (Art. 6) first, then oldest first.
pub async fn approved_cases(db: &PgPool) -> Result<Vec<ApprovedCase>, AppError> {
    let rows: Vec<(i64, i32, String, String, bool)> = sqlx::query_as(
        "SELECT s.id, s.year, s.full_name, s.updated_at,
                EXISTS (SELECT 1 FROM card_order_lines l WHERE l.application_id = s.id) AS resent
           FROM application_summaries s WHERE s.status = 'approved' ORDER BY s.priority DESC, s.updated_at_ts, s.id LIMIT 1000",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, year, full_name, approved_at, resent)| ApprovedCase { id, reference: reference(year, id), full_name, approved_at, resent })
        .collect())
}

/// HRSS sends the cases `ids` to the bank as one batch (Art. 5(6)); each case moves to card
/// production with its event. Returns the batch's id.
pub async fn send_batch(db: &PgPool, hrss: &CurrentUser, ids: &[i64]) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let steps: Vec<Step> =
        ids.iter().map(|&id| Step { id, seen_version: None, command: Command::OrderCard, opinion: Opinion::default() }).collect();
    transition_many(&mut tx, hrss, &steps).await?;
    let batch: i64 = sqlx::query_scalar("INSERT INTO card_order_batches (sent_by) VALUES ($1) RETURNING id").bind(hrss.id).fetch_one(&mut *tx).await?;
    sqlx::query("INSERT INTO card_order_lines (batch_id, application_id) SELECT $1, id FROM unnest($2::bigint[]) AS id ORDER BY id")
        .bind(batch)
        .bind(ids)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(batch.id = batch, cases = ids.len(), "card order batch sent");
    Ok(batch)
}

/// The latest batches with their counts.
pub async fn batches(db: &PgPool) -> Result<Vec<BatchView>, AppError> {
    Ok(sqlx::query_as::<_, (i64, String, i64, i64, i64, i64)>(
        "SELECT b.id, to_char(b.sent_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'),
                count(*), count(*) FILTER (WHERE l.outcome = 'made'), count(*) FILTER (WHERE l.outcome = 'refused'),
                count(*) FILTER (WHERE l.outcome IS NULL)
           FROM card_order_batches b JOIN card_order_lines l ON l.batch_id = b.id
          GROUP BY b.id ORDER BY b.id DESC LIMIT 100",
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(id, sent_at, lines, made, refused, open)| BatchView { id, sent_at, lines, made, refused, open })
    .collect())
}

/// The unanswered order lines, oldest batch first (the first 1,000), with the working days each
/// has waited.
pub async fn open_lines(conn: &mut PgConnection, today: NaiveDate) -> Result<Vec<OpenLine>, AppError> {
    let rows: Vec<(i64, i64, i32, i64, String, String, NaiveDate)> = sqlx::query_as(
        "SELECT l.id, l.batch_id, s.year, s.id, s.full_name, COALESCE(a.id_number, ''),
                (b.sent_at AT TIME ZONE 'UTC' + interval '8 hours')::date
           FROM card_order_lines l JOIN card_order_batches b ON b.id = l.batch_id
           JOIN application_summaries s ON s.id = l.application_id JOIN applications a ON a.id = l.application_id
          WHERE l.outcome IS NULL ORDER BY l.id LIMIT 1000",
    )
    .fetch_all(&mut *conn)
    .await?;
    let deadlines = Deadlines::load(conn, today).await?;
    Ok(rows
        .into_iter()
        .map(|(line_id, batch_id, year, id, full_name, id_number, sent_on)| OpenLine {
            line_id,
            batch_id,
            reference: reference(year, id),
            full_name,
            id_number,
            waiting_days: deadlines.working_days(sent_on, today),
        })
        .collect())
}

/// A line of a batch as the bank downloads it: what it needs to make the card.
#[derive(sqlx::FromRow, serde::Serialize)]
pub struct BatchLine {
    pub order_line_id: i64,
    #[sqlx(skip)]
    pub reference: String,
    #[serde(skip)]
    pub year: i32,
    #[serde(skip)]
    pub application_id: i64,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub employer: String,
    #[sqlx(skip)]
    pub photo_url: Option<String>,
    #[serde(skip)]
    pub has_photo: bool,
}

/// The lines of batch `batch` (None when there is no such batch).
pub async fn batch_lines(db: &PgPool, batch: i64) -> Result<Option<Vec<BatchLine>>, AppError> {
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM card_order_batches WHERE id = $1)").bind(batch).fetch_one(db).await?;
    if !exists {
        return Ok(None);
    }
    let mut lines: Vec<BatchLine> = sqlx::query_as(
        "SELECT l.id AS order_line_id, s.year, s.id AS application_id, s.full_name AS name,
                a.id_type, COALESCE(a.id_number, '') AS id_number,
                COALESCE(a.answers #>> '{personal,phone}', '') AS phone, COALESCE(a.answers #>> '{employer,employer_name}', '') AS employer,
                EXISTS (SELECT 1 FROM documents d WHERE d.application_id = a.id AND d.kind = 'photo' AND d.removed_at IS NULL) AS has_photo
           FROM card_order_lines l JOIN application_summaries s ON s.id = l.application_id JOIN applications a ON a.id = l.application_id
          WHERE l.batch_id = $1 ORDER BY l.id",
    )
    .bind(batch)
    .fetch_all(db)
    .await?;
    for l in &mut lines {
        l.reference = reference(l.year, l.application_id);
    }
    Ok(Some(lines))
}

/// Where the photo of an order line's case is stored, while the line is unanswered or was made.
pub async fn line_photo(db: &PgPool, line: i64) -> Result<Option<(String, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT d.storage_key, d.content_type FROM card_order_lines l
           JOIN documents d ON d.application_id = l.application_id AND d.kind = 'photo' AND d.removed_at IS NULL
          WHERE l.id = $1 AND (l.outcome IS NULL OR l.outcome = 'made') ORDER BY d.id DESC LIMIT 1",
    )
    .bind(line)
    .fetch_optional(db)
    .await?)
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    application_id: i64,
    year: i32,
    id_number: String,
    outcome: Option<String>,
    card_number: Option<String>,
    refusal: Option<String>,
    batch_open: bool,
}

/// Imports a result file the bank uploaded (or one line it typed): judges each line against the
/// order lines under lock, applies the good ones — or none, when the bank asked for all or nothing
/// and a line is wrong — in one transaction, and stores the report. Returns the import's id.
pub async fn import(
    db: &PgPool,
    bank: &CurrentUser,
    mut report: ImportReport,
    sha256: &str,
    file: Result<ReadFile, FileProblem>,
    all_or_nothing: bool,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    match file {
        Err(problem) => report.file_problem = Some(problem),
        Ok(file) => {
            report.unknown_columns = file.unknown_columns;
            let ids: Vec<i64> = file.lines.iter().filter_map(|l| l.order_line_id.parse().ok()).collect();
            let rows: Vec<LineRow> = sqlx::query_as(
                "SELECT l.id, l.application_id, s.year, COALESCE(a.id_number, '') AS id_number, l.outcome, l.card_number, l.refusal,
                        EXISTS (SELECT 1 FROM card_order_lines o WHERE o.batch_id = l.batch_id AND o.outcome IS NULL) AS batch_open
                   FROM card_order_lines l JOIN applications a ON a.id = l.application_id JOIN application_summaries s ON s.id = a.id
                  WHERE l.id = ANY($1) ORDER BY l.id FOR UPDATE OF l",
            )
            .bind(&ids)
            .fetch_all(&mut *tx)
            .await?;
            let known: HashMap<i64, KnownLine> = rows
                .iter()
                .map(|r| {
                    let answered = match (r.outcome.as_deref(), &r.card_number, &r.refusal) {
                        (Some("made"), Some(n), _) => Some(Answer::Made(n.clone())),
                        (Some("refused"), _, Some(why)) => Some(Answer::Refused(why.clone())),
                        _ => None,
                    };
                    (r.id, KnownLine { id_number: r.id_number.clone(), batch_open: r.batch_open, answered })
                })
                .collect();
            let numbers: Vec<String> =
                file.lines.iter().filter_map(|l| crate::domain::CardNumber::parse(&l.card_number).ok()).map(|n| n.as_str().to_string()).collect();
            let taken: HashSet<String> =
                sqlx::query_scalar("SELECT card_number FROM cards WHERE card_number = ANY($1)").bind(&numbers).fetch_all(&mut *tx).await?.into_iter().collect();
            let verdicts = judge(&file.lines, &known, &taken);
            let by_id: HashMap<i64, &LineRow> = rows.iter().map(|r| (r.id, r)).collect();
            let mut applied: Vec<(i64, Answer)> = Vec::new();
            for (line, verdict) in file.lines.iter().zip(verdicts) {
                let report_line = |id: i64| ReportLine { row: line.row, line_id: id, reference: reference(by_id[&id].year, by_id[&id].application_id) };
                match verdict {
                    Verdict::Apply { order_line_id, answer } => {
                        match &answer {
                            Answer::Made(_) => report.made.push(report_line(order_line_id)),
                            Answer::Refused(_) => report.refused.push(report_line(order_line_id)),
                        }
                        applied.push((order_line_id, answer));
                    }
                    Verdict::Unchanged { order_line_id } => report.unchanged.push(report_line(order_line_id)),
                    Verdict::Problem(problem) => {
                        report.errors.push(ReportError { row: line.row, line_id: line.order_line_id.chars().take(40).collect(), problem })
                    }
                }
            }
            if all_or_nothing && !report.errors.is_empty() {
                report.all_or_nothing_refused = true;
                report.made.clear();
                report.refused.clear();
            } else {
                apply_answers(&mut tx, bank, &applied, &by_id.iter().map(|(k, v)| (*k, v.application_id)).collect()).await?;
            }
        }
    }
    let json = serde_json::to_value(&report).map_err(|_| AppError::Internal)?;
    let id: i64 = sqlx::query_scalar("INSERT INTO card_result_imports (uploaded_by, file_name, sha256, report) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(bank.id)
        .bind(&report.file_name)
        .bind(sha256)
        .bind(json)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(import.id = id, made = report.made.len(), refused = report.refused.len(), errors = report.errors.len(), "card results imported");
    Ok(id)
}

/// Records the bank's answers: each case moves on with its event (card made → waits for issuing;
/// refused → back to HRSS with the reason), the made cards are created, the lines answered.
async fn apply_answers(tx: &mut PgConnection, bank: &CurrentUser, answers: &[(i64, Answer)], case_of: &HashMap<i64, i64>) -> Result<(), AppError> {
    let steps: Vec<Step> = answers
        .iter()
        .map(|(line, answer)| {
            let (command, opinion) = match answer {
                Answer::Made(_) => (Command::CardMade, Opinion::default()),
                Answer::Refused(why) => (Command::BankReject, Opinion::text(why)),
            };
            Step { id: case_of[line], seen_version: None, command, opinion }
        })
        .collect();
    transition_many(tx, bank, &steps).await?;
    let lines: Vec<i64> = answers.iter().map(|(l, _)| *l).collect();
    let outcome: Vec<&str> = answers.iter().map(|(_, a)| if matches!(a, Answer::Made(_)) { "made" } else { "refused" }).collect();
    let number: Vec<Option<&str>> = answers.iter().map(|(_, a)| if let Answer::Made(n) = a { Some(n.as_str()) } else { None }).collect();
    let refusal: Vec<Option<&str>> = answers.iter().map(|(_, a)| if let Answer::Refused(r) = a { Some(r.as_str()) } else { None }).collect();
    sqlx::query(
        "UPDATE card_order_lines l SET outcome = v.outcome, card_number = v.number, refusal = v.refusal, answered_at = now()
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS v(id, outcome, number, refusal)
          WHERE l.id = v.id AND l.outcome IS NULL",
    )
    .bind(&lines)
    .bind(&outcome)
    .bind(&number)
    .bind(&refusal)
    .execute(&mut *tx)
    .await?;
    let inserted = sqlx::query(
        "INSERT INTO cards (application_id, card_number, order_line_id)
         SELECT l.application_id, l.card_number, l.id FROM card_order_lines l
          WHERE l.id = ANY($1) AND l.outcome = 'made'",
    )
    .bind(&lines)
    .execute(&mut *tx)
    .await;
    match inserted {
        // Another import took the number between the check and now: nothing of this one is kept.
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("cards_card_number_key") => Err(AppError::Conflict),
        other => other.map(|_| ()).map_err(AppError::from),
    }
}

pub async fn import_view(db: &PgPool, id: i64, today: NaiveDate) -> Result<ImportView, AppError> {
    let mut conn = db.acquire().await?;
    let (report, uploaded_at): (serde_json::Value, String) = sqlx::query_as(
        "SELECT report, to_char(uploaded_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI') FROM card_result_imports WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let report: ImportReport = serde_json::from_value(report).map_err(|_| AppError::Internal)?;
    let outstanding = open_lines(&mut conn, today).await?;
    let outstanding_total: i64 = sqlx::query_scalar("SELECT count(*) FROM card_order_lines WHERE outcome IS NULL").fetch_one(&mut *conn).await?;
    Ok(ImportView { id, uploaded_at, report, outstanding, outstanding_total })
}

/// The cards the bank made, newest first (the last 200), with both tracks as of `today`.
pub async fn bank_cards(db: &PgPool, today: NaiveDate) -> Result<Vec<super::BankCard>, AppError> {
    let rows: Vec<(i64, i32, String, String, Option<NaiveDate>, Option<NaiveDate>, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT s.id, s.year, c.card_number, to_char(c.made_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'),
                c.issued_on, c.valid_until, card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1), c.bank_status
           FROM cards c JOIN application_summaries s ON s.id = c.application_id ORDER BY c.id DESC LIMIT 200",
    )
    .bind(today)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, year, card_number, made_at, issued_on, valid_until, talent, bank)| super::BankCard {
            reference: reference(year, id),
            card_number,
            made_at,
            issued_on: issued_on.map(|d| d.to_string()),
            status: match (talent, bank, valid_until) {
                (Some(talent), Some(bank), Some(_)) => Some(CardStatus { talent, bank }),
                _ => None,
            },
        })
        .collect())
}

/// Cards made and not yet issued, oldest first.
pub async fn made_cards(db: &PgPool) -> Result<Vec<MadeCard>, AppError> {
    let rows: Vec<(i64, i32, String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.year, s.full_name, c.card_number, to_char(c.made_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI')
           FROM application_summaries s JOIN cards c ON c.application_id = s.id
          WHERE s.status = 'card_made' ORDER BY c.made_at, s.id LIMIT 1000",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, year, full_name, card_number, made_at)| MadeCard { id, reference: reference(year, id), full_name, card_number, made_at })
        .collect())
}

/// The Talent Office issues the made cards of cases `ids` on `today` (Art. 5(7)): the five years
/// of Art. 6 start, both tracks open with an `issued` card event, and the relevant units are
/// notified — the employer, the case's industry department, every provider organisation — all
/// in one transaction with the cases' events (which tell the holder, in the inbox and by e-mail).
pub async fn issue(db: &PgPool, office: &CurrentUser, ids: &[i64], today: NaiveDate) -> Result<usize, AppError> {
    let mut tx = db.begin().await?;
    let steps: Vec<Step> = ids.iter().map(|&id| Step { id, seen_version: None, command: Command::Issue, opinion: Opinion::default() }).collect();
    transition_many(&mut tx, office, &steps).await?;
    // Art. 7: a card is made under its application's version (the rules it qualified by; for a
    // case from before versions were kept, the one in force on the issue day) and keeps that
    // version's management period, quotas and assessment interval.
    let cards: Vec<i64> = sqlx::query_scalar(
        "UPDATE cards c
            SET issued_on = $2, policy_version_id = v.id, valid_until = card_valid_until($2, v.management_months),
                talent_status = 'active', bank_status = 'active'
           FROM applications a, policy_versions v
          WHERE c.application_id = ANY($1) AND c.issued_on IS NULL AND a.id = c.application_id
            AND v.id = COALESCE(a.policy_version_id, policy_in_force($2), policy_latest($2))
         RETURNING c.id",
    )
    .bind(ids)
    .bind(today)
    .fetch_all(&mut *tx)
    .await?;
    if cards.len() != ids.len() {
        // A case without a made card cannot have been `card_made`.
        tracing::error!(cases = ids.len(), cards = cards.len(), "issuing: a case has no made card");
        return Err(AppError::Internal);
    }
    let changes: Vec<CardChange> = cards
        .iter()
        .map(|&card_id| CardChange { card_id, kind: "issued", from: None, to: ("active".into(), "active".into()), reason: String::new(), document: None })
        .collect();
    record_card_changes(&mut tx, Some(office), &changes, today).await?;
    // Art. 6: a priority re-application's card takes over from the card before it, whose talent
    // services end today (one card in force per holder; its bank services are the bank's).
    let replaced: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT p.id, card_talent_on(p.talent_status, p.talent_since, p.talent_before, p.valid_until, $2), p.bank_status
           FROM applications a JOIN cards p ON p.application_id = a.priority_of
          WHERE a.id = ANY($1) AND p.issued_on IS NOT NULL
            AND card_talent_on(p.talent_status, p.talent_since, p.talent_before, p.valid_until, $2) IN ('active', 'suspended')
          ORDER BY p.id FOR UPDATE OF p",
    )
    .bind(ids)
    .bind(today)
    .fetch_all(&mut *tx)
    .await?;
    let ended: Vec<CardChange> = replaced
        .into_iter()
        .map(|(card_id, talent, bank)| CardChange {
            card_id,
            kind: "expired",
            to: ("expired".into(), bank.clone()),
            from: Some((talent, bank)),
            reason: "由优先重新申请的新卡接续 / Replaced by the card of the priority re-application".to_string(),
            document: None,
        })
        .collect();
    if !ended.is_empty() {
        record_card_changes(&mut tx, Some(office), &ended, today).await?;
    }
    tx.commit().await?;
    tracing::info!(cards = cards.len(), "cards issued");
    Ok(cards.len())
}

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    application_id: i64,
    year: i32,
    full_name: Option<String>,
    has_photo: bool,
    card_number: String,
    issued_on: NaiveDate,
    valid_until: NaiveDate,
    talent_status: String,
    bank_status: String,
    reapplication: Option<i64>,
}

/// The issued cards of the cases this holder filed or claimed.
pub async fn my_cards(db: &PgPool, holder: &CurrentUser, today: NaiveDate) -> Result<Vec<MyCard>, AppError> {
    if holder.role != Role::Applicant {
        return Ok(vec![]);
    }
    let cards: Vec<CardRow> = sqlx::query_as(
        "SELECT c.id, c.application_id, s.year, s.full_name, c.card_number, c.issued_on, c.valid_until,
                card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $2) AS talent_status, c.bank_status,
                EXISTS (SELECT 1 FROM documents d WHERE d.application_id = a.id AND d.kind = 'photo' AND d.removed_at IS NULL) AS has_photo,
                (SELECT r.id FROM applications r WHERE r.priority_of = a.id AND r.status NOT IN ('withdrawn', 'rejected') LIMIT 1) AS reapplication
           FROM cards c JOIN applications a ON a.id = c.application_id JOIN application_summaries s ON s.id = a.id
          WHERE (a.applicant_id = $1 OR a.filed_by = $1) AND c.issued_on IS NOT NULL ORDER BY c.issued_on DESC, c.id DESC",
    )
    .bind(holder.id)
    .bind(today)
    .fetch_all(db)
    .await?;
    let mut out = Vec::new();
    for c in cards {
        let events: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT to_char(created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'), kind, talent_to, bank_to,
                    effective_on::text, reason
               FROM card_events WHERE card_id = $1 ORDER BY id",
        )
        .bind(c.id)
        .fetch_all(db)
        .await?;
        let mut conn = db.acquire().await?;
        let quotas = crate::services::db::offers(&mut conn, c.id, &[ServiceType::Medical, ServiceType::Airport], today).await?;
        out.push(MyCard {
            application_id: c.application_id,
            may_reapply: c.reapplication.is_none() && crate::domain::card::may_reapply(&c.talent_status, c.valid_until, today),
            reapplication: c.reapplication,
            reference: reference(c.year, c.application_id),
            full_name: c.full_name.unwrap_or_default(),
            card_number: crate::domain::card::mask_card_number(&c.card_number),
            has_photo: c.has_photo,
            quotas: quotas.into_iter().filter(|o| o.quota.is_some()).collect(),
            issued_on: c.issued_on.to_string(),
            valid_until: c.valid_until.to_string(),
            status: CardStatus { talent: c.talent_status, bank: c.bank_status },
            events: events
                .into_iter()
                .map(|(at, kind, talent_to, bank_to, effective_on, reason)| CardEventView { at, kind, talent_to, bank_to, effective_on, reason })
                .collect(),
        });
    }
    Ok(out)
}

/// The notices addressed to the reader's unit (Art. 5(7)), newest first.
pub async fn notices(db: &PgPool, reader: &CurrentUser) -> Result<Vec<Notice>, AppError> {
    let (unit, department, provider, holder) = match reader.role {
        Role::EmployerAgent => (reader.unit_credit_code.clone(), None, None, None),
        Role::IndustryDept => (None, reader.department_code.clone(), None, None),
        Role::Provider => (None, None, reader.provider_org_id, None),
        Role::Applicant => (None, None, None, Some(reader.id)),
        _ => return Ok(vec![]),
    };
    let rows: Vec<(String, String, i32, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT to_char(e.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'), e.kind, s.year, s.id, s.full_name,
                c.valid_until::text, e.effective_on::text, e.reason
           FROM card_notices n JOIN card_events e ON e.id = n.card_event_id JOIN cards c ON c.id = e.card_id
           JOIN application_summaries s ON s.id = c.application_id
          WHERE n.unit_credit_code = $1 OR n.department_code = $2 OR n.provider_org_id = $3 OR n.user_id = $4
          ORDER BY n.id DESC LIMIT 200",
    )
    .bind(unit)
    .bind(department)
    .bind(provider)
    .bind(holder)
    .fetch_all(db)
    .await?;
    let provider = reader.role == Role::Provider;
    Ok(rows
        .into_iter()
        .map(|(at, kind, year, id, name, valid_until, effective_on, reason)| Notice {
            at,
            kind,
            reference: (!provider).then(|| reference(year, id)),
            name: if provider { mask_name(&name) } else { name },
            valid_until,
            effective_on,
            // Why a card was terminated is not a provider's business: only that it was.
            reason: (!provider && !reason.is_empty()).then_some(reason),
        })
        .collect())
}

