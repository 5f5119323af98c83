// @about The client's behaviour that no collection changes: its transport settings, and how an
// @about operation's request is prepared (options, credentials) and sent.

impl crate::Client {
    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    // @part send

    /// Sends requests with `http` instead (its proxies, TLS settings, connection pool and
    /// default headers, its `User-Agent` among them). Each request still gets the client's
    /// timeout: [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT), or what
    /// [`Client::with_timeout`](crate::Client::with_timeout) sets, before or after this call.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.sender.http = http;
        self
    }

    /// Sends `user_agent` as the `User-Agent` of every request, whichever HTTP client sends
    /// it, unless the collection gives the request its own. Without it, requests carry the
    /// HTTP client's: this crate's name and version for the client the crate builds itself.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when `user_agent` is not a valid header value.
    pub fn with_user_agent(mut self, user_agent: &str) -> Result<Self, Error> {
        let value = reqwest::header::HeaderValue::from_str(user_agent).map_err(|_| Error::InvalidRequest {
            reason: format!("`{user_agent}` is not a valid `User-Agent` value"),
        })?;
        self.sender.user_agent = Some(value);
        Ok(self)
    }

    /// Gives every request `timeout` to complete instead of
    /// [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT), whichever HTTP client sends it.
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// A client that adds `options` (headers such as an `Idempotency-Key`, query parameters,
    /// a timeout) to every request it sends, for one call or many. The clone is cheap and
    /// shares the connection pool.
    pub fn with_options(&self, options: RequestOptions) -> Self {
        let mut client = self.clone();
        client.options = options;
        client
    }

    /// Retries failed requests as `policy` says instead of [`RetryPolicy::default`] (see
    /// [`RetryPolicy`]); [`RetryPolicy::none`] sends each request once.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.sender.retry = policy;
        self
    }

    /// Refuses a response body larger than `limit` bytes with [`Error::ResponseTooLarge`],
    /// instead of the default 64 MiB; the body is never read past the limit.
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.sender.max_response_bytes = limit;
        self
    }

    /// Sends requests through this `reqwest_middleware` stack (its middleware sees each
    /// attempt); requests are still built by the client's own HTTP client. With the
    /// `middleware` feature.
    #[cfg(feature = "middleware")]
    pub fn with_middleware(mut self, middleware: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.sender.middleware = Some(middleware);
        self
    }

    /// A request to `path` under the base URL.
    pub(crate) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.sender.http.request(method, format!("{}{path}", self.base_url))
    }
    // @part hosts

    /// A request to an operation that the collection sends to host `host` (`HOSTS`).
    pub(crate) fn request_to(
        &self,
        host: usize,
        method: reqwest::Method,
        path: &str,
    ) -> Result<reqwest::RequestBuilder, Error> {
        match &self.hosts[host] {
            Some(base_url) => Ok(self.sender.http.request(method, format!("{base_url}{path}"))),
            None => {
                let (template, setter) = crate::HOSTS[host];
                Err(Error::InvalidRequest {
                    reason: format!(
                        "the collection sends this request to `{template}`, whose base URL is not set: give it with \
                         `Client::{setter}`"
                    ),
                })
            }
        }
    }
    // @end

    /// Sends what an operation built (again, as the retry policy allows) and reads its body:
    /// the one future every operation's request awaits, whatever its inputs and body type.
    pub(crate) async fn send(&self, outgoing: Result<Outgoing, Error>) -> Result<RawResponse, Error> {
        let Outgoing { builder, auth, operation, path } = outgoing?;
        // @part oauth2_token
        // A token the client gets itself: fetched first when due, and once more after a `401`.
        if let Some(source) = auth.and_then(Auth::credential).and_then(|credential| self.credentials.source(credential))
        {
            source.ensure(&self.sender.http, &self.base_url, None).await?;
            let used = source.current();
            let again = builder.try_clone();
            let request = self.prepare(builder, auth)?;
            return match (self.sender.execute(request, self.retry_policy(), operation, path).await, again) {
                (Err(Error::Api(error)), Some(again)) if error.status == 401 => {
                    // A new token, unless another call has fetched one since this one was sent.
                    source.ensure(&self.sender.http, &self.base_url, Some(used.as_deref().unwrap_or_default())).await?;
                    let request = self.prepare(again, auth)?;
                    self.sender.execute(request, self.retry_policy(), operation, path).await
                }
                (outcome, _) => outcome,
            };
        }
        // @end
        let request = self.prepare(builder, auth)?;
        // @part digest
        // Digest auth answers the server's challenge: once, with the request signed for it.
        if let Some(Auth::Digest(settings, credential)) = auth {
            let again = request.try_clone();
            return match (self.sender.execute(request, self.retry_policy(), operation, path).await, again) {
                (Err(Error::Api(error)), Some(mut again)) if matches!(error.status, 401 | 403) => {
                    match (digest_challenge(&error.headers), self.credentials.login(credential)) {
                        (Some(challenge), Some((username, password))) => {
                            sign_digest(&mut again, settings, username, password.unwrap_or_default(), &challenge)?;
                            self.sender.execute(again, self.retry_policy(), operation, path).await
                        }
                        _ => Err(Error::Api(error)),
                    }
                }
                (outcome, _) => outcome,
            };
        }
        // @end
        self.sender.execute(request, self.retry_policy(), operation, path).await
    }
    // @part binary

    /// Sends what an operation built (again, as the retry policy allows) and gives its body
    /// as a stream.
    pub(crate) async fn send_stream(&self, outgoing: Result<Outgoing, Error>) -> Result<ByteStream, Error> {
        let Outgoing { builder, auth, operation, path } = outgoing?;
        let request = self.prepare(builder, auth)?;
        self.sender.execute_stream(request, self.retry_policy(), operation, path).await
    }
    // @end
    // @part link

    /// A `GET` of a next page's `link`, refused unless it is on the operation's origin or the
    /// base URL: credentials are never sent elsewhere.
    pub(crate) fn follow(&self, origin: Option<&str>, link: reqwest::Url) -> Result<reqwest::RequestBuilder, Error> {
        let url = same_origin(origin.unwrap_or(&self.base_url), link)?;
        Ok(self.sender.http.get(url))
    }
    // @end

    /// The request with the request options and the credentials the operation needs.
    pub(crate) fn prepare(
        &self,
        builder: reqwest::RequestBuilder,
        auth: Option<Auth>,
    ) -> Result<reqwest::Request, Error> {
        let builder = self.options.apply(builder, self.timeout)?;
        self.authorize(builder, auth)
    }

    /// The retry policy of the request options, else the client's.
    fn retry_policy(&self) -> &RetryPolicy {
        self.options.retry().unwrap_or(&self.sender.retry)
    }
    // @end
}
