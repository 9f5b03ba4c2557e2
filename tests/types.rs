//! The generated types: the reference page's sample decodes, and decoding then
//! encoding keeps every JSON value (unknown enum values, unknown fields, empty
//! arrays, every timestamp precision as an instant), up to the spellings
//! README names, which the last test pins.

mod common;

use common::declared::Declared;
use common::{assert_same_json, json, REALISTIC, SAMPLE};
use sentinel_incidents::types::{
    AttackTactic, CreatedByType, Incident, IncidentClassification, IncidentClassificationReason,
    IncidentLabelType, IncidentSeverity, IncidentStatus, OwnerType,
};
use serde_json::{json, Value};

fn round_trip(value: &Value) -> Value {
    let incident: Incident = serde_json::from_value(value.clone()).expect("decodes");
    serde_json::to_value(&incident).expect("encodes")
}

#[test]
fn sample_decodes_with_every_field() {
    let incident: Incident = serde_json::from_str(SAMPLE).unwrap();
    assert_eq!(
        incident.name.as_deref(),
        Some("73e01a99-5cd7-4139-a149-9f2736ff2ab5")
    );
    assert_eq!(
        incident.type_.as_deref(),
        Some("Microsoft.SecurityInsights/incidents")
    );
    assert_eq!(
        incident.etag.as_deref(),
        Some("\"0300bf09-0000-0000-0000-5c37296e0000\"")
    );
    let p = incident.properties.expect("properties");
    assert_eq!(p.title, "My incident");
    assert_eq!(p.description.as_deref(), Some("This is a demo incident"));
    assert_eq!(p.severity, IncidentSeverity::High);
    assert_eq!(p.status, IncidentStatus::Closed);
    assert_eq!(
        p.classification,
        Some(IncidentClassification::FalsePositive)
    );
    assert_eq!(
        p.classification_reason,
        Some(IncidentClassificationReason::InaccurateData)
    );
    assert_eq!(
        p.classification_comment.as_deref(),
        Some("Not a malicious activity")
    );
    assert_eq!(p.incident_number, Some(3177));
    assert_eq!(p.provider_name.as_deref(), Some("Azure Sentinel"));
    assert_eq!(p.provider_incident_id.as_deref(), Some("3177"));
    assert_eq!(p.labels, Some(vec![]));
    assert_eq!(p.related_analytic_rule_ids.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        p.created_time_utc.map(|t| t.to_rfc3339()),
        Some("2019-01-01T13:15:30+00:00".to_string())
    );
    assert_eq!(
        p.first_activity_time_utc.unwrap().to_rfc3339(),
        "2019-01-01T13:00:30+00:00"
    );
    let owner = p.owner.expect("owner");
    assert_eq!(
        owner.object_id.map(|u| u.to_string()).as_deref(),
        Some("2046feea-040d-4a46-9e2b-91c2941bfa70")
    );
    assert_eq!(owner.email.as_deref(), Some("john.doe@contoso.com"));
    assert_eq!(
        owner.user_principal_name.as_deref(),
        Some("john@contoso.com")
    );
    assert_eq!(owner.assigned_to.as_deref(), Some("john doe"));
    assert_eq!(owner.owner_type, None);
    let data = p.additional_data.expect("additionalData");
    assert_eq!(
        (data.alerts_count, data.bookmarks_count, data.comments_count),
        (Some(0), Some(0), Some(3))
    );
    assert_eq!(data.alert_product_names, Some(vec![]));
    assert_eq!(
        data.tactics,
        Some(vec![AttackTactic::InitialAccess, AttackTactic::Persistence])
    );
}

/// Losslessly up to README's one normalisation: an explicit `null` in a field
/// the spec declares (none in the fixtures at 2024-03-01; `teamInformation`
/// from 2025-10-01-preview on) is left out.
#[test]
fn sample_and_realistic_incidents_round_trip_losslessly() {
    let declared = Declared::read();
    for text in [SAMPLE, REALISTIC] {
        let original = json(text);
        assert_same_json(
            &round_trip(&original),
            &declared.without_declared_nulls(&original),
        );
    }
}

