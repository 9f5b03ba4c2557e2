//! The crate's one error type. Every HTTP failure keeps its status, the
//! CloudError when the body is one, the raw body (truncated) when it is not,
//! and Azure's request ids, so an operator can quote them to support.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName};
use reqwest::StatusCode;

use crate::auth::CredentialError;
use crate::pipeline::transient::{is_retryable_status, NoResponse};
use crate::pipeline::{Exchange, SendError, CLIENT_REQUEST_ID};
use crate::redact::{redact_json, redact_prefix, secret_of};
use crate::types::{CloudError, CloudErrorBody};

/// How much of a non-CloudError body an error keeps.
const BODY_KEEP: usize = 4096;
/// How much of it `Display` shows.
const BODY_SHOW: usize = 200;

// Azure's request-id headers. Constant names: a `&str` key is parsed and
// validated on every lookup.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-request-id");
const CORRELATION_ID: HeaderName = HeaderName::from_static("x-ms-correlation-request-id");

/// The ids of one request: Azure's, from the response headers, and the one
/// this client sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestIds {
    /// `x-ms-request-id`: Resource Manager's id for the request.
    pub request_id: Option<String>,
    /// `x-ms-correlation-request-id`: ties together the requests of one operation.
    pub correlation_request_id: Option<String>,
    /// `x-ms-client-request-id`: the id this client sent with every attempt of the call.
    pub client_request_id: Option<String>,
}

impl RequestIds {
    /// The ids in `headers`; `sent` is the client request id, for when the
    /// server does not echo it.
    pub(crate) fn from_headers(headers: &HeaderMap, sent: Option<&str>) -> Self {
        let get = |name: &HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        };
        Self {
            request_id: get(&REQUEST_ID),
            correlation_request_id: get(&CORRELATION_ID),
            client_request_id: get(&CLIENT_REQUEST_ID).or_else(|| sent.map(String::from)),
        }
    }
}

/// A failure status from Azure or from something between us and it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HttpError {
    /// The status of the last attempt.
    pub status: StatusCode,
    /// The CloudError body, when the body was one.
    pub cloud_error: Option<CloudError>,
    /// The body (at most 4 KiB, lossily UTF-8) when it was not a CloudError.
    /// Here, in `cloud_error` and in `request_ids`, the token the request
    /// carried is replaced by `<redacted>` wherever the server echoed it.
    pub body: Option<String>,
    /// The ids of the last attempt.
    pub request_ids: RequestIds,
    /// How many attempts were made.
    pub attempts: u32,
}

/// Why no complete response arrived: a refused or reset connection, a
/// timeout, a body that broke off. Opaque, so that this crate's API does not
/// follow the HTTP client's versions; `source()` leads to the HTTP client's
/// own error.
#[derive(Debug)]
pub struct TransportError(reqwest::Error);

impl TransportError {
    /// The attempt ran out of time (the connect or the per-attempt timeout).
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }

    /// No connection could be made.
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }

    /// Whether another attempt might succeed.
    pub fn is_transient(&self) -> bool {
        NoResponse::of(&self.0).is_transient()
    }
}

impl fmt::Display for TransportError {
    /// The error and its causes on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = std::error::Error::source(&self.0);
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Everything that can go wrong in a call.
///
/// Matching a variant takes `..`: variants may gain fields.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Input rejected before any request was sent.
    #[non_exhaustive]
    InvalidInput {
        /// What the value is, e.g. `workspace name`.
        what: &'static str,
        /// The rejected value.
        value: String,
        /// Why it was rejected, in words.
        reason: String,
    },
    /// A client configuration that cannot work, e.g. a bearer token over plain http.
    Config(String),
    /// The credential could not produce a token.
    Credential(CredentialError),
    /// A failure status (4xx, 5xx, or a redirect that was not followed).
    Http(Box<HttpError>),
    /// No complete HTTP answer: connection refused or reset, timeout, broken body.
    #[non_exhaustive]
    Transport {
        /// What went wrong.
        source: TransportError,
        /// How many attempts were made.
        attempts: u32,
        /// The ids of the call (the client request id it sent).
        request_ids: RequestIds,
    },
    /// A success status whose body is not the expected JSON. serde_json's
    /// error is part of the API on purpose: the types are serde types.
    #[non_exhaustive]
    Decode {
        /// The response status.
        status: StatusCode,
        /// What serde could not parse.
        source: serde_json::Error,
        /// The start of the body (at most 4 KiB).
        body: String,
        /// The ids of the request.
        request_ids: RequestIds,
    },
    /// The response body was larger than the configured maximum; it was not read.
    #[non_exhaustive]
    ResponseTooLarge {
        /// The configured maximum, in bytes.
        limit: usize,
        /// The response status.
        status: StatusCode,
        /// The ids of the request.
        request_ids: RequestIds,
    },
}

