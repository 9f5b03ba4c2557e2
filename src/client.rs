//! `SentinelClient`: the façade users hold. It validates input, builds the
//! generated client for each call with the shared policies, and turns
//! progenitor's result into [`Incident`] or [`Error`].

use std::fmt;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use progenitor_client::{ClientInfo, ResponseValue};
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};
use tracing::Instrument;

use crate::auth::{Credential, TokenCache};
use crate::cloud::AzureCloud;
use crate::error::{Error, RequestIds};
use crate::ids::{incident_name, IncidentId, WorkspaceRef};
use crate::pipeline::{CallContext, CallLog, Policies};
use crate::retry::RetryOptions;
use crate::types::{CloudError, Incident, IncidentsGetApiVersion, IncidentsGetIncidentId};
use crate::Client;

/// The api-version every request carries (the spec's `info.version`).
pub const API_VERSION: &str = "2024-03-01";

static API_VERSION_PARAM: LazyLock<IncidentsGetApiVersion> = LazyLock::new(|| {
    <Client as ClientInfo<CallContext>>::api_version()
        .parse()
        .expect("non-empty")
});

/// Default cap on a response body: far above any incident, far below trouble.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// A client for Microsoft Sentinel incidents.
///
/// Cheap to clone and meant to be shared: clones share the connection pool
/// and the token cache.
///
/// ```no_run
/// use sentinel_incidents::{SentinelClient, AzureCloud, StaticToken, WorkspaceRef};
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
    http: reqwest::Client,
    base_url: String,
    cloud: AzureCloud,
    policies: Arc<Policies>,
}

/// An incident with what the response said about it.
#[derive(Debug, Clone)]
pub struct IncidentResponse {
    /// The incident.
    pub incident: Incident,
    /// The HTTP status (200).
    pub status: StatusCode,
    /// The `ETag` header, else the incident's `etag` field: what an update would send as `If-Match`.
    pub etag: Option<String>,
    /// Azure's ids for the request.
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
        Ok(self.get(workspace, &name).await?.0.into_inner())
    }

    /// Fetches the incident an ARM resource id names, e.g. another incident's `id`.
    pub async fn get_incident_by_id(&self, id: &IncidentId) -> Result<Incident, Error> {
        Ok(self
            .get(id.workspace(), id.name_param())
            .await?
            .0
            .into_inner())
    }

    /// Like [`get_incident`](Self::get_incident), with the etag, request ids and headers.
    pub async fn get_incident_with_response(
        &self,
        workspace: &WorkspaceRef,
        incident: impl AsRef<str>,
    ) -> Result<IncidentResponse, Error> {
        let name = incident_name(incident.as_ref())?;
        let (response, log) = self.get(workspace, &name).await?;
        Ok(IncidentResponse::new(response, log))
    }

    /// The generated client, with this client's policies, for one call.
    /// Its errors are progenitor's; prefer the methods above.
    pub fn generated(&self) -> Client {
        Client::new_with_client(
            &self.base_url,
            self.http.clone(),
            CallContext::new(self.policies.clone()),
        )
    }

    /// The Azure cloud this client targets (its token audience).
    pub fn cloud(&self) -> AzureCloud {
        self.cloud
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.base_url
    }

    /// One Get through the generated client. The response and call log come
    /// back raw, so that `get_incident` does not pay for the headers it drops.
    async fn get(
        &self,
        workspace: &WorkspaceRef,
        name: &IncidentsGetIncidentId,
    ) -> Result<(ResponseValue<Incident>, CallLog), Error> {
        let client = self.generated();
        // DEBUG, as tower-http's request spans: a service logging at INFO pays
        // nothing per call, and the failure event below carries its own context.
        let span = tracing::debug_span!(
            "sentinel.get_incident",
            workspace = workspace.workspace_name(),
            incident = name.as_str(),
            client_request_id = client.inner.client_request_id(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let result = client
            .incidents_get(
                &workspace.subscription_id(),
                workspace.resource_group_param(),
                workspace.workspace_param(),
                name,
                &API_VERSION_PARAM,
            )
            .instrument(span.clone())
            .await;
        let log = client.inner.take_log();
        span.record("attempts", log.attempts);
        span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
        if let Some(status) = log.status {
            span.record("status", status.as_u16());
        }
        match result {
            Ok(response) => {
                tracing::debug!(parent: &span, "incident fetched");
                Ok((response, log))
            }
            Err(e) => {
                // Boxed: the error path's state stays out of every call's future.
                let error = Box::pin(into_error(e, log)).await;
                tracing::warn!(
                    parent: &span,
                    workspace = workspace.workspace_name(),
                    incident = name.as_str(),
                    client_request_id = client.inner.client_request_id(),
                    error = %error,
                    "get_incident failed"
                );
                Err(error)
            }
        }
    }
}

impl IncidentResponse {
    fn new(response: ResponseValue<Incident>, log: CallLog) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let incident = response.into_inner();
        let etag = headers
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
            .or_else(|| incident.etag.clone());
        Self {
            request_ids: RequestIds::from_headers(&headers),
            incident,
            status,
            etag,
            headers,
            attempts: log.attempts,
        }
    }
}

