//! The log the live layer tails (server only): `application_events`, whose ids come in commit order
//! because every transition takes its turn before it writes its events.
use sqlx::{PgConnection, PgPool};

use super::LiveChange;
use crate::error::AppError;
use crate::workflow::db::CaseScope;

/// The channel every instance listens on; the payload is empty (a listener reads the log).
pub const CHANNEL: &str = "yunju_changes";
/// The advisory lock of `take_turn` ("yunju", then 1).
pub const TURN: i64 = 0x7975_6e6a_7500_0001;

/// Called by `workflow::db::transition_many` just before it writes its event rows, in its
/// transaction: waits for any other transition that wrote events to commit, so event ids are
/// taken in commit order — a reader who has seen event N has seen every event before it, and a
/// browser resuming after N misses nothing. Also wakes the listening instances at commit (a
/// NOTIFY is only sent if the transaction commits). Transitions are tens a second at most; each
/// holds the turn from here to its commit (a few statements).
pub async fn take_turn(tx: &mut PgConnection) -> Result<(), AppError> {
    sqlx::query("SELECT pg_advisory_xact_lock($1), pg_notify($2, '')").bind(TURN).bind(CHANNEL).execute(tx).await?;
    Ok(())
}

/// A change with the case's scope now, to decide who may hear of it (without the ID number and
/// credit code, which the rule does not need: nothing personal is kept in the broadcast).
#[derive(sqlx::FromRow, Debug)]
pub struct Change {
    /// The event's id: its position in the log.
    pub position: i64,
    pub to_status: String,
    #[sqlx(flatten)]
    pub scope: CaseScope,
}

impl Change {
    pub fn wire(&self) -> LiveChange {
        LiveChange { case: self.scope.id, status: self.to_status.clone(), version: self.scope.version }
    }
}

/// The changes after `after`, oldest first, at most `limit`.
pub async fn changes_after(db: &PgPool, after: i64, limit: i64) -> Result<Vec<Change>, AppError> {
    Ok(sqlx::query_as(
        "SELECT e.id AS position, e.to_status,
                a.id, a.status::text AS status, a.returned_from::text AS returned_from, a.version, a.applicant_id, a.filed_by,
                NULL AS credit_code, NULL AS id_number, a.department_code, a.talent_category, a.submitted_at IS NOT NULL AS submitted,
                (SELECT u.unit_credit_code FROM users u WHERE u.id = a.filed_by) AS filer_unit
           FROM application_events e JOIN applications a ON a.id = e.application_id
          WHERE e.id > $1 ORDER BY e.id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// The position of the last change: a page rendered now has seen everything up to it.
pub async fn position(db: &PgPool) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM application_events").fetch_one(db).await?)
}

/// Another official of the viewer's body with the case open: since when (China time, "HH:MM"),
/// and the body's name (the department's, for an industry department).
#[derive(sqlx::FromRow, Debug, Clone, PartialEq, Eq)]
pub struct Present {
    pub since: String,
    pub department_zh: Option<String>,
    pub department_en: Option<String>,
}

/// Says that `user` has `case` open now (a page silent for a minute is closed, and opening it
/// again starts afresh) and reads who else of the same body — same role, same department — has it
/// open, longest first. One statement. (Rows silent for ten minutes are cleared with the old
/// rate-limit windows: `limits::forget_old`.)
pub async fn present(db: &PgPool, case: i64, user: i64) -> Result<Vec<Present>, AppError> {
    Ok(sqlx::query_as(
        "WITH mine AS (
           INSERT INTO case_presence AS p (application_id, user_id) VALUES ($1, $2)
           ON CONFLICT (application_id, user_id) DO UPDATE
              SET opened_at = CASE WHEN p.seen_at < now() - interval '1 minute' THEN now() ELSE p.opened_at END,
                  seen_at = now()
         ), me AS (SELECT role, department_code FROM users WHERE id = $2)
         SELECT to_char(p.opened_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') AS since,
                d.name_zh AS department_zh, d.name_en AS department_en
           FROM case_presence p JOIN users u ON u.id = p.user_id CROSS JOIN me
           LEFT JOIN departments d ON d.code = u.department_code
          WHERE p.application_id = $1 AND p.user_id <> $2 AND p.seen_at > now() - interval '1 minute'
            AND u.role = me.role AND u.department_code IS NOT DISTINCT FROM me.department_code
          ORDER BY p.opened_at, p.user_id",
    )
    .bind(case)
    .bind(user)
    .fetch_all(db)
    .await?)
}

/// `user` closed `case`'s page.
pub async fn leave(db: &PgPool, case: i64, user: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM case_presence WHERE application_id = $1 AND user_id = $2").bind(case).bind(user).execute(db).await?;
    Ok(())
}
