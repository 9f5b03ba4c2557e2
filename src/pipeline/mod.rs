//! The policies every request goes through, composed in one short attempt
//! loop: bearer token (with one refresh after a 401), retries, the response
//! size limit and tracing. Each concern is a unit of its own:
//!
//! - `retry.rs`: the pure retry decision and the retry options;
//! - `transient.rs`: the one place that says what is worth another attempt;
//! - `body_limit.rs`: reading a body within the size limit;
//! - `telemetry.rs`: spans and events, with OpenTelemetry's names;
//! - `crate::auth::TokenCache`: tokens, and their refresh after a 401.
//!
//! [`SentinelClient`](crate::SentinelClient) sends through [`Pipeline::send`]
//! directly; the generated [`raw::Client`](crate::raw::Client) reaches the
//! same loop through progenitor's hooks (`crate::raw`). Per-call state lives
//! in the loop's locals, so a pipeline serves any number of calls at once.

mod body_limit;
pub(crate) mod retry;
mod telemetry;
pub(crate) mod transient;

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::{Method, Request, StatusCode, Url, Version};

use self::body_limit::{read_limited, BodyError};
use self::retry::{decide, CallState, Decision, Outcome, RetryOptions, SystemClock};
use self::transient::NoResponse;
use crate::auth::{CredentialError, TokenCache};

pub(crate) use self::telemetry::{call_span, in_span, succeeded};

/// `x-ms-client-request-id`: the id the client sends with every attempt of
/// a call, and that some services echo.
pub(crate) const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");

/// A fresh `x-ms-client-request-id` value: one per call, the same on its retries.
pub(crate) fn new_client_request_id() -> HeaderValue {
    ClientRequestId::new().header()
}

/// A client request id: a random UUID, kept as text so that each attempt
/// makes its header from it (a header value made once and cloned per
/// attempt would be copied into shared storage on the first clone).
#[derive(Clone, Copy)]
pub(crate) struct ClientRequestId([u8; 36]);

impl ClientRequestId {
    pub(crate) fn new() -> Self {
        let mut id = [0; 36];
        uuid::Uuid::new_v4().hyphenated().encode_lower(&mut id);
        Self(id)
    }

    /// An id the caller already chose, e.g. in a header progenitor's hook set.
    fn from_header(value: &HeaderValue) -> Option<Self> {
        value.as_bytes().try_into().ok().map(Self)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    fn header(&self) -> HeaderValue {
        HeaderValue::from_bytes(&self.0).expect("a UUID is header-safe")
    }
}

/// The policies of one client, shared by all its calls and cheap to clone.
/// It is also the generated [`raw::Client`](crate::raw::Client)'s inner type,
/// which is why it is public; it has nothing to call from outside.
#[derive(Clone)]
pub struct Pipeline {
    policies: Arc<Policies>,
}

struct Policies {
    tokens: Option<TokenCache>,
    retry: RetryOptions,
    max_response_bytes: usize,
}

/// A request as the pipeline sends it, once per attempt.
pub(crate) struct OutgoingRequest {
    pub method: Method,
    pub url: Url,
    /// `x-ms-client-request-id`, the same on every attempt.
    pub client_request_id: ClientRequestId,
    /// Headers beyond `Accept: application/json`, the request id and the
    /// token (empty for `SentinelClient`'s Get; what progenitor set for `raw`).
    pub headers: HeaderMap,
    pub body: Option<Bytes>,
}

/// The response of the final attempt, its body read.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub status: StatusCode,
    pub version: Version,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub attempts: u32,
}

/// A call that ended without a response the caller can read.
#[derive(Debug)]
pub(crate) enum SendError {
    /// The credential gave no token; nothing was sent.
    Credential(CredentialError),
    /// A 401, and the credential gave no fresh token: `response` is the 401.
    CredentialRefresh {
        source: CredentialError,
        response: Box<Exchange>,
    },
    /// No complete response, after `attempts` attempts.
    Transport {
        source: reqwest::Error,
        attempts: u32,
    },
    /// The body was over `limit`; `response` holds the head, no body.
    TooLarge {
        limit: usize,
        response: Box<Exchange>,
    },
}

/// How one attempt ended, before the decision.
enum AttemptError {
    Transport(reqwest::Error),
    TooLarge(Exchange),
}

impl Pipeline {
    pub(crate) fn new(
        tokens: Option<TokenCache>,
        retry: RetryOptions,
        max_response_bytes: usize,
    ) -> Self {
        let policies = Policies {
            tokens,
            retry,
            max_response_bytes,
        };
        Self {
            policies: Arc::new(policies),
        }
    }

    /// The `Authorization` value the next call starts with, if the client has a credential.
    pub(crate) async fn authorization(&self) -> Result<Option<HeaderValue>, CredentialError> {
        match &self.policies.tokens {
            Some(cache) => cache.authorization().await.map(Some),
            None => Ok(None),
        }
    }