/// Maps progenitor's error to ours, using the call log for what it lost
/// (the status of a non-JSON error body, policy failures).
async fn into_error(error: progenitor_client::Error<CloudError>, mut log: CallLog) -> Error {
    use progenitor_client::Error as E;
    if let Some(abort) = log.abort.take() {
        return abort;
    }
    let attempts = log.attempts;
    match error {
        E::ErrorResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            let body = serde_json::to_vec(response.as_ref()).unwrap_or_default();
            Error::http(
                status,
                RequestIds::from_headers(&headers),
                &body.into(),
                attempts,
            )
        }
        E::InvalidResponsePayload(body, source) => match log.status {
            Some(status) if !status.is_success() => {
                Error::http(status, log.request_ids, &body, attempts)
            }
            status => Error::Decode {
                status: status.unwrap_or(StatusCode::OK),
                body: String::from_utf8_lossy(&body[..body.len().min(4096)]).into_owned(),
                source,
                request_ids: log.request_ids,
            },
        },
        E::UnexpectedResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await.unwrap_or_default();
            Error::http(status, RequestIds::from_headers(&headers), &body, attempts)
        }
        E::CommunicationError(source)
        | E::ResponseBodyError(source)
        | E::InvalidUpgrade(source) => Error::Transport { source, attempts },
        E::InvalidRequest(message) | E::Custom(message) => Error::Config(message),
    }
}

impl fmt::Debug for SentinelClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentinelClient")
            .field("endpoint", &self.base_url)
            .field("cloud", &self.cloud)
            .field("policies", &self.policies)
            .finish()
    }
}

/// Configures a [`SentinelClient`].
#[derive(Debug)]
pub struct SentinelClientBuilder {
    credential: Option<Arc<dyn Credential>>,
    cloud: AzureCloud,
    endpoint: Option<String>,
    retry: RetryOptions,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
}

impl Default for SentinelClientBuilder {
    fn default() -> Self {
        Self {
            credential: None,
            cloud: AzureCloud::Public,
            endpoint: None,
            retry: RetryOptions::default(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl SentinelClientBuilder {
    /// Where bearer tokens come from. Without one, requests carry no `Authorization`.
    pub fn credential(self, credential: impl Credential + 'static) -> Self {
        self.shared_credential(Arc::new(credential))
    }

    /// Like [`credential`](Self::credential), for a credential shared with other clients.
    pub fn shared_credential(mut self, credential: Arc<dyn Credential>) -> Self {
        self.credential = Some(credential);
        self
    }

    /// The Azure cloud: its Resource Manager endpoint and token audience.
    pub fn cloud(mut self, cloud: AzureCloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// Any other base URL (a proxy, the fake server). Tokens are still
    /// requested for the cloud's audience.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The retry policy ([`RetryOptions::none`] switches retrying off).
    pub fn retry(mut self, retry: RetryOptions) -> Self {
        self.retry = retry;
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for one attempt, body included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Largest response body accepted (default 16 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<SentinelClient, Error> {
        let endpoint = self
            .endpoint
            .unwrap_or_else(|| self.cloud.resource_manager_endpoint().to_string());
        let url = Url::parse(&endpoint)
            .map_err(|e| Error::Config(format!("endpoint `{endpoint}`: {e}")))?;
        if !matches!(url.scheme(), "https" | "http")
            || url.query().is_some()
            || url.host().is_none()
        {
            return Err(Error::Config(format!(
                "endpoint `{endpoint}` must be an http(s) URL without a query"
            )));
        }
        if self.credential.is_some() && url.scheme() != "https" && !is_loopback(&url) {
            return Err(Error::Config(format!(
                "endpoint `{endpoint}`: bearer tokens are only sent over https (loopback excepted)"
            )));
        }
        let http = http_client(self.connect_timeout, self.timeout)?;
        let tokens = self
            .credential
            .map(|credential| TokenCache::new(credential, self.cloud.scope()));
        Ok(SentinelClient {
            http,
            base_url: endpoint.trim_end_matches('/').to_string(),
            cloud: self.cloud,
            policies: Arc::new(Policies {
                tokens,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn http_client(connect_timeout: Duration, timeout: Duration) -> Result<reqwest::Client, Error> {
    // Follow redirects only within one origin: a redirect elsewhere stops and
    // surfaces as an error, so the bearer token never leaves the endpoint.
    let same_origin = reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(Url::origin);
        if attempt.previous().len() > 5 || first.as_ref() != Some(&attempt.url().origin()) {
            attempt.stop()
        } else {
            attempt.follow()
        }
    });
    let builder = reqwest::Client::builder()
        .user_agent(concat!(
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION"),
            " (rust)"
        ))
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .redirect(same_origin);
    #[cfg(feature = "rustls")]
    let builder = builder.tls_backend_preconfigured(tls_config()?);
    builder
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

/// rustls with the ring provider and the platform's trust store, configured
/// here rather than through a process-wide default provider.
#[cfg(feature = "rustls")]
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .and_then(|b| b.with_platform_verifier())
    .map_err(|e| Error::Config(format!("TLS setup: {e}")))?
    .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}
