//! Errors, raw responses and the helpers every operation shares.

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
    Transport {
        /// What failed.
        source: ::reqwest::Error,
        /// How many times the request was sent (retries included; 0 when it was never sent).
        attempts: u32,
    },
    /// A middleware of the client's `reqwest_middleware` stack failed.
    #[cfg(feature = "middleware")]
    Middleware(::reqwest_middleware::Error),
    /// The response body is larger than the client's limit (`Client::with_max_response_bytes`).
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The API answered with a status outside `200..=299` (boxed: it carries the headers).
    Api(::std::boxed::Box<ApiError>),
    // @part signed
    /// A request could not be signed.
    Signing {
        /// The auth kind, e.g. `oauth1`.
        kind: ::std::string::String,
        /// Why.
        reason: ::std::string::String,
    },
    // @end
    /// The response body does not have the documented shape.
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// Where in the body: the JSON path of the value that did not match, e.g.
        /// `users[0].created_at` (`.` for the body as a whole).
        path: ::std::string::String,
        /// What did not match.
        source: ::serde_json::Error,
        /// The body as received.
        body: ::std::string::String,
    },
}

impl ::std::fmt::Display for Error {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Error::InvalidBaseUrl { url, reason } => {
                ::std::write!(f, "invalid base URL `{url}`: {reason}")
            }
            Error::InvalidRequest { reason } => {
                ::std::write!(f, "invalid request: {reason}")
            }
            Error::Transport { source, attempts } if *attempts > 1 => {
                ::std::write!(f, "request failed after {attempts} attempts: {source}")
            }
            Error::Transport { source, .. } => ::std::write!(f, "request failed: {source}"),
            #[cfg(feature = "middleware")]
            Error::Middleware(error) => ::std::write!(f, "middleware failed: {error}"),
            Error::ResponseTooLarge { status, limit } => {
                ::std::write!(f, "the response (status {status}) is larger than the limit of {limit} bytes")
            }
            Error::Api(error) => ::std::fmt::Display::fmt(error, f),
            // @part signed
            Error::Signing { kind, reason } => {
                ::std::write!(f, "cannot sign the request ({kind}): {reason}")
            }
            // @end
            Error::Decode { status, path, source, .. } => {
                ::std::write!(
                    f,
                    "the response (status {status}) does not have the documented shape at `{path}`: {source}"
                )
            }
        }
    }
}

impl ::std::error::Error for Error {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => ::std::option::Option::Some(source),
            #[cfg(feature = "middleware")]
            Error::Middleware(error) => ::std::option::Option::Some(error),
            Error::Decode { source, .. } => ::std::option::Option::Some(source),
            _ => ::std::option::Option::None,
        }
    }
}

impl ::std::convert::From<::reqwest::Error> for Error {
    fn from(error: ::reqwest::Error) -> Self {
        Error::Transport { source: error.without_url(), attempts: 0 }
    }
}

/// A non-success answer of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The response headers (`Retry-After`, request ids, rate limits).
    pub headers: ::reqwest::header::HeaderMap,
    /// The API's error code, as it sent it: from `code`, `error.code`, `error` (a string),
    /// or `errors[0].code`.
    pub code: ::std::option::Option<ErrorCode>,
    /// The API's error message: from `message`, `error.message`, `error_description`,
    /// `errors[0]`, `detail` or `title`.
    pub message: ::std::option::Option<::std::string::String>,
    /// The body as received (invalid UTF-8 replaced).
    pub body: ::std::string::String,
    /// How many times the request was sent (retries included).
    pub attempts: u32,
}

impl ApiError {
    /// Decodes the error body as JSON, e.g. as the error type an operation documents.
    ///
    /// # Errors
    ///
    /// When the body is not JSON of type `T`.
    pub fn json<T: ::serde::de::DeserializeOwned>(
        &self,
    ) -> ::std::result::Result<T, ::serde_json::Error> {
        ::serde_json::from_str(&self.body)
    }
}

/// An error code as the API sent it: a JSON number or a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorCode {
    /// A numeric code, e.g. Zoom's `1001`.
    Number(::serde_json::Number),
    /// A string code, e.g. Stripe's `card_declined`.
    Text(::std::string::String),
}

impl ::std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            ErrorCode::Number(number) => ::std::fmt::Display::fmt(number, f),
            ErrorCode::Text(text) => f.write_str(text),
        }
    }
}

