//! Tokens never reach logs, `Debug` output or error messages. In a binary of
//! its own: tracing caches per-callsite interest process-wide, so a
//! thread-local subscriber only sees everything when no other test races it.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use common::{json, sample_workspace, LogCapture, SAMPLE};
use sentinel_incidents::fake::{FakeSentinel, Fault};
use sentinel_incidents::{
    AccessToken, Error, RetryOptions, SentinelClient, StaticToken, API_VERSION,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SECRET: &str = "very-secret-token-3f9a";

#[tokio::test]
async fn tokens_never_reach_logs_debug_or_errors() {
    let (capture, _guard) = LogCapture::install(tracing::Level::TRACE);

    let fake = FakeSentinel::start().await.unwrap();
    let ws = sample_workspace();
    fake.insert_incident(&ws, "inc", json(SAMPLE));
    fake.push_fault(Fault::status(401));
    fake.push_fault(Fault::status(503));
    let credential = StaticToken::new(SECRET);
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(credential.clone())
        .retry(RetryOptions::default().with_initial_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    client.get_incident(&ws, "inc").await.unwrap();
    fake.push_fault(Fault::status(401));
    fake.push_fault(Fault::status(401));
    let err = client.get_incident(&ws, "inc").await.unwrap_err();
    assert_eq!(
        fake.requests()[0].bearer_token(),
        Some(SECRET),
        "the token was really sent"
    );

    let logs = capture.take();
    assert!(
        logs.contains("http.request.resend_count=2"),
        "attempt spans are logged: {logs}"
    );
    assert!(logs.contains("http.response.status_code=503"), "{logs}");
    assert!(
        logs.contains("duration_ms="),
        "attempt spans carry their duration: {logs}"
    );
    assert!(
        logs.contains("incident fetched") && logs.contains("attempts=3"),
        "call outcome is logged: {logs}"
    );
    assert!(logs.contains("get_incident failed"), "{logs}");
    let texts = [
        logs,
        format!("{client:?}"),
        format!("{credential:?}"),
        format!("{:?}", AccessToken::new(SECRET, SystemTime::now())),
        format!("{err:?}"),
        err.to_string(),
        format!("{:?}", fake.requests()),
    ];
    for text in texts {
        assert!(!text.contains(SECRET), "token leaked into: {text}");
    }
}

/// A token with the characters JSON encoders escape (`/` as `\/`, `+` and
/// `=` as `\u002B`, `\u003D`).
const ECHOED: &str = "eyJ0eXAi.very/secret+token.3f9a==";

/// What the echo server answers: a status, and a body made from the
/// `Authorization` value it was sent.
type Reply = fn(&str) -> (u16, String);

/// A loopback server that echoes the request's `Authorization` value back
/// in `x-echo` and in `x-ms-request-id`, and in the body `reply` makes of
/// it, as a careless proxy or a debugging endpoint might.
async fn echo_server(reply: Reply) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            let authorization = head
                .lines()
                .find_map(|l| l.strip_prefix("authorization: "))
                .unwrap_or_default()
                .to_string();
            log.lock().unwrap().push(authorization.clone());
            let (status, body) = reply(&authorization);
            let response = format!(
                "HTTP/1.1 {status} Echo\r\nx-echo: {authorization}\r\nx-ms-request-id: {authorization}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    (url, seen)
}

/// The `Authorization` value as JSON encoders write it: `/` escaped, and
/// (as .NET's default encoder does) `+` and `=` as `\u` escapes.
fn escaped(authorization: &str) -> String {
    authorization
        .replace('/', "\\/")
        .replace('+', "\\u002B")
        .replace('=', "\\u003d")
}

/// A 400 CloudError quoting the token in its message, target and details,
/// plainly and escaped, and once more inside JSON quoted in a string.
fn cloud_error_echo(authorization: &str) -> (u16, String) {
    let quoted =
        serde_json::to_string(&serde_json::json!({ "h": escaped(authorization) })).unwrap();
    let body = serde_json::json!({
        "error": {
            "code": "InvalidAuthenticationToken",
            "message": format!("The access token is invalid: {authorization}"),
            "target": authorization,
            "details": [{ "code": "Echo", "message": quoted }],
        }
    });
    let body = body.to_string().replace(
        &format!("\"target\":\"{authorization}\""),
        &format!("\"target\":\"{}\"", escaped(authorization)),
    );
    (400, body)
}

/// A 500 with a text body whose token straddles the 4 KiB an error keeps.
fn text_echo(authorization: &str) -> (u16, String) {
    (
        500,
        format!("{}{authorization} was refused", "x".repeat(4096 - 10)),
    )
}

/// A 200 whose body is not an incident, but quotes the token (JSON-escaped).
fn broken_success_echo(authorization: &str) -> (u16, String) {
    (200, format!("{{\"echo\":\"{}\"", escaped(authorization)))
}

#[tokio::test]
async fn a_server_that_echoes_the_token_never_gets_it_printed_or_logged() {
    let (capture, _guard) = LogCapture::install(tracing::Level::TRACE);
    let ws = sample_workspace();
    let mut texts = Vec::new();
    for reply in [cloud_error_echo as Reply, text_echo, broken_success_echo] {
        let (url, seen) = echo_server(reply).await;
        let client = SentinelClient::builder()
            .endpoint(&url)
            .credential(StaticToken::new(ECHOED))
            .retry(RetryOptions::none())
            .build()
            .unwrap();
        let err = client.get_incident(&ws, "inc").await.unwrap_err();
        assert_eq!(
            seen.lock().unwrap().as_slice(),
            [format!("Bearer {ECHOED}")],
            "the token was really sent, and echoed"
        );
        match &err {
            Error::Http(http) => {
                assert!(
                    http.cloud_error.is_some() || http.body.is_some(),
                    "the echo is kept, redacted: {err:?}"
                );
                if let Some(body) = &http.body {
                    assert!(body.contains("<redacted>"), "{body}");
                    assert!(
                        body.ends_with("<redacted>…"),
                        "a token across the cut is replaced whole: {body}"
                    );
                }
            }
            Error::Decode { body, .. } => assert!(body.contains("<redacted>"), "{body}"),
            other => panic!("{other:?}"),
        }
        let ids = err.request_ids().unwrap();
        assert_eq!(ids.request_id.as_deref(), Some("Bearer <redacted>"));
        texts.push(format!("{err:?}"));
        texts.push(err.to_string());

        // The generated client, through the same pipeline.
        let raw = client.raw();
        let raw_err = raw
            .incidents_get(
                &ws.subscription_id(),
                &ws.resource_group().parse().unwrap(),
                &ws.workspace_name().parse().unwrap(),
                &"inc".parse().unwrap(),
                &API_VERSION.parse().unwrap(),
            )
            .await
            .unwrap_err();
        texts.push(format!("{raw_err:?}"));
        texts.push(raw_err.to_string());
    }
    let cloud = &texts[0];
    assert!(
        cloud.contains("The access token is invalid: Bearer <redacted>"),
        "the CloudError keeps its message, redacted: {cloud}"
    );
    let logs = capture.take();
    assert!(logs.contains("get_incident failed"), "{logs}");
    texts.push(logs);
    for text in texts {
        for leak in [
            ECHOED.to_string(),
            escaped(ECHOED),
            ECHOED[..16].to_string(),
        ] {
            assert!(!text.contains(&leak), "token leaked ({leak}) into: {text}");
        }
    }
}

/// A short token, as in development and tests, is a secret all the same.
#[tokio::test]
async fn a_short_token_echoed_back_is_redacted_too() {
    const SHORT: &str = "hunter2";
    // Also keeps this test's events in a subscriber of its own: tracing
    // caches whether a callsite is wanted, and a test that emits with no
    // subscriber beside one that captures could leave it "never".
    let (capture, _guard) = LogCapture::install(tracing::Level::TRACE);
    let (url, seen) = echo_server(cloud_error_echo).await;
    let client = SentinelClient::builder()
        .endpoint(&url)
        .credential(StaticToken::new(SHORT))
        .retry(RetryOptions::none())
        .build()
        .unwrap();
    let err = client
        .get_incident(&sample_workspace(), "inc")
        .await
        .unwrap_err();
    assert_eq!(seen.lock().unwrap().as_slice(), [format!("Bearer {SHORT}")]);
    let debug = format!("{err:?}");
    assert!(debug.contains("Bearer <redacted>"), "{debug}");
    let logs = capture.take();
    assert!(logs.contains("get_incident failed"), "{logs}");
    for text in [debug, err.to_string(), logs] {
        assert!(!text.contains(SHORT), "token leaked into: {text}");
    }
}
