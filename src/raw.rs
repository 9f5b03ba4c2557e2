//! The client progenitor generates from the spec: one method per operation,
//! taking every parameter as the spec types it, with progenitor's own
//! response and error types.
//!
//! **Prefer [`SentinelClient`](crate::SentinelClient).** It validates ids,
//! decodes the incident once and reports one [`Error`](crate::Error) with
//! status, CloudError and request ids. This module is for what it does not
//! cover: calling the generated method itself, or reading progenitor's
//! [`ResponseValue`].
//!
//! A raw client comes from [`SentinelClient::raw`](crate::SentinelClient::raw)
//! and sends through the same [`Pipeline`]: the bearer token and its refresh
//! after a 401, retries, the response size limit, tracing, and a fresh
//! `x-ms-client-request-id` for each call. It keeps no state between calls,
//! so one raw client serves any number of them. What progenitor's error
//! types cannot carry arrives as follows: a credential that fails before the
//! request is `Error::Custom`; a body over the size limit fails to read
//! (`Error::ResponseBodyError`); a 401 whose token refresh failed is the 401.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use sentinel_incidents::{SentinelClient, StaticToken, API_VERSION};
//! let client = SentinelClient::builder().credential(StaticToken::new("<token>")).build()?;
//! let response = client
//!     .raw()
//!     .incidents_get(
//!         &"d0cfe6b2-9ac0-4464-9919-dccaee2e48c0".parse()?,
//!         &"myRg".parse()?,
//!         &"myWorkspace".parse()?,
//!         &"73e01a99-5cd7-4139-a149-9f2736ff2ab5".parse()?,
//!         &API_VERSION.parse()?,
//!     )
//!     .await?;
//! println!("{} {:?}", response.status(), response.into_inner().name);
//! # Ok(()) }
//! ```

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::Frame;
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::{Request, Response, ResponseBuilderExt, Url};

pub use crate::generated::{ByteStream, Client, ClientInfo, Error, ResponseValue};
pub use crate::pipeline::Pipeline;
use crate::pipeline::{Exchange, OutgoingRequest, SendError};
/// The HTTP client the raw [`Client`] is built on; its types appear in
/// progenitor's [`Error`] and [`Client::new_with_client`].
pub use reqwest;

impl ClientHooks<Pipeline> for Client {
    /// Fails the call before sending when the credential gives no token:
    /// progenitor's `exec` can only fail with a transport error. The token
    /// stays in the cache, where the pipeline takes it for each attempt.
    async fn pre<E>(&self, _request: &mut Request, _info: &OperationInfo) -> Result<(), Error<E>> {
        match self.inner().authorization().await {
            Ok(_) => Ok(()),
            Err(e) => Err(Error::Custom(format!("could not get an access token: {e}"))),
        }
    }

    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        // Boxed: the attempt loop's state would otherwise sit inline in
        // every caller's future, which callers move and spawn.
        Box::pin(send(self.inner(), self.client(), request)).await
    }
}

/// Runs the request progenitor built through the pipeline, as
/// `SentinelClient`'s are, and hands progenitor a response it can read:
/// its API takes a `reqwest::Response`, so one is rebuilt around the body
/// the pipeline already read (and checked against the size limit).
async fn send(
    pipeline: &Pipeline,
    http: &reqwest::Client,
    request: Request,
) -> reqwest::Result<Response> {
    let outgoing = OutgoingRequest::from_generated(request);
    let url = outgoing.url.clone();
    match pipeline.send(http, &outgoing).await {
        Ok(mut response) => {
            let body = take_failure_body(&mut response);
            Ok(rebuild(response, url, body.into()))
        }
        Err(SendError::Transport { source, .. }) => Err(source),
        Err(SendError::CredentialRefresh { response, .. }) => {
            Ok(rebuild(*response, url, Bytes::new().into()))
        }
        Err(SendError::TooLarge { limit, response }) => Ok(rebuild(
            *response,
            url,
            reqwest::Body::wrap(LimitExceeded(limit)),
        )),
        Err(SendError::Credential(_)) => {
            unreachable!("`pre` attaches the token before `exec` runs")
        }
    }
}

fn rebuild(response: Exchange, url: Url, body: reqwest::Body) -> Response {
    let mut rebuilt = http::Response::builder()
        .status(response.status)
        .version(response.version)
        .url(url)
        .body(body)
        .expect("status and version come from a valid response");
    *rebuilt.headers_mut() = response.headers;
    Response::from(rebuilt)
}

/// The body of a response over the size limit: reading it fails at once.
struct LimitExceeded(usize);

impl http_body::Body for LimitExceeded {
    type Data = Bytes;
    type Error = BodyTooLarge;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyTooLarge>>> {
        Poll::Ready(Some(Err(BodyTooLarge(self.0))))
    }
}

/// Why reading an oversized response's body failed.
#[derive(Debug)]
struct BodyTooLarge(usize);

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "response body exceeds the {}-byte limit", self.0)
    }
}

impl std::error::Error for BodyTooLarge {}

/// The body of a failure status, for the raw client, whose errors print it:
/// the token that `response` was sent with is redacted in all of it.
pub(crate) fn take_failure_body(response: &mut Exchange) -> Bytes {
    let body = std::mem::take(&mut response.body);
    let secret = response
        .sent_authorization
        .as_ref()
        .and_then(crate::redact::secret_of);
    match secret {
        Some(secret) if !response.status.is_success() => {
            match crate::redact::redact(&String::from_utf8_lossy(&body), secret) {
                std::borrow::Cow::Owned(clean) => Bytes::from(clean),
                std::borrow::Cow::Borrowed(_) => body,
            }
        }
        _ => body,
    }
}
