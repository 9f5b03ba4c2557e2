//! The clients under comparison, each making one Incidents - Get against
//! the loopback server and decoding the body into its own model.

use std::sync::Arc;

use azure_mgmt_securityinsights::package_preview_2024_04 as legacy;
use sentinel_incidents::{SentinelClient, StaticToken, WorkspaceRef};

use crate::{INCIDENT, RESOURCE_GROUP, SUBSCRIPTION, WORKSPACE};

pub const SIDES: [&str; 4] = ["bare", "ours", "legacy-keepalive", "legacy-default"];

/// One side's client. Spawned calls share it through one `Arc`, so no side
/// pays for cloning its own client state per task.
pub enum Caller {
    /// reqwest 0.13 by hand: the floor any client of this operation pays.
    Bare {
        http: reqwest::Client,
        base: String,
        subscription: String,
        resource_group: String,
        workspace: String,
    },
    Ours {
        client: SentinelClient,
        workspace: WorkspaceRef,
    },
    /// The legacy SDK's incidents client; its `get` clones what it needs.
    Legacy(legacy::incidents::Client),
}

/// A token credential as the legacy SDK's users write one: a cached token,
/// cloned per call (azure_identity's credentials do the same).
#[derive(Debug)]
struct LegacyStaticToken(azure_core::auth::AccessToken);

#[async_trait::async_trait]
impl azure_core::auth::TokenCredential for LegacyStaticToken {
    async fn get_token(
        &self,
        _scopes: &[&str],
    ) -> azure_core::Result<azure_core::auth::AccessToken> {
        Ok(self.0.clone())
    }
    async fn clear_cache(&self) -> azure_core::Result<()> {
        Ok(())
    }
}

impl Caller {
    pub fn new(side: &str, url: &str) -> Caller {
        match side {
            "bare" => {
                Caller::Bare {
                    http: reqwest::Client::new(),
                    base: url.trim_end_matches('/').into(),
                    subscription: SUBSCRIPTION.into(),
                    resource_group: RESOURCE_GROUP.into(),
                    workspace: WORKSPACE.into(),
                }
            }
            "ours" => Caller::Ours {
                client: SentinelClient::builder()
                    .endpoint(url)
                    .credential(StaticToken::new("t"))
                    .build()
                    .expect("our client builds"),
                workspace: WorkspaceRef::new(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE)
                    .expect("valid workspace"),
            },
            "legacy-keepalive" | "legacy-default" => {
                let token = azure_core::auth::AccessToken::new(
                    "t",
                    time::OffsetDateTime::now_utc() + time::Duration::hours(1),
                );
                let mut builder = legacy::ClientBuilder::new(Arc::new(LegacyStaticToken(token)))
                    .endpoint(azure_core::Url::parse(url).expect("server URL parses"));
                if side == "legacy-keepalive" {
                    // A plain reqwest 0.12 client pools connections; the SDK's
                    // default (new_reqwest_client) sets pool_max_idle_per_host(0).
                    let http: Arc<dyn azure_core::HttpClient> = Arc::new(reqwest012::Client::new());
                    builder = builder.transport(azure_core::TransportOptions::new(http));
                }
                let client = builder.build().expect("legacy client builds");
                Caller::Legacy(client.incidents_client())
            }
            other => panic!("unknown side {other}; sides: {}", SIDES.join(", ")),
        }
    }

    /// One Incidents - Get, decoded; panics on any error, so a broken side
    /// cannot look fast.
    pub async fn call(&self) {
        match self {
            Caller::Bare {
                http,
                base,
                subscription,
                resource_group,
                workspace,
            } => {
                // Formatted per call from its parts, as any real client must.
                let url = format!(
                    "{base}/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/Microsoft.OperationalInsights/workspaces/{workspace}/providers/Microsoft.SecurityInsights/incidents/{INCIDENT}?api-version={}", sentinel_incidents::API_VERSION
                );
                let body = http
                    .get(url)
                    .bearer_auth("t")
                    .send()
                    .await
                    .and_then(|r| r.error_for_status())
                    .expect("bare GET")
                    .bytes()
                    .await
                    .expect("bare body");
                let incident: sentinel_incidents::types::Incident =
                    serde_json::from_slice(&body).expect("bare decode");
                assert!(incident.name.is_some());
            }
            Caller::Ours { client, workspace } => {
                let incident = client
                    .get_incident(workspace, INCIDENT)
                    .await
                    .expect("ours get_incident");
                assert!(incident.name.is_some());
            }
            Caller::Legacy(incidents) => {
                let incident = incidents
                    .get(SUBSCRIPTION, RESOURCE_GROUP, WORKSPACE, INCIDENT)
                    .await
                    .expect("legacy incidents get");
                assert!(incident.resource_with_etag.resource.name.is_some());
            }
        }
    }

    /// `calls` calls, one at a time or `in_flight` at once per batch (spawned
    /// on the current-thread runtime, as benches/ratios.rs does).
    pub async fn run(self: &Arc<Self>, calls: usize, in_flight: usize) {
        if in_flight <= 1 {
            for _ in 0..calls {
                self.call().await;
            }
            return;
        }
        for _ in 0..calls / in_flight {
            let mut batch = tokio::task::JoinSet::new();
            for _ in 0..in_flight {
                let caller = Arc::clone(self);
                batch.spawn(async move { caller.call().await });
            }
            batch.join_all().await;
        }
    }
}
