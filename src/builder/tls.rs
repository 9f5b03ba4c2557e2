//! Which TLS stack the client uses, chosen by this crate's Cargo features,
//! and what happens to an https endpoint when there is none.
//!
//! Both stacks are reqwest's own features with their own defaults (no
//! process-wide crypto provider of ours): Cargo unifies features with the
//! user's own reqwest, so whatever this crate enables must also leave their
//! `reqwest::Client::new()` working.

use reqwest::Url;

use crate::Error;

/// Whether this build has a TLS stack (the `rustls` or `native-tls` feature).
pub(super) const TLS_COMPILED_IN: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

/// Refuses an https endpoint when the build has no TLS stack. reqwest would
/// accept it and fail every attempt with "scheme is not http", retried as a
/// transport error, so the mistake would surface seconds later and far from
/// its cause; the fix is a Cargo feature, so the error names it.
pub(super) fn check_endpoint_tls(endpoint: &str, url: &Url, tls: bool) -> Result<(), Error> {
    if url.scheme() == "https" && !tls {
        return Err(Error::Config(format!(
            "endpoint `{endpoint}` is https, but sentinel-incidents was built without TLS: \
             enable its `rustls` feature (or `native-tls`)"
        )));
    }
    Ok(())
}

/// Pins the client to the stack this crate's features asked for, so that a
/// TLS feature enabled on reqwest by another crate in the graph does not
/// switch it. With both features on, `native-tls` wins, as in reqwest: it is
/// the one a user adds on top of the default `rustls`.
pub(super) fn select_backend(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    #[cfg(feature = "native-tls")]
    let builder = builder.tls_backend_native();
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    let builder = builder.tls_backend_rustls();
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(endpoint: &str, tls: bool) -> Result<(), Error> {
        check_endpoint_tls(endpoint, &Url::parse(endpoint).unwrap(), tls)
    }

    #[test]
    fn https_without_tls_is_refused_naming_the_feature() {
        let err = check("https://management.azure.com", false).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("`rustls` feature"), "{message}");
        assert!(
            message.contains("https://management.azure.com"),
            "{message}"
        );
    }

    #[test]
    fn http_needs_no_tls_and_https_is_fine_with_it() {
        assert!(check("http://127.0.0.1:8080", false).is_ok());
        assert!(check("http://127.0.0.1:8080", true).is_ok());
        assert!(check("https://management.azure.com", true).is_ok());
    }
}
