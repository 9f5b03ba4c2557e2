//! The one error type of the generator: every failure names the spec file and
//! the JSON pointer of the construct that caused it, so a maintainer can jump
//! straight to it.

use std::fmt;

/// A spec the generator cannot turn into Rust, and where in the spec the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodegenError {
    file: String,
    pointer: String,
    message: String,
}

impl CodegenError {
    /// An error at `pointer` (an RFC 6901 JSON pointer, `""` for the document root) of `file`.
    pub fn new(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// The spec file, as it was named to the generator.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The JSON pointer of the offending construct (`""` is the whole document).
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// What is wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, "{}: at {}: {}", self.file, pointer, self.message)
    }
}

impl std::error::Error for CodegenError {}

/// Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub(crate) fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends `segment` to `pointer`.
pub(crate) fn child(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_segment(segment))
}
