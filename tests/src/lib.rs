//! Helpers shared by the test suites: reading the project's and the shared collections, and
//! mock servers. The README's and the book's Rust examples are this crate's doctests, so
//! `cargo test --workspace` compiles each and runs those not marked `no_run`.

use std::path::PathBuf;

use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `../shared` beside the repository.
pub fn shared_dir() -> PathBuf {
    xtask::root().join("..").join("shared")
}

/// The project's own collection, as JSON.
pub fn seed_collection() -> Value {
    read_json(&xtask::root().join(xtask::COLLECTION))
}

pub fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The request item named `name`, anywhere in the collection's folder tree.
pub fn find_item<'a>(collection: &'a Value, name: &str) -> Option<&'a Value> {
    let items = collection.get("item")?.as_array()?;
    items.iter().find_map(|item| {
        if item.get("item").is_some() {
            find_item(item, name)
        } else if item.get("name").and_then(Value::as_str) == Some(name) {
            Some(item)
        } else {
            None
        }
    })
}

/// A mock HTTP server on 127.0.0.1 (OS-chosen port) that records every request and answers
/// each with `status` and `body`.
pub async fn mock_server(status: u16, body: &str) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(|_: &wiremock::Request| true)
        .respond_with(
            wiremock::ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// The one request the server received.
pub async fn only_request(server: &wiremock::MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request is sent");
    requests.remove(0)
}

/// A header of the request as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Percent-decodes a URL path.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A multipart part as received: name, file name, content type and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub value: String,
}

/// Every part of a `multipart/form-data` body, in order.
pub async fn multipart_parts(content_type: &str, body: Vec<u8>) -> Vec<Part> {
    let boundary = multer::parse_boundary(content_type).expect("multipart boundary");
    let stream =
        futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(multer::bytes::Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed multipart") {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(|m| m.to_string());
        parts.push(Part { name, file_name, content_type, value: field.text().await.expect("text") });
    }
    parts
}

/// The name and value of every text part, in order; fails on file parts.
pub async fn form_parts(content_type: &str, body: Vec<u8>) -> Vec<(String, String)> {
    multipart_parts(content_type, body)
        .await
        .into_iter()
        .map(|part| {
            assert!(part.file_name.is_none(), "text parts carry no file name");
            (part.name, part.value)
        })
        .collect()
}

/// A server that answers `first` `times` times, then 200.
pub async fn failing(first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(first).up_to_n_times(times).with_priority(1).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).with_priority(2).mount(&server).await;
    server
}

/// The README's examples.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct Readme;

/// The book's chapters (`docs/src`), each a doctest of its examples.
#[cfg(doctest)]
pub mod book {
    #[doc = include_str!("../../docs/src/introduction.md")]
    pub struct Introduction;
    #[doc = include_str!("../../docs/src/mapping.md")]
    pub struct Mapping;
    #[doc = include_str!("../../docs/src/regenerating.md")]
    pub struct Regenerating;
    #[doc = include_str!("../../docs/src/auth.md")]
    pub struct Auth;
    #[doc = include_str!("../../docs/src/transport.md")]
    pub struct Transport;
    #[doc = include_str!("../../docs/src/testing.md")]
    pub struct Testing;
    #[doc = include_str!("../../docs/src/conformance.md")]
    pub struct Conformance;
    #[doc = include_str!("../../docs/src/contributing.md")]
    pub struct Contributing;
}
