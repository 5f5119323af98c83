//! The intermediate representation: what the generated crate will contain, as plain data.
//!
//! Lowering builds it from a Postman collection, validation checks it, emission turns it into
//! Rust. Every name in it is already a valid, unique Rust identifier (resolved by `naming`),
//! and every wire name is kept beside it. The IR holds what the collection says (names,
//! descriptions, examples, statuses) as data; descriptions are cleaned Markdown, one line per
//! entry. How an item's docs read is up to emit.

use std::collections::BTreeMap;

/// The whole API: one generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// The collection's name, e.g. `Zoom API`.
    pub title: String,
    /// The package name of the generated crate, e.g. `zoom-api`.
    pub crate_name: String,
    /// The collection's description, empty when it has none.
    pub description: Vec<String>,
    /// The default base URL (variables resolved), if the collection gives one.
    pub base_url: Option<String>,
    /// The origin most requests go to, as the collection writes it, when it does not resolve
    /// to an absolute URL (a variable the collection does not define): the user passes it.
    pub undefined_base_url: Option<String>,
    /// The package version, `0.1.0` unless a config sets it.
    pub version: String,
    /// Whether each top-level folder is a cargo feature.
    pub folder_features: bool,
    /// The Postman environments given, each with the base URL it resolves to.
    pub environments: Vec<Environment>,
    /// The other hosts some requests go to, each with its own base URL setting.
    pub hosts: Vec<Host>,
    /// Collection variables, `(name, value)` with references resolved, in collection order.
    pub variables: Vec<(String, String)>,
    /// Credential kinds that some operation uses; decides what the client can be given.
    pub auth_kinds: Vec<AuthKind>,
    /// The credentials the client holds: one per distinct source the collection's auth uses.
    pub credentials: Vec<Credential>,
    /// Module tree: index 0 is the crate root.
    pub modules: Vec<Module>,
    pub operations: Vec<Operation>,
    pub types: Vec<TypeDef>,
    /// The public names of the types, by module, in the order the operations name them.
    pub aliases: Vec<Alias>,
}

impl Api {
    /// The alias by which `op` names type `ty` in its module.
    pub fn alias(&self, op: &Operation, ty: TypeId) -> &Alias {
        &self.aliases[op.aliases[&ty]]
    }
}

/// A Postman environment: a base-URL constant and a constructor of the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// As written in the environment (`Production`).
    pub name: String,
    /// The constructor's name (`production`); its constant is `PRODUCTION_BASE_URL`.
    pub method: String,
    pub base_url: String,
    /// Whether its values resolved the collection's variables (it gives `DEFAULT_BASE_URL`).
    pub is_default: bool,
}

/// A host some requests are sent to instead of the client's base URL (`{{auth_url}}`,
/// `https://files.example.com`): the client has a base URL setting for each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// The origin as the collection writes it.
    pub template: String,
    /// The client method that sets its base URL (`with_auth_base_url`).
    pub setter: String,
    /// The base URL the collection resolves it to, when that is an absolute URL.
    pub default: Option<String>,
}

/// The field of every JSON struct that holds the object's other members (those the
/// collection's examples do not show); no collection field takes this name.
pub const EXTRA_FIELD: &str = "extra";

/// Index into [`Api::modules`].
pub type ModuleId = usize;
/// Index into [`Api::types`].
pub type TypeId = usize;

/// A folder of the collection: a Rust module with its own sub-client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// Module name (also the accessor method on the parent client); empty for the root.
    pub name: String,
    /// The folder name as written in the collection.
    pub title: String,
    /// Sub-client type name, e.g. `UsersClient`; `Client` for the root.
    pub client_name: String,
    /// The folder's description, empty when it has none.
    pub description: Vec<String>,
    pub parent: Option<ModuleId>,
    pub children: Vec<ModuleId>,
    pub operations: Vec<usize>,
}

/// How a request is authenticated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>` (bearer tokens, OAuth 2.0 access tokens by default).
    Bearer,
    /// `Authorization: Basic …` from a username and password.
    Basic,
    /// An API key in the header or query parameter `name`.
    ApiKey { name: String, in_query: bool },
    /// An OAuth 2.0 access token sent the way the collection says: in the `Authorization`
    /// header after `prefix`, or as the query parameter `access_token`.
    OAuth2 { in_query: bool, prefix: String },
    /// The item's own `Authorization: <scheme> <credential>` header, sent even when the
    /// credential is empty (as Postman sends it).
    Header { scheme: String },
    /// OAuth 1.0, signed by the client as Postman signs it.
    OAuth1(Box<OAuth1>),
    /// AWS Signature Version 4, signed by the client as Postman signs it.
    AwsV4(AwsV4),
    /// HTTP Digest authentication, answering the server's challenge as Postman does.
    Digest(Box<Digest>),
    /// A scheme that signs the whole request (digest, oauth1, hawk, awsv4, ntlm, edgegrid…):
    /// the client calls a signing hook the user provides.
    Signed { kind: String },
}

