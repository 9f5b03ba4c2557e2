//! Property tests over incidents built to the spec, with what real responses
//! and hostile ones carry: unknown enum values and fields at every level,
//! empty and missing arrays, nulls, Unicode and long strings, every
//! timestamp precision. Bounded (case counts below) so `cargo test` stays quick.

mod common;

use common::same_json;
use proptest::prelude::*;
use proptest::sample::select;
use sentinel_incidents::types::{
    AttackTactic, CreatedByType, Incident, IncidentClassification, IncidentClassificationReason,
    IncidentLabelType, IncidentSeverity, IncidentStatus, OwnerType,
};
use serde_json::{json, Map, Value};

/// A known value of an open enum (from the generated `KNOWN`, so it follows
/// the spec), or any other string (a value Azure added).
fn open_enum<E: std::fmt::Display>(known: &[E]) -> impl Strategy<Value = Value> {
    let known: Vec<Value> = known.iter().map(|v| json!(v.to_string())).collect();
    prop_oneof![4 => select(known), 1 => any::<String>().prop_map(Value::String)]
}

/// Short and Unicode-heavy, or long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![8 => any::<String>(), 1 => "\\PC{500,3000}"]
}

/// RFC 3339 with 0 to 9 fractional digits, in UTC or with an offset.
fn timestamp() -> impl Strategy<Value = Value> {
    (
        0i64..4_102_444_800,
        0u32..1_000_000_000,
        0usize..=9,
        prop_oneof![Just(0), -720i32..=840],
    )
        .prop_map(|(secs, nanos, digits, offset_min)| {
            let offset = chrono::FixedOffset::east_opt(offset_min * 60).unwrap();
            let t = chrono::DateTime::from_timestamp(secs, nanos)
                .unwrap()
                .with_timezone(&offset);
            let base = t.format("%Y-%m-%dT%H:%M:%S").to_string();
            let fraction = format!("{:09}", t.timestamp_subsec_nanos())[..digits].to_string();
            let zone = if offset_min == 0 {
                "Z".to_string()
            } else {
                t.format("%:z").to_string()
            };
            json!(if digits == 0 {
                format!("{base}{zone}")
            } else {
                format!("{base}.{fraction}{zone}")
            })
        })
}

/// Any JSON value, nulls included, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Fields no version of the spec has (prefixed so they never collide).
fn unknown_fields() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("zz[a-zA-Z0-9]{0,6}", any_json(), 0..3)
        .prop_map(|m| m.into_iter().collect())
}

/// An object from optional fields (absent when `None`) plus unknown fields.
fn object(fields: Vec<(&'static str, Option<Value>)>, extra: Map<String, Value>) -> Value {
    let mut map: Map<String, Value> = fields
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v?)))
        .collect();
    map.extend(extra);
    Value::Object(map)
}

fn opt<S: Strategy<Value = Value>>(s: S) -> impl Strategy<Value = Option<Value>> {
    prop::option::of(s)
}

fn string() -> impl Strategy<Value = Value> {
    text().prop_map(Value::String)
}

fn array<S: Strategy<Value = Value>>(s: S) -> impl Strategy<Value = Value> {
    prop::collection::vec(s, 0..4).prop_map(Value::Array)
}

fn label() -> BoxedStrategy<Value> {
    (
        string(),
        opt(open_enum(IncidentLabelType::KNOWN)),
        unknown_fields(),
    )
        .prop_map(|(name, ty, extra)| {
            object(vec![("labelName", Some(name)), ("labelType", ty)], extra)
        })
        .boxed()
}

fn owner() -> BoxedStrategy<Value> {
    (
        opt(any::<u128>().prop_map(|n| json!(uuid::Uuid::from_u128(n)))),
        opt(string()),
        opt(string()),
        opt(string()),
    )
        .prop_flat_map(|(object_id, email, assigned, upn)| {
            (opt(open_enum(OwnerType::KNOWN)), unknown_fields()).prop_map(move |(ty, extra)| {
                object(
                    vec![
                        ("objectId", object_id.clone()),
                        ("email", email.clone()),
                        ("assignedTo", assigned.clone()),
                        ("userPrincipalName", upn.clone()),
                        ("ownerType", ty),
                    ],
                    extra,
                )
            })
        })
        .boxed()
}

fn additional_data() -> BoxedStrategy<Value> {
    (
        opt(any::<i32>().prop_map(|n| json!(n))),
        opt(any::<i32>().prop_map(|n| json!(n))),
        opt(array(string())),
        opt(array(open_enum(AttackTactic::KNOWN))),
        opt(string()),
        unknown_fields(),
    )
        .prop_map(|(alerts, comments, products, tactics, url, extra)| {
            object(
                vec![
                    ("alertsCount", alerts),
                    ("commentsCount", comments),
                    ("alertProductNames", products),
                    ("tactics", tactics),
                    ("providerIncidentUrl", url),
                ],
                extra,
            )
        })
        .boxed()
}

