//! Slow clients (issue 14, item 7): a client that sends its headers or its body too slowly is cut
//! off after `Settings::patience` — a stalled body with 408 and a clear message — and nothing it
//! sent is saved; a slow but steady body (a phone on a poor network) is served; everyone else is
//! served meanwhile. A client that leaves before its answer is still logged. A real socket to the
//! real serving loop (server/src/serve.rs).
use std::time::Duration;

use sqlx::PgPool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::TestApp;

/// Everything the server sends until it closes the connection (at most 10 s: a slow client is
/// never waited on longer than that).
async fn answer(socket: &mut TcpStream) -> String {
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut out)).await.expect("the server kept a slow client for 10 s").unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_slow_client_is_cut_off_and_nothing_it_sent_is_saved(pool: PgPool) {
    let patience = Duration::from_secs(1);
    let app = TestApp::with_settings(pool.clone(), app::context::Settings { patience, ..Default::default() }).await;
    let mut applicant = app.as_new_applicant("slow.client").await;
    let id = applicant.new_draft("5").await;
    let cookie = applicant.cookie.clone().unwrap();
    let months = || async { sqlx::query_scalar::<_, Option<i16>>("SELECT months_in_district FROM applications WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap() };
    let before = months().await;
    let wanted = if before == Some(9) { 7 } else { 9 };
    let listener = server::bind("127.0.0.1:0").await.unwrap();
    let addr = axum::serve::Listener::local_addr(&listener).unwrap();
    tokio::spawn(server::serve::serve(listener, app.router(), patience, std::future::pending()));

    let body = format!("id={id}&months_in_district={wanted}");
    let head = |length: usize| {
        format!(
            "POST /api/save_residence HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\nContent-Length: {length}\r\n\r\n"
        )
    };
    // Headers that never end; a connection that sends nothing; one that starts HTTP/2's preface
    // and stops; and a whole valid form that announced more and stops there.
    let mut slow_head = TcpStream::connect(addr).await.unwrap();
    slow_head.write_all(b"POST /api/save_residence HTTP/1.1\r\nHost: 127.0.0.1\r\n").await.unwrap();
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let mut preface = TcpStream::connect(addr).await.unwrap();
    preface.write_all(b"PRI * HTTP/2.0\r\n").await.unwrap();
    let mut stalled = TcpStream::connect(addr).await.unwrap();
    stalled.write_all(head(body.len() + 10).as_bytes()).await.unwrap();
    stalled.write_all(body.as_bytes()).await.unwrap();

    // Meanwhile, another client is answered.
    let mut other = TcpStream::connect(addr).await.unwrap();
    other.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").await.unwrap();
    assert!(answer(&mut other).await.starts_with("HTTP/1.1 200"));

    let stalled_answer = answer(&mut stalled).await;
    assert!(stalled_answer.starts_with("HTTP/1.1 408"), "{stalled_answer}");
    assert!(stalled_answer.contains("请求内容发送过慢") && stalled_answer.contains("nothing was saved"), "{stalled_answer}");
    for (what, socket) in [("headers never ended", &mut slow_head), ("nothing sent", &mut silent), ("HTTP/2 preface begun", &mut preface)] {
        let answer = answer(socket).await;
        assert!(!answer.starts_with("HTTP/1.1 2") && !answer.starts_with("HTTP/1.1 5"), "{what}: {answer}");
    }
    assert_eq!(months().await, before, "a body that stopped short of its length was saved");

    // Slow but steady: a piece every half of the patience, the whole body over several seconds.
    let mut steady = TcpStream::connect(addr).await.unwrap();
    steady.write_all(head(body.len()).as_bytes()).await.unwrap();
    for piece in body.as_bytes().chunks(body.len() / 4 + 1) {
        tokio::time::sleep(patience / 2).await;
        steady.write_all(piece).await.unwrap();
    }
    let mut first_line = [0u8; 12];
    tokio::time::timeout(Duration::from_secs(10), steady.read_exact(&mut first_line)).await.unwrap().unwrap();
    assert_eq!(&first_line, b"HTTP/1.1 200", "a slow but steady body was refused");
    assert_eq!(months().await, Some(wanted));
}

/// A client that closes its connection before the answer (a phone that lost its network, a tab
/// closed during a save) still leaves its log line and its count in `/metrics`, with status 499
/// (`ops::CLIENT_LEFT`): the server drops such a request's work, and before, its line with it.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_client_that_leaves_before_the_answer_is_still_logged(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let mut applicant = app.as_new_applicant("leaving.client").await;
    let id = applicant.new_draft("5").await;
    let cookie = applicant.cookie.clone().unwrap();
    let listener = server::bind("127.0.0.1:0").await.unwrap();
    let addr = axum::serve::Listener::local_addr(&listener).unwrap();
    tokio::spawn(server::serve::serve(listener, app.router(), Duration::from_secs(30), std::future::pending()));
    let left = || async move {
        let mut socket = TcpStream::connect(addr).await.unwrap();
        socket.write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").await.unwrap();
        let text = answer(&mut socket).await;
        let line = "yunju_http_requests_total{route=\"/api/save_residence\",method=\"POST\",status=\"499\"} ";
        text.lines().find_map(|l| l.strip_prefix(line)).map_or(0, |n| n.parse::<u64>().unwrap())
    };
    let before = left().await;

    // Another official holds the case, so the save waits; meanwhile its client goes away.
    let mut holder = pool.begin().await.unwrap();
    sqlx::query("SELECT 1 FROM applications WHERE id = $1 FOR UPDATE").bind(id).execute(&mut *holder).await.unwrap();
    let body = format!("id={id}&months_in_district=8");
    let mut socket = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /api/save_residence HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(socket);
    let mut counted = before;
    for _ in 0..50 {
        counted = left().await;
        if counted > before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    holder.rollback().await.unwrap();
    assert_eq!(counted, before + 1, "a request whose client left was neither counted nor logged");
}
