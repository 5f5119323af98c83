//! Collection text never reaches file paths outside the crate, whatever the names.

use postman_codegen::CrateOptions;

/// `Cargo.toml`, `examples/conformance.rs`, or `src/` followed by module names (ASCII snake
/// case, no Windows device names) ending in `.rs`.
fn is_safe(path: &str) -> bool {
    const RESERVED: &[&str] = &["con", "prn", "aux", "nul", "com1", "lpt1"];
    let module = |part: &str| {
        !part.is_empty()
            && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !RESERVED.contains(&part)
    };
    match path.split('/').collect::<Vec<_>>().as_slice() {
        ["Cargo.toml" | "README.md"] | ["examples", "conformance.rs" | "quickstart.rs"] => true,
        ["src", modules @ .., file] => {
            modules.iter().all(|m| module(m)) && file.strip_suffix(".rs").is_some_and(module)
        }
        _ => false,
    }
}

#[test]
fn file_paths_stay_inside_the_crate() {
    for name in ["adversarial", "same-names"] {
        let path = xtask::root().join(format!("tests/collections/{name}.postman_collection.json"));
        let generated = postman_codegen::generate_file(
            &path,
            &CrateOptions { crate_name: None, conformance_driver: true, ..CrateOptions::default() },
        )
        .unwrap();
        for file in generated.files.keys() {
            assert!(is_safe(file), "{name}: unsafe path {file}");
        }
        assert!(generated.files.len() > 3, "{name}: a whole crate");
    }
}

#[test]
fn a_thousand_items_with_one_name_get_distinct_stable_names() {
    let path = xtask::root().join("tests/collections/same-names.postman_collection.json");
    let generated = postman_codegen::generate_file(
        &path,
        &CrateOptions { crate_name: None, conformance_driver: true, ..CrateOptions::default() },
    )
    .unwrap();
    let names: Vec<&str> = generated.api.operations.iter().map(|op| op.name.as_str()).collect();
    assert_eq!(names.len(), 1000);
    let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), 1000);
    assert_eq!((names[0], names[1], names[999]), ("same", "same_get", "same_get_999"));
}
