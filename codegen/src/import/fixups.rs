//! The edits this crate keeps on top of Microsoft's files. Each names the
//! upstream value it edits and the value it expects there. When upstream
//! changes that value, the import fails and names the fixup, so a maintainer
//! decides again rather than the edit silently vanishing or landing on
//! something it was not written for.
//!
//! When upstream fixes the quirk itself (the value is gone, or already is
//! what the fixup writes), the fixup is obsolete. `import` still stops on
//! it, but `update` goes on without it and deletes its block from
//! [`FIXUPS`] in this file (`update/retired_fixups.rs`), so the retirement is
//! a reviewable line of `git diff` and the next import needs no hand edit.
//! That is why the fixups are a table of plain data, one `Fixup { … },`
//! block each, and why none of them is spread over other code.
//!
//! A fixup never names a file path: upstream moves definitions between files
//! (common-types v3 to v5) and folders (`stable/<v>/` to
//! `SecurityInsights/stable/<v>/`). It names a value of the root file, or a
//! definition as `$ref`s name it (`/definitions/SystemData`), found in
//! whichever file the root file's `$ref`s lead to now.
//!
//! Conversions that hold for any Swagger file (Swagger 2.0 → OpenAPI 3.0,
//! `$ref` siblings, `allOf` bases, Autorest-only keywords) are not fixups;
//! they live in `schema.rs` and `operation.rs`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::upstream::{Location, Upstream};
use crate::error::CodegenError;

/// One edit of an upstream value.
pub(crate) struct Fixup {
    /// How errors and reviews refer to it.
    pub name: &'static str,
    /// Why we keep it; repeated in the error when it no longer applies.
    pub reason: &'static str,
    pub target: Target,
    pub edit: Edit,
}

