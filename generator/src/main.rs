//! `postman-codegen generate <collection.json> --out <dir> [--crate-name NAME] [--conformance-driver]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use postman_codegen::{CrateOptions, generate_file, output};

#[derive(Parser)]
#[command(version, about = "Generates typed Rust API client crates from Postman collections")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a complete client crate (Cargo.toml and src/) for a collection.
    Generate {
        /// The Postman collection (v2.0 or v2.1 JSON).
        collection: PathBuf,
        /// The crate directory to write.
        #[arg(long)]
        out: PathBuf,
        /// The package name; by default derived from the collection's name.
        #[arg(long)]
        crate_name: Option<String>,
        /// Also write `examples/conformance.rs`, which calls every operation once with the
        /// collection's example values.
        #[arg(long)]
        conformance_driver: bool,
    },
}

fn main() -> ExitCode {
    let Cli { command: Command::Generate { collection, out, crate_name, conformance_driver } } = Cli::parse();
    // The whole crate is generated before anything is written.
    let generated = match generate_file(&collection, &CrateOptions { crate_name, conformance_driver }) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let report = match output::sync(&out, &generated.files, false) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    println!(
        "{}: {} operations, {} types; {} files written, {} unchanged, {} removed",
        out.display(),
        generated.operations(),
        generated.types(),
        report.written.len(),
        report.unchanged.len(),
        report.removed.len()
    );
    print_warnings(&generated.warnings);
    // The process ends here: its memory is released at once, not block by block.
    std::mem::forget(generated);
    ExitCode::SUCCESS
}

fn print_warnings(warnings: &[postman_codegen::Warning]) {
    if warnings.is_empty() {
        return;
    }
    // One write: stderr is unbuffered, and large collections have hundreds of warnings.
    use std::fmt::Write as _;
    let mut text = format!("{} warnings:\n", warnings.len());
    for warning in warnings {
        let _ = writeln!(text, "  warning: {warning}");
    }
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
