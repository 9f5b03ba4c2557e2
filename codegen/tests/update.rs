//! `update` as a maintainer runs it, on copies of the workspace's files: on
//! the shipped upstream it changes nothing; to the newer-layout 2025-03-01
//! fixture it rewrites every file that names the api-version, consistently;
//! it refuses a breaking change unless allowed; it finds the newest stable
//! api-version in either folder layout and fails clearly on what it cannot read.
//!
//! The copies start at api-version 2024-03-01 whatever api-version the
//! workspace is at (a maintainer's `update`, or the rehearsal's, moves it):
//! see [`scratch_workspace`].

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, run, text};
use sentinel_incidents_codegen::import::{find_release, Upstream};
use sentinel_incidents_codegen::update::{
    self, UpdateOptions, FIXTURE_UPSTREAM, VERSION_MENTION_FILES,
};
use serde_json::{json, Value};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn new_layout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-new-layout")
}

/// The api-version the scratch workspaces start at: the shipped one.
const BASELINE_VERSION: &str = "2024-03-01";

/// The shipped upstream files of [`BASELINE_VERSION`], which `update` never
/// rewrites (unlike `FIXTURE_UPSTREAM`, the copy of what it last imported).
fn baseline_upstream() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-2024-03-01")
}

/// The workspace files `update` reads and writes, copied into a temporary
/// directory, then updated to [`baseline_upstream`] (with `--allow-breaking`,
/// as going back from a newer api-version is breaking). On the shipped
/// workspace that update changes nothing, so the tests start from the
/// shipped files; on a workspace a maintainer has since updated, they start
/// from what the current generator and fixups make of the shipped
/// api-version, and their expectations (a move from 2024-03-01) still hold.
fn scratch_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "spec/incidents.json",
        "spec/README.md",
        "spec/target.json",
        "generated/incidents.rs",
        "tests/snapshots/generated_code__api_surface.snap",
    ];
    for file in files.iter().chain(VERSION_MENTION_FILES) {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(workspace().join(file), to).unwrap();
    }
    copy_dir(
        &workspace().join(FIXTURE_UPSTREAM),
        &dir.path().join(FIXTURE_UPSTREAM),
    );
    let out = run(&[
        "update",
        "--workspace",
        dir.path().to_str().unwrap(),
        "--upstream",
        baseline_upstream().to_str().unwrap(),
        "--api-version",
        BASELINE_VERSION,
        "--allow-breaking",
    ]);
    assert!(
        out.status.success(),
        "updating the scratch workspace to {BASELINE_VERSION} failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn update_on_the_shipped_upstream_leaves_every_file_byte_identical() {
    let options = UpdateOptions {
        upstream: workspace().join(FIXTURE_UPSTREAM),
        api_version: None,
    };
    let plan = update::plan(&workspace(), &options, &mut |_| {}).unwrap();
    let changed: Vec<&Path> = plan
        .files
        .iter()
        .filter(|f| f.changes_tree())
        .map(|f| f.path())
        .collect();
    assert!(changed.is_empty(), "update would change {changed:?}");
    assert!(plan.diff.changes.is_empty());
    assert_eq!(plan.old_version, plan.new_version);
}

