//! What the benchmarks share: the payloads and the hand-written baseline.
#![allow(dead_code)]

use sentinel_incidents::types::AttackTactic;
use serde_json::{json, Value};

pub const SAMPLE: &str = include_str!("../../tests/fixtures/sample-incident.json");

/// What a careful hand-written binding would look like: plain strings for
/// enums, `Option`s for optional fields, unknown fields ignored.
pub mod hand_written {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    pub struct Incident {
        pub id: Option<String>,
        pub name: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<String>,
        pub etag: Option<String>,
        pub properties: Option<Properties>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Properties {
        pub title: String,
        pub severity: String,
        pub status: String,
        pub description: Option<String>,
        pub classification: Option<String>,
        pub classification_comment: Option<String>,
        pub classification_reason: Option<String>,
        pub created_time_utc: Option<chrono::DateTime<chrono::Utc>>,
        pub first_activity_time_utc: Option<chrono::DateTime<chrono::Utc>>,
        pub last_activity_time_utc: Option<chrono::DateTime<chrono::Utc>>,
        pub last_modified_time_utc: Option<chrono::DateTime<chrono::Utc>>,
        pub incident_number: Option<i32>,
        pub incident_url: Option<String>,
        pub provider_name: Option<String>,
        pub provider_incident_id: Option<String>,
        pub labels: Option<Vec<Label>>,
        pub related_analytic_rule_ids: Option<Vec<String>>,
        pub owner: Option<Owner>,
        pub additional_data: Option<AdditionalData>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Label {
        pub label_name: String,
        pub label_type: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Owner {
        pub object_id: Option<uuid::Uuid>,
        pub email: Option<String>,
        pub assigned_to: Option<String>,
        pub user_principal_name: Option<String>,
        pub owner_type: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AdditionalData {
        pub alerts_count: Option<i32>,
        pub bookmarks_count: Option<i32>,
        pub comments_count: Option<i32>,
        pub alert_product_names: Option<Vec<String>>,
        pub tactics: Option<Vec<String>>,
        pub provider_incident_url: Option<String>,
    }
}

/// The sample grown to what a busy incident looks like: many labels,
/// tactics, rule ids and product names, a long description.
pub fn large_incident() -> String {
    let mut value: Value = serde_json::from_str(SAMPLE).unwrap();
    let p = &mut value["properties"];
    p["description"] = json!("Lateral movement observed across hosts. ".repeat(400));
    p["labels"] = (0..200)
        .map(|i| json!({ "labelName": format!("label-{i}"), "labelType": if i % 2 == 0 { "User" } else { "AutoAssigned" } }))
        .collect();
    p["relatedAnalyticRuleIds"] = (0..300)
        .map(|i| json!(format!("/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/alertRules/{i:08}-747f-46a7-8ef0-9c0be8112bf7")))
        .collect();
    // Twelve of the known tactics, as the spec lists them.
    let tactics: Vec<&str> = AttackTactic::KNOWN
        .iter()
        .take(12)
        .map(|t| t.as_str())
        .collect();
    p["additionalData"]["tactics"] = json!(tactics);
    p["additionalData"]["alertProductNames"] =
        (0..50).map(|i| json!(format!("Product {i}"))).collect();
    p["additionalData"]["alertsCount"] = json!(1500);
    serde_json::to_string(&value).unwrap()
}

/// A loopback fake serving the sample on its own runtime thread, and the two
/// clients under comparison on a current-thread runtime.
pub struct GetSetup {
    pub rt: tokio::runtime::Runtime,
    pub client: sentinel_incidents::SentinelClient,
    pub workspace: sentinel_incidents::WorkspaceRef,
    pub plain: reqwest::Client,
    pub url: String,
    // Kept alive for the server task.
    _server_rt: tokio::runtime::Runtime,
    _fake: sentinel_incidents::fake::FakeSentinel,
}

pub const INCIDENT: &str = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";
pub const IN_FLIGHT: usize = 32;

impl GetSetup {
    /// Tracing on, as in a service: INFO formatted into a sink. `BENCH_LOG=debug`
    /// formats the per-call and per-attempt spans as well; `BENCH_LOG=off`
    /// installs no subscriber.
    pub fn new() -> Self {
        use sentinel_incidents::{SentinelClient, StaticToken, WorkspaceRef};
        let level = match std::env::var("BENCH_LOG").as_deref() {
            Ok("off") => None,
            Ok("debug") => Some(tracing::Level::DEBUG),
            _ => Some(tracing::Level::INFO),
        };
        if let Some(level) = level {
            let _ = tracing::subscriber::set_global_default(
                tracing_subscriber::fmt()
                    .with_max_level(level)
                    .with_writer(std::io::sink)
                    .finish(),
            );
        }
        let server_rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let workspace = WorkspaceRef::new(
            "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0",
            "myRg",
            "myWorkspace",
        )
        .unwrap();
        let fake = server_rt
            .block_on(sentinel_incidents::fake::FakeSentinel::start())
            .unwrap();
        fake.insert_incident(&workspace, INCIDENT, serde_json::from_str(SAMPLE).unwrap());
        let client = SentinelClient::builder()
            .endpoint(fake.url())
            .credential(StaticToken::new("bench-token"))
            .build()
            .unwrap();
        let url = format!(
            "{}/subscriptions/{}/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/incidents/{INCIDENT}?api-version={}",
            fake.url(),
            workspace.subscription_id(),
            sentinel_incidents::API_VERSION
        );
        Self {
            rt,
            client,
            workspace,
            plain: reqwest::Client::new(),
            url,
            _server_rt: server_rt,
            _fake: fake,
        }
    }

    /// One `get_incident`.
    pub async fn ours(
        client: sentinel_incidents::SentinelClient,
        workspace: sentinel_incidents::WorkspaceRef,
    ) {
        client.get_incident(&workspace, INCIDENT).await.unwrap();
    }

    /// The plain equivalent: GET with the token, decode into the same type.
    pub async fn plain(plain: reqwest::Client, url: String) {
        let body = plain
            .get(url)
            .bearer_auth("bench-token")
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        serde_json::from_slice::<sentinel_incidents::types::Incident>(&body).unwrap();
    }

    /// `IN_FLIGHT` concurrent `get_incident`s.
    pub async fn ours_in_flight(&self) {
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..IN_FLIGHT {
            calls.spawn(Self::ours(self.client.clone(), self.workspace.clone()));
        }
        calls.join_all().await;
    }

    /// `IN_FLIGHT` concurrent plain GETs.
    pub async fn plain_in_flight(&self) {
        let mut calls = tokio::task::JoinSet::new();
        for _ in 0..IN_FLIGHT {
            calls.spawn(Self::plain(self.plain.clone(), self.url.clone()));
        }
        calls.join_all().await;
    }
}
