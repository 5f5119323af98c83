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
    let run = |extra: &[&str]| {
        cli()
            .args(["generate"])
            .arg(seed())
            .arg("--out")
            .arg(&out)
            .args(["--crate-name", "seed-client"])
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(stdout.contains("5 operations"), "{stdout}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"seed-client\""), "{manifest}");
    for file in [
        "src/lib.rs",
        "src/mock.rs",
        "src/runtime.rs",
        "src/types.rs",
        "src/users.rs",
        "src/users/tsp.rs",
        "src/im_groups.rs",
        "tests/mock.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} is written");
    }
    assert!(!out.join("examples/conformance.rs").exists(), "the conformance driver is written only when asked for");
    for file in ["README.md", "examples/quickstart.rs"] {
        assert!(out.join(file).is_file(), "{file} is written");
    }
    let stdout = |output: std::process::Output| String::from_utf8_lossy(&output.stdout).into_owned();
    let second = stdout(run(&[]));
    assert!(second.contains("0 files written, 13 unchanged, 0 removed"), "{second}");
    let with_driver = stdout(run(&["--conformance-driver"]));
    assert!(with_driver.contains("1 files written, 13 unchanged, 0 removed"), "{with_driver}");
    assert!(out.join("examples/conformance.rs").is_file(), "the conformance driver is written");
    let without = stdout(run(&[]));
    assert!(without.contains("0 files written, 13 unchanged, 1 removed"), "{without}");
    assert!(!out.join("examples/conformance.rs").exists(), "the driver no longer asked for is removed");
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
fn an_output_that_cannot_be_written_exits_1_and_changes_nothing() {
    // The crate's parent is a file: no directory can be made there.
    let blocker = temp_dir("blocker");
    std::fs::write(&blocker, "not a directory").unwrap();
    let out = blocker.join("crate");
    let output = cli().arg("generate").arg(seed()).arg("--out").arg(&out).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&blocker.display().to_string()), "names the path: {stderr}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "not a directory");
    let _ = std::fs::remove_file(&blocker);
}

#[test]
fn usage_errors_exit_2_with_the_usage_and_help_exits_0() {
    let usage = "Usage: postman-codegen generate --out <OUT> <COLLECTION>";
    let cases: [(&[&str], &str, &str); 6] = [
        (&[], "Usage: postman-codegen <COMMAND>", "generate"),
        (&["bogus"], "error: unrecognized subcommand 'bogus'\n", "Usage: postman-codegen <COMMAND>"),
        (&["generate", "a.json"], "error: the following required arguments were not provided:\n  --out <OUT>\n", usage),
        (
            &["generate", "--out", "dir"],
            "error: the following required arguments were not provided:\n  <COLLECTION>\n",
            usage,
        ),
        (
            &["generate", "a.json", "--out"],
            "error: a value is required for '--out <OUT>' but none was supplied\n",
            "--help",
        ),
        (&["generate", "a.json", "--out", "dir", "--bogus"], "error: unexpected argument '--bogus' found\n", usage),
    ];
    for (args, message, also) in cases {
        let output = cli().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message) && stderr.contains(also), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let output = cli().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("Usage: postman-codegen <COMMAND>")
                && stdout.contains("generate  Writes a complete client crate"),
            "{args:?}: {stdout}"
        );
    }
    for args in [&["generate", "--help"][..], &["help", "generate"]] {
        let output = cli().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("Usage: postman-codegen generate [OPTIONS] --out <OUT> <COLLECTION>")
                && stdout.contains("--conformance-driver"),
            "{args:?}: {stdout}"
        );
    }
    let version = cli().arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&version.stdout), format!("postman-codegen {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn options_may_come_in_any_order_and_with_equals_signs() {
    let out = temp_dir("equals");
    let output = cli()
        .args(["generate", "--crate-name=seed-client", "--conformance-driver"])
        .arg(format!("--out={}", out.display()))
        .arg(seed())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"seed-client\""), "{manifest}");
    assert!(out.join("examples/conformance.rs").is_file());
    let _ = std::fs::remove_dir_all(&out);
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

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().display().to_string();
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

