//! Postman model → IR. The only stage that knows Postman's quirks: folder trees, auth
//! inheritance, variables, string-or-object fields and the hints written in descriptions.

mod body;
pub mod docs;
mod fields;
pub mod hints;
mod operation;
mod pagination;
mod responses;
pub mod shapes;
mod sharing;
mod types;
mod url;

use std::collections::{BTreeMap, BTreeSet};

use crate::config::CrateOptions;
use crate::error::Error;
use crate::ir::{self, Api, AuthKind, Credential, CredentialKind, Module, ModuleId};
use crate::naming::{self, Scope};
use crate::postman::{self, Collection, Item};
use types::TypeTable;

/// Something the generator could not map faithfully, named by its item path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    /// `Zoom API › users › Create users`.
    pub item: String,
    pub message: String,
}

/// What a warning is about; the CLI groups warnings by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// Pre-request or test scripts, which the client does not run.
    Scripts,
    /// Authentication that signs each request (Hawk, NTLM…): the client calls a hook.
    SignedAuth,
    /// An auth block that leaves out a setting the client needs, or has one it does not know.
    AuthSettings,
    /// A body mode the client cannot send.
    UnsupportedBody,
    /// A GET/HEAD/… body that Postman prunes too.
    PrunedBody,
    /// A saved example that says JSON but does not parse.
    InvalidExample,
    /// An operation that looks paged but whose items cannot be found.
    NoPagination,
    /// A request to another host the collection does not define.
    OtherHost,
    /// An environment that does not give the base URL.
    Environment,
    /// An item's own `Authorization` header beside an auth that sets another header.
    AuthorizationHeader,
    /// A path with `.` or `..` segments, sent resolved.
    DotSegments,
}

impl WarningKind {
    /// One line for a group of warnings of this kind.
    pub fn summary(self) -> &'static str {
        match self {
            Self::Scripts => "scripts that the generated client does not run",
            Self::SignedAuth => "authentication that signs each request, left to `Client::with_signer`",
            Self::AuthSettings => "auth blocks with settings missing or unknown",
            Self::UnsupportedBody => "body modes the client cannot send",
            Self::PrunedBody => "bodies not sent, as Postman does not send them",
            Self::InvalidExample => "saved JSON examples that do not parse",
            Self::NoPagination => "operations that seem to page but have no page or item streams",
            Self::OtherHost => {
                "requests to another host the collection does not define, each with its own base URL setting"
            }
            Self::Environment => "environments without a base URL",
            Self::AuthorizationHeader => "`Authorization` headers sent as a request field, not as a credential",
            Self::DotSegments => "paths with `.` or `..` segments, sent resolved",
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.item, self.message)
    }
}

/// The IR of a collection and what could not be mapped.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub api: Api,
    pub warnings: Vec<Warning>,
    /// What was read differently from a plain collection file.
    pub notes: Vec<String>,
}

/// What every field of one operation shares.
pub(super) struct Context<'a> {
    pub item: String,
    pub prefix: String,
    pub owner: types::Owner,
    pub variables: &'a Variables,
}

/// Effective authentication: inherited from collection to folder to request; `noauth` stops it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Auth {
    None,
    /// The kind, its credential values as the collection gives them (variables resolved),
    /// used for examples, and the credential's source as written (`{{accessToken}}`; the user
    /// name and password for basic auth; nothing for a signing scheme).
    Kind(AuthKind, Vec<(String, String)>, Vec<String>),
}

