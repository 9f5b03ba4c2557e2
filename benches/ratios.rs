//! The goals of BENCHMARKS.md as ratios measured side by side: each round
//! times a batch of A and a batch of B back to back (alternating which goes
//! first), so a change in machine load hits both alike. Prints the median
//! time per operation of each and the median of the per-round ratios.
//!
//!     cargo bench --bench ratios            # everything
//!     cargo bench --bench ratios -- get     # only the groups whose name starts with `get`
//!
//! For a profiler, `--profile-side ours|plain|ours-in-flight|plain-in-flight`
//! runs 2,000 rounds (`--calls N`) of one side only and times nothing, e.g. under
//! `valgrind --tool=callgrind` (see BENCHMARKS.md).

mod common;

use std::hint::black_box;
use std::time::Instant;

use common::{hand_written, large_incident, GetSetup, IN_FLIGHT, SAMPLE};
use sentinel_incidents::types::Incident;
use serde_json::Value;

const ROUNDS: usize = 41;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Nanoseconds per operation of `a` and `b`, and the median ratio a/b.
fn side_by_side(
    batch: usize,
    per_batch: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (f64, f64, f64) {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed().as_nanos() as f64 / (batch * per_batch) as f64
    };
    // Warm up both.
    time(&mut a);
    time(&mut b);
    let (mut ta, mut tb, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (x, y) = if round % 2 == 0 {
            let x = time(&mut a);
            (x, time(&mut b))
        } else {
            let y = time(&mut b);
            (time(&mut a), y)
        };
        ta.push(x);
        tb.push(y);
        ratios.push(x / y);
    }
    (median(ta), median(tb), median(ratios))
}

fn report(name: &str, (a, b, ratio): (f64, f64, f64), a_name: &str, b_name: &str, goal: &str) {
    println!(
        "{name:<26} {a_name} {:>9.2} µs   {b_name} {:>9.2} µs   ratio {ratio:.2}   {goal}",
        a / 1e3,
        b / 1e3
    );
}

/// What the command line asks for: a group filter (`decode`, `get`, …) and
/// the side named by `--profile-side`, if any.
struct Args {
    filter: String,
    profile_side: Option<String>,
    /// Rounds of `--profile-side` (`--calls N`, default 2,000).
    calls: usize,
}

fn args() -> Args {
    let mut args = Args {
        filter: String::new(),
        profile_side: None,
        calls: 2000,
    };
    let mut rest = std::env::args().skip(1);
    while let Some(arg) = rest.next() {
        if arg == "--profile-side" {
            args.profile_side = rest.next();
        } else if arg == "--calls" {
            args.calls = rest
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--calls takes a number");
        } else if !arg.starts_with("--") {
            args.filter = arg;
        }
    }
    args
}

fn main() {
    // `cargo test --benches` runs bench targets with --bench absent; only time under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // An optional filter, as criterion takes one: `-- decode`, `-- get`.
    let Args {
        filter,
        profile_side,
        calls,
    } = args();
    let wanted = |group: &str| group.starts_with(filter.as_str());
    for (size, text) in [("sample", SAMPLE.to_string()), ("large", large_incident())] {
        if !wanted("decode") && !wanted("encode") {
            break;
        }
        let batch = if size == "sample" { 2000 } else { 100 };
        let typed = || {
            black_box(serde_json::from_str::<Incident>(black_box(&text)).unwrap());
        };
        let value = || {
            black_box(serde_json::from_str::<Value>(black_box(&text)).unwrap());
        };
        let hand = || {
            black_box(serde_json::from_str::<hand_written::Incident>(black_box(&text)).unwrap());
        };
        report(
            &format!("decode/{size}"),
            side_by_side(batch, 1, typed, value),
            "typed",
            "Value",
            "goal: ratio <= 1.00",
        );
        report(
            &format!("decode/{size}"),
            side_by_side(batch, 1, typed, hand),
            "typed",
            "hand ",
            "goal: ratio <= 1.10",
        );

        let incident: Incident = serde_json::from_str(&text).unwrap();
        let as_value: Value = serde_json::from_str(&text).unwrap();
        let as_hand: hand_written::Incident = serde_json::from_str(&text).unwrap();
        let typed = || {
            black_box(serde_json::to_vec(black_box(&incident)).unwrap());
        };
        let value = || {
            black_box(serde_json::to_vec(black_box(&as_value)).unwrap());
        };
        let hand = || {
            black_box(serde_json::to_vec(black_box(&as_hand)).unwrap());
        };
        report(
            &format!("encode/{size}"),
            side_by_side(batch, 1, typed, value),
            "typed",
            "Value",
            "",
        );
        report(
            &format!("encode/{size}"),
            side_by_side(batch, 1, typed, hand),
            "typed",
            "hand ",
            "",
        );
    }

    if !wanted("get") {
        return;
    }
    let s = GetSetup::new();
    if let Some(side) = profile_side {
        for _ in 0..calls {
            match side.as_str() {
                "ours" => s.rt.block_on(GetSetup::ours(s.client.clone(), s.workspace.clone())),
                "plain" => s.rt.block_on(GetSetup::plain(s.plain.clone(), s.url.clone())),
                "ours-in-flight" => s.rt.block_on(s.ours_in_flight()),
                "plain-in-flight" => s.rt.block_on(s.plain_in_flight()),
                other => panic!("--profile-side takes ours, plain, ours-in-flight or plain-in-flight, not {other}"),
            }
        }
        return;
    }
    let ours = || {
        s.rt.block_on(GetSetup::ours(s.client.clone(), s.workspace.clone()))
    };
    let plain = || {
        s.rt.block_on(GetSetup::plain(s.plain.clone(), s.url.clone()))
    };
    let (a, b, r) = side_by_side(100, 1, ours, plain);
    // Throughput ratio is the inverse of the time ratio.
    report(
        "get/sequential",
        (a, b, 1.0 / r),
        "ours ",
        "plain",
        "throughput ratio, goal >= 0.95",
    );
    let ours = || s.rt.block_on(s.ours_in_flight());
    let plain = || s.rt.block_on(s.plain_in_flight());
    let (a, b, r) = side_by_side(10, IN_FLIGHT, ours, plain);
    report(
        "get/32-in-flight",
        (a, b, 1.0 / r),
        "ours ",
        "plain",
        "throughput ratio, goal >= 0.95",
    );
}
