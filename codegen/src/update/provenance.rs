//! Where the spec comes from, recorded by `update`: the provenance block of
//! spec/README.md (api-version, files, sha256, what each provides), and the
//! copy of those files under [`FIXTURE_UPSTREAM`] with its PROVENANCE.md.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{write_change, FileChange, FIXTURE_UPSTREAM, SPEC_README};
use crate::error::CodegenError;
use crate::import::{used_files, Upstream};

/// The lines that open and close the block `update` writes in spec/README.md.
const BEGIN: &str = "<!-- provenance: written by `cargo run -p sentinel-incidents-codegen -- update`; edit that, not this block -->";
const END: &str = "<!-- end of provenance -->";

/// The upstream files an import read, with their bytes.
pub(super) struct Record {
    api_version: String,
    operations: Vec<String>,
    /// (path from `specification/` on, bytes, entries used from it).
    pub files: Vec<(PathBuf, Vec<u8>, Vec<String>)>,
}

impl Record {
    /// The files that importing `operations` from `upstream` reads.
    pub fn of(
        upstream: &Upstream,
        operations: &[String],
        api_version: &str,
    ) -> Result<Self, CodegenError> {
        let mut files = Vec::new();
        for used in used_files(upstream, operations)? {
            let name = used.path.display().to_string();
            let relative = crate::import::specification_path(&used.path).ok_or_else(|| {
                CodegenError::new(
                    &name,
                    "",
                    "not inside a specification/ folder: update copies upstream files by their \
                     path in azure-rest-api-specs",
                )
            })?;
            let bytes = std::fs::read(&used.path)
                .map_err(|e| CodegenError::new(&name, "", format!("cannot read {name}: {e}")))?;
            files.push((relative, bytes, used.entries));
        }
        Ok(Record {
            api_version: api_version.to_string(),
            operations: operations.to_vec(),
            files,
        })
    }

    /// `readme` with its provenance block replaced by this record.
    pub fn spec_readme(&self, readme: &str) -> Result<String, CodegenError> {
        let (Some(begin), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
            return Err(CodegenError::new(
                SPEC_README,
                "",
                format!(
                    "no provenance block to rewrite: put the lines\n{BEGIN}\n{END}\nwhere it goes"
                ),
            ));
        };
        let mut block = format!("{BEGIN}\n\n");
        let _ = writeln!(
            block,
            "- api-version: `{}`; operation(s): {}.",
            self.api_version,
            self.operations
                .iter()
                .map(|op| format!("`{op}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        block += "- Upstream: Microsoft's Swagger 2.0 in [Azure/azure-rest-api-specs](https://github.com/Azure/azure-rest-api-specs)\n  \
                  (MIT licence). The files used, with what the spec takes from each; a byte-identical copy is in\n  \
                  `codegen/tests/fixtures/upstream/`:\n\n";
        block += "| file | sha256 | used from it |\n|---|---|---|\n";
        for (path, bytes, entries) in &self.files {
            let used = entries
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let used = if used.is_empty() {
                "the operation, `info`, security"
            } else {
                &used
            };
            let _ = writeln!(
                block,
                "| `{}` | `{}` | {used} |",
                path.display(),
                sha256(bytes)
            );
        }
        block += "\n";
        Ok(format!("{}{block}{}", &readme[..begin], &readme[end..]))
    }

    /// The upstream copy replaced by these files: each written, and the
    /// old copy's other files deleted.
    pub fn fixture_changes(&self, workspace: &Path) -> Result<Vec<FileChange>, CodegenError> {
        let fixture = Path::new(FIXTURE_UPSTREAM);
        let mut changes: Vec<FileChange> = self
            .files
            .iter()
            .map(|(path, bytes, _)| write_change(workspace, &fixture.join(path), bytes.clone()))
            .collect();
        let mut kept: Vec<PathBuf> = changes.iter().map(|c| c.path().to_path_buf()).collect();
        kept.push(fixture.join("PROVENANCE.md"));
        for old in files_under(&workspace.join(fixture)) {
            let old = old.strip_prefix(workspace).unwrap_or(&old).to_path_buf();
            if !kept.contains(&old) {
                changes.push(FileChange::Delete { path: old });
            }
        }
        changes.push(write_change(
            workspace,
            &fixture.join("PROVENANCE.md"),
            self.fixture_provenance().into_bytes(),
        ));
        Ok(changes)
    }

    fn fixture_provenance(&self) -> String {
        let mut text = format!(
            "# codegen/tests/fixtures/upstream/: the upstream files spec/incidents.json is imported from\n\n\
             Written by `cargo run -p sentinel-incidents-codegen -- update`, which replaces this folder with the\n\
             files it imported; do not edit. Microsoft's Swagger 2.0 for api-version `{}` from\n\
             [Azure/azure-rest-api-specs](https://github.com/Azure/azure-rest-api-specs) (MIT licence), byte for\n\
             byte, each at its path from `specification/` on so that their relative `$ref`s resolve. Only the files\n\
             that the imported operation(s) {} reach are here.\n\n\
             The tests import them and expect spec/incidents.json byte for byte, and\n\
             `scripts/check-all-operations.sh` imports every operation they resolve.\n\n\
             | file | sha256 |\n|---|---|\n",
            self.api_version,
            self.operations.join(", ")
        );
        for (path, bytes, _) in &self.files {
            let _ = writeln!(text, "| `{}` | `{}` |", path.display(), sha256(bytes));
        }
        text
    }
}

/// Removes the empty folders under `dir`, which deleted files leave.
pub(super) fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten().filter(|e| e.path().is_dir()) {
        remove_empty_dirs(&entry.path());
        // Fails, as it should, when the folder still holds files.
        let _ = std::fs::remove_dir(entry.path());
    }
}

/// Every file under `dir`, sorted; none when it does not exist.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(current) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
