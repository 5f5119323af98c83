//! `cargo xtask bench`: end-to-end generation of each shared collection with a release build,
//! timed over several runs, with peak memory, output size, and postman2openapi beside it when
//! it is on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs per collection and program: enough for a median that one noisy run cannot move.
const RUNS: usize = 15;

/// `xtask measure <program> <args>…`, run as a fresh process: runs the command and prints its
/// wall time (ns) and peak resident set (KiB). A child's peak RSS as `wait4` reports it includes
/// the memory of the process it was forked from, so the bench does not fork the command itself:
/// this small helper does, and its own few MiB are the floor of what it reports.
pub fn measure_child(program: &str, args: &[&str]) -> Result<(), String> {
    let (elapsed, peak) = wait(Command::new(program).args(args)).map_err(|e| e.to_string())?;
    println!("{} {}", elapsed.as_nanos(), peak / 1024);
    Ok(())
}

fn wait(command: &mut Command) -> std::io::Result<(Duration, u64)> {
    let started = Instant::now();
    let child = command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn()?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills in for the child we spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: waits for our own child; `status` and `usage` are valid for writes.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    if waited != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(std::io::Error::other(format!("{command:?} failed")));
    }
    // ru_maxrss is in KiB on Linux.
    Ok((elapsed, usage.ru_maxrss as u64 * 1024))
}

/// One measured run of a command, through the `measure` helper: wall time and peak RSS.
fn measure(program: &Path, args: &[&std::ffi::OsStr]) -> Result<(Duration, u64), String> {
    let helper = std::env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new(helper).arg("measure").arg(program).args(args).output().map_err(|e| e.to_string())?;
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
    // SAFETY: `sync` takes no arguments and only schedules writeback.
    unsafe { libc::sync() };
}

fn median(mut runs: Vec<(Duration, u64)>) -> (Duration, u64) {
    runs.sort();
    let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
    (runs[runs.len() / 2].0, peak)
}

fn output_size(dir: &Path) -> (usize, usize) {
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

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|dir| Path::new(dir).join(name)).find(|p| p.is_file())
}

/// `out`: where each run writes its crate (removed before every run); `target/bench-output` by
/// default.
pub fn run(out: Option<&Path>) -> Result<(), String> {
    let root = crate::root();
    let generator = crate::dist::build()?;
    let peer = on_path("postman2openapi");
    let mut collections: Vec<PathBuf> = std::fs::read_dir(root.join("../shared/collections"))
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    collections.sort();
    let out = out.map_or_else(|| root.join("target/bench-output"), Path::to_path_buf);
    println!(
        "Each run writes a new crate to {} (removed, and the file system synced, before every run).",
        out.display()
    );
    println!("Runs of ours and of postman2openapi alternate; peak RSS is the largest of the runs.");
    println!();
    println!(
        "collection | requests | input MB | wall ms (median of {RUNS}) | peak RSS MB | output lines | output files | postman2openapi ms | ours/theirs"
    );
    println!("---|---|---|---|---|---|---|---|---");
    for collection in collections {
        let name = collection.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let json = std::fs::read_to_string(&collection).map_err(|e| e.to_string())?;
        let requests = postman_codegen::lower_json(&json, &name).map_err(|e| e.to_string())?.api.operations.len();
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            clear(&out);
            let args = ["generate".as_ref(), collection.as_os_str(), "--out".as_ref(), out.as_os_str()];
            ours.push(measure(&generator, &args)?);
            if let Some(peer) = &peer {
                theirs.push(measure(peer, &[collection.as_os_str()])?);
            }
        }
        let (wall, peak) = median(ours);
        let (lines, files) = output_size(&out);
        let theirs = (!theirs.is_empty()).then(|| median(theirs).0);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name} | {requests} | {:.2} | {:.1} | {:.1} | {lines} | {files} | {} | {}",
            json.len() as f64 / 1e6,
            ms(wall),
            peak as f64 / 1e6,
            theirs.map_or("-".to_string(), |t| format!("{:.1}", ms(t))),
            theirs.map_or("-".to_string(), |t| format!("{:.2}", ms(wall) / ms(t))),
        );
    }
    Ok(())
}
