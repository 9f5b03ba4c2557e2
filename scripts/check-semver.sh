#!/usr/bin/env bash
# The public API of sentinel-incidents against the last release, with
# cargo-semver-checks: a change that needs a new major version (0.x: a new
# minor) and does not have one fails.
#
# The baseline is the released package itself, committed under
# .ci/semver-baseline/ (sentinel-incidents-<version>.crate, as `cargo package`
# wrote it at the release commit). The crate is not on crates.io, so the
# registry cannot serve it; a `--baseline-rev` would need the clone's full
# history and compares sources, not what was shipped. The .crate is 90 KB.
# On each release, replace it with the new package (README, "Releasing").
#
# Compared with every feature of the baseline but `codegen` on both sides:
# `codegen` only decides where the generated code comes from (the same code
# either way, see tests/generated_code.rs), and the baseline package's
# build-dependency on sentinel-incidents-codegen cannot be resolved without
# a registry that has it.
#
#   scripts/check-semver.sh
set -euo pipefail
cd "$(dirname "$0")/.."

shopt -s nullglob
crates=(.ci/semver-baseline/sentinel-incidents-*.crate)
if ((${#crates[@]} != 1)); then
  echo "expected exactly one .ci/semver-baseline/sentinel-incidents-*.crate, found ${#crates[@]}" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "${crates[0]}" -C "$work"
baseline=$(echo "$work"/sentinel-incidents-*)

features=$(cargo metadata --no-deps --format-version 1 --manifest-path "$baseline/Cargo.toml" |
  python3 -c '
import json, sys
package = json.load(sys.stdin)["packages"][0]
print(",".join(sorted(f for f in package["features"] if f not in ("default", "codegen"))))')
echo "baseline: ${crates[0]}; features compared: $features"

cargo semver-checks check-release -p sentinel-incidents \
  --baseline-root "$baseline" \
  --only-explicit-features --features "$features"
