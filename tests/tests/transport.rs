//! The generated client's transport on the wire: retries (statuses, `Retry-After` in both forms,
//! connection resets, idempotency, multipart bodies), a `reqwest_middleware` stack, the
//! `User-Agent` default, empty bodies, the response size limit and file responses read as a
//! stream. Against wiremock and raw loopback sockets.

use std::io::Read as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use feature_client::bodies::{Owner, RawJsonBody};
use feature_client::{Client, Error, RequestOptions, RetryPolicy};
use postman_codegen_tests::failing;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Backs off 1–5 ms, so the tests wait only where `Retry-After` says.
fn fast() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5))
}

async fn sent(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

fn json_body() -> RawJsonBody {
    RawJsonBody::new(1, Vec::new(), Owner::new("Ada"))
}

#[tokio::test]
async fn gateway_errors_and_429_are_retried_and_then_succeed() {
    for status in [408, 429, 502, 503, 504] {
        let server = failing(ResponseTemplate::new(status), 2).await;
        let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
        let response = client.requests().things().await.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!((response.status(), sent(&server).await), (200, 3), "{status}");
    }
}

#[tokio::test]
async fn the_final_error_says_how_many_attempts_were_made() {
    let server = failing(ResponseTemplate::new(503), 10).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    let error = client.requests().things().await.expect_err("503 every time");
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!((api.status, api.attempts, sent(&server).await), (503, 3, 3));
    assert!(error.to_string().ends_with("(after 3 attempts)"), "{error}");
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    let server = failing(ResponseTemplate::new(500), 10).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    client.requests().things().await.expect_err("500");
    assert_eq!(sent(&server).await, 1);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = failing(ResponseTemplate::new(429).insert_header("retry-after", "1"), 1).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    let started = Instant::now();
    client.requests().things().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(sent(&server).await, 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    // Timed from when the date is made: it has whole seconds, so it is at least one second
    // after that (timed from the call instead, the server's start-up can take that second).
    let started = Instant::now();
    let at = std::time::SystemTime::now() + Duration::from_secs(2);
    let date = httpdate::fmt_http_date(at);
    let server = failing(ResponseTemplate::new(503).insert_header("retry-after", date.as_str()), 1).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    client.requests().things().await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(sent(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_past_the_cap_ends_the_retries_with_its_answer() {
    let server = failing(ResponseTemplate::new(429).insert_header("retry-after", "3600"), 1).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    let started = Instant::now();
    let error = client.requests().things().await.expect_err("gives up");
    assert!(started.elapsed() < Duration::from_secs(5));
    let Error::Api(api) = error else { panic!() };
    assert_eq!((api.status, api.headers["retry-after"].to_str().unwrap(), sent(&server).await), (429, "3600", 1));
}

#[tokio::test]
async fn post_is_retried_only_with_an_idempotency_key() {
    let server = failing(ResponseTemplate::new(503), 10).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    client.bodies().raw_json(json_body()).await.expect_err("503");
    assert_eq!(sent(&server).await, 1, "a POST without a key is sent once");
    let keyed = client.with_options(RequestOptions::new().idempotency_key("k-1"));
    keyed.bodies().raw_json(json_body()).await.expect_err("503");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4, "a POST with a key is retried");
    assert!(requests[1..].iter().all(|r| r.headers["idempotency-key"] == "k-1" && r.body == requests[1].body));
}

#[tokio::test]
async fn retries_can_be_turned_off_on_the_client_and_per_request() {
    let server = failing(ResponseTemplate::new(503), 10).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(RetryPolicy::none());
    client.requests().things().await.expect_err("503");
    assert_eq!(sent(&server).await, 1);
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    client.with_options(RequestOptions::new().retry_policy(RetryPolicy::none())).requests().things().await.unwrap_err();
    assert_eq!(sent(&server).await, 2);
    client
        .with_options(RequestOptions::new().retry_policy(fast().max_retries(4)))
        .requests()
        .things()
        .await
        .unwrap_err();
    assert_eq!(sent(&server).await, 7);
}

/// A loopback port that accepts connections and closes each at once; the number accepted.
fn resetting() -> (u16, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            let mut stream = stream;
            let _ = stream.read(&mut [0; 1024]);
            drop(stream);
        }
    });
    (port, accepted)
}

#[tokio::test]
async fn connection_resets_are_retried() {
    let (port, accepted) = resetting();
    let client = Client::new(&format!("http://127.0.0.1:{port}")).unwrap().with_retry_policy(fast());
    let error = client.requests().things().await.expect_err("reset every time");
    assert!(matches!(error, Error::Transport { attempts: 3, .. }), "{error:?}");
    assert!(error.to_string().starts_with("request failed after 3 attempts"), "{error}");
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}

/// Counts the requests it passes on and marks them.
struct Counting(Arc<AtomicUsize>);

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Counting {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        request.headers_mut().insert("x-middleware", "seen".parse().unwrap());
        next.run(request, extensions).await
    }
}

