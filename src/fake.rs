//! A fake of Azure Resource Manager for Incidents - Get, in-process on
//! loopback, for testing code that uses this crate without an Azure account
//! (what `armsecurityinsights/fake` is for Go).
//!
//! It answers like ARM: the registered incident, or a CloudError for an
//! unknown id (404 `ResourceNotFound`), a missing or wrong `api-version`
//! (400), a missing bearer token (401 `AuthenticationFailed`). Faults can be
//! queued per request, and every request is recorded.
//!
//! Available with the `fake` feature, which pulls in axum; enable it in
//! your `[dev-dependencies]`:
//!
//! ```toml
//! [dev-dependencies]
//! sentinel-incidents = { version = "0.2", features = ["fake"] }
//! ```
//!
//! ```
//! use sentinel_incidents::{fake::{FakeSentinel, Fault}, SentinelClient, StaticToken, WorkspaceRef, RetryOptions};
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let fake = FakeSentinel::start().await?;
//! let ws = WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "myRg", "myWorkspace")?;
//! fake.insert_incident(&ws, "inc-1", serde_json::json!({
//!     "properties": { "title": "Test", "severity": "High", "status": "New" }
//! }));
//! fake.push_fault(Fault::status(503).retry_after("0"));
//!
//! let client = SentinelClient::builder()
//!     .endpoint(fake.url())
//!     .credential(StaticToken::new("test-token"))
//!     .build()?;
//! let incident = client.get_incident(&ws, "inc-1").await?;
//! assert_eq!(incident.properties.unwrap().title, "Test");
//! assert_eq!(fake.requests().len(), 2); // the 503, then the retry
//! # Ok(()) }
//! ```

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode};
use serde_json::Value;

use crate::ids::{IncidentId, WorkspaceRef};
use crate::operation::{Described, IncidentsGet, Operation};
use crate::types::{CloudError, CloudErrorBody};

/// The operation the fake serves: its routes, ids and resource type.
const SERVED: Operation = IncidentsGet::OPERATION;

/// One injected misbehaviour, used for one request.
#[derive(Debug, Clone, Default)]
pub struct Fault {
    status: Option<u16>,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    body: Option<Vec<u8>>,
}

impl Fault {
    /// Answer with `status` (and, unless [`body`](Self::body) says otherwise, a CloudError).
    pub fn status(status: u16) -> Self {
        Self {
            status: Some(status),
            ..Self::default()
        }
    }

    /// Wait `delay`, then answer normally (or with the fault's status).
    pub fn delay(delay: Duration) -> Self {
        Self::default().with_delay(delay)
    }

    /// Also wait `delay` before answering.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Add a `Retry-After` header.
    pub fn retry_after(self, value: &str) -> Self {
        self.header("retry-after", value)
    }

    /// Add a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Send exactly these bytes as the body (e.g. an HTML page or truncated JSON).
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }
}

/// A request the fake received.
#[derive(Clone)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// Path, percent-encoded as sent.
    pub path: String,
    /// Query string, if any.
    pub query: Option<String>,
    /// All headers. `Debug` shows `authorization` redacted.
    pub headers: HeaderMap,
}

impl RecordedRequest {
    /// The bearer token the request carried, if any.
    pub fn bearer_token(&self) -> Option<&str> {
        self.headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| match k.as_str() {
                "authorization" => (k.as_str(), "<redacted>"),
                _ => (k.as_str(), v.to_str().unwrap_or("<binary>")),
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .finish()
    }
}

#[derive(Default)]
struct State {
    /// Keyed by the operation's path parameter values, lowercased as ARM
    /// compares names case-insensitively.
    incidents: HashMap<Vec<String>, Value>,
    faults: VecDeque<Fault>,
    requests: Vec<RecordedRequest>,
}

/// The fake server. It stops when dropped.
pub struct FakeSentinel {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for FakeSentinel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeSentinel")
            .field("addr", &self.addr)
            .finish()
    }
}

