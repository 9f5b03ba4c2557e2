//! The one way to find upstream's description of the operations in a
//! `specification/` tree: `import`, `update`, the tests and the scripts all
//! come here. A version folder is `<version>/` under `stable/` or `preview/`,
//! in either folder layout of azure-rest-api-specs:
//!
//! - `…/Microsoft.SecurityInsights/{stable|preview}/<version>/` (older);
//! - `…/Microsoft.SecurityInsights/SecurityInsights/{stable|preview}/<version>/` (newer).
//!
//! In it, the file to import is the one that defines the operations asked
//! for, whatever its name: `Incidents.json` in hand-written versions, one
//! TypeSpec-emitted `openapi.json` for the whole resource provider in newer
//! ones. When that file is OpenAPI 3 rather than Swagger 2.0, the importer
//! cannot read it, and says so.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{read_json, CodegenError};
use crate::validate::METHODS;

/// The resource provider's folder, which holds `stable/` in either layout.
const PROVIDER: &str = "Microsoft.SecurityInsights";
/// The service folder between the provider and `stable/` in the newer layout.
const SERVICE: &str = "SecurityInsights";
/// The names upstream has given the file, tried when no file of a version
/// folder defines the operations, so that the import can say what it has.
const CONVENTIONAL_NAMES: [&str; 2] = ["Incidents.json", "openapi.json"];

/// The operation this crate implements: what the file to import must
/// define when no other operation is asked for.
pub const DEFAULT_OPERATION: &str = "Incidents_Get";

/// One api-version of upstream's description of the operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The api-version, the name of its folder (`2024-09-01`, `2025-10-01-preview`).
    pub api_version: String,
    /// The file to import: the one of the version folder that defines the operations.
    pub root: PathBuf,
    /// Preview api-versions newer than the stable one chosen, when none was
    /// asked for: not adopted unless asked for by name.
    pub skipped_previews: Vec<String>,
}

/// A version folder: `<version>/` under `stable/` or `preview/`.
struct VersionFolder {
    api_version: String,
    preview: bool,
    path: PathBuf,
}

/// The release of `api_version` under `dir` that defines
/// [`DEFAULT_OPERATION`], or of the newest stable api-version when none is
/// given.
pub fn find_release(dir: &Path, api_version: Option<&str>) -> Result<Release, CodegenError> {
    find_release_of(dir, api_version, &[DEFAULT_OPERATION.to_string()])
}

/// The release of `api_version` under `dir` that defines `operations`, or,
/// when none is given, of the only api-version there, else of the newest
/// stable one (previews are then named in [`Release::skipped_previews`],
/// never chosen).
pub fn find_release_of(
    dir: &Path,
    api_version: Option<&str>,
    operations: &[String],
) -> Result<Release, CodegenError> {
    let name = dir.display().to_string();
    let error = |message: String| CodegenError::new(&name, "", message);
    let mut folders = version_folders(dir)?;
    folders.sort_by(|a, b| a.api_version.cmp(&b.api_version));
    let listed = |preview: bool| -> Vec<String> {
        let mut versions: Vec<String> = folders
            .iter()
            .filter(|f| f.preview == preview)
            .map(|f| f.api_version.clone())
            .collect();
        versions.dedup();
        versions
    };
    let (stable, previews) = (listed(false), listed(true));
    let wanted = match api_version {
        Some(wanted) => wanted.to_string(),
        // A copy of one api-version (the fixture copy, a practice copy) is
        // that api-version, preview or not.
        None if stable.len() + previews.len() == 1 => {
            stable.iter().chain(&previews).next().cloned().unwrap_or_default()
        }
        None => stable.last().cloned().ok_or_else(|| {
            let previews = match previews.is_empty() {
                true => String::new(),
                false => format!(
                    "; there are previews ({}), which --api-version adopts by name",
                    previews.join(", ")
                ),
            };
            error(format!(
                "no stable api-version of the Incidents operations under this directory: looked for \
                 {PROVIDER}/stable/<version>/ and {PROVIDER}/{SERVICE}/stable/<version>/ (and preview/ \
                 beside stable/) holding the file that defines {}{previews}",
                operations.join(", ")
            ))
        })?,
    };
    let matching: Vec<&VersionFolder> =
        folders.iter().filter(|f| f.api_version == wanted).collect();
    let folder = match matching.as_slice() {
        [folder] => *folder,
        [] => {
            let channel = if wanted.ends_with("-preview") {
                "preview"
            } else {
                "stable"
            };
            let mut has = if stable.is_empty() {
                "none".to_string()
            } else {
                stable.join(", ")
            };
            if !previews.is_empty() {
                has += &format!("; previews {}", previews.join(", "));
            }
            return Err(error(format!(
                "no {channel} api-version {wanted} of the Incidents operations under this directory; it has {has}"
            )));
        }
        several => {
            let paths: Vec<String> = several
                .iter()
                .map(|f| f.path.display().to_string())
                .collect();
            return Err(error(format!(
                "api-version {wanted} is there in both folder layouts; pass the file to import:\n  {}",
                paths.join("\n  ")
            )));
        }
    };
    let Some(root) = defining_file(&folder.path, operations)? else {
        return Err(CodegenError::new(
            folder.path.display().to_string(),
            "",
            format!(
                "no file of api-version {wanted} defines {}",
                operations.join(", ")
            ),
        ));
    };
    swagger_or_refuse(&root, &wanted, &stable)?;
    let skipped_previews = match api_version {
        Some(_) => Vec::new(),
        None => previews.into_iter().filter(|p| *p > wanted).collect(),
    };
    Ok(Release {
        api_version: wanted,
        root,
        skipped_previews,
    })
}

