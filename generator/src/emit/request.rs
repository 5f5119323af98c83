//! The statements that put an operation's request struct on the wire with its auth, send it
//! and decode the answer.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Place, ident, type_tokens};
use super::uses::is_display;
use crate::ir::{self, Api, AuthKind, BodyKind, Brackets, Location, Operation, RequestField, Success, TypeRef};

/// The `Option<crate::runtime::Auth>` an operation is sent with.
fn auth(api: &Api, op: &Operation) -> TokenStream {
    let credential = op.credential.map(|index| {
        let variant = ident(&crate::naming::camel(&api.credentials[index].name, "Credential"));
        quote!(crate::runtime::Credential::#variant)
    });
    let variant = match (&op.auth, credential) {
        (None, _) => return quote!(None),
        (Some(AuthKind::Signed { kind }), _) => quote!(Signed(#kind)),
        (Some(_), None) => return quote!(None),
        (Some(AuthKind::Bearer), Some(credential)) => quote!(Bearer(#credential)),
        (Some(AuthKind::Basic), Some(credential)) => quote!(Basic(#credential)),
        (Some(AuthKind::ApiKey { name, in_query: false }), Some(credential)) => {
            quote!(ApiKeyHeader(#name, #credential))
        }
        (Some(AuthKind::ApiKey { name, in_query: true }), Some(credential)) => quote!(ApiKeyQuery(#name, #credential)),
        (Some(AuthKind::OAuth2 { in_query: false, prefix }), Some(credential)) => {
            quote!(OAuth2Header(#prefix, #credential))
        }
        (Some(AuthKind::OAuth2 { in_query: true, .. }), Some(credential)) => {
            quote!(OAuth2Query("access_token", #credential))
        }
        (Some(AuthKind::Header { scheme }), Some(credential)) => quote!(Header(#scheme, #credential)),
        (Some(AuthKind::AwsV4(ir::AwsV4 { service, region, to_query })), Some(credential)) => quote!(AwsV4(
            &crate::runtime::AwsV4 { service: #service, region: #region, to_query: #to_query },
            #credential
        )),
        (Some(AuthKind::Digest(settings)), Some(credential)) => {
            let ir::Digest { algorithm, realm, nonce, qop, opaque, client_nonce, nonce_count } = &**settings;
            quote!(Digest(
                &crate::runtime::Digest {
                    algorithm: #algorithm,
                    realm: #realm,
                    nonce: #nonce,
                    qop: #qop,
                    opaque: #opaque,
                    client_nonce: #client_nonce,
                    nonce_count: #nonce_count,
                },
                #credential
            ))
        }
        (Some(AuthKind::OAuth1(settings)), Some(credential)) => {
            let ir::OAuth1 {
                signature_method,
                version,
                realm,
                callback,
                verifier,
                timestamp,
                nonce,
                to_header,
                sign_empty,
                body_hash,
                raw_header,
            } = &**settings;
            quote!(OAuth1(
                &crate::runtime::OAuth1 {
                    signature_method: #signature_method,
                    version: #version,
                    realm: #realm,
                    callback: #callback,
                    verifier: #verifier,
                    timestamp: #timestamp,
                    nonce: #nonce,
                    to_header: #to_header,
                    sign_empty: #sign_empty,
                    body_hash: #body_hash,
                    raw_header: #raw_header,
                },
                #credential
            ))
        }
    };
    quote!(Some(crate::runtime::Auth::#variant))
}

/// The values one field sends, as an `IntoIterator<Item = String>` (or of `FilePart`): nothing
/// for `None`, one value for a scalar, every element for a repeated key.
fn values(api: &Api, request_field: &RequestField) -> TokenStream {
    let field = &request_field.field;
    let name = ident(&field.name.rust);
    let value = quote!(request.#name);
    let (list, element) = match &field.ty {
        TypeRef::List(inner) if request_field.repeated || request_field.brackets.is_some() => (true, inner.as_ref()),
        other => (false, other),
    };
    let cloned = matches!(element, TypeRef::String | TypeRef::File);
    let display = !cloned && is_display(api, element);
    let to_string = quote!(ToString::to_string);
    let to_json = quote!(crate::runtime::to_json);
    let collect = quote!(collect::<Result<Vec<_>, _>>()?);
    let values = match (list, field.required) {
        (true, _) if cloned => quote!(#value.iter().flatten().cloned()),
        (true, _) if display => quote!(#value.iter().flatten().map(#to_string)),
        (true, _) => quote!(#value.iter().flatten().map(#to_json).#collect),
        (false, true) if cloned => quote!(::std::iter::once(#value.clone())),
        (false, true) if display => quote!(::std::iter::once(#value.to_string())),
        (false, true) => quote!(::std::iter::once(#to_json(&#value)?)),
        (false, false) if cloned => quote!(#value.clone()),
        (false, false) if display => quote!(#value.as_ref().map(#to_string)),
        (false, false) => quote!(#value.as_ref().map(#to_json).transpose()?),
    };
    match &field.dynamic_default {
        Some(template) => quote!(crate::runtime::or_dynamic(#values, #template)),
        None => values,
    }
}

fn fields_at(op: &Operation, location: Location) -> impl Iterator<Item = &RequestField> {
    op.request.fields.iter().filter(move |f| f.location == location)
}

/// `pairs.add("wire", values);` for every field at `location`, in collection order.
fn add_pairs(api: &Api, op: &Operation, location: Location) -> Option<TokenStream> {
    let adds: Vec<TokenStream> = fields_at(op, location)
        .map(|field| {
            let wire = &field.field.name.wire;
            match field.brackets {
                None => {
                    let values = values(api, field);
                    quote!(pairs.add(#wire, #values);)
                }
                Some(Brackets::Indexed) => {
                    let values = values(api, field);
                    quote!(pairs.add_indexed(#wire, #values);)
                }
                Some(Brackets::Keyed) => {
                    let name = ident(&field.field.name.rust);
                    quote!(pairs.add_keyed(#wire, request.#name.iter().flatten().map(|(key, value)| (key.clone(), value.clone())));)
                }
            }
        })
        .collect();
    (!adds.is_empty()).then(|| {
        quote! {
            let mut pairs = crate::runtime::Pairs::default();
            #(#adds)*
        }
    })
}

/// Query, headers and body.
pub fn inputs(api: &Api, op: &Operation) -> TokenStream {
    let query = add_pairs(api, op, Location::Query).map(|pairs| quote! { #pairs let builder = pairs.query(builder); });
    let headers =
        add_pairs(api, op, Location::Header).map(|pairs| quote! { #pairs let builder = pairs.headers(builder)?; });
    let content_type = |content_type: &Option<String>| {
        content_type.as_ref().map(|ct| quote! { let builder = builder.header(::reqwest::header::CONTENT_TYPE, #ct); })
    };
    let body = match &op.body {
        // The collection's own Content-Type goes out even without a body, as Postman sends it.
        BodyKind::None => op.content_type.as_ref().map(|ct| {
            quote! { let builder = builder.header(::reqwest::header::CONTENT_TYPE, #ct); }
        }),
        BodyKind::Multipart => {
            let parts = fields_at(op, Location::FormPart).map(|field| {
                let wire = &field.field.name.wire;
                let values = values(api, field);
                let list_of_files =
                    field.repeated && matches!(&field.field.ty, TypeRef::List(inner) if **inner == TypeRef::File);
                if field.field.ty == TypeRef::File || list_of_files {
                    quote! { let form = crate::runtime::file_parts(form, #wire, #values)?; }
                } else {
                    quote! { let form = crate::runtime::text_parts(form, #wire, #values); }
                }
            });
            Some(quote! {
                let form = ::reqwest::multipart::Form::new();
                #(#parts)*
                let builder = builder.multipart(form);
            })
        }
        BodyKind::Urlencoded => add_pairs(api, op, Location::Urlencoded)
            .map(|pairs| quote! { #pairs let builder = pairs.urlencoded(builder); })
            .or_else(|| Some(quote! { let builder = crate::runtime::Pairs::default().urlencoded(builder); })),
        BodyKind::Json { content_type: ct, dynamic } => {
            let body = body_field(op, Location::JsonBody);
            let content_type = content_type(ct);
            // Set first: `json` only adds `application/json` when there is no Content-Type yet.
            if *dynamic {
                Some(quote! {
                    #content_type
                    let builder = builder.json(&crate::runtime::json_with_dynamic(&request.#body)?);
                })
            } else {
                Some(quote! { #content_type let builder = builder.json(&request.#body); })
            }
        }
        BodyKind::Text { content_type } => {
            let body = body_field(op, Location::TextBody);
            Some(quote! {
                let builder = builder.header(::reqwest::header::CONTENT_TYPE, #content_type).body(request.#body.clone());
            })
        }
        BodyKind::Binary { content_type: ct } => {
            let body = body_field(op, Location::BinaryBody);
            let content_type = content_type(ct);
            Some(quote! { let builder = builder.body(request.#body.clone()); #content_type })
        }
        BodyKind::Graphql { query } => {
            let variables = match fields_at(op, Location::GraphqlVariables).next() {
                Some(field) => {
                    let name = ident(&field.field.name.rust);
                    quote!(Some(&request.#name))
                }
                None => quote!(None::<&()>),
            };
            Some(quote! {
                let builder = builder.json(&crate::runtime::GraphqlBody { query: #query, variables: #variables });
            })
        }
    };
    let accept =
        op.accept.as_ref().map(|accept| quote! { let builder = builder.header(::reqwest::header::ACCEPT, #accept); });
    quote! { #query #headers #accept #body }
}

/// The field holding a whole body (`body`, unless a parameter took that name).
fn body_field(op: &Operation, location: Location) -> proc_macro2::Ident {
    ident(fields_at(op, location).next().map_or("body", |f| f.field.name.rust.as_str()))
}

/// What sending an operation's request gives, and how: its output type, the type of the future
/// awaiting it gives, and that future, made from `outgoing` (a `Result<runtime::Outgoing>`)
/// and `client`. Every operation returns a `Response` of its body type, carrying the status,
/// headers and raw body, except one whose body is a file: it returns a `ByteStream`, its body
/// unread.
///
/// The future is the runtime's one sending future, boxed, with the body type's decoder as a
/// type parameter (`ResponseFuture<'a, DecodeJson<T>>`): nothing of an operation is compiled
/// to machine code until a program awaits it.
pub fn success(api: &Api, op: &Operation, client: &TokenStream, outgoing: &TokenStream) -> Sent {
    let here = Place::Operation(op);
    let (body, decoder) = match &op.success {
        Success::Empty => (quote!(()), quote!(crate::DecodeEmpty)),
        Success::Json(ty) => {
            let ty = type_tokens(api, ty, here);
            (ty.clone(), quote!(crate::DecodeJson<#ty>))
        }
        Success::OptionalJson(ty) => {
            let ty = type_tokens(api, ty, here);
            (quote!(Option<#ty>), quote!(crate::DecodeOptionalJson<#ty>))
        }
        Success::Text => (quote!(String), quote!(crate::DecodeText)),
        Success::Raw => (quote!(Vec<u8>), quote!(crate::DecodeBytes)),
        Success::Binary => {
            return Sent {
                output: quote!(crate::ByteStream),
                future_type: quote!(::futures::future::BoxFuture<'a, Result<crate::ByteStream, crate::Error>>),
                future: quote!(Box::pin(#client.send_stream(#outgoing))),
            };
        }
    };
    Sent {
        output: quote!(crate::Response<#body>),
        future_type: quote!(crate::ResponseFuture<'a, #decoder>),
        future: quote!(crate::ResponseFuture::<#decoder>::new(#client.send(#outgoing))),
    }
}

/// See [`success`].
pub struct Sent {
    pub output: TokenStream,
    pub future_type: TokenStream,
    pub future: TokenStream,
}

/// The `runtime::Outgoing` of what an operation built in `builder`.
pub fn outgoing(api: &Api, op: &Operation) -> TokenStream {
    let (name, path) = (op.name.as_str(), op.path_template.as_str());
    let auth = auth(api, op);
    quote!(crate::runtime::Outgoing { builder, auth: #auth, operation: #name, path: #path })
}
