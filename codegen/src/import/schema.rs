//! Swagger 2.0 schemas to OpenAPI 3.0 schemas, and the components they
//! reach. The rules hold for any Autorest-style file:
//!
//! - every `$ref` becomes `#/components/schemas/{name}`. OpenAPI 3.0
//!   ignores its siblings; upstream puts `description`, `readOnly` and
//!   `type` next to many. A property keeps only its `description` next to
//!   the `$ref` (codegen's `ref_sibling_descriptions` transform turns it into
//!   the field's docs): `type` repeats the referenced schema, and `readOnly`
//!   would change nothing in the generated code, which ignores it;
//! - `allOf` bases (ARM's `ResourceWithEtag` → `Resource`) are merged into
//!   the model: the wire shape is the same and the generated struct flat;
//! - an enum is named by its `x-ms-enum.name`, and an inline one becomes a
//!   component of that name, one type per name as in Azure's SDKs;
//! - a definition that only names a primitive type (TypeSpec's scalars,
//!   such as `Azure.Core.uuid`) is written in place of its `$ref`;
//! - Autorest-only keywords are dropped, and any other keyword this file
//!   does not know is an error, so nothing is lost unnoticed.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::fixups::ComponentNames;
use super::upstream::{Location, Upstream};
use crate::error::CodegenError;
use crate::schema_keywords::is_constraint;

/// JSON Schema keywords that mean the same in Swagger 2.0 and OpenAPI 3.0,
/// besides the constraints (`properties`, `required`, `items` and `allOf`
/// are converted apart).
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "title",
    "description",
    "default",
    "enum",
    "readOnly",
    "example",
    "externalDocs",
];

/// Autorest extensions that only steer Autorest's SDK generators (naming,
/// flattening, paging, examples, ARM-id validation); no OpenAPI 3 tool reads
/// them and dropping them leaves the wire format as it is.
pub(crate) const AUTOREST_ONLY: &[&str] = &[
    "x-ms-arm-id-details",
    "x-ms-azure-resource",
    "x-ms-client-flatten",
    "x-ms-client-name",
    "x-ms-examples",
    "x-ms-external",
    "x-ms-identifiers",
    "x-ms-mutability",
    "x-ms-odata",
    "x-ms-pageable",
    "x-ms-parameter-location",
];

/// Autorest formats that carry nothing for OpenAPI tools: an `arm-id` is a
/// plain string that Autorest validates as a resource id.
const AUTOREST_ONLY_FORMATS: &[&str] = &["arm-id"];

/// Keys of an `allOf` base that merging keeps the meaning of: its fields and
/// required list are merged, its own description and type give way to the model's.
const MERGEABLE_BASE_KEYS: &[&str] = &[
    "allOf",
    "properties",
    "required",
    "type",
    "description",
    "title",
];

/// Converts schemas and collects the components they reach.
pub(crate) struct Schemas<'a> {
    upstream: &'a Upstream,
    names: &'a ComponentNames,
    /// The output `components/schemas`.
    pub components: Map<String, Value>,
    /// Where each component came from (`file#pointer`), to name both sides of a clash.
    origins: BTreeMap<String, String>,
    /// Upstream definitions already named, so each is converted once.
    named: BTreeMap<Location, String>,
}

impl<'a> Schemas<'a> {
    pub fn new(upstream: &'a Upstream, names: &'a ComponentNames) -> Self {
        Self {
            upstream,
            names,
            components: Map::new(),
            origins: BTreeMap::new(),
            named: BTreeMap::new(),
        }
    }

    /// Converts a schema in a position where an inline enum becomes a
    /// component: a property, array items, a parameter or a body.
    pub fn inline(&mut self, schema: &Value, at: &Location) -> Result<Value, CodegenError> {
        let converted = self.convert(schema, at)?;
        match enum_name(&converted).map(str::to_string) {
            Some(name) => {
                self.add_component(&name, converted, at)?;
                Ok(component_ref(&name))
            }
            None => Ok(converted),
        }
    }

