//! The maintainer command.
//!
//! ```text
//! cargo run -p sentinel-incidents-codegen -- regen     # rewrite generated/ from spec/
//! cargo run -p sentinel-incidents-codegen -- check     # exit 1 with a diff when generated/ is stale
//! cargo run -p sentinel-incidents-codegen -- import    # spec/incidents.json from upstream's Swagger
//! cargo run -p sentinel-incidents-codegen -- diff OLD NEW   # API changes, breaking or compatible
//! cargo run -p sentinel-incidents-codegen -- generate --spec X --out Y   # any spec, timed
//! ```
//! Exit status: 0 success, 1 a check failed (stale code, breaking changes
//! under `--deny-breaking`), 2 an error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use sentinel_incidents_codegen::import::{self, Selection, Upstream};
use sentinel_incidents_codegen::{api_diff, drift_report, generate, SpecSource};
use serde_json::Value;

const USAGE: &str = "usage: sentinel-incidents-codegen <command>
  regen    [--spec PATH] [--out PATH]     rewrite the generated code from the spec
  check    [--spec PATH] [--out PATH]     exit 1 with a diff when the generated code is stale
  generate --spec PATH --out PATH         generate from any spec, with time and size
  import   [--upstream DIR_OR_FILE] [--operation ID]... [--all-operations] [--out PATH]
                                          write the OpenAPI 3.0 subset of upstream's Swagger 2.0
  diff     OLD NEW [--format text|json] [--deny-breaking]
                                          API changes between two specs";

/// The spec, relative to the workspace; also the name the banner gives it.
const SPEC: &str = "spec/incidents.json";

