//! The text of an imported spec: serde_json's pretty printing with keys in a
//! stable order, so that re-importing an unchanged upstream gives the same
//! bytes and a one-value change a one-line diff.
//!
//! serde_json (built here without `preserve_order`) keeps object keys sorted,
//! which is not the order spec/incidents.json is written in. The order is
//! therefore taken from a template, the spec being replaced:
//!
//! - keys the template has keep its order;
//! - a new OpenAPI keyword goes before the first key that comes after it in
//!   [`CANONICAL_ORDER`] (so `pattern` lands after `minLength`), any other
//!   new keyword after them all;
//! - a new name (a path, a component, a property, a response code) goes
//!   after the names already there, in alphabetical order.
//!
//! Without a template every object follows the same rules from empty:
//! keywords in canonical order, then names alphabetically.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use crate::schema_keywords::CONSTRAINTS;

/// The order of OpenAPI keywords in a new object, as spec/incidents.json
/// writes them: the document's sections, then what names a thing, its type
/// and constraints (`schema_keywords.rs`), its description, and what it contains.
pub const CANONICAL_ORDER: &[&str] = &canonical_order::<
    { BEFORE_CONSTRAINTS.len() + CONSTRAINTS.len() + AFTER_CONSTRAINTS.len() },
>();

/// The keywords before the constraints in [`CANONICAL_ORDER`].
const BEFORE_CONSTRAINTS: &[&str] = &[
    "$ref",
    "openapi",
    "info",
    "servers",
    "paths",
    "components",
    "schemas",
    "url",
    "name",
    "in",
    "value",
    "tags",
    "summary",
    "operationId",
    "title",
    "type",
    "format",
];

/// The keywords after the constraints in [`CANONICAL_ORDER`].
const AFTER_CONSTRAINTS: &[&str] = &[
    "description",
    "version",
    "parameters",
    "requestBody",
    "required",
    "schema",
    "headers",
    "content",
    "responses",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "default",
    "nullable",
    "readOnly",
    "enum",
    "x-ms-enum",
    "modelAsString",
    "values",
    "flows",
    "authorizationUrl",
    "tokenUrl",
    "scopes",
    "securitySchemes",
    "security",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
];

/// [`BEFORE_CONSTRAINTS`], the constraint keywords, [`AFTER_CONSTRAINTS`].
const fn canonical_order<const N: usize>() -> [&'static str; N] {
    let mut order = [""; N];
    let mut i = 0;
    while i < BEFORE_CONSTRAINTS.len() {
        order[i] = BEFORE_CONSTRAINTS[i];
        i += 1;
    }
    let mut j = 0;
    while j < CONSTRAINTS.len() {
        order[i + j] = CONSTRAINTS[j].keyword;
        j += 1;
    }
    let mut k = 0;
    while k < AFTER_CONSTRAINTS.len() {
        order[i + j + k] = AFTER_CONSTRAINTS[k];
        k += 1;
    }
    order
}

/// Keys whose object maps names to things: its keys are names, not keywords.
const NAME_MAPS: &[&str] = &[
    "paths",
    "schemas",
    "securitySchemes",
    "properties",
    "responses",
    "content",
    "headers",
    "scopes",
    "flows",
];

/// `spec` as pretty-printed JSON with a final newline, its keys ordered
/// like `template` (the JSON text it replaces) where that has them. A
/// template that is not JSON is ignored.
pub fn spec_text(spec: &Value, template: Option<&str>) -> String {
    let template = template.and_then(|text| serde_json::from_str::<Ordered>(text).ok());
    let ordered = order(spec, template.as_ref(), Keys::Keywords);
    serde_json::to_string_pretty(&ordered).expect("a JSON value always serializes") + "\n"
}

