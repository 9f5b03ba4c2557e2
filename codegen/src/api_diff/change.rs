//! One API change found between two specs, and how reports write it. Its
//! kind's code, impact and why come from the table in `classification.rs`.

use serde_json::{json, Value};

use super::classification::{ChangeKind, Impact};

/// One change between two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    pub kind: ChangeKind,
    /// What changed: `Incidents_Get`, `Incidents_Get parameter incidentId`,
    /// `IncidentProperties.title`, `IncidentSeverity`.
    pub location: String,
    /// The old type or value, when there was one.
    pub before: Option<String>,
    /// The new type or value, when there is one.
    pub after: Option<String>,
}

impl ApiChange {
    /// Whether it breaks users of this crate.
    pub fn impact(&self) -> Impact {
        self.kind.impact()
    }

    /// The change as a line of text: kind, location and `before → after`.
    pub fn summary(&self) -> String {
        let label = self.kind.code().replace('_', " ");
        match (&self.before, &self.after) {
            (Some(before), Some(after)) => {
                format!("{label}: {}: {before} → {after}", self.location)
            }
            (Some(before), None) => format!("{label}: {} (was {before})", self.location),
            (None, Some(after)) => format!("{label}: {} ({after})", self.location),
            (None, None) => format!("{label}: {}", self.location),
        }
    }

    /// The change as a Markdown list item's text: kind, then location and
    /// values as code.
    pub fn markdown(&self) -> String {
        let label = self.kind.code().replace('_', " ");
        let code = |text: &str| format!("`{}`", text.replace('`', "'"));
        let location = code(&self.location);
        match (&self.before, &self.after) {
            (Some(before), Some(after)) => {
                format!("{label}: {location}: {} → {}", code(before), code(after))
            }
            (Some(before), None) => format!("{label}: {location} (was {})", code(before)),
            (None, Some(after)) => format!("{label}: {location} ({})", code(after)),
            (None, None) => format!("{label}: {location}"),
        }
    }

    /// The change for tools: kind, impact, location, values and why.
    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind.code(),
            "impact": self.impact().as_str(),
            "location": self.location,
            "before": self.before,
            "after": self.after,
            "why": self.kind.why(),
        })
    }
}
