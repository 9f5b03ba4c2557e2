#!/usr/bin/env bash
# Peer benchmark: our SentinelClient beside bare reqwest, the legacy SDK
# (azure_mgmt_securityinsights 0.21, with and without keep-alive) and the
# Python SDK, all against one loopback server in its own process. Prints the
# instructions per call (callgrind), throughput ratios (interleaved rounds)
# and the decode comparison, as one table.
#
#   scripts/bench-peers.sh [--no-callgrind] [--no-python] [--quick]
#
# The crate is benches/peers, outside the workspace, so CI never builds the
# legacy SDK (9 MB of source, ~1.7 GB of memory to compile). Its target dir
# is target-peers/ (override with CARGO_TARGET_DIR). A first build took 13
# minutes on two busy cores; a full run after that takes 3 to 4 minutes.
set -euo pipefail

callgrind=1 python=1 quick=0
for arg in "$@"; do
  case $arg in
    --no-callgrind) callgrind=0 ;;
    --no-python) python=0 ;;
    # Fewer rounds and calls: a smoke test of the script, not figures to quote.
    --quick) quick=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown flag $arg (see --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
crate=$root/benches/peers
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target-peers}
started=$SECONDS

echo "== building benches/peers (release)" >&2
cargo build --release --manifest-path "$crate/Cargo.toml" >&2
peers=$CARGO_TARGET_DIR/release/peers

run=$CARGO_TARGET_DIR/peers-run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$run"
results=$run/results.tsv
: > "$results"
record() { printf '%s\t%s\t%s\t%s\n' "$@" >> "$results"; }

# Versions, from the toolchain and the peers crate's lockfile.
lock_versions() { awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print }' "$crate/Cargo.lock" | paste -sd' '; }
record version rustc - "$(rustc -V)"
record version reqwest - "$(lock_versions reqwest | tr ' ' '\n' | grep '^0\.13' || true)"
record version "reqwest (azure_core's)" - "$(lock_versions reqwest | tr ' ' '\n' | grep '^0\.12' || true)"
record version azure_core - "$(lock_versions azure_core)"
record version azure_mgmt_securityinsights - "$(lock_versions azure_mgmt_securityinsights)"
# It ships only preview API versions; this is its default tag, the nearest to the stable one we ship.
record version "azure_mgmt_securityinsights package" - "package-preview-2024-04 (api-version 2024-04-01-preview)"
record version hyper - "$(lock_versions hyper)"
record version serde_json - "$(lock_versions serde_json)"
api_version=$(sed -n 's/^pub const API_VERSION: &str = "\(.*\)";/\1/p' "$root/generated/incidents.rs")
record version sentinel-incidents - "$(git -C "$root" describe --always --dirty) (api-version $api_version)"

echo "== starting the server" >&2
"$peers" serve --port 0 > "$run/server.out" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$run/server.out" ] && break
  sleep 0.1
done
url=$(head -n1 "$run/server.out")
[ -n "$url" ] || { echo "the server printed no URL" >&2; exit 1; }
echo "   $url" >&2

if [ $quick = 1 ]; then rounds=5 low=64 high=320; else rounds=41 low=256 high=2304; fi
record meta rounds - $rounds
# Wall-clock ratios move with what else the machine runs; say how busy it was.
record meta load - "$(cut -d' ' -f1-3 /proc/loadavg) at the start ($(nproc) cores)"

echo "== throughput, interleaved rounds" >&2
"$peers" throughput --url "$url" --rounds $rounds --out "$results" >&2
echo "== decode, interleaved rounds" >&2
"$peers" decode --rounds $rounds --out "$results" >&2

# Instructions of the process at two counts, so startup cancels: per call
# is (I(high) - I(low)) / (high - low). Only the client runs under valgrind.
total() { awk '/^(summary|totals):/ { print $2; exit }' "$1"; }
counted() {
  local out=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" > /dev/null 2> "$out.log" \
    || { echo "callgrind failed, see $out.log" >&2; exit 1; }
  total "$out"
}
if [ $callgrind = 1 ]; then
  command -v valgrind > /dev/null || { echo "valgrind is missing: apt-get install -y valgrind, or --no-callgrind" >&2; exit 1; }
  record meta instr_calls - "$((high - low))"
  for side in bare ours legacy-keepalive legacy-default; do
    for mode in seq inflight; do
      width=1; [ $mode = inflight ] && width=32
      echo "== callgrind: $side, $mode" >&2
      a=$(counted "$run/cg.$side.$mode.$low" "$peers" client --side $side --calls $low --in-flight $width --url "$url")
      b=$(counted "$run/cg.$side.$mode.$high" "$peers" client --side $side --calls $high --in-flight $width --url "$url")
      per_call=$(( (b - a) / (high - low) ))
      echo "   $per_call instructions per call" >&2
      record instr $side $mode $per_call
    done
  done
  for side in ours legacy value; do
    echo "== callgrind: decode, $side" >&2
    a=$(counted "$run/cg.decode.$side.1000" "$peers" decode-count --side $side --count 1000)
    b=$(counted "$run/cg.decode.$side.11000" "$peers" decode-count --side $side --count 11000)
    record decode_instr $side - $(( (b - a) / 10000 ))
  done
fi

if [ $python = 1 ]; then
  echo "== python" >&2
  venv=$CARGO_TARGET_DIR/py-venv
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q azure-mgmt-securityinsight==2.0.0b4 azure-core >&2
  pip_version() { "$venv/bin/pip" show "$1" | awk '/^Version:/ { print $2 }'; }
  record version azure-mgmt-securityinsight - "$(pip_version azure-mgmt-securityinsight)"
  record version "azure-core (Python)" - "$(pip_version azure-core)"
  record version "azure-mgmt-core (Python)" - "$(pip_version azure-mgmt-core)"
  record version python - "$("$venv/bin/python" -V)"
  if [ $quick = 1 ]; then calls=100 py_rounds=3; else calls=1000 py_rounds=5; fi
  "$venv/bin/python" "$crate/python/bench_python.py" --url "$url" --peers "$peers" \
    --calls $calls --rounds $py_rounds --out "$results" >&2
fi

kill "$server" 2>/dev/null || true
echo >&2
"$peers" table "$results"
echo
echo "Results in $results; took $((SECONDS - started)) s."
