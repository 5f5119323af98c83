// @about The `mock` feature's server, which answers the API's operations with the collection's
// @about saved examples. Copied whole into each crate's `src/mock.rs`, before the routes
// @about (`ROUTES`) and the operations' accessors made from the collection.

use ::std::collections::VecDeque;
use ::std::marker::PhantomData;
use ::std::sync::{Arc, Mutex, PoisonError};
use ::std::time::Duration;

/// A request the server received: method, URL, headers and body (`wiremock::Request`).
pub use ::wiremock::Request;

/// The request header that picks a saved example by its name, as Postman's mock servers read it.
pub const RESPONSE_NAME_HEADER: &str = "x-mock-response-name";

/// The request header that picks a saved example by its status, as Postman's mock servers read it.
pub const RESPONSE_CODE_HEADER: &str = "x-mock-response-code";

/// The response header naming the saved example that answered, or `none` when the operation
/// has no saved 2xx example (it then answers `200` with an empty body).
pub const EXAMPLE_HEADER: &str = "x-mock-example";

/// A loopback HTTP server that answers every operation of the API the way the collection's
/// saved examples show, for tests that must not call the API.
///
/// A request is matched to its operation by method and path template (a path parameter
/// matches any segment, an empty one too). Where several operations share them (saved variants
/// of one endpoint), the request goes to the one it fits best: the one whose example it asks
/// for; then the one that knows every query key and body member it sends; then the one whose
/// own request (as the collection writes it) or saved requests are most like it; then the first.
/// The operation answers with, in order: the responses given with
/// [`OperationMock::once`], in turn; the one given with [`OperationMock::always`]; the saved
/// example the request names with an `x-mock-response-name` (the example's name) or
/// `x-mock-response-code` (its status) header; else its 2xx example whose saved request's
/// query and JSON body are most like the request's, the first one on a tie. A request no
/// operation matches gets a `404` whose text names the operations on that path.
///
/// The server stops when it is dropped.
pub struct MockServer {
    server: ::wiremock::MockServer,
    state: Arc<State>,
}

impl ::std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("MockServer").field("uri", &self.state.uri).finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on a free port of `127.0.0.1`.
    pub async fn start() -> MockServer {
        let server = ::wiremock::MockServer::start().await;
        let state = Arc::new(State {
            uri: server.uri(),
            scripts: Mutex::new(ROUTES.iter().map(|_| Script::default()).collect()),
        });
        ::wiremock::Mock::given(::wiremock::matchers::any())
            .respond_with(Router { state: Arc::clone(&state) })
            .mount(&server)
            .await;
        MockServer { server, state }
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.state.uri.clone()
    }

    /// Every request the server received, in order, whichever operation it was for.
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}

/// The operation `ROUTES[index]` of `server`, whose success body type is `T`. (A collection
/// without requests has no operation to reach.)
#[allow(dead_code)]
fn operation<T>(server: &MockServer, index: usize) -> OperationMock<'_, T> {
    OperationMock { state: &server.state, index, body: PhantomData }
}

/// One operation on a [`MockServer`]: what it answers, and what it received.
///
/// `T` is the operation's success body type, which [`MockResponse::json`] takes; it is
/// [`NotJson`] for an operation whose success body is not JSON.
pub struct OperationMock<'a, T> {
    state: &'a State,
    index: usize,
    body: PhantomData<fn(T)>,
}

impl<T> ::std::fmt::Debug for OperationMock<'_, T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("OperationMock").field("operation", &ROUTES[self.index].operation).finish()
    }
}

impl<T> OperationMock<'_, T> {
    /// Answers the next request of this operation with `response`, once. Calls queue up:
    /// `.once(a).once(b)` answers the next request with `a`, the one after with `b`, and the
    /// rest as before.
    pub fn once(&self, response: MockResponse<T>) -> &Self {
        self.state.script(self.index, |script| script.once.push_back(response.reply));
        self
    }

    /// Answers every request of this operation with `response` (after the ones queued with
    /// [`once`](Self::once)), instead of its saved examples.
    pub fn always(&self, response: MockResponse<T>) -> &Self {
        self.state.script(self.index, |script| script.always = Some(response.reply));
        self
    }

    /// Forgets the responses given and the requests received: the operation answers with its
    /// saved examples again.
    pub fn reset(&self) -> &Self {
        self.state.script(self.index, |script| *script = Script::default());
        self
    }

    /// The requests of this operation the server received, in order.
    pub fn received(&self) -> Vec<Request> {
        self.state.script(self.index, |script| script.received.clone())
    }
}

/// A response an [`OperationMock`] answers with instead of its saved examples.
///
/// `T` is the operation's success body type: [`json`](Self::json) takes only that type.
pub struct MockResponse<T> {
    reply: Reply,
    body: PhantomData<fn(T)>,
}

