//! What a regeneration reports when the collection changes: the synthetic revisions of
//! `tests/collections/revisions/` (one kind of change each, from `base`) and the real revision
//! series of `../shared/revisions/`. Each report is a snapshot, so a generator change that
//! alters a verdict shows in review; the verdicts of the synthetic kinds are also asserted.
//! Their agreement with cargo-semver-checks is `cargo xtask semver`.

use std::path::{Path, PathBuf};

use postman_codegen::changes::Bump;
use postman_codegen::{Builder, CrateOptions, Written};
use postman_codegen_tests::shared_dir;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postman-codegen-revisions-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn write(collection: &Path, dir: &Path, options: CrateOptions) -> Written {
    Builder::new(collection).options(options).write(dir).unwrap_or_else(|e| panic!("{}: {e}", collection.display()))
}

fn synthetic(kind: &str) -> PathBuf {
    xtask::root().join(format!("tests/collections/revisions/{kind}.postman_collection.json"))
}

/// Each kind of change, with the bump it needs (the crates are 0.x: what breaks needs a minor
/// bump, anything else a patch).
const KINDS: &[(&str, Bump)] = &[
    ("operation-added", Bump::Minor),
    ("operation-removed", Bump::Major),
    ("operation-renamed", Bump::Major),
    ("input-added-optional", Bump::Minor),
    ("input-added-required", Bump::Major),
    ("input-removed", Bump::Major),
    ("input-type-changed", Bump::Major),
    ("response-field-added", Bump::Minor),
    ("response-field-removed", Bump::Major),
    ("response-field-type-changed", Bump::Major),
    ("enum-value-added", Bump::Minor),
    ("enum-value-removed", Bump::Major),
    ("folder-added", Bump::Minor),
    ("folder-removed", Bump::Major),
    ("folder-added-first", Bump::Minor),
    ("shape-shared-elsewhere", Bump::Minor),
    ("host-added", Bump::Minor),
    ("credential-added", Bump::Minor),
    ("description-only", Bump::Patch),
];

