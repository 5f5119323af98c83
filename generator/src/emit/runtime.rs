//! `runtime.rs` of the generated crate: errors, the raw response, and the helpers operations use.
//! Helpers no operation needs are left out, so the crate has no dead code.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, AuthKind, BodyKind, Location, Success, TypeKind, TypeRef};

/// Which helpers the operations of `api` call.
#[derive(Debug, Default)]
pub(super) struct Uses {
    pub path_params: bool,
    pub query: bool,
    pub headers: bool,
    pub urlencoded: bool,
    pub multipart: bool,
    pub text_parts: bool,
    pub file_parts: bool,
    pub files: bool,
    pub json_text: bool,
    pub custom_method: bool,
    pub optional_json: bool,
    pub graphql: bool,
    pub dynamic: bool,
    pub origins: bool,
    pub bearer: bool,
    pub oauth2_header: bool,
    pub oauth2_query: bool,
    pub basic: bool,
    pub key_header: bool,
    pub key_query: bool,
    pub signed: bool,
}

pub(super) fn uses(api: &Api) -> Uses {
    let mut uses = Uses::default();
    for op in &api.operations {
        uses.path_params |= !op.path_params.is_empty();
        uses.multipart |= op.body == BodyKind::Multipart;
        uses.urlencoded |= op.body == BodyKind::Urlencoded;
        uses.graphql |= matches!(op.body, BodyKind::Graphql { .. });
        uses.custom_method |= !super::operation::is_standard_method(&op.method);
        uses.optional_json |= matches!(op.success, Success::OptionalJson(_));
        uses.origins |= op.origin.is_some();
        for field in op.request.iter().flat_map(|r| r.fields.iter()) {
            let element = match &field.field.ty {
                TypeRef::List(inner) if field.repeated => inner.as_ref(),
                other => other,
            };
            let file = *element == TypeRef::File;
            uses.files |= file;
            uses.query |= field.location == Location::Query;
            uses.headers |= field.location == Location::Header;
            uses.file_parts |= field.location == Location::FormPart && file;
            uses.text_parts |= field.location == Location::FormPart && !file;
            uses.dynamic |= field.field.dynamic_default.is_some();
            let as_text = matches!(
                field.location,
                Location::Query | Location::Header | Location::FormPart | Location::Urlencoded
            );
            uses.json_text |= as_text && !file && !is_display(api, element);
        }
    }
    for kind in &api.auth_kinds {
        match kind {
            AuthKind::Bearer => uses.bearer = true,
            AuthKind::OAuth2 { in_query: false, .. } => uses.oauth2_header = true,
            AuthKind::OAuth2 { in_query: true, .. } => uses.oauth2_query = true,
            AuthKind::Basic => uses.basic = true,
            AuthKind::ApiKey { in_query: false, .. } => uses.key_header = true,
            AuthKind::ApiKey { in_query: true, .. } => uses.key_query = true,
            AuthKind::Signed { .. } => uses.signed = true,
        }
    }
    uses
}

/// Types sent as their `Display` text; all others are sent as JSON text.
pub(super) fn is_display(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Bool | TypeRef::Integer | TypeRef::Float => true,
        TypeRef::Named(id) => matches!(api.types[*id].kind, TypeKind::Enum(_)),
        TypeRef::Json | TypeRef::List(_) | TypeRef::File | TypeRef::Bytes => false,
    }
}

/// The variants of `runtime::Auth` that operations use, in the order of first use.
fn auth_variants(api: &Api) -> Vec<&'static str> {
    let mut variants = Vec::new();
    for kind in &api.auth_kinds {
        let variant = match kind {
            AuthKind::Bearer => "Bearer",
            AuthKind::Basic => "Basic",
            AuthKind::ApiKey { in_query: false, .. } => "ApiKeyHeader(&'static str)",
            AuthKind::ApiKey { in_query: true, .. } => "ApiKeyQuery(&'static str)",
            AuthKind::OAuth2 { in_query: false, .. } => "OAuth2Header(&'static str)",
            AuthKind::OAuth2 { in_query: true, .. } => "OAuth2Query(&'static str)",
            AuthKind::Signed { .. } => "Signed(&'static str)",
        };
        if !variants.contains(&variant) {
            variants.push(variant);
        }
    }
    variants
}