#[tokio::test]
async fn a_middleware_stack_sends_every_attempt() {
    let server = failing(ResponseTemplate::new(503), 1).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let stack =
        reqwest_middleware::ClientBuilder::new(reqwest::Client::new()).with(Counting(Arc::clone(&calls))).build();
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast()).with_middleware(stack);
    client.requests().things().await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.headers["x-middleware"] == "seen"));
}

#[tokio::test]
async fn a_user_agent_is_sent_unless_the_request_has_one() {
    let server = postman_codegen_tests::mock_server(200, "").await;
    let client = Client::new(&server.uri()).unwrap();
    client.requests().things().await.unwrap();
    client.with_options(RequestOptions::new().header("user-agent", "mine/1")).requests().things().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["user-agent"], "feature-client/0.1.0");
    assert_eq!(requests[1].headers["user-agent"], "mine/1");
}

/// The crate's `User-Agent` is the default of the HTTP client it builds itself: a program's own
/// HTTP client keeps its own (or sends none).
#[tokio::test]
async fn a_users_http_client_keeps_its_user_agent() {
    let server = postman_codegen_tests::mock_server(200, "").await;
    let http = reqwest::Client::builder().user_agent("my-app/1.0").build().unwrap();
    let client = Client::new(&server.uri()).unwrap().with_http_client(http);
    client.requests().things().await.unwrap();
    let plain = Client::new(&server.uri()).unwrap().with_http_client(reqwest::Client::new());
    plain.requests().things().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let agents: Vec<Option<&str>> =
        requests.iter().map(|r| r.headers.get("user-agent").map(|v| v.to_str().unwrap())).collect();
    assert_eq!(agents, [Some("my-app/1.0"), None]);
}

/// `with_user_agent` sets the `User-Agent` whichever HTTP client sends; a request that sets
/// its own keeps it.
#[tokio::test]
async fn with_user_agent_sets_one_for_any_http_client() {
    let server = postman_codegen_tests::mock_server(200, "").await;
    let theirs = Client::new(&server.uri()).unwrap().with_http_client(reqwest::Client::new());
    let chosen = theirs.with_user_agent("chosen/2.0").unwrap();
    chosen.requests().things().await.unwrap();
    let own = Client::new(&server.uri()).unwrap().with_user_agent("chosen/3.0").unwrap();
    own.requests().things().await.unwrap();
    chosen.with_options(RequestOptions::new().header("user-agent", "mine/1")).requests().things().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let agents: Vec<Option<&str>> =
        requests.iter().map(|r| r.headers.get("user-agent").map(|v| v.to_str().unwrap())).collect();
    assert_eq!(agents, [Some("chosen/2.0"), Some("chosen/3.0"), Some("mine/1")]);
    let error = Client::new(&server.uri()).unwrap().with_user_agent("bad\nvalue").expect_err("not a header value");
    assert!(matches!(&error, Error::InvalidRequest { reason } if reason.contains("User-Agent")), "{error:?}");
}

/// The file of the multipart tests.
fn request_file() -> feature_client::FilePart {
    feature_client::FilePart::new(b"a,b\n1,2\n".to_vec(), "report.csv").with_content_type("text/csv")
}

/// A multipart POST with an `Idempotency-Key` is retried like any other body, the same form
/// each time; without the key it is sent once.
#[tokio::test]
async fn multipart_requests_are_retried_with_the_same_form() {
    let server = failing(ResponseTemplate::new(503), 2).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    let request = client.bodies().multipart_with_file().title("Report & summary").attachment(request_file());
    request.clone().await.expect_err("a POST without a key is not retried");
    assert_eq!(sent(&server).await, 1);
    let keyed = client.with_options(RequestOptions::new().idempotency_key("k-2"));
    let request = keyed.bodies().multipart_with_file().title("Report & summary").attachment(request_file());
    let response = request.await.expect("retried until the 200");
    assert_eq!(response.status(), 200);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "sent once, then twice more");
    let (first, again) = (&requests[1], &requests[2]);
    assert_eq!(first.body, again.body, "the same form each time");
    assert_eq!(first.headers["content-type"], again.headers["content-type"], "and the same boundary");
    let body = String::from_utf8_lossy(&again.body);
    assert!(
        body.contains("name=\"title\"") && body.contains("Report & summary") && body.contains("a,b\n1,2\n"),
        "{body}"
    );
    assert_eq!(again.headers["content-length"].to_str().unwrap(), again.body.len().to_string());
}

