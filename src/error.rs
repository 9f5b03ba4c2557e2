//! The crate's one error type. Every HTTP failure keeps its status, the
//! CloudError when the body is one, the raw body (truncated) when it is not,
//! and Azure's request ids, so an operator can quote them to support.

use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName};
use reqwest::StatusCode;

use crate::auth::CredentialError;
use crate::types::{CloudError, CloudErrorBody};

/// How much of a non-CloudError body an error keeps.
const BODY_KEEP: usize = 4096;
/// How much of it `Display` shows.
const BODY_SHOW: usize = 200;

// Azure's request-id headers. Constant names: a `&str` key is parsed and
// validated on every lookup.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-request-id");
const CORRELATION_ID: HeaderName = HeaderName::from_static("x-ms-correlation-request-id");
/// The id the client sends, and some services echo.
pub(crate) const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");

/// Azure's ids for one request, as sent back in response headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestIds {
    /// `x-ms-request-id`: Resource Manager's id for the request.
    pub request_id: Option<String>,
    /// `x-ms-correlation-request-id`: ties together the requests of one operation.
    pub correlation_request_id: Option<String>,
    /// `x-ms-client-request-id`: the id this client sent (echoed when the server does).
    pub client_request_id: Option<String>,
}

impl RequestIds {
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        let get = |name: &HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        };
        Self {
            request_id: get(&REQUEST_ID),
            correlation_request_id: get(&CORRELATION_ID),
            client_request_id: get(&CLIENT_REQUEST_ID),
        }
    }
}

/// A failure status from Azure or from something between us and it.
#[derive(Debug, Clone)]
pub struct HttpError {
    /// The status of the last attempt.
    pub status: StatusCode,
    /// The CloudError body, when the body was one.
    pub cloud_error: Option<CloudError>,
    /// The body (at most 4 KiB, lossily UTF-8) when it was not a CloudError.
    pub body: Option<String>,
    /// Azure's ids for the last attempt.
    pub request_ids: RequestIds,
    /// How many attempts were made.
    pub attempts: u32,
}

/// Everything that can go wrong in a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Input rejected before any request was sent.
    InvalidInput {
        /// What the value is, e.g. `workspace name`.
        what: &'static str,
        /// The rejected value.
        value: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A client configuration that cannot work, e.g. a bearer token over plain http.
    Config(String),
    /// The credential could not produce a token.
    Credential(CredentialError),
    /// A failure status (4xx, 5xx, or a redirect that was not followed).
    Http(Box<HttpError>),
    /// No HTTP answer: connection refused or reset, timeout, broken body.
    Transport {
        /// The underlying error.
        source: reqwest::Error,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A success status whose body is not the expected JSON.
    Decode {
        /// The response status.
        status: StatusCode,
        /// What serde could not parse.
        source: serde_json::Error,
        /// The start of the body (at most 4 KiB).
        body: String,
        /// Azure's ids for the request.
        request_ids: RequestIds,
    },
    /// The response body was larger than the configured maximum; it was not read.
    ResponseTooLarge {
        /// The configured maximum, in bytes.
        limit: usize,
        /// The response status.
        status: StatusCode,
        /// Azure's ids for the request.
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

    pub(crate) fn http(
        status: StatusCode,
        request_ids: RequestIds,
        body: &Bytes,
        attempts: u32,
    ) -> Self {
        let cloud_error = serde_json::from_slice::<CloudError>(body)
            .ok()
            .filter(|e| e.error.is_some());
        let body = cloud_error.is_none().then(|| truncate(body, BODY_KEEP));
        Self::Http(Box::new(HttpError {
            status,
            cloud_error,
            body,
            request_ids,
            attempts,
        }))
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
            Self::Http(e) => crate::retry::is_retryable_status(e.status),
            Self::Transport { .. } => true,
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

    /// Azure's ids for the failed request, when there was a response.
    pub fn request_ids(&self) -> Option<&RequestIds> {
        match self {
            Self::Http(e) => Some(&e.request_ids),
            Self::Decode { request_ids, .. } | Self::ResponseTooLarge { request_ids, .. } => {
                Some(request_ids)
            }
            _ => None,
        }
    }
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
            Self::Transport { source, attempts } => {
                write!(f, "request failed after {attempts} attempt(s): {source}")?;
                let mut cause = std::error::Error::source(source);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
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
