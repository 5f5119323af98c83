//! The crate root (`Client`, its configuration and folder accessors) and the sub-clients.

use proc_macro2::TokenStream;
use quote::quote;

use super::auth::{Credentials, credentials};
use super::tokens::{docs, folder_cfg, folder_docs, ident, inner_docs, module_tokens};
use crate::lower::docs::code_safe;
use super::uses::Uses;
use crate::ir::{Api, ModuleId};

/// Everything in `src/lib.rs` before the root's operations: the crate docs, the modules,
/// `Client` and its configuration. `modules` declares the folders' modules and `runtime`;
/// `inline` leaves out the crate docs and attributes (the crate as one file for `include!`).
pub fn lib_head(api: &Api, uses: &Uses, modules: TokenStream, inline: bool) -> TokenStream {
    let mut crate_docs = api.description.clone();
    if crate_docs.is_empty() {
        crate_docs.push(format!("Client for the {} API.", code_safe(&api.title)));
    }
    if let Some(template) = &api.undefined_base_url {
        crate_docs.push(String::new());
        crate_docs.push(format!(
            "The collection sends its requests to `{}`, which it does not define: pass the base URL to `Client::new`.",
            code_safe(template)
        ));
    }
    if uses.operations {
        crate_docs.extend(transport_docs(&super::example::krate(api)));
        crate_docs.extend(super::example::stream_docs(api));
    }
    let crate_docs = if inline {
        TokenStream::new()
    } else {
        let docs = inner_docs(&crate_docs);
        quote! { #docs #![warn(missing_docs)] }
    };
    // With some folders left out, helpers only they use go unused.
    let partial = (!super::folder_features(api).is_empty())
        .then(|| quote!(#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]));
    let title = &api.title;
    let client_doc = format!(" A client for the {title}.");
    let default_base = api.base_url.as_ref().map(|url| {
        let doc = match api.environments.iter().find(|e| e.is_default) {
            Some(environment) => format!(" The base URL of the default environment, `{}`: <{url}>.", environment.name),
            None => format!(" The base URL the collection gives (`baseUrl`): <{url}>."),
        };
        quote! {
            #[doc = #doc]
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let (environment_constants, environment_constructors) = environments(api);
    let Hosts {
        constant: hosts_constant,
        field: hosts_field,
        init: hosts_init,
        debug: hosts_debug,
        setters: host_setters,
    } = hosts(api);
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
    let (transport_field, transport_init, transport, http) = if has_operations {
        (
            quote!(sender: runtime::Sender,),
            quote!(let sender = runtime::Sender::new()?;),
            quote!(sender),
            quote!(self.sender.http),
        )
    } else {
        (
            quote!(http: ::reqwest::Client,),
            quote!(let http = ::reqwest::Client::builder().build()?;),
            quote!(http),
            quote!(self.http),
        )
    };
    let retry_policy = has_operations.then(|| quote!(RetryPolicy,));
    let byte_stream = uses.binary.then(|| quote!(ByteStream,));
    let sending = has_operations.then(|| {
        quote! {
            /// Retries failed requests as `policy` says instead of [`RetryPolicy::default`] (see
            /// [`RetryPolicy`]); [`RetryPolicy::none`] sends each request once.
            pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.sender.retry = policy;
                self
            }

            /// Refuses a response body larger than `limit` bytes with [`Error::ResponseTooLarge`],
            /// instead of the default 64 MiB; the body is never read past the limit.
            pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
                self.sender.max_response_bytes = limit;
                self
            }

            /// Sends requests through this `reqwest_middleware` stack (its middleware sees each
            /// attempt); requests are still built by the client's own HTTP client. With the
            /// `middleware` feature.
            #[cfg(feature = "middleware")]
            pub fn with_middleware(mut self, middleware: ::reqwest_middleware::ClientWithMiddleware) -> Self {
                self.sender.middleware = ::std::option::Option::Some(middleware);
                self
            }
        }
    });
    let with_options = has_operations.then(|| {
        quote! {
            /// A client that adds `options` (headers such as an `Idempotency-Key`, query parameters,
            /// a timeout) to every request it sends, for one call or many. The clone is cheap and
            /// shares the connection pool.
            pub fn with_options(&self, options: RequestOptions) -> Self {
                let mut client = self.clone();
                client.options = options;
                client
            }
        }
    });
    // Only operations send requests: a collection without any has nothing to call these.
    let request_to = uses.hosts.then(|| quote! {
        /// A request to an operation that the collection sends to host `host` ([`HOSTS`]).
        pub(crate) fn request_to(
            &self,
            host: usize,
            method: ::reqwest::Method,
            path: &str,
        ) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
            match &self.hosts[host] {
                ::std::option::Option::Some(base_url) => {
                    ::std::result::Result::Ok(self.sender.http.request(method, ::std::format!("{base_url}{path}")))
                }
                ::std::option::Option::None => {
                    let (template, setter) = HOSTS[host];
                    ::std::result::Result::Err(Error::InvalidRequest {
                        reason: ::std::format!(
                            "the collection sends this request to `{template}`, whose base URL is not set: give it with `Client::{setter}`"
                        ),
                    })
                }
            }
        }
    });
    let execute_stream = uses.binary.then(|| {
        quote! {
            /// Sends the request (again, as the retry policy allows) and gives its body as a
            /// stream.
            pub(crate) async fn execute_stream(
                &self,
                builder: ::reqwest::RequestBuilder,
                auth: ::std::option::Option<runtime::Auth>,
                operation: &'static str,
                path: &'static str,
            ) -> ::std::result::Result<ByteStream, Error> {
                let request = self.prepare(builder, auth)?;
                self.sender.execute_stream(request, self.retry_policy(), operation, path).await
            }
        }
    });
    let follow = uses.link.then(|| {
        quote! {
            /// A `GET` of a next page's `link`, refused unless it is on the operation's origin
            /// or the base URL: credentials are never sent elsewhere.
            pub(crate) fn follow(
                &self,
                origin: ::std::option::Option<&str>,
                link: ::reqwest::Url,
            ) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
                let url = runtime::same_origin(origin.unwrap_or(&self.base_url), link)?;
                ::std::result::Result::Ok(self.sender.http.get(url))
            }
        }
    });
    let send = has_operations.then(|| {
        quote! {
            pub(crate) fn request(&self, method: ::reqwest::Method, path: &str) -> ::reqwest::RequestBuilder {
                self.sender.http.request(method, ::std::format!("{}{path}", self.base_url))
            }

            #request_to

            /// Sends the request (again, as the retry policy allows) and reads its body.
            pub(crate) async fn execute(
                &self,
                builder: ::reqwest::RequestBuilder,
                auth: ::std::option::Option<runtime::Auth>,
                operation: &'static str,
                path: &'static str,
            ) -> ::std::result::Result<RawResponse, Error> {
                let request = self.prepare(builder, auth)?;
                self.sender.execute(request, self.retry_policy(), operation, path).await
            }

            #execute_stream

            #follow

            /// The request with the request options and the credentials the operation needs.
            fn prepare(
                &self,
                builder: ::reqwest::RequestBuilder,
                auth: ::std::option::Option<runtime::Auth>,
            ) -> ::std::result::Result<::reqwest::Request, Error> {
                let builder = self.options.apply(builder, self.timeout)?;
                #apply
                ::std::result::Result::Ok(request)
            }

            /// The retry policy of the request options, else the client's.
            fn retry_policy(&self) -> &RetryPolicy {
                self.options.retry().unwrap_or(&self.sender.retry)
            }

            #internals
        }
    });
    quote! {
        #crate_docs
        #partial

        #modules

        pub use runtime::{ApiError, #byte_stream Error, ErrorCode, #file_part RawResponse, #request_options Response, #retry_policy #signing_error};

        #default_base
        #environment_constants
        #hosts_constant

        /// The timeout of a whole request unless [`Client::with_timeout`] sets another.
        pub const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(30);

        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            #transport_field
            timeout: ::std::time::Duration,
            #options_field
            #hosts_field
            #fields
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    #hosts_debug
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
                #transport_init
                ::std::result::Result::Ok(Client { base_url, #transport, timeout: DEFAULT_TIMEOUT, #options_init #hosts_init #inits })
            }

            #environment_constructors

            /// Sends requests with `http` instead (its proxies, TLS settings and connection
            /// pool). Each request still gets the client's timeout: [`DEFAULT_TIMEOUT`], or what
            /// [`Client::with_timeout`] sets, before or after this call.
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                #http = http;
                self
            }

            /// Gives every request `timeout` to complete instead of [`DEFAULT_TIMEOUT`], whichever
            /// HTTP client sends it.
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            #with_options

            #sending

            /// The base URL requests are sent to, without a trailing `/`.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #host_setters

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
    let doc = docs(&folder_docs(module));
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
        let doc = docs(&folder_docs(module));
        let lifetime = if id == 0 { quote!('_) } else { quote!('a) };
        let cfg = folder_cfg(api, *child);
        quote! {
            #doc
            #cfg
            pub fn #name(&self) -> #path::#ty<#lifetime> {
                #path::#ty::new(#client)
            }
        }
    });
    quote! { #(#methods)* }
}

/// The client's parts for the other hosts some requests go to.
struct Hosts {
    constant: TokenStream,
    field: TokenStream,
    init: TokenStream,
    debug: TokenStream,
    setters: TokenStream,
}

/// `HOSTS` (each host as the collection writes it, and its setter), the client's `hosts` field
/// (each one's base URL, by default what the collection resolves it to) and a setter per host.
fn hosts(api: &Api) -> Hosts {
    if api.hosts.is_empty() {
        return Hosts {
            constant: TokenStream::new(),
            field: TokenStream::new(),
            init: TokenStream::new(),
            debug: TokenStream::new(),
            setters: TokenStream::new(),
        };
    }
    let count = proc_macro2::Literal::usize_unsuffixed(api.hosts.len());
    let entries = api.hosts.iter().map(|host| {
        let (template, setter) = (&host.template, &host.setter);
        quote!((#template, #setter))
    });
    let defaults = api.hosts.iter().map(|host| match &host.default {
        Some(url) => quote!(::std::option::Option::Some(::std::string::String::from(#url))),
        None => quote!(::std::option::Option::None),
    });
    let setters = api.hosts.iter().enumerate().map(|(index, host)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let setter = ident(&host.setter);
        let what = match &host.default {
            Some(url) if *url == host.template => format!("<{url}>"),
            Some(url) => format!("`{}` (by default <{url}>)", code_safe(&host.template)),
            None => {
                format!("`{}` (which the collection does not define)", code_safe(&host.template))
            }
        };
        let doc = format!(" Sends the requests the collection sends to {what} to `base_url` instead.");
        quote! {
            #[doc = #doc]
            ///
            /// # Errors
            ///
            /// [`Error::InvalidBaseUrl`] unless `base_url` is an absolute `http` or `https` URL.
            pub fn #setter(mut self, base_url: &str) -> ::std::result::Result<Self, Error> {
                self.hosts[#index] = ::std::option::Option::Some(runtime::check_base_url(base_url)?);
                ::std::result::Result::Ok(self)
            }
        }
    });
    Hosts {
        constant: quote! {
            /// The other hosts the collection sends requests to, as it writes them, and the
            /// `Client` method that sets each one's base URL.
            const HOSTS: [(&str, &str); #count] = [#(#entries),*];
        },
        field: quote!(hosts: [::std::option::Option<::std::string::String>; #count],),
        init: quote!(hosts: [#(#defaults),*],),
        debug: quote!(.field("hosts", &self.hosts)),
        setters: quote!(#(#setters)*),
    }
}

/// For each Postman environment, its base URL as a constant and a constructor that uses it.
fn environments(api: &Api) -> (TokenStream, TokenStream) {
    let constants = api.environments.iter().map(|environment| {
        let constant = ident(&format!("{}_BASE_URL", environment.method.to_uppercase()));
        let doc = format!(" The base URL of the `{}` environment: <{}>.", environment.name, environment.base_url);
        let url = &environment.base_url;
        quote! {
            #[doc = #doc]
            pub const #constant: &str = #url;
        }
    });
    let constructors = api.environments.iter().map(|environment| {
        let constant = ident(&format!("{}_BASE_URL", environment.method.to_uppercase()));
        let method = ident(&environment.method);
        let doc = format!(" A client for the `{}` environment: [`Client::new`] with [`{constant}`].", environment.name);
        quote! {
            #[doc = #doc]
            ///
            /// # Errors
            ///
            /// [`Error::Transport`] if the HTTP client cannot be built.
            pub fn #method() -> ::std::result::Result<Self, Error> {
                Self::new(#constant)
            }
        }
    });
    (quote! { #(#constants)* }, quote! { #(#constructors)* })
}

/// `pub mod` for each of a module's children: `body` gives its contents inline, or `None` to
/// declare the module's file.
pub fn child_modules(
    api: &Api,
    id: ModuleId,
    body: &mut dyn FnMut(ModuleId) -> Result<Option<TokenStream>, crate::error::Error>,
) -> Result<TokenStream, crate::error::Error> {
    let mut declarations = Vec::new();
    for child in &api.modules[id].children {
        let name = &api.modules[*child].name;
        // A folder may hold a folder of the same name; the tree is kept as the collection has it.
        let allow = (id != 0 && *name == api.modules[id].name).then(|| quote!(#[allow(clippy::module_inception)]));
        // Each top-level folder is compiled only with its cargo feature (all are by default).
        let cfg = folder_cfg(api, *child);
        let name = ident(name);
        declarations.push(match body(*child)? {
            Some(body) => quote! { #cfg #allow pub mod #name { #body } },
            None => quote! { #cfg #allow pub mod #name; },
        });
    }
    Ok(quote! { #(#declarations)* })
}

/// The crate docs' section on retries, limits, middleware and tracing.
fn transport_docs(krate: &str) -> Vec<String> {
    let text = format!(
        "
# Retries, limits, middleware and tracing

Every method returns a [`Response`] with the status and headers. A request that fails with
408, 429, 502, 503 or 504, or a connection error, is sent again (two retries by default,
exponential backoff with jitter, `Retry-After` honoured up to 60 s) when its method is
idempotent or it carries an `Idempotency-Key`; [`RetryPolicy`] changes that for the client or,
through [`RequestOptions::retry_policy`], for one call. Response bodies are read up to a limit
(64 MiB unless [`Client::with_max_response_bytes`] sets another).

```no_run
# fn main() -> Result<(), Box<dyn std::error::Error>> {{
use std::time::Duration;
use {krate}::{{Client, RequestOptions, RetryPolicy}};

let client = Client::new(\"https://api.example.com\")?
    .with_retry_policy(RetryPolicy::default().max_retries(4).backoff(Duration::from_millis(100), Duration::from_secs(5)))
    .with_max_response_bytes(8 * 1024 * 1024);
// One call with its own headers, timeout and no retries:
let once = client.with_options(RequestOptions::new().idempotency_key(\"order-1234\").retry_policy(RetryPolicy::none()));
# let _ = once;
# Ok(())
# }}
```

With the `middleware` feature, `Client::with_middleware` sends through a
`reqwest_middleware::ClientWithMiddleware` (reqwest-retry, reqwest-tracing, your own layers).
With the `tracing` feature, each operation runs in a `request` span with its `operation`
name, `method`, `path` template, `status` and `attempt`; credentials, bodies and query values
are never recorded. Types that requests send implement `serde::Serialize`; with the `serialize`
feature, the types only responses use do too (to store or forward a response)."
    );
    text.lines().map(str::to_string).collect()
}
