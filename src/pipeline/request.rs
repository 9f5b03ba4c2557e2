//! The request the pipeline sends on each attempt, and the client request id
//! that stays the same across them.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::{Method, Request, Url};

use crate::operation::Operation;

/// `x-ms-client-request-id`: the id the client sends with every attempt of
/// a call, and that some services echo.
pub(crate) const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-ms-client-request-id");

/// A client request id: a random UUID, kept as text so that each attempt
/// makes its header from it (a header value made once and cloned per
/// attempt would be copied into shared storage on the first clone).
#[derive(Clone, Copy)]
pub(crate) struct ClientRequestId([u8; 36]);

impl ClientRequestId {
    pub(crate) fn new() -> Self {
        let mut id = [0; 36];
        uuid::Uuid::new_v4().hyphenated().encode_lower(&mut id);
        Self(id)
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    fn header(&self) -> HeaderValue {
        HeaderValue::from_bytes(&self.0).expect("a UUID is header-safe")
    }
}

/// A request as the pipeline sends it, once per attempt.
pub(crate) struct OutgoingRequest {
    pub method: Method,
    pub url: Url,
    /// `x-ms-client-request-id`, the same on every attempt.
    pub client_request_id: ClientRequestId,
    /// `Accept`, as the operation's success response has it.
    pub accept: Option<&'static str>,
    /// Headers beyond `Accept`, the request id and the token (empty for
    /// `SentinelClient`'s Get; what progenitor set for `raw`).
    pub headers: HeaderMap,
    pub body: Option<Bytes>,
}

impl OutgoingRequest {
    /// A request of `operation` to `url` (built from the same operation),
    /// with a fresh client request id.
    pub(crate) fn new(operation: &Operation, url: Url) -> Self {
        Self {
            method: Method::from_bytes(operation.method.as_bytes()).unwrap_or(Method::GET),
            url,
            client_request_id: ClientRequestId::new(),
            accept: operation.accept,
            headers: HeaderMap::new(),
            body: None,
        }
    }

    /// A request progenitor built, with its headers (`Accept` among them)
    /// and a fresh client request id.
    pub(crate) fn from_generated(mut request: Request) -> Self {
        let headers = std::mem::take(request.headers_mut());
        let client_request_id = ClientRequestId::new();
        let body = request.body().and_then(reqwest::Body::as_bytes);
        Self {
            body: body.map(Bytes::copy_from_slice),
            method: request.method().clone(),
            url: request.url().clone(),
            client_request_id,
            accept: None,
            headers,
        }
    }

    /// The `x-ms-client-request-id` this request sends.
    pub(crate) fn client_request_id(&self) -> &str {
        self.client_request_id.as_str()
    }

    /// The request of one attempt, built from parts rather than cloned from
    /// a template: for a Get, two headers.
    pub(super) fn to_request(&self, token: Option<&HeaderValue>) -> Request {
        let mut request = Request::new(self.method.clone(), self.url.clone());
        let headers = request.headers_mut();
        if !self.headers.is_empty() {
            headers.extend(self.headers.clone());
        }
        if let Some(accept) = self.accept {
            headers.insert(ACCEPT, HeaderValue::from_static(accept));
        }
        headers.insert(CLIENT_REQUEST_ID, self.client_request_id.header());
        if let Some(token) = token {
            headers.insert(AUTHORIZATION, token.clone());
        }
        if let Some(body) = &self.body {
            *request.body_mut() = Some(body.clone().into());
        }
        request
    }
}
