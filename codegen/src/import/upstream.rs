//! Microsoft's Swagger 2.0 files as the importer reads them: the root file
//! (`Incidents.json`) and every file its relative `$ref`s reach, loaded once,
//! so the rest of the importer only looks values up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::error::{child, read_json, CodegenError};

/// The file name of the root document the importer looks for in a directory.
const ROOT_FILE_NAME: &str = "Incidents.json";

/// Keys whose `$ref`s point at example payloads, which the importer never
/// needs (and upstream's copy does not ship).
const EXAMPLE_KEYS: [&str; 2] = ["x-ms-examples", "examples"];

/// A value in one upstream file: the file and the JSON pointer in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Location {
    pub file: PathBuf,
    pub pointer: String,
}

impl Location {
    /// The location of `segment` under this one.
    pub fn child(&self, segment: &str) -> Location {
        Location {
            file: self.file.clone(),
            pointer: child(&self.pointer, segment),
        }
    }

    /// The location of the value that holds this one.
    pub fn parent(&self) -> Location {
        let parent = self
            .pointer
            .rsplit_once('/')
            .map_or("", |(parent, _)| parent);
        Location {
            file: self.file.clone(),
            pointer: parent.to_string(),
        }
    }

    /// The last segment of the pointer, unescaped: the key or index of this value in its parent.
    pub fn key(&self) -> String {
        let segment = self.pointer.rsplit('/').next().unwrap_or_default();
        segment.replace("~1", "/").replace("~0", "~")
    }

    /// An error at this location.
    pub fn error(&self, message: impl Into<String>) -> CodegenError {
        CodegenError::new(self.file.display().to_string(), &self.pointer, message)
    }

    /// `file#pointer`, as a `$ref` would name it.
    pub fn describe(&self) -> String {
        format!("{}#{}", self.file.display(), self.pointer)
    }
}

/// Microsoft's Swagger 2.0 description of the API: the root file and the
/// files its `$ref`s reach.
#[derive(Debug, Clone)]
pub struct Upstream {
    root: PathBuf,
    documents: BTreeMap<PathBuf, Value>,
    /// Referenced files that do not exist.
    missing: BTreeSet<PathBuf>,
}

impl Upstream {
    /// Loads the root file at `path` (or the one `Incidents.json` under the
    /// directory `path`) and every file its relative `$ref`s reach. A
    /// referenced file that does not exist is only an error for the
    /// operations that reach it.
    pub fn load(path: &Path) -> Result<Self, CodegenError> {
        let root = normalize(&if path.is_dir() {
            find_root_file(path)?
        } else {
            path.to_path_buf()
        });
        let mut upstream = Upstream {
            root: root.clone(),
            documents: BTreeMap::new(),
            missing: BTreeSet::new(),
        };
        let mut queue = vec![root.clone()];
        while let Some(file) = queue.pop() {
            let doc = read_json(&file)?;
            let mut references = Vec::new();
            collect_references(
                &doc,
                &Location {
                    file: file.clone(),
                    pointer: String::new(),
                },
                &mut references,
            );
            upstream.documents.insert(file, doc);
            for (at, reference) in references {
                let target = upstream.resolve(&at.file, &reference).file;
                if upstream.documents.contains_key(&target)
                    || upstream.missing.contains(&target)
                    || queue.contains(&target)
                {
                    continue;
                }
                if target.is_file() {
                    queue.push(target);
                } else {
                    upstream.missing.insert(target);
                }
            }
        }
        swagger_2(&upstream.documents[&root], &root)?;
        Ok(upstream)
    }

    /// The root file (`Incidents.json`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `path` relative to the root file's directory when it is under it, for messages.
    pub(crate) fn relative(&self, path: &Path) -> String {
        let dir = self.root.parent().unwrap_or(Path::new(""));
        path.strip_prefix(dir).unwrap_or(path).display().to_string()
    }

    /// The root file's location, pointer `""`.
    pub(crate) fn root_location(&self) -> Location {
        Location {
            file: self.root.clone(),
            pointer: String::new(),
        }
    }

    /// The value at `location`, or an error saying what is missing.
    pub(crate) fn get(&self, location: &Location) -> Result<&Value, CodegenError> {
        let Some(doc) = self.documents.get(&location.file) else {
            return Err(location.error(format!(
                "file {} is not part of the upstream files",
                location.file.display()
            )));
        };
        doc.pointer(&location.pointer)
            .ok_or_else(|| location.error("nothing at this pointer"))
    }

    /// The value at `location`, to edit.
    pub(crate) fn get_mut(&mut self, location: &Location) -> Option<&mut Value> {
        self.documents
            .get_mut(&location.file)?
            .pointer_mut(&location.pointer)
    }

    /// Where `reference` (a `$ref` written in `from`) points.
    pub(crate) fn resolve(&self, from: &Path, reference: &str) -> Location {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file.is_empty() {
            from.to_path_buf()
        } else {
            normalize(&from.parent().unwrap_or(Path::new("")).join(file))
        };
        Location {
            file,
            pointer: pointer.to_string(),
        }
    }

