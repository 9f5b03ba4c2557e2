//! Load and hostile responses: one shared client under many concurrent calls
//! with injected faults, and bodies too large or too deep to accept.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sentinel_incidents::fake::{FakeSentinel, Fault};
use sentinel_incidents::{Error, RetryOptions, SentinelClient, StaticToken, WorkspaceRef};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SUB: &str = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";
const CALLS: usize = 1000;
const IDS: usize = 50;
const MAX_RETRIES: usize = 3;

fn workspace() -> WorkspaceRef {
    WorkspaceRef::new(SUB, "myRg", "myWorkspace").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_client_under_load_returns_each_caller_its_own_incident() {
    let fake = FakeSentinel::start().await.unwrap();
    for i in 0..IDS {
        let body = json!({ "properties": { "title": format!("incident {i}"), "severity": "Low", "status": "New" } });
        fake.insert_incident(&workspace(), &format!("id-{i}"), body);
    }
    // One fault for every five calls, a mix of throttling and unavailability,
    // taken by whichever requests arrive first.
    for i in 0..CALLS / 5 {
        fake.push_fault(match i % 3 {
            0 => Fault::status(429).retry_after("0"),
            1 => Fault::status(503),
            _ => Fault::status(503).header("x-ms-retry-after-ms", "1"),
        });
    }
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new("load-token"))
        .retry(
            RetryOptions::default()
                .with_max_retries(MAX_RETRIES)
                .with_initial_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(5))
                .with_max_elapsed(Duration::from_secs(30)),
        )
        .build()
        .unwrap();

    let mut calls = tokio::task::JoinSet::new();
    for call in 0..CALLS {
        let (client, ws) = (client.clone(), workspace());
        calls.spawn(async move {
            let id = format!("id-{}", call % IDS);
            (
                call % IDS,
                client.get_incident_with_response(&ws, &id).await,
            )
        });
    }
    let (mut ok, mut failed, mut attempts) = (0, 0, 0);
    while let Some(joined) = calls.join_next().await {
        let (i, result) = joined.unwrap();
        match result {
            Ok(response) => {
                ok += 1;
                attempts += response.attempts as usize;
                assert!(response.attempts as usize <= MAX_RETRIES + 1);
                let p = response.incident.properties.unwrap();
                assert_eq!(
                    p.title,
                    format!("incident {i}"),
                    "a response reached the wrong caller"
                );
                assert_eq!(
                    response.incident.name.as_deref(),
                    Some(format!("id-{i}").as_str())
                );
            }
            Err(Error::Http(e)) => {
                failed += 1;
                assert!(matches!(e.status.as_u16(), 429 | 503), "{e:?}");
                assert_eq!(
                    e.attempts as usize,
                    MAX_RETRIES + 1,
                    "gave up before the budget"
                );
                attempts += e.attempts as usize;
            }
            Err(other) => panic!("undocumented outcome: {other}"),
        }
    }
    assert_eq!(ok + failed, CALLS, "every call returned");
    assert!(ok > CALLS / 2, "{ok} successes");
    assert_eq!(
        fake.requests().len(),
        attempts,
        "every attempt reached the server once"
    );
    // Each success ends with one unfaulted attempt; every other attempt
    // consumed exactly one injected fault.
    assert_eq!(
        attempts,
        ok + CALLS / 5,
        "retries beyond the injected faults"
    );
}

/// Serves a 200 with a chunked body that never ends, counting bytes sent.
async fn endless_body_server(sent: Arc<AtomicU64>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let sent = sent.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
                // Bounded: stops by itself after 256 MiB.
                for _ in 0..4096 {
                    if socket.write_all(chunk.as_bytes()).await.is_err() {
                        return;
                    }
                    sent.fetch_add(64 * 1024, Ordering::SeqCst);
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_is_refused_without_reading_it_all() {
    let sent = Arc::new(AtomicU64::new(0));
    let url = endless_body_server(sent.clone()).await;
    let client = SentinelClient::builder()
        .endpoint(url)
        .credential(StaticToken::new("t"))
        .max_response_bytes(1024 * 1024)
        .retry(RetryOptions::none())
        .build()
        .unwrap();
    let err = client.get_incident(&workspace(), "x").await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 1048576, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("exceeds the 1048576-byte limit"),
        "{err}"
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    let sent = sent.load(Ordering::SeqCst);
    assert!(
        sent < 64 * 1024 * 1024,
        "the client stopped reading early, yet the server sent {sent} bytes"
    );
}

#[tokio::test]
async fn an_announced_body_over_the_limit_is_refused_before_reading() {
    let fake = FakeSentinel::start().await.unwrap();
    fake.push_fault(Fault::status(200).body(vec![b' '; 2 * 1024 * 1024]));
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new("t"))
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();
    let err = client.get_incident(&workspace(), "x").await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
    assert_eq!(fake.requests().len(), 1, "not retried");
}

#[tokio::test]
async fn deeply_nested_json_from_the_server_is_a_decode_error() {
    let fake = FakeSentinel::start().await.unwrap();
    let nested = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let body = format!(
        r#"{{"properties":{{"title":"t","severity":"High","status":"New","zz":{nested}}}}}"#
    );
    fake.push_fault(Fault::status(200).body(body));
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new("t"))
        .build()
        .unwrap();
    let err = client.get_incident(&workspace(), "x").await.unwrap_err();
    match err {
        Error::Decode { source, .. } => {
            assert!(source.to_string().contains("recursion limit"), "{source}")
        }
        other => panic!("{other:?}"),
    }
}
