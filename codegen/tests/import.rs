//! The importer against a copy of the shipped upstream files
//! (`tests/fixtures/upstream/`): it reproduces `spec/incidents.json`, scales
//! to every resolvable operation, and fails loudly, naming file, JSON pointer
//! or fixup, when upstream is not what it expects.

mod common;

use common::{copy_dir, run, text};
use std::path::{Path, PathBuf};

use sentinel_incidents_codegen::api_diff::{diff, ChangeKind, Impact};
use sentinel_incidents_codegen::import::{
    import, import_retiring, spec_text, Imported, Selection, Upstream,
};
use sentinel_incidents_codegen::{generate, SpecSource};
use serde_json::{json, Value};

/// Where these files are in the fixture tree depends on the api-version and
/// folder layout `update` last copied there; tests find them by name.
const INCIDENT_TYPES: &str = "IncidentTypes.json";
const ALERT_TYPES: &str = "AlertTypes.json";
const INCIDENTS: &str = "Incidents.json";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream")
}

/// The 2025-03-01 practice copy (hand-written `Incidents.json` and
/// `common/*.json`, older layout), which `update` never rewrites: tests of
/// how the importer treats an upstream change edit it, so they hold
/// whichever api-version and layout the shipped copy has.
fn frozen() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-2025-03-01")
}

/// The import of `frozen()`, in the shipped spec's key order: what the
/// edited copies are compared with.
fn baseline_text() -> String {
    let upstream = Upstream::load(&frozen()).unwrap();
    let imported = import_retiring(&upstream, &incidents_get()).unwrap();
    spec_text(&imported.spec, Some(&shipped_text()))
}

fn baseline_spec() -> Value {
    serde_json::from_str(&baseline_text()).unwrap()
}

/// The path, relative to `dir`, of the one file there named `name`.
fn find(dir: &Path, name: &str) -> PathBuf {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(current) = dirs.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().unwrap() == name {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    assert_eq!(found.len(), 1, "one {name} under {}", dir.display());
    found.remove(0)
}

fn shipped_spec() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/incidents.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn incidents_get() -> Selection {
    Selection::Operations(vec!["Incidents_Get".into()])
}

/// A copy of the frozen upstream files, with the file named `file` edited by `edit`.
fn edited_upstream(file: &str, edit: impl FnOnce(&mut Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&frozen(), dir.path());
    let path = dir.path().join(find(dir.path(), file));
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut doc);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    dir
}

/// The operations an import skipped, by id.
fn skipped_ids(imported: &Imported) -> Vec<&str> {
    imported
        .skipped
        .iter()
        .map(|s| s.operation_id.as_str())
        .collect()
}

fn shipped_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/incidents.json");
    std::fs::read_to_string(path).unwrap()
}

/// The lines of `new` that differ from `old`, as `-old`/`+new` lines.
fn changed_lines(old: &str, new: &str) -> Vec<String> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value().trim_end()))
        .collect()
}

#[test]
fn importing_incidents_get_reproduces_the_shipped_spec_byte_for_byte() {
    let upstream = Upstream::load(&fixtures()).unwrap();
    let imported = import(&upstream, &incidents_get()).unwrap();
    let committed = shipped_text();
    let text = spec_text(&imported.spec, Some(&committed));
    if text != committed {
        let diff = similar::TextDiff::from_lines(&committed, &text)
            .unified_diff()
            .header("spec/incidents.json", "imported")
            .to_string();
        panic!("the import differs from spec/incidents.json:\n{diff}");
    }
    assert_eq!(imported.spec, shipped_spec());
    assert_eq!(imported.operations, ["Incidents_Get"]);
    assert!(imported.skipped.is_empty());
}