#[test]
fn ten_runs_in_different_environments_are_byte_identical() {
    let collection =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/adversarial.postman_collection.json");
    let mut outputs = Vec::new();
    for run in 0..10 {
        let out = temp_dir(&format!("determinism-{run}"));
        let status = cli()
            .args(["generate"])
            .arg(&collection)
            .arg("--out")
            .arg(&out)
            // Each run is a new process (a new hash seed) with another environment and directory.
            .env("LANG", ["C", "de_DE.UTF-8", "ja_JP.UTF-8"][run % 3])
            .env("TZ", ["UTC", "America/New_York", "Asia/Tokyo"][run % 3])
            .env("RUST_MIN_STACK", (8_388_608 + run * 4096).to_string())
            .current_dir(std::env::temp_dir())
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        outputs.push(files(&out));
        let _ = std::fs::remove_dir_all(&out);
    }
    assert!(outputs[0].len() > 10);
    for (run, output) in outputs.iter().enumerate().skip(1) {
        assert!(output == &outputs[0], "run {run} differs from run 0");
    }
}

fn mtimes(dir: &Path) -> std::collections::BTreeMap<String, std::time::SystemTime> {
    files(dir)
        .keys()
        .map(|relative| (relative.clone(), std::fs::metadata(dir.join(relative)).unwrap().modified().unwrap()))
        .collect()
}

#[test]
fn a_regen_killed_midway_leaves_the_previous_crate_intact() {
    let out = temp_dir("atomic");
    let original = std::fs::read_to_string(seed()).unwrap();
    let collection = out.with_extension("json");
    std::fs::write(&collection, &original).unwrap();
    let generate = |delay: Option<u64>| {
        let mut command = cli();
        command.args(["generate"]).arg(&collection).arg("--out").arg(&out);
        if let Some(ms) = delay {
            command.env("POSTMAN_CODEGEN_STAGE_DELAY_MS", ms.to_string());
        }
        command
    };
    assert!(generate(None).output().unwrap().status.success());
    // A file of the user's own, which a regen must never touch.
    std::fs::write(out.join("src/handwritten.rs"), "// mine\n").unwrap();
    let before = files(&out);
    let mtimes_before = mtimes(&out);

    // Every item's description changes, so every source file is rewritten; stop it while staging.
    std::fs::write(&collection, original.replace("Scopes:", "Scopes (changed):")).unwrap();
    let mut child = generate(Some(300)).spawn().unwrap();
    let staging = out.join(postman_codegen::output::STAGING);
    let started = std::time::Instant::now();
    while !staging.exists() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(staging.exists(), "the regen started staging");
    child.kill().unwrap();
    let _ = child.wait();
    let mut after = files(&out);
    after.retain(|path, _| !path.starts_with(postman_codegen::output::STAGING));
    assert!(after == before, "the previous crate is intact after the kill");

    // The next regen drops the abandoned staging and writes the new crate.
    assert!(generate(None).output().unwrap().status.success());
    assert!(!staging.exists());
    let new = files(&out);
    assert!(String::from_utf8_lossy(&new["src/users.rs"]).contains("Scopes (changed):"));
    assert_eq!(new["src/handwritten.rs"], b"// mine\n", "the user's file is untouched");
    assert_eq!(mtimes(&out)["src/handwritten.rs"], mtimes_before["src/handwritten.rs"]);

    // Unchanged files keep their mtime.
    let settled = mtimes(&out);
    assert!(generate(None).output().unwrap().status.success());
    assert_eq!(mtimes(&out), settled, "a regen with no change rewrites nothing");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&collection);
}