/// The realistic incident's fields the spec does not declare (at 2024-03-01:
/// `routing`, `teamInformation`, `techniques`) are kept in `extra` as sent,
/// and the ones it declares are not; then a field no spec declares, added at
/// every level, comes back.
#[test]
fn unknown_fields_survive_at_every_level() {
    let declared = Declared::read();
    let sent = json(REALISTIC);
    let realistic: Incident = serde_json::from_value(sent.clone()).unwrap();
    let p = realistic.properties.as_ref().unwrap();
    let levels = [
        ("", &realistic.extra),
        ("/properties", &p.extra),
        ("/properties/owner", &p.owner.as_ref().unwrap().extra),
        (
            "/properties/additionalData",
            &p.additional_data.as_ref().unwrap().extra,
        ),
        ("/properties/labels/0", &p.labels.as_ref().unwrap()[0].extra),
        (
            "/systemData",
            &realistic.system_data.as_ref().unwrap().extra,
        ),
    ];
    let mut unknown = Vec::new();
    for (parent, extra) in levels {
        for (field, value) in sent.pointer(parent).unwrap().as_object().unwrap() {
            if declared.declares(parent, field) {
                assert!(!extra.contains_key(field), "{parent}/{field} is declared");
            } else {
                assert_eq!(extra.get(field), Some(value), "{parent}/{field}");
                unknown.push(format!("{parent}/{field}"));
            }
        }
    }
    assert!(
        unknown.contains(&"/routing".to_string()),
        "no spec declares routing: {unknown:?}"
    );

    let mut value = json(SAMPLE);
    let paths = [
        "/newTop",
        "/properties/newProperty",
        "/properties/owner/newOwnerField",
        "/properties/additionalData/newDataField",
        "/systemData/newSystemField",
        "/properties/labels/0/newLabelField",
    ];
    value["systemData"] = json!({ "createdBy": "x" });
    value["properties"]["labels"] = json!([{ "labelName": "l" }]);
    for (i, path) in paths.iter().enumerate() {
        let (parent, field) = path.rsplit_once('/').unwrap();
        value
            .pointer_mut(if parent.is_empty() { "" } else { parent })
            .unwrap()[field] = json!({ "nested": [i, "deep", { "deeper": null }] });
    }
    let encoded = round_trip(&value);
    assert_same_json(&encoded, &value);
    for path in paths {
        assert!(encoded.pointer(path).is_some(), "{path} lost");
    }
}

/// Each open enum, with a value newer than the spec: decoded into
/// `UnknownValue` and written back unchanged.
#[test]
fn unknown_enum_values_decode_and_re_encode_unchanged() {
    let mut value = json(SAMPLE);
    value["properties"]["severity"] = json!("Critical");
    value["properties"]["status"] = json!("Resolved");
    value["properties"]["classification"] = json!("Suspicious");
    value["properties"]["classificationReason"] = json!("UserConfirmed");
    value["properties"]["owner"]["ownerType"] = json!("ServicePrincipal");
    value["properties"]["labels"] = json!([{ "labelName": "x", "labelType": "System" }]);
    value["properties"]["additionalData"]["tactics"] = json!(["InitialAccess", "Stealth"]);
    value["systemData"] = json!({ "createdByType": "Agent", "lastModifiedByType": "" });

    let incident: Incident = serde_json::from_value(value.clone()).unwrap();
    let p = incident.properties.as_ref().unwrap();
    assert_eq!(
        p.severity,
        IncidentSeverity::UnknownValue("Critical".into())
    );
    assert!(!p.severity.is_known());
    assert_eq!(p.status.as_str(), "Resolved");
    assert_eq!(p.classification.as_ref().unwrap().to_string(), "Suspicious");
    assert_eq!(
        p.classification_reason,
        Some(IncidentClassificationReason::from("UserConfirmed"))
    );
    assert_eq!(
        p.owner.as_ref().unwrap().owner_type,
        Some(OwnerType::UnknownValue("ServicePrincipal".into()))
    );
    assert_eq!(
        p.labels.as_ref().unwrap()[0].label_type,
        Some(IncidentLabelType::from("System"))
    );
    let tactics = p.additional_data.as_ref().unwrap().tactics.clone().unwrap();
    assert_eq!(
        tactics,
        vec![
            AttackTactic::InitialAccess,
            AttackTactic::UnknownValue("Stealth".into())
        ]
    );
    let system = incident.system_data.as_ref().unwrap();
    assert_eq!(
        system.created_by_type,
        Some(CreatedByType::UnknownValue("Agent".into()))
    );
    assert_eq!(serde_json::to_value(&incident).unwrap(), value);
}

