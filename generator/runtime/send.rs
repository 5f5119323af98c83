// @about Sending: error bodies, request options, retries, limits, middleware and tracing.

// @part send
/// What awaiting an operation's request gives: the crate's one sending future (options,
/// credentials, retries, tracing), its answer's body decoded as `D` says (`DecodeJson<T>` for
/// a JSON body of type `T`, and the other `Decode…` types of the crate).
#[must_use = "a request is sent when it is awaited"]
pub struct ResponseFuture<'a, D> {
    raw: futures::future::BoxFuture<'a, Result<RawResponse, Error>>,
    decode: std::marker::PhantomData<fn() -> D>,
}

impl<'a, D> ResponseFuture<'a, D> {
    pub(crate) fn new(raw: impl std::future::Future<Output = Result<RawResponse, Error>> + Send + 'a) -> Self {
        ResponseFuture { raw: Box::pin(raw), decode: std::marker::PhantomData }
    }
}

impl<D: Decode> std::future::Future for ResponseFuture<'_, D> {
    type Output = Result<D::Output, Error>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        self.raw.as_mut().poll(cx).map(|raw| raw.and_then(D::decode))
    }
}

impl<D> std::fmt::Debug for ResponseFuture<'_, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

/// How a [`ResponseFuture`] decodes the body of its answer.
pub trait Decode {
    /// What the answer becomes.
    type Output;

    /// The answer, decoded.
    fn decode(raw: RawResponse) -> Result<Self::Output, Error>;
}

/// What an operation sends: its request as built from its inputs, before the client's options
/// and credentials, the credentials it needs, and its name and path template (for tracing).
pub(crate) struct Outgoing {
    pub(crate) builder: reqwest::RequestBuilder,
    pub(crate) auth: Option<Auth>,
    pub(crate) operation: &'static str,
    pub(crate) path: &'static str,
}

impl ApiError {
    fn new(status: u16, headers: reqwest::header::HeaderMap, body: &[u8]) -> Self {
        let body = String::from_utf8_lossy(body).into_owned();
        let json = serde_json::from_str::<serde_json::Value>(&body).unwrap_or_default();
        let (code, message) = code_and_message(&json);
        ApiError { status, headers, code, message, body, attempts: 1 }
    }
}

/// The error code and message of an error body, found in the shapes APIs commonly use:
/// top-level `code` and `message`; `error` as an object (`{"error": {"code", "message"}}`) or
/// a string (with `error_description`, as OAuth 2.0 servers send); the first of `errors`; and
/// `detail` or `title` (RFC 9457 problem details).
pub(crate) fn code_and_message(json: &serde_json::Value) -> (Option<ErrorCode>, Option<String>) {
    let text = |value: &serde_json::Value, key: &str| {
        value.get(key).and_then(serde_json::Value::as_str).map(ToString::to_string)
    };
    let code = |value: &serde_json::Value| match value.get("code") {
        Some(serde_json::Value::Number(number)) => Some(ErrorCode::Number(number.clone())),
        Some(serde_json::Value::String(text)) => Some(ErrorCode::Text(text.clone())),
        _ => None,
    };
    let mut found = (code(json), text(json, "message"));
    let nested = match json.get("error") {
        Some(serde_json::Value::String(error)) => {
            let message = text(json, "error_description");
            Some((Some(ErrorCode::Text(error.clone())), message))
        }
        Some(error @ serde_json::Value::Object(_)) => Some((code(error), text(error, "message"))),
        _ => match json.get("errors").and_then(|errors| errors.get(0)) {
            Some(serde_json::Value::String(error)) => Some((None, Some(error.clone()))),
            Some(error) => {
                let message = text(error, "message").or_else(|| text(error, "detail"));
                Some((code(error), message))
            }
            None => None,
        },
    };
    if let Some((code, message)) = nested {
        found.0 = found.0.or(code);
        found.1 = found.1.or(message);
    }
    found.1 = found.1.or_else(|| text(json, "detail")).or_else(|| text(json, "title"));
    found
}

// @part into_json
impl RawResponse {
    /// The body decoded as JSON, with the response.
    pub(crate) fn into_json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error> {
        Ok(Response { value: self.json()?, raw: self })
    }
}

/// Decodes a JSON body as `T`, for a [`ResponseFuture`].
#[derive(Debug)]
pub struct DecodeJson<T>(std::marker::PhantomData<fn() -> T>);

impl<T: serde::de::DeserializeOwned> Decode for DecodeJson<T> {
    type Output = Response<T>;

    fn decode(raw: RawResponse) -> Result<Response<T>, Error> {
        raw.into_json()
    }
}
// @end