impl<T> ::std::fmt::Debug for MockResponse<T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("MockResponse")
            .field("status", &self.reply.status)
            .field("headers", &self.reply.headers)
            .field("delay", &self.reply.delay)
            .finish_non_exhaustive()
    }
}

impl<T> MockResponse<T> {
    /// A response with this status (`100..=999`) and no body.
    pub fn status(status: u16) -> Self {
        Self::bytes(status, Vec::new())
    }

    /// A response with this status and `body` as it is.
    pub fn bytes(status: u16, body: impl Into<Vec<u8>>) -> Self {
        MockResponse {
            reply: Reply { status, headers: Vec::new(), body: Ok(body.into()), delay: None },
            body: PhantomData,
        }
    }

    /// Sends this header too (after any given before it).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.reply.headers.push((name.into(), value.into()));
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.reply.delay = Some(delay);
        self
    }
}

impl<T: ::serde::Serialize> MockResponse<T> {
    /// A response with this status and `body` as JSON (`Content-Type: application/json`).
    pub fn json(status: u16, body: &T) -> Self {
        let mut response = Self::status(status).header("content-type", "application/json");
        response.reply.body = ::serde_json::to_vec(body).map_err(|error| error.to_string());
        response
    }
}

/// The success body type of an operation whose success body is not JSON: it has no values,
/// so [`MockResponse::json`] cannot be called for it; use [`MockResponse::bytes`].
#[derive(Debug)]
pub enum NotJson {}

/// An operation of the API as the mock routes it.
struct Route {
    /// How the mock's accessors reach it, e.g. `users().list_users()`.
    operation: &'static str,
    method: &'static str,
    /// The path template, e.g. `/users/{userId}`.
    path: &'static str,
    /// The base URL the collection sends it to; in saved `Link` headers it becomes the mock's.
    base: &'static str,
    /// The query keys its request can send (a bracketed key by its name before `[`).
    query_keys: &'static [&'static str],
    /// The top-level members of its JSON body or the keys of its form, when its body is one of
    /// those (`None` when it has another body, which tells nothing).
    body_keys: Option<&'static [&'static str]>,
    /// What the collection's item itself sends.
    sent: Sent,
    /// The saved examples, the default one first.
    examples: &'static [Example],
}

/// What a request sent, as the collection saved it: its query pairs and raw body.
struct Sent {
    query: &'static [(&'static str, &'static str)],
    /// Empty when it had none.
    body: &'static str,
}

/// A saved example response, and what the request saved with it sent.
struct Example {
    name: &'static str,
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    /// What the request saved with it sent.
    request: Sent,
}

/// What the server shares with its router.
struct State {
    uri: String,
    /// Per route, what its operation was told to answer and what it received.
    scripts: Mutex<Vec<Script>>,
}

impl State {
    fn script<R>(&self, index: usize, f: impl FnOnce(&mut Script) -> R) -> R {
        let mut scripts = self.scripts.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut scripts[index])
    }
}

#[derive(Default)]
struct Script {
    once: VecDeque<Reply>,
    always: Option<Reply>,
    received: Vec<Request>,
}

#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    /// The body, or why it could not be made.
    body: Result<Vec<u8>, String>,
    delay: Option<Duration>,
}

impl Reply {
    fn template(&self, route: &Route) -> ::wiremock::ResponseTemplate {
        let body = match &self.body {
            Ok(body) => body,
            Err(error) => return problem(500, format!("the body given to `{}` is not JSON: {error}", route.operation)),
        };
        if !(100..=999).contains(&self.status) {
            return problem(500, format!("the status {} given to `{}` is not 100..=999", self.status, route.operation));
        }
        let mut template = ::wiremock::ResponseTemplate::new(self.status);
        for (name, value) in &self.headers {
            match header(name, value) {
                Some((name, value)) => template = template.append_header(name, value),
                None => {
                    return problem(
                        500,
                        format!("the header `{name}: {value}` given to `{}` is not valid", route.operation),
                    );
                }
            }
        }
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        template.set_body_bytes(body.clone())
    }
}

/// The one responder of the server: finds the operation and answers for it.
struct Router {
    state: Arc<State>,
}

