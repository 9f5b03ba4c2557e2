//! The exact request `get_incident` puts on the wire: the headers Resource
//! Manager expects and nothing else (no `api-version` header: ARM reads the
//! query), the raw client's the same.

mod common;

use common::{json, sample_workspace, SAMPLE};
use sentinel_incidents::fake::{FakeSentinel, RecordedRequest};
use sentinel_incidents::{SentinelClient, StaticToken, API_VERSION};

const INCIDENT: &str = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";

fn header_names(request: &RecordedRequest) -> Vec<&str> {
    let mut names: Vec<&str> = request.headers.keys().map(|k| k.as_str()).collect();
    names.sort_unstable();
    names
}

#[tokio::test]
async fn get_incident_sends_exactly_the_headers_arm_expects() {
    let fake = FakeSentinel::start().await.unwrap();
    let ws = sample_workspace();
    fake.insert_incident(&ws, INCIDENT, json(SAMPLE));
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new("wire-token"))
        .build()
        .unwrap();
    client.get_incident(&ws, INCIDENT).await.unwrap();
    let raw = client.raw();
    raw.incidents_get(
        &ws.subscription_id(),
        &ws.resource_group().parse().unwrap(),
        &ws.workspace_name().parse().unwrap(),
        &INCIDENT.parse().unwrap(),
        &API_VERSION.parse().unwrap(),
    )
    .await
    .unwrap();

    let sent = fake.requests();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(
            header_names(request),
            [
                "accept",
                "authorization",
                "host",
                "user-agent",
                "x-ms-client-request-id"
            ],
            "{request:?}"
        );
        assert_eq!(request.header("accept"), Some("application/json"));
        assert_eq!(request.bearer_token(), Some("wire-token"));
        assert_eq!(
            request.query.as_deref(),
            Some(format!("api-version={API_VERSION}").as_str())
        );
    }
}
