//! Shared by the tests that run the maintainer command.
#![allow(dead_code)]

use std::process::{Command, Output};

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