#[tokio::test]
async fn a_response_past_the_size_limit_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 4096])).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap().with_max_response_bytes(1024);
    let error = client.requests().things().await.expect_err("too large");
    assert!(matches!(error, Error::ResponseTooLarge { status: 200, limit: 1024 }), "{error:?}");
    let client = Client::new(&server.uri()).unwrap().with_max_response_bytes(4096);
    assert_eq!(client.requests().things().await.unwrap().raw().body.len(), 4096);
}

/// A 300 KB file, each byte its offset modulo 251.
fn file() -> Vec<u8> {
    (0..300_000u32).map(|i| (i % 251) as u8).collect()
}

/// A server that answers every request with [`file`] as a PDF.
async fn serving_file() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(file(), "application/pdf"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_file_response_is_read_as_a_stream() {
    let server = serving_file().await;
    // A limit far below the file's size: a stream is not held in memory, so it does not apply.
    let client = Client::new(&server.uri()).unwrap().with_max_response_bytes(1024);
    let mut download = client.files().download_report("r-1").await.unwrap();
    assert_eq!((download.status(), download.content_type()), (200, Some("application/pdf")));
    assert_eq!(download.content_length(), Some(300_000));
    let mut read = Vec::new();
    while let Some(piece) = download.chunk().await.unwrap() {
        read.extend_from_slice(&piece);
    }
    assert_eq!(read, file());
    // The item's fixed `Accept: application/pdf` is sent as written, not `*/*`.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers.get("accept").map(|v| v.to_str().unwrap()), Some("application/pdf"));

    let pieces: Vec<_> = futures_util::TryStreamExt::try_collect::<Vec<_>>(
        client.files().download_report("r-1").await.unwrap().into_stream(),
    )
    .await
    .unwrap();
    assert_eq!(pieces.concat(), file());
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.path(), "/reports/r-1/file");
}

#[tokio::test]
async fn a_whole_file_is_read_up_to_the_limit() {
    let server = serving_file().await;
    let client = Client::new(&server.uri()).unwrap().with_max_response_bytes(1024);
    let error = client.files().download_report("r-1").await.unwrap().bytes().await.expect_err("too large");
    assert!(matches!(error, Error::ResponseTooLarge { status: 200, limit: 1024 }), "{error:?}");
    let client = Client::new(&server.uri()).unwrap();
    let whole = client.files().download_report("r-1").await.unwrap().bytes().await.unwrap();
    assert_eq!((whole.status(), whole.len()), (200, 300_000));
    assert_eq!(whole.into_inner(), file());
}

#[tokio::test]
async fn a_file_request_is_retried_and_its_errors_are_read() {
    let server = failing(ResponseTemplate::new(503), 2).await;
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast());
    assert_eq!(client.files().download_report("r-1").await.unwrap().status(), 200);
    assert_eq!(sent(&server).await, 3);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no such report"})))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    match client.files().download_report("r-9").await {
        Err(Error::Api(error)) => assert_eq!((error.status, error.message.as_deref()), (404, Some("no such report"))),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// An empty 2xx body (a 204, a 200 with `Content-Length: 0`) on an operation whose response is
/// an object with every field optional is its empty value; on one that needs a value (a list),
/// the error says the body was empty.
#[tokio::test]
async fn an_empty_success_body_is_the_empty_value_or_says_it_is_empty() {
    for status in [204, 200] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).insert_header("content-length", "0"))
            .mount(&server)
            .await;
        let client = Client::new(&server.uri()).unwrap().with_key("k");
        let response = client.pages().pages_by_token().await.unwrap();
        assert_eq!(response.status(), status);
        assert_eq!((response.page_size, &response.items, response.extra.len()), (None, &None, 0), "{status}");
        let error = client.pages().pages_by_link().await.expect_err("a list needs a value");
        assert!(
            matches!(&error, Error::Decode { status: s, body, .. } if *s == status && body.is_empty()),
            "{error:?}"
        );
        assert!(error.to_string().contains("empty body"), "{error}");
        assert!(!error.to_string().contains("EOF while parsing"), "{error}");
    }
}