impl ::std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        ::std::write!(f, "the API answered {}", self.status)?;
        if let ::std::option::Option::Some(code) = &self.code {
            ::std::write!(f, " with code {code}")?;
        }
        if let ::std::option::Option::Some(message) = &self.message {
            ::std::write!(f, ": {message}")?;
        }
        if self.attempts > 1 {
            ::std::write!(f, " (after {} attempts)", self.attempts)?;
        }
        ::std::result::Result::Ok(())
    }
}

/// A successful response as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: ::reqwest::header::HeaderMap,
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
    /// [`Error::Decode`], with the JSON path of the value that did not match, when the body is
    /// not JSON of type `T`.
    pub fn json<T: ::serde::de::DeserializeOwned>(&self) -> ::std::result::Result<T, Error> {
        let decode = |path: ::std::string::String, source| Error::Decode { status: self.status, path, source, body: self.text() };
        let mut deserializer = ::serde_json::Deserializer::from_slice(&self.body);
        let value = ::serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| decode(error.path().to_string(), error.into_inner()))?;
        deserializer.end().map_err(|source| decode(".".to_string(), source))?;
        ::std::result::Result::Ok(value)
    }
}

/// A typed response: the decoded body with the status and headers it came with, and the raw
/// response itself. It dereferences to the body, so `response.id` reads the body's `id`.
#[derive(Debug, Clone, PartialEq)]
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
    pub fn headers(&self) -> &::reqwest::header::HeaderMap {
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

impl<T> ::std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Checks that `base_url` is an absolute `http` or `https` URL; returns it without a
/// trailing `/`.
pub(crate) fn check_base_url(
    base_url: &str,
) -> ::std::result::Result<::std::string::String, Error> {
    let invalid = |reason: ::std::string::String| Error::InvalidBaseUrl {
        url: base_url.to_string(),
        reason,
    };

    let url = ::reqwest::Url::parse(base_url)
        .map_err(|error| invalid(error.to_string()))?;
    if !::std::matches!(url.scheme(), "http" | "https") {
        return ::std::result::Result::Err(
            invalid(
                ::std::format!(
                    "the scheme must be http or https, not `{}`", url.scheme()
                ),
            ),
        );
    }

    ::std::result::Result::Ok(base_url.trim_end_matches('/').to_string())
}

// @part send
impl ApiError {
    fn new(status: u16, headers: ::reqwest::header::HeaderMap, body: &[u8]) -> Self {
        let body = ::std::string::String::from_utf8_lossy(body).into_owned();
        let json = ::serde_json::from_str::<::serde_json::Value>(&body).unwrap_or_default();
        let (code, message) = code_and_message(&json);
        ApiError { status, headers, code, message, body, attempts: 1 }
    }
}

/// The error code and message of an error body, found in the shapes APIs commonly use:
/// top-level `code` and `message`; `error` as an object (`{"error": {"code", "message"}}`) or
/// a string (with `error_description`, as OAuth 2.0 servers send); the first of `errors`; and
/// `detail` or `title` (RFC 9457 problem details).
pub(crate) fn code_and_message(
    json: &::serde_json::Value,
) -> (::std::option::Option<ErrorCode>, ::std::option::Option<::std::string::String>) {
    let text = |value: &::serde_json::Value, key: &str| {
        value.get(key).and_then(::serde_json::Value::as_str).map(::std::string::ToString::to_string)
    };
    let code = |value: &::serde_json::Value| match value.get("code") {
        ::std::option::Option::Some(::serde_json::Value::Number(number)) => {
            ::std::option::Option::Some(ErrorCode::Number(number.clone()))
        }
        ::std::option::Option::Some(::serde_json::Value::String(text)) => {
            ::std::option::Option::Some(ErrorCode::Text(text.clone()))
        }
        _ => ::std::option::Option::None,
    };
    let mut found = (code(json), text(json, "message"));
    let nested = match json.get("error") {
        ::std::option::Option::Some(::serde_json::Value::String(error)) => {
            let message = text(json, "error_description");
            ::std::option::Option::Some((::std::option::Option::Some(ErrorCode::Text(error.clone())), message))
        }
        ::std::option::Option::Some(error @ ::serde_json::Value::Object(_)) => {
            ::std::option::Option::Some((code(error), text(error, "message")))
        }
        _ => match json.get("errors").and_then(|errors| errors.get(0)) {
            ::std::option::Option::Some(::serde_json::Value::String(error)) => {
                ::std::option::Option::Some((::std::option::Option::None, ::std::option::Option::Some(error.clone())))
            }
            ::std::option::Option::Some(error) => {
                let message = text(error, "message").or_else(|| text(error, "detail"));
                ::std::option::Option::Some((code(error), message))
            }
            ::std::option::Option::None => ::std::option::Option::None,
        },
    };
    if let ::std::option::Option::Some((code, message)) = nested {
        found.0 = found.0.or(code);
        found.1 = found.1.or(message);
    }
    found.1 = found.1.or_else(|| text(json, "detail")).or_else(|| text(json, "title"));
    found
}

// @part into_json
impl RawResponse {
    /// The body decoded as JSON, with the response.
    pub(crate) fn into_json<T: ::serde::de::DeserializeOwned>(self) -> ::std::result::Result<Response<T>, Error> {
        ::std::result::Result::Ok(Response { value: self.json()?, raw: self })
    }
}
// @end

// @part into_text
impl RawResponse {
    /// The body as text, with the response.
    pub(crate) fn into_text(self) -> Response<::std::string::String> {
        Response { value: self.text(), raw: self }
    }
}
// @end

// @part into_bytes
impl RawResponse {
    /// The body's bytes, with the response.
    pub(crate) fn into_bytes(self) -> Response<::std::vec::Vec<u8>> {
        Response { value: self.body.clone(), raw: self }
    }
}
// @end

// @part into_empty
impl RawResponse {
    /// No body to decode: the response alone.
    pub(crate) fn into_empty(self) -> Response<()> {
        Response { value: (), raw: self }
    }
}
// @end

/// Headers, query parameters and a timeout added to requests: give them to
/// `Client::with_options` for the calls of the client it returns.
///
/// ```text
/// client.with_options(RequestOptions::new().idempotency_key("order-1234")).payments().create(&request)
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
    query: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
    timeout: ::std::option::Option<::std::time::Duration>,
    retry: ::std::option::Option<RetryPolicy>,
}

