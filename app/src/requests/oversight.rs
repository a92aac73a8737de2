//! The Talent Office watches whether units keep the promises of Art. 4 (issue 19, item 4): on the
//! dashboard, requests by kind and unit, the median working days to accept and to finish, open
//! requests past their deadline by unit; and every request as CSV (no personal data: a number,
//! a kind, a unit, dates). HRSS and the Talent Office.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::requests::RequestType;
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Lang, Msg};

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::Role,
    crate::workflow::deadlines::Deadlines,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestFigures {
    /// (kind, unit name or empty, requests)
    pub by_type_and_unit: Vec<(RequestType, String, i64)>,
    /// Median working days from submission to acceptance, and from acceptance to done.
    pub median_to_accept: f64,
    pub median_to_finish: f64,
    /// (unit name, open requests past their deadline)
    pub overdue_by_unit: Vec<(String, i64)>,
}

/// One request's dates: (id, kind, unit, status, submitted, accepted, done, due) — China days.
#[cfg(feature = "ssr")]
type Line = (i64, String, Option<String>, String, chrono::NaiveDate, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>);

#[cfg(feature = "ssr")]
async fn lines(conn: &mut sqlx::PgConnection, which: &str, today: chrono::NaiveDate) -> Result<Vec<Line>, AppError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.id, r.request_type, d.name_zh,
                CASE WHEN r.status IN ('submitted', 'returned', 'accepted', 'in_progress')
                      AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1) <> 'active'
                     THEN 'closed' ELSE r.status END,
                (r.created_at AT TIME ZONE 'UTC' + interval '8 hours')::date,
                (SELECT (max(e.created_at) AT TIME ZONE 'UTC' + interval '8 hours')::date FROM request_events e WHERE e.request_id = r.id AND e.command = 'accept'),
                (SELECT (max(e.created_at) AT TIME ZONE 'UTC' + interval '8 hours')::date FROM request_events e WHERE e.request_id = r.id AND e.command = 'finish'),
                CASE WHEN card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1) <> 'active' THEN NULL
                     WHEN r.status = 'submitted' THEN r.accept_by WHEN r.status IN ('accepted', 'in_progress') THEN r.done_by END
           FROM service_requests r JOIN cards c ON c.id = r.card_id LEFT JOIN departments d ON d.code = r.department_code {which}"
    )))
    .bind(today)
    .fetch_all(conn)
    .await?)
}

#[server(endpoint = "request_stats")]
pub async fn request_stats() -> Result<RequestFigures, AppError> {
    require_role(&[Role::Hrss, Role::TalentOffice]).await?;
    let mut conn = pool()?.acquire().await?;
    let today = today();
    let by: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT r.request_type, d.name_zh, count(*) FROM service_requests r LEFT JOIN departments d ON d.code = r.department_code
          GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .fetch_all(&mut *conn)
    .await?;
    // The medians: the last 5,000 requests accepted (working days on the calendar reviews use).
    let recent = lines(&mut conn, "WHERE EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.command = 'accept') ORDER BY r.id DESC LIMIT 5000", today).await?;
    let deadlines = Deadlines::load(&mut conn, today).await?;
    let to_accept = recent.iter().filter_map(|l| l.5.map(|a| deadlines.working_days(l.4, a) as f64)).collect();
    let to_finish = recent.iter().filter_map(|l| l.5.zip(l.6).map(|(a, f)| deadlines.working_days(a, f) as f64)).collect();
    // Past their deadline: open requests whose card is still active (the others read closed).
    let overdue: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT d.name_zh, count(*) FROM service_requests r JOIN cards c ON c.id = r.card_id LEFT JOIN departments d ON d.code = r.department_code
          WHERE r.status IN ('submitted', 'accepted', 'in_progress') AND COALESCE(r.done_by, r.accept_by) < $1
            AND card_talent_on(c.talent_status, c.talent_since, c.talent_before, c.valid_until, $1) = 'active'
          GROUP BY 1 ORDER BY 2 DESC, 1",
    )
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    let overdue = overdue.into_iter().map(|(unit, n)| (unit.unwrap_or_default(), n)).collect();
    Ok(RequestFigures {
        by_type_and_unit: by.into_iter().filter_map(|(ty, unit, n)| Some((RequestType::parse(&ty)?, unit.unwrap_or_default(), n))).collect(),
        median_to_accept: crate::dashboard::median(to_accept),
        median_to_finish: crate::dashboard::median(to_finish),
        overdue_by_unit: overdue,
    })
}

