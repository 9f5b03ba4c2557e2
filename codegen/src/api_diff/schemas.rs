//! Schemas compared: components by name, then recursively their type and
//! format, enum values, array items and fields.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use super::constraints;
use super::{entry, keys, ChangeKind, Changes, Role};

/// Compares `components/schemas` of the two specs; `sent` names the
/// schemas a request can carry.
pub(super) fn compare_components(
    old: &Value,
    new: &Value,
    sent: &BTreeSet<String>,
    changes: &mut Changes,
) {
    let old = old
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let new = new
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for name in keys(old, new) {
        match (entry(old, name), entry(new, name)) {
            (Some(_), None) => changes.add(ChangeKind::SchemaRemoved, name, None, None),
            (None, Some(_)) => changes.add(ChangeKind::SchemaAdded, name, None, None),
            (Some(old), Some(new)) => {
                let role = match sent.contains(name.as_str()) {
                    true => Role::Request,
                    false => Role::Response,
                };
                compare(name, old, new, role, changes)
            }
            (None, None) => {}
        }
    }
}

/// Compares two versions of the schema at `location` (a component name or
/// a field path such as `IncidentProperties.owner`) in `role`.
fn compare(location: &str, old: &Value, new: &Value, role: Role, changes: &mut Changes) {
    let (before, after) = (Shape::of(old), Shape::of(new));
    if before.type_name != after.type_name {
        let kind = ChangeKind::TypeChanged;
        changes.add(
            kind,
            location,
            Some(before.to_string()),
            Some(after.to_string()),
        );
        return;
    }
    if before.format != after.format {
        let kind = ChangeKind::FormatChanged;
        changes.add(
            kind,
            location,
            Some(before.to_string()),
            Some(after.to_string()),
        );
    }
    for change in constraints::compare(old, new) {
        let kind = change.field_kind(role);
        changes.add(kind, location, Some(change.before), Some(change.after));
    }
    if old.get("enum").is_some() && new.get("enum").is_some() && is_open(old) != is_open(new) {
        let kind = match is_open(new) {
            true => ChangeKind::EnumBecameOpen,
            false => ChangeKind::EnumBecameClosed,
        };
        changes.add(kind, location, None, None);
    }
    let (old_values, new_values) = (enum_values(old), enum_values(new));
    for value in old_values.iter().filter(|v| !new_values.contains(v)) {
        changes.add(
            ChangeKind::EnumValueRemoved,
            location,
            Some(value.clone()),
            None,
        );
    }
    for value in new_values.iter().filter(|v| !old_values.contains(v)) {
        changes.add(
            ChangeKind::EnumValueAdded,
            location,
            None,
            Some(value.clone()),
        );
    }
    if let (Some(old_items), Some(new_items)) = (old.get("items"), new.get("items")) {
        compare(
            &format!("{location}[]"),
            old_items,
            new_items,
            role,
            changes,
        );
    }
    let old_fields = old.get("properties").and_then(Value::as_object);
    let new_fields = new.get("properties").and_then(Value::as_object);
    let (old_required, new_required) = (required_fields(old), required_fields(new));
    for name in keys(old_fields, new_fields) {
        let field = format!("{location}.{name}");
        let required = (
            old_required.contains(name.as_str()),
            new_required.contains(name.as_str()),
        );
        match (entry(old_fields, name), entry(new_fields, name)) {
            (Some(old), None) => changes.add(
                ChangeKind::FieldRemoved,
                &field,
                Some(Shape::of(old).to_string()),
                None,
            ),
            (None, Some(new)) => {
                let kind = match required.1 {
                    true => ChangeKind::RequiredFieldAdded,
                    false => ChangeKind::OptionalFieldAdded,
                };
                changes.add(kind, &field, None, Some(Shape::of(new).to_string()));
            }
            (Some(old), Some(new)) => {
                match required {
                    (false, true) => {
                        changes.add(ChangeKind::FieldBecameRequired, &field, None, None)
                    }
                    (true, false) => {
                        changes.add(ChangeKind::FieldBecameOptional, &field, None, None)
                    }
                    _ => {}
                }
                if flag(old, "nullable") != flag(new, "nullable") {
                    let kind = match (required.1, flag(new, "nullable")) {
                        (true, true) => ChangeKind::RequiredFieldBecameNullable,
                        (true, false) => ChangeKind::RequiredFieldBecameNonNullable,
                        (false, true) => ChangeKind::OptionalFieldBecameNullable,
                        (false, false) => ChangeKind::OptionalFieldBecameNonNullable,
                    };
                    changes.add(kind, &field, None, None);
                }
                if flag(old, "readOnly") != flag(new, "readOnly") {
                    let kind = match flag(new, "readOnly") {
                        true => ChangeKind::FieldBecameReadOnly(role),
                        false => ChangeKind::FieldBecameWritable(role),
                    };
                    changes.add(kind, &field, None, None);
                }
                compare(&field, old, new, role, changes);
            }
            (None, None) => {}
        }
    }
}

/// A schema's type as the diff compares it: the referenced component or
/// the JSON type (`array of X` for arrays), with the format apart, since a
/// format change is reported as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    pub type_name: String,
    pub format: Option<String>,
}

impl Shape {
    /// A shape without format, such as `any` or `no content`.
    pub fn named(type_name: &str) -> Shape {
        Shape {
            type_name: type_name.into(),
            format: None,
        }
    }

    pub fn of(schema: &Value) -> Shape {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return Shape::named(reference.rsplit('/').next().unwrap_or(reference));
        }
        let format = schema
            .get("format")
            .and_then(Value::as_str)
            .map(String::from);
        let type_name = match schema.get("type").and_then(Value::as_str) {
            Some("array") => {
                let items = schema
                    .get("items")
                    .map(Shape::of)
                    .unwrap_or_else(|| Shape::named("any"));
                return Shape {
                    type_name: format!("array of {}", items.type_name),
                    format: items.format,
                };
            }
            Some(json_type) => json_type,
            None if schema.get("properties").is_some() => "object",
            None => "any",
        };
        Shape {
            type_name: type_name.into(),
            format,
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.format {
            Some(format) => write!(f, "{} ({format})", self.type_name),
            None => f.write_str(&self.type_name),
        }
    }
}

/// Whether `schema` has `keyword: true`.
pub(super) fn flag(schema: &Value, keyword: &str) -> bool {
    schema.get(keyword) == Some(&Value::Bool(true))
}

/// Whether an enum is open: Azure may add values (`x-ms-enum.modelAsString`).
fn is_open(schema: &Value) -> bool {
    schema.pointer("/x-ms-enum/modelAsString") == Some(&Value::Bool(true))
}

fn enum_values(schema: &Value) -> Vec<String> {
    let values = schema
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    values
        .map(|v| {
            v.as_str()
                .map(String::from)
                .unwrap_or_else(|| v.to_string())
        })
        .collect()
}

fn required_fields(schema: &Value) -> BTreeSet<&str> {
    let names = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    names.filter_map(Value::as_str).collect()
}
