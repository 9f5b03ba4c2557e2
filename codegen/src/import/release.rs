//! Finds upstream's description of the Incidents operations for one
//! api-version in a `specification/` tree, in either folder layout of
//! azure-rest-api-specs:
//!
//! - `…/Microsoft.SecurityInsights/stable/<version>/Incidents.json` (older);
//! - `…/Microsoft.SecurityInsights/SecurityInsights/stable/<version>/Incidents.json` (newer).
//!
//! Newer versions may ship one TypeSpec-emitted `openapi.json` for the whole
//! resource provider instead. When it is Swagger 2.0 (what TypeSpec's
//! autorest emitter writes) the importer reads it like `Incidents.json`;
//! when it is OpenAPI 3, it cannot, and says so.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{read_json, CodegenError};

/// The resource provider's folder, which holds `stable/` in either layout.
const PROVIDER: &str = "Microsoft.SecurityInsights";
/// The service folder between the provider and `stable/` in the newer layout.
const SERVICE: &str = "SecurityInsights";

/// One api-version of upstream's Incidents description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The api-version, the name of its folder (`2024-09-01`).
    pub api_version: String,
    /// The file to import: `Incidents.json`, or a Swagger 2.0 `openapi.json`.
    pub root: PathBuf,
}

/// What a version folder holds.
enum Holds {
    Swagger(PathBuf),
    /// An `openapi.json` in OpenAPI 3 (its `openapi` version).
    OpenApi3(PathBuf, String),
}

/// The release of `api_version` under `dir`, or of the newest stable
/// api-version there when none is given.
pub fn find_release(dir: &Path, api_version: Option<&str>) -> Result<Release, CodegenError> {
    let name = dir.display().to_string();
    let error = |message: String| CodegenError::new(&name, "", message);
    let mut found: Vec<(String, Holds)> = Vec::new();
    for stable in stable_folders(dir)? {
        for entry in read_dir(&stable)? {
            let version = entry
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if entry.is_dir() && is_date(&version) {
                if let Some(holds) = holds(&entry)? {
                    found.push((version, holds));
                }
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let mut versions: Vec<String> = found.iter().map(|(v, _)| v.clone()).collect();
    versions.dedup();
    let wanted = match api_version {
        Some(wanted) => wanted.to_string(),
        None => versions.last().cloned().ok_or_else(|| {
            error(format!(
                "no stable api-version of the Incidents operations under this directory: looked for \
                 {PROVIDER}/stable/<version>/ and {PROVIDER}/{SERVICE}/stable/<version>/ holding \
                 Incidents.json or openapi.json"
            ))
        })?,
    };
    let mut matching: Vec<Holds> = found
        .into_iter()
        .filter(|(v, _)| *v == wanted)
        .map(|(_, holds)| holds)
        .collect();
    match matching.len() {
        1 => {}
        0 => {
            return Err(error(format!(
                "no stable api-version {wanted} of the Incidents operations under this directory; it has {}",
                if versions.is_empty() { "none".to_string() } else { versions.join(", ") }
            )))
        }
        _ => {
            let files: Vec<String> = matching.iter().map(|h| h.path().display().to_string()).collect();
            return Err(error(format!(
                "api-version {wanted} is there in both folder layouts; pass the file to import:\n  {}",
                files.join("\n  ")
            )));
        }
    }
    match matching.remove(0) {
        Holds::Swagger(root) => Ok(Release {
            api_version: wanted,
            root,
        }),
        Holds::OpenApi3(file, version) => Err(CodegenError::new(
            file.display().to_string(),
            "/openapi",
            format!(
                "api-version {wanted} is described only by this TypeSpec-emitted OpenAPI {version} file, \
                 and the importer reads Swagger 2.0. Generate the Swagger 2.0 with TypeSpec's \
                 @azure-tools/typespec-autorest emitter (azure-rest-api-specs commits it as openapi.json \
                 with \"swagger\": \"2.0\") and pass that file with --upstream, or choose an older \
                 api-version with --api-version ({})",
                versions
                    .iter()
                    .filter(|v| **v != wanted)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

impl Holds {
    fn path(&self) -> &Path {
        match self {
            Holds::Swagger(path) | Holds::OpenApi3(path, _) => path,
        }
    }
}

/// The description a version folder holds: its `Incidents.json`, else its
/// `openapi.json`, if any.
fn holds(version_dir: &Path) -> Result<Option<Holds>, CodegenError> {
    let incidents = version_dir.join("Incidents.json");
    if incidents.is_file() {
        return Ok(Some(Holds::Swagger(incidents)));
    }
    let openapi = version_dir.join("openapi.json");
    if !openapi.is_file() {
        return Ok(None);
    }
    let doc = read_json(&openapi)?;
    Ok(Some(match doc.get("openapi").and_then(Value::as_str) {
        Some(version) => Holds::OpenApi3(openapi, version.to_string()),
        None => Holds::Swagger(openapi),
    }))
}

/// Every `stable/` folder of the provider under `dir`, in either layout.
fn stable_folders(dir: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(current) = dirs.pop() {
        for path in read_dir(&current)?.into_iter().filter(|p| p.is_dir()) {
            let name = |p: Option<&Path>| p.and_then(Path::file_name).map(|n| n.to_owned());
            let parent = name(path.parent());
            let grandparent = name(path.parent().and_then(Path::parent));
            let is_stable = path.file_name().is_some_and(|n| n == "stable")
                && (parent.as_deref() == Some(PROVIDER.as_ref())
                    || (parent.as_deref() == Some(SERVICE.as_ref())
                        && grandparent.as_deref() == Some(PROVIDER.as_ref())));
            if is_stable {
                found.push(path);
            } else if !path.ends_with("examples") {
                dirs.push(path);
            }
        }
    }
    Ok(found)
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let name = dir.display().to_string();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CodegenError::new(&name, "", format!("cannot list {name}: {e}")))?;
    Ok(entries.flatten().map(|e| e.path()).collect())
}

/// `YYYY-MM-DD`: the name of a stable api-version's folder.
fn is_date(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}
