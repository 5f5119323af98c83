//! Project automation: `cargo xtask regen [--check]`.

use std::path::{Path, PathBuf};

use postman_codegen::{CrateOptions, Generated, output};

/// The collection the project's own client is generated from.
pub const COLLECTION: &str = "collections/zoom.postman_collection.json";
/// Where that client lives.
pub const CLIENT_DIR: &str = "generated-client";
/// Its package name.
pub const CLIENT_CRATE: &str = "zoom-api";

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Generates the project's client in memory.
pub fn generate_client() -> Result<Generated, postman_codegen::Error> {
    let options = CrateOptions { crate_name: Some(CLIENT_CRATE.to_string()) };
    postman_codegen::generate_file(&root().join(COLLECTION), &options)
}

/// Regenerates `generated-client/` from `collections/`; with `check`, writes nothing.
pub fn regen(check: bool) -> Result<(Generated, output::Report), postman_codegen::Error> {
    let generated = generate_client()?;
    let report = output::sync(&root().join(CLIENT_DIR), &generated.files, check)?;
    Ok((generated, report))
}
