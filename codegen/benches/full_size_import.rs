//! How long importing `Incidents_Get` from a full-size TypeSpec-emitted
//! file takes (the file of `tests/common/full_size.rs`, about 570 KB): the
//! upstream file found in its version folder, the files the operation
//! reaches loaded, and the import. Prints the median and the fastest of 20
//! runs; `cargo bench -p sentinel-incidents-codegen --bench full_size_import`.

#[path = "../tests/common/full_size.rs"]
mod full_size;

use std::time::{Duration, Instant};

use sentinel_incidents_codegen::import::{find_release_of, import_retiring, Selection, Upstream};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let file = full_size::build(dir.path());
    let bytes = std::fs::metadata(&file).unwrap().len();
    let operations = vec!["Incidents_Get".to_string()];
    let selection = Selection::Operations(operations.clone());
    let mut runs: Vec<Duration> = (0..20)
        .map(|_| {
            let started = Instant::now();
            let release =
                find_release_of(dir.path(), Some("2025-10-01-preview"), &operations).unwrap();
            let upstream = Upstream::load_operations(&release.root, &operations).unwrap();
            let imported = import_retiring(&upstream, &selection).unwrap();
            std::hint::black_box(imported);
            started.elapsed()
        })
        .collect();
    runs.sort();
    println!(
        "find, load and import Incidents_Get from a {bytes}-byte openapi.json: median {:.1} ms, fastest {:.1} ms (20 runs)",
        runs[runs.len() / 2].as_secs_f64() * 1e3,
        runs[0].as_secs_f64() * 1e3
    );
}
