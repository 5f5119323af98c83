//! A loopback HTTP server that records every request and answers the n-th request with the
//! n-th canned response (requests come in collection order, one per item).

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// The raw request target: path and query, as sent.
    pub target: String,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(path, _)| path)
    }

    /// The query's pairs in order, parsed as every server's query parser (the URL standard's
    /// `application/x-www-form-urlencoded` parser) reads them: empty pieces (`a=1&&b=2`) are
    /// nothing, `flag` is `("flag", "")`, `+` is a space.
    pub fn query(&self) -> Vec<(String, String)> {
        let query = self.target.split_once('?').map(|(_, q)| q).unwrap_or_default();
        form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
    }
}

/// A canned answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
    /// For a Digest item: a request without `Authorization: Digest …` gets a `401` with this
    /// `WWW-Authenticate` instead, as a server asks for the credentials.
    pub challenge: Option<String>,
}

/// A running recorder; stops when dropped.
pub struct Recorder {
    server: Arc<tiny_http::Server>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    thread: Option<JoinHandle<()>>,
    pub port: u16,
}

impl Recorder {
    /// Starts on 127.0.0.1 with an OS-chosen port.
    pub fn start(answers: Vec<Answer>) -> anyhow::Result<Recorder> {
        let server =
            Arc::new(tiny_http::Server::http("127.0.0.1:0").map_err(|e| anyhow::anyhow!("cannot listen: {e}"))?);
        let port = server.server_addr().to_ip().map(|a| a.port()).ok_or_else(|| anyhow::anyhow!("no port"))?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let server = Arc::clone(&server);
            let requests = Arc::clone(&requests);
            std::thread::spawn(move || serve(&server, &requests, &answers))
        };
        Ok(Recorder { server, requests, thread: Some(thread), port })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The requests received so far, forgotten: the next side starts from none.
    pub fn take(&self) -> Vec<Recorded> {
        self.requests.lock().map(|mut r| std::mem::take(&mut *r)).unwrap_or_default()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(server: &tiny_http::Server, requests: &Mutex<Vec<Recorded>>, answers: &[Answer]) {
    for mut request in server.incoming_requests() {
        let mut body = Vec::new();
        let _ = request.as_reader().read_to_end(&mut body);
        let recorded = Recorded {
            method: request.method().as_str().to_string(),
            target: request.url().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|h| (h.field.as_str().as_str().to_ascii_lowercase(), h.value.as_str().to_string()))
                .collect(),
            body,
        };
        // Each item says which it is; without the header, requests count in order.
        let tagged = recorded.header(crate::rewrite::ITEM_HEADER).and_then(|v| v.parse::<usize>().ok());
        let index = match requests.lock() {
            Ok(mut list) => {
                list.push(recorded);
                tagged.unwrap_or(list.len() - 1)
            }
            Err(_) => 0,
        };
        let answer = answers.get(index).cloned().unwrap_or(Answer {
            status: 200,
            content_type: None,
            body: String::new(),
            challenge: None,
        });
        let unsigned = |header: Option<&str>| !header.is_some_and(|value| value.starts_with("Digest "));
        if let Some(challenge) = answer.challenge.as_deref()
            && unsigned(request.headers().iter().find(|h| h.field.equiv("authorization")).map(|h| h.value.as_str()))
            && let Ok(header) = tiny_http::Header::from_bytes("WWW-Authenticate", challenge.as_bytes())
        {
            let _ = request.respond(tiny_http::Response::from_string("").with_status_code(401).with_header(header));
            continue;
        }
        let mut response = tiny_http::Response::from_string(answer.body).with_status_code(answer.status);
        if let Some(content_type) = answer.content_type
            && let Ok(header) = tiny_http::Header::from_bytes("Content-Type", content_type.as_bytes())
        {
            response = response.with_header(header);
        }
        let _ = request.respond(response);
    }
}
