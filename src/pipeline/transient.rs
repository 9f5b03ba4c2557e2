//! The one place that decides what is worth another attempt. Get is
//! idempotent, so every failure that may pass on its own is: the statuses
//! Azure's SDKs retry, and a request that got no complete answer.

use reqwest::StatusCode;

/// Whether a response status is worth another attempt: 408, 429, 500, 502,
/// 503 and 504, as in Azure's SDKs for .NET, Go and Rust.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// Why an attempt ended without a complete response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoResponse {
    /// No connection could be made.
    Connect,
    /// The attempt ran out of time.
    Timeout,
    /// The request could not be sent, e.g. the connection was reset.
    Request,
    /// The body broke off while it was read.
    Body,
    /// The body was larger than the configured maximum; it was not read.
    TooLarge,
    /// Anything else reqwest reports (a redirect loop, a builder error).
    Other,
}

impl NoResponse {
    /// Classifies a reqwest failure.
    pub(crate) fn of(error: &reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout
        } else if error.is_connect() {
            Self::Connect
        } else if error.is_body() || error.is_decode() {
            Self::Body
        } else if error.is_request() {
            Self::Request
        } else {
            Self::Other
        }
    }

    /// Whether another attempt may succeed.
    pub(crate) fn is_transient(self) -> bool {
        matches!(
            self,
            Self::Connect | Self::Timeout | Self::Request | Self::Body
        )
    }

    /// OpenTelemetry's `error.type` for it.
    pub(crate) fn error_type(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Timeout => "timeout",
            Self::Request => "request",
            Self::Body => "body",
            Self::TooLarge => "response_too_large",
            Self::Other => "_OTHER",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_statuses_are_the_azure_sdks_set() {
        let retried: Vec<u16> = (100..600)
            .filter(|s| is_retryable_status(StatusCode::from_u16(*s).unwrap()))
            .collect();
        assert_eq!(retried, [408, 429, 500, 502, 503, 504]);
    }

    #[test]
    fn only_a_missing_or_broken_answer_is_transient() {
        use NoResponse::*;
        let transient: Vec<NoResponse> = [Connect, Timeout, Request, Body, TooLarge, Other]
            .into_iter()
            .filter(|f| f.is_transient())
            .collect();
        assert_eq!(transient, [Connect, Timeout, Request, Body]);
    }
}
