//! The generated client under `raw`, through the same pipeline as
//! `SentinelClient`: safe for any number of calls (a fresh request id each,
//! no state kept from a failed call), and the same request on the wire as
//! the façade's.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use common::{json, sample_workspace, SAMPLE};
use sentinel_incidents::fake::{FakeSentinel, Fault};
use sentinel_incidents::raw::{self, ResponseValue};
use sentinel_incidents::types::{CloudError, Incident};
use sentinel_incidents::{
    AccessToken, Credential, CredentialError, RetryOptions, SentinelClient, StaticToken,
    TokenFuture, API_VERSION,
};

const INCIDENT: &str = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";
const SECRET: &str = "raw-secret-token";

fn retries(n: usize) -> RetryOptions {
    RetryOptions::default()
        .with_max_retries(n)
        .with_initial_delay(Duration::from_millis(1))
}

async fn fake_with_sample() -> FakeSentinel {
    let fake = FakeSentinel::start().await.unwrap();
    fake.insert_incident(&sample_workspace(), INCIDENT, json(SAMPLE));
    fake
}

fn client_with(endpoint: &str, credential: impl Credential + 'static) -> SentinelClient {
    SentinelClient::builder()
        .endpoint(endpoint)
        .credential(credential)
        .retry(retries(2))
        .build()
        .unwrap()
}

/// One Get through the raw client, with the sample workspace.
async fn raw_get(
    raw: &raw::Client,
    incident: &str,
) -> Result<ResponseValue<Incident>, raw::Error<CloudError>> {
    let ws = sample_workspace();
    raw.incidents_get(
        &ws.subscription_id(),
        &ws.resource_group().parse().unwrap(),
        &ws.workspace_name().parse().unwrap(),
        &incident.parse().unwrap(),
        &API_VERSION.parse().unwrap(),
    )
    .await
}

/// Fails the first `failures` calls, then hands out `SECRET`.
#[derive(Debug)]
struct FlakyCredential {
    failures: usize,
    calls: AtomicUsize,
}

impl Credential for FlakyCredential {
    fn get_token<'a>(&'a self, _: &'a [&'a str]) -> TokenFuture<'a> {
        Box::pin(async move {
            if self.calls.fetch_add(1, Ordering::SeqCst) < self.failures {
                return Err(CredentialError::new("the identity endpoint is down"));
            }
            Ok(AccessToken::new(
                SECRET,
                SystemTime::now() + Duration::from_secs(3600),
            ))
        })
    }
}

#[tokio::test]
async fn two_calls_send_two_request_ids() {
    let fake = fake_with_sample().await;
    let raw = client_with(&fake.url(), StaticToken::new(SECRET)).raw();
    raw_get(&raw, INCIDENT).await.unwrap();
    raw_get(&raw, INCIDENT).await.unwrap();
    let ids: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| r.header("x-ms-client-request-id").unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "each call has its own client request id");
}

#[tokio::test]
async fn a_credential_failure_does_not_disable_retries_on_the_next_call() {
    let fake = fake_with_sample().await;
    let credential = FlakyCredential {
        failures: 1,
        calls: AtomicUsize::new(0),
    };
    let raw = client_with(&fake.url(), credential).raw();

    match raw_get(&raw, INCIDENT).await {
        Err(raw::Error::Custom(message)) => {
            assert!(message.contains("identity endpoint is down"), "{message}")
        }
        other => panic!("expected the credential's failure, got {other:?}"),
    }
    assert!(
        fake.requests().is_empty(),
        "nothing is sent without a token"
    );

    fake.push_fault(Fault::status(503).retry_after("0"));
    let ok = raw_get(&raw, INCIDENT).await.unwrap();
    assert_eq!(ok.status(), 200);
    let sent = fake.requests();
    assert_eq!(sent.len(), 2, "the 503 was retried");
    assert_eq!(sent[1].bearer_token(), Some(SECRET));
}

#[tokio::test]
async fn an_oversized_body_fails_to_read_and_the_next_call_still_retries() {
    let fake = fake_with_sample().await;
    let raw = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new(SECRET))
        .retry(retries(2))
        .max_response_bytes(100)
        .build()
        .unwrap()
        .raw();
    match raw_get(&raw, INCIDENT).await {
        Err(raw::Error::ResponseBodyError(e)) => {
            let mut chain = e.to_string();
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                chain += &format!(": {c}");
                cause = c.source();
            }
            assert!(chain.contains("exceeds the 100-byte limit"), "{chain}");
        }
        other => panic!("expected a body error, got {other:?}"),
    }
    fake.push_fault(Fault::status(503).body("{}"));
    fake.push_fault(Fault::status(404).body(""));
    match raw_get(&raw, INCIDENT).await {
        Err(raw::Error::ErrorResponse(response)) => assert_eq!(response.status(), 404),
        Err(raw::Error::InvalidResponsePayload(..)) => {}
        other => panic!("expected the 404 after one retry, got {other:?}"),
    }
    assert_eq!(
        fake.requests().len(),
        3,
        "the 503 of the second call was retried"
    );
}

#[tokio::test]
async fn a_401_refreshes_the_token_through_the_raw_client_too() {
    let fake = fake_with_sample().await;
    let raw = client_with(&fake.url(), StaticToken::new(SECRET)).raw();
    fake.push_fault(Fault::status(401));
    raw_get(&raw, INCIDENT).await.unwrap();
    assert_eq!(fake.requests().len(), 2);
}

/// A response the generated method cannot place keeps the URL it came from.
#[tokio::test]
async fn an_unexpected_status_keeps_its_url() {
    let fake = fake_with_sample().await;
    let raw = client_with(&fake.url(), StaticToken::new(SECRET)).raw();
    fake.push_fault(Fault::status(204));
    match raw_get(&raw, INCIDENT).await {
        Err(raw::Error::UnexpectedResponse(response)) => {
            assert_eq!(response.status(), 204);
            assert!(response.url().as_str().starts_with(&fake.url()));
            assert!(response
                .url()
                .path()
                .ends_with(&format!("/incidents/{INCIDENT}")));
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }
}

/// `SentinelClient` builds its request itself (see src/client.rs); it must
/// be exactly the request the generated client sends for the spec.
#[tokio::test]
async fn the_facade_and_the_generated_client_send_the_same_request() {
    let fake = fake_with_sample().await;
    let client = client_with(&fake.url(), StaticToken::new(SECRET));
    let names = [INCIDENT, "odd name/with?query#chars&%", "…ünïcode"];
    for name in names {
        let _ = client.get_incident(&sample_workspace(), name).await;
        let _ = raw_get(&client.raw(), name).await;
    }
    let sent = fake.requests();
    assert_eq!(sent.len(), 2 * names.len());
    for pair in sent.chunks(2) {
        let (facade, generated) = (&pair[0], &pair[1]);
        assert_eq!(facade.method, generated.method);
        assert_eq!(facade.path, generated.path);
        assert_eq!(facade.query, generated.query);
        let headers = |r: &sentinel_incidents::fake::RecordedRequest| {
            let mut names: Vec<(String, String)> = r
                .headers
                .iter()
                .map(|(k, v)| {
                    let value = match k.as_str() {
                        "x-ms-client-request-id" => "<uuid>".to_string(),
                        _ => v.to_str().unwrap().to_string(),
                    };
                    (k.to_string(), value)
                })
                .collect();
            names.sort();
            names
        };
        assert_eq!(headers(facade), headers(generated), "{}", facade.path);
    }
}
