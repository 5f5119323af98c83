//! The generator's errors: each names the file, and where it can the JSON path with line and
//! column, or the collection item.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read the collection: {source}", file.display())]
    Read { file: PathBuf, source: std::io::Error },

    #[error("{file}:{line}:{column}: {message} (at `{path}`)")]
    Parse { file: String, path: String, line: usize, column: usize, message: String },

    #[error("{file}: {item}: {message}")]
    Collection { file: String, item: String, message: String },

    #[error("{file}: {message}")]
    Config { file: String, message: String },

    #[error("{}: is a file, not a directory; the crate is written to a directory", path.display())]
    OutIsFile { path: PathBuf },

    #[error("{}: not written by postman-codegen (its first line has no `@generated` marker); move it away to generate here", path.display())]
    NotGenerated { path: PathBuf },

    #[error("internal error: the generated IR is invalid at {item}: {message}")]
    InvalidIr { item: String, message: String },

    #[error("internal error: generated code for `{file}` does not parse: {message}")]
    Emit { file: String, message: String },

    #[error("{}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}
