//! `runtime.rs` of the generated crate: errors, the raw response, and the helpers operations use.
//! Helpers no operation needs are left out, so the crate has no dead code.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, BodyKind, Location, Success, TypeKind, TypeRef};

/// Which helpers the operations of `api` call.
#[derive(Debug, Default)]
struct Uses {
    path_params: bool,
    query: bool,
    headers: bool,
    multipart: bool,
    urlencoded: bool,
    json_text: bool,
    custom_method: bool,
    optional_json: bool,
}

fn uses(api: &Api) -> Uses {
    let mut uses = Uses::default();
    for op in &api.operations {
        uses.path_params |= !op.path_params.is_empty();
        uses.multipart |= op.body == BodyKind::Multipart;
        uses.urlencoded |= op.body == BodyKind::Urlencoded;
        uses.custom_method |= !super::operation::is_standard_method(&op.method);
        uses.optional_json |= matches!(op.success, Success::OptionalJson(_));
        for field in op.request.iter().flat_map(|r| r.fields.iter()) {
            uses.query |= field.location == Location::Query;
            uses.headers |= field.location == Location::Header;
            let as_text = matches!(
                field.location,
                Location::Query | Location::Header | Location::FormPart | Location::Urlencoded
            );
            uses.json_text |= as_text && !is_display(api, &field.field.ty);
        }
    }
    uses
}

/// Types sent as their `Display` text; all others are sent as JSON text.
pub(super) fn is_display(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Bool | TypeRef::Integer | TypeRef::Float => true,
        TypeRef::Named(id) => matches!(api.types[*id].kind, TypeKind::Enum(_)),
        TypeRef::Json | TypeRef::List(_) => false,
    }
}