impl ::wiremock::Respond for Router {
    fn respond(&self, request: &Request) -> ::wiremock::ResponseTemplate {
        let path = request.url.path();
        let on_path: Vec<usize> = (0..ROUTES.len()).filter(|index| path_matches(ROUTES[*index].path, path)).collect();
        let candidates = on_path.iter().copied().filter(|index| ROUTES[*index].method == request.method.as_str());
        // The most literal template wins (`/users/me` over `/users/{id}`), then the operation
        // that has the example the request asks for, then the one that knows the most of what
        // it sends, then the one whose own or saved request is closest, then the first.
        let sent = Keys::of(request);
        let best = candidates.max_by_key(|index| {
            let route = &ROUTES[*index];
            let asked = route.examples.iter().any(|example| asks_for(request, example) == Some(true));
            let unknown = sent.unknown_to(route);
            let closest = route
                .examples
                .iter()
                .map(|example| likeness(&example.request, request))
                .chain([likeness(&route.sent, request)])
                .max()
                .unwrap_or(0);
            (literal_segments(route.path), asked, ::std::cmp::Reverse(unknown), closest, ::std::cmp::Reverse(*index))
        });
        let Some(index) = best else {
            return unmatched(request, &on_path);
        };
        let route = &ROUTES[index];
        let scripted = self.state.script(index, |script| {
            script.received.push(request.clone());
            script.once.pop_front().or_else(|| script.always.clone())
        });
        match scripted {
            Some(reply) => reply.template(route),
            None => answer(route, request, &self.state.uri),
        }
    }
}

/// Whether the request asks for this example by its name or status; `None` when it asks for
/// none.
fn asks_for(request: &Request, example: &Example) -> Option<bool> {
    let asked = |name: &str| request.headers.get(name).and_then(|value| value.to_str().ok());
    match (asked(RESPONSE_NAME_HEADER), asked(RESPONSE_CODE_HEADER)) {
        (Some(name), _) => Some(example.name == name),
        (None, Some(code)) => Some(code.trim().parse() == Ok(example.status)),
        (None, None) => None,
    }
}

/// The saved example the request asks for, or the default one.
fn answer(route: &Route, request: &Request, uri: &str) -> ::wiremock::ResponseTemplate {
    let asked = |name: &str| request.headers.get(name).and_then(|value| value.to_str().ok());
    let names = || route.examples.iter().map(|example| format!("`{}` ({})", example.name, example.status));
    let listed = || names().collect::<Vec<_>>().join(", ");
    if let Some(name) = asked(RESPONSE_NAME_HEADER) {
        return match route.examples.iter().find(|example| example.name == name) {
            Some(example) => serve(route, example, uri),
            None => {
                problem(404, format!("`{}` has no saved example named `{name}`; it has: {}", route.operation, listed()))
            }
        };
    }
    let chosen: Box<dyn Fn(&Example) -> bool> = match asked(RESPONSE_CODE_HEADER) {
        Some(code) => match code.trim().parse::<u16>() {
            Ok(code) => Box::new(move |example: &Example| example.status == code),
            Err(_) => return problem(400, format!("`{RESPONSE_CODE_HEADER}: {code}` is not a status")),
        },
        None => Box::new(|example: &Example| (200..300).contains(&example.status)),
    };
    let best = route
        .examples
        .iter()
        .enumerate()
        .filter(|(_, example)| chosen(example))
        .max_by_key(|(position, example)| (likeness(&example.request, request), ::std::cmp::Reverse(*position)));
    match best {
        Some((_, example)) => serve(route, example, uri),
        None if asked(RESPONSE_CODE_HEADER).is_some() => {
            problem(404, format!("`{}` has no saved example with that status; it has: {}", route.operation, listed()))
        }
        None => ::wiremock::ResponseTemplate::new(200).append_header(EXAMPLE_HEADER, "none"),
    }
}

/// A saved example as the API sent it, but for a `Link` header's URLs, which point at the mock.
fn serve(route: &Route, example: &Example, uri: &str) -> ::wiremock::ResponseTemplate {
    let mut template = ::wiremock::ResponseTemplate::new(example.status);
    for (name, value) in example.headers {
        let value =
            if name.eq_ignore_ascii_case("link") { offline_link(value, route.base, uri) } else { value.to_string() };
        if let Some((name, value)) = header(name, &value) {
            template = template.append_header(name, value);
        }
    }
    if let Some((name, value)) = header(EXAMPLE_HEADER, example.name) {
        template = template.append_header(name, value);
    }
    template.set_body_bytes(example.body)
}

