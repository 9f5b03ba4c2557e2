#!/usr/bin/env bash
# Shows that the pipeline scales past the one operation this crate ships:
# imports every operation of upstream's Incidents.json that resolves within
# the upstream files, generates the client from it with the same generator
# as build.rs, and `cargo check`s that code in a throwaway crate. Prints the
# generation time and generated size for Incidents_Get alone and for all of them.
#
#   scripts/check-all-operations.sh [UPSTREAM_DIR_OR_FILE]
#
# UPSTREAM defaults to the importer's default, codegen/tests/fixtures/upstream
# (the copy of the shipped upstream). The throwaway crate builds in
# $CARGO_TARGET_DIR when set, else in its temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."

upstream_args=()
if [[ $# -gt 0 ]]; then
  upstream_args=(--upstream "$1")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The maintainer command (debug build, as build.rs runs the generator).
codegen() { cargo run --quiet -p sentinel-incidents-codegen -- "$@"; }

echo "== import"
codegen import "${upstream_args[@]}" --operation Incidents_Get --out "$work/one.json"
codegen import "${upstream_args[@]}" --all-operations --out "$work/all.json"

# Best of three runs of `generate` (the generator as build.rs runs it:
# debug build, generation only). Prints "<ms> <lines> <bytes>".
measure() {
  local spec=$1 out=$2 best="" line ms
  for _ in 1 2 3; do
    line=$(codegen generate --spec "$spec" --out "$out")
    ms=$(sed -E 's/.* in ([0-9]+) ms$/\1/' <<<"$line")
    if [[ -z $best || $ms -lt $best ]]; then best=$ms; fi
  done
  echo "$best $(wc -l <"$out") $(wc -c <"$out")"
}

echo "== generate"
crate="$work/all-operations"
mkdir -p "$crate/src"
read -r one_ms one_lines one_bytes < <(measure "$work/one.json" "$work/one.rs")
read -r all_ms all_lines all_bytes < <(measure "$work/all.json" "$crate/src/generated.rs")
operations() { grep -c '"operationId"' "$1"; }
# Generated Rust types: the spec's schemas plus one per constrained parameter.
types() { grep -cE '^    pub (struct|enum) ' "$1"; }

echo "== cargo check the code generated from all operations"
# The same dependency versions as the root Cargo.toml, for what the generated code uses.
cat >"$crate/Cargo.toml" <<'EOF'
[package]
name = "sentinel-incidents-all-operations"
version = "0.0.0"
edition = "2021"
publish = false

[features]
# The features spec/target.json names: the generated client sits behind
# `client`, schemars::JsonSchema derives behind `schemars`.
default = ["client"]
client = []
schemars = []

[dependencies]
progenitor-client = { version = "0.15.1", default-features = false }
reqwest = { version = "0.13", default-features = false, features = ["json", "query"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde"] }
uuid = { version = "1", features = ["serde"] }
regress = "0.12"

[workspace]
EOF
cat >"$crate/src/lib.rs" <<'EOF'
//! The generated client for every importable Incidents operation, with the
//! hooks the generator expects the crate to provide.

mod pipeline {
    /// The generated Client's inner type (`crate::pipeline::Pipeline`).
    #[derive(Clone, Debug, Default)]
    pub struct Pipeline;
}

include!("generated.rs");

impl progenitor_client::ClientHooks<pipeline::Pipeline> for Client {}
EOF
# The workspace's lock file pins the same versions the crate builds with.
cp Cargo.lock "$crate/Cargo.lock"
(cd "$crate" && cargo check)
echo "ok: the code generated from $(operations "$work/all.json") operations compiles"

echo
echo "== generation (debug build of the generator, best of 3)"
printf '%-16s %10s %6s %7s %8s %9s\n' "spec" "operations" "types" "ms" "lines" "bytes"
printf '%-16s %10s %6s %7s %8s %9s\n' "Incidents_Get" "$(operations "$work/one.json")" "$(types "$work/one.rs")" "$one_ms" "$one_lines" "$one_bytes"
printf '%-16s %10s %6s %7s %8s %9s\n' "all operations" "$(operations "$work/all.json")" "$(types "$crate/src/generated.rs")" "$all_ms" "$all_lines" "$all_bytes"
