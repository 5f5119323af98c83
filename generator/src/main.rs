//! `postman-codegen generate <collection.json> --out <dir> [--crate-name NAME] [--conformance-driver]`
//!
//! Exit status: 0 when the crate is written, 1 when it cannot be written, 2 for bad input or a
//! bad command line.

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use postman_codegen::{CrateOptions, Error, write_file};

/// Generation makes many small allocations: with mimalloc the CLI generates zoom_api 1.37× as
/// fast as with the system allocator (measured end to end, see the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates typed Rust API client crates from Postman collections
#[derive(Parser)]
#[command(name = "postman-codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a complete client crate (Cargo.toml and src/) for a collection
    Generate {
        /// The Postman collection (v2.0 or v2.1 JSON)
        collection: PathBuf,
        /// The crate directory to write
        #[arg(long)]
        out: PathBuf,
        /// The package name; by default derived from the collection's name
        #[arg(long)]
        crate_name: Option<String>,
        /// Also write `examples/conformance.rs`, which calls every operation once with the
        /// collection's example values
        #[arg(long)]
        conformance_driver: bool,
    },
}

fn main() -> ExitCode {
    let Command::Generate { collection, out, crate_name, conformance_driver } = Cli::parse().command;
    let options = CrateOptions { crate_name, conformance_driver };
    let written = match write_file(&collection, &options, &out) {
        Ok(written) => written,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(if matches!(error, Error::Write { .. }) { 1 } else { 2 });
        }
    };
    let report = &written.report;
    println!(
        "{}: {} operations, {} types; {} files written, {} unchanged, {} removed",
        out.display(),
        written.operations(),
        written.types(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    if !written.warnings.is_empty() {
        eprintln!("{} warnings:", written.warnings.len());
        for warning in &written.warnings {
            eprintln!("  warning: {}: {}", warning.item, warning.message);
        }
    }
    ExitCode::SUCCESS
}