impl RequestOptions {
    /// No extra headers or query parameters, the client's timeout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends this header too (after the operation's own headers).
    pub fn header(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends `Idempotency-Key: key`, so the API can recognize a retried request.
    pub fn idempotency_key(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
        self.header("Idempotency-Key", key)
    }

    /// Sends this query parameter too (after the operation's own).
    pub fn query(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Gives each request this long to complete instead of the client's timeout.
    pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.timeout = ::std::option::Option::Some(timeout);
        self
    }

    /// Retries as `policy` says instead of the client's policy, e.g. [`RetryPolicy::none`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = ::std::option::Option::Some(policy);
        self
    }

    /// The retry policy these options set, if any.
    pub(crate) fn retry(&self) -> ::std::option::Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Adds the options to a request; a header that is not a valid name and value is an error,
    /// never sent.
    pub(crate) fn apply(&self, mut builder: ::reqwest::RequestBuilder, timeout: ::std::time::Duration) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
        for (name, value) in &self.headers {
            let invalid = || Error::InvalidRequest { reason: ::std::format!("`{name}` is not a valid header name, or its value has a line break or control character") };
            let name = ::reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let value = ::reqwest::header::HeaderValue::from_str(value).map_err(|_| invalid())?;
            builder = builder.header(name, value);
        }
        if !self.query.is_empty() {
            builder = builder.query(&self.query);
        }
        ::std::result::Result::Ok(builder.timeout(self.timeout.unwrap_or(timeout)))
    }
}

/// Header values may be credentials: only the names are shown.
impl ::std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let headers: ::std::vec::Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        let query: ::std::vec::Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("headers", &headers)
            .field("query", &query)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

/// The statuses a request is sent again after: timeout, too many requests, and the gateway
/// errors a retry can outlast.
const RETRIED_STATUSES: &[u16] = &[408, 429, 502, 503, 504];

