//! The head of `src/lib.rs` (crate docs, modules, `Client` and its methods) written straight as
//! text, exactly as `prettyplease` prints `client::head_tokens`.
//!
//! The head is the same in every crate but for the credentials the collection uses, the base
//! URL, the title and the folders, so it is assembled from fixed pieces instead of being parsed
//! and printed again: in a small collection it was a quarter of the work. The tokens stay the
//! reference; the `head_text_matches_tokens` test compares both for every combination of
//! credentials.

use super::runtime::Uses;
use super::text::{WIDTH, fits, lit, push_accessors, push_docs};
use crate::ir::Api;

/// The head of `src/lib.rs`, or `None` when `prettyplease` has to lay out a line (a very long
/// base URL) or a value holds a line break.
pub fn head(api: &Api, uses: &Uses) -> Option<String> {
    let breaks = |text: &str| text.contains(['\n', '\r']);
    if breaks(&api.title) || api.base_url.as_deref().is_some_and(breaks) {
        return None;
    }
    // The fixed pieces are as `prettyplease` prints them; only the lines made from the
    // collection may need a layout not written here.
    let mut accessors = String::new();
    push_accessors(&mut accessors, api, 0);
    let accessors = fits(accessors)?;
    let base_url = api.base_url.as_ref().map(|url| cat!("pub const DEFAULT_BASE_URL: &str = ", lit(url), ";"));
    if base_url.is_some_and(|line| line.len() > WIDTH) {
        return None;
    }
    Some(text(api, uses, &accessors))
}

/// The head's text, with the root's sub-client accessors.
fn text(api: &Api, uses: &Uses, accessors: &str) -> String {
    let has_operations = !api.operations.is_empty();
    let held = Held::of(uses);
    let mut out = String::new();
    push_docs(&mut out, "", "//!", &api.docs);
    out.push_str("#![warn(missing_docs)]\n");
    for child in &api.modules[0].children {
        put!(out, "pub mod ", api.modules[*child].name, ";\n");
    }
    out.push_str("mod runtime;\n");
    let file_part = if uses.files { "FilePart, " } else { "" };
    let signing_error = if uses.signed { ", SigningError" } else { "" };
    put!(out, "pub use runtime::{ApiError, Error, ", file_part, "RawResponse", signing_error, "};\n");
    if let Some(url) = &api.base_url {
        put!(out, "/// The base URL the collection gives (`baseUrl`): <", url, ">.\n");
        put!(out, "pub const DEFAULT_BASE_URL: &str = ", lit(url), ";\n");
    }
    out.push_str(TIMEOUT);
    put!(out, "/// A client for the ", api.title, ".\n");
    out.push_str(STRUCT_HEAD);
    for kind in &held {
        out.push_str(kind.field);
    }
    out.push_str(DEBUG_HEAD);
    for kind in &held {
        put!(out, "            ", kind.debug, "\n");
    }
    out.push_str(DEBUG_TAIL);
    out.push_str(match api.base_url {
        Some(_) => {
            "impl Client {\n    /// Creates a client that sends requests to `base_url`, such as [`DEFAULT_BASE_URL`].\n"
        }
        None => "impl Client {\n    /// Creates a client that sends requests to `base_url`.\n",
    });
    out.push_str(NEW_HEAD);
    if held.is_empty() {
        out.push_str("        ::std::result::Result::Ok(Client { base_url, http })\n");
    } else {
        out.push_str("        ::std::result::Result::Ok(Client {\n            base_url,\n            http,\n");
        for kind in &held {
            put!(out, "            ", kind.name, ": ::std::option::Option::None,\n");
        }
        out.push_str("        })\n");
    }
    out.push_str(FIXED_METHODS);
    for kind in &held {
        out.push_str(kind.method);
    }
    if has_operations {
        out.push_str(REQUEST);
        if uses.origins {
            out.push_str(REQUEST_TO);
        }
        out.push_str(EXECUTE_HEAD);
        let arms = arms(uses);
        if arms.is_empty() {
            out.push_str("        let _ = auth;\n        let request = builder.build()?;\n");
        } else {
            out.push_str(APPLY);
            out.push_str(if uses.signed { SIGNED_APPLY } else { "        let request = builder.build()?;\n" });
        }
        out.push_str("        runtime::execute(&self.http, request).await\n    }\n");
        if uses.signed {
            out.push_str(SIGN);
        }
        if !arms.is_empty() {
            out.push_str(AUTHORIZE_HEAD);
            for arm in arms {
                out.push_str(arm);
            }
            out.push_str("            },\n        )\n    }\n");
        }
    }
    out.push_str(accessors);
    out.push_str("}\n");
    out
}

