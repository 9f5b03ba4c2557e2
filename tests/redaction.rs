//! Tokens never reach logs, `Debug` output or error messages. In a binary of
//! its own: tracing caches per-callsite interest process-wide, so a
//! thread-local subscriber only sees everything when no other test races it.

mod common;

use std::time::{Duration, SystemTime};

use common::{json, sample_workspace, LogCapture, SAMPLE};
use sentinel_incidents::fake::{FakeSentinel, Fault};
use sentinel_incidents::{AccessToken, RetryOptions, SentinelClient, StaticToken};

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
