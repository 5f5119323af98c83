//! The client's credentials: only the kinds the collection uses, never shown by `Debug`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{docs, ident};
use super::uses::Uses;
use crate::ir::{Api, AuthKind, Credential, CredentialKind, OAuth2Grant, Operation};
use crate::lower::docs::code_safe;

/// Pieces of `Client` for the credentials the collection uses.
#[derive(Default)]
pub struct Credentials {
    pub fields: TokenStream,
    pub inits: TokenStream,
    pub debug: TokenStream,
    /// The setters (`with_access_token`, …).
    pub methods: TokenStream,
    /// `authorize`, which `prepare` in the runtime calls, and `sign`.
    pub internals: TokenStream,
}

/// What a credential's setter says it sends, and with which requests.
pub(super) fn setter_docs(api: &Api, index: usize) -> Vec<String> {
    let credential = &api.credentials[index];
    let ops: Vec<&Operation> = api.operations.iter().filter(|op| op.credential == Some(index)).collect();
    let how = |kind: Option<&AuthKind>| match kind {
        Some(AuthKind::Bearer) => "as `Authorization: Bearer <token>`".to_string(),
        Some(AuthKind::OAuth2 { in_query: false, prefix }) if prefix.is_empty() => {
            "as the `Authorization` header".to_string()
        }
        Some(AuthKind::OAuth2 { in_query: false, prefix } | AuthKind::Header { scheme: prefix }) => {
            format!("as `Authorization: {} <token>`", code_safe(prefix))
        }
        Some(AuthKind::OAuth2 { in_query: true, .. }) => "as the query parameter `access_token`".to_string(),
        Some(AuthKind::ApiKey { name, in_query: false }) => format!("in the header `{}`", code_safe(name)),
        Some(AuthKind::ApiKey { name, in_query: true }) => format!("as the query parameter `{}`", code_safe(name)),
        Some(AuthKind::Basic) => "as HTTP basic authentication".to_string(),
        Some(AuthKind::OAuth1(settings)) => format!(
            "as an OAuth 1.0 `{}` signature, in {}",
            code_safe(&settings.signature_method),
            if settings.to_header { "the `Authorization` header" } else { "the form body or the query" }
        ),
        Some(AuthKind::AwsV4(settings)) => format!(
            "as an AWS Signature Version 4 for `{}` in `{}`, in {}",
            code_safe(&settings.service),
            code_safe(&settings.region),
            if settings.to_query { "the query" } else { "the headers" }
        ),
        Some(AuthKind::Digest(settings)) => format!(
            "as HTTP Digest authentication (`{}`), answering the server's challenge",
            code_safe(if settings.algorithm.is_empty() { "MD5" } else { &settings.algorithm })
        ),
        Some(AuthKind::Signed { .. }) | None => String::new(),
    };
    let mut ways: Vec<String> = Vec::new();
    for op in &ops {
        let way = how(op.auth.as_ref());
        if !ways.contains(&way) {
            ways.push(way);
        }
    }
    let source =
        super::tokens::list(&credential.source.iter().map(|s| format!("`{}`", code_safe(s))).collect::<Vec<_>>());
    let (what, empty) = match credential.kind {
        CredentialKind::Secret => ("Sends this secret", ""),
        CredentialKind::Basic => ("Sends this user name and password", ""),
        CredentialKind::OAuth1 => ("Signs with these keys", "; an empty token and token secret for none"),
        CredentialKind::AwsV4 => ("Signs with these keys", "; an empty session token for none"),
    };
    let mut lines = vec![format!("{what} (the collection's {source}{empty}) {}.", ways.join(", or "))];
    let items: Vec<String> =
        ops.iter().take(3).map(|op| format!("`{}`", code_safe(&op.item_path[1..].join(" › ")))).collect();
    let more = if ops.len() > 3 { format!(" and {} more", ops.len() - 3) } else { String::new() };
    lines.push(String::new());
    lines.push(format!(
        "Used by {} operation{}: {}{more}.",
        ops.len(),
        if ops.len() == 1 { "" } else { "s" },
        items.join(", ")
    ));
    lines
}

