#!/usr/bin/env bash
# What depending on sentinel-incidents costs a downstream build.
#
# Measures, in one run, the clean debug build of three throwaway crates, each
# from a fresh target directory with every crate already downloaded, as the
# median of RUNS (default 3):
#   downstream      depends on sentinel-incidents as users get it (default features:
#                   build-time generation, rustls)
#   generation-off  the same with default-features = false, features = ["rustls"]
#                   (compiles the committed generated/ code; no generator)
#   floor           just reqwest (same TLS setup), serde, serde_json and tokio
# and prints the times and their ratios. Usage: scripts/build-cost.sh [RUNS]
set -euo pipefail

runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=scripts/throwaway-crate.sh
source "$root/scripts/throwaway-crate.sh"
make_crate() { throwaway_crate "$work/$1" "$2"; }

make_crate downstream "sentinel-incidents = { path = \"$root\" }"
make_crate generation-off "sentinel-incidents = { path = \"$root\", default-features = false, features = [\"rustls\"] }"
make_crate floor "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"http2\", \"rustls\"] }
serde = { version = \"1\", features = [\"derive\"] }
serde_json = \"1\"
tokio = { version = \"1\", features = [\"time\", \"sync\"] }"

# Seconds for one clean build of crate $1.
clean_build() {
  local target="$work/target-$1-$2"
  local start end
  start=$(date +%s.%N)
  (cd "$work/$1" && CARGO_TARGET_DIR="$target" cargo build -q --offline)
  end=$(date +%s.%N)
  rm -rf "$target"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}

median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

declare -A result
for i in $(seq 1 "$runs"); do
  # Interleaved, so that load on the machine hits all three alike.
  for crate in downstream generation-off floor; do
    t=$(clean_build "$crate" "$i")
    result[$crate]+="$t "
    printf '  run %d %-15s %6.1f s\n' "$i" "$crate" "$t"
  done
done

echo
printf '%-16s %s\n' crate "median of $runs clean debug builds"
for crate in downstream generation-off floor; do
  # shellcheck disable=SC2086
  m=$(median ${result[$crate]})
  result[$crate.median]=$m
  printf '%-16s %6.1f s\n' "$crate" "$m"
done
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "downstream / generation-off: $(ratio "${result[downstream.median]}" "${result[generation-off.median]}")x (goal <= 1.15x)"
echo "downstream / floor:          $(ratio "${result[downstream.median]}" "${result[floor.median]}")x"
echo "generation-off / floor:      $(ratio "${result[generation-off.median]}" "${result[floor.median]}")x"