/// Where the value a fixup edits is. (`update` may retire the last fixup
/// of a kind; the kind stays for the next quirk.)
#[allow(dead_code)]
#[derive(Clone, Copy)]
pub(crate) enum Target {
    /// At this JSON pointer of the root file (`Incidents.json`).
    Root(&'static str),
    /// At this JSON pointer of whichever upstream file holds the `$ref`
    /// target the pointer starts with (`/definitions/{name}`,
    /// `/parameters/{name}`), among the targets the root file's `$ref`s
    /// reach (or the root file itself).
    Reached(&'static str),
}

/// What a fixup does to its value. `expected` and `replacement` are JSON
/// texts. (`update` may retire the last fixup of a kind; the kind stays.)
#[allow(dead_code)]
pub(crate) enum Edit {
    /// Replaces the value, which must equal `expected`. In a string
    /// replacement, `{operations}` becomes the imported operationIds and
    /// `{api_version}` the root file's `info.version`.
    Replace {
        expected: &'static str,
        replacement: &'static str,
    },
    /// Removes the value, which must equal `expected`.
    Remove { expected: &'static str },
    /// Names the component made from the definition (which must exist)
    /// `name`, instead of the definition's own name.
    NameComponent { name: &'static str },
}

/// The edits of this crate, applied in order.
pub(crate) const FIXUPS: &[Fixup] = &[
    Fixup {
        name: "document-title",
        reason: "the spec is named after the product its users know, Microsoft Sentinel",
        target: Target::Root("/info/title"),
        edit: Edit::Replace {
            expected: r#""Security Insights""#,
            replacement: r#""Microsoft Sentinel Incidents""#,
        },
    },
    Fixup {
        name: "document-description",
        reason: "the spec says which subset of the resource provider it holds and where it comes from",
        target: Target::Root("/info/description"),
        edit: Edit::Replace {
            expected: r#""API spec for Microsoft.SecurityInsights (Azure Security Insights) resource provider""#,
            replacement: r#""The {operations} subset of Microsoft.SecurityInsights (Microsoft Sentinel / Azure Security Insights), api-version {api_version}. Hand-maintained; converted from Microsoft's Swagger 2.0 in Azure/azure-rest-api-specs (see spec/README.md).""#,
        },
    },
    Fixup {
        name: "system-data-name",
        reason: "the reference page names this type `systemData`; the generated Rust type is `SystemData` either way",
        target: Target::Reached("/definitions/SystemData"),
        edit: Edit::NameComponent { name: "systemData" },
    },
    Fixup {
        name: "label-type-not-read-only",
        reason: "`readOnly` on a reusable enum schema means nothing in OpenAPI 3.0 (it applies to properties) \
                 and cannot move to the bare `$ref` property `labelType`",
        target: Target::Reached("/definitions/IncidentLabelType/readOnly"),
        edit: Edit::Remove { expected: "true" },
    },
    Fixup {
        name: "attack-tactic-description",
        reason: "upstream copied alert severity's description onto AttackTactic, whose values are \
                 MITRE ATT&CK tactics, and the generated enum's documentation repeated it",
        target: Target::Reached("/definitions/AttackTactic/description"),
        edit: Edit::Replace {
            expected: r#""The severity for alerts created by this alert rule.""#,
            replacement: r#""The MITRE ATT&CK tactic of an alert or incident.""#,
        },
    },
];

/// Component names that fixups chose, by the upstream definition they name.
pub(crate) type ComponentNames = BTreeMap<Location, String>;

/// A fixup that upstream made needless: what it edits is gone, or already
/// holds what it would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObsoleteFixup {
    /// Its name in `codegen/src/import/fixups.rs`.
    pub name: String,
    /// Why it was kept.
    pub reason: String,
    /// What upstream has now, and where.
    pub found: String,
}

/// What to do with a fixup that upstream made obsolete.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum WhenObsolete {
    /// Stop, naming it (`import`).
    Fail,
    /// Go on without it and list it (`update`, which retires it).
    SetAside,
}

/// Applies `fixups` to `upstream`; `operations` and the api-version fill the
/// placeholders of replacements. A fixup whose value upstream changed is an
/// error; one that upstream made obsolete is one too, or, with
/// [`WhenObsolete::SetAside`], left out and returned.
pub(crate) fn apply(
    fixups: &[Fixup],
    upstream: &mut Upstream,
    operations: &[String],
    when_obsolete: WhenObsolete,
) -> Result<(ComponentNames, Vec<ObsoleteFixup>), CodegenError> {
    let root = upstream.root_location();
    let api_version = upstream
        .get(&root.child("info").child("version"))
        .ok()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut names = ComponentNames::new();
    let mut obsolete = Vec::new();
    let reached = upstream.reached_targets();
    let mut set_aside =
        |fixup: &Fixup, shown: String, at: &Location, found: String| match when_obsolete {
            WhenObsolete::Fail => Err(stale(fixup, at, &found, true)),
            WhenObsolete::SetAside => {
                obsolete.push(ObsoleteFixup {
                    name: fixup.name.into(),
                    reason: fixup.reason.into(),
                    found: format!("{found} (at {shown}#{})", at.pointer),
                });
                Ok(())
            }
        };
    for fixup in fixups {
        let target = match locate_in(upstream, fixup.target, &reached) {
            Ok(target) => target,
            Err(NotFound::Gone(at, found)) => {
                set_aside(fixup, upstream.display(&at.file), &at, found)?;
                continue;
            }
            Err(NotFound::Ambiguous(at, found)) => return Err(stale(fixup, &at, &found, false)),
        };
        let value = upstream
            .get(&target)
            .expect("locate returns existing values");
        match &fixup.edit {
            Edit::Replace {
                expected,
                replacement,
            } => {
                let mut new = json(replacement, fixup.name);
                if let Value::String(text) = &mut new {
                    *text = text
                        .replace("{operations}", &operations.join(", "))
                        .replace("{api_version}", &api_version);
                }
                if *value == new {
                    let found = format!("it already is {value}");
                    set_aside(fixup, upstream.display(&target.file), &target, found)?;
                    continue;
                }
                expect(value, expected, fixup.name)
                    .map_err(|found| stale(fixup, &target, &found, false))?;
                *upstream.get_mut(&target).expect("it exists") = new;
            }
            Edit::Remove { expected } => {
                expect(value, expected, fixup.name)
                    .map_err(|found| stale(fixup, &target, &found, false))?;
                if let Some(Value::Object(parent)) = upstream.get_mut(&target.parent()) {
                    parent.remove(&target.key());
                }
            }
            Edit::NameComponent { name } => {
                names.insert(target.clone(), name.to_string());
            }
        }
    }
    Ok((names, obsolete))
}

/// The error of a fixup that no longer applies: what was found, why the
/// fixup exists, and where to change it. When upstream fixed the quirk
/// (`obsolete`), it says that `update` retires the fixup.
fn stale(fixup: &Fixup, at: &Location, found: &str, obsolete: bool) -> CodegenError {
    let retire = match obsolete {
        true => " Upstream seems to have fixed the quirk: `update` retires the fixup itself.",
        false => "",
    };
    at.error(format!(
        "fixup `{}` no longer applies: {found}. It exists because {}. Review upstream's change, \
         then update or remove the fixup `{}` in codegen/src/import/fixups.rs.{retire}",
        fixup.name, fixup.reason, fixup.name
    ))
}

/// Why a fixup's target is not there.
#[derive(Debug)]
pub(crate) enum NotFound {
    /// The value, or the definition that held it, is gone: upstream fixed
    /// or dropped what the fixup was for.
    Gone(Location, String),
    /// Several reached files hold the definition.
    Ambiguous(Location, String),
}

/// The existing value `target` names, or where the error belongs and what
/// was found instead: where the definition is now, or that it is gone.
#[cfg(test)]
pub(crate) fn locate(upstream: &Upstream, target: Target) -> Result<Location, NotFound> {
    locate_in(upstream, target, &upstream.reached_targets())
}

/// [`locate`], given what the root file reaches.
fn locate_in(
    upstream: &Upstream,
    target: Target,
    reached: &BTreeSet<Location>,
) -> Result<Location, NotFound> {
    let root = upstream.root_location();
    let pointer = match target {
        Target::Root(pointer) => {
            let at = Location {
                pointer: pointer.to_string(),
                ..root
            };
            return match upstream.get(&at) {
                Ok(_) => Ok(at),
                Err(_) => Err(NotFound::Gone(at, "nothing at this pointer".into())),
            };
        }
        Target::Reached(pointer) => pointer,
    };
    let Some((definition, inner)) = split_definition(pointer) else {
        panic!("fixup target {pointer} does not start with /<section>/<name>");
    };
    let holders: Vec<Location> = reached
        .iter()
        .cloned()
        .chain(std::iter::once(Location {
            pointer: definition.clone(),
            ..root.clone()
        }))
        .filter(|at| at.pointer == definition && upstream.get(at).is_ok())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    match holders.as_slice() {
        [holder] => {
            let at = Location {
                pointer: format!("{definition}{inner}"),
                ..holder.clone()
            };
            match upstream.get(&at) {
                Ok(_) => Ok(at),
                Err(_) => Err(NotFound::Gone(
                    at,
                    format!(
                        "nothing at this pointer; {definition} itself is in {}",
                        upstream.display(&holder.file)
                    ),
                )),
            }
        }
        [] => Err(NotFound::Gone(root, gone(upstream, &definition))),
        several => {
            let files: Vec<String> = several.iter().map(|h| upstream.display(&h.file)).collect();
            Err(NotFound::Ambiguous(
                root,
                format!(
                    "{definition} is reached in several files ({}); the fixup cannot tell which it means",
                    files.join(", ")
                ),
            ))
        }
    }
}

/// Why no reached file holds `definition`: where the loaded files define
/// something of that name (perhaps spelled differently), or that none does.
fn gone(upstream: &Upstream, definition: &str) -> String {
    let root = upstream.display(upstream.root());
    let (section, name) = definition[1..].split_once('/').unwrap_or(("", ""));
    let elsewhere: Vec<String> = upstream
        .find_named(section, name)
        .iter()
        .map(|at| format!("{} in {}", at.pointer, upstream.display(&at.file)))
        .collect();
    if elsewhere.is_empty() {
        format!(
            "{definition} is gone: no upstream file defines it, and {root} no longer refers to it"
        )
    } else {
        format!(
            "no file that {root} reaches through `$ref`s holds {definition}; the upstream files \
             define {}, which nothing reached refers to",
            elsewhere.join(", ")
        )
    }
}

/// `/definitions/Name/rest` as (`/definitions/Name`, `/rest`).
fn split_definition(pointer: &str) -> Option<(String, String)> {
    let mut segments = pointer.strip_prefix('/')?.splitn(3, '/');
    let (section, name) = (segments.next()?, segments.next()?);
    let inner = segments.next().map(|s| format!("/{s}")).unwrap_or_default();
    Some((format!("/{section}/{name}"), inner))
}

/// `Ok` when `value` is the JSON text `expected`, else what was found.
fn expect(value: &Value, expected: &str, fixup: &str) -> Result<(), String> {
    if *value == json(expected, fixup) {
        Ok(())
    } else {
        Err(format!("expected {expected}, found {value}"))
    }
}

/// The JSON text of a fixup; a typo in one is a bug in this file.
fn json(text: &str, fixup: &str) -> Value {
    serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("fixup `{fixup}` has invalid JSON {text}: {e}"))
}
