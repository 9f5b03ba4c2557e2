//! `SentinelClientBuilder`: the client's configuration, checked once when
//! the client is built (endpoint, where tokens may go, timeouts, TLS).

mod tls;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use crate::auth::{Credential, TokenCache};
use crate::pipeline::retry::RetryOptions;
use crate::pipeline::Pipeline;
use crate::user_agent::user_agent;
use crate::{AzureCloud, Error, SentinelClient, DEFAULT_MAX_RESPONSE_BYTES};

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
    application_id: Option<String>,
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
            application_id: None,
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

    /// Your application's name, to lead the `User-Agent` as Azure's
    /// telemetry expects (`soc-tool/1.2 azsdk-rust-sentinel-incidents/…`):
    /// at most 24 printable ASCII characters, no space. `build` refuses
    /// any other with [`Error::Config`].
    pub fn application_id(mut self, id: impl Into<String>) -> Self {
        self.application_id = Some(id.into());
        self
    }

    /// Checks the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] for an endpoint that is not an http(s)
    /// URL, a credential with plain http to a host other than loopback, or
    /// an https endpoint (the default clouds' included) in a build without
    /// the `rustls` or `native-tls` feature.
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
        tls::check_endpoint_tls(&endpoint, &url, tls::TLS_COMPILED_IN)?;
        if self.credential.is_some() && url.scheme() != "https" && !is_loopback(&url) {
            return Err(Error::Config(format!(
                "endpoint `{endpoint}`: bearer tokens are only sent over https (loopback excepted)"
            )));
        }
        let user_agent = user_agent(self.application_id.as_deref()).map_err(|why| {
            let id = self.application_id.as_deref().unwrap_or_default();
            Error::Config(format!("application id `{id}` {why}"))
        })?;
        let http = http_client(self.connect_timeout, self.timeout, user_agent)?;
        let tokens = self
            .credential
            .map(|credential| TokenCache::new(credential, self.cloud.scope()));
        Ok(SentinelClient {
            http,
            base_url: endpoint.trim_end_matches('/').into(),
            cloud: self.cloud,
            pipeline: Pipeline::new(tokens, self.retry, self.max_response_bytes),
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

fn http_client(
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
) -> Result<reqwest::Client, Error> {
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
        .user_agent(user_agent)
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .redirect(same_origin)
        // The pipeline retries; reqwest's own protocol-level retries would
        // hide attempts from it, and clone every request to be ready for one.
        .retry(reqwest::retry::never().max_retries_per_request(0));
    tls::select_backend(builder)
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}
