//! Generated examples teach: every crate's method docs, README, `tests/mock.rs`, examples and
//! mock server show values a reader would write, never the collection's filler.

use postman_codegen::{CrateOptions, Generated};
use postman_codegen_tests::shared_dir;

/// Words only lorem ipsum has: none is an English word, so a generated file holding one copied
/// filler from the collection.
const LOREM: &[&str] = &[
    "lorem",
    "ipsum",
    "dolor",
    "consectetur",
    "adipiscing",
    "adipisicing",
    "eiusmod",
    "tempor",
    "incididunt",
    "labore",
    "dolore",
    "aliqua",
    "veniam",
    "nostrud",
    "exercitation",
    "ullamco",
    "laboris",
    "aliquip",
    "commodo",
    "consequat",
    "reprehenderit",
    "voluptate",
    "cillum",
    "fugiat",
    "pariatur",
    "excepteur",
    "occaecat",
    "cupidatat",
    "proident",
    "deserunt",
    "mollit",
    "laborum",
];

/// The lorem ipsum words of `text`, each with the line it is on.
fn lorem_in(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for line in text.lines() {
        for word in line.split(|c: char| !c.is_ascii_alphabetic()) {
            if LOREM.contains(&word.to_ascii_lowercase().as_str()) {
                found.push((word.to_string(), line.trim().to_string()));
            }
        }
    }
    found
}

fn generate(path: &std::path::Path) -> Generated {
    postman_codegen::generate_file(path, &CrateOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn no_generated_file_holds_lorem_ipsum() {
    let mut collections = vec![xtask::root().join(xtask::COLLECTION)];
    for entry in std::fs::read_dir(shared_dir().join("collections")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            collections.push(path);
        }
    }
    collections.sort();
    let mut report = Vec::new();
    for path in &collections {
        let generated = generate(path);
        for (file, text) in &generated.files {
            let shown = file.starts_with("src/")
                || file.starts_with("tests/")
                || file.starts_with("examples/")
                || file == "README.md";
            for (word, line) in lorem_in(text).into_iter().filter(|_| shown) {
                report.push(format!("{}: {file}: `{word}` in {line}", path.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(report.is_empty(), "{} lorem ipsum words:\n{}", report.len(), report[..report.len().min(40)].join("\n"));
}
