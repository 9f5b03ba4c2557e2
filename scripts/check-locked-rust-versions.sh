#!/usr/bin/env bash
# The declared MSRV (rust-version in Cargo.toml) holds for the committed
# lockfile: no locked package declares a newer rust-version. Only the current
# stable toolchain is available here, so this and clippy's incompatible_msrv
# lint are what stand behind the MSRV claim. Usage: scripts/check-locked-rust-versions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
meta=$(mktemp)
trap 'rm -f "$meta"' EXIT
cargo metadata --format-version 1 --locked >"$meta"
python3 - "$meta" <<'PY'
import json, sys

meta = json.load(open(sys.argv[1]))
version = lambda v: tuple(int(x) for x in v.split("."))
root = next(p for p in meta["packages"] if p["name"] == "sentinel-incidents")
msrv = root["rust_version"]
newer = sorted(
    "{} {} needs Rust {}".format(p["name"], p["version"], p["rust_version"])
    for p in meta["packages"]
    if p.get("rust_version") and version(p["rust_version"]) > version(msrv)
)
if newer:
    print("locked packages newer than rust-version " + msrv + ":", *newer, sep="\n  ")
    print("fix: cargo update -p <package> (.cargo/config.toml prefers compatible versions),")
    print("or raise rust-version in Cargo.toml and README.md")
    sys.exit(1)
print("all {} locked packages build on Rust {} by their declared rust-version".format(len(meta["packages"]), msrv))
PY
