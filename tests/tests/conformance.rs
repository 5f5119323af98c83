//! Wire fidelity against newman for the project's collection, `tests/collections/wire…` (a
//! request written each way real collections write them) and every shared collection:
//! each item's request must match newman's (or be on the justified allow-list) and every saved
//! JSON example the recorder answers with must decode; so must every saved JSON example that
//! the crate's own mock server (its `mock` feature) serves when the driver asks for it. Needs newman: `npm ci --prefix
//! tests/conformance` (`.ci/run` does it).

use postman_codegen_tests::shared_dir;

#[test]
fn generated_clients_send_what_newman_sends() {
    let paths = conformance::Paths { root: xtask::root() };
    // The project's collection, the one written for wire fidelity, and the shared ones.
    let mut collections = vec![
        xtask::root().join(xtask::COLLECTION),
        xtask::root().join("tests/collections/wire.postman_collection.json"),
        xtask::root().join("tests/collections/auth.postman_collection.json"),
    ];
    let mut shared: Vec<_> = std::fs::read_dir(shared_dir().join("collections"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    shared.sort();
    collections.extend(shared);
    assert_eq!(collections.len(), 12);

    let allowed = conformance::allow_list(&paths).expect("the allow-list reads");
    let (prepared, unprepared) = conformance::prepare(&paths, &collections).expect("the workspace is written");
    assert!(unprepared.is_empty(), "every collection is prepared: {unprepared:?}");
    let mut summary = String::from(
        "\ncollection | items | passed | signing hook | allowed | failed | JSON examples decoded | mock: operations served | mock: examples decoded / asked / saved\n",
    );
    let (mut failed, mut undecoded, mut mock_undecoded) = (0, 0, 0);
    for prepared in &prepared {
        let report = conformance::run(&paths, prepared, &allowed).expect("newman and the driver run");
        print!("{}", report.render());
        let mock = &report.mock;
        summary.push_str(&format!(
            "{} | {} | {} | {} | {} | {} | {}/{} | {}/{} | {}/{}/{}\n",
            report.collection,
            report.items.len(),
            report.passed(),
            report.hooked(),
            report.allowed(),
            report.failed(),
            report.decoded(),
            report.served_json(),
            mock.served,
            mock.operations,
            mock.decoded,
            mock.asked,
            mock.json_examples,
        ));
        failed += report.failed();
        undecoded += report.served_json() - report.decoded();
        mock_undecoded += mock.undecoded.len();
    }
    println!("{summary}");
    assert_eq!(failed, 0, "items send something else than newman (see the tables above)");
    assert_eq!(undecoded, 0, "saved JSON examples that the client could not decode");
    assert_eq!(mock_undecoded, 0, "saved JSON examples the mock served that the client could not decode");
}

/// A collection that cannot be read is reported with its file, and the others are still
/// prepared; a file body with no file chosen (`"src": ""`) is sent empty, not an I/O error.
#[test]
fn each_collection_that_cannot_be_prepared_is_named_and_the_rest_go_on() {
    let root = std::env::temp_dir().join(format!("postman-codegen-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(xtask::root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    let empty_src = root.join("empty-src.postman_collection.json");
    std::fs::write(
        &empty_src,
        r#"{"info": {"name": "Empty src", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Upload nothing", "request": {"method": "POST", "body": {"mode": "file", "file": {"src": ""}},
                      "url": "https://example.com/upload"}}]}"#,
    )
    .unwrap();
    let missing = root.join("missing.postman_collection.json");
    let paths = conformance::Paths { root: root.clone() };
    let (prepared, unprepared) = conformance::prepare(&paths, &[missing.clone(), empty_src.clone()]).unwrap();
    assert_eq!(prepared.len(), 1);
    assert_eq!(prepared[0].collection, empty_src);
    assert_eq!(unprepared.len(), 1);
    assert_eq!(unprepared[0].0, missing);
    let message = format!("{:#}", unprepared[0].1);
    assert!(message.contains(&missing.display().to_string()) && message.contains("No such file"), "{message}");
    let _ = std::fs::remove_dir_all(&root);
}
