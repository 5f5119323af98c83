//! The page and item streams of an operation that pages through a list.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, type_tokens};
use crate::ir::{Api, Operation, PageKind, Pagination, Success, TypeRef};

/// `impl Client { fn …_pages, fn …_items }` for `op`, which pages as `pagination` says.
pub fn methods(api: &Api, op: &Operation, pagination: &Pagination, target: &TokenStream) -> TokenStream {
    let Some(request) = &op.request else { return TokenStream::new() };
    let required = |rust: &str| request.fields.iter().any(|f| f.field.name.rust == rust && f.field.required);
    let name = ident(&op.name);
    let (pages, items) = (ident(&pagination.pages_method), ident(&pagination.items_method));
    let request_type = ident(&request.name);
    let field = ident(&pagination.field);
    let pointer = &pagination.items;
    let params: Vec<_> = op.path_params.iter().map(|p| ident(&p.name)).collect();
    let body = match &op.success {
        Success::Json(ty) => type_tokens(api, ty, Some(op.module)),
        Success::OptionalJson(ty) => {
            let ty = type_tokens(api, ty, Some(op.module));
            quote!(Option<#ty>)
        }
        Success::Raw => quote!(Vec<u8>),
        Success::Text => quote!(String),
        Success::Empty => quote!(()),
    };
    // The field's value as an `i64` (`default` when unset or not a number), and `value` put back.
    let number = |rust: &str, default: i64, integer: bool| {
        let member = ident(rust);
        match (integer, required(rust)) {
            (true, true) => quote!(request.#member),
            (true, false) => quote!(request.#member.unwrap_or(#default)),
            (false, true) => quote!(request.#member.parse().unwrap_or(#default)),
            (false, false) => quote!(request.#member.as_deref().and_then(|v| v.parse().ok()).unwrap_or(#default)),
        }
    };
    // `value` (an `i64`, or a `String` when `text`) as the field's type.
    let set = |value: TokenStream, integer: bool, text: bool| match (integer || text, required(&pagination.field)) {
        (true, true) => quote!(#value),
        (true, false) => quote!(Some(#value)),
        (false, true) => quote!(#value.to_string()),
        (false, false) => quote!(Some(#value.to_string())),
    };
    let wire = request
        .fields
        .iter()
        .find(|f| f.field.name.rust == pagination.field)
        .map_or("", |f| f.field.name.wire.as_str());
    let (next, how) = match &pagination.kind {
        PageKind::Token { next } => {
            let current = if required(&pagination.field) {
                quote!(Some(request.#field.as_str()))
            } else {
                quote!(request.#field.as_deref())
            };
            let value = set(quote!(token), false, true);
            (
                quote! {
                    let token = crate::runtime::next_token(page.raw(), #next, #current)?;
                    let mut request = request.clone();
                    request.#field = #value;
                    Some(request)
                },
                format!(
                    "with `{wire}` set to the previous page's `{}`; it ends after a page without one",
                    next.trim_start_matches('/').replace('/', ".")
                ),
            )
        }
        PageKind::StartingAfter => {
            let value = set(quote!(id), false, true);
            (
                quote! {
                    let id = crate::runtime::next_starting_after(page.raw(), #pointer)?;
                    let mut request = request.clone();
                    request.#field = #value;
                    Some(request)
                },
                format!("with `{wire}` set to the `id` of the previous page's last item while `has_more` is true"),
            )
        }
        PageKind::Offset { limit } => {
            let offset = number(&pagination.field, 0, pagination.integer);
            let limit = match limit.as_deref().and_then(|l| request.fields.iter().find(|f| f.field.name.rust == l)) {
                Some(limit_field) => {
                    let member = ident(&limit_field.field.name.rust);
                    match (limit_field.field.ty == TypeRef::Integer, limit_field.field.required) {
                        (true, true) => quote!(Some(request.#member)),
                        (true, false) => quote!(request.#member),
                        (false, true) => quote!(request.#member.parse().ok()),
                        (false, false) => quote!(request.#member.as_deref().and_then(|v| v.parse().ok())),
                    }
                }
                None => quote!(None),
            };
            let value = set(quote!(offset), pagination.integer, false);
            (
                quote! {
                    let offset = crate::runtime::next_offset(page.raw(), #pointer, #offset, #limit)?;
                    let mut request = request.clone();
                    request.#field = #value;
                    Some(request)
                },
                format!(
                    "with `{wire}` moved past the items so far; it ends after a page with no items, or fewer than the limit"
                ),
            )
        }
        PageKind::PageNumber => {
            let page_number = number(&pagination.field, 1, pagination.integer);
            let value = set(quote!(number), pagination.integer, false);
            (
                quote! {
                    let number = crate::runtime::next_page(page.raw(), #pointer, #page_number)?;
                    let mut request = request.clone();
                    request.#field = #value;
                    Some(request)
                },
                format!("with `{wire}` counting up from its value (1 when unset); it ends after a page with no items"),
            )
        }
    };
    let (item, take) = match &pagination.typed_items {
        Some((list, element)) => {
            let list = ident(list);
            let element = type_tokens(api, element, Some(op.module));
            (element, quote!(|page| page.into_inner().#list.unwrap_or_default()))
        }
        None => (quote!(::serde_json::Value), quote!(|page| crate::runtime::json_items(page.raw(), #pointer))),
    };
    let method = &op.name;
    let pages_docs = docs(&[
        format!("Every page of [`Self::{method}`], as a stream: each is requested when the stream is polled,"),
        format!("{how}."),
        String::new(),
        "The first page is requested with `request` as given; an error ends the stream.".to_string(),
    ]);
    let items_docs = docs(&[
        format!("Every item of every page of [`Self::{method}`] (the list at `{pointer}`), in order, as a"),
        format!("stream: see [`Self::{}`].", pagination.pages_method),
    ]);
    quote! {
        impl #target {
            #pages_docs
            pub fn #pages<'a>(&'a self, #(#params: &'a str,)* request: &#request_type) -> impl ::futures::Stream<Item = Result<crate::Response<#body>, crate::Error>> + 'a {
                crate::runtime::pages(
                    request.clone(),
                    move |request: #request_type| async move { self.#name(#(#params,)* &request).await },
                    |page, request| { #next },
                )
            }

            #items_docs
            pub fn #items<'a>(&'a self, #(#params: &'a str,)* request: &#request_type) -> impl ::futures::Stream<Item = Result<#item, crate::Error>> + 'a {
                crate::runtime::items(self.#pages(#(#params,)* request), #take)
            }
        }
    }
}
