//! Turns Postman collections (v2.0 and v2.1) into typed Rust API client crates.
//!
//! Data flows one way: JSON → [`postman`] model → [`lower`] → [`ir`] → [`validate`] →
//! [`emit`] (`quote!`, then `prettyplease`) → files ([`output`]).

#![forbid(unsafe_code)]

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
        named_types(&self.api)
    }
}

fn named_types(api: &ir::Api) -> usize {
    api.types.len() + api.operations.iter().filter(|op| op.request.is_some()).count()
}

/// A crate generated and written to a directory by [`write_file`].
#[derive(Debug)]
pub struct Written {
    pub api: ir::Api,
    pub warnings: Vec<Warning>,
    pub report: output::Report,
}

impl Written {
    /// Number of request items, which is also the number of operations.
    pub fn operations(&self) -> usize {
        self.api.operations.len()
    }

    /// Number of named types: request structs plus JSON structs and enums.
    pub fn types(&self) -> usize {
        named_types(&self.api)
    }
}

/// Parses collection JSON; errors give `file`, the JSON path, line and column.
pub fn parse(json: &str, file: &str) -> Result<postman::Collection, Error> {
    let collection_error = |message: &str| Error::Collection {
        file: file.to_string(),
        item: "collection".to_string(),
        message: message.to_string(),
    };
    let first = json.trim_start().chars().next();
    match first {
        None => return Err(collection_error("the file is empty; a Postman collection is a JSON object")),
        Some('{') => {}
        Some('[') => return Err(collection_error("the top level is an array; a Postman collection is a JSON object")),
        Some(_) if serde_json::from_str::<serde_json::Value>(json).is_ok() => {
            return Err(collection_error(
                "the top level is a single JSON value; a Postman collection is a JSON object",
            ));
        }
        Some(_) => {}
    }
    // The common case, a well-formed collection, is parsed without tracking the JSON path, which
    // costs about a third of the parse; only a failed parse is repeated to say where it failed.
    if let Ok(collection) = serde_json::from_str::<postman::Collection>(json) {
        return check_schema(collection, &collection_error);
    }
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let parse_error = |path: String, error: &serde_json::Error| Error::Parse {
        file: file.to_string(),
        path: shorten_path(&path),
        line: error.line(),
        column: error.column(),
        message: match error.to_string().split(" at line ").next().unwrap_or_default() {
            "recursion limit exceeded" => {
                "the JSON nests more than 128 levels deep (folders about 60 deep), more than the generator reads"
                    .to_string()
            }
            message => message.to_string(),
        },
    };
    let collection: postman::Collection = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        unsupported_format(json, file).unwrap_or_else(|| parse_error(error.path().to_string(), error.inner()))
    })?;
    deserializer.end().map_err(|error| parse_error(".".to_string(), &error))?;
    check_schema(collection, &collection_error)
}

/// Refuses a parsed collection whose `info.schema` names another format.
fn check_schema(
    collection: postman::Collection,
    collection_error: &dyn Fn(&str) -> Error,
) -> Result<postman::Collection, Error> {
    let schema = collection.info.schema.as_deref().unwrap_or_default();
    if !schema.is_empty() && !schema.contains("/v2.0.") && !schema.contains("/v2.1.") {
        return Err(collection_error(&format!(
            "`info.schema` is `{schema}`, not a v2.0 or v2.1 Postman collection schema; export the collection as v2.1"
        )));
    }
    Ok(collection)
}

/// A JSON path of a deeply nested error, shortened in the middle.
fn shorten_path(path: &str) -> String {
    const KEEP: usize = 80;
    if path.len() <= 2 * KEEP {
        return path.to_string();
    }
    let start: String = path.chars().take(KEEP).collect();
    let end: String = path.chars().rev().take(KEEP).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{start}…{end}")
}

