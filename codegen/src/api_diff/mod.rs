//! `diff`: the API changes between two OpenAPI 3.0 specs (as under `spec/`),
//! each classified for users of this crate (`classification.rs`).
//!
//! It compares operations by operationId, with their parameters (and their
//! constraints), request body and response types (`operations.rs`), and
//! component schemas by name, with their fields, types, formats, `required`
//! lists, constraints, `readOnly`, nullability and enum values and openness
//! (`schemas.rs`, `constraints.rs`). A renamed schema shows as one removed
//! and one added. A field's constraint changes are classified by its
//! [`Role`]: whether a request can carry it. Changed descriptions are
//! listed apart, as documentation-only changes (`docs.rs`).

mod change;
mod classification;
mod constraints;
mod docs;
mod operations;
mod schemas;

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

pub use self::change::ApiChange;
pub use self::classification::{ChangeKind, Impact, Role};
pub use self::docs::DocChange;
use crate::error::{parse_json, CodegenError};
use crate::validate;
use crate::SpecSource;

/// The changes from one spec to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// Operations first, then schemas, each sorted by name.
    pub changes: Vec<ApiChange>,
    /// Descriptions that changed: documentation only, no API change, in the same order.
    pub docs: Vec<DocChange>,
}

/// The API changes from `old` to `new`.
pub fn diff(old: &SpecSource, new: &SpecSource) -> Result<ApiDiff, CodegenError> {
    let (old, new) = (parse(old)?, parse(new)?);
    let mut changes = Changes::default();
    operations::compare(&old, &new, &mut changes);
    let mut sent = operations::request_schemas(&old);
    sent.extend(operations::request_schemas(&new));
    schemas::compare_components(&old, &new, &sent, &mut changes);
    let docs = docs::compare(&old, &new);
    Ok(ApiDiff {
        changes: changes.0,
        docs,
    })
}

impl ApiDiff {
    /// Whether any change breaks users of this crate.
    pub fn has_breaking(&self) -> bool {
        self.count(Impact::Breaking) > 0
    }

    /// How many changes have `impact`.
    pub fn count(&self, impact: Impact) -> usize {
        self.with_impact(impact).count()
    }

    /// The changes of one class, in report order.
    fn with_impact(&self, impact: Impact) -> impl Iterator<Item = &ApiChange> {
        self.changes.iter().filter(move |c| c.impact() == impact)
    }

    /// The report for people: breaking changes first, each with why.
    pub fn to_text(&self, old_name: &str, new_name: &str) -> String {
        self.api_text(old_name, new_name) + &self.docs_text()
    }

    /// The API changes of [`ApiDiff::to_text`].
    fn api_text(&self, old_name: &str, new_name: &str) -> String {
        if self.changes.is_empty() {
            return format!("no API changes from {old_name} to {new_name}\n");
        }
        let mut out = format!(
            "API changes from {old_name} to {new_name}: {} breaking, {} compatible\n",
            self.count(Impact::Breaking),
            self.count(Impact::Compatible)
        );
        for impact in [Impact::Breaking, Impact::Compatible] {
            let mut changes = self.with_impact(impact).peekable();
            if changes.peek().is_some() {
                out += &format!("\n{}:\n", impact.as_str());
            }
            for change in changes {
                out += &format!("  - {}\n      {}\n", change.summary(), change.kind.why());
            }
        }
        out
    }

    /// How many descriptions changed, and where: documentation only.
    fn docs_text(&self) -> String {
        if self.docs.is_empty() {
            return String::new();
        }
        let mut out = format!(
            "\n{} description(s) changed (documentation only, no API change):\n",
            self.docs.len()
        );
        for doc in &self.docs {
            out += &format!("  - {}\n", doc.location);
        }
        out
    }

    /// A changelog section for people: a heading naming both specs, then
    /// `### Breaking` and `### Compatible` lists, each change with why, and
    /// `### Documentation only` with each changed description.
    pub fn to_markdown(&self, old_name: &str, new_name: &str) -> String {
        let mut out = self.api_markdown(old_name, new_name);
        if !self.docs.is_empty() {
            out += &format!(
                "\n### Documentation only\n\n{} description(s) changed; the API did not.\n\n",
                self.docs.len()
            );
            for doc in &self.docs {
                out += &format!("- {}\n", doc.markdown());
            }
        }
        out
    }

    /// The API changes of [`ApiDiff::to_markdown`].
    fn api_markdown(&self, old_name: &str, new_name: &str) -> String {
        let mut out = format!("## API changes from {old_name} to {new_name}\n");
        if self.changes.is_empty() {
            return out + "\nNo API changes.\n";
        }
        for (impact, heading) in [
            (Impact::Breaking, "Breaking"),
            (Impact::Compatible, "Compatible"),
        ] {
            let mut changes = self.with_impact(impact).peekable();
            if changes.peek().is_some() {
                out += &format!("\n### {heading}\n\n");
            }
            for change in changes {
                out += &format!("- {} ({})\n", change.markdown(), change.kind.why());
            }
        }
        out
    }

    /// The report for tools.
    pub fn to_json(&self, old_name: &str, new_name: &str) -> Value {
        json!({
            "old": old_name,
            "new": new_name,
            "breaking": self.count(Impact::Breaking),
            "compatible": self.count(Impact::Compatible),
            "changes": self.changes.iter().map(ApiChange::to_json).collect::<Vec<_>>(),
            "docs_changed": self.docs.len(),
            "docs": self.docs.iter().map(DocChange::to_json).collect::<Vec<_>>(),
        })
    }
}

fn parse(spec: &SpecSource) -> Result<Value, CodegenError> {
    let file = spec.name();
    let doc = parse_json(&spec.text, file)?;
    validate::version(&doc, file)?;
    if !doc.get("paths").is_some_and(Value::is_object) {
        return Err(CodegenError::new(file, "/paths", "missing `paths` object"));
    }
    Ok(doc)
}

/// The changes found so far, in the order found.
#[derive(Default)]
struct Changes(Vec<ApiChange>);

impl Changes {
    fn add(
        &mut self,
        kind: ChangeKind,
        location: &str,
        before: Option<String>,
        after: Option<String>,
    ) {
        let location = location.to_string();
        self.0.push(ApiChange {
            kind,
            location,
            before,
            after,
        });
    }
}

/// The keys of both maps (absent ones are empty), sorted.
fn keys<'a>(
    old: Option<&'a Map<String, Value>>,
    new: Option<&'a Map<String, Value>>,
) -> BTreeSet<&'a String> {
    old.into_iter().chain(new).flat_map(Map::keys).collect()
}

/// The value of `key` in `map`, if both exist.
fn entry<'a>(map: Option<&'a Map<String, Value>>, key: &str) -> Option<&'a Value> {
    map?.get(key)
}
