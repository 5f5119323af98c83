//! `cargo xtask regen [--check]`: regenerates `generated-client/` from `collections/`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regen"] => regen(false),
        ["regen", "--check"] => regen(true),
        _ => {
            eprintln!("usage: cargo xtask regen [--check]");
            ExitCode::from(2)
        }
    }
}

fn regen(check: bool) -> ExitCode {
    let (generated, report) = match xtask::regen(check) {
        Ok(result) => result,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if check {
        if report.is_clean() {
            println!("{}: up to date ({} files)", xtask::CLIENT_DIR, report.unchanged.len());
            return ExitCode::SUCCESS;
        }
        eprintln!("{} is stale:", xtask::CLIENT_DIR);
        for file in &report.written {
            eprintln!("  changed: {}/{file}", xtask::CLIENT_DIR);
        }
        for file in &report.removed {
            eprintln!("  obsolete: {}/{file}", xtask::CLIENT_DIR);
        }
        eprintln!("run `cargo xtask regen` and commit");
        return ExitCode::FAILURE;
    }
    println!(
        "{}: {} operations, {} types; {} files written, {} unchanged, {} removed",
        xtask::CLIENT_DIR,
        generated.operations(),
        generated.types(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    for file in &report.written {
        println!("  wrote {}/{file}", xtask::CLIENT_DIR);
    }
    if !generated.warnings.is_empty() {
        println!("{} warnings:", generated.warnings.len());
        for warning in &generated.warnings {
            println!("  warning: {warning}");
        }
    }
    ExitCode::SUCCESS
}
