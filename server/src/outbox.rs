//! The e-mail worker: delivers the rows `workflow::outbox::queue_emails` put in `email_outbox`
//! (SYSTEM.md, "Notifications": e-mail where configured).
//!
//! - A batch of due rows is taken in one transaction with `FOR UPDATE SKIP LOCKED`: two workers (two
//!   server processes) never take the same row, and neither waits for the other.
//! - Each row is sent, then marked sent, or given another try later (`attempts`, `last_error`,
//!   `next_attempt_at` with a growing pause), or given up (`failed_at`) after `MAX_ATTEMPTS` or when
//!   the mail cannot be made (a malformed address). When the server cannot be reached at all, the
//!   rest of the batch is left for the next pass. The transaction commits after the batch.
//! - A crash between sending and committing sends the mail again on the next pass: it carries the
//!   same Message-ID (`<outbox-{id}.{event_id}@{domain of the sender}>`), so it is recognisable as
//!   the same mail.
//! - Only mails of the last `MAX_AGE_DAYS` go out: rows older than that (e-mail was off, or the server
//!   was down all week) are given up rather than sent late.
//!
//! A mail says which case (its reference), its new state in words and where to sign in: Chinese
//! first, then English. Never the ID number, an opinion or an official's name.
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;

use app::domain::{reference, Status};
use app::i18n::{Lang, Msg};

use crate::config;

/// Tries before a mail is given up (the pauses between them add up to about half a day).
pub const MAX_ATTEMPTS: i32 = 8;
/// Mails older than this are not sent.
pub const MAX_AGE_DAYS: i32 = 7;
/// Rows taken per pass.
pub const BATCH: i64 = 20;

/// The SMTP transport and what every mail shares.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    base_url: String,
    /// The server's secret: a claim's mail carries its code, derived again here (the row holds none).
    secret: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("mail.smtp_url is not valid: {0}")]
    SmtpUrl(lettre::transport::smtp::Error),
    #[error("mail.from is not a valid address: {0}")]
    From(lettre::address::AddressError),
}

impl Mailer {
    pub fn new(config: &config::Mail, secret: [u8; 32]) -> Result<Mailer, MailConfigError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(config.smtp_url.trim())
            .map_err(MailConfigError::SmtpUrl)?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = config.from.trim().parse().map_err(MailConfigError::From)?;
        Ok(Mailer { transport, from, base_url: config.base_url.trim().trim_end_matches('/').to_string(), secret })
    }

    /// The mail for one outbox row.
    fn message(&self, row: &Due) -> Result<Message, String> {
        let to: Mailbox = row.to_address.parse().map_err(|e| format!("address refused: {e}"))?;
        let case = reference(row.year, row.application_id);
        let (subject, text) = match (&row.to_status, &row.claim_salt) {
            _ if row.request_id.is_some() => {
                let (id, ty, status) = (row.request_id.unwrap_or_default(), row.request_type.as_deref().unwrap_or_default(), row.request_status.as_deref().unwrap_or_default());
                let ty = app::domain::requests::RequestType::parse(ty).ok_or_else(|| format!("unknown request type {ty}"))?;
                let status = app::domain::requests::RequestStatus::parse(status).ok_or_else(|| format!("unknown request state {status}"))?;
                request_content(id, ty, status, &format!("{}/requests/{id}", self.base_url))
            }
            _ if row.card_last_day.is_some() => {
                ending_content(&case, row.card_last_day.as_deref().unwrap_or_default(), &format!("{}/my-card", self.base_url))
            }
            (Some(to_status), _) => {
                let status = Status::from_key(to_status).ok_or_else(|| format!("unknown state {to_status}"))?;
                content(&case, status, &format!("{}/applications/{}", self.base_url, row.application_id))
            }
            (None, Some(salt)) => {
                let code = app::claims::grouped(&app::claims::derive_code(&self.secret, salt));
                claim_content(&case, &code, &format!("{}/claim", self.base_url))
            }
            (None, None) => return Err("an outbox row with neither event nor claim".into()),
        };
        let reason = match (row.event_id, &row.card_last_day) {
            _ if row.request_id.is_some() => format!("request{}", row.request_event_id.unwrap_or_default()),
            (Some(e), _) => e.to_string(),
            (None, Some(_)) => "reminder".to_string(),
            (None, None) => "claim".to_string(),
        };
        let message_id = format!("<outbox-{}.{reason}@{}>", row.id, self.from.email.domain());
        // base64: plain ASCII on the wire, so any server takes it (no 8BITMIME needed).
        let body = Body::new_with_encoding(text, ContentTransferEncoding::Base64).map_err(|_| "body".to_string())?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(message_id))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())
    }
}