#[test]
fn import_leaves_an_up_to_date_spec_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("incidents.json");
    std::fs::write(&out, shipped_text()).unwrap();
    let fixtures = fixtures();
    let result = run(&[
        "import",
        "--upstream",
        fixtures.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    assert!(text(&result.stdout).contains("left unchanged"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), shipped_text());
}

#[test]
fn a_one_value_change_upstream_is_a_one_line_change_of_the_spec() {
    let upstream = edited_upstream(INCIDENT_TYPES, |doc| {
        doc["definitions"]["IncidentOwnerInfo"]["properties"]["email"]["description"] =
            json!("The owner's email.");
    });
    let imported = import(&Upstream::load(upstream.path()).unwrap(), &incidents_get()).unwrap();
    let committed = baseline_text();
    let text = spec_text(&imported.spec, Some(&committed));
    assert_eq!(
        changed_lines(&committed, &text),
        [
            "-            \"description\": \"The email of the user the incident is assigned to.\"",
            "+            \"description\": \"The owner's email.\"",
        ]
    );
}

#[test]
fn a_new_keyword_upstream_lands_in_its_canonical_place() {
    let upstream = edited_upstream(INCIDENTS, |doc| {
        doc["parameters"]["IncidentId"]["pattern"] = json!("^[a-z0-9-]+$");
    });
    let imported = import(&Upstream::load(upstream.path()).unwrap(), &incidents_get()).unwrap();
    let committed = baseline_text();
    let text = spec_text(&imported.spec, Some(&committed));
    assert_eq!(
        changed_lines(&committed, &text),
        [
            "-              \"type\": \"string\"",
            "+              \"type\": \"string\",",
            "+              \"pattern\": \"^[a-z0-9-]+$\"",
        ]
    );
}

#[test]
fn all_operations_import_except_those_reaching_the_missing_entity_types() {
    let upstream = Upstream::load(&frozen()).unwrap();
    let imported = import(&upstream, &Selection::All).unwrap();
    assert_eq!(
        imported.operations,
        [
            "Incidents_List",
            "Incidents_Get",
            "Incidents_CreateOrUpdate",
            "Incidents_Delete",
            "IncidentComments_List",
            "IncidentComments_Get",
            "IncidentComments_CreateOrUpdate",
            "IncidentComments_Delete",
            "IncidentRelations_List",
            "IncidentRelations_Get",
            "IncidentRelations_CreateOrUpdate",
            "IncidentRelations_Delete",
            "IncidentTasks_List",
            "IncidentTasks_Get",
            "IncidentTasks_CreateOrUpdate",
            "IncidentTasks_Delete",
        ]
    );
    assert_eq!(
        skipped_ids(&imported),
        [
            "Incidents_ListAlerts",
            "Incidents_ListBookmarks",
            "Incidents_ListEntities"
        ]
    );
    for skip in &imported.skipped {
        assert!(
            skip.reason.starts_with("reaches common/EntityTypes.json"),
            "{skip:?}"
        );
    }
    // The shared models come out as for Get alone; the new ones are merged the same way.
    let schemas = &imported.spec["components"]["schemas"];
    assert_eq!(
        schemas["Incident"],
        baseline_spec()["components"]["schemas"]["Incident"]
    );
    assert_eq!(schemas["IncidentTask"]["required"], json!(["properties"]));
    assert_eq!(
        schemas["IncidentTask"]["properties"]["etag"]["type"],
        "string"
    );
    assert!(schemas.get("ResourceWithEtag").is_none());
}

#[test]
fn the_generator_accepts_the_import_of_all_operations() {
    let upstream = Upstream::load(&fixtures()).unwrap();
    let imported = import(&upstream, &Selection::All).unwrap();
    let spec = SpecSource::new("all-operations.json", imported.spec.to_string());
    let code = generate(&spec, &common::target()).unwrap();
    for method in [
        "incidents_list",
        "incident_comments_create_or_update",
        "incident_tasks_delete",
    ] {
        assert!(
            code.contains(&format!("pub async fn {method}<")),
            "no {method}"
        );
    }
}

#[test]
fn naming_an_operation_that_reaches_a_missing_file_is_an_error() {
    let upstream = Upstream::load(&frozen()).unwrap();
    let err = import(
        &upstream,
        &Selection::Operations(vec!["Incidents_ListAlerts".into()]),
    )
    .unwrap_err();
    assert!(err.file().ends_with("/Incidents.json"), "{err}");
    assert_eq!(err.pointer(), "/paths/~1subscriptions~1{subscriptionId}~1resourceGroups~1{resourceGroupName}~1providers~1Microsoft.OperationalInsights~1workspaces~1{workspaceName}~1providers~1Microsoft.SecurityInsights~1incidents~1{incidentId}~1alerts/post");
    assert!(
        err.message().contains("reaches common/EntityTypes.json"),
        "{err}"
    );
}

#[test]
fn an_unknown_operation_is_an_error_listing_the_known_ones() {
    let upstream = Upstream::load(&fixtures()).unwrap();
    let err = import(
        &upstream,
        &Selection::Operations(vec!["Incidents_Frobnicate".into()]),
    )
    .unwrap_err();
    assert!(
        err.message()
            .contains("no operation `Incidents_Frobnicate`"),
        "{err}"
    );
    assert!(err.message().contains("Incidents_Get"), "{err}");
}

/// With a fixup every practice api-version still needs (2025-10-01-preview
/// included), so this build holds it whatever api-version the workspace was
/// updated to: `label-type-not-read-only`, say, is gone from fixups.rs once
/// `update` to the preview has retired it.
#[test]
fn a_fixup_whose_target_disappeared_fails_naming_it() {
    let upstream = edited_upstream(ALERT_TYPES, |doc| {
        doc["definitions"]["AttackTactic"]
            .as_object_mut()
            .unwrap()
            .remove("description")
            .expect("the quirk the fixup edits is there");
    });
    let out = run(&[
        "import",
        "--upstream",
        upstream.path().to_str().unwrap(),
        "--out",
        "/dev/null",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("AlertTypes.json: at /definitions/AttackTactic/description: fixup `attack-tactic-description` no longer applies: nothing at this pointer"),
        "{stderr}"
    );
    assert!(stderr.contains("codegen/src/import/fixups.rs"), "{stderr}");
}

#[test]
fn an_upstream_change_shows_in_the_import_and_its_diff() {
    let upstream = edited_upstream(INCIDENT_TYPES, |doc| {
        let severity = &mut doc["definitions"]["IncidentSeverityEnum"];
        severity["enum"]
            .as_array_mut()
            .unwrap()
            .push(json!("Critical"));
    });
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("incidents.json");
    let (upstream, out) = (upstream.path().to_str().unwrap(), out.to_str().unwrap());

    let import = run(&[
        "import",
        "--upstream",
        upstream,
        "--operation",
        "Incidents_Get",
        "--out",
        out,
    ]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    assert!(
        text(&import.stdout).starts_with(&format!("wrote {out} with 1 operation(s)")),
        "{}",
        text(&import.stdout)
    );

    let shipped = out_dir.path().join("baseline.json");
    std::fs::write(&shipped, baseline_text()).unwrap();
    let diff = run(&[
        "diff",
        shipped.to_str().unwrap(),
        out,
        "--format",
        "json",
        "--deny-breaking",
    ]);
    assert!(diff.status.success(), "{}", text(&diff.stdout));
    let report: Value = serde_json::from_str(&text(&diff.stdout)).unwrap();
    assert_eq!(report["changes"].as_array().unwrap().len(), 1, "{report:#}");
    assert_eq!(report["changes"][0]["kind"], "enum_value_added");
    assert_eq!(report["changes"][0]["location"], "IncidentSeverity");

    let again = run(&["import", "--upstream", upstream, "--out", out]);
    assert!(
        text(&again.stdout).contains("left unchanged"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn an_unknown_upstream_keyword_is_an_error_naming_file_and_pointer() {
    let upstream = edited_upstream(INCIDENT_TYPES, |doc| {
        doc["definitions"]["IncidentLabel"]["properties"]["labelName"]["x-ms-new-thing"] =
            json!(true);
    });
    let err = import(&Upstream::load(upstream.path()).unwrap(), &incidents_get()).unwrap_err();
    assert!(err.file().ends_with("common/IncidentTypes.json"), "{err}");
    assert_eq!(
        err.pointer(),
        "/definitions/IncidentLabel/properties/labelName/x-ms-new-thing"
    );
    assert!(
        err.message()
            .contains("unknown schema keyword `x-ms-new-thing`"),
        "{err}"
    );
}

#[test]
fn malformed_upstream_json_names_the_file_and_line() {
    let dir = edited_upstream(INCIDENT_TYPES, |_| {});
    std::fs::write(
        dir.path().join(find(dir.path(), INCIDENT_TYPES)),
        "{\n  \"swagger\": \"2.0\",\n  oops\n}",
    )
    .unwrap();
    let err = Upstream::load(dir.path()).unwrap_err();
    assert!(err.file().ends_with("common/IncidentTypes.json"), "{err}");
    assert!(err.message().contains("malformed JSON at line 3"), "{err}");
}

#[test]
fn a_directory_with_several_root_files_asks_for_one() {
    let dir = edited_upstream(INCIDENT_TYPES, |_| {});
    let version = dir.path().join(find(dir.path(), INCIDENTS));
    let version = version.parent().unwrap();
    copy_dir(version, &version.with_file_name("2099-01-01"));
    let err = Upstream::load(dir.path()).unwrap_err();
    assert!(
        err.message().contains("2 files named Incidents.json"),
        "{err}"
    );
    assert!(err.message().contains("2099-01-01/Incidents.json"), "{err}");
}

#[test]
fn two_different_enums_with_one_name_are_an_error_naming_both() {
    let upstream = edited_upstream(INCIDENT_TYPES, |doc| {
        let owner_type = &mut doc["definitions"]["IncidentOwnerInfo"]["properties"]["ownerType"];
        owner_type["x-ms-enum"]["name"] = json!("IncidentStatus");
    });
    let err = import(&Upstream::load(upstream.path()).unwrap(), &incidents_get()).unwrap_err();
    assert!(
        err.message()
            .contains("both become component `IncidentStatus` but differ"),
        "{err}"
    );
    // The error is at one of them and names the other.
    let text = err.to_string();
    assert!(
        text.contains("/definitions/IncidentOwnerInfo/properties/ownerType"),
        "{err}"
    );
    assert!(
        text.contains("/definitions/IncidentProperties/properties/status"),
        "{err}"
    );
}

#[test]
fn an_openapi_3_file_is_not_upstream() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/incidents.json");
    let err = Upstream::load(&spec).unwrap_err();
    assert_eq!(err.pointer(), "/swagger");
    assert!(
        err.message()
            .contains("not a Swagger 2.0 file (version \"3.0.3\")"),
        "{err}"
    );
}

/// Microsoft's 2025-03-01 files in the newer folder layout
/// (`Microsoft.SecurityInsights/SecurityInsights/stable/<v>/`), with common
/// types v5 and `common/EntityTypes.json` (see its PROVENANCE.md).
fn new_layout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-new-layout")
}

#[test]
fn the_newer_folder_layout_and_common_types_v5_import_like_the_shipped_files() {
    let upstream = Upstream::load(&new_layout()).unwrap();
    assert!(upstream
        .root()
        .ends_with("Microsoft.SecurityInsights/SecurityInsights/stable/2025-03-01/Incidents.json"));
    let mut imported = import(&upstream, &incidents_get()).unwrap().spec;
    let mut shipped = baseline_spec();
    // Only the api-version differs from the spec this crate ships.
    for spec in [&mut imported, &mut shipped] {
        let version = spec["info"]["version"].as_str().unwrap().to_string();
        let description = spec["info"]["description"].as_str().unwrap();
        spec["info"]["description"] = json!(description.replace(&version, "VERSION"));
        spec["info"]["version"] = json!("VERSION");
    }
    assert_eq!(imported, shipped);
}

#[test]
fn all_operations_skips_what_it_cannot_convert_and_keeps_the_rest() {
    let upstream = Upstream::load(&new_layout()).unwrap();
    let imported = import(&upstream, &Selection::All).unwrap();
    assert_eq!(imported.operations.len(), 16, "{:?}", imported.operations);
    assert_eq!(
        skipped_ids(&imported),
        [
            "Incidents_ListAlerts",
            "Incidents_ListBookmarks",
            "Incidents_ListEntities"
        ]
    );
    for skip in &imported.skipped {
        assert!(
            skip.reason
                .starts_with("cannot be converted: specification/securityinsights/")
                && skip.reason.contains(
                    "common/EntityTypes.json at /definitions/Entity/discriminator: \
                     polymorphic models (`discriminator`) are not supported"
                ),
            "{skip:?}"
        );
    }
    // Nothing the skipped operations reached stays behind.
    let schemas = imported.spec["components"]["schemas"].as_object().unwrap();
    assert!(!schemas.contains_key("Entity") && !schemas.contains_key("SecurityAlert"));
    let code = generate(
        &SpecSource::new("all.json", imported.spec.to_string()),
        &common::target(),
    )
    .unwrap();
    assert!(code.contains("pub async fn incident_relations_get<"));
}

/// 2024-09-01 added a pattern and lengths to the relation-name parameter,
/// which the service then enforces: diff must call that breaking.
#[test]
fn diff_calls_the_relation_name_constraints_of_2024_09_01_breaking() {
    let upstream = Upstream::load(&new_layout()).unwrap();
    let new = import(&upstream, &Selection::All).unwrap().spec;
    let mut old = new.clone();
    // The api-version before 2024-09-01 differs only there: the parameter had no constraints.
    for item in old["paths"].as_object_mut().unwrap().values_mut() {
        for op in item.as_object_mut().unwrap().values_mut() {
            for param in op["parameters"].as_array_mut().into_iter().flatten() {
                if param["name"] == "relationName" {
                    let schema = param["schema"].as_object_mut().unwrap();
                    for keyword in ["pattern", "minLength", "maxLength"] {
                        schema.remove(keyword).unwrap();
                    }
                }
            }
        }
    }
    let source = |name: &str, spec: &Value| SpecSource::new(name, spec.to_string());
    let changes = diff(&source("old", &old), &source("new", &new)).unwrap();
    let found: Vec<(Impact, ChangeKind, String)> = changes
        .changes
        .iter()
        .map(|c| (c.impact(), c.kind, c.location.clone()))
        .collect();
    let mut expected = Vec::new();
    for op in [
        "IncidentRelations_CreateOrUpdate",
        "IncidentRelations_Delete",
        "IncidentRelations_Get",
    ] {
        let at = format!("{op} parameter relationName (path)");
        expected.push((
            Impact::Breaking,
            ChangeKind::ParameterPatternAdded,
            at.clone(),
        ));
        expected.push((
            Impact::Breaking,
            ChangeKind::ParameterLengthTightened,
            at.clone(),
        ));
        expected.push((Impact::Breaking, ChangeKind::ParameterLengthTightened, at));
    }
    assert_eq!(found, expected);
    assert!(changes.has_breaking());
}
