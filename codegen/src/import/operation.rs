//! Swagger 2.0 operations to OpenAPI 3.0 ones: parameters get a `schema`,
//! the body parameter becomes `requestBody`, response schemas move under
//! `content`, and the document's `security` moves onto each operation so it
//! describes itself.

use serde_json::{json, Map, Value};

use super::schema::{Schemas, AUTOREST_ONLY};
use super::upstream::{Location, Upstream};
use crate::error::CodegenError;
use crate::schema_keywords::is_constraint;

/// Operation keywords that mean the same in both versions.
const OPERATION_KEYWORDS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "operationId",
    "deprecated",
    "externalDocs",
];

/// Parameter keywords that stay on the parameter; the others describe its
/// value and move into its `schema`.
const PARAMETER_KEYWORDS: &[&str] = &["name", "in", "description", "required", "allowEmptyValue"];

/// Keywords of a non-body parameter (or a response header) that describe
/// its value, besides the constraints.
const VALUE_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "enum",
    "x-ms-enum",
    "x-nullable",
];

/// Whether `key` describes a parameter's (or header's) value.
fn describes_value(key: &str) -> bool {
    VALUE_KEYWORDS.contains(&key) || is_constraint(key)
}

/// Where an upstream operation is.
#[derive(Debug, Clone)]
pub(crate) struct UpstreamOperation {
    pub id: String,
    pub path: String,
    pub method: String,
    pub location: Location,
}

/// Converts operations; `defaults` is the root file, for `produces`,
/// `consumes` and `security`.
pub(crate) struct Operations<'a, 's> {
    pub upstream: &'a Upstream,
    pub schemas: &'s mut Schemas<'a>,
    pub defaults: &'a Value,
}

