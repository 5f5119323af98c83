//! One operation: its method on the (sub-)client, its request struct and the types it introduced.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::example::doc_lines;
use super::request::{auth, inputs, success};
use super::tokens::{deprecated, docs, field_type_tokens, ident, type_tokens};
use super::types::{debug, is_eq, type_def};
use super::uses::is_standard_method;
use crate::error::Error;
use crate::ir::{Api, ModuleId, Operation, PathPart, RequestField, RequestStruct, Response, Success, TypeRef};
use crate::lower::docs::code_safe;

/// The types that operations of several top-level folders share, defined at the crate root in
/// the order their first users come.
pub fn shared_types(api: &Api) -> TokenStream {
    let shared = api.types.iter().filter(|def| def.module == 0 && api.operations[def.introduced_by].module != 0);
    let types = shared.map(|def| type_def(api, def));
    quote! { #(#types)* }
}

/// What one operation adds to the crate.
pub struct Emitted {
    /// Its method, and its page and item streams: methods of its (sub-)client.
    pub methods: TokenStream,
    /// Its request struct and the types it introduced.
    pub items: TokenStream,
}

/// An operation's methods, request struct and the types it introduced.
pub fn operation(api: &Api, index: usize) -> Result<Emitted, Error> {
    let op = &api.operations[index];
    let method = method(api, op)?;
    let paging = op.pagination.as_ref().map(|pagination| super::pagination::methods(api, op, pagination));
    let request = op.request.as_ref().map(|request| request_struct(api, op, request));
    // Types several top-level folders share are defined at the crate root instead (`shared_types`).
    let types = api
        .types
        .iter()
        .filter(|def| def.introduced_by == index && def.module == op.module)
        .map(|def| type_def(api, def));
    Ok(Emitted {
        methods: quote! {
            #method
            #paging
        },
        items: quote! {
            #request
            #(#types)*
        },
    })
}

/// The operation's code as a reviewer reads it: its methods in an `impl` of its (sub-)client,
/// then its items.
pub fn operation_alone(api: &Api, index: usize) -> Result<TokenStream, Error> {
    let Emitted { methods, items } = operation(api, index)?;
    let op = &api.operations[index];
    let target = if op.module == 0 {
        quote!(crate::Client)
    } else {
        let client = ident(&api.modules[op.module].client_name);
        quote!(<'a> #client<'a>)
    };
    Ok(quote! {
        impl #target { #methods }
        #items
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
    if !op.path_params.is_empty() || op.request.is_some() {
        lines.extend([String::new(), "# Arguments".to_string(), String::new()]);
        for param in &op.path_params {
            lines.push(format!("- `{}`: {}", param.name, param.docs.join(" ")));
        }
        if let Some(request) = &op.request {
            lines.push(format!("- `request`: query, headers and body, see [`{}`].", request.name));
        }
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
    // The error type may live in another module than the operation (shared by several): the
    // link names its path, known only once the types are placed.
    if let Some(TypeRef::Named(id)) = &op.error {
        let name = &api.types[*id].name;
        let link = if api.types[*id].module == op.module {
            format!("[`{name}`]")
        } else {
            format!("[`{name}`]({})", super::example::type_text(api, &TypeRef::Named(*id), "crate"))
        };
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
        lines.push(format!("Returns a {byte_stream} as soon as the headers arrive: the status and"));
        lines.push("headers, and the body (a file) to read as it comes (`into_stream()`, `chunk()`), or whole".into());
        lines.push("up to the client's limit (`bytes()`).".into());
    } else {
        lines.push(format!("Returns the body in a {response}, with the status and headers it came"));
        lines.push("with (`status()`, `headers()`, and `raw()` for the bytes as received).".into());
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

/// The method: its docs, signature and body.
fn method(api: &Api, op: &Operation) -> Result<TokenStream, Error> {
    let doc = docs(&method_docs(api, op));
    let deprecated = deprecated(op.deprecated.as_ref());
    let name = ident(&op.name);
    let client = if op.module == 0 { quote!(self) } else { quote!(self.client) };
    let params = op.path_params.iter().map(|param| {
        let name = ident(&param.name);
        quote!(#name: &str)
    });
    let request_param = op.request.as_ref().map(|request| {
        let ty = ident(&request.name);
        quote!(request: &#ty)
    });
    let reads_deprecated = op.request.as_ref().is_some_and(|r| r.fields.iter().any(|f| f.field.deprecated.is_some()));
    let allow = reads_deprecated.then(|| quote!(#[allow(deprecated)]));
    let path = path_expr(op);
    let path_ref = if op.path_params.is_empty() { quote!(path) } else { quote!(&path) };
    let http_method = http_method(&op.method);
    let request = match op.host.map(proc_macro2::Literal::usize_unsuffixed) {
        Some(host) => quote!(#client.request_to(#host, #http_method, #path_ref)?),
        None => quote!(#client.request(#http_method, #path_ref)),
    };
    let inputs = inputs(api, op);
    let (output, decode) = success(api, op, &client, &auth(op.auth.as_ref()));
    Ok(quote! {
        #doc
        #deprecated
        #allow
        pub async fn #name(&self, #(#params,)* #request_param) -> Result<#output, crate::Error> {
            let path = #path;
            let builder = #request;
            #inputs
            #decode
        }
    })
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
fn path_expr(op: &Operation) -> TokenStream {
    let text = path_text(op);
    if op.path_params.is_empty() {
        return quote!(#text);
    }
    // Each parameter is shadowed by its encoded form, so the format string names it inline.
    let names = op.path_params.iter().map(|param| ident(&param.name));
    let encoded = names.clone();
    quote! {{
        #(let #names = crate::runtime::encode_path(#encoded)?;)*
        format!(#text)
    }}
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

/// The request struct, its `Debug` when a field is secret, and its constructor when a field
/// is required.
fn request_struct(api: &Api, op: &Operation, request: &RequestStruct) -> TokenStream {
    let module = op.module;
    let fields: Vec<&crate::ir::Field> = request.fields.iter().map(|f| &f.field).collect();
    let (derive_debug, debug_impl) = debug(&request.name, &fields, false);
    let name = ident(&request.name);
    let doc = docs(&[format!("Query, headers and body of `{}`.", code_safe(&op.summary))]);
    let eq = if request.fields.iter().all(|f| is_eq(api, &f.field.ty)) { quote!(Eq,) } else { TokenStream::new() };
    let default = request.fields.iter().all(|f| !f.field.required).then(|| quote!(Default,));
    let constructor = constructor(api, request, module);
    let fields = request.fields.iter().map(|field| {
        let doc = docs(&field.field.docs);
        let deprecated = deprecated(field.field.deprecated.as_ref());
        let name = ident(&field.field.name.rust);
        let ty = field_type_tokens(api, &field.field.ty, field.field.required, module);
        quote! { #doc #deprecated pub #name: #ty, }
    });
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, #eq #default)]
        pub struct #name { #(#fields)* }
        #debug_impl
        #constructor
    }
}

/// `impl Request { fn new(…) }` taking the required fields.
fn constructor(api: &Api, request: &RequestStruct, module: ModuleId) -> TokenStream {
    let name = ident(&request.name);
    let required: Vec<&RequestField> = request.fields.iter().filter(|f| f.field.required).collect();
    let constructor = (!required.is_empty()).then(|| {
        let params = required.iter().map(|field| {
            let name = ident(&field.field.name.rust);
            let ty = type_tokens(api, &field.field.ty, Some(module));
            if field.field.ty == TypeRef::String { quote!(#name: impl Into<#ty>) } else { quote!(#name: #ty) }
        });
        let inits = request.fields.iter().map(|field| {
            let name = ident(&field.field.name.rust);
            match (field.field.required, &field.field.ty) {
                (true, TypeRef::String) => quote!(#name: #name.into()),
                (true, _) => quote!(#name),
                (false, _) => quote!(#name: None),
            }
        });
        let allow_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let allow_deprecated =
            request.fields.iter().any(|f| f.field.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
        quote! {
            #allow_deprecated
            impl #name {
                /// A request with the required fields; every optional field is `None`.
                #allow_many
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits),* }
                }
            }
        }
    });
    constructor.unwrap_or_default()
}
