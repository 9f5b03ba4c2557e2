#!/usr/bin/env bash
# A downstream crate, built from the packages as the registry would serve
# them, never from the source tree:
#
# 1. `cargo package --workspace --locked` packages both crates and verifies
#    each by building it from its own tarball (build-time generation included);
# 2. the tarballs are unpacked, and the root package is built again with
#    `--no-default-features --features rustls` (the committed generated code),
#    and with the `types` feature alone (scripts/check-types-only.sh);
# 3. a crate named `soc_tool` is laid out from README.md's marked blocks,
#    verbatim (its Cargo.toml, src/lib.rs, src/main.rs and test), depends on
#    `sentinel-incidents = "0.2"` with `[patch.crates-io]` pointing at the
#    unpacked tarballs, and compiles every other Rust snippet of the README
#    and of the crate docs as doctests;
# 4. `cargo test` runs the README's fake-server test and the snippets, and the
#    README's `main` runs far enough to ask for its token;
# 5. the example runs from the unpacked package, offline against the fake;
# 6. a crate with its own reqwest beside this one, in each of three
#    configurations (reqwest's defaults; `default-features = false` with
#    `json`; `native-tls`), calls `reqwest::Client::new()` and builds a
#    `SentinelClient`: it fails on a panic or on any compiler warning. Cargo
#    unifies the two crates' reqwest features, so this is where a TLS choice
#    of ours could break its users' own clients (issue 17).
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

echo "== the example, from the unpacked package, offline against the fake"
(cd "$unpacked" && cargo run -q --example get_incident --features fake \
  --config "patch.crates-io.sentinel-incidents-codegen.path='$codegen'")

echo "== the types feature alone, from the unpacked package"
scripts/check-types-only.sh "$unpacked"

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

echo "== a crate with its own reqwest beside this one, in three configurations"
neighbour=$work/reqwest_neighbour
mkdir -p "$neighbour/src"
cat >"$neighbour/src/main.rs" <<'EOF'
//! The user's own reqwest client first (this is where a TLS feature of ours
//! could make it panic), then ours, with its defaults (the public cloud, https).
fn main() {
    let theirs = reqwest::Client::new();
    let ours = sentinel_incidents::SentinelClient::builder()
        .build()
        .expect("a SentinelClient for the public cloud");
    drop((theirs, ours));
    println!("both clients built");
}
EOF
cp Cargo.lock "$neighbour/Cargo.lock"
configurations=(
  '"0.13"'
  '{ version = "0.13", default-features = false, features = ["json"] }'
  '{ version = "0.13", features = ["native-tls"] }'
)
for reqwest in "${configurations[@]}"; do
  echo "-- reqwest = $reqwest"
  cat >"$neighbour/Cargo.toml" <<EOF
[package]
name = "reqwest_neighbour"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
sentinel-incidents = "$version"
reqwest = $reqwest

[patch.crates-io]
sentinel-incidents = { path = "$unpacked" }
sentinel-incidents-codegen = { path = "$codegen" }

[workspace]
EOF
  # The unpacked packages are path dependencies, whose warnings Cargo shows
  # (a registry's would be capped): a deprecated call of ours fails here.
  log=$(cd "$neighbour" && cargo build 2>&1) || { echo "$log" >&2; exit 1; }
  if grep -E '^warning' <<<"$log"; then
    echo "the build warned, with reqwest = $reqwest:" >&2
    echo "$log" >&2
    exit 1
  fi
  "$CARGO_TARGET_DIR/debug/reqwest_neighbour"
done
