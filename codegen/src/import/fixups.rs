//! The edits this crate keeps on top of Microsoft's files. Each names the
//! upstream value it edits and the value it expects there. When upstream
//! changes that value, the import fails and names the fixup, so a maintainer
//! decides again rather than the edit silently vanishing or landing on
//! something it was not written for.
//!
//! Conversions that hold for any Swagger file (Swagger 2.0 → OpenAPI 3.0,
//! `$ref` siblings, `allOf` bases, Autorest-only keywords) are not fixups;
//! they live in `schema.rs` and `operation.rs`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::upstream::{Location, Upstream};
use crate::error::CodegenError;

/// One edit of an upstream value.
pub(crate) struct Fixup {
    /// How errors and reviews refer to it.
    pub name: &'static str,
    /// Why we keep it; repeated in the error when it no longer applies.
    pub reason: &'static str,
    /// The upstream file, relative to the directory of the root file
    /// (`Incidents.json`), as upstream's own `$ref`s write it.
    pub file: &'static str,
    /// JSON pointer of the edited value in that file.
    pub pointer: &'static str,
    pub edit: Edit,
}

/// What a fixup does to its value. `expected` and `replacement` are JSON texts.
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
    /// Names the component made from the definition at `pointer` (which
    /// must exist) `name`, instead of the definition's own name.
    NameComponent { name: &'static str },
}

/// The edits of this crate, applied in order.
pub(crate) const FIXUPS: &[Fixup] = &[
    Fixup {
        name: "document-title",
        reason: "the spec is named after the product its users know, Microsoft Sentinel",
        file: "Incidents.json",
        pointer: "/info/title",
        edit: Edit::Replace {
            expected: r#""Security Insights""#,
            replacement: r#""Microsoft Sentinel Incidents""#,
        },
    },
    Fixup {
        name: "document-description",
        reason: "the spec says which subset of the resource provider it holds and where it comes from",
        file: "Incidents.json",
        pointer: "/info/description",
        edit: Edit::Replace {
            expected: r#""API spec for Microsoft.SecurityInsights (Azure Security Insights) resource provider""#,
            replacement: r#""The {operations} subset of Microsoft.SecurityInsights (Microsoft Sentinel / Azure Security Insights), api-version {api_version}. Hand-maintained; converted from Microsoft's Swagger 2.0 in Azure/azure-rest-api-specs (see spec/README.md).""#,
        },
    },
    Fixup {
        name: "system-data-name",
        reason: "the reference page names this type `systemData`; the generated Rust type is `SystemData` either way",
        file: "../../../../../common-types/resource-management/v3/types.json",
        pointer: "/definitions/SystemData",
        edit: Edit::NameComponent { name: "systemData" },
    },
    Fixup {
        name: "label-type-not-read-only",
        reason: "`readOnly` on a reusable enum schema means nothing in OpenAPI 3.0 (it applies to properties) \
                 and cannot move to the bare `$ref` property `labelType`",
        file: "common/IncidentTypes.json",
        pointer: "/definitions/IncidentLabelType/readOnly",
        edit: Edit::Remove { expected: "true" },
    },
];

/// Component names that fixups chose, by the upstream definition they name.
pub(crate) type ComponentNames = BTreeMap<Location, String>;

/// Applies `fixups` to `upstream`; `operations` and the api-version fill the
/// placeholders of replacements.
pub(crate) fn apply(
    fixups: &[Fixup],
    upstream: &mut Upstream,
    operations: &[String],
) -> Result<ComponentNames, CodegenError> {
    let root = upstream.root_location();
    let api_version = upstream
        .get(&root.child("info").child("version"))
        .ok()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut names = ComponentNames::new();
    for fixup in fixups {
        let target = upstream.resolve(
            upstream.root(),
            &format!("{}#{}", fixup.file, fixup.pointer),
        );
        let stale = |found: String| {
            target.error(format!(
                "fixup `{}` no longer applies: {found}. It exists because {}. \
                 Review upstream's change, then update or remove the fixup in codegen/src/import/fixups.rs",
                fixup.name, fixup.reason
            ))
        };
        let Some(value) = upstream.get_mut(&target) else {
            let what = if upstream.has_file(&target.file) {
                "nothing at this pointer".to_string()
            } else {
                format!(
                    "upstream no longer has or references {}",
                    target.file.display()
                )
            };
            return Err(stale(what));
        };
        match &fixup.edit {
            Edit::Replace {
                expected,
                replacement,
            } => {
                expect(value, expected, fixup.name).map_err(stale)?;
                let mut new = json(replacement, fixup.name);
                if let Value::String(text) = &mut new {
                    *text = text
                        .replace("{operations}", &operations.join(", "))
                        .replace("{api_version}", &api_version);
                }
                *value = new;
            }
            Edit::Remove { expected } => {
                expect(value, expected, fixup.name).map_err(stale)?;
                if let Some(Value::Object(parent)) = upstream.get_mut(&target.parent()) {
                    parent.remove(&target.key());
                }
            }
            Edit::NameComponent { name } => {
                names.insert(target.clone(), name.to_string());
            }
        }
    }
    Ok(names)
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
