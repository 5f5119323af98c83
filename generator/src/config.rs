//! What a generated crate is made with besides its collection: the options a `Builder`, the
//! CLI or a `postman-codegen.toml` give, and the Postman environments it reads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::postman::Environment;

/// The name of the config file looked for beside a collection.
pub const CONFIG_FILE: &str = "postman-codegen.toml";

/// Options that are not in the collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The package name; derived from the collection's name when `None` (`zoom-api`).
    pub crate_name: Option<String>,
    /// The package version (`0.1.0` when `None`).
    pub version: Option<String>,
    /// Set the version from the previous one by what the regeneration changed in the API
    /// (`version = "auto"`): the previous record's version, bumped as the changes need.
    pub auto_version: bool,
    /// A cargo feature per top-level folder (all on by default); `false` compiles every folder
    /// always.
    pub folder_features: bool,
    /// Folders and items left out, by their path in the collection (`users/Delete a user`).
    pub exclude: Vec<String>,
    /// Method names by item path (`users/List users` → `all_users`).
    pub operation_names: BTreeMap<String, String>,
    /// Type names by the name the generator gives them (`ListUsersResponse` → `UserPage`).
    pub type_names: BTreeMap<String, String>,
    /// Postman environments: each becomes a base-URL constant and a constructor.
    pub environments: Vec<Environment>,
    /// The environment whose values resolve the collection's variables (and so give
    /// `DEFAULT_BASE_URL`); the first one when `None`.
    pub default_environment: Option<String>,
    /// Also write `examples/conformance.rs`, which calls every operation once with the
    /// collection's example values (what the conformance check runs against newman).
    pub conformance_driver: bool,
    /// The config file these options were read from, named in errors about them.
    pub config: Option<PathBuf>,
    /// The files they were read from: the config file and environment files.
    pub inputs: Vec<PathBuf>,
}

impl Default for CrateOptions {
    fn default() -> Self {
        CrateOptions {
            crate_name: None,
            version: None,
            auto_version: false,
            folder_features: true,
            exclude: Vec::new(),
            operation_names: BTreeMap::new(),
            type_names: BTreeMap::new(),
            environments: Vec::new(),
            default_environment: None,
            conformance_driver: false,
            config: None,
            inputs: Vec::new(),
        }
    }
}

impl CrateOptions {
    /// The environment that resolves variables: the named default, or the first.
    pub fn default_environment(&self) -> Option<&Environment> {
        match &self.default_environment {
            Some(name) => self.environments.iter().find(|e| &e.name == name),
            None => self.environments.first(),
        }
    }
}

/// `postman-codegen.toml`: every key is optional; an unknown key is an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Config {
    crate_name: Option<String>,
    version: Option<String>,
    folder_features: Option<bool>,
    /// Environment files, relative to the config file.
    #[serde(default)]
    environments: Vec<PathBuf>,
    default_environment: Option<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rename: Renames,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Renames {
    #[serde(default)]
    operations: BTreeMap<String, String>,
    #[serde(default)]
    types: BTreeMap<String, String>,
}

/// Reads a config file into `options`; what `options` already sets (from the command line)
/// wins. Environment files are read relative to the config file.
pub fn read_config(path: &Path, options: &mut CrateOptions) -> Result<(), Error> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { file: path.to_path_buf(), source })?;
    let config: Config = toml::from_str(&text)
        .map_err(|error| Error::Config { file: file.clone(), message: error.to_string().trim_end().to_string() })?;
    let auto = config.version.as_deref() == Some("auto");
    if let Some(version) = config.version.as_ref().filter(|_| !auto) {
        semver::Version::parse(version).map_err(|error| Error::Config {
            file: file.clone(),
            message: format!("`version = \"{version}\"` is not a semantic version, nor `auto` ({error})"),
        })?;
    }
    options.auto_version |= auto;
    options.config = Some(path.to_path_buf());
    options.inputs.push(path.to_path_buf());
    options.crate_name = options.crate_name.take().or(config.crate_name);
    options.version = options.version.take().or(config.version.filter(|_| !auto));
    options.folder_features = options.folder_features && config.folder_features.unwrap_or(true);
    options.exclude.extend(config.exclude);
    options.operation_names.extend(config.rename.operations);
    options.type_names.extend(config.rename.types);
    let base = path.parent().unwrap_or(Path::new(""));
    for environment in &config.environments {
        let path = base.join(environment);
        options.environments.push(read_environment(&path)?);
        options.inputs.push(path);
    }
    // Checked once every environment is in (`Builder` adds those given beside the config).
    options.default_environment = options.default_environment.take().or(config.default_environment);
    Ok(())
}

/// The default environment, when one is named, must be one of the environments.
pub fn check_default_environment(options: &CrateOptions, file: &str) -> Result<(), Error> {
    match &options.default_environment {
        Some(name) if options.default_environment().is_none() => {
            let known: Vec<String> = options.environments.iter().map(|e| format!("`{}`", e.name)).collect();
            Err(Error::Config {
                file: file.to_string(),
                message: format!(
                    "`default-environment = \"{name}\"` names no environment (given: {})",
                    if known.is_empty() { "none".to_string() } else { known.join(", ") }
                ),
            })
        }
        _ => Ok(()),
    }
}

/// Reads a Postman environment export.
pub fn read_environment(path: &Path) -> Result<Environment, Error> {
    let file = path.display().to_string();
    let text = crate::postman::read(path)?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let environment: Environment =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| Error::Parse {
            file: file.clone(),
            path: error.path().to_string(),
            line: error.inner().line(),
            column: error.inner().column(),
            message: format!(
                "not a Postman environment: {}",
                error.inner().to_string().split(" at line ").next().unwrap_or_default()
            ),
        })?;
    if environment.name.trim().is_empty() {
        return Err(Error::Config { file, message: "the environment has no `name`".to_string() });
    }
    Ok(environment)
}
