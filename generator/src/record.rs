//! The record of a generated crate's public API: `api.jsonl` in the crate, one JSON object per
//! line (every operation with its inputs, every type with its fields or values, the
//! credentials, hosts, environments and folder features), committed with the crate and never
//! read at build time. A regeneration compares the previous record with the new one
//! ([`crate::changes`]) to say what changed for callers.
//!
//! The first line says what the file is, the format, the crate and its version, and a digest
//! of the other lines, so that a record edited by hand is told apart from one the tool wrote.

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::ir::{Api, AuthKind, CredentialKind, Location, ModuleId, Operation, Success, TypeKind, TypeRef};
use crate::lower::docs::code_safe;
use crate::naming::paths::{folder_features, module_path, type_text};

/// The record's file in the crate.
pub const FILE: &str = "api.jsonl";

/// The record format this tool writes and reads; a record of another format is not compared.
pub const FORMAT: u32 = 1;

/// The first line of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The `@generated` marker, with what the file is.
    pub generated: String,
    pub format: u32,
    #[serde(rename = "crate")]
    pub crate_name: String,
    pub version: String,
    /// SHA-256 of the lines after this one.
    pub digest: String,
}

/// One line after the header: one item of the public API, named by its Rust path (relative
/// to the crate root).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// A method of `Client` that gives a credential (`with_bearer_token`).
    Credential { path: String, signature: String },
    /// A host other than the base URL, with the method that sets its base URL.
    Host { path: String, template: String },
    /// A Postman environment's constructor.
    Environment { path: String, base_url: String },
    /// A cargo feature of a top-level folder.
    Feature { path: String },
    /// An operation: its method and the Postman item it comes from.
    Operation {
        path: String,
        item: String,
        /// `GET /users/{userId}`, and the host when it is not the base URL.
        http: String,
        signature: String,
        /// Its page and item streams, when it pages.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        streams: Vec<String>,
        docs: String,
    },
    /// A request input: a field of the operation's request struct.
    Input {
        path: String,
        operation: String,
        wire: String,
        #[serde(rename = "in")]
        location: String,
        #[serde(rename = "type")]
        ty: String,
        docs: String,
    },
    /// A named type: a request struct, a JSON struct or a string enum.
    Type {
        path: String,
        /// `request`, `struct` or `enum`.
        of: String,
        /// Where it comes from: the Postman item and what of it (`example response`, …).
        origin: String,
        /// Whether code outside the crate can build it with a struct literal or match it
        /// exhaustively, so that a new field or value breaks that code.
        exhaustive: bool,
        /// Whether it implements `Serialize` without the crate's `serialize` feature.
        serialize: bool,
        /// Whether it implements `Deserialize` only with the crate's `deserialize` feature (a
        /// type only requests send).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        deserialize_feature: bool,
        /// For a request, the operation that gives it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operation: Option<String>,
        docs: String,
    },
    /// A field of a JSON struct.
    Field {
        path: String,
        wire: String,
        #[serde(rename = "type")]
        ty: String,
        docs: String,
    },
    /// A value of a string enum.
    Variant { path: String, wire: String, docs: String },
}

impl Entry {
    /// The Rust path that names it.
    pub fn path(&self) -> &str {
        match self {
            Entry::Credential { path, .. }
            | Entry::Host { path, .. }
            | Entry::Environment { path, .. }
            | Entry::Feature { path }
            | Entry::Operation { path, .. }
            | Entry::Input { path, .. }
            | Entry::Type { path, .. }
            | Entry::Field { path, .. }
            | Entry::Variant { path, .. } => path,
        }
    }

    /// What kind of item it is, as the report names it.
    pub fn noun(&self) -> &'static str {
        match self {
            Entry::Credential { .. } => "credential setter",
            Entry::Host { .. } => "host setting",
            Entry::Environment { .. } => "environment constructor",
            Entry::Feature { .. } => "folder feature",
            Entry::Operation { .. } => "operation",
            Entry::Input { .. } => "input",
            Entry::Type { of, .. } if of == "enum" => "enum",
            Entry::Type { of, .. } if of == "request" => "request struct",
            Entry::Type { .. } => "struct",
            Entry::Field { .. } => "field",
            Entry::Variant { .. } => "enum value",
        }
    }
}

/// A crate's public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub header: Header,
    pub entries: Vec<Entry>,
}

/// Why a previous record is not compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The file is there but cannot be read.
    Read(String),
    /// Not JSON lines of the record's shape.
    Invalid { line: usize, message: String },
    /// Its lines do not match its digest: edited by hand.
    Edited,
    /// Written by a tool with another record format.
    Format(u32),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Read(why) => write!(f, "cannot be read: {why}"),
            Unreadable::Invalid { line, message } => write!(f, "line {line} is not a record entry: {message}"),
            Unreadable::Edited => f.write_str("it was edited by hand (its lines do not match its digest)"),
            Unreadable::Format(format) => {
                write!(f, "it has record format {format}, and this postman-codegen reads format {FORMAT}")
            }
        }
    }
}

