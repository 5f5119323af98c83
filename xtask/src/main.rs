//! `cargo xtask regen [--check]`: regenerates the committed clients from their collections.
//! `cargo xtask conformance <collection.json>…`: compares the generated client with newman.
//! `cargo xtask bench [--out DIR]`: times generation of the shared collections (release build).
//! `cargo xtask bench --compile [--out DIR]`: times `cargo check` and `cargo build` of generated crates.
//! `cargo xtask bench --conformance`: times conformance of a 2,170-item collection.
//! `cargo xtask features`: checks the shared collections' crates with each folder feature alone.
//! `cargo xtask house`: the generator's modules and imports; fails on a circle, a backward stage or a long function.
//! `cargo xtask semver [--quick]`: the change report's verdicts against cargo-semver-checks.

#![forbid(unsafe_code)]

use std::process::ExitCode;

/// Prints a line; a closed pipe (`| head`) is not an error worth a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regen"] => regen(false),
        ["regen", "--check"] => regen(true),
        ["conformance", collections @ ..] if !collections.is_empty() => conformance(collections),
        ["measure", args @ ..] => match xtask::bench::measure_child(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        ["semver", rest @ ..] if matches!(rest, [] | ["--quick"]) => match xtask::semver::run(!rest.is_empty()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        ["house"] => match xtask::house::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        ["features"] => match xtask::features::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        ["bench", "--conformance"] => match xtask::compile::conformance_scale() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        ["bench", "--compile", rest @ ..] if matches!(rest, [] | ["--out", _]) => {
            match xtask::compile::run(rest.get(1).map(std::path::Path::new)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        ["bench", rest @ ..] if matches!(rest, [] | ["--out", _]) => {
            match xtask::bench::run(rest.get(1).map(std::path::Path::new)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!(
                "usage: cargo xtask regen [--check] | cargo xtask conformance <collection.json>... | cargo xtask bench [--compile] [--out DIR] | cargo xtask bench --conformance | cargo xtask features | cargo xtask house | cargo xtask semver [--quick]"
            );
            ExitCode::from(2)
        }
    }
}

fn regen(check: bool) -> ExitCode {
    let results = match xtask::regen(check) {
        Ok(results) => results,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let mut stale = false;
    for (target, generated, report) in &results {
        let dir = target.dir;
        say!("{dir}: {}", generated.changes.report(&generated.api.version).trim_end().replace('\n', "\n  "));
        if check {
            if report.is_clean() {
                say!("{dir}: up to date ({} files)", report.unchanged.len());
                continue;
            }
            stale = true;
            eprintln!("{dir} is stale:");
            report.written.iter().for_each(|file| eprintln!("  changed: {dir}/{file}"));
            report.removed.iter().for_each(|file| eprintln!("  obsolete: {dir}/{file}"));
            continue;
        }
        say!(
            "{dir}: {} operations, {} types; {} files written, {} unchanged, {} removed",
            generated.operations(),
            generated.types(),
            report.written.len(),
            report.unchanged.len(),
            report.removed.len()
        );
        report.written.iter().for_each(|file| say!("  wrote {dir}/{file}"));
        if !generated.warnings.is_empty() {
            say!("  {} warnings:", generated.warnings.len());
            generated.warnings.iter().for_each(|warning| say!("    warning: {warning}"));
        }
    }
    if stale {
        eprintln!("run `cargo xtask regen` and commit");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Runs the conformance runner (its own crate, with the recorder and newman driver).
fn conformance(collections: &[&str]) -> ExitCode {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "-p", "conformance", "--"])
        .args(collections)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status.code().and_then(|c| u8::try_from(c).ok()).unwrap_or(1)),
        Err(error) => {
            eprintln!("error: cannot run the conformance runner: {error}");
            ExitCode::from(2)
        }
    }
}
