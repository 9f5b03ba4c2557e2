#!/usr/bin/env bash
# Where the build-time generator's cost goes: builds the downstream crate and
# the generation-off crate once each with `cargo build --timings`, from fresh
# target directories, and prints the compile units only the downstream build
# has, with their durations (rustc seconds, "unit-seconds").
#
# On a machine whose cores are all busy for the whole build (2 cores here),
# wall time follows total unit-seconds, so the sum below is what build-time
# generation adds. Complements scripts/build-cost.sh, which times whole builds.
# Usage: scripts/build-units.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=scripts/throwaway-crate.sh
source "$root/scripts/throwaway-crate.sh"
make_crate() {
  throwaway_crate "$work/$1" "$2"
  (cd "$work/$1" && cargo build -q --offline --timings)
}

make_crate downstream "sentinel-incidents = { path = \"$root\" }"
make_crate generation-off "sentinel-incidents = { path = \"$root\", default-features = false, features = [\"rustls\"] }"

python3 - "$work/downstream/target/cargo-timings/cargo-timing.html" \
  "$work/generation-off/target/cargo-timings/cargo-timing.html" <<'PY'
import collections, json, re, sys

def units(path):
    html = open(path).read()
    data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
    by_key = collections.defaultdict(list)
    for u in data:
        by_key[(u["name"], u["version"], u.get("target", "").strip() or "lib")].append(u["duration"])
    return by_key

down, off = units(sys.argv[1]), units(sys.argv[2])
total = lambda us: sum(sum(v) for v in us.values())
# A crate built once more downstream than generation-off is a build-time
# (host) copy; count its shortest builds, the extra ones.
extra = []
for key, durations in down.items():
    n = len(durations) - len(off.get(key, []))
    if n > 0:
        extra.append((sum(sorted(durations)[:n]), key))
extra.sort(reverse=True)
print(f"downstream     {total(down):6.1f} unit-s")
print(f"generation-off {total(off):6.1f} unit-s")
print(f"only in the downstream build: {sum(d for d, _ in extra):.1f} unit-s")
for d, (name, version, target) in extra:
    if d >= 0.05:
        print(f"  {d:5.2f}  {name} {version} ({target})")
PY
