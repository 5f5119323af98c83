//! The crate root (`Client`, its configuration and folder accessors) and the sub-clients.

use proc_macro2::TokenStream;
use quote::quote;

use super::auth::{Credentials, credentials};
use super::tokens::{docs, folder_cfg, folder_docs, ident, inner_docs, module_tokens};
use super::uses::Uses;
use crate::ir::{Api, ModuleId};
use crate::lower::docs::code_safe;

/// Everything in `src/lib.rs` but the types: the crate docs, the modules, the constants,
/// `Client` and its one `impl` block, which holds `methods` (the root's operations).
/// `modules` declares the folders' modules and `runtime`; `inline` leaves out the crate docs
/// and attributes (the crate as one file for `include!`).
pub fn lib_head(api: &Api, uses: &Uses, modules: TokenStream, inline: bool, methods: TokenStream) -> TokenStream {
    let crate_docs = (!inline).then(|| crate_docs(api, uses));
    // With some folders left out, helpers only they use go unused.
    let partial = (!crate::naming::paths::folder_features(api).is_empty())
        .then(|| quote!(#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]));
    let reexports = reexports(uses);
    let constants = constants(api, uses);
    let credentials = credentials(api, uses);
    let client = client_struct(api, uses, &credentials);
    let client_impl = client_impl(api, uses, credentials, methods);
    quote! {
        #crate_docs
        #partial
        #modules
        #reexports
        #constants
        #client
        #client_impl
    }
}

/// The crate's inner docs: the collection's description and the sections on transport,
/// pagination and files.
fn crate_docs(api: &Api, uses: &Uses) -> TokenStream {
    let mut lines = api.description.clone();
    if lines.is_empty() {
        lines.push(format!("Client for the {} API.", code_safe(&api.title)));
    }
    if let Some(template) = &api.undefined_base_url {
        lines.push(String::new());
        lines.push(format!(
            "The collection sends its requests to `{}`, which it does not define: pass the base URL to `Client::new`.",
            code_safe(template)
        ));
    }
    if uses.operations {
        lines.extend(transport_docs(&super::example::krate(api)));
        lines.extend(super::example::stream_docs(api));
    }
    let docs = inner_docs(&lines);
    // Setters are named after the API's fields, whatever they are (`foo`, `bar`).
    quote! {
        #docs
        #![warn(missing_docs)]
        #![allow(clippy::disallowed_names)]
    }
}

/// `pub use runtime::{…}`: the runtime types the crate's users name.
fn reexports(uses: &Uses) -> TokenStream {
    let has_operations = uses.operations;
    let file_part = uses.files.then(|| quote!(FilePart,));
    let signing_error = uses.signed.then(|| quote!(SigningError,));
    let request_options = has_operations.then(|| quote!(RequestOptions,));
    let retry_policy = has_operations.then(|| quote!(RetryPolicy,));
    let byte_stream = uses.binary.then(|| quote!(ByteStream,));
    let decoders = [
        (uses.json, quote!(DecodeJson,)),
        (uses.optional_json, quote!(DecodeOptionalJson,)),
        (uses.text, quote!(DecodeText,)),
        (uses.bytes, quote!(DecodeBytes,)),
        (uses.empty, quote!(DecodeEmpty,)),
    ];
    let decoders = decoders.into_iter().filter(|(used, _)| *used).map(|(_, name)| name);
    let future = has_operations.then(|| quote!(Decode, #(#decoders)* ResponseFuture,));
    quote! {
        pub use runtime::{ApiError, #byte_stream #future Error, ErrorCode, #file_part RawResponse, #request_options Response, #retry_policy #signing_error};
    }
}

/// The base URLs (the default one, each environment's), the other hosts and the timeout.
fn constants(api: &Api, uses: &Uses) -> TokenStream {
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
    let environments = api.environments.iter().map(|environment| {
        let constant = ident(&format!("{}_BASE_URL", environment.method.to_uppercase()));
        let doc = format!(" The base URL of the `{}` environment: <{}>.", environment.name, environment.base_url);
        let url = &environment.base_url;
        quote! {
            #[doc = #doc]
            pub const #constant: &str = #url;
        }
    });
    let hosts = (!api.hosts.is_empty()).then(|| {
        let count = proc_macro2::Literal::usize_unsuffixed(api.hosts.len());
        let entries = api.hosts.iter().map(|host| {
            let (template, setter) = (&host.template, &host.setter);
            quote!((#template, #setter))
        });
        quote! {
            /// The other hosts the collection sends requests to, as it writes them, and the
            /// `Client` method that sets each one's base URL.
            const HOSTS: [(&str, &str); #count] = [#(#entries),*];
        }
    });
    let timeout = uses.operations.then(|| {
        quote! {
            /// The timeout of a whole request unless [`Client::with_timeout`] sets another.
            pub const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(30);
        }
    });
    quote! {
        #default_base
        #(#environments)*
        #hosts
        #timeout
    }
}

/// `Client` (its base URLs, transport, options and credentials) and its `Debug`, which never
/// shows a credential.
fn client_struct(api: &Api, uses: &Uses, credentials: &Credentials) -> TokenStream {
    let client_doc = format!(" A client for the {}.", api.title);
    let Credentials { fields, debug, .. } = credentials;
    let hosts = (!api.hosts.is_empty()).then(|| {
        let count = proc_macro2::Literal::usize_unsuffixed(api.hosts.len());
        (quote!(hosts: [::std::option::Option<::std::string::String>; #count],), quote!(.field("hosts", &self.hosts)))
    });
    let (hosts_field, hosts_debug) = hosts.unzip();
    let (transport, transport_debug) = if uses.operations {
        (
            quote! {
                sender: runtime::Sender,
                timeout: ::std::time::Duration,
                options: runtime::RequestOptions,
            },
            quote!(.field("timeout", &self.timeout)),
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    quote! {
        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            #transport
            #hosts_field
            #fields
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    #transport_debug
                    #hosts_debug
                    #debug
                    .finish_non_exhaustive()
            }
        }
    }
}

/// `impl Client`: the constructors, the setters that depend on the collection (hosts and
/// credentials), the folders' accessors, the root's operations (`methods`) and how the
/// credentials are applied. What no collection changes is in the runtime (`runtime/client.rs`).
fn client_impl(api: &Api, uses: &Uses, credentials: Credentials, methods: TokenStream) -> TokenStream {
    let new_doc = match &api.base_url {
        Some(_) => " Creates a client that sends requests to `base_url`, such as [`DEFAULT_BASE_URL`].",
        None => " Creates a client that sends requests to `base_url`.",
    };
    let hosts_init = (!api.hosts.is_empty()).then(|| {
        let defaults = api.hosts.iter().map(|host| match &host.default {
            Some(url) => quote!(::std::option::Option::Some(::std::string::String::from(#url))),
            None => quote!(::std::option::Option::None),
        });
        quote!(hosts: [#(#defaults),*],)
    });
    let Credentials { inits, methods: setters, internals, .. } = credentials;
    let (new, errors) = if uses.operations {
        (
            quote! {
                let base_url = runtime::check_base_url(base_url)?;
                let sender = runtime::Sender::new()?;
                ::std::result::Result::Ok(Client {
                    base_url,
                    sender,
                    timeout: DEFAULT_TIMEOUT,
                    options: runtime::RequestOptions::default(),
                    #hosts_init
                    #inits
                })
            },
            quote! {
                /// [`Error::InvalidBaseUrl`] unless `base_url` is an absolute `http` or `https` URL,
                /// and [`Error::Transport`] if the HTTP client cannot be built.
            },
        )
    } else {
        (
            quote! {
                let base_url = runtime::check_base_url(base_url)?;
                ::std::result::Result::Ok(Client { base_url, #hosts_init #inits })
            },
            quote! {
                /// [`Error::InvalidBaseUrl`] unless `base_url` is an absolute `http` or `https` URL.
            },
        )
    };
    let environments = environment_constructors(api);
    let host_setters = host_setters(api);
    let accessors = accessors(api, 0);
    quote! {
        impl Client {
            #[doc = #new_doc]
            ///
            /// # Errors
            ///
            #errors
            pub fn new(base_url: &str) -> ::std::result::Result<Self, Error> {
                #new
            }

            #environments
            #host_setters
            #setters
            #accessors
            #methods
            #internals
        }
    }
}
/// A folder's sub-client: a borrowed client with the accessors of its folders and its
/// operations (`methods`) in one `impl` block.
pub fn sub_client(api: &Api, id: ModuleId, methods: TokenStream) -> TokenStream {
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
            #methods
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
            #[inline]
            pub fn #name(&self) -> #path::#ty<#lifetime> {
                #path::#ty::new(#client)
            }
        }
    });
    quote! { #(#methods)* }
}

/// A setter per other host: where the requests the collection sends there go instead.
fn host_setters(api: &Api) -> TokenStream {
    let setters = api.hosts.iter().enumerate().map(|(index, host)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let setter = ident(&host.setter);
        let what = match &host.default {
            Some(url) if *url == host.template => format!("<{url}>"),
            Some(url) => format!("`{}` (by default <{url}>)", code_safe(&host.template)),
            None => format!("`{}` (which the collection does not define)", code_safe(&host.template)),
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
    quote! { #(#setters)* }
}

/// For each Postman environment, a constructor that uses its base URL.
fn environment_constructors(api: &Api) -> TokenStream {
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
    quote! { #(#constructors)* }
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
feature, the types only responses use do too (to store or forward a response). Types that
responses hold implement `serde::Deserialize`; with the `deserialize` feature, the types only
requests send do too (to read them back)."
    );
    text.lines().map(str::to_string).collect()
}
