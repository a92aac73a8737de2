//! How connections are served (issue 14, item 7): HTTP/1.1 (the balancer speaks it to the
//! instances; there are no websockets), each request with its peer's address (for
//! `security::client_address`), and patience with slow clients bounded (`bind` in lib.rs gives
//! every accepted socket `TCP_NODELAY`). A connection that takes longer than `Settings::patience`
//! to send a request's headers — from its first byte, or after the last answer on a kept-alive
//! connection — is closed (hyper's header timeout); a body that stops coming for that long is
//! answered 408 (`stalled_bodies`). A slow but moving upload from a phone is never cut off.
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body::Frame;

/// How long open connections may take to finish once the server is told to stop (a container
/// is killed some seconds after that anyway; a live stream is reopened on another instance).
const DRAIN: Duration = Duration::from_secs(20);

/// Serves `router` on `listener` until `shutdown` completes, then lets the open connections
/// finish their requests, for at most `DRAIN`.
pub async fn serve<L>(mut listener: L, router: Router, patience: Duration, shutdown: impl Future<Output = ()>)
where
    L: axum::serve::Listener<Addr = SocketAddr>,
{
    use hyper_util::rt::{TokioIo, TokioTimer};
    let (closing, closing_seen) = tokio::sync::watch::channel(false);
    // Every connection's task holds a sender; when the last is gone, all are done.
    let (open, mut all_closed) = tokio::sync::mpsc::channel::<()>(1);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // (axum's `Listener` waits out an error of accept, such as running out of descriptors.)
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            tower::ServiceExt::oneshot(router.clone(), request)
        });
        let (mut closing_seen, open) = (closing_seen.clone(), open.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(patience)
                .serve_connection(TokioIo::new(io), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = async { drop(closing_seen.wait_for(|c| *c).await) } => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(open);
        });
    }
    drop(listener);
    let _ = closing.send(true);
    drop(open);
    if tokio::time::timeout(DRAIN, all_closed.recv()).await.is_err() {
        tracing::warn!("connections still open after {} s; stopping anyway", DRAIN.as_secs());
    }
}

/// A request body that has not moved for `patience` ends the request with 408: the handler
/// refused the cut-off body (it never has all of it), and the client hears that it was too slow
/// and that nothing was kept.
pub async fn stalled_bodies(State(patience): State<Duration>, request: Request, next: Next) -> Response {
    if http_body::Body::is_end_stream(request.body()) {
        return next.run(request).await;
    }
    let stalled = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| Body::new(Patient { body, patience, timer: None, stalled: stalled.clone() }));
    let response = next.run(request).await;
    if !stalled.load(Ordering::Relaxed) {
        return response;
    }
    if response.status().as_u16() < 400 {
        // A handler that went on without its whole body must not be told over: say so, keep its answer.
        tracing::error!(status = response.status().as_u16(), "a handler answered success to a body that stopped coming");
        return response;
    }
    tracing::warn!(patience_s = patience.as_secs(), "a request body stopped coming: 408");
    let body = "408 — 请求内容发送过慢，已中断，未保存任何内容。请检查网络后重试。\n\
                408 — The request's content stopped coming and was cut off; nothing was saved. Check the connection and try again.\n";
    (StatusCode::REQUEST_TIMEOUT, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CONNECTION, "close")], body).into_response()
}

/// A body that fails once no frame has come for `patience` while it is being read, and says so in
/// `stalled`. The clock starts at the first read that has to wait (not before the handler reads:
/// a client sending `Expect: 100-continue` sends nothing until then) and restarts with each piece.
struct Patient {
    body: Body,
    patience: Duration,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    stalled: Arc<AtomicBool>,
}

impl http_body::Body for Patient {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.timer = None;
                Poll::Ready(frame)
            }
            Poll::Pending => match this.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(this.patience))).as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.stalled.store(true, Ordering::Relaxed);
                    Poll::Ready(Some(Err(axum::Error::new("the request body stopped coming"))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}
