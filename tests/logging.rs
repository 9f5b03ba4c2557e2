//! What a service logging at INFO sees: nothing for a call that went well,
//! and WARN lines that name the call on their own when it did not, because
//! the per-call and per-attempt spans are DEBUG (as tower-http's are).
//! In a binary of its own: tracing caches per-callsite interest process-wide.

mod common;

use std::time::Duration;

use common::{json, sample_workspace, LogCapture, SAMPLE};
use sentinel_incidents::fake::{FakeSentinel, Fault};
use sentinel_incidents::{RetryOptions, SentinelClient, StaticToken};

#[tokio::test]
async fn at_info_only_trouble_is_logged_and_it_names_the_call() {
    let (capture, _guard) = LogCapture::install(tracing::Level::INFO);
    let fake = FakeSentinel::start().await.unwrap();
    let ws = sample_workspace();
    fake.insert_incident(&ws, "inc-1", json(SAMPLE));
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new("t"))
        .retry(
            RetryOptions::default()
                .with_initial_delay(Duration::from_millis(1))
                .with_max_retries(1),
        )
        .build()
        .unwrap();

    client.get_incident(&ws, "inc-1").await.unwrap();
    assert_eq!(
        capture.take(),
        "",
        "a call that went well logs nothing at INFO"
    );

    fake.push_fault(Fault::status(503));
    client.get_incident(&ws, "inc-1").await.unwrap();
    let logs = capture.take();
    let sent_id = fake.requests()[1]
        .header("x-ms-client-request-id")
        .unwrap()
        .to_string();
    let retry_line = logs
        .lines()
        .find(|l| l.contains("retrying"))
        .unwrap_or_else(|| panic!("no retry line: {logs}"));
    for expected in [
        "WARN",
        "attempt=1",
        "http.response.status_code=503",
        "error.type=\"503\"",
        "url.path=\"/subscriptions/",
        "incidents/inc-1",
        &format!("az.client_request_id=\"{sent_id}\""),
    ] {
        assert!(
            retry_line.contains(expected),
            "{expected} missing: {retry_line}"
        );
    }

    fake.push_fault(Fault::status(503));
    fake.push_fault(Fault::status(503));
    client.get_incident(&ws, "inc-1").await.unwrap_err();
    let logs = capture.take();
    let failure_line = logs
        .lines()
        .find(|l| l.contains("get_incident failed"))
        .unwrap_or_else(|| panic!("no failure line: {logs}"));
    let sent_id = fake
        .requests()
        .last()
        .unwrap()
        .header("x-ms-client-request-id")
        .unwrap()
        .to_string();
    for expected in [
        "WARN",
        "workspace=\"myWorkspace\"",
        "incident=\"inc-1\"",
        &format!("az.client_request_id=\"{sent_id}\""),
        "error.type=\"503\"",
        "503 ServiceUnavailable",
    ] {
        assert!(
            failure_line.contains(expected),
            "{expected} missing: {failure_line}"
        );
    }
}
