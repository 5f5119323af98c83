//! `cargo xtask semver [--quick]`: the change report's version verdict against
//! cargo-semver-checks, on every synthetic revision of `tests/collections/revisions/` (each from
//! `base`) and every consecutive pair of the real series in `../shared/revisions/` (`--quick`:
//! five synthetic kinds, for CI). For each pair the old crate is generated, then the new one over
//! a copy of it (so that the report compares with the old crate's record), and
//! `cargo semver-checks check-release` compares the two crates' public APIs.
//!
//! Our verdict must never be weaker than cargo-semver-checks': never additions only where it
//! finds a breaking change. It may be stricter: a path or method that changed under the same
//! Rust signature is breaking for callers (the same call makes another request), though it
//! compiles.

use std::path::{Path, PathBuf};
use std::process::Command;

use postman_codegen::changes::Bump;
use postman_codegen::{Builder, CrateOptions};

/// One old → new pair.
pub struct Pair {
    pub label: String,
    pub old: PathBuf,
    pub new: PathBuf,
}

/// The synthetic kinds `--quick` checks: one addition, one additive member, one enum value, one
/// docs-only change, and a shape another folder starts to use (no type moves or is renamed).
const QUICK: &[&str] =
    &["operation-added", "input-added-optional", "enum-value-added", "description-only", "shape-shared-elsewhere"];

/// The pairs to compare.
pub fn pairs(quick: bool) -> Result<Vec<Pair>, String> {
    let synthetic = crate::root().join("tests/collections/revisions");
    let file = |kind: &str| synthetic.join(format!("{kind}.postman_collection.json"));
    let mut kinds: Vec<String> = read_dir(&synthetic)?
        .iter()
        .filter_map(|path| path.file_name()?.to_str()?.strip_suffix(".postman_collection.json").map(str::to_string))
        .filter(|kind| kind != "base")
        .collect();
    if quick {
        kinds.retain(|kind| QUICK.contains(&kind.as_str()));
    }
    let mut pairs: Vec<Pair> =
        kinds.iter().map(|kind| Pair { label: kind.clone(), old: file("base"), new: file(kind) }).collect();
    if quick {
        return Ok(pairs);
    }
    let shared = crate::root().join("../shared/revisions");
    for series in read_dir(&shared)?.into_iter().filter(|path| path.is_dir()) {
        let revisions: Vec<PathBuf> =
            read_dir(&series)?.into_iter().filter(|path| path.extension().is_some_and(|e| e == "json")).collect();
        let name = series.file_name().unwrap_or_default().to_string_lossy().to_string();
        for pair in revisions.windows(2) {
            let stem = |path: &Path| {
                let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                name.trim_end_matches(".postman_collection.json").to_string()
            };
            pairs.push(Pair {
                label: format!("{name} {} → {}", stem(&pair[0]), stem(&pair[1])),
                old: pair[0].clone(),
                new: pair[1].clone(),
            });
        }
    }
    Ok(pairs)
}

/// A directory's entries, sorted.
fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect();
    paths.sort();
    Ok(paths)
}

/// One compared pair.
pub struct Outcome {
    pub label: String,
    pub ours: Bump,
    pub theirs: Bump,
    pub counts: [usize; 4],
}

impl Outcome {
    /// Our verdict is at least theirs.
    pub fn agrees(&self) -> bool {
        rank(self.ours) >= rank(self.theirs)
    }
}

/// Docs-only changes and none are one level: cargo-semver-checks sees neither.
fn rank(bump: Bump) -> u8 {
    match bump {
        Bump::None | Bump::Patch => 0,
        Bump::Minor => 1,
        Bump::Major => 2,
    }
}

fn name(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

/// Generates both crates of `pair` under `work` and compares them both ways.
pub fn compare(pair: &Pair, work: &Path) -> Result<Outcome, String> {
    let slug: String = pair.label.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let (old, new) = (work.join(&slug).join("old"), work.join(&slug).join("new"));
    let _ = std::fs::remove_dir_all(work.join(&slug));
    let generate = |collection: &Path, dir: &Path| {
        Builder::new(collection)
            .options(CrateOptions::default())
            .write(dir)
            .map_err(|error| format!("{}: {error}", collection.display()))
    };
    generate(&pair.old, &old)?;
    copy_dir(&old, &new)?;
    let written = generate(&pair.new, &new)?;
    let changes = &written.changes;
    let counts = [changes.breaking.len(), changes.added.len(), changes.changed.len(), changes.docs.len()];
    let output = Command::new(env!("CARGO"))
        .args(["semver-checks", "check-release", "--release-type", "patch", "--manifest-path"])
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&old)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|error| {
            format!("cannot run cargo semver-checks: {error} (install it: cargo install cargo-semver-checks --locked)")
        })?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let theirs = if output.status.success() {
        Bump::Patch
    } else if text.contains("requires new major version") {
        Bump::Major
    } else if text.contains("requires new minor version") {
        Bump::Minor
    } else {
        return Err(format!("{}: cargo semver-checks failed:\n{text}", pair.label));
    };
    Ok(Outcome { label: pair.label.clone(), ours: changes.bump(), theirs, counts })
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in read_dir(from)? {
        let target = to.join(entry.file_name().unwrap_or_default());
        if entry.is_dir() {
            copy_dir(&entry, &target)?;
        } else {
            std::fs::copy(&entry, &target).map_err(|e| format!("{}: {e}", entry.display()))?;
        }
    }
    Ok(())
}

/// Compares every pair and prints the table; an error when a verdict is weaker than
/// cargo-semver-checks'.
pub fn run(quick: bool) -> Result<(), String> {
    let work = std::env::temp_dir().join("postman-codegen-semver");
    let pairs = pairs(quick)?;
    println!("| pair | ours | cargo-semver-checks | agree | breaking | added | changed | docs only |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut weaker = Vec::new();
    for pair in &pairs {
        let outcome = compare(pair, &work)?;
        let [breaking, added, changed, docs] = outcome.counts;
        println!(
            "| {} | {} | {} | {} | {breaking} | {added} | {changed} | {docs} |",
            outcome.label,
            name(outcome.ours),
            name(outcome.theirs),
            if outcome.agrees() { "yes" } else { "NO" }
        );
        if !outcome.agrees() {
            weaker.push(outcome.label);
        }
    }
    if weaker.is_empty() {
        println!("{} pairs: our verdict is never weaker than cargo-semver-checks'", pairs.len());
        Ok(())
    } else {
        Err(format!("our verdict is weaker than cargo-semver-checks' for: {}", weaker.join(", ")))
    }
}
