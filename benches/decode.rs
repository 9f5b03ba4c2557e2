//! Decoding and encoding incidents: the generated `types::Incident` against
//! `serde_json::Value` and against a minimal hand-written serde struct (the
//! serde limit: no open enums, no unknown-field maps), on the reference
//! page's sample and on a large incident.

mod common;

use std::hint::black_box;

use common::{hand_written, large_incident, SAMPLE};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sentinel_incidents::types::Incident;
use serde_json::Value;

fn benches(c: &mut Criterion) {
    for (name, text) in [("sample", SAMPLE.to_string()), ("large", large_incident())] {
        let mut group = c.benchmark_group(format!("decode/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("types::Incident", |b| {
            b.iter(|| serde_json::from_str::<Incident>(black_box(&text)).unwrap())
        });
        group.bench_function("serde_json::Value", |b| {
            b.iter(|| serde_json::from_str::<Value>(black_box(&text)).unwrap())
        });
        group.bench_function("hand-written struct", |b| {
            b.iter(|| serde_json::from_str::<hand_written::Incident>(black_box(&text)).unwrap())
        });
        group.finish();

        let typed: Incident = serde_json::from_str(&text).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let hand: hand_written::Incident = serde_json::from_str(&text).unwrap();
        let mut group = c.benchmark_group(format!("encode/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("types::Incident", |b| {
            b.iter(|| serde_json::to_vec(black_box(&typed)).unwrap())
        });
        group.bench_function("serde_json::Value", |b| {
            b.iter(|| serde_json::to_vec(black_box(&value)).unwrap())
        });
        group.bench_function("hand-written struct", |b| {
            b.iter(|| serde_json::to_vec(black_box(&hand)).unwrap())
        });
        group.finish();
    }
}

criterion_group!(decode, benches);
criterion_main!(decode);
