//! The log the live layer tails (server only): `application_events`, whose ids come in commit order
//! because every transition takes its turn before it writes its events.
use sqlx::{PgConnection, PgPool};

use super::LiveChange;
use crate::error::AppError;
use crate::workflow::db::CaseScope;

/// The channel every instance listens on; the payload is empty (a listener reads the log).
pub const CHANNEL: &str = "yunju_changes";
/// The advisory lock of `take_turn` ("yunju", then 1).
const TURN: i64 = 0x7975_6e6a_7500_0001;

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
