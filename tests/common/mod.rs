//! Shared by the integration tests: fixtures and a JSON comparison that
//! treats date-times as instants (chrono writes `…30Z` for `…30.0Z`).
#![allow(dead_code)]

pub mod client;
pub mod declared;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const SAMPLE: &str = include_str!("../fixtures/sample-incident.json");
pub const REALISTIC: &str = include_str!("../fixtures/realistic-incident.json");

pub fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

/// Panics with the first differing JSON pointer unless `a` and `b` are equal,
/// comparing RFC 3339 strings as instants.
pub fn assert_same_json(a: &Value, b: &Value) {
    if let Err(at) = same_json(a, b) {
        panic!("JSON differs at {at}\nleft:  {a}\nright: {b}");
    }
}

/// `Err` with the first differing JSON pointer unless `a` and `b` are equal,
/// comparing RFC 3339 strings as instants.
pub fn same_json(a: &Value, b: &Value) -> Result<(), String> {
    compare(a, b, String::new())
}

fn compare(a: &Value, b: &Value, at: String) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                let keys =
                    |m: &serde_json::Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
                return Err(format!("{at} (keys {:?} vs {:?})", keys(x), keys(y)));
            }
            for (k, v) in x {
                let w = y
                    .get(k)
                    .ok_or_else(|| format!("{at}/{k} (missing on the right)"))?;
                compare(v, w, format!("{at}/{k}"))?;
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (v, w))| compare(v, w, format!("{at}/{i}"))),
        (Value::String(x), Value::String(y)) if x != y => {
            match (
                chrono::DateTime::parse_from_rfc3339(x),
                chrono::DateTime::parse_from_rfc3339(y),
            ) {
                (Ok(p), Ok(q)) if p == q => Ok(()),
                _ => Err(format!("{at} ({x:?} vs {y:?})")),
            }
        }
        _ if a == b => Ok(()),
        _ => Err(at),
    }
}

/// A plain HTTP server on loopback for what the fake cannot do: it reads each
/// request and answers with exactly `reply`, or with nothing (dropping the
/// connection) when `reply` is `None`. Returns its URL and a count of the
/// connections it accepted.
pub async fn raw_server(reply: Option<String>) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            if let Some(reply) = &reply {
                let _ = socket.write_all(reply.as_bytes()).await;
            }
        }
    });
    (url, accepted)
}

/// The workspace the fixtures and the reference page use.
pub fn sample_workspace() -> sentinel_incidents::WorkspaceRef {
    sentinel_incidents::WorkspaceRef::new(
        "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0",
        "myRg",
        "myWorkspace",
    )
    .expect("the sample workspace is valid")
}

/// Everything a `fmt` subscriber writes, installed for the current thread
/// while the guard lives.
#[derive(Clone, Default)]
pub struct LogCapture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl LogCapture {
    /// Installs a subscriber at `level`, without colours, writing here.
    pub fn install(level: tracing::Level) -> (Self, tracing::subscriber::DefaultGuard) {
        let capture = Self::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(level)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        (capture, tracing::subscriber::set_default(subscriber))
    }

    /// What was written since the last `take`.
    pub fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).expect("logs are UTF-8")
    }
}

impl std::io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
