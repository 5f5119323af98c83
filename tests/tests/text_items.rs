//! Items the generator writes straight as text must be byte for byte what `prettyplease`
//! prints for their tokens: checked for every named type, request struct and method of the shared
//! collections, the fixtures and the project's own test collections.

use postman_codegen_tests::shared_dir;

fn collections() -> Vec<std::path::PathBuf> {
    let mut paths = Vec::new();
    let mut pending = vec![
        shared_dir().join("collections"),
        shared_dir().join("fixtures"),
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("collections"),
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../collections"),
    ];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
}

#[test]
fn text_items_are_what_prettyplease_prints() {
    let (mut checked, mut as_text) = (0, 0);
    let mut problems = Vec::new();
    for path in collections() {
        // v1 collections and other refused input have no types to check.
        let json = postman_codegen::read(&path).unwrap();
        let Ok(lowered) = postman_codegen::lower_json(&json, &path.display().to_string()) else {
            println!("refused: {}", path.display());
            continue;
        };
        let api = lowered.api;
        let report = postman_codegen::emit::text_report(&api).unwrap();
        checked += report.items;
        as_text += report.as_text;
        for mismatch in report.mismatches {
            problems.push(format!("{}: {mismatch}", path.display()));
        }
    }
    assert!(problems.is_empty(), "{} mismatches:\n{}", problems.len(), problems.join("\n"));
    // Most items take the text path; if none did, this test would check nothing.
    assert!(as_text * 2 > checked, "{as_text} of {checked} items written as text");
    println!(
        "{as_text} of {checked} items (types, request structs, their impls, methods) written as text, all identical to prettyplease"
    );
}
