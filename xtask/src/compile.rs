//! `cargo xtask bench --compile`: how long the generated crates take to compile, as a user
//! pays it. zoom_api, stripe_api and zoom_api with its folders repeated four times (and
//! openapi-generator's `rust` client of zoom_api, when `postman2openapi` and
//! `openapi-generator-cli` are on PATH) are generated into one workspace whose dependencies are
//! built first; then each crate's `src/lib.rs` is touched before every measured `cargo check`
//! and debug `cargo build` (non-incremental, as a clean build or CI compiles it), median of
//! three, with the peak RSS of the compiler.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::bench::{measure, median, on_path, output_size, release_binary};

/// Measured runs per crate and command.
const RUNS: usize = 3;

/// One crate of the workspace: its directory name and how it was made.
struct Member {
    name: String,
    note: String,
}

/// zoom_api with its top-level folders repeated `times` times, each copy a folder of its own.
fn replicated(zoom: &str, times: usize) -> Result<String, String> {
    let mut collection: serde_json::Value = serde_json::from_str(zoom).map_err(|e| e.to_string())?;
    let items = collection["item"].as_array().cloned().unwrap_or_default();
    let copies: Vec<serde_json::Value> =
        (0..times).map(|copy| serde_json::json!({ "name": format!("copy {copy}"), "item": items.clone() })).collect();
    collection["item"] = serde_json::Value::Array(copies);
    Ok(collection.to_string())
}

fn run_ok(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed:\n{}", String::from_utf8_lossy(&output.stderr)))
    }
}

/// Generates our crates (and openapi-generator's, when it can) into `workspace`.
fn members(workspace: &Path) -> Result<Vec<Member>, String> {
    let root = crate::root();
    let generator = release_binary()?;
    let shared = root.join("../shared/collections");
    let zoom = shared.join("zoom_api.postman_collection.json");
    let zoom_x4 = workspace.join("zoom_api_x4.postman_collection.json");
    let text = std::fs::read_to_string(&zoom).map_err(|e| format!("{}: {e}", zoom.display()))?;
    std::fs::write(&zoom_x4, replicated(&text, 4)?).map_err(|e| e.to_string())?;
    let mut members = Vec::new();
    for (name, collection, note) in [
        ("zoom_api", zoom.clone(), "ours"),
        ("stripe_api", shared.join("stripe_api.postman_collection.json"), "ours"),
        ("zoom_api_x4", zoom_x4, "ours, zoom_api's folders 4×"),
    ] {
        let mut command = Command::new(&generator);
        command.arg("generate").arg(&collection).arg("--out").arg(workspace.join(name)).args(["--crate-name", name]);
        run_ok(&mut command)?;
        members.push(Member { name: name.to_string(), note: note.to_string() });
    }
    match (on_path("postman2openapi"), on_path("openapi-generator-cli")) {
        (Some(convert), Some(openapi_generator)) => {
            let document = workspace.join("zoom_api.openapi.json");
            let output = Command::new(convert).arg(&zoom).args(["-f", "json"]).output().map_err(|e| e.to_string())?;
            std::fs::write(&document, &output.stdout).map_err(|e| e.to_string())?;
            let mut command = Command::new(openapi_generator);
            command
                .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                .arg(&document)
                .arg("-o")
                .arg(workspace.join("openapi_zoom_api"))
                .args(["--additional-properties", "packageName=openapi_zoom_api"]);
            run_ok(&mut command)?;
            members.push(Member {
                name: "openapi_zoom_api".to_string(),
                note: "openapi-generator `rust`, via postman2openapi".to_string(),
            });
        }
        _ => println!(
            "(postman2openapi or openapi-generator-cli is not on PATH: openapi-generator's crate is left out)\n"
        ),
    }
    Ok(members)
}

