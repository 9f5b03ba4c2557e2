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

/// `text` parsed as JSON, or an error naming `file` and the line and column
/// where the JSON breaks.
pub(crate) fn parse_json(text: &str, file: &str) -> Result<serde_json::Value, CodegenError> {
    serde_json::from_str(text).map_err(|e| {
        CodegenError::new(
            file,
            "",
            format!(
                "malformed JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    })
}

/// The JSON file at `path`, parsed, with errors naming it.
#[cfg(feature = "maintainer")]
pub(crate) fn read_json(path: &std::path::Path) -> Result<serde_json::Value, CodegenError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CodegenError::new(&name, "", format!("cannot read {name}: {e}")))?;
    parse_json(&text, &name)
}

/// Escapes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub(crate) fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Appends `segment` to `pointer`.
pub(crate) fn child(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape_segment(segment))
}
