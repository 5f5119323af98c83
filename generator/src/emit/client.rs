//! The crate root (`Client`, its configuration and folder accessors) and the sub-clients.

use proc_macro2::TokenStream;
use quote::quote;

use super::auth::{Credentials, credentials};
use super::tokens::{docs, ident, inner_docs, module_tokens};
use super::uses::Uses;
use crate::ir::{Api, ModuleId};

/// Everything in `src/lib.rs` before the root's operations: the crate docs, the modules,
/// `Client` and its configuration.
pub fn lib_head(api: &Api, uses: &Uses) -> TokenStream {
    let crate_docs = inner_docs(&api.docs);
    let children = child_modules(api, 0);
    let title = &api.title;
    let client_doc = format!(" A client for the {title}.");
    let default_base = api.base_url.as_ref().map(|url| {
        let doc = format!(" The base URL the collection gives (`baseUrl`): <{url}>.");
        quote! {
            #[doc = #doc]
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let new_doc = match &api.base_url {
        Some(_) => " Creates a client that sends requests to `base_url`, such as [`DEFAULT_BASE_URL`].",
        None => " Creates a client that sends requests to `base_url`.",
    };
    let has_operations = uses.operations;
    let Credentials { fields, inits, debug, methods, internals, apply } = credentials(uses);
    let file_part = uses.files.then(|| quote!(FilePart,));
    let signing_error = uses.signed.then(|| quote!(SigningError,));
    let accessors = accessors(api, 0);
    let request_options = has_operations.then(|| quote!(RequestOptions,));
    let options_field = has_operations.then(|| quote!(options: runtime::RequestOptions,));
    let options_init = has_operations.then(|| quote!(options: runtime::RequestOptions::default(),));
    let with_options = has_operations.then(|| quote! {
        /// A client that adds `options` (headers such as an `Idempotency-Key`, query parameters,
        /// a timeout) to every request it sends, for one call or many. The clone is cheap and
        /// shares the connection pool.
        pub fn with_options(&self, options: RequestOptions) -> Self {
            let mut client = self.clone();
            client.options = options;
            client
        }
    });
    // Only operations send requests: a collection without any has nothing to call these.
    let request_to = uses.origins.then(|| quote! {
        /// A request to an operation that the collection sends to another origin.
        pub(crate) fn request_to(&self, origin: &str, method: ::reqwest::Method, path: &str) -> ::reqwest::RequestBuilder {
            self.http.request(method, ::std::format!("{origin}{path}"))
        }
    });
    let send = has_operations.then(|| {
        quote! {
            pub(crate) fn request(&self, method: ::reqwest::Method, path: &str) -> ::reqwest::RequestBuilder {
                self.http.request(method, ::std::format!("{}{path}", self.base_url))
            }

            #request_to

            /// Applies the request options and the credentials the operation needs, then sends
            /// the request.
            pub(crate) async fn execute(
                &self,
                builder: ::reqwest::RequestBuilder,
                auth: ::std::option::Option<runtime::Auth>,
            ) -> ::std::result::Result<RawResponse, Error> {
                let builder = self.options.apply(builder, self.timeout)?;
                #apply
                runtime::execute(&self.http, request).await
            }

            #internals
        }
    });
    quote! {
        #crate_docs
        #![warn(missing_docs)]

        #children
        mod runtime;

        pub use runtime::{ApiError, Error, ErrorCode, #file_part RawResponse, #request_options Response, #signing_error};

        #default_base

        /// The timeout of a whole request unless [`Client::with_timeout`] sets another.
        pub const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(30);

        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            http: ::reqwest::Client,
            timeout: ::std::time::Duration,
            #options_field
            #fields
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    #debug
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            #[doc = #new_doc]
            ///
            /// # Errors
            ///
            /// [`Error::InvalidBaseUrl`] unless `base_url` is an absolute `http` or `https` URL,
            /// and [`Error::Transport`] if the HTTP client cannot be built.
            pub fn new(base_url: &str) -> ::std::result::Result<Self, Error> {
                let base_url = runtime::check_base_url(base_url)?;
                let http = runtime::http_client()?;
                ::std::result::Result::Ok(Client { base_url, http, timeout: DEFAULT_TIMEOUT, #options_init #inits })
            }

            /// Sends requests with `http` instead (its proxies, TLS settings and connection
            /// pool). Each request still gets the client's timeout: [`DEFAULT_TIMEOUT`], or what
            /// [`Client::with_timeout`] sets, before or after this call.
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = http;
                self
            }

            /// Gives every request `timeout` to complete instead of [`DEFAULT_TIMEOUT`], whichever
            /// HTTP client sends it.
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            #with_options

            /// The base URL requests are sent to, without a trailing `/`.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #methods

            #send

            #accessors
        }
    }
}

/// A folder's sub-client: a borrowed client with the folder's operations as methods.
pub fn sub_client(api: &Api, id: ModuleId) -> TokenStream {
    let module = &api.modules[id];
    let name = ident(&module.client_name);
    let doc = docs(&module.docs);
    let accessors = accessors(api, id);
    // An empty folder's client has nothing that reads the field.
    let allow = (module.children.is_empty() && module.operations.is_empty()).then(|| quote!(#[allow(dead_code)]));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            #allow
            client: &'a crate::Client,
        }

        impl<'a> #name<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }

            #accessors
        }
    }
}

/// One method per child folder, returning its sub-client.
fn accessors(api: &Api, id: ModuleId) -> TokenStream {
    let client = if id == 0 { quote!(self) } else { quote!(self.client) };
    let methods = api.modules[id].children.iter().map(|child| {
        let module = &api.modules[*child];
        let name = ident(&module.name);
        let ty = ident(&module.client_name);
        let path = module_tokens(api, *child);
        let doc = docs(&module.docs);
        let lifetime = if id == 0 { quote!('_) } else { quote!('a) };
        quote! {
            #doc
            pub fn #name(&self) -> #path::#ty<#lifetime> {
                #path::#ty::new(#client)
            }
        }
    });
    quote! { #(#methods)* }
}

/// `pub mod` declarations for a module's children.
pub fn child_modules(api: &Api, id: ModuleId) -> TokenStream {
    let declarations = api.modules[id].children.iter().map(|child| {
        let name = &api.modules[*child].name;
        // A folder may hold a folder of the same name; the tree is kept as the collection has it.
        let allow = (id != 0 && *name == api.modules[id].name).then(|| quote!(#[allow(clippy::module_inception)]));
        let name = ident(name);
        quote! { #allow pub mod #name; }
    });
    quote! { #(#declarations)* }
}
