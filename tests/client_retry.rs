//! Retries against loopback servers: the server's delay headers, the retry
//! budget, one client request id per call, resets and timeouts.

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::client::{client, fake_with_sample, fast_retries, workspace, INCIDENT, SECRET};
use common::raw_server;
use sentinel_incidents::fake::Fault;
use sentinel_incidents::{Error, SentinelClient, StaticToken};

#[tokio::test]
async fn retry_after_zero_retries_a_429() {
    let fake = fake_with_sample().await;
    fake.push_fault(Fault::status(429).retry_after("0"));
    let response = client(&fake.url(), 3)
        .get_incident_with_response(&workspace(), INCIDENT)
        .await
        .unwrap();
    assert_eq!(response.attempts, 2);
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_seconds_beyond_the_budget_stops_retrying() {
    let fake = fake_with_sample().await;
    fake.push_fault(Fault::status(429).retry_after("30"));
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new(SECRET))
        .retry(fast_retries(3).with_max_delay(Duration::from_secs(60)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a 30 s Retry-After past a 5 s budget is not waited for"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(err.is_retryable());
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn retry_after_ms_is_honoured() {
    let fake = fake_with_sample().await;
    fake.push_fault(Fault::status(503).header("x-ms-retry-after-ms", "200"));
    let started = Instant::now();
    client(&fake.url(), 3)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn two_503s_then_success_with_one_client_request_id() {
    let fake = fake_with_sample().await;
    fake.push_fault(Fault::status(503));
    fake.push_fault(Fault::status(503));
    let response = client(&fake.url(), 3)
        .get_incident_with_response(&workspace(), INCIDENT)
        .await
        .unwrap();
    assert_eq!(response.attempts, 3);
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    let ids: Vec<_> = requests
        .iter()
        .map(|r| r.header("x-ms-client-request-id").unwrap())
        .collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "one client request id per call: {ids:?}"
    );
}

#[tokio::test]
async fn retries_are_bounded_and_switchable_off() {
    let fake = fake_with_sample().await;
    for _ in 0..10 {
        fake.push_fault(Fault::status(500));
    }
    let err = client(&fake.url(), 2)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert_eq!(fake.requests().len(), 3);
    match &err {
        Error::Http(http) => assert_eq!(http.attempts, 3),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().ends_with("after 3 attempts"), "{err}");

    let err = client(&fake.url(), 0)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(fake.requests().len(), 4);
}

#[tokio::test]
async fn reset_connections_are_retried_then_reported() {
    // A server that accepts connections and drops them unanswered.
    let (url, accepted) = raw_server(None).await;
    let err = client(&url, 2)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    match &err {
        Error::Transport { attempts, .. } => assert_eq!(*attempts, 3),
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_is_retried_then_reported() {
    let fake = fake_with_sample().await;
    fake.push_fault(Fault::delay(Duration::from_millis(600)));
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new(SECRET))
        .timeout(Duration::from_millis(100))
        .retry(fast_retries(2))
        .build()
        .unwrap();
    // The first attempt times out; the retry is answered at once.
    let response = client
        .get_incident_with_response(&workspace(), INCIDENT)
        .await
        .unwrap();
    assert_eq!(response.attempts, 2);

    for _ in 0..3 {
        fake.push_fault(Fault::delay(Duration::from_millis(600)));
    }
    let err = client
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    match &err {
        Error::Transport {
            source, attempts, ..
        } => {
            assert!(source.is_timeout(), "{source}");
            assert_eq!(*attempts, 3);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_oversized_response_head_is_not_retried() {
    // 1 MiB of one header: past hyper's limit on a response head, and the
    // same again on every attempt.
    let reply = format!(
        "HTTP/1.1 200 OK\r\nx-padding: {}\r\ncontent-length: 0\r\n\r\n",
        "a".repeat(1024 * 1024)
    );
    let (url, accepted) = raw_server(Some(reply)).await;
    let err = client(&url, 3)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    match &err {
        Error::Transport { attempts, .. } => assert_eq!(*attempts, 1),
        other => panic!("{other:?}"),
    }
    assert!(!err.is_retryable(), "{err}");
    assert!(
        err.to_string().contains("message head is too large"),
        "the error says what happened: {err}"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}
