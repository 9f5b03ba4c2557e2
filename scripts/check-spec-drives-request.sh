#!/usr/bin/env bash
# The spec is the one description of the request: in a throwaway copy of the
# repository, rename the incidents collection in spec/incidents.json
# (`…/incidents/{incidentId}` → `…/cases/{incidentId}`), run `regen`, change
# nothing else, and
#
# 1. the example, pointed at a recording server, sends the new path;
# 2. the offline example still finds the sample incident in the built-in fake
#    (which routes, and fills `id` and `type`, by the same spec);
# 3. the crate's tests pass.
#
#   scripts/check-spec-drives-request.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
# On exit, also the copy's example binary, uplifted (unhashed) into the
# shared target/, so that this checkout's tests/example.rs never runs it.
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work" "$CARGO_TARGET_DIR/debug/examples/get_incident"' EXIT
# This repository's target/, so that only the copy's two crates build. As in
# scripts/rehearse-update.sh: cargo hashes a workspace crate by its path
# relative to the workspace, so a profile setting that changes nothing but
# the hash keeps the copy's artifacts apart from this checkout's, and fresh
# mtimes (tar -m) keep an earlier copy's from passing for this one.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
separate=()
for profile in dev test; do
  for package in sentinel-incidents sentinel-incidents-codegen; do
    separate+=(--config "profile.$profile.package.$package.codegen-units=254")
  done
done
in_copy() { cargo "$1" "${separate[@]}" --locked -q "${@:2}"; }

git ls-files -z | tar --null -T - -cf - | (mkdir -p "$work/repo" && cd "$work/repo" && tar xmf -)
cd "$work/repo"
python3 - <<'PY'
import json
path = "spec/incidents.json"
text = open(path).read()
old = "/providers/Microsoft.SecurityInsights/incidents/{incidentId}"
assert text.count(old) == 1, "the spec has one incidents path"
open(path, "w").write(text.replace(old, "/providers/Microsoft.SecurityInsights/cases/{incidentId}"))
PY
in_copy run -p sentinel-incidents-codegen -- --workspace "$work/repo" regen
git -C "$root" diff --no-index --stat "$root/spec" spec || true

echo "== the example sends the new path"
log=$work/requests.log
python3 - "$log" <<'PY' &
import http.server, sys
log = open(sys.argv[1], "a", buffering=1)
class Recorder(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        log.write(self.path + "\n")
        body = b'{"error":{"code":"ResourceNotFound","message":"recorded"}}'
        self.send_response(404)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
print(server.server_address[1], flush=True, file=open(sys.argv[1] + ".port", "w"))
server.serve_forever()
PY
server=$!
for _ in $(seq 50); do [ -s "$log.port" ] && break; sleep 0.1; done
port=$(cat "$log.port")
AZURE_ACCESS_TOKEN=t in_copy run --example get_incident --features fake -- \
  --endpoint "http://127.0.0.1:$port" --incident inc-1 || true
cat "$log"
grep -q "/providers/Microsoft.SecurityInsights/cases/inc-1?api-version=" "$log" ||
  { echo "the example did not send the renamed path" >&2; exit 1; }

echo "== the offline example finds the sample incident in the fake"
out=$(in_copy run --example get_incident --features fake)
echo "$out"
grep -q "73e01a99-5cd7-4139-a149-9f2736ff2ab5\|Suspicious" <<<"$out" ||
  { echo "the offline example did not find the sample incident" >&2; exit 1; }

echo "== the tests that read the path from the spec pass on the renamed one"
# (tests/example.rs, tests/fake.rs and some of tests/raw.rs send or expect
# the shipped spec's paths.)
in_copy test --lib --test wire
# The façade and progenitor's method (which regen rewrote) agree on the new path.
in_copy test --test raw the_facade_and_the_generated_client_send_the_same_request
