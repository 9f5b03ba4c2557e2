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
    /// The response's head (status line and headers) was over the HTTP
    /// client's limit: the same request gets the same head again.
    HeadTooLarge,
    /// Anything else reqwest reports (a redirect loop, a builder error).
    Other,
}

impl NoResponse {
    /// Classifies a reqwest failure.
    pub(crate) fn of(error: &reqwest::Error) -> Self {
        // First: reqwest reports it as a failure to send the request.
        if is_head_too_large(error) {
            Self::HeadTooLarge
        } else if error.is_timeout() {
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
            Self::HeadTooLarge => "response_head_too_large",
            Self::Other => "_OTHER",
        }
    }
}

/// hyper's message when a response head exceeds its buffer or header count
/// (`Parse::TooLarge`). hyper is not a direct dependency (reqwest wraps it,
/// two layers down), so its error is recognised by what it says; the
/// loopback test in tests/client_retry.rs fails if hyper rewords it.
const HYPER_HEAD_TOO_LARGE: &str = "message head is too large";

/// Whether `error` or one of its causes is hyper's "message head is too large".
fn is_head_too_large(error: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(error), |e| e.source())
        .any(|e| e.to_string() == HYPER_HEAD_TOO_LARGE)
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
        let all = [
            Connect,
            Timeout,
            Request,
            Body,
            TooLarge,
            HeadTooLarge,
            Other,
        ];
        let transient: Vec<NoResponse> = all.into_iter().filter(|f| f.is_transient()).collect();
        assert_eq!(transient, [Connect, Timeout, Request, Body]);
    }

    /// An error with a message and an optional cause, as reqwest nests hyper's.
    #[derive(Debug)]
    struct Nested(&'static str, Option<Box<Nested>>);

    impl std::fmt::Display for Nested {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Nested {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as _)
        }
    }

    #[test]
    fn an_oversized_head_is_found_anywhere_in_the_chain() {
        let hyper = Nested(HYPER_HEAD_TOO_LARGE, None);
        let legacy = Nested("client error (SendRequest)", Some(Box::new(hyper)));
        let reqwest = Nested("error sending request", Some(Box::new(legacy)));
        assert!(is_head_too_large(&reqwest));
        let reset = Nested("connection reset", None);
        let other = Nested("error sending request", Some(Box::new(reset)));
        assert!(!is_head_too_large(&other));
    }
}
