//! `diff` on the fixture pairs in `tests/fixtures/diff/<case>/{old,new}.json`:
//! each case yields exactly the listed changes, classified as listed, and
//! every kind of change has a case.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sentinel_incidents_codegen::api_diff::{diff, ApiDiff, ChangeKind, Impact, Role};
use sentinel_incidents_codegen::SpecSource;
use serde_json::{json, Value};

use ChangeKind::*;
use Impact::{Breaking, Compatible};
use Role::{Request, Response};

/// The path parameter the parameter cases change.
const THING_ID: &str = "Things_Get parameter thingId (path)";

/// One expected change: its impact, kind and location.
type Expected = (Impact, ChangeKind, &'static str);

/// (case, its changes in the order `diff` reports them).
const CASES: &[(&str, &[Expected])] = &[
    ("no-change", &[]),
    (
        "operation-added",
        &[(Compatible, OperationAdded, "Things_List")],
    ),
    (
        "operation-removed",
        &[(Breaking, OperationRemoved, "Things_List")],
    ),
    (
        "operation-path-changed",
        &[(Compatible, OperationPathChanged, "Things_Get")],
    ),
    (
        "required-parameter-added",
        &[(
            Breaking,
            RequiredParameterAdded,
            "Things_Get parameter region (query)",
        )],
    ),
    (
        "optional-parameter-added",
        &[(
            Breaking,
            OptionalParameterAdded,
            "Things_Get parameter $top (query)",
        )],
    ),
    (
        "parameter-removed",
        &[(
            Breaking,
            ParameterRemoved,
            "Things_Get parameter $expand (query)",
        )],
    ),
    (
        "parameter-became-required",
        &[(
            Breaking,
            ParameterBecameRequired,
            "Things_Get parameter $expand (query)",
        )],
    ),
    (
        "parameter-became-optional",
        &[(
            Breaking,
            ParameterBecameOptional,
            "Things_Get parameter $expand (query)",
        )],
    ),
    (
        "parameter-type-changed",
        &[(
            Breaking,
            ParameterTypeChanged,
            "Things_Get parameter thingId (path)",
        )],
    ),
    (
        "parameter-format-changed",
        &[(
            Breaking,
            ParameterFormatChanged,
            "Things_Get parameter thingId (path)",
        )],
    ),
    (
        "parameter-pattern-added",
        &[(Breaking, ParameterPatternAdded, THING_ID)],
    ),
    (
        "parameter-pattern-removed",
        &[(Compatible, ParameterPatternRemoved, THING_ID)],
    ),
    (
        "parameter-pattern-changed",
        &[(Breaking, ParameterPatternChanged, THING_ID)],
    ),
    (
        "parameter-length-tightened",
        &[
            (Breaking, ParameterLengthTightened, THING_ID),
            (Breaking, ParameterLengthTightened, THING_ID),
        ],
    ),
    (
        "parameter-length-loosened",
        &[(Compatible, ParameterLengthLoosened, THING_ID)],
    ),
    (
        "parameter-range-tightened",
        &[(
            Breaking,
            ParameterRangeTightened,
            "Things_Get parameter $top (query)",
        )],
    ),
    (
        "parameter-range-loosened",
        &[(
            Compatible,
            ParameterRangeLoosened,
            "Things_Get parameter $top (query)",
        )],
    ),
    (
        "parameter-items-tightened",
        &[(
            Breaking,
            ParameterItemsTightened,
            "Things_Get parameter ids (query)",
        )],
    ),
    (
        "parameter-items-loosened",
        &[(
            Compatible,
            ParameterItemsLoosened,
            "Things_Get parameter ids (query)",
        )],
    ),
    (
        "parameter-became-nullable",
        &[(Breaking, ParameterBecameNullable, THING_ID)],
    ),
    (
        "parameter-became-non-nullable",
        &[(Breaking, ParameterBecameNonNullable, THING_ID)],
    ),
    // Each field case makes one change to `Error` (only in responses) and
    // the same to `Thing` (the body of Things_Put).
    (
        "field-pattern-added",
        &[
            (Compatible, FieldPatternAdded(Response), "Error.code"),
            (Breaking, FieldPatternAdded(Request), "Thing.name"),
        ],
    ),
    (
        "field-pattern-removed",
        &[
            (Compatible, FieldPatternRemoved(Response), "Error.code"),
            (Compatible, FieldPatternRemoved(Request), "Thing.name"),
        ],
    ),
    (
        "field-pattern-changed",
        &[
            (Compatible, FieldPatternChanged(Response), "Error.code"),
            (Breaking, FieldPatternChanged(Request), "Thing.name"),
        ],
    ),
    (
        "field-length-tightened",
        &[
            (Compatible, FieldLengthTightened(Response), "Error.code"),
            (Breaking, FieldLengthTightened(Request), "Thing.name"),
        ],
    ),
    (
        "field-length-loosened",
        &[
            (Compatible, FieldLengthLoosened(Response), "Error.code"),
            (Compatible, FieldLengthLoosened(Request), "Thing.name"),
        ],
    ),
    (
        "field-range-tightened",
        &[
            (Compatible, FieldRangeTightened(Response), "Error.status"),
            (Breaking, FieldRangeTightened(Request), "Thing.size"),
        ],
    ),
    (
        "field-range-loosened",
        &[
            (Compatible, FieldRangeLoosened(Response), "Error.status"),
            (Compatible, FieldRangeLoosened(Request), "Thing.size"),
        ],
    ),
    (
        "field-items-tightened",
        &[
            (Compatible, FieldItemsTightened(Response), "Error.details"),
            (Breaking, FieldItemsTightened(Request), "Thing.tags"),
        ],
    ),
    (
        "field-items-loosened",
        &[
            (Compatible, FieldItemsLoosened(Response), "Error.details"),
            (Compatible, FieldItemsLoosened(Request), "Thing.tags"),
        ],
    ),
    (
        "field-became-read-only",
        &[
            (Compatible, FieldBecameReadOnly(Response), "Error.code"),
            (Breaking, FieldBecameReadOnly(Request), "Thing.name"),
        ],
    ),
    (
        "field-became-writable",
        &[
            (Compatible, FieldBecameWritable(Response), "Error.code"),
            (Compatible, FieldBecameWritable(Request), "Thing.name"),
        ],
    ),
    (
        "required-field-became-nullable",
        &[(Breaking, RequiredFieldBecameNullable, "Thing.name")],
    ),
    (
        "required-field-became-non-nullable",
        &[(Breaking, RequiredFieldBecameNonNullable, "Thing.name")],
    ),
    (
        "optional-field-became-nullable",
        &[(Compatible, OptionalFieldBecameNullable, "Thing.note")],
    ),
    (
        "optional-field-became-non-nullable",
        &[(Compatible, OptionalFieldBecameNonNullable, "Thing.note")],
    ),
    ("enum-became-open", &[(Breaking, EnumBecameOpen, "Kind")]),
    (
        "enum-became-closed",
        &[(Breaking, EnumBecameClosed, "Kind")],
    ),
    (
        "request-body-changed",
        &[(Breaking, RequestBodyChanged, "Things_Put request body")],
    ),
    (
        "response-type-changed",
        &[(Breaking, ResponseTypeChanged, "Things_Get response")],
    ),
    ("schema-added", &[(Compatible, SchemaAdded, "Color")]),
    ("schema-removed", &[(Breaking, SchemaRemoved, "Color")]),
    (
        "optional-field-added",
        &[(Compatible, OptionalFieldAdded, "Thing.weight")],
    ),
    (
        "required-field-added",
        &[(Breaking, RequiredFieldAdded, "Thing.owner")],
    ),
    ("field-removed", &[(Breaking, FieldRemoved, "Thing.note")]),
    (
        "field-became-required",
        &[(Breaking, FieldBecameRequired, "Thing.note")],
    ),
    (
        "field-became-optional",
        &[(Breaking, FieldBecameOptional, "Thing.name")],
    ),
    ("type-changed", &[(Breaking, TypeChanged, "Thing.size")]),
    ("format-changed", &[(Breaking, FormatChanged, "Thing.size")]),
    (
        "array-items-type-changed",
        &[(Breaking, TypeChanged, "Thing.tags")],
    ),
    ("enum-value-added", &[(Compatible, EnumValueAdded, "Kind")]),
    (
        "enum-value-removed",
        &[(Breaking, EnumValueRemoved, "Kind")],
    ),
    (
        "nested-inline-object",
        &[
            (Compatible, OptionalFieldAdded, "Thing.dimensions.depth"),
            (Compatible, EnumValueAdded, "Thing.dimensions.unit"),
            (Breaking, FormatChanged, "Thing.dimensions.width"),
        ],
    ),
    (
        "several-changes",
        &[
            (
                Breaking,
                ParameterRemoved,
                "Things_Get parameter $expand (query)",
            ),
            (Compatible, EnumValueAdded, "Kind"),
            (Breaking, FieldRemoved, "Thing.createdAt"),
        ],
    ),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn pair(case: &str) -> (PathBuf, PathBuf) {
    let dir = fixtures().join(case);
    (dir.join("old.json"), dir.join("new.json"))
}

fn diff_case(case: &str) -> ApiDiff {
    let (old, new) = pair(case);
    let read = |path: &Path| SpecSource::read(path, path.display().to_string()).unwrap();
    diff(&read(&old), &read(&new)).unwrap()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sentinel-incidents-codegen"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn each_case_finds_and_classifies_exactly_its_changes() {
    for (case, expected) in CASES {
        let found: Vec<(Impact, ChangeKind, String)> = diff_case(case)
            .changes
            .into_iter()
            .map(|c| (c.impact(), c.kind, c.location))
            .collect();
        let expected: Vec<(Impact, ChangeKind, String)> = expected
            .iter()
            .map(|(impact, kind, location)| (*impact, *kind, location.to_string()))
            .collect();
        assert_eq!(found, expected, "case {case}");
    }
}

#[test]
fn every_kind_of_change_has_a_case() {
    for kind in ChangeKind::all() {
        assert!(
            CASES
                .iter()
                .any(|(_, changes)| changes.iter().any(|(_, k, _)| *k == kind)),
            "no fixture case for {kind:?}"
        );
    }
}

#[test]
fn every_fixture_pair_has_an_expectation() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            CASES.iter().any(|(case, _)| *case == name),
            "{name} has no expectation in CASES"
        );
    }
}

