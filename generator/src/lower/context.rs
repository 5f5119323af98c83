//! What lowering carries while it walks the collection: the [`Lowerer`] (the API being built,
//! the names each scope has taken, the warnings), each operation's [`Context`], the
//! [`Variables`] in scope and the effective [`Auth`]. The walk is in `lower/mod.rs`; the parts
//! of one item (`operation`, `fields`, `body`, `responses`) take these from here.

use std::collections::{BTreeMap, BTreeSet};

use super::docs;
use super::types::{self, TypeTable};
use crate::ir::{self, Api, AuthKind, Credential, CredentialKind};
use crate::naming::Scope;
use crate::postman;

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
    pub(super) fn with(&self, variables: &[postman::Variable]) -> std::borrow::Cow<'_, Variables> {
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
    pub(super) fn with_environment(&self, environment: &postman::Environment) -> Variables {
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

pub(super) struct Lowerer {
    pub(super) file: String,
    pub(super) api: Api,
    pub(super) types: TypeTable,
    /// The sub-clients' names, unique in the crate.
    pub(super) client_names: Scope,
    /// Per module: the names its client already uses.
    pub(super) scopes: Vec<Scope>,
    pub(super) warnings: Vec<Warning>,
    /// Resolved origin → number of operations using it; the most used is the base URL.
    pub(super) origins: BTreeMap<String, usize>,
    /// Each operation's item path and resolved origin.
    pub(super) op_origins: Vec<(String, String)>,
    /// Resolved origin → the origin as written (`{{baseUrl}}`), to resolve it per environment.
    pub(super) origin_templates: BTreeMap<String, String>,
    /// Folders and items to leave out, and method names, by item path; each records whether
    /// it matched something.
    pub(super) exclude: BTreeMap<String, bool>,
    pub(super) operation_names: BTreeMap<String, (String, bool)>,
    /// Method names a config asks for that cannot be given.
    pub(super) rename_errors: Vec<String>,
    /// The sub-client names of the top-level folders, kept for them.
    pub(super) top_clients: BTreeSet<String>,
}

impl Lowerer {
    /// The credential of this kind and source, added (unnamed) when it is new.
    pub(super) fn credential(
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

/// An item's path below the collection, as a config names it: `users/List users`.
pub(super) fn config_path(item_path: &[String]) -> String {
    item_path[1..].join("/")
}

impl Lowerer {
    pub(super) fn warn(&mut self, kind: WarningKind, item: &str, message: impl Into<String>) {
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

    pub(super) fn auth(
        &mut self,
        auth: Option<&postman::Auth>,
        inherited: Auth,
        item: &str,
        variables: &Variables,
    ) -> Auth {
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
}
