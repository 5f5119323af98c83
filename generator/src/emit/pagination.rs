//! The page and item streams of an operation that pages through a list.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident, type_tokens};
use crate::ir::{Api, Operation, PageKind, Pagination, Success, TypeRef, TypedItems};

/// `fn …_pages` and `fn …_items` for `op`, which pages as `pagination` says: methods of the
/// operation's (sub-)client, whose `impl` has the lifetime `'a` of a sub-client's borrow.
pub fn methods(api: &Api, op: &Operation, pagination: &Pagination) -> TokenStream {
    if pagination.kind == PageKind::Link {
        return link_methods(api, op, pagination);
    }
    let Some(request) = &op.request else { return TokenStream::new() };
    let name = ident(&op.name);
    let request_type = ident(&request.name);
    let members = pagination.field.iter().map(|member| ident(member));
    let field = quote!(#(#members).*);
    let pointer = &pagination.items;
    let params: Vec<_> = op.path_params.iter().map(|p| ident(&p.name)).collect();
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
    let fetch = quote!(move |request: #request_type| async move { this.#name(#(#params,)* &request).await });
    let next = quote!(|page, request| { #next });
    let signature = quote!(#(#params: &'a str,)* request: &#request_type);
    let call = quote!(#(#params,)* request);
    streams(api, op, pagination, &how, (signature, call), (quote!(request.clone()), fetch, next))
}

/// The page and item streams of an operation whose pages name the next one in their `Link`
/// header: the first page is the operation's call, each next one a `GET` of the link.
fn link_methods(api: &Api, op: &Operation, pagination: &Pagination) -> TokenStream {
    let name = ident(&op.name);
    let params: Vec<_> = op.path_params.iter().map(|p| ident(&p.name)).collect();
    let client = if op.module == 0 { quote!(this) } else { quote!(this.client) };
    let (origin, base) = match op.host.map(proc_macro2::Literal::usize_unsuffixed) {
        Some(host) => {
            let url = quote!(#client.hosts[#host].as_deref().unwrap_or_default());
            (quote!(Some(#url)), url)
        }
        None => (quote!(None), quote!(&#client.base_url)),
    };
    let (_, decode) = super::request::success(api, op, &client, &super::request::auth(op.auth.as_ref()));
    let (signature, call, first_call) = match &op.request {
        Some(request) => {
            let ty = ident(&request.name);
            (
                quote!(#(#params: &'a str,)* request: &#ty),
                quote!(#(#params,)* request),
                quote!(this.#name(#(#params,)* &request)),
            )
        }
        None => (quote!(#(#params: &'a str),*), quote!(#(#params),*), quote!(this.#name(#(#params),*))),
    };
    // The closure owns a copy of the request, and each call its own.
    let request = op.request.as_ref().map(|_| quote!(let request = request.clone();));
    let fetch = quote! {{
        #request
        move |link: Option<::reqwest::Url>| {
            #request
            async move {
                match link {
                    None => #first_call.await,
                    Some(link) => {
                        let builder = #client.follow(#origin, link)?;
                        #decode
                    }
                }
            }
        }
    }};
    let next = quote!(move |page, _| crate::runtime::next_link(page.raw(), #base).map(Some));
    let how = "with a `GET` of the link the previous page's `Link` header gives as `rel=\"next\"` (only on the client's base URL); it ends after a page without one";
    streams(api, op, pagination, how, (signature, call), (quote!(None), fetch, next))
}

/// `fn …_pages` (a stream of pages from `first`, `fetch` and `next`, as `runtime::pages` takes
/// them) and `fn …_items`, taking the arguments `signature` and passing them on as `call`.
fn streams(
    api: &Api,
    op: &Operation,
    pagination: &Pagination,
    how: &str,
    (signature, call): (TokenStream, TokenStream),
    (first, fetch, next): (TokenStream, TokenStream, TokenStream),
) -> TokenStream {
    let (pages, items) = (ident(&pagination.pages_method), ident(&pagination.items_method));
    let pointer = &pagination.items;
    let body = match &op.success {
        Success::Json(ty) => type_tokens(api, ty, Some(op.module)),
        Success::OptionalJson(ty) => {
            let ty = type_tokens(api, ty, Some(op.module));
            quote!(Option<#ty>)
        }
        Success::Raw | Success::Binary => quote!(Vec<u8>),
        Success::Text => quote!(String),
        Success::Empty => quote!(()),
    };
    let optional = matches!(op.success, Success::OptionalJson(_));
    let (item, take) = match &pagination.typed_items {
        Some(TypedItems { list, element }) => {
            let element = type_tokens(api, element, Some(op.module));
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
    let method = &op.name;
    let pages_docs = docs(&[
        format!("Every page of [`Self::{method}`], as a stream: each is requested when the stream is polled,"),
        format!("{how}."),
        String::new(),
        "The first page is requested with the arguments as given; an error ends the stream.".to_string(),
    ]);
    let items_docs = docs(&[
        format!("Every item of every page of [`Self::{method}`] ({where_items}), in order, as a"),
        format!("stream: see [`Self::{}`].", pagination.pages_method),
    ]);
    // The streams borrow the client, not the sub-client they are called on (a temporary, as in
    // `client.users().list_users_items(…)`): `this` is a copy of the sub-client.
    let (lifetime, receiver, this) = if op.module == 0 {
        (quote!(<'a>), quote!(&'a self), quote!(self))
    } else {
        (TokenStream::new(), quote!(&self), quote!(*self))
    };
    quote! {
            #pages_docs
            pub fn #pages #lifetime(#receiver, #signature) -> impl ::futures::Stream<Item = Result<crate::Response<#body>, crate::Error>> + 'a {
                let this = #this;
                crate::runtime::pages(#first, #fetch, #next)
            }

            #items_docs
            pub fn #items #lifetime(#receiver, #signature) -> impl ::futures::Stream<Item = Result<#item, crate::Error>> + 'a {
                crate::runtime::items(self.#pages(#call), #take)
            }
    }
}
