//! The page and item streams of an operation that pages through a list.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Place, docs, ident, type_tokens};
use crate::ir::{Api, Operation, PageKind, Pagination, Success, TypeRef, TypedItems};

/// `fn pages` and `fn items` for `op`, which pages as `pagination` says: methods of the
/// operation's request, whose `impl` has the lifetime `'a` of its borrow of the client.
pub fn methods(api: &Api, op: &Operation, pagination: &Pagination) -> TokenStream {
    if pagination.kind == PageKind::Link {
        return link_methods(api, op, pagination);
    }
    let request = &op.request;
    let members = pagination.field.iter().map(|member| ident(member));
    let field = quote!(#(#members).*);
    let pointer = &pagination.items;
    // The field's value as an `i64` (`default` when unset or not a number).
    let number = |member: &TokenStream, default: i64, integer: bool, required: bool| match (integer, required) {
        (true, true) => quote!(request.#member),
        (true, false) => quote!(request.#member.unwrap_or(#default)),
        (false, true) => quote!(request.#member.parse().unwrap_or(#default)),
        (false, false) => quote!(request.#member.as_deref().and_then(|v| v.parse().ok()).unwrap_or(#default)),
    };
    // `value` (an `i64`, or a `String` when `text`) as the field's type.
    let set = |value: TokenStream, integer: bool, text: bool| match (integer || text, pagination.required) {
        (true, true) => quote!(#value),
        (true, false) => quote!(Some(#value)),
        (false, true) => quote!(#value.to_string()),
        (false, false) => quote!(Some(#value.to_string())),
    };
    let wire = &pagination.wire;
    let (next, how) = match &pagination.kind {
        PageKind::Token { next } => {
            let current = if pagination.required {
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
                    "with `{wire}` set to the previous page's `{}`; it ends after a page without a new one, or with `has_more: false`",
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
            let offset = number(&field, 0, pagination.integer, pagination.required);
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
            let page_number = number(&field, 1, pagination.integer, pagination.required);
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
        PageKind::Link => return TokenStream::new(),
    };
    let fetch = quote!(|request: Self| request.send());
    let next = quote!(|page, request: &Self| { #next });
    streams(api, op, pagination, &how, (TokenStream::new(), quote!(self), fetch, next))
}

/// The page and item streams of an operation whose pages name the next one in their `Link`
/// header: the first page is the request as given, each next one a `GET` of the link.
fn link_methods(api: &Api, op: &Operation, pagination: &Pagination) -> TokenStream {
    let client = quote!(client);
    let (origin, base) = match op.host.map(proc_macro2::Literal::usize_unsuffixed) {
        Some(host) => {
            let url = quote!(#client.hosts[#host].as_deref().unwrap_or_default());
            (quote!(Some(#url)), url)
        }
        None => (quote!(None), quote!(&#client.base_url)),
    };
    let outgoing = super::request::outgoing(api, op);
    let future = super::request::success(api, op, &client, &quote!(outgoing)).future;
    // The closure owns the request: the first page is what it makes, each next one a `GET` of
    // the link, sent alike.
    let fetch = quote! {{
        let request = self;
        move |link: Option<::reqwest::Url>| {
            let outgoing = match link {
                None => request.outgoing(),
                Some(link) => #client.follow(#origin, link).map(|builder| #outgoing),
            };
            #future
        }
    }};
    let next = quote!(move |page, _: &Option<::reqwest::Url>| crate::runtime::next_link(page.raw(), #base).map(Some));
    let how = "with a `GET` of the link the previous page's `Link` header gives as `rel=\"next\"` (only on the client's base URL); it ends after a page without one";
    streams(api, op, pagination, how, (quote!(let client = self.client;), quote!(None), fetch, next))
}

/// `fn pages` (a stream of pages from `first`, `fetch` and `next`, as `runtime::pages` takes
/// them, after the statements `setup`) and `fn items`, methods of the request.
fn streams(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    how: &str,
    (setup, first, fetch, next): (TokenStream, TokenStream, TokenStream, TokenStream),
) -> TokenStream {
    let pointer = &pagination.items;
    let body = match &op.success {
        Success::Json(ty) => type_tokens(api, ty, Place::Operation(op)),
        Success::OptionalJson(ty) => {
            let ty = type_tokens(api, ty, Place::Operation(op));
            quote!(Option<#ty>)
        }
        Success::Raw | Success::Binary => quote!(Vec<u8>),
        Success::Text => quote!(String),
        Success::Empty => quote!(()),
    };
    let optional = matches!(op.success, Success::OptionalJson(_));
    let (item, take) = match &pagination.typed_items {
        Some(TypedItems { list, element }) => {
            let element = type_tokens(api, element, Place::Operation(op));
            let take = match (list.as_deref().map(ident), optional) {
                (Some(list), false) => quote!(|page| page.into_inner().#list.unwrap_or_default()),
                (Some(list), true) => quote!(|page| page.into_inner().and_then(|body| body.#list).unwrap_or_default()),
                (None, false) => quote!(|page| page.into_inner()),
                (None, true) => quote!(|page| page.into_inner().unwrap_or_default()),
            };
            (element, take)
        }
        None => (quote!(::serde_json::Value), quote!(|page| crate::runtime::json_items(page.raw(), #pointer))),
    };
    let where_items =
        if pointer.is_empty() { "the list each page is".to_string() } else { format!("the list at `{pointer}`") };
    let pages_docs = docs(&[
        "Every page, as a stream: each is requested when the stream is polled,".to_string(),
        format!("{how}."),
        String::new(),
        "The first page is requested with the inputs as given; an error ends the stream.".to_string(),
    ]);
    let items_docs =
        docs(&[format!("Every item of every page ({where_items}), in order, as a stream: see [`Self::pages`].")]);
    quote! {
        #pages_docs
        #[inline]
        pub fn pages(self) -> impl ::futures::Stream<Item = Result<crate::Response<#body>, crate::Error>> + 'a {
            #setup
            crate::runtime::pages(#first, #fetch, #next)
        }

        #items_docs
        #[inline]
        pub fn items(self) -> impl ::futures::Stream<Item = Result<#item, crate::Error>> + 'a {
            crate::runtime::items(self.pages(), #take)
        }
    }
}
