//! Real-world coverage: every shared collection and every fixture goes through the generator;
//! each generated crate is compiled clippy-clean (`-D warnings`) in one temporary workspace with
//! one shared target directory, and every saved JSON example of the shared collections is
//! decoded by the type generated for it, as saved and drifted the way real responses differ
//! from saved ones (`tests/drift/main.rs`).
//!
//! Prints, per collection: items, operations, types, warnings and the result.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use postman_codegen::ir::{Api, Success};
use postman_codegen::{CrateOptions, lower::shapes, output};
use postman_codegen_tests::shared_dir;
use serde_json::Value;

struct Case {
    label: String,
    path: PathBuf,
    shared: bool,
    crate_name: String,
}

enum Outcome {
    Generated { items: usize, api: Box<Api>, warnings: usize },
    Refused(String),
    Panicked(String),
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn cases() -> Vec<Case> {
    let shared = shared_dir();
    let mut cases = Vec::new();
    let project = xtask::root().join("tests").join("collections");
    let groups = [
        (shared.join("collections"), true, "shared"),
        (shared.join("fixtures"), false, "fixture"),
        (project, false, "project"),
    ];
    for (dir, is_shared, group) in groups {
        for path in json_files(&dir) {
            let label = path.strip_prefix(&dir).unwrap().display().to_string();
            // The revisions of one small collection (`tests/tests/revisions.rs`): the first stands
            // for all.
            if label.starts_with("revisions/") && !label.ends_with("base.postman_collection.json") {
                continue;
            }
            let stem: String = label
                .trim_end_matches(".json")
                .trim_end_matches(".postman_collection")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
                .collect();
            let crate_name = format!("{group}-{}", stem.trim_matches('-'));
            cases.push(Case { label, path, shared: is_shared, crate_name });
        }
    }
    cases
}

/// Request items in the collection JSON, counted independently of the generator.
fn count_items(json: &Value) -> usize {
    json.get("item").and_then(Value::as_array).map_or(0, |items| {
        items.iter().map(|item| if item.get("item").is_some() { count_items(item) } else { 1 }).sum()
    })
}

fn generate(case: &Case, crates: &Path) -> Outcome {
    let text = match std::fs::read_to_string(&case.path) {
        Ok(text) => text,
        Err(error) => return Outcome::Refused(format!("cannot read: {error}")),
    };
    let options =
        CrateOptions { crate_name: Some(case.crate_name.clone()), conformance_driver: true, ..CrateOptions::default() };
    let result = catch_unwind(AssertUnwindSafe(|| postman_codegen::generate(&text, &case.label, &options)));
    match result {
        Err(panic) => Outcome::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or(panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
        Ok(Err(error)) => Outcome::Refused(error.to_string()),
        Ok(Ok(generated)) => {
            output::sync(&crates.join(&case.crate_name), &generated.files, false).expect("writes the crate");
            let items = serde_json::from_str::<Value>(&text).map(|json| count_items(&json)).unwrap_or(0);
            Outcome::Generated { items, warnings: generated.warnings.len(), api: Box::new(generated.api) }
        }
    }
}

/// One example to decode: where it is from, its body, and the index of the type to decode into.
struct Example {
    label: String,
    body: String,
    check: usize,
}

/// Every saved JSON example of the generated shared collections, with the type it must decode as.
fn examples(generated: &[(&Case, &Api)]) -> (Vec<String>, Vec<Example>) {
    let mut types: Vec<String> = Vec::new();
    let mut examples = Vec::new();
    for (case, api) in generated {
        let lib = case.crate_name.replace('-', "_");
        for op in &api.operations {
            for response in &op.responses {
                let Some(body) = response.example.as_deref() else { continue };
                let Ok(json) = serde_json::from_str::<Value>(body) else { continue };
                let ty = if response.is_success() {
                    match &op.success {
                        Success::Json(ty) | Success::OptionalJson(ty) => Some(ty),
                        _ => None,
                    }
                } else {
                    op.error.as_ref()
                };
                let path = ty.map(|ty| {
                    postman_codegen::naming::paths::type_path(api, op, ty).replace("crate::", &format!("{lib}::"))
                });
                let path = path.unwrap_or_else(|| "__missing__".to_string());
                let check = types.iter().position(|t| *t == path).unwrap_or_else(|| {
                    types.push(path);
                    types.len() - 1
                });
                let label = format!("{} › {} ({})", case.label, op.item_path[1..].join(" › "), response.status);
                examples.push(Example { label, body: shapes::realize(&json).to_string(), check });
            }
        }
    }
    (types, examples)
}

/// The decoder crate: `tests/drift/main.rs` with one check per type, and the examples.
fn write_decoder(dir: &Path, generated: &[(&Case, &Api)], types: &[String], examples: &[Example]) {
    let mut manifest = String::from(
        "[package]\nname = \"coverage-decode\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\nserde_path_to_error = \"0.1\"\n",
    );
    for (case, _) in generated {
        writeln!(manifest, "{} = {{ path = \"../{}\", features = [\"serialize\"] }}", case.crate_name, case.crate_name)
            .unwrap();
    }
    let checks: Vec<String> = types
        .iter()
        .map(|path| if path == "__missing__" { "missing".to_string() } else { format!("crate::check::<{path}>") })
        .collect();
    let checks = format!(
        "//! One decoder per generated type, by index.\n\n\
         /// For an example no type was generated for.\n\
         #[allow(dead_code)]\n\
         fn missing(_: &str) -> Result<serde_json::Value, (String, String)> {{\n    \
         Err((\".\".to_string(), \"no type was generated for this JSON example\".to_string()))\n}}\n\n\
         pub const CHECKS: &[crate::Check] = &[{}];\n",
        checks.join(", ")
    );
    let data: Vec<(&str, &str, usize)> =
        examples.iter().map(|e| (e.label.as_str(), e.body.as_str(), e.check)).collect();
    let files = BTreeMap::from([
        ("Cargo.toml".to_string(), manifest),
        ("src/main.rs".to_string(), include_str!("../drift/main.rs").to_string()),
        ("src/checks.rs".to_string(), checks),
        ("src/examples.json".to_string(), serde_json::to_string(&data).unwrap()),
    ]);
    // The harness's own files (not generated crates: `output::sync` would refuse to replace
    // them), each written only when it changed, so that cargo rebuilds only then.
    for (relative, contents) in files {
        let path = dir.join(relative);
        if std::fs::read(&path).ok().as_deref() != Some(contents.as_bytes()) {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, contents).unwrap();
        }
    }
}

fn cargo(work: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(work)
        .env("CARGO_TARGET_DIR", xtask::root().join("target").join("generated"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Crates named in "could not compile `name`" lines.
fn failed_crates(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|line| line.split("could not compile `").nth(1))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_string)
        .collect()
}

/// The last lines of a log.
fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// The crates whose `tests/mock.rs` failed, from `cargo test --no-fail-fast`'s summary
/// (`` `-p NAME --test mock` `` a line).
fn failed_mock_tests(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|line| line.trim().strip_prefix("`-p ")?.strip_suffix(" --test mock`").map(str::to_string))
        .collect()
}

#[test]
fn every_collection_becomes_a_clean_complete_crate() {
    let work = xtask::root().join("target").join("coverage");
    let crates = work.join("crates");
    let cases = cases();
    let outcomes: Vec<Outcome> = cases.iter().map(|case| generate(case, &crates)).collect();

    let generated: Vec<(&Case, &Api)> = cases
        .iter()
        .zip(&outcomes)
        .filter_map(|(case, outcome)| match outcome {
            Outcome::Generated { api, .. } => Some((case, api.as_ref())),
            _ => None,
        })
        .collect();
    let shared: Vec<(&Case, &Api)> = generated.iter().copied().filter(|(case, _)| case.shared).collect();
    let (types, examples) = examples(&shared);
    write_decoder(&crates.join("coverage-decode"), &shared, &types, &examples);

    let mut members: Vec<String> =
        generated.iter().map(|(case, _)| format!("\"crates/{}\"", case.crate_name)).collect();
    members.push("\"crates/coverage-decode\"".to_string());
    // No debug info: the 90 crates' `tests/mock.rs` binaries would take gigabytes with it.
    let manifest =
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\n", members.join(", "));
    std::fs::write(work.join("Cargo.toml"), manifest).unwrap();
    // The project's lock pins the same dependency versions the committed client uses.
    std::fs::copy(xtask::root().join("Cargo.lock"), work.join("Cargo.lock")).unwrap();

    // Each crate with every feature (the mock server too), its `examples/quickstart.rs` and its
    // `tests/mock.rs` (the coverage crates have no conformance driver).
    let (_, clippy_log) = cargo(
        &work,
        &[
            "clippy",
            "--workspace",
            "--all-features",
            "--all-targets",
            "--keep-going",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    );
    let failed = failed_crates(&clippy_log);

    // Each crate's own `tests/mock.rs`, as its user's first `cargo test --features mock` runs it.
    let (mock_ok, mock_log) = cargo(
        &work,
        &[
            "test",
            "--workspace",
            "--exclude",
            "coverage-decode",
            "--all-features",
            "--test",
            "mock",
            "--no-fail-fast",
            "--quiet",
        ],
    );
    let mock_failed = failed_mock_tests(&mock_log);
    // Every crate's suite ran: a build that stopped early would list no failures.
    let suites_passed = mock_log.lines().filter(|line| line.starts_with("test result: ok.")).count();

    let mut table =
        String::from("\ncollection | items | operations | types | warnings | result\n---|---|---|---|---|---\n");
    let mut problems = Vec::new();
    for (case, outcome) in cases.iter().zip(&outcomes) {
        let row = match outcome {
            Outcome::Generated { items, api, warnings } => {
                let ops = api.operations.len();
                let types = api.types.len() + api.operations.len();
                let compiled = !failed.contains(&case.crate_name);
                if !compiled {
                    problems.push(format!("{}: the generated crate does not pass clippy", case.label));
                }
                if mock_failed.contains(&case.crate_name) {
                    problems.push(format!("{}: its tests/mock.rs fails", case.label));
                }
                if *items != ops {
                    problems.push(format!("{}: {items} items but {ops} operations", case.label));
                }
                let result = match (compiled, mock_failed.contains(&case.crate_name)) {
                    (false, _) => "DOES NOT COMPILE CLEANLY",
                    (true, false) => "compiles, clippy clean, tests/mock.rs passes",
                    (true, true) => "compiles, clippy clean, TESTS/MOCK.RS FAILS",
                };
                format!("{} | {items} | {ops} | {types} | {warnings} | {result}", case.label)
            }
            Outcome::Refused(error) => {
                if case.shared {
                    problems.push(format!("{}: refused: {error}", case.label));
                }
                format!("{} | - | - | - | - | error: {}", case.label, error.replace('\n', " "))
            }
            Outcome::Panicked(message) => {
                problems.push(format!("{}: the generator panicked: {message}", case.label));
                format!("{} | - | - | - | - | PANIC: {message}", case.label)
            }
        };
        table.push_str(&row);
        table.push('\n');
    }
    println!("{table}");
    if !mock_ok && mock_failed.is_empty() {
        problems.push(format!("the crates' tests/mock.rs did not build: {}", tail(&mock_log)));
    }
    if suites_passed + mock_failed.len() < generated.len() {
        problems.push(format!(
            "{} of {} crates' tests/mock.rs ran: {}",
            suites_passed + mock_failed.len(),
            generated.len(),
            tail(&mock_log)
        ));
    }

    // Descriptions full of code, HTML and comment terminators never become doctests that run:
    // the adversarial crate's doctests are only the `no_run` examples, and they compile.
    let (doc_ok, doc_log) = cargo(&work, &["test", "--doc", "--quiet", "-p", "project-adversarial"]);
    if !doc_ok || doc_log.contains("doctest ran") {
        problems.push(format!("the adversarial crate's doctests: {doc_log}"));
    }

    let decode_built = !failed.iter().any(|name| name == "coverage-decode");
    let (ran, decode_log) =
        if decode_built { cargo(&work, &["run", "--quiet", "-p", "coverage-decode"]) } else { (false, String::new()) };
    println!("saved JSON examples of the shared collections, as saved and drifted:\n{decode_log}");
    if !ran {
        problems.push("the example decoder did not run".to_string());
    }
    problems.extend(decode_log.lines().filter(|line| line.starts_with("FAILED")).map(str::to_string));
    // Each kind of drift was tried: a table of zeros would pass the FAILED check vacuously.
    for kind in
        ["saved example", "field removed", "field null", "unknown fields added", "strings unseen", "type changed"]
    {
        let tried = decode_log
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{kind} | ")))
            .and_then(|rest| rest.split(" | ").next()?.parse::<usize>().ok());
        if ran && tried.is_none_or(|tried| tried == 0) {
            problems.push(format!("the drift suite tried no `{kind}` cases"));
        }
    }
    if !problems.is_empty() {
        let errors: String = clippy_log
            .lines()
            .filter(|l| l.starts_with("error") || l.contains("-->"))
            .take(60)
            .collect::<Vec<_>>()
            .join("\n");
        panic!("{} problems:\n{}\n\nfirst compiler errors:\n{errors}", problems.len(), problems.join("\n"));
    }
}
