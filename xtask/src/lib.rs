//! Project automation: `cargo xtask regen [--check]`.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

pub mod bench;
pub mod compile;
pub mod features;
pub mod house;
pub mod semver;

use postman_codegen::{CrateOptions, Generated, output};

/// A collection of the project and the committed crate generated from it.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub collection: &'static str,
    pub dir: &'static str,
    /// The package name, unless the `postman-codegen.toml` beside the collection gives it.
    pub crate_name: Option<&'static str>,
}

/// The project's own client: the main job.
pub const CLIENT: Target =
    Target { collection: "collections/zoom.postman_collection.json", dir: "generated-client", crate_name: None };

/// A client generated from a collection written for the tests: one item per construct.
pub const FEATURES: Target = Target {
    collection: "tests/collections/features.postman_collection.json",
    dir: "tests/feature-client",
    crate_name: Some("feature-client"),
};

pub const TARGETS: [Target; 2] = [CLIENT, FEATURES];

/// The collection the project's own client is generated from.
pub const COLLECTION: &str = CLIENT.collection;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Generates a target in memory, with the config file beside its collection, if any.
pub fn generate(target: Target) -> Result<Generated, postman_codegen::Error> {
    let options = CrateOptions { crate_name: target.crate_name.map(str::to_string), ..CrateOptions::default() };
    postman_codegen::Builder::new(root().join(target.collection)).options(options).generate()
}

/// Generates the project's client in memory.
pub fn generate_client() -> Result<Generated, postman_codegen::Error> {
    generate(CLIENT)
}

/// Regenerates every target as the crate committed in its directory (compared with the API
/// record there); with `check`, writes nothing.
pub fn regen(check: bool) -> Result<Vec<(Target, Generated, output::Report)>, postman_codegen::Error> {
    TARGETS
        .iter()
        .map(|target| {
            let options = CrateOptions { crate_name: target.crate_name.map(str::to_string), ..CrateOptions::default() };
            let dir = root().join(target.dir);
            let generated =
                postman_codegen::Builder::new(root().join(target.collection)).options(options).generate_for(&dir)?;
            let report = output::sync(&dir, &generated.files, check)?;
            Ok((*target, generated, report))
        })
        .collect()
}