    /// Converts one schema, keyword by keyword.
    fn convert(&mut self, schema: &Value, at: &Location) -> Result<Value, CodegenError> {
        let Some(map) = schema.as_object() else {
            return Err(at.error("a schema must be a JSON object"));
        };
        if let Some(reference) = map.get("$ref") {
            let reference = reference
                .as_str()
                .ok_or_else(|| at.child("$ref").error("`$ref` must be a string"))?;
            return self.reference(reference, &at.child("$ref"));
        }
        let mut out = Map::new();
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        if let Some(bases) = map.get("allOf") {
            self.merge_bases(bases, &at.child("allOf"), &mut properties, &mut required)?;
        }
        for (key, value) in map {
            let here = at.child(key);
            match key.as_str() {
                "allOf" => {}
                "properties" => self.properties(value, &here, &mut properties)?,
                "required" => extend_unique(&mut required, value, &here)?,
                "items" => {
                    out.insert(key.clone(), self.inline(value, &here)?);
                }
                "additionalProperties" if value.is_object() => {
                    out.insert(key.clone(), self.inline(value, &here)?);
                }
                "additionalProperties" => {
                    out.insert(key.clone(), value.clone());
                }
                "format"
                    if value
                        .as_str()
                        .is_some_and(|f| AUTOREST_ONLY_FORMATS.contains(&f)) => {}
                "x-ms-enum" => {
                    out.insert(key.clone(), x_ms_enum(value));
                }
                "x-nullable" => {
                    if value == &Value::Bool(true) {
                        out.insert("nullable".into(), Value::Bool(true));
                    }
                }
                "discriminator" => {
                    return Err(here.error(
                        "polymorphic models (`discriminator`) are not supported by the importer",
                    ))
                }
                k if SCHEMA_KEYWORDS.contains(&k) || is_constraint(k) => {
                    out.insert(key.clone(), value.clone());
                }
                k if AUTOREST_ONLY.contains(&k) => {}
                other => {
                    return Err(here.error(format!(
                        "unknown schema keyword `{other}`: decide in codegen/src/import/schema.rs \
                         whether the importer keeps or drops it"
                    )))
                }
            }
        }
        if !properties.is_empty() {
            out.insert("properties".into(), Value::Object(properties));
        }
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
        Ok(Value::Object(out))
    }

    /// Converts each property into `into`; a field declared twice (by a base
    /// and the model) must be declared the same way.
    fn properties(
        &mut self,
        value: &Value,
        at: &Location,
        into: &mut Map<String, Value>,
    ) -> Result<(), CodegenError> {
        let Some(properties) = value.as_object() else {
            return Err(at.error("`properties` must be an object"));
        };
        for (name, schema) in properties {
            let here = at.child(name);
            let mut converted = self.inline(schema, &here)?;
            // A `$ref` (upstream's, or a hoisted enum's) keeps the property's
            // description, and so does an inlined scalar alias.
            if let (Some(reference), Some(Value::String(description))) =
                (converted.as_object_mut(), schema.get("description"))
            {
                if reference.contains_key("$ref") || schema.get("$ref").is_some() {
                    reference.insert("description".into(), Value::String(description.clone()));
                }
            }
            match into.get(name) {
                Some(existing) if *existing != converted => {
                    return Err(here.error(format!(
                        "field `{name}` is declared differently by an `allOf` base"
                    )))
                }
                _ => {
                    into.insert(name.clone(), converted);
                }
            }
        }
        Ok(())
    }

    /// Merges the fields and required lists of the `allOf` bases at `at`,
    /// bases of bases first.
    fn merge_bases(
        &mut self,
        bases: &Value,
        at: &Location,
        properties: &mut Map<String, Value>,
        required: &mut Vec<Value>,
    ) -> Result<(), CodegenError> {
        let Some(bases) = bases.as_array() else {
            return Err(at.error("`allOf` must be an array"));
        };
        for (i, base) in bases.iter().enumerate() {
            let mut base_at = at.child(&i.to_string());
            let mut base = base;
            if let Some(reference) = base.get("$ref").and_then(Value::as_str) {
                base_at = self.upstream.resolve(&base_at.file, reference);
                base = self.upstream.get(&base_at)?;
            }
            let Some(map) = base.as_object() else {
                return Err(base_at.error("an `allOf` base must be a JSON object"));
            };
            if map.contains_key("discriminator") {
                return Err(base_at.child("discriminator").error(
                    "polymorphic models (`discriminator`) are not supported by the importer",
                ));
            }
            for key in map.keys() {
                let mergeable = MERGEABLE_BASE_KEYS.contains(&key.as_str())
                    || AUTOREST_ONLY.contains(&key.as_str());
                if !mergeable {
                    return Err(base_at.child(key).error(format!(
                        "cannot merge `{key}` of an `allOf` base into the model"
                    )));
                }
            }
            if let Some(grand_bases) = map.get("allOf") {
                self.merge_bases(grand_bases, &base_at.child("allOf"), properties, required)?;
            }
            if let Some(fields) = map.get("properties") {
                self.properties(fields, &base_at.child("properties"), properties)?;
            }
            if let Some(list) = map.get("required") {
                extend_unique(required, list, &base_at.child("required"))?;
            }
        }
        Ok(())
    }

