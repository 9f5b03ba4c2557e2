#!/usr/bin/env bash
# What each TLS set-up costs a clean downstream build, as CPU seconds (user +
# system: steadier than wall time on a shared machine) and crate counts.
#
# Four throwaway crates with just reqwest (`json`, `query`, `http2`), serde,
# serde_json and tokio, differing only in TLS:
#   ring        rustls-no-provider + rustls with *ring* + rustls-platform-verifier
#               0.6: this crate's set-up until 0.1.0, which made its users'
#               reqwest panic (README, "TLS")
#   rustls      reqwest's `rustls`: aws-lc-rs, the set-up of the `rustls` feature
#   native-tls  reqwest's `native-tls`: the system's OpenSSL
#   none        no TLS: what the others add
# Each is built clean RUNS times (default 3) from a fresh target directory,
# every crate downloaded first; prints the median and the crate counts.
#
#   scripts/tls-build-cost.sh [RUNS]
set -euo pipefail

runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=scripts/throwaway-crate.sh
source "$root/scripts/throwaway-crate.sh"
make_crate() {
  throwaway_crate "$work/$1" "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"query\", \"http2\"$2] }
serde = { version = \"1\", features = [\"derive\"] }
serde_json = \"1\"
tokio = { version = \"1\", features = [\"time\", \"sync\"] }
$3"
}
make_crate ring ', "rustls-no-provider"' 'rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
rustls-platform-verifier = "0.6"'
make_crate rustls ', "rustls"' ''
make_crate native-tls ', "native-tls"' ''
make_crate none '' ''

cpu_cost_table "$work" "$runs" set-up ring rustls native-tls none
