//! Names and ARM resource ids: validated once, before any request is built,
//! against the spec's own constraints (the generated parameter types).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use uuid::Uuid;

use crate::error::Error;
use crate::operation::{Described, IncidentsGet, Operation};
use crate::types;

/// The operation whose path these ids are made of: its parameters are the
/// subscription, the resource group, the workspace and the incident.
const INCIDENT: Operation = IncidentsGet::OPERATION;
/// Where the incident's own part of the path starts: after the workspace.
const WORKSPACE_SEGMENTS: usize = INCIDENT.parent_segments();
const _: () = assert!(
    INCIDENT.parameters.len() == 4 && WORKSPACE_SEGMENTS > 0,
    "WorkspaceRef and IncidentId take a subscription, resource group, workspace and incident: \
     the spec's Incidents_Get path no longer has these four parameters"
);

/// A Sentinel workspace: subscription, resource group and Log Analytics workspace.
///
/// ```
/// use sentinel_incidents::WorkspaceRef;
/// let ws = WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "myRg", "myWorkspace")?;
/// assert_eq!(ws.workspace_name(), "myWorkspace");
/// assert!(WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "..", "myWorkspace").is_err());
/// # Ok::<(), sentinel_incidents::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WorkspaceRef {
    subscription_id: Uuid,
    resource_group: Box<str>,
    workspace: Box<str>,
    /// The workspace's part of the spec's path template, percent-encoded
    /// once here rather than on every request.
    path: Arc<str>,
}

impl WorkspaceRef {
    /// Validates each part against the spec's constraints for its path
    /// parameter (the subscription id is a UUID, the names match their
    /// patterns and lengths) and refuses `.` and `..`.
    pub fn new(
        subscription_id: impl AsRef<str>,
        resource_group: impl AsRef<str>,
        workspace: impl AsRef<str>,
    ) -> Result<Self, Error> {
        let values = [
            subscription_id.as_ref(),
            resource_group.as_ref(),
            workspace.as_ref(),
        ];
        for (param, value) in INCIDENT.parameters.iter().zip(values) {
            param.validate(value)?;
        }
        let subscription_id = Uuid::parse_str(values[0]).map_err(|e| {
            Error::invalid_input(INCIDENT.parameters[0].label, values[0], e.to_string())
        })?;
        let mut path = String::new();
        INCIDENT.write_path(&mut path, 0..WORKSPACE_SEGMENTS, &values, true);
        Ok(Self {
            subscription_id,
            resource_group: values[1].into(),
            workspace: values[2].into(),
            path: path.into(),
        })
    }

    /// The workspace of an ARM resource id under it, such as an incident's
    /// `id` (of this api-version or another), or the workspace's own id.
    ///
    /// ```
    /// use sentinel_incidents::WorkspaceRef;
    /// let ws = WorkspaceRef::from_resource_id(
    ///     "/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/\
    ///      Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/Incidents/x",
    /// )?;
    /// assert_eq!(ws.workspace_name(), "myWorkspace");
    /// # Ok::<(), sentinel_incidents::Error>(())
    /// ```
    pub fn from_resource_id(id: &str) -> Result<Self, Error> {
        let values = INCIDENT
            .match_prefix(id, WORKSPACE_SEGMENTS)
            .map_err(|reason| Error::invalid_input("workspace resource id", id, reason))?;
        Self::new(values[0], values[1], values[2])
    }

    /// The subscription id.
    pub fn subscription_id(&self) -> Uuid {
        self.subscription_id
    }

    /// The resource group name.
    pub fn resource_group(&self) -> &str {
        &self.resource_group
    }

    /// The Log Analytics workspace name.
    pub fn workspace_name(&self) -> &str {
        &self.workspace
    }

    /// The workspace's part of the request path, percent-encoded.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The values of the workspace's path parameters, in the template's order.
    fn values(&self) -> [String; 3] {
        [
            self.subscription_id.to_string(),
            self.resource_group.to_string(),
            self.workspace.to_string(),
        ]
    }
}

impl fmt::Debug for WorkspaceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkspaceRef")
            .field("subscription_id", &self.subscription_id)
            .field("resource_group", &self.resource_group())
            .field("workspace", &self.workspace_name())
            .finish()
    }
}

/// An incident name (the last segment of its id), checked against the
/// spec's `incidentId` parameter, on every call.
pub(crate) fn incident_name(name: &str) -> Result<&str, Error> {
    INCIDENT.parameters[3].validate(name).map(|()| name)
}

