//! The retry policy as one pure decision: an attempt's outcome, where the
//! call stands and the time in; "done", "refresh the token" or "retry after
//! d" out. Nothing here sleeps, reads the system clock or draws a random
//! number itself, so every rule is tested with a fixed clock and jitter.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName};
use reqwest::StatusCode;

use super::transient::{is_retryable_status, NoResponse};

/// Retry policy. The defaults are .NET Azure.Core's (3 retries, 800 ms first
/// delay doubling to at most 60 s, ±20% jitter), bounded in total by two
/// minutes.
///
/// ```
/// use std::time::Duration;
/// use sentinel_incidents::RetryOptions;
/// let patient = RetryOptions::default()
///     .with_max_retries(5)
///     .with_max_elapsed(Duration::from_secs(300));
/// assert_eq!(patient.max_retries, 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryOptions {
    /// Retries after the first attempt; 0 switches retrying off.
    pub max_retries: usize,
    /// Delay before the first retry, doubled for each further one, with jitter.
    pub initial_delay: Duration,
    /// Cap on one delay, the server's `Retry-After` included.
    pub max_delay: Duration,
    /// No retry starts once this much time has passed since the call began,
    /// nor one whose delay would end after it.
    pub max_elapsed: Duration,
}

impl Default for RetryOptions {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_delay: Duration::from_millis(800),
            max_delay: Duration::from_secs(60),
            max_elapsed: Duration::from_secs(120),
        }
    }
}

impl RetryOptions {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self::default().with_max_retries(0)
    }

    /// Sets [`max_retries`](Self::max_retries).
    pub fn with_max_retries(mut self, retries: usize) -> Self {
        self.max_retries = retries;
        self
    }

    /// Sets [`initial_delay`](Self::initial_delay).
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Sets [`max_delay`](Self::max_delay).
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets [`max_elapsed`](Self::max_elapsed).
    pub fn with_max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }
}

/// Where the system time comes from. The pipeline reads the real clock;
/// tests fix it. It is only asked when a `Retry-After` is an HTTP date.
pub(crate) trait Clock {
    fn now(&self) -> SystemTime;
}

/// The real clock.
pub(crate) struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// One attempt's outcome, as far as the decision needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome<'a> {
    /// A complete response.
    Response {
        status: StatusCode,
        headers: &'a HeaderMap,
    },
    /// No complete response, and why.
    NoResponse(NoResponse),
}

/// Where the call stands after an attempt.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallState {
    /// Retries already made (a retry after a token refresh does not count).
    pub retries: usize,
    /// Time since the call began.
    pub elapsed: Duration,
    /// Whether the call sends a bearer token at all.
    pub has_credential: bool,
    /// Whether the token was already refreshed after a 401.
    pub token_refreshed: bool,
}

/// What the pipeline does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// The outcome is final.
    Done,
    /// Get a fresh token and try again at once: the first 401 of a call.
    RefreshToken,
    /// Wait this long, then try again.
    RetryAfter(Duration),
}

/// The decision after one attempt. `jitter` is a number in `[0, 1)`.
pub(crate) fn decide(
    options: &RetryOptions,
    outcome: Outcome<'_>,
    call: &CallState,
    clock: &impl Clock,
    jitter: f64,
) -> Decision {
    let server_asked = match outcome {
        Outcome::Response { status, .. }
            if status == StatusCode::UNAUTHORIZED
                && call.has_credential
                && !call.token_refreshed =>
        {
            return Decision::RefreshToken
        }
        Outcome::Response { status, headers } if is_retryable_status(status) => {
            server_delay(headers, clock)
        }
        Outcome::NoResponse(failure) if failure.is_transient() => None,
        _ => return Decision::Done,
    };
    if call.retries >= options.max_retries {
        return Decision::Done;
    }
    let delay = server_asked
        .unwrap_or_else(|| backoff(options, call.retries, jitter))
        .min(options.max_delay);
    if call.elapsed + delay > options.max_elapsed {
        return Decision::Done;
    }
    Decision::RetryAfter(delay)
}

/// `initial_delay × 2^retries`, at most `max_delay`, scaled by 0.8 to 1.2
/// as .NET Azure.Core does so that clients that failed together spread out.
fn backoff(options: &RetryOptions, retries: usize, jitter: f64) -> Duration {
    let doubling = 1u32.checked_shl(retries as u32).unwrap_or(u32::MAX);
    let base = options
        .initial_delay
        .saturating_mul(doubling)
        .min(options.max_delay);
    base.mul_f64(0.8 + 0.4 * jitter.clamp(0.0, 1.0))
}

const RETRY_AFTER_MS: HeaderName = HeaderName::from_static("retry-after-ms");
const X_MS_RETRY_AFTER_MS: HeaderName = HeaderName::from_static("x-ms-retry-after-ms");

/// The delay a response asks for: `retry-after-ms` or `x-ms-retry-after-ms`
/// (milliseconds, Azure's), else `Retry-After` in seconds or as an HTTP date.
pub(crate) fn server_delay(headers: &HeaderMap, clock: &impl Clock) -> Option<Duration> {
    let text = |name: &HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    for name in [&RETRY_AFTER_MS, &X_MS_RETRY_AFTER_MS] {
        if let Some(ms) = text(name)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|ms| ms.is_finite() && *ms >= 0.0)
        {
            return Some(Duration::from_secs_f64(ms / 1000.0));
        }
    }
    let value = text(&reqwest::header::RETRY_AFTER)?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(clock.now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests;
