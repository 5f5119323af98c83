//! One operation: its method on the (sub-)client, its request struct and the types it introduced.
//!
//! Every method an operation gives is `#[inline]`, as are the methods of the types and folder
//! clients: rustc then compiles each to machine code only in a program that calls it, not in
//! the crate for every operation of the API (which made a third of a debug build of a large
//! collection's crate).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::example::doc_lines;
use super::request::{inputs, success};
use super::tokens::{Place, deprecated, docs, field_type_tokens, ident, type_tokens};
use super::uses::is_standard_method;
use crate::error::Error;
use crate::ir::{Api, ModuleId, Operation, PathPart, RequestField, Response, Success, TypeRef};
use crate::lower::docs::code_safe;

/// What one operation adds to the crate.
pub struct Emitted {
    /// Its method: a method of its (sub-)client that gives its request.
    pub methods: TokenStream,
    /// Its request (a builder that is sent when awaited) and the names it gave types in its
    /// module.
    pub items: TokenStream,
}

/// An operation's method, request and the names it gave types.
pub fn operation(api: &Api, index: usize) -> Result<Emitted, Error> {
    let op = &api.operations[index];
    let method = method(api, op);
    let request = request(api, op)?;
    let aliases = super::types::aliases(api, api.aliases.iter().filter(|alias| alias.operation == index));
    Ok(Emitted {
        methods: method,
        items: quote! {
            #request
            #aliases
        },
    })
}