    /// Every `$ref` target the root file reaches, directly or through
    /// other targets, in the loaded files.
    pub(crate) fn reached_targets(&self) -> BTreeSet<Location> {
        self.reached_from(&[self.root_location()])
    }

    /// Every `$ref` target the values at `starts` reach, directly or
    /// through other targets, in the loaded files.
    pub(crate) fn reached_from(&self, starts: &[Location]) -> BTreeSet<Location> {
        let mut reached = BTreeSet::new();
        let mut queue = starts.to_vec();
        while let Some(at) = queue.pop() {
            let Ok(value) = self.get(&at) else { continue };
            let mut references = Vec::new();
            collect_references(value, &at, &mut references);
            for (via, reference) in references {
                let target = self.resolve(&via.file, &reference);
                if reached.insert(target.clone()) {
                    queue.push(target);
                }
            }
        }
        reached
    }

    /// The entries of `section` (`definitions`, `parameters`) named `name`,
    /// ignoring case, in every loaded file.
    pub(crate) fn find_named(&self, section: &str, name: &str) -> Vec<Location> {
        let mut found = Vec::new();
        for (file, doc) in &self.documents {
            let entries = doc.get(section).and_then(Value::as_object);
            for key in entries.into_iter().flat_map(|e| e.keys()) {
                if key.eq_ignore_ascii_case(name) {
                    found.push(Location {
                        file: file.clone(),
                        pointer: child(&child("", section), key),
                    });
                }
            }
        }
        found
    }

    /// `path` for messages: from its `specification/` folder on, as in
    /// azure-rest-api-specs, when it has one.
    pub fn display(&self, path: &Path) -> String {
        specification_path(path)
            .unwrap_or_else(|| path.to_path_buf())
            .display()
            .to_string()
    }

    /// The first missing file that `start` reaches through `$ref`s, with
    /// the `$ref` that names it.
    pub(crate) fn first_missing_reached(&self, start: &Location) -> Option<(PathBuf, Location)> {
        let mut seen = BTreeSet::new();
        let mut queue = vec![start.clone()];
        while let Some(at) = queue.pop() {
            if !seen.insert(at.clone()) {
                continue;
            }
            let Ok(value) = self.get(&at) else { continue };
            let mut references = Vec::new();
            collect_references(value, &at, &mut references);
            for (via, reference) in references {
                let target = self.resolve(&via.file, &reference);
                if self.missing.contains(&target.file) {
                    return Some((target.file, via));
                }
                queue.push(target);
            }
        }
        None
    }
}

/// Every `$ref` under `value` (at `at`), outside example payloads.
fn collect_references(value: &Value, at: &Location, out: &mut Vec<(Location, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push((at.child("$ref"), reference.clone()));
            }
            for (key, sub) in map {
                if !EXAMPLE_KEYS.contains(&key.as_str()) {
                    collect_references(sub, &at.child(key), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, sub) in items.iter().enumerate() {
                collect_references(sub, &at.child(&i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// The importer reads Swagger 2.0 only; say what `doc` is instead.
fn swagger_2(doc: &Value, file: &Path) -> Result<(), CodegenError> {
    if doc.get("swagger") == Some(&Value::from("2.0")) {
        return Ok(());
    }
    let version = doc
        .get("openapi")
        .or(doc.get("swagger"))
        .unwrap_or(&Value::Null);
    Err(CodegenError::new(
        file.display().to_string(),
        "/swagger",
        format!("not a Swagger 2.0 file (version {version}): import reads Microsoft's Swagger 2.0"),
    ))
}

/// The one `Incidents.json` under `dir`. A clone of azure-rest-api-specs
/// has one per api-version, so more than one is an error that lists them.
fn find_root_file(dir: &Path) -> Result<PathBuf, CodegenError> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(current) = dirs.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| {
            let name = current.display().to_string();
            CodegenError::new(&name, "", format!("cannot list {name}: {e}"))
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n == ROOT_FILE_NAME) {
                found.push(path);
            }
        }
    }
    found.sort();
    let name = dir.display().to_string();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(CodegenError::new(
            name,
            "",
            format!("no {ROOT_FILE_NAME} under this directory"),
        )),
        _ => Err(CodegenError::new(
            name,
            "",
            format!(
                "{} files named {ROOT_FILE_NAME} under this directory; pass the one to import:\n  {}",
                found.len(),
                found
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ),
        )),
    }
}

/// `path` from its last `specification` folder on, the path it has in
/// azure-rest-api-specs.
pub(crate) fn specification_path(path: &Path) -> Option<PathBuf> {
    let components: Vec<Component> = path.components().collect();
    let at = components
        .iter()
        .rposition(|c| c.as_os_str() == "specification")?;
    Some(components[at..].iter().collect())
}

/// `path` with `.` and `..` resolved lexically, so two `$ref`s to one file
/// compare equal.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
