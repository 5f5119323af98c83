//! The client's credentials: only the kinds the collection uses, never shown by `Debug`.

use proc_macro2::TokenStream;
use quote::quote;

use super::uses::Uses;

/// Pieces of `Client` for the credentials the collection uses.
#[derive(Default)]
pub struct Credentials {
    pub fields: TokenStream,
    pub inits: TokenStream,
    pub debug: TokenStream,
    pub methods: TokenStream,
    /// `authorize` and `sign`, called by `execute`.
    pub internals: TokenStream,
    /// Statements of `execute` that apply them.
    pub apply: TokenStream,
}

pub fn credentials(uses: &Uses) -> Credentials {
    let has_operations = uses.operations;
    let none = quote!(::std::option::Option::None);
    let string = quote!(::std::string::String);
    let mut out = Credentials::default();
    let mut arms = Vec::new();
    if uses.bearer || uses.oauth2_header || uses.oauth2_query {
        out.fields.extend(quote!(token: ::std::option::Option<#string>,));
        out.inits.extend(quote!(token: #none,));
        out.debug.extend(quote!(.field("token", &self.token.as_ref().map(|_| "<redacted>"))));
        out.methods.extend(quote! {
            /// Sends `token` with every request that needs it: as `Authorization: Bearer <token>`,
            /// or where the collection puts its OAuth 2.0 access token.
            pub fn with_bearer_token(mut self, token: impl ::std::convert::Into<#string>) -> Self {
                self.token = ::std::option::Option::Some(token.into());
                self
            }
        });
    }
    if uses.bearer {
        arms.push(quote! {
            runtime::Auth::Bearer => match &self.token {
                ::std::option::Option::Some(token) => builder.bearer_auth(token),
                ::std::option::Option::None => builder,
            },
        });
    }
    if uses.oauth2_header {
        arms.push(quote! {
            runtime::Auth::OAuth2Header(prefix) => match &self.token {
                ::std::option::Option::Some(token) => {
                    let value = if prefix.is_empty() { token.clone() } else { ::std::format!("{prefix} {token}") };
                    builder.header(::reqwest::header::AUTHORIZATION, runtime::secret_header(&value)?)
                }
                ::std::option::Option::None => builder,
            },
        });
    }
    if uses.oauth2_query {
        arms.push(quote! {
            runtime::Auth::OAuth2Query(name) => match &self.token {
                ::std::option::Option::Some(token) => builder.query(&[(name, token)]),
                ::std::option::Option::None => builder,
            },
        });
    }
    if uses.basic {
        out.fields.extend(quote!(basic: ::std::option::Option<(#string, ::std::option::Option<#string>)>,));
        out.inits.extend(quote!(basic: #none,));
        out.debug.extend(quote!(.field("basic", &self.basic.as_ref().map(|_| "<redacted>"))));
        out.methods.extend(quote! {
            /// Sends HTTP basic authentication with every request that needs it.
            pub fn with_basic_auth(
                mut self,
                username: impl ::std::convert::Into<#string>,
                password: ::std::option::Option<#string>,
            ) -> Self {
                self.basic = ::std::option::Option::Some((username.into(), password));
                self
            }
        });
        arms.push(quote! {
            runtime::Auth::Basic => match &self.basic {
                ::std::option::Option::Some((username, password)) => builder.basic_auth(username, password.as_ref()),
                ::std::option::Option::None => builder,
            },
        });
    }
    if uses.key_header || uses.key_query {
        out.fields.extend(quote!(api_key: ::std::option::Option<#string>,));
        out.inits.extend(quote!(api_key: #none,));
        out.debug.extend(quote!(.field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))));
        out.methods.extend(quote! {
            /// Sends `key` as the API key (in the header or query parameter the collection
            /// names) with every request that needs it.
            pub fn with_api_key(mut self, key: impl ::std::convert::Into<#string>) -> Self {
                self.api_key = ::std::option::Option::Some(key.into());
                self
            }
        });
    }
    if uses.key_header {
        arms.push(quote! {
            runtime::Auth::ApiKeyHeader(name) => match &self.api_key {
                ::std::option::Option::Some(key) => builder.header(name, runtime::secret_header(key)?),
                ::std::option::Option::None => builder,
            },
        });
    }
    if uses.key_query {
        arms.push(quote! {
            runtime::Auth::ApiKeyQuery(name) => match &self.api_key {
                ::std::option::Option::Some(key) => builder.query(&[(name, key)]),
                ::std::option::Option::None => builder,
            },
        });
    }
    if uses.signed {
        out.fields.extend(quote!(signer: ::std::option::Option<::std::sync::Arc<runtime::Signer>>,));
        out.inits.extend(quote!(signer: #none,));
        out.debug.extend(quote!(.field("signer", &self.signer.as_ref().map(|_| "<set>"))));
        out.methods.extend(quote! {
            /// Signs every request whose auth the client cannot apply itself (digest, oauth1, hawk,
            /// awsv4, ntlm, edgegrid, …). `signer` gets the auth kind as the collection names it
            /// and the finished request, and adds what the scheme needs.
            pub fn with_signer(
                mut self,
                signer: impl ::std::ops::Fn(&str, &mut ::reqwest::Request) -> ::std::result::Result<(), SigningError>
                    + ::std::marker::Send
                    + ::std::marker::Sync
                    + 'static,
            ) -> Self {
                self.signer = ::std::option::Option::Some(::std::sync::Arc::new(signer));
                self
            }
        });
        arms.push(quote! { runtime::Auth::Signed(_) => builder, });
        out.internals.extend(quote! {
            fn sign(&self, request: &mut ::reqwest::Request, kind: &str) -> ::std::result::Result<(), Error> {
                let signing = |reason: #string| Error::Signing { kind: kind.to_string(), reason };
                match &self.signer {
                    ::std::option::Option::Some(signer) => signer(kind, request).map_err(|error| signing(error.to_string())),
                    ::std::option::Option::None => {
                        ::std::result::Result::Err(signing("no signer is set: give one with `Client::with_signer`".to_string()))
                    }
                }
            }
        });
    }
    if has_operations && arms.is_empty() {
        // No operation authenticates: there is nothing to apply.
        out.apply = quote! { let _ = auth; let request = builder.build()?; };
    } else if has_operations {
        out.internals.extend(quote! {
            /// Applies the credentials `auth` needs, when the client has them.
            fn authorize(
                &self,
                builder: ::reqwest::RequestBuilder,
                auth: runtime::Auth,
            ) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
                ::std::result::Result::Ok(match auth { #(#arms)* })
            }
        });
        let sign = uses.signed.then(|| {
            quote! {
                if let ::std::option::Option::Some(runtime::Auth::Signed(kind)) = auth {
                    self.sign(&mut request, kind)?;
                }
            }
        });
        let binding = if uses.signed { quote!(let mut request) } else { quote!(let request) };
        out.apply = quote! {
            let builder = match auth {
                ::std::option::Option::Some(auth) => self.authorize(builder, auth)?,
                ::std::option::Option::None => builder,
            };
            #binding = builder.build()?;
            #sign
        };
    }
    out
}
