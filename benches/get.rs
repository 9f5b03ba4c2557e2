//! `get_incident` with every policy on (credential, client request id,
//! retry, timeouts, tracing to a subscriber) against a plain `reqwest` GET
//! plus `serde_json` decode into the same type, same loopback server and
//! payload, one at a time and 32 in flight.
//!
//! The server runs on its own runtime thread; the clients on a
//! current-thread runtime driven by the benchmark thread, so what is measured
//! is the client side, not cross-thread wake-ups of the harness.

mod common;

use common::{GetSetup, IN_FLIGHT};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn benches(c: &mut Criterion) {
    let s = GetSetup::new();
    let mut group = c.benchmark_group("get/sequential");
    group.throughput(Throughput::Elements(1));
    group.bench_function("SentinelClient::get_incident", |b| {
        b.iter(|| {
            s.rt.block_on(GetSetup::ours(s.client.clone(), s.workspace.clone()))
        })
    });
    group.bench_function("reqwest + serde_json", |b| {
        b.iter(|| {
            s.rt.block_on(GetSetup::plain(s.plain.clone(), s.url.clone()))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("get/32-in-flight");
    group.throughput(Throughput::Elements(IN_FLIGHT as u64));
    group.bench_function("SentinelClient::get_incident", |b| {
        b.iter(|| s.rt.block_on(s.ours_in_flight()))
    });
    group.bench_function("reqwest + serde_json", |b| {
        b.iter(|| s.rt.block_on(s.plain_in_flight()))
    });
    group.finish();
}

criterion_group!(get, benches);
criterion_main!(get);
