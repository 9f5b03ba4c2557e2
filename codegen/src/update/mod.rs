//! `update`: adopt another api-version of upstream's Swagger in one command.
//!
//! [`plan`] finds the Incidents Swagger of the api-version in a
//! `specification/` tree (either folder layout), imports the operations the
//! current spec has, compares the result with the current spec, generates
//! the code and its API-surface snapshot, and prepares every file the
//! version touches: the spec, `generated/`, the snapshot, the provenance in
//! spec/README.md, the copy of the upstream files the tests import
//! ([`FIXTURE_UPSTREAM`]) and the api-version named in
//! [`VERSION_MENTION_FILES`]. A fixup upstream made obsolete does not stop
//! it: the update goes on without it and deletes it from [`FIXUPS_SOURCE`]
//! (a fixup whose value upstream changed still stops it). Nothing is written
//! until [`Update::write`], so an error or a refused breaking change leaves
//! the tree as it was.

mod provenance;
mod retired_fixups;

pub use self::retired_fixups::FIXUPS_SOURCE;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::api_diff::{self, ApiDiff, Impact};
use crate::error::{parse_json, CodegenError};
use crate::import::{self, find_release_of, ObsoleteFixup, Selection, Upstream};
use crate::{api_surface, api_surface_snapshot, generate, SpecSource, API_SURFACE_SNAPSHOT};

/// The spec, relative to the workspace.
pub const SPEC: &str = "spec/incidents.json";
/// What the generated code assumes of the crate ([`Target`](crate::Target)), relative to the workspace.
pub const TARGET: &str = "spec/target.json";
/// The generated code, relative to the workspace.
pub const GENERATED: &str = "generated/incidents.rs";
/// The spec's README, whose provenance block `update` rewrites.
pub const SPEC_README: &str = "spec/README.md";
/// The copy of the upstream files the spec is imported from: the tests
/// import it, and `update` replaces it with the files it imported.
pub const FIXTURE_UPSTREAM: &str = "codegen/tests/fixtures/upstream";

/// Files that name the api-version for people and cannot derive it from the
/// spec (Cargo's `description`, the README, the crate docs). `update`
/// replaces the old api-version with the new one in them; the crate's tests
/// check that they name no other. History, such as a changelog's released
/// entries, is not listed and never rewritten.
pub const VERSION_MENTION_FILES: &[&str] = &["Cargo.toml", "README.md", "src/lib.rs"];

/// What to update from.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// A directory holding a `specification/` tree, or the file to import.
    pub upstream: PathBuf,
    /// The api-version to adopt, stable or preview; the newest stable one
    /// under `upstream` when `None`.
    pub api_version: Option<String>,
}

/// Everything an update changes, computed but not yet written.
#[derive(Debug)]
pub struct Update {
    /// The api-version of the current spec.
    pub old_version: String,
    /// The api-version adopted.
    pub new_version: String,
    /// Preview api-versions newer than the stable one adopted, which an
    /// update without `--api-version` leaves alone.
    pub skipped_previews: Vec<String>,
    /// Fixups upstream made obsolete (it fixed the quirk): the update
    /// imports without them and deletes them from [`FIXUPS_SOURCE`].
    pub retired_fixups: Vec<ObsoleteFixup>,
    /// The API changes for users, from the current spec to the new one.
    pub diff: ApiDiff,
    /// The unified diff of the API-surface snapshot, when it changes.
    pub surface_diff: Option<String>,
    /// Every file the update writes or deletes, relative to the workspace.
    pub files: Vec<FileChange>,
}

/// One file of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileChange {
    /// A file written.
    Write {
        /// Relative to the workspace.
        path: PathBuf,
        /// Its new contents.
        bytes: Vec<u8>,
        /// Whether they differ from the file's (a missing file differs).
        changed: bool,
    },
    /// A file of the old upstream copy that the new one does not have.
    Delete {
        /// Relative to the workspace.
        path: PathBuf,
    },
}

impl FileChange {
    /// The path, relative to the workspace.
    pub fn path(&self) -> &Path {
        match self {
            FileChange::Write { path, .. } | FileChange::Delete { path } => path,
        }
    }