/// A parameter of an auth block (`params`, its own type's): v2.1 writes a list of
/// `{key, value}`, v2.0 an object.
fn auth_param(params: Option<&postman::AuthParams>, key: &str) -> Option<String> {
    match params?.get(key)? {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The settings of the auth blocks the client signs itself, as Postman writes them.
const OAUTH1_SETTINGS: &[&str] = &[
    "consumerKey",
    "consumerSecret",
    "token",
    "tokenSecret",
    "signatureMethod",
    "timestamp",
    "timeStamp",
    "nonce",
    "version",
    "realm",
    "callback",
    "verifier",
    "addParamsToHeader",
    "addEmptyParamsToSign",
    "includeBodyHash",
    "disableHeaderEncoding",
    "autoAddParam",
    "encodeOAuthSign",
    "privateKey",
];
const AWSV4_SETTINGS: &[&str] =
    &["accessKey", "secretKey", "sessionToken", "service", "region", "addAuthDataToQuery", "saveHelperData"];
const DIGEST_SETTINGS: &[&str] = &[
    "username",
    "password",
    "realm",
    "nonce",
    "algorithm",
    "qop",
    "nonceCount",
    "clientNonce",
    "opaque",
    "disableRetryRequest",
    "saveHelperData",
];

/// The OAuth 1.0 signature methods the client signs with itself (RSA ones are left to the
/// signing hook).
const OAUTH1_METHODS: &[&str] = &["HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT"];

/// The Digest algorithms the client answers with itself (an empty one is `MD5`).
const DIGEST_ALGORITHMS: &[&str] =
    &["", "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"];

/// Variables in scope, `{{name}}` references resolved the way Postman does (values may refer to
/// other variables).
#[derive(Debug, Clone, Default)]
pub(crate) struct Variables {
    values: BTreeMap<String, String>,
}

impl Variables {
    /// These variables with `variables` added; these themselves (not a copy) when `variables`
    /// is empty, as it is for most items.
    fn with(&self, variables: &[postman::Variable]) -> std::borrow::Cow<'_, Variables> {
        if variables.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut values = self.values.clone();
        for variable in variables.iter().filter(|v| !v.disabled) {
            if let (Some(name), Some(value)) = (variable.name(), variable.value_text()) {
                values.insert(name.to_string(), value);
            }
        }
        std::borrow::Cow::Owned(Variables { values })
    }

    /// These variables with an environment's over them; its secret ones are removed, so that
    /// references to them stay as written.
    fn with_environment(&self, environment: &postman::Environment) -> Variables {
        let values: Vec<postman::Variable> = environment.values.iter().map(|v| v.as_variable()).collect();
        let mut variables = self.with(&values).into_owned();
        for value in environment.values.iter().filter(|v| v.is_secret()) {
            variables.values.remove(&value.key);
        }
        variables
    }

    /// Substitutes every known `{{name}}`, repeatedly (bounded, so cycles terminate); unknown
    /// references stay as written.
    pub(crate) fn resolve(&self, text: &str) -> String {
        let Some(mut current) = self.resolve_once(text) else {
            return text.to_string();
        };
        for _ in 1..16 {
            match self.resolve_once(&current) {
                Some(next) => current = next,
                None => break,
            }
        }
        current
    }

    /// One pass of substitution; `None` when nothing was substituted.
    fn resolve_once(&self, text: &str) -> Option<String> {
        let mut out = String::new();
        let mut substituted = false;
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else { break };
            let name = &after[..end];
            if let Some(value) = self.values.get(name) {
                if !substituted {
                    out.reserve(text.len());
                    substituted = true;
                }
                out.push_str(&rest[..start]);
                out.push_str(value);
            } else {
                out.push_str(&rest[..start + 2 + end + 2]);
            }
            rest = &after[end + 2..];
        }
        if !substituted {
            return None;
        }
        out.push_str(rest);
        Some(out)
    }
}

struct Lowerer {
    file: String,
    api: Api,
    types: TypeTable,
    /// The sub-clients' names, unique in the crate.
    client_names: Scope,
    /// Per module: the names its client already uses.
    scopes: Vec<Scope>,
    warnings: Vec<Warning>,
    /// Resolved origin → number of operations using it; the most used is the base URL.
    origins: BTreeMap<String, usize>,
    /// Each operation's item path and resolved origin.
    op_origins: Vec<(String, String)>,
    /// Resolved origin → the origin as written (`{{baseUrl}}`), to resolve it per environment.
    origin_templates: BTreeMap<String, String>,
    /// Folders and items to leave out, and method names, by item path; each records whether
    /// it matched something.
    exclude: BTreeMap<String, bool>,
    operation_names: BTreeMap<String, (String, bool)>,
    /// Method names a config asks for that cannot be given.
    rename_errors: Vec<String>,
    /// The sub-client names of the top-level folders, kept for them.
    top_clients: BTreeSet<String>,
}

