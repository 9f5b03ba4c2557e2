//! Import from a full-size TypeSpec-emitted file (see
//! `common/full_size.rs`): the Incidents operations come out as from the
//! practice copy alone, and the import reads only what they reach. How long
//! it takes is measured by `cargo bench -p sentinel-incidents-codegen`, not
//! here.

mod common;

use common::full_size::{build, preview_copy, FULL_SIZE};
use sentinel_incidents_codegen::import::{import_retiring, used_files, Selection, Upstream};

/// (`import_retiring`: the result is the same whether this build still
/// holds the fixups that TypeSpec's file made obsolete.)
fn incidents_get() -> Vec<String> {
    vec!["Incidents_Get".into()]
}

#[test]
fn a_full_size_file_imports_like_its_incidents_part_and_reads_only_what_they_reach() {
    let dir = tempfile::tempdir().unwrap();
    let file = build(dir.path());
    let size = std::fs::metadata(&file).unwrap().len() as usize;
    assert!(size >= FULL_SIZE, "{size} bytes");

    let big = Upstream::load_operations(dir.path(), &incidents_get()).unwrap();
    assert_eq!(big.root(), file);
    let small = Upstream::load_operations(&preview_copy(), &incidents_get()).unwrap();
    let selection = Selection::Operations(incidents_get());
    assert_eq!(
        import_retiring(&big, &selection).unwrap().spec,
        import_retiring(&small, &selection).unwrap().spec
    );
    let read: Vec<String> = used_files(&big, &incidents_get())
        .unwrap()
        .iter()
        .map(|f| f.path.display().to_string())
        .collect();
    assert_eq!(read.len(), 2, "{read:?}");
    assert!(
        read[0].ends_with("v5/types.json") && read[1].ends_with("openapi.json"),
        "{read:?}"
    );

    // Loading everything the file reaches does read the unrelated file.
    let err = Upstream::load(&file).unwrap_err();
    assert!(err.file().ends_with("unrelated/broken.json"), "{err}");
}