/// `runtime::Auth`, for `prettyplease` to lay out.
pub(super) fn auth_enum(api: &Api) -> TokenStream {
    let variants = auth_variants(api).into_iter().map(|v| v.parse::<TokenStream>().unwrap_or_default());
    quote! {
        /// How an operation authenticates; the client holds the credentials.
        #[derive(Debug, Clone, Copy)]
        pub(crate) enum Auth { #(#variants,)* }
    }
}

/// `runtime::Auth` as text.
pub(super) fn auth_enum_text(api: &Api) -> String {
    let variants = auth_variants(api);
    let mut out = String::from(
        "/// How an operation authenticates; the client holds the credentials.\n\
         #[derive(Debug, Clone, Copy)]\npub(crate) enum Auth {",
    );
    if variants.is_empty() {
        out.push_str("}\n");
        return out;
    }
    out.push('\n');
    for variant in variants {
        out.push_str("    ");
        out.push_str(variant);
        out.push_str(",\n");
    }
    out.push_str("}\n");
    out
}

pub fn runtime_rs(api: &Api) -> TokenStream {
    let uses = uses(api);
    let core = piece(if uses.signed { "core_signed" } else { "core" });
    let auth = (!api.operations.is_empty()).then(|| super::item_marker(auth_enum_text(api)));
    let docs = super::inner_docs(&["Errors, raw responses and the helpers every operation shares.".to_string()]);
    let encode_path = uses.path_params.then(|| piece("encode_path"));
    let to_json = uses.json_text.then(|| piece("to_json"));
    let pairs = pairs(&uses);
    let multipart = multipart(&uses);
    let method = uses.custom_method.then(|| piece("method"));
    let optional_json = uses.optional_json.then(|| piece("optional_json"));
    let graphql = uses.graphql.then(|| piece("graphql"));
    let dynamic = uses.dynamic.then(|| piece("dynamic"));
    let secret_header = (uses.oauth2_header || uses.key_header).then(|| piece("secret_header"));
    let signer = uses.signed.then(|| piece("signer"));
    let send = (!api.operations.is_empty()).then(|| piece("send"));
    quote! {
        #docs
        #core
        #send
        #auth
        #encode_path
        #to_json
        #pairs
        #multipart
        #method
        #optional_json
        #graphql
        #dynamic
        #secret_header
        #signer
    }
}

/// The runtime items that depend only on which helpers are used. Their formatted text is
/// generated ahead of time into `runtime_text.rs` (the `runtime_text_is_current` test checks it
/// and rewrites it with `UPDATE_RUNTIME_TEXT=1`), so a run does not format them again.
/// Builds a runtime piece's tokens.
type Build = fn() -> TokenStream;

pub(super) const PIECES: &[(&str, Build)] = &[
    ("core", || core(false)),
    ("core_signed", || core(true)),
    ("encode_path", encode_path),
    ("to_json", to_json),
    ("method", method),
    ("optional_json", optional_json),
    ("graphql", graphql),
    ("dynamic", dynamic),
    ("secret_header", secret_header),
    ("signer", signer),
    ("send", send),
    ("text_parts", text_parts),
    ("file_parts", file_parts),
    ("file_part", file_part),
    ("pairs_q", || pairs_with(true, false, false)),
    ("pairs_h", || pairs_with(false, true, false)),
    ("pairs_u", || pairs_with(false, false, true)),
    ("pairs_qh", || pairs_with(true, true, false)),
    ("pairs_qu", || pairs_with(true, false, true)),
    ("pairs_hu", || pairs_with(false, true, true)),
    ("pairs_qhu", || pairs_with(true, true, true)),
];

/// A runtime piece: its pre-formatted text, or its tokens if the table lacks it.
fn piece(name: &str) -> TokenStream {
    match super::runtime_text::TEXTS.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => super::item_marker(text.to_string()),
        None => PIECES.iter().find(|(n, _)| *n == name).map(|(_, tokens)| tokens()).unwrap_or_default(),
    }
}

/// Percent-encoding of path parameters.
fn encode_path() -> TokenStream {
    quote! {
        /// Characters sent as they are in a path segment (RFC 3986 "unreserved"); everything
        /// else is percent-encoded, so a value can never add a segment, a query or a fragment.
        const PATH_SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');

        /// Percent-encodes one path parameter. `.` and `..` are refused: URLs resolve them
        /// (even percent-encoded), so they would change the route.
        pub(crate) fn encode_path(value: &str) -> ::std::result::Result<::std::string::String, Error> {
            if value == "." || value == ".." {
                return ::std::result::Result::Err(Error::InvalidRequest {
                    reason: ::std::format!("a path parameter cannot be `{value}`"),
                });
            }
            ::std::result::Result::Ok(::percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string())
        }
    }
}