impl FakeSentinel {
    /// Starts the server on `127.0.0.1` and a free port, on the current tokio runtime.
    pub async fn start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let app = axum::Router::new().fallback(move |request: Request<Body>| {
            let state = shared.clone();
            async move { answer(&state, request).await }
        });
        let task = tokio::spawn(async move {
            // Serving ends only with the task, when the fake is dropped.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self { addr, state, task })
    }

    /// The base URL to give [`SentinelClientBuilder::endpoint`](crate::SentinelClientBuilder::endpoint).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves `incident` (any JSON, sent back verbatim) for `name` in `workspace`.
    /// `id`, `name` and `type` are filled in when absent, as ARM would
    /// (`id` only for a name a client could ask for).
    pub fn insert_incident(&self, workspace: &WorkspaceRef, name: &str, mut incident: Value) {
        let id = IncidentId::new(workspace.clone(), name).ok();
        if let Some(map) = incident.as_object_mut() {
            if let Some(id) = id {
                map.entry("id").or_insert(id.to_string().into());
            }
            map.entry("name").or_insert(name.into());
            if let Some(resource_type) = SERVED.resource_type {
                map.entry("type").or_insert(resource_type.into());
            }
        }
        let subscription = workspace.subscription_id().to_string();
        let values = [
            subscription.as_str(),
            workspace.resource_group(),
            workspace.workspace_name(),
            name,
        ];
        self.lock().incidents.insert(key(&values), incident);
    }

    /// Queues a fault for the next request that has none yet.
    pub fn push_fault(&self, fault: Fault) {
        self.lock().faults.push_back(fault);
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("fake state lock")
    }
}

impl Drop for FakeSentinel {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn key(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_ascii_lowercase()).collect()
}

async fn answer(state: &Mutex<State>, request: Request<Body>) -> Response<Body> {
    let recorded = RecordedRequest {
        method: request.method().to_string(),
        path: request.uri().path().to_string(),
        query: request.uri().query().map(String::from),
        headers: request.headers().clone(),
    };
    let fault = {
        let mut state = state.lock().expect("fake state lock");
        state.requests.push(recorded.clone());
        state.faults.pop_front()
    };
    let fault = fault.unwrap_or_default();
    if let Some(delay) = fault.delay {
        tokio::time::sleep(delay).await;
    }
    let (status, body, etag) = match fault.status {
        Some(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (
                status,
                cloud_error(fault_code(status), "Injected fault."),
                None,
            )
        }
        None => arm_answer(state, &recorded),
    };
    let body = fault.body.unwrap_or(body);
    let mut response = Response::builder().status(status);
    let headers = response.headers_mut().expect("builder is valid");
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert("x-ms-request-id", uuid_header());
    headers.insert("x-ms-correlation-request-id", uuid_header());
    if let Some(etag) = etag.and_then(|e| HeaderValue::try_from(e).ok()) {
        headers.insert("etag", etag);
    }
    for (name, value) in fault.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            headers.insert(name, value);
        }
    }
    response.body(Body::from(body)).expect("valid response")
}

/// What ARM answers without faults: auth first, then api-version, then the route.
fn arm_answer(
    state: &Mutex<State>,
    request: &RecordedRequest,
) -> (StatusCode, Vec<u8>, Option<String>) {
    if request.bearer_token().is_none_or(str::is_empty) {
        return (
            StatusCode::UNAUTHORIZED,
            cloud_error(
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.",
            ),
            None,
        );
    }
    let api_version = request.query.as_deref().and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == "api-version")
            .map(|(_, v)| v.to_string())
    });
    match api_version.as_deref() {
        None => {
            return (
                StatusCode::BAD_REQUEST,
                cloud_error(
                    "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.",
                ),
                None,
            )
        }
        Some(v) if Some(v) != SERVED.api_version => {
            return (
                StatusCode::BAD_REQUEST,
                cloud_error(
                    "InvalidApiVersionParameter",
                    &format!(
                        "The api-version '{v}' is invalid. The supported versions are '{}'.",
                        SERVED.api_version.unwrap_or_default()
                    ),
                ),
                None,
            )
        }
        Some(_) => {}
    }
    let values = match SERVED.match_path(&request.path) {
        Ok(values) if request.method == SERVED.method => values,
        _ => {
            return (
                StatusCode::NOT_FOUND,
                cloud_error(
                    "NotFound",
                    &format!("No route for {} {}.", request.method, request.path),
                ),
                None,
            )
        }
    };
    let values: Vec<String> = values.into_iter().map(percent_decode).collect();
    let found = {
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        let state = state.lock().expect("fake state lock");
        state.incidents.get(&key(&values)).cloned()
    };
    match found {
        Some(incident) => {
            let etag = incident
                .get("etag")
                .and_then(Value::as_str)
                .map(String::from);
            (
                StatusCode::OK,
                serde_json::to_vec(&incident).expect("JSON value"),
                etag,
            )
        }
        None => (
            StatusCode::NOT_FOUND,
            cloud_error("ResourceNotFound", &not_found(&values)),
            None,
        ),
    }
}

/// Resource Manager's words for a resource it does not have.
fn not_found(values: &[String]) -> String {
    let name = values.last().map(String::as_str).unwrap_or_default();
    let resource = match SERVED.resource_type {
        Some(resource_type) => format!("{resource_type}/{name}"),
        None => name.to_string(),
    };
    // `resourceGroupName` is Resource Manager's own parameter name (its
    // common types), not this API's.
    let group = SERVED
        .parameters
        .iter()
        .position(|p| p.name == "resourceGroupName")
        .and_then(|i| values.get(i));
    match group {
        Some(group) => {
            format!("The Resource '{resource}' under resource group '{group}' was not found.")
        }
        None => format!("The Resource '{resource}' was not found."),
    }
}

fn fault_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        401 => "AuthenticationFailed",
        404 => "ResourceNotFound",
        _ => "InjectedFault",
    }
}

/// A CloudError body: the operation's own error type, as generated.
fn cloud_error(code: &str, message: &str) -> Vec<u8> {
    let error: <IncidentsGet as Described>::Error = CloudError {
        error: Some(CloudErrorBody {
            code: Some(code.into()),
            message: Some(message.into()),
            extra: Default::default(),
        }),
        extra: Default::default(),
    };
    serde_json::to_vec(&error).expect("a CloudError encodes")
}

fn uuid_header() -> HeaderValue {
    HeaderValue::try_from(uuid::Uuid::new_v4().to_string()).expect("a UUID is header-safe")
}

fn percent_decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}
