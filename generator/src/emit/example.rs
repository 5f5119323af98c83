//! A call of each operation built from the collection's own example values: shown in the
//! method's docs (a `no_run` doctest, so it is compiled) and made by the conformance driver.

use std::borrow::Cow;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::module_path;
use crate::error::Error;
use crate::ir::{Api, AuthKind, Field, Operation, RequestField, TypeKind, TypeRef};

/// The contents a file named by the collection is sent with in examples (and written with by
/// the conformance runner, so both sides send the same bytes).
pub fn file_contents(src: &str) -> String {
    format!("contents of {src}\n")
}

/// The expression that builds the client for `op`: `Client::new(base)?` with the credentials the
/// collection gives, as source text. Long chains break before each method, indented by four.
pub fn client(api: &Api, op: &Operation, base: &str) -> String {
    let text = |key: &str| op.auth_values.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default();
    let value = |key: &str| super::text::lit(text(key));
    // Postman sends no bearer token the collection leaves empty (but sends empty keys and
    // basic credentials as they are).
    let empty = matches!(&op.auth, Some(AuthKind::Bearer | AuthKind::OAuth2 { .. })) && text("token").is_empty();
    let credentials = match &op.auth {
        _ if empty => String::new(),
        None => String::new(),
        Some(AuthKind::Bearer | AuthKind::OAuth2 { .. }) => cat!(".with_bearer_token(", value("token"), ")"),
        Some(AuthKind::Basic) => {
            cat!(".with_basic_auth(", value("username"), ", Some(", value("password"), ".to_string()))")
        }
        Some(AuthKind::ApiKey { .. }) => cat!(".with_api_key(", value("value"), ")"),
        Some(AuthKind::Signed { .. }) => [
            ".with_signer(|_kind, _request| {",
            "    // Sign `_request` here for the scheme `_kind` names.",
            "    Ok(())",
            "})",
        ]
        .join("\n    "),
    };
    let new = cat!(krate(api), "::Client::new(", base, ")?");
    if credentials.is_empty() {
        new
    } else if !credentials.contains('\n') && new.len() + credentials.len() <= 70 {
        cat!(new, credentials)
    } else {
        cat!(new, "\n    ", credentials)
    }
}

/// The crate's path in examples: its library name. Names in the IR are valid identifiers (raw
/// ones spelled `r#…`), so they are written as they are, as `format_ident!` would print them.
pub fn krate(api: &Api) -> String {
    api.crate_name.replace('-', "_")
}

/// `let request = …;` (when the operation takes one) and the awaited call on `client`, as
/// source text.
pub fn call(api: &Api, op: &Operation) -> (Option<String>, String) {
    let krate = krate(api);
    let accessors: String = module_path(api, op.module).iter().map(|name| cat!(".", name, "()")).collect();
    // A path variable without a value is sent as the collection writes it, as Postman does.
    let mut args: Vec<String> = op
        .path_params
        .iter()
        .map(|param| super::text::lit(param.example.as_deref().unwrap_or(&param.literal)))
        .collect();
    let request = op.request.as_ref().map(|request| {
        args.push("&request".to_string());
        let ty = item_path(api, op.module, &request.name, &krate);
        let fields: String = request
            .fields
            .iter()
            .map(|field| cat!("\n    ", field.field.name.rust, ": ", field_value(api, field, &krate), ","))
            .collect();
        if fields.is_empty() {
            cat!("let request = ", ty, " {};")
        } else {
            cat!("let request = ", ty, " {", fields, "\n};")
        }
    });
    let call = cat!("client", accessors, ".", op.name, "(", args.join(", "), ").await");
    (request, call)
}

/// `krate::a::b::Name` for an item of module `module`.
fn item_path(api: &Api, module: usize, name: &str, krate: &str) -> String {
    cat!(super::text::module_text(api, module, krate), "::", name)
}

/// A type as named from outside the crate.
fn type_text(api: &Api, ty: &TypeRef, krate: &str) -> String {
    match ty {
        TypeRef::String => "String".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::Integer => "i64".to_string(),
        TypeRef::Float => "f64".to_string(),
        TypeRef::Json => "serde_json::Value".to_string(),
        TypeRef::File => cat!(krate, "::FilePart"),
        TypeRef::Bytes => "Vec<u8>".to_string(),
        TypeRef::List(inner) => cat!("Vec<", type_text(api, inner, krate), ">"),
        TypeRef::Named(id) => item_path(api, api.types[*id].module, &api.types[*id].name, krate),
    }
}