/// The operation this crate implements, imported when none is named.
const DEFAULT_OPERATION: &str = "Incidents_Get";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let (command, rest) = args.split_first().ok_or(USAGE)?;
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ lives in the workspace");
    match command.as_str() {
        "regen" => regen_or_check(workspace, rest, false),
        "check" => regen_or_check(workspace, rest, true),
        "generate" => generate_timed(rest),
        "import" => import_command(workspace, rest),
        "diff" => diff_command(rest),
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

/// `regen` writes the generated code; `check` compares it with the committed file.
fn regen_or_check(workspace: &Path, rest: &[String], check: bool) -> Result<ExitCode, String> {
    let args = Args::parse(rest, &["--spec", "--out"], &[])?.no_positional()?;
    let spec = args.path("--spec").unwrap_or_else(|| workspace.join(SPEC));
    let out = args
        .path("--out")
        .unwrap_or_else(|| workspace.join("generated/incidents.rs"));
    // The banner names the spec as the project does, whatever the path given.
    let source = SpecSource::read(&spec, SPEC).map_err(|e| e.to_string())?;
    let fresh = generate(&source).map_err(|e| e.to_string())?;
    if !check {
        write(&out, &fresh)?;
        println!(
            "wrote {} ({} lines) from {}",
            out.display(),
            fresh.lines().count(),
            spec.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let committed = std::fs::read_to_string(&out).unwrap_or_default();
    match drift_report(&out.display().to_string(), &committed, &fresh) {
        None => {
            println!("{} is up to date with {}", out.display(), spec.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(report) => {
            eprint!("{report}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Generates from any spec (named by its path) and reports time and size.
fn generate_timed(rest: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(rest, &["--spec", "--out"], &[])?.no_positional()?;
    let spec = args.path("--spec").ok_or("generate needs --spec PATH")?;
    let out = args.path("--out").ok_or("generate needs --out PATH")?;
    let source = SpecSource::read(&spec, spec.display().to_string()).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let code = generate(&source).map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    write(&out, &code)?;
    println!(
        "generated {} from {}: {} lines, {} bytes in {} ms",
        out.display(),
        spec.display(),
        code.lines().count(),
        code.len(),
        elapsed.as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

fn import_command(workspace: &Path, rest: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(
        rest,
        &["--upstream", "--operation", "--out"],
        &["--all-operations"],
    )?
    .no_positional()?;
    let upstream = args
        .path("--upstream")
        .unwrap_or_else(|| workspace.join("../shared/upstream"));
    let out = args.path("--out").unwrap_or_else(|| workspace.join(SPEC));
    let operations = args.values("--operation");
    let selection = match (args.switch("--all-operations"), operations.is_empty()) {
        (true, false) => {
            return Err(format!(
                "--all-operations and --operation exclude each other\n{USAGE}"
            ))
        }
        (true, true) => Selection::All,
        (false, true) => Selection::Operations(vec![DEFAULT_OPERATION.into()]),
        (false, false) => Selection::Operations(operations),
    };
    import_spec(&upstream, &selection, &out)
}

/// Prints the API changes; exit 1 under `--deny-breaking` when one breaks.
fn diff_command(rest: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(rest, &["--format"], &["--deny-breaking"])?;
    let [old, new] = args.positional.as_slice() else {
        return Err(format!("diff needs OLD and NEW spec files\n{USAGE}"));
    };
    let read =
        |path: &String| SpecSource::read(Path::new(path), path.clone()).map_err(|e| e.to_string());
    let changes = api_diff::diff(&read(old)?, &read(new)?).map_err(|e| e.to_string())?;
    match args.value("--format").unwrap_or("text") {
        "text" => print!("{}", changes.to_text(old, new)),
        "json" => println!("{:#}", changes.to_json(old, new)),
        other => return Err(format!("unknown --format `{other}`: text or json")),
    }
    let failed = args.switch("--deny-breaking") && changes.has_breaking();
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Imports `selection` into `out`, leaving `out` untouched when it already
/// holds the same JSON (its key order may differ).
fn import_spec(upstream: &Path, selection: &Selection, out: &Path) -> Result<ExitCode, String> {
    let upstream = Upstream::load(upstream).map_err(|e| e.to_string())?;
    let imported = import::import(&upstream, selection).map_err(|e| e.to_string())?;
    for skipped in &imported.skipped {
        println!("skipped {}: {}", skipped.operation_id, skipped.reason);
    }
    let summary = format!(
        "{} operation(s) from {}: {}",
        imported.operations.len(),
        upstream.root().display(),
        imported.operations.join(", ")
    );
    let existing: Option<Value> = std::fs::read_to_string(out)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    if existing.as_ref() == Some(&imported.spec) {
        println!(
            "{} already holds the import of {summary}; left unchanged",
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let text = serde_json::to_string_pretty(&imported.spec).map_err(|e| e.to_string())? + "\n";
    write(out, &text)?;
    println!("wrote {} with {summary}", out.display());
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Command-line arguments: `--flag value` options, `--switch`es and positional ones.
struct Args {
    positional: Vec<String>,
    options: Vec<(String, String)>,
    switches: Vec<String>,
}

impl Args {
    fn parse(args: &[String], options: &[&str], switches: &[&str]) -> Result<Args, String> {
        let mut parsed = Args {
            positional: Vec::new(),
            options: Vec::new(),
            switches: Vec::new(),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if options.contains(&arg.as_str()) {
                let value = args
                    .next()
                    .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))?;
                parsed.options.push((arg.clone(), value.clone()));
            } else if switches.contains(&arg.as_str()) {
                parsed.switches.push(arg.clone());
            } else if arg.starts_with("--") {
                return Err(format!("unknown option {arg}\n{USAGE}"));
            } else {
                parsed.positional.push(arg.clone());
            }
        }
        Ok(parsed)
    }

    fn no_positional(self) -> Result<Args, String> {
        match self.positional.first() {
            Some(extra) => Err(format!("unexpected argument `{extra}`\n{USAGE}")),
            None => Ok(self),
        }
    }

    /// The last value of `option`.
    fn value(&self, option: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(o, _)| o == option)
            .map(|(_, v)| v.as_str())
    }

    fn values(&self, option: &str) -> Vec<String> {
        self.options
            .iter()
            .filter(|(o, _)| o == option)
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn path(&self, option: &str) -> Option<PathBuf> {
        self.value(option).map(PathBuf::from)
    }

    fn switch(&self, switch: &str) -> bool {
        self.switches.iter().any(|s| s == switch)
    }
}
