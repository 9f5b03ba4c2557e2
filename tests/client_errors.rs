//! Failure statuses and bodies as one `Error`: a CloudError, a body that is
//! not one, an empty body, JSON cut short, a body over the limit.

mod common;

use common::client::{client, fake_with_sample, workspace, INCIDENT, SECRET};
use common::SAMPLE;
use sentinel_incidents::fake::Fault;
use sentinel_incidents::{Error, SentinelClient, StaticToken};

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
