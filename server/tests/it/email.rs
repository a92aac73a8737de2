//! E-mail notifications through the PostgreSQL outbox (issue 4, item 7; SYSTEM.md "Notifications").
//! The worker talks to a real, minimal SMTP server on a local socket, started by each test.
use crate::common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use sqlx::PgPool;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use common::{resident_id, TestApp};
use server::config;
use server::outbox::{deliver_due, Mailer, MAX_ATTEMPTS};

/// The contact e-mail `fill_draft` puts in the personal section.
const CONTACT: &str = "zhang@example.cn";

/// One mail as the SMTP server received it.
#[derive(Clone, Debug)]
struct Received {
    rcpt: Vec<String>,
    headers: String,
    /// The decoded text of the body.
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.headers.split("\r\n").find(|l| l.to_ascii_lowercase().starts_with(&prefix)).map(|l| l[prefix.len()..].trim().to_string())
    }
}

type Inbox = Arc<Mutex<Vec<Received>>>;

/// Enough of RFC 5321 for one client: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
struct SmtpServer {
    port: u16,
    received: Inbox,
    task: tokio::task::JoinHandle<()>,
}

/// Holds the reply to the first mail's DATA until released, and says when it got there.
struct Hold {
    reached: oneshot::Sender<()>,
    release: oneshot::Receiver<()>,
}

impl SmtpServer {
    async fn start() -> SmtpServer {
        SmtpServer::start_on(0, None).await
    }

    async fn start_on(port: u16, hold: Option<Hold>) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received: Inbox = Arc::default();
        let inbox = received.clone();
        let hold = Arc::new(Mutex::new(hold));
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else { return };
                let (inbox, hold) = (inbox.clone(), hold.clone());
                tokio::spawn(async move {
                    let _ = session(socket, inbox, hold).await;
                });
            }
        });
        SmtpServer { port, received, task }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn mails(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(socket: tokio::net::TcpStream, inbox: Inbox, hold: Arc<Mutex<Option<Hold>>>) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 test.local ESMTP\r\n").await?;
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 test.local\r\n",
            "MAIL" => {
                rcpt.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                let to = line.trim_end().split_once(':').map(|(_, a)| a.trim().trim_matches(['<', '>']).to_string()).unwrap_or_default();
                // A mailbox that does not exist: a permanent refusal, as a real server gives it.
                if to.starts_with("nobody@") {
                    b"550 5.1.1 no such mailbox\r\n"
                } else {
                    rcpt.push(to);
                    b"250 OK\r\n"
                }
            }
            "DATA" => {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    // Undo dot-stuffing (RFC 5321 4.5.2).
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                let held = hold.lock().unwrap().take();
                if let Some(Hold { reached, release }) = held {
                    let _ = reached.send(());
                    let _ = release.await;
                }
                inbox.lock().unwrap().push(parse(std::mem::take(&mut rcpt), &data));
                b"250 queued\r\n"
            }
            "RSET" | "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// Splits headers from the body and decodes the body (the worker sends it as base64).
fn parse(rcpt: Vec<String>, data: &str) -> Received {
    let (headers, body) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let mut mail = Received { rcpt, headers: headers.to_string(), body: String::new() };
    mail.body = match mail.header("Content-Transfer-Encoding").as_deref() {
        Some(cte) if cte.eq_ignore_ascii_case("base64") => {
            let packed: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            String::from_utf8(base64::engine::general_purpose::STANDARD.decode(packed).unwrap()).unwrap()
        }
        _ => body.to_string(),
    };
    mail
}

fn mailer(url: &str) -> Mailer {
    Mailer::new(&config::Mail {
        smtp_url: url.to_string(),
        from: "云聚英才卡 <noreply@yunju.test>".to_string(),
        base_url: "https://yunju.example/".to_string(),
    }, [0; 32])
    .unwrap()
}

/// A port nothing listens on.
async fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port()
}

#[derive(sqlx::FromRow, Debug)]
struct OutboxRow {
    id: i64,
    event_id: i64,
    to_address: String,
    attempts: i32,
    sent: bool,
    failed: bool,
    last_error: Option<String>,
    due: bool,
}