// @part into_text
impl RawResponse {
    /// The body as text, with the response.
    pub(crate) fn into_text(self) -> Response<String> {
        Response { value: self.text(), raw: self }
    }
}

/// Gives a body as text, for a [`ResponseFuture`].
#[derive(Debug)]
pub struct DecodeText;

impl Decode for DecodeText {
    type Output = Response<String>;

    fn decode(raw: RawResponse) -> Result<Response<String>, Error> {
        Ok(raw.into_text())
    }
}
// @end

// @part into_bytes
impl RawResponse {
    /// The body's bytes, with the response.
    pub(crate) fn into_bytes(self) -> Response<Vec<u8>> {
        Response { value: self.body.clone(), raw: self }
    }
}
// @end

// @part decode_bytes
/// Gives a body's bytes, for a [`ResponseFuture`].
#[derive(Debug)]
pub struct DecodeBytes;

impl Decode for DecodeBytes {
    type Output = Response<Vec<u8>>;

    fn decode(raw: RawResponse) -> Result<Response<Vec<u8>>, Error> {
        Ok(raw.into_bytes())
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

/// Decodes no body (the response alone), for a [`ResponseFuture`].
#[derive(Debug)]
pub struct DecodeEmpty;

impl Decode for DecodeEmpty {
    type Output = Response<()>;

    fn decode(raw: RawResponse) -> Result<Response<()>, Error> {
        Ok(raw.into_empty())
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
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    timeout: Option<std::time::Duration>,
    retry: Option<RetryPolicy>,
}

impl RequestOptions {
    /// No extra headers or query parameters, the client's timeout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends this header too (after the operation's own headers).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends `Idempotency-Key: key`, so the API can recognize a retried request.
    pub fn idempotency_key(self, key: impl Into<String>) -> Self {
        self.header("Idempotency-Key", key)
    }

    /// Sends this query parameter too (after the operation's own).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Gives each request this long to complete instead of the client's timeout.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries as `policy` says instead of the client's policy, e.g. [`RetryPolicy::none`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The retry policy these options set, if any.
    pub(crate) fn retry(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// Adds the options to a request; a header that is not a valid name and value is an error,
    /// never sent.
    pub(crate) fn apply(
        &self,
        mut builder: reqwest::RequestBuilder,
        timeout: std::time::Duration,
    ) -> Result<reqwest::RequestBuilder, Error> {
        for (name, value) in &self.headers {
            let invalid = || Error::InvalidRequest {
                reason: format!(
                    "`{name}` is not a valid header name, or its value has a line break or control character"
                ),
            };
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let value = reqwest::header::HeaderValue::from_str(value).map_err(|_| invalid())?;
            builder = builder.header(name, value);
        }
        if !self.query.is_empty() {
            builder = builder.query(&self.query);
        }
        Ok(builder.timeout(self.timeout.unwrap_or(timeout)))
    }
}

/// Header values may be credentials: only the names are shown.
impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
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
/// `TRACE`) unless the request carries an `Idempotency-Key` header. Every body the client builds
/// can be sent again, multipart forms included (their parts are in memory). It waits as `Retry-After` asks (seconds or an HTTP
/// date) when that is no longer than [`RetryPolicy::max_retry_after`], and otherwise backs off
/// exponentially with full jitter.
///
/// The default retries twice (three attempts), backing off from 200 ms up to 10 s, and honours
/// `Retry-After` up to 60 s; a longer `Retry-After` ends the retries with that answer.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_retries: u32,
    min_backoff: std::time::Duration,
    max_backoff: std::time::Duration,
    max_retry_after: std::time::Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            min_backoff: std::time::Duration::from_millis(200),
            max_backoff: std::time::Duration::from_secs(10),
            max_retry_after: std::time::Duration::from_secs(60),
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
    pub fn backoff(mut self, min: std::time::Duration, max: std::time::Duration) -> Self {
        (self.min_backoff, self.max_backoff) = (min, max.max(min));
        self
    }

    /// Waits as `Retry-After` asks when it asks for no more than `max`.
    pub fn max_retry_after(mut self, max: std::time::Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Whether `request` may be sent more than once.
    fn allows(&self, request: &reqwest::Request) -> bool {
        use reqwest::Method;
        let idempotent = matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
        );
        self.max_retries > 0 && (idempotent || request.headers().contains_key("idempotency-key"))
    }

    /// How long to wait before sending again after `error`, the answer to a request first
    /// sent at `started` and already retried `retries` times; `None` to stop.
    fn delay(&self, error: &Error, started: std::time::SystemTime, retries: u32) -> Option<std::time::Duration> {
        use retry_policies::RetryPolicy as _;
        let retry_after = match error {
            Error::Api(error) if RETRIED_STATUSES.contains(&error.status) => retry_after(&error.headers),
            Error::Transport { source, .. } if source.is_connect() || source.is_request() => None,
            _ => return None,
        };
        let backoff = retry_policies::policies::ExponentialBackoff::builder()
            .retry_bounds(self.min_backoff, self.max_backoff)
            .jitter(retry_policies::Jitter::Full)
            .build_with_max_retries(self.max_retries);
        let retry_policies::RetryDecision::Retry { execute_after } = backoff.should_retry(started, retries) else {
            return None;
        };
        match retry_after {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(execute_after.duration_since(std::time::SystemTime::now()).unwrap_or_default()),
        }
    }
}

/// `Retry-After` as a wait: a number of seconds, or an HTTP date (no wait once it is past).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<std::time::Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(std::time::Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(std::time::SystemTime::now()).unwrap_or_default())
}

/// What sends a client's requests: its HTTP client (or `reqwest_middleware` stack), its retry
/// policy and its limit on response bodies.
#[derive(Debug, Clone)]
pub(crate) struct Sender {
    /// Builds every request, and sends it unless there is a middleware stack.
    pub(crate) http: reqwest::Client,
    #[cfg(feature = "middleware")]
    pub(crate) middleware: Option<reqwest_middleware::ClientWithMiddleware>,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    /// The `User-Agent` given by `Client::with_user_agent`, sent unless the request has one.
    pub(crate) user_agent: Option<reqwest::header::HeaderValue>,
}

/// The `User-Agent` of the HTTP client the crate builds itself: its name and version.
const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

impl Sender {
    /// A sender with the default HTTP client, retry policy and limit.
    pub(crate) fn new() -> Result<Self, Error> {
        Ok(Sender {
            http: reqwest::Client::builder().user_agent(USER_AGENT).build()?,
            #[cfg(feature = "middleware")]
            middleware: None,
            retry: RetryPolicy::default(),
            max_response_bytes: 64 * 1024 * 1024,
            user_agent: None,
        })
    }

    /// Sends the request, again as `retry` allows, and reads the body up to the limit; any
    /// final status outside `200..=299` becomes [`Error::Api`].
    pub(crate) async fn execute(
        &self,
        request: reqwest::Request,
        retry: &RetryPolicy,
        operation: &'static str,
        path: &'static str,
    ) -> Result<RawResponse, Error> {
        let (response, attempts) = self.respond(request, retry, operation, path).await?;
        read(response, self.max_response_bytes).await.map_err(|error| error.after(attempts))
    }

    /// Sends the request, again as `retry` allows, until a final answer: a successful
    /// response with its body unread and the number of attempts made, or the error (with a
    /// status outside `200..=299`, [`Error::Api`] with the body read up to the limit). With
    /// the `tracing` feature, one span per operation, named `request` with its `operation`
    /// name, `method`, `path` template, `status` and `attempt` (never credentials, bodies or
    /// query values).
    pub(crate) async fn respond(
        &self,
        mut request: reqwest::Request,
        retry: &RetryPolicy,
        operation: &'static str,
        path: &'static str,
    ) -> Result<(reqwest::Response, u32), Error> {
        if let Some(user_agent) = &self.user_agent {
            request.headers_mut().entry(reqwest::header::USER_AGENT).or_insert_with(|| user_agent.clone());
        }
        #[cfg(feature = "tracing")]
        let span = tracing::info_span!(
            "request",
            operation,
            method = %request.method(),
            path,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        #[cfg(not(feature = "tracing"))]
        let _ = (operation, path);
        let retryable = retry.allows(&request);
        // @part multipart
        // A multipart form streams parts that are all in memory: read into one body, it is
        // sent again like any other.
        if retryable && request.try_clone().is_none() {
            request = replayable(request).await?;
        }
        // @end
        let started = std::time::SystemTime::now();
        let mut attempt: u32 = 1;
        loop {
            let again = if retryable && attempt <= retry.max_retries { request.try_clone() } else { None };
            let outcome = self.send_once(request).await;
            #[cfg(feature = "tracing")]
            {
                span.record("attempt", attempt);
                match &outcome {
                    Ok(response) => span.record("status", response.status().as_u16()),
                    Err(Error::Api(error)) => span.record("status", error.status),
                    Err(_) => &span,
                };
                tracing::debug!(parent: &span, "answered");
            }
            let error = match outcome {
                Ok(response) => return Ok((response, attempt)),
                Err(error) => error,
            };
            let wait = again.and_then(|again| retry.delay(&error, started, attempt - 1).map(|wait| (wait, again)));
            let Some((wait, again)) = wait else {
                return Err(error.after(attempt));
            };
            #[cfg(feature = "tracing")]
            tracing::debug!(parent: &span, attempt, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
            request = again;
            attempt += 1;
        }
    }

    /// Sends the request once: the response when its status is in `200..=299`, its body
    /// unread; otherwise [`Error::Api`] with the body read up to the limit.
    async fn send_once(&self, request: reqwest::Request) -> Result<reqwest::Response, Error> {
        #[cfg(feature = "middleware")]
        let response = match &self.middleware {
            Some(middleware) => middleware.execute(request).await.map_err(|error| match error {
                reqwest_middleware::Error::Reqwest(error) => Error::from(error),
                other => Error::Middleware(other),
            })?,
            None => self.http.execute(request).await?,
        };
        #[cfg(not(feature = "middleware"))]
        let response = self.http.execute(request).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        let error = read(response, self.max_response_bytes).await?;
        Err(Error::Api(Box::new(ApiError::new(error.status, error.headers, &error.body))))
    }
}

// @part multipart
/// The request with its streamed body read into memory, so that it can be cloned.
async fn replayable(mut request: reqwest::Request) -> Result<reqwest::Request, Error> {
    if let Some(body) = request.body_mut().take() {
        let bytes = http_body_util::BodyExt::collect(body).await?.to_bytes();
        *request.body_mut() = Some(reqwest::Body::from(bytes));
    }
    Ok(request)
}
// @end

/// Reads the response's body, refusing one larger than `limit` bytes (by its `Content-Length`,
/// or as soon as more has arrived).
async fn read(mut response: reqwest::Response, limit: usize) -> Result<RawResponse, Error> {
    let status = response.status().as_u16();
    let too_large = || Error::ResponseTooLarge { status, limit };
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(ToString::to_string);
    let headers = std::mem::take(response.headers_mut());
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse { status, headers, content_type, body })
}

// @part binary
impl Sender {
    /// Sends the request, again as `retry` allows, and gives its body as a stream.
    pub(crate) async fn execute_stream(
        &self,
        request: reqwest::Request,
        retry: &RetryPolicy,
        operation: &'static str,
        path: &'static str,
    ) -> Result<ByteStream, Error> {
        let (response, attempts) = self.respond(request, retry, operation, path).await?;
        Ok(ByteStream { response, attempts, limit: self.max_response_bytes })
    }
}

/// A successful response whose body (a file, an image, an export) is read as it arrives
/// instead of held in memory: its status and headers, and the body to read piece by piece
/// ([`ByteStream::chunk`]), as a `futures::Stream` ([`ByteStream::into_stream`]), or whole
/// ([`ByteStream::bytes`], up to the client's limit).
///
/// The client's timeout (or the one the request options set) covers reading the body too:
/// give a large download a longer one.
///
/// ```text
/// let mut file = client.reports().download(id).await?;
/// while let Some(piece) = file.chunk().await? {
///     output.write_all(&piece)?;
/// }
/// ```
pub struct ByteStream {
    response: reqwest::Response,
    attempts: u32,
    limit: usize,
}

impl ByteStream {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.response.headers()
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers().get(reqwest::header::CONTENT_TYPE).and_then(|value| value.to_str().ok())
    }

    /// The body's length, when the response says it (`Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next piece of the body as it arrives; `None` at its end.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] when the connection fails or the timeout passes.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, Error> {
        self.response.chunk().await.map_err(|error| Error::from(error).after(self.attempts))
    }

    /// The body as a stream of pieces, each read when the stream is polled.
    pub fn into_stream(self) -> impl futures::Stream<Item = Result<bytes::Bytes, Error>> {
        futures::stream::try_unfold(self, |mut body| async move { Ok(body.chunk().await?.map(|piece| (piece, body))) })
    }

    /// The whole body, read into memory, with the status and headers.
    ///
    /// # Errors
    ///
    /// [`Error::ResponseTooLarge`] past the client's limit (`Client::with_max_response_bytes`),
    /// and [`Error::Transport`] when the connection fails.
    pub async fn bytes(self) -> Result<Response<Vec<u8>>, Error> {
        let attempts = self.attempts;
        Ok(read(self.response, self.limit).await.map_err(|error| error.after(attempts))?.into_bytes())
    }
}

/// The status, content type and length; the body is not read.
impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status())
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}
// @end

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
