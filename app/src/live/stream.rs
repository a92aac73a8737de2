//! The instance's tail of the change log, and each open page's stream of it (server only).
//!
//! One task per instance (`Live`, started by the first stream) reads the log when PostgreSQL wakes
//! it (`db::CHANNEL`), when its listening connection comes back, or every 30 s, and
//! broadcasts each batch. Each stream keeps what its user may see. A browser that reconnects sends
//! the last position it got (`Last-Event-ID`, which `EventSource` sends by itself) and is replayed
//! what came after, from the log: nothing lost, nothing twice, on whichever instance it lands.
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sqlx::postgres::{PgListener, PgPoolOptions};
use sqlx::PgPool;
use tokio::sync::{broadcast, watch};

use super::db::{self, Change};
use crate::auth::session::user_from_headers;
use crate::auth::CurrentUser;
use crate::context::Settings;
use crate::domain::Role;
use crate::error::AppError;

/// Changes read from the log at a time.
const BATCH: i64 = 500;
/// A browser away for longer than this many changes is told to reload (`reset`) rather than
/// replayed one by one.
const REPLAY_MAX: usize = 5_000;
/// A stream ends after this long; the browser reconnects at once (`EventSource` does) and is signed
/// in again by its cookie — so a session that ended or an account that changed stops hearing.
/// (Each user's a little longer than the last, so that the streams of one moment do not all come
/// back at the same moment.)
const STREAM_FOR: Duration = Duration::from_secs(10 * 60);
/// Changes of cases the reader may not see only move their position on, at most this often: the
/// moments of others' work are not theirs to follow (a reconnect then replays a little more).
const BARE_EVERY: Duration = Duration::from_secs(30);

/// This instance's tail of the log (cheap to clone; one per process, in the server's state).
#[derive(Clone)]
pub struct Live(Arc<Inner>);

struct Inner {
    pool: PgPool,
    sender: broadcast::Sender<Arc<Vec<Change>>>,
    /// The last position read and broadcast; -1 until the tail has started.
    position: watch::Sender<i64>,
    tailing: OnceLock<()>,
}

impl Live {
    pub fn new(pool: PgPool) -> Self {
        let (sender, _) = broadcast::channel(1024);
        Live(Arc::new(Inner { pool, sender, position: watch::Sender::new(-1), tailing: OnceLock::new() }))
    }

    /// Every batch from now on, and the position up to which the log was read before it (a stream
    /// replays up to there from the log). The first call starts the tail.
    async fn subscribe(&self) -> (broadcast::Receiver<Arc<Vec<Change>>>, i64) {
        let receiver = self.0.sender.subscribe();
        self.0.tailing.get_or_init(|| {
            tokio::spawn(tail(self.0.clone()));
        });
        let mut position = self.0.position.subscribe();
        let now = *position.wait_for(|p| *p >= 0).await.expect("the tail holds its sender");
        (receiver, now)
    }

    /// The last position read and broadcast.
    fn position(&self) -> i64 {
        *self.0.position.borrow()
    }

    /// Streams open on this instance now.
    pub fn streams(&self) -> usize {
        self.0.sender.receiver_count()
    }
}