/// When a document fails to parse, whether it is a known format other than v2.0/v2.1.
fn unsupported_format(json: &str, file: &str) -> Option<Error> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let object = value.as_object()?;
    let schema = object.get("info").and_then(|info| info.get("schema")).and_then(|s| s.as_str()).unwrap_or_default();
    let message = if !object.contains_key("info") && (object.contains_key("requests") || object.contains_key("order")) {
        "this is a Postman v1 collection; only v2.0 and v2.1 are supported: convert it first, e.g. with `npx postman-collection-transformer convert -i in.json -o out.json -j 1.0.0 -p 2.1.0`"
    } else if !schema.is_empty() && !schema.contains("/v2.0.") && !schema.contains("/v2.1.") {
        "the collection's `info.schema` is not a v2.0 or v2.1 Postman collection schema"
    } else {
        return None;
    };
    Some(Error::Collection { file: file.to_string(), item: "collection".to_string(), message: message.to_string() })
}

/// Collection JSON → IR, validated.
pub fn lower_json(json: &str, file: &str) -> Result<lower::Lowered, Error> {
    lower_collection(&parse(json, file)?, file)
}

/// A parsed collection → IR, validated.
fn lower_collection(collection: &postman::Collection, file: &str) -> Result<lower::Lowered, Error> {
    let lowered = lower::lower(collection, file)?;
    validate::validate(&lowered.api)?;
    Ok(lowered)
}

/// Collection JSON → the files of a crate.
pub fn generate(json: &str, file: &str, options: &CrateOptions) -> Result<Generated, Error> {
    emit_lowered(lower_json(json, file)?, options)
}

fn emit_lowered(mut lowered: lower::Lowered, options: &CrateOptions) -> Result<Generated, Error> {
    name_crate(&mut lowered, options);
    let files = emit::files(&lowered.api, options)?;
    Ok(Generated { api: lowered.api, files, warnings: lowered.warnings })
}

/// The package name `options` asks for, if any.
fn name_crate(lowered: &mut lower::Lowered, options: &CrateOptions) {
    if let Some(name) = &options.crate_name {
        lowered.api.crate_name = name.clone();
    }
}

/// Reads and generates a collection file.
pub fn generate_file(path: &Path, options: &CrateOptions) -> Result<Generated, Error> {
    emit_lowered(lower_file(path)?, options)
}

/// Reads a collection file, generates its crate and writes it to `dir` as [`output::sync`]
/// does. A crate directory that does not exist yet receives each file as soon as it is built,
/// which is then dropped: only one file is held in memory at a time.
pub fn write_file(path: &Path, options: &CrateOptions, dir: &Path) -> Result<Written, Error> {
    let mut lowered = lower_file(path)?;
    name_crate(&mut lowered, options);
    let report = match output::NewCrate::begin(dir)? {
        Some(mut new) => {
            emit::each_file(&lowered.api, options, &mut |relative, contents| new.add(&relative, &contents))?;
            new.finish()?
        }
        None => output::sync(dir, &emit::files(&lowered.api, options)?, false)?,
    };
    Ok(Written { api: lowered.api, warnings: lowered.warnings, report })
}

/// Reads, parses and lowers a collection file.
fn lower_file(path: &Path) -> Result<lower::Lowered, Error> {
    let file = path.display().to_string();
    let json = read(path)?;
    let collection = parse(&json, &file)?;
    // Each stage's input is freed as soon as the next is built, so that the next stage reuses
    // its memory: fresh pages cost a page fault each, a large share of a small collection's time.
    drop(json);
    lower_collection(&collection, &file)
}

/// Reads a collection file as UTF-8; other bytes are an error naming their offset.
pub fn read(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read { file: path.to_path_buf(), source })?;
    String::from_utf8(bytes).map_err(|error| Error::Collection {
        file: path.display().to_string(),
        item: "collection".to_string(),
        message: format!("the file is not UTF-8 (invalid byte at offset {})", error.utf8_error().valid_up_to()),
    })
}
