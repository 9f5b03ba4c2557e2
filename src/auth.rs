//! Credentials: where bearer tokens come from, and the cache that keeps one
//! until five minutes before it expires (azure_core's refresh margin).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderValue;

/// Refresh a cached token this long before it expires, as azure_core does.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// A bearer token and when it expires. The secret never appears in `Debug`.
#[derive(Clone)]
pub struct AccessToken {
    secret: Arc<str>,
    expires_on: SystemTime,
}

impl AccessToken {
    /// A token valid until `expires_on`.
    pub fn new(secret: impl Into<String>, expires_on: SystemTime) -> Self {
        Self {
            secret: Arc::from(secret.into()),
            expires_on,
        }
    }

    /// The token itself. Handle with care: never log it.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// When the token stops being valid.
    pub fn expires_on(&self) -> SystemTime {
        self.expires_on
    }

    fn is_fresh(&self, now: SystemTime) -> bool {
        now + REFRESH_MARGIN < self.expires_on
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &"<redacted>")
            .field("expires_on", &self.expires_on)
            .finish()
    }
}

/// Why a credential could not produce a token. Never contains the token.
#[derive(Debug, Clone)]
pub struct CredentialError {
    message: String,
}

impl CredentialError {
    /// A credential failure described by `message` (which must not contain a secret).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialError {}

/// What [`Credential::get_token`] returns: the token, some time later.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AccessToken, CredentialError>> + Send + 'a>>;

/// A source of bearer tokens for Azure Resource Manager.
///
/// Implement it for your own token source, or use [`StaticToken`] or, with the
/// `azure_core` feature, `AzureCoreCredential`, which adapts every azure_identity
/// credential.
#[cfg_attr(
    feature = "azure_core",
    doc = "\nSee [`AzureCoreCredential`](crate::AzureCoreCredential)."
)]
///
/// The client caches what it returns and calls it again only shortly before
/// expiry or after a 401.
///
/// It is a plain trait: the method returns a boxed future ([`TokenFuture`]),
/// so implementing it takes no macro crate. Wrap an `async` block in
/// `Box::pin`:
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use sentinel_incidents::{AccessToken, Credential, CredentialError, SentinelClient, TokenFuture};
///
/// /// Tokens from a secret store of your own.
/// #[derive(Debug)]
/// struct StoreToken {
///     name: String,
/// }
///
/// impl Credential for StoreToken {
///     fn get_token<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a> {
///         Box::pin(async move {
///             let secret = read_secret(&self.name, scopes[0]).await?;
///             Ok(AccessToken::new(secret, SystemTime::now() + Duration::from_secs(3600)))
///         })
///     }
/// }
///
/// async fn read_secret(name: &str, scope: &str) -> Result<String, CredentialError> {
///     // …your store's client here.
///     Ok(format!("token-for-{name}-{scope}"))
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let store = StoreToken { name: "sentinel".into() };
/// let token = store.get_token(&["https://management.azure.com/.default"]).await?;
/// assert_eq!(token.secret(), "token-for-sentinel-https://management.azure.com/.default");
/// let builder = SentinelClient::builder().credential(store);
/// # let _ = builder;
/// # Ok(()) }
/// ```
pub trait Credential: fmt::Debug + Send + Sync {
    /// A token for `scopes` (for Resource Manager, `["{audience}/.default"]`).
    fn get_token<'a>(&'a self, scopes: &'a [&'a str]) -> TokenFuture<'a>;
}

/// A fixed token, for example from `AZURE_ACCESS_TOKEN`
/// (`az account get-access-token --query accessToken -o tsv`).
#[derive(Clone)]
pub struct StaticToken {
    token: AccessToken,
}

impl StaticToken {
    /// The environment variable [`StaticToken::from_env`] reads.
    pub const ENV_VAR: &'static str = "AZURE_ACCESS_TOKEN";