/// Structured values as JSON text.
fn to_json() -> TokenStream {
    quote! {
        /// A structured value as the JSON text of a query parameter, header or form field.
        pub(crate) fn to_json<T: ::serde::Serialize>(value: &T) -> ::std::result::Result<::std::string::String, Error> {
            ::serde_json::to_string(value).map_err(|error| Error::InvalidRequest { reason: error.to_string() })
        }
    }
}

/// Methods that are not one of the standard ones.
fn method() -> TokenStream {
    quote! {
        /// A method that is not one of the standard ones.
        pub(crate) fn method(name: &[u8]) -> ::std::result::Result<::reqwest::Method, Error> {
            ::reqwest::Method::from_bytes(name).map_err(|_| Error::InvalidRequest {
                reason: ::std::format!("`{}` is not a valid HTTP method", ::std::string::String::from_utf8_lossy(name)),
            })
        }
    }
}

/// Decoding of bodies that may be empty.
fn optional_json() -> TokenStream {
    quote! {
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
    }
}

/// The GraphQL request body.
fn graphql() -> TokenStream {
    quote! {
        /// A GraphQL request body.
        #[derive(::serde::Serialize)]
        pub(crate) struct GraphqlBody<'a, V: ::serde::Serialize> {
            pub(crate) query: &'a str,
            #[serde(skip_serializing_if = "::std::option::Option::is_none")]
            pub(crate) variables: ::std::option::Option<&'a V>,
        }
    }
}

/// Credentials as sensitive header values.
fn secret_header() -> TokenStream {
    quote! {
        /// A credential as a header value that is never shown by `Debug`.
        pub(crate) fn secret_header(value: &str) -> ::std::result::Result<::reqwest::header::HeaderValue, Error> {
            let mut value = ::reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest {
                reason: "a credential has a line break or control character".to_string(),
            })?;
            value.set_sensitive(true);
            ::std::result::Result::Ok(value)
        }
    }
}

/// The request-signing hook.
fn signer() -> TokenStream {
    quote! {
        /// What a request signer returns when it cannot sign.
        pub type SigningError = ::std::boxed::Box<dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync>;

        /// The request-signing hook given to `Client::with_signer`.
        pub(crate) type Signer = dyn ::std::ops::Fn(&str, &mut ::reqwest::Request) -> ::std::result::Result<(), SigningError>
            + ::std::marker::Send
            + ::std::marker::Sync;
    }
}