pub fn credentials(api: &Api, uses: &Uses) -> Credentials {
    let mut out = Credentials::default();
    let string = quote!(::std::string::String);
    if !api.credentials.is_empty() {
        out.fields.extend(quote!(credentials: runtime::Credentials,));
        out.inits.extend(quote!(credentials: runtime::Credentials::default(),));
        out.debug.extend(quote!(.field("credentials", &self.credentials)));
    }
    for (index, credential) in api.credentials.iter().enumerate() {
        let field = ident(&credential.name);
        let setter = quote::format_ident!("with_{}", credential.name);
        let doc = docs(&setter_docs(api, index));
        if let Some((grant, renew)) = &credential.grant {
            out.methods.extend(renewal_setter(api, credential, grant, renew));
        }
        out.methods.extend(match credential.kind {
            CredentialKind::Secret => {
                let param = ident(&credential.param);
                quote! {
                #doc
                pub fn #setter(mut self, #param: impl ::std::convert::Into<#string>) -> Self {
                    self.credentials.#field = ::std::option::Option::Some(#param.into());
                    self
                }
                }
            }
            CredentialKind::OAuth1 => quote! {
                #doc
                pub fn #setter(
                    mut self,
                    consumer_key: impl ::std::convert::Into<#string>,
                    consumer_secret: impl ::std::convert::Into<#string>,
                    token: impl ::std::convert::Into<#string>,
                    token_secret: impl ::std::convert::Into<#string>,
                ) -> Self {
                    self.credentials.#field = ::std::option::Option::Some(runtime::OAuth1Keys {
                        consumer_key: consumer_key.into(),
                        consumer_secret: consumer_secret.into(),
                        token: token.into(),
                        token_secret: token_secret.into(),
                    });
                    self
                }
            },
            CredentialKind::AwsV4 => quote! {
                #doc
                pub fn #setter(
                    mut self,
                    access_key: impl ::std::convert::Into<#string>,
                    secret_key: impl ::std::convert::Into<#string>,
                    session_token: impl ::std::convert::Into<#string>,
                ) -> Self {
                    self.credentials.#field = ::std::option::Option::Some(runtime::AwsV4Keys {
                        access_key: access_key.into(),
                        secret_key: secret_key.into(),
                        session_token: session_token.into(),
                    });
                    self
                }
            },
            CredentialKind::Basic => quote! {
                #doc
                pub fn #setter(
                    mut self,
                    username: impl ::std::convert::Into<#string>,
                    password: ::std::option::Option<#string>,
                ) -> Self {
                    self.credentials.#field = ::std::option::Option::Some((username.into(), password));
                    self
                }
            },
        });
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