impl Lowerer {
    /// The credential of this kind and source, added (unnamed) when it is new.
    fn credential(
        &mut self,
        kind: CredentialKind,
        source: Vec<String>,
        values: Vec<String>,
        grant: Option<(ir::OAuth2Grant, String)>,
    ) -> usize {
        let credentials = &mut self.api.credentials;
        match credentials.iter().position(|c| c.kind == kind && c.source == source) {
            Some(index) => index,
            None => {
                credentials.push(Credential { name: String::new(), param: String::new(), kind, source, values, grant });
                credentials.len() - 1
            }
        }
    }
}

/// Names the credentials, in the order they are first used: a secret after its variable
/// (`{{accessToken}}` → `access_token`), else after its kind (`bearer_token`, `api_key`); basic
/// credentials `basic_auth`, or after both variables when there are several
/// (`client_id_and_client_secret`). The setter (`with_…`) takes a name the root client has
/// free, so a taken one gets a number.
fn name_credentials(api: &mut Api, scope: &mut Scope) {
    let variable = |text: &str| {
        let name = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
        (!name.contains("{{") && !name.contains("}}")).then(|| naming::snake(name, "credential"))
    };
    let basics = api.credentials.iter().filter(|c| c.kind == CredentialKind::Basic).count();
    let kinds: Vec<Option<&AuthKind>> = api
        .credentials
        .iter()
        .enumerate()
        .map(|(index, _)| api.operations.iter().find(|op| op.credential == Some(index)).and_then(|op| op.auth.as_ref()))
        .collect();
    for (credential, kind) in api.credentials.iter_mut().zip(&kinds) {
        let key = matches!(kind, Some(AuthKind::ApiKey { .. }));
        credential.param = if key { "key" } else { "token" }.to_string();
    }
    let names: Vec<String> = api
        .credentials
        .iter()
        .zip(kinds)
        .map(|(credential, kind)| match credential.kind {
            CredentialKind::Secret => {
                credential.source.first().and_then(|s| variable(s)).unwrap_or_else(|| match kind {
                    Some(AuthKind::ApiKey { .. }) => "api_key".to_string(),
                    _ => "bearer_token".to_string(),
                })
            }
            CredentialKind::OAuth1 => "oauth1".to_string(),
            CredentialKind::AwsV4 => "aws".to_string(),
            CredentialKind::Basic => match (basics, &credential.source[..]) {
                (2.., [user, password]) => match (variable(user), variable(password)) {
                    (Some(user), Some(password)) => format!("{user}_and_{password}"),
                    _ => "basic_auth".to_string(),
                },
                _ => "basic_auth".to_string(),
            },
        })
        .collect();
    for (credential, name) in api.credentials.iter_mut().zip(names) {
        let setter = scope.claim(&format!("with_{name}"));
        credential.name = setter.strip_prefix("with_").unwrap_or(&setter).to_string();
        if let Some((grant, renew)) = &mut credential.grant {
            let via = if grant.grant == "refresh_token" { "refresh_token" } else { grant.grant.as_str() };
            *renew = scope.claim(&format!("with_{}_from_{via}", credential.name));
        }
    }
}

/// An item's path below the collection, as a config names it: `users/List users`.
fn config_path(item_path: &[String]) -> String {
    item_path[1..].join("/")
}

/// A module's folder path from the root, each name in UpperCamelCase (`users › tsp` →
/// `UsersTsp`; empty for the root): what qualifies a name two folders would both take.
fn camel_path(api: &Api, module: ModuleId) -> String {
    let mut path = Vec::new();
    let mut current = Some(module);
    while let Some(id) = current.filter(|id| *id != 0) {
        path.push(naming::camel_prefix(&api.modules[id].name, "Folder"));
        current = api.modules[id].parent;
    }
    path.reverse();
    path.concat()
}

