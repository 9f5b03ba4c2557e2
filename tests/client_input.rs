//! Input checked before any request: incident names, workspace parts, the
//! generated parameter types and ARM ids.

mod common;

use common::client::{client, fake_with_sample, workspace, INCIDENT, SUB};
use sentinel_incidents::{Error, IncidentId, WorkspaceRef};

#[tokio::test]
async fn hostile_names_are_rejected_before_any_request() {
    let fake = fake_with_sample().await;
    let client = client(&fake.url(), 0);
    for name in ["..", ".", ""] {
        let err = client.get_incident(&workspace(), name).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    what: "incident id",
                    ..
                }
            ),
            "{name:?}: {err}"
        );
    }
    let err = client.get_incident(&workspace(), "..").await.unwrap_err();
    assert!(err.to_string().contains("another resource"), "{err}");
    for (sub, rg, ws) in [
        (SUB, "..", "myWorkspace"),
        (SUB, ".", "myWorkspace"),
        (SUB, "rg/x", "myWorkspace"),
        (SUB, &"r".repeat(91), "myWorkspace"),
        (SUB, "myRg", "bad_name"),
        (SUB, "myRg", "-leading"),
        (SUB, "myRg", "ab"),
        (SUB, "myRg", &"w".repeat(91)),
        ("not-a-uuid", "myRg", "myWorkspace"),
    ] {
        assert!(WorkspaceRef::new(sub, rg, ws).is_err(), "{sub} {rg} {ws}");
    }
    assert!(WorkspaceRef::new(SUB, "my.rg_(1)", "abc").is_ok());
    assert!(fake.requests().is_empty(), "nothing may reach the server");
}

#[test]
fn generated_parameter_types_enforce_the_spec() {
    use sentinel_incidents::types::{IncidentsGetIncidentId, IncidentsGetWorkspaceName};
    assert!("..".parse::<IncidentsGetIncidentId>().is_err());
    assert!(".".parse::<IncidentsGetIncidentId>().is_err());
    assert!("".parse::<IncidentsGetIncidentId>().is_err());
    assert!("...".parse::<IncidentsGetIncidentId>().is_ok());
    assert!(
        "a/..".parse::<IncidentsGetIncidentId>().is_ok(),
        "slashes are percent-encoded, not resolved"
    );
    assert!("my-workspace".parse::<IncidentsGetWorkspaceName>().is_ok());
    assert!("my_workspace".parse::<IncidentsGetWorkspaceName>().is_err());
}

#[test]
fn incident_ids_are_parsed_strictly() {
    let good = format!("/subscriptions/{SUB}/resourceGroups/myRg/providers/microsoft.operationalinsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/incidents/{INCIDENT}");
    let id = IncidentId::parse(&good).unwrap();
    assert_eq!(id.workspace(), &workspace());
    assert_eq!(id.name(), INCIDENT);
    for bad in [
        good.replace("/incidents/", "/alertRules/"),
        good.replace(&format!("/{INCIDENT}"), "/.."),
        good.replace(&format!("/{INCIDENT}"), ""),
        good.trim_start_matches('/').to_string(),
        good.replace(SUB, "not-a-guid"),
        format!("{good}/comments/1"),
    ] {
        assert!(IncidentId::parse(&bad).is_err(), "{bad}");
    }
}
