//! The importer: Microsoft's Swagger 2.0 files in, the self-contained
//! OpenAPI 3.0.3 subset for chosen operations out, with exactly the schemas
//! they reach.
//!
//! ```no_run
//! use sentinel_incidents_codegen::import::{import, Selection, Upstream};
//! # fn main() -> Result<(), sentinel_incidents_codegen::CodegenError> {
//! let upstream = Upstream::load("codegen/tests/fixtures/upstream".as_ref())?;
//! let imported = import(&upstream, &Selection::Operations(vec!["Incidents_Get".into()]))?;
//! println!("{}", serde_json::to_string_pretty(&imported.spec).unwrap());
//! # Ok(()) }
//! ```
//!
//! Steps: pick the operations (skipping, with `Selection::All`, those that
//! reach a file upstream does not ship or do not convert), apply this crate's fixups to the
//! upstream files (`fixups.rs`), then convert the operations
//! (`operation.rs`) and the schemas they reach (`schema.rs`).

mod document;
mod fixups;
mod operation;
mod release;
mod schema;
mod spec_text;
mod upstream;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

pub use self::fixups::ObsoleteFixup;
use self::fixups::{Fixup, WhenObsolete, FIXUPS};
use self::operation::{Operations, UpstreamOperation};
pub use self::release::{find_release, find_release_of, Release, DEFAULT_OPERATION};
use self::schema::Schemas;
pub use self::spec_text::{spec_text, CANONICAL_ORDER};
pub(crate) use self::upstream::specification_path;
use self::upstream::Location;
pub use self::upstream::Upstream;
use crate::error::CodegenError;
use crate::validate::METHODS;

/// Which upstream operations to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// These operationIds, in this order; each must be importable.
    Operations(Vec<String>),
    /// Every operation of the root file that converts: those that reach a
    /// file upstream does not ship, or a construct the importer cannot
    /// convert (a `discriminator`, a form parameter), are reported as
    /// skipped, with the reason.
    All,
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The OpenAPI 3.0.3 document.
    pub spec: Value,
    /// The operationIds it holds, in upstream order for [`Selection::All`].
    pub operations: Vec<String>,
    /// Operations [`Selection::All`] left out, and why.
    pub skipped: Vec<SkippedOperation>,
    /// Fixups upstream made obsolete, left out by [`import_retiring`]
    /// (always empty from [`import`]).
    pub obsolete_fixups: Vec<ObsoleteFixup>,
}

/// An operation left out of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedOperation {
    /// Its operationId.
    pub operation_id: String,
    /// Why, naming the file and JSON pointer that stopped it.
    pub reason: String,
}

/// An upstream file that importing some operations reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsedFile {
    /// Where it is.
    pub path: PathBuf,
    /// The `$ref` targets used from it, such as `definitions/Incident` or
    /// `parameters/IncidentId`, sorted.
    pub entries: Vec<String>,
}

/// The files that importing `operations` reads: the root file, and every
/// file their `$ref`s reach, in path order.
pub fn used_files(
    upstream: &Upstream,
    operations: &[String],
) -> Result<Vec<UsedFile>, CodegenError> {
    let starts: Vec<Location> = upstream_operations(upstream)?
        .into_iter()
        .filter(|op| operations.contains(&op.id))
        .flat_map(|op| [op.location.parent().child("parameters"), op.location])
        .collect();
    let mut files: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    files.entry(upstream.root().to_path_buf()).or_default();
    for at in upstream.reached_from(&starts) {
        if upstream.get(&at).is_err() {
            continue;
        }
        let entries = files.entry(at.file.clone()).or_default();
        if at.parent().parent().pointer.is_empty() && !at.pointer.is_empty() {
            let section = at.parent().key();
            entries.insert(format!("{section}/{}", at.key()));
        }
    }
    Ok(files
        .into_iter()
        .map(|(path, entries)| UsedFile {
            path,
            entries: entries.into_iter().collect(),
        })
        .collect())
}

/// Imports the `selection` of `upstream` with this crate's fixups. A fixup
/// that no longer applies is an error, whether upstream changed its value
/// or fixed the quirk (see [`import_retiring`]).
pub fn import(upstream: &Upstream, selection: &Selection) -> Result<Imported, CodegenError> {
    import_with(upstream, selection, FIXUPS, WhenObsolete::Fail)
}

/// [`import`], except that a fixup upstream made obsolete (what it edits is
/// gone, or already holds what it writes) is left out and listed in
/// [`Imported::obsolete_fixups`]: `update` goes on and retires it. A fixup
/// whose value upstream changed is still an error.
pub fn import_retiring(
    upstream: &Upstream,
    selection: &Selection,
) -> Result<Imported, CodegenError> {
    import_with(upstream, selection, FIXUPS, WhenObsolete::SetAside)
}