/// Lowers a parsed collection; `file` names it in errors.
pub fn lower(collection: &Collection, file: &str, options: &CrateOptions) -> Result<Lowered, Error> {
    let title = collection.info.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "API".to_string());
    let description = collection.info.description.as_ref().map(|d| docs::clean(d.text())).unwrap_or_default();
    let mut lowerer = Lowerer {
        file: file.to_string(),
        api: Api {
            title: title.clone(),
            crate_name: naming::crate_name(&title),
            description,
            base_url: None,
            undefined_base_url: None,
            version: options.version.clone().unwrap_or_else(|| "0.1.0".to_string()),
            folder_features: options.folder_features,
            environments: Vec::new(),
            hosts: Vec::new(),
            variables: Vec::new(),
            auth_kinds: Vec::new(),
            credentials: Vec::new(),
            modules: vec![Module {
                name: String::new(),
                title: title.clone(),
                client_name: "Client".to_string(),
                description: Vec::new(),
                parent: None,
                children: Vec::new(),
                operations: Vec::new(),
            }],
            operations: Vec::new(),
            types: Vec::new(),
            aliases: Vec::new(),
        },
        types: TypeTable::default(),
        client_names: Scope::with_reserved(crate::emit::names::root_types()),
        scopes: vec![Scope::with_reserved(crate::emit::names::root_methods())],
        warnings: Vec::new(),
        origins: BTreeMap::new(),
        op_origins: Vec::new(),
        origin_templates: BTreeMap::new(),
        exclude: options.exclude.iter().map(|path| (path.clone(), false)).collect(),
        operation_names: options
            .operation_names
            .iter()
            .map(|(path, name)| (path.clone(), (name.clone(), false)))
            .collect(),
        rename_errors: Vec::new(),
        top_clients: {
            let names: Vec<&str> =
                collection.item.iter().map(|item| item.name.as_deref().unwrap_or_default()).collect();
            let named_as = naming::sibling_names(&names);
            let folders = collection.item.iter().zip(named_as).filter(|(item, _)| item.item.is_some());
            folders
                .map(|(_, name)| format!("{}Client", naming::camel_prefix(&naming::module(name), "Folder")))
                .collect()
        },
    };
    if collection.items.is_some() && collection.item.is_empty() {
        return Err(Error::Collection {
            file: file.to_string(),
            item: title,
            message: "the collection has `items`; the format calls it `item`".to_string(),
        });
    }
    let collection_variables = Variables::default().with(&collection.variable).into_owned();
    // Environment values take precedence over the collection's, as in Postman; a secret one
    // is never written into code, so a reference to it stays unresolved.
    let variables = match options.default_environment() {
        Some(environment) => collection_variables.with_environment(environment),
        None => collection_variables.clone(),
    };
    lowerer.api.variables = collection
        .variable
        .iter()
        .filter(|v| !v.disabled)
        .filter_map(|v| Some((v.name()?.to_string(), variables.resolve(&v.value_text()?))))
        .collect();
    let auth = lowerer.auth(collection.auth.as_ref(), Auth::None, &title, &variables);
    if !collection.event.is_empty() {
        lowerer.warn(WarningKind::Scripts, &title, "collection scripts are not executed by the generated client");
    }
    lowerer.items(&collection.item, 0, std::slice::from_ref(&title), auth, &variables)?;
    let config_file = options.config.as_ref().map_or_else(|| "options".to_string(), |path| path.display().to_string());
    let config_error = |message: String| Error::Config { file: config_file.clone(), message };
    if let Some((path, _)) = lowerer.exclude.iter().find(|(_, matched)| !**matched) {
        return Err(config_error(format!("`exclude`: `{path}` matches no folder or item of the collection")));
    }
    if let Some(error) = lowerer.rename_errors.first() {
        return Err(config_error(error.clone()));
    }
    if let Some((path, _)) = lowerer.operation_names.iter().find(|(_, (_, matched))| !*matched) {
        return Err(config_error(format!("`rename.operations`: `{path}` matches no item of the collection")));
    }
    let mut api = lowerer.api;
    name_credentials(&mut api, &mut lowerer.scopes[0]);
    api.types = lowerer.types.name(&mut api);
    types::rename(&mut api, &options.type_names).map_err(config_error)?;
    sharing::place(&mut api);
    sharing::mark_directions(&mut api);
    api.auth_kinds.sort();
    api.auth_kinds.dedup();
    let most_used = lowerer
        .origins
        .iter()
        .max_by_key(|(origin, count)| (**count, std::cmp::Reverse((*origin).clone())))
        .map(|(origin, _)| origin.clone());
    api.base_url = most_used.clone().filter(|origin| is_absolute(origin));
    let template = most_used.as_ref().and_then(|origin| lowerer.origin_templates.get(origin));
    api.environments = environments(
        &mut lowerer.scopes[0],
        &mut lowerer.warnings,
        options,
        &collection_variables,
        template.map(String::as_str),
    );
    // The host is a variable the collection does not define: the user gives the base URL.
    api.undefined_base_url = most_used.clone().filter(|_| api.base_url.is_none());
    let mut warnings = lowerer.warnings;
    // Requests to another origin than the most used one go to that host's own base URL.
    let mut hosts: BTreeMap<String, usize> = BTreeMap::new();
    for (index, (item, origin)) in lowerer.op_origins.into_iter().enumerate() {
        if origin.is_empty() || Some(&origin) == most_used.as_ref() {
            continue;
        }
        let template = lowerer.origin_templates.get(&origin).cloned().unwrap_or_else(|| origin.clone());
        let host = match hosts.get(&origin) {
            Some(host) => *host,
            None => {
                let absolute = is_absolute(&origin);
                let setter = lowerer.scopes[0].claim(&format!("with_{}_base_url", naming::host(&template, &origin)));
                if !absolute {
                    warnings.push(Warning {
                        kind: WarningKind::OtherHost,
                        item: item.clone(),
                        message: format!(
                            "the request goes to `{origin}`, which the collection does not define: its base URL is \
                             set with `Client::{setter}`"
                        ),
                    });
                }
                api.hosts.push(ir::Host { template, setter, default: absolute.then(|| origin.clone()) });
                hosts.insert(origin, api.hosts.len() - 1);
                api.hosts.len() - 1
            }
        };
        api.operations[index].host = Some(host);
    }
    warnings.sort_by(|a, b| a.item.cmp(&b.item));
    let notes = collection
        .exported
        .then(|| {
            "the file is a collection exported through Postman's API (`{\"collection\": {…}}`): read from its \
             `collection` member"
                .to_string()
        })
        .into_iter()
        .collect();
    Ok(Lowered { api, warnings, notes })
}