/// The one file under `dir` that defines `operations`, in whichever version
/// folder (or, in a tree without version folders, whichever folder). More
/// than one is an error listing them: `update` chooses among api-versions,
/// `import` is told which.
pub(crate) fn find_root(dir: &Path, operations: &[String]) -> Result<PathBuf, CodegenError> {
    let mut folders: Vec<PathBuf> = version_folders(dir)?.into_iter().map(|f| f.path).collect();
    if folders.is_empty() {
        folders = all_folders(dir)?;
    }
    let mut found = Vec::new();
    for folder in &folders {
        found.extend(defining_file(folder, operations)?);
    }
    found.sort();
    let name = dir.display().to_string();
    let what = operations.join(", ");
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(CodegenError::new(
            name,
            "",
            format!("no file under this directory defines {what}"),
        )),
        n => {
            let file_name = |p: &PathBuf| p.file_name().map(|n| n.to_owned());
            let files = match found.iter().all(|p| file_name(p) == file_name(&found[0])) {
                true => format!(
                    "files named {}",
                    found[0].file_name().unwrap_or_default().to_string_lossy()
                ),
                false => "files".to_string(),
            };
            Err(CodegenError::new(
                name,
                "",
                format!(
                    "{n} {files} under this directory define {what}; pass the one to import:\n  {}",
                    found
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join("\n  ")
                ),
            ))
        }
    }
}

