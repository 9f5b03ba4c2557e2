//! Every fixup applies to the shipped files, follows its definition when
//! upstream moves it to another file, and fails, naming itself and where the
//! definition is now, once upstream no longer has what it fixes.

use std::path::Path;

use serde_json::json;

use super::fixups::{locate, Edit, Target, FIXUPS};
use super::upstream::Location;
use super::*;

fn shipped() -> Upstream {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream");
    Upstream::load(&dir).unwrap()
}

fn incidents_get() -> Selection {
    Selection::Operations(vec!["Incidents_Get".into()])
}

/// The loaded file whose path ends with `suffix`.
fn file(upstream: &Upstream, suffix: &str) -> std::path::PathBuf {
    upstream
        .reached_targets()
        .into_iter()
        .map(|at| at.file)
        .chain([upstream.root().to_path_buf()])
        .find(|f| f.ends_with(suffix))
        .unwrap_or_else(|| panic!("no loaded file ends with {suffix}"))
}

#[test]
fn every_fixup_applies_to_the_shipped_files() {
    let imported = import(&shipped(), &incidents_get()).unwrap();
    assert_eq!(imported.operations, ["Incidents_Get"]);
    assert!(imported.spec["components"]["schemas"]["systemData"].is_object());
}

#[test]
fn every_fixup_fails_by_name_when_its_target_is_gone() {
    for fixup in FIXUPS {
        let mut upstream = shipped();
        let at = locate(&upstream, fixup.target).unwrap();
        upstream
            .get_mut(&at.parent())
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(&at.key())
            .unwrap();

        let err = import(&upstream, &incidents_get()).unwrap_err();
        let message = err.message();
        assert!(
            message.contains(&format!("fixup `{}` no longer applies", fixup.name)),
            "{err}"
        );
        assert!(
            message.contains(&format!("update or remove the fixup `{}`", fixup.name)),
            "{err}"
        );
        assert!(Path::new(err.file()).exists(), "names a real file: {err}");
    }
}

#[test]
fn every_value_fixup_fails_by_name_when_upstream_changes_the_value() {
    for fixup in FIXUPS
        .iter()
        .filter(|f| !matches!(f.edit, Edit::NameComponent { .. }))
    {
        let mut upstream = shipped();
        let at = locate(&upstream, fixup.target).unwrap();
        *upstream.get_mut(&at).unwrap() = json!("changed upstream");

        let err = import(&upstream, &incidents_get()).unwrap_err();
        assert!(
            err.message()
                .contains(&format!("fixup `{}` no longer applies", fixup.name)),
            "{err}"
        );
        assert!(
            err.message().contains("found \"changed upstream\""),
            "{err}"
        );
        assert_eq!(err.file(), at.file.display().to_string());
        assert_eq!(err.pointer(), at.pointer);
    }
}

/// 2024-09-01 moved `Resource` and `SystemData` from common-types v3 to v5,
/// and the newer folder layout moves every file: the fixups follow.
#[test]
fn every_fixup_applies_to_the_newer_layout_with_common_types_v5() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-new-layout");
    let upstream = Upstream::load(&dir).unwrap();
    let at = locate(&upstream, Target::Reached("/definitions/SystemData")).unwrap();
    assert!(
        at.file
            .ends_with("common-types/resource-management/v5/types.json"),
        "{at:?}"
    );
    let imported = import(&upstream, &incidents_get()).unwrap();
    let schemas = &imported.spec["components"]["schemas"];
    assert!(schemas["systemData"].is_object(), "{schemas:#}");
    assert!(schemas.get("SystemData").is_none());
}

/// When nothing reached refers to a definition any more, the error says
/// which file still defines one of that name.
#[test]
fn a_definition_nothing_refers_to_any_more_is_found_where_it_is() {
    let mut upstream = frozen();
    let holder = locate(&upstream, Target::Reached("/definitions/SystemData")).unwrap();
    let definition = upstream.get(&holder).unwrap().clone();
    upstream
        .get_mut(&holder.parent())
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("SystemData");
    // Another loaded file defines it, but nothing refers to that one.
    let elsewhere = Location {
        file: file(&upstream, "common/IncidentTypes.json"),
        pointer: "/definitions".into(),
    };
    let definitions = upstream.get_mut(&elsewhere).unwrap();
    definitions["SystemData"] = definition;

    let err = import(&upstream, &incidents_get()).unwrap_err();
    assert!(err.file().ends_with("Incidents.json"), "{err}");
    let message = err.message();
    assert!(
        message.contains(
            "reaches through `$ref`s holds /definitions/SystemData; the upstream files define"
        ),
        "{err}"
    );
    let named = "/definitions/SystemData in specification/securityinsights/";
    let at = message.find(named).expect(message);
    assert!(
        message[at..].contains("/common/IncidentTypes.json"),
        "{err}"
    );
    assert!(message.contains("which nothing reached refers to"), "{err}");
    assert!(
        err.message()
            .contains("update or remove the fixup `system-data-name`"),
        "{err}"
    );
}

#[test]
fn a_fixup_on_a_definition_upstream_dropped_says_it_is_gone() {
    let gone = [Fixup {
        name: "gone-definition",
        reason: "a test",
        target: Target::Reached("/definitions/IncidentThing/description"),
        edit: Edit::Remove { expected: "\"x\"" },
    }];
    let err = import_with(&shipped(), &incidents_get(), &gone, WhenObsolete::Fail).unwrap_err();
    assert!(
        err.message().contains(
            "fixup `gone-definition` no longer applies: /definitions/IncidentThing is gone"
        ),
        "{err}"
    );
}