/// The operation's code as a reviewer reads it: its methods in an `impl` of its (sub-)client,
/// then its items and the types it was the first to use (in the crate's `types` module).
pub fn operation_alone(api: &Api, index: usize) -> Result<TokenStream, Error> {
    let Emitted { methods, items } = operation(api, index)?;
    let op = &api.operations[index];
    let types = super::types::definitions(api, |def| def.introduced_by == index);
    let target = if op.module == 0 {
        quote!(crate::Client)
    } else {
        let client = ident(&api.modules[op.module].client_name);
        quote!(<'a> #client<'a>)
    };
    Ok(quote! {
        impl #target { #methods }
        #items
        mod types { #types }
    })
}

/// The method's docs: the item's description (or its name), the request line, arguments,
/// responses and errors, where it is sent, what it returns and an example call.
fn method_docs(api: &Api, op: &Operation) -> Vec<String> {
    let mut lines = op.description.clone();
    if lines.is_empty() {
        lines.push(format!("{}.", code_safe(&op.summary).trim_end_matches('.')));
    }
    lines.push(String::new());
    lines.push(format!("Sends `{}` to `{}`.", code_safe(&op.method), code_safe(&op.path_template)));
    let required: Vec<&RequestField> = op.request.fields.iter().filter(|f| f.field.required).collect();
    if !op.path_params.is_empty() || !required.is_empty() {
        lines.extend([String::new(), "# Arguments".to_string(), String::new()]);
        for param in &op.path_params {
            let docs = param.docs.join(" ");
            let space = match docs.trim_end().chars().last() {
                None => "",
                Some('.' | '!' | '?') => " ",
                Some(_) => ". ",
            };
            lines.push(format!(
                "- `{}`: {docs}{space}Must not be empty: an empty value would send the request to another \
                 route, so it is refused with [`Error::InvalidRequest`](crate::Error::InvalidRequest).",
                param.name
            ));
        }
        for field in required {
            lines.push(format!("- `{}`: {}", field.field.name.rust, field.field.docs.join(" ")));
        }
    }
    let request = &op.request.name;
    let optional: Vec<String> = op
        .request
        .fields
        .iter()
        .filter(|f| !f.field.required)
        .map(|f| format!("[`{0}`]({request}::{0})", f.field.name.rust))
        .collect();
    lines.push(String::new());
    if optional.is_empty() {
        lines.push(format!("Gives the [`{request}`]; awaiting it sends the request."));
    } else {
        lines.push(format!(
            "Gives the [`{request}`], whose optional inputs are set with {}; awaiting it sends the request.",
            super::tokens::list(&optional)
        ));
    }
    let (ok, errors): (Vec<&Response>, Vec<&Response>) = op.responses.iter().partition(|r| r.is_success());
    if !ok.is_empty() {
        lines.extend([String::new(), "# Responses".to_string(), String::new()]);
        lines.extend(ok.iter().map(|r| response_line(r)));
    }
    if !errors.is_empty() {
        lines.extend([String::new(), "# Errors".to_string(), String::new()]);
        lines.push("Documented statuses, returned as [`crate::Error::Api`]:".to_string());
        lines.push(String::new());
        for response in errors {
            lines.push(response_line(response));
            for code in &response.error_codes {
                let message = if code.message.is_empty() { String::new() } else { format!(": {}", code.message) };
                lines.push(format!("  - error code `{}`{message}", code_safe(&code.code)));
            }
        }
    }
    if let Some(host) = op.host.map(|host| &api.hosts[host]) {
        let sent_to = match &host.default {
            Some(url) if *url == host.template => format!("<{url}>"),
            Some(url) => format!("`{}` (<{url}>)", code_safe(&host.template)),
            None => format!("`{}`", code_safe(&host.template)),
        };
        lines.push(String::new());
        lines.push(format!(
            "Sent to {sent_to}, not to the client's base URL; [`Client::{}`](crate::Client::{}) sets where.",
            host.setter, host.setter
        ));
    }
    // The error type is named in the operation's module, like its other types.
    if let Some(TypeRef::Named(id)) = &op.error {
        let link = format!("[`{}`]", api.alias(op, *id).name);
        lines.push(String::new());
        lines.push(format!("Their JSON bodies decode as {link} with [`crate::ApiError::json`]."));
    }
    // At the crate root `Response` and `ByteStream` are in scope; elsewhere they need a path.
    let (response, byte_stream) = if op.module == 0 {
        ("[`Response`]", "[`ByteStream`]")
    } else {
        ("[`Response`](crate::Response)", "[`ByteStream`](crate::ByteStream)")
    };
    lines.push(String::new());
    if op.success == Success::Binary {
        lines.push(format!("It answers with a {byte_stream} as soon as the headers arrive: the status and"));
        lines.push("headers, and the body (a file) to read as it comes (`into_stream()`, `chunk()`), or whole".into());
        lines.push("up to the client's limit (`bytes()`).".into());
    } else {
        lines.push(format!("It answers with the body in a {response}, with the status and headers it came"));
        lines.push("with (`status()`, `headers()`, and `raw()` for the bytes as received).".into());
    }
    if op.pagination.is_some() {
        lines.push(String::new());
        lines
            .push(format!("It pages: [`{request}::pages`] and [`{request}::items`] stream every page and every item."));
    }
    lines.extend(doc_lines(api, op));
    lines
}

fn response_line(response: &Response) -> String {
    let status = if response.status == 0 { "no status".to_string() } else { format!("`{}`", response.status) };
    if response.description.is_empty() {
        format!("- {status}")
    } else {
        format!("- {status}: {}", response.description)
    }
}

/// The method on the operation's (sub-)client: its docs, and the request it gives, from the
/// path parameters and required inputs (its arguments), the optional inputs unset.
fn method(api: &Api, op: &Operation) -> TokenStream {
    let doc = docs(&method_docs(api, op));
    let deprecated = deprecated(op.deprecated.as_ref());
    let name = ident(&op.name);
    let request = ident(&op.request.name);
    let (client, lifetime) =
        if op.module == 0 { (quote!(self), quote!('_)) } else { (quote!(self.client), quote!('a)) };
    let path_params = op.path_params.iter().map(|param| {
        let name = ident(&param.name);
        (quote!(#name: impl Into<String>), quote!(#name: #name.into()))
    });
    let required = op.request.fields.iter().filter(|f| f.field.required).map(|field| {
        let name = ident(&field.field.name.rust);
        let ty = type_tokens(api, &field.field.ty, Place::Operation(op));
        if field.field.ty == TypeRef::String {
            (quote!(#name: impl Into<String>), quote!(#name: #name.into()))
        } else {
            (quote!(#name: #ty), quote!(#name))
        }
    });
    let optional = op.request.fields.iter().filter(|f| !f.field.required).map(|field| {
        let name = ident(&field.field.name.rust);
        quote!(#name: None)
    });
    let (params, inits): (Vec<TokenStream>, Vec<TokenStream>) = path_params.chain(required).unzip();
    let allow_many = (params.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let allow_deprecated =
        op.request.fields.iter().any(|f| f.field.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #deprecated
        #allow_many
        #allow_deprecated
        #[inline]
        pub fn #name(&self, #(#params),*) -> #request<#lifetime> {
            #request { client: #client, #(#inits,)* #(#optional,)* }
        }
    }
}

/// The operation's request: a builder that holds the client and the inputs, with a setter per
/// optional input, `send` (which `.await` calls, through `IntoFuture`) and, when it pages, its
/// page and item streams.
fn request(api: &Api, op: &Operation) -> Result<TokenStream, Error> {
    let module = op.module;
    let request = &op.request;
    let name = ident(&request.name);
    let method = &op.name;
    let client_name = &api.modules[module].client_name;
    let doc = docs(&[
        format!(
            "The `{}` request, from [`{client_name}::{method}`](crate::{}{client_name}::{method}): set its optional",
            code_safe(&op.summary),
            module_prefix(api, module)
        ),
        "inputs, then `.await` it to send it.".to_string(),
    ]);
    let path_fields = op.path_params.iter().map(|param| {
        let name = ident(&param.name);
        quote!(#name: String,)
    });
    let fields = request.fields.iter().map(|field| {
        let name = ident(&field.field.name.rust);
        let ty = field_type_tokens(api, &field.field.ty, field.field.required, Place::Operation(op));
        quote!(#name: #ty,)
    });
    let setters = request.fields.iter().filter(|f| !f.field.required).map(|field| {
        let doc = docs(&field.field.docs);
        let deprecated = deprecated(field.field.deprecated.as_ref());
        let name = ident(&field.field.name.rust);
        let ty = type_tokens(api, &field.field.ty, Place::Operation(op));
        let (param, value) = if field.field.ty == TypeRef::String {
            (quote!(impl Into<String>), quote!(#name.into()))
        } else {
            (ty, quote!(#name))
        };
        quote! {
            #doc
            #deprecated
            #[inline]
            pub fn #name(mut self, #name: #param) -> Self {
                self.#name = Some(#value);
                self
            }
        }
    });
    let debug = request_debug(op);
    let (sent, send) = send(api, op);
    let (output, future_type) = (&sent.output, &sent.future_type);
    let paging = op.pagination.as_ref().map(|pagination| super::pagination::methods(api, op, pagination));
    let reads_deprecated = request.fields.iter().any(|f| f.field.deprecated.is_some());
    let allow = reads_deprecated.then(|| quote!(#[allow(deprecated)]));
    Ok(quote! {
        #doc
        #[must_use = "a request is sent when it is awaited"]
        #[derive(Clone)]
        pub struct #name<'a> {
            client: &'a crate::Client,
            #(#path_fields)*
            #(#fields)*
        }

        #debug

        #allow
        impl<'a> #name<'a> {
            #(#setters)*
            #send
            #paging
        }

        impl<'a> ::std::future::IntoFuture for #name<'a> {
            type Output = Result<#output, crate::Error>;
            type IntoFuture = #future_type;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    })
}

/// `users::` for an item of module `users` (nothing at the root), for intra-doc links.
fn module_prefix(api: &Api, module: ModuleId) -> String {
    super::tokens::module_path(api, module).iter().map(|name| format!("{name}::")).collect()
}

/// `Debug` for a request: its inputs, secrets redacted; the client is left out.
fn request_debug(op: &Operation) -> TokenStream {
    let name = ident(&op.request.name);
    let title = &op.request.name;
    let params = op.path_params.iter().map(|param| {
        let text = &param.name;
        let member = ident(&param.name);
        quote!(.field(#text, &self.#member))
    });
    let fields = op.request.fields.iter().map(|field| {
        let text = &field.field.name.rust;
        let member = ident(text);
        match (super::types::is_secret(&field.field), field.field.required) {
            (true, true) => quote!(.field(#text, &"<redacted>")),
            (true, false) => quote!(.field(#text, &self.#member.as_ref().map(|_| "<redacted>"))),
            (false, _) => quote!(.field(#text, &self.#member)),
        }
    });
    let allow = op.request.fields.iter().any(|f| f.field.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #allow
        impl ::std::fmt::Debug for #name<'_> {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#title) #(#params)* #(#fields)* .finish_non_exhaustive()
            }
        }
    }
}

/// The request's output type, and `send` and `outgoing`: `outgoing` builds the request from
/// the inputs (a plain function), and `send` hands it to the runtime's one sending future and
/// decodes the answer, so that no operation has an `async` body of its own to compile.
fn send(api: &Api, op: &Operation) -> (super::request::Sent, TokenStream) {
    let path = path_expr(api, op);
    let path_ref = if op.path_params.is_empty() { quote!(path) } else { quote!(&path) };
    let http_method = http_method(&op.method);
    let client = quote!(self.client);
    let builder = match op.host.map(proc_macro2::Literal::usize_unsuffixed) {
        Some(host) => quote!(#client.request_to(#host, #http_method, #path_ref)?),
        None => quote!(#client.request(#http_method, #path_ref)),
    };
    let inputs = inputs(api, op);
    let outgoing = super::request::outgoing(api, op);
    let sent = success(api, op, &client, &quote!(self.outgoing()));
    let (future_type, future) = (&sent.future_type, &sent.future);
    let uses_request = !op.path_params.is_empty() || !op.request.fields.is_empty();
    let request = uses_request.then(|| quote!(let request = self;));
    let send = quote! {
        /// Sends the request (what awaiting it does).
        #[inline]
        pub fn send(self) -> #future_type {
            #future
        }

        /// The request as its inputs make it, before the client's options and credentials.
        #[inline]
        fn outgoing(&self) -> Result<crate::runtime::Outgoing, crate::Error> {
            #request
            let path = #path;
            let builder = #builder;
            #inputs
            Ok(#outgoing)
        }
    };
    (sent, send)
}

/// The path relative to the base URL: the literal path, or with path parameters the `format!`
/// string that names each one (braces of the literal parts escaped).
fn path_text(op: &Operation) -> String {
    let mut text = String::new();
    for part in &op.path {
        match part {
            PathPart::Literal(literal) if op.path_params.is_empty() => text.push_str(literal),
            PathPart::Literal(literal) => text.push_str(&literal.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(_) if op.path_params.is_empty() => {}
            PathPart::Param(index) => text.push_str(&format!("{{{}}}", op.path_params[*index].name)),
        }
    }
    text
}

/// The path relative to the base URL, with path parameters percent-encoded.
fn path_expr(api: &Api, op: &Operation) -> TokenStream {
    let text = path_text(op);
    if op.path_params.is_empty() {
        return quote!(#text);
    }
    // Each parameter is encoded into a local of its name, so the format string names it inline;
    // an error names the operation and the parameter.
    let names = op.path_params.iter().map(|param| ident(&param.name));
    let encoded = names.clone();
    let labels = op.path_params.iter().map(|param| param.name.trim_start_matches("r#").to_string());
    let operation = operation_label(api, op);
    quote! {{
        #(let #names = crate::runtime::encode_path(#operation, #labels, &request.#encoded)?;)*
        format!(#text)
    }}
}

/// An operation as errors name it: its module path and method (`users::update_user`).
fn operation_label(api: &Api, op: &Operation) -> String {
    let mut path = crate::naming::paths::module_path(api, op.module);
    path.push(op.name.trim_start_matches("r#"));
    path.join("::")
}

fn http_method(method: &str) -> TokenStream {
    if is_standard_method(method) {
        let name = ident(method);
        quote!(::reqwest::Method::#name)
    } else {
        let bytes = Literal::byte_string(method.as_bytes());
        quote!(crate::runtime::method(#bytes)?)
    }
}
