//! The fake server answers like Azure Resource Manager, injects faults and
//! records requests. Driven with plain reqwest, as any HTTP client would.

use std::time::{Duration, Instant};

use sentinel_incidents::fake::{FakeSentinel, Fault};
use sentinel_incidents::{Error, SentinelClient, WorkspaceRef, API_VERSION};
use serde_json::{json, Value};

const SUB: &str = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";
const PATH: &str = "/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/incidents/inc-1";

async fn fake() -> FakeSentinel {
    let fake = FakeSentinel::start().await.unwrap();
    let ws = WorkspaceRef::new(SUB, "myRg", "myWorkspace").unwrap();
    fake.insert_incident(&ws, "inc-1", json!({ "etag": "\"e1\"", "properties": { "title": "t", "severity": "Low", "status": "New" } }));
    fake
}

fn http() -> reqwest::Client {
    // Plain `Client::new()`, as a user's own reqwest beside this crate would
    // call it, whatever TLS features the build has (issue 17).
    reqwest::Client::new()
}

async fn get(
    fake: &FakeSentinel,
    path_and_query: &str,
    token: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut request = http().get(format!("{}{path_and_query}", fake.url()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, headers, body)
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn answers_get_with_the_registered_incident_and_arm_headers() {
    let fake = fake().await;
    let (status, headers, body) = get(
        &fake,
        &format!("{PATH}?api-version={API_VERSION}"),
        Some("t"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["properties"]["title"], "t");
    assert_eq!(body["name"], "inc-1", "name filled in as ARM would");
    assert_eq!(body["id"], PATH);
    assert_eq!(body["type"], "Microsoft.SecurityInsights/incidents");
    assert_eq!(headers["etag"], "\"e1\"");
    assert!(
        headers.contains_key("x-ms-request-id")
            && headers.contains_key("x-ms-correlation-request-id")
    );
}

#[tokio::test]
async fn names_match_case_insensitively_like_arm() {
    let fake = fake().await;
    let path = PATH
        .replace("resourceGroups/myRg", "resourcegroups/MYRG")
        .replace("/incidents/inc-1", "/Incidents/INC-1");
    let (status, _, _) = get(
        &fake,
        &format!("{path}?api-version={API_VERSION}"),
        Some("t"),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn arm_errors_in_arm_order() {
    let fake = fake().await;
    // Authentication is checked before anything else.
    let (status, _, body) = get(&fake, PATH, None).await;
    assert_eq!((status, code(&body)), (401, "AuthenticationFailed"));
    let (status, _, body) = get(&fake, PATH, Some("t")).await;
    assert_eq!((status, code(&body)), (400, "MissingApiVersionParameter"));
    let (status, _, body) = get(&fake, &format!("{PATH}?api-version=2023-02-01"), Some("t")).await;
    assert_eq!((status, code(&body)), (400, "InvalidApiVersionParameter"));
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'2023-02-01'"));
    let unknown = PATH.replace("inc-1", "inc-2");
    let (status, _, body) = get(
        &fake,
        &format!("{unknown}?api-version={API_VERSION}"),
        Some("t"),
    )
    .await;
    assert_eq!((status, code(&body)), (404, "ResourceNotFound"));
    let (status, _, body) = get(
        &fake,
        &format!("/subscriptions?api-version={API_VERSION}"),
        Some("t"),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(code(&body), "NotFound");
    let response = http()
        .delete(format!("{}{PATH}?api-version={API_VERSION}", fake.url()))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404, "only Get is served");
}

#[tokio::test]
async fn a_client_without_a_credential_gets_a_typed_401() {
    let fake = fake().await;
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .build()
        .unwrap();
    let ws = WorkspaceRef::new(SUB, "myRg", "myWorkspace").unwrap();
    let err = client.get_incident(&ws, "inc-1").await.unwrap_err();
    assert!(matches!(err, Error::Http(_)));
    assert_eq!(
        err.cloud_error().unwrap().code.as_deref(),
        Some("AuthenticationFailed")
    );
}

#[tokio::test]
async fn faults_apply_one_per_request_in_order() {
    let fake = fake().await;
    fake.push_fault(
        Fault::status(429)
            .retry_after("7")
            .header("x-ms-ratelimit-remaining", "0"),
    );
    fake.push_fault(Fault::status(502).body("<html>bad gateway</html>"));
    fake.push_fault(Fault::delay(Duration::from_millis(150)));
    let url = format!("{PATH}?api-version={API_VERSION}");

    let (status, headers, body) = get(&fake, &url, Some("t")).await;
    assert_eq!((status, code(&body)), (429, "TooManyRequests"));
    assert_eq!(headers["retry-after"], "7");
    assert_eq!(headers["x-ms-ratelimit-remaining"], "0");

    let response = http()
        .get(format!("{}{url}", fake.url()))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 502);
    assert_eq!(response.text().await.unwrap(), "<html>bad gateway</html>");

    let started = Instant::now();
    let (status, _, body) = get(&fake, &url, Some("t")).await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(
        (status, &body["properties"]["title"]),
        (200, &json!("t")),
        "a delay alone answers normally"
    );

    let (status, _, _) = get(&fake, &url, Some("t")).await;
    assert_eq!(status, 200, "faults are used up");
}

#[tokio::test]
async fn requests_are_recorded_with_the_token_redacted_in_debug() {
    let fake = fake().await;
    get(
        &fake,
        &format!("{PATH}?api-version={API_VERSION}"),
        Some("secret-token"),
    )
    .await;
    get(&fake, "/other", None).await;
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, PATH);
    assert_eq!(
        requests[0].query.as_deref(),
        Some(format!("api-version={API_VERSION}").as_str())
    );
    assert_eq!(requests[0].bearer_token(), Some("secret-token"));
    assert_eq!(requests[1].bearer_token(), None);
    let debug = format!("{requests:?}");
    assert!(
        !debug.contains("secret-token") && debug.contains("<redacted>"),
        "{debug}"
    );
}

#[tokio::test]
async fn the_server_stops_when_dropped() {
    let fake = fake().await;
    let url = fake.url();
    drop(fake);
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(http().get(format!("{url}/x")).send().await.is_err());
}