#[test]
fn a_new_crate_killed_midway_is_not_there_at_all() {
    let out = temp_dir("fresh");
    let generate = |delay: Option<u64>| {
        let mut command = cli();
        command.args(["generate"]).arg(seed()).arg("--out").arg(&out);
        if let Some(ms) = delay {
            command.env("POSTMAN_CODEGEN_STAGE_DELAY_MS", ms.to_string());
        }
        command
    };
    let name = out.file_name().unwrap().to_str().unwrap();
    let staging = out.with_file_name(format!(".{name}{}", postman_codegen::output::STAGING));
    let mut child = generate(Some(300)).spawn().unwrap();
    let started = std::time::Instant::now();
    while !staging.exists() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(staging.exists(), "the new crate is staged beside its directory");
    child.kill().unwrap();
    let _ = child.wait();
    assert!(!out.exists(), "a stopped run leaves no half-written crate");

    // The next run drops the abandoned staging and creates the crate whole.
    let output = generate(None).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!staging.exists());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("13 files written, 0 unchanged, 0 removed"), "{stdout}");
    assert_eq!(
        files(&out).len(),
        13,
        "Cargo.toml, README.md, CHANGELOG.md, api.jsonl, lib.rs, mock.rs, runtime.rs, types.rs, three folder files, the \
         quickstart and tests/mock.rs"
    );
    let _ = std::fs::remove_dir_all(&out);
}

fn shop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/environments/shop.postman_collection.json")
}

