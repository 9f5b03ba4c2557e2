//! The policies every request goes through, hooked into the generated client
//! through progenitor's `ClientHooks`: client request id, bearer token (with a
//! refresh on 401), retries, response size limit, tracing. The generated code
//! stays untouched; this is its inner type and hook implementation.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::BytesMut;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::{Request, Response, ResponseBuilderExt, StatusCode};
use tracing::Instrument;

use crate::auth::{BearerToken, TokenCache};
use crate::error::{Error, RequestIds, CLIENT_REQUEST_ID};
use crate::retry::{is_retryable_status, server_delay, RetryOptions, RetryState};
use crate::Client;

/// The header progenitor adds with the spec's `info.version` on every request.
/// Resource Manager reads the api-version from the query string only, so the
/// header is dropped to keep one source of truth on the wire.
const PROGENITOR_API_VERSION_HEADER: HeaderName = HeaderName::from_static("api-version");

/// The policies of one `SentinelClient`, shared by all its calls.
#[derive(Debug)]
pub(crate) struct Policies {
    pub(crate) tokens: Option<TokenCache>,
    pub(crate) retry: RetryOptions,
    pub(crate) max_response_bytes: usize,
}

/// The generated client's inner type: the shared policies plus a record of
/// one call's attempts, from which errors are built with their status and
/// request ids even when progenitor's own error has lost them.
///
/// Clones share the record: a context serves one call.
#[derive(Debug, Clone)]
pub struct CallContext {
    policies: Arc<Policies>,
    log: Arc<Mutex<CallLog>>,
    /// `x-ms-client-request-id`, the same on every attempt of the call.
    client_request_id: HeaderValue,
}

/// What happened during one call.
#[derive(Debug, Default)]
pub(crate) struct CallLog {
    pub(crate) attempts: u32,
    pub(crate) status: Option<StatusCode>,
    pub(crate) request_ids: RequestIds,
    /// A failure of a policy (credential, size limit) that outranks whatever
    /// progenitor makes of the response.
    pub(crate) abort: Option<Error>,
    token: Option<BearerToken>,
}

