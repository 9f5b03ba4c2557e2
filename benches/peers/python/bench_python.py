"""The Python SDK's Incidents - Get against the peers server, side by side
with the Rust bare client: each round times N calls of the bare client (a
subprocess that reports its own time for its calls, startup excluded) and N
calls here, alternating which goes first; prints the median per-round
throughput ratio python/bare.

    python bench_python.py --url URL --peers PATH/TO/peers [--calls 1000] [--rounds 5] [--out FILE]
"""

import argparse
import statistics
import subprocess
import time

from azure.core.credentials import AccessToken
from azure.mgmt.securityinsight import SecurityInsightsMgmtClient

SUBSCRIPTION = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0"
INCIDENT = "73e01a99-5cd7-4139-a149-9f2736ff2ab5"


class StaticToken:
    """A fake credential: one token, valid for an hour."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken("t", int(time.time()) + 3600)


def python_calls(client, n):
    start = time.perf_counter()
    for _ in range(n):
        # azure-core's bearer policy refuses plain http unless the operation
        # is told enforce_https=False (its documented per-request keyword).
        incident = client.incidents.get("myRg", "myWorkspace", INCIDENT, enforce_https=False)
        assert incident.name == INCIDENT
    return (time.perf_counter() - start) / n


def bare_calls(peers, url, n):
    out = subprocess.run(
        [peers, "client", "--side", "bare", "--calls", str(n), "--warmup", "32", "--url", url],
        check=True, capture_output=True, text=True,
    ).stdout
    fields = dict(kv.split("=") for kv in out.split())
    return int(fields["elapsed_ns"]) / 1e9 / n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--peers", required=True)
    p.add_argument("--calls", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--out")
    a = p.parse_args()

    client = SecurityInsightsMgmtClient(StaticToken(), SUBSCRIPTION, base_url=a.url)
    python_calls(client, 50)  # warm up: imports, connection, token cache
    ratios, py_times, bare_times = [], [], []
    for r in range(a.rounds):
        if r % 2 == 0:
            b = bare_calls(a.peers, a.url, a.calls)
            t = python_calls(client, a.calls)
        else:
            t = python_calls(client, a.calls)
            b = bare_calls(a.peers, a.url, a.calls)
        py_times.append(t)
        bare_times.append(b)
        ratios.append(b / t)
    py_us = statistics.median(py_times) * 1e6
    bare_us = statistics.median(bare_times) * 1e6
    ratio = statistics.median(ratios)
    api = client._config.api_version
    print(f"python, sequential ({a.rounds} rounds of {a.calls} calls, api-version {api}): "
          f"{py_us:.1f} µs/call; bare {bare_us:.1f} µs/call; throughput ratio to bare {ratio:.3f}")
    if a.out:
        with open(a.out, "a") as f:
            f.write(f"python_us\tpython\tseq\t{py_us:.1f}\n")
            f.write(f"python_bare_us\tpython\tseq\t{bare_us:.1f}\n")
            f.write(f"python_ratio\tpython\tseq\t{ratio:.3f}\n")
            f.write(f"version\tpython api-version\t-\t{api}\n")


if __name__ == "__main__":
    main()