fn properties() -> BoxedStrategy<Value> {
    let required = (
        string(),
        open_enum(IncidentSeverity::KNOWN),
        open_enum(IncidentStatus::KNOWN),
    );
    let classification = (
        opt(open_enum(IncidentClassification::KNOWN)),
        opt(open_enum(IncidentClassificationReason::KNOWN)),
        opt(string()),
    );
    let times = (
        opt(timestamp()),
        opt(timestamp()),
        opt(timestamp()),
        opt(timestamp()),
    );
    let rest = (
        opt(any::<i32>().prop_map(|n| json!(n))),
        opt(array(label())),
        opt(array(string())),
        opt(owner()),
        opt(additional_data()),
        unknown_fields(),
    );
    (required, classification, times, opt(string()), rest)
        .prop_map(
            |(
                (title, severity, status),
                (class, reason, comment),
                (created, first, last, modified),
                description,
                rest,
            )| {
                let (number, labels, rules, owner, data, extra) = rest;
                object(
                    vec![
                        ("title", Some(title)),
                        ("severity", Some(severity)),
                        ("status", Some(status)),
                        ("classification", class),
                        ("classificationReason", reason),
                        ("classificationComment", comment),
                        ("createdTimeUtc", created),
                        ("firstActivityTimeUtc", first),
                        ("lastActivityTimeUtc", last),
                        ("lastModifiedTimeUtc", modified),
                        ("description", description),
                        ("incidentNumber", number),
                        ("labels", labels),
                        ("relatedAnalyticRuleIds", rules),
                        ("owner", owner),
                        ("additionalData", data),
                    ],
                    extra,
                )
            },
        )
        .boxed()
}

fn system_data() -> BoxedStrategy<Value> {
    let by_type = || open_enum(CreatedByType::KNOWN);
    (
        opt(string()),
        opt(by_type()),
        opt(timestamp()),
        opt(by_type()),
        unknown_fields(),
    )
        .prop_map(|(by, by_type, at, mod_type, extra)| {
            object(
                vec![
                    ("createdBy", by),
                    ("createdByType", by_type),
                    ("createdAt", at),
                    ("lastModifiedByType", mod_type),
                ],
                extra,
            )
        })
        .boxed()
}

/// An incident as Azure could send it, without nulls in known fields.
fn incident() -> BoxedStrategy<Value> {
    (
        opt(string()),
        opt(string()),
        opt(string()),
        opt(system_data()),
        opt(properties()),
        unknown_fields(),
    )
        .prop_map(|(id, name, etag, system, properties, extra)| {
            object(
                vec![
                    ("id", id),
                    ("name", name),
                    ("etag", etag),
                    ("systemData", system),
                    ("properties", properties),
                ],
                extra,
            )
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// encode(decode(json)) == json, date-times compared as instants.
    #[test]
    fn decoding_then_encoding_loses_nothing(json in incident()) {
        let incident: Incident = serde_json::from_value(json.clone()).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let encoded = serde_json::to_value(&incident).unwrap();
        prop_assert!(same_json(&encoded, &json).is_ok(), "{:?}\n{json}\n{encoded}", same_json(&encoded, &json));
    }

    /// decode(encode(x)) == x for every typed incident.
    #[test]
    fn encoding_then_decoding_gives_the_same_value(json in incident()) {
        let incident: Incident = serde_json::from_value(json).unwrap();
        let again: Incident = serde_json::from_slice(&serde_json::to_vec(&incident).unwrap()).unwrap();
        prop_assert_eq!(again, incident);
    }

    /// An explicit `null` in any optional known field decodes (as absent).
    #[test]
    fn nulls_in_optional_fields_decode(json in incident(), picks in prop::collection::vec(any::<prop::sample::Index>(), 1..6)) {
        let mut json = json;
        let mut expected = json.clone();
        let optional = ["/etag", "/properties/description", "/properties/owner", "/properties/labels",
            "/properties/classification", "/properties/createdTimeUtc", "/properties/additionalData/tactics",
            "/properties/owner/objectId", "/properties/owner/ownerType", "/systemData/createdAt"];
        for pick in picks {
            let path = optional[pick.index(optional.len())];
            let (parent, field) = path.rsplit_once('/').unwrap();
            let parent = if parent.is_empty() { "" } else { parent };
            if let Some(Value::Object(map)) = json.pointer_mut(parent) {
                map.insert(field.to_string(), Value::Null);
                if let Some(Value::Object(map)) = expected.pointer_mut(parent) {
                    map.remove(field);
                }
            }
        }
        let incident: Incident = serde_json::from_value(json).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let encoded = serde_json::to_value(&incident).unwrap();
        prop_assert!(same_json(&encoded, &expected).is_ok(), "{:?}", same_json(&encoded, &expected));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Arbitrary bytes decode to a value or an error, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<Incident>(&bytes);
    }

    /// Arbitrary JSON (nulls, wrong types, deep objects) never panics either.
    #[test]
    fn arbitrary_json_never_panics(json in any_json(), properties in any_json()) {
        let _ = serde_json::from_value::<Incident>(json.clone());
        let _ = serde_json::from_value::<Incident>(json!({ "properties": properties, "extra": json }));
    }
}

#[test]
fn deeply_nested_unknown_fields_fail_cleanly() {
    for depth in [1_000, 100_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let text = format!(
            r#"{{"properties":{{"title":"t","severity":"High","status":"New","zzDeep":{nested}}}}}"#
        );
        let err = serde_json::from_str::<Incident>(&text).unwrap_err();
        assert!(err.to_string().contains("recursion limit"), "{err}");
    }
    // Within the limit, nesting is kept.
    let nested = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let text = format!(
        r#"{{"properties":{{"title":"t","severity":"High","status":"New","zzDeep":{nested}}}}}"#
    );
    assert!(serde_json::from_str::<Incident>(&text).is_ok());
}