/// `GET /requests/export.csv`: every request, its kind, unit, state and dates, in the reader's
/// language. HRSS and the Talent Office; anyone else: not found.
#[cfg(feature = "ssr")]
pub async fn export(
    axum::extract::State(db): axum::extract::State<sqlx::PgPool>,
    axum::extract::State(settings): axum::extract::State<crate::context::Settings>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use crate::csv::{csv_response, csv_text, lang_of};
    let result: Result<axum::response::Response, AppError> = async {
        let user = crate::auth::session::user_from_headers(&db, &settings, &headers).await?;
        if !matches!(user.role, Role::Hrss | Role::TalentOffice) {
            return Err(AppError::NotFound);
        }
        let lang = lang_of(&headers);
        let today = today();
        let all = lines(&mut *db.acquire().await?, "ORDER BY r.id", today).await?;
        let header = [Msg::RequestWord, Msg::RequestTypeLabel, Msg::HandledBy, Msg::Status, Msg::SubmittedAt, Msg::RcAccept, Msg::RsDone, Msg::DueBy, Msg::OverdueOnly]
            .map(|m| lang.t(m));
        let rows = all.into_iter().map(|(id, ty, unit, status, submitted, accepted, done, due)| {
            let text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            vec![
                id.to_string(),
                RequestType::parse(&ty).map(|t| lang.request_type(t).to_string()).unwrap_or(ty),
                unit.unwrap_or_default(),
                crate::domain::requests::RequestStatus::parse(&status).map(|s| lang.request_status(s).to_string()).unwrap_or(status),
                submitted.to_string(),
                text(accepted),
                text(done),
                text(due),
                if due.is_some_and(|d| d < today) { lang.t(Msg::Yes).to_string() } else { String::new() },
            ]
        });
        let name = format!("{}-{today}.csv", lang.t(Msg::RequestsTitle));
        Ok(csv_response(&name, &format!("requests-{today}.csv"), csv_text(&header, rows)))
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}

/// The panel on the dashboard.
#[component]
pub fn RequestStatsPanel() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let stats = Resource::new(|| (), |_| request_stats());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                stats.await.ok().map(|s| view! {
                    <section aria-labelledby="requests-h" data-testid="request-stats">
                        <h2 id="requests-h">{t(Msg::RequestsTitle)}</h2>
                        <p><a class="button secondary" href="/requests/export.csv" rel="external" download="" data-testid="requests-csv">{t(Msg::ExportCsv)}</a></p>
                        <p>{t(Msg::MedianToAccept)} ": " <strong>{format!("{:.1}", s.median_to_accept)}</strong>
                            " · " {t(Msg::MedianToFinish)} ": " <strong>{format!("{:.1}", s.median_to_finish)}</strong></p>
                        <div class="charts">
                            <crate::dashboard::views::BarChart title=t(Msg::RequestsByType).to_string() testid="chart-requests"
                                rows=s.by_type_and_unit.iter().map(|(ty, unit, n)| (label(lang, *ty, unit), *n as f64)).collect()/>
                            <crate::dashboard::views::BarChart title=t(Msg::RequestsOverdueByUnit).to_string() testid="chart-requests-overdue"
                                rows=s.overdue_by_unit.iter().map(|(unit, n)| (unit.clone(), *n as f64)).collect()/>
                        </div>
                    </section>
                })
            })}
        </Suspense>
    }
}

fn label(lang: Lang, ty: RequestType, unit: &str) -> String {
    let kind = lang.request_type(ty);
    let short = kind.split(['（', ' ', '(']).next().unwrap_or(kind);
    if unit.is_empty() { short.to_string() } else { format!("{short} · {unit}") }
}