/// Sending a request and turning error statuses into `Error::Api`.
fn send() -> TokenStream {
    quote! {
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
        pub(crate) async fn execute(
            http: &::reqwest::Client,
            request: ::reqwest::Request,
        ) -> ::std::result::Result<RawResponse, Error> {
            let response = http.execute(request).await?;
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
    }
}

/// Name/value pairs for query strings, headers and urlencoded bodies.
fn pairs(uses: &Uses) -> Option<TokenStream> {
    let name = format!(
        "pairs_{}{}{}",
        if uses.query { "q" } else { "" },
        if uses.headers { "h" } else { "" },
        if uses.urlencoded { "u" } else { "" }
    );
    (uses.query || uses.headers || uses.urlencoded).then(|| piece(&name))
}

/// `Pairs` with the methods that send them as a query, headers or an urlencoded body.
fn pairs_with(query: bool, headers: bool, urlencoded: bool) -> TokenStream {
    let query = query.then(|| {
        quote! {
            /// Adds the pairs to the query string.
            pub(crate) fn query(self, builder: ::reqwest::RequestBuilder) -> ::reqwest::RequestBuilder {
                if self.0.is_empty() { builder } else { builder.query(&self.0) }
            }
        }
    });
    let headers = headers.then(|| quote! {
        /// Adds the pairs as headers; a value with a line break or control character is an
        /// error, never a second header.
        pub(crate) fn headers(self, mut builder: ::reqwest::RequestBuilder) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
            for (name, value) in self.0 {
                let value = ::reqwest::header::HeaderValue::from_str(&value).map_err(|_| Error::InvalidRequest {
                    reason: ::std::format!("the value of header `{name}` has a line break or control character"),
                })?;
                builder = builder.header(name, value);
            }
            ::std::result::Result::Ok(builder)
        }
    });
    let urlencoded = urlencoded.then(|| {
        quote! {
            /// Sends the pairs as an `application/x-www-form-urlencoded` body.
            pub(crate) fn urlencoded(self, builder: ::reqwest::RequestBuilder) -> ::reqwest::RequestBuilder {
                builder.form(&self.0)
            }
        }
    });
    quote! {
        /// Name/value pairs in collection order; a repeated key appears once per value.
        #[derive(Debug, Default)]
        pub(crate) struct Pairs(::std::vec::Vec<(&'static str, ::std::string::String)>);

        impl Pairs {
            /// Adds one pair per value (none for `None`).
            pub(crate) fn add(&mut self, name: &'static str, values: impl ::std::iter::IntoIterator<Item = ::std::string::String>) {
                self.0.extend(values.into_iter().map(|value| (name, value)));
            }

            #query
            #headers
            #urlencoded
        }
    }
}

/// `multipart/form-data` parts, and the public `FilePart`.
fn multipart(uses: &Uses) -> TokenStream {
    let text = uses.text_parts.then(|| piece("text_parts"));
    let files = uses.file_parts.then(|| piece("file_parts"));
    let file_type = uses.files.then(|| piece("file_part"));
    quote! { #text #files #file_type }
}

/// Adding text parts to a form.
fn text_parts() -> TokenStream {
    quote! {
        /// Adds one text part per value, carrying exactly this name and that value.
        pub(crate) fn text_parts(
            form: ::reqwest::multipart::Form,
            name: &'static str,
            values: impl ::std::iter::IntoIterator<Item = ::std::string::String>,
        ) -> ::reqwest::multipart::Form {
            values.into_iter().fold(form, |form, value| form.text(name, value))
        }
    }
}

/// Adding file parts to a form.
fn file_parts() -> TokenStream {
    quote! {
        /// Adds one file part per file.
        pub(crate) fn file_parts(
            mut form: ::reqwest::multipart::Form,
            name: &'static str,
            files: impl ::std::iter::IntoIterator<Item = FilePart>,
        ) -> ::std::result::Result<::reqwest::multipart::Form, Error> {
            for file in files {
                let mut part = ::reqwest::multipart::Part::bytes(file.bytes).file_name(file.file_name);
                if let ::std::option::Option::Some(content_type) = file.content_type {
                    part = part.mime_str(&content_type).map_err(|_| Error::InvalidRequest {
                        reason: ::std::format!("`{content_type}` is not a valid content type"),
                    })?;
                }
                form = form.part(name, part);
            }
            ::std::result::Result::Ok(form)
        }
    }
}

/// The public `FilePart`.
fn file_part() -> TokenStream {
    quote! {
        /// A file sent as a `multipart/form-data` part.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct FilePart {
            /// The file's contents.
            pub bytes: ::std::vec::Vec<u8>,
            /// The file name sent with the part.
            pub file_name: ::std::string::String,
            /// The part's content type; none is sent when `None`.
            pub content_type: ::std::option::Option<::std::string::String>,
        }

        impl FilePart {
            /// A file part with these contents and file name.
            pub fn new(bytes: impl ::std::convert::Into<::std::vec::Vec<u8>>, file_name: impl ::std::convert::Into<::std::string::String>) -> Self {
                FilePart { bytes: bytes.into(), file_name: file_name.into(), content_type: ::std::option::Option::None }
            }

            /// Sends the part with this content type.
            pub fn with_content_type(mut self, content_type: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.content_type = ::std::option::Option::Some(content_type.into());
                self
            }
        }
    }
}

/// Postman's dynamic variables, produced at call time.
fn dynamic() -> TokenStream {
    quote! {
        /// The values, or when there are none, `template` with its dynamic variables produced.
        pub(crate) fn or_dynamic(
            values: impl ::std::iter::IntoIterator<Item = ::std::string::String>,
            template: &str,
        ) -> ::std::vec::Vec<::std::string::String> {
            let values: ::std::vec::Vec<::std::string::String> = values.into_iter().collect();
            if values.is_empty() { ::std::vec![dynamic(template)] } else { values }
        }

        /// Replaces `{{$guid}}`, `{{$randomUUID}}`, `{{$timestamp}}`, `{{$isoTimestamp}}` and
        /// `{{$randomInt}}` with fresh values, as Postman does for every request.
        pub(crate) fn dynamic(template: &str) -> ::std::string::String {
            let mut out = ::std::string::String::with_capacity(template.len());
            let mut rest = template;
            while let ::std::option::Option::Some(start) = rest.find("{{$") {
                out.push_str(&rest[..start]);
                let after = &rest[start + 2..];
                let ::std::option::Option::Some(end) = after.find("}}") else {
                    rest = &rest[start..];
                    break;
                };
                match &after[..end] {
                    "$guid" | "$randomUUID" => out.push_str(&uuid()),
                    "$timestamp" => out.push_str(&timestamp()),
                    "$isoTimestamp" => out.push_str(&iso_timestamp()),
                    "$randomInt" => out.push_str(&random_int()),
                    _ => out.push_str(&rest[start..start + end + 4]),
                }
                rest = &after[end + 2..];
            }
            out.push_str(rest);
            out
        }

        fn uuid() -> ::std::string::String {
            ::uuid::Uuid::new_v4().to_string()
        }

        fn now() -> ::std::time::Duration {
            ::std::time::SystemTime::now().duration_since(::std::time::UNIX_EPOCH).unwrap_or_default()
        }

        fn timestamp() -> ::std::string::String {
            now().as_secs().to_string()
        }

        /// `2024-05-01T12:34:56.789Z`.
        fn iso_timestamp() -> ::std::string::String {
            let now = now();
            let seconds = now.as_secs();
            let (days, rest) = (seconds / 86_400, seconds % 86_400);
            // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
            let z = days as i64 + 719_468;
            let era = z.div_euclid(146_097);
            let doe = z.rem_euclid(146_097);
            let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            let mp = (5 * doy + 2) / 153;
            let day = doy - (153 * mp + 2) / 5 + 1;
            let month = if mp < 10 { mp + 3 } else { mp - 9 };
            let year = yoe + era * 400 + i64::from(month <= 2);
            ::std::format!(
                "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
                rest / 3_600,
                rest % 3_600 / 60,
                rest % 60,
                now.subsec_millis()
            )
        }

        /// An integer from 0 to 1000.
        fn random_int() -> ::std::string::String {
            let bytes = ::uuid::Uuid::new_v4().into_bytes();
            (u16::from_le_bytes([bytes[0], bytes[1]]) % 1001).to_string()
        }
    }
}

fn core(signed: bool) -> TokenStream {
    let signing = signed.then(|| {
        quote! {
                /// A request could not be signed.
                Signing {
                    /// The auth kind, e.g. `oauth1`.
                    kind: ::std::string::String,
                    /// Why.
                    reason: ::std::string::String,
                },
        }
    });
    let signing_display = signed.then(|| {
        quote! {
            Error::Signing { kind, reason } => ::std::write!(f, "cannot sign the request ({kind}): {reason}"),
        }
    });
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
            #signing
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
                    #signing_display
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

#[cfg(test)]
mod tests {
    use super::PIECES;

    /// The table of pre-formatted runtime pieces is what `prettyplease` prints for them now.
    #[test]
    fn runtime_text_is_current() {
        let mut source = String::from(
            "//! @generated by the `runtime_text_is_current` test from `runtime.rs` (the pieces that\n\
             //! depend only on which helpers are used), formatted by prettyplease. Regenerate with\n\
             //! `UPDATE_RUNTIME_TEXT=1 cargo test -p postman-codegen runtime_text`.\n\n\
             pub const TEXTS: &[(&str, &str)] = &[\n",
        );
        for (name, tokens) in PIECES {
            let text = super::super::render(name, || Ok(tokens())).expect("a runtime piece formats");
            source.push_str(&format!("    ({name:?}, {text:?}),\n"));
        }
        source.push_str("];\n");
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit/runtime_text.rs");
        if std::env::var_os("UPDATE_RUNTIME_TEXT").is_some() {
            std::fs::write(&path, &source).expect("runtime_text.rs is writable");
        } else {
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == source,
                "src/emit/runtime_text.rs is stale: run `UPDATE_RUNTIME_TEXT=1 cargo test -p postman-codegen runtime_text`"
            );
        }
    }
}