async fn tail(live: Arc<Inner>) {
    let mut at = loop {
        match db::position(&live.pool).await {
            Ok(p) => break p,
            Err(e) => {
                tracing::warn!(error = ?e, "live: cannot read the log's position; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    live.position.send_replace(at);
    let mut listener: Option<PgListener> = None;
    loop {
        if listener.is_none() {
            listener = listen(&live.pool).await.map_err(|e| tracing::warn!(error = ?e, "live: cannot listen; reading every 5 s")).ok();
        }
        match listener.as_mut() {
            Some(l) => match tokio::time::timeout(Duration::from_secs(30), l.try_recv()).await {
                // Woken, timed out, or reconnected (None: read what the gap may hold).
                Ok(Ok(_)) | Err(_) => while l.next_buffered().is_some() {},
                Ok(Err(e)) => {
                    tracing::warn!(error = ?e, "live: the listening connection failed");
                    listener = None;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            },
            None => tokio::time::sleep(Duration::from_secs(5)).await,
        }
        loop {
            match db::changes_after(&live.pool, at, BATCH).await {
                Ok(batch) if batch.is_empty() => break,
                Ok(batch) => {
                    let full = batch.len() as i64 == BATCH;
                    at = batch.last().map_or(at, |c| c.position);
                    // Position first, then the batch: a stream that starts in between replays it
                    // from the log and skips it here; none can miss it.
                    live.position.send_replace(at);
                    let _ = live.sender.send(Arc::new(batch));
                    if !full {
                        break;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = ?e, "live: cannot read the log");
                    break;
                }
            }
        }
    }
}

/// A connection of its own (not one of the pool's), listening on `db::CHANNEL`.
async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let own = PgPoolOptions::new().max_connections(1).connect_lazy_with((*pool.connect_options()).clone());
    let mut listener = PgListener::connect_with(&own).await?;
    listener.listen(db::CHANNEL).await?;
    Ok(listener)
}

#[derive(Deserialize)]
pub struct Resume {
    /// The position the page was rendered at (a reconnecting browser sends `Last-Event-ID`).
    pub after: Option<i64>,
}

/// `GET /live/changes`: the changes of the cases the signed-in user may see, as server-sent
/// events: `change` (`LiveChange` as JSON, the id being its position), `reset` (too much was
/// missed: reload), and bare ids that move the position past changes of other cases.
pub async fn changes(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    State(live): State<Live>,
    Query(resume): Query<Resume>,
    headers: HeaderMap,
) -> Response {
    let user = match user_from_headers(&db, &settings, &headers).await {
        Ok(user) => user,
        Err(e) => return e.into_plain_response(),
    };
    // The bank, providers and the administrator see no cases.
    if matches!(user.role, Role::Bank | Role::Provider | Role::Admin) {
        return AppError::NotFound.into_plain_response();
    }
    // Each stream costs a connection and, when it resumes, reading the log: a few a minute is what
    // a person's tabs and reconnects make.
    if let Err(e) = crate::limits::hit(&db, crate::limits::LIVE_STREAMS_PER_ACCOUNT, &user.id.to_string()).await {
        return e.into_plain_response();
    }
    let last_seen = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<i64>().ok());
    let (receiver, now) = live.subscribe().await;
    let mut pending = VecDeque::new();
    let mut sent = now;
    if let Some(after) = last_seen.or(resume.after).filter(|a| *a >= 0) {
        match replay(&db, &user, after, now).await {
            Ok(Some(events)) => pending.extend(events),
            Ok(None) => pending.push_back(reset(now)),
            Err(e) => return e.into_plain_response(),
        }
        sent = sent.max(after);
    }
    let until = tokio::time::Instant::now() + STREAM_FOR + Duration::from_secs(user.id.unsigned_abs() % 120);
    let state = Stream { receiver, user, sent, pending, live: live.clone(), bare_at: far_back() };
    let stream = futures_util::stream::unfold(state, move |mut s| async move {
        loop {
            if let Some(event) = s.pending.pop_front() {
                return Some((Ok::<_, Infallible>(event), s));
            }
            let Ok(received) = tokio::time::timeout_at(until, s.receiver.recv()).await else { return None };
            match received {
                Ok(batch) => {
                    let (events, past) = events_for(&s.user, &batch, s.sent);
                    s.pending.extend(events);
                    if let Some(position) = past.filter(|_| s.bare_at.elapsed() >= BARE_EVERY) {
                        s.pending.push_back(bare(position));
                        s.bare_at = tokio::time::Instant::now();
                    }
                    s.sent = s.sent.max(batch.last().map_or(s.sent, |c| c.position));
                }
                // This stream fell behind the broadcast: the page reloads what it shows.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let now = s.live.position();
                    s.pending.push_back(reset(now));
                    s.sent = now;
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let mut response = Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    // A proxy in front must pass each event on as it comes (nginx buffers otherwise).
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

struct Stream {
    receiver: broadcast::Receiver<Arc<Vec<Change>>>,
    user: CurrentUser,
    sent: i64,
    pending: VecDeque<Event>,
    live: Live,
    /// When the last bare id went out (`BARE_EVERY`).
    bare_at: tokio::time::Instant,
}

/// The changes in (`after`, `until`] that `user` may see, from the log; None when more than
/// `REPLAY_MAX` changes came in between.
async fn replay(db: &PgPool, user: &CurrentUser, after: i64, until: i64) -> Result<Option<Vec<Event>>, AppError> {
    // Ids have gaps (a transaction rolled back), never more changes than ids: past this many ids,
    // no need to read to know.
    if until - after > REPLAY_MAX as i64 {
        return Ok(None);
    }
    let mut events = vec![];
    let (mut at, mut read, mut past) = (after, 0, None);
    while at < until {
        let batch: Vec<Change> = db::changes_after(db, at, BATCH).await?.into_iter().take_while(|c| c.position <= until).collect();
        let Some(last) = batch.last().map(|c| c.position) else { break };
        read += batch.len();
        if read > REPLAY_MAX {
            return Ok(None);
        }
        let (visible, beyond) = events_for(user, &batch, at);
        events.extend(visible);
        // Only the last batch's matters: a later change, seen or not, is past any earlier one.
        past = beyond;
        at = last;
    }
    events.extend(past.map(bare));
    Ok(Some(events))
}

/// The events of `batch` after position `sent` for `user`, one per change of a case they may see;
/// and the batch's last position when changes they may not see came after those (a `bare` id
/// moves a browser past them, so that a reconnect resumes from there).
fn events_for(user: &CurrentUser, batch: &[Change], sent: i64) -> (Vec<Event>, Option<i64>) {
    let mut events = vec![];
    let mut last_visible = sent;
    for change in batch.iter().filter(|c| c.position > sent) {
        if change.scope.visible_to(user) {
            let data = serde_json::to_string(&change.wire()).unwrap_or_default();
            events.push(Event::default().id(change.position.to_string()).event("change").data(data));
            last_visible = change.position;
        }
    }
    (events, batch.last().map(|c| c.position).filter(|p| *p > last_visible))
}

/// A bare id: the position moves on, nothing is dispatched in the browser.
fn bare(position: i64) -> Event {
    Event::default().id(position.to_string())
}

/// An instant long enough ago that the first bare id may go out at once.
fn far_back() -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_sub(BARE_EVERY).unwrap_or(now)
}

/// Too much was missed: the page shows itself again. (An event with no data line is dropped by
/// the browser, so it says what it is.)
fn reset(position: i64) -> Event {
    Event::default().id(position.to_string()).event("reset").data("reset")
}
