//! Constraints on response and request body fields (pattern, lengths,
//! bounds, item counts) stay in the spec but never reach typify: decoding
//! never fails on them, and a field's Rust type does not change when
//! upstream adds one. Parameters keep theirs, in types that belong to the
//! client: a types-only build has no constraint to check.

mod common;

use sentinel_incidents_codegen::{generate, SpecSource};

const SPEC: &str = r##"{
  "openapi": "3.0.3",
  "info": { "title": "t", "version": "1" },
  "paths": { "/things/{thingId}": { "get": {
    "operationId": "Things_Get",
    "parameters": [{ "name": "thingId", "in": "path", "required": true,
      "schema": { "type": "string", "minLength": 3, "maxLength": 63, "pattern": "^[a-z0-9-]+$" } }],
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

/// The items of `items` that a build without the client feature keeps.
fn without_the_client(items: &[syn::Item]) -> Vec<syn::Item> {
    let client_only = |attrs: &[syn::Attribute]| {
        attrs.iter().any(|a| {
            a.path().is_ident("cfg")
                && a.meta
                    .require_list()
                    .is_ok_and(|l| l.tokens.to_string() == r#"feature = "client""#)
        })
    };
    items
        .iter()
        .filter_map(|item| {
            let attrs = match item {
                syn::Item::Struct(i) => &i.attrs,
                syn::Item::Enum(i) => &i.attrs,
                syn::Item::Impl(i) => &i.attrs,
                syn::Item::Mod(i) => &i.attrs,
                syn::Item::Use(i) => &i.attrs,
                syn::Item::Const(i) => &i.attrs,
                syn::Item::Fn(i) => &i.attrs,
                syn::Item::Trait(i) => &i.attrs,
                _ => return Some(item.clone()),
            };
            if client_only(attrs) {
                return None;
            }
            let mut item = item.clone();
            if let syn::Item::Mod(m) = &mut item {
                if let Some((_, inner)) = &mut m.content {
                    *inner = without_the_client(inner);
                }
            }
            Some(item)
        })
        .collect()
}

#[test]
fn parameter_types_and_descriptors_belong_to_the_client() {
    let code = generate(&SpecSource::new("thing.json", SPEC), &common::target()).unwrap();
    let file: syn::File = syn::parse_str(&code).unwrap();
    assert!(
        code.contains("::regress::"),
        "the parameter's pattern is checked"
    );
    let kept = without_the_client(&file.items);
    let kept = quote::quote!(#(#kept)*).to_string();
    assert!(kept.contains("pub struct Thing"), "{kept}");
    assert!(kept.contains("API_VERSION"), "{kept}");
    for gone in [
        "ThingsGetThingId",
        "regress",
        "mod operations",
        "struct Client",
    ] {
        assert!(!kept.contains(gone), "{gone} is built without the client");
    }
}