impl<'a> Operations<'a, '_> {
    /// The OpenAPI 3.0 operation.
    pub fn convert(&mut self, operation: &UpstreamOperation) -> Result<Value, CodegenError> {
        let at = &operation.location;
        let upstream = self.upstream;
        let op = upstream.get(at)?;
        let Some(map) = op.as_object() else {
            return Err(at.error("an operation must be a JSON object"));
        };
        let mut out = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "parameters" | "responses" | "security" | "produces" | "consumes" => {}
                k if OPERATION_KEYWORDS.contains(&k) => {
                    out.insert(key.clone(), value.clone());
                }
                k if AUTOREST_ONLY.contains(&k) => {}
                other => {
                    return Err(at.child(key).error(format!(
                        "unknown operation keyword `{other}`: decide in codegen/src/import/operation.rs \
                         whether the importer keeps or drops it"
                    )))
                }
            }
        }
        let consumes = self.media_types(op, "consumes");
        let mut parameters = Vec::new();
        for (param, param_at) in self.parameters(operation)? {
            if param.get("in").and_then(Value::as_str) == Some("body") {
                out.insert(
                    "requestBody".into(),
                    self.body(param, &param_at, &consumes)?,
                );
            } else {
                parameters.push(self.parameter(param, &param_at)?);
            }
        }
        // Path parameters in path order, then the required ones (such as
        // api-version), then the optional ones, as spec/incidents.json lists
        // them. (progenitor orders the method's arguments itself.)
        parameters.sort_by_key(|p| parameter_rank(&operation.path, p));
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let responses = map
            .get("responses")
            .ok_or_else(|| at.error("operation has no `responses`"))?;
        out.insert(
            "responses".into(),
            self.responses(responses, &at.child("responses"), op)?,
        );
        if let Some(security) = map
            .get("security")
            .or_else(|| self.defaults.get("security"))
        {
            out.insert("security".into(), security.clone());
        }
        Ok(Value::Object(out))
    }

    /// The operation's parameters with the path item's, each resolved and
    /// with its location; the operation's win over the path item's.
    fn parameters(
        &self,
        operation: &UpstreamOperation,
    ) -> Result<Vec<(&'a Value, Location)>, CodegenError> {
        let upstream = self.upstream;
        let item_at = operation.location.parent();
        let mut resolved: Vec<(&'a Value, Location)> = Vec::new();
        for list_at in [
            operation.location.child("parameters"),
            item_at.child("parameters"),
        ] {
            let Ok(list) = upstream.get(&list_at) else {
                continue;
            };
            let Some(list) = list.as_array() else {
                return Err(list_at.error("`parameters` must be an array"));
            };
            for (i, param) in list.iter().enumerate() {
                let mut at = list_at.child(&i.to_string());
                let mut param = param;
                if let Some(reference) = param.get("$ref").and_then(Value::as_str) {
                    at = upstream.resolve(&at.file, reference);
                    param = upstream.get(&at)?;
                }
                let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                if !resolved.iter().any(|(seen, _)| key(seen) == key(param)) {
                    resolved.push((param, at));
                }
            }
        }
        Ok(resolved)
    }

    /// A non-body parameter: its value keywords move into `schema`.
    fn parameter(&mut self, param: &Value, at: &Location) -> Result<Value, CodegenError> {
        let Some(map) = param.as_object() else {
            return Err(at.error("a parameter must be a JSON object"));
        };
        if map.get("in").and_then(Value::as_str) == Some("formData") {
            return Err(at.error("form parameters are not supported by the importer"));
        }
        let mut out = Map::new();
        for (key, value) in map {
            if PARAMETER_KEYWORDS.contains(&key.as_str()) {
                out.insert(key.clone(), value.clone());
            } else if !describes_value(key) {
                unknown_or_autorest(key, at, "parameter")?;
            }
        }
        out.insert("schema".into(), self.value_schema(map, at)?);
        Ok(Value::Object(out))
    }

    /// The body parameter as a `requestBody`.
    fn body(
        &mut self,
        param: &Value,
        at: &Location,
        consumes: &[String],
    ) -> Result<Value, CodegenError> {
        let mut out = Map::new();
        for (key, value) in param.as_object().into_iter().flatten() {
            match key.as_str() {
                "name" | "in" => {}
                "description" | "required" => {
                    out.insert(key.clone(), value.clone());
                }
                "schema" => {
                    let schema = self.schemas.inline(value, &at.child("schema"))?;
                    out.insert("content".into(), content(consumes, schema));
                }
                _ => unknown_or_autorest(key, at, "body parameter")?,
            }
        }
        Ok(Value::Object(out))
    }

    fn responses(
        &mut self,
        responses: &'a Value,
        at: &Location,
        op: &Value,
    ) -> Result<Value, CodegenError> {
        let upstream = self.upstream;
        let Some(responses) = responses.as_object() else {
            return Err(at.error("`responses` must be an object"));
        };
        let produces = self.media_types(op, "produces");
        let mut out = Map::new();
        for (code, response) in responses {
            let mut response_at = at.child(code);
            let mut response = response;
            if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
                response_at = upstream.resolve(&response_at.file, reference);
                response = upstream.get(&response_at)?;
            }
            let mut converted = Map::new();
            for (key, value) in response.as_object().into_iter().flatten() {
                let here = response_at.child(key);
                match key.as_str() {
                    "description" => {
                        converted.insert(key.clone(), value.clone());
                    }
                    "schema" => {
                        let schema = self.schemas.inline(value, &here)?;
                        converted.insert("content".into(), content(&produces, schema));
                    }
                    "headers" => {
                        converted.insert(key.clone(), self.headers(value, &here)?);
                    }
                    "examples" => {}
                    _ => unknown_or_autorest(key, &response_at, "response")?,
                }
            }
            out.insert(code.clone(), Value::Object(converted));
        }
        Ok(Value::Object(out))
    }

    fn headers(&mut self, headers: &Value, at: &Location) -> Result<Value, CodegenError> {
        let mut out = Map::new();
        for (name, header) in headers.as_object().into_iter().flatten() {
            let here = at.child(name);
            let Some(map) = header.as_object() else {
                return Err(here.error("a header must be a JSON object"));
            };
            let mut converted = Map::new();
            for (key, value) in map {
                if key == "description" {
                    converted.insert(key.clone(), value.clone());
                } else if !describes_value(key) {
                    unknown_or_autorest(key, &here, "header")?;
                }
            }
            converted.insert("schema".into(), self.value_schema(map, &here)?);
            out.insert(name.clone(), Value::Object(converted));
        }
        Ok(Value::Object(out))
    }

    /// The schema made of the value keywords of a parameter or header.
    fn value_schema(
        &mut self,
        map: &Map<String, Value>,
        at: &Location,
    ) -> Result<Value, CodegenError> {
        if let Some(format) = map.get("collectionFormat") {
            return Err(at.child("collectionFormat").error(format!(
                "`collectionFormat: {format}` is not supported by the importer"
            )));
        }
        let schema: Map<String, Value> = map
            .iter()
            .filter(|(key, _)| describes_value(key))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        self.schemas.inline(&Value::Object(schema), at)
    }

    /// The operation's `produces` or `consumes`, else the document's, else JSON.
    fn media_types(&self, op: &Value, key: &str) -> Vec<String> {
        let types: Vec<String> = op
            .get(key)
            .or_else(|| self.defaults.get(key))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        if types.is_empty() {
            vec!["application/json".into()]
        } else {
            types
        }
    }
}

/// `Ok` for an Autorest-only keyword (dropped), an error for anything else.
fn unknown_or_autorest(key: &str, at: &Location, what: &str) -> Result<(), CodegenError> {
    if AUTOREST_ONLY.contains(&key) {
        Ok(())
    } else {
        Err(at.child(key).error(format!(
            "unknown {what} keyword `{key}`: decide in codegen/src/import/operation.rs \
             whether the importer keeps or drops it"
        )))
    }
}

fn content(media_types: &[String], schema: Value) -> Value {
    let content: Map<String, Value> = media_types
        .iter()
        .map(|media_type| (media_type.clone(), json!({ "schema": schema })))
        .collect();
    Value::Object(content)
}

/// Sort key: path parameters by their place in the path, then required
/// parameters, then optional ones (a stable sort keeps upstream's order within each).
fn parameter_rank(path: &str, param: &Value) -> (u8, usize) {
    let name = param
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match param.get("in").and_then(Value::as_str) {
        Some("path") => (0, path.find(&format!("{{{name}}}")).unwrap_or(usize::MAX)),
        _ if param.get("required") == Some(&Value::Bool(true)) => (1, 0),
        _ => (2, 0),
    }
}
