//! Typed Rust client for Microsoft Sentinel's **Incidents - Get**
//! (resource provider `Microsoft.SecurityInsights`, api-version 2024-03-01).
//!
//! The types and the low-level [`Client`] are generated at build time from
//! `spec/incidents.json` (see `generated/` for the same code, committed for
//! review). Around them, hand-written: [`SentinelClient`] with credentials,
//! retries, clouds, request ids, errors and tracing; [`WorkspaceRef`] and
//! [`IncidentId`] for validated names and ARM ids.
//!
//! Decoding never fails because Azure added something: every enum is open
//! (unknown values land in `UnknownValue`) and every object keeps unknown
//! fields in `extra`, so an incident re-encodes to what the service sent.
//!
//! ```no_run
//! use sentinel_incidents::{SentinelClient, StaticToken, WorkspaceRef, Error};
//! # async fn run() -> Result<(), Error> {
//! let client = SentinelClient::builder().credential(StaticToken::new("<token>")).build()?;
//! let ws = WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "myRg", "myWorkspace")?;
//! match client.get_incident(&ws, "73e01a99-5cd7-4139-a149-9f2736ff2ab5").await {
//!     Ok(incident) => println!("{:?}", incident.properties.map(|p| p.title)),
//!     Err(e) if e.status() == Some(reqwest::StatusCode::NOT_FOUND) => println!("no such incident"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod auth;
#[cfg(feature = "azure_core")]
mod azure_core_credential;
mod client;
mod cloud;
mod error;
#[cfg(feature = "fake")]
pub mod fake;
mod ids;
mod pipeline;
mod retry;

/// The code generated from `spec/incidents.json` by `sentinel-incidents-codegen`:
/// at build time with the `codegen` feature, else the committed copy.
#[allow(missing_docs, clippy::all, clippy::pedantic, unused_qualifications)]
mod generated {
    #[cfg(feature = "codegen")]
    include!(concat!(env!("OUT_DIR"), "/incidents.rs"));
    #[cfg(not(feature = "codegen"))]
    include!("../generated/incidents.rs");
}

pub use auth::{AccessToken, Credential, CredentialError, StaticToken, REFRESH_MARGIN};
/// The azure_core this crate's adapter is built against, to name matching types.
#[cfg(feature = "azure_core")]
pub use azure_core;
#[cfg(feature = "azure_core")]
pub use azure_core_credential::AzureCoreCredential;
/// The azure_identity the `azure_identity` feature brings, for its credentials.
#[cfg(feature = "azure_identity")]
pub use azure_identity;
pub use client::{
    IncidentResponse, SentinelClient, SentinelClientBuilder, API_VERSION,
    DEFAULT_MAX_RESPONSE_BYTES,
};
pub use cloud::AzureCloud;
pub use error::{Error, HttpError, RequestIds};
pub use generated::{types, Client};
pub use ids::{IncidentId, WorkspaceRef};
pub use pipeline::CallContext;
pub use retry::{is_retryable_status, RetryOptions};

/// Compiles the README's Rust examples as doctests, so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
