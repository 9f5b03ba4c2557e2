#!/usr/bin/env python3
"""Prints the medians of the last `cargo bench` run (from target/criterion)
and the ratios the goals in BENCHMARKS.md are stated in.

    cargo bench && python3 scripts/bench-summary.py
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "criterion"
medians = {}
for estimates in sorted(root.glob("*/*/new/estimates.json")):
    bench = estimates.parent.parent
    group = json.loads((bench / "new" / "benchmark.json").read_text())
    median = json.loads(estimates.read_text())["median"]
    medians[(group["group_id"], group["function_id"])] = median["point_estimate"] / 1000.0  # µs
if not medians:
    sys.exit("no criterion results under target/criterion: run `cargo bench` first")

for (group, function), us in sorted(medians.items()):
    print(f"{group:<20} {function:<32} median {us:>11.3f} µs")

print()
typed, value, hand = "types::Incident", "serde_json::Value", "hand-written struct"
for size in ("sample", "large"):
    for op in ("decode", "encode"):
        g = f"{op}/{size}"
        if (g, typed) in medians:
            t = medians[(g, typed)]
            print(f"{g:<14} typed / Value {t / medians[(g, value)]:.2f}x   typed / hand-written {t / medians[(g, hand)]:.2f}x  (time; lower is faster)")
for g in ("get/sequential", "get/32-in-flight"):
    ours, plain = medians.get((g, "SentinelClient::get_incident")), medians.get((g, "reqwest + serde_json"))
    if ours and plain:
        print(f"{g:<18} SentinelClient throughput / plain reqwest throughput {plain / ours:.2f}x")