/// Each Postman environment that resolves the base URL: its constructor's name and base URL;
/// a warning for each other one.
fn environments(
    scope: &mut Scope,
    warnings: &mut Vec<Warning>,
    options: &CrateOptions,
    collection_variables: &Variables,
    template: Option<&str>,
) -> Vec<ir::Environment> {
    let mut environments = Vec::new();
    for environment in &options.environments {
        let resolved = template.map(|t| collection_variables.with_environment(environment).resolve(t));
        match resolved.filter(|url| is_absolute(url)) {
            Some(base_url) => {
                // `default` would name its constant like `DEFAULT_BASE_URL`.
                let candidate = match naming::method(&environment.name) {
                    name if name == "default" => "default_environment".to_string(),
                    name => name,
                };
                let method = scope.claim(&candidate);
                let is_default = options.default_environment().is_some_and(|e| e.name == environment.name);
                environments.push(ir::Environment { name: environment.name.clone(), method, base_url, is_default });
            }
            None => warnings.push(Warning {
                kind: WarningKind::Environment,
                item: environment.name.clone(),
                message: format!(
                    "the environment does not give the base URL (`{}`): it has no constructor",
                    template.unwrap_or("no request has a URL")
                ),
            }),
        }
    }
    environments
}

/// An `http` or `https` URL with no variable left in it.
fn is_absolute(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && !url.contains("{{")
}

