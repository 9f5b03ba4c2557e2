//! Operations compared by operationId: their method and path, parameters
//! (by location and name), request body and response types.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::constraints;
use super::schemas::{flag, Shape};
use super::{ChangeKind, Changes};
use crate::validate::{resolve, METHODS};

/// An operation, as far as the diff compares it.
struct Operation<'a> {
    method_and_path: String,
    /// By `(in, name)`, references resolved.
    parameters: BTreeMap<(String, String), &'a Value>,
    body: Option<Shape>,
    /// The first 2XX response's type.
    success: Option<Shape>,
    /// The `default`, 4XX or 5XX response's type.
    error: Option<Shape>,
}

pub(super) fn compare(old: &Value, new: &Value, changes: &mut Changes) {
    let (old_ops, new_ops) = (index(old), index(new));
    let ids: BTreeSet<&String> = old_ops.keys().chain(new_ops.keys()).collect();
    for id in ids {
        let (old, new) = match (old_ops.get(id), new_ops.get(id)) {
            (Some(old), Some(new)) => (old, new),
            (Some(old), None) => {
                changes.add(
                    ChangeKind::OperationRemoved,
                    id,
                    Some(old.method_and_path.clone()),
                    None,
                );
                continue;
            }
            (None, Some(new)) => {
                changes.add(
                    ChangeKind::OperationAdded,
                    id,
                    None,
                    Some(new.method_and_path.clone()),
                );
                continue;
            }
            (None, None) => continue,
        };
        if old.method_and_path != new.method_and_path {
            let (before, after) = (old.method_and_path.clone(), new.method_and_path.clone());
            changes.add(
                ChangeKind::OperationPathChanged,
                id,
                Some(before),
                Some(after),
            );
        }
        let keys: BTreeSet<&(String, String)> =
            old.parameters.keys().chain(new.parameters.keys()).collect();
        for key in keys {
            let location = format!("{id} parameter {} ({})", key.1, key.0);
            parameter(
                &location,
                old.parameters.get(key).copied(),
                new.parameters.get(key).copied(),
                changes,
            );
        }
        for (what, old, new, kind) in [
            (
                "request body",
                &old.body,
                &new.body,
                ChangeKind::RequestBodyChanged,
            ),
            (
                "response",
                &old.success,
                &new.success,
                ChangeKind::ResponseTypeChanged,
            ),
            (
                "error response",
                &old.error,
                &new.error,
                ChangeKind::ResponseTypeChanged,
            ),
        ] {
            if old != new {
                let (before, after) = (
                    old.as_ref().map(Shape::to_string),
                    new.as_ref().map(Shape::to_string),
                );
                changes.add(kind, &format!("{id} {what}"), before, after);
            }
        }
    }
}

fn parameter(location: &str, old: Option<&Value>, new: Option<&Value>, changes: &mut Changes) {
    let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
    let shape = |p: &Value| {
        p.get("schema")
            .map(Shape::of)
            .unwrap_or_else(|| Shape::named("any"))
    };
    match (old, new) {
        (Some(old), None) => changes.add(
            ChangeKind::ParameterRemoved,
            location,
            Some(shape(old).to_string()),
            None,
        ),
        (None, Some(new)) => {
            let kind = match required(new) {
                true => ChangeKind::RequiredParameterAdded,
                false => ChangeKind::OptionalParameterAdded,
            };
            changes.add(kind, location, None, Some(shape(new).to_string()));
        }
        (Some(old), Some(new)) => {
            match (required(old), required(new)) {
                (false, true) => {
                    changes.add(ChangeKind::ParameterBecameRequired, location, None, None)
                }
                (true, false) => {
                    changes.add(ChangeKind::ParameterBecameOptional, location, None, None)
                }
                _ => {}
            }
            let schema = |p: &'_ Value| p.get("schema").cloned().unwrap_or_default();
            let (old_schema, new_schema) = (schema(old), schema(new));
            for change in constraints::compare(&old_schema, &new_schema) {
                let kind = change.parameter_kind();
                changes.add(kind, location, Some(change.before), Some(change.after));
            }
            let nullable = |s: &Value| flag(s, "nullable");
            if required(new) && nullable(&old_schema) != nullable(&new_schema) {
                let kind = match nullable(&new_schema) {
                    true => ChangeKind::ParameterBecameNullable,
                    false => ChangeKind::ParameterBecameNonNullable,
                };
                changes.add(kind, location, None, None);
            }
            let (before, after) = (shape(old), shape(new));
            if before != after {
                let kind = match before.type_name == after.type_name {
                    true => ChangeKind::ParameterFormatChanged,
                    false => ChangeKind::ParameterTypeChanged,
                };
                changes.add(
                    kind,
                    location,
                    Some(before.to_string()),
                    Some(after.to_string()),
                );
            }
        }
        (None, None) => {}
    }
}

/// The component schemas a request can carry: those that parameters and
/// request bodies refer to, and those these refer to in turn.
pub(super) fn request_schemas(doc: &Value) -> BTreeSet<String> {
    let mut roots = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        let operations = METHODS.iter().filter_map(|m| item.get(m));
        for holder in std::iter::once(item).chain(operations) {
            let parameters = holder.get("parameters").and_then(Value::as_array);
            for param in parameters.into_iter().flatten() {
                roots.push(resolve(doc, param).get("schema"));
            }
            roots.push(holder.get("requestBody").map(|b| resolve(doc, b)));
        }
    }
    let mut reached = BTreeSet::new();
    let mut queue: Vec<&Value> = roots.into_iter().flatten().collect();
    while let Some(value) = queue.pop() {
        match value {
            Value::Object(map) => {
                let name = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"));
                if let Some(name) = name {
                    if reached.insert(name.to_string()) {
                        queue.extend(doc.pointer(&format!("/components/schemas/{name}")));
                    }
                }
                queue.extend(map.values());
            }
            Value::Array(items) => queue.extend(items),
            _ => {}
        }
    }
    reached
}

/// The operations of `doc` by operationId, with their path item's parameters.
fn index(doc: &Value) -> BTreeMap<String, Operation<'_>> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let mut parameters = BTreeMap::new();
            let lists = [item.get("parameters"), op.get("parameters")];
            for param in lists
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
            {
                let param = resolve(doc, param);
                let text = |key: &str| {
                    param
                        .get(key)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                parameters.insert((text("in"), text("name")), param);
            }
            let responses = op.get("responses").and_then(Value::as_object);
            let response = |wanted: fn(&str) -> bool| {
                let (_, response) = responses?.iter().find(|(code, _)| wanted(code))?;
                Some(content_shape(resolve(doc, response)))
            };
            let operation = Operation {
                method_and_path: format!("{} {path}", method.to_uppercase()),
                parameters,
                body: op
                    .get("requestBody")
                    .map(|body| content_shape(resolve(doc, body))),
                success: response(|code| code.starts_with('2')),
                error: response(|code| {
                    code == "default" || code.starts_with('4') || code.starts_with('5')
                }),
            };
            out.insert(id.to_string(), operation);
        }
    }
    out
}

/// The type of a request body or response: its JSON schema's, or `no content`.
fn content_shape(with_content: &Value) -> Shape {
    let content = with_content.get("content").and_then(Value::as_object);
    let schema = content.and_then(|c| {
        c.get("application/json")
            .or_else(|| c.values().next())?
            .get("schema")
    });
    schema
        .map(Shape::of)
        .unwrap_or_else(|| Shape::named("no content"))
}
