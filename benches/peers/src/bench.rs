//! Timing side by side: each round runs one batch of every side, in an order
//! that rotates and alternates direction between rounds, so a change in the
//! machine's load hits all sides alike. Reported: the median time per
//! operation of each side and the median of its per-round ratios.

use std::hint::black_box;
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use azure_mgmt_securityinsights::package_preview_2024_04::models as legacy_models;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

use crate::sides::Caller;
use crate::SAMPLE;

pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Nanoseconds per operation of each side, per round. Each closure runs one
/// batch and returns its nanoseconds per operation.
fn interleaved(rounds: usize, sides: &mut [Box<dyn FnMut() -> f64 + '_>]) -> Vec<Vec<f64>> {
    let n = sides.len();
    // Warm up every side (connections, allocator, caches) before counting.
    for side in sides.iter_mut() {
        side();
    }
    let mut times = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..n).map(|i| (i + round) % n).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for i in order {
            times[i].push(sides[i]());
        }
    }
    times
}

/// One result line for `peers table`: metric, side, mode, value.
pub fn record(out: &mut Option<std::fs::File>, metric: &str, side: &str, mode: &str, value: &str) {
    if let Some(f) = out {
        writeln!(f, "{metric}\t{side}\t{mode}\t{value}").expect("write results");
    }
}

/// Throughput of each side against the server at `url`, relative to the
/// first side (bare), sequential and `in_flight` at once.
pub fn throughput(
    url: &str,
    sides: &[&str],
    rounds: usize,
    seq_batch: usize,
    in_flight: usize,
    in_flight_batches: usize,
    out: &mut Option<std::fs::File>,
) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let callers: Vec<Arc<Caller>> = sides
        .iter()
        .map(|side| Arc::new(Caller::new(side, url)))
        .collect();
    for (mode, calls, width) in [
        ("seq", seq_batch, 1),
        ("inflight", in_flight * in_flight_batches, in_flight),
    ] {
        let mut timed: Vec<Box<dyn FnMut() -> f64>> = callers
            .iter()
            .map(|caller| {
                let rt = &rt;
                Box::new(move || {
                    let start = Instant::now();
                    rt.block_on(caller.run(calls, width));
                    start.elapsed().as_nanos() as f64 / calls as f64
                }) as Box<dyn FnMut() -> f64>
            })
            .collect();
        let times = interleaved(rounds, &mut timed);
        let label = if width == 1 {
            "sequential".to_string()
        } else {
            format!("{width} in flight")
        };
        println!("throughput, {label} ({rounds} rounds of {calls} calls per side):");
        for (i, side) in sides.iter().enumerate() {
            // Throughput ratio to bare is the inverse of the time ratio.
            let ratios: Vec<f64> = (0..rounds).map(|r| times[0][r] / times[i][r]).collect();
            let us = median(times[i].clone()) / 1e3;
            let ratio = median(ratios);
            println!(
                "  {side:<17} {us:>9.2} µs/call   throughput ratio to {}: {ratio:.2}",
                sides[0]
            );
            record(out, "tput_us", side, mode, &format!("{us:.2}"));
            record(out, "tput_ratio", side, mode, &format!("{ratio:.3}"));
        }
    }
}

pub const DECODERS: [&str; 3] = ["ours", "legacy", "value"];

/// Decodes the body as the side's client does (from bytes).
pub fn decode_once(side: &str, body: &[u8]) {
    match side {
        "ours" => {
            black_box(
                serde_json::from_slice::<sentinel_incidents::types::Incident>(black_box(body))
                    .unwrap(),
            );
        }
        "legacy" => {
            black_box(serde_json::from_slice::<legacy_models::Incident>(black_box(body)).unwrap());
        }
        "value" => {
            black_box(serde_json::from_slice::<Value>(black_box(body)).unwrap());
        }
        other => panic!("unknown decoder {other}; decoders: {}", DECODERS.join(", ")),
    }
}

/// The sample with fields a later api-version might add, at the top level
/// and inside `properties`.
fn with_unknown_fields() -> Value {
    let mut v: Value = serde_json::from_str(SAMPLE).unwrap();
    v["futureTopLevel"] = json!({"nested": [1, 2.5, "x"]});
    v["properties"]["futureProperty"] = json!("kept?");
    v
}

/// Whether decoding into `T` and encoding again keeps the unknown fields,
/// and which top-level and `properties` fields come back different.
fn round_trip<T: DeserializeOwned + Serialize>() -> (bool, bool, Vec<String>) {
    let input = with_unknown_fields();
    let decoded: T = serde_json::from_value(input.clone()).expect("decodes");
    let output = serde_json::to_value(&decoded).expect("encodes");
    let top = output.get("futureTopLevel") == input.get("futureTopLevel");
    let props =
        output["properties"].get("futureProperty") == input["properties"].get("futureProperty");
    let mut differ = Vec::new();
    for (path, a, b) in [
        ("", &input, &output),
        ("properties.", &input["properties"], &output["properties"]),
    ] {
        let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
            continue;
        };
        let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            if k != "properties" && a.get(k) != b.get(k) {
                differ.push(format!("{path}{k}"));
            }
        }
    }
    (top, props, differ)
}

/// Decode time of each model, interleaved, and whether it keeps unknown fields.
pub fn decode(rounds: usize, batch: usize, out: &mut Option<std::fs::File>) {
    let body = SAMPLE.as_bytes();
    let mut timed: Vec<Box<dyn FnMut() -> f64>> = DECODERS
        .iter()
        .map(|side| {
            Box::new(move || {
                let start = Instant::now();
                for _ in 0..batch {
                    decode_once(side, body);
                }
                start.elapsed().as_nanos() as f64 / batch as f64
            }) as Box<dyn FnMut() -> f64>
        })
        .collect();
    let times = interleaved(rounds, &mut timed);
    println!(
        "decode of the sample ({} bytes; {rounds} rounds of {batch}):",
        body.len()
    );
    for (i, side) in DECODERS.iter().enumerate() {
        let ratios: Vec<f64> = (0..rounds).map(|r| times[i][r] / times[0][r]).collect();
        let us = median(times[i].clone()) / 1e3;
        let ratio = median(ratios);
        let (top, props, differ) = match *side {
            "ours" => round_trip::<sentinel_incidents::types::Incident>(),
            "legacy" => round_trip::<legacy_models::Incident>(),
            _ => round_trip::<Value>(),
        };
        let yes = |b: bool| if b { "yes" } else { "no" };
        let differs = if differ.is_empty() {
            "nothing".to_string()
        } else {
            differ.join(", ")
        };
        println!(
            "  {side:<7} {us:>7.2} µs   time ratio to ours {ratio:.2}   keeps unknown: top level {}, in properties {}; re-encodes differently: {}",
            yes(top),
            yes(props),
            differs
        );
        record(out, "decode_us", side, "-", &format!("{us:.2}"));
        record(out, "decode_ratio", side, "-", &format!("{ratio:.3}"));
        record(out, "unknown_top", side, "-", yes(top));
        record(out, "unknown_props", side, "-", yes(props));
        record(out, "reencode_differs", side, "-", &differs);
    }
}
