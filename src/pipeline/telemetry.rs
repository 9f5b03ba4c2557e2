//! Spans and events, named as OpenTelemetry's HTTP-client conventions and
//! the Azure SDKs name them (`http.request.method`, `server.address`,
//! `url.path`, `http.response.status_code`, `az.client_request_id`,
//! `az.service_request_id`, `error.type`), so a service exporting through
//! `tracing-opentelemetry` gets standard attributes.
//!
//! Spans are DEBUG, as tower-http's request spans are: a service logging at
//! INFO pays nothing for a call that went well. What operators need when a
//! call goes wrong travels in WARN events that name the call themselves.

use std::time::Duration;

use reqwest::header::HeaderName;
use tracing::field::Empty;
use tracing::Span;

use super::retry::Outcome;
use super::OutgoingRequest;

/// Resource Manager's id for one request, sent back with every response.
const SERVICE_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-request-id");

/// The span of one public call, e.g. `SentinelClient.get_incident`.
pub(crate) fn call_span(request: &OutgoingRequest, workspace: &str, incident: &str) -> Span {
    tracing::debug_span!(
        "SentinelClient.get_incident",
        "az.namespace" = "Microsoft.SecurityInsights",
        "az.client_request_id" = request.client_request_id(),
        workspace,
        incident,
        "error.type" = Empty,
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
    )
}

/// Records what the attempt got on its span.
pub(crate) fn record_attempt(span: &Span, outcome: Outcome<'_>) {
    if span.is_disabled() {
        return;
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