impl Error {
    pub(crate) fn invalid_input(
        what: &'static str,
        value: &str,
        reason: impl Into<String>,
    ) -> Self {
        Self::InvalidInput {
            what,
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// A failure status, with its body kept as a CloudError or as text.
    /// The token the request was sent with is redacted from what it keeps.
    pub(crate) fn http(response: &Exchange, sent_id: Option<&str>) -> Self {
        let secret = secret_of_sent(response);
        let cloud_error = cloud_error(&response.body, secret).filter(|e| e.error.is_some());
        let body = cloud_error
            .is_none()
            .then(|| kept_body(&response.body, secret));
        Self::Http(Box::new(HttpError {
            status: response.status,
            cloud_error,
            body,
            request_ids: RequestIds::from_headers(&response.headers, sent_id),
            attempts: response.attempts,
        }))
    }

    /// A success status whose body did not decode.
    pub(crate) fn decode(
        response: &Exchange,
        source: serde_json::Error,
        sent_id: Option<&str>,
    ) -> Self {
        Self::Decode {
            status: response.status,
            source,
            body: kept_body(&response.body, secret_of_sent(response)),
            request_ids: RequestIds::from_headers(&response.headers, sent_id),
        }
    }

    /// What a call that got no readable response ends with.
    pub(crate) fn from_send(error: SendError, sent_id: Option<&str>) -> Self {
        match error {
            SendError::Credential(e) | SendError::CredentialRefresh { source: e, .. } => {
                Self::Credential(e)
            }
            SendError::Transport { source, attempts } => Self::Transport {
                source: TransportError(source),
                attempts,
                request_ids: RequestIds::from_headers(&HeaderMap::new(), sent_id),
            },
            SendError::TooLarge { limit, response } => Self::ResponseTooLarge {
                limit,
                status: response.status,
                request_ids: RequestIds::from_headers(&response.headers, sent_id),
            },
        }
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Http(e) => Some(e.status),
            Self::Decode { status, .. } | Self::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether trying again later might succeed (the client already retried
    /// as its policy allows).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Http(e) => is_retryable_status(e.status),
            Self::Transport { source, .. } => source.is_transient(),
            _ => false,
        }
    }

    /// The CloudError body's `error`, when the service sent one.
    pub fn cloud_error(&self) -> Option<&CloudErrorBody> {
        match self {
            Self::Http(e) => e.cloud_error.as_ref().and_then(|c| c.error.as_ref()),
            _ => None,
        }
    }

    /// The ids of the failed request, when one was sent.
    pub fn request_ids(&self) -> Option<&RequestIds> {
        match self {
            Self::Http(e) => Some(&e.request_ids),
            Self::Transport { request_ids, .. }
            | Self::Decode { request_ids, .. }
            | Self::ResponseTooLarge { request_ids, .. } => Some(request_ids),
            _ => None,
        }
    }

    /// OpenTelemetry's `error.type`: the status code, or what kind of failure it was.
    pub(crate) fn error_type(&self) -> &str {
        match self {
            Self::Http(e) => e.status.as_str(),
            Self::InvalidInput { .. } => "invalid_input",
            Self::Config(_) => "config",
            Self::Credential(_) => "credential",
            Self::Transport { source, .. } => NoResponse::of(&source.0).error_type(),
            Self::Decode { .. } => "decode",
            Self::ResponseTooLarge { .. } => "response_too_large",
        }
    }
}

/// The token `response`'s request carried, if it carried one.
fn secret_of_sent(response: &Exchange) -> Option<&str> {
    response.sent_authorization.as_ref().and_then(secret_of)
}

/// The body as a CloudError, with `secret` redacted from its every string.
fn cloud_error(body: &[u8], secret: Option<&str>) -> Option<CloudError> {
    let Some(secret) = secret else {
        return serde_json::from_slice(body).ok();
    };
    let mut value = serde_json::from_slice(body).ok()?;
    redact_json(&mut value, secret);
    serde_json::from_value(value).ok()
}

/// The start of a body, as text, with `secret` redacted before the cut, so
/// that a token across it is replaced whole.
fn kept_body(body: &[u8], secret: Option<&str>) -> String {
    if let Some(secret) = secret {
        // Far enough past the cut to hold a token that starts before it,
        // even with every character escaped (`\uXXXX`).
        let window = &body[..body.len().min(BODY_KEEP + 6 * secret.len())];
        let text = String::from_utf8_lossy(window);
        if let Some((mut kept, end)) = redact_prefix(&text, secret, BODY_KEEP) {
            if end < text.len() || window.len() < body.len() {
                kept.push('…');
            }
            return kept;
        }
    }
    truncate(body, BODY_KEEP)
}

fn truncate(body: &[u8], limit: usize) -> String {
    let mut text = String::from_utf8_lossy(&body[..body.len().min(limit)]).into_owned();
    if body.len() > limit {
        text.push('…');
    }
    text
}

/// One line: whitespace runs collapsed, at most `BODY_SHOW` characters.
fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(BODY_SHOW) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

fn write_ids(f: &mut fmt::Formatter<'_>, ids: &RequestIds) -> fmt::Result {
    match (&ids.request_id, &ids.client_request_id) {
        (Some(id), _) => write!(f, " (request id {id})"),
        (None, Some(id)) => write!(f, " (client request id {id})"),
        (None, None) => Ok(()),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidInput {
                what,
                value,
                reason,
            } => write!(f, "invalid {what} `{value}`: {reason}"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
            Self::Credential(e) => write!(f, "could not get an access token: {e}"),
            Self::Http(e) => {
                write!(f, "{}", e.status.as_u16())?;
                match (self.cloud_error(), &e.body) {
                    (Some(c), _) => write!(
                        f,
                        " {}: {}",
                        c.code.as_deref().unwrap_or("(no code)"),
                        c.message.as_deref().unwrap_or("(no message)")
                    )?,
                    (None, Some(body)) if !body.trim().is_empty() => write!(
                        f,
                        " {}: {}",
                        e.status.canonical_reason().unwrap_or("error"),
                        one_line(body)
                    )?,
                    _ => write!(
                        f,
                        " {} (empty body)",
                        e.status.canonical_reason().unwrap_or("error")
                    )?,
                }
                write_ids(f, &e.request_ids)?;
                if e.attempts > 1 {
                    write!(f, " after {} attempts", e.attempts)?;
                }
                Ok(())
            }
            Self::Transport {
                source,
                attempts,
                request_ids,
            } => {
                write!(f, "request failed after {attempts} attempt(s): {source}")?;
                write_ids(f, request_ids)
            }
            Self::Decode {
                status,
                source,
                request_ids,
                ..
            } => {
                write!(
                    f,
                    "{} response is not a valid incident: {source}",
                    status.as_u16()
                )?;
                write_ids(f, request_ids)
            }
            Self::ResponseTooLarge {
                limit,
                status,
                request_ids,
            } => {
                write!(
                    f,
                    "{} response body exceeds the {limit}-byte limit",
                    status.as_u16()
                )?;
                write_ids(f, request_ids)
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Credential(e) => Some(e),
            Self::Transport { source, .. } => Some(source),
            Self::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<CredentialError> for Error {
    fn from(e: CredentialError) -> Self {
        Self::Credential(e)
    }
}