impl Lowerer {
    fn warn(&mut self, kind: WarningKind, item: &str, message: impl Into<String>) {
        self.warnings.push(Warning { kind, item: item.to_string(), message: message.into() });
    }

    /// Warns of a signing auth block's missing credentials (the program must give them) and of
    /// settings the client does not know (it signs without them).
    fn check_auth_settings(&mut self, kind: &str, params: Option<&postman::AuthParams>, item: &str) {
        let (needed, known, setter): (&[&str], &[&str], &str) = match kind {
            "oauth1" => (&["consumerKey", "consumerSecret"], OAUTH1_SETTINGS, "with_oauth1"),
            "awsv4" => (&["accessKey", "secretKey"], AWSV4_SETTINGS, "with_aws"),
            "digest" => (&["username"], DIGEST_SETTINGS, "the user name and password setter"),
            _ => return,
        };
        let given = |key: &str| auth_param(params, key).is_some_and(|value| !value.trim().is_empty());
        for key in needed.iter().filter(|key| !given(key)) {
            self.warn(
                WarningKind::AuthSettings,
                item,
                format!("the `{kind}` auth gives no `{key}`: the program gives it (`{setter}`), or the request goes unsigned"),
            );
        }
        let unknown: Vec<String> = params
            .iter()
            .flat_map(|params| &params.0)
            .map(|(key, _)| key.clone())
            .filter(|key| !known.contains(&key.as_str()))
            .collect();
        for key in unknown {
            self.warn(
                WarningKind::AuthSettings,
                item,
                format!(
                    "the `{kind}` auth has a setting `{}` the client does not know: it signs without it",
                    docs::code_safe(&key)
                ),
            );
        }
    }

