//! Transforms of the spec that this API needs before progenitor and typify see
//! it. Each answers one upstream quirk or one generator limitation, named in
//! its comment; none changes what the API means on the wire.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::error::{child, CodegenError};
use crate::schema_keywords::is_constraint;
use crate::validate::{resolve, METHODS};

/// Applies every transform, in order, and returns the field docs that
/// `output.rs` adds after generation.
pub(crate) fn apply(doc: &mut Value, file: &str) -> Result<FieldDocs, CodegenError> {
    let field_docs = ref_sibling_descriptions(doc);
    hoist_inline_open_enums(doc, file)?;
    map_default_response_to_error_ranges(doc);
    preserve_unknown_properties(doc);
    unchecked_body_constraints(doc);
    nullable_optional_arrays(doc);
    reject_dot_segment_path_params(doc);
    Ok(field_docs)
}

/// Docs for generated struct fields: `(component schema, property)` → text.
pub(crate) type FieldDocs = BTreeMap<(String, String), String>;

/// Upstream documents many fields next to their `$ref` (`Incident.properties`,
/// `IncidentProperties.severity`, `.owner`, …), and the spec keeps that
/// `description`. OpenAPI 3.0 ignores `$ref` siblings, so typify would drop
/// it and the generated field would have no docs. Every such description is
/// taken off its `$ref` here; those on a property of a component schema are
/// returned, for `output.rs` to put on the generated field. (A `$ref`
/// property of a nested inline object has a typify-chosen struct name, so
/// its description is dropped; the spec has none.)
pub(crate) fn ref_sibling_descriptions(doc: &mut Value) -> FieldDocs {
    fn strip(node: &mut Value, path: &mut Vec<String>, docs: &mut FieldDocs) {
        match node {
            Value::Object(map) => {
                if map.contains_key("$ref") {
                    if let Some(Value::String(text)) = map.remove("description") {
                        if let [c, s, schema, p, property] = path.as_slice() {
                            if c == "components" && s == "schemas" && p == "properties" {
                                docs.insert((schema.clone(), property.clone()), text);
                            }
                        }
                    }
                }
                for (key, value) in map.iter_mut() {
                    path.push(key.clone());
                    strip(value, path, docs);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    strip(item, path, docs);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut docs = FieldDocs::new();
    strip(doc, &mut Vec::new(), &mut docs);
    docs
}

/// Autorest specs declare most open enums inline on a property and name them
/// with `x-ms-enum.name`; the SDKs share one type per name. Move each inline
/// open enum to `components/schemas/{name}` and point the property at it, so
/// it gets one open-enum type instead of a closed, property-named one.
pub(crate) fn hoist_inline_open_enums(doc: &mut Value, file: &str) -> Result<(), CodegenError> {
    let mut hoisted: Vec<(String, String, Value)> = Vec::new();
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            let ptr = child("/components/schemas", name);
            for_each_subschema(schema, &ptr, &mut |sub, ptr| {
                if is_open_enum(sub) {
                    let enum_name = sub
                        .pointer("/x-ms-enum/name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    let taken = std::mem::replace(
                        sub,
                        json!({ "$ref": format!("#/components/schemas/{enum_name}") }),
                    );
                    hoisted.push((enum_name, ptr.to_string(), taken));
                }
            });
        }
    }
    for (name, ptr, schema) in hoisted {
        if name.is_empty() {
            return Err(CodegenError::new(
                file,
                ptr,
                "inline open enum has no `x-ms-enum.name` to name its type",
            ));
        }
        let schemas = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
            .expect("hoisting only happens under components/schemas");
        match schemas.get(&name) {
            Some(existing) if same_enum(existing, &schema) => {}
            Some(_) => {
                return Err(CodegenError::new(
                    file,
                    ptr,
                    format!("inline enum `{name}` differs from components/schemas/{name}"),
                ))
            }
            None => {
                schemas.insert(name, schema);
            }
        }
    }
    Ok(())
}

/// ARM operations declare every error as one `default` response with a
/// CloudError body. progenitor 0.15.1 counts `default` among the success
/// types and panics (`response_types.len() <= 1`) when its schema differs
/// from the 200 one. ARM never answers success through `default`, so it
/// means exactly the 4XX and 5XX ranges.
pub(crate) fn map_default_response_to_error_ranges(doc: &mut Value) {
    for_each_operation(doc, |op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        if let Some(default) = responses.remove("default") {
            for range in ["4XX", "5XX"] {
                responses.entry(range).or_insert_with(|| default.clone());
            }
        }
    });
}

/// Azure adds properties to resources without a new api-version (incidents
/// carry `additionalData.techniques`, which the spec does not list). typify
/// ignores unknown fields unless `additionalProperties` is an explicit schema,
/// so decode-then-encode would drop them. `{}` makes typify keep them in a
/// flattened `extra` map at every object level.
pub(crate) fn preserve_unknown_properties(doc: &mut Value) {
    for_each_component_schema(doc, |schema| {
        let is_object = schema.get("properties").is_some()
            || schema.get("type").and_then(Value::as_str) == Some("object");
        if is_object && schema.get("enum").is_none() {
            if let Some(map) = schema.as_object_mut() {
                map.entry("additionalProperties")
                    .or_insert_with(|| json!({}));
            }
        }
    });
}

/// typify turns constraint keywords into checks on decode: a string field
/// with a `pattern` or length bounds becomes a newtype that checks them, and
/// a bounded integer a narrower type (`minimum: 1` makes a `NonZeroU32`). Decoding here
/// is tolerant (open enums, unknown fields kept): a response Azure sends must
/// decode even when a value breaks a constraint a newer api-version added,
/// and a field's Rust type must not change when upstream tightens one. The
/// service validates what it receives. So constraints are removed from every
/// component schema (the spec keeps them, and `diff` reports their changes);
/// parameters keep theirs and are checked before a request is sent.
pub(crate) fn unchecked_body_constraints(doc: &mut Value) {
    for_each_component_schema(doc, |schema| {
        if let Some(map) = schema.as_object_mut() {
            map.retain(|key, _| !is_constraint(key));
        }
    });
}

/// typify types an optional array as `Vec<T>` with `skip_serializing_if =
/// "Vec::is_empty"`: an explicit `[]` (the sample's `"labels": []`) is not
/// written back, and an explicit `null` fails to decode. A nullable optional
/// array becomes `Option<Vec<T>>`, which keeps absent, `null` and `[]` apart
/// on decode and writes `[]` back.
pub(crate) fn nullable_optional_arrays(doc: &mut Value) {
    for_each_component_schema(doc, |schema| {
        let required: Vec<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        for (name, property) in properties.iter_mut() {
            let is_array = property.get("type").and_then(Value::as_str) == Some("array");
            if is_array && !required.contains(name) {
                property["nullable"] = Value::Bool(true);
            }
        }
    });
}

/// Path parameters are percent-encoded, but `.` is an unreserved character:
/// an id of `..` or `.` goes out as is and the URL parser resolves it, so
/// `incidents/..` silently addresses `Microsoft.SecurityInsights/` instead.
/// Every string path parameter gets a pattern that refuses empty, `.` and
/// `..`, combined with any pattern it already has; the generated parameter
/// types then reject such values before a request is built.
pub(crate) fn reject_dot_segment_path_params(doc: &mut Value) {
    const NO_DOT_SEGMENT: &str = r"^(?!\.\.?$)";
    let snapshot = doc.clone();
    for_each_operation(doc, |op| {
        let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
            return;
        };
        for param in params.iter_mut() {
            if resolve(&snapshot, param).get("in").and_then(Value::as_str) != Some("path") {
                continue;
            }
            let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) else {
                continue;
            };
            let is_plain_string = schema.get("type").and_then(Value::as_str) == Some("string")
                && schema.get("format").is_none();
            if !is_plain_string {
                continue;
            }
            let pattern = match schema.get("pattern").and_then(Value::as_str) {
                Some(existing) => format!("{NO_DOT_SEGMENT}(?:{existing})"),
                // One character, not `+$`: the regex only has to find a match,
                // and a scan to the end would cost every call its id's length.
                None => format!("{NO_DOT_SEGMENT}[\\s\\S]"),
            };
            schema.insert("pattern".into(), Value::String(pattern));
        }
    });
}

