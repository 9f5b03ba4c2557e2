#!/usr/bin/env bash
# The `types` feature on its own, as a consumer that only decodes incidents
# (an Event Hubs export, a webhook) would use it:
#
#   sentinel-incidents = { default-features = false, features = ["types"] }
#
# 1. its normal dependency tree has no reqwest, tokio or hyper, and the crate
#    itself depends on serde, serde_json, chrono and uuid, nothing else;
# 2. a consumer decodes the reference sample with an unknown field and an
#    unknown enum value added, encodes it again and gets the same JSON value.
#
#   scripts/check-types-only.sh [CRATE_DIR]
#
# CRATE_DIR is the sentinel-incidents crate to use (default: this
# repository). CI runs it from check-downstream.sh on the unpacked package,
# as a user's build would see it.
set -euo pipefail
cd "$(dirname "$0")/.."
crate=$(cd "${1:-.}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}/types-only

mkdir -p "$work/decoder/src"
cat >"$work/decoder/Cargo.toml" <<TOML
[package]
name = "decoder"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
sentinel-incidents = { path = "$crate", default-features = false, features = ["types"] }
serde_json = "1"

[workspace]
TOML
cp Cargo.lock "$work/decoder/Cargo.lock"
cat >"$work/decoder/src/main.rs" <<'RUST'
use sentinel_incidents::types::Incident;

fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).expect("a sample path")).unwrap();
    let mut sent: serde_json::Value = serde_json::from_str(&text).unwrap();
    // What a newer service could send: a field and an enum value the spec lacks.
    sent["properties"]["futureField"] = serde_json::json!({ "nested": [1, 2.5, "x"] });
    sent["properties"]["severity"] = "Critical".into();
    let incident: Incident = serde_json::from_value(sent.clone()).expect("decodes");
    let props = incident.properties.as_ref().expect("properties");
    assert!(!props.severity.is_known(), "Critical is not in the spec");
    let encoded = serde_json::to_value(&incident).unwrap();
    assert_eq!(encoded, sent, "decode then encode gives the same JSON value");
    println!("types-only: decoded and re-encoded {} losslessly", incident.name.unwrap_or_default());
}
RUST

echo "== the normal dependency tree has no HTTP stack"
tree=$(cd "$work/decoder" && cargo tree -e normal --prefix none)
if grep -Eq '^(reqwest|tokio|hyper|progenitor-client) ' <<<"$tree"; then
  grep -E '^(reqwest|tokio|hyper|progenitor-client) ' <<<"$tree" >&2
  echo "the types-only build pulls in the HTTP stack" >&2
  exit 1
fi
sort -u <<<"$tree" | sed 's/^/  /'
direct=$(cd "$work/decoder" && cargo tree -e normal -p sentinel-incidents --depth 1 --prefix none |
  tail -n +2 | cut -d' ' -f1 | sort -u | tr '\n' ' ')
if [[ $direct != "chrono serde serde_json uuid " ]]; then
  echo "the types-only build depends on: $direct(expected chrono serde serde_json uuid)" >&2
  exit 1
fi
echo "  sentinel-incidents itself depends on: $direct"

echo "== decode and re-encode"
(cd "$work/decoder" && cargo run -q -- "$crate/tests/fixtures/sample-incident.json")
