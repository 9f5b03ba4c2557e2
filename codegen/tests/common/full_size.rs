//! A full-size TypeSpec-emitted file, built rather than committed: the
//! preview practice copy (the Incidents part of Microsoft's `openapi.json`)
//! merged with unrelated paths and definitions until it is as large as the
//! real file for the whole resource provider (about 570 KB). Each unrelated
//! definition refers to `unrelated/broken.json`, which is not JSON: an
//! import that reads what it does not need fails on it.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// The size of the real file for 2025-09-01, in bytes.
pub const FULL_SIZE: usize = 570_000;

/// The folder of the preview practice copy.
pub fn preview_copy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-2025-10-01-preview")
}

/// Writes the full-size tree under `dir` and returns its `openapi.json`.
pub fn build(dir: &Path) -> PathBuf {
    copy(&preview_copy(), dir);
    let file = find_openapi(dir);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let broken = file.parent().unwrap().join("unrelated/broken.json");
    std::fs::create_dir_all(broken.parent().unwrap()).unwrap();
    std::fs::write(&broken, "{ this is not JSON").unwrap();
    let prefix = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/\
                  Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/\
                  Microsoft.SecurityInsights";
    let mut i = 0;
    // Each piece is written deeper in the file than alone, so the sum of
    // their sizes alone stays under the file's.
    let mut size = serde_json::to_string_pretty(&doc).unwrap().len();
    while size < FULL_SIZE {
        let name = format!("Unrelated{i}");
        doc["paths"][format!("{prefix}/unrelated{i}/{{thingId}}")] = json!({
            "get": {
                "operationId": format!("{name}_Get"),
                "description": format!("Gets an unrelated thing number {i}."),
                "parameters": [
                    { "$ref": "../../../../../../common-types/resource-management/v5/types.json#/parameters/ApiVersionParameter" },
                    { "name": "thingId", "in": "path", "required": true, "type": "string" }
                ],
                "responses": {
                    "200": { "description": "OK", "schema": { "$ref": format!("#/definitions/{name}") } }
                }
            }
        });
        let mut properties = serde_json::Map::new();
        for field in 0..12 {
            properties.insert(
                format!("field{field}"),
                json!({ "type": "string", "description": format!("Field {field} of unrelated thing {i}, which Incidents never reach.") }),
            );
        }
        properties.insert(
            "elsewhere".into(),
            json!({ "$ref": "./unrelated/broken.json#/definitions/Nothing" }),
        );
        let definition = json!({ "type": "object", "properties": properties });
        size += serde_json::to_string_pretty(&definition).unwrap().len();
        size += serde_json::to_string_pretty(
            &doc["paths"][format!("{prefix}/unrelated{i}/{{thingId}}")],
        )
        .unwrap()
        .len();
        doc["definitions"][name] = definition;
        i += 1;
    }
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    file
}

fn find_openapi(dir: &Path) -> PathBuf {
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(current) = dirs.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().unwrap() == "openapi.json" {
                return path;
            }
        }
    }
    panic!("no openapi.json under {}", dir.display());
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
