//! The generator of `sentinel-incidents`: OpenAPI 3.0 spec in, formatted Rust out.
//!
//! [`generate`] is the only entry point. `build.rs`, the drift-guard tests and
//! the maintainer command (`cargo run -p sentinel-incidents-codegen -- regen`)
//! all call it, so the code a user compiles is the code a maintainer reviews
//! under `generated/`.
//!
//! On top of progenitor 0.15 it applies the transforms this API needs (see
//! `transforms.rs`: Azure's `default` error response, open enums, lossless
//! models, dot-segment path parameters, docs of `$ref` fields) and reports every bad spec as a
//! [`CodegenError`] naming the file and JSON pointer instead of panicking.
//!
//! With the `maintainer` feature (default; off in `build.rs`), the tools sit
//! beside it: [`import`] writes the spec from Microsoft's Swagger 2.0 files
//! (with this crate's fixups), [`api_diff`] lists the API changes between two
//! specs, breaking or not, [`update`] adopts another api-version in one step,
//! and [`api_surface`] renders what users see of the generated code.

#[cfg(feature = "maintainer")]
pub mod api_diff;
mod api_version_header;
#[cfg(feature = "maintainer")]
mod drift;
mod error;
#[cfg(feature = "maintainer")]
pub mod import;
mod open_enum;
mod operations;
mod output;
mod schema_keywords;
#[cfg(feature = "maintainer")]
mod surface;
mod target;
mod timestamps;
mod transforms;
#[cfg(feature = "maintainer")]
pub mod update;
mod validate;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;
use serde_json::Value;

#[cfg(feature = "maintainer")]
pub use drift::drift_report;
pub use error::CodegenError;
pub use output::REGEN_COMMAND;
#[cfg(feature = "maintainer")]
pub use surface::{api_surface, api_surface_snapshot, API_SURFACE_SNAPSHOT};
pub use target::Target;

/// A spec document and the name it is reported under (in errors and in the
/// generated banner), e.g. `spec/incidents.json`.
#[derive(Debug, Clone)]
pub struct SpecSource {
    name: String,
    text: String,
}

impl SpecSource {
    /// A spec given as text, reported under `name`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads the spec at `path`, reported under `name`.
    pub fn read(path: &Path, name: impl Into<String>) -> Result<Self, CodegenError> {
        let name = name.into();
        let text = std::fs::read_to_string(path).map_err(|e| {
            CodegenError::new(
                name.clone(),
                "",
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        Ok(Self { name, text })
    }

    /// The name errors and the banner use.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Generates the client and types from `spec` for the crate `target`
/// describes: formatted Rust source that starts with a banner naming the
/// spec, and declares
///
/// - `types`, the spec's schemas (they need serde, serde_json, chrono and
///   uuid only), and the operations' parameter types (regress too, for their
///   patterns), which go behind the target's client feature;
/// - `API_VERSION`, the spec's `info.version`;
/// - `operations`, each operation as data (method, path template, path
///   parameters and their checks, `Accept`, resource type, answer types),
///   behind the client feature;
/// - progenitor's `Client`, behind the target's client feature, whose inner
///   type is the target's and for which the crate implements
///   `progenitor_client::ClientHooks` (credentials, retries and error
///   capture live there, hand-written).
pub fn generate(spec: &SpecSource, target: &Target) -> Result<String, CodegenError> {
    let file = spec.name.as_str();
    let mut doc = error::parse_json(&spec.text, file)?;
    validate::document(&doc, file)?;
    // The descriptors state the spec's constraints as written, before the
    // transforms add their own.
    let as_written = doc.clone();
    let field_docs = transforms::apply(&mut doc, file)?;
    let open_enums = open_enum::collect(&doc, file)?;

    let openapi: openapiv3::OpenAPI = serde_path_to_error::deserialize(&doc).map_err(|e| {
        CodegenError::new(
            file,
            locate_in_paths(&doc).unwrap_or_else(|| pointer_of(e.path())),
            format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
        )
    })?;

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(inner_type(target, file)?)
        .with_derive("PartialEq")
        .with_map_type("::serde_json::Map");
    for open_enum in &open_enums {
        let impls = [TypeImpl::Display, TypeImpl::FromStr].into_iter();
        settings.with_replacement(&open_enum.rust_name, &open_enum.rust_name, impls);
    }

    // progenitor still panics on constructs we do not check for; report them
    // as errors rather than crash the build script.
    let generated = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(&openapi)
    }));
    let tokens = match generated {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => {
            return Err(CodegenError::new(
                file,
                "",
                format!("progenitor cannot generate this spec: {e}"),
            ))
        }
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown reason".into());
            return Err(CodegenError::new(
                file,
                "",
                format!("progenitor failed on this spec: {why}"),
            ));
        }
    };
    output::render(
        tokens,
        &output::Inputs {
            spec: &as_written,
            open_enums: &open_enums,
            field_docs: &field_docs,
            spec_name: file,
            api_version: &openapi.info.version,
            target,
        },
    )
}

fn inner_type(target: &Target, file: &str) -> Result<proc_macro2::TokenStream, CodegenError> {
    syn::parse_str::<syn::Path>(target.inner_type())
        .map(|path| quote!(#path))
        .map_err(|e| {
            let why = format!(
                "the target's inner type `{}` is not a path: {e}",
                target.inner_type()
            );
            CodegenError::new(file, "", why)
        })
}

/// openapiv3's `Paths` flattens its map, which hides the path of an error
/// inside it; deserializing each path item alone recovers it.
fn locate_in_paths(doc: &Value) -> Option<String> {
    let paths = doc.get("paths")?.as_object()?;
    paths.iter().find_map(|(path, item)| {
        let err = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item).err()?;
        let inner = pointer_of(err.path());
        Some(format!("{}{inner}", error::child("/paths", path)))
    })
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .fold(String::new(), |acc, s| error::child(&acc, &s))
}