/// A credential the client holds: its field, `Debug` entry and setter.
struct Held {
    name: &'static str,
    field: &'static str,
    debug: &'static str,
    method: &'static str,
}

impl Held {
    /// The credentials `uses` needs, in the order of `auth::credentials`.
    fn of(uses: &Uses) -> Vec<Held> {
        let mut held = Vec::new();
        if uses.bearer || uses.oauth2_header || uses.oauth2_query {
            held.push(Held {
                name: "token",
                field: "    token: ::std::option::Option<::std::string::String>,\n",
                debug: ".field(\"token\", &self.token.as_ref().map(|_| \"<redacted>\"))",
                method: WITH_BEARER_TOKEN,
            });
        }
        if uses.basic {
            held.push(Held {
                name: "basic",
                field: "    basic: ::std::option::Option<\n        (::std::string::String, ::std::option::Option<::std::string::String>),\n    >,\n",
                debug: ".field(\"basic\", &self.basic.as_ref().map(|_| \"<redacted>\"))",
                method: WITH_BASIC_AUTH,
            });
        }
        if uses.key_header || uses.key_query {
            held.push(Held {
                name: "api_key",
                field: "    api_key: ::std::option::Option<::std::string::String>,\n",
                debug: ".field(\"api_key\", &self.api_key.as_ref().map(|_| \"<redacted>\"))",
                method: WITH_API_KEY,
            });
        }
        if uses.signed {
            held.push(Held {
                name: "signer",
                field: "    signer: ::std::option::Option<::std::sync::Arc<runtime::Signer>>,\n",
                debug: ".field(\"signer\", &self.signer.as_ref().map(|_| \"<set>\"))",
                method: WITH_SIGNER,
            });
        }
        held
    }
}

/// The arms of `authorize`, in the order of `auth::credentials`.
fn arms(uses: &Uses) -> Vec<&'static str> {
    [
        (uses.bearer, ARM_BEARER),
        (uses.oauth2_header, ARM_OAUTH2_HEADER),
        (uses.oauth2_query, ARM_OAUTH2_QUERY),
        (uses.basic, ARM_BASIC),
        (uses.key_header, ARM_KEY_HEADER),
        (uses.key_query, ARM_KEY_QUERY),
        (uses.signed, "                runtime::Auth::Signed(_) => builder,\n"),
    ]
    .into_iter()
    .filter_map(|(used, arm)| used.then_some(arm))
    .collect()
}

const TIMEOUT: &str = "\
/// The timeout of a whole request unless [`Client::with_timeout`] sets another.
pub const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(30);
";

const STRUCT_HEAD: &str = "\
///
/// Cloning is cheap: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    base_url: ::std::string::String,
    http: ::reqwest::Client,
";

