#!/usr/bin/env bash
# A downstream crate, built from the packages as the registry would serve
# them, never from the source tree:
#
# 1. `cargo package --workspace --locked` packages both crates and verifies
#    each by building it from its own tarball (build-time generation included);
# 2. the tarballs are unpacked, and the root package is built again with
#    `--no-default-features --features rustls` (the committed generated code);
# 3. a crate named `soc_tool` is laid out from README.md's marked blocks,
#    verbatim (its Cargo.toml, src/lib.rs, src/main.rs and test), depends on
#    `sentinel-incidents = "0.1"` with `[patch.crates-io]` pointing at the
#    unpacked tarballs, and compiles every other Rust snippet of the README
#    and of the crate docs as doctests;
# 4. `cargo test` runs the README's fake-server test and the snippets, and the
#    README's `main` runs far enough to ask for its token.
#
#   scripts/check-downstream.sh
#
# Lays the crates out in a temporary directory outside the repository (a
# package under it would count as part of this workspace). Builds go to
# $CARGO_TARGET_DIR, else this repository's target/, so that dependencies
# the rest of CI compiled are reused; the unpacked crates have sources of
# their own, so their artifacts never mix with the workspace's.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}

echo "== package both crates, each verified from its tarball"
cargo package --workspace --locked
version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="sentinel-incidents"))')
for crate in sentinel-incidents sentinel-incidents-codegen; do
  ls -l "$CARGO_TARGET_DIR/package/$crate-$version.crate"
done

echo "== unpack"
mkdir -p "$work/crates" "$work/soc_tool"
for crate in sentinel-incidents sentinel-incidents-codegen; do
  tar -xzf "$CARGO_TARGET_DIR/package/$crate-$version.crate" -C "$work/crates"
done
unpacked=$work/crates/sentinel-incidents-$version
codegen=$work/crates/sentinel-incidents-codegen-$version

echo "== the root package from its tarball, without build-time generation"
# The codegen crate is not on crates.io yet: its tarball stands in for it.
(cd "$unpacked" && cargo build --no-default-features --features rustls \
  --config "patch.crates-io.sentinel-incidents-codegen.path='$codegen'")

echo "== a downstream crate from README.md, verbatim"
python3 scripts/downstream-snippets.py README.md "$unpacked/src" "$work/soc_tool"
consumer=$work/soc_tool
manifest=$consumer/Cargo.toml
readme_toml=$(cat "$manifest")
cat >"$manifest" <<EOF
[package]
name = "soc_tool"
version = "0.0.0"
edition = "2021"
publish = false

# From README.md, verbatim:
$readme_toml

# The README's azure_identity snippet needs that feature.
[target.'cfg(all())'.dependencies]
sentinel-incidents = { version = "$version", features = ["azure_identity"] }

# The packages, unpacked, in place of crates.io.
[patch.crates-io]
sentinel-incidents = { path = "$unpacked" }
sentinel-incidents-codegen = { path = "$codegen" }

[workspace]
EOF
cat >>"$consumer/src/lib.rs" <<'EOF'

/// Every other Rust snippet of the README and of the crate docs, compiled
/// (and run, unless `no_run`) as this crate's doctests.
#[cfg(doctest)]
#[doc = include_str!("../snippets.md")]
pub struct Snippets;
EOF
# The repository's lockfile, so the consumer builds with the versions CI tested.
cp Cargo.lock "$consumer/Cargo.lock"

echo "== the downstream crate's tests and doctests"
(cd "$consumer" && cargo test)

echo "== the README's main, without a token"
set +e
out=$(cd "$consumer" && env -u AZURE_ACCESS_TOKEN cargo run -q 2>&1)
status=$?
set -e
if [[ $status -ne 1 || $out != *"set AZURE_ACCESS_TOKEN"* ]]; then
  echo "expected the README's main to exit 1 asking for AZURE_ACCESS_TOKEN; got $status: $out" >&2
  exit 1
fi
echo "ok: $out"
