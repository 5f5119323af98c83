//! `cargo xtask bench`: end-to-end generation of each shared collection with a release build,
//! timed over several runs, with peak memory, output size, and postman2openapi beside it when
//! it is on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

/// Runs per collection and program: enough for a median that one noisy run cannot move.
const RUNS: usize = 15;

/// `xtask measure [--stdout FILE] <program> <args>…`, run as a fresh process: runs the command
/// and prints its wall time (ns) and peak resident set (KiB). Its standard output goes to FILE
/// (created for the run, and timed with it) or is discarded. A child's peak RSS as `wait4`
/// reports it includes the memory of the process it was forked from, so the bench does not fork
/// the command itself: this small helper does, and its own few MiB are the floor of what it
/// reports.
pub fn measure_child(args: &[&str]) -> Result<(), String> {
    let (stdout, program, args) = match args {
        ["--stdout", file, program, args @ ..] => (Some(Path::new(file)), program, args),
        [program, args @ ..] => (None, program, args),
        [] => return Err("measure: no program given".to_string()),
    };
    let (elapsed, peak) = wait(Command::new(program).args(args), stdout).map_err(|e| e.to_string())?;
    println!("{} {}", elapsed.as_nanos(), peak / 1024);
    Ok(())
}

fn wait(command: &mut Command, stdout: Option<&Path>) -> std::io::Result<(Duration, u64)> {
    let started = Instant::now();
    // Creating the output file is part of the run, as writing its files is part of ours.
    let stdout = match stdout {
        Some(file) => std::fs::File::create(file)?.into(),
        None => std::process::Stdio::null(),
    };
    let status = command.stdout(stdout).stderr(std::process::Stdio::null()).status()?;
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(std::io::Error::other(format!("{command:?} failed")));
    }
    // This helper process has run only that command: the peak RSS of its waited-for children is
    // the command's (cargo's, or the largest rustc it waited for). `max_rss` is in KiB on Linux.
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).map_err(std::io::Error::from)?;
    Ok((elapsed, usage.max_rss() as u64 * 1024))
}

/// One measured run of a command, through the `measure` helper: wall time and peak RSS.
pub(crate) fn measure(
    program: &Path,
    args: &[&std::ffi::OsStr],
    stdout: Option<&Path>,
) -> Result<(Duration, u64), String> {
    let helper = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = Command::new(helper);
    command.arg("measure");
    if let Some(file) = stdout {
        command.arg("--stdout").arg(file);
    }
    let output = command.arg(program).args(args).output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace().map(str::parse::<u64>);
    match (output.status.success(), fields.next(), fields.next()) {
        (true, Some(Ok(nanos)), Some(Ok(kib))) => Ok((Duration::from_nanos(nanos), kib * 1024)),
        _ => Err(format!("{} failed: {}", program.display(), String::from_utf8_lossy(&output.stderr))),
    }
}

/// Removes the previous output and flushes the file system, so a run neither finds files to
/// keep nor pays for the last run's deletions.
fn clear(out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    nix::unistd::sync();
}

pub(crate) fn median(mut runs: Vec<(Duration, u64)>) -> (Duration, u64) {
    runs.sort();
    let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
    (runs[runs.len() / 2].0, peak)
}

pub(crate) fn output_size(dir: &Path) -> (usize, usize) {
    let (mut lines, mut files) = (0, 0);
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                files += 1;
                lines += text.lines().count();
            }
        }
    }
    (lines, files)
}

/// `name` with `suffix` appended.
fn cat(name: Option<&std::ffi::OsStr>, suffix: &str) -> std::ffi::OsString {
    let mut name = name.unwrap_or_default().to_os_string();
    name.push(suffix);
    name
}

pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|dir| Path::new(dir).join(name)).find(|p| p.is_file())
}

/// Builds the generator with `cargo build --release`, as users install it, and returns its path.
pub(crate) fn release_binary() -> Result<PathBuf, String> {
    let root = crate::root();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--release", "-p", "postman-codegen"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the release build failed".to_string());
    }
    Ok(root.join("target/release/postman-codegen"))
}

/// `out`: where each run writes its crate (removed before every run); `target/bench-output` by
/// default.
pub fn run(out: Option<&Path>) -> Result<(), String> {
    let root = crate::root();
    let generator = release_binary()?;
    let peer = on_path("postman2openapi");
    let mut collections: Vec<PathBuf> = std::fs::read_dir(root.join("../shared/collections"))
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    collections.sort();
    let out = out.map_or_else(|| root.join("target/bench-output"), Path::to_path_buf);
    // postman2openapi prints its document: once to a file beside ours (input read to file
    // written, as for ours), once to /dev/null (the conversion alone).
    let peer_out = out.with_file_name(cat(out.file_name(), "-postman2openapi"));
    let peer_file = peer_out.join("openapi.yaml");
    println!(
        "Each run writes a new crate to {}; postman2openapi writes its document to {} and, in a \
         separate run, to /dev/null. Each measured run follows the removal of the last output and a \
         sync, and the order of the three rotates from run to run; peak RSS is the largest of the runs.",
        out.display(),
        peer_file.display()
    );
    println!();
    println!(
        "collection | requests | input MB | wall ms (median of {RUNS}) | peak RSS MB | output lines | output files | postman2openapi ms, to a file | ours/theirs | postman2openapi ms, to /dev/null | ours/theirs"
    );
    println!("---|---|---|---|---|---|---|---|---|---|---");
    for collection in collections {
        let name = collection.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let json = std::fs::read_to_string(&collection).map_err(|e| e.to_string())?;
        let requests = postman_codegen::lower_json(&json, &name, &postman_codegen::CrateOptions::default())
            .map_err(|e| e.to_string())?
            .api
            .operations
            .len();
        let (mut ours, mut to_file, mut to_null) = (Vec::new(), Vec::new(), Vec::new());
        let args = ["generate".as_ref(), collection.as_os_str(), "--out".as_ref(), out.as_os_str()];
        for run in 0..RUNS {
            // Every measured run starts the same way, after a removal and a sync, and the order
            // of the three rotates, so that none always runs right after another with its
            // caches warm.
            for turn in 0..3 {
                match ((run + turn) % 3, &peer) {
                    (0, _) => {
                        clear(&out);
                        ours.push(measure(&generator, &args, None)?);
                    }
                    (1, Some(peer)) => {
                        clear(&peer_out);
                        std::fs::create_dir_all(&peer_out).map_err(|e| e.to_string())?;
                        to_file.push(measure(peer, &[collection.as_os_str()], Some(&peer_file))?);
                    }
                    (2, Some(peer)) => {
                        clear(&peer_out);
                        to_null.push(measure(peer, &[collection.as_os_str()], None)?);
                    }
                    _ => {}
                }
            }
        }
        let (wall, peak) = median(ours);
        let (lines, files) = output_size(&out);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let peer_columns = |runs: Vec<(Duration, u64)>| {
            if runs.is_empty() {
                return "- | -".to_string();
            }
            let theirs = ms(median(runs).0);
            format!("{theirs:.1} | {:.2}", ms(wall) / theirs)
        };
        println!(
            "{name} | {requests} | {:.2} | {:.1} | {:.1} | {lines} | {files} | {} | {}",
            json.len() as f64 / 1e6,
            ms(wall),
            peak as f64 / 1e6,
            peer_columns(to_file),
            peer_columns(to_null),
        );
    }
    Ok(())
}
