#!/usr/bin/env bash
# Every Cargo feature of every workspace package builds cleanly and passes
# the tests, alone and in the combinations users pick:
#
#   lints  `cargo clippy -D warnings` with no features, each feature alone
#          (`--no-default-features --features F`), the default set and all
#          features: a cfg that leaves an import unused, or code that needs a
#          feature it does not ask for, fails here. Twice per set: the
#          library alone (`--lib`), as a dependent builds it, and every
#          target (`--all-targets`). Both are needed: the tests' and
#          examples' dev-dependencies turn features on (the crate's own
#          tests need `fake`), so with `--all-targets` the library is built
#          with those too, and a set is no longer itself;
#   tests  `cargo test` with no features, each feature alone and all
#          features (each beside `fake`, which the tests turn on). The default set's tests are the CI stage before this one
#          (`cargo test --workspace`), so they are not run twice; pass
#          `--with-default` to run them here too.
#
# The features are read from `cargo metadata`, never listed here, so a new
# feature is checked as soon as it is declared. A feature whose name starts
# with `_` is internal and only checked as part of "all features".
#
#   scripts/check-features.sh [--lints-only] [--with-default] [--clean-between] [PACKAGE ...]
#
# PACKAGEs limit the check to those workspace members (default: all).
# --clean-between removes a package's own artifacts after each feature set's
# tests (`cargo clean -p`), keeping the dependencies: every set links its own
# copy of each test binary, and eleven sets of them filled a CI machine's
# disk. The next set rebuilds the package anyway, as its features differ.
#
# Builds share this repository's target/ (or $CARGO_TARGET_DIR): the
# dependencies are compiled once for all feature sets, only the workspace's
# own crates are rebuilt per set.
set -euo pipefail
cd "$(dirname "$0")/.."

lints_only=false
with_default=false
clean_between=false
only=()
for arg in "$@"; do
  case $arg in
    --lints-only) lints_only=true ;;
    --with-default) with_default=true ;;
    --clean-between) clean_between=true ;;
    -*) echo "usage: $0 [--lints-only] [--with-default] [--clean-between] [PACKAGE ...]" >&2; exit 2 ;;
    *) only+=("$arg") ;;
  esac
done

# One line per package: its name, then its public features (not `default`).
packages=$(cargo metadata --no-deps --locked --format-version 1 | python3 -c '
import json, sys
meta = json.load(sys.stdin)
members = set(meta["workspace_members"])
only = set(sys.argv[1:])
for p in meta["packages"]:
    if p["id"] in members and (not only or p["name"] in only):
        features = sorted(f for f in p["features"] if f != "default" and not f.startswith("_"))
        print(p["name"], *features)
' "${only[@]}")
if [[ -z $packages ]]; then
  echo "no workspace package named ${only[*]}" >&2
  exit 2
fi

started=$SECONDS
failed=()
# run LABEL COMMAND...: runs one check, prints how long it took, remembers a failure.
run() {
  local label=$1
  shift
  local t0=$SECONDS
  echo "-- $label"
  if "$@"; then
    echo "   ok ($((SECONDS - t0)) s)"
  else
    echo "   FAILED: $label" >&2
    failed+=("$label")
  fi
}

while read -r package features; do
  # Feature sets as cargo arguments; "alone" sets drop the defaults.
  sets=("--no-default-features")
  for feature in $features; do
    sets+=("--no-default-features --features $feature")
  done
  sets+=("--all-features")

  echo "== $package: features ${features:-(none)}"
  for set in "${sets[@]}" ""; do
    # shellcheck disable=SC2086 # $set is a list of cargo arguments
    run "clippy -p $package --lib ${set:-(default features)}" \
      cargo clippy --locked -q -p "$package" --lib $set -- -D warnings
    run "clippy -p $package --all-targets ${set:-(default features)}" \
      cargo clippy --locked -q -p "$package" --all-targets $set -- -D warnings
  done
  $lints_only && continue
  $with_default && sets+=("")
  for set in "${sets[@]}"; do
    # shellcheck disable=SC2086
    run "test -p $package ${set:-(default features)}" \
      cargo test --locked -q --no-fail-fast -p "$package" $set
    if $clean_between; then
      cargo clean --locked -q -p "$package"
    fi
  done
done <<<"$packages"

echo
echo "feature checks: $((SECONDS - started)) s"
if ((${#failed[@]})); then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
