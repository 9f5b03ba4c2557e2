//! Constraints on response and request body fields (pattern, lengths,
//! bounds, item counts) stay in the spec but never reach typify: decoding
//! never fails on them, and a field's Rust type does not change when
//! upstream adds one. Parameters keep theirs.

mod common;

use sentinel_incidents_codegen::{generate, SpecSource};

const SPEC: &str = r##"{
  "openapi": "3.0.3",
  "info": { "title": "t", "version": "1" },
  "paths": { "/things/{thingId}": { "get": {
    "operationId": "Things_Get",
    "parameters": [{ "name": "thingId", "in": "path", "required": true,
      "schema": { "type": "string", "minLength": 3, "maxLength": 63 } }],
    "responses": { "200": { "description": "ok", "content": { "application/json": {
      "schema": { "$ref": "#/components/schemas/Thing" } } } } } } } },
  "components": { "schemas": { "Thing": { "type": "object", "required": ["name"], "properties": {
    "name": { "type": "string", "pattern": "^[a-z]+$", "maxLength": 10 },
    "count": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 9 },
    "tags": { "type": "array", "items": { "type": "string", "minLength": 2 }, "maxItems": 3 } } } } }
}"##;

#[test]
fn body_fields_are_plain_types_whatever_their_constraints() {
    let code = generate(&SpecSource::new("thing.json", SPEC), &common::target()).unwrap();
    assert!(code.contains("pub name: ::std::string::String,"), "{code}");
    assert!(
        code.contains("pub count: ::std::option::Option<i32>,"),
        "{code}"
    );
    assert!(
        code.contains("pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,"),
        "{code}"
    );
    assert!(!code.contains("struct ThingName"), "no checking newtype");
}

#[test]
fn parameters_keep_their_checks() {
    let code = generate(&SpecSource::new("thing.json", SPEC), &common::target()).unwrap();
    assert!(code.contains("pub struct ThingsGetThingId("), "{code}");
    assert!(code.contains("longer than 63 characters"), "{code}");
}
