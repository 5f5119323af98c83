//! Collection text never reaches file paths outside the crate, whatever the names.

use postman_codegen::CrateOptions;

/// `Cargo.toml`, `examples/conformance.rs`, `tests/mock.rs`, or `src/` followed by module
/// names (ASCII snake case, no Windows device names) ending in `.rs`.
fn is_safe(path: &str) -> bool {
    const RESERVED: &[&str] = &["con", "prn", "aux", "nul", "com1", "lpt1"];
    let module = |part: &str| {
        !part.is_empty()
            && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !RESERVED.contains(&part)
    };
    match path.split('/').collect::<Vec<_>>().as_slice() {
        ["Cargo.toml" | "README.md" | "CHANGELOG.md" | "api.jsonl"]
        | ["examples", "conformance.rs" | "quickstart.rs"]
        | ["tests", "mock.rs"] => true,
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

/// Items, folders and JSON keys named like what the crate defines itself (the client's own
/// methods, the runtime's types, `runtime`, cargo features) get other names; the crate passes
/// clippy in the coverage test like every collection of `tests/collections`.
#[test]
fn names_the_crate_defines_itself_are_never_taken() {
    use postman_codegen::naming::reserved as names;
    let path = xtask::root().join("tests/collections/colliding-names.postman_collection.json");
    let generated = postman_codegen::generate_file(&path, &CrateOptions::default()).unwrap();
    let api = &generated.api;
    let root = &api.modules[0];
    let root_names = root
        .operations
        .iter()
        .map(|op| api.operations[*op].name.as_str())
        .chain(root.children.iter().map(|child| api.modules[*child].name.as_str()));
    for name in root_names {
        assert!(!names::root_methods().contains(name), "the root client's `{name}`");
    }
    for module in api.modules.iter().skip(1) {
        for op in &module.operations {
            let name = &api.operations[*op].name;
            assert!(!names::sub_client_methods().contains(name), "{}'s `{name}`", module.client_name);
        }
    }
    let aliases = api.aliases.iter().map(|alias| &alias.name);
    let requests = api.operations.iter().map(|op| &op.request.name);
    let types = api.types.iter().map(|def| &def.name).chain(aliases).chain(requests);
    for name in types.chain(api.modules.iter().skip(1).map(|m| &m.client_name)) {
        assert!(!names::root_types().contains(name), "type `{name}`");
    }
    let name_of = |item: &str| {
        api.operations.iter().find(|op| op.item_path.last().map(String::as_str) == Some(item)).map(|op| &op.name)
    };
    assert_eq!(name_of("Prepare").map(String::as_str), Some("prepare_get"));
    assert_eq!(name_of("With retry policy").map(String::as_str), Some("with_retry_policy_get"));
    assert!(root.children.iter().any(|child| api.modules[*child].name == "runtime_2"));
    assert!(root.children.iter().any(|child| api.modules[*child].name == "types_2"), "the private `types` module");
    assert_eq!(name_of("Send").map(String::as_str), Some("send_get"));
    for own in ["prepare", "send", "send_stream", "with_options", "request_to", "follow", "authorize"] {
        assert!(names::root_methods().contains(own), "`{own}` is one of the client's methods");
    }
    for own in ["RetryPolicy", "ByteStream", "Error", "Client", "FilePart", "Option", "ResponseFuture", "Decode"] {
        assert!(names::root_types().contains(own), "`{own}` is one of the crate's types");
    }
}