#[test]
fn each_kind_of_change_gets_its_verdict() {
    let listed: Vec<String> = std::fs::read_dir(synthetic("base").parent().unwrap())
        .unwrap()
        .map(|entry| {
            entry.unwrap().file_name().to_string_lossy().trim_end_matches(".postman_collection.json").to_string()
        })
        .filter(|name| name != "base")
        .collect();
    assert_eq!(listed.len(), KINDS.len(), "every synthetic revision has its expected verdict");
    for (kind, bump) in KINDS {
        let dir = temp_dir(kind);
        let first = write(&synthetic("base"), &dir, CrateOptions::default());
        assert!(first.changes.first.is_some(), "{kind}: a first generation says so");
        let written = write(&synthetic(kind), &dir, CrateOptions::default());
        assert_eq!(written.changes.bump(), *bump, "{kind}: {:#?}", written.changes);
        for change in written.changes.breaking.iter().chain(&written.changes.added) {
            assert!(change.what.contains("`"), "{kind}: names the Rust item: {change}");
            let names_item =
                !change.item.is_empty() || change.what.contains("feature") || change.what.contains("credential");
            assert!(names_item, "{kind}: names the Postman item: {change}");
        }
        insta::assert_snapshot!(format!("synthetic_{kind}"), written.changes.report(&written.api.version));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn every_pair_of_real_revisions_is_reported() {
    let mut series: Vec<PathBuf> = std::fs::read_dir(shared_dir().join("revisions"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    series.sort();
    assert_eq!(series.len(), 5);
    for folder in series {
        let mut revisions: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        revisions.sort();
        let name = folder.file_name().unwrap().to_string_lossy().to_string();
        let dir = temp_dir(&name);
        write(&revisions[0], &dir, CrateOptions::default());
        for pair in revisions.windows(2) {
            let written = write(&pair[1], &dir, CrateOptions::default());
            let date = |path: &Path| {
                path.file_name().unwrap().to_string_lossy().trim_end_matches(".postman_collection.json").to_string()
            };
            insta::assert_snapshot!(
                format!("real_{name}_{}_{}", date(&pair[0]), date(&pair[1])),
                written.changes.report(&written.api.version)
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn the_changelog_gains_a_section_per_change_and_keeps_what_was_there() {
    let dir = temp_dir("changelog");
    let auto = || CrateOptions { auto_version: true, ..CrateOptions::default() };
    write(&synthetic("base"), &dir, auto());
    let changelog = || std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap();
    assert!(changelog().contains("## [0.1.0]\n\nFirst generated from the Shop API Postman collection: 4 operations."));
    // A user's note under the first section is kept as it is.
    std::fs::write(dir.join("CHANGELOG.md"), changelog() + "\nReleased to our registry on Monday.\n").unwrap();
    let added = write(&synthetic("operation-added"), &dir, auto());
    assert_eq!(added.api.version, "0.1.1", "an addition bumps the patch while 0.x");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"0.1.1\""), "{manifest}");
    let text = changelog();
    let newest = text.find("## [0.1.1]").expect("a section for the change");
    assert!(newest < text.find("## [0.1.0]").unwrap(), "newest first: {text}");
    assert!(text.contains("### Added\n\n- operation `orders::OrdersClient::cancel_order`"), "{text}");
    assert!(text.ends_with("Released to our registry on Monday.\n"), "the user's text is kept: {text}");
    // Regenerating the same collection changes nothing.
    let again = write(&synthetic("operation-added"), &dir, auto());
    assert!(!again.changes.any());
    assert!(again.report.written.is_empty(), "{:?}", again.report.written);
    assert_eq!(again.api.version, "0.1.1");
    // A breaking change bumps the minor while 0.x.
    let removed = write(&synthetic("operation-removed"), &dir, auto());
    assert_eq!(removed.api.version, "0.2.0");
    assert!(changelog().find("## [0.2.0]").unwrap() < changelog().find("## [0.1.1]").unwrap());
    // Without `auto`, the version stays and the section is unreleased.
    let dir2 = temp_dir("changelog-fixed");
    write(&synthetic("base"), &dir2, CrateOptions::default());
    let fixed = write(&synthetic("folder-removed"), &dir2, CrateOptions::default());
    assert_eq!(fixed.api.version, "0.1.0");
    let text = std::fs::read_to_string(dir2.join("CHANGELOG.md")).unwrap();
    assert!(text.contains("## [Unreleased]\n\nNeeds version 0.2.0 or later.\n\n### Breaking"), "{text}");
    let report = fixed.changes.report(&fixed.api.version);
    assert!(
        report.contains("Needs a minor version bump (breaking changes, while the version is 0.x): 0.1.0 → 0.2.0"),
        "{report}"
    );
    // Until a release, later changes add to the one `[Unreleased]` section, keeping what is there.
    let dir3 = temp_dir("changelog-unreleased");
    write(&synthetic("base"), &dir3, CrateOptions::default());
    write(&synthetic("operation-added"), &dir3, CrateOptions::default());
    let changelog3 = || std::fs::read_to_string(dir3.join("CHANGELOG.md")).unwrap();
    let noted = changelog3().replace("### Added\n\n", "Cancelling is new.\n\n### Added\n\n");
    std::fs::write(dir3.join("CHANGELOG.md"), noted).unwrap();
    write(&synthetic("folder-removed"), &dir3, CrateOptions::default());
    let text = changelog3();
    assert_eq!(text.matches("## [Unreleased]").count(), 1, "{text}");
    assert!(text.contains("## [Unreleased]\n\nNeeds version 0.2.0 or later.\n\nCancelling is new.\n\n### Breaking\n\n- folder feature `customers` removed"), "{text}");
    assert!(text.contains("### Added\n\n- operation `orders::OrdersClient::cancel_order`"), "{text}");
    assert!(text.contains("\n\n## [0.1.0]\n\nFirst generated"), "the released sections stay: {text}");
    let _ = (std::fs::remove_dir_all(&dir), std::fs::remove_dir_all(&dir2), std::fs::remove_dir_all(&dir3));
}

#[test]
fn a_record_that_cannot_be_read_falls_back_to_a_first_generation() {
    let dir = temp_dir("bad-record");
    write(&synthetic("base"), &dir, CrateOptions::default());
    let record = dir.join("api.jsonl");
    let text = std::fs::read_to_string(&record).unwrap();
    let cases = [
        ("edited", text.replacen("\"GET /orders\"", "\"GET /orders/all\"", 1), "edited by hand"),
        ("newer", text.replacen("\"format\":1", "\"format\":9", 1), "record format 9"),
        ("garbage", "@generated by postman-codegen, then not JSON\n".to_string(), "line 1 is not a record entry"),
    ];
    for (name, contents, why) in cases {
        std::fs::write(&record, contents).unwrap();
        let written = write(&synthetic("operation-added"), &dir, CrateOptions::default());
        let report = written.changes.report(&written.api.version);
        assert!(report.starts_with("API changes: a first generation"), "{name}: {report}");
        assert!(report.contains(why), "{name}: {report}");
        // Nothing else is affected: the crate is written, with a fresh record.
        assert!(std::fs::read_to_string(&record).unwrap().contains("cancel_order"), "{name}");
        write(&synthetic("base"), &dir, CrateOptions::default());
    }
    // A record that is there but cannot be read (here a directory): said so, in memory.
    std::fs::remove_file(&record).unwrap();
    std::fs::create_dir(&record).unwrap();
    let generated = Builder::new(synthetic("operation-added")).generate_for(&dir).unwrap();
    let report = generated.changes.report(&generated.api.version);
    assert!(report.starts_with("API changes: a first generation") && report.contains("cannot be read"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}
