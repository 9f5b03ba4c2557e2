//! The document around the operations: `info`, `servers` from Swagger's
//! `host` and `schemes`, and `components` with the security schemes the
//! operations use (from Swagger's `securityDefinitions`).

use serde_json::{json, Map, Value};

use super::upstream::{Location, Upstream};
use crate::error::CodegenError;

/// The OpenAPI 3.0.3 document of `paths` and the component `schemas` they reach.
pub(super) fn assemble(
    upstream: &Upstream,
    paths: Map<String, Value>,
    schemas: Map<String, Value>,
) -> Result<Value, CodegenError> {
    let root_at = upstream.root_location();
    let root = upstream.get(&root_at)?;
    let mut components = Map::new();
    if !schemas.is_empty() {
        components.insert("schemas".into(), Value::Object(schemas));
    }
    let security_schemes = security_schemes(upstream, &root_at, &used_schemes(&paths))?;
    if !security_schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(security_schemes));
    }
    let mut spec = json!({
        "openapi": "3.0.3",
        "info": info(root),
        "paths": paths,
    });
    if let Some(server) = server_url(root) {
        spec["servers"] = json!([{ "url": server }]);
    }
    if !components.is_empty() {
        spec["components"] = Value::Object(components);
    }
    Ok(spec)
}

/// The security schemes the operations under `paths` name, in order.
fn used_schemes(paths: &Map<String, Value>) -> Vec<String> {
    let operations = paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.values());
    let requirements = operations
        .filter_map(|op| op.get("security")?.as_array())
        .flatten()
        .filter_map(Value::as_object);
    let mut names: Vec<String> = Vec::new();
    for name in requirements.flat_map(|r| r.keys()) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// The root file's `info`, without extensions.
fn info(root: &Value) -> Value {
    let info = root
        .get("info")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    Value::Object(
        info.filter(|(key, _)| !key.starts_with("x-"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect(),
    )
}

/// `https://{host}{basePath}`, from the root file.
fn server_url(root: &Value) -> Option<String> {
    let host = root.get("host")?.as_str()?;
    let schemes: Vec<&str> = root
        .get("schemes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let scheme = if schemes.is_empty() || schemes.contains(&"https") {
        "https"
    } else {
        schemes[0]
    };
    let base_path = root
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Some(format!("{scheme}://{host}{base_path}"))
}

/// The `securityDefinitions` that `used` names, as OpenAPI 3.0 security schemes.
fn security_schemes(
    upstream: &Upstream,
    root: &Location,
    used: &[String],
) -> Result<Map<String, Value>, CodegenError> {
    let mut out = Map::new();
    for name in used {
        let at = root.child("securityDefinitions").child(name);
        let definition = upstream
            .get(&at)
            .map_err(|_| at.error(format!("security scheme `{name}` is used but not defined")))?;
        out.insert(name.clone(), security_scheme(definition, &at)?);
    }
    Ok(out)
}

/// One Swagger 2.0 security definition as an OpenAPI 3.0 security scheme.
fn security_scheme(definition: &Value, at: &Location) -> Result<Value, CodegenError> {
    let text = |key: &str| definition.get(key).cloned();
    let mut out = Map::new();
    match definition.get("type").and_then(Value::as_str) {
        Some("oauth2") => {
            let flow = match definition.get("flow").and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                other => {
                    return Err(at
                        .child("flow")
                        .error(format!("unknown oauth2 flow {other:?}")))
                }
            };
            let mut flow_object = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = text(key) {
                    flow_object.insert(key.into(), url);
                }
            }
            flow_object.insert("scopes".into(), text("scopes").unwrap_or_else(|| json!({})));
            out.insert("type".into(), json!("oauth2"));
            out.insert("flows".into(), json!({ flow: flow_object }));
        }
        Some("apiKey") => {
            out.insert("type".into(), json!("apiKey"));
            for key in ["name", "in"] {
                out.insert(
                    key.into(),
                    text(key).ok_or_else(|| at.error(format!("apiKey scheme has no `{key}`")))?,
                );
            }
        }
        Some("basic") => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        other => {
            return Err(at
                .child("type")
                .error(format!("unknown security scheme type {other:?}")))
        }
    }
    if let Some(description) = text("description") {
        out.insert("description".into(), description);
    }
    Ok(Value::Object(out))
}
