//! The `User-Agent` every request carries, in the form the Azure SDKs
//! share (Azure Core guidelines, telemetry policy), so that Azure's request
//! telemetry counts this client as it counts theirs:
//!
//! `[<application id> ]azsdk-rust-<package>/<version> (<rustc version>; <os>; <arch>)`
//!
//! as azure_core's `UserAgentPolicy` writes it. The rustc version is the
//! one `build.rs` recorded, or `unknown`, as azure_core writes it when its
//! build did not record one.

use std::env::consts::{ARCH, OS};

/// The longest application id, in bytes (the guidelines'
/// `azurecore-http-telemetry-appid-length`; azure_core's limit too).
pub(crate) const MAX_APPLICATION_ID: usize = 24;

/// The rustc version the crate was built with, as `build.rs` recorded it;
/// `unknown` without one, as azure_core writes it.
const RUSTC_VERSION: &str = match option_env!("SENTINEL_INCIDENTS_RUSTC_VERSION") {
    Some(version) => version,
    None => "unknown",
};

/// This client's `User-Agent`, led by `application_id` when there is one.
/// `Err` says why the application id cannot be used.
pub(crate) fn user_agent(application_id: Option<&str>) -> Result<String, String> {
    if let Some(id) = application_id {
        check_application_id(id)?;
    }
    Ok(format_user_agent(
        application_id,
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        RUSTC_VERSION,
        OS,
        ARCH,
    ))
}

/// The header value, from its parts.
fn format_user_agent(
    application_id: Option<&str>,
    package: &str,
    version: &str,
    rustc: &str,
    os: &str,
    arch: &str,
) -> String {
    let client = format!("azsdk-rust-{package}/{version} ({rustc}; {os}; {arch})");
    match application_id {
        Some(id) => format!("{id} {client}"),
        None => client,
    }
}

/// The guidelines' rules for an application id: at most 24 characters, no
/// space ("may contain a slash, but must not contain a space"); and, to be
/// a header value at all, printable ASCII.
fn check_application_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("must not be empty (leave it unset instead)".into());
    }
    if id.len() > MAX_APPLICATION_ID {
        return Err(format!(
            "is {} bytes; Azure's limit is {MAX_APPLICATION_ID}",
            id.len()
        ));
    }
    if id.contains(' ') {
        return Err("must not contain a space".into());
    }
    if !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("must be printable ASCII (no control characters)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_azure_sdk_form() {
        let ua = format_user_agent(
            None,
            "sentinel-incidents",
            "0.1.0",
            "1.88.0",
            "linux",
            "x86_64",
        );
        assert_eq!(
            ua,
            "azsdk-rust-sentinel-incidents/0.1.0 (1.88.0; linux; x86_64)"
        );
        let ua = format_user_agent(Some("AzCopy/10.0.4-Preview"), "p", "1", "r", "o", "a");
        assert_eq!(ua, "AzCopy/10.0.4-Preview azsdk-rust-p/1 (r; o; a)");
    }

    #[test]
    fn this_build() {
        let version = env!("CARGO_PKG_VERSION");
        assert_eq!(
            user_agent(None).unwrap(),
            format!("azsdk-rust-sentinel-incidents/{version} ({RUSTC_VERSION}; {OS}; {ARCH})")
        );
        assert_eq!(
            user_agent(Some("soc-tool/2")).unwrap(),
            format!(
                "soc-tool/2 azsdk-rust-sentinel-incidents/{version} ({RUSTC_VERSION}; {OS}; {ARCH})"
            )
        );
    }

    /// build.rs asked rustc: a version such as `1.95.0` or
    /// `1.96.0-nightly`, not the fallback.
    #[test]
    fn the_rustc_version_is_recorded() {
        let (release, channel) = RUSTC_VERSION.split_once('-').unwrap_or((RUSTC_VERSION, ""));
        let numbers: Vec<&str> = release.split('.').collect();
        assert_eq!(numbers.len(), 3, "{RUSTC_VERSION}");
        assert!(
            numbers.iter().all(|n| n.parse::<u32>().is_ok()),
            "{RUSTC_VERSION}"
        );
        assert!(
            channel
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.'),
            "{RUSTC_VERSION}"
        );
    }

    #[test]
    fn application_ids_follow_the_guidelines() {
        for good in ["a", "soc_tool/1.2.3-beta", &"x".repeat(MAX_APPLICATION_ID)] {
            assert_eq!(check_application_id(good), Ok(()), "{good}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("my app", "space"),
            (&"x".repeat(MAX_APPLICATION_ID + 1), "limit is 24"),
            ("tab\there", "printable"),
            ("line\nbreak", "printable"),
            ("café", "printable"),
        ] {
            let err = check_application_id(bad).unwrap_err();
            assert!(err.contains(why), "{bad:?}: {err}");
        }
    }
}
