//! Drives `examples/get_incident.rs` as a user would: the binary, its
//! output and its exit codes, offline against its own fake, against a fake
//! started here, and against a plain loopback server.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::declared::Declared;
use common::{assert_same_json, json, raw_server, REALISTIC, SAMPLE};
use sentinel_incidents::fake::FakeSentinel;
use sentinel_incidents::WorkspaceRef;

const SUB: &str = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";

/// `cargo test` (all targets) builds the examples next to the test binaries;
/// `cargo test --test example` alone does not, so refuse a stale binary.
fn example() -> PathBuf {
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    let path = deps.parent().unwrap().join("examples/get_incident");
    let built = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    // The sources this binary was built from, as Cargo's dep-info beside it
    // lists them: a file another feature set compiles (and this one leaves
    // out) must not make it look stale.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dep_info = std::fs::read_to_string(path.with_extension("d")).unwrap_or_default();
    let newest_source = dep_info
        .split_once(": ")
        .map(|(_, sources)| sources.split_whitespace().map(PathBuf::from).collect())
        .unwrap_or_else(|| vec![root.join("examples/get_incident.rs")])
        .iter()
        .filter(|source| {
            source.starts_with(root.join("src")) || source.starts_with(root.join("examples"))
        })
        .filter_map(|source| std::fs::metadata(source).ok()?.modified().ok())
        .max()
        .unwrap();
    assert!(
        built.is_some_and(|built| built >= newest_source),
        "{} is missing or older than its sources: run `cargo test` for all targets, or `cargo build --example get_incident`",
        path.display()
    );
    path
}

fn command(args: &[&str], token: Option<&str>) -> Command {
    let mut command = Command::new(example());
    command.args(args).env_remove("AZURE_ACCESS_TOKEN");
    if let Some(token) = token {
        command.env("AZURE_ACCESS_TOKEN", token);
    }
    command
}

fn run(args: &[&str], token: Option<&str>) -> Output {
    command(args, token).output().unwrap()
}

/// For tests whose server runs on the test's own runtime.
async fn run_async(args: &[&str], token: Option<&str>) -> Output {
    tokio::process::Command::from(command(args, token))
        .output()
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn offline_run_prints_the_sample_summary() {
    let out = run(&[], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("Incident #3177: My incident\n"),
        "{stdout}"
    );
    for line in [
        "Severity        High",
        "Status          Closed (FalsePositive, InaccurateData)",
        "Owner           john doe <john.doe@contoso.com>",
        "Labels          -",
        "Tactics         InitialAccess, Persistence",
        "Created         2019-01-01 13:15:30 UTC",
        "Portal          https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/subscriptions/",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in\n{stdout}");
    }
    assert!(text(&out.stderr).contains("local fake server"));
}

#[test]
fn help_is_usage_on_stdout_and_exit_0() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag], None);
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert!(
            text(&out.stdout).starts_with("usage: get_incident"),
            "{flag}"
        );
        assert!(out.stderr.is_empty(), "{flag}: {}", text(&out.stderr));
    }
}

#[test]
fn offline_another_incident_is_the_fakes_404_with_its_request_id() {
    let out = run(&["--incident", "does-not-exist"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("local fake server"), "{stderr}");
    let error = stderr.lines().last().unwrap();
    assert!(
        error.starts_with("error: 404 ResourceNotFound: The Resource 'Microsoft.SecurityInsights/incidents/does-not-exist'"),
        "{error}"
    );
    assert!(error.contains("(request id "), "{error}");
}

#[test]
fn an_endpoint_without_a_workspace_starts_no_fake() {
    let out = run(&["--endpoint", "http://127.0.0.1:9"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("fake server"), "{stderr}");
    assert!(stderr.contains("from http://127.0.0.1:9"), "{stderr}");
    assert!(stderr.contains("error: request failed"), "{stderr}");
}

#[test]
fn offline_json_output_equals_the_served_json() {
    let out = run(&["--output", "json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, json(SAMPLE));
}

#[tokio::test]
async fn against_a_fake_with_full_names_and_with_an_arm_id() {
    let fake = FakeSentinel::start().await.unwrap();
    let ws = WorkspaceRef::new(SUB, "soc-prod", "sentinel-prod").unwrap();
    let served = json(REALISTIC);
    fake.insert_incident(&ws, "1c5c8a0e-6a51-4c6b-8d4a-2f9e1f3b7a10", served.clone());
    let url = fake.url();
    let args = [
        "--endpoint",
        &url,
        "--subscription",
        SUB,
        "--resource-group",
        "soc-prod",
        "--workspace",
        "sentinel-prod",
        "--incident",
        "1c5c8a0e-6a51-4c6b-8d4a-2f9e1f3b7a10",
        "--output",
        "json",
    ];
    let out = run_async(&args, Some("t0ken")).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // What the typed incident gives back (README): the explicit null of a
    // field the spec declares is left out.
    let printed = serde_json::from_slice(&out.stdout).unwrap();
    assert_same_json(&printed, &Declared::read().without_declared_nulls(&served));
    assert_eq!(fake.requests()[0].bearer_token(), Some("t0ken"));

    let id = served["id"].as_str().unwrap().to_string();
    let out = run_async(&["--endpoint", &url, "--id", &id], Some("t0ken")).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Labels          phishing, M365D"));
}

#[tokio::test]
async fn a_failed_request_is_one_line_on_stderr_and_exit_1() {
    let body =
        r#"{"error":{"code":"ResourceNotFound","message":"The Incident 'x' was not found."}}"#;
    let reply = format!(
        "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nx-ms-request-id: 6f1c0000-aaaa\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (url, _) = raw_server(Some(reply)).await;
    let args = [
        "--endpoint",
        &url,
        "--subscription",
        SUB,
        "--resource-group",
        "rg",
        "--workspace",
        "ws1",
        "--incident",
        "x",
    ];
    let out = run_async(&args, Some("t")).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "error: 404 ResourceNotFound: The Incident 'x' was not found. (request id 6f1c0000-aaaa)\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    for (args, token, words) in [
        (
            vec!["--output", "xml"],
            None,
            "--output must be summary or json",
        ),
        (vec!["--bogus"], None, "invalid option '--bogus'"),
        (vec!["--cloud", "mars"], None, "unknown cloud"),
        (
            vec![
                "--subscription",
                SUB,
                "--resource-group",
                "rg",
                "--workspace",
                "bad_name",
                "--incident",
                "x",
            ],
            Some("t"),
            "invalid workspace name",
        ),
        (
            vec![
                "--subscription",
                SUB,
                "--resource-group",
                "rg",
                "--workspace",
                "ws1",
                "--incident",
                "..",
            ],
            Some("t"),
            "invalid incident id",
        ),
        (
            vec![
                "--subscription",
                SUB,
                "--resource-group",
                "rg",
                "--workspace",
                "ws1",
            ],
            Some("t"),
            "--incident is required",
        ),
        (
            vec![
                "--subscription",
                SUB,
                "--resource-group",
                "rg",
                "--workspace",
                "ws1",
                "--incident",
                "x",
            ],
            None,
            "set AZURE_ACCESS_TOKEN",
        ),
        (
            vec!["--id", "/not/an/id"],
            Some("t"),
            "invalid incident resource id",
        ),
    ] {
        // With azure_identity, a missing token means `az login` (exit 1 where
        // az is absent), not a usage error.
        if cfg!(feature = "azure_identity") && words == "set AZURE_ACCESS_TOKEN" {
            continue;
        }
        let out = run(&args, token);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(words),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains("usage: get_incident"));
    }
}
