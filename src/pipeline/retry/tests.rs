//! The retry decision, table-driven, with a fixed clock and fixed jitter:
//! nothing here sleeps or reads the system time.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::*;

/// A clock stopped at one instant.
struct FixedClock(SystemTime);

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

fn at() -> SystemTime {
    // 2026-11-29T08:00:00Z
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_939_200)
}

fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, value.parse().unwrap());
    }
    map
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// One row: what happened, where the call stands, what must follow.
struct Case {
    name: &'static str,
    status: Option<u16>,
    failure: Option<NoResponse>,
    headers: Vec<(&'static str, String)>,
    call: CallState,
    jitter: f64,
    expected: Decision,
}

fn call(retries: usize, elapsed: Duration) -> CallState {
    CallState {
        retries,
        elapsed,
        has_credential: true,
        token_refreshed: false,
    }
}

fn status(code: u16, headers: Vec<(&'static str, String)>, call: CallState) -> Case {
    Case {
        name: "",
        status: Some(code),
        failure: None,
        headers,
        call,
        jitter: 0.5,
        expected: Decision::Done,
    }
}

fn failure(kind: NoResponse, call: CallState) -> Case {
    Case {
        failure: Some(kind),
        status: None,
        ..status(0, vec![], call)
    }
}

impl Case {
    fn named(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }
    fn jitter(mut self, jitter: f64) -> Self {
        self.jitter = jitter;
        self
    }
    fn expect(mut self, expected: Decision) -> Self {
        self.expected = expected;
        self
    }
}

fn cases() -> Vec<Case> {
    use Decision::*;
    let fresh = call(0, Duration::ZERO);
    let date = |offset: i64| {
        let when = if offset >= 0 {
            at() + secs(offset as u64)
        } else {
            at() - secs(offset.unsigned_abs())
        };
        httpdate::fmt_http_date(when)
    };
    vec![
        status(200, vec![], fresh).named("success is final"),
        status(404, vec![], fresh).named("a client error is final"),
        status(503, vec![], fresh)
            .named("backoff: 800 ms at mid jitter")
            .expect(RetryAfter(ms(800))),
        status(503, vec![], call(1, secs(1)))
            .jitter(0.0)
            .named("backoff doubles, jitter down to 0.8")
            .expect(RetryAfter(ms(1280))),
        status(503, vec![], call(2, secs(3)))
            .jitter(0.25)
            .named("backoff doubles again, jitter 0.9")
            .expect(RetryAfter(ms(2880))),
        status(503, vec![], call(3, secs(9))).named("budget: the fourth retry is one too many"),
        status(503, vec![], call(30, Duration::ZERO)).named("budget: far past max_retries"),
        status(429, vec![("retry-after", "7".into())], fresh)
            .named("Retry-After in seconds")
            .expect(RetryAfter(secs(7))),
        status(429, vec![("retry-after", date(30))], fresh)
            .named("Retry-After as an HTTP date")
            .expect(RetryAfter(secs(30))),
        status(429, vec![("retry-after", date(-60))], fresh)
            .named("Retry-After date in the past: at once")
            .expect(RetryAfter(Duration::ZERO)),
        status(429, vec![("retry-after-ms", "250".into())], fresh)
            .named("retry-after-ms")
            .expect(RetryAfter(ms(250))),
        status(
            429,
            vec![
                ("retry-after", "7".into()),
                ("x-ms-retry-after-ms", "1500".into()),
            ],
            fresh,
        )
        .named("x-ms-retry-after-ms wins over Retry-After")
        .expect(RetryAfter(ms(1500))),
        status(429, vec![("retry-after", "soon".into())], fresh)
            .named("an unreadable Retry-After falls back to backoff")
            .expect(RetryAfter(ms(800))),
        status(429, vec![("retry-after-ms", "-5".into())], fresh)
            .named("a negative delay is ignored")
            .expect(RetryAfter(ms(800))),
        status(503, vec![("retry-after", "600".into())], fresh)
            .named("a server delay is capped at max_delay")
            .expect(RetryAfter(secs(60))),
        status(503, vec![("retry-after", "30".into())], call(1, secs(100)))
            .named("budget: a delay ending after max_elapsed is not taken"),
        status(503, vec![("retry-after", "20".into())], call(1, secs(100)))
            .named("budget: a delay ending exactly at max_elapsed is taken")
            .expect(RetryAfter(secs(20))),
        status(401, vec![], fresh)
            .named("401 once: refresh the token")
            .expect(RefreshToken),
        status(
            401,
            vec![],
            CallState {
                token_refreshed: true,
                ..fresh
            },
        )
        .named("401 twice: final"),
        status(
            401,
            vec![],
            CallState {
                has_credential: false,
                ..fresh
            },
        )
        .named("401 without a credential: final"),
        status(401, vec![], call(3, secs(50)))
            .named("401 refresh does not need retry budget")
            .expect(RefreshToken),
        failure(NoResponse::Timeout, fresh)
            .named("a timeout is retried")
            .expect(RetryAfter(ms(800))),
        failure(NoResponse::Connect, call(1, secs(1)))
            .named("a refused connection is retried")
            .expect(RetryAfter(ms(1600))),
        failure(NoResponse::Body, fresh)
            .named("a body cut off is retried")
            .expect(RetryAfter(ms(800))),
        failure(NoResponse::Request, call(3, secs(1))).named("budget applies to failures too"),
        failure(NoResponse::TooLarge, fresh).named("an oversized body is final"),
        failure(NoResponse::HeadTooLarge, fresh).named("an oversized head is final"),
        failure(NoResponse::Other, fresh).named("an unknown failure is final"),
    ]
}

#[test]
fn decisions() {
    let options = RetryOptions::default();
    let clock = FixedClock(at());
    let mut failed = Vec::new();
    for case in cases() {
        let headers = headers(&case.headers);
        let outcome = match (case.status, case.failure) {
            (Some(code), _) => Outcome::Response {
                status: StatusCode::from_u16(code).unwrap(),
                headers: &headers,
            },
            (None, Some(kind)) => Outcome::NoResponse(kind),
            (None, None) => unreachable!("{}: a case has a status or a failure", case.name),
        };
        let got = decide(&options, outcome, &case.call, &clock, case.jitter);
        if got != case.expected {
            failed.push(format!(
                "{}: expected {:?}, got {got:?}",
                case.name, case.expected
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn none_never_retries() {
    let empty = HeaderMap::new();
    let outcome = Outcome::Response {
        status: StatusCode::SERVICE_UNAVAILABLE,
        headers: &empty,
    };
    let decision = decide(
        &RetryOptions::none(),
        outcome,
        &call(0, Duration::ZERO),
        &FixedClock(at()),
        0.5,
    );
    assert_eq!(decision, Decision::Done);
}

#[test]
fn the_clock_is_read_only_for_http_dates() {
    /// A clock that fails the test when read.
    struct Untouchable;
    impl Clock for Untouchable {
        fn now(&self) -> SystemTime {
            panic!("the clock was read")
        }
    }
    let seconds = headers(&[("retry-after", "3".into())]);
    let outcome = Outcome::Response {
        status: StatusCode::TOO_MANY_REQUESTS,
        headers: &seconds,
    };
    let decision = decide(
        &RetryOptions::default(),
        outcome,
        &call(0, Duration::ZERO),
        &Untouchable,
        0.5,
    );
    assert_eq!(decision, Decision::RetryAfter(secs(3)));
}

#[test]
fn backoff_stops_doubling_at_max_delay() {
    let options = RetryOptions::default().with_max_retries(100);
    assert_eq!(backoff(&options, 6, 0.5), secs(51) + ms(200));
    assert_eq!(backoff(&options, 7, 0.5), secs(60));
    assert_eq!(backoff(&options, 64, 0.5), secs(60), "no overflow");
    assert_eq!(
        backoff(&options, 7, 0.999),
        secs(60).mul_f64(0.8 + 0.4 * 0.999)
    );
}