/// A field's value from its example: `Some(…)` for optional fields that have one.
fn field_value(api: &Api, field: &RequestField, krate: &str) -> String {
    let f = &field.field;
    // Disabled fields are not sent; fields the client fills with dynamic variables are left to it.
    if (field.disabled || f.dynamic_default.is_some()) && !f.required {
        return "None".to_string();
    }
    let value = if field.repeated {
        let element = match &f.ty {
            TypeRef::List(inner) => inner.as_ref(),
            other => other,
        };
        let values: Vec<String> = f.example.as_deref().and_then(|e| serde_json::from_str(e).ok()).unwrap_or_default();
        let values: Vec<String> = values.iter().map(|v| value(api, element, Some(v), f, krate)).collect();
        cat!("vec![", values.join(", "), "]")
    } else {
        // A file the collection does not name is not sent (Postman skips it).
        let no_file = matches!(f.ty, TypeRef::File) && f.example.as_deref().is_none_or(str::is_empty);
        if !f.required && (f.example.is_none() || no_file) {
            return "None".to_string();
        }
        value(api, &f.ty, f.example.as_deref(), f, krate)
    };
    if f.required { value } else { cat!("Some(", value, ")") }
}

fn value(api: &Api, ty: &TypeRef, example: Option<&str>, field: &Field, krate: &str) -> String {
    let example = example.unwrap_or_default();
    match ty {
        TypeRef::String => cat!(super::text::lit(example), ".to_string()"),
        TypeRef::Bool => (example == "true").to_string(),
        TypeRef::Integer => Literal::i64_suffixed(example.parse().unwrap_or_default()).to_string(),
        TypeRef::Float => Literal::f64_suffixed(example.parse().unwrap_or_default()).to_string(),
        TypeRef::File => {
            let src = file_source(field);
            let contents = Literal::byte_string(file_contents(&src).as_bytes());
            let name = super::text::lit(src.rsplit(['/', '\\']).next().unwrap_or_default());
            format!("{krate}::FilePart::new({contents}.to_vec(), {name})")
        }
        TypeRef::Bytes => match field.example.as_deref().filter(|src| !src.is_empty()) {
            Some(src) => format!("{}.to_vec()", Literal::byte_string(file_contents(src).as_bytes())),
            None => "Vec::new()".to_string(),
        },
        TypeRef::Named(id) if matches!(api.types[*id].kind, TypeKind::Enum(_)) => {
            let TypeKind::Enum(variants) = &api.types[*id].kind else { return String::new() };
            let variant = variants.iter().find(|v| v.wire == example).or(variants.first());
            let variant = variant.map(|v| v.name.clone()).unwrap_or_default();
            cat!(type_text(api, ty, krate), "::", variant)
        }
        // Structured values are decoded from the collection's JSON text; the field's type says
        // into what.
        _ => {
            let text = serde_json::from_str::<serde_json::Value>(example)
                .ok()
                .and_then(|json| serde_json::to_string(&json).ok())
                .unwrap_or_else(|| example.to_string());
            cat!("serde_json::from_str(", super::text::lit(&text), ")?")
        }
    }
}

/// The file a file field or body names (its example is the collection's `src`).
fn file_source(field: &Field) -> String {
    field.example.clone().filter(|e| !e.is_empty()).unwrap_or_else(|| "file.bin".to_string())
}

/// `# Example` doc lines for an operation: a `no_run` doctest of the example call.
pub fn doc_lines(api: &Api, op: &Operation) -> Vec<Cow<'static, str>> {
    let base = match &api.base_url {
        Some(_) => cat!(krate(api), "::DEFAULT_BASE_URL"),
        None => "\"https://api.example.com\"".to_string(),
    };
    let (request, call) = call(api, op);
    let mut docs: Vec<Cow<'static, str>> = [
        "",
        "# Example",
        "",
        "```no_run",
        "# #[allow(deprecated)]",
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {",
    ]
    .map(Cow::Borrowed)
    .to_vec();
    let client = cat!("let client = ", client(api, op, &base), ";");
    let response = cat!("let response = ", call, "?;");
    for statement in [Some(client), request, Some(response)].into_iter().flatten() {
        docs.extend(crate::lines(&statement).map(|line| Cow::Owned(line.to_string())));
    }
    docs.extend(["println!(\"{response:?}\");", "# Ok(())", "# }", "```"].map(Cow::Borrowed));
    docs
}

/// Source text made here, as tokens for the driver.
fn tokens(text: &str) -> Result<TokenStream, Error> {
    text.parse()
        .map_err(|e| Error::Emit { file: "examples/conformance.rs".to_string(), message: format!("{e}: {text}") })
}

/// `examples/conformance.rs`: calls every operation once, in collection order, with the
/// collection's example values, against the base URL it is given; prints one line per call.
pub fn driver(api: &Api) -> Result<TokenStream, Error> {
    let krate = tokens(&krate(api))?;
    let calls = api.operations.iter().enumerate().map(|(index, op)| {
        let function = quote::format_ident!("call_{}", index);
        let client = tokens(&client(api, op, "base"))?;
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
        let request = request.as_deref().map(tokens).transpose()?;
        let call = tokens(&call)?;
        let api_error = match &op.error {
            Some(ty) => {
                let ty = tokens(&type_text(api, ty, &krate.to_string()))?;
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
        Ok((definition, run))
    });
    let (definitions, runs): (Vec<TokenStream>, Vec<TokenStream>) =
        calls.collect::<Result<Vec<_>, Error>>()?.into_iter().unzip();
    Ok(quote! {
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
    })
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