/// When a failed request is sent again: after a status in 408, 429, 502, 503 or 504, or a
/// connection error; only for idempotent methods (`GET`, `HEAD`, `OPTIONS`, `PUT`, `DELETE`,
/// `TRACE`) unless the request carries an `Idempotency-Key` header; and only when its body can
/// be sent again (not a multipart form). It waits as `Retry-After` asks (seconds or an HTTP
/// date) when that is no longer than [`RetryPolicy::max_retry_after`], and otherwise backs off
/// exponentially with full jitter.
///
/// The default retries twice (three attempts), backing off from 200 ms up to 10 s, and honours
/// `Retry-After` up to 60 s; a longer `Retry-After` ends the retries with that answer.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_retries: u32,
    min_backoff: ::std::time::Duration,
    max_backoff: ::std::time::Duration,
    max_retry_after: ::std::time::Duration,
}

impl ::std::default::Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            min_backoff: ::std::time::Duration::from_millis(200),
            max_backoff: ::std::time::Duration::from_secs(10),
            max_retry_after: ::std::time::Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never sends a request again.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    /// Sends a request at most `max_retries` more times.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Backs off from `min` up to `max` between attempts (exponentially, with full jitter).
    pub fn backoff(mut self, min: ::std::time::Duration, max: ::std::time::Duration) -> Self {
        (self.min_backoff, self.max_backoff) = (min, max.max(min));
        self
    }

    /// Waits as `Retry-After` asks when it asks for no more than `max`.
    pub fn max_retry_after(mut self, max: ::std::time::Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Whether `request` may be sent more than once.
    fn allows(&self, request: &::reqwest::Request) -> bool {
        use ::reqwest::Method;
        let idempotent = ::std::matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
        );
        self.max_retries > 0 && (idempotent || request.headers().contains_key("idempotency-key"))
    }

    /// How long to wait before sending again after `outcome`, the answer to a request first
    /// sent at `started` and already retried `retries` times; `None` to stop.
    fn delay(
        &self,
        outcome: &::std::result::Result<RawResponse, Error>,
        started: ::std::time::SystemTime,
        retries: u32,
    ) -> ::std::option::Option<::std::time::Duration> {
        use ::retry_policies::RetryPolicy as _;
        let retry_after = match outcome {
            ::std::result::Result::Err(Error::Api(error)) if RETRIED_STATUSES.contains(&error.status) => {
                retry_after(&error.headers)
            }
            ::std::result::Result::Err(Error::Transport { source, .. }) if source.is_connect() || source.is_request() => {
                ::std::option::Option::None
            }
            _ => return ::std::option::Option::None,
        };
        let backoff = ::retry_policies::policies::ExponentialBackoff::builder()
            .retry_bounds(self.min_backoff, self.max_backoff)
            .jitter(::retry_policies::Jitter::Full)
            .build_with_max_retries(self.max_retries);
        let ::retry_policies::RetryDecision::Retry { execute_after } = backoff.should_retry(started, retries) else {
            return ::std::option::Option::None;
        };
        match retry_after {
            ::std::option::Option::Some(wait) if wait > self.max_retry_after => ::std::option::Option::None,
            ::std::option::Option::Some(wait) => ::std::option::Option::Some(wait),
            ::std::option::Option::None => {
                ::std::option::Option::Some(execute_after.duration_since(::std::time::SystemTime::now()).unwrap_or_default())
            }
        }
    }
}