/// Subject and body: Chinese, then English. The state names are the site's own (`Lang::status`).
pub fn content(reference: &str, status: Status, link: &str) -> (String, String) {
    let subject = format!(
        "{}：{reference} {} / {}: {reference} {}",
        Msg::SiteName.zh(),
        Lang::Zh.status(status),
        Msg::SiteName.en(),
        Lang::En.status(status)
    );
    let body = format!(
        "{site_zh}\n\n{changed_zh}{status_zh}\n{ref_zh}：{reference}\n{sign_in_zh}：{link}\n\n{no_reply_zh}\n\n\
         ----------------------------------------\n\n\
         {site_en}\n\n{changed_en}{status_en}\n{ref_en}: {reference}\n{sign_in_en}: {link}\n\n{no_reply_en}\n",
        sign_in_zh = Msg::MailSignIn.zh(),
        sign_in_en = Msg::MailSignIn.en(),
        no_reply_zh = Msg::MailNoReply.zh(),
        no_reply_en = Msg::MailNoReply.en(),
        site_zh = Msg::SiteName.zh(),
        changed_zh = Msg::MsgStatusChanged.zh(),
        status_zh = Lang::Zh.status(status),
        ref_zh = Msg::SubmittedRef.zh(),
        site_en = Msg::SiteName.en(),
        changed_en = Msg::MsgStatusChanged.en(),
        status_en = Lang::En.status(status),
        ref_en = Msg::SubmittedRef.en(),
    );
    (subject, body)
}

/// The mail with a claim code (claims): Chinese, then English. The code and where to use it; never
/// the ID number it goes with.
pub fn claim_content(reference: &str, code: &str, link: &str) -> (String, String) {
    let subject = format!(
        "{}：{reference} {} / {}: {reference} {}",
        Msg::SiteName.zh(),
        Msg::MailClaimSubject.zh(),
        Msg::SiteName.en(),
        Msg::MailClaimSubject.en()
    );
    let body = format!(
        "{site_zh}\n\n{body_zh}\n\n{code_zh}：{code}\n{ref_zh}：{reference}\n{link}\n\n{no_reply_zh}\n\n\
         ----------------------------------------\n\n\
         {site_en}\n\n{body_en}\n\n{code_en}: {code}\n{ref_en}: {reference}\n{link}\n\n{no_reply_en}\n",
        site_zh = Msg::SiteName.zh(),
        body_zh = Msg::MailClaimBody.zh(),
        code_zh = Msg::ClaimCodeLabel.zh(),
        ref_zh = Msg::SubmittedRef.zh(),
        no_reply_zh = Msg::MailNoReply.zh(),
        site_en = Msg::SiteName.en(),
        body_en = Msg::MailClaimBody.en(),
        code_en = Msg::ClaimCodeLabel.en(),
        ref_en = Msg::SubmittedRef.en(),
        no_reply_en = Msg::MailNoReply.en(),
    );
    (subject, body)
}

/// The mail telling the holder a unit acted on a request (issue 19): Chinese, then English. The
/// request's kind and number, its new state, where to read the rest; never the unit's note.
pub fn request_content(id: i64, ty: app::domain::requests::RequestType, status: app::domain::requests::RequestStatus, link: &str) -> (String, String) {
    let subject = format!(
        "{}：{} #{id} {} / {}: {} #{id} {}",
        Msg::SiteName.zh(),
        Lang::Zh.request_type(ty),
        Lang::Zh.request_status(status),
        Msg::SiteName.en(),
        Lang::En.request_type(ty),
        Lang::En.request_status(status)
    );
    let body = format!(
        "{site_zh}\n\n{what_zh} #{id}\n{changed_zh}{status_zh}\n{sign_in_zh}：{link}\n\n{no_reply_zh}\n\n\
         ----------------------------------------\n\n\
         {site_en}\n\n{what_en} #{id}\n{changed_en}{status_en}\n{sign_in_en}: {link}\n\n{no_reply_en}\n",
        site_zh = Msg::SiteName.zh(),
        what_zh = Lang::Zh.request_type(ty),
        changed_zh = Msg::MsgRequestChanged.zh(),
        status_zh = Lang::Zh.request_status(status),
        sign_in_zh = Msg::MailSignIn.zh(),
        no_reply_zh = Msg::MailNoReply.zh(),
        site_en = Msg::SiteName.en(),
        what_en = Lang::En.request_type(ty),
        changed_en = Msg::MsgRequestChanged.en(),
        status_en = Lang::En.request_status(status),
        sign_in_en = Msg::MailSignIn.en(),
        no_reply_en = Msg::MailNoReply.en(),
    );
    (subject, body)
}

