//! Turns Postman collections (v2.0 and v2.1) into typed Rust API client crates.
//!
//! Data flows one way: JSON → [`postman`] model → [`lower`] → [`ir`] → [`validate`] →
//! [`emit`] (`quote!`, then `prettyplease`) → files ([`output`]).

pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod output;
pub mod postman;
pub mod validate;

use std::collections::BTreeMap;
use std::path::Path;

pub use emit::CrateOptions;
pub use error::Error;
pub use lower::Warning;

/// A generated crate.
#[derive(Debug, Clone)]
pub struct Generated {
    pub api: ir::Api,
    /// File contents by path relative to the crate root.
    pub files: BTreeMap<String, String>,
    pub warnings: Vec<Warning>,
}

impl Generated {
    /// Number of request items, which is also the number of operations.
    pub fn operations(&self) -> usize {
        self.api.operations.len()
    }

    /// Number of named types: request structs plus JSON structs and enums.
    pub fn types(&self) -> usize {
        self.api.types.len() + self.api.operations.iter().filter(|op| op.request.is_some()).count()
    }
}

/// Parses collection JSON; errors give `file`, the JSON path, line and column.
pub fn parse(json: &str, file: &str) -> Result<postman::Collection, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let parse_error = |path: String, error: &serde_json::Error| Error::Parse {
        file: file.to_string(),
        path,
        line: error.line(),
        column: error.column(),
        message: error.to_string().split(" at line ").next().unwrap_or_default().to_string(),
    };
    let collection = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| parse_error(error.path().to_string(), error.inner()))?;
    deserializer.end().map_err(|error| parse_error(".".to_string(), &error))?;
    Ok(collection)
}

/// Collection JSON → IR, validated.
pub fn lower_json(json: &str, file: &str) -> Result<lower::Lowered, Error> {
    let collection = parse(json, file)?;
    let lowered = lower::lower(&collection, file)?;
    validate::validate(&lowered.api)?;
    Ok(lowered)
}

/// Collection JSON → the files of a crate.
pub fn generate(json: &str, file: &str, options: &CrateOptions) -> Result<Generated, Error> {
    let lowered = lower_json(json, file)?;
    let files = emit::files(&lowered.api, options)?;
    Ok(Generated { api: lowered.api, files, warnings: lowered.warnings })
}

/// Reads and generates a collection file.
pub fn generate_file(path: &Path, options: &CrateOptions) -> Result<Generated, Error> {
    let json = std::fs::read_to_string(path).map_err(|source| Error::Read { file: path.to_path_buf(), source })?;
    generate(&json, &path.display().to_string(), options)
}
