//! Shared by the tests that run the maintainer command or work on copies
//! of the upstream files.
#![allow(dead_code)]

pub mod full_size;

use std::path::Path;
use std::process::{Command, Output};

/// The workspace's own [`Target`](sentinel_incidents_codegen::Target), so
/// that the tests generate what build.rs does.
pub fn target() -> sentinel_incidents_codegen::Target {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let file = sentinel_incidents_codegen::update::TARGET;
    sentinel_incidents_codegen::Target::read(&root.join(file), file).unwrap()
}

/// Runs the maintainer command with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sentinel-incidents-codegen"))
        .args(args)
        .output()
        .unwrap()
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies the directory tree `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
