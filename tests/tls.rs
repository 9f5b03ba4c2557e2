//! What the TLS features decide, in whichever feature set the tests are
//! built with: `scripts/check-features.sh` runs this file with and without a
//! TLS feature, and each build asserts its own side.

use sentinel_incidents::fake::FakeSentinel;
use sentinel_incidents::{AzureCloud, Error, SentinelClient, StaticToken, WorkspaceRef};

const TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

#[test]
fn the_default_cloud_builds_only_with_a_tls_feature() {
    for cloud in [
        AzureCloud::Public,
        AzureCloud::China,
        AzureCloud::UsGovernment,
    ] {
        let built = SentinelClient::builder().cloud(cloud).build();
        match (TLS, built) {
            (true, Ok(_)) => {}
            (false, Err(Error::Config(message))) => {
                assert!(message.contains("`rustls` feature"), "{message}");
                assert!(message.contains("https://"), "{message}");
            }
            (_, other) => panic!("TLS compiled in: {TLS}; build() gave {other:?}"),
        }
    }
}

#[test]
fn an_explicit_https_endpoint_is_refused_without_tls() {
    let built = SentinelClient::builder()
        .endpoint("https://127.0.0.1:1")
        .build();
    assert_eq!(built.is_ok(), TLS, "{built:?}");
}

#[tokio::test]
async fn plain_http_to_loopback_works_in_every_build() {
    let fake = FakeSentinel::start().await.unwrap();
    let ws = WorkspaceRef::new(
        "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0",
        "myRg",
        "myWorkspace",
    )
    .unwrap();
    fake.insert_incident(
        &ws,
        "inc-1",
        serde_json::json!({ "properties": { "title": "t", "severity": "Low", "status": "New" } }),
    );
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new("test-token"))
        .build()
        .unwrap();
    let incident = client.get_incident(&ws, "inc-1").await.unwrap();
    assert_eq!(incident.properties.unwrap().title, "t");
}
