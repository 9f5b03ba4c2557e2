//! The policies every request goes through, composed in one short attempt
//! loop: bearer token (with one refresh after a 401), retries, the response
//! size limit and tracing. Each concern is a unit of its own:
//!
//! - `retry.rs`: the pure retry decision and the retry options;
//! - `transient.rs`: the one place that says what is worth another attempt;
//! - `body_limit.rs`: reading a body within the size limit;
//! - `telemetry.rs`: spans and events, with OpenTelemetry's names;
//! - `request.rs`: the request of each attempt and the client request id;
//! - `crate::auth::TokenCache`: tokens, and their refresh after a 401.
//!
//! [`SentinelClient`](crate::SentinelClient) sends through [`Pipeline::send`]
//! directly; the generated [`raw::Client`](crate::raw::Client) reaches the
//! same loop through progenitor's hooks (`crate::raw`). Per-call state lives
//! in the loop's locals, so a pipeline serves any number of calls at once.

mod body_limit;
mod request;
pub(crate) mod retry;
mod telemetry;
pub(crate) mod transient;

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::{StatusCode, Version};

use self::body_limit::{read_limited, BodyError};
use self::retry::{decide, CallState, Decision, Outcome, RetryOptions, SystemClock};
use self::transient::NoResponse;
use crate::auth::{CredentialError, TokenCache};

pub(crate) use self::request::{ClientRequestId, OutgoingRequest, CLIENT_REQUEST_ID};
pub(crate) use self::telemetry::{call_span, in_span, succeeded};

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

/// The response of the final attempt, its body read.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub status: StatusCode,
    pub version: Version,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub attempts: u32,
    /// The `Authorization` it was sent with: what an error must not repeat.
    pub sent_authorization: Option<HeaderValue>,
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
            sent_authorization: token.cloned(),
        };
        crate::redact::scrub_headers(&mut exchange.headers, token);
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
