//! The kinds of API change. How each affects users of this crate is decided
//! in one place, `classification.rs`.

use serde_json::{json, Value};

use super::classification::classification;

/// Whether code that compiles and works against the old spec keeps doing so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// It may no longer compile, or fail at run time where it worked.
    Breaking,
    /// It keeps compiling and working.
    Compatible,
}

impl Impact {
    /// `breaking` or `compatible`, as reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// Whose values a constraint limits, which decides what tightening it breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Values this crate sends: fields of a schema that a request body or
    /// a parameter reaches (in either spec).
    Request,
    /// Values this crate only decodes.
    Response,
}

/// One kind of API change. Each variant says what changed and where
/// (operation, parameter, field, schema, enum); [`ChangeKind::code`] names
/// it for tools and [`ChangeKind::why`] says what it does to users.
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
    ParameterPatternAdded,
    ParameterPatternRemoved,
    ParameterPatternChanged,
    ParameterLengthTightened,
    ParameterLengthLoosened,
    ParameterRangeTightened,
    ParameterRangeLoosened,
    ParameterItemsTightened,
    ParameterItemsLoosened,
    ParameterBecameNullable,
    ParameterBecameNonNullable,
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
    FieldPatternAdded(Role),
    FieldPatternRemoved(Role),
    FieldPatternChanged(Role),
    FieldLengthTightened(Role),
    FieldLengthLoosened(Role),
    FieldRangeTightened(Role),
    FieldRangeLoosened(Role),
    FieldItemsTightened(Role),
    FieldItemsLoosened(Role),
    FieldBecameReadOnly(Role),
    FieldBecameWritable(Role),
    RequiredFieldBecameNullable,
    RequiredFieldBecameNonNullable,
    OptionalFieldBecameNullable,
    OptionalFieldBecameNonNullable,
    EnumValueAdded,
    EnumValueRemoved,
    EnumBecameOpen,
    EnumBecameClosed,
}

/// The field kinds whose impact depends on the [`Role`], without it.
const FIELD_CONSTRAINT_KINDS: [fn(Role) -> ChangeKind; 11] = [
    ChangeKind::FieldPatternAdded,
    ChangeKind::FieldPatternRemoved,
    ChangeKind::FieldPatternChanged,
    ChangeKind::FieldLengthTightened,
    ChangeKind::FieldLengthLoosened,
    ChangeKind::FieldRangeTightened,
    ChangeKind::FieldRangeLoosened,
    ChangeKind::FieldItemsTightened,
    ChangeKind::FieldItemsLoosened,
    ChangeKind::FieldBecameReadOnly,
    ChangeKind::FieldBecameWritable,
];

impl ChangeKind {
    /// Every kind, in the order reports list them.
    pub fn all() -> Vec<ChangeKind> {
        use ChangeKind::*;
        let mut all = vec![
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
            ParameterPatternAdded,
            ParameterPatternRemoved,
            ParameterPatternChanged,
            ParameterLengthTightened,
            ParameterLengthLoosened,
            ParameterRangeTightened,
            ParameterRangeLoosened,
            ParameterItemsTightened,
            ParameterItemsLoosened,
            ParameterBecameNullable,
            ParameterBecameNonNullable,
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
        ];
        for role in [Role::Request, Role::Response] {
            all.extend(FIELD_CONSTRAINT_KINDS.iter().map(|kind| kind(role)));
        }
        all.extend([
            RequiredFieldBecameNullable,
            RequiredFieldBecameNonNullable,
            OptionalFieldBecameNullable,
            OptionalFieldBecameNonNullable,
            EnumValueAdded,
            EnumValueRemoved,
            EnumBecameOpen,
            EnumBecameClosed,
        ]);
        all
    }

    /// The snake_case name tools see.
    pub fn code(self) -> &'static str {
        classification(self).0
    }

    /// Whether the change breaks users of this crate.
    pub fn impact(self) -> Impact {
        classification(self).1
    }

    /// What it does to a user's code, in words.
    pub fn why(self) -> &'static str {
        classification(self).2
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