/// The setter that has the client get an OAuth 2.0 access token itself, with the grant the
/// collection names.
fn renewal_setter(api: &Api, credential: &Credential, grant: &OAuth2Grant, renew: &str) -> TokenStream {
    let string = quote!(::std::string::String);
    let (setter, source) = (ident(renew), quote::format_ident!("{}_source", credential.name));
    let OAuth2Grant { grant: kind, token_url, scope, client_in_body } = grant;
    let (params, args): (Vec<&str>, [TokenStream; 3]) = match kind.as_str() {
        "password" => (
            vec!["client_id", "client_secret", "username", "password"],
            [quote!(username.into()), quote!(password.into()), quote!(#string::new())],
        ),
        "refresh_token" => (
            vec!["client_id", "client_secret", "refresh_token"],
            [quote!(#string::new()), quote!(#string::new()), quote!(refresh_token.into())],
        ),
        _ => (
            vec!["client_id", "client_secret"],
            [quote!(#string::new()), quote!(#string::new()), quote!(#string::new())],
        ),
    };
    let [username, password, refresh_token] = args;
    let params = params.iter().map(|param| {
        let param = ident(param);
        quote!(#param: impl ::std::convert::Into<#string>)
    });
    let grant_name = match kind.as_str() {
        "password" => "password",
        "refresh_token" => "refresh token",
        _ => "client credentials",
    };
    let client = if *client_in_body { "in the form body" } else { "as HTTP basic authentication" };
    // A token URL on the base URL follows the client's base URL.
    let on_base_url = match api.base_url.as_deref().and_then(|base| token_url.strip_prefix(base)) {
        Some(path) if path.is_empty() || path.starts_with('/') => quote!(::std::option::Option::Some(#path)),
        _ => quote!(::std::option::Option::None),
    };
    let place = match api.base_url.as_deref().and_then(|base| token_url.strip_prefix(base)) {
        Some(path) if path.is_empty() || path.starts_with('/') => {
            format!("; on the client's base URL, as `{}` is on the collection's", code_safe(path))
        }
        _ => String::new(),
    };
    let doc = docs(&[
        format!(
            "Gets `{}` itself, with the OAuth 2.0 {grant_name} grant, from the collection's token URL <{}>{place} \
             (the client's id and secret {client}{}).",
            credential.name,
            token_url,
            if scope.is_empty() { String::new() } else { format!(", scope `{}`", code_safe(scope)) }
        ),
        String::new(),
        "The token is fetched before the first request that needs it, kept until shortly before its `expires_in`, \
         fetched again then, and once more when the API answers `401`; calls that need it meanwhile wait for that \
         one fetch. A token endpoint that fails makes those calls fail with `Error::Token`."
            .to_string(),
    ]);
    quote! {
        #doc
        pub fn #setter(mut self, #(#params),*) -> Self {
            self.credentials.#source = ::std::option::Option::Some(::std::sync::Arc::new(runtime::TokenSource::new(
                &runtime::TokenGrant {
                    grant: #kind,
                    token_url: #token_url,
                    on_base_url: #on_base_url,
                    scope: #scope,
                    client_in_body: #client_in_body,
                },
                client_id.into(),
                client_secret.into(),
                #username,
                #password,
                #refresh_token,
            )));
            self
        }
    }
}

/// `runtime::Credentials`, which holds the credentials the program gives (never shown by
/// `Debug`), and `runtime::Credential`, which names one: part of the crate's runtime.
pub fn credential_types(api: &Api) -> TokenStream {
    if api.credentials.is_empty() {
        return TokenStream::new();
    }
    let string = quote!(::std::string::String);
    let variant = |name: &str| ident(&crate::naming::camel(name, "Credential"));
    let variants = api.credentials.iter().map(|credential| {
        let source =
            super::tokens::list(&credential.source.iter().map(|s| format!("`{}`", code_safe(s))).collect::<Vec<_>>());
        let (doc, name) = (format!(" The collection's {source}."), variant(&credential.name));
        quote!(#[doc = #doc] #name)
    });
    let fields = api.credentials.iter().map(|credential| {
        let field = ident(&credential.name);
        match credential.kind {
            CredentialKind::Secret => {
                let source = credential.grant.as_ref().map(|_| {
                    let source = quote::format_ident!("{}_source", credential.name);
                    quote!(pub(crate) #source: ::std::option::Option<::std::sync::Arc<TokenSource>>,)
                });
                quote!(pub(crate) #field: ::std::option::Option<#string>, #source)
            }
            CredentialKind::Basic => {
                quote!(pub(crate) #field: ::std::option::Option<(#string, ::std::option::Option<#string>)>,)
            }
            CredentialKind::OAuth1 => quote!(pub(crate) #field: ::std::option::Option<OAuth1Keys>,),
            CredentialKind::AwsV4 => quote!(pub(crate) #field: ::std::option::Option<AwsV4Keys>,),
        }
    });
    let debug = api.credentials.iter().map(|credential| {
        let (field, name) = (ident(&credential.name), &credential.name);
        let source = credential.grant.as_ref().map(|_| {
            let (source, label) = (quote::format_ident!("{}_source", credential.name), format!("{name}_source"));
            quote!(.field(#label, &self.#source.as_ref().map(|_| "<set>")))
        });
        quote!(.field(#name, &self.#field.as_ref().map(|_| "<redacted>")) #source)
    });
    // A lookup per kind the crate has: the credential's value, if the program gave it.
    let lookup = |kind: CredentialKind| {
        let arms = api.credentials.iter().map(|credential| {
            let (field, name) = (ident(&credential.name), variant(&credential.name));
            if credential.kind != kind {
                quote!(Credential::#name => ::std::option::Option::None,)
            } else if kind == CredentialKind::Secret && credential.grant.is_some() {
                // A token the client gets itself, else the one the program gave.
                let source = quote::format_ident!("{}_source", credential.name);
                quote!(Credential::#name => match self.#source.as_ref().and_then(|source| source.current()) {
                    ::std::option::Option::Some(token) => ::std::option::Option::Some(::std::borrow::Cow::Owned(token)),
                    ::std::option::Option::None => self.#field.as_deref().map(::std::borrow::Cow::Borrowed),
                },)
            } else if kind == CredentialKind::Secret {
                quote!(Credential::#name => self.#field.as_deref().map(::std::borrow::Cow::Borrowed),)
            } else if kind == CredentialKind::OAuth1 || kind == CredentialKind::AwsV4 {
                quote!(Credential::#name => self.#field.as_ref(),)
            } else {
                quote!(Credential::#name => self.#field.as_ref().map(|(user, password)| (user.as_str(), password.as_deref())),)
            }
        });
        quote!(match credential { #(#arms)* })
    };
    let has = |kind: CredentialKind| api.credentials.iter().any(|c| c.kind == kind);
    let secret = has(CredentialKind::Secret).then(|| {
        let body = lookup(CredentialKind::Secret);
        quote! {
            /// A secret's value, if the program gave it (or the client fetched it).
            pub(crate) fn secret(&self, credential: Credential) -> ::std::option::Option<::std::borrow::Cow<'_, str>> { #body }
        }
    });
    let login = has(CredentialKind::Basic).then(|| {
        let body = lookup(CredentialKind::Basic);
        quote! {
            /// A user name and password, if the program gave them.
            pub(crate) fn login(&self, credential: Credential) -> ::std::option::Option<(&str, ::std::option::Option<&str>)> { #body }
        }
    });
    let oauth1 = has(CredentialKind::OAuth1).then(|| {
        let body = lookup(CredentialKind::OAuth1);
        quote! {
            /// OAuth 1.0 keys, if the program gave them.
            pub(crate) fn oauth1(&self, credential: Credential) -> ::std::option::Option<&OAuth1Keys> { #body }
        }
    });
    let sources = api.credentials.iter().any(|c| c.grant.is_some()).then(|| {
        let arms = api.credentials.iter().map(|credential| {
            let name = variant(&credential.name);
            match &credential.grant {
                Some(_) => {
                    let source = quote::format_ident!("{}_source", credential.name);
                    quote!(Credential::#name => self.#source.as_deref(),)
                }
                None => quote!(Credential::#name => ::std::option::Option::None,),
            }
        });
        quote! {
            /// The source of a token the client gets itself, if the program set one up.
            pub(crate) fn source(&self, credential: Credential) -> ::std::option::Option<&TokenSource> {
                match credential { #(#arms)* }
            }
        }
    });
    let aws = has(CredentialKind::AwsV4).then(|| {
        let body = lookup(CredentialKind::AwsV4);
        quote! {
            /// AWS keys, if the program gave them.
            pub(crate) fn aws(&self, credential: Credential) -> ::std::option::Option<&AwsV4Keys> { #body }
        }
    });
    quote! {
        /// One of the credentials the client holds.
        #[derive(Debug, Clone, Copy)]
        pub(crate) enum Credential { #(#variants,)* }

        /// The credentials the program gave the client.
        #[derive(Clone, Default)]
        pub(crate) struct Credentials { #(#fields)* }

        impl Credentials {
            #secret
            #login
            #oauth1
            #aws
            #sources
        }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Credentials") #(#debug)* .finish()
            }
        }
    }
}

/// `authorize`: the finished request with the credentials `auth` names, when the client has
/// them (and signed, for a signing scheme). A token the collection's own auth block sends is
/// left out when empty, as Postman leaves it out; an item's own `Authorization` header, a key
/// and basic credentials are sent even empty.
fn authorize(uses: &Uses) -> TokenStream {
    let some = quote!(::std::option::Option::Some);
    let none = quote!(::std::option::Option::None);
    let secret = quote!(self.credentials.secret(credential));
    let mut arms = Vec::new();
    if uses.bearer {
        arms.push(quote! {
            #some(runtime::Auth::Bearer(credential)) => match #secret {
                #some(token) if !token.is_empty() => builder.bearer_auth(token),
                _ => builder,
            },
        });
    }
    if uses.oauth2_header {
        arms.push(quote! {
            #some(runtime::Auth::OAuth2Header(prefix, credential)) => match #secret {
                #some(token) if !token.is_empty() => {
                    let value = if prefix.is_empty() { token.to_string() } else { ::std::format!("{prefix} {token}") };
                    builder.header(::reqwest::header::AUTHORIZATION, runtime::secret_header(&value)?)
                }
                _ => builder,
            },
        });
    }
    if uses.oauth2_query {
        arms.push(quote! {
            #some(runtime::Auth::OAuth2Query(name, credential)) => match #secret {
                #some(token) if !token.is_empty() => builder.query(&[(name, token)]),
                _ => builder,
            },
        });
    }
    if uses.auth_header {
        arms.push(quote! {
            #some(runtime::Auth::Header(scheme, credential)) => match #secret {
                #some(token) => {
                    let value = ::std::format!("{scheme} {token}");
                    builder.header(::reqwest::header::AUTHORIZATION, runtime::secret_header(&value)?)
                }
                #none => builder,
            },
        });
    }
    if uses.basic {
        arms.push(quote! {
            #some(runtime::Auth::Basic(credential)) => match self.credentials.login(credential) {
                #some((username, password)) => builder.basic_auth(username, password),
                #none => builder,
            },
        });
    }
    if uses.key_header {
        arms.push(quote! {
            #some(runtime::Auth::ApiKeyHeader(name, credential)) => match #secret {
                #some(key) => builder.header(name, runtime::secret_header(&key)?),
                #none => builder,
            },
        });
    }
    if uses.key_query {
        arms.push(quote! {
            #some(runtime::Auth::ApiKeyQuery(name, credential)) => match #secret {
                #some(key) => builder.query(&[(name, key)]),
                #none => builder,
            },
        });
    }
    if uses.signed {
        arms.push(quote! { #some(runtime::Auth::Signed(_)) => builder, });
    }
    if uses.oauth1 {
        arms.push(quote! { #some(runtime::Auth::OAuth1(..)) => builder, });
    }
    if uses.awsv4 {
        arms.push(quote! { #some(runtime::Auth::AwsV4(..)) => builder, });
    }
    if uses.digest {
        arms.push(quote! { #some(runtime::Auth::Digest(..)) => builder, });
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
    let oauth1 = uses.oauth1.then(|| {
        quote! {
            if let #some(runtime::Auth::OAuth1(settings, credential)) = auth
                && let #some(keys) = self.credentials.oauth1(credential)
            {
                runtime::sign_oauth1(&mut request, settings, keys)?;
            }
        }
    });
    let aws = uses.awsv4.then(|| {
        quote! {
            if let #some(runtime::Auth::AwsV4(settings, credential)) = auth
                && let #some(keys) = self.credentials.aws(credential)
            {
                runtime::sign_awsv4(&mut request, settings, keys)?;
            }
        }
    });
    // Digest signs the first request only when the collection has the server's challenge.
    let digest = uses.digest.then(|| {
        quote! {
            if let #some(runtime::Auth::Digest(settings, credential)) = auth
                && let #some(challenge) = settings.known()
                && let #some((username, password)) = self.credentials.login(credential)
            {
                runtime::sign_digest(&mut request, settings, username, password.unwrap_or_default(), &challenge)?;
            }
        }
    });
    let binding = if uses.signed || uses.oauth1 || uses.awsv4 || uses.digest {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    quote! {
        #doc
        fn authorize(&self, builder: ::reqwest::RequestBuilder, auth: ::std::option::Option<runtime::Auth>) -> #result {
            let builder = match auth {
                #(#arms)*
                #none => builder,
            };
            #binding = builder.build()?;
            #sign
            #oauth1
            #aws
            #digest
            ::std::result::Result::Ok(request)
        }
    }
}
