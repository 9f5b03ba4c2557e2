//! Which fields of an incident the spec declares, read from
//! spec/incidents.json rather than written into the tests: a newer
//! api-version declares fields that an older one left unknown (2025-10-01-preview
//! declares `teamInformation` and `techniques`), and the two are treated
//! differently on the wire (README): an unknown field is kept in `extra` as
//! sent, an explicit `null` in a declared optional field decodes to `None` and
//! is left out when encoding. The spec, not the generated type, is the oracle,
//! so the tests still check what the type does with each field.

use serde_json::{Map, Value};

/// spec/incidents.json, walked from the schema of `Incidents_Get`'s 200 response.
pub struct Declared {
    spec: Value,
}

impl Declared {
    /// Reads the workspace's spec, at whatever api-version it is.
    pub fn read() -> Self {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/incidents.json");
        let text = std::fs::read_to_string(path).expect("spec/incidents.json is readable");
        Self {
            spec: serde_json::from_str(&text).expect("spec/incidents.json is JSON"),
        }
    }

    /// The schema of an incident: what `Incidents_Get`'s 200 response names.
    fn incident(&self) -> &Value {
        let get = self.spec["paths"]
            .as_object()
            .into_iter()
            .flat_map(|paths| paths.values())
            .map(|path| &path["get"])
            .find(|get| get["operationId"] == "Incidents_Get")
            .expect("the spec has Incidents_Get");
        self.resolve(&get["responses"]["200"]["content"]["application/json"]["schema"])
    }

    /// `schema` with its `$ref` followed (the spec names component schemas only).
    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let pointer = reference
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("{reference} is not a local reference"));
                let target = self
                    .spec
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("{reference} names nothing in the spec"));
                self.resolve(target)
            }
            None => schema,
        }
    }

    /// The declared properties of an object schema, its `allOf` parts included.
    fn properties<'a>(&'a self, schema: &'a Value) -> Vec<(&'a str, &'a Value)> {
        let schema = self.resolve(schema);
        let own = schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, property)| (name.as_str(), self.resolve(property)));
        let inherited = schema["allOf"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|part| self.properties(part));
        own.chain(inherited).collect()
    }

    /// The schema of the value at `pointer` (JSON pointer) in an incident, or
    /// `None` when the path goes through a field the spec does not declare.
    fn schema_at(&self, pointer: &str) -> Option<&Value> {
        let mut schema = self.incident();
        for token in pointer.split('/').skip(1) {
            schema = if schema["type"] == "array" {
                token.parse::<usize>().ok()?;
                self.resolve(&schema["items"])
            } else {
                self.properties(schema)
                    .into_iter()
                    .find(|(name, _)| *name == token)?
                    .1
            };
        }
        Some(schema)
    }

    /// Whether the spec declares `field` on the object at `parent` (a JSON
    /// pointer into an incident, "" for the incident itself).
    pub fn declares(&self, parent: &str, field: &str) -> bool {
        let schema = self
            .schema_at(parent)
            .unwrap_or_else(|| panic!("the spec declares no object at {parent:?}"));
        self.properties(schema)
            .iter()
            .any(|(name, _)| *name == field)
    }

    /// An incident's JSON as decoding and encoding it gives it back, up to
    /// spelling: each explicit `null` in a field the spec declares left out,
    /// everything else (unknown fields and what is inside them) as it is.
    pub fn without_declared_nulls(&self, incident: &Value) -> Value {
        self.drop_declared_nulls(incident, Some(self.incident()))
    }

    /// `value` (of `schema`, `None` inside an unknown field) with the explicit
    /// nulls of declared fields dropped, at every depth.
    fn drop_declared_nulls(&self, value: &Value, schema: Option<&Value>) -> Value {
        match (value, schema) {
            (Value::Object(map), Some(schema)) => {
                let declared = self.properties(schema);
                let field = |key: &str| declared.iter().find(|(name, _)| *name == key);
                Value::Object(
                    map.iter()
                        .filter(|(key, v)| !(v.is_null() && field(key).is_some()))
                        .map(|(key, v)| {
                            let inner = field(key).map(|(_, schema)| *schema);
                            (key.clone(), self.drop_declared_nulls(v, inner))
                        })
                        .collect::<Map<_, _>>(),
                )
            }
            (Value::Array(items), Some(schema)) => {
                let inner = self.resolve(&schema["items"]);
                Value::Array(
                    items
                        .iter()
                        .map(|v| self.drop_declared_nulls(v, Some(inner)))
                        .collect(),
                )
            }
            _ => value.clone(),
        }
    }
}
