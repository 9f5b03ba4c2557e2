//! `SentinelClient`: the façade users hold. It validates input, sends the
//! request through the shared [`Pipeline`], and decodes the generated
//! [`Incident`] from the body it read, once.
//!
//! The request comes from the generated operation descriptor (method, path
//! template, api-version, `Accept`), so a change of the spec reaches it; the
//! incident decodes as the descriptor's success type. It does not go through
//! progenitor's `incidents_get`, which formats every parameter to a `String`
//! and runs the api-version through a query serializer on every call; both
//! send through the same [`Pipeline`], and `tests/raw.rs` holds their
//! requests equal on the wire.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};

use crate::error::{Error, RequestIds};
use crate::ids::{incident_name, IncidentId, WorkspaceRef};
use crate::operation::{Described, IncidentsGet, Operation};
use crate::pipeline::{
    call_span, in_span, succeeded, ClientRequestId, Exchange, OutgoingRequest, Pipeline,
};
use crate::types::Incident;
use crate::{raw, AzureCloud, SentinelClientBuilder};

/// The operation `get_incident` sends.
const GET_INCIDENT: Operation = IncidentsGet::OPERATION;

/// Default cap on a response body: far above any incident, far below trouble.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// A client for Microsoft Sentinel incidents: the crate's entry point.
///
/// Cheap to clone and meant to be shared: clones share the connection pool
/// and the token cache. Every call gets its own `x-ms-client-request-id`,
/// retries as [`RetryOptions`](crate::RetryOptions) allow, refreshes the
/// token once after a 401, and fails with one [`Error`].
///
/// ```no_run
/// use sentinel_incidents::{AzureCloud, SentinelClient, StaticToken, WorkspaceRef};
/// # async fn run() -> Result<(), sentinel_incidents::Error> {
/// let client = SentinelClient::builder()
///     .credential(StaticToken::from_env().expect("AZURE_ACCESS_TOKEN is set"))
///     .cloud(AzureCloud::Public)
///     .build()?;
/// let ws = WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "myRg", "myWorkspace")?;
/// let incident = client.get_incident(&ws, "73e01a99-5cd7-4139-a149-9f2736ff2ab5").await?;
/// if let Some(p) = &incident.properties {
///     println!("{} [{}] {}", p.incident_number.unwrap_or_default(), p.severity, p.title);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SentinelClient {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Arc<str>,
    pub(crate) cloud: AzureCloud,
    pub(crate) pipeline: Pipeline,
}

/// An incident with what the response said about it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IncidentResponse {
    /// The incident.
    pub incident: Incident,
    /// The HTTP status (200).
    pub status: StatusCode,
    /// The `ETag` header, else the incident's `etag` field: what an update would send as `If-Match`.
    pub etag: Option<String>,
    /// The ids of the request.
    pub request_ids: RequestIds,
    /// All response headers.
    pub headers: HeaderMap,
    /// How many attempts the call took.
    pub attempts: u32,
}

impl SentinelClient {
    /// Starts configuring a client.
    pub fn builder() -> SentinelClientBuilder {
        SentinelClientBuilder::default()
    }

    /// Fetches one incident of `workspace` by name (its GUID).
    pub async fn get_incident(
        &self,
        workspace: &WorkspaceRef,
        incident: impl AsRef<str>,
    ) -> Result<Incident, Error> {
        let name = incident_name(incident.as_ref())?;
        let (response, sent_id) = self.get(workspace, name).await?;
        decode(&response, &sent_id)
    }

    /// Like [`get_incident`](Self::get_incident), with the etag, request ids and headers.
    pub async fn get_incident_with_response(
        &self,
        workspace: &WorkspaceRef,
        incident: impl AsRef<str>,
    ) -> Result<IncidentResponse, Error> {
        let name = incident_name(incident.as_ref())?;
        let (response, sent_id) = self.get(workspace, name).await?;
        IncidentResponse::new(response, &sent_id)
    }

    /// Fetches the incident an ARM resource id names, e.g. another incident's `id`.
    pub async fn get_incident_by_id(&self, id: &IncidentId) -> Result<Incident, Error> {
        let (response, sent_id) = self.get(id.workspace(), id.name()).await?;
        decode(&response, &sent_id)
    }

