//! The client against real HTTP servers on loopback: the fake ARM server and,
//! for what it cannot do (resets, other hosts), plain TCP listeners.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use common::{json, raw_server, SAMPLE};
use sentinel_incidents::fake::{FakeSentinel, Fault};
use sentinel_incidents::types::IncidentSeverity;
use sentinel_incidents::{
    AccessToken, AzureCloud, Credential, CredentialError, Error, IncidentId, RetryOptions,
    SentinelClient, StaticToken, WorkspaceRef, API_VERSION,
};

const SUB: &str = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";
const INCIDENT: &str = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";
const SECRET: &str = "very-secret-token-3f9a";

fn workspace() -> WorkspaceRef {
    WorkspaceRef::new(SUB, "myRg", "myWorkspace").unwrap()
}

fn fast_retries(max_retries: usize) -> RetryOptions {
    RetryOptions::default()
        .with_max_retries(max_retries)
        .with_initial_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(500))
        .with_max_elapsed(Duration::from_secs(5))
}

async fn fake_with_sample() -> FakeSentinel {
    let fake = FakeSentinel::start().await.unwrap();
    fake.insert_incident(&workspace(), INCIDENT, json(SAMPLE));
    fake
}

fn client(endpoint: &str, retries: usize) -> SentinelClient {
    SentinelClient::builder()
        .endpoint(endpoint)
        .credential(StaticToken::new(SECRET))
        .retry(fast_retries(retries))
        .build()
        .unwrap()
}

/// Hands out `token-1`, `token-2`, … and records the scopes it was asked for.
#[derive(Debug, Default)]
struct CountingCredential {
    calls: AtomicUsize,
    scopes: Mutex<Vec<String>>,
    lifetime: Option<Duration>,
}

#[async_trait]
impl Credential for CountingCredential {
    async fn get_token(&self, scopes: &[&str]) -> Result<AccessToken, CredentialError> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        self.scopes
            .lock()
            .unwrap()
            .extend(scopes.iter().map(|s| s.to_string()));
        let lifetime = self.lifetime.unwrap_or(Duration::from_secs(3600));
        Ok(AccessToken::new(
            format!("token-{n}"),
            SystemTime::now() + lifetime,
        ))
    }
}

#[tokio::test]
async fn get_sends_the_exact_path_query_and_headers() {
    let fake = fake_with_sample().await;
    let response = client(&fake.url(), 0)
        .get_incident_with_response(&workspace(), INCIDENT)
        .await
        .unwrap();
    assert_eq!(
        response.incident.properties.unwrap().severity,
        IncidentSeverity::High
    );
    assert_eq!(
        response.etag.as_deref(),
        Some("\"0300bf09-0000-0000-0000-5c37296e0000\"")
    );
    assert!(response.request_ids.request_id.is_some());
    assert_eq!(response.attempts, 1);

    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.path,
        format!(
            "/subscriptions/{SUB}/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/incidents/{INCIDENT}"
        )
    );
    assert_eq!(
        request.query.as_deref(),
        Some(format!("api-version={API_VERSION}").as_str())
    );
    // progenitor adds an `api-version` header; ARM reads the query only, so we drop it.
    assert_eq!(request.header("api-version"), None);
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.bearer_token(), Some(SECRET));
    let ua = request.header("user-agent").unwrap();
    assert!(
        ua.starts_with(&format!("sentinel-incidents/{}", env!("CARGO_PKG_VERSION"))),
        "{ua}"
    );
    let id = request.header("x-ms-client-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[tokio::test]
async fn not_found_is_a_typed_cloud_error_and_not_retried() {
    let fake = fake_with_sample().await;
    let err = client(&fake.url(), 3)
        .get_incident(&workspace(), "no-such-incident")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let cloud = err.cloud_error().expect("CloudError body");
    assert_eq!(cloud.code.as_deref(), Some("ResourceNotFound"));
    assert!(cloud
        .message
        .as_deref()
        .unwrap()
        .contains("no-such-incident"));
    assert!(!err.is_retryable());
    let request_id = err.request_ids().unwrap().request_id.clone().unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "404 ResourceNotFound: The Resource 'Microsoft.SecurityInsights/incidents/no-such-incident' under resource group 'myRg' was not found. (request id {request_id})"
        )
    );
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn hostile_names_are_rejected_before_any_request() {
    let fake = fake_with_sample().await;
    let client = client(&fake.url(), 0);
    for name in ["..", ".", ""] {
        let err = client.get_incident(&workspace(), name).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    what: "incident id",
                    ..
                }
            ),
            "{name:?}: {err}"
        );
    }
    let err = client.get_incident(&workspace(), "..").await.unwrap_err();
    assert!(err.to_string().contains("another resource"), "{err}");
    for (sub, rg, ws) in [
        (SUB, "..", "myWorkspace"),
        (SUB, ".", "myWorkspace"),
        (SUB, "rg/x", "myWorkspace"),
        (SUB, &"r".repeat(91), "myWorkspace"),
        (SUB, "myRg", "bad_name"),
        (SUB, "myRg", "-leading"),
        (SUB, "myRg", "ab"),
        (SUB, "myRg", &"w".repeat(91)),
        ("not-a-uuid", "myRg", "myWorkspace"),
    ] {
        assert!(WorkspaceRef::new(sub, rg, ws).is_err(), "{sub} {rg} {ws}");
    }
    assert!(WorkspaceRef::new(SUB, "my.rg_(1)", "abc").is_ok());
    assert!(fake.requests().is_empty(), "nothing may reach the server");
}