    fn auth(&mut self, auth: Option<&postman::Auth>, inherited: Auth, item: &str, variables: &Variables) -> Auth {
        let Some(auth) = auth else { return inherited };
        let params = auth.own_params();
        self.check_auth_settings(&auth.kind, params.as_ref(), item);
        let raw = |key: &str| auth_param(params.as_ref(), key);
        let param = |key: &str| raw(key).map(|value| variables.resolve(&value));
        let values = |keys: &[&str]| -> Vec<(String, String)> {
            keys.iter().map(|key| (key.to_string(), param(key).unwrap_or_default())).collect()
        };
        let source = |keys: &[&str]| -> Vec<String> { keys.iter().map(|key| raw(key).unwrap_or_default()).collect() };
        match auth.kind.as_str() {
            "noauth" => Auth::None,
            "inherit" => inherited,
            "bearer" => Auth::Kind(AuthKind::Bearer, values(&["token"]), source(&["token"])),
            "basic" => {
                Auth::Kind(AuthKind::Basic, values(&["username", "password"]), source(&["username", "password"]))
            }
            "apikey" => Auth::Kind(
                AuthKind::ApiKey {
                    name: param("key").filter(|k| !k.is_empty()).unwrap_or_else(|| "api_key".to_string()),
                    in_query: param("in").as_deref() == Some("query"),
                },
                values(&["value"]),
                source(&["value"]),
            ),
            "oauth2" => {
                let in_query = param("addTokenTo").as_deref() == Some("queryParams");
                let prefix = param("headerPrefix").unwrap_or_else(|| "Bearer".to_string());
                let mut token = vec![("token".to_string(), param("accessToken").unwrap_or_default())];
                // The grant the client can renew the token with (read when the credential is made).
                let grant = param("grant_type").or_else(|| param("grantType")).unwrap_or_default();
                let client_auth = param("client_authentication").or_else(|| param("clientAuth")).unwrap_or_default();
                for (key, value) in [
                    ("grant_type", grant),
                    ("accessTokenUrl", param("accessTokenUrl").unwrap_or_default()),
                    ("scope", param("scope").unwrap_or_default()),
                    ("client_authentication", client_auth),
                    ("refreshToken", param("refreshToken").unwrap_or_default()),
                ] {
                    if !value.is_empty() {
                        token.push((key.to_string(), value));
                    }
                }
                let source = source(&["accessToken"]);
                if !in_query && prefix == "Bearer" {
                    Auth::Kind(AuthKind::Bearer, token, source)
                } else {
                    Auth::Kind(AuthKind::OAuth2 { in_query, prefix }, token, source)
                }
            }
            "oauth1" if OAUTH1_METHODS.contains(&param("signatureMethod").unwrap_or_default().as_str()) => {
                let flag = |key: &str| param(key).is_some_and(|value| value == "true");
                let text = |key: &str| param(key).unwrap_or_default();
                let settings = ir::OAuth1 {
                    signature_method: text("signatureMethod"),
                    version: text("version"),
                    realm: text("realm"),
                    callback: text("callback"),
                    verifier: text("verifier"),
                    timestamp: param("timestamp").or_else(|| param("timeStamp")).unwrap_or_default(),
                    nonce: text("nonce"),
                    to_header: flag("addParamsToHeader"),
                    sign_empty: flag("addEmptyParamsToSign"),
                    body_hash: flag("includeBodyHash"),
                    raw_header: flag("disableHeaderEncoding"),
                };
                let keys = ["consumerKey", "consumerSecret", "token", "tokenSecret"];
                Auth::Kind(AuthKind::OAuth1(Box::new(settings)), values(&keys), source(&keys))
            }
            "digest"
                if DIGEST_ALGORITHMS.contains(&param("algorithm").unwrap_or_default().as_str())
                    && param("qop").is_none_or(|qop| qop != "auth-int") =>
            {
                let text = |key: &str| param(key).unwrap_or_default();
                let settings = ir::Digest {
                    algorithm: text("algorithm"),
                    realm: text("realm"),
                    nonce: text("nonce"),
                    qop: text("qop"),
                    opaque: text("opaque"),
                    client_nonce: text("clientNonce"),
                    nonce_count: text("nonceCount"),
                };
                let keys = ["username", "password"];
                Auth::Kind(AuthKind::Digest(Box::new(settings)), values(&keys), source(&keys))
            }
            "awsv4" => {
                let settings = ir::AwsV4 {
                    service: param("service").filter(|s| !s.is_empty()).unwrap_or_else(|| "execute-api".to_string()),
                    region: param("region").filter(|r| !r.is_empty()).unwrap_or_else(|| "us-east-1".to_string()),
                    to_query: param("addAuthDataToQuery").is_some_and(|value| value == "true"),
                };
                let keys = ["accessKey", "secretKey", "sessionToken"];
                Auth::Kind(AuthKind::AwsV4(settings), values(&keys), source(&keys))
            }
            other => {
                self.warn(
                    WarningKind::SignedAuth,
                    item,
                    format!(
                        "`{other}{}",
                        "` authentication signs each request: the generated client calls the signing hook \
                         set with `Client::with_signer`"
                    ),
                );
                let values = params
                    .iter()
                    .flat_map(|params| &params.0)
                    .filter_map(|(key, value)| {
                        let value = value.as_ref()?;
                        let text = value.as_str().map_or_else(|| value.to_string(), str::to_string);
                        Some((key.clone(), variables.resolve(&text)))
                    })
                    .collect();
                Auth::Kind(AuthKind::Signed { kind: other.to_string() }, values, Vec::new())
            }
        }
    }

