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

check() {
  cargo semver-checks check-release -p sentinel-incidents \
    --baseline-root "$baseline" \
    --only-explicit-features --features "$features" "$@"
}
check

# A version that already says "breaking" (0.1 -> 0.2, 1.x -> 2.0) leaves
# cargo-semver-checks nothing to check until its package is the baseline.
# Until then, list what it breaks against the baseline, for the CHANGELOG's
# "Breaking" entries; this listing fails nothing. (cargo-semver-checks 0.51
# reports 0.2.0's new `Credential::get_token` signature as
# `trait_newly_sealed`, a misreading of the `TokenFuture` alias in it,
# obi1kenobi/cargo-semver-checks#1341: the trait is implementable downstream,
# as its doctest does.)
versions=$(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
new = next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "sentinel-incidents")
old = sys.argv[1].rsplit("-", 1)[1]
def breaking_part(v):
    major, minor, _ = (int(x) for x in v.split("-")[0].split("."))
    return (major, minor) if major == 0 else (major,)
print(old, new, "major" if breaking_part(new) != breaking_part(old) else "same")
' "$(basename "$baseline")")
read -r old new kind <<<"$versions"
if [[ $kind == major ]]; then
  echo
  echo "$old -> $new already declares a breaking release, so nothing above was checked."
  echo "What it breaks against $old (for the CHANGELOG; not a failure):"
  check --release-type minor || true
fi
