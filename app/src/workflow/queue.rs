//! A reviewer's queue (issue 4): one stage, longest waiting first, keyset-paginated so a page
//! costs the same at any depth and at a million rows (`server/benches/queue.rs`).
use sqlx::PgPool;

use super::db::SummaryRow;
use super::CaseSummary;
use crate::domain::Status;
use crate::error::AppError;

/// What a reviewer's queue shows: one stage, maybe one department's cases, narrowed by
/// category, case by case, deadline, a reference or the start of a name; one page at a time.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    pub department: Option<String>,
    pub category: Option<i16>,
    pub case_by_case: bool,
    /// "overdue" or "due_soon".
    pub due: Option<String>,
    pub search: Option<String>,
    /// Keyset cursor: the (entered, id) of the last row of the previous page.
    pub after: Option<(chrono::DateTime<chrono::Utc>, i64)>,
}

pub const QUEUE_PAGE_SIZE: i64 = 50;

fn china_midnight_after(day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    let next = day.succ_opt().expect("a date before year 262143");
    (next.and_hms_opt(0, 0, 0).expect("midnight") - chrono::Duration::hours(8)).and_utc()
}

/// A reviewer's queue, longest waiting first, keyset-paginated (fast at any depth: the index
/// `applications (status, updated_at, id)`), each row with its working days and urgency.
///
/// Priority re-applications (Art. 6) come first, on the first page, marked; the pages after it
/// hold the others (both in the same order, with the same filters).
pub async fn queue(db: &PgPool, status: Status, filter: &QueueFilter, today: chrono::NaiveDate) -> Result<(Vec<CaseSummary>, Option<String>), AppError> {
    let mut conn = db.acquire().await?;
    let deadlines = super::deadlines::Deadlines::load(&mut conn, today).await?;
    // Both parts in one statement (issue 17: fewer round trips on the page officials open most).
    let mut q = sqlx::QueryBuilder::new("");
    let first_page = filter.after.is_none();
    if first_page {
        filtered(&mut q, status, filter, &deadlines, true);
        q.push(" UNION ALL ");
    }
    filtered(&mut q, status, filter, &deadlines, false);
    if first_page {
        q.push(" ORDER BY priority DESC, updated_at_ts, id");
    }
    let rows: Vec<SummaryRow> = q.build_query_as().fetch_all(&mut *conn).await?;
    let (mut rows, mut others): (Vec<SummaryRow>, Vec<SummaryRow>) = rows.into_iter().partition(|r| r.priority);
    let next = if others.len() as i64 > QUEUE_PAGE_SIZE {
        others.truncate(QUEUE_PAGE_SIZE as usize);
        others.last().map(|r| format!("{}_{}", r.updated_at_ts.timestamp_micros(), r.id))
    } else {
        None
    };
    rows.append(&mut others);
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (waited, urgency) = deadlines.of(status, row.updated_on);
        let mut summary = row.into_summary()?;
        summary.waiting_days = Some(waited);
        summary.urgency = urgency;
        out.push(summary);
    }
    Ok((out, next))
}

/// One part of the queue's query, in parentheses: the priority re-applications (all of them: a
/// handful) or a page of the others.
fn filtered(q: &mut sqlx::QueryBuilder<sqlx::Postgres>, status: Status, filter: &QueueFilter, deadlines: &super::deadlines::Deadlines, priority: bool) {
    q.push("(SELECT * FROM application_summaries a WHERE a.status = ");
    q.push_bind(status.as_db().0).push("::application_status");
    if let Some(returned_from) = status.as_db().1 {
        q.push(" AND a.returned_from = ").push_bind(returned_from);
    }
    if let Some(d) = &filter.department {
        q.push(" AND a.department_code = ").push_bind(d.clone());
    }
    if let Some(c) = filter.category {
        q.push(" AND a.talent_category = ").push_bind(c);
    }
    if filter.case_by_case {
        q.push(" AND a.case_by_case");
    }
    if let (Some(due), Some((overdue, soon))) = (filter.due.as_deref(), deadlines.cutoffs(status)) {
        match due {
            "overdue" => {
                q.push(" AND a.updated_at_ts < ").push_bind(china_midnight_after(overdue));
            }
            "due_soon" => {
                q.push(" AND a.updated_at_ts >= ").push_bind(china_midnight_after(overdue));
                q.push(" AND a.updated_at_ts < ").push_bind(china_midnight_after(soon));
            }
            _ => {}
        }
    }
    if let Some(s) = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // A reference (YJ-2026-000123) finds its case; anything else is the start of a name.
        match parse_reference(s) {
            Some(id) => {
                q.push(" AND a.id = ").push_bind(id);
            }
            None => {
                let escaped: String = s.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
                q.push(" AND a.full_name LIKE ").push_bind(format!("{escaped}%"));
            }
        }
    }
    if priority {
        q.push(" AND a.priority ORDER BY a.updated_at_ts, a.id LIMIT 1000)");
        return;
    }
    q.push(" AND NOT a.priority");
    if let Some((ts, id)) = filter.after {
        q.push(" AND (a.updated_at_ts, a.id) > (").push_bind(ts).push(", ").push_bind(id).push(")");
    }
    q.push(" ORDER BY a.updated_at_ts, a.id LIMIT ").push_bind(QUEUE_PAGE_SIZE + 1).push(")");
}

/// The keyset cursor of `queue`: "{micros}_{id}".
pub fn parse_cursor(s: &str) -> Option<(chrono::DateTime<chrono::Utc>, i64)> {
    let (micros, id) = s.split_once('_')?;
    Some((chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?, id.parse().ok()?))
}

/// YJ-2026-000123 → 123.
fn parse_reference(s: &str) -> Option<i64> {
    let rest = s.strip_prefix("YJ-").or_else(|| s.strip_prefix("yj-"))?;
    let (_, id) = rest.split_once('-')?;
    id.parse().ok()
}