/// A credential the client holds, with one setter: one per distinct source the collection's
/// auth uses (its `{{variable}}`, or the auth block's own value), shared by every operation
/// whose auth names that source, whatever the placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The client's field and the setter's stem: `access_token` → `Client::with_access_token`.
    pub name: String,
    pub kind: CredentialKind,
    /// The setter's parameter for a secret: `key` for an API key, else `token`.
    pub param: String,
    /// The source as the collection writes it: the secret (`{{accessToken}}`), or the user
    /// name and password.
    pub source: Vec<String>,
    /// The values the collection gives it (variables resolved), in the order of `source`: what
    /// examples and the conformance driver set.
    pub values: Vec<String>,
    /// For an OAuth 2.0 access token: the grant the client can get it with itself, and that
    /// setter's name (`with_access_token_from_client_credentials`).
    pub grant: Option<(OAuth2Grant, String)>,
}

/// An OAuth 2.0 grant the collection's auth block names, with which the client fetches and
/// renews its access token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth2Grant {
    /// `client_credentials`, `password` or `refresh_token` (an `authorization_code` grant
    /// renews with its refresh token).
    pub grant: String,
    pub token_url: String,
    pub scope: String,
    /// The client's id and secret go in the form body, not in a basic `Authorization` header.
    pub client_in_body: bool,
}

/// What a credential holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialKind {
    /// One secret: a token or an API key.
    Secret,
    /// A user name and a password (HTTP basic authentication).
    Basic,
    /// OAuth 1.0's consumer key and secret, token and token secret.
    OAuth1,
    /// AWS's access key, secret key and session token.
    AwsV4,
}

/// An OAuth 1.0 auth block: everything but the credentials (variables resolved).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OAuth1 {
    /// `HMAC-SHA1`, `HMAC-SHA256`, `HMAC-SHA512` or `PLAINTEXT`.
    pub signature_method: String,
    pub version: String,
    pub realm: String,
    pub callback: String,
    pub verifier: String,
    /// Fixed values, or empty for the current time and a random nonce.
    pub timestamp: String,
    pub nonce: String,
    /// `addParamsToHeader`, `addEmptyParamsToSign`, `includeBodyHash`, `disableHeaderEncoding`.
    pub to_header: bool,
    pub sign_empty: bool,
    pub body_hash: bool,
    pub raw_header: bool,
}

/// An AWS Signature Version 4 auth block: everything but the keys (variables resolved).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AwsV4 {
    /// `execute-api` and `us-east-1` when the collection leaves them empty, as Postman does.
    pub service: String,
    pub region: String,
    /// `addAuthDataToQuery`: a presigned URL instead of headers.
    pub to_query: bool,
}

/// A Digest auth block: everything but the user name and password (variables resolved).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest {
    pub algorithm: String,
    /// The server's challenge when the collection has it (then the first request is signed).
    pub realm: String,
    pub nonce: String,
    pub qop: String,
    pub opaque: String,
    pub client_nonce: String,
    pub nonce_count: String,
}

/// The intermediate representation of an operation that will become a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The item's path in the collection, e.g. `["Zoom API", "users", "Create users"]`.
    pub item_path: Vec<String>,
    pub module: ModuleId,
    /// Method name.
    pub name: String,
    /// The item's name as the collection writes it (`Create users`).
    pub summary: String,
    /// The item's description, empty when it has none.
    pub description: Vec<String>,
    pub deprecated: Option<String>,
    /// HTTP method as sent, upper case.
    pub method: String,
    /// Path template relative to the base URL, e.g. `/users/{userId}/tsp`.
    pub path_template: String,
    pub path: Vec<PathPart>,
    pub path_params: Vec<PathParam>,
    /// The host ([`Api::hosts`]) this operation is sent to instead of the client's base URL.
    pub host: Option<usize>,
    pub auth: Option<AuthKind>,
    /// The credential ([`Api::credentials`]) its auth sends; `None` without auth or for a
    /// signing scheme.
    pub credential: Option<usize>,
    /// The credentials the collection gives for this request (`token`, `username`, …), with
    /// its variables resolved; used by examples.
    pub auth_values: Vec<(String, String)>,
    /// The credentials are the item's own `Authorization` header, which Postman sends even
    /// when its value is empty (`Bearer ` with an empty variable).
    pub auth_from_header: bool,
    /// The collection's own `Content-Type` header, sent even when there is no body.
    pub content_type: Option<String>,
    /// The item's fixed `Accept` header (`application/pdf`), sent as written instead of `*/*`.
    pub accept: Option<String>,
    /// Path, query, header and body inputs: the operation's request builder. Required ones
    /// (path parameters first) are the method's arguments, optional ones its setters.
    pub request: RequestStruct,
    pub body: BodyKind,
    pub responses: Vec<Response>,
    pub success: Success,
    /// The type of the JSON error bodies the examples show (merged over every non-2xx example).
    pub error: Option<TypeRef>,
    /// How the operation pages through a list, when the collection shows it.
    pub pagination: Option<Pagination>,
    /// The alias ([`Api::aliases`]) by which this operation names each type it uses, in its
    /// module.
    pub aliases: BTreeMap<TypeId, usize>,
}