pub fn runtime_rs(api: &Api) -> TokenStream {
    let uses = uses(api);
    let core = core();
    let encode_path = uses.path_params.then(|| {
        quote! {
            /// Characters sent as they are in a path segment (RFC 3986 "unreserved"); everything
            /// else is percent-encoded, so a value can never add a segment, a query or a fragment.
            const PATH_SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');

            /// Percent-encodes one path parameter.
            pub(crate) fn encode_path(value: &str) -> ::std::string::String {
                ::percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string()
            }
        }
    });
    let to_json = uses.json_text.then(|| quote! {
        /// A structured value as the JSON text of a query parameter, header or form field.
        pub(crate) fn to_json<T: ::serde::Serialize>(value: &T) -> ::std::result::Result<::std::string::String, Error> {
            ::serde_json::to_string(value).map_err(|error| Error::InvalidRequest { reason: error.to_string() })
        }
    });
    let query = uses.query.then(|| {
        quote! {
            /// Adds the query pairs that have a value, in order.
            pub(crate) fn query<const N: usize>(
                builder: ::reqwest::RequestBuilder,
                pairs: [(&'static str, ::std::option::Option<::std::string::String>); N],
            ) -> ::reqwest::RequestBuilder {
                let pairs: ::std::vec::Vec<(&str, ::std::string::String)> =
                    pairs.into_iter().filter_map(|(name, value)| value.map(|value| (name, value))).collect();
                if pairs.is_empty() { builder } else { builder.query(&pairs) }
            }
        }
    });
    let headers = uses.headers.then(|| quote! {
        /// Adds the headers that have a value; a value with a line break or control character
        /// is an error, never a second header.
        pub(crate) fn headers<const N: usize>(
            mut builder: ::reqwest::RequestBuilder,
            pairs: [(&'static str, ::std::option::Option<::std::string::String>); N],
        ) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
            for (name, value) in pairs {
                if let ::std::option::Option::Some(value) = value {
                    let value = ::reqwest::header::HeaderValue::from_str(&value).map_err(|_| Error::InvalidRequest {
                        reason: ::std::format!("the value of header `{name}` has a line break or control character"),
                    })?;
                    builder = builder.header(name, value);
                }
            }
            ::std::result::Result::Ok(builder)
        }
    });
    let multipart = uses.multipart.then(|| {
        quote! {
            /// A `multipart/form-data` body: one text part per field that has a value, in order,
            /// each carrying exactly its own name and value.
            pub(crate) fn multipart<const N: usize>(
                parts: [(&'static str, ::std::option::Option<::std::string::String>); N],
            ) -> ::reqwest::multipart::Form {
                let mut form = ::reqwest::multipart::Form::new();
                for (name, value) in parts {
                    if let ::std::option::Option::Some(value) = value {
                        form = form.text(name, value);
                    }
                }
                form
            }
        }
    });
    let urlencoded = uses.urlencoded.then(|| {
        quote! {
            /// An `application/x-www-form-urlencoded` body of the pairs that have a value, in order.
            pub(crate) fn urlencoded<const N: usize>(
                builder: ::reqwest::RequestBuilder,
                pairs: [(&'static str, ::std::option::Option<::std::string::String>); N],
            ) -> ::reqwest::RequestBuilder {
                let pairs: ::std::vec::Vec<(&str, ::std::string::String)> =
                    pairs.into_iter().filter_map(|(name, value)| value.map(|value| (name, value))).collect();
                builder.form(&pairs)
            }
        }
    });
    let method = uses.custom_method.then(|| quote! {
        /// A method that is not one of the standard ones.
        pub(crate) fn method(name: &[u8]) -> ::std::result::Result<::reqwest::Method, Error> {
            ::reqwest::Method::from_bytes(name).map_err(|_| Error::InvalidRequest {
                reason: ::std::format!("`{}` is not a valid HTTP method", ::std::string::String::from_utf8_lossy(name)),
            })
        }
    });
    let send = (!api.operations.is_empty()).then(|| quote! {
        impl ApiError {
            fn new(status: u16, body: &[u8]) -> Self {
                let body = ::std::string::String::from_utf8_lossy(body).into_owned();
                let json = ::serde_json::from_str::<::serde_json::Value>(&body).ok();
                let code = json.as_ref().and_then(|json| match json.get("code")? {
                    ::serde_json::Value::Number(number) => number.as_i64(),
                    ::serde_json::Value::String(text) => text.parse().ok(),
                    _ => ::std::option::Option::None,
                });
                let message = json
                    .as_ref()
                    .and_then(|json| json.get("message")?.as_str().map(::std::string::ToString::to_string));
                ApiError { status, code, message, body }
            }
        }

        /// Sends the request; any status outside `200..=299` becomes [`Error::Api`].
        pub(crate) async fn execute(builder: ::reqwest::RequestBuilder) -> ::std::result::Result<RawResponse, Error> {
            let response = builder.send().await?;
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get(::reqwest::header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .map(::std::string::ToString::to_string);
            let body = response.bytes().await?.to_vec();
            if (200..300).contains(&status) {
                ::std::result::Result::Ok(RawResponse { status, content_type, body })
            } else {
                ::std::result::Result::Err(Error::Api(ApiError::new(status, &body)))
            }
        }
    });
    let optional_json = uses.optional_json.then(|| quote! {
        impl RawResponse {
            /// Decodes a JSON body; an empty body is `None`.
            pub(crate) fn optional_json<T: ::serde::de::DeserializeOwned>(&self) -> ::std::result::Result<::std::option::Option<T>, Error> {
                if self.body.iter().all(u8::is_ascii_whitespace) {
                    ::std::result::Result::Ok(::std::option::Option::None)
                } else {
                    self.json().map(::std::option::Option::Some)
                }
            }
        }
    });
    quote! {
        //! Errors, raw responses and the helpers every operation shares.
        #core
        #send
        #encode_path
        #to_json
        #query
        #headers
        #multipart
        #urlencoded
        #method
        #optional_json
    }
}

fn core() -> TokenStream {
    quote! {
        /// Everything that can go wrong when calling the API.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The base URL is not an absolute `http` or `https` URL.
            InvalidBaseUrl {
                /// The URL given.
                url: ::std::string::String,
                /// Why it was refused.
                reason: ::std::string::String,
            },
            /// A request value cannot be sent as given.
            InvalidRequest {
                /// What is wrong.
                reason: ::std::string::String,
            },
            /// The request could not be sent, or the response could not be read.
            Transport(::reqwest::Error),
            /// The API answered with a status outside `200..=299`.
            Api(ApiError),
            /// The response body does not have the documented shape.
            Decode {
                /// The HTTP status of the response.
                status: u16,
                /// What did not match.
                source: ::serde_json::Error,
                /// The body as received.
                body: ::std::string::String,
            },
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Error::InvalidBaseUrl { url, reason } => ::std::write!(f, "invalid base URL `{url}`: {reason}"),
                    Error::InvalidRequest { reason } => ::std::write!(f, "invalid request: {reason}"),
                    Error::Transport(error) => ::std::write!(f, "request failed: {error}"),
                    Error::Api(error) => ::std::fmt::Display::fmt(error, f),
                    Error::Decode { status, source, .. } => {
                        ::std::write!(f, "the response (status {status}) does not have the documented shape: {source}")
                    }
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Error::Transport(error) => ::std::option::Option::Some(error),
                    Error::Decode { source, .. } => ::std::option::Option::Some(source),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<::reqwest::Error> for Error {
            fn from(error: ::reqwest::Error) -> Self {
                // The URL may carry credentials in its query; errors never show it.
                Error::Transport(error.without_url())
            }
        }

        /// A non-success answer of the API.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct ApiError {
            /// The HTTP status.
            pub status: u16,
            /// The API's error `code`, when the body is a JSON object with one.
            pub code: ::std::option::Option<i64>,
            /// The API's error `message`, when the body is a JSON object with one.
            pub message: ::std::option::Option<::std::string::String>,
            /// The body as received (invalid UTF-8 replaced).
            pub body: ::std::string::String,
        }

        impl ApiError {
            /// Decodes the error body as JSON, e.g. as the error type an operation documents.
            ///
            /// # Errors
            ///
            /// When the body is not JSON of type `T`.
            pub fn json<T: ::serde::de::DeserializeOwned>(&self) -> ::std::result::Result<T, ::serde_json::Error> {
                ::serde_json::from_str(&self.body)
            }
        }

        impl ::std::fmt::Display for ApiError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, "the API answered {}", self.status)?;
                if let ::std::option::Option::Some(code) = self.code {
                    ::std::write!(f, " with code {code}")?;
                }
                if let ::std::option::Option::Some(message) = &self.message {
                    ::std::write!(f, ": {message}")?;
                }
                ::std::result::Result::Ok(())
            }
        }

        /// A successful response as received.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct RawResponse {
            /// The HTTP status.
            pub status: u16,
            /// The `Content-Type` header, if any.
            pub content_type: ::std::option::Option<::std::string::String>,
            /// The body.
            pub body: ::std::vec::Vec<u8>,
        }

        impl RawResponse {
            /// The body as text (invalid UTF-8 replaced).
            pub fn text(&self) -> ::std::string::String {
                ::std::string::String::from_utf8_lossy(&self.body).into_owned()
            }

            /// Decodes the body as JSON.
            ///
            /// # Errors
            ///
            /// [`Error::Decode`] when the body is not JSON of type `T`.
            pub fn json<T: ::serde::de::DeserializeOwned>(&self) -> ::std::result::Result<T, Error> {
                ::serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
                    status: self.status,
                    source,
                    body: self.text(),
                })
            }
        }

        /// Checks that `base_url` is an absolute `http` or `https` URL; returns it without a
        /// trailing `/`.
        pub(crate) fn check_base_url(base_url: &str) -> ::std::result::Result<::std::string::String, Error> {
            let invalid = |reason: ::std::string::String| Error::InvalidBaseUrl { url: base_url.to_string(), reason };
            let url = ::reqwest::Url::parse(base_url).map_err(|error| invalid(error.to_string()))?;
            if !::std::matches!(url.scheme(), "http" | "https") {
                return ::std::result::Result::Err(invalid(::std::format!("the scheme must be http or https, not `{}`", url.scheme())));
            }
            ::std::result::Result::Ok(base_url.trim_end_matches('/').to_string())
        }

        /// An HTTP client with this timeout for whole requests.
        pub(crate) fn http_client(timeout: ::std::time::Duration) -> ::std::result::Result<::reqwest::Client, Error> {
            ::std::result::Result::Ok(::reqwest::Client::builder().timeout(timeout).build()?)
        }

    }
}