/// `Retry-After` as a wait: a number of seconds, or an HTTP date (no wait once it is past).
fn retry_after(headers: &::reqwest::header::HeaderMap) -> ::std::option::Option<::std::time::Duration> {
    let value = headers.get(::reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let ::std::result::Result::Ok(seconds) = value.parse::<u64>() {
        return ::std::option::Option::Some(::std::time::Duration::from_secs(seconds));
    }
    let date = ::httpdate::parse_http_date(value).ok()?;
    ::std::option::Option::Some(date.duration_since(::std::time::SystemTime::now()).unwrap_or_default())
}

/// What sends a client's requests: its HTTP client (or `reqwest_middleware` stack), its retry
/// policy and its limit on response bodies.
#[derive(Debug, Clone)]
pub(crate) struct Sender {
    /// Builds every request, and sends it unless there is a middleware stack.
    pub(crate) http: ::reqwest::Client,
    #[cfg(feature = "middleware")]
    pub(crate) middleware: ::std::option::Option<::reqwest_middleware::ClientWithMiddleware>,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
}

/// The `User-Agent` sent unless the request has one: this crate's name and version.
const USER_AGENT: &str = ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"));

impl Sender {
    /// A sender with the default HTTP client, retry policy and limit.
    pub(crate) fn new() -> ::std::result::Result<Self, Error> {
        ::std::result::Result::Ok(Sender {
            http: ::reqwest::Client::builder().build()?,
            #[cfg(feature = "middleware")]
            middleware: ::std::option::Option::None,
            retry: RetryPolicy::default(),
            max_response_bytes: 64 * 1024 * 1024,
        })
    }

    /// Sends the request, again as `retry` allows; any final status outside `200..=299`
    /// becomes [`Error::Api`]. With the `tracing` feature, one span per operation, named
    /// `request` with its `operation` name, `method`, `path` template, `status` and `attempt`
    /// (never credentials, bodies or query values).
    pub(crate) async fn execute(
        &self,
        mut request: ::reqwest::Request,
        retry: &RetryPolicy,
        operation: &'static str,
        path: &'static str,
    ) -> ::std::result::Result<RawResponse, Error> {
        if !request.headers().contains_key(::reqwest::header::USER_AGENT) {
            request.headers_mut().insert(::reqwest::header::USER_AGENT, ::reqwest::header::HeaderValue::from_static(USER_AGENT));
        }
        #[cfg(feature = "tracing")]
        let span = ::tracing::info_span!(
            "request",
            operation,
            method = %request.method(),
            path,
            status = ::tracing::field::Empty,
            attempt = ::tracing::field::Empty,
        );
        #[cfg(not(feature = "tracing"))]
        let _ = (operation, path);
        let retryable = retry.allows(&request);
        let started = ::std::time::SystemTime::now();
        let mut attempt: u32 = 1;
        loop {
            let again = if retryable && attempt <= retry.max_retries { request.try_clone() } else { ::std::option::Option::None };
            let outcome = self.send_once(request).await;
            #[cfg(feature = "tracing")]
            {
                span.record("attempt", attempt);
                match &outcome {
                    ::std::result::Result::Ok(response) => span.record("status", response.status),
                    ::std::result::Result::Err(Error::Api(error)) => span.record("status", error.status),
                    ::std::result::Result::Err(_) => &span,
                };
                ::tracing::debug!(parent: &span, "answered");
            }
            let wait = again.and_then(|again| retry.delay(&outcome, started, attempt - 1).map(|wait| (wait, again)));
            let ::std::option::Option::Some((wait, again)) = wait else {
                return outcome.map_err(|error| error.after(attempt));
            };
            #[cfg(feature = "tracing")]
            ::tracing::debug!(parent: &span, attempt, wait_ms = wait.as_millis() as u64, "retrying");
            ::tokio::time::sleep(wait).await;
            request = again;
            attempt += 1;
        }
    }

    /// Sends the request once and reads the answer, up to the limit.
    async fn send_once(&self, request: ::reqwest::Request) -> ::std::result::Result<RawResponse, Error> {
        #[cfg(feature = "middleware")]
        let response = match &self.middleware {
            ::std::option::Option::Some(middleware) => middleware.execute(request).await.map_err(|error| match error {
                ::reqwest_middleware::Error::Reqwest(error) => Error::from(error),
                other => Error::Middleware(other),
            })?,
            ::std::option::Option::None => self.http.execute(request).await?,
        };
        #[cfg(not(feature = "middleware"))]
        let response = self.http.execute(request).await?;
        let status = response.status().as_u16();
        let too_large = || Error::ResponseTooLarge { status, limit: self.max_response_bytes };
        if response.content_length().is_some_and(|length| length > self.max_response_bytes as u64) {
            return ::std::result::Result::Err(too_large());
        }
        let content_type = response
            .headers()
            .get(::reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(::std::string::ToString::to_string);
        let headers = response.headers().clone();
        let mut response = response;
        let mut body = ::std::vec::Vec::new();
        while let ::std::option::Option::Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > self.max_response_bytes {
                return ::std::result::Result::Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        if (200..300).contains(&status) {
            ::std::result::Result::Ok(RawResponse { status, headers, content_type, body })
        } else {
            ::std::result::Result::Err(Error::Api(::std::boxed::Box::new(ApiError::new(status, headers, &body))))
        }
    }
}

impl Error {
    /// The error with the number of attempts made.
    fn after(self, attempts: u32) -> Self {
        match self {
            Error::Transport { source, .. } => Error::Transport { source, attempts },
            Error::Api(mut error) => {
                error.attempts = attempts;
                Error::Api(error)
            }
            other => other,
        }
    }
}
// @end

// @auth

// @part encode_path
/// Characters sent as they are in a path segment (RFC 3986 "unreserved"); everything
/// else is percent-encoded, so a value can never add a segment, a query or a fragment.
const PATH_SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// Percent-encodes one path parameter. `.` and `..` are refused: URLs resolve them
/// (even percent-encoded), so they would change the route.
pub(crate) fn encode_path(
    value: &str,
) -> ::std::result::Result<::std::string::String, Error> {
    if value == "." || value == ".." {
        return ::std::result::Result::Err(Error::InvalidRequest {
            reason: ::std::format!("a path parameter cannot be `{value}`"),
        });
    }

    ::std::result::Result::Ok(
        ::percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string(),
    )
}
// @end

// @part to_json
/// A structured value as the JSON text of a query parameter, header or form field.
pub(crate) fn to_json<T: ::serde::Serialize>(
    value: &T,
) -> ::std::result::Result<::std::string::String, Error> {
    ::serde_json::to_string(value)
        .map_err(|error| Error::InvalidRequest {
            reason: error.to_string(),
        })
}
// @end

// @part pairs
/// Name/value pairs in collection order; a repeated key appears once per value.
#[derive(Debug, Default)]
pub(crate) struct Pairs(::std::vec::Vec<(::std::borrow::Cow<'static, str>, ::std::string::String)>);

impl Pairs {
    /// Adds one pair per value (none for `None`).
    pub(crate) fn add(
        &mut self,
        name: &'static str,
        values: impl ::std::iter::IntoIterator<Item = ::std::string::String>,
    ) {
        self.0.extend(values.into_iter().map(|value| (::std::borrow::Cow::Borrowed(name), value)));
    }

    // @part indexed
    /// Adds element `i` of a list as `base[i]`.
    pub(crate) fn add_indexed(
        &mut self,
        base: &'static str,
        values: impl ::std::iter::IntoIterator<Item = ::std::string::String>,
    ) {
        let named = values.into_iter().enumerate().map(|(index, value)| (::std::format!("{base}[{index}]").into(), value));
        self.0.extend(named);
    }
    // @end

    // @part keyed
    /// Adds entry `key` of a map as `base[key]`.
    pub(crate) fn add_keyed(
        &mut self,
        base: &'static str,
        entries: impl ::std::iter::IntoIterator<Item = (::std::string::String, ::std::string::String)>,
    ) {
        self.0.extend(entries.into_iter().map(|(key, value)| (::std::format!("{base}[{key}]").into(), value)));
    }
    // @end

    // @part query
    /// Adds the pairs to the query string.
    pub(crate) fn query(
        self,
        builder: ::reqwest::RequestBuilder,
    ) -> ::reqwest::RequestBuilder {
        if self.0.is_empty() { builder } else { builder.query(&self.0) }
    }

    // @end
    // @part headers
    /// Adds the pairs as headers; a value with a line break or control character is an
    /// error, never a second header.
    pub(crate) fn headers(
        self,
        mut builder: ::reqwest::RequestBuilder,
    ) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
        for (name, value) in self.0 {
            let value = ::reqwest::header::HeaderValue::from_str(&value)
                .map_err(|_| Error::InvalidRequest {
                    reason: ::std::format!(
                        "the value of header `{name}` has a line break or control character"
                    ),
                })?;
            builder = builder.header(&*name, value);
        }
        ::std::result::Result::Ok(builder)
    }

    // @end
    // @part urlencoded
    /// Sends the pairs as an `application/x-www-form-urlencoded` body.
    pub(crate) fn urlencoded(
        self,
        builder: ::reqwest::RequestBuilder,
    ) -> ::reqwest::RequestBuilder {
        builder.form(&self.0)
    }

    // @end
}
// @end

// @part text_parts
/// Adds one text part per value, carrying exactly this name and that value.
pub(crate) fn text_parts(
    form: ::reqwest::multipart::Form,
    name: &'static str,
    values: impl ::std::iter::IntoIterator<Item = ::std::string::String>,
) -> ::reqwest::multipart::Form {
    values.into_iter().fold(form, |form, value| form.text(name, value))
}
// @end

// @part file_parts
/// Adds one file part per file.
pub(crate) fn file_parts(
    mut form: ::reqwest::multipart::Form,
    name: &'static str,
    files: impl ::std::iter::IntoIterator<Item = FilePart>,
) -> ::std::result::Result<::reqwest::multipart::Form, Error> {
    for file in files {
        let mut part = ::reqwest::multipart::Part::bytes(file.bytes)
            .file_name(file.file_name);
        if let ::std::option::Option::Some(content_type) = file.content_type {
            part = part
                .mime_str(&content_type)
                .map_err(|_| Error::InvalidRequest {
                    reason: ::std::format!(
                        "`{content_type}` is not a valid content type"
                    ),
                })?;
        }
        form = form.part(name, part);
    }

    ::std::result::Result::Ok(form)
}
// @end

// @part file_part
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
    pub fn new(
        bytes: impl ::std::convert::Into<::std::vec::Vec<u8>>,
        file_name: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: file_name.into(),
            content_type: ::std::option::Option::None,
        }
    }

    /// Sends the part with this content type.
    pub fn with_content_type(
        mut self,
        content_type: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.content_type = ::std::option::Option::Some(content_type.into());
        self
    }
}
// @end

// @part method
/// A method that is not one of the standard ones.
pub(crate) fn method(name: &[u8]) -> ::std::result::Result<::reqwest::Method, Error> {
    ::reqwest::Method::from_bytes(name)
        .map_err(|_| Error::InvalidRequest {
            reason: ::std::format!(
                "`{}` is not a valid HTTP method",
                ::std::string::String::from_utf8_lossy(name)
            ),
        })
}
// @end

// @part optional_json
impl RawResponse {
    /// The body decoded as JSON, with the response; an empty body is `None`.
    pub(crate) fn into_optional_json<T: ::serde::de::DeserializeOwned>(
        self,
    ) -> ::std::result::Result<Response<::std::option::Option<T>>, Error> {
        let value = if self.body.iter().all(u8::is_ascii_whitespace) {
            ::std::option::Option::None
        } else {
            ::std::option::Option::Some(self.json()?)
        };
        ::std::result::Result::Ok(Response { value, raw: self })
    }
}
// @end

// @part graphql
/// A GraphQL request body.
#[derive(::serde::Serialize)]
pub(crate) struct GraphqlBody<'a, V: ::serde::Serialize> {
    pub(crate) query: &'a str,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub(crate) variables: ::std::option::Option<&'a V>,
}
// @end

// @part dynamic
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
    ::std::time::SystemTime::now()
        .duration_since(::std::time::UNIX_EPOCH)
        .unwrap_or_default()
}

