//! Every fixup fails, naming itself, once upstream no longer has what it fixes.

use std::path::Path;

use super::fixups::{Edit, FIXUPS};
use super::upstream::Location;
use super::*;

fn shipped() -> Upstream {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream");
    Upstream::load(&dir).unwrap()
}

fn incidents_get() -> Selection {
    Selection::Operations(vec!["Incidents_Get".into()])
}

fn target(upstream: &Upstream, fixup: &Fixup) -> Location {
    upstream.resolve(
        upstream.root(),
        &format!("{}#{}", fixup.file, fixup.pointer),
    )
}

#[test]
fn every_fixup_applies_to_the_shipped_files() {
    let imported = import(&shipped(), &incidents_get()).unwrap();
    assert_eq!(imported.operations, ["Incidents_Get"]);
}

#[test]
fn every_fixup_fails_by_name_when_its_target_is_gone() {
    for fixup in FIXUPS {
        let mut upstream = shipped();
        let at = target(&upstream, fixup);
        let (parent, key) = at.pointer.rsplit_once('/').unwrap();
        let parent = Location {
            file: at.file.clone(),
            pointer: parent.into(),
        };
        upstream
            .get_mut(&parent)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove(key)
            .unwrap();

        let err = import(&upstream, &incidents_get()).unwrap_err();
        assert!(
            err.message()
                .contains(&format!("fixup `{}` no longer applies", fixup.name)),
            "{err}"
        );
        assert_eq!(err.pointer(), fixup.pointer, "{err}");
    }
}

#[test]
fn every_value_fixup_fails_by_name_when_upstream_changes_the_value() {
    for fixup in FIXUPS
        .iter()
        .filter(|f| !matches!(f.edit, Edit::NameComponent { .. }))
    {
        let mut upstream = shipped();
        let at = target(&upstream, fixup);
        *upstream.get_mut(&at).unwrap() = serde_json::json!("changed upstream");

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
    }
}

#[test]
fn a_fixup_on_a_file_upstream_no_longer_references_fails_by_name() {
    let moved = [Fixup {
        name: "moved-file",
        reason: "a test",
        file: "common/Gone.json",
        pointer: "/definitions/Thing",
        edit: Edit::NameComponent { name: "thing" },
    }];
    let err = import_with(&shipped(), &incidents_get(), &moved).unwrap_err();
    assert!(
        err.message()
            .contains("fixup `moved-file` no longer applies"),
        "{err}"
    );
    assert!(err.message().contains("Gone.json"), "{err}");
}
