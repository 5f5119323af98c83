//! The README stays short and the book whole: every chapter in `docs/src` is listed in its
//! `SUMMARY.md`, and its examples are doctests of `tests/src/lib.rs` (so `cargo test` compiles
//! and runs them).

use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(xtask::root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_readme_is_short_and_links_every_chapter() {
    let readme = read("README.md");
    let lines = readme.lines().count();
    assert!(lines <= 200, "the README has {lines} lines; topics go into docs/");
    assert!(readme.contains("cargo xtask regen") && readme.contains("cargo test --workspace"), "the two commands");
    for chapter in chapters() {
        assert!(readme.contains(&format!("docs/src/{chapter}")), "the README links {chapter}");
    }
}

#[test]
fn every_chapter_is_in_the_summary_and_its_examples_are_tested() {
    let summary = read("docs/src/SUMMARY.md");
    let linked: BTreeSet<String> =
        summary.split("](").skip(1).filter_map(|rest| rest.split(')').next()).map(str::to_string).collect();
    let lib = read("tests/src/lib.rs");
    let mut files = chapters();
    files.insert("introduction.md".to_string());
    for chapter in &files {
        assert!(linked.contains(chapter), "SUMMARY.md links {chapter}");
        assert!(lib.contains(&format!("docs/src/{chapter}\")")), "tests/src/lib.rs runs the examples of {chapter}");
    }
    for link in &linked {
        assert!(files.contains(link), "SUMMARY.md links {link}, which is not in docs/src");
    }
    // Every Rust example is compiled: none is `ignore` but those that say why.
    for chapter in &files {
        let text = read(&format!("docs/src/{chapter}"));
        for (at, _) in text.match_indices("```rust,ignore") {
            let after = &text[at..];
            let end = after[3..].find("```").map_or(after.len(), |i| i + 6);
            let note = &after[end..after.len().min(end + 200)];
            assert!(note.contains("`ignore`"), "{chapter}: an `ignore` example says why it is not compiled");
        }
    }
}

/// The chapters of the book: every Markdown file of `docs/src` but the summary and the
/// introduction.
fn chapters() -> BTreeSet<String> {
    std::fs::read_dir(xtask::root().join("docs/src"))
        .expect("docs/src")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md") && name != "SUMMARY.md" && name != "introduction.md")
        .collect()
}
