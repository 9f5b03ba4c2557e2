//! A field whose spec schema is a `$ref` with a sibling `description` is
//! documented with that description, although OpenAPI 3.0 (and so typify)
//! ignores `$ref` siblings.

mod common;

use std::path::Path;

use sentinel_incidents_codegen::{generate, SpecSource};

/// The doc comment of `field` in `struct_name` of the generated `types`.
fn field_doc(code: &str, struct_name: &str, field: &str) -> Option<String> {
    let file = syn::parse_file(code).unwrap();
    let types = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => Some(&m.content.as_ref()?.1),
        _ => None,
    })?;
    let item = types.iter().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == struct_name => Some(s),
        _ => None,
    })?;
    let field = item
        .fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == field))?;
    field.attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

#[test]
fn ref_fields_of_the_shipped_spec_carry_their_upstream_description() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/incidents.json");
    let code = generate(
        &SpecSource::read(&spec, "spec/incidents.json").unwrap(),
        &common::target(),
    )
    .unwrap();
    for (struct_name, field, doc) in [
        (
            "IncidentProperties",
            "severity",
            "The severity of the incident",
        ),
        ("IncidentProperties", "status", "The status of the incident"),
        (
            "IncidentProperties",
            "classification",
            "The reason the incident was closed",
        ),
        (
            "IncidentProperties",
            "classification_reason",
            "The classification reason the incident was closed with",
        ),
        (
            "IncidentProperties",
            "owner",
            "Describes a user that the incident is assigned to",
        ),
        (
            "IncidentProperties",
            "additional_data",
            "Additional data on the incident",
        ),
        ("Incident", "properties", "Incident properties"),
        (
            "Incident",
            "system_data",
            "Azure Resource Manager metadata containing createdBy and modifiedBy information.",
        ),
    ] {
        assert_eq!(
            field_doc(&code, struct_name, field).as_deref(),
            Some(doc),
            "{struct_name}.{field}"
        );
    }
}

#[test]
fn a_description_next_to_a_ref_documents_a_renamed_field() {
    let spec = r##"{
      "openapi": "3.0.3",
      "info": { "title": "t", "version": "1" },
      "paths": { "/things/{thingId}": { "get": {
        "operationId": "Things_Get",
        "parameters": [{ "name": "thingId", "in": "path", "required": true, "schema": { "type": "string" } }],
        "responses": { "200": { "description": "ok", "content": { "application/json": {
          "schema": { "$ref": "#/components/schemas/Thing" } } } } } } } },
      "components": { "schemas": {
        "Thing": { "type": "object", "properties": {
          "ownerInfo": { "$ref": "#/components/schemas/Owner", "description": "Who owns it" },
          "type": { "$ref": "#/components/schemas/Owner", "description": "A keyword as a name" } } },
        "Owner": { "type": "object", "properties": { "name": { "type": "string" } } } } }
    }"##;
    let code = generate(&SpecSource::new("thing.json", spec), &common::target()).unwrap();
    assert_eq!(
        field_doc(&code, "Thing", "owner_info").as_deref(),
        Some("Who owns it")
    );
    assert_eq!(
        field_doc(&code, "Thing", "type_").as_deref(),
        Some("A keyword as a name")
    );
}