#[test]
fn changes_carry_the_old_and_new_types() {
    let change = &diff_case("format-changed").changes[0];
    assert_eq!(change.before.as_deref(), Some("integer (int32)"));
    assert_eq!(change.after.as_deref(), Some("integer (int64)"));
    let change = &diff_case("enum-value-added").changes[0];
    assert_eq!(
        (change.before.as_deref(), change.after.as_deref()),
        (None, Some("Huge"))
    );
}

#[test]
fn the_text_report_lists_breaking_changes_first_with_why() {
    let (old, new) = pair("several-changes");
    let out = run(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains(": 2 breaking, 1 compatible"), "{text}");
    let breaking = text.find("\nbreaking:\n").expect(&text);
    let compatible = text.find("\ncompatible:\n").expect(&text);
    assert!(breaking < compatible, "{text}");
    assert!(
        text.contains("  - field removed: Thing.createdAt (was string (date-time))\n      code that reads the field"),
        "{text}"
    );
    assert!(
        text.contains("  - enum value added: Kind (Huge)\n      enums are open"),
        "{text}"
    );
}

#[test]
fn constraint_changes_carry_both_values() {
    let values: Vec<(Option<String>, Option<String>)> = diff_case("parameter-length-tightened")
        .changes
        .into_iter()
        .map(|c| (c.before, c.after))
        .collect();
    assert_eq!(
        values,
        [
            (Some("no minLength".into()), Some("minLength 3".into())),
            (Some("no maxLength".into()), Some("maxLength 63".into())),
        ]
    );
}