/// The record of `api`.
pub fn record(api: &Api) -> Record {
    let mut entries = Vec::new();
    let mut credentials: Vec<(String, String)> = api
        .credentials
        .iter()
        .map(|credential| {
            let params = match credential.kind {
                CredentialKind::Secret => format!("{}: impl Into<String>", credential.param),
                CredentialKind::Basic => "username: impl Into<String>, password: Option<String>".to_string(),
                CredentialKind::AwsV4 => {
                    "access_key: impl Into<String>, secret_key: impl Into<String>, session_token: impl Into<String>"
                        .to_string()
                }
                CredentialKind::OAuth1 => "consumer_key: impl Into<String>, consumer_secret: impl Into<String>, \
                                           token: impl Into<String>, token_secret: impl Into<String>"
                    .to_string(),
            };
            (format!("with_{}", credential.name), params)
        })
        .collect();
    for credential in &api.credentials {
        if let Some((grant, renew)) = &credential.grant {
            let params = match grant.grant.as_str() {
                "password" => "client_id, client_secret, username, password",
                "refresh_token" => "client_id, client_secret, refresh_token",
                _ => "client_id, client_secret",
            };
            let params: Vec<String> = params.split(", ").map(|p| format!("{p}: impl Into<String>")).collect();
            credentials.push((renew.clone(), params.join(", ")));
        }
    }
    if api.auth_kinds.iter().any(|kind| matches!(kind, AuthKind::Signed { .. })) {
        credentials.push((
            "with_signer".to_string(),
            "signer: impl Fn(&str, &mut reqwest::Request) -> Result<(), Error>".to_string(),
        ));
    }
    for (setter, params) in credentials {
        let path = format!("Client::{setter}");
        entries.push(Entry::Credential { path, signature: format!("fn {setter}(self, {params}) -> Self") });
    }
    for host in &api.hosts {
        entries.push(Entry::Host { path: format!("Client::{}", host.setter), template: host.template.clone() });
    }
    for environment in &api.environments {
        let path = format!("Client::{}", environment.method);
        entries.push(Entry::Environment { path, base_url: environment.base_url.clone() });
    }
    if api.folder_features {
        entries.extend(folder_features(api).into_iter().map(|path| Entry::Feature { path }));
    }
    for op in &api.operations {
        operation(api, op, &mut entries);
    }
    // A type by each name a module gives it: those are the paths callers write.
    for alias in &api.aliases {
        let def = &api.types[alias.ty];
        let path = item_path(api, alias.module, &alias.name);
        let user = &api.operations[alias.operation];
        let what = if def.sent { "request" } else { "example response" };
        let (of, exhaustive) = match &def.kind {
            TypeKind::Struct(_) => ("struct", false),
            TypeKind::Enum(_) => ("enum", false),
        };
        entries.push(Entry::Type {
            path: path.clone(),
            of: of.to_string(),
            origin: format!("{}, {what}", user.item_path.join(" › ")),
            exhaustive,
            serialize: def.sent,
            deserialize_feature: def.deserialize_by_feature(),
            operation: None,
            docs: digest(&alias.docs.join("\n")),
        });
        match &def.kind {
            TypeKind::Struct(fields) => {
                for field in fields {
                    entries.push(Entry::Field {
                        path: format!("{path}::{}", field.name.rust),
                        wire: field.name.wire.clone(),
                        ty: field_type(api, user, &field.ty, field.required),
                        docs: digest(&field.docs.join("\n")),
                    });
                }
            }
            TypeKind::Enum(variants) => {
                for variant in variants {
                    entries.push(Entry::Variant {
                        path: format!("{path}::{}", variant.name),
                        wire: variant.wire.clone(),
                        docs: digest(&variant.docs.join("\n")),
                    });
                }
            }
        }
    }
    let lines = render_entries(&entries);
    let header = Header {
        generated: format!(
            "{} The public API of this crate, compared at each regeneration; not read at build time.",
            crate::templates::HEADER.trim_start_matches("// ").trim_end()
        ),
        format: FORMAT,
        crate_name: api.crate_name.clone(),
        version: api.version.clone(),
        digest: digest(&lines),
    };
    Record { header, entries }
}

