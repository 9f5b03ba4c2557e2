//! The kinds of API change and how each affects users of this crate. The
//! generated `Client` takes arguments by position and every enum is open
//! (unknown values decode to `UnknownValue`); the classification follows.

use serde_json::{json, Value};

/// Whether code that compiles and works against the old spec keeps doing so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    Breaking,
    Compatible,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// One kind of API change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    OperationPathChanged,
    RequiredParameterAdded,
    OptionalParameterAdded,
    ParameterRemoved,
    ParameterBecameRequired,
    ParameterBecameOptional,
    ParameterTypeChanged,
    ParameterFormatChanged,
    RequestBodyChanged,
    ResponseTypeChanged,
    SchemaAdded,
    SchemaRemoved,
    OptionalFieldAdded,
    RequiredFieldAdded,
    FieldRemoved,
    FieldBecameRequired,
    FieldBecameOptional,
    TypeChanged,
    FormatChanged,
    EnumValueAdded,
    EnumValueRemoved,
}

impl ChangeKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [ChangeKind; 23] = [
        ChangeKind::OperationAdded,
        ChangeKind::OperationRemoved,
        ChangeKind::OperationPathChanged,
        ChangeKind::RequiredParameterAdded,
        ChangeKind::OptionalParameterAdded,
        ChangeKind::ParameterRemoved,
        ChangeKind::ParameterBecameRequired,
        ChangeKind::ParameterBecameOptional,
        ChangeKind::ParameterTypeChanged,
        ChangeKind::ParameterFormatChanged,
        ChangeKind::RequestBodyChanged,
        ChangeKind::ResponseTypeChanged,
        ChangeKind::SchemaAdded,
        ChangeKind::SchemaRemoved,
        ChangeKind::OptionalFieldAdded,
        ChangeKind::RequiredFieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::FieldBecameRequired,
        ChangeKind::FieldBecameOptional,
        ChangeKind::TypeChanged,
        ChangeKind::FormatChanged,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
    ];

    /// The snake_case name tools see.
    pub fn code(self) -> &'static str {
        self.classification().0
    }

    pub fn impact(self) -> Impact {
        self.classification().1
    }

    /// What it does to a user's code, in words.
    pub fn why(self) -> &'static str {
        self.classification().2
    }

    /// The one place that classifies changes: (code, impact, why).
    fn classification(self) -> (&'static str, Impact, &'static str) {
        use ChangeKind::*;
        use Impact::*;
        match self {
            OperationAdded => ("operation_added", Compatible, "a new Client method; existing calls are unchanged"),
            OperationRemoved => ("operation_removed", Breaking, "its Client method disappears"),
            OperationPathChanged => (
                "operation_path_changed",
                Compatible,
                "the method keeps its name and arguments; requests go to the new method and path",
            ),
            RequiredParameterAdded => ("required_parameter_added", Breaking, "the Client method gains an argument"),
            OptionalParameterAdded => (
                "optional_parameter_added",
                Breaking,
                "the Client method takes its arguments by position, so an optional one is a new argument too",
            ),
            ParameterRemoved => ("parameter_removed", Breaking, "the Client method loses an argument"),
            ParameterBecameRequired => ("parameter_became_required", Breaking, "the argument changes from Option<T> to T"),
            ParameterBecameOptional => ("parameter_became_optional", Breaking, "the argument changes from T to Option<T>"),
            ParameterTypeChanged => ("parameter_type_changed", Breaking, "the argument's Rust type changes"),
            ParameterFormatChanged => (
                "parameter_format_changed",
                Breaking,
                "the argument's Rust type follows the format (e.g. String to Uuid)",
            ),
            RequestBodyChanged => ("request_body_changed", Breaking, "the body argument appears, disappears or changes type"),
            ResponseTypeChanged => ("response_type_changed", Breaking, "the method returns or fails with a different type"),
            SchemaAdded => ("schema_added", Compatible, "a new type"),
            SchemaRemoved => ("schema_removed", Breaking, "a type disappears"),
            OptionalFieldAdded => (
                "optional_field_added",
                Compatible,
                "a new Option field; payloads with and without it decode",
            ),
            RequiredFieldAdded => (
                "required_field_added",
                Breaking,
                "a new non-Option field; payloads without it no longer decode",
            ),
            FieldRemoved => ("field_removed", Breaking, "code that reads the field no longer compiles"),
            FieldBecameRequired => (
                "field_became_required",
                Breaking,
                "the field changes from Option<T> to T; payloads without it no longer decode",
            ),
            FieldBecameOptional => ("field_became_optional", Breaking, "the field changes from T to Option<T>"),
            TypeChanged => ("type_changed", Breaking, "the Rust type changes"),
            FormatChanged => (
                "format_changed",
                Breaking,
                "the Rust type follows the format (e.g. i32 to i64, String to DateTime)",
            ),
            EnumValueAdded => (
                "enum_value_added",
                Compatible,
                "enums are open: the value decoded to UnknownValue before and has its own variant now",
            ),
            EnumValueRemoved => ("enum_value_removed", Breaking, "its variant disappears"),
        }
    }
}

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
