//! Names and ARM resource ids: validated once, before any request is built,
//! against the spec's own constraints (the generated parameter types).

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use crate::error::Error;
use crate::types;

/// A Sentinel workspace: subscription, resource group and Log Analytics workspace.
///
/// ```
/// use sentinel_incidents::WorkspaceRef;
/// let ws = WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "myRg", "myWorkspace")?;
/// assert_eq!(ws.workspace_name(), "myWorkspace");
/// assert!(WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "..", "myWorkspace").is_err());
/// # Ok::<(), sentinel_incidents::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkspaceRef {
    subscription_id: Uuid,
    resource_group: types::IncidentsGetResourceGroupName,
    workspace: types::IncidentsGetWorkspaceName,
}

impl WorkspaceRef {
    /// Validates each part against the spec: the subscription id is a UUID,
    /// the resource group and workspace names match their patterns and
    /// lengths, and none is `.` or `..`.
    pub fn new(
        subscription_id: impl AsRef<str>,
        resource_group: impl AsRef<str>,
        workspace: impl AsRef<str>,
    ) -> Result<Self, Error> {
        let subscription_id = subscription_id.as_ref();
        let subscription_id = Uuid::parse_str(subscription_id)
            .map_err(|e| Error::invalid_input("subscription id", subscription_id, e.to_string()))?;
        Ok(Self {
            subscription_id,
            resource_group: validate("resource group name", resource_group.as_ref())?,
            workspace: validate("workspace name", workspace.as_ref())?,
        })
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

    pub(crate) fn resource_group_param(&self) -> &types::IncidentsGetResourceGroupName {
        &self.resource_group
    }

    pub(crate) fn workspace_param(&self) -> &types::IncidentsGetWorkspaceName {
        &self.workspace
    }
}

/// An incident name (the last segment of its id), validated: not empty, not `.` or `..`.
pub(crate) fn incident_name(name: &str) -> Result<types::IncidentsGetIncidentId, Error> {
    validate("incident id", name)
}

/// Runs a generated parameter type's checks, with a clearer word for the
/// dot-segment case, which the pattern alone would explain poorly.
fn validate<T>(what: &'static str, value: &str) -> Result<T, Error>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    if value.is_empty() {
        return Err(Error::invalid_input(what, value, "must not be empty"));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_input(
            what,
            value,
            "`.` and `..` are path segments the URL parser resolves, so the request would address another resource",
        ));
    }
    value
        .parse()
        .map_err(|e: T::Err| Error::invalid_input(what, value, e.to_string()))
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
    name: types::IncidentsGetIncidentId,
}

impl IncidentId {
    /// An incident of `workspace` named `name`.
    pub fn new(workspace: WorkspaceRef, name: impl AsRef<str>) -> Result<Self, Error> {
        Ok(Self {
            workspace,
            name: incident_name(name.as_ref())?,
        })
    }

    /// Parses a full ARM resource id.
    pub fn parse(id: &str) -> Result<Self, Error> {
        const FIXED: [(usize, &str); 7] = [
            (0, "subscriptions"),
            (2, "resourceGroups"),
            (4, "providers"),
            (5, "Microsoft.OperationalInsights"),
            (6, "workspaces"),
            (8, "providers"),
            (9, "Microsoft.SecurityInsights"),
        ];
        let invalid = |reason: &str| Error::invalid_input("incident resource id", id, reason);
        let rest = id
            .strip_prefix('/')
            .ok_or_else(|| invalid("must start with `/subscriptions/`"))?;
        let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
        if segments.len() != 12 {
            return Err(invalid(
                "expected /subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/\
                 workspaces/{ws}/providers/Microsoft.SecurityInsights/incidents/{name}",
            ));
        }
        for (index, expected) in FIXED.into_iter().chain([(10, "incidents")]) {
            if !segments[index].eq_ignore_ascii_case(expected) {
                return Err(invalid(&format!(
                    "segment {} is `{}`, expected `{expected}`",
                    index + 1,
                    segments[index]
                )));
            }
        }
        let workspace = WorkspaceRef::new(segments[1], segments[3], segments[7])?;
        Self::new(workspace, segments[11])
    }

    /// The workspace the incident belongs to.
    pub fn workspace(&self) -> &WorkspaceRef {
        &self.workspace
    }

    /// The incident's name (its id within the workspace, usually a GUID).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn name_param(&self) -> &types::IncidentsGetIncidentId {
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.OperationalInsights/workspaces/{}/providers/Microsoft.SecurityInsights/incidents/{}",
            self.workspace.subscription_id,
            self.workspace.resource_group(),
            self.workspace.workspace_name(),
            self.name()
        )
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
