//! The `postman-codegen generate` command.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_postman-codegen"))
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../collections/zoom.postman_collection.json")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postman-codegen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn generate_writes_a_complete_crate_and_reruns_write_nothing() {
    let out = temp_dir("crate");
    let run = || {
        cli()
            .args(["generate"])
            .arg(seed())
            .arg("--out")
            .arg(&out)
            .args(["--crate-name", "seed-client"])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(stdout.contains("5 operations"), "{stdout}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"seed-client\""), "{manifest}");
    for file in ["src/lib.rs", "src/runtime.rs", "src/users.rs", "src/users/tsp.rs", "src/im_groups.rs"] {
        assert!(out.join(file).is_file(), "{file} is written");
    }
    assert!(out.join("examples/conformance.rs").is_file(), "the conformance driver is written");
    let second = run();
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("0 files written, 7 unchanged"),
        "{}",
        String::from_utf8_lossy(&second.stdout)
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn bad_input_exits_2_names_the_place_and_writes_nothing() {
    let out = temp_dir("bad");
    let input = out.with_extension("json");
    std::fs::write(
        &input,
        "{\"info\": {\"name\": \"x\"}, \"item\": [{\"name\": \"a\", \"request\": {\"method\": 5}}]}",
    )
    .unwrap();
    let output = cli().arg("generate").arg(&input).arg("--out").arg(&out).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("{}:1:", input.display())), "file and line: {stderr}");
    assert!(stderr.contains("item[0].request"), "JSON path: {stderr}");
    assert!(!out.exists(), "nothing is written");
    let _ = std::fs::remove_file(&input);
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let output =
        cli().args(["generate", "/nonexistent/collection.json", "--out", "/tmp/never-written"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("/nonexistent/collection.json: cannot read the collection")
    );
}
