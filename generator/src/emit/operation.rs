//! One operation: its method on the (sub-)client, its request struct and the types it introduced.

use std::borrow::Cow;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::types::{is_eq, type_def};
use super::{deprecated, docs, field_type_tokens, ident, type_tokens};
use crate::error::Error;
use crate::ir::{Api, ModuleId, Operation, PathPart, RequestField, RequestStruct, Success, TypeRef};

const STANDARD_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "PATCH", "TRACE"];

pub fn operation(api: &Api, index: usize) -> Result<TokenStream, Error> {
    let op = &api.operations[index];
    let docs = method_docs(api, op);
    let method = match super::text::method(api, op, &op.docs, &docs[op.docs.len()..]) {
        Some(text) => super::item_marker(text),
        None => method_item_tokens(api, op, &docs)?,
    };
    let request = op.request.as_ref().map(|request| request_struct(api, request, op.module));
    let types = api.types.iter().filter(|def| def.introduced_by == index).map(|def| type_def(api, def));
    Ok(quote! {
        #method
        #request
        #(#types)*
    })
}

/// The text `operation` renders to when each of its items is written as text (the usual case),
/// made without building their markers; `None` when one of them needs `prettyplease`.
pub(super) fn text(api: &Api, index: usize, out: &mut String) -> Option<()> {
    let op = &api.operations[index];
    out.push_str(&super::text::method(api, op, &op.docs, &super::example::doc_lines(api, op))?);
    if let Some(request) = &op.request {
        out.push_str(&super::text::request_struct(api, request, op.module)?);
        let fields: Vec<&crate::ir::Field> = request.fields.iter().map(|f| &f.field).collect();
        if fields.iter().any(|f| super::types::is_secret(f)) {
            out.push_str(&super::text::debug_impl(&request.name, &fields)?);
        }
        if request.fields.iter().any(|f| f.field.required) {
            out.push_str(&super::text::constructor(api, request, op.module)?);
        }
    }
    for def in api.types.iter().filter(|def| def.introduced_by == index) {
        out.push_str(&super::text::type_def(api, def)?);
    }
    Some(())
}

/// The method's doc lines: the item's description, then its example.
pub(super) fn method_docs(api: &Api, op: &Operation) -> Vec<String> {
    let example = super::example::doc_lines(api, op);
    let mut lines = Vec::with_capacity(op.docs.len() + example.len());
    lines.extend(op.docs.iter().cloned());
    lines.extend(example.into_iter().map(Cow::into_owned));
    lines
}

/// `impl Client { method }`, for `prettyplease` to lay out.
pub(super) fn method_item_tokens(api: &Api, op: &Operation, docs: &[String]) -> Result<TokenStream, Error> {
    let method = method(api, op, docs)?;
    let target = if op.module == 0 {
        quote!(crate::Client)
    } else {
        let client = ident(&api.modules[op.module].client_name);
        quote!(#client<'_>)
    };
    Ok(quote! { impl #target { #method } })
}

fn method(api: &Api, op: &Operation, lines: &[String]) -> Result<TokenStream, Error> {
    let doc = docs(lines);
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
    let request = match &op.origin {
        Some(origin) => quote!(#client.request_to(#origin, #http_method, #path_ref)),
        None => quote!(#client.request(#http_method, #path_ref)),
    };
    let inputs = super::request::inputs(api, op);
    let (output, decode) = success(api, op, &client, &super::request::auth(op.auth.as_ref()));
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
pub(super) fn path_text(op: &Operation) -> String {
    let mut text = String::new();
    for part in &op.path {
        match part {
            PathPart::Literal(literal) if op.path_params.is_empty() => text.push_str(literal),
            PathPart::Literal(literal) => text.push_str(&literal.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(_) if op.path_params.is_empty() => {}
            PathPart::Param(index) => text.push_str(&cat!("{", op.path_params[*index].name, "}")),
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

pub(super) fn is_standard_method(method: &str) -> bool {
    STANDARD_METHODS.contains(&method)
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

/// The return type, and the statements that send the request (`call`) and decode the answer.
fn success(api: &Api, op: &Operation, client: &TokenStream, auth: &TokenStream) -> (TokenStream, TokenStream) {
    let call = quote!(#client.execute(builder, #auth).await?);
    let here = Some(op.module);
    match &op.success {
        Success::Empty => (quote!(()), quote! { #call; Ok(()) }),
        Success::Json(ty) => (type_tokens(api, ty, here), quote! { #call.json() }),
        Success::OptionalJson(ty) => {
            let ty = type_tokens(api, ty, here);
            (quote!(Option<#ty>), quote! { #call.optional_json() })
        }
        Success::Text => (quote!(String), quote! { Ok(#call.text()) }),
        Success::Raw => (quote!(crate::RawResponse), quote! { #client.execute(builder, #auth).await }),
    }
}

/// The request struct item alone, for `prettyplease` to lay out.
pub(super) fn request_struct_tokens(api: &Api, request: &RequestStruct, module: ModuleId) -> TokenStream {
    let fields: Vec<&crate::ir::Field> = request.fields.iter().map(|f| &f.field).collect();
    let (derive_debug, _) = super::types::debug(&request.name, &fields);
    let name = ident(&request.name);
    let doc = docs(&request.docs);
    let eq = if request.fields.iter().all(|f| is_eq(api, &f.field.ty)) { quote!(Eq,) } else { TokenStream::new() };
    let default = request.fields.iter().all(|f| !f.field.required).then(|| quote!(Default,));
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
    }
}

fn request_struct(api: &Api, request: &RequestStruct, module: ModuleId) -> TokenStream {
    let item = match super::text::request_struct(api, request, module) {
        Some(text) => super::item_marker(text),
        None => request_struct_tokens(api, request, module),
    };
    let fields: Vec<&crate::ir::Field> = request.fields.iter().map(|f| &f.field).collect();
    let debug_impl = if !fields.iter().any(|f| super::types::is_secret(f)) {
        TokenStream::new()
    } else {
        match super::text::debug_impl(&request.name, &fields) {
            Some(text) => super::item_marker(text),
            None => super::types::debug(&request.name, &fields).1,
        }
    };
    let constructor = match request.fields.iter().any(|f| f.field.required) {
        false => TokenStream::new(),
        true => match super::text::constructor(api, request, module) {
            Some(text) => super::item_marker(text),
            None => constructor_tokens(api, request, module),
        },
    };
    quote! {
        #item
        #debug_impl
        #constructor
    }
}

/// `impl Request { fn new(…) }`, for `prettyplease` to lay out.
pub(super) fn constructor_tokens(api: &Api, request: &RequestStruct, module: ModuleId) -> TokenStream {
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
