//! Spans and events, named as OpenTelemetry's HTTP-client conventions and
//! the Azure SDKs name them (`http.request.method`, `server.address`,
//! `url.path`, `http.response.status_code`, `az.client_request_id`,
//! `az.service_request_id`, `error.type`), so a service exporting through
//! `tracing-opentelemetry` gets standard attributes.
//!
//! Spans are DEBUG, as tower-http's request spans are: a service logging at
//! INFO pays nothing for a call that went well. What operators need when a
//! call goes wrong travels in WARN events that name the call themselves.

use std::future::Future;
use std::time::{Duration, Instant};

use reqwest::header::HeaderName;
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::retry::Outcome;
use super::OutgoingRequest;

/// Resource Manager's id for one request, sent back with every response.
const SERVICE_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-request-id");

/// Runs `future` in `span`, or, when the span is disabled (the usual case
/// at INFO), on its own: entering a disabled span on every poll still costs.
pub(crate) async fn in_span<F: Future>(span: &Span, future: F) -> F::Output {
    if span.is_disabled() {
        future.await
    } else {
        future.instrument(span.clone()).await
    }
}

/// The span of one public call, e.g. `SentinelClient.get_incident`.
/// `namespace` is the resource provider's, as Azure SDKs report it.
pub(crate) fn call_span(
    request: &OutgoingRequest,
    namespace: Option<&str>,
    workspace: &str,
    incident: &str,
) -> Span {
    tracing::debug_span!(
        "SentinelClient.get_incident",
        "az.namespace" = namespace,
        "az.client_request_id" = request.client_request_id(),
        workspace,
        incident,
        "error.type" = Empty,
        attempts = Empty,
    )
}

/// The span of one attempt: one HTTP request on the wire.
pub(crate) fn attempt_span(request: &OutgoingRequest, attempt: u32) -> Span {
    let url = &request.url;
    tracing::debug_span!(
        "http_request",
        "otel.name" = request.method.as_str(),
        "otel.kind" = "client",
        "http.request.method" = request.method.as_str(),
        "server.address" = url.host_str(),
        "server.port" = url.port_or_known_default(),
        "url.path" = url.path(),
        "http.request.resend_count" = (attempt > 1).then_some(attempt - 1),
        "az.client_request_id" = request.client_request_id(),
        "http.response.status_code" = Empty,
        "az.service_request_id" = Empty,
        "error.type" = Empty,
        duration_ms = Empty,
    )
}

/// Records what the attempt got, and how long it took, on its span.
pub(crate) fn record_attempt(span: &Span, outcome: Outcome<'_>, started: Option<Instant>) {
    if span.is_disabled() {
        return;
    }
    if let Some(started) = started {
        span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
    }
    match outcome {
        Outcome::Response { status, headers } => {
            span.record("http.response.status_code", status.as_u16());
            if let Some(id) = headers.get(SERVICE_REQUEST_ID) {
                span.record("az.service_request_id", id.to_str().unwrap_or_default());
            }
            if status.is_client_error() || status.is_server_error() {
                span.record("error.type", status.as_str());
            }
        }
        Outcome::NoResponse(failure) => {
            span.record("error.type", failure.error_type());
        }
    }
}

/// When an attempt starts, if its span is recorded at all.
pub(crate) fn start(span: &Span) -> Option<Instant> {
    (!span.is_disabled()).then(Instant::now)
}

/// DEBUG: the call succeeded after `attempts` attempts.
pub(crate) fn succeeded(span: &Span, attempts: u32) {
    if !span.is_disabled() {
        span.record("attempts", attempts);
        tracing::debug!(parent: span, attempts, "incident fetched");
    }
}

/// WARN: the attempt failed and another follows after `delay`.
pub(crate) fn retrying(
    span: &Span,
    request: &OutgoingRequest,
    attempt: u32,
    outcome: Outcome<'_>,
    delay: Duration,
) {
    let (status, error_type) = match outcome {
        Outcome::Response { status, .. } => (Some(status.as_u16()), status.as_str().to_owned()),
        Outcome::NoResponse(failure) => (None, failure.error_type().to_owned()),
    };
    // An identifier first: a leading string literal would be read as the message.
    tracing::warn!(
        parent: span,
        attempt,
        "url.path" = request.url.path(),
        "az.client_request_id" = request.client_request_id(),
        "http.response.status_code" = status,
        "error.type" = error_type,
        delay_ms = delay.as_millis() as u64,
        "retrying"
    );
}

/// INFO: a 401, and one more attempt with a fresh token.
pub(crate) fn refreshing_token(span: &Span, request: &OutgoingRequest, attempt: u32) {
    tracing::info!(
        parent: span,
        attempt,
        "url.path" = request.url.path(),
        "az.client_request_id" = request.client_request_id(),
        "401: retrying once with a refreshed token"
    );
}