    /// Whether applying it changes the tree.
    pub fn changes_tree(&self) -> bool {
        !matches!(self, FileChange::Write { changed: false, .. })
    }
}

/// Computes the update of the workspace at `workspace` from `options`,
/// telling `log` each step and how long it took.
pub fn plan(
    workspace: &Path,
    options: &UpdateOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Update, CodegenError> {
    let mut step = Step::new(log);
    let current_text = read_text(&workspace.join(SPEC))?;
    let current = parse_json(&current_text, SPEC)?;
    let old_version = api_version_of(&current, SPEC)?;
    let operations = operation_ids(&current);
    let (root, skipped_previews) = match options.upstream.is_file() {
        true => (options.upstream.clone(), Vec::new()),
        false => {
            let release = find_release_of(
                &options.upstream,
                options.api_version.as_deref(),
                &operations,
            )?;
            (release.root, release.skipped_previews)
        }
    };
    let previews = match skipped_previews.is_empty() {
        true => String::new(),
        false => format!(
            "; skipped the newer preview(s) {}: --api-version adopts one",
            skipped_previews.join(", ")
        ),
    };
    step.done(&format!("found {}{previews}", root.display()));

    let upstream = Upstream::load_operations(&root, &operations)?;
    let imported = import::import_retiring(&upstream, &Selection::Operations(operations.clone()))?;
    let new_version = api_version_of(&imported.spec, &root.display().to_string())?;
    if let Some(wanted) = options.api_version.as_deref().filter(|w| *w != new_version) {
        return Err(CodegenError::new(
            root.display().to_string(),
            "/info/version",
            format!("asked for api-version {wanted}, but this file is api-version {new_version}"),
        ));
    }
    let spec_text = import::spec_text(&imported.spec, Some(&current_text));
    step.done(&format!(
        "imported {} (api-version {old_version} → {new_version})",
        operations.join(", ")
    ));

    let diff = api_diff::diff(
        &SpecSource::new(format!("api-version {old_version}"), current_text.clone()),
        &SpecSource::new(format!("api-version {new_version}"), spec_text.clone()),
    )?;
    step.done(&format!(
        "compared: {} breaking, {} compatible change(s), {} description(s) changed (docs only)",
        diff.count(Impact::Breaking),
        diff.count(Impact::Compatible),
        diff.docs.len()
    ));

    let target = crate::Target::read(&workspace.join(TARGET), TARGET)?;
    let code = generate(&SpecSource::new(SPEC, spec_text.clone()), &target)?;
    let snapshot = api_surface_snapshot(&code);
    let old_code = std::fs::read_to_string(workspace.join(GENERATED)).unwrap_or_default();
    let surface_diff = surface_diff(&old_code, &code);
    step.done(&format!(
        "generated {GENERATED} ({} lines) and its API-surface snapshot",
        code.lines().count()
    ));

    let mut files = Vec::new();
    let mut write = |path: &str, bytes: Vec<u8>| {
        files.push(write_change(workspace, Path::new(path), bytes));
    };
    write(SPEC, spec_text.into_bytes());
    write(GENERATED, code.into_bytes());
    write(API_SURFACE_SNAPSHOT, snapshot.into_bytes());
    let readme = read_text(&workspace.join(SPEC_README))?;
    let record = provenance::Record::of(&upstream, &operations, &new_version)?;
    write(SPEC_README, record.spec_readme(&readme)?.into_bytes());
    files.extend(record.fixture_changes(workspace)?);
    step.done(&format!(
        "recorded the provenance of {} upstream file(s) and copied them to {FIXTURE_UPSTREAM}",
        record.files.len()
    ));

    let retired_fixups = imported.obsolete_fixups.clone();
    if !retired_fixups.is_empty() {
        let source = read_text(&workspace.join(FIXUPS_SOURCE))?;
        let text = retired_fixups::without(&source, &retired_fixups)?;
        files.push(write_change(
            workspace,
            Path::new(FIXUPS_SOURCE),
            text.into_bytes(),
        ));
        step.done(&format!(
            "retired {} fixup(s) upstream made obsolete, from {FIXUPS_SOURCE}: {}",
            retired_fixups.len(),
            retired_fixups
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    let mut mentions = 0;
    for file in VERSION_MENTION_FILES {
        let Ok(text) = std::fs::read_to_string(workspace.join(file)) else {
            continue;
        };
        mentions += text.matches(old_version.as_str()).count();
        let rewritten = text.replace(old_version.as_str(), &new_version);
        files.push(write_change(
            workspace,
            Path::new(file),
            rewritten.into_bytes(),
        ));
    }
    let rewrite = match old_version == new_version {
        true => "nothing to rewrite",
        false => "rewritten",
    };
    step.done(&format!(
        "{mentions} mention(s) of {old_version} in {}: {rewrite}",
        VERSION_MENTION_FILES.join(", ")
    ));

    Ok(Update {
        old_version,
        new_version,
        skipped_previews,
        retired_fixups,
        diff,
        surface_diff,
        files,
    })
}

impl Update {
    /// Writes and deletes the files, under `workspace`.
    pub fn write(&self, workspace: &Path) -> Result<(), CodegenError> {
        for change in self.files.iter().filter(|c| c.changes_tree()) {
            let path = workspace.join(change.path());
            let name = path.display().to_string();
            let failed = |e: std::io::Error| {
                CodegenError::new(&name, "", format!("cannot write {name}: {e}"))
            };
            match change {
                FileChange::Write { bytes, .. } => {
                    if let Some(dir) = path.parent() {
                        std::fs::create_dir_all(dir).map_err(failed)?;
                    }
                    std::fs::write(&path, bytes).map_err(failed)?;
                }
                FileChange::Delete { .. } => std::fs::remove_file(&path).map_err(failed)?,
            }
        }
        provenance::remove_empty_dirs(&workspace.join(FIXTURE_UPSTREAM));
        Ok(())
    }

    /// Whether the tree stays byte for byte as it is.
    pub fn is_no_op(&self) -> bool {
        !self.files.iter().any(FileChange::changes_tree)
    }
}

/// Times the steps of a plan and tells `log` about each.
struct Step<'l> {
    log: &'l mut dyn FnMut(&str),
    started: Instant,
}

impl<'l> Step<'l> {
    fn new(log: &'l mut dyn FnMut(&str)) -> Self {
        Step {
            log,
            started: Instant::now(),
        }
    }

    fn done(&mut self, what: &str) {
        let took = self.started.elapsed();
        (self.log)(&format!("{what} [{}]", millis(took)));
        self.started = Instant::now();
    }
}

/// `123 ms`.
pub fn millis(duration: Duration) -> String {
    format!("{} ms", duration.as_millis())
}

/// A write of `bytes` to `path`, noting whether the file differs.
fn write_change(workspace: &Path, path: &Path, bytes: Vec<u8>) -> FileChange {
    let changed = std::fs::read(workspace.join(path)).ok().as_deref() != Some(&bytes[..]);
    FileChange::Write {
        path: path.to_path_buf(),
        bytes,
        changed,
    }
}

/// The unified diff of the API surface, when the code changes it.
fn surface_diff(old_code: &str, new_code: &str) -> Option<String> {
    let old = match syn::parse_file(old_code) {
        Ok(_) => api_surface(old_code),
        Err(_) => String::new(),
    };
    crate::drift::unified_diff(&old, &api_surface(new_code), "API surface before", "after")
}

fn read_text(path: &Path) -> Result<String, CodegenError> {
    let name = path.display().to_string();
    std::fs::read_to_string(path)
        .map_err(|e| CodegenError::new(&name, "", format!("cannot read {name}: {e}")))
}

fn api_version_of(spec: &serde_json::Value, name: &str) -> Result<String, CodegenError> {
    spec.pointer("/info/version")
        .and_then(serde_json::Value::as_str)
        .map(String::from)
        .ok_or_else(|| CodegenError::new(name, "/info/version", "no api-version (`info.version`)"))
}

/// The operationIds of `spec`, in file order.
fn operation_ids(spec: &serde_json::Value) -> Vec<String> {
    let items = spec.get("paths").and_then(serde_json::Value::as_object);
    items
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(serde_json::Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId")?.as_str())
        .map(String::from)
        .collect()
}
