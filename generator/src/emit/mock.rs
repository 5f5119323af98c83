//! `src/mock.rs` of the generated crate (the `mock` feature): the mock server of
//! `generator/runtime/mock.rs`, copied whole, then the routes made from the collection (each
//! operation's method, path template and saved examples) and the accessors that name the
//! operations as the client does (`server.users().list_users()`).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, folder_cfg, ident, unparse};
use crate::error::Error;
use crate::ir::{Api, BodyKind, Location, ModuleId, Operation, Response, Success, TypeKind, TypeRef};
use crate::lower::docs::code_safe;
use crate::lower::filler::{explained_json, explained_text, is_lorem};

/// Response headers a saved example keeps that describe a transfer the mock does not make.
const TRANSFER_HEADERS: &[&str] =
    &["content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive", "upgrade"];

/// `src/mock.rs`: its docs, the runtime source, then what the collection makes.
pub fn mock_rs(api: &Api) -> Result<String, Error> {
    let source: String = crate::templates::MOCK
        .lines()
        .filter(|line| !line.starts_with("// @about "))
        .map(|line| format!("{line}\n"))
        .collect();
    let generated = unparse("src/mock.rs", generated(api))?;
    Ok(format!("{}{MODULE_DOCS}{source}\n{generated}", crate::templates::HEADER))
}

/// The module's docs.
const MODULE_DOCS: &str = "\
//! An offline stand-in for the API, for tests (the `mock` feature): [`MockServer`] answers
//! every operation with the collection's saved examples, or with the responses a test gives
//! it, and keeps the requests it received.
//!
//! Start one in a test, make a client of it with [`MockServer::client`], and reach each
//! operation as the client does (`server.users().list_users()`) to change its answers
//! ([`OperationMock::once`], [`OperationMock::always`]) or read what it received
//! ([`OperationMock::received`]). The crate's README has a complete example.
";