#[test]
fn generated_parameter_types_enforce_the_spec() {
    use sentinel_incidents::types::{IncidentsGetIncidentId, IncidentsGetWorkspaceName};
    assert!("..".parse::<IncidentsGetIncidentId>().is_err());
    assert!(".".parse::<IncidentsGetIncidentId>().is_err());
    assert!("".parse::<IncidentsGetIncidentId>().is_err());
    assert!("...".parse::<IncidentsGetIncidentId>().is_ok());
    assert!(
        "a/..".parse::<IncidentsGetIncidentId>().is_ok(),
        "slashes are percent-encoded, not resolved"
    );
    assert!("my-workspace".parse::<IncidentsGetWorkspaceName>().is_ok());
    assert!("my_workspace".parse::<IncidentsGetWorkspaceName>().is_err());
}

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
async fn truncated_json_is_a_decode_error_with_its_status() {
    let fake = fake_with_sample().await;
    fake.push_fault(Fault::status(200).body(&SAMPLE.as_bytes()[..SAMPLE.len() / 2]));
    let err = client(&fake.url(), 3)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status,
            body,
            request_ids,
            ..
        } => {
            assert_eq!(status.as_u16(), 200);
            assert!(body.starts_with("{"));
            assert!(request_ids.request_id.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fake.requests().len(),
        1,
        "a complete but invalid body is not retried"
    );
}

#[tokio::test]
async fn an_html_502_keeps_status_and_body() {
    let fake = fake_with_sample().await;
    let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>";
    fake.push_fault(
        Fault::status(502)
            .body(html)
            .header("content-type", "text/html"),
    );
    let err = client(&fake.url(), 0)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert!(err.cloud_error().is_none());
    match &err {
        Error::Http(http) => assert_eq!(http.body.as_deref(), Some(html)),
        other => panic!("{other:?}"),
    }
    let line = err.to_string();
    assert!(
        line.starts_with("502 Bad Gateway: <html> <head><title>502 Bad Gateway</title>"),
        "{line}"
    );
    assert!(!line.contains('\n'));
}

