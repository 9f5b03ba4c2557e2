//! With the `codegen` feature (default), generates the client and types from
//! `spec/incidents.json` into `OUT_DIR`. The committed copy under
//! `generated/` comes from the same function and the drift-guard tests check
//! that both agree; without the feature, `src/lib.rs` compiles that copy.
//!
//! With the `client` feature it also records the rustc version, which the
//! `User-Agent` names (`src/user_agent.rs`).

fn main() {
    #[cfg(feature = "client")]
    record_rustc_version();
    #[cfg(feature = "codegen")]
    generate_from_spec();
    // Without generation there is nothing to redo unless this file changes.
    #[cfg(not(feature = "codegen"))]
    println!("cargo:rerun-if-changed=build.rs");
}

#[cfg(feature = "codegen")]
fn generate_from_spec() {
    use std::path::Path;

    use sentinel_incidents_codegen::{generate, SpecSource, Target};

    const SPEC: &str = "spec/incidents.json";
    const TARGET: &str = "spec/target.json";
    // Only these are read: a no-op rebuild must not rerun generation.
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed={TARGET}");
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let root = Path::new(&manifest_dir);
    let code = Target::read(&root.join(TARGET), TARGET).and_then(|target| {
        SpecSource::read(&root.join(SPEC), SPEC).and_then(|spec| generate(&spec, &target))
    });
    match code {
        Ok(code) => std::fs::write(Path::new(&out_dir).join("incidents.rs"), code)
            .expect("OUT_DIR is writable"),
        Err(e) => {
            println!("cargo:warning={e}");
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

/// The Azure SDKs' `User-Agent` names the compiler that built the client
/// (`azsdk-rust-<package>/<version> (<rustc version>; <os>; <arch>)`), and
/// only a build script can ask it: `$RUSTC --version` says
/// `rustc 1.95.0 (59807616e 2026-04-14)`, of which the second word is kept,
/// as azure_core's build script keeps it. Left unset when rustc does not
/// answer in that form; the client then writes `unknown`, as azure_core does.
#[cfg(feature = "client")]
fn record_rustc_version() {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = std::process::Command::new(rustc).arg("--version").output();
    let version = output
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .and_then(|text| text.split_whitespace().nth(1).map(str::to_owned))
        // A header value: the version's own characters, nothing else.
        .filter(|version| {
            version
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        });
    if let Some(version) = version {
        println!("cargo:rustc-env=SENTINEL_INCIDENTS_RUSTC_VERSION={version}");
    }
}
