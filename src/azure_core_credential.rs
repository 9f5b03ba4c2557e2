//! Adapter from azure_core's `TokenCredential`, so every azure_identity
//! credential (developer tools, managed identity, workload identity, client
//! secret, …) can authenticate a `SentinelClient`.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use azure_core::credentials::TokenCredential;

use crate::auth::{AccessToken, Credential, CredentialError, TokenFuture};

/// Wraps an azure_core [`TokenCredential`][token-credential], such as any azure_identity
/// credential. Available with the `azure_core` feature; the
/// `azure_identity` feature also re-exports azure_identity, as below.
///
// The example needs that re-export: compiled with `azure_identity` only.
#[cfg_attr(feature = "azure_identity", doc = "```no_run")]
#[cfg_attr(not(feature = "azure_identity"), doc = "```ignore")]
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use sentinel_incidents::azure_identity::DeveloperToolsCredential;
/// use sentinel_incidents::{AzureCoreCredential, SentinelClient};
/// // `az login` or `azd auth login`, as the developer's own identity.
/// let credential = DeveloperToolsCredential::new(None)?;
/// let client = SentinelClient::builder()
///     .credential(AzureCoreCredential::new(credential))
///     .build()?;
/// # Ok(()) }
/// ```
///
/// [token-credential]: https://docs.rs/azure_core/1/azure_core/credentials/trait.TokenCredential.html
#[derive(Clone)]
pub struct AzureCoreCredential {
    inner: Arc<dyn TokenCredential>,
}

impl AzureCoreCredential {
    /// Adapts `credential` (azure_identity constructors return an `Arc` already).
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        Self { inner: credential }
    }
}

impl fmt::Debug for AzureCoreCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // azure_core credentials redact their own secrets in Debug.
        f.debug_tuple("AzureCoreCredential")
            .field(&self.inner)
            .finish()
    }
}

impl Credential for AzureCoreCredential {
    fn get_token<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a> {
        Box::pin(async move {
            let token = self
                .inner
                .get_token(scopes, None)
                .await
                .map_err(|e| CredentialError::new(format!("azure_core credential: {e}")))?;
            Ok(AccessToken::new(
                token.token.secret(),
                SystemTime::from(token.expires_on),
            ))
        })
    }
}