fn timestamp() -> ::std::string::String {
    now().as_secs().to_string()
}

/// `2024-05-01T12:34:56.789Z`.
fn iso_timestamp() -> ::std::string::String {
    let now = now();

    let seconds = now.as_secs();

    let (days, rest) = (seconds / 86_400, seconds % 86_400);

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
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z", rest / 3_600, rest %
        3_600 / 60, rest % 60, now.subsec_millis()
    )
}

/// An integer from 0 to 1000.
fn random_int() -> ::std::string::String {
    let bytes = ::uuid::Uuid::new_v4().into_bytes();

    (u16::from_le_bytes([bytes[0], bytes[1]]) % 1001).to_string()
}
// @end

// @part secret_header
/// A credential as a header value that is never shown by `Debug`.
pub(crate) fn secret_header(
    value: &str,
) -> ::std::result::Result<::reqwest::header::HeaderValue, Error> {
    let mut value = ::reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest {
            reason: "a credential has a line break or control character".to_string(),
        })?;
    value.set_sensitive(true);

    ::std::result::Result::Ok(value)
}
// @end

// @part pagination
/// A list's pages, each sent for when the stream is polled: `fetch` sends a request, `next`
/// makes the request for the page after a page (`None` after the last).
pub(crate) fn pages<'a, R, T, F, Fut, N>(
    first: R,
    fetch: F,
    next: N,
) -> impl ::futures::Stream<Item = ::std::result::Result<Response<T>, Error>> + 'a
where
    R: ::std::clone::Clone + 'a,
    T: 'a,
    F: ::std::ops::Fn(R) -> Fut + 'a,
    Fut: ::std::future::Future<Output = ::std::result::Result<Response<T>, Error>> + 'a,
    N: ::std::ops::Fn(&Response<T>, &R) -> ::std::option::Option<R> + 'a,
{
    ::futures::stream::try_unfold((::std::option::Option::Some(first), fetch, next), |(request, fetch, next)| async move {
        let ::std::option::Option::Some(request) = request else {
            return ::std::result::Result::Ok(::std::option::Option::None);
        };
        let page = fetch(request.clone()).await?;
        let following = next(&page, &request);
        ::std::result::Result::Ok(::std::option::Option::Some((page, (following, fetch, next))))
    })
}

