//! `postman-codegen generate <collection.json> --out <dir> [--crate-name NAME] [--conformance-driver]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use postman_codegen::{CrateOptions, generate_file, output};

/// Generation allocates many small strings and trees from several threads; mimalloc serves
/// those markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// mimalloc through its plain `malloc`/`realloc` whenever they already give the alignment, the
/// way `std::alloc::System` uses the C allocator: the aligned entry points cost more per call,
/// and almost every allocation here is a small string or vector.
struct Mimalloc;

/// The alignment every mimalloc block has: a machine word (16 bytes is also guaranteed for most
/// sizes, but nothing here needs more than a word).
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: every block comes from mimalloc and goes back to it; `plain` only picks the unaligned
// entry points when mimalloc's own guarantee already meets the layout's alignment.
unsafe impl std::alloc::GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        // SAFETY: plain FFI allocation calls; a null result is passed on as allocation failure.
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        // SAFETY: as in `alloc`.
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: `ptr` was returned by this allocator (the `GlobalAlloc` contract).
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        // SAFETY: `ptr` was returned by this allocator with `layout` (the `GlobalAlloc` contract).
        unsafe {
            if plain(layout.align(), new_size) {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

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