#[test]
fn open_enums_behave_like_strings() {
    assert_eq!(
        "High".parse::<IncidentSeverity>().unwrap(),
        IncidentSeverity::High
    );
    // Equality goes by the wire string, whichever variant holds it.
    assert_eq!(
        IncidentSeverity::UnknownValue("High".into()),
        IncidentSeverity::High
    );
    // Matching is exact, so a differently cased value is kept as sent.
    assert_eq!(IncidentSeverity::from("high").as_str(), "high");
    assert!(!IncidentSeverity::from("high").is_known());
    assert_eq!(AttackTactic::KNOWN.len(), 17);
    assert_eq!(
        OwnerType::Unknown.as_str(),
        "Unknown",
        "a known value named Unknown stays known"
    );
    assert!(OwnerType::Unknown.is_known());
    for tactic in AttackTactic::KNOWN {
        assert_eq!(&AttackTactic::from(tactic.as_str()), tactic);
        assert_eq!(
            serde_json::to_value(tactic).unwrap(),
            json!(tactic.to_string())
        );
    }
    assert!(serde_json::from_value::<IncidentSeverity>(json!(3)).is_err());
}

#[test]
fn explicit_nulls_in_optional_fields_decode() {
    let mut value = json(SAMPLE);
    value["properties"]["owner"] = json!({
        "objectId": null, "email": null, "assignedTo": null, "userPrincipalName": null, "ownerType": null
    });
    value["properties"]["labels"] = Value::Null;
    value["properties"]["classification"] = Value::Null;
    value["properties"]["additionalData"]["tactics"] = Value::Null;
    let incident: Incident = serde_json::from_value(value).unwrap();
    let p = incident.properties.unwrap();
    let owner = p.owner.unwrap();
    assert_eq!(
        (owner.object_id, owner.email, owner.owner_type),
        (None, None, None)
    );
    assert_eq!(p.labels, None);
    assert_eq!(p.classification, None);
    assert_eq!(p.additional_data.unwrap().tactics, None);
}

#[test]
fn required_fields_stay_required() {
    let mut value = json(SAMPLE);
    value["properties"].as_object_mut().unwrap().remove("title");
    let err = serde_json::from_value::<Incident>(value).unwrap_err();
    assert!(err.to_string().contains("title"), "{err}");
}

#[test]
fn empty_and_missing_arrays_stay_apart() {
    let mut value = json(SAMPLE);
    value["properties"]
        .as_object_mut()
        .unwrap()
        .remove("labels");
    let encoded = round_trip(&value);
    assert!(
        encoded["properties"].get("labels").is_none(),
        "a missing array stays missing"
    );
    assert_eq!(
        encoded["properties"]["additionalData"]["alertProductNames"],
        json!([])
    );
}

#[test]
fn timestamps_with_zero_to_seven_fractional_digits() {
    for digits in 0..=7 {
        let fraction = if digits == 0 {
            String::new()
        } else {
            format!(".{}", &"1234567"[..digits])
        };
        let stamp = format!("2024-05-02T10:11:12{fraction}Z");
        let mut value = json(SAMPLE);
        value["properties"]["createdTimeUtc"] = json!(stamp);
        let incident: Incident = serde_json::from_value(value.clone()).unwrap();
        let parsed = incident
            .properties
            .as_ref()
            .unwrap()
            .created_time_utc
            .unwrap();
        let nanos = if digits == 0 {
            0
        } else {
            format!("{:0<9}", &"1234567"[..digits]).parse().unwrap()
        };
        assert_eq!(parsed.timestamp_subsec_nanos(), nanos, "{stamp}");
        assert_same_json(&serde_json::to_value(&incident).unwrap(), &value);
    }
    let mut offset = json(SAMPLE);
    offset["properties"]["createdTimeUtc"] = json!("2024-05-02T12:11:12+02:00");
    let incident: Incident = serde_json::from_value(offset).unwrap();
    assert_eq!(
        incident
            .properties
            .unwrap()
            .created_time_utc
            .unwrap()
            .to_rfc3339(),
        "2024-05-02T10:11:12+00:00"
    );
}

