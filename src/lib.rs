//! Typed Rust client for Microsoft Sentinel's **Incidents - Get**
//! (resource provider `Microsoft.SecurityInsights`, api-version
//! 2024-03-01, also [`API_VERSION`]).
//!
//! # What to use
//!
//! - [`SentinelClient`]: the client. Build it with a [`Credential`] (such as
//!   [`StaticToken`], or any azure_identity credential with the `azure_core`
//!   feature) and fetch incidents by name or by ARM id. It retries, refreshes
//!   tokens, limits response sizes and fails with one [`Error`].
//! - [`WorkspaceRef`] and [`IncidentId`]: a workspace and an incident's ARM
//!   id, validated against the spec before anything is sent.
//! - [`types::Incident`]: the incident, generated from the spec. Decoding
//!   never fails because Azure added something: every enum is open (unknown
//!   values land in `UnknownValue`) and every object keeps unknown fields in
//!   `extra`, so an incident re-encodes to the same JSON values the service
//!   sent, though not the same bytes: numbers and date-times in serde_json's
//!   and chrono's spelling (`2.50` as `2.5`, `…30.1234567Z` as
//!   `…30.123456700Z`, `+00:00` as `Z`), explicit `null`s of known fields
//!   left out, key order and whitespace not kept.
//! - `fake` (feature `fake`): an in-process fake of Azure Resource Manager,
//!   to test your own code without an Azure account.
//!
//! ```no_run
//! use sentinel_incidents::{Error, SentinelClient, StaticToken, StatusCode, WorkspaceRef};
//! # async fn run() -> Result<(), Error> {
//! let client = SentinelClient::builder().credential(StaticToken::new("<token>")).build()?;
//! let ws = WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "myRg", "myWorkspace")?;
//! match client.get_incident(&ws, "73e01a99-5cd7-4139-a149-9f2736ff2ab5").await {
//!     Ok(incident) => println!("{:?}", incident.properties.map(|p| p.title)),
//!     Err(e) if e.status() == Some(StatusCode::NOT_FOUND) => println!("no such incident"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```
//!
//! # The rest
//!
//! - [`RetryOptions`], [`AzureCloud`] and the builder's timeouts configure
//!   the client; [`IncidentResponse`] carries the etag, headers and request
//!   ids of a response.
//! - [`raw`]: the client progenitor generates from the spec, with the same
//!   policies, for what `SentinelClient` does not cover.
//! - The types come from `spec/incidents.json` through
//!   `sentinel-incidents-codegen`, at build time with the `codegen` feature
//!   (default) or from the committed copy without it.
//!
//! # Public dependencies
//!
//! Their types appear in this crate's API, so they are re-exported:
//! [`StatusCode`][status-code] and [`HeaderMap`][header-map] from `http` 1,
//! [`chrono`] 0.4 (timestamps), [`uuid`] 1 (object and subscription ids) and
//! [`serde_json`] 1 (the `extra` maps, and [`Error::Decode`]'s source). A
//! major version of any of them is a major version of this crate.
//!
// Re-exported with `doc(no_inline)`, http's types have no page here, and an
// intra-doc link to another crate's item prints as `[Name]` wherever
// rustdoc has no URL for that crate (`cargo doc --no-deps`): so, URLs.
//! [status-code]: https://docs.rs/http/1/http/status/struct.StatusCode.html
//! [header-map]: https://docs.rs/http/1/http/header/struct.HeaderMap.html
//!
//! # Cargo features
//!
//! README.md has this same table, with more on TLS and on keeping a lean
//! build lean (`tests/features_doc.rs` keeps the two equal and complete).
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `client` | yes | `SentinelClient`, its pipeline and `raw`: the HTTP client (reqwest, tokio, hyper) |
//! | `types` | with `client` | the generated types alone (`types::Incident`, open enums, `extra`, RFC 3339 timestamps, `API_VERSION`) on serde, serde_json, chrono and uuid: no reqwest, tokio or hyper |
//! | `rustls` | yes | HTTPS through reqwest's `rustls` feature: rustls with its default provider, aws-lc-rs, and the platform trust store (README.md, "TLS", says why) |
//! | `native-tls` | no | HTTPS through the platform's TLS library (OpenSSL on Linux, which needs its headers to build; SChannel; Security.framework), through reqwest's `native-tls`. With `rustls` also on, the client uses this one |
//! | `codegen` | yes | generate the client at build time from `spec/incidents.json`. Without it the committed `generated/` code is compiled and the generator is never built |
//! | `fake` | no | `sentinel_incidents::fake`: the loopback fake of Resource Manager (pulls axum) |
//! | `schemars` | no | `schemars::JsonSchema` for every generated type, open enums included |
//! | `azure_core` | no | `AzureCoreCredential`, the adapter for azure_core / azure_identity credentials |
//! | `azure_identity` | no | `azure_core` plus a re-export of azure_identity (without its HTTP stack). The example uses it for `az login` when `AZURE_ACCESS_TOKEN` is unset |

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "client")]
mod auth;
#[cfg(feature = "azure_core")]
mod azure_core_credential;
#[cfg(feature = "client")]
mod builder;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod cloud;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "fake")]
#[cfg_attr(docsrs, doc(cfg(feature = "fake")))]
pub mod fake;
#[cfg(feature = "client")]
mod ids;
#[cfg(feature = "client")]
mod operation;
#[cfg(feature = "client")]
mod pipeline;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod raw;
#[cfg(feature = "client")]
mod redact;
#[cfg(feature = "client")]
mod user_agent;

/// The code generated from `spec/incidents.json` by `sentinel-incidents-codegen`:
/// at build time with the `codegen` feature, else the committed copy.
#[allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    unused_qualifications,
    unused_mut,
    dead_code
)]
mod generated {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/incidents.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/incidents.rs");
}

#[cfg(feature = "client")]
pub use auth::{
    AccessToken, Credential, CredentialError, StaticToken, TokenFuture, REFRESH_MARGIN,
};
/// The azure_core the `azure_core` feature builds the adapter against, to
/// name matching types.
#[cfg(feature = "azure_core")]
#[cfg_attr(docsrs, doc(cfg(feature = "azure_core")))]
pub use azure_core;
#[cfg(feature = "azure_core")]
#[cfg_attr(docsrs, doc(cfg(feature = "azure_core")))]
pub use azure_core_credential::AzureCoreCredential;
/// azure_identity, with the `azure_identity` feature, for its credentials
/// (without its HTTP stack: tokens come through `AzureCoreCredential`).
#[cfg(feature = "azure_identity")]
#[cfg_attr(docsrs, doc(cfg(feature = "azure_identity")))]
pub use azure_identity;
#[cfg(feature = "client")]
pub use builder::SentinelClientBuilder;
pub use chrono;
#[cfg(feature = "client")]
pub use client::{IncidentResponse, SentinelClient, DEFAULT_MAX_RESPONSE_BYTES};
#[cfg(feature = "client")]
pub use cloud::AzureCloud;
#[cfg(feature = "client")]
pub use error::{Error, HttpError, RequestIds, TransportError};
pub use generated::{types, API_VERSION};
/// http's types, as they appear in [`Error::status`] and [`IncidentResponse`].
#[doc(no_inline)]
#[cfg(feature = "client")]
pub use http::{HeaderMap, StatusCode};
#[cfg(feature = "client")]
pub use ids::{IncidentId, WorkspaceRef};
#[cfg(feature = "client")]
pub use pipeline::retry::RetryOptions;
#[cfg(feature = "client")]
pub use pipeline::transient::is_retryable_status;
pub use serde_json;
pub use uuid;