    fn items(
        &mut self,
        items: &[Item],
        module: ModuleId,
        path: &[String],
        auth: Auth,
        variables: &Variables,
    ) -> Result<(), Error> {
        let names: Vec<&str> = items.iter().map(|item| item.name.as_deref().unwrap_or_default()).collect();
        let named_as = naming::sibling_names(&names);
        for (item, named_as) in items.iter().zip(named_as) {
            let name = item.name.clone().unwrap_or_default();
            let mut item_path = path.to_vec();
            item_path.push(name.clone());
            let display = item_path.join(" › ");
            if let Some(matched) = self.exclude.get_mut(&config_path(&item_path)) {
                *matched = true;
                continue;
            }
            if item.items.is_some() && item.item.is_none() {
                return Err(Error::Collection {
                    file: self.file.clone(),
                    item: display,
                    message: "the folder has `items`; the format calls it `item`".to_string(),
                });
            }
            let item_variables = variables.with(&item.variable);
            let item_auth = self.auth(item.auth.as_ref(), auth.clone(), &display, &item_variables);
            if !item.event.is_empty() {
                self.warn(WarningKind::Scripts, &display, "scripts are not executed by the generated client");
            }
            match (&item.item, &item.request) {
                (Some(children), _) => {
                    let child = self.folder(item, named_as, module);
                    self.items(children, child, &item_path, item_auth, &item_variables)?;
                }
                (None, Some(request)) => {
                    // A request's own `auth` (inside `request`) overrides what it inherits.
                    let request_auth = match request {
                        postman::Request::Object(object) => object.auth.as_ref(),
                        postman::Request::Url(_) => None,
                    };
                    let item_auth = self.auth(request_auth, item_auth, &display, &item_variables);
                    let op = operation::lower(
                        self,
                        operation::Named { item, request, named_as },
                        module,
                        item_path,
                        item_auth,
                        &item_variables,
                    );
                    if let Some(kind) = &op.auth {
                        self.api.auth_kinds.push(kind.clone());
                    }
                    let id = self.api.operations.len();
                    self.api.modules[module].operations.push(id);
                    self.api.operations.push(op);
                }
                (None, None) => {
                    return Err(Error::Collection {
                        file: self.file.clone(),
                        item: display,
                        message: "the item has neither `request` nor `item`".to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// A folder's sub-client type name. A top-level folder gets its plain name
    /// (`users` → `UsersClient`); a nested folder named like another, or like any top-level
    /// folder, is named after its parent (`chat › users` → `ChatUsersClient`), or when that is
    /// taken too, after its whole folder path (`meetings › {meetingId} › polls` →
    /// `MeetingsMeetingIdPollsClient`); only a top-level folder, or a path taken as well, gets a
    /// number.
    fn client_name(&mut self, name: &str, parent: ModuleId) -> String {
        let own = format!("{}Client", naming::camel_prefix(name, "Folder"));
        // A top-level folder's name is kept for it, even when a nested folder comes first.
        let free =
            |lowerer: &Self, name: &str| !lowerer.client_names.contains(name) && !lowerer.top_clients.contains(name);
        if parent == 0 || free(self, &own) {
            return self.client_names.claim(&own);
        }
        let parent_name = self.api.modules[parent].client_name.trim_end_matches(|c: char| c.is_ascii_digit());
        let near = format!("{}{own}", parent_name.strip_suffix("Client").unwrap_or(parent_name));
        if free(self, &near) {
            return self.client_names.claim(&near);
        }
        self.client_names.claim(&format!("{}{own}", camel_path(&self.api, parent)))
    }

    /// A folder becomes a module with its own sub-client, named from `named_as` (its name
    /// without an ordinal prefix, see [`naming::sibling_names`]).
    fn folder(&mut self, item: &Item, named_as: &str, parent: ModuleId) -> ModuleId {
        let title = item.name.clone().unwrap_or_default();
        let name = self.scopes[parent].claim(&naming::module(named_as));
        let client_name = self.client_name(&name, parent);
        let description = item.description.as_ref().map(|d| docs::clean(d.text())).unwrap_or_default();
        let id = self.api.modules.len();
        self.api.modules.push(Module {
            name,
            title,
            client_name,
            description,
            parent: Some(parent),
            children: Vec::new(),
            operations: Vec::new(),
        });
        self.api.modules[parent].children.push(id);
        self.scopes.push(Scope::with_reserved(crate::emit::names::sub_client_methods()));
        id
    }
}