#[cfg(feature = "schemars")]
#[test]
fn json_schema_describes_incidents_and_open_enums() {
    let schema = serde_json::to_value(schemars::schema_for!(Incident)).unwrap();
    let text = schema.to_string();
    assert!(text.contains("\"title\""), "{text}");
    assert!(text.contains("InitialAccess"), "{text}");
    let severity = serde_json::to_value(schemars::schema_for!(IncidentSeverity)).unwrap();
    assert_eq!(severity["anyOf"][1], json!({ "type": "string" }));
    // Timestamps decode through codegen's own RFC 3339 function; their
    // schema must still say what they are.
    let created = &schema["$defs"]["IncidentProperties"]["properties"]["createdTimeUtc"];
    assert_eq!(created["format"], "date-time", "{created}");
}

/// The typed date-time fields of an incident (the spec's `format: date-time`).
const DATE_TIME_FIELDS: [&str; 6] = [
    "createdTimeUtc",
    "lastModifiedTimeUtc",
    "firstActivityTimeUtc",
    "lastActivityTimeUtc",
    "createdAt",
    "lastModifiedAt",
];

/// `value` as README says re-encoding gives it back: each explicit `null` in
/// a field the spec declares left out, and each typed date-time as the same
/// instant in UTC, spelled as chrono spells it (`Z`; 0, 3, 6 or 9 fractional
/// digits). Numbers need nothing: `2.50` and `2.5` are one JSON value.
/// Unknown fields are not touched.
fn as_documented(value: &Value) -> Value {
    utc_spelled(&Declared::read().without_declared_nulls(value))
}

/// `value` with each typed date-time spelled as chrono spells it in UTC.
fn utc_spelled(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v.as_str() {
                        Some(text) if DATE_TIME_FIELDS.contains(&k.as_str()) => {
                            let instant = chrono::DateTime::parse_from_rfc3339(text)
                                .unwrap()
                                .with_timezone(&chrono::Utc);
                            json!(instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
                        }
                        _ => utc_spelled(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(utc_spelled).collect()),
        other => other.clone(),
    }
}

/// README's claim in its exact words: the same JSON values, up to the
/// spelling of numbers and timestamps and the explicit nulls of known
/// fields; not the same bytes.
#[test]
fn re_encoding_gives_back_the_same_json_values_not_the_same_bytes() {
    let text = REALISTIC
        .replacen("{", r#"{"futureScore": 2.50, "futureTime": "2024-05-02T10:11:30.1234567Z", "futureNull": null, "#, 1);
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let p = &mut value["properties"];
    p["createdTimeUtc"] = json!("2024-05-02T10:11:30.1234567Z");
    p["lastModifiedTimeUtc"] = json!("2024-05-02T12:11:30+02:00");
    p["firstActivityTimeUtc"] = json!("2024-05-02T10:11:30.0Z");
    p["classification"] = Value::Null;
    let incident: Incident = serde_json::from_value(value.clone()).unwrap();
    let encoded = serde_json::to_string(&incident).unwrap();

    let expected = as_documented(&value);
    assert_eq!(serde_json::from_str::<Value>(&encoded).unwrap(), expected);
    assert_eq!(
        expected["properties"]["createdTimeUtc"], "2024-05-02T10:11:30.123456700Z",
        "seven digits come back as nine"
    );
    assert_eq!(
        expected["properties"]["lastModifiedTimeUtc"],
        "2024-05-02T10:11:30Z"
    );
    assert_eq!(
        expected["properties"]["firstActivityTimeUtc"],
        "2024-05-02T10:11:30Z"
    );
    assert!(expected["properties"].get("classification").is_none());
    // Not the same bytes: the spellings differ, the unknown fields' do not.
    assert!(encoded.contains(r#""futureScore":2.5,"#), "{encoded}");
    assert!(encoded.contains(r#""futureTime":"2024-05-02T10:11:30.1234567Z""#));
    assert!(encoded.contains(r#""futureNull":null"#));
    assert_ne!(encoded, serde_json::to_string(&value).unwrap());
}
