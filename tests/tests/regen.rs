//! The committed client matches what the generator produces, and generation is deterministic.

#[test]
fn generated_client_is_up_to_date() {
    for (target, _, report) in xtask::regen(true).expect("the project's collections generate") {
        assert!(
            report.is_clean(),
            "{} is stale (changed: {:?}, obsolete: {:?}): run `cargo xtask regen` and commit",
            target.dir,
            report.written,
            report.removed
        );
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let first = xtask::generate_client().expect("generates");
    let second = xtask::generate_client().expect("generates");
    assert_eq!(first.files, second.files);
    assert_eq!(first.api, second.api);
}

#[test]
fn every_item_becomes_one_operation() {
    let generated = xtask::generate_client().expect("generates");
    let collection = postman_codegen_tests::seed_collection();
    fn count(items: &serde_json::Value) -> usize {
        items.as_array().map_or(0, |items| {
            items.iter().map(|item| if item.get("item").is_some() { count(&item["item"]) } else { 1 }).sum()
        })
    }
    assert_eq!(generated.operations(), count(&collection["item"]));
    assert_eq!(generated.operations(), 5);
}
