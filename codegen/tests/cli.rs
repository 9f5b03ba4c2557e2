//! The maintainer command as a maintainer runs it: `check` passes on the
//! committed tree and fails, with a diff and the fixing command, once the
//! spec changes; `regen` makes it pass again.

mod common;

use common::{run, text};
use std::path::{Path, PathBuf};

use sentinel_incidents_codegen::{api_surface, api_surface_snapshot, API_SURFACE_SNAPSHOT};
use serde_json::{json, Value};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The shipped spec with a new enum value and a new field.
fn changed_spec() -> Value {
    let spec = std::fs::read_to_string(workspace().join("spec/incidents.json")).unwrap();
    let mut spec: Value = serde_json::from_str(&spec).unwrap();
    let severity = &mut spec["components"]["schemas"]["IncidentSeverity"];
    severity["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("Critical"));
    spec["components"]["schemas"]["IncidentProperties"]["properties"]["riskScore"] =
        json!({ "type": "integer", "format": "int32", "description": "A risk score" });
    spec
}

/// Whether the diff adds a line containing `words`.
fn added(diff: &str, words: &str) -> bool {
    diff.lines()
        .any(|l| l.starts_with('+') && l.contains(words))
}

#[test]
fn check_passes_on_the_committed_tree() {
    let out = run(&["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn check_fails_with_a_diff_when_the_spec_changes_and_regen_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("incidents.json");
    std::fs::write(
        &spec,
        serde_json::to_string_pretty(&changed_spec()).unwrap(),
    )
    .unwrap();
    let committed = workspace().join("generated/incidents.rs");
    let copy = dir.path().join("incidents.rs");
    std::fs::copy(&committed, &copy).unwrap();
    let (spec, copy) = (spec.to_str().unwrap(), copy.to_str().unwrap());

    let out = run(&["check", "--spec", spec, "--out", copy]);
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stderr);
    assert!(report.contains("is stale"), "{report}");
    assert!(
        added(&report, "Critical,"),
        "the new enum variant shows in the diff: {report}"
    );
    assert!(
        added(&report, "pub risk_score"),
        "the new field shows in the diff: {report}"
    );
    assert!(
        report.contains("cargo run -p sentinel-incidents-codegen -- regen"),
        "{report}"
    );

    let out = run(&["regen", "--spec", spec, "--out", copy]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["check", "--spec", spec, "--out", copy]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn check_names_a_stale_api_surface_snapshot_and_regen_rewrites_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("incidents.json");
    std::fs::write(&spec, changed_spec().to_string()).unwrap();
    let code = dir.path().join("incidents.rs");
    let snapshot = dir.path().join("api_surface.snap");
    std::fs::copy(workspace().join("generated/incidents.rs"), &code).unwrap();
    std::fs::copy(workspace().join(API_SURFACE_SNAPSHOT), &snapshot).unwrap();
    let args = |command| {
        let paths = [&spec, &code, &snapshot].map(|p| p.to_str().unwrap().to_string());
        let [spec, code, snapshot] = paths;
        run(&[
            command,
            "--spec",
            &spec,
            "--out",
            &code,
            "--snapshot",
            &snapshot,
        ])
    };

    let out = args("check");
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stderr);
    assert!(
        report.contains(&format!("{} is stale", snapshot.display())),
        "{report}"
    );
    assert!(added(&report, "    Critical"), "{report}");

    assert!(args("regen").status.success());
    let rewritten = std::fs::read_to_string(&snapshot).unwrap();
    assert!(rewritten.starts_with("---\nsource: tests/generated_code.rs\n"));
    assert!(rewritten.contains("\n    Critical\n"), "{rewritten}");
    assert!(args("check").status.success());
}

#[test]
fn the_committed_snapshot_is_the_surface_of_the_committed_code() {
    let code = std::fs::read_to_string(workspace().join("generated/incidents.rs")).unwrap();
    let snapshot = std::fs::read_to_string(workspace().join(API_SURFACE_SNAPSHOT)).unwrap();
    assert_eq!(api_surface_snapshot(&code), snapshot);
    assert!(api_surface(&code).contains("\nstruct IncidentProperties\n"));
}

#[test]
fn the_generated_code_declares_the_spec_api_version() {
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("spec/incidents.json")).unwrap(),
    )
    .unwrap();
    let version = spec["info"]["version"].as_str().unwrap();
    let code = std::fs::read_to_string(workspace().join("generated/incidents.rs")).unwrap();
    let declaration = format!("pub const API_VERSION: &str = \"{version}\";\n");
    let at = code.find(&declaration).expect("API_VERSION is declared");
    // At the top level, next to the client, not inside `types`.
    assert!(code[at..].starts_with(&declaration));
    assert!(code[..at].ends_with("query parameter.\n"), "documented");
    assert!(code[at..].contains("pub struct Client {"));
}

