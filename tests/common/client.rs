//! What the `client_*` tests share: the sample workspace and incident, a
//! client with fast retries, and the fake holding the sample incident.

use std::time::Duration;

use sentinel_incidents::fake::FakeSentinel;
use sentinel_incidents::{RetryOptions, SentinelClient, StaticToken, WorkspaceRef};

use super::{json, SAMPLE};

pub const SUB: &str = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";
pub const INCIDENT: &str = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";
pub const SECRET: &str = "very-secret-token-3f9a";

pub fn workspace() -> WorkspaceRef {
    WorkspaceRef::new(SUB, "myRg", "myWorkspace").unwrap()
}

pub fn fast_retries(max_retries: usize) -> RetryOptions {
    RetryOptions::default()
        .with_max_retries(max_retries)
        .with_initial_delay(Duration::from_millis(1))
        .with_max_delay(Duration::from_millis(500))
        .with_max_elapsed(Duration::from_secs(5))
}

pub async fn fake_with_sample() -> FakeSentinel {
    let fake = FakeSentinel::start().await.unwrap();
    fake.insert_incident(&workspace(), INCIDENT, json(SAMPLE));
    fake
}

/// A client of `endpoint` with the sample token and `retries` fast retries.
pub fn client(endpoint: &str, retries: usize) -> SentinelClient {
    SentinelClient::builder()
        .endpoint(endpoint)
        .credential(StaticToken::new(SECRET))
        .retry(fast_retries(retries))
        .build()
        .unwrap()
}