#[test]
fn update_to_the_newer_layout_rewrites_every_file_that_names_the_api_version() {
    let dir = scratch_workspace();
    let ws = dir.path().to_str().unwrap();
    let before: Vec<String> = VERSION_MENTION_FILES
        .iter()
        .map(|file| read(dir.path(), file))
        .collect();
    let upstream = new_layout();
    let out = run(&[
        "update",
        "--workspace",
        ws,
        "--upstream",
        upstream.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let report = text(&out.stdout);
    assert!(
        report.contains(&format!(
            "imported Incidents_Get (api-version {BASELINE_VERSION} → 2025-03-01)"
        )),
        "{report}"
    );
    assert!(
        report.contains("The API surface users see is unchanged."),
        "{report}"
    );

    let spec: Value = serde_json::from_str(&read(dir.path(), "spec/incidents.json")).unwrap();
    assert_eq!(spec["info"]["version"], "2025-03-01");
    let code = read(dir.path(), "generated/incidents.rs");
    assert!(code.contains("pub const API_VERSION: &str = \"2025-03-01\";"));
    assert!(code.starts_with("// @generated by sentinel-incidents-codegen from spec/incidents.json (api-version 2025-03-01)."));
    let readme = read(dir.path(), "spec/README.md");
    assert!(
        readme.contains("- api-version: `2025-03-01`; operation(s): `Incidents_Get`."),
        "{readme}"
    );
    assert!(
        readme.contains(
            "| `specification/securityinsights/resource-manager/Microsoft.SecurityInsights/SecurityInsights/stable/2025-03-01/Incidents.json` \
             | `bb4402fc3d3c2221601fc207d40e7db07549f77a5c97f277a169c54cb101ca65` |"
        ),
        "{readme}"
    );
    for (file, before) in VERSION_MENTION_FILES.iter().zip(&before) {
        assert!(before.contains(BASELINE_VERSION), "{file}");
        let expected = before.replace(BASELINE_VERSION, "2025-03-01");
        assert_eq!(read(dir.path(), file), expected, "{file}");
    }
    // The upstream copy is now the files this import used, in their layout.
    let copy = dir.path().join(FIXTURE_UPSTREAM);
    let upstream = Upstream::load(&copy).unwrap();
    assert!(upstream
        .root()
        .ends_with("SecurityInsights/stable/2025-03-01/Incidents.json"));
    assert!(!copy
        .join("specification/common-types/resource-management/v3")
        .exists());
    assert!(!copy
        .join("specification/securityinsights/resource-manager/Microsoft.SecurityInsights/stable")
        .exists());
    assert!(read(&copy, "PROVENANCE.md").contains("api-version `2025-03-01`"));

    // The result is consistent: nothing left to update, import reproduces
    // the spec, the generated code and its snapshot are up to date.
    let again = run(&[
        "update",
        "--workspace",
        ws,
        "--upstream",
        new_layout().to_str().unwrap(),
    ]);
    assert!(
        text(&again.stdout).contains("the tree is unchanged"),
        "{}",
        text(&again.stdout)
    );
    let import = run(&["import", "--workspace", ws]);
    assert!(
        text(&import.stdout).contains("left unchanged"),
        "{}",
        text(&import.stdout)
    );
    let check = run(&["check", "--workspace", ws]);
    assert!(check.status.success(), "{}", text(&check.stderr));
}

/// The shipped upstream with `Informational` removed from the severities:
/// a variant disappears for users.
fn breaking_upstream() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&baseline_upstream(), dir.path());
    let root = Upstream::load(dir.path()).unwrap().root().to_path_buf();
    let types = root.parent().unwrap().join("common/IncidentTypes.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&types).unwrap()).unwrap();
    let severity = &mut doc["definitions"]["IncidentSeverityEnum"];
    severity["enum"] = json!(["High", "Medium", "Low"]);
    let values = severity["x-ms-enum"]["values"].as_array_mut().unwrap();
    values.retain(|v| v["value"] != "Informational");
    std::fs::write(&types, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    dir
}

#[test]
fn update_refuses_a_breaking_change_unless_allowed_and_says_what_users_see() {
    let dir = scratch_workspace();
    let ws = dir.path().to_str().unwrap();
    let upstream = breaking_upstream();
    let upstream = upstream.path().to_str().unwrap();
    let before = read(dir.path(), "spec/incidents.json");

    let refused = run(&["update", "--workspace", ws, "--upstream", upstream]);
    assert_eq!(refused.status.code(), Some(1));
    let report = text(&refused.stdout);
    assert!(
        report
            .contains("\nbreaking:\n  - enum value removed: IncidentSeverity (was Informational)"),
        "{report}"
    );
    assert!(
        report.contains("\n-    Informational\n"),
        "the surface diff shows the variant going: {report}"
    );
    assert!(
        text(&refused.stderr).contains("refused: 1 breaking change(s)"),
        "{}",
        text(&refused.stderr)
    );
    assert!(text(&refused.stderr).contains("--allow-breaking"));
    assert_eq!(
        read(dir.path(), "spec/incidents.json"),
        before,
        "nothing written"
    );

    let allowed = run(&[
        "update",
        "--workspace",
        ws,
        "--upstream",
        upstream,
        "--allow-breaking",
    ]);
    assert!(allowed.status.success(), "{}", text(&allowed.stderr));
    assert!(!read(dir.path(), "spec/incidents.json").contains("\"Informational\""));
    let snapshot = read(
        dir.path(),
        "tests/snapshots/generated_code__api_surface.snap",
    );
    assert!(!snapshot.contains("Informational"));
    assert!(run(&["check", "--workspace", ws]).status.success());
}

/// One `specification/` tree holding 2025-03-01 in the newer layout and,
/// in the older one, an `Incidents.json` for 2024-01-01 (only found, never
/// imported).
fn both_layouts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&new_layout(), dir.path());
    let older = dir.path().join(
        "specification/securityinsights/resource-manager/Microsoft.SecurityInsights/stable/2024-01-01",
    );
    std::fs::create_dir_all(&older).unwrap();
    std::fs::write(older.join("Incidents.json"), r#"{"swagger": "2.0"}"#).unwrap();
    dir
}

#[test]
fn the_newest_stable_version_is_found_in_either_layout() {
    let dir = both_layouts();
    let newest = find_release(dir.path(), None).unwrap();
    assert_eq!(newest.api_version, "2025-03-01");
    assert!(newest
        .root
        .ends_with("Microsoft.SecurityInsights/SecurityInsights/stable/2025-03-01/Incidents.json"));
    let older = find_release(dir.path(), Some("2024-01-01")).unwrap();
    assert!(older
        .root
        .ends_with("resource-manager/Microsoft.SecurityInsights/stable/2024-01-01/Incidents.json"));

    let err = find_release(dir.path(), Some("2030-01-01")).unwrap_err();
    assert!(
        err.message().contains(
            "no stable api-version 2030-01-01 of the Incidents operations under this directory; \
             it has 2024-01-01, 2025-03-01"
        ),
        "{err}"
    );
}

#[test]
fn one_api_version_in_both_layouts_asks_for_the_file() {
    let dir = both_layouts();
    let stable = dir
        .path()
        .join("specification/securityinsights/resource-manager/Microsoft.SecurityInsights/stable");
    copy_dir(&stable.join("2024-01-01"), &stable.join("2025-03-01"));
    let err = find_release(dir.path(), None).unwrap_err();
    assert!(
        err.message().contains(
            "api-version 2025-03-01 is there in both folder layouts; pass the file to import"
        ),
        "{err}"
    );
}

/// The 2025-03-01 folder copied as `version`, its Incidents.json renamed
/// openapi.json and edited, as TypeSpec's single file for the provider.
fn typespec_release(version: &str, edit: impl FnOnce(&mut Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&new_layout(), dir.path());
    let from = find_release(dir.path(), Some("2025-03-01")).unwrap().root;
    let folder = from.parent().unwrap().with_file_name(version);
    copy_dir(from.parent().unwrap(), &folder);
    std::fs::remove_file(folder.join("Incidents.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&from).unwrap()).unwrap();
    doc["info"]["version"] = json!(version);
    doc["info"]["x-typespec-generated"] = json!([{ "emitter": "@azure-tools/typespec-autorest" }]);
    edit(&mut doc);
    std::fs::write(folder.join("openapi.json"), doc.to_string()).unwrap();
    dir
}

#[test]
fn a_typespec_swagger_openapi_json_is_imported_like_incidents_json() {
    let dir = typespec_release("2099-01-01", |_| {});
    let release = find_release(dir.path(), None).unwrap();
    assert_eq!(release.api_version, "2099-01-01");
    assert!(release.root.ends_with("2099-01-01/openapi.json"));

    let ws = scratch_workspace();
    let options = UpdateOptions {
        upstream: dir.path().to_path_buf(),
        api_version: None,
    };
    let plan = update::plan(ws.path(), &options, &mut |_| {}).unwrap();
    assert_eq!(plan.new_version, "2099-01-01");
    assert!(plan.diff.changes.is_empty(), "{:?}", plan.diff.changes);
}

#[test]
fn a_typespec_openapi_3_file_is_refused_saying_what_to_do() {
    let dir = typespec_release("2099-01-01", |doc| {
        *doc = json!({ "openapi": "3.0.0", "info": doc["info"].clone(), "paths": {} });
    });
    let err = find_release(dir.path(), None).unwrap_err();
    assert!(err.file().ends_with("2099-01-01/openapi.json"), "{err}");
    assert_eq!(err.pointer(), "/openapi");
    for words in [
        "api-version 2099-01-01 is described only by this TypeSpec-emitted OpenAPI 3.0.0 file",
        "the importer reads Swagger 2.0",
        "@azure-tools/typespec-autorest",
        "--api-version",
        "2025-03-01",
    ] {
        assert!(err.message().contains(words), "{words}: {err}");
    }
    let ws = scratch_workspace();
    let out = run(&[
        "update",
        "--workspace",
        ws.path().to_str().unwrap(),
        "--upstream",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("TypeSpec-emitted OpenAPI 3.0.0"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_directory_without_the_incidents_operations_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let err = find_release(dir.path(), None).unwrap_err();
    assert!(
        err.message().contains(
            "looked for Microsoft.SecurityInsights/stable/<version>/ and \
             Microsoft.SecurityInsights/SecurityInsights/stable/<version>/"
        ),
        "{err}"
    );
}

/// A practice copy of upstream kept under `tests/fixtures/` (see each
/// copy's PROVENANCE.md): `upstream-2024-09-01`, `upstream-2025-03-01` (older
/// layout, `Incidents.json`), `upstream-2025-10-01-preview` (newer layout,
/// TypeSpec's `openapi.json` under `preview/`).
fn practice_copy(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/upstream-{version}"))
}

/// Every practice copy in one `specification/` tree, as in a clone of
/// azure-rest-api-specs.
fn every_practice_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for version in ["2024-09-01", "2025-03-01", "2025-10-01-preview"] {
        copy_dir(&practice_copy(version), dir.path());
    }
    dir
}

#[test]
fn without_an_api_version_update_takes_the_newest_stable_and_names_the_previews_it_skipped() {
    let dir = every_practice_copy();
    let newest = find_release(dir.path(), None).unwrap();
    assert_eq!(newest.api_version, "2025-03-01");
    assert!(newest
        .root
        .ends_with("Microsoft.SecurityInsights/stable/2025-03-01/Incidents.json"));
    assert_eq!(newest.skipped_previews, ["2025-10-01-preview"]);

    let preview = find_release(dir.path(), Some("2025-10-01-preview")).unwrap();
    assert!(preview.root.ends_with(
        "Microsoft.SecurityInsights/SecurityInsights/preview/2025-10-01-preview/openapi.json"
    ));
    assert!(preview.skipped_previews.is_empty());

    let ws = scratch_workspace();
    let options = UpdateOptions {
        upstream: dir.path().to_path_buf(),
        api_version: None,
    };
    let mut log = Vec::new();
    let plan = update::plan(ws.path(), &options, &mut |line| log.push(line.to_string())).unwrap();
    assert_eq!(plan.new_version, "2025-03-01");
    assert_eq!(plan.skipped_previews, ["2025-10-01-preview"]);
    assert!(
        log[0]
            .contains("skipped the newer preview(s) 2025-10-01-preview: --api-version adopts one"),
        "{log:?}"
    );
}

/// The 2025-03-01 practice copy with `edit` applied to its version folder.
fn edited_release(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&practice_copy("2025-03-01"), dir.path());
    let root = find_release(dir.path(), None).unwrap().root;
    edit(root.parent().unwrap());
    dir
}

#[test]
fn the_file_that_defines_the_operations_is_found_whatever_its_name() {
    let dir = edited_release(|folder| {
        std::fs::rename(
            folder.join("Incidents.json"),
            folder.join("SecurityInsightsIncidents.json"),
        )
        .unwrap();
        // Another file of the folder, for other operations.
        let other =
            json!({"swagger": "2.0", "paths": {"/x": {"get": {"operationId": "Other_Get"}}}});
        std::fs::write(folder.join("Other.json"), other.to_string()).unwrap();
    });
    let release = find_release(dir.path(), None).unwrap();
    assert!(release
        .root
        .ends_with("2025-03-01/SecurityInsightsIncidents.json"));
    let upstream = Upstream::load(dir.path()).unwrap();
    assert_eq!(upstream.root(), release.root);
}

#[test]
fn two_files_that_define_one_operation_are_an_error_naming_both() {
    let dir = edited_release(|folder| {
        std::fs::copy(folder.join("Incidents.json"), folder.join("Copy.json")).unwrap();
    });
    let err = find_release(dir.path(), None).unwrap_err();
    let message = err.message();
    assert!(
        message.contains("two files define operation `Incidents_Get`"),
        "{err}"
    );
    assert!(message.contains("2025-03-01/Copy.json and "), "{err}");
    assert!(message.contains("2025-03-01/Incidents.json"), "{err}");
    let err = Upstream::load(dir.path()).unwrap_err();
    assert!(
        err.message()
            .contains("two files define operation `Incidents_Get`"),
        "{err}"
    );
}

/// `update` to TypeSpec's preview with no hand edit: the fixups upstream
/// made obsolete are deleted from the workspace's fixups.rs (whatever this
/// build still holds), the upstream copy is the preview's `openapi.json`,
/// and a second update changes nothing.
#[test]
fn update_to_the_typespec_preview_retires_obsolete_fixups_and_needs_no_hand_edit() {
    let dir = scratch_workspace();
    let fixups = "codegen/src/import/fixups.rs";
    std::fs::create_dir_all(dir.path().join("codegen/src/import")).unwrap();
    std::fs::copy(workspace().join(fixups), dir.path().join(fixups)).unwrap();
    let ws = dir.path().to_str().unwrap();
    let preview = practice_copy("2025-10-01-preview");
    let args = [
        "update",
        "--workspace",
        ws,
        "--upstream",
        preview.to_str().unwrap(),
        "--api-version",
        "2025-10-01-preview",
    ];
    let out = run(&args);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let report = text(&out.stdout);
    assert!(report.contains("→ 2025-10-01-preview"), "{report}");
    // IncidentLabelType is no longer readOnly upstream.
    assert!(!read(dir.path(), fixups).contains("name: \"label-type-not-read-only\""));
    let copy = dir.path().join(FIXTURE_UPSTREAM);
    let upstream = Upstream::load(&copy).unwrap();
    assert!(upstream
        .root()
        .ends_with("SecurityInsights/preview/2025-10-01-preview/openapi.json"));
    let spec: Value = serde_json::from_str(&read(dir.path(), "spec/incidents.json")).unwrap();
    assert_eq!(spec["info"]["version"], "2025-10-01-preview");
    // TypeSpec's `Azure.Core.uuid` scalar stays a plain uuid string.
    let owner = &spec["components"]["schemas"]["IncidentOwnerInfo"]["properties"]["objectId"];
    assert_eq!(owner["format"], "uuid", "{owner}");

    let again = run(&args);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("the tree is unchanged"),
        "{}",
        text(&again.stdout)
    );
    let check = run(&["check", "--workspace", ws]);
    assert!(check.status.success(), "{}", text(&check.stderr));
}