/// A `Link` header's value with each `<URL>` moved to the mock: the operation's base URL, or
/// else any scheme and host, becomes the mock's, so that following it stays offline.
fn offline_link(value: &str, base: &str, uri: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>').map(|end| start + end) else {
            break;
        };
        out.push_str(&rest[..=start]);
        let target = &rest[start + 1..end];
        match target.strip_prefix(base).filter(|_| !base.is_empty()) {
            Some(path) => out.push_str(&format!("{uri}{path}")),
            None => match target.split_once("://") {
                Some((_, after)) => out.push_str(&format!("{uri}{}", after.find('/').map_or("", |at| &after[at..]))),
                None => out.push_str(target),
            },
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// How much of what a saved request sent this request sends too: its query pairs, and its
/// JSON body's top-level members (or the whole body, when it is not a JSON object).
fn likeness(saved: &Sent, request: &Request) -> usize {
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let mut same = saved.query.iter().filter(|(key, value)| query.iter().any(|(k, v)| k == key && v == value)).count();
    if !saved.body.is_empty() {
        let saved_body = ::serde_json::from_str::<::serde_json::Value>(saved.body);
        let sent = ::serde_json::from_slice::<::serde_json::Value>(&request.body);
        same += match (saved_body, sent) {
            (Ok(::serde_json::Value::Object(saved)), Ok(::serde_json::Value::Object(sent))) => {
                saved.iter().filter(|(key, value)| sent.get(key.as_str()) == Some(value)).count()
            }
            _ => usize::from(saved.body.as_bytes() == request.body.as_slice()),
        };
    }
    same
}

/// The query keys and body members or form keys a request sends (a bracketed key by its name
/// before `[`), to tell the operations on one route apart.
struct Keys {
    query: Vec<String>,
    /// `None` when the body is neither a JSON object nor a form.
    body: Option<Vec<String>>,
}

impl Keys {
    fn of(request: &Request) -> Keys {
        let base = |key: &str| key.split('[').next().unwrap_or_default().to_string();
        let query = request.url.query_pairs().map(|(key, _)| base(&key)).collect();
        let form = request
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        let body = if request.body.is_empty() {
            Some(Vec::new())
        } else if form {
            // The form's pairs, read as a query is (the URL library's form parser).
            let mut form = request.url.clone();
            form.set_query(Some(&String::from_utf8_lossy(&request.body)));
            Some(form.query_pairs().map(|(key, _)| base(&key)).collect())
        } else {
            match ::serde_json::from_slice::<::serde_json::Value>(&request.body) {
                Ok(::serde_json::Value::Object(members)) => Some(members.keys().cloned().collect()),
                _ => None,
            }
        };
        Keys { query, body }
    }

    /// How many of these keys the route's request cannot send.
    fn unknown_to(&self, route: &Route) -> usize {
        let query = self.query.iter().filter(|key| !route.query_keys.contains(&key.as_str())).count();
        let body = match (&self.body, route.body_keys) {
            (Some(sent), Some(known)) => sent.iter().filter(|key| !known.contains(&key.as_str())).count(),
            _ => 0,
        };
        query + body
    }
}

/// Whether `path` (as received, percent-encoded) fits `template`: segment by segment, each
/// `{name}` matching any text.
fn path_matches(template: &str, path: &str) -> bool {
    let template = if template.is_empty() { "/" } else { template };
    let (template, path): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template.iter().zip(&path).all(|(pattern, segment)| {
            let segment = ::percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
            segment_matches(pattern, &segment)
        })
}

/// Whether `segment` fits `pattern`, whose `{name}`s match any text (Postman sends an empty
/// path variable as an empty segment).
fn segment_matches(pattern: &str, segment: &str) -> bool {
    match pattern.find('{') {
        None => pattern == segment,
        Some(start) => {
            let Some(end) = pattern[start..].find('}').map(|end| start + end) else {
                return pattern == segment;
            };
            let (literal, rest) = (&pattern[..start], &pattern[end + 1..]);
            let Some(after) = segment.strip_prefix(literal) else {
                return false;
            };
            (0..=after.len())
                .filter(|taken| after.is_char_boundary(*taken))
                .any(|taken| segment_matches(rest, &after[taken..]))
        }
    }
}

/// The template's segments without a parameter.
fn literal_segments(template: &str) -> usize {
    template.split('/').filter(|segment| !segment.contains('{')).count()
}

/// The `404` for a request no operation matches, naming the operations on its path.
fn unmatched(request: &Request, on_path: &[usize]) -> ::wiremock::ResponseTemplate {
    let mut text = format!("No operation of the mock answers {} {}.", request.method, request.url.path());
    if on_path.is_empty() {
        text.push_str(" No operation has this path.");
    } else {
        text.push_str(" The operations on this path:");
        for index in on_path {
            let route = &ROUTES[*index];
            text.push_str(&format!("\n  {} {} ({})", route.method, route.path, route.operation));
        }
    }
    problem(404, text)
}

/// A response from the mock itself, not from the API's examples: `text` says what went wrong.
fn problem(status: u16, text: String) -> ::wiremock::ResponseTemplate {
    ::wiremock::ResponseTemplate::new(status)
        .append_header("content-type", "text/plain; charset=utf-8")
        .append_header("x-mock-error", "true")
        .set_body_bytes(text.into_bytes())
}

/// A header as `http` takes it, or `None` when it is not valid.
fn header(name: &str, value: &str) -> Option<(::wiremock::http::HeaderName, ::wiremock::http::HeaderValue)> {
    let name = ::wiremock::http::HeaderName::from_bytes(name.as_bytes()).ok()?;
    let value = ::wiremock::http::HeaderValue::from_str(value).ok()?;
    Some((name, value))
}
