//! One source for the api-version: the spec's `info.version`, which the
//! generator makes `API_VERSION`. The docs that must name it for people
//! (the files `update` rewrites) may name no other date, so a version bump
//! that leaves one of them stale fails here.

use std::path::Path;

use sentinel_incidents::API_VERSION;
use sentinel_incidents_codegen::update::VERSION_MENTION_FILES;

/// Every `YYYY-MM-DD` in `text`, with its line number.
fn dates(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        for start in 0..bytes.len().saturating_sub(9) {
            let candidate = &bytes[start..start + 10];
            let shape = candidate.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
            if shape {
                found.push((number + 1, &line[start..start + 10]));
            }
        }
    }
    found
}

#[test]
fn the_docs_name_the_specs_api_version_and_no_other() {
    let spec: serde_json::Value =
        serde_json::from_str(include_str!("../spec/incidents.json")).unwrap();
    assert_eq!(
        spec["info"]["version"], API_VERSION,
        "API_VERSION comes from the spec"
    );
    // A preview's version is its date and a suffix, `2025-10-01-preview`.
    let date_of_version = &API_VERSION[..10];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in VERSION_MENTION_FILES {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(
            text.contains(API_VERSION),
            "{file} does not name the api-version {API_VERSION}"
        );
        for (line, date) in dates(&text) {
            assert_eq!(
                date, date_of_version,
                "{file}:{line} names {date}, not the api-version"
            );
        }
    }
}
