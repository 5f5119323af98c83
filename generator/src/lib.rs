//! Turns Postman collections (v2.0 and v2.1) into typed Rust API client crates.
//!
//! Data flows one way, and each stage imports only earlier ones (`cargo xtask house` checks):
//! JSON → [`postman`] model → [`lower`] → [`ir`] → [`validate`] → [`record`] and [`changes`]
//! → [`emit`] (`quote!`, then `prettyplease`) → files ([`output`]). This module runs them in turn.
//!
//! Which module decides what:
//! - [`postman`]: what a collection file says (serde; v2.0 and v2.1 read alike).
//! - [`lower`]: what it means, the only place that knows Postman's quirks: types, inputs, auth,
//!   hosts, pagination; it names each item with [`naming`].
//! - [`naming`]: every Rust name: identifiers (`heck`), the names the crate keeps for itself
//!   ([`naming::reserved`]), and where each item is as a caller writes it ([`naming::paths`]),
//!   which [`emit`], [`record`] and [`changes`] all read.
//! - [`validate`]: that the IR can be emitted (unique, valid names).
//! - [`record`]: the crate's public API as `api.jsonl`; [`changes`]: what changed since the
//!   previous record, the semver bump and the CHANGELOG.
//! - [`emit`]: the Rust of each file, from the IR alone; [`templates`]: the runtime and mock
//!   sources every crate receives.
//! - [`output`]: which files are written (only those that changed, never a user's own).

#![forbid(unsafe_code)]

pub mod changes;
pub mod config;
pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod output;
pub mod postman;
pub mod record;
pub mod templates;
pub mod validate;

use std::collections::BTreeMap;
use std::path::Path;

pub use config::CrateOptions;
pub use error::Error;
pub use lower::{Warning, WarningKind};
pub use postman::read;

/// A generated crate.
#[derive(Debug, Clone)]
pub struct Generated {
    pub api: ir::Api,
    /// File contents by path relative to the crate root.
    pub files: BTreeMap<String, String>,
    pub warnings: Vec<Warning>,
    /// What changed in the API since the crate's previous record (a first generation when
    /// generated without a crate directory to compare with).
    pub changes: changes::Changes,
    /// What was read differently from a plain collection file (`--verbose` prints them).
    pub notes: Vec<String>,
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
    api.types.len() + api.operations.len()
}

/// A crate generated and written to a directory by [`write_file`].
#[derive(Debug)]
pub struct Written {
    pub api: ir::Api,
    pub warnings: Vec<Warning>,
    /// What changed in the API since the crate's previous record.
    pub changes: changes::Changes,
    /// What was read differently from a plain collection file (`--verbose` prints them).
    pub notes: Vec<String>,
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

/// Parses collection JSON; errors give `file`, the JSON path, line and column. A collection
/// exported through Postman's API (`{"collection": {"info": …, "item": …}}`: an object whose
/// single member is `collection`) is read from that member, and marked as
/// [`exported`](postman::Collection::exported).
pub fn parse(json: &str, file: &str) -> Result<postman::Collection, Error> {
    /// What `GET /collections/{id}` of Postman's API answers.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Export<'a> {
        #[serde(borrow)]
        collection: &'a serde_json::value::RawValue,
    }
    let Ok(export) = serde_json::from_str::<Export>(json) else { return parse_collection(json, file) };
    let inner = export.collection.get();
    match parse_collection(inner, file) {
        Ok(collection) => Ok(postman::Collection { exported: true, ..collection }),
        // Where the error is in the whole file.
        Err(Error::Parse { file, path, line, column, message }) => {
            let before = &json[..inner.as_ptr() as usize - json.as_ptr() as usize];
            let line_start = before.rfind('\n').map_or(0, |at| at + 1);
            let column = if line == 1 { column + before.len() - line_start } else { column };
            let path = if path == "." { "collection".to_string() } else { format!("collection.{path}") };
            Err(Error::Parse { file, path, line: line + before.matches('\n').count(), column, message })
        }
        Err(error) => Err(error),
    }
}

