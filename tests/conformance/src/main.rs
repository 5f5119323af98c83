//! `conformance <collection.json>…`: newman and the generated client against loopback
//! recorders, compared item by item. Exits non-zero on any mismatch not on the allow-list.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let collections: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if collections.is_empty() {
        eprintln!("usage: cargo xtask conformance <collection.json>...");
        return ExitCode::from(2);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let paths = conformance::Paths { root: root.canonicalize().unwrap_or(root) };
    match run(&paths, &collections) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(paths: &conformance::Paths, collections: &[PathBuf]) -> anyhow::Result<bool> {
    let allowed = conformance::allow_list(paths)?;
    let (prepared, unprepared) = conformance::prepare(paths, collections)?;
    for (collection, error) in &unprepared {
        eprintln!("error: {}: {error:#}", collection.display());
    }
    let (mut passed, mut failed, mut hooked) = (0, 0, 0);
    let mut broken = unprepared.len();
    for prepared in &prepared {
        match conformance::run(paths, prepared, &allowed) {
            Ok(report) => {
                print!("{}", report.render());
                passed += report.passed();
                hooked += report.hooked();
                failed += report.failed();
            }
            Err(error) => {
                eprintln!("error: {}: {error:#}", prepared.collection.display());
                broken += 1;
            }
        }
    }
    if collections.len() > 1 {
        println!(
            "{passed} passed, {failed} failed, {hooked} left to the signing hook; {broken} collections could not be run"
        );
    }
    Ok(failed == 0 && broken == 0)
}