fn import_with(
    upstream: &Upstream,
    selection: &Selection,
    fixups: &[Fixup],
    when_obsolete: WhenObsolete,
) -> Result<Imported, CodegenError> {
    let (mut chosen, mut skipped) = select(upstream, selection)?;
    // With `Selection::All`, an operation that does not convert is skipped and
    // the import starts again without it, so that nothing it reached stays.
    loop {
        let ids: Vec<String> = chosen.iter().map(|op| op.id.clone()).collect();
        let mut patched = upstream.clone();
        let (names, obsolete_fixups) = fixups::apply(fixups, &mut patched, &ids, when_obsolete)?;
        let root = patched.get(&patched.root_location())?;
        let mut schemas = Schemas::new(&patched, &names);
        let mut paths = Map::new();
        let mut failed = Vec::new();
        for operation in &chosen {
            let converted = Operations {
                upstream: &patched,
                schemas: &mut schemas,
                defaults: root,
            }
            .convert(operation);
            let converted = match (converted, selection) {
                (Ok(converted), _) => converted,
                (Err(e), Selection::All) => {
                    failed.push(SkippedOperation {
                        operation_id: operation.id.clone(),
                        reason: format!(
                            "cannot be converted: {} at {}: {}",
                            upstream.display(Path::new(e.file())),
                            e.pointer(),
                            e.message()
                        ),
                    });
                    continue;
                }
                (Err(e), Selection::Operations(_)) => return Err(e),
            };
            let item = paths
                .entry(operation.path.clone())
                .or_insert_with(|| json!({}));
            item[operation.method.as_str()] = converted;
        }
        if failed.is_empty() {
            let spec = document::assemble(&patched, paths, schemas.components)?;
            return Ok(Imported {
                spec,
                operations: ids,
                skipped,
                obsolete_fixups,
            });
        }
        chosen.retain(|op| !failed.iter().any(|f| f.operation_id == op.id));
        skipped.extend(failed);
        if chosen.is_empty() {
            return Err(upstream
                .root_location()
                .child("paths")
                .error("no operation converts; see the skipped ones"));
        }
    }
}

/// The operations of the root file, in file order.
fn upstream_operations(upstream: &Upstream) -> Result<Vec<UpstreamOperation>, CodegenError> {
    let paths_at = upstream.root_location().child("paths");
    let paths = upstream.get(&paths_at)?;
    let Some(paths) = paths.as_object() else {
        return Err(paths_at.error("`paths` must be an object"));
    };
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
            let location = paths_at.child(path).child(method);
            let id = item[*method]
                .get("operationId")
                .and_then(Value::as_str)
                .ok_or_else(|| location.error("operation has no `operationId`"))?;
            operations.push(UpstreamOperation {
                id: id.to_string(),
                path: path.clone(),
                method: method.to_string(),
                location,
            });
        }
    }
    Ok(operations)
}

/// The operations to convert, and those `Selection::All` skips.
fn select(
    upstream: &Upstream,
    selection: &Selection,
) -> Result<(Vec<UpstreamOperation>, Vec<SkippedOperation>), CodegenError> {
    let available = upstream_operations(upstream)?;
    let mut chosen = Vec::new();
    let mut skipped = Vec::new();
    match selection {
        Selection::All => {
            for operation in available {
                match unresolvable(upstream, &operation) {
                    None => chosen.push(operation),
                    Some(reason) => skipped.push(SkippedOperation {
                        operation_id: operation.id,
                        reason,
                    }),
                }
            }
        }
        Selection::Operations(ids) => {
            for id in ids {
                let Some(operation) = available.iter().find(|op| op.id == *id) else {
                    let known: Vec<&str> = available.iter().map(|op| op.id.as_str()).collect();
                    return Err(upstream.root_location().child("paths").error(format!(
                        "no operation `{id}`; the file has {}",
                        known.join(", ")
                    )));
                };
                if let Some(reason) = unresolvable(upstream, operation) {
                    return Err(operation
                        .location
                        .error(format!("cannot import `{id}`: it {reason}")));
                }
                chosen.push(operation.clone());
            }
        }
    }
    if chosen.is_empty() {
        return Err(upstream
            .root_location()
            .child("paths")
            .error("no operation to import"));
    }
    Ok((chosen, skipped))
}

/// Why `operation` cannot be imported from these files, if it cannot.
fn unresolvable(upstream: &Upstream, operation: &UpstreamOperation) -> Option<String> {
    let item_parameters = operation.location.parent().child("parameters");
    [operation.location.clone(), item_parameters]
        .iter()
        .find_map(|start| upstream.first_missing_reached(start))
        .map(|(file, via)| {
            format!(
                "reaches {}, which is not among the upstream files (referenced at {}#{})",
                upstream.relative(&file),
                upstream.relative(&via.file),
                via.pointer
            )
        })
}

#[cfg(test)]
mod tests;
