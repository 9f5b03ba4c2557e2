//! The azure_core adapter: any `TokenCredential` authenticates the client,
//! with the Resource Manager scope, and its expiry drives the cache.
#![cfg(feature = "azure_core")]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use sentinel_incidents::azure_core::credentials::{
    AccessToken, Secret, TokenCredential, TokenRequestOptions,
};
use sentinel_incidents::azure_core::time::{Duration, OffsetDateTime};
use sentinel_incidents::fake::FakeSentinel;
use sentinel_incidents::{AzureCoreCredential, SentinelClient};

#[derive(Debug, Default)]
struct Fixed {
    calls: AtomicUsize,
}

#[async_trait::async_trait]
impl TokenCredential for Fixed {
    async fn get_token(
        &self,
        scopes: &[&str],
        _: Option<TokenRequestOptions<'_>>,
    ) -> sentinel_incidents::azure_core::Result<AccessToken> {
        assert_eq!(scopes, ["https://management.azure.com/.default"]);
        self.calls.fetch_add(1, Ordering::SeqCst);
        Ok(AccessToken::new(
            Secret::new("from-azure-core"),
            OffsetDateTime::now_utc() + Duration::hours(1),
        ))
    }
}

#[tokio::test]
async fn an_azure_core_credential_authenticates_the_client() {
    let fake = FakeSentinel::start().await.unwrap();
    let ws = common::sample_workspace();
    fake.insert_incident(
        &ws,
        "i",
        serde_json::json!({"properties": {"title": "t", "severity": "Low", "status": "New"}}),
    );
    let credential = Arc::new(Fixed::default());
    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(AzureCoreCredential::new(credential.clone()))
        .build()
        .unwrap();
    client.get_incident(&ws, "i").await.unwrap();
    client.get_incident(&ws, "i").await.unwrap();
    assert_eq!(fake.requests()[0].bearer_token(), Some("from-azure-core"));
    assert_eq!(
        credential.calls.load(Ordering::SeqCst),
        1,
        "cached for its hour"
    );
    assert!(!format!("{client:?}").contains("from-azure-core"));
}