#[test]
fn the_markdown_report_is_a_changelog_section() {
    let (old, new) = pair("several-changes");
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let out = run(&["diff", old, new, "--format", "markdown"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!("## API changes from {old} to {new}\n")),
        "{text}"
    );
    let breaking = text.find("\n### Breaking\n\n").expect(&text);
    let compatible = text.find("\n### Compatible\n\n").expect(&text);
    assert!(breaking < compatible, "{text}");
    assert!(
        text.contains(
            "- field removed: `Thing.createdAt` (was `string (date-time)`) (code that reads"
        ),
        "{text}"
    );
    assert!(
        text.contains("- enum value added: `Kind` (`Huge`) (enums are open"),
        "{text}"
    );

    let (same, _) = pair("no-change");
    let same = same.to_str().unwrap();
    let none = stdout(&run(&["diff", same, same, "--format", "markdown"]));
    assert!(none.ends_with("\n\nNo API changes.\n"), "{none}");
}

#[test]
fn the_json_report_is_for_tools() {
    let (old, new) = pair("enum-value-added");
    let out = run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["breaking"], 0);
    assert_eq!(report["compatible"], 1);
    let change = &report["changes"][0];
    assert_eq!(change["kind"], "enum_value_added");
    assert_eq!(change["impact"], "compatible");
    assert_eq!(change["location"], "Kind");
    assert_eq!(change["before"], Value::Null);
    assert_eq!(change["after"], "Huge");
}

