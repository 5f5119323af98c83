// @about Errors, the raw and the typed response, and the base URL check: in every crate.

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// A request value cannot be sent as given.
    InvalidRequest {
        /// What is wrong.
        reason: String,
    },
    /// The request could not be sent, or the response could not be read.
    Transport {
        /// What failed.
        source: reqwest::Error,
        /// How many times the request was sent (retries included; 0 when it was never sent).
        attempts: u32,
    },
    /// A middleware of the client's `reqwest_middleware` stack failed.
    #[cfg(feature = "middleware")]
    Middleware(reqwest_middleware::Error),
    /// The response body is larger than the client's limit (`Client::with_max_response_bytes`).
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The API answered with a status outside `200..=299` (boxed: it carries the headers).
    Api(Box<ApiError>),
    // @part oauth2_token
    /// No OAuth 2.0 access token could be had from the collection's token URL.
    Token {
        /// The token URL.
        url: String,
        /// Why: the endpoint's answer, or the failure to reach it.
        reason: String,
    },
    // @end
    // @part signed
    /// A request could not be signed.
    Signing {
        /// The auth kind, e.g. `oauth1`.
        kind: String,
        /// Why.
        reason: String,
    },
    // @end
    /// The response body does not have the documented shape, or is empty where its type
    /// needs a value.
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// Where in the body: the JSON path of the value that did not match, e.g.
        /// `users[0].created_at` (`.` for the body as a whole).
        path: String,
        /// What did not match.
        source: serde_json::Error,
        /// The body as received.
        body: String,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::InvalidBaseUrl { url, reason } => {
                write!(f, "invalid base URL `{url}`: {reason}")
            }
            Error::InvalidRequest { reason } => {
                write!(f, "invalid request: {reason}")
            }
            Error::Transport { source, attempts } if *attempts > 1 => {
                write!(f, "request failed after {attempts} attempts: {source}")
            }
            Error::Transport { source, .. } => write!(f, "request failed: {source}"),
            #[cfg(feature = "middleware")]
            Error::Middleware(error) => write!(f, "middleware failed: {error}"),
            Error::ResponseTooLarge { status, limit } => {
                write!(f, "the response (status {status}) is larger than the limit of {limit} bytes")
            }
            Error::Api(error) => std::fmt::Display::fmt(error, f),
            // @part oauth2_token
            Error::Token { url, reason } => write!(f, "no OAuth 2.0 access token from {url}: {reason}"),
            // @end
            // @part signed
            Error::Signing { kind, reason } => {
                write!(f, "cannot sign the request ({kind}): {reason}")
            }
            // @end
            Error::Decode { status, source, body, .. } if body.trim().is_empty() => {
                write!(
                    f,
                    "the response (status {status}) has an empty body, where the documented type needs a value: {source}"
                )
            }
            Error::Decode { status, path, source, .. } => {
                write!(f, "the response (status {status}) does not have the documented shape at `{path}`: {source}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            #[cfg(feature = "middleware")]
            Error::Middleware(error) => Some(error),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Error::Transport { source: error.without_url(), attempts: 0 }
    }
}

/// A non-success answer of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The response headers (`Retry-After`, request ids, rate limits).
    pub headers: reqwest::header::HeaderMap,
    /// The API's error code, as it sent it: from `code`, `error.code`, `error` (a string),
    /// or `errors[0].code`.
    pub code: Option<ErrorCode>,
    /// The API's error message: from `message`, `error.message`, `error_description`,
    /// `errors[0]`, `detail` or `title`.
    pub message: Option<String>,
    /// The body as received (invalid UTF-8 replaced).
    pub body: String,
    /// How many times the request was sent (retries included).
    pub attempts: u32,
}

impl ApiError {
    /// Decodes the error body as JSON, e.g. as the error type an operation documents.
    ///
    /// # Errors
    ///
    /// When the body is not JSON of type `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.body)
    }
}

/// An error code as the API sent it: a JSON number or a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    /// A numeric code, e.g. Zoom's `1001`.
    Number(serde_json::Number),
    /// A string code, e.g. Stripe's `card_declined`.
    Text(String),
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorCode::Number(number) => std::fmt::Display::fmt(number, f),
            ErrorCode::Text(text) => f.write_str(text),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " with code {code}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

/// A successful response as received.
#[derive(Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// The status, content type and body as text (not a list of bytes); headers are left out.
impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &self.text())
            .finish_non_exhaustive()
    }
}

impl RawResponse {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes the body as JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`], with the JSON path of the value that did not match, when the body is
    /// not JSON of type `T`. An empty body (a `204`, a `Content-Length: 0`) is the empty
    /// object: the value of a type whose fields are all optional, and for any other type an
    /// error that says the body was empty.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        let decode = |path: String, source| Error::Decode { status: self.status, path, source, body: self.text() };
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &self.body };
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let value = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| decode(error.path().to_string(), error.into_inner()))?;
        deserializer.end().map_err(|source| decode(".".to_string(), source))?;
        Ok(value)
    }
}

/// A typed response: the decoded body with the status and headers it came with, and the raw
/// response itself. It dereferences to the body, so `response.id` reads the body's `id`.
#[derive(Clone, PartialEq)]
pub struct Response<T> {
    value: T,
    raw: RawResponse,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.raw.status
    }

    /// The response headers (rate limits, request ids, `Location`, …).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.raw.headers
    }

    /// The response as received: status, headers and the body's bytes.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The decoded body and the response as received.
    pub fn into_parts(self) -> (T, RawResponse) {
        (self.value, self.raw)
    }
}

/// The status and the decoded body; the headers and the raw bytes are left out.
impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response").field("status", &self.raw.status).field("body", &self.value).finish_non_exhaustive()
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Checks that `base_url` is an absolute `http` or `https` URL; returns it without a
/// trailing `/`.
pub(crate) fn check_base_url(base_url: &str) -> Result<String, Error> {
    let invalid = |reason: String| Error::InvalidBaseUrl { url: base_url.to_string(), reason };

    let url = reqwest::Url::parse(base_url).map_err(|error| invalid(error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!("the scheme must be http or https, not `{}`", url.scheme())));
    }

    Ok(base_url.trim_end_matches('/').to_string())
}