/// Parses a collection object.
fn parse_collection(json: &str, file: &str) -> Result<postman::Collection, Error> {
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
pub fn lower_json(json: &str, file: &str, options: &CrateOptions) -> Result<lower::Lowered, Error> {
    lower_collection(&parse(json, file)?, file, options)
}

/// A parsed collection → IR named as `options` ask, validated.
fn lower_collection(
    collection: &postman::Collection,
    file: &str,
    options: &CrateOptions,
) -> Result<lower::Lowered, Error> {
    let mut lowered = lower::lower(collection, file, options)?;
    if let Some(name) = &options.crate_name {
        lowered.api.crate_name = name.clone();
    }
    validate::validate(&lowered.api)?;
    Ok(lowered)
}

/// Collection JSON → the files of a crate (a first generation).
pub fn generate(json: &str, file: &str, options: &CrateOptions) -> Result<Generated, Error> {
    emit_lowered(lower_json(json, file, options)?, options, None)
}

/// The files of the crate in `dir` (`None`: a new crate), with what changed in its API.
fn emit_lowered(mut lowered: lower::Lowered, options: &CrateOptions, dir: Option<&Path>) -> Result<Generated, Error> {
    let (changes, changelog) = compare_with(dir, &mut lowered.api, options);
    let mut files = emit::files(&lowered.api, options)?;
    files.insert(record::FILE.to_string(), record::render(&record::record(&lowered.api)));
    files.insert(CHANGELOG.to_string(), changelog);
    Ok(Generated { api: lowered.api, files, warnings: lowered.warnings, notes: lowered.notes, changes })
}

/// The crate's changelog file.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// Compares the new API with the record the crate in `dir` has, if any: what changed, and the
/// crate's changelog with a section for it. With `auto_version`, sets the version the changes
/// need.
fn compare_with(dir: Option<&Path>, api: &mut ir::Api, options: &CrateOptions) -> (changes::Changes, String) {
    let changes = changes::compare(dir.and_then(record::read), &record::record(api));
    if options.auto_version {
        let first = options.version.clone().unwrap_or_else(|| "0.1.0".to_string());
        api.version = changes.needed_version().map_or(first, |version| version.to_string());
    }
    let previous_changelog = dir.and_then(|dir| std::fs::read_to_string(dir.join(CHANGELOG)).ok());
    let changelog = changes::changelog(
        previous_changelog.as_deref(),
        &changes,
        &api.version,
        options.auto_version,
        &api.title,
        api.operations.len(),
    );
    (changes, changelog)
}

/// Reads and generates a collection file (a first generation).
pub fn generate_file(path: &Path, options: &CrateOptions) -> Result<Generated, Error> {
    emit_lowered(lower_file(path, options)?, options, None)
}

/// Reads and generates a collection file as the crate in `dir`, compared with the API record
/// there; nothing is written.
pub fn generate_file_for(path: &Path, options: &CrateOptions, dir: &Path) -> Result<Generated, Error> {
    emit_lowered(lower_file(path, options)?, options, Some(dir))
}

/// Generates a collection file's crate and compares it with `dir` without writing anything:
/// the report lists the files that would be written and removed.
pub fn check_file(path: &Path, options: &CrateOptions, dir: &Path) -> Result<Written, Error> {
    let generated = generate_file_for(path, options, dir)?;
    let report = output::sync(dir, &generated.files, true)?;
    let Generated { api, warnings, notes, changes, .. } = generated;
    Ok(Written { api, warnings, changes, notes, report })
}

/// Reads a collection file, generates its crate and writes it to `dir` as [`output::sync`]
/// does. A crate directory that does not exist yet receives each file as soon as it is built,
/// which is then dropped: only one file is held in memory at a time.
pub fn write_file(path: &Path, options: &CrateOptions, dir: &Path) -> Result<Written, Error> {
    let mut lowered = lower_file(path, options)?;
    let (changes, changelog) = compare_with(Some(dir), &mut lowered.api, options);
    let report = match output::NewCrate::begin(dir)? {
        Some(mut new) => {
            emit::each_file(&lowered.api, options, &mut |relative, contents| new.add(&relative, &contents))?;
            new.add(record::FILE, &record::render(&record::record(&lowered.api)))?;
            new.add(CHANGELOG, &changelog)?;
            new.finish()?
        }
        None => {
            let mut files = emit::files(&lowered.api, options)?;
            files.insert(record::FILE.to_string(), record::render(&record::record(&lowered.api)));
            files.insert(CHANGELOG.to_string(), changelog);
            output::sync(dir, &files, false)?
        }
    };
    Ok(Written { api: lowered.api, warnings: lowered.warnings, changes, notes: lowered.notes, report })
}

/// Reads, parses and lowers a collection file.
fn lower_file(path: &Path, options: &CrateOptions) -> Result<lower::Lowered, Error> {
    let file = path.display().to_string();
    let json = read(path)?;
    let collection = parse(&json, &file)?;
    // Each stage's input is freed as soon as the next is built, so that the next stage reuses
    // its memory: fresh pages cost a page fault each, a large share of a small collection's time.
    drop(json);
    lower_collection(&collection, &file, options)
}

/// A client written as one file by [`Builder::single_file`].
#[derive(Debug)]
pub struct SingleFile {
    /// The file written.
    pub path: std::path::PathBuf,
    pub api: ir::Api,
    pub warnings: Vec<Warning>,
    /// What changed in the API since the record beside the file.
    pub changes: changes::Changes,
}

/// Generates a client crate from a collection, with a config file and Postman environments:
/// what the CLI does, for a program or a build script.
///
/// A `postman-codegen.toml` beside the collection is read unless [`Builder::config`] names
/// another file.
///
/// ```no_run
/// # fn main() -> Result<(), postman_codegen::Error> {
/// let written = postman_codegen::Builder::new("api/zoom.postman_collection.json")
///     .environment("api/Production.postman_environment.json")
///     .write("zoom-api")?;
/// for warning in &written.warnings {
///     eprintln!("warning: {warning}");
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Builder {
    collection: std::path::PathBuf,
    config: Option<std::path::PathBuf>,
    environments: Vec<std::path::PathBuf>,
    options: CrateOptions,
}

impl Builder {
    /// Generates from the collection at `collection` (v2.0 or v2.1 JSON).
    pub fn new(collection: impl Into<std::path::PathBuf>) -> Self {
        Builder {
            collection: collection.into(),
            config: None,
            environments: Vec::new(),
            options: CrateOptions::default(),
        }
    }

    /// Reads this config file instead of the `postman-codegen.toml` beside the collection.
    pub fn config(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.config = Some(path.into());
        self
    }

    /// Adds a Postman environment export (after those the config names).
    pub fn environment(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.environments.push(path.into());
        self
    }

    /// Sets options directly; what they set wins over the config file.
    pub fn options(mut self, options: CrateOptions) -> Self {
        self.options = options;
        self
    }

    /// The config file used: the one given, or `postman-codegen.toml` beside the collection
    /// when there is one.
    pub fn config_file(&self) -> Option<std::path::PathBuf> {
        self.config.clone().or_else(|| {
            let beside = self.collection.parent().unwrap_or(Path::new("")).join(config::CONFIG_FILE);
            beside.is_file().then_some(beside)
        })
    }

    /// Every file generation reads: the collection, the config file and the environments
    /// (what a build script reruns on).
    pub fn inputs(&self) -> Result<Vec<std::path::PathBuf>, Error> {
        let mut inputs = vec![self.collection.clone()];
        inputs.extend(self.resolved_options()?.inputs);
        Ok(inputs)
    }

    /// For `build.rs`: writes the client as one file, `$OUT_DIR/<crate name>.rs` (`-` as
    /// `_`), and tells cargo to rerun when an input changes. Include it at the root of a crate
    /// of its own, which depends on what the generated `Cargo.toml` lists (reqwest, serde,
    /// serde_json, serde_path_to_error, futures, tokio, percent-encoding, httpdate,
    /// retry-policies, and http-body-util with multipart bodies); there are no folder features.
    /// Warnings are printed as cargo warnings. The API record is kept beside the file
    /// (`api.jsonl`): when a build finds the API changed since the last one, the change report
    /// is printed as cargo warnings too.
    ///
    /// ```no_run
    /// // In build.rs's `main`:
    /// postman_codegen::Builder::new("zoom.postman_collection.json").build_script().unwrap();
    /// // And the whole of src/lib.rs: include!(concat!(env!("OUT_DIR"), "/zoom_api.rs"));
    /// ```
    pub fn build_script(&self) -> Result<std::path::PathBuf, Error> {
        let out_dir = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from).ok_or_else(|| Error::Config {
            file: "OUT_DIR".to_string(),
            message: "not set: `build_script` runs in a build script".to_string(),
        })?;
        let options = self.resolved_options()?;
        for input in std::iter::once(&self.collection).chain(&options.inputs) {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let package = std::env::var("CARGO_PKG_NAME").ok();
        let built = self.single_file(&out_dir, package.as_deref())?;
        for warning in &built.warnings {
            println!("cargo:warning={warning}");
        }
        if built.changes.first.is_none() && built.changes.any() {
            for line in built.changes.report(&built.api.version).lines() {
                println!("cargo:warning={line}");
            }
        }
        Ok(built.path)
    }

    /// What [`Builder::build_script`] does but for cargo's part: writes the client as one file,
    /// `dir/<crate name>.rs`, its doc examples naming `package` (the crate that includes it),
    /// and keeps the API record beside it (`dir/api.jsonl`), to say what changed since the last
    /// time. Only files whose contents changed are written.
    pub fn single_file(&self, dir: &Path, package: Option<&str>) -> Result<SingleFile, Error> {
        let mut options = self.resolved_options()?;
        options.folder_features = false;
        let mut lowered = lower_file(&self.collection, &options)?;
        let path = dir.join(format!("{}.rs", lowered.api.crate_name.replace('-', "_")));
        if let Some(package) = package {
            lowered.api.crate_name = package.to_string();
        }
        let write = |path: &Path, contents: &str| {
            if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
                return Ok(());
            }
            std::fs::write(path, contents).map_err(|source| Error::Write { path: path.to_path_buf(), source })
        };
        write(&path, &emit::single_file(&lowered.api)?)?;
        let new_record = record::record(&lowered.api);
        let changes = changes::compare(record::read(dir), &new_record);
        write(&dir.join(record::FILE), &record::render(&new_record))?;
        Ok(SingleFile { path, api: lowered.api, warnings: lowered.warnings, changes })
    }

    /// The options the config file, the environments and [`Builder::options`] make together.
    pub fn resolved_options(&self) -> Result<CrateOptions, Error> {
        let mut options = self.options.clone();
        if let Some(config) = self.config_file() {
            config::read_config(&config, &mut options)?;
        }
        for path in &self.environments {
            options.environments.push(config::read_environment(path)?);
            options.inputs.push(path.clone());
        }
        let file =
            options.config.as_ref().map_or_else(|| "--default-environment".to_string(), |p| p.display().to_string());
        config::check_default_environment(&options, &file)?;
        Ok(options)
    }

    /// Generates the crate in memory.
    pub fn generate(&self) -> Result<Generated, Error> {
        generate_file(&self.collection, &self.resolved_options()?)
    }

    /// Generates the crate as the one in `dir` (compared with its API record) in memory.
    pub fn generate_for(&self, dir: impl AsRef<Path>) -> Result<Generated, Error> {
        generate_file_for(&self.collection, &self.resolved_options()?, dir.as_ref())
    }

    /// Generates the crate and writes it to `dir` (only the files that changed).
    pub fn write(&self, dir: impl AsRef<Path>) -> Result<Written, Error> {
        write_file(&self.collection, &self.resolved_options()?, dir.as_ref())
    }

    /// Generates the crate and compares it with `dir`, writing nothing.
    pub fn check(&self, dir: impl AsRef<Path>) -> Result<Written, Error> {
        check_file(&self.collection, &self.resolved_options()?, dir.as_ref())
    }
}
