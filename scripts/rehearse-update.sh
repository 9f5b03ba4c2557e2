#!/usr/bin/env bash
# Rehearses the next api-version moves, as a maintainer would make them, in a
# throwaway copy of the repository: `update` to each practice copy of
# Microsoft's files in turn (2024-09-01 and 2025-03-01, hand-written
# Incidents.json; then the TypeSpec-emitted 2025-10-01-preview openapi.json,
# with --with-preview), with no hand edit. After each: the tests, and a second
# `update` that must change nothing. The repository itself is never touched.
# Prints how long each step took.
#
#   scripts/rehearse-update.sh [--workspace-tests] [--with-preview] [DIR]
#
# DIR (default codegen/tests/fixtures, the copies kept in the repository, so
# a fresh clone needs nothing beside it; ../shared works too) holds
# upstream-2024-09-01/, upstream-2025-03-01/ and upstream-2025-10-01-preview/.
# --workspace-tests runs `cargo test --workspace` after each update instead
# of the test targets that a version move touches (the generator's, the
# generated code and types, the client and the fake, and the docs'
# api-version).
#
# Builds go to $CARGO_TARGET_DIR, else this repository's target/, so the
# dependencies compiled by the rest of CI are reused and only the two
# workspace crates are rebuilt.
#
# Cargo hashes a workspace crate by its path relative to the workspace, so
# the copy's crates would share (and overwrite) this repository's artifacts,
# and test binaries built here, with this checkout's paths compiled in,
# would pass for the copy's. A per-package profile setting that changes
# nothing but the hash (codegen-units) keeps them apart; the copy's files
# get fresh mtimes so a previous rehearsal's artifacts are rebuilt; and
# `update` is told which workspace to write.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

all_tests=false
versions=(2024-09-01 2025-03-01)
while [[ ${1:-} == --* ]]; do
  case $1 in
    --workspace-tests) all_tests=true ;;
    --with-preview) versions+=(2025-10-01-preview) ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
shared=$(cd "${1:-codegen/tests/fixtures}" && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}

work=$(mktemp -d)
# The copy's examples are linked, unhashed, where this checkout's are
# (target/debug/examples/NAME): built at the copy's api-version and newer
# than this checkout's sources, tests/example.rs would run them. Removed,
# the next build of this checkout's examples links its own back.
forget_the_copys_examples() {
  local example
  for example in examples/*.rs; do
    rm -f "$CARGO_TARGET_DIR/debug/examples/$(basename "$example" .rs)"
  done
}
trap 'rm -rf "$work"; forget_the_copys_examples' EXIT

timings=()
# Runs "$@" as the step named $1 and records how long it took.
step() {
  local name=$1 start end
  shift
  echo
  echo "== $name"
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  timings+=("$(printf '%8.1f s  %s' "$(((end - start) / 1000000))e-3" "$name")")
}

separate=()
for profile in dev test; do
  for package in sentinel-incidents sentinel-incidents-codegen; do
    separate+=(--config "profile.$profile.package.$package.codegen-units=255")
  done
done
in_copy() { (cd "$work" && cargo "$1" "${separate[@]}" --locked "${@:2}"); }

# Tracked and untracked files, not ignored ones (target/) and not deleted
# ones, with fresh modification times (-m).
copy_repository() {
  git ls-files -z -co --exclude-standard |
    tar --null -T - --ignore-failed-read -cf - 2>/dev/null |
    tar -xmf - -C "$work"
  echo "copied $(git ls-files -co --exclude-standard | wc -l) files to $work"
}

codegen() { in_copy run -q -p sentinel-incidents-codegen -- "$@" --workspace "$work"; }

# --no-fail-fast: a failing rehearsal lists every test a version move breaks.
run_tests() {
  if $all_tests; then
    in_copy test --no-fail-fast --workspace
  else
    in_copy test --no-fail-fast -p sentinel-incidents-codegen
    # There is no `client` test target: the client's are client_*.rs.
    in_copy test --no-fail-fast --test generated_code --test types --test 'client_*' --test fake --test api_version
  fi
}

# A second update from the same files must find nothing to do (the command
# is rebuilt first when the update retired a fixup from its source).
update_again_changes_nothing() {
  local out
  out=$(codegen update --upstream "$shared/upstream-$1" --api-version "$1")
  echo "$out" | tail -3
  if ! grep -q "the tree is unchanged" <<<"$out"; then
    echo "a second update to $1 changed the tree" >&2
    exit 1
  fi
}

step "copy the repository" copy_repository
for version in "${versions[@]}"; do
  step "update to $version" codegen update --upstream "$shared/upstream-$version" --api-version "$version"
  step "a second update to $version changes nothing" update_again_changes_nothing "$version"
  step "tests after the update to $version" run_tests
done

echo
echo "== rehearsal passed; time per step"
printf '%s\n' "${timings[@]}"
