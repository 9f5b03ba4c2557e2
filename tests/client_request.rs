//! What a call puts on the wire and what it hands back: the request's path,
//! query and headers against the fake ARM server, a Get by ARM id, and the
//! size of a call's future.

mod common;

use common::client::{client, fake_with_sample, workspace, INCIDENT, SECRET, SUB};
use sentinel_incidents::types::IncidentSeverity;
use sentinel_incidents::{Error, IncidentId, SentinelClient, StaticToken, API_VERSION};

/// The `User-Agent` expected of this build, after `application` (with its
/// space). The rustc version is the one build.rs recorded for this package's
/// targets (the unit tests in `src/user_agent.rs` check its form).
fn user_agent(application: &str) -> String {
    let (os, arch) = (std::env::consts::OS, std::env::consts::ARCH);
    let version = env!("CARGO_PKG_VERSION");
    let rustc = env!("SENTINEL_INCIDENTS_RUSTC_VERSION");
    format!("{application}azsdk-rust-sentinel-incidents/{version} ({rustc}; {os}; {arch})")
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
    assert_eq!(
        request.header("user-agent"),
        Some(user_agent("").as_str()),
        "the Azure SDKs' form"
    );
    let id = request.header("x-ms-client-request-id").unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
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

#[tokio::test]
async fn an_application_id_leads_the_user_agent() {
    let fake = fake_with_sample().await;
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new(SECRET))
        .application_id("soc-tool/2.1")
        .build()
        .unwrap();
    client.get_incident(&workspace(), INCIDENT).await.unwrap();
    let expected = user_agent("soc-tool/2.1 ");
    assert_eq!(
        fake.requests()[0].header("user-agent"),
        Some(expected.as_str())
    );
}

#[test]
fn an_application_id_against_the_guidelines_is_refused() {
    for (id, words) in [
        ("my tool", "must not contain a space"),
        ("a-name-longer-than-24-chars", "Azure's limit is 24"),
        ("", "must not be empty"),
    ] {
        // A loopback endpoint: no TLS feature is needed to get this far.
        let err = SentinelClient::builder()
            .endpoint("http://127.0.0.1:1")
            .application_id(id)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{id:?}: {err:?}");
        assert!(err.to_string().contains(words), "{id:?}: {err}");
        assert!(err.to_string().contains(&format!("`{id}`")), "{err}");
    }
}