/// The mail telling the holder the card's period ends (RULES.md Art. 6): Chinese, then English.
pub fn ending_content(reference: &str, last_day: &str, link: &str) -> (String, String) {
    let subject = format!("{}：{} / {}: {}", Msg::SiteName.zh(), Msg::MailCardEndingSubject.zh(), Msg::SiteName.en(), Msg::MailCardEndingSubject.en());
    let body = format!(
        "{site_zh}\n\n{body_zh}\n\n{day_zh}：{last_day}\n{ref_zh}：{reference}\n{link}\n\n{no_reply_zh}\n\n\
         ----------------------------------------\n\n\
         {site_en}\n\n{body_en}\n\n{day_en}: {last_day}\n{ref_en}: {reference}\n{link}\n\n{no_reply_en}\n",
        site_zh = Msg::SiteName.zh(),
        body_zh = Msg::MailCardEndingBody.zh(),
        day_zh = Msg::MailLastDay.zh(),
        ref_zh = Msg::SubmittedRef.zh(),
        no_reply_zh = Msg::MailNoReply.zh(),
        site_en = Msg::SiteName.en(),
        body_en = Msg::MailCardEndingBody.en(),
        day_en = Msg::MailLastDay.en(),
        ref_en = Msg::SubmittedRef.en(),
        no_reply_en = Msg::MailNoReply.en(),
    );
    (subject, body)
}

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    /// A state change's mail …
    event_id: Option<i64>,
    to_status: Option<String>,
    /// … or a claim code's …
    claim_salt: Option<Vec<u8>>,
    /// … or the card's end drawing near (`jobs`): its last valid day …
    card_last_day: Option<String>,
    /// … or a unit's step on a request: the request, its kind and new state.
    request_event_id: Option<i64>,
    request_id: Option<i64>,
    request_type: Option<String>,
    request_status: Option<String>,
    application_id: i64,
    to_address: String,
    attempts: i32,
    year: i32,
}

/// Why a row was not sent.
struct Failure {
    text: String,
    /// The mail cannot be made (a malformed address): no retry.
    permanent: bool,
    /// The server could not be reached (no SMTP reply at all): the rest of the batch waits.
    unreachable: bool,
}

/// The pause before try `attempts + 1`: 1 min, 3, 9, 27, 81, 243, then 6 h.
fn backoff(attempts: i32) -> Duration {
    let minutes = 3u64.saturating_pow(attempts.saturating_sub(1).clamp(0, 10) as u32);
    Duration::from_secs(60 * minutes.min(360))
}