#[test]
fn a_bad_spec_is_reported_with_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("incidents.json");
    let mut broken = changed_spec();
    broken["openapi"] = json!("3.1.0");
    std::fs::write(&spec, broken.to_string()).unwrap();
    let out = run(&["check", "--spec", spec.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim(),
        "error: spec/incidents.json: at /openapi: OpenAPI 3.1.0 is not supported: progenitor 0.15 reads OpenAPI 3.0.x only"
    );
}

#[test]
fn usage_errors_say_how_to_call_it() {
    for args in [&["frobnicate"][..], &[], &["import", "--frobnicate"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("Usage: sentinel-incidents-codegen"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

/// Every command, as `--help` lists it.
const COMMANDS: &[&str] = &["regen", "check", "generate", "import", "diff", "update"];

#[test]
fn help_goes_to_stdout_and_succeeds_for_every_command() {
    let top = run(&["--help"]);
    assert_eq!(top.status.code(), Some(0));
    let usage = text(&top.stdout);
    for command in COMMANDS {
        assert!(usage.contains(&format!("  {command} ")), "{usage}");
    }
    let mut calls: Vec<Vec<&str>> = vec![vec!["-h"], vec!["help"]];
    for command in COMMANDS {
        calls.push(vec![command, "--help"]);
        calls.push(vec![command, "-h"]);
        calls.push(vec!["help", command]);
    }
    for args in calls {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("Usage: sentinel-incidents-codegen"),
            "{args:?}: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn all_operations_and_named_operations_exclude_each_other() {
    let out = run(&["import", "--all-operations", "--operation", "Incidents_Get"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot be used with"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn generate_names_the_spec_by_its_path_and_reports_time_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated.rs");
    let spec = workspace().join("spec/incidents.json");
    let result = run(&[
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", text(&result.stderr));

    let generated = std::fs::read_to_string(&out).unwrap();
    let committed = std::fs::read_to_string(workspace().join("generated/incidents.rs")).unwrap();
    let (banner, body) = generated.split_once('\n').unwrap();
    assert!(
        banner.contains(&format!("from {} (api-version", spec.display())),
        "{banner}"
    );
    assert_eq!(
        body,
        committed.split_once('\n').unwrap().1,
        "same code as the committed file"
    );
    let report = text(&result.stdout);
    let size = format!(
        ": {} lines, {} bytes in ",
        generated.lines().count(),
        generated.len()
    );
    assert!(
        report.contains(&size) && report.trim_end().ends_with(" ms"),
        "{report}"
    );

    let missing_out = run(&["generate", "--spec", spec.to_str().unwrap()]);
    assert_eq!(missing_out.status.code(), Some(2));
    assert!(
        text(&missing_out.stderr).contains("--out <OUT>"),
        "{}",
        text(&missing_out.stderr)
    );
}

#[test]
fn version_prints_the_crate_version_and_help_explains_itself() {
    for flag in ["--version", "-V"] {
        let out = run(&[flag]);
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert_eq!(
            text(&out.stdout).trim_end(),
            format!("sentinel-incidents-codegen {}", env!("CARGO_PKG_VERSION"))
        );
    }
    for args in [&["help", "--help"][..], &["help", "-h"], &["help", "help"]] {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).contains("Usage: sentinel-incidents-codegen help"),
            "{args:?}: {}",
            text(&out.stdout)
        );
    }
    let unknown = run(&["help", "frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown.stderr).contains("no command `frobnicate`"),
        "{}",
        text(&unknown.stderr)
    );
}
