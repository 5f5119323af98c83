//! `cargo xtask features`: every shared collection's crate compiles with each of its folder
//! features alone, and with none, without a warning, and so does its mock server (the `mock`
//! feature) with no folder and with the first: generated into one workspace
//! (`target/features`), checked with `cargo check --no-default-features --features F`.

use std::path::Path;
use std::process::Command;

fn check(workspace: &Path, member: &str, features: &str) -> Result<(), String> {
    let output = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--manifest-path"])
        .arg(workspace.join("Cargo.toml"))
        .args(["-p", member, "--no-default-features", "--features", features])
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{member} with features [{features}]:\n{}", String::from_utf8_lossy(&output.stderr)))
    }
}

pub fn run() -> Result<(), String> {
    let root = crate::root();
    let workspace = root.join("target/features");
    let mut collections: Vec<_> = std::fs::read_dir(root.join("../shared/collections"))
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    collections.sort();
    let mut members = Vec::new();
    for collection in &collections {
        let stem = collection.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let name = stem.trim_end_matches(".postman_collection.json").to_string();
        let options = postman_codegen::CrateOptions {
            crate_name: Some(name.clone()),
            ..postman_codegen::CrateOptions::default()
        };
        let written =
            postman_codegen::write_file(collection, &options, &workspace.join(&name)).map_err(|e| e.to_string())?;
        members.push((name, postman_codegen::naming::paths::folder_features(&written.api)));
    }
    let list: Vec<String> = members.iter().map(|(m, _)| format!("{m:?}")).collect();
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", list.join(", "));
    std::fs::write(workspace.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let mut checked = 0;
    for (member, features) in &members {
        // No folder at all, then each folder alone; the mock server with none and with one.
        let mock = std::iter::once("mock".to_string()).chain(features.first().map(|first| format!("mock,{first}")));
        for feature in std::iter::once(String::new()).chain(features.iter().cloned()).chain(mock) {
            check(&workspace, member, &feature)?;
            checked += 1;
        }
        println!("{member}: {} folder features, each alone and none, and the mock server, check clean", features.len());
    }
    println!("{checked} feature sets checked");
    Ok(())
}
