//! The maintainer command.
//!
//! ```text
//! cargo run -p sentinel-incidents-codegen -- regen   # rewrite generated/ from spec/
//! cargo run -p sentinel-incidents-codegen -- check   # exit 1 with a diff when generated/ is stale
//! ```
//! Both take `--spec PATH` and `--out PATH` (defaults: the workspace's
//! `spec/incidents.json` and `generated/incidents.rs`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sentinel_incidents_codegen::{drift_report, generate, SpecSource};

const USAGE: &str = "usage: sentinel-incidents-codegen <regen|check> [--spec PATH] [--out PATH]";

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
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ lives in the workspace");
    let (command, rest) = args.split_first().ok_or(USAGE)?;
    let mut spec = workspace.join("spec/incidents.json");
    let mut out = workspace.join("generated/incidents.rs");
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--spec" => spec = PathBuf::from(value),
            "--out" => out = PathBuf::from(value),
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    // The banner names the spec as the project does, whatever the path given.
    let source = SpecSource::read(&spec, "spec/incidents.json").map_err(|e| e.to_string())?;
    let fresh = generate(&source).map_err(|e| e.to_string())?;
    match command.as_str() {
        "regen" => {
            if let Some(dir) = out.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(&out, &fresh).map_err(|e| format!("{}: {e}", out.display()))?;
            println!(
                "wrote {} ({} lines) from {}",
                out.display(),
                fresh.lines().count(),
                spec.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        "check" => {
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
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}
