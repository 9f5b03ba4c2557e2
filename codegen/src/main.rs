//! The maintainer command: `cargo run -p sentinel-incidents-codegen -- <command>`.
//! `--help` on it and on every command says what each does.
//!
//! Exit status: 0 success, 1 a check failed (stale code, breaking changes
//! under `--deny-breaking`), 2 an error or a usage error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use sentinel_incidents_codegen::import::{self, Selection, Upstream, DEFAULT_OPERATION};
use sentinel_incidents_codegen::update::{self, millis, FileChange, UpdateOptions};
use sentinel_incidents_codegen::{
    api_diff, api_surface_snapshot, drift_report, generate, SpecSource, Target,
    API_SURFACE_SNAPSHOT,
};

/// Generates the sentinel-incidents client from spec/incidents.json, and
/// keeps that spec in step with Microsoft's Swagger.
#[derive(Parser)]
// clap's own `help` command refuses `help --help` (a usage error, exit 2);
// `Command::Help` below takes its place.
#[command(
    name = "sentinel-incidents-codegen",
    version,
    disable_help_subcommand = true
)]
struct Cli {
    /// The workspace whose spec, generated code and docs the commands use
    /// [default: the one this command was built from].
    #[arg(long, global = true, value_name = "DIR")]
    workspace: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrite the generated code and its API-surface snapshot from the spec.
    Regen(SpecAndOut),
    /// Exit 1 with a diff when the generated code or its snapshot is stale.
    Check(SpecAndOut),
    /// Generate from any spec into any file, with time and size.
    Generate {
        /// The OpenAPI 3.0 spec to read; errors and the banner name it by this path.
        #[arg(long)]
        spec: PathBuf,
        /// Where to write the generated Rust.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the OpenAPI 3.0 subset of upstream's Swagger 2.0.
    Import {
        /// Upstream's Swagger file, or a directory holding exactly one file
        /// that defines the operations, whatever its name
        /// [default: codegen/tests/fixtures/upstream, the copy of the shipped upstream].
        #[arg(long, value_name = "DIR_OR_FILE")]
        upstream: Option<PathBuf>,
        /// An operationId to import; repeat for several [default: Incidents_Get].
        #[arg(long = "operation", value_name = "ID")]
        operations: Vec<String>,
        /// Every operation that converts; the others are listed as skipped.
        #[arg(long, conflicts_with = "operations")]
        all_operations: bool,
        /// Where to write the spec [default: spec/incidents.json].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Adopt another api-version of upstream's Swagger: import the spec's
    /// operations, list the API changes, regenerate, record the provenance.
    ///
    /// Writes spec/incidents.json, generated/, the API-surface snapshot,
    /// spec/README.md's provenance, the upstream copy in
    /// codegen/tests/fixtures/upstream/ and the api-version in Cargo.toml,
    /// README.md and src/lib.rs. Refuses, writing nothing, when a change
    /// breaks users, unless --allow-breaking.
    Update {
        /// A directory holding a specification/ tree of azure-rest-api-specs
        /// (either folder layout), or the Swagger file to import.
        #[arg(long, value_name = "DIR_OR_FILE")]
        upstream: PathBuf,
        /// The api-version to adopt, stable or preview (`2025-10-01-preview`)
        /// [default: the newest stable one under --upstream; newer previews are named, not adopted].
        #[arg(long, value_name = "VERSION")]
        api_version: Option<String>,
        /// Write the update even when an API change breaks users of this crate.
        #[arg(long)]
        allow_breaking: bool,
    },
    /// List the API changes between two specs, breaking ones first.
    Diff {
        /// The spec before.
        old: PathBuf,
        /// The spec after.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when a change breaks users of this crate.
        #[arg(long)]
        deny_breaking: bool,
    },
    /// Print this message or the help of the given command.
    Help {
        /// The command to explain.
        command: Option<String>,
    },
}

/// The files `regen` writes and `check` compares.
#[derive(clap::Args)]
struct SpecAndOut {
    /// The spec [default: spec/incidents.json].
    #[arg(long)]
    spec: Option<PathBuf>,
    /// The generated code [default: generated/incidents.rs].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The API-surface snapshot [default: tests/snapshots/generated_code__api_surface.snap,
    /// unless --out is given].
    #[arg(long)]
    snapshot: Option<PathBuf>,
}

/// How `diff` writes its report.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For people: breaking changes first, each with why.
    Text,
    /// For tools.
    Json,
    /// A changelog section: `### Breaking` and `### Compatible` lists.
    Markdown,
}

/// The spec, relative to the workspace; also the name the banner gives it.
const SPEC: &str = "spec/incidents.json";

/// The copy of the upstream files the shipped spec was imported from.
const FIXTURE_UPSTREAM: &str = "codegen/tests/fixtures/upstream";

fn main() -> ExitCode {
    // clap prints help to stdout (exit 0) and usage errors to stderr (exit 2).
    let cli = Cli::try_parse().unwrap_or_else(|e| e.exit());
    if let Command::Help { command } = &cli.command {
        print_help(command.as_deref());
        return ExitCode::SUCCESS;
    }
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ lives in the workspace");
    let workspace = cli.workspace.unwrap_or_else(|| built_in.to_path_buf());
    match run(&workspace, cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The help of `command`, or of the whole command; an unknown one is a
/// usage error (exit 2).
fn print_help(command: Option<&str>) {
    let mut cli = Cli::command();
    let Some(name) = command else {
        let _ = cli.print_help();
        return;
    };
    match cli.find_subcommand_mut(name) {
        Some(sub) => {
            // Usage lines name the whole command, as `<command> --help` does.
            let mut sub = sub
                .clone()
                .bin_name(format!("sentinel-incidents-codegen {name}"));
            let _ = sub.print_help();
        }
        None => cli
            .error(
                clap::error::ErrorKind::InvalidSubcommand,
                format!("no command `{name}`"),
            )
            .exit(),
    }
}

fn run(workspace: &Path, command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Help { command } => {
            print_help(command.as_deref());
            Ok(ExitCode::SUCCESS)
        }
        Command::Regen(paths) => regen_or_check(workspace, paths, false),
        Command::Check(paths) => regen_or_check(workspace, paths, true),
        Command::Generate { spec, out } => generate_timed(workspace, &spec, &out),
        Command::Import {
            upstream,
            operations,
            all_operations,
            out,
        } => {
            let upstream = upstream.unwrap_or_else(|| workspace.join(FIXTURE_UPSTREAM));
            let out = out.unwrap_or_else(|| workspace.join(SPEC));
            let selection = match (all_operations, operations.is_empty()) {
                (true, _) => Selection::All,
                (false, true) => Selection::Operations(vec![DEFAULT_OPERATION.into()]),
                (false, false) => Selection::Operations(operations),
            };
            import_spec(&upstream, &selection, &out, &workspace.join(SPEC))
        }
        Command::Diff {
            old,
            new,
            format,
            deny_breaking,
        } => diff_command(&old, &new, format, deny_breaking),
        Command::Update {
            upstream,
            api_version,
            allow_breaking,
        } => {
            let options = UpdateOptions {
                upstream,
                api_version,
            };
            update_command(workspace, &options, allow_breaking)
        }
    }
}

/// Plans the update, prints what changes for users, and writes it unless a
/// breaking change is refused (exit 1).
fn update_command(
    workspace: &Path,
    options: &UpdateOptions,
    allow_breaking: bool,
) -> Result<ExitCode, String> {
    let started = Instant::now();
    println!("update from {}", options.upstream.display());
    let plan = update::plan(workspace, options, &mut |line| println!("  {line}"))
        .map_err(|e| e.to_string())?;
    let (old, new) = (&plan.old_version, &plan.new_version);
    for fixup in &plan.retired_fixups {
        println!(
            "\nretired fixup `{}`: upstream fixed the quirk: {}.\n  It existed because {}.\n  \
             Its block is deleted from {} (review it in `git diff`).",
            fixup.name,
            fixup.found,
            fixup.reason,
            update::FIXUPS_SOURCE
        );
    }
    print!(
        "\n{}",
        plan.diff
            .to_text(&format!("api-version {old}"), &format!("api-version {new}"))
    );
    match &plan.surface_diff {
        Some(diff) => print!("\nThe API surface users see changes:\n{diff}"),
        None => println!("\nThe API surface users see is unchanged."),
    }
    let breaking = plan.diff.count(api_diff::Impact::Breaking);
    if breaking > 0 && !allow_breaking {
        eprintln!(
            "\nrefused: {breaking} breaking change(s) for users of this crate (listed above); \
             nothing was written. Rerun with --allow-breaking to adopt api-version {new} anyway."
        );
        return Ok(ExitCode::FAILURE);
    }
    if breaking > 0 {
        println!("\nadopting {breaking} breaking change(s) (--allow-breaking): users see the changes above");
    }
    let writing = Instant::now();
    plan.write(workspace).map_err(|e| e.to_string())?;
    println!();
    for change in &plan.files {
        let what = match change {
            FileChange::Write { changed: true, .. } => "wrote",
            FileChange::Write { changed: false, .. } => "unchanged",
            FileChange::Delete { .. } => "deleted",
        };
        println!("  {what:9} {}", change.path().display());
    }
    let summary = match plan.is_no_op() {
        true => format!("the tree is unchanged: it already holds api-version {new}"),
        false => format!("updated api-version {old} → {new}"),
    };
    println!(
        "{summary} [write {}, total {}]\nnext: cargo test --workspace, review `git diff`, commit",
        millis(writing.elapsed()),
        millis(started.elapsed())
    );
    Ok(ExitCode::SUCCESS)
}

/// The workspace's [`Target`]: what the generated code assumes of the crate.
fn target(workspace: &Path) -> Result<Target, String> {
    Target::read(&workspace.join(update::TARGET), update::TARGET).map_err(|e| e.to_string())
}

/// `regen` writes the generated code and its snapshot; `check` compares
/// them with the committed files.
fn regen_or_check(workspace: &Path, paths: SpecAndOut, check: bool) -> Result<ExitCode, String> {
    let spec = paths.spec.unwrap_or_else(|| workspace.join(SPEC));
    let snapshot = match (&paths.snapshot, &paths.out) {
        (Some(snapshot), _) => Some(snapshot.clone()),
        (None, None) => Some(workspace.join(API_SURFACE_SNAPSHOT)),
        // A generated file elsewhere has no snapshot in the workspace.
        (None, Some(_)) => None,
    };
    let out = paths
        .out
        .unwrap_or_else(|| workspace.join(update::GENERATED));
    // The banner names the spec as the project does, whatever the path given.
    let source = SpecSource::read(&spec, SPEC).map_err(|e| e.to_string())?;
    let code = generate(&source, &target(workspace)?).map_err(|e| e.to_string())?;
    let mut files = vec![(out, code.clone())];
    if let Some(snapshot) = snapshot {
        files.push((snapshot, api_surface_snapshot(&code)));
    }
    if !check {
        for (path, text) in &files {
            write(path, text)?;
            println!(
                "wrote {} ({} lines) from {}",
                path.display(),
                text.lines().count(),
                spec.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut stale = false;
    for (path, fresh) in &files {
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        match drift_report(&path.display().to_string(), &committed, fresh) {
            None => println!("{} is up to date with {}", path.display(), spec.display()),
            Some(report) => {
                eprint!("{report}");
                stale = true;
            }
        }
    }
    Ok(if stale {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Generates from any spec (named by its path) and reports time and size.
fn generate_timed(workspace: &Path, spec: &Path, out: &Path) -> Result<ExitCode, String> {
    let source = SpecSource::read(spec, spec.display().to_string()).map_err(|e| e.to_string())?;
    let target = target(workspace)?;
    let started = Instant::now();
    let code = generate(&source, &target).map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    write(out, &code)?;
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

/// Prints the API changes; exit 1 under `--deny-breaking` when one breaks.
fn diff_command(
    old: &Path,
    new: &Path,
    format: Format,
    deny_breaking: bool,
) -> Result<ExitCode, String> {
    let read =
        |path: &Path| SpecSource::read(path, path.display().to_string()).map_err(|e| e.to_string());
    let changes = api_diff::diff(&read(old)?, &read(new)?).map_err(|e| e.to_string())?;
    let (old, new) = (old.display().to_string(), new.display().to_string());
    match format {
        Format::Text => print!("{}", changes.to_text(&old, &new)),
        Format::Json => println!("{:#}", changes.to_json(&old, &new)),
        Format::Markdown => print!("{}", changes.to_markdown(&old, &new)),
    }
    let failed = deny_breaking && changes.has_breaking();
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Imports `selection` into `out`, with keys ordered like the spec it
/// replaces (else like the workspace's spec), so that an unchanged
/// upstream leaves `out` byte for byte as it was.
fn import_spec(
    upstream: &Path,
    selection: &Selection,
    out: &Path,
    workspace_spec: &Path,
) -> Result<ExitCode, String> {
    let upstream = match selection {
        Selection::All => Upstream::load(upstream),
        Selection::Operations(ids) => Upstream::load_operations(upstream, ids),
    }
    .map_err(|e| e.to_string())?;
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
    let existing = std::fs::read_to_string(out).ok();
    let template = existing
        .clone()
        .or_else(|| std::fs::read_to_string(workspace_spec).ok());
    let text = import::spec_text(&imported.spec, template.as_deref());
    if existing.as_deref() == Some(text.as_str()) {
        println!(
            "{} already holds the import of {summary}; left unchanged",
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
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
