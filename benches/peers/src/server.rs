//! The one server every side talks to: a loopback HTTP/1.1 server that
//! answers like ARM does for Incidents - Get. It runs as its own process so
//! that callgrind on a client counts only the client's instructions.

use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::{INCIDENT, SAMPLE};

static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// Every GET of an incident gets the sample, with ARM's headers; anything
/// else is an error, so a side that builds a wrong request fails loudly.
async fn answer(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let n = REQUESTS.fetch_add(1, Ordering::Relaxed);
    let authorized = request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes().starts_with(b"Bearer "));
    let path = request.uri().path();
    let status = if request.method() != hyper::Method::GET {
        StatusCode::METHOD_NOT_ALLOWED
    } else if !authorized {
        StatusCode::UNAUTHORIZED
    } else if !(path.starts_with("/subscriptions/")
        && path.ends_with(&format!(
            "/providers/Microsoft.SecurityInsights/incidents/{INCIDENT}"
        )))
    {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    // ARM's request ids are GUIDs, fresh per request.
    let id = format!("00000000-0000-4000-8000-{n:012x}");
    let body = if status == StatusCode::OK {
        Bytes::from_static(SAMPLE.as_bytes())
    } else {
        Bytes::from(format!(
            r#"{{"error":{{"code":"{}","message":"peers server: {} {}"}}}}"#,
            status.as_u16(),
            request.method(),
            request.uri()
        ))
    };
    let response = Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .header("content-length", body.len())
        .header("x-ms-request-id", &id)
        .header("x-ms-correlation-request-id", &id)
        .body(Full::new(body))
        .expect("static headers are valid");
    Ok(response)
}

/// Serves until the process is killed. Prints its URL on stdout first.
pub fn serve(port: u16) {
    // One thread is plenty for loopback; the client side is what we measure.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind 127.0.0.1");
        println!("http://{}", listener.local_addr().expect("local addr"));
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: keep serving the others.
                Err(e) => {
                    eprintln!("peers server: accept: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                }
            };
            // As ARM's front ends do; Nagle would stall small responses.
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), hyper::service::service_fn(answer))
                    .await;
            });
        }
    });
}
