//! The client's credentials: only the kinds the collection uses, never shown by `Debug`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use super::uses::Uses;

/// The methods `credentials` writes on `Client`: the credential setters, and how the
/// credentials are applied.
pub const CREDENTIAL_METHODS: &[&str] =
    &["with_bearer_token", "with_basic_auth", "with_api_key", "with_signer", "authorize", "sign"];

/// Pieces of `Client` for the credentials the collection uses.
#[derive(Default)]
pub struct Credentials {
    pub fields: TokenStream,
    pub inits: TokenStream,
    pub debug: TokenStream,
    /// The setters (`with_bearer_token`, …).
    pub methods: TokenStream,
    /// `authorize`, which `prepare` in the runtime calls, and `sign`.
    pub internals: TokenStream,
}

impl Credentials {
    /// A credential field (`name: Option<ty>`, `None` at first, redacted by `Debug`) and its
    /// setter.
    fn field(&mut self, name: &str, ty: TokenStream, setter: TokenStream) {
        let field = ident(name);
        self.fields.extend(quote!(#field: ::std::option::Option<#ty>,));
        self.inits.extend(quote!(#field: ::std::option::Option::None,));
        self.debug.extend(quote!(.field(#name, &self.#field.as_ref().map(|_| "<redacted>"))));
        self.methods.extend(setter);
    }
}

pub fn credentials(uses: &Uses) -> Credentials {
    let mut out = Credentials::default();
    let string = quote!(::std::string::String);
    if uses.bearer || uses.oauth2_header || uses.oauth2_query {
        out.field(
            "token",
            string.clone(),
            quote! {
                /// Sends `token` with every request that needs it: as `Authorization: Bearer <token>`,
                /// or where the collection puts its OAuth 2.0 access token.
                pub fn with_bearer_token(mut self, token: impl ::std::convert::Into<#string>) -> Self {
                    self.token = ::std::option::Option::Some(token.into());
                    self
                }
            },
        );
    }
    if uses.basic {
        out.field(
            "basic",
            quote!((#string, ::std::option::Option<#string>)),
            quote! {
                /// Sends HTTP basic authentication with every request that needs it.
                pub fn with_basic_auth(
                    mut self,
                    username: impl ::std::convert::Into<#string>,
                    password: ::std::option::Option<#string>,
                ) -> Self {
                    self.basic = ::std::option::Option::Some((username.into(), password));
                    self
                }
            },
        );
    }
    if uses.key_header || uses.key_query {
        out.field(
            "api_key",
            string.clone(),
            quote! {
                /// Sends `key` as the API key (in the header or query parameter the collection
                /// names) with every request that needs it.
                pub fn with_api_key(mut self, key: impl ::std::convert::Into<#string>) -> Self {
                    self.api_key = ::std::option::Option::Some(key.into());
                    self
                }
            },
        );
    }
    if uses.signed {
        out.fields.extend(quote!(signer: ::std::option::Option<::std::sync::Arc<runtime::Signer>>,));
        out.inits.extend(quote!(signer: ::std::option::Option::None,));
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
    if uses.operations {
        out.internals.extend(authorize(uses));
    }
    out
}

/// `authorize`: the finished request with the credentials `auth` names, when the client has
/// them (and signed, for a signing scheme).
fn authorize(uses: &Uses) -> TokenStream {
    let some = quote!(::std::option::Option::Some);
    let none = quote!(::std::option::Option::None);
    let mut arms = Vec::new();
    if uses.bearer {
        arms.push(quote! {
            #some(runtime::Auth::Bearer) => match &self.token {
                #some(token) => builder.bearer_auth(token),
                #none => builder,
            },
        });
    }
    if uses.oauth2_header {
        arms.push(quote! {
            #some(runtime::Auth::OAuth2Header(prefix)) => match &self.token {
                #some(token) => {
                    let value = if prefix.is_empty() { token.clone() } else { ::std::format!("{prefix} {token}") };
                    builder.header(::reqwest::header::AUTHORIZATION, runtime::secret_header(&value)?)
                }
                #none => builder,
            },
        });
    }
    if uses.oauth2_query {
        arms.push(quote! {
            #some(runtime::Auth::OAuth2Query(name)) => match &self.token {
                #some(token) => builder.query(&[(name, token)]),
                #none => builder,
            },
        });
    }
    if uses.basic {
        arms.push(quote! {
            #some(runtime::Auth::Basic) => match &self.basic {
                #some((username, password)) => builder.basic_auth(username, password.as_ref()),
                #none => builder,
            },
        });
    }
    if uses.key_header {
        arms.push(quote! {
            #some(runtime::Auth::ApiKeyHeader(name)) => match &self.api_key {
                #some(key) => builder.header(name, runtime::secret_header(key)?),
                #none => builder,
            },
        });
    }
    if uses.key_query {
        arms.push(quote! {
            #some(runtime::Auth::ApiKeyQuery(name)) => match &self.api_key {
                #some(key) => builder.query(&[(name, key)]),
                #none => builder,
            },
        });
    }
    if uses.signed {
        arms.push(quote! { #some(runtime::Auth::Signed(_)) => builder, });
    }
    let doc = quote! {
        /// The finished request with the credentials `auth` names, when the client has them.
    };
    let result = quote!(::std::result::Result<::reqwest::Request, Error>);
    if arms.is_empty() {
        // No operation authenticates: there is nothing to apply.
        return quote! {
            #doc
            fn authorize(&self, builder: ::reqwest::RequestBuilder, _auth: ::std::option::Option<runtime::Auth>) -> #result {
                ::std::result::Result::Ok(builder.build()?)
            }
        };
    }
    let sign = uses.signed.then(|| {
        quote! {
            if let #some(runtime::Auth::Signed(kind)) = auth {
                self.sign(&mut request, kind)?;
            }
        }
    });
    let binding = if uses.signed { quote!(let mut request) } else { quote!(let request) };
    quote! {
        #doc
        fn authorize(&self, builder: ::reqwest::RequestBuilder, auth: ::std::option::Option<runtime::Auth>) -> #result {
            let builder = match auth {
                #(#arms)*
                #none => builder,
            };
            #binding = builder.build()?;
            #sign
            ::std::result::Result::Ok(request)
        }
    }
}