    /// A token that the client treats as valid for a year; Azure decides
    /// whether it still is.
    pub fn new(secret: impl Into<String>) -> Self {
        let expires_on = SystemTime::now() + Duration::from_secs(365 * 24 * 3600);
        Self {
            token: AccessToken::new(secret, expires_on),
        }
    }

    /// The token in `AZURE_ACCESS_TOKEN`, if that is set and not empty.
    pub fn from_env() -> Option<Self> {
        std::env::var(Self::ENV_VAR)
            .ok()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .map(Self::new)
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticToken")
            .field("token", &self.token)
            .finish()
    }
}

impl Credential for StaticToken {
    fn get_token<'a>(&'a self, _scopes: &'a [&'a str]) -> TokenFuture<'a> {
        let token = self.token.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// A token with its `Authorization` value, built and checked once per token
/// rather than once per request (Azure tokens run to a few kilobytes).
#[derive(Clone)]
struct BearerToken {
    token: AccessToken,
    header: HeaderValue,
}

impl BearerToken {
    fn new(token: AccessToken) -> Result<Self, CredentialError> {
        let mut header =
            HeaderValue::try_from(format!("Bearer {}", token.secret())).map_err(|_| {
                CredentialError::new(
                    "the credential returned a token that is not a valid HTTP header value",
                )
            })?;
        // Marked sensitive, so that http's `Debug` hides it.
        header.set_sensitive(true);
        Ok(Self { token, header })
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.token.fmt(f)
    }
}

/// Caches the credential's token for one scope. Reads take a plain read lock,
/// so concurrent calls with a fresh token never wait on each other; the async
/// mutex makes a refresh single-flight, so callers racing an expiry wait for
/// one refresh instead of each asking for a token.
#[derive(Debug)]
pub(crate) struct TokenCache {
    credential: Arc<dyn Credential>,
    scope: String,
    cached: std::sync::RwLock<Option<BearerToken>>,
    refreshing: tokio::sync::Mutex<()>,
}

impl TokenCache {
    pub(crate) fn new(credential: Arc<dyn Credential>, scope: String) -> Self {
        Self {
            credential,
            scope,
            cached: std::sync::RwLock::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    /// `Bearer <token>` for a token fresh for at least [`REFRESH_MARGIN`].
    pub(crate) async fn authorization(&self) -> Result<HeaderValue, CredentialError> {
        match self.usable(None) {
            Some(header) => Ok(header),
            None => self.fetch(None).await,
        }
    }

    /// The answer to a 401: drops the token Azure refused (`rejected`, an
    /// `Authorization` value) and fetches another, unless another call
    /// already replaced it, so that one refusal costs one refresh.
    pub(crate) async fn refresh_after_401(
        &self,
        rejected: &HeaderValue,
    ) -> Result<HeaderValue, CredentialError> {
        match self.usable(Some(rejected)) {
            Some(header) => Ok(header),
            None => self.fetch(Some(rejected)).await,
        }
    }

    /// Asks the credential, one caller at a time.
    async fn fetch(&self, rejected: Option<&HeaderValue>) -> Result<HeaderValue, CredentialError> {
        let _refresh = self.refreshing.lock().await;
        // Another caller may have refreshed while we waited.
        if let Some(header) = self.usable(rejected) {
            return Ok(header);
        }
        let token = self.credential.get_token(&[self.scope.as_str()]).await?;
        // Checked here, once, so that sending it can never fail.
        let token = BearerToken::new(token)?;
        let header = token.header.clone();
        *self.cached.write().expect("token cache lock") = Some(token);
        Ok(header)
    }

    fn usable(&self, rejected: Option<&HeaderValue>) -> Option<HeaderValue> {
        let cached = self.cached.read().expect("token cache lock");
        let bearer = cached.as_ref()?;
        let refused = rejected.is_some_and(|r| *r == bearer.header);
        (!refused && bearer.token.is_fresh(SystemTime::now())).then(|| bearer.header.clone())
    }
}
