//! A call of each operation built from the collection's own example values: shown in the
//! method's docs (a `no_run` doctest, so it is compiled) and made by the conformance driver.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, module_path, type_tokens};
use crate::ir::{Api, AuthKind, Field, Operation, RequestField, TypeKind, TypeRef};

/// The contents a file named by the collection is sent with in examples (and written with by
/// the conformance runner, so both sides send the same bytes).
pub fn file_contents(src: &str) -> String {
    format!("contents of {src}\n")
}

/// `client` built for `op`: `Client::new(base)` with the credentials the collection gives.
pub fn client(api: &Api, op: &Operation, base: TokenStream) -> TokenStream {
    let text = |key: &str| op.auth_values.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default();
    let value = |key: &str| Literal::string(text(key));
    // Postman sends no bearer token the collection leaves empty (but sends empty keys and
    // basic credentials as they are).
    let empty = matches!(&op.auth, Some(AuthKind::Bearer | AuthKind::OAuth2 { .. })) && text("token").is_empty();
    let credentials = match &op.auth {
        _ if empty => TokenStream::new(),
        None => TokenStream::new(),
        Some(AuthKind::Bearer | AuthKind::OAuth2 { .. }) => {
            let token = value("token");
            quote!(.with_bearer_token(#token))
        }
        Some(AuthKind::Basic) => {
            let (username, password) = (value("username"), value("password"));
            quote!(.with_basic_auth(#username, Some(#password.to_string())))
        }
        Some(AuthKind::ApiKey { .. }) => {
            let key = value("value");
            quote!(.with_api_key(#key))
        }
        Some(AuthKind::Signed { .. }) => quote! {
            .with_signer(|_kind, _request| {
                // Sign `_request` here for the scheme `_kind` names.
                Ok(())
            })
        },
    };
    let krate = krate(api);
    quote!(#krate::Client::new(#base)? #credentials)
}

/// The crate's path in examples: its library name.
pub fn krate(api: &Api) -> TokenStream {
    let name = ident(&api.crate_name.replace('-', "_"));
    quote!(#name)
}

/// `let request = …;` (when the operation takes one) and the awaited call on `client`.
pub fn call(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let krate = krate(api);
    let accessors = module_path(api, op.module).into_iter().map(|name| {
        let name = ident(&name);
        quote!(.#name())
    });
    let name = ident(&op.name);
    // A path variable without a value is sent as the collection writes it, as Postman does.
    let path_args = op.path_params.iter().map(|param| {
        let value = param.example.clone().unwrap_or_else(|| param.literal.clone());
        Literal::string(&value)
    });
    let (request, request_arg) = match &op.request {
        None => (TokenStream::new(), TokenStream::new()),
        Some(request) => {
            let ty = with_crate(type_path(api, op.module, &request.name), &krate);
            let fields = request.fields.iter().map(|field| {
                let name = ident(&field.field.name.rust);
                let value = field_value(api, field, &krate);
                quote!(#name: #value)
            });
            (quote! { let request = #ty { #(#fields,)* }; }, quote!(&request))
        }
    };
    let call = quote!(client #(#accessors)* .#name(#(#path_args,)* #request_arg).await);
    (request, call)
}

fn type_path(api: &Api, module: usize, name: &str) -> TokenStream {
    let module = super::module_tokens(api, module);
    let name = ident(name);
    quote!(#module::#name)
}

/// `crate::…` paths as seen from outside the crate.
fn with_crate(tokens: TokenStream, krate: &TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) if ident == "crate" => krate.clone(),
            proc_macro2::TokenTree::Group(group) => {
                let mut replaced = proc_macro2::Group::new(group.delimiter(), with_crate(group.stream(), krate));
                replaced.set_span(group.span());
                proc_macro2::TokenStream::from(proc_macro2::TokenTree::Group(replaced))
            }
            other => proc_macro2::TokenStream::from(other),
        })
        .collect()
}

/// A field's value from its example: `Some(…)` for optional fields that have one.
fn field_value(api: &Api, field: &RequestField, krate: &TokenStream) -> TokenStream {
    let f = &field.field;
    // Disabled fields are not sent; fields the client fills with dynamic variables are left to it.
    if (field.disabled || f.dynamic_default.is_some()) && !f.required {
        return quote!(None);
    }
    let value = if field.repeated {
        let element = match &f.ty {
            TypeRef::List(inner) => inner.as_ref(),
            other => other,
        };
        let values: Vec<String> = f.example.as_deref().and_then(|e| serde_json::from_str(e).ok()).unwrap_or_default();
        let values = values.iter().map(|v| value(api, element, Some(v), f, krate));
        quote!(vec![#(#values),*])
    } else {
        // A file the collection does not name is not sent (Postman skips it).
        let no_file = matches!(f.ty, TypeRef::File) && f.example.as_deref().is_none_or(str::is_empty);
        if !f.required && (f.example.is_none() || no_file) {
            return quote!(None);
        }
        value(api, &f.ty, f.example.as_deref(), f, krate)
    };
    if f.required { value } else { quote!(Some(#value)) }
}

fn value(api: &Api, ty: &TypeRef, example: Option<&str>, field: &Field, krate: &TokenStream) -> TokenStream {
    let example = example.unwrap_or_default();
    match ty {
        TypeRef::String => {
            let text = Literal::string(example);
            quote!(#text.to_string())
        }
        TypeRef::Bool => {
            let value = example == "true";
            quote!(#value)
        }
        TypeRef::Integer => {
            let value = Literal::i64_suffixed(example.parse().unwrap_or_default());
            quote!(#value)
        }
        TypeRef::Float => {
            let value = Literal::f64_suffixed(example.parse().unwrap_or_default());
            quote!(#value)
        }
        TypeRef::File => {
            let src = file_source(field);
            let contents = Literal::byte_string(file_contents(&src).as_bytes());
            let name = Literal::string(src.rsplit(['/', '\\']).next().unwrap_or_default());
            quote!(#krate::FilePart::new(#contents.to_vec(), #name))
        }
        TypeRef::Bytes => match field.example.as_deref().filter(|src| !src.is_empty()) {
            Some(src) => {
                let contents = Literal::byte_string(file_contents(src).as_bytes());
                quote!(#contents.to_vec())
            }
            None => quote!(Vec::new()),
        },
        TypeRef::Named(id) if matches!(api.types[*id].kind, TypeKind::Enum(_)) => {
            let def = &api.types[*id];
            let TypeKind::Enum(variants) = &def.kind else { return TokenStream::new() };
            let variant = variants.iter().find(|v| v.wire == example).or(variants.first());
            let ty = with_crate(type_tokens(api, ty, None), krate);
            let variant = variant.map(|v| ident(&v.name));
            quote!(#ty::#variant)
        }
        // Structured values are decoded from the collection's JSON text.
        _ => {
            let text = serde_json::from_str::<serde_json::Value>(example)
                .map(|json| json.to_string())
                .unwrap_or_else(|_| example.to_string());
            let text = Literal::string(&text);
            let ty = with_crate(type_tokens(api, ty, None), krate);
            quote!(serde_json::from_str::<#ty>(#text)?)
        }
    }
}

/// The file a file field or body names (its example is the collection's `src`).
fn file_source(field: &Field) -> String {
    field.example.clone().filter(|e| !e.is_empty()).unwrap_or_else(|| "file.bin".to_string())
}

/// `# Example` doc lines for an operation: a `no_run` doctest of the example call.
pub fn doc_lines(api: &Api, op: &Operation) -> Result<Vec<String>, crate::error::Error> {
    let krate = krate(api);
    let base = match &api.base_url {
        Some(_) => quote!(#krate::DEFAULT_BASE_URL),
        None => quote!("https://api.example.com"),
    };
    let client = client(api, op, base);
    let (request, call) = call(api, op);
    let function = quote! {
        #[allow(deprecated)]
        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            let client = #client;
            #request
            let response = #call?;
            println!("{response:?}");
            Ok(())
        }
    };
    let file = syn::parse2::<syn::File>(function)
        .map_err(|e| crate::error::Error::Emit { file: format!("example of {}", op.name), message: e.to_string() })?;
    let code = prettyplease::unparse(&file);
    let lines: Vec<&str> = code.lines().collect();
    let mut docs = vec![String::new(), "# Example".to_string(), String::new(), "```no_run".to_string()];
    for (index, line) in lines.iter().enumerate() {
        let hidden = index <= 1 || index + 2 >= lines.len();
        let line = line.strip_prefix("    ").unwrap_or(line);
        docs.push(if hidden { format!("# {line}") } else { line.to_string() });
    }
    docs.push("```".to_string());
    Ok(docs)
}

/// `examples/conformance.rs`: calls every operation once, in collection order, with the
/// collection's example values, against the base URL it is given; prints one line per call.
pub fn driver(api: &Api) -> TokenStream {
    let krate = krate(api);
    let calls = api.operations.iter().enumerate().map(|(index, op)| {
        let function = quote::format_ident!("call_{}", index);
        let client = client(api, op, quote!(base));
        let client = match &op.auth {
            Some(AuthKind::Signed { kind }) => {
                let signs = signs_up_front(kind, &op.auth_values);
                quote! {
                    #krate::Client::new(base)?.with_signer(|_kind, request| {
                        if #signs {
                            request.headers_mut().insert(
                                ::reqwest::header::AUTHORIZATION,
                                ::reqwest::header::HeaderValue::from_static("conformance-signature"),
                            );
                        }
                        Ok(())
                    })
                }
            }
            _ => client,
        };
        let (request, call) = call(api, op);
        let call = quote!(#call);
        let api_error = match &op.error {
            Some(ty) => {
                let ty = with_crate(type_tokens(api, ty, None), &krate);
                quote! {
                    Err(#krate::Error::Api(error)) => match error.json::<#ty>() {
                        Ok(_) => format!("api-error {} decoded", error.status),
                        Err(decode) => format!("api-error {} undecoded: {decode}", error.status),
                    },
                }
            }
            None => quote! {
                Err(#krate::Error::Api(error)) => format!("api-error {}", error.status),
            },
        };
        let item = op.item_path.join(" › ");
        let definition = quote! {
            /// One call of this item, with its example values.
            async fn #function(base: &str) -> Result<String, Box<dyn std::error::Error>> {
                let client = #client;
                #request
                Ok(match #call {
                    Ok(_) => "ok".to_string(),
                    #api_error
                    Err(error) => format!("error {error}"),
                })
            }
        };
        let run = quote! {
            let outcome = match #function(&base).await {
                Ok(outcome) => outcome,
                Err(error) => format!("error {error}"),
            };
            report(#index, #item, &outcome);
        };
        (definition, run)
    });
    let (definitions, runs): (Vec<TokenStream>, Vec<TokenStream>) = calls.unzip();
    quote! {
        //! Calls every operation once, in collection order, with the collection's example values.
        //!
        //! `cargo run --example conformance -- <base-url>` prints one line per item: its index,
        //! its path in the collection and the outcome (`ok`, `api-error <status> …` or `error …`).
        // Deprecated fields are sent too when the collection has example values for them.
        #![allow(deprecated)]

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let base = ::std::env::args().nth(1).ok_or("usage: conformance <base-url>")?;
            #(#runs)*
            Ok(())
        }

        /// Prints one line: the item's index, its path in the collection and the outcome.
        fn report(index: usize, item: &str, outcome: &str) {
            println!("{index}\t{item}\t{}", outcome.replace(['\n', '\t'], " "));
        }

        #(#definitions)*
    }
}

/// Whether Postman signs a request of this kind before any answer: digest and ntlm wait for the
/// server's challenge, and no scheme signs without the identity it signs as.
fn signs_up_front(kind: &str, values: &[(String, String)]) -> bool {
    let has = |key: &str| values.iter().any(|(k, v)| k == key && !v.is_empty());
    match kind {
        // Digest signs up front only when the collection already has the server's nonce.
        "digest" => has("nonce") && has("realm"),
        "ntlm" => false,
        "oauth1" => has("consumerKey"),
        "hawk" => has("authId"),
        "awsv4" => has("accessKey"),
        "edgegrid" => has("accessToken"),
        _ => true,
    }
}
