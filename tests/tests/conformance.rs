//! Wire fidelity against newman for the project's collection and every shared collection:
//! each item's request must match newman's (or be on the justified allow-list) and every saved
//! JSON example the recorder answers with must decode. Needs newman: `npm ci --prefix
//! tests/conformance` (`.ci/run` does it).

use postman_codegen_tests::shared_dir;

#[test]
fn generated_clients_send_what_newman_sends() {
    let paths = conformance::Paths { root: xtask::root() };
    let mut collections = vec![xtask::root().join(xtask::COLLECTION)];
    let mut shared: Vec<_> = std::fs::read_dir(shared_dir().join("collections"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    shared.sort();
    collections.extend(shared);
    assert_eq!(collections.len(), 10);

    let allowed = conformance::allow_list(&paths).expect("the allow-list reads");
    let prepared = conformance::prepare(&paths, &collections).expect("the collections generate");
    let mut summary = String::from("\ncollection | items | passed | allowed | failed | JSON examples decoded\n");
    let (mut failed, mut undecoded) = (0, 0);
    for prepared in &prepared {
        let report = conformance::run(&paths, prepared, &allowed).expect("newman and the driver run");
        print!("{}", report.render());
        summary.push_str(&format!(
            "{} | {} | {} | {} | {} | {}/{}\n",
            report.collection,
            report.items.len(),
            report.passed(),
            report.allowed(),
            report.failed(),
            report.decoded(),
            report.served_json()
        ));
        failed += report.failed();
        undecoded += report.served_json() - report.decoded();
    }
    println!("{summary}");
    assert_eq!(failed, 0, "items send something else than newman (see the tables above)");
    assert_eq!(undecoded, 0, "saved JSON examples that the client could not decode");
}
