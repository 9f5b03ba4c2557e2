//! Decoding and encoding incidents: the generated `types::Incident` against
//! `serde_json::Value` and against a minimal hand-written serde struct (the
//! serde limit: no open enums, no unknown-field maps), on the reference
//! page's sample and on a large incident.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sentinel_incidents::types::Incident;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const SAMPLE: &str = include_str!("../tests/fixtures/sample-incident.json");

/// What a careful hand-written binding would look like: plain strings for
/// enums, `Option`s for optional fields, unknown fields ignored.
mod hand_written {
    use super::*;

    #[derive(Serialize, Deserialize)]
    pub struct Incident {
        pub id: Option<String>,
        pub name: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<String>,
        pub etag: Option<String>,
        pub properties: Option<Properties>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Properties {
        pub title: String,
        pub severity: String,
        pub status: String,
        pub description: Option<String>,
        pub classification: Option<String>,
        pub classification_comment: Option<String>,
        pub classification_reason: Option<String>,
        pub created_time_utc: Option<chrono::DateTime<chrono::Utc>>,
        pub first_activity_time_utc: Option<chrono::DateTime<chrono::Utc>>,
        pub last_activity_time_utc: Option<chrono::DateTime<chrono::Utc>>,
        pub last_modified_time_utc: Option<chrono::DateTime<chrono::Utc>>,
        pub incident_number: Option<i32>,
        pub incident_url: Option<String>,
        pub provider_name: Option<String>,
        pub provider_incident_id: Option<String>,
        pub labels: Option<Vec<Label>>,
        pub related_analytic_rule_ids: Option<Vec<String>>,
        pub owner: Option<Owner>,
        pub additional_data: Option<AdditionalData>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Label {
        pub label_name: String,
        pub label_type: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Owner {
        pub object_id: Option<uuid::Uuid>,
        pub email: Option<String>,
        pub assigned_to: Option<String>,
        pub user_principal_name: Option<String>,
        pub owner_type: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AdditionalData {
        pub alerts_count: Option<i32>,
        pub bookmarks_count: Option<i32>,
        pub comments_count: Option<i32>,
        pub alert_product_names: Option<Vec<String>>,
        pub tactics: Option<Vec<String>>,
        pub provider_incident_url: Option<String>,
    }
}

/// The sample grown to what a busy incident looks like: many labels,
/// tactics, rule ids and product names, a long description.
fn large_incident() -> String {
    let mut value: Value = serde_json::from_str(SAMPLE).unwrap();
    let p = &mut value["properties"];
    p["description"] = json!("Lateral movement observed across hosts. ".repeat(400));
    p["labels"] = (0..200)
        .map(|i| json!({ "labelName": format!("label-{i}"), "labelType": if i % 2 == 0 { "User" } else { "AutoAssigned" } }))
        .collect();
    p["relatedAnalyticRuleIds"] = (0..300)
        .map(|i| json!(format!("/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/alertRules/{i:08}-747f-46a7-8ef0-9c0be8112bf7")))
        .collect();
    let tactics = [
        "InitialAccess",
        "Execution",
        "Persistence",
        "PrivilegeEscalation",
        "DefenseEvasion",
        "CredentialAccess",
        "Discovery",
        "LateralMovement",
        "Collection",
        "Exfiltration",
        "CommandAndControl",
        "Impact",
    ];
    p["additionalData"]["tactics"] = json!(tactics);
    p["additionalData"]["alertProductNames"] =
        (0..50).map(|i| json!(format!("Product {i}"))).collect();
    p["additionalData"]["alertsCount"] = json!(1500);
    serde_json::to_string(&value).unwrap()
}

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