    /// Sends `request` until it succeeds, fails for good or runs out of retries.
    pub(crate) async fn send(
        &self,
        http: &reqwest::Client,
        request: &OutgoingRequest,
    ) -> Result<Exchange, SendError> {
        let started = Instant::now();
        let mut token = match request.headers.get(AUTHORIZATION) {
            Some(given) => Some(given.clone()),
            None => self.authorization().await.map_err(SendError::Credential)?,
        };
        let mut call = CallState {
            // A 401 can only be answered with a fresh token from the cache.
            has_credential: token.is_some() && self.policies.tokens.is_some(),
            ..CallState::default()
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let span = telemetry::attempt_span(request, attempt);
            let started_attempt = telemetry::start(&span);
            let result = in_span(&span, self.attempt(http, request, token.as_ref())).await;
            call.elapsed = started.elapsed();
            let outcome = outcome(&result);
            let retry = &self.policies.retry;
            let decision = decide(retry, outcome, &call, &SystemClock, fastrand::f64());
            telemetry::record_attempt(&span, outcome, started_attempt);
            match decision {
                Decision::Done => return self.finish(result, attempt),
                Decision::RefreshToken => {
                    telemetry::refreshing_token(&span, request, attempt);
                    token = Some(self.refresh(token, result, attempt).await?);
                    call.token_refreshed = true;
                }
                Decision::RetryAfter(delay) => {
                    telemetry::retrying(&span, request, attempt, outcome, delay);
                    call.retries += 1;
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    /// One request and the reading of its body.
    async fn attempt(
        &self,
        http: &reqwest::Client,
        request: &OutgoingRequest,
        token: Option<&HeaderValue>,
    ) -> Result<Exchange, AttemptError> {
        let mut response = http
            .execute(request.to_request(token))
            .await
            .map_err(AttemptError::Transport)?;
        let mut exchange = Exchange {
            status: response.status(),
            version: response.version(),
            headers: std::mem::take(response.headers_mut()),
            body: Bytes::new(),
            attempts: 0,
        };
        match read_limited(response, self.policies.max_response_bytes).await {
            Ok(body) => {
                exchange.body = body;
                Ok(exchange)
            }
            Err(BodyError::TooLarge) => Err(AttemptError::TooLarge(exchange)),
            Err(BodyError::Read(e)) => Err(AttemptError::Transport(e)),
        }
    }

    /// A fresh token after a 401; the 401 itself when there is none.
    async fn refresh(
        &self,
        rejected: Option<HeaderValue>,
        result: Result<Exchange, AttemptError>,
        attempt: u32,
    ) -> Result<HeaderValue, SendError> {
        let (Some(cache), Some(rejected)) = (&self.policies.tokens, rejected) else {
            unreachable!("a refresh is only decided for a call with a credential")
        };
        cache.refresh_after_401(&rejected).await.map_err(|source| {
            let Ok(mut response) = result else {
                unreachable!("a refresh is only decided after a 401 response")
            };
            response.attempts = attempt;
            SendError::CredentialRefresh {
                source,
                response: Box::new(response),
            }
        })
    }

    fn finish(
        &self,
        result: Result<Exchange, AttemptError>,
        attempts: u32,
    ) -> Result<Exchange, SendError> {
        match result {
            Ok(mut response) => {
                response.attempts = attempts;
                Ok(response)
            }
            Err(AttemptError::Transport(source)) => Err(SendError::Transport { source, attempts }),
            Err(AttemptError::TooLarge(mut response)) => {
                response.attempts = attempts;
                let limit = self.policies.max_response_bytes;
                Err(SendError::TooLarge {
                    limit,
                    response: Box::new(response),
                })
            }
        }
    }
}

fn outcome(result: &Result<Exchange, AttemptError>) -> Outcome<'_> {
    match result {
        Ok(response) => Outcome::Response {
            status: response.status,
            headers: &response.headers,
        },
        Err(AttemptError::Transport(e)) => Outcome::NoResponse(NoResponse::of(e)),
        Err(AttemptError::TooLarge(_)) => Outcome::NoResponse(NoResponse::TooLarge),
    }
}

impl OutgoingRequest {
    /// A GET of `url` with a fresh client request id (`Accept` comes from
    /// the HTTP client's defaults).
    pub(crate) fn get(url: Url) -> Self {
        Self {
            method: Method::GET,
            url,
            client_request_id: ClientRequestId::new(),
            headers: HeaderMap::new(),
            body: None,
        }
    }

    /// A request progenitor built: its `x-ms-client-request-id` (set by the
    /// `pre` hook) is kept apart from its other headers.
    pub(crate) fn from_generated(mut request: Request) -> Self {
        let mut headers = std::mem::take(request.headers_mut());
        let client_request_id = headers
            .remove(CLIENT_REQUEST_ID)
            .and_then(|id| ClientRequestId::from_header(&id))
            .unwrap_or_else(ClientRequestId::new);
        let body = request.body().and_then(reqwest::Body::as_bytes);
        Self {
            body: body.map(Bytes::copy_from_slice),
            method: request.method().clone(),
            url: request.url().clone(),
            client_request_id,
            headers,
        }
    }

    /// The `x-ms-client-request-id` this request sends.
    pub(crate) fn client_request_id(&self) -> &str {
        self.client_request_id.as_str()
    }

    /// The request of one attempt, built from parts rather than cloned from
    /// a template: for a Get, two headers.
    fn to_request(&self, token: Option<&HeaderValue>) -> Request {
        let mut request = Request::new(self.method.clone(), self.url.clone());
        let headers = request.headers_mut();
        if !self.headers.is_empty() {
            headers.extend(self.headers.clone());
        }
        headers.insert(CLIENT_REQUEST_ID, self.client_request_id.header());
        if let Some(token) = token {
            headers.insert(AUTHORIZATION, token.clone());
        }
        if let Some(body) = &self.body {
            *request.body_mut() = Some(body.clone().into());
        }
        request
    }
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let policies = &self.policies;
        f.debug_struct("Pipeline")
            .field("tokens", &policies.tokens)
            .field("retry", &policies.retry)
            .field("max_response_bytes", &policies.max_response_bytes)
            .finish()
    }
}
