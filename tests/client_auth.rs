//! Credentials and where tokens go: the token cache and its refresh after a
//! 401, a failing credential, redirects, and https-or-loopback only.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use common::client::{client, fake_with_sample, fast_retries, workspace, INCIDENT, SECRET};
use common::raw_server;
use sentinel_incidents::fake::Fault;
use sentinel_incidents::{
    AccessToken, AzureCloud, Credential, CredentialError, Error, SentinelClient, StaticToken,
    TokenFuture,
};

/// Hands out `token-1`, `token-2`, … and records the scopes it was asked for.
#[derive(Debug, Default)]
struct CountingCredential {
    calls: AtomicUsize,
    scopes: Mutex<Vec<String>>,
    lifetime: Option<Duration>,
}

impl Credential for CountingCredential {
    fn get_token<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a> {
        Box::pin(async move {
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
        })
    }
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
    impl Credential for Broken {
        fn get_token<'a>(&'a self, _: &'a [&'a str]) -> TokenFuture<'a> {
            Box::pin(async { Err(CredentialError::new("no identity available")) })
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
