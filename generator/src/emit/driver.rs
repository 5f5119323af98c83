//! `examples/conformance.rs`: calls every operation once, with the collection's example values.

use proc_macro2::TokenStream;
use quote::quote;

use super::example::{call, client, host_setting, krate, type_text};
use crate::error::Error;
use crate::ir::{Api, AuthKind};

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
        // Every request goes to the recorder, whichever host the collection sends it to.
        let host = op.host.map(|host| (host, "base"));
        let client = tokens(&client(api, op, "base", host))?;
        let host = tokens(&host_setting(api, host))?;
        let client = match &op.auth {
            Some(AuthKind::Signed { kind }) => {
                let signs = signs_up_front(kind, &op.auth_values);
                quote! {
                    #krate::Client::new(base)? #host .with_signer(|_kind, request| {
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
        let call = tokens(&call(api, op))?;
        let api_error = match &op.error {
            Some(ty) => {
                let ty = tokens(&type_text(api, op, ty, &krate.to_string()))?;
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
            fn #function(base: String) -> Call {
                Box::pin(async move {
                    let base = base.as_str();
                    let client = #client;
                    Ok(match #call.await {
                        Ok(_) => "ok".to_string(),
                        #api_error
                        Err(error) => format!("error {error}"),
                    })
                })
            }
        };
        Ok((definition, quote!((#item, #function))))
    });
    let (definitions, entries): (Vec<TokenStream>, Vec<TokenStream>) =
        calls.collect::<Result<Vec<_>, Error>>()?.into_iter().unzip();
    // A table of calls, each its own function with its own future, keeps the compile linear in
    // the number of items (one `async fn main` awaiting them all in turn does not).
    Ok(quote! {
        //! Calls every operation once, in collection order, with the collection's example values.
        //!
        //! `cargo run --example conformance -- <base-url>` prints one line per item: its index,
        //! its path in the collection and the outcome (`ok`, `api-error <status> …` or `error …`).
        // Deprecated fields are sent too when the collection has example values for them.
        #![allow(deprecated)]

        use std::future::Future;
        use std::pin::Pin;

        /// One item's call: its outcome, or why it could not be made.
        type Call = Pin<Box<dyn Future<Output = Result<String, Box<dyn std::error::Error>>>>>;

        /// Every item's path in the collection and its call, in collection order.
        const CALLS: &[(&str, fn(String) -> Call)] = &[#(#entries),*];

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let base = ::std::env::args().nth(1).ok_or("usage: conformance <base-url>")?;
            for (index, (item, call)) in CALLS.iter().enumerate() {
                let outcome = match call(base.clone()).await {
                    Ok(outcome) => outcome,
                    Err(error) => format!("error {error}"),
                };
                println!("{index}\t{item}\t{}", outcome.replace(['\n', '\t'], " "));
            }
            Ok(())
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