#[tokio::test]
async fn an_empty_404_says_so() {
    let fake = fake_with_sample().await;
    fake.push_fault(Fault::status(404).body(""));
    let err = client(&fake.url(), 3)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(
        err.to_string()
            .starts_with("404 Not Found (empty body) (request id "),
        "{err}"
    );
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn a_401_refreshes_the_token_once() {
    let fake = fake_with_sample().await;
    fake.push_fault(Fault::status(401));
    let credential = Arc::new(CountingCredential::default());
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .shared_credential(credential.clone())
        .retry(fast_retries(3))
        .build()
        .unwrap();
    let response = client
        .get_incident_with_response(&workspace(), INCIDENT)
        .await
        .unwrap();
    assert_eq!(response.attempts, 2);
    let tokens: Vec<_> = fake
        .requests()
        .iter()
        .map(|r| r.bearer_token().unwrap().to_string())
        .collect();
    assert_eq!(tokens, ["token-1", "token-2"]);
    assert_eq!(
        credential.scopes.lock().unwrap()[0],
        "https://management.azure.com/.default"
    );

    // A second refusal is final: one refresh per call.
    fake.push_fault(Fault::status(401));
    fake.push_fault(Fault::status(401));
    let err = client
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(fake.requests().len(), 4);
    assert_eq!(credential.calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn tokens_are_cached_until_five_minutes_before_expiry() {
    let fake = fake_with_sample().await;
    for (lifetime, expected_calls) in [
        (Duration::from_secs(3600), 1),
        (Duration::from_secs(240), 3),
    ] {
        let credential = Arc::new(CountingCredential {
            lifetime: Some(lifetime),
            ..Default::default()
        });
        let client = SentinelClient::builder()
            .endpoint(fake.url())
            .cloud(AzureCloud::China)
            .shared_credential(credential.clone())
            .build()
            .unwrap();
        for _ in 0..3 {
            client.get_incident(&workspace(), INCIDENT).await.unwrap();
        }
        assert_eq!(
            credential.calls.load(Ordering::SeqCst),
            expected_calls,
            "lifetime {lifetime:?}"
        );
        assert!(credential
            .scopes
            .lock()
            .unwrap()
            .iter()
            .all(|s| s == "https://management.chinacloudapi.cn/.default"));
    }
}

#[tokio::test]
async fn a_failing_credential_is_reported_without_a_request() {
    #[derive(Debug)]
    struct Broken;
    #[async_trait]
    impl Credential for Broken {
        async fn get_token(&self, _: &[&str]) -> Result<AccessToken, CredentialError> {
            Err(CredentialError::new("no identity available"))
        }
    }
    let fake = fake_with_sample().await;
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(Broken)
        .build()
        .unwrap();
    let err = client
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credential(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "could not get an access token: no identity available"
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn a_redirect_to_another_host_does_not_carry_the_token() {
    let elsewhere = fake_with_sample().await;
    let location = format!("{}/stolen", elsewhere.url());
    let reply = format!(
        "HTTP/1.1 302 Found
Location: {location}
Content-Length: 0
Connection: close

"
    );
    let (redirector, _) = raw_server(Some(reply)).await;
    let err = client(&redirector, 3)
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    assert!(
        elsewhere.requests().is_empty(),
        "the other host saw {:?}",
        elsewhere.requests()
    );
}

#[tokio::test]
async fn an_oversized_body_fails_cleanly() {
    let fake = fake_with_sample().await;
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new(SECRET))
        .max_response_bytes(256)
        .build()
        .unwrap();
    let err = client
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 256, .. }),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn an_incident_id_leads_back_to_a_get() {
    let fake = fake_with_sample().await;
    let client = client(&fake.url(), 0);
    let first = client.get_incident(&workspace(), INCIDENT).await.unwrap();
    let mixed_case = first
        .id
        .clone()
        .unwrap()
        .replace("/incidents/", "/Incidents/");
    let id = IncidentId::parse(&mixed_case).unwrap();
    assert_eq!(
        id.to_string(),
        first.id.clone().unwrap(),
        "Display is canonical"
    );
    assert_eq!(IncidentId::try_from(&first).unwrap(), id);
    let again = client.get_incident_by_id(&id).await.unwrap();
    assert_eq!(again, first);
}

#[test]
fn incident_ids_are_parsed_strictly() {
    let good = format!("/subscriptions/{SUB}/resourceGroups/myRg/providers/microsoft.operationalinsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/incidents/{INCIDENT}");
    let id = IncidentId::parse(&good).unwrap();
    assert_eq!(id.workspace(), &workspace());
    assert_eq!(id.name(), INCIDENT);
    for bad in [
        good.replace("/incidents/", "/alertRules/"),
        good.replace(&format!("/{INCIDENT}"), "/.."),
        good.replace(&format!("/{INCIDENT}"), ""),
        good.trim_start_matches('/').to_string(),
        good.replace(SUB, "not-a-guid"),
        format!("{good}/comments/1"),
    ] {
        assert!(IncidentId::parse(&bad).is_err(), "{bad}");
    }
}

#[test]
fn bearer_tokens_go_over_https_or_loopback_only() {
    let build = |endpoint: &str| {
        SentinelClient::builder()
            .endpoint(endpoint)
            .credential(StaticToken::new(SECRET))
            .build()
    };
    let err = build("http://management.example.com").unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    for ok in [
        "http://127.0.0.1:8080",
        "http://[::1]:1",
        "http://localhost:1",
    ] {
        assert!(build(ok).is_ok(), "{ok}");
    }
    // Without a TLS feature https is refused whatever the credential (tests/tls.rs).
    let tls = cfg!(any(feature = "rustls", feature = "native-tls"));
    assert_eq!(build("https://management.example.com").is_ok(), tls);
    assert!(
        SentinelClient::builder()
            .endpoint("http://proxy.internal")
            .build()
            .is_ok(),
        "no credential, no token to leak"
    );
    assert!(build("ftp://x").is_err());
}

/// The clouds' endpoints are https, so a client for one needs a TLS feature.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
#[test]
fn each_cloud_has_its_resource_manager_endpoint() {
    assert_eq!(
        SentinelClient::builder().build().unwrap().endpoint(),
        "https://management.azure.com"
    );
    let gov = SentinelClient::builder()
        .cloud(AzureCloud::UsGovernment)
        .build()
        .unwrap();
    assert_eq!(gov.endpoint(), "https://management.usgovcloudapi.net");
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_a_credential_error() {
    let fake = fake_with_sample().await;
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new("line\nbreak"))
        .build()
        .unwrap();
    let err = client
        .get_incident(&workspace(), INCIDENT)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Credential(_)), "{err:?}");
    assert!(
        !err.to_string().contains("line"),
        "the token stays out of the message: {err}"
    );
    assert!(fake.requests().is_empty());
}

/// Callers move and spawn the future of every call; the attempt loop and the
/// error path are boxed so that it stays small (it was 5 KB before).
#[test]
fn a_call_future_stays_small() {
    let client = client("http://127.0.0.1:9", 0);
    let ws = workspace();
    let call = client.get_incident(&ws, INCIDENT);
    let size = std::mem::size_of_val(&call);
    eprintln!("get_incident's future: {size} bytes");
    assert!(size <= 3 * 1024, "get_incident's future is {size} bytes");
}
