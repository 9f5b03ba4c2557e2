//! Names and ARM resource ids: validated once, before any request is built,
//! against the spec's own constraints (the generated parameter types).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
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
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WorkspaceRef {
    subscription_id: Uuid,
    resource_group: types::IncidentsGetResourceGroupName,
    workspace: types::IncidentsGetWorkspaceName,
    /// `/subscriptions/…/workspaces/{name}`, percent-encoded once here
    /// rather than on every request.
    path: Arc<str>,
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
        let subscription_id = Uuid::parse_str(subscription_id).map_err(|e| {
            let reason =
                format!("must be a UUID such as d0cfe6b2-9ac0-4464-9919-dccaee2e48c0 ({e})");
            Error::invalid_input("subscription id", subscription_id, reason)
        })?;
        let resource_group: types::IncidentsGetResourceGroupName =
            validate(RESOURCE_GROUP, resource_group.as_ref())?;
        let workspace: types::IncidentsGetWorkspaceName = validate(WORKSPACE, workspace.as_ref())?;
        let path = format!(
            "/subscriptions/{subscription_id}/resourceGroups/{}/providers/Microsoft.OperationalInsights/workspaces/{}",
            utf8_percent_encode(&resource_group, PATH_SEGMENT),
            utf8_percent_encode(&workspace, PATH_SEGMENT),
        );
        Ok(Self {
            subscription_id,
            resource_group,
            workspace,
            path: path.into(),
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

    /// `/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{name}`,
    /// percent-encoded.
    pub(crate) fn path(&self) -> &str {
        &self.path
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

/// A name the spec constrains, and its rule in words. The words are checked
/// against the generated parameter types by the tests below, so a spec
/// change that makes them wrong fails `cargo test`.
#[derive(Clone, Copy)]
struct Rule {
    what: &'static str,
    words: &'static str,
}

const RESOURCE_GROUP: Rule = Rule {
    what: "resource group name",
    words: "must be 1 to 90 characters, each an ASCII letter or digit, `-`, `_`, `.`, `(` or `)`, and not `.` or `..`",
};

const WORKSPACE: Rule = Rule {
    what: "workspace name",
    words: "must be 3 to 90 characters, each an ASCII letter or digit or `-`, starting and ending with a letter or digit",
};

const INCIDENT: Rule = Rule {
    what: "incident id",
    words: "must not be empty, `.` or `..`",
};

/// What a path parameter escapes: the set the generated client's
/// `encode_path` uses, so that `SentinelClient` and the raw client address
/// the same resource (tests/raw.rs compares them on the wire).
pub(crate) const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

/// An incident name (the last segment of its id), validated: not empty, not
/// `.` or `..`. That is all the spec's `incidentId` constraint says, so the
/// check is written out rather than run through the generated type's
/// regex on every call; a test holds the two equal.
pub(crate) fn incident_name(name: &str) -> Result<&str, Error> {
    match name {
        "" | "." | ".." => validate::<types::IncidentsGetIncidentId>(INCIDENT, name).map(|_| name),
        _ => Ok(name),
    }
}

/// Runs a generated parameter type's checks and, when they fail, states the
/// rule in words, followed by the spec's own constraint for reference.
fn validate<T>(rule: Rule, value: &str) -> Result<T, Error>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    if value == "." || value == ".." {
        let reason = format!(
            "{}: `.` and `..` are path segments the URL parser resolves, so the request would address another resource",
            rule.words
        );
        return Err(Error::invalid_input(rule.what, value, reason));
    }
    value.parse().map_err(|e: T::Err| {
        let reason = format!("{} (spec: {})", rule.words, spec_constraint(&e.to_string()));
        Error::invalid_input(rule.what, value, reason)
    })
}

/// The generated types report the pattern as codegen wrote it, with its
/// dot-segment guard around the spec's; show the spec's pattern.
fn spec_constraint(message: &str) -> String {
    const GUARDED: &str = r#"doesn't match pattern "^(?!\.\.?$)(?:"#;
    match message
        .strip_prefix(GUARDED)
        .and_then(|rest| rest.strip_suffix(r#")""#))
    {
        Some(pattern) => format!("doesn't match pattern `{pattern}`"),
        None => message.to_string(),
    }
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
            name: validate(INCIDENT, name.as_ref())?,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts<T: FromStr>(rule: Rule, good: &[&str], bad: &[&str])
    where
        T::Err: fmt::Display,
    {
        for value in good {
            assert!(
                validate::<T>(rule, value).is_ok(),
                "{} `{value}` is allowed by the words: {}",
                rule.what,
                rule.words
            );
        }
        for value in bad {
            assert!(
                validate::<T>(rule, value).is_err(),
                "{} `{value}` is refused by the words: {}",
                rule.what,
                rule.words
            );
        }
    }

    /// The words of each rule say what the spec's generated types enforce.
    #[test]
    fn the_rules_in_words_match_the_spec() {
        let long = |n: usize| "a".repeat(n);
        accepts::<types::IncidentsGetResourceGroupName>(
            RESOURCE_GROUP,
            &["a", "my-Rg_(1).x", "...", &long(90)],
            &["", &long(91), "my rg", "rg/1", "é", "rg!", ".", ".."],
        );
        accepts::<types::IncidentsGetWorkspaceName>(
            WORKSPACE,
            &["abc", "a-1", "A1b", &long(90)],
            &["", "ab", "-ab", "ab-", "a_b", "a.b", &long(91)],
        );
        accepts::<types::IncidentsGetIncidentId>(
            INCIDENT,
            &[
                "x",
                "a b",
                "...",
                ".x",
                "73e01a99-5cd7-4139-a149-9f2736ff2ab5",
            ],
            &["", ".", ".."],
        );
    }

    /// `incident_name` skips the generated type's regex; it must accept
    /// exactly what that type accepts.
    #[test]
    fn the_fast_incident_check_is_the_generated_one() {
        let mut names: Vec<String> = [
            "", ".", "..", "...", ". ", " .", "./", "x", "..x", "x..", "\n", "é",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every string of up to three characters over a small alphabet.
        let alphabet = ['.', 'a', '/', ' ', '%', '\0', 'ü'];
        let mut layer = vec![String::new()];
        for _ in 0..3 {
            layer = layer
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            names.extend(layer.iter().cloned());
        }
        for name in names {
            let generated = name.parse::<types::IncidentsGetIncidentId>().is_ok();
            assert_eq!(incident_name(&name).is_ok(), generated, "{name:?}");
        }
    }

    #[test]
    fn a_refusal_states_the_rule_and_the_spec_pattern() {
        let err = WorkspaceRef::new("d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", "my rg", "ws1")
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
}