impl CallContext {
    pub(crate) fn new(policies: Arc<Policies>) -> Self {
        let mut id = uuid::Uuid::encode_buffer();
        let id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut id);
        Self {
            policies,
            log: Arc::default(),
            client_request_id: HeaderValue::from_str(id).expect("a UUID is header-safe"),
        }
    }

    /// The call's record; the context is spent after this.
    pub(crate) fn take_log(&self) -> CallLog {
        std::mem::take(&mut *self.log.lock().expect("call log lock"))
    }

    /// The `x-ms-client-request-id` this call sends.
    pub(crate) fn client_request_id(&self) -> &str {
        self.client_request_id.to_str().expect("built from a UUID")
    }

    fn record(&self, f: impl FnOnce(&mut CallLog)) {
        f(&mut self.log.lock().expect("call log lock"));
    }

    async fn first_token(&self) -> Result<Option<BearerToken>, Error> {
        match &self.policies.tokens {
            None => Ok(None),
            Some(cache) => Ok(Some(cache.token(None).await?)),
        }
    }

    /// Runs the attempts of one request until success, a final failure or the
    /// end of the retry budget.
    async fn run(&self, http: &reqwest::Client, request: Request) -> reqwest::Result<Response> {
        let mut token = self.log.lock().expect("call log lock").token.clone();
        let mut retry = RetryState::new(&self.policies.retry);
        let mut refreshed_after_401 = false;
        // The request's path names the workspace and incident; the WARN events
        // carry it themselves, because the spans around them are DEBUG and
        // absent from a service logging at INFO.
        let path = request.url().path();
        let client_request_id = self.client_request_id();
        for attempt in 1u32.. {
            let mut this_try = request.try_clone().expect("a GET has no streaming body");
            if let Some(token) = &token {
                this_try
                    .headers_mut()
                    .insert(AUTHORIZATION, token.header().clone());
            }
            self.record(|log| log.attempts = attempt);
            // DEBUG, as tower-http's request spans: per-attempt detail. The
            // WARN events on retries and failures carry what operators need.
            let span = tracing::debug_span!(
                "attempt",
                attempt,
                method = %this_try.method(),
                path = %path,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let outcome = async {
                match http.execute(this_try).await {
                    Ok(response) => self.read_body(response).await,
                    Err(e) => Err(e),
                }
            }
            .instrument(span.clone())
            .await;
            let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
            span.record("duration_ms", elapsed_ms);

            let attempt_status = outcome.as_ref().ok().map(|r| r.status().as_u16());
            let delay = match &outcome {
                Ok(response) => {
                    let status = response.status();
                    let ids = RequestIds::from_headers(response.headers());
                    span.record("status", status.as_u16());
                    if let Some(id) = &ids.request_id {
                        span.record("request_id", id.as_str());
                    }
                    tracing::debug!(parent: &span, status = status.as_u16(), elapsed_ms, request_id = ids.request_id.as_deref(), "response");
                    self.record(|log| {
                        log.status = Some(status);
                        log.request_ids = ids;
                    });
                    if self.aborted() {
                        return outcome;
                    }
                    if status == StatusCode::UNAUTHORIZED && !refreshed_after_401 {
                        if let (Some(cache), Some(rejected)) = (&self.policies.tokens, &token) {
                            refreshed_after_401 = true;
                            match cache.token(Some(rejected)).await {
                                Ok(fresh) => {
                                    tracing::info!(parent: &span, attempt, path, client_request_id, "401: retrying once with a refreshed token");
                                    token = Some(fresh);
                                    continue;
                                }
                                Err(e) => {
                                    self.record(|log| log.abort = Some(Error::Credential(e)));
                                    return outcome;
                                }
                            }
                        }
                    }
                    if !is_retryable_status(status) {
                        return outcome;
                    }
                    retry.next_delay(server_delay(response.headers()))
                }
                Err(e) => {
                    tracing::warn!(parent: &span, attempt, path, client_request_id, elapsed_ms, error = %e, "no response");
                    let transient =
                        e.is_connect() || e.is_timeout() || e.is_request() || e.is_body();
                    if !transient {
                        return outcome;
                    }
                    retry.next_delay(None)
                }
            };
            match delay {
                Some(delay) => {
                    tracing::warn!(
                        parent: &span,
                        attempt,
                        path,
                        client_request_id,
                        status = attempt_status,
                        delay_ms = delay.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                None => return outcome,
            }
        }
        unreachable!("the attempt loop only ends by returning")
    }

    fn aborted(&self) -> bool {
        self.log.lock().expect("call log lock").abort.is_some()
    }

    /// Reads the whole body, refusing more than the configured maximum
    /// (announced or streamed) without buffering it, and hands back an
    /// equivalent response for the generated code to decode.
    async fn read_body(&self, mut response: Response) -> reqwest::Result<Response> {
        let limit = self.policies.max_response_bytes;
        let status = response.status();
        let announced = response.content_length();
        // The real URL goes along: without it reqwest parses a placeholder
        // URL for every rebuilt response, and errors would name no URL.
        let mut head = http::Response::builder()
            .status(status)
            .version(response.version())
            .url(response.url().clone());
        if let Some(headers) = head.headers_mut() {
            *headers = std::mem::take(response.headers_mut());
        }
        let body = if announced.is_some_and(|len| len > limit as u64) {
            None
        } else if announced.is_some() {
            // Announced and within the limit: one read into an exact buffer.
            Some(response.bytes().await?)
        } else {
            let mut body = BytesMut::new();
            let mut within_limit = true;
            while let Some(chunk) = response.chunk().await? {
                if body.len() + chunk.len() > limit {
                    within_limit = false;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            within_limit.then(|| body.freeze())
        };
        let response = Response::from(
            head.body(body.clone().unwrap_or_default())
                .expect("status and headers come from a valid response"),
        );
        if body.is_none() {
            let request_ids = RequestIds::from_headers(response.headers());
            self.record(|log| {
                log.abort = Some(Error::ResponseTooLarge {
                    limit,
                    status,
                    request_ids,
                })
            });
        }
        Ok(response)
    }
}

impl ClientHooks<CallContext> for Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        request.headers_mut().remove(PROGENITOR_API_VERSION_HEADER);
        let context = self.inner();
        request
            .headers_mut()
            .insert(CLIENT_REQUEST_ID, context.client_request_id.clone());
        match context.first_token().await {
            Ok(token) => {
                context.record(|log| log.token = token);
                Ok(())
            }
            Err(e) => {
                context.record(|log| log.abort = Some(e));
                Err(progenitor_client::Error::Custom("credential failed".into()))
            }
        }
    }

    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        // Boxed: the attempt loop's state (two requests, the body read, the
        // retry sleep, the 401 refresh) would otherwise sit inline in every
        // caller's future, which callers move and spawn.
        Box::pin(self.inner().run(self.client(), request)).await
    }
}
