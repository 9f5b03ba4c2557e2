//! Microsoft's Swagger 2.0 files as the importer reads them: the root file
//! (the one that defines the operations, `release.rs` finds it) and the
//! files its relative `$ref`s reach, loaded once, so the rest of the
//! importer only looks values up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::release::{find_root, DEFAULT_OPERATION};
use crate::error::{child, read_json, CodegenError};
use crate::validate::METHODS;

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
    /// Loads the root file at `path` (or, under the directory `path`, the
    /// one file that defines [`DEFAULT_OPERATION`]) and every file its
    /// relative `$ref`s reach. A referenced file that does not exist is
    /// only an error for the operations that reach it.
    pub fn load(path: &Path) -> Result<Self, CodegenError> {
        let root = root_file(path, &[DEFAULT_OPERATION.to_string()])?;
        Upstream::load_from(root, |upstream| vec![upstream.root_location()])
    }

    /// Loads the root file at `path` (or, under the directory `path`, the
    /// one file that defines `operations`) and only the files that these
    /// operations reach through `$ref`s: in a file that describes a whole
    /// resource provider, the other operations and what they refer to are
    /// never read.
    pub fn load_operations(path: &Path, operations: &[String]) -> Result<Self, CodegenError> {
        let root = root_file(path, operations)?;
        Upstream::load_from(root, |upstream| upstream.operation_starts(operations))
    }

    fn load_from(
        root: PathBuf,
        starts: impl FnOnce(&Upstream) -> Vec<Location>,
    ) -> Result<Self, CodegenError> {
        let doc = read_json(&root)?;
        swagger_2(&doc, &root)?;
        let mut upstream = Upstream {
            root: root.clone(),
            documents: BTreeMap::from([(root, doc)]),
            missing: BTreeSet::new(),
        };
        let starts = starts(&upstream);
        upstream.load_reached(starts)?;
        Ok(upstream)
    }

    /// Reads every file that the values at `starts` reach through `$ref`s,
    /// directly or through other targets, as the walk comes to it.
    fn load_reached(&mut self, starts: Vec<Location>) -> Result<(), CodegenError> {
        let mut seen = BTreeSet::new();
        let mut queue = starts;
        while let Some(at) = queue.pop() {
            if !seen.insert(at.clone()) {
                continue;
            }
            if !self.documents.contains_key(&at.file) {
                if self.missing.contains(&at.file) {
                    continue;
                }
                if !at.file.is_file() {
                    self.missing.insert(at.file.clone());
                    continue;
                }
                let doc = read_json(&at.file)?;
                self.documents.insert(at.file.clone(), doc);
            }
            let Ok(value) = self.get(&at) else { continue };
            let mut references = Vec::new();
            collect_references(value, &at, &mut references);
            for (via, reference) in references {
                queue.push(self.resolve(&via.file, &reference));
            }
        }
        Ok(())
    }

    /// Where the root file's operations named `ids` are, each with its
    /// path item's `parameters`.
    fn operation_starts(&self, ids: &[String]) -> Vec<Location> {
        let paths_at = self.root_location().child("paths");
        let Ok(Value::Object(paths)) = self.get(&paths_at) else {
            return Vec::new();
        };
        let mut starts = Vec::new();
        for (path, item) in paths {
            let item_at = paths_at.child(path);
            for method in METHODS {
                let id = item.get(method).and_then(|op| op.get("operationId"));
                if id
                    .and_then(Value::as_str)
                    .is_some_and(|id| ids.iter().any(|i| i == id))
                {
                    starts.push(item_at.child(method));
                    starts.push(item_at.child("parameters"));
                }
            }
        }
        starts
    }

    /// The root file: the one that defines the operations.
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

/// The file at `path`, or the one under the directory `path` that defines `operations`.
fn root_file(path: &Path, operations: &[String]) -> Result<PathBuf, CodegenError> {
    Ok(normalize(&match path.is_dir() {
        true => find_root(path, operations)?,
        false => path.to_path_buf(),
    }))
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