/// One measured `cargo <command> -p <member>` after touching its `src/lib.rs`.
fn compile(workspace: &Path, command: &str, member: &str, features: &[&str]) -> Result<(Duration, u64), String> {
    let lib = workspace.join(member).join("src/lib.rs");
    let file = std::fs::File::options().append(true).open(&lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    file.set_modified(std::time::SystemTime::now()).map_err(|e| e.to_string())?;
    let cargo = PathBuf::from(env!("CARGO"));
    let manifest = workspace.join("Cargo.toml");
    let mut args: Vec<&std::ffi::OsStr> = vec![
        command.as_ref(),
        "--quiet".as_ref(),
        "--manifest-path".as_ref(),
        manifest.as_os_str(),
        "-p".as_ref(),
        member.as_ref(),
    ];
    let joined = features.join(",");
    if !features.is_empty() {
        args.extend::<[&std::ffi::OsStr; 3]>([
            "--no-default-features".as_ref(),
            "--features".as_ref(),
            joined.as_ref(),
        ]);
    }
    measure(&cargo, &args, None)
}

/// `out`: the workspace (`target/bench-compile` by default), made anew.
pub fn run(out: Option<&Path>) -> Result<(), String> {
    let workspace = out.map_or_else(|| crate::root().join("target/bench-compile"), Path::to_path_buf);
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(&workspace).map_err(|e| e.to_string())?;
    let members = members(&workspace)?;
    let list: Vec<String> = members.iter().map(|m| format!("{:?}", m.name)).collect();
    // Without incremental compilation, as a clean build or CI compiles a crate: a touched but
    // unchanged file would otherwise reuse almost everything from the last run.
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[profile.dev]\nincremental = false\n",
        list.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // Every dependency built once, for check and for build, before anything is measured.
    let cargo = env!("CARGO");
    let manifest = workspace.join("Cargo.toml");
    for command in ["check", "build"] {
        let mut warm = Command::new(cargo);
        warm.args([command, "--quiet", "--workspace", "--manifest-path"]).arg(&manifest);
        run_ok(&mut warm)?;
    }
    println!(
        "Each crate in {} (dependencies prebuilt); each run touches its src/lib.rs first. Median of \
         {RUNS}; peak RSS is the largest of the runs (cargo and the rustc it waits for).",
        workspace.display()
    );
    println!();
    println!("crate | made by | lines | cargo check s | check peak MB | cargo build s | build peak MB");
    println!("---|---|---|---|---|---|---");
    // Each crate whole, and zoom_api with only its `users` folder (a cargo feature).
    let mut rows: Vec<(&str, String, &[&str])> =
        members.iter().map(|m| (m.name.as_str(), m.note.clone(), &[][..])).collect();
    rows.insert(1, ("zoom_api", "ours, `--no-default-features --features users`".to_string(), &["users"][..]));
    for (member, note, features) in rows {
        let (lines, _) = output_size(&workspace.join(member).join("src"));
        let mut row = Vec::new();
        for command in ["check", "build"] {
            let runs =
                (0..RUNS).map(|_| compile(&workspace, command, member, features)).collect::<Result<Vec<_>, _>>()?;
            let (wall, peak) = median(runs);
            row.push(format!("{:.2} | {:.0}", wall.as_secs_f64(), peak as f64 / 1e6));
        }
        println!("{member} | {note} | {lines} | {}", row.join(" | "));
    }
    Ok(())
}

/// `cargo xtask bench --conformance`: wire conformance of a 2,170-item collection (zoom_api with
/// its folders repeated seven times) as `cargo xtask conformance` runs it: generating its client,
/// compiling the client and its driver, running newman and the driver, comparing. One run,
/// after a run on the project's small collection has built the runner and the dependencies.
pub fn conformance_scale() -> Result<(), String> {
    let root = crate::root();
    let work = root.join("target/bench-conformance");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let zoom = root.join("../shared/collections/zoom_api.postman_collection.json");
    let text = std::fs::read_to_string(&zoom).map_err(|e| format!("{}: {e}", zoom.display()))?;
    let collection = work.join("zoom_api_x7.postman_collection.json");
    std::fs::write(&collection, replicated(&text, 7)?).map_err(|e| e.to_string())?;
    let cargo = PathBuf::from(env!("CARGO"));
    let run = |collection: &Path| {
        let args: [&std::ffi::OsStr; 6] = [
            "run".as_ref(),
            "--quiet".as_ref(),
            "-p".as_ref(),
            "conformance".as_ref(),
            "--".as_ref(),
            collection.as_ref(),
        ];
        measure(&cargo, &args, Some(&work.join("report.txt")))
    };
    run(&root.join(crate::COLLECTION))?;
    let (wall, peak) = run(&collection)?;
    let report = std::fs::read_to_string(work.join("report.txt")).unwrap_or_default();
    let verdict = report.lines().last().unwrap_or_default();
    println!("collection | items | conformance s | peak MB | result");
    println!("---|---|---|---|---");
    println!("zoom_api ×7 | 2170 | {:.1} | {:.0} | {verdict}", wall.as_secs_f64(), peak as f64 / 1e6);
    Ok(())
}
