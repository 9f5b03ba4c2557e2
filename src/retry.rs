//! When and how long to wait before trying a Get again. Get is idempotent, so
//! every transient failure is retried: 408, 429, 500, 502, 503, 504,
//! connection failures and timeouts.

use std::time::{Duration, Instant, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Retry policy. The defaults are .NET Azure.Core's (3 retries, 800 ms initial
/// delay doubling to at most 60 s), bounded in total by two minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }
}

/// Whether a response status is worth another attempt.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The retry budget of one call.
pub(crate) struct RetryState {
    options: RetryOptions,
    backoff: backon::ExponentialBackoff,
    started: Instant,
}

impl RetryState {
    pub(crate) fn new(options: &RetryOptions) -> Self {
        let backoff = ExponentialBuilder::default()
            .with_min_delay(options.initial_delay)
            .with_max_delay(options.max_delay)
            .with_max_times(options.max_retries)
            .with_jitter()
            .build();
        Self {
            options: options.clone(),
            backoff,
            started: Instant::now(),
        }
    }

    /// The delay before the next attempt, or `None` when the budget is spent.
    /// A server-given delay (`Retry-After` and friends) replaces the backoff.
    pub(crate) fn next_delay(&mut self, server_delay: Option<Duration>) -> Option<Duration> {
        let backoff = self.backoff.next()?;
        let delay = server_delay.unwrap_or(backoff).min(self.options.max_delay);
        (self.started.elapsed() + delay <= self.options.max_elapsed).then_some(delay)
    }
}

/// The delay a response asks for: `retry-after-ms` or `x-ms-retry-after-ms`
/// (milliseconds, Azure's), else `Retry-After` in seconds or as an HTTP date.
pub(crate) fn server_delay(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
        if let Some(ms) = text(name)
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|ms| *ms >= 0.0)
        {
            return Some(Duration::from_secs_f64(ms / 1000.0));
        }
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn server_delay_forms() {
        assert_eq!(
            server_delay(&headers(&[("retry-after", "7")])),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            server_delay(&headers(&[
                ("retry-after", "7"),
                ("x-ms-retry-after-ms", "250")
            ])),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            server_delay(&headers(&[("retry-after-ms", "1500")])),
            Some(Duration::from_millis(1500))
        );
        let in_a_minute = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(60));
        let d = server_delay(&headers(&[("retry-after", &in_a_minute)])).unwrap();
        assert!(
            d > Duration::from_secs(55) && d <= Duration::from_secs(60),
            "{d:?}"
        );
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
        assert_eq!(
            server_delay(&headers(&[("retry-after", &past)])),
            Some(Duration::ZERO)
        );
        assert_eq!(server_delay(&headers(&[("retry-after", "soon")])), None);
        assert_eq!(server_delay(&HeaderMap::new()), None);
    }

    #[test]
    fn budget_is_bounded_in_count_and_time() {
        let options = RetryOptions {
            max_retries: 2,
            initial_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(10),
            max_elapsed: Duration::from_secs(5),
        };
        let mut state = RetryState::new(&options);
        assert!(state.next_delay(None).unwrap() <= Duration::from_millis(10));
        assert_eq!(
            state.next_delay(Some(Duration::from_secs(1))),
            Some(Duration::from_millis(10))
        );
        assert_eq!(
            state.next_delay(None),
            None,
            "third retry exceeds max_retries"
        );

        let mut state = RetryState::new(&RetryOptions {
            max_delay: Duration::from_secs(60),
            ..options.clone()
        });
        assert_eq!(
            state.next_delay(Some(Duration::from_secs(6))),
            None,
            "would end past max_elapsed"
        );
        assert_eq!(
            RetryState::new(&RetryOptions::none()).next_delay(None),
            None
        );
    }
}