    /// Like [`get_incident_by_id`](Self::get_incident_by_id), with the etag, request ids and headers.
    pub async fn get_incident_by_id_with_response(
        &self,
        id: &IncidentId,
    ) -> Result<IncidentResponse, Error> {
        let (response, sent_id) = self.get(id.workspace(), id.name()).await?;
        IncidentResponse::new(response, &sent_id)
    }

    /// The generated client, sharing this client's connections and policies,
    /// for what the methods above do not cover. See [`raw`].
    pub fn raw(&self) -> raw::Client {
        raw::Client::new_with_client(&self.base_url, self.http.clone(), self.pipeline.clone())
    }

    /// The Azure cloud this client targets (its token audience).
    pub fn cloud(&self) -> AzureCloud {
        self.cloud
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.base_url
    }

    /// One Get through the pipeline: the successful response with its body,
    /// and the client request id it sent; any other outcome as an [`Error`].
    async fn get(&self, workspace: &WorkspaceRef, name: &str) -> Result<(Exchange, SentId), Error> {
        let request = OutgoingRequest::new(&GET_INCIDENT, self.incident_url(workspace, name)?);
        let namespace = GET_INCIDENT.namespace();
        let span = call_span(&request, namespace, workspace.workspace_name(), name);
        // Boxed: the attempt loop's state (the request in flight, the body
        // read, the retry sleep) would otherwise sit inline in every caller's
        // future, which callers move and spawn.
        let send = Box::pin(self.pipeline.send(&self.http, &request));
        let result = in_span(&span, send).await;
        let sent_id = SentId(request.client_request_id);
        let error = match result {
            Ok(response) if response.status.is_success() => {
                succeeded(&span, response.attempts);
                return Ok((response, sent_id));
            }
            Ok(response) => Error::http(&response, sent_id.as_str()),
            Err(e) => Error::from_send(e, sent_id.as_str()),
        };
        span.record("error.type", error.error_type());
        tracing::warn!(
            parent: &span,
            workspace = workspace.workspace_name(),
            incident = name,
            "az.client_request_id" = sent_id.as_str(),
            "error.type" = error.error_type(),
            error = %error,
            "get_incident failed"
        );
        Err(error)
    }

    /// `{endpoint}{workspace path}{the rest of the template}?api-version=…`,
    /// all as the spec's operation has it.
    fn incident_url(&self, workspace: &WorkspaceRef, name: &str) -> Result<Url, Error> {
        let op = &GET_INCIDENT;
        let mut url = String::with_capacity(
            self.base_url.len() + workspace.path().len() + 3 * name.len() + 96,
        );
        url.push_str(&self.base_url);
        url.push_str(workspace.path());
        // Past the workspace, the only parameter left is the incident's.
        let values = [name; GET_INCIDENT.parameters.len()];
        op.write_path(&mut url, op.parent_segments()..op.path.len(), &values, true);
        if let Some(api_version) = op.api_version {
            url.push_str("?api-version=");
            url.push_str(api_version);
        }
        Url::parse(&url).map_err(|e| Error::Config(format!("request URL `{url}`: {e}")))
    }
}

/// The client request id a call sent, turned into text only when an error
/// or a response reports it.
struct SentId(ClientRequestId);

impl SentId {
    fn as_str(&self) -> Option<&str> {
        Some(self.0.as_str())
    }
}

/// The incident in a successful response's body: the operation's success type.
fn decode(
    response: &Exchange,
    sent_id: &SentId,
) -> Result<<IncidentsGet as Described>::Success, Error> {
    serde_json::from_slice(&response.body).map_err(|e| Error::decode(response, e, sent_id.as_str()))
}

impl IncidentResponse {
    fn new(response: Exchange, sent_id: &SentId) -> Result<Self, Error> {
        let incident = decode(&response, sent_id)?;
        let etag = response
            .headers
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
            .or_else(|| incident.etag.clone());
        Ok(Self {
            request_ids: RequestIds::from_headers(&response.headers, sent_id.as_str()),
            incident,
            status: response.status,
            etag,
            headers: response.headers,
            attempts: response.attempts,
        })
    }
}

impl fmt::Debug for SentinelClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentinelClient")
            .field("endpoint", &self.base_url)
            .field("cloud", &self.cloud)
            .field("pipeline", &self.pipeline)
            .finish()
    }
}