#[test]
fn deny_breaking_fails_only_on_breaking_changes() {
    let status = |case: &str| {
        let (old, new) = pair(case);
        run(&[
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--deny-breaking",
        ])
        .status
        .code()
    };
    assert_eq!(status("field-removed"), Some(1));
    assert_eq!(status("optional-field-added"), Some(0));
    assert_eq!(status("no-change"), Some(0));
}

#[test]
fn the_shipped_spec_has_no_changes_against_itself() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/incidents.json");
    let spec = spec.to_str().unwrap();
    let out = run(&["diff", spec, spec, "--deny-breaking"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).starts_with("no API changes"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_spec_that_is_not_openapi_3_0_is_an_error_naming_file_and_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let swagger = dir.path().join("swagger.json");
    std::fs::write(&swagger, r#"{"swagger": "2.0", "paths": {}}"#).unwrap();
    let (old, _) = pair("no-change");
    let out = run(&["diff", old.to_str().unwrap(), swagger.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: at /swagger: Swagger", swagger.display())),
        "{stderr}"
    );
}

/// The no-change spec with descriptions edited: a parameter's, a
/// response's, array items', a field's (which the generated docs carry).
fn docs_only_pair() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (old, _) = pair("no-change");
    let mut new: Value = serde_json::from_str(&std::fs::read_to_string(&old).unwrap()).unwrap();
    let get = &mut new["paths"]["/things/{thingId}"]["get"];
    get["parameters"][0]["description"] = json!("The thing's id.");
    get["responses"]["200"]["description"] = json!("The thing.");
    let thing = &mut new["components"]["schemas"]["Thing"]["properties"];
    thing["tags"]["items"]["description"] = json!("One tag.");
    thing["note"]["description"] = json!("A note, in words.");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.json");
    std::fs::write(&path, new.to_string()).unwrap();
    (dir, old, path)
}

#[test]
fn changed_descriptions_are_counted_apart_from_api_changes() {
    let (_dir, old, new) = docs_only_pair();
    let read = |path: &Path| SpecSource::read(path, path.display().to_string()).unwrap();
    let changes = diff(&read(&old), &read(&new)).unwrap();
    assert!(changes.changes.is_empty(), "{:?}", changes.changes);
    let locations: Vec<&str> = changes.docs.iter().map(|d| d.location.as_str()).collect();
    assert_eq!(
        locations,
        [
            "Things_Get parameter thingId (path)",
            "Things_Get response 200",
            "Thing.note",
            "Thing.tags[]",
        ]
    );
    assert_eq!(changes.docs[1].before.as_deref(), Some("OK"));
    assert_eq!(changes.docs[1].after.as_deref(), Some("The thing."));

    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let text = stdout(&run(&["diff", old, new]));
    assert!(text.starts_with("no API changes"), "{text}");
    assert!(
        text.contains("\n4 description(s) changed (documentation only, no API change):\n  - Things_Get parameter thingId (path)\n"),
        "{text}"
    );
    let markdown = stdout(&run(&["diff", old, new, "--format", "markdown"]));
    assert!(markdown.contains("\nNo API changes.\n"), "{markdown}");
    assert!(
        markdown
            .contains("\n### Documentation only\n\n4 description(s) changed; the API did not.\n\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- `Things_Get response 200`: “OK” → “The thing.”\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- `Thing.note`: none → “A note, in words.”\n"),
        "{markdown}"
    );
    let json: Value =
        serde_json::from_str(&stdout(&run(&["diff", old, new, "--format", "json"]))).unwrap();
    assert_eq!(json["docs_changed"], 4);
    assert_eq!(json["docs"][3]["location"], "Thing.tags[]");
}