/// The file directly in `folder` that defines `operations`; when none
/// does, the one with a name upstream has used, if any. Two files that
/// define one operation, or operations spread over files, are an error
/// naming the files.
fn defining_file(folder: &Path, operations: &[String]) -> Result<Option<PathBuf>, CodegenError> {
    let mut files: Vec<PathBuf> = read_dir(folder)?
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    // (file, the asked-for operations it defines)
    let mut defining: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let text = std::fs::read_to_string(&file)
            .map_err(|e| CodegenError::new(&name, "", format!("cannot read {name}: {e}")))?;
        // Most files of a version folder describe other operations: only
        // those that name one asked for are parsed.
        if !operations
            .iter()
            .any(|op| text.contains(&format!("\"{op}\"")))
        {
            continue;
        }
        let doc = crate::error::parse_json(&text, &name)?;
        let defined: Vec<String> = operation_ids(&doc)
            .filter(|id| operations.iter().any(|op| op == id))
            .map(String::from)
            .collect();
        if !defined.is_empty() {
            defining.push((file, defined));
        }
    }
    for operation in operations {
        let holders: Vec<&PathBuf> = defining
            .iter()
            .filter(|(_, ops)| ops.contains(operation))
            .map(|(file, _)| file)
            .collect();
        if let [first, second, ..] = holders.as_slice() {
            return Err(CodegenError::new(
                folder.display().to_string(),
                "",
                format!(
                    "two files define operation `{operation}`: {} and {}; pass the one to import",
                    first.display(),
                    second.display()
                ),
            ));
        }
    }
    match defining.len() {
        0 => Ok(CONVENTIONAL_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|p| p.is_file())),
        1 => Ok(Some(defining.remove(0).0)),
        _ => Err(CodegenError::new(
            folder.display().to_string(),
            "",
            format!(
                "the operations are in different files ({}); import reads one file: ask for the \
                 operations of one of them",
                defining
                    .iter()
                    .map(|(file, ops)| format!("{} in {}", ops.join(", "), file.display()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )),
    }
}

/// The operationIds under `doc`'s `paths`.
fn operation_ids(doc: &Value) -> impl Iterator<Item = &str> {
    doc.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .flat_map(|item| METHODS.iter().filter_map(move |m| item.get(*m)))
        .filter_map(|op| op.get("operationId")?.as_str())
}

/// `root` when it is Swagger 2.0; an OpenAPI 3 file is refused, saying how
/// to get the Swagger and which other api-versions there are.
fn swagger_or_refuse(root: &Path, wanted: &str, stable: &[String]) -> Result<(), CodegenError> {
    let doc = read_json(root)?;
    let Some(version) = doc.get("openapi").and_then(Value::as_str) else {
        return Ok(());
    };
    Err(CodegenError::new(
        root.display().to_string(),
        "/openapi",
        format!(
            "api-version {wanted} is described only by this TypeSpec-emitted OpenAPI {version} file, \
             and the importer reads Swagger 2.0. Generate the Swagger 2.0 with TypeSpec's \
             @azure-tools/typespec-autorest emitter (azure-rest-api-specs commits it as openapi.json \
             with \"swagger\": \"2.0\") and pass that file with --upstream, or choose an older \
             api-version with --api-version ({})",
            stable
                .iter()
                .filter(|v| **v != wanted)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// Every version folder of the provider under `dir`, in either layout.
fn version_folders(dir: &Path) -> Result<Vec<VersionFolder>, CodegenError> {
    let mut found = Vec::new();
    for channel in channel_folders(dir)? {
        let preview = channel.ends_with("preview");
        for path in read_dir(&channel)?.into_iter().filter(|p| p.is_dir()) {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let is_version = match preview {
                false => is_date(&name),
                true => name.strip_suffix("-preview").is_some_and(is_date),
            };
            if is_version {
                found.push(VersionFolder {
                    api_version: name,
                    preview,
                    path,
                });
            }
        }
    }
    Ok(found)
}

/// Every `stable/` and `preview/` folder of the provider under `dir`, in either layout.
fn channel_folders(dir: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(current) = dirs.pop() {
        for path in read_dir(&current)?.into_iter().filter(|p| p.is_dir()) {
            let name = |p: Option<&Path>| p.and_then(Path::file_name).map(|n| n.to_owned());
            let parent = name(path.parent());
            let grandparent = name(path.parent().and_then(Path::parent));
            let is_channel = path
                .file_name()
                .is_some_and(|n| n == "stable" || n == "preview")
                && (parent.as_deref() == Some(PROVIDER.as_ref())
                    || (parent.as_deref() == Some(SERVICE.as_ref())
                        && grandparent.as_deref() == Some(PROVIDER.as_ref())));
            if is_channel {
                found.push(path);
            } else if !path.ends_with("examples") {
                dirs.push(path);
            }
        }
    }
    Ok(found)
}

/// `dir` and every folder under it but examples.
fn all_folders(dir: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let mut found = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < found.len() {
        let children = read_dir(&found[i])?
            .into_iter()
            .filter(|p| p.is_dir() && !p.ends_with("examples"));
        found.extend(children);
        i += 1;
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
