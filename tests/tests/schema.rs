//! The project's collection is a valid Postman v2.1 collection.

use postman_codegen_tests::{read_json, seed_collection, shared_dir};

fn validator() -> jsonschema::Validator {
    let schema = read_json(&shared_dir().join("postman-schema/collection.v2.1.0.draft-07.bundled.json"));
    jsonschema::validator_for(&schema).expect("the official schema compiles")
}

#[test]
fn seed_collection_validates_against_the_official_v2_1_schema() {
    let collection = seed_collection();
    let errors: Vec<String> =
        validator().iter_errors(&collection).map(|error| format!("{} at {}", error, error.instance_path())).collect();
    assert!(errors.is_empty(), "schema violations:\n{}", errors.join("\n"));
}

#[test]
fn the_schema_check_rejects_a_broken_collection() {
    let mut collection = seed_collection();
    collection["item"][0]["item"][0]["request"]["method"] = serde_json::json!(42);
    assert!(!validator().is_valid(&collection));
}

#[test]
fn seed_collection_has_the_five_seed_items() {
    let collection = seed_collection();
    for name in [
        "Add a user's TSP account",
        "Update a TSP account",
        "Create users",
        "Update a user",
        "Create an IM directory group",
    ] {
        assert!(postman_codegen_tests::find_item(&collection, name).is_some(), "{name} is missing");
    }
    assert_eq!(collection["variable"][0]["key"], "baseUrl");
    assert_eq!(collection["variable"][0]["value"], "https://api.zoom.us/v2");
    assert_eq!(collection["auth"]["type"], "oauth2");
}