    /// `{"$ref": "#/components/schemas/{name}"}` for the definition
    /// `reference` names, converting it the first time; the definition
    /// itself when it is a scalar alias ([`is_scalar_alias`]).
    fn reference(&mut self, reference: &str, at: &Location) -> Result<Value, CodegenError> {
        let target = self.upstream.resolve(&at.file, reference);
        if let Some(name) = self.named.get(&target) {
            return Ok(component_ref(name));
        }
        let definition = self.upstream.get(&target).map_err(|_| {
            at.error(format!(
                "dangling reference `{reference}`: nothing at {}",
                target.describe()
            ))
        })?;
        let name = match self.names.get(&target) {
            Some(name) => name.clone(),
            None => match enum_name(definition) {
                Some(name) => name.to_string(),
                None => target.key(),
            },
        };
        if is_scalar_alias(definition) {
            return self.convert(definition, &target);
        }
        // Named before converting, so a model that refers to itself terminates.
        self.named.insert(target.clone(), name.clone());
        let converted = self.convert(definition, &target)?;
        self.add_component(&name, converted, &target)?;
        Ok(component_ref(&name))
    }

    /// Adds component `name`; the same name from two places must be the same schema.
    fn add_component(
        &mut self,
        name: &str,
        schema: Value,
        at: &Location,
    ) -> Result<(), CodegenError> {
        match self.components.get(name) {
            Some(existing) if *existing != schema => Err(at.error(format!(
                "this schema and {} both become component `{name}` but differ",
                self.origins[name]
            ))),
            Some(_) => Ok(()),
            None => {
                self.components.insert(name.to_string(), schema);
                self.origins.insert(name.to_string(), at.describe());
                Ok(())
            }
        }
    }
}

/// Whether `definition` only names a primitive type: TypeSpec emits each
/// scalar it uses (`Azure.Core.uuid`: a string of format uuid) as a
/// definition, where hand-written Swagger writes the type in place. Such a
/// `$ref` is inlined, so the field keeps its Rust type (`Uuid`, not a
/// newtype `AzureCoreUuid`) and moving to a TypeSpec-emitted version is not
/// an API change. Enums stay components: they are types of their own.
fn is_scalar_alias(definition: &Value) -> bool {
    let primitive = matches!(
        definition.get("type").and_then(Value::as_str),
        Some("string" | "integer" | "number" | "boolean")
    );
    let structured = [
        "enum",
        "x-ms-enum",
        "properties",
        "allOf",
        "items",
        "additionalProperties",
    ];
    primitive && !structured.iter().any(|key| definition.get(key).is_some())
}

/// `x-ms-enum` without the per-value `name`s that only repeat the `value`.
fn x_ms_enum(value: &Value) -> Value {
    let mut value = value.clone();
    if let Some(values) = value.get_mut("values").and_then(Value::as_array_mut) {
        for entry in values.iter_mut().filter_map(Value::as_object_mut) {
            if entry.get("name").is_some() && entry.get("name") == entry.get("value") {
                entry.remove("name");
            }
        }
    }
    value
}

/// The `x-ms-enum.name` of an enum schema.
fn enum_name(schema: &Value) -> Option<&str> {
    schema.get("enum")?;
    schema.pointer("/x-ms-enum/name")?.as_str()
}

fn component_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// Appends the names in `list` not already in `required`.
fn extend_unique(
    required: &mut Vec<Value>,
    list: &Value,
    at: &Location,
) -> Result<(), CodegenError> {
    let Some(list) = list.as_array() else {
        return Err(at.error("`required` must be an array"));
    };
    for name in list {
        if !required.contains(name) {
            required.push(name.clone());
        }
    }
    Ok(())
}