#[test]
fn check_and_dry_run_write_nothing_and_say_what_differs() {
    let out = temp_dir("check");
    let run = |extra: &[&str]| cli().arg("generate").arg(shop()).arg("--out").arg(&out).args(extra).output().unwrap();
    // Nothing there yet: --check fails and lists every file as missing; --dry-run lists them too.
    let check = run(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&check.stdout);
    assert!(listed.contains(&format!("missing: {}", out.join("src/lib.rs").display())), "{listed}");
    assert!(String::from_utf8_lossy(&check.stderr).contains("is not what the collection generates"));
    let dry = run(&["--dry-run"]);
    assert_eq!(dry.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("13 files would change"));
    assert!(!out.exists(), "neither writes anything");
    assert!(run(&[]).status.success());
    let clean = run(&["--check"]);
    assert_eq!(clean.status.code(), Some(0), "{}", String::from_utf8_lossy(&clean.stderr));
    assert!(String::from_utf8_lossy(&clean.stdout).contains("0 files differ, 13 unchanged"));
    assert!(String::from_utf8_lossy(&clean.stdout).contains("API changes: none since 0.1.0."));
    // One file edited by hand: --check names it, and leaves it as it is.
    let orders = out.join("src/orders.rs");
    let edited = std::fs::read_to_string(&orders).unwrap() + "// edited\n";
    std::fs::write(&orders, &edited).unwrap();
    let dirty = run(&["--check"]);
    assert_eq!(dirty.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&dirty.stdout);
    assert!(
        stdout.contains(&format!("differs: {}", orders.display())) && stdout.contains("1 files differ"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&orders).unwrap(), edited);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn warnings_are_grouped_by_kind_and_verbose_lists_them_all() {
    let out = temp_dir("warnings");
    let run = |extra: &[&str]| cli().arg("generate").arg(shop()).arg("--out").arg(&out).args(extra).output().unwrap();
    let stderr = String::from_utf8_lossy(&run(&["--dry-run"]).stderr).into_owned();
    assert!(stderr.contains("5 warnings:\n  5 scripts that the generated client does not run:\n"), "{stderr}");
    assert_eq!(stderr.matches("    warning: ").count(), 3, "the first three: {stderr}");
    assert!(stderr.contains("… and 2 more (--verbose lists them all)"), "{stderr}");
    let verbose = String::from_utf8_lossy(&run(&["--dry-run", "--verbose"]).stderr).into_owned();
    assert_eq!(verbose.matches("    warning: ").count(), 5, "{verbose}");
    assert!(!verbose.contains("more"), "{verbose}");
}

#[test]
fn an_out_that_is_a_file_or_holds_files_of_the_users_is_refused() {
    let file = temp_dir("afile");
    std::fs::write(&file, "mine").unwrap();
    let output = cli().arg("generate").arg(shop()).arg("--out").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("{}: is a file, not a directory", file.display())), "{stderr}");
    assert!(!stderr.contains("staging"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    let _ = std::fs::remove_file(&file);

    // A crate directory with a README the user wrote: nothing is overwritten.
    let out = temp_dir("users-readme");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("README.md"), "# My notes\n").unwrap();
    let output = cli().arg("generate").arg(shop()).arg("--out").arg(&out).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("README.md: not written by postman-codegen"), "{stderr}");
    assert_eq!(std::fs::read_to_string(out.join("README.md")).unwrap(), "# My notes\n");
    assert!(!out.join("src").exists(), "nothing else is written either");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn environments_and_a_config_on_the_command_line() {
    let out = temp_dir("environments");
    let environments = shop().parent().unwrap().to_path_buf();
    let output = cli()
        .arg("generate")
        .arg(shop())
        .arg("--out")
        .arg(&out)
        .arg("--environment")
        .arg(environments.join("Production.postman_environment.json"))
        .arg("--environment")
        .arg(environments.join("Sandbox.postman_environment.json"))
        .args(["--default-environment", "Sandbox"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains(r#"pub const DEFAULT_BASE_URL: &str = "https://sandbox.shop.example/v1";"#), "{lib}");
    let unknown = cli()
        .arg("generate")
        .arg(shop())
        .arg("--out")
        .arg(&out)
        .args(["--default-environment", "Staging"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("names no environment (given: none)"));
    let _ = std::fs::remove_dir_all(&out);
}

/// A collection exported through Postman's API (`{"collection": {…}}`), as two revisions of the
/// public Stripe collection are committed: generated like the collection itself, with a note
/// under `--verbose`; an error inside it names its place in the whole file.
#[test]
fn a_postman_api_export_is_read_from_its_collection_member() {
    let revisions = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/revisions/stripe_api");
    let out = temp_dir("export");
    let output = cli()
        .arg("generate")
        .arg(revisions.join("2021-11-01-f602af93.postman_collection.json"))
        .arg("--out")
        .arg(&out)
        .args(["--dry-run", "--verbose"])
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("would change"), "{stdout}");
    assert!(stdout.contains("/Cargo.toml"), "{stdout}");
    assert!(
        stderr.contains("note: ")
            && stderr.contains("exported through Postman's API")
            && stderr.contains("`collection`"),
        "--verbose says the collection was unwrapped: {stderr}"
    );
    let quiet = cli()
        .arg("generate")
        .arg(revisions.join("2021-11-01-f602af93.postman_collection.json"))
        .arg("--out")
        .arg(&out)
        .arg("--dry-run")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("note: "), "only --verbose prints notes");

    // An error inside the wrapped collection: the path and line in the whole file.
    let input = out.with_extension("json");
    std::fs::write(&input, "{\n  \"collection\": {\"info\": {\"name\": \"x\"},\n    \"item\": [{\"name\": \"a\", \"request\": {\"method\": 5}}]}\n}")
        .unwrap();
    let bad = cli().arg("generate").arg(&input).arg("--out").arg(&out).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains(&format!("{}:3:", input.display())), "line in the whole file: {stderr}");
    assert!(stderr.contains("collection.item[0].request"), "JSON path in the whole file: {stderr}");
    // Only an object whose single member is `collection` is unwrapped.
    std::fs::write(&input, "{\"collection\": {\"info\": {\"name\": \"x\"}, \"item\": []}, \"other\": 1}").unwrap();
    let two = cli().arg("generate").arg(&input).arg("--out").arg(&out).output().unwrap();
    assert_eq!(two.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&two.stderr).contains("missing field `info`"),
        "{}",
        String::from_utf8_lossy(&two.stderr)
    );
    assert!(!out.exists(), "nothing is written");
    let _ = std::fs::remove_file(&input);
}