/// Delivers up to `batch` due mails; returns how many were sent. Safe to run in several places at
/// once. Errors are the database's; a mail that fails is recorded on its row, not returned.
pub async fn deliver_due(db: &PgPool, mailer: &Mailer, batch: i64) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Give up what is too old to be worth sending (skipping rows another worker holds).
    sqlx::query(
        "UPDATE email_outbox SET failed_at = now(), last_error = 'not sent within ' || $1 || ' days'
          WHERE id IN (SELECT id FROM email_outbox
                        WHERE sent_at IS NULL AND failed_at IS NULL AND created_at < now() - make_interval(days => $1)
                        FOR UPDATE SKIP LOCKED)",
    )
    .bind(MAX_AGE_DAYS)
    .execute(&mut *tx)
    .await?;
    // `OF o`: lock the outbox rows only, never the case (a reviewer may act on it meanwhile).
    let due: Vec<Due> = sqlx::query_as(
        "SELECT o.id, o.event_id, o.application_id, o.to_address, o.attempts, e.to_status, c.salt AS claim_salt,
                m.due_on::text AS card_last_day, s.year, o.request_event_id, re.request_id, sr.request_type, re.to_status AS request_status
           FROM email_outbox o
           LEFT JOIN application_events e ON e.id = o.event_id
           LEFT JOIN case_claims c ON c.id = o.claim_id
           LEFT JOIN reminders m ON m.id = o.reminder_id
           LEFT JOIN request_events re ON re.id = o.request_event_id
           LEFT JOIN service_requests sr ON sr.id = re.request_id
           JOIN application_summaries s ON s.id = o.application_id
          WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= now()
            -- a claim's code only while it can be used (not replaced, used or expired)
            AND (o.claim_id IS NULL OR (c.claimed_by IS NULL AND c.expires_at > now()))
            AND o.created_at >= now() - make_interval(days => $2)
          ORDER BY o.id LIMIT $1
          FOR UPDATE OF o SKIP LOCKED",
    )
    .bind(batch)
    .bind(MAX_AGE_DAYS)
    .fetch_all(&mut *tx)
    .await?;
    let mut sent = 0;
    for row in &due {
        let outcome = match mailer.message(row) {
            // Even a 5xx reply is tried again: it may be the server's setup (a wrong password) rather
            // than this mail, and MAX_ATTEMPTS bounds the cost.
            Ok(message) => mailer.transport.send(message).await.map(|_| ()).map_err(|e| Failure {
                text: e.to_string(),
                permanent: false,
                unreachable: !(e.is_permanent() || e.is_transient() || e.is_response() || e.is_client()),
            }),
            Err(text) => Err(Failure { text, permanent: true, unreachable: false }),
        };
        match outcome {
            Ok(()) => {
                sqlx::query("UPDATE email_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1")
                    .bind(row.id)
                    .execute(&mut *tx)
                    .await?;
                sent += 1;
                tracing::info!(outbox.id = row.id, application.id = row.application_id, "e-mail sent");
            }
            Err(failure) => {
                let attempts = row.attempts + 1;
                let give_up = failure.permanent || attempts >= MAX_ATTEMPTS;
                // The server's reply may quote the address: it goes to the row, not to the log.
                let text: String = failure.text.chars().take(1000).collect();
                sqlx::query(
                    "UPDATE email_outbox SET attempts = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4),
                            failed_at = CASE WHEN $5 THEN now() END
                      WHERE id = $1",
                )
                .bind(row.id)
                .bind(attempts)
                .bind(text)
                .bind(backoff(attempts).as_secs_f64())
                .bind(give_up)
                .execute(&mut *tx)
                .await?;
                if give_up {
                    tracing::error!(outbox.id = row.id, application.id = row.application_id, attempts, "e-mail given up");
                } else {
                    tracing::warn!(outbox.id = row.id, application.id = row.application_id, attempts, unreachable = failure.unreachable, "e-mail not sent, will retry");
                }
                if failure.unreachable {
                    // The rest of the batch would only wait for the same dead server.
                    break;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(sent)
}

/// Runs the worker for the life of the server: a pass, then a pause (none after a full batch).
pub fn spawn(db: PgPool, mailer: Mailer) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let pause = match deliver_due(&db, &mailer, BATCH).await {
                Ok(n) if n as i64 >= BATCH => Duration::from_millis(100),
                Ok(_) => Duration::from_secs(5),
                Err(e) => {
                    tracing::error!(error = %e, "e-mail outbox: database error");
                    Duration::from_secs(30)
                }
            };
            tokio::time::sleep(pause).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_grows_then_stops_at_six_hours() {
        let minutes: Vec<u64> = (1..=MAX_ATTEMPTS).map(|a| backoff(a).as_secs() / 60).collect();
        assert_eq!(minutes, [1, 3, 9, 27, 81, 243, 360, 360]);
    }

    #[test]
    fn the_mail_is_chinese_first_then_english_and_names_only_the_case() {
        let (subject, body) = content("YJ-2026-000042", Status::FirstReview, "https://yunju.example/applications/42");
        assert_eq!(subject, "云聚英才卡：YJ-2026-000042 初审中 / Yunju Talent Card: YJ-2026-000042 First review");
        let (zh, en) = (body.find("初审中").unwrap(), body.find("First review").unwrap());
        assert!(zh < en);
        assert_eq!(body.matches("YJ-2026-000042").count(), 2);
        assert_eq!(body.matches("https://yunju.example/applications/42").count(), 2);
    }
}