const DEBUG_HEAD: &str = "\
}
impl ::std::fmt::Debug for Client {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct(\"Client\")
            .field(\"base_url\", &self.base_url)
";

const DEBUG_TAIL: &str = "            .finish_non_exhaustive()\n    }\n}\n";

const NEW_HEAD: &str = "    ///
    /// # Errors
    ///
    /// [`Error::InvalidBaseUrl`] unless `base_url` is an absolute `http` or `https` URL,
    /// and [`Error::Transport`] if the HTTP client cannot be built.
    pub fn new(base_url: &str) -> ::std::result::Result<Self, Error> {
        let base_url = runtime::check_base_url(base_url)?;
        let http = runtime::http_client(DEFAULT_TIMEOUT)?;
";

const FIXED_METHODS: &str = "    }
    /// Sends requests with `http` instead (its own timeouts, proxies and TLS settings).
    pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
        self.http = http;
        self
    }
    /// Gives every request `timeout` to complete instead of [`DEFAULT_TIMEOUT`].
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] if the HTTP client cannot be built.
    pub fn with_timeout(
        mut self,
        timeout: ::std::time::Duration,
    ) -> ::std::result::Result<Self, Error> {
        self.http = runtime::http_client(timeout)?;
        ::std::result::Result::Ok(self)
    }
    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
";

const WITH_BEARER_TOKEN: &str =
    "    /// Sends `token` with every request that needs it: as `Authorization: Bearer <token>`,
    /// or where the collection puts its OAuth 2.0 access token.
    pub fn with_bearer_token(
        mut self,
        token: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.token = ::std::option::Option::Some(token.into());
        self
    }
";

const WITH_BASIC_AUTH: &str = "    /// Sends HTTP basic authentication with every request that needs it.
    pub fn with_basic_auth(
        mut self,
        username: impl ::std::convert::Into<::std::string::String>,
        password: ::std::option::Option<::std::string::String>,
    ) -> Self {
        self.basic = ::std::option::Option::Some((username.into(), password));
        self
    }
";

const WITH_API_KEY: &str = "    /// Sends `key` as the API key (in the header or query parameter the collection
    /// names) with every request that needs it.
    pub fn with_api_key(
        mut self,
        key: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.api_key = ::std::option::Option::Some(key.into());
        self
    }
";

const WITH_SIGNER: &str = "    /// Signs every request whose auth the client cannot apply itself (digest, oauth1, hawk,
    /// awsv4, ntlm, edgegrid, …). `signer` gets the auth kind as the collection names it
    /// and the finished request, and adds what the scheme needs.
    pub fn with_signer(
        mut self,
        signer: impl ::std::ops::Fn(
            &str,
            &mut ::reqwest::Request,
        ) -> ::std::result::Result<
                (),
                SigningError,
            > + ::std::marker::Send + ::std::marker::Sync + 'static,
    ) -> Self {
        self.signer = ::std::option::Option::Some(::std::sync::Arc::new(signer));
        self
    }
";

const REQUEST: &str = "    pub(crate) fn request(
        &self,
        method: ::reqwest::Method,
        path: &str,
    ) -> ::reqwest::RequestBuilder {
        self.http.request(method, ::std::format!(\"{}{path}\", self.base_url))
    }
";

const REQUEST_TO: &str = "    /// A request to an operation that the collection sends to another origin.
    pub(crate) fn request_to(
        &self,
        origin: &str,
        method: ::reqwest::Method,
        path: &str,
    ) -> ::reqwest::RequestBuilder {
        self.http.request(method, ::std::format!(\"{origin}{path}\"))
    }
";

const EXECUTE_HEAD: &str = "    /// Applies the credentials the operation needs, then sends the request.
    pub(crate) async fn execute(
        &self,
        builder: ::reqwest::RequestBuilder,
        auth: ::std::option::Option<runtime::Auth>,
    ) -> ::std::result::Result<RawResponse, Error> {
";

const APPLY: &str = "        let builder = match auth {
            ::std::option::Option::Some(auth) => self.authorize(builder, auth)?,
            ::std::option::Option::None => builder,
        };
";

const SIGNED_APPLY: &str = "        let mut request = builder.build()?;
        if let ::std::option::Option::Some(runtime::Auth::Signed(kind)) = auth {
            self.sign(&mut request, kind)?;
        }
";

const SIGN: &str = "    fn sign(
        &self,
        request: &mut ::reqwest::Request,
        kind: &str,
    ) -> ::std::result::Result<(), Error> {
        let signing = |reason: ::std::string::String| Error::Signing {
            kind: kind.to_string(),
            reason,
        };
        match &self.signer {
            ::std::option::Option::Some(signer) => {
                signer(kind, request).map_err(|error| signing(error.to_string()))
            }
            ::std::option::Option::None => {
                ::std::result::Result::Err(
                    signing(
                        \"no signer is set: give one with `Client::with_signer`\"
                            .to_string(),
                    ),
                )
            }
        }
    }
";

const AUTHORIZE_HEAD: &str = "    /// Applies the credentials `auth` needs, when the client has them.
    fn authorize(
        &self,
        builder: ::reqwest::RequestBuilder,
        auth: runtime::Auth,
    ) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
        ::std::result::Result::Ok(
            match auth {
";

const ARM_BEARER: &str = "                runtime::Auth::Bearer => {
                    match &self.token {
                        ::std::option::Option::Some(token) => builder.bearer_auth(token),
                        ::std::option::Option::None => builder,
                    }
                }
";

const ARM_OAUTH2_HEADER: &str = "                runtime::Auth::OAuth2Header(prefix) => {
                    match &self.token {
                        ::std::option::Option::Some(token) => {
                            let value = if prefix.is_empty() {
                                token.clone()
                            } else {
                                ::std::format!(\"{prefix} {token}\")
                            };
                            builder
                                .header(
                                    ::reqwest::header::AUTHORIZATION,
                                    runtime::secret_header(&value)?,
                                )
                        }
                        ::std::option::Option::None => builder,
                    }
                }
";

const ARM_OAUTH2_QUERY: &str = "                runtime::Auth::OAuth2Query(name) => {
                    match &self.token {
                        ::std::option::Option::Some(token) => {
                            builder.query(&[(name, token)])
                        }
                        ::std::option::Option::None => builder,
                    }
                }
";

const ARM_BASIC: &str = "                runtime::Auth::Basic => {
                    match &self.basic {
                        ::std::option::Option::Some((username, password)) => {
                            builder.basic_auth(username, password.as_ref())
                        }
                        ::std::option::Option::None => builder,
                    }
                }
";

const ARM_KEY_HEADER: &str = "                runtime::Auth::ApiKeyHeader(name) => {
                    match &self.api_key {
                        ::std::option::Option::Some(key) => {
                            builder.header(name, runtime::secret_header(key)?)
                        }
                        ::std::option::Option::None => builder,
                    }
                }
";

const ARM_KEY_QUERY: &str = "                runtime::Auth::ApiKeyQuery(name) => {
                    match &self.api_key {
                        ::std::option::Option::Some(key) => builder.query(&[(name, key)]),
                        ::std::option::Option::None => builder,
                    }
                }
";

#[cfg(test)]
mod tests {
    use super::super::runtime::Uses;