#[test]
fn a_missing_value_inside_a_found_definition_names_its_file() {
    let missing = [Fixup {
        name: "missing-value",
        reason: "a test",
        target: Target::Reached("/definitions/IncidentLabelType/x-ms-frobnicate"),
        edit: Edit::Remove { expected: "true" },
    }];
    let err = import_with(&frozen(), &incidents_get(), &missing, WhenObsolete::Fail).unwrap_err();
    assert!(err.file().ends_with("common/IncidentTypes.json"), "{err}");
    assert_eq!(
        err.pointer(),
        "/definitions/IncidentLabelType/x-ms-frobnicate"
    );
    assert!(
        err.message().contains(
            "nothing at this pointer; /definitions/IncidentLabelType itself is in specification/"
        ),
        "{err}"
    );
}

/// The 2025-03-01 practice copy, which `update` never rewrites: tests that
/// need a file layout or a value of their own read it.
fn frozen() -> Upstream {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-2025-03-01");
    Upstream::load(&dir).unwrap()
}

/// Test fixups on values the frozen copy has: one removal, one replacement.
const TEST_FIXUPS: &[Fixup] = &[
    Fixup {
        name: "test-remove",
        reason: "a test",
        target: Target::Reached("/definitions/IncidentLabelType/readOnly"),
        edit: Edit::Remove { expected: "true" },
    },
    Fixup {
        name: "test-replace",
        reason: "a test",
        target: Target::Reached("/definitions/AttackTactic/description"),
        edit: Edit::Replace {
            expected: r#""The severity for alerts created by this alert rule.""#,
            replacement: r#""The MITRE ATT&CK tactic of an alert or incident.""#,
        },
    },
];

/// `frozen()` with the value `fixup` targets set by `edit`.
fn frozen_with(fixup: &Fixup, edit: impl FnOnce(&mut Upstream, &Location)) -> Upstream {
    let mut upstream = frozen();
    let at = locate(&upstream, fixup.target).unwrap();
    edit(&mut upstream, &at);
    upstream
}

fn remove(upstream: &mut Upstream, at: &Location) {
    let parent = upstream.get_mut(&at.parent()).unwrap();
    parent.as_object_mut().unwrap().remove(&at.key()).unwrap();
}

fn obsolete_names(imported: &Imported) -> Vec<&str> {
    let fixups = &imported.obsolete_fixups;
    fixups.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn the_test_fixups_apply_to_the_frozen_copy() {
    let imported = import_with(
        &frozen(),
        &incidents_get(),
        TEST_FIXUPS,
        WhenObsolete::SetAside,
    )
    .unwrap();
    assert!(imported.obsolete_fixups.is_empty());
    let schemas = &imported.spec["components"]["schemas"];
    assert_eq!(
        schemas["AttackTactic"]["description"],
        "The MITRE ATT&CK tactic of an alert or incident."
    );
}

/// Upstream fixed the quirk (the value to remove is gone): `update` goes on
/// without the fixup and lists it; `import` stops, saying `update` retires it.
#[test]
fn a_fixup_whose_target_upstream_removed_is_obsolete() {
    let upstream = frozen_with(&TEST_FIXUPS[0], remove);
    let imported = import_with(
        &upstream,
        &incidents_get(),
        TEST_FIXUPS,
        WhenObsolete::SetAside,
    )
    .unwrap();
    assert_eq!(obsolete_names(&imported), ["test-remove"]);
    let found = &imported.obsolete_fixups[0].found;
    assert!(found.starts_with("nothing at this pointer"), "{found}");
    assert!(
        found.contains("#/definitions/IncidentLabelType/readOnly"),
        "{found}"
    );
    // The other fixup still applied.
    let schemas = &imported.spec["components"]["schemas"];
    assert_eq!(
        schemas["AttackTactic"]["description"],
        "The MITRE ATT&CK tactic of an alert or incident."
    );

    let err =
        import_with(&upstream, &incidents_get(), TEST_FIXUPS, WhenObsolete::Fail).unwrap_err();
    assert!(
        err.message()
            .contains("fixup `test-remove` no longer applies"),
        "{err}"
    );
    assert!(
        err.message().contains("`update` retires the fixup itself"),
        "{err}"
    );
}

/// Upstream wrote what the fixup writes: obsolete as well.
#[test]
fn a_fixup_whose_value_upstream_already_fixed_is_obsolete() {
    let upstream = frozen_with(&TEST_FIXUPS[1], |upstream, at| {
        *upstream.get_mut(at).unwrap() = json!("The MITRE ATT&CK tactic of an alert or incident.");
    });
    let imported = import_with(
        &upstream,
        &incidents_get(),
        TEST_FIXUPS,
        WhenObsolete::SetAside,
    )
    .unwrap();
    assert_eq!(obsolete_names(&imported), ["test-replace"]);
    assert!(imported.obsolete_fixups[0]
        .found
        .starts_with("it already is \"The MITRE"));
}

/// Upstream changed the value to something else: a maintainer decides
/// again, so even `update` stops, naming the fixup and both values.
#[test]
fn a_fixup_whose_value_upstream_changed_stops_even_update() {
    for fixup in TEST_FIXUPS {
        let upstream = frozen_with(fixup, |upstream, at| {
            *upstream.get_mut(at).unwrap() = json!("changed upstream");
        });
        let err = import_with(
            &upstream,
            &incidents_get(),
            TEST_FIXUPS,
            WhenObsolete::SetAside,
        )
        .unwrap_err();
        let message = err.message();
        assert!(
            message.contains(&format!(
                "fixup `{}` no longer applies: expected",
                fixup.name
            )),
            "{err}"
        );
        assert!(message.contains("found \"changed upstream\""), "{err}");
        assert!(!message.contains("retires"), "{err}");
    }
}
