//! Every spec in `tests/bad-specs/` must fail with a clear error naming the
//! file and the JSON pointer of the problem, never a panic.

mod common;

use std::path::Path;

use sentinel_incidents_codegen::{generate, SpecSource};

/// (file, JSON pointer, words the message must contain)
const CASES: &[(&str, &str, &str)] = &[
    ("malformed-json.json", "", "malformed JSON at line"),
    ("not-an-object.json", "", "must be a JSON object"),
    ("missing-openapi-field.json", "", "missing `openapi`"),
    (
        "openapi-3.1.json",
        "/openapi",
        "OpenAPI 3.1.0 is not supported",
    ),
    (
        "swagger-2.0.json",
        "/swagger",
        "Swagger \"2.0\" is not supported",
    ),
    (
        "dangling-ref.json",
        "/components/schemas/Thing/properties/owner/$ref",
        "dangling reference",
    ),
    (
        "external-ref.json",
        "/components/schemas/Thing/properties/owner/$ref",
        "must be self-contained",
    ),
    (
        "ref-with-siblings.json",
        "/components/schemas/Thing/properties/other",
        "sibling keys [\"readOnly\"]",
    ),
    ("no-operations.json", "/paths", "no operations"),
    (
        "missing-operation-id.json",
        "/paths/~1things~1{thingId}/get",
        "no `operationId`",
    ),
    (
        "path-parameter-without-schema.json",
        "/paths/~1things~1{thingId}/get/parameters/0",
        "no `schema`",
    ),
    (
        "undeclared-path-parameter.json",
        "/paths/~1things~1{thingId}/get",
        "`{thingId}` is not declared",
    ),
    (
        "open-enum-of-non-strings.json",
        "/components/schemas/Level/enum/1",
        "not a string",
    ),
    (
        "inline-open-enum-without-name.json",
        "/components/schemas/Thing/properties/level",
        "no `x-ms-enum.name`",
    ),
    (
        "open-enum-variant-collision.json",
        "/components/schemas/Kind/enum/1",
        "already taken",
    ),
    (
        "invalid-responses-type.json",
        "/paths/~1things~1{thingId}/get/responses",
        "not a valid OpenAPI 3.0 document",
    ),
    (
        "two-success-schemas.json",
        "/paths/~1things~1{thingId}/get/responses",
        "different schemas",
    ),
];

#[test]
fn every_bad_spec_fails_with_file_and_pointer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-specs");
    for (file, pointer, words) in CASES {
        let name = format!("bad-specs/{file}");
        let spec = SpecSource::read(&dir.join(file), name.clone()).unwrap();
        let err = generate(&spec, &common::target()).expect_err(file);
        assert_eq!(err.file(), name);
        assert_eq!(err.pointer(), *pointer, "{file}: {err}");
        assert!(err.message().contains(words), "{file}: {err}");
        assert!(
            err.to_string().starts_with(&format!("{name}: at ")),
            "{err}"
        );
    }
}

#[test]
fn the_corpus_has_no_untested_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-specs");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            CASES.iter().any(|(f, _, _)| *f == name),
            "{name} has no expectation in CASES"
        );
    }
}

#[test]
fn a_missing_file_names_its_path() {
    let err = SpecSource::read(Path::new("/nonexistent/spec.json"), "spec.json").unwrap_err();
    assert!(err.to_string().contains("/nonexistent/spec.json"), "{err}");
}