async fn outbox(pool: &PgPool) -> Vec<OutboxRow> {
    sqlx::query_as(
        "SELECT id, event_id, to_address, attempts, sent_at IS NOT NULL AS sent, failed_at IS NOT NULL AS failed, last_error,
                next_attempt_at <= now() AS due
           FROM email_outbox ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// A submitted case, then returned for correction by the handling department: two changes.
async fn submitted_and_returned(app: &TestApp, user: &str) -> (i64, String) {
    let mut applicant = app.as_new_applicant(user).await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    app.as_user("handling").await.return_case(id, app.version_of(id).await, "employer", "请补充营业执照").await.unwrap();
    let reference = applicant.call("case", &[("id", &id.to_string())]).await.unwrap()["reference"].as_str().unwrap().to_string();
    (id, reference)
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn each_change_is_mailed_to_the_contact_address_once(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let (id, reference) = submitted_and_returned(&app, "mail.once").await;
    // Queued with the changes, nothing sent yet: one row per change, to the contact e-mail.
    let queued = outbox(&pool).await;
    assert_eq!(queued.len(), 2, "{queued:?}");
    assert!(queued.iter().all(|r| r.to_address == CONTACT && !r.sent && r.attempts == 0));

    let smtp = SmtpServer::start().await;
    let mailer = mailer(&smtp.url());
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 2);
    let mails = smtp.mails();
    assert_eq!(mails.len(), 2);
    for (mail, state) in mails.iter().zip(["预审中", "退回修改"]) {
        assert_eq!(mail.rcpt, [CONTACT]);
        assert!(mail.body.contains(&reference), "{}", mail.body);
        assert!(mail.body.contains(state), "{}", mail.body);
        assert!(mail.body.contains(&format!("https://yunju.example/applications/{id}")), "{}", mail.body);
        // Chinese first, then English.
        assert!(mail.body.find("云聚英才卡").unwrap() < mail.body.find("Yunju Talent Card").unwrap());
        // Privacy: no ID number, no opinion, no official's or applicant's name.
        for secret in [resident_id("44011119900307").as_str(), "请补充营业执照", "预审员", "张三明"] {
            assert!(!mail.body.contains(secret) && !mail.headers.contains(secret), "{secret} in {mail:?}");
        }
    }
    assert!(mails[1].body.contains("Returned for correction"));
    // The Message-ID is the row's own, so a resend after a crash is recognisably the same mail.
    for (mail, row) in mails.iter().zip(&queued) {
        assert_eq!(mail.header("Message-ID").unwrap(), format!("<outbox-{}.{}@yunju.test>", row.id, row.event_id));
    }
    assert!(outbox(&pool).await.iter().all(|r| r.sent && r.attempts == 1 && r.last_error.is_none()));

    // Idempotent: a second pass sends nothing.
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
    assert_eq!(smtp.mails().len(), 2);
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn two_workers_at_once_send_each_mail_exactly_once(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    submitted_and_returned(&app, "mail.one").await;
    submitted_and_returned(&app, "mail.two").await;
    assert_eq!(outbox(&pool).await.len(), 4);
    // The server keeps the first worker waiting on its first mail, with its batch of two taken.
    let (reached_tx, reached) = oneshot::channel();
    let (release, release_rx) = oneshot::channel();
    let smtp = SmtpServer::start_on(0, Some(Hold { reached: reached_tx, release: release_rx })).await;
    let mailer = mailer(&smtp.url());
    let first = tokio::spawn({
        let (pool, mailer) = (pool.clone(), mailer.clone());
        async move { deliver_due(&pool, &mailer, 2).await.unwrap() }
    });
    reached.await.unwrap();
    // Meanwhile a second worker neither waits for the first nor takes its rows: it sends the rest.
    let second = tokio::time::timeout(Duration::from_secs(20), deliver_due(&pool, &mailer, 10)).await;
    assert_eq!(second.expect("the second worker waited for the first").unwrap(), 2);
    release.send(()).unwrap();
    assert_eq!(first.await.unwrap(), 2);

    let mails = smtp.mails();
    assert_eq!(mails.len(), 4);
    let mut ids: Vec<String> = mails.iter().map(|m| m.header("Message-ID").unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "a mail was sent twice: {ids:?}");
    assert!(outbox(&pool).await.iter().all(|r| r.sent && r.attempts == 1));
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
    assert_eq!(smtp.mails().len(), 4);
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_mail_server_that_is_down_never_blocks_the_applicant_and_the_mail_follows_later(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let port = closed_port().await;
    let mailer = mailer(&format!("smtp://127.0.0.1:{port}"));
    let mut applicant = app.as_new_applicant("mail.down").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    assert_eq!(app.status_of(id).await, "pre_review");

    // The server cannot be reached: the row waits, with the error, for a later try.
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
    let row = &outbox(&pool).await[0];
    assert_eq!((row.attempts, row.sent, row.failed, row.due), (1, false, false, false), "{row:?}");
    assert!(row.last_error.as_deref().is_some_and(|e| !e.is_empty()));

    // Back up: nothing before the pause is over, then the mail goes out once.
    let smtp = SmtpServer::start_on(port, None).await;
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
    assert!(smtp.mails().is_empty());
    sqlx::query("UPDATE email_outbox SET next_attempt_at = now()").execute(&pool).await.unwrap();
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 1);
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body.contains("预审中"));
    let row = &outbox(&pool).await[0];
    assert_eq!((row.attempts, row.sent, row.last_error.as_deref()), (2, true, None));
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn no_contact_address_no_mail_and_old_mails_are_not_sent_late(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    // A draft withdrawn before the personal section was filled: the inbox hears of it, no e-mail.
    let mut applicant = app.as_new_applicant("mail.none").await;
    applicant.call("create_application", &[]).await.unwrap();
    let id = applicant.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap();
    applicant.act(id, app.version_of(id).await, "withdraw", "").await.unwrap();
    assert_eq!(app.status_of(id).await, "withdrawn");
    assert!(outbox(&pool).await.is_empty());

    // E-mail was off for more than a week: that mail is given up, not sent late.
    let mut late = app.as_new_applicant("mail.late").await;
    let id = late.new_draft("5").await;
    late.submit(id, app.version_of(id).await).await.unwrap();
    sqlx::query("UPDATE email_outbox SET created_at = now() - interval '8 days'").execute(&pool).await.unwrap();
    let smtp = SmtpServer::start().await;
    assert_eq!(deliver_due(&pool, &mailer(&smtp.url()), 10).await.unwrap(), 0);
    assert!(smtp.mails().is_empty());
    let row = &outbox(&pool).await[0];
    assert!(row.failed && !row.sent && row.last_error.is_some(), "{row:?}");
}

/// Issue 18: a 5xx reply is tried again (it may be the server's setup, not this mail) until the
/// last attempt, then given up; an address that cannot even be written is given up at once.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_refused_mail_is_given_up_after_the_last_attempt_and_a_bad_address_at_once(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let mut applicant = app.as_new_applicant("mail.refused").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    sqlx::query("UPDATE email_outbox SET to_address = 'nobody@example.cn'").execute(&pool).await.unwrap();
    let smtp = SmtpServer::start().await;
    let mailer = mailer(&smtp.url());
    for attempt in 1..=MAX_ATTEMPTS {
        assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
        let row = &outbox(&pool).await[0];
        assert_eq!((row.attempts, row.sent), (attempt, false), "{row:?}");
        assert!(row.last_error.as_deref().is_some_and(|e| e.contains("550")), "{row:?}");
        assert_eq!(row.failed, attempt == MAX_ATTEMPTS, "given up too early or never: {row:?}");
        sqlx::query("UPDATE email_outbox SET next_attempt_at = now()").execute(&pool).await.unwrap();
    }
    // Given up: no further try.
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
    assert_eq!(outbox(&pool).await[0].attempts, MAX_ATTEMPTS);
    assert!(smtp.mails().is_empty());

    // An address no mail can be written to: given up on the first pass.
    let mut other = app.as_new_applicant("mail.bad").await;
    let id = other.new_draft("5").await;
    other.submit(id, app.version_of(id).await).await.unwrap();
    sqlx::query("UPDATE email_outbox SET to_address = 'not an address' WHERE application_id = $1").bind(id).execute(&pool).await.unwrap();
    assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
    let row = outbox(&pool).await.into_iter().find(|r| r.to_address == "not an address").unwrap();
    assert_eq!((row.attempts, row.failed, row.sent), (1, true, false), "{row:?}");
}

/// Issue 14, item 6: the SMTP server down for an hour, in simulated minutes (each minute moves
/// every waiting row's next try a minute closer, as the clock would). Meanwhile applicants submit
/// and the handling department returns cases, none of them waiting for mail; no mail is given up
/// or sent twice; and once the server is back, every mail is out within the longest pause then
/// reached (81 minutes, `backoff`), each exactly once.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn an_hour_without_the_mail_server_loses_and_repeats_no_mail(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let port = closed_port().await;
    let mailer = mailer(&format!("smtp://127.0.0.1:{port}"));
    let minute = || async { sqlx::query("UPDATE email_outbox SET next_attempt_at = next_attempt_at - interval '1 minute' WHERE sent_at IS NULL").execute(&pool).await.unwrap() };
    let mut changes = 0;
    for t in 0..60 {
        if t % 15 == 0 {
            // Two changes a quarter of an hour, each answered while the mail server is down.
            submitted_and_returned(&app, &format!("mail.hour{t}")).await;
            changes += 2;
        }
        assert_eq!(deliver_due(&pool, &mailer, 10).await.unwrap(), 0);
        minute().await;
    }
    let rows = outbox(&pool).await;
    assert_eq!(rows.len(), changes, "one mail per change, queued while the server was down");
    assert!(rows.iter().all(|r| !r.sent && !r.failed), "an hour down gives nothing up: {rows:?}");
    let first = &rows[0];
    assert_eq!(first.attempts, 5, "tried at minutes 0, 1, 4, 13 and 40: {first:?}");

    let smtp = SmtpServer::start_on(port, None).await;
    let mut back_after = None;
    for t in 0..=81 {
        deliver_due(&pool, &mailer, 10).await.unwrap();
        if outbox(&pool).await.iter().all(|r| r.sent) {
            back_after = Some(t);
            break;
        }
        minute().await;
    }
    let waiting = outbox(&pool).await;
    let back_after = back_after.unwrap_or_else(|| panic!("mail still waiting 81 minutes after the server came back: {waiting:?}"));
    let mails = smtp.mails();
    assert_eq!(mails.len(), changes, "each mail once");
    let rows = outbox(&pool).await;
    assert!(rows.iter().all(|r| r.sent && !r.failed && r.last_error.is_none()), "{rows:?}");
    println!("{changes} mails queued in an hour without the mail server; all sent {back_after} minutes after it came back, none twice, none given up");
}
