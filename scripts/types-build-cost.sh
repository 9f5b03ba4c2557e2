#!/usr/bin/env bash
# What a clean downstream build of the types costs, beside the client's and
# the legacy SDK's, as CPU seconds (user + system: steadier than wall time on
# a shared machine) and crate counts:
#   types    sentinel-incidents with default-features = false, features = ["types"]
#            (the committed generated types; serde, serde_json, chrono, uuid, regress)
#   default  sentinel-incidents with its default features (client, rustls,
#            build-time generation)
#   legacy   azure_mgmt_securityinsights 0.21 (the legacy SDK, whose models are
#            the only way to its Incident type), its default features
# Each is built clean RUNS times (default 1: the legacy SDK takes minutes) from
# a fresh target directory, every crate downloaded first.
#
#   scripts/types-build-cost.sh [RUNS]
set -euo pipefail

runs=${1:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck source=scripts/throwaway-crate.sh
source "$root/scripts/throwaway-crate.sh"
throwaway_crate "$work/types" "sentinel-incidents = { path = \"$root\", default-features = false, features = [\"types\"] }"
throwaway_crate "$work/default" "sentinel-incidents = { path = \"$root\" }"
throwaway_crate "$work/legacy" 'azure_mgmt_securityinsights = "0.21"'

cpu_cost_table "$work" "$runs" build types default legacy
