//! With the `codegen` feature (default), generates the client and types from
//! `spec/incidents.json` into `OUT_DIR`. The committed copy under
//! `generated/` comes from the same function and the drift-guard tests check
//! that both agree; without the feature, `src/lib.rs` compiles that copy.

fn main() {
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