/// The ARM resource id of an incident, e.g. an [`Incident`](types::Incident)'s `id`:
/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{ws}/providers/Microsoft.SecurityInsights/incidents/{name}`.
///
/// Parsing matches the fixed segments case-insensitively (Azure answers with
/// `Microsoft.SecurityInsights/Incidents` as often as with `incidents`);
/// `Display` writes the canonical form.
///
/// ```
/// use sentinel_incidents::IncidentId;
/// let id: IncidentId = "/subscriptions/d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/resourceGroups/myRg/providers/\
///     Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/Incidents/73e01a99"
///     .parse()?;
/// assert_eq!(id.workspace().resource_group(), "myRg");
/// assert_eq!(id.name(), "73e01a99");
/// # Ok::<(), sentinel_incidents::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IncidentId {
    workspace: WorkspaceRef,
    name: Box<str>,
}

impl IncidentId {
    /// An incident of `workspace` named `name`.
    pub fn new(workspace: WorkspaceRef, name: impl AsRef<str>) -> Result<Self, Error> {
        let name = incident_name(name.as_ref())?;
        Ok(Self {
            workspace,
            name: name.into(),
        })
    }

    /// Parses a full ARM resource id: the spec's path template, its fixed
    /// segments in any case.
    pub fn parse(id: &str) -> Result<Self, Error> {
        let values = INCIDENT
            .match_path(id)
            .map_err(|reason| Error::invalid_input("incident resource id", id, reason))?;
        let workspace = WorkspaceRef::new(values[0], values[1], values[2])?;
        Self::new(workspace, values[3])
    }

    /// The workspace the incident belongs to.
    pub fn workspace(&self) -> &WorkspaceRef {
        &self.workspace
    }

    /// The incident's name (its id within the workspace, usually a GUID).
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl FromStr for IncidentId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for IncidentId {
    /// The canonical id: the spec's path template, its values as they are.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [subscription, resource_group, workspace] = self.workspace.values();
        let values = [
            subscription.as_str(),
            &resource_group,
            &workspace,
            &self.name,
        ];
        let mut id = String::new();
        INCIDENT.write_path(&mut id, 0..INCIDENT.path.len(), &values, false);
        f.write_str(&id)
    }
}

impl TryFrom<&types::Incident> for IncidentId {
    type Error = Error;
    /// The id of a fetched incident, from its `id` field.
    fn try_from(incident: &types::Incident) -> Result<Self, Error> {
        let id = incident.id.as_deref().ok_or_else(|| {
            Error::invalid_input("incident resource id", "", "the incident has no `id`")
        })?;
        Self::parse(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUB: &str = "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0";

    /// What each part accepts and refuses, as the spec's constraints say.
    #[test]
    fn the_parts_are_checked_against_the_spec() {
        let long = |n: usize| "a".repeat(n);
        for rg in ["a", "my-Rg_(1).x", "...", &long(90)] {
            assert!(WorkspaceRef::new(SUB, rg, "ws1").is_ok(), "{rg}");
        }
        for rg in ["", &long(91), "my rg", "rg/1", "é", "rg!", ".", ".."] {
            assert!(WorkspaceRef::new(SUB, rg, "ws1").is_err(), "{rg}");
        }
        for ws in ["abc", "a-1", "A1b", &long(90)] {
            assert!(WorkspaceRef::new(SUB, "rg", ws).is_ok(), "{ws}");
        }
        for ws in ["", "ab", "-ab", "ab-", "a_b", "a.b", &long(91)] {
            assert!(WorkspaceRef::new(SUB, "rg", ws).is_err(), "{ws}");
        }
        for name in [
            "x",
            "a b",
            "...",
            ".x",
            "73e01a99-5cd7-4139-a149-9f2736ff2ab5",
        ] {
            assert!(incident_name(name).is_ok(), "{name:?}");
        }
        for name in ["", ".", ".."] {
            assert!(incident_name(name).is_err(), "{name:?}");
        }
        assert!(WorkspaceRef::new("not-a-uuid", "rg", "ws1").is_err());
    }

    #[test]
    fn a_refusal_states_the_rule_and_the_spec_pattern() {
        let err = WorkspaceRef::new(SUB, "my rg", "ws1")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("invalid resource group name `my rg`: must be 1 to 90 characters"),
            "{err}"
        );
        assert!(
            err.contains(r"doesn't match pattern `^[-\w\._\(\)]+$`"),
            "{err}"
        );
        assert!(
            !err.contains("(?!"),
            "the codegen guard stays out of the message: {err}"
        );
    }

    #[test]
    fn an_id_prints_as_it_parses() {
        let id = INCIDENT
            .template()
            .replace("{subscriptionId}", SUB)
            .replace("{resourceGroupName}", "myRg")
            .replace("{workspaceName}", "ws1")
            .replace("{incidentId}", "inc-1");
        assert_eq!(IncidentId::parse(&id).unwrap().to_string(), id);
        let shouted = IncidentId::parse(&id.to_uppercase()).unwrap();
        assert_eq!(shouted.name(), "INC-1");
        let parsed = IncidentId::parse(&id).unwrap();
        assert!(id.starts_with(parsed.workspace().path()), "{id}");
    }
}