    /// A collection with a folder and a request, or an empty one.
    fn api(with_request: bool, base_url: bool) -> crate::ir::Api {
        let base =
            if base_url { r#""variable": [{"key": "baseUrl", "value": "https://api.example.com"}],"# } else { "" };
        let item = if with_request {
            r#"{"name": "Things", "description": "The things.", "item": [
                {"name": "List things", "request": {"method": "GET", "url": "{{baseUrl}}/things"}}]}"#
        } else {
            r#"{"name": "Things", "item": []}"#
        };
        let json = format!(
            r#"{{"info": {{"name": "Example API", "description": "An example.",
                "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
                {base} "item": [{item}]}}"#
        );
        crate::lower_json(&json, "example.json").expect("the example collection lowers").api
    }

    /// The text is what `prettyplease` prints for the tokens, for every combination of
    /// credentials, with and without operations, other origins, files and a base URL.
    #[test]
    fn head_text_matches_tokens() {
        let mut checked = 0;
        for (with_request, base_url) in [(true, true), (true, false), (false, true)] {
            let api = api(with_request, base_url);
            for bits in 0..1u32 << 9 {
                let bit = |n: u32| bits & (1 << n) != 0;
                let uses = Uses {
                    bearer: bit(0),
                    oauth2_header: bit(1),
                    oauth2_query: bit(2),
                    basic: bit(3),
                    key_header: bit(4),
                    key_query: bit(5),
                    signed: bit(6),
                    origins: bit(7),
                    files: bit(8),
                    ..Uses::default()
                };
                let printed = super::super::render("lib.rs", || Ok(super::super::client::head_tokens(&api, &uses)))
                    .expect("the head formats");
                let text = super::head(&api, &uses);
                if text.as_deref() != Some(printed.as_str()) {
                    let mut accessors = String::new();
                    super::push_accessors(&mut accessors, &api, 0);
                    let text = super::text(&api, &uses, &accessors);
                    let at = printed.lines().zip(text.lines()).take_while(|(a, b)| a == b).count();
                    let around = |s: &str| s.lines().skip(at.saturating_sub(2)).take(12).collect::<Vec<_>>().join("\n");
                    panic!(
                        "{uses:?} differ at line {at}\n--- prettyplease\n{}\n--- text\n{}",
                        around(&printed),
                        around(&text)
                    );
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 3 * 512);
    }
}