/// The routes, `MockServer::client` and the accessors.
fn generated(api: &Api) -> TokenStream {
    let routes = api.operations.iter().map(|op| route(api, op));
    let client = client(api);
    let (methods, modules) = accessors(api, 0);
    quote! {
        /// Every operation, in collection order.
        static ROUTES: &[Route] = &[#(#routes),*];

        impl MockServer {
            #client
            #methods
        }

        #modules
    }
}

/// `MockServer::client`: a client whose every host is the mock.
fn client(api: &Api) -> TokenStream {
    let made = api.hosts.iter().fold(quote!(crate::Client::new(&uri)), |made, host| {
        let setter = ident(&host.setter);
        quote!(#made?.#setter(&uri))
    });
    quote! {
        /// A client of the API that sends every request to this server (the requests the
        /// collection sends to other hosts too), with no credentials.
        ///
        /// # Errors
        ///
        /// None in practice: the server's URL is a valid base URL.
        pub fn client(&self) -> ::std::result::Result<crate::Client, crate::Error> {
            let uri = self.uri();
            #made
        }
    }
}

/// How the accessors reach an operation: `users().tsp().list_tsp()`.
pub(super) fn reach(api: &Api, op: &Operation) -> String {
    let mut path: Vec<String> =
        crate::naming::paths::module_path(api, op.module).iter().map(|name| format!("{name}()")).collect();
    path.push(format!("{}()", op.name));
    path.join(".")
}

/// One `Route` literal.
fn route(api: &Api, op: &Operation) -> TokenStream {
    let operation = reach(api, op);
    let method = &op.method;
    let path = &op.path_template;
    let base = match op.host {
        Some(host) => api.hosts[host].default.clone().unwrap_or_default(),
        None => api.base_url.clone().unwrap_or_default(),
    };
    let examples = examples(op).into_iter().map(example);
    let inputs = Inputs::of(api, op);
    let query_keys = &inputs.query_keys;
    let body_keys = match &inputs.body_keys {
        Some(keys) => quote!(Some(&[#(#keys),*])),
        None => quote!(None),
    };
    let query: Vec<(String, String)> =
        inputs.query.iter().map(|(key, value)| (key.clone(), unlorem(value, key))).collect();
    let sent = sent(&query, &json_without_lorem(&inputs.body));
    quote! {
        Route {
            operation: #operation,
            method: #method,
            path: #path,
            base: #base,
            query_keys: &[#(#query_keys),*],
            body_keys: #body_keys,
            sent: #sent,
            examples: &[#(#examples),*],
        }
    }
}

/// What an operation's request can send and what its item sends, as the mock tells operations
/// on one method and path apart by them.
#[derive(PartialEq, Eq)]
struct Inputs {
    /// Its query keys (a bracketed one by its name before `[`).
    query_keys: Vec<String>,
    /// Its JSON body's top-level members or its form's keys; `None` for another body.
    body_keys: Option<Vec<String>>,
    /// The query pairs and the JSON body its item sends, with the collection's values.
    query: Vec<(String, String)>,
    body: String,
}

impl Inputs {
    fn of(api: &Api, op: &Operation) -> Inputs {
        let base = |wire: &str| wire.split('[').next().unwrap_or_default().to_string();
        let at = |location: Location| op.request.fields.iter().filter(move |f| f.location == location);
        let mut query_keys: Vec<String> = at(Location::Query).map(|f| base(&f.field.name.wire)).collect();
        query_keys.dedup();
        let json = at(Location::JsonBody).next();
        let body_keys = match op.body {
            BodyKind::None => Some(Vec::new()),
            BodyKind::Urlencoded => Some(at(Location::Urlencoded).map(|f| base(&f.field.name.wire)).collect()),
            BodyKind::Json { .. } => json.and_then(|field| match &field.field.ty {
                TypeRef::Named(id) => match &api.types[*id].kind {
                    TypeKind::Struct(fields) => Some(fields.iter().map(|f| f.name.wire.clone()).collect()),
                    _ => None,
                },
                _ => None,
            }),
            // `{"query": …, "variables": …}`: the query tells the operations apart.
            BodyKind::Graphql { .. } => Some(vec!["query".to_string(), "variables".to_string()]),
            _ => None,
        };
        // Plain query pairs only: a list's example is the JSON of its values.
        let query = at(Location::Query)
            .filter(|f| !f.disabled && !f.repeated && f.brackets.is_none())
            .filter_map(|f| Some((f.field.name.wire.clone(), f.field.example.clone()?)))
            .collect();
        let body = match &op.body {
            BodyKind::Graphql { query } => serde_json::json!({ "query": query }).to_string(),
            _ => json.and_then(|field| field.field.example.clone()).unwrap_or_default(),
        };
        Inputs { query_keys, body_keys, query, body }
    }
}

/// A `Sent` literal: query pairs and a raw body.
fn sent(query: &[(String, String)], body: &str) -> TokenStream {
    let query = query.iter().map(|(key, value)| quote!((#key, #value)));
    quote!(Sent { query: &[#(#query),*], body: #body })
}

/// The operation's saved examples, the default one ([`Operation::default_example`]) first.
fn examples(op: &Operation) -> Vec<&Response> {
    let default = op.default_example();
    let mut examples: Vec<&Response> = default.into_iter().collect();
    examples.extend(op.responses.iter().filter(|r| !default.is_some_and(|d| std::ptr::eq(d, *r))));
    examples
}

/// One `Example` literal: the body as served (a JSON body's placeholders made concrete), the
/// headers an HTTP response can carry.
fn example(response: &Response) -> TokenStream {
    let name = &response.name;
    let status = proc_macro2::Literal::u16_unsuffixed(response.status_sent());
    let body = served_body(response);
    let headers = response
        .headers
        .iter()
        .filter(|(name, value)| {
            !TRANSFER_HEADERS.contains(&name.to_ascii_lowercase().as_str()) && valid_header(name, value)
        })
        .map(|(name, value)| {
            let value = unlorem(value, name);
            quote!((#name, #value))
        });
    let query: Vec<(String, String)> =
        response.request_query.iter().map(|(key, value)| (key.clone(), unlorem(value, key))).collect();
    let request_body = response.request_body.as_deref().map(json_without_lorem).unwrap_or_default();
    let request = sent(&query, &request_body);
    quote! {
        Example {
            name: #name,
            status: #status,
            headers: &[#(#headers),*],
            body: #body,
            request: #request,
        }
    }
}

/// The body the mock serves for an example: a JSON body with its placeholders (`"<integer>"`)
/// made concrete and its lorem ipsum replaced by text that names the member, any other body
/// as saved. The conformance recorder answers with it too.
pub fn served_body(response: &Response) -> String {
    json_without_lorem(&response.example.clone().unwrap_or_default())
}

/// JSON text with its placeholders made concrete and its lorem ipsum replaced; other text as
/// it is.
fn json_without_lorem(text: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => explained_json(crate::lower::shapes::realize(&json), "value", false).to_string(),
        Err(_) => text.to_string(),
    }
}

/// A saved header or query value, lorem ipsum replaced by text that names it.
fn unlorem(value: &str, name: &str) -> String {
    if is_lorem(value) { explained_text(&crate::naming::snake(name, "value")) } else { value.to_string() }
}

/// Whether a request can ask for an example by this name (`x-mock-response-name`): a header
/// value as sent, not empty and without surrounding spaces (which HTTP drops).
pub(super) fn askable_by_name(name: &str) -> bool {
    !name.is_empty() && name.trim() == name && valid_header(RESPONSE_NAME_HEADER, name)
}

/// The request header that picks a saved example by name.
pub(super) const RESPONSE_NAME_HEADER: &str = "x-mock-response-name";

/// Whether `http` takes this header: a token name and a visible-ASCII value.
fn valid_header(name: &str, value: &str) -> bool {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    !name.is_empty() && name.chars().all(token) && value.chars().all(|c| c == '\t' || (' '..='~').contains(&c))
}

/// The accessors of module `id`: its operations' and its child folders' (methods), and the
/// child folders' modules of `Operations` structs.
fn accessors(api: &Api, id: ModuleId) -> (TokenStream, TokenStream) {
    let server = if id == 0 { quote!(self) } else { quote!(self.server) };
    let lifetime = if id == 0 { quote!('_) } else { quote!('a) };
    let mut methods = TokenStream::new();
    let mut modules = TokenStream::new();
    // A folder without requests, however deep, has nothing to answer for.
    for child in api.modules[id].children.iter().filter(|child| has_operations(api, **child)) {
        let module = &api.modules[*child];
        let name = ident(&module.name);
        let cfg = folder_cfg(api, *child);
        let doc = format!(" The operations of the `{}` folder.", code_safe(&module.title));
        methods.extend(quote! {
            #[doc = #doc]
            #cfg
            pub fn #name(&self) -> #name::Operations<#lifetime> {
                #name::Operations { server: #server }
            }
        });
        let (child_methods, child_modules) = accessors(api, *child);
        let doc = format!(
            " The operations of the `{}` folder on a [`MockServer`](crate::mock::MockServer).",
            code_safe(&module.title)
        );
        let module_doc = format!(" The mock server's operations of the `{}` folder.", code_safe(&module.title));
        let inception = (module.name == api.modules[id].name).then(|| quote!(#[allow(clippy::module_inception)]));
        modules.extend(quote! {
            #[doc = #module_doc]
            #cfg
            #inception
            pub mod #name {
                #[doc = #doc]
                #[derive(Debug, Clone, Copy)]
                pub struct Operations<'a> {
                    pub(in crate::mock) server: &'a crate::mock::MockServer,
                }

                impl<'a> Operations<'a> {
                    #child_methods
                }

                #child_modules
            }
        });
    }
    for index in &api.modules[id].operations {
        let op = &api.operations[*index];
        let name = ident(&op.name);
        let body = body_type(api, op);
        let doc = docs(&operation_docs(api, op));
        let index = proc_macro2::Literal::usize_unsuffixed(*index);
        methods.extend(quote! {
            #doc
            pub fn #name(&self) -> crate::mock::OperationMock<#lifetime, #body> {
                crate::mock::operation(#server, #index)
            }
        });
    }
    (methods, modules)
}

/// Whether module `id` or one below it has operations.
fn has_operations(api: &Api, id: ModuleId) -> bool {
    !api.modules[id].operations.is_empty() || api.modules[id].children.iter().any(|child| has_operations(api, *child))
}

/// The type `MockResponse::json` takes for an operation: its success body type.
fn body_type(api: &Api, op: &Operation) -> TokenStream {
    match &op.success {
        Success::Json(ty) | Success::OptionalJson(ty) => {
            crate::naming::paths::type_path(api, op, ty).parse().unwrap_or_else(|_| quote!(crate::mock::NotJson))
        }
        Success::Empty | Success::Text | Success::Raw | Success::Binary => quote!(crate::mock::NotJson),
    }
}

/// What an accessor's docs say: the item, its route, and the examples it answers with.
fn operation_docs(api: &Api, op: &Operation) -> Vec<String> {
    let route = if op.path_template.is_empty() { "/" } else { &op.path_template };
    let mut lines = vec![format!("`{}`: `{} {}`.", code_safe(&op.summary), op.method, code_safe(route)), String::new()];
    let examples = examples(op);
    let successes = examples.iter().filter(|r| r.is_success()).count();
    lines.push(match op.default_example() {
        Some(default) if successes > 1 => format!(
            "Answers with its saved example {}, or the 2xx example whose saved request the request is \
             more like, unless the request names another.",
            label(default)
        ),
        Some(default) => format!("Answers with its saved example {} unless the request names another.", label(default)),
        None => "Has no saved 2xx example: answers `200` with an empty body and `x-mock-example: none`.".to_string(),
    });
    if examples.len() > 1 {
        let labels: Vec<String> = examples.iter().map(|r| label(r)).collect();
        lines.push(format!("Its saved examples: {}.", labels.join(", ")));
    }
    lines.extend(sharing_docs(api, op));
    lines
}

/// The operations that share `op`'s method and path template (Postman's saved variants of one
/// endpoint), `op` included, in collection order.
pub(super) fn on_route<'a>(api: &'a Api, op: &Operation) -> Vec<&'a Operation> {
    let route = |op: &Operation| (op.method.clone(), op.host, template_shape(&op.path_template));
    let key = route(op);
    api.operations.iter().filter(|other| route(other) == key).collect()
}

/// A path template with its parameters' names left out (`/users/{}`): two operations with the
/// same shape are on one route of the mock.
fn template_shape(template: &str) -> String {
    let mut shape = String::with_capacity(template.len());
    let mut in_name = false;
    for ch in template.chars() {
        match ch {
            '{' => {
                in_name = true;
                shape.push('{');
            }
            '}' => {
                in_name = false;
                shape.push('}');
            }
            _ if in_name => {}
            other => shape.push(other),
        }
    }
    shape
}

/// What the accessor's docs say of the other operations on its route: how a request is told
/// apart from theirs, and which of them send the same request, so cannot be.
fn sharing_docs(api: &Api, op: &Operation) -> Vec<String> {
    let route = on_route(api, op);
    let others: Vec<&Operation> = route.iter().copied().filter(|other| !std::ptr::eq(*other, op)).collect();
    if others.is_empty() {
        return Vec::new();
    }
    let named = |ops: &[&Operation]| {
        let names: Vec<String> = ops.iter().map(|other| format!("`{}`", reach(api, other))).collect();
        super::tokens::list(&names)
    };
    let mut lines = vec![
        String::new(),
        format!(
            "Shares `{} {}` with {}: a request goes to the one whose example it asks for, then to the one \
             that knows every query key and body member it sends, then to the one whose own request (as \
             the collection writes it) or saved requests it is most like, then to the first.",
            op.method,
            code_safe(&op.path_template),
            named(&others)
        ),
    ];
    let mine = Inputs::of(api, op);
    let same: Vec<&Operation> = others.iter().copied().filter(|other| Inputs::of(api, other) == mine).collect();
    if !same.is_empty() {
        let first = route.iter().copied().find(|other| Inputs::of(api, other) == mine).unwrap_or(op);
        lines.push(String::new());
        lines.push(format!(
            "It sends the same inputs with the same collection values as {}: nothing the client sends tells \
             them apart, so the mock answers such a request as `{}` (ask for an example by name to reach \
             another).",
            named(&same),
            reach(api, first)
        ));
    }
    lines
}

/// An example in docs: its status, and its name when a request can send it
/// (`x-mock-response-name`) and it reads well.
fn label(response: &Response) -> String {
    let name = &response.name;
    if askable_by_name(name) && !name.contains('`') && name.len() <= 60 {
        format!("`{}` (`{name}`)", response.status_sent())
    } else {
        format!("`{}`", response.status_sent())
    }
}
