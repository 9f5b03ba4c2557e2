//! Checks a spec before progenitor sees it. progenitor reports some problems
//! without saying where they are and panics on others; these checks catch the
//! ones we know of first, each with the JSON pointer of the offending construct.

use serde_json::Value;

use crate::error::{child, CodegenError};

/// The HTTP methods an OpenAPI path item may hold.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Runs every check on the raw document.
pub(crate) fn document(doc: &Value, file: &str) -> Result<(), CodegenError> {
    version(doc, file)?;
    references(doc, doc, "", file)?;
    operations(doc, file)
}

/// progenitor 0.15 reads OpenAPI 3.0.x only; name what was found instead.
pub(crate) fn version(doc: &Value, file: &str) -> Result<(), CodegenError> {
    let err = |pointer: &str, message: String| Err(CodegenError::new(file, pointer, message));
    if !doc.is_object() {
        return err("", "the spec must be a JSON object".into());
    }
    if let Some(swagger) = doc.get("swagger") {
        return err(
            "/swagger",
            format!(
                "Swagger {swagger} is not supported: convert it to OpenAPI 3.0.x \
                 (`cargo run -p sentinel-incidents-codegen -- import`)"
            ),
        );
    }
    match doc.get("openapi") {
        None => err("", "missing `openapi` version field".into()),
        Some(Value::String(v)) if v.starts_with("3.0.") => Ok(()),
        Some(Value::String(v)) => err(
            "/openapi",
            format!("OpenAPI {v} is not supported: progenitor 0.15 reads OpenAPI 3.0.x only"),
        ),
        Some(other) => err(
            "/openapi",
            format!("`openapi` must be a string, found {other}"),
        ),
    }
}

/// Every `$ref` must be internal, must resolve, and must stand alone but for
/// a `description`: OpenAPI 3.0 ignores the siblings of a `$ref`, so a
/// `readOnly` or `type` next to one would be silently lost. A description is
/// kept, as the docs of the field (transforms.rs, `ref_sibling_descriptions`).
fn references(doc: &Value, node: &Value, pointer: &str, file: &str) -> Result<(), CodegenError> {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let at = child(pointer, "$ref");
                let Some(reference) = reference.as_str() else {
                    return Err(CodegenError::new(file, at, "`$ref` must be a string"));
                };
                let Some(target) = reference.strip_prefix('#') else {
                    return Err(CodegenError::new(
                        file,
                        at,
                        format!(
                            "external reference `{reference}`: the spec must be self-contained"
                        ),
                    ));
                };
                if doc.pointer(target).is_none() {
                    return Err(CodegenError::new(
                        file,
                        at,
                        format!("dangling reference `{reference}`: nothing at that pointer"),
                    ));
                }
                let siblings: Vec<&str> = map
                    .iter()
                    .filter(|(k, v)| *k != "$ref" && !(*k == "description" && v.is_string()))
                    .map(|(k, _)| k.as_str())
                    .collect();
                if !siblings.is_empty() {
                    return Err(CodegenError::new(
                        file,
                        pointer,
                        format!(
                            "`$ref` has sibling keys {siblings:?}, which OpenAPI 3.0 ignores; \
                             remove them or move them to the referenced schema \
                             (a `description` is the only sibling kept)"
                        ),
                    ));
                }
            }
            for (key, value) in map {
                references(doc, value, &child(pointer, key), file)?;
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| references(doc, v, &child(pointer, &i.to_string()), file)),
        _ => Ok(()),
    }
}

/// Each operation needs an id (progenitor names the method after it) and a
/// schema for each path parameter (progenitor cannot type one without).
fn operations(doc: &Value, file: &str) -> Result<(), CodegenError> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Err(CodegenError::new(file, "/paths", "missing `paths` object"));
    };
    let mut found = 0;
    for (path, item) in paths {
        let item_ptr = child("/paths", path);
        let Some(item) = item.as_object() else {
            return Err(CodegenError::new(
                file,
                item_ptr,
                "a path item must be an object",
            ));
        };
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            found += 1;
            let op_ptr = child(&item_ptr, method);
            if op.get("operationId").and_then(Value::as_str).is_none() {
                return Err(CodegenError::new(
                    file,
                    op_ptr,
                    "operation has no `operationId`",
                ));
            }
            let params = item
                .get("parameters")
                .into_iter()
                .map(|p| (child(&item_ptr, "parameters"), p))
                .chain(
                    op.get("parameters")
                        .map(|p| (child(&op_ptr, "parameters"), p)),
                );
            for (list_ptr, list) in params {
                for (i, param) in list.as_array().into_iter().flatten().enumerate() {
                    let ptr = child(&list_ptr, &i.to_string());
                    let param = resolve(doc, param);
                    if param.get("in").and_then(Value::as_str) == Some("path")
                        && param.get("schema").is_none()
                    {
                        return Err(CodegenError::new(
                            file,
                            ptr,
                            "path parameter has no `schema`; the generator cannot type it",
                        ));
                    }
                }
            }
            success_schemas(op, &op_ptr, file)?;
            for name in template_parameters(path) {
                let declared = [item.get("parameters"), op.get("parameters")]
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_array)
                    .flatten()
                    .map(|p| resolve(doc, p))
                    .any(|p| {
                        p.get("in").and_then(Value::as_str) == Some("path")
                            && p.get("name").and_then(Value::as_str) == Some(name)
                    });
                if !declared {
                    return Err(CodegenError::new(
                        file,
                        op_ptr.clone(),
                        format!("path parameter `{{{name}}}` is not declared"),
                    ));
                }
            }
        }
    }
    if found == 0 {
        return Err(CodegenError::new(
            file,
            "/paths",
            "the spec has no operations",
        ));
    }
    Ok(())
}

/// progenitor 0.15 asserts (panics) when 2XX responses have different
/// schemas; say which responses instead.
fn success_schemas(op: &Value, op_ptr: &str, file: &str) -> Result<(), CodegenError> {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Ok(());
    };
    let mut schemas: Vec<(&str, Option<&Value>)> = responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .map(|(code, r)| {
            (
                code.as_str(),
                r.pointer("/content/application~1json/schema"),
            )
        })
        .collect();
    schemas.dedup_by(|a, b| a.1 == b.1);
    if schemas.len() > 1 {
        let codes: Vec<&str> = schemas.iter().map(|(c, _)| *c).collect();
        return Err(CodegenError::new(
            file,
            child(op_ptr, "responses"),
            format!("success responses {codes:?} have different schemas; the generator needs one"),
        ));
    }
    Ok(())
}

/// Follows one internal `$ref` (already checked to resolve).
pub(crate) fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| doc.pointer(p))
        .unwrap_or(node)
}

/// The `{name}` segments of a path template.
fn template_parameters(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
}