/// The items of every page, in order.
pub(crate) fn items<'a, T: 'a, I: 'a>(
    pages: impl ::futures::Stream<Item = ::std::result::Result<Response<T>, Error>> + 'a,
    take: fn(Response<T>) -> ::std::vec::Vec<I>,
) -> impl ::futures::Stream<Item = ::std::result::Result<I, Error>> + 'a {
    use ::futures::TryStreamExt as _;
    pages.map_ok(move |page| ::futures::stream::iter(take(page).into_iter().map(::std::result::Result::Ok))).try_flatten()
}

impl RawResponse {
    /// The JSON value at `pointer` in the body (`None` when the body is not JSON or has none).
    fn json_at(&self, pointer: &str) -> ::std::option::Option<::serde_json::Value> {
        let mut body: ::serde_json::Value = ::serde_json::from_slice(&self.body).ok()?;
        body.pointer_mut(pointer).map(::serde_json::Value::take)
    }
}

// @part page_token
/// The next page's token at `pointer`: none when it is missing, empty, or the current one.
pub(crate) fn next_token(
    page: &RawResponse,
    pointer: &str,
    current: ::std::option::Option<&str>,
) -> ::std::option::Option<::std::string::String> {
    match page.json_at(pointer)? {
        ::serde_json::Value::String(token) if !token.is_empty() && current != ::std::option::Option::Some(token.as_str()) => {
            ::std::option::Option::Some(token)
        }
        _ => ::std::option::Option::None,
    }
}
// @end

