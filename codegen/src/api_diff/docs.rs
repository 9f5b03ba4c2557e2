//! Documentation-only changes: descriptions (and operation summaries) that
//! changed where the API did not. The generated code carries them as doc
//! comments, so a maintainer should see what users will read, apart from
//! the API changes.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{entry, keys};
use crate::validate::{resolve, METHODS};

/// A description that changed, was added or was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocChange {
    /// Where: `Incidents_Get`, `Incidents_Get parameter incidentId (path)`,
    /// `Incidents_Get response 200`, `IncidentProperties.title`,
    /// `IncidentProperties.labels[]`, `IncidentSeverity value High`.
    pub location: String,
    /// The old text, when there was one.
    pub before: Option<String>,
    /// The new text, when there is one.
    pub after: Option<String>,
}

impl DocChange {
    /// The change for tools.
    pub fn to_json(&self) -> Value {
        json!({ "location": self.location, "before": self.before, "after": self.after })
    }

    /// A Markdown list item's text: the location, then both texts quoted.
    pub fn markdown(&self) -> String {
        let quote = |text: &Option<String>| match text {
            Some(text) => format!("“{}”", text.replace('\n', " ")),
            None => "none".into(),
        };
        format!(
            "`{}`: {} → {}",
            self.location,
            quote(&self.before),
            quote(&self.after)
        )
    }
}

/// The description changes from `old` to `new`, operations first, then
/// component schemas, each sorted by name.
pub(super) fn compare(old: &Value, new: &Value) -> Vec<DocChange> {
    let mut changes = Vec::new();
    let (old_ops, new_ops) = (operations(old), operations(new));
    for (id, old_op) in &old_ops {
        let Some(new_op) = new_ops.get(id) else {
            continue;
        };
        for key in ["summary", "description"] {
            text(
                &mut changes,
                id,
                old_op.operation.get(key),
                new_op.operation.get(key),
            );
        }
        for (key, old_param) in &old_op.parameters {
            if let Some(new_param) = new_op.parameters.get(key) {
                let at = format!("{id} parameter {} ({})", key.1, key.0);
                text(
                    &mut changes,
                    &at,
                    old_param.get("description"),
                    new_param.get("description"),
                );
            }
        }
        let responses = |op: &Value| op.get("responses").and_then(Value::as_object).cloned();
        let (old_responses, new_responses) =
            (responses(old_op.operation), responses(new_op.operation));
        for code in keys(old_responses.as_ref(), new_responses.as_ref()) {
            let (Some(a), Some(b)) = (
                entry(old_responses.as_ref(), code),
                entry(new_responses.as_ref(), code),
            ) else {
                continue;
            };
            let at = format!("{id} response {code}");
            let (a, b) = (resolve(old, a), resolve(new, b));
            text(
                &mut changes,
                &at,
                a.get("description"),
                b.get("description"),
            );
        }
    }
    let schemas = |doc: &Value| {
        doc.pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
    };
    let (old_schemas, new_schemas) = (schemas(old), schemas(new));
    for name in keys(old_schemas.as_ref(), new_schemas.as_ref()) {
        if let (Some(a), Some(b)) = (
            entry(old_schemas.as_ref(), name),
            entry(new_schemas.as_ref(), name),
        ) {
            schema(&mut changes, name, a, b);
        }
    }
    changes
}

/// The description changes of one schema, its enum values, items and fields.
fn schema(changes: &mut Vec<DocChange>, at: &str, old: &Value, new: &Value) {
    text(changes, at, old.get("description"), new.get("description"));
    let values = |s: &Value| -> BTreeMap<String, Value> {
        let list = s.pointer("/x-ms-enum/values").and_then(Value::as_array);
        let entries = list.into_iter().flatten();
        entries
            .filter_map(|v| Some((v.get("value")?.as_str()?.to_string(), v.clone())))
            .collect()
    };
    let (old_values, new_values) = (values(old), values(new));
    for (value, a) in &old_values {
        if let Some(b) = new_values.get(value) {
            let at = format!("{at} value {value}");
            text(changes, &at, a.get("description"), b.get("description"));
        }
    }
    if let (Some(a), Some(b)) = (old.get("items"), new.get("items")) {
        schema(changes, &format!("{at}[]"), a, b);
    }
    let fields = |s: &Value| s.get("properties").and_then(Value::as_object).cloned();
    let (old_fields, new_fields): (Option<Map<String, Value>>, _) = (fields(old), fields(new));
    for name in keys(old_fields.as_ref(), new_fields.as_ref()) {
        if let (Some(a), Some(b)) = (
            entry(old_fields.as_ref(), name),
            entry(new_fields.as_ref(), name),
        ) {
            schema(changes, &format!("{at}.{name}"), a, b);
        }
    }
}

/// Records the change of one text, if it changed.
fn text(changes: &mut Vec<DocChange>, at: &str, old: Option<&Value>, new: Option<&Value>) {
    let as_text = |v: Option<&Value>| v.and_then(Value::as_str).map(String::from);
    let (before, after) = (as_text(old), as_text(new));
    if before != after {
        changes.push(DocChange {
            location: at.to_string(),
            before,
            after,
        });
    }
}

/// An operation and its parameters (the path item's too) by `(in, name)`.
struct Operation<'a> {
    operation: &'a Value,
    parameters: BTreeMap<(String, String), &'a Value>,
}

/// The operations of `doc` by operationId.
fn operations(doc: &Value) -> BTreeMap<String, Operation<'_>> {
    let mut out = BTreeMap::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let lists = [item.get("parameters"), op.get("parameters")];
            let params = lists
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten();
            let parameters = params
                .map(|p| resolve(doc, p))
                .map(|p| {
                    let text = |key: &str| {
                        p.get(key)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    ((text("in"), text("name")), p)
                })
                .collect();
            out.insert(
                id.to_string(),
                Operation {
                    operation: op,
                    parameters,
                },
            );
        }
    }
    out
}