/// An operation's entry, its request's and its inputs'.
fn operation(api: &Api, op: &Operation, entries: &mut Vec<Entry>) {
    let client = item_path(api, op.module, &api.modules[op.module].client_name);
    let path = format!("{client}::{}", op.name);
    let request_path = item_path(api, op.module, &op.request.name);
    let mut params: Vec<String> =
        op.path_params.iter().map(|param| format!("{}: impl Into<String>", param.name)).collect();
    for field in op.request.fields.iter().filter(|f| f.field.required) {
        let ty = field_type(api, op, &field.field.ty, true);
        let ty = if ty == "String" { "impl Into<String>".to_string() } else { ty };
        params.push(format!("{}: {ty}", field.field.name.rust));
    }
    let returns = match &op.success {
        Success::Empty => "Response<()>".to_string(),
        Success::Json(ty) => format!("Response<{}>", plain(&type_text(api, op, ty, "crate"))),
        Success::OptionalJson(ty) => format!("Response<Option<{}>>", plain(&type_text(api, op, ty, "crate"))),
        Success::Text => "Response<String>".to_string(),
        Success::Raw => "Response<Vec<u8>>".to_string(),
        Success::Binary => "ByteStream".to_string(),
    };
    let host = op.host.map(|host| format!(" at {}", api.hosts[host].template)).unwrap_or_default();
    let streams = match op.pagination {
        Some(_) => vec![format!("{request_path}::pages"), format!("{request_path}::items")],
        None => Vec::new(),
    };
    entries.push(Entry::Operation {
        path: path.clone(),
        item: op.item_path.join(" › "),
        http: format!("{} {}{host}", op.method, op.path_template),
        signature: format!(
            "fn {}(&self{}) -> {request_path}; awaited: Result<{returns}, Error>",
            op.name,
            prefixed(&params)
        ),
        streams,
        docs: digest(&[op.summary.clone(), op.description.join("\n")].join("\n")),
    });
    entries.push(Entry::Type {
        path: request_path.clone(),
        of: "request".to_string(),
        origin: format!("{}, request", op.item_path.join(" › ")),
        exhaustive: false,
        serialize: false,
        deserialize_feature: false,
        operation: Some(path.clone()),
        docs: String::new(),
    });
    for field in &op.request.fields {
        let location = match field.location {
            Location::Query => "query",
            Location::Header => "header",
            Location::FormPart => "form part",
            Location::Urlencoded => "form field",
            Location::JsonBody => "JSON body",
            Location::TextBody => "text body",
            Location::BinaryBody => "binary body",
            Location::GraphqlVariables => "GraphQL variables",
        };
        entries.push(Entry::Input {
            path: format!("{request_path}::{}", field.field.name.rust),
            operation: path.clone(),
            wire: field.field.name.wire.clone(),
            location: location.to_string(),
            ty: field_type(api, op, &field.field.ty, field.field.required),
            docs: digest(&field.field.docs.join("\n")),
        });
    }
}

/// `, a, b` for parameters after `&self`.
fn prefixed(params: &[String]) -> String {
    params.iter().map(|param| format!(", {param}")).collect()
}

/// `a::b::Name` for an item of module `module` (`Name` at the root).
fn item_path(api: &Api, module: ModuleId, name: &str) -> String {
    let mut path: Vec<&str> = module_path(api, module);
    path.push(name);
    path.join("::")
}

/// A field's Rust type, as the docs show it (`Option<Vec<users::UsersItem>>`), by the names
/// `op` gives types.
fn field_type(api: &Api, op: &Operation, ty: &TypeRef, required: bool) -> String {
    let ty = plain(&type_text(api, op, ty, "crate"));
    if required { ty } else { format!("Option<{ty}>") }
}

/// A type's text without the `crate::` of its paths.
fn plain(text: &str) -> String {
    text.replace("crate::", "")
}

/// A short, stable digest of documentation text (the first 16 hex digits of its SHA-256).
fn digest(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let hash = sha2::Sha256::digest(text.as_bytes());
    hash.iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

fn render_entries(entries: &[Entry]) -> String {
    entries.iter().map(|entry| serde_json::to_string(entry).unwrap_or_default() + "\n").collect()
}

/// The record as the file's text.
pub fn render(record: &Record) -> String {
    let header = serde_json::to_string(&record.header).unwrap_or_default();
    format!("{header}\n{}", render_entries(&record.entries))
}

/// The record in `dir`: `None` when there is none, else the record or why it cannot be
/// compared.
pub fn read(dir: &std::path::Path) -> Option<Result<Record, Unreadable>> {
    match std::fs::read_to_string(dir.join(FILE)) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => Some(Err(Unreadable::Read(error.to_string()))),
        Ok(text) => Some(parse(&text)),
    }
}

/// Reads a record's text: the record, or why it cannot be compared.
pub fn parse(text: &str) -> Result<Record, Unreadable> {
    let mut lines = text.lines();
    let invalid = |line: usize, message: String| Unreadable::Invalid { line, message };
    let first = lines.next().ok_or_else(|| invalid(1, "the file is empty".to_string()))?;
    let format = serde_json::from_str::<serde_json::Value>(first)
        .map_err(|error| invalid(1, error.to_string()))?
        .get("format")
        .and_then(serde_json::Value::as_u64);
    match format {
        Some(format) if format != u64::from(FORMAT) => {
            return Err(Unreadable::Format(u32::try_from(format).unwrap_or(u32::MAX)));
        }
        _ => {}
    }
    let header: Header = serde_json::from_str(first).map_err(|error| invalid(1, error.to_string()))?;
    let rest = text.split_once('\n').map_or("", |(_, rest)| rest);
    if digest(rest) != header.digest {
        return Err(Unreadable::Edited);
    }
    let entries = lines
        .enumerate()
        .map(|(at, line)| serde_json::from_str(line).map_err(|error| invalid(at + 2, error.to_string())))
        .collect::<Result<Vec<Entry>, _>>()?;
    Ok(Record { header, entries })
}

/// A Rust path in report text: in backticks, code-safe.
pub fn code(path: &str) -> String {
    format!("`{}`", code_safe(path))
}
