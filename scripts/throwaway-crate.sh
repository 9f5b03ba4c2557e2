# Sourced by the build-cost scripts: throwaway_crate DIR DEPENDENCIES writes a
# library crate at DIR whose [dependencies] are DEPENDENCIES, with this
# project's Cargo.lock (same versions where the graphs overlap), and fetches
# its crates so that the builds measured afterwards are offline.
throwaway_crate() {
  local dir=$1 deps=$2
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "throwaway-$(basename "$dir")"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$deps

[workspace]
TOML
  echo 'pub fn touch() {}' >"$dir/src/lib.rs"
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
  (cd "$dir" && cargo fetch -q)
}

# cpu_cost_table WORK RUNS HEADING CRATE...: for each throwaway crate under
# WORK, the median CPU seconds (user + system: steadier than wall time on a
# shared machine) of RUNS clean debug builds, each from a fresh target
# directory, and its crate counts.
cpu_cost_table() {
  local work=$1 runs=$2 heading=$3
  shift 3
  median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
  count() { (cd "$work/$1" && cargo tree -q --offline -e "$2" --prefix none | sed 's/ (\*)//' | sort -u | wc -l); }
  printf '%-12s %-28s %s\n' "$heading" "CPU s per clean build" "crates: normal / normal+build"
  local crate times t
  for crate in "$@"; do
    times=()
    for _ in $(seq 1 "$runs"); do
      rm -rf "$work/target"
      t=$( { cd "$work/$crate" && CARGO_TARGET_DIR="$work/target" \
        /usr/bin/time -f '%U %S' cargo build -q --offline 2>&1 >/dev/null; } | tail -1 |
        awk '{ printf "%.1f", $1 + $2 }')
      times+=("$t")
    done
    printf '%-12s %-28s %s / %s\n' "$crate" "$(median "${times[@]}") (${times[*]})" \
      "$(count "$crate" normal)" "$(count "$crate" normal,build)"
  done
}
