//! How connections are served (issue 14, item 7): each request with its peer's address (for
//! `security::client_address`), and patience with slow clients bounded (`bind` in lib.rs gives
//! every accepted socket `TCP_NODELAY`). A client that takes longer than `Settings::patience` to send a request's
//! headers loses the connection (hyper's header timeout, which also ends a kept-alive connection
//! idle that long); one whose body stops coming for that long gets 408 and nothing is saved
//! (`stalled_bodies`). A slow but moving upload from a phone is never cut off.
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

/// Serves `router` on `listener` until `shutdown` completes, then lets the open connections
/// finish their requests.
pub async fn serve<L>(mut listener: L, router: Router, patience: Duration, shutdown: impl Future<Output = ()>)
where
    L: axum::serve::Listener<Addr = SocketAddr>,
{
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
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
            let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            builder.http1().timer(TokioTimer::new()).header_read_timeout(patience);
            let mut connection = std::pin::pin!(builder.serve_connection_with_upgrades(TokioIo::new(io), service));
            loop {
                tokio::select! {
                    _ = connection.as_mut() => break,
                    _ = closing_seen.wait_for(|c| *c) => connection.as_mut().graceful_shutdown(),
                }
            }
            drop(open);
        });
    }
    drop(listener);
    let _ = closing.send(true);
    drop(open);
    let _ = all_closed.recv().await;
}

/// A request body that has not moved for `patience` ends the request with 408: whatever the
/// handler made of the cut-off body, the client hears that it was too slow and nothing was kept.
pub async fn stalled_bodies(State(patience): State<Duration>, request: Request, next: Next) -> Response {
    if http_body::Body::is_end_stream(request.body()) {
        return next.run(request).await;
    }
    let stalled = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| Body::new(Patient { body, patience, timer: Box::pin(tokio::time::sleep(patience)), stalled: stalled.clone() }));
    let response = next.run(request).await;
    if !stalled.load(Ordering::Relaxed) {
        return response;
    }
    tracing::warn!(patience_s = patience.as_secs(), "a request body stopped coming: 408");
    let body = "408 — 请求内容发送过慢，已中断，未保存任何内容。请检查网络后重试。\n\
                408 — The request's content stopped coming and was cut off; nothing was saved. Check the connection and try again.\n";
    (StatusCode::REQUEST_TIMEOUT, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CONNECTION, "close")], body).into_response()
}

/// A body that fails once no frame has come for `patience`, and says so in `stalled`.
struct Patient {
    body: Body,
    patience: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
    stalled: Arc<AtomicBool>,
}

impl http_body::Body for Patient {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Ready(frame) => {
                let next_deadline = tokio::time::Instant::now() + this.patience;
                this.timer.as_mut().reset(next_deadline);
                Poll::Ready(frame)
            }
            Poll::Pending => match this.timer.as_mut().poll(cx) {
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