/// An operation that returns a list one page at a time: it gets a stream of pages and one of
/// items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub kind: PageKind,
    /// The request member that moves to the next page, as the Rust field names leading to it
    /// from the request struct: `["cursor"]` for a query parameter, `["body", "cursor"]` for a
    /// member of the JSON body. Empty for [`PageKind::Link`], which follows a URL instead.
    pub field: Vec<String>,
    /// That member's name on the wire.
    pub wire: String,
    /// Whether it is an integer (otherwise text), and whether it is required (not an `Option`).
    pub integer: bool,
    pub required: bool,
    /// Where the page's items are in its JSON body, e.g. `/users` (`` for a body that is the
    /// list).
    pub items: String,
    /// The items' type, when the response is typed (otherwise they are JSON values).
    pub typed_items: Option<TypedItems>,
}

/// Where a typed page keeps its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedItems {
    /// The Rust name of the list field, or `None` when the body is the list.
    pub list: Option<String>,
    pub element: TypeRef,
}

/// What tells the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A token in the response body (a JSON pointer, e.g. `/next_page_token`) goes into the
    /// field (a query parameter or a member of the JSON body); an empty, missing or repeated
    /// token ends the list, and so does `has_more: false`.
    Token { next: String },
    /// `starting_after` is the last item's `id` while `has_more` is true (Stripe).
    StartingAfter,
    /// The field counts items from 0 (`offset`); a page with no items, or fewer than `limit`
    /// (the field of that name, if any), ends the list.
    Offset { limit: Option<String> },
    /// The field counts pages from its value (`page`, `page_number`); a page with no items ends
    /// the list.
    PageNumber,
    /// The response's `Link` header names the next page (`rel="next"`), which is requested as
    /// it is; a page without one ends the list.
    Link,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into [`Operation::path_params`].
    Param(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParam {
    pub name: String,
    pub wire: String,
    /// How the collection writes it (`:userId`, `{{version}}`): what Postman sends when it has
    /// no value.
    pub literal: String,
    pub docs: Vec<String>,
    pub example: Option<String>,
}

/// A Rust name and the name on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub rust: String,
    pub wire: String,
}

/// The struct an operation takes for its query, headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestStruct {
    pub name: String,
    pub fields: Vec<RequestField>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestField {
    pub field: Field,
    pub location: Location,
    /// The key is given more than once: the field is a list, one pair or part per element.
    pub repeated: bool,
    /// The collection has it disabled: Postman does not send it, nor do the examples.
    pub disabled: bool,
    /// Sent with bracket keys: the collection writes the list `expand[0]`, `expand[1]` or
    /// the map `metadata[key]`, and the field (named `expand`, `metadata`) sends them so.
    pub brackets: Option<Brackets>,
}

/// How a bracket-notation field is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brackets {
    /// A list (`TypeRef::List`), element `i` as `key[i]`.
    Indexed,
    /// A map (`TypeRef::Map`), entry `k` as `key[k]`.
    Keyed,
}

/// Where a request field goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Query,
    Header,
    /// A `multipart/form-data` part.
    FormPart,
    /// A `application/x-www-form-urlencoded` pair.
    Urlencoded,
    /// The whole JSON body.
    JsonBody,
    /// The whole body as text, sent with the given content type.
    TextBody,
    /// The whole body as bytes.
    BinaryBody,
    /// The `variables` of a GraphQL body.
    GraphqlVariables,
}

/// The kind of body an operation sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    None,
    Multipart,
    Urlencoded,
    /// JSON, with the collection's content type when it is not plain `application/json`.
    Json {
        content_type: Option<String>,
        /// The collection's body holds Postman dynamic variables (`{{$guid}}`): string values
        /// with them are produced at call time, as Postman does.
        dynamic: bool,
    },
    Text {
        content_type: String,
    },
    Binary {
        content_type: Option<String>,
    },
    /// `{"query": query, "variables": …}` sent as JSON.
    Graphql {
        query: String,
    },
}

