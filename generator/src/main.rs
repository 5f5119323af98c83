//! `postman-codegen generate <collection.json> --out <dir> [--crate-name NAME] [--conformance-driver]`
//!
//! The process starts at the C `main` below, not through std's runtime start-up: see there.
#![no_main]

use std::ffi::{OsString, c_char, c_int};
use std::path::PathBuf;

use postman_codegen::{CrateOptions, Error, write_file};

/// Small blocks in size classes per thread: a quarter fewer instructions than glibc's
/// allocator on a generation (see `postman_codegen::alloc`).
#[global_allocator]
static ALLOCATOR: postman_codegen::alloc::SizeClasses = postman_codegen::alloc::SizeClasses;

/// `--help`. The command line is read with `lexopt`: clap's parser, built for every run, took
/// about 90 µs and 13 page faults of start-up, more than a small collection's parse.
const HELP: &str = "\
Generates typed Rust API client crates from Postman collections

Usage: postman-codegen generate [OPTIONS] --out <OUT> <COLLECTION>

Commands:
  generate  Writes a complete client crate (Cargo.toml and src/) for a collection

Arguments:
  <COLLECTION>  The Postman collection (v2.0 or v2.1 JSON)

Options:
      --out <OUT>                The crate directory to write
      --crate-name <CRATE_NAME>  The package name; by default derived from the collection's name
      --conformance-driver       Also write `examples/conformance.rs`, which calls every operation
                                 once with the collection's example values
  -h, --help                     Print help
  -V, --version                  Print version
";

const USAGE: &str = "Usage: postman-codegen generate [OPTIONS] --out <OUT> <COLLECTION>";

/// What the command line asks for.
enum Command {
    Generate { collection: PathBuf, out: PathBuf, options: CrateOptions },
    Help,
    Version,
}

/// Reads the command line (without the program name).
fn command(args: impl IntoIterator<Item = OsString>) -> Result<Command, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut generate = false;
    let (mut collection, mut out, mut options) = (None, None, CrateOptions::default());
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Value(value) if !generate && value == "help" => return Ok(Command::Help),
            Value(value) if !generate && value == "generate" => generate = true,
            Value(value) if !generate => {
                return Err(format!("unrecognized subcommand '{}'", value.to_string_lossy()).into());
            }
            Long("out") if generate => out = Some(PathBuf::from(parser.value()?)),
            Long("crate-name") if generate => options.crate_name = Some(parser.value()?.string()?),
            Long("conformance-driver") if generate => options.conformance_driver = true,
            Value(value) if collection.is_none() => collection = Some(PathBuf::from(value)),
            _ => return Err(arg.unexpected()),
        }
    }
    match (generate, collection, out) {
        (false, ..) => Err("a command is required: generate".into()),
        (true, None, _) => Err("the collection file is required".into()),
        (true, _, None) => Err("--out <OUT> is required".into()),
        (true, Some(collection), Some(out)) => Ok(Command::Generate { collection, out, options }),
    }
}

/// The process entry point. std's own start-up, skipped here, reads `/proc/self/maps` to find the
/// main thread's stack guard, maps a signal stack to report stack overflows, ignores `SIGPIPE`
/// and polls the standard descriptors: about 70 µs, some 5 % of a small collection's whole run.
/// Without it a stack overflow is a plain `SIGSEGV`, and a closed output pipe ends the process
/// the way it ends a C program. A panic is reported by std's hook as usual and exits with 101,
/// as from std's `main`.
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    // SAFETY: `argc` and `argv` are the arguments the C runtime passes to `main`.
    let args = unsafe { arguments(argc, argv) };
    std::panic::catch_unwind(|| run(args)).unwrap_or(101)
}

/// The command line as the C runtime hands it to `main`.
///
/// # Safety
/// `argv` holds `argc` pointers to NUL-terminated strings.
#[cfg(unix)]
unsafe fn arguments(argc: c_int, argv: *const *const c_char) -> Vec<OsString> {
    use std::os::unix::ffi::OsStrExt as _;
    (0..usize::try_from(argc).unwrap_or(0))
        // SAFETY: each of the first `argc` entries is a valid C string (the caller's contract).
        .map(|i| std::ffi::OsStr::from_bytes(unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) }.to_bytes()).to_owned())
        .collect()
}

/// The command line, which std reads from the system on platforms whose `argv` is not Unicode.
#[cfg(not(unix))]
unsafe fn arguments(_argc: c_int, _argv: *const *const c_char) -> Vec<OsString> {
    std::env::args_os().collect()
}

fn run(args: Vec<OsString>) -> c_int {
    let (collection, out, options) = match command(args.into_iter().skip(1)) {
        Ok(Command::Generate { collection, out, options }) => (collection, out, options),
        Ok(Command::Help) => {
            print!("{HELP}");
            return 0;
        }
        Ok(Command::Version) => {
            println!("postman-codegen {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        Err(error) => {
            eprintln!("error: {error}\n\n{USAGE}\n\nFor more information, try '--help'.");
            return 2;
        }
    };
    // A new crate directory receives each file as soon as it is generated, in a staging
    // directory beside it that is renamed into place at the end.
    let written = match write_file(&collection, &options, &out) {
        Ok(written) => written,
        Err(error) => {
            eprintln!("error: {error}");
            return if matches!(error, Error::Write { .. }) { 1 } else { 2 };
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
    print_warnings(&written.warnings);
    // The process ends here: its memory is released at once, not block by block.
    std::mem::forget(written);
    0
}

fn print_warnings(warnings: &[postman_codegen::Warning]) {
    if warnings.is_empty() {
        return;
    }
    // One write: stderr is unbuffered, and large collections have hundreds of warnings. The
    // text is put together piece by piece, without the formatting machinery.
    let mut text = warnings.len().to_string();
    text.push_str(" warnings:\n");
    for warning in warnings {
        for piece in ["  warning: ", &warning.item, ": ", &warning.message, "\n"] {
            text.push_str(piece);
        }
    }
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
