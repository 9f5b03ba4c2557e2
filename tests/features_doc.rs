//! The features table is documented twice, in README.md and on the crate
//! docs' front page (src/lib.rs): both must be the same table, and it must
//! name every feature Cargo.toml declares.

const README: &str = include_str!("../README.md");
const LIB: &str = include_str!("../src/lib.rs");
const MANIFEST: &str = include_str!("../Cargo.toml");
const HEADER: &str = "| feature | default | what it adds |";

/// The table's lines, from its header to the first line that is not a row.
fn table(lines: impl Iterator<Item = String>) -> Vec<String> {
    lines
        .skip_while(|line| line != HEADER)
        .take_while(|line| line.starts_with('|'))
        .collect()
}

/// The names declared under `[features]`, `default` aside.
fn declared_features() -> Vec<&'static str> {
    MANIFEST
        .lines()
        .skip_while(|line| line.trim() != "[features]")
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.trim()))
        .filter(|name| !name.starts_with('#') && *name != "default")
        .collect()
}

#[test]
fn readme_and_crate_docs_have_the_same_features_table() {
    let readme = table(README.lines().map(str::to_owned));
    let lib = table(
        LIB.lines()
            .filter_map(|line| line.strip_prefix("//! "))
            .map(str::to_owned),
    );
    assert!(readme.len() > 2, "README.md has no features table");
    assert_eq!(readme, lib, "README.md and src/lib.rs disagree");
}

#[test]
fn every_declared_feature_is_in_the_table() {
    let readme = table(README.lines().map(str::to_owned));
    let declared = declared_features();
    assert!(declared.contains(&"fake"), "parsed {declared:?}");
    for feature in declared {
        let row = format!("| `{feature}` |");
        assert!(
            readme.iter().any(|line| line.starts_with(&row)),
            "feature `{feature}` is not in README.md's features table"
        );
    }
}