// @part starting_after
/// The `id` of the page's last item at `items`, while `has_more` is true.
pub(crate) fn next_starting_after(page: &RawResponse, items: &str) -> ::std::option::Option<::std::string::String> {
    if page.json_at("/has_more")?.as_bool() != ::std::option::Option::Some(true) {
        return ::std::option::Option::None;
    }
    page.json_at(items)?.as_array()?.last()?.get("id")?.as_str().map(::std::string::ToString::to_string)
}
// @end

// @part page_count
// @part offset
/// The offset after this page: none when it has no items, or fewer than `limit`.
pub(crate) fn next_offset(
    page: &RawResponse,
    items: &str,
    offset: i64,
    limit: ::std::option::Option<i64>,
) -> ::std::option::Option<i64> {
    let count = item_count(page, items);
    if count == 0 || limit.is_some_and(|limit| count < limit) {
        return ::std::option::Option::None;
    }
    ::std::option::Option::Some(offset + count)
}
// @end

// @part page_number
/// The page number after this page: none when it has no items.
pub(crate) fn next_page(page: &RawResponse, items: &str, current: i64) -> ::std::option::Option<i64> {
    (item_count(page, items) > 0).then_some(current + 1)
}
// @end

fn item_count(page: &RawResponse, items: &str) -> i64 {
    page.json_at(items).and_then(|items| items.as_array().map(::std::vec::Vec::len)).map_or(0, |n| n as i64)
}
// @end

// @part json_items
/// The items at `items` of an untyped page, as JSON values.
pub(crate) fn json_items(page: &RawResponse, items: &str) -> ::std::vec::Vec<::serde_json::Value> {
    match page.json_at(items) {
        ::std::option::Option::Some(::serde_json::Value::Array(items)) => items,
        _ => ::std::vec::Vec::new(),
    }
}
// @end
// @end

// @part signer
/// What a request signer returns when it cannot sign.
pub type SigningError = ::std::boxed::Box<
    dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync,
>;

/// The request-signing hook given to `Client::with_signer`.
pub(crate) type Signer = dyn ::std::ops::Fn(
    &str,
    &mut ::reqwest::Request,
) -> ::std::result::Result<(), SigningError> + ::std::marker::Send + ::std::marker::Sync;
// @end