/// A JSON value whose objects keep their keys in a chosen order.
enum Ordered {
    Leaf(Value),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

/// What the keys of an object are.
#[derive(Clone, Copy, PartialEq)]
enum Keys {
    Keywords,
    Names,
}

fn order(value: &Value, template: Option<&Ordered>, keys: Keys) -> Ordered {
    match value {
        Value::Object(map) => {
            let old: &[(String, Ordered)] = match template {
                Some(Ordered::Object(entries)) => entries,
                _ => &[],
            };
            let mut names: Vec<&str> = old
                .iter()
                .map(|(key, _)| key.as_str())
                .filter(|key| map.contains_key(*key))
                .collect();
            // serde_json's map iterates in sorted order, so new names are
            // appended alphabetically.
            let new: Vec<&str> = map
                .keys()
                .map(String::as_str)
                .filter(|k| !names.contains(k))
                .collect();
            for key in new {
                let at = match keys {
                    Keys::Names => names.len(),
                    Keys::Keywords => {
                        let rank = rank(key);
                        names
                            .iter()
                            .position(|k| rank < self::rank(k))
                            .unwrap_or(names.len())
                    }
                };
                names.insert(at, key);
            }
            let entries = names
                .into_iter()
                .map(|key| {
                    let sub = old.iter().find(|(k, _)| k == key).map(|(_, v)| v);
                    let sub_keys = match keys {
                        Keys::Keywords if NAME_MAPS.contains(&key) => Keys::Names,
                        _ => Keys::Keywords,
                    };
                    (key.to_string(), order(&map[key], sub, sub_keys))
                })
                .collect();
            Ordered::Object(entries)
        }
        Value::Array(items) => {
            let old: &[Ordered] = match template {
                Some(Ordered::Array(items)) => items,
                _ => &[],
            };
            let ordered = items
                .iter()
                .enumerate()
                .map(|(i, item)| order(item, counterpart(item, i, old), Keys::Keywords))
                .collect();
            Ordered::Array(ordered)
        }
        leaf => Ordered::Leaf(leaf.clone()),
    }
}

/// The template's element for `item`, the `i`th of its array: the one with
/// the same `name` and `in` (parameters move when one is added), else the
/// `i`th, so that a new element is written like its siblings.
fn counterpart<'t>(item: &Value, i: usize, old: &'t [Ordered]) -> Option<&'t Ordered> {
    let identity = |get: &dyn Fn(&str) -> Option<Value>| (get("name"), get("in"));
    let wanted = identity(&|key| item.get(key).cloned());
    if wanted.0.is_some() {
        let found = old.iter().find(|candidate| {
            let Ordered::Object(entries) = candidate else {
                return false;
            };
            let get = |key: &str| {
                entries
                    .iter()
                    .find(|(k, _)| k == key)
                    .and_then(|(_, v)| match v {
                        Ordered::Leaf(value) => Some(value.clone()),
                        _ => None,
                    })
            };
            identity(&get) == wanted
        });
        if found.is_some() {
            return found;
        }
    }
    old.get(i)
}

/// The place of `key` in [`CANONICAL_ORDER`]; after all of them when absent.
fn rank(key: &str) -> usize {
    CANONICAL_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(CANONICAL_ORDER.len())
}

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Ordered::Leaf(value) => value.serialize(serializer),
            Ordered::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Ordered::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OrderedVisitor)
    }
}

/// Reads JSON keeping each object's keys in file order.
struct OrderedVisitor;

impl<'de> Visitor<'de> for OrderedVisitor {
    type Value = Ordered;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Ordered, E> {
        Ok(Ordered::Leaf(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Ordered, E> {
        Ok(Ordered::Leaf(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Ordered, E> {
        Ok(Ordered::Leaf(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Ordered, E> {
        Ok(Ordered::Leaf(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
        Ok(Ordered::Leaf(Value::from(v)))
    }

    fn visit_unit<E>(self) -> Result<Ordered, E> {
        Ok(Ordered::Leaf(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Ordered::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Ordered>()? {
            entries.push((key, value));
        }
        Ok(Ordered::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_follow_the_template_and_new_keywords_take_their_canonical_place() {
        let template = r#"{"type": "string", "minLength": 1, "description": "d"}"#;
        let spec = json!({"type": "string", "description": "d", "minLength": 1, "pattern": "^a$"});
        let text = spec_text(&spec, Some(template));
        let keys: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next())
            .collect();
        assert_eq!(keys, ["type", "minLength", "pattern", "description"]);
    }

    #[test]
    fn new_names_come_after_the_existing_ones_alphabetically() {
        let template = r#"{"properties": {"zeta": {}, "alpha": {}}}"#;
        let spec = json!({"properties": {"alpha": {}, "beta": {}, "zeta": {}, "aa": {}}});
        let text = spec_text(&spec, Some(template));
        let order: Vec<usize> = ["zeta", "alpha", "aa", "beta"]
            .iter()
            .map(|name| text.find(&format!("\"{name}\"")).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn a_property_named_like_a_keyword_is_a_name() {
        // `properties` and `type` are also fields of ARM resources.
        let template = r#"{"properties": {"properties": {}, "id": {}}}"#;
        let spec = json!({"properties": {"id": {}, "properties": {}, "type": {}}});
        let text = spec_text(&spec, Some(template));
        let at = |s: &str| text.find(s).unwrap();
        assert!(at("\"properties\": {}") < at("\"id\"") && at("\"id\"") < at("\"type\""));
    }

    /// A new parameter is written like the one at its index, its siblings' style.
    #[test]
    fn parameters_keep_their_key_order_when_one_is_inserted_before_them() {
        let template = r#"[{"name": "b", "in": "query", "required": true, "description": "B"}]"#;
        let spec = json!([
            {"name": "a", "in": "path", "required": true, "description": "A"},
            {"name": "b", "in": "query", "required": true, "description": "B"}
        ]);
        let text = spec_text(&spec, Some(template));
        let b = &text[text.find("\"b\"").unwrap()..];
        assert!(b.find("required").unwrap() < b.find("description").unwrap());
        let a = &text[..text.find("\"b\"").unwrap()];
        assert!(a.find("required").unwrap() < a.find("description").unwrap());
    }

    #[test]
    fn without_a_template_keywords_are_canonical_and_numbers_are_kept() {
        let spec = json!({"info": {"version": "v", "title": "t"}, "openapi": "3.0.3", "x": 1.5});
        assert_eq!(
            spec_text(&spec, None),
            "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\n    \"title\": \"t\",\n    \"version\": \"v\"\n  },\n  \"x\": 1.5\n}\n"
        );
    }
}