/// An enum Azure may extend without a new api-version: `x-ms-enum` with
/// `modelAsString: true`.
pub(crate) fn is_open_enum(schema: &Value) -> bool {
    schema.get("enum").is_some()
        && schema
            .pointer("/x-ms-enum/modelAsString")
            .and_then(Value::as_bool)
            == Some(true)
}

fn same_enum(a: &Value, b: &Value) -> bool {
    a.get("enum") == b.get("enum")
}

/// Calls `f` on every operation object under `/paths`.
fn for_each_operation(doc: &mut Value, mut f: impl FnMut(&mut Map<String, Value>)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in METHODS {
            if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                f(op);
            }
        }
    }
}

/// Calls `f` on every schema under `/components/schemas`, nested ones included.
fn for_each_component_schema(doc: &mut Value, mut f: impl FnMut(&mut Value)) {
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            f(schema);
            let ptr = child("/components/schemas", name);
            for_each_subschema(schema, &ptr, &mut |sub, _| f(sub));
        }
    }
}

/// Calls `f` on every schema nested in `schema` (not on `schema` itself),
/// parents before children, with its JSON pointer.
fn for_each_subschema(schema: &mut Value, ptr: &str, f: &mut dyn FnMut(&mut Value, &str)) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    let visit = |sub: &mut Value, ptr: String, f: &mut dyn FnMut(&mut Value, &str)| {
        f(sub, &ptr);
        for_each_subschema(sub, &ptr, f);
    };
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        let base = child(ptr, "properties");
        for (name, sub) in props.iter_mut() {
            visit(sub, child(&base, name), f);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = map.get_mut(key).filter(|s| s.is_object()) {
            visit(sub, child(ptr, key), f);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            let base = child(ptr, key);
            for (i, sub) in list.iter_mut().enumerate() {
                visit(sub, child(&base, &i.to_string()), f);
            }
        }
    }
}
