//! `get_incident` with every policy on (credential, client request id,
//! retry, timeouts, tracing to a subscriber) against a plain `reqwest` GET
//! plus `serde_json` decode into the same type, same loopback server and
//! payload, one at a time and 32 in flight.
//!
//! The server runs on its own runtime thread; the clients on a
//! current-thread runtime driven by the benchmark thread, so what is measured
//! is the client side, not cross-thread wake-ups of the harness.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sentinel_incidents::fake::FakeSentinel;
use sentinel_incidents::types::Incident;
use sentinel_incidents::{SentinelClient, StaticToken, WorkspaceRef};

const SAMPLE: &str = include_str!("../tests/fixtures/sample-incident.json");
const INCIDENT: &str = "73e01a99-5cd7-4139-a149-9f2736ff2ab5";
const IN_FLIGHT: usize = 32;

fn benches(c: &mut Criterion) {
    // Tracing on, as in a service: INFO events formatted into a sink.
    tracing::subscriber::set_global_default(
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_writer(std::io::sink)
            .finish(),
    )
    .unwrap();
    // reqwest is built with rustls-no-provider (see Cargo.toml); a plain
    // client needs a process-wide provider, which SentinelClient does not.
    rustls::crypto::ring::default_provider()
        .install_default()
        .unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let ws = WorkspaceRef::new(
        "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0",
        "myRg",
        "myWorkspace",
    )
    .unwrap();
    let fake = rt.block_on(FakeSentinel::start()).unwrap();
    fake.insert_incident(&ws, INCIDENT, serde_json::from_str(SAMPLE).unwrap());

    let client = SentinelClient::builder()
        .endpoint(fake.url())
        .credential(StaticToken::new("bench-token"))
        .build()
        .unwrap();
    let plain = reqwest::Client::new();
    let url = format!(
        "{}/subscriptions/{}/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/incidents/{INCIDENT}?api-version=2024-03-01",
        fake.url(),
        ws.subscription_id()
    );
    let plain_get = |plain: reqwest::Client, url: String| async move {
        let body = plain
            .get(url)
            .bearer_auth("bench-token")
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        serde_json::from_slice::<Incident>(&body).unwrap()
    };

    let mut group = c.benchmark_group("get/sequential");
    group.throughput(Throughput::Elements(1));
    group.bench_function("SentinelClient::get_incident", |b| {
        b.iter(|| rt.block_on(client.get_incident(&ws, INCIDENT)).unwrap())
    });
    group.bench_function("reqwest + serde_json", |b| {
        b.iter(|| rt.block_on(plain_get(plain.clone(), url.clone())))
    });
    group.finish();

    let mut group = c.benchmark_group("get/32-in-flight");
    group.throughput(Throughput::Elements(IN_FLIGHT as u64));
    group.bench_function("SentinelClient::get_incident", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut calls = tokio::task::JoinSet::new();
                for _ in 0..IN_FLIGHT {
                    let (client, ws) = (client.clone(), ws.clone());
                    calls.spawn(async move { client.get_incident(&ws, INCIDENT).await.unwrap() });
                }
                calls.join_all().await
            })
        })
    });
    group.bench_function("reqwest + serde_json", |b| {
        b.iter(|| {
            rt.block_on(async {
                let calls =
                    (0..IN_FLIGHT).map(|_| tokio::spawn(plain_get(plain.clone(), url.clone())));
                for call in calls.collect::<Vec<_>>() {
                    call.await.unwrap();
                }
            })
        })
    });
    group.finish();
}

criterion_group!(get, benches);
criterion_main!(get);