/// A struct field or request input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: Name,
    pub docs: Vec<String>,
    pub ty: TypeRef,
    /// Required fields are not wrapped in `Option`.
    pub required: bool,
    pub deprecated: Option<String>,
    /// The example value in the collection, as text on the wire; for a repeated key, a JSON
    /// array of the values; for a file, the path the collection sends it from.
    pub example: Option<String>,
    /// A value with Postman dynamic variables (`{{$guid}}`), produced at call time when the
    /// field is `None`.
    pub dynamic_default: Option<String>,
}

/// A type as used by a field or response.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    Bool,
    Integer,
    Float,
    /// Any JSON value.
    Json,
    /// A file part: bytes, file name and content type.
    File,
    /// Raw bytes.
    Bytes,
    List(Box<TypeRef>),
    /// Entries keyed by strings, in order (a bracket-notation map: `metadata[key]`).
    Map(Box<TypeRef>),
    Named(TypeId),
}

/// A named type of the generated crate. It is defined once, in the crate's private `types`
/// module, and callers name it by the [`Alias`]es its operations give it: one shape shared by
/// many operations is one type, while each operation's names and places stay its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDef {
    /// Its name in the `types` module (unique there; shown by `Debug` and in compiler errors).
    pub name: String,
    /// The operation that first needed it (its snapshot shows the type).
    pub introduced_by: usize,
    /// The top-level folders whose operations use it (empty when an operation at the root
    /// does, or the crate has no folder features): it is compiled with any of their features.
    pub folders: Vec<ModuleId>,
    /// Whether a request sends it (in a body, or inside a type one sends), so it always
    /// implements `Serialize`; a type only received implements it with the crate's
    /// `serialize` feature.
    pub sent: bool,
    /// Whether a response holds it (a success or error body, or inside a type one holds), so
    /// it always implements `Deserialize`; a type only sent implements it with the crate's
    /// `deserialize` feature.
    pub received: bool,
    pub kind: TypeKind,
}

impl TypeDef {
    /// Whether it implements `Deserialize` only with the crate's `deserialize` feature: a type
    /// only requests send (the client never reads it).
    pub fn deserialize_by_feature(&self) -> bool {
        self.sent && !self.received
    }
}

/// The public name of a type in a module: `pub use crate::types::T as Name;`. Every operation
/// gives each type it uses a name in its own module, from its own item alone (its name, the
/// field's), so the name and place stay put when other operations start or stop using the same
/// shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub name: String,
    pub module: ModuleId,
    pub ty: TypeId,
    /// The first operation that gave the type this name here: the docs are its use's.
    pub operation: usize,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// A JSON object.
    Struct(Vec<Field>),
    /// A closed set of string values.
    Enum(Vec<Variant>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
    pub docs: Vec<String>,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The example's name as the collection writes it (`200 OK`, `User not found`).
    pub name: String,
    pub status: u16,
    pub description: String,
    pub error_codes: Vec<ErrorCode>,
    pub content_type: Option<String>,
    /// The saved headers, `Content-Type` included, in order.
    pub headers: Vec<(String, String)>,
    /// The saved example body, if not empty.
    pub example: Option<String>,
    /// Whether the example has a `Link` header naming a next page (`rel="next"`).
    pub next_link: bool,
    /// The query of the request saved with the example, as sent (variables resolved).
    pub request_query: Vec<(String, String)>,
    /// The raw body of the request saved with the example (variables resolved), if any.
    pub request_body: Option<String>,
}

impl Response {
    /// 2xx, or an example saved without a status (taken as a normal answer).
    pub fn is_success(&self) -> bool {
        self.status == 0 || (200..300).contains(&self.status)
    }

    /// The status sent: an example saved without one is a `200`.
    pub fn status_sent(&self) -> u16 {
        if self.status == 0 { 200 } else { self.status }
    }

    /// Whether the body is JSON that parses.
    pub fn is_json(&self) -> bool {
        self.example.as_deref().is_some_and(|body| serde_json::from_str::<serde_json::Value>(body).is_ok())
    }
}

impl Operation {
    /// The example a request gets when it names none (a mock server's default answer): the
    /// first 2xx example with a JSON body, else the first 2xx example.
    pub fn default_example(&self) -> Option<&Response> {
        let success = || self.responses.iter().filter(|r| r.is_success());
        success().find(|r| r.is_json()).or_else(|| success().next())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    pub code: String,
    pub message: String,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Success {
    /// No body (e.g. `204 No Content`): `()`.
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A JSON body of this type, or an empty body: `Option<T>`.
    OptionalJson(TypeRef),
    /// A text body.
    Text,
    /// Nothing is known about the body: status and raw bytes.
    Raw,
    /// A file or other binary body (an example or the `Accept` header names a binary media
    /// type, such as `application/pdf` or `image/png`): read as a byte stream.
    Binary,
}
