//! `examples/conformance.rs`: calls every operation once, with the collection's example values.

use proc_macro2::TokenStream;
use quote::quote;

use super::example::{call, credential_setter, host_setting, krate};
use crate::error::Error;
use crate::ir::{Api, AuthKind, Operation, Response};
use crate::naming::paths::type_text;

/// Source text made here, as tokens for the driver.
fn tokens(text: &str) -> Result<TokenStream, Error> {
    text.parse()
        .map_err(|e| Error::Emit { file: "examples/conformance.rs".to_string(), message: format!("{e}: {text}") })
}

/// `examples/conformance.rs`: calls every operation once, in collection order, with the
/// collection's example values, against the base URL it is given; prints one line per call.
pub fn driver(api: &Api) -> Result<TokenStream, Error> {
    let krate = tokens(&krate(api))?;
    let calls = api.operations.iter().enumerate().map(|(index, op)| operation_call(api, &krate, index, op));
    let (definitions, entries): (Vec<TokenStream>, Vec<TokenStream>) =
        calls.collect::<Result<Vec<_>, Error>>()?.into_iter().unzip();
    let hosts: String = (0..api.hosts.len()).map(|host| host_setting(api, Some((host, "base")))).collect();
    let credentials: String = api
        .credentials
        .iter()
        .enumerate()
        .map(|(index, credential)| {
            let values: Vec<&str> = credential.values.iter().map(String::as_str).collect();
            credential_setter(api, index, &values)
        })
        .collect();
    let client = tokens(&format!("{}::Client::new(base)?{hosts}{credentials}", krate))?;
    // A crate without operations has no request options to ask with.
    let ask = if api.operations.is_empty() {
        quote!(let _ = (client, CALLS);)
    } else {
        quote! {
            for (index, (item, call, examples)) in CALLS.iter().enumerate() {
                for (header, value) in *examples {
                    let options = #krate::RequestOptions::new().header(*header, *value);
                    let outcome = outcome(call(client.with_options(options)).await);
                    println!("{index}\t{item}\t{header}: {value}\t{outcome}");
                }
            }
        }
    };
    // A table of calls, each its own function with its own future, keeps the compile linear in
    // the number of items (one `async fn main` awaiting them all in turn does not).
    Ok(quote! {
        //! Calls every operation once, in collection order, with the collection's example values.
        //!
        //! `cargo run --example conformance -- <base-url>` prints one line per item: its index,
        //! its path in the collection and the outcome (`ok`, `api-error <status> …` or `error …`).
        //!
        //! `cargo run --example conformance --features mock -- --mock` calls the crate's own mock
        //! server instead, once per saved JSON example, asking for it by name (or by status when
        //! its name cannot be sent or is not unique); each line has the example's selector too.
        // Deprecated fields are sent too when the collection has example values for them.
        #![allow(deprecated)]

        use std::future::Future;
        use std::pin::Pin;

        /// One item's call: its outcome, or why it could not be made.
        type Call = Pin<Box<dyn Future<Output = Result<String, Box<dyn std::error::Error>>>>>;

        /// An item's path in the collection, its call, and the request headers that ask a mock
        /// server for each of its saved JSON examples.
        type Entry = (&'static str, fn(#krate::Client) -> Call, &'static [(&'static str, &'static str)]);

        /// Every item, in collection order.
        const CALLS: &[Entry] = &[#(#entries),*];

        /// The one client of the run, as a program makes it: every host at `base`, and every
        /// credential given once, with the collection's value.
        fn client(base: &str) -> Result<#krate::Client, Box<dyn std::error::Error>> {
            Ok(#client)
        }

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let base = ::std::env::args().nth(1).ok_or("usage: conformance <base-url> | --mock")?;
            if base == "--mock" {
                return mock().await;
            }
            let client = client(&base)?;
            for (index, (item, call, _)) in CALLS.iter().enumerate() {
                let outcome = outcome(call(client.clone()).await);
                println!("{index}\t{item}\t{outcome}");
            }
            Ok(())
        }

        /// Each saved JSON example, asked of the crate's mock server.
        /// Whether the run asks the crate's mock server.
        #[allow(dead_code)]
        static MOCK: ::std::sync::atomic::AtomicBool = ::std::sync::atomic::AtomicBool::new(false);

        /// The collection's own value of a path parameter it leaves empty: empty against the
        /// recorder (the client refuses it, as it must: an empty segment is another route), a
        /// value against the mock, which has the item's saved examples to serve.
        #[allow(dead_code)]
        fn empty_path_value() -> String {
            if MOCK.load(::std::sync::atomic::Ordering::Relaxed) { "empty".to_string() } else { String::new() }
        }

        #[cfg(feature = "mock")]
        async fn mock() -> Result<(), Box<dyn std::error::Error>> {
            MOCK.store(true, ::std::sync::atomic::Ordering::Relaxed);
            let server = #krate::mock::MockServer::start().await;
            let client = client(&server.uri())?;
            #ask
            Ok(())
        }

        #[cfg(not(feature = "mock"))]
        async fn mock() -> Result<(), Box<dyn std::error::Error>> {
            Err("built without the `mock` feature".into())
        }

        /// A call's outcome on one line.
        fn outcome(outcome: Result<String, Box<dyn std::error::Error>>) -> String {
            outcome.unwrap_or_else(|error| format!("error {error}")).replace(['\n', '\t'], " ")
        }

        #(#definitions)*
    })
}

/// Operation `op`'s function of the driver (one call with its example values) and its entry in
/// the table of calls.
fn operation_call(
    api: &Api,
    krate: &TokenStream,
    index: usize,
    op: &Operation,
) -> Result<(TokenStream, TokenStream), Error> {
    let function = quote::format_ident!("call_{}", index);
    // The one client, with this call's options; a signing hook is set per call, as each
    // item decides whether it signs before any answer.
    let client = match &op.auth {
        Some(AuthKind::Signed { kind }) => {
            let signs = signs_up_front(kind, &op.auth_values);
            quote! {
                client.with_signer(|_kind, request| {
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
        _ => quote!(client),
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
        fn #function(client: #krate::Client) -> Call {
            Box::pin(async move {
                let client = #client;
                Ok(match #call.await {
                    Ok(_) => "ok".to_string(),
                    #api_error
                    Err(error) => format!("error {error}"),
                })
            })
        }
    };
    let examples = mock_examples(op).into_iter().map(|(header, value)| quote!((#header, #value)));
    Ok((definition, quote!((#item, #function, &[#(#examples),*]))))
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

/// The request header that asks a mock server for each of the operation's saved JSON examples:
/// its name, or its status when the name cannot be sent as a header or another example has it
/// too. An example neither picks out is left out.
pub fn mock_examples(op: &Operation) -> Vec<(&'static str, String)> {
    let json: Vec<&Response> = op.responses.iter().filter(|r| r.is_json()).collect();
    let count = |same: &dyn Fn(&Response) -> bool| op.responses.iter().filter(|r| same(r)).count();
    json.into_iter()
        .filter_map(|example| {
            if super::mock::askable_by_name(&example.name) && count(&|r| r.name == example.name) == 1 {
                Some((super::mock::RESPONSE_NAME_HEADER, example.name.clone()))
            } else if count(&|r| r.status_sent() == example.status_sent()) == 1 {
                Some(("x-mock-response-code", example.status_sent().to_string()))
            } else {
                None
            }
        })
        .collect()
}
