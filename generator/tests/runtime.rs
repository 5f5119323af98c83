//! The runtime every generated crate shares (the files of `runtime/`), compiled here whole, with
//! every optional part, as one module (as in a generated crate), and tested as the generated
//! crates call it.

// The crates' `middleware` and `tracing` features are off here.
#[allow(dead_code, unexpected_cfgs)]
mod runtime {
    include!("../runtime/core.rs");
    include!("../runtime/send.rs");
    include!("../runtime/client.rs");
    include!("../runtime/encoding.rs");
    include!("../runtime/dynamic.rs");
    include!("../runtime/pagination.rs");
    include!("../runtime/signing.rs");

    /// How an operation authenticates, as a generated crate with a bearer token and Digest
    /// auth has it.
    #[derive(Debug, Clone, Copy)]
    pub(crate) enum Auth {
        Bearer,
        Digest(&'static Digest, Credential),
    }

    /// The credentials, as such a crate names them.
    #[derive(Debug, Clone, Copy)]
    pub(crate) enum Credential {
        Login,
    }

    /// The credentials such a crate holds.
    #[derive(Clone, Default)]
    pub(crate) struct Credentials {
        pub(crate) login: Option<(String, Option<String>)>,
    }

    impl Auth {
        pub(crate) fn credential(self) -> Option<Credential> {
            match self {
                Auth::Bearer => None,
                Auth::Digest(_, credential) => Some(credential),
            }
        }
    }

    impl Credentials {
        /// Such a crate gets no token itself (the generated crates' tests cover that).
        pub(crate) fn source(&self, _: Credential) -> Option<&TokenSource> {
            None
        }

        pub(crate) fn login(&self, credential: Credential) -> Option<(&str, Option<&str>)> {
            match credential {
                Credential::Login => self.login.as_ref().map(|(user, password)| (user.as_str(), password.as_deref())),
            }
        }
    }
}

/// The timeout of a whole request, as in a generated crate.
const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// One other host, as in a generated crate whose collection does not define it.
const HOSTS: [(&str, &str); 1] = [("{{authUrl}}", "with_auth_url_base_url")];

/// The client as a generated crate defines it (a bearer token, one other host); its behaviour
/// is the runtime's `impl crate::Client`.
#[derive(Clone)]
struct Client {
    base_url: String,
    sender: runtime::Sender,
    timeout: std::time::Duration,
    options: runtime::RequestOptions,
    hosts: [Option<String>; 1],
    token: Option<String>,
    credentials: runtime::Credentials,
}

impl Client {
    fn new(base_url: &str) -> Result<Self, Error> {
        Ok(Client {
            base_url: runtime::check_base_url(base_url)?,
            sender: runtime::Sender::new()?,
            timeout: DEFAULT_TIMEOUT,
            options: runtime::RequestOptions::default(),
            hosts: [None],
            token: Some("secret".to_string()),
            credentials: runtime::Credentials {
                login: Some(("Mufasa".to_string(), Some("Circle Of Life".to_string()))),
            },
        })
    }

    /// As a generated crate applies a bearer token.
    fn authorize(
        &self,
        builder: reqwest::RequestBuilder,
        auth: Option<runtime::Auth>,
    ) -> Result<reqwest::Request, Error> {
        let builder = match (auth, &self.token) {
            (Some(runtime::Auth::Bearer), Some(token)) => builder.bearer_auth(token),
            _ => builder,
        };
        Ok(builder.build()?)
    }
}

#[tokio::test]
async fn the_client_prepares_options_and_credentials_and_sends() {
    let port = answer_once("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    let client = Client::new(&format!("http://127.0.0.1:{port}/v1/"))
        .unwrap()
        .with_timeout(std::time::Duration::from_secs(5))
        .with_retry_policy(RetryPolicy::none());
    assert_eq!(client.base_url(), format!("http://127.0.0.1:{port}/v1"));
    let once = client.with_options(runtime::RequestOptions::new().header("x-trace", "1"));
    let request = once.prepare(once.request(reqwest::Method::GET, "/things"), Some(runtime::Auth::Bearer)).unwrap();
    assert_eq!(request.url().path(), "/v1/things");
    assert_eq!(request.headers()["authorization"], "Bearer secret");
    assert_eq!(request.headers()["x-trace"], "1");
    assert_eq!(request.timeout(), Some(&std::time::Duration::from_secs(5)));
    let builder = client.request(reqwest::Method::GET, "/things");
    let outgoing = runtime::Outgoing { builder, auth: None, operation: "list", path: "/things" };
    let response = client.send(Ok(outgoing)).await.unwrap();
    assert_eq!((response.status, response.body.as_slice()), (200, b"ok".as_slice()));
}

#[test]
fn a_host_without_a_base_url_and_a_link_elsewhere_are_refused() {
    let client = Client::new("https://api.example.com").unwrap();
    let Err(Error::InvalidRequest { reason }) = client.request_to(0, reqwest::Method::GET, "/token") else {
        panic!("a request to an unset host is refused")
    };
    assert!(reason.contains("{{authUrl}}") && reason.contains("Client::with_auth_url_base_url"), "{reason}");
    let elsewhere = reqwest::Url::parse("https://evil.example.com/page2").unwrap();
    assert!(matches!(client.follow(None, elsewhere), Err(Error::InvalidRequest { .. })));
    let next = reqwest::Url::parse("https://api.example.com/things?page=2").unwrap();
    assert_eq!(client.follow(None, next).unwrap().build().unwrap().url().query(), Some("page=2"));
}

use std::io::{Read as _, Write as _};

use runtime::{Error, ErrorCode, FilePart, Pairs, RawResponse, RetryPolicy};

#[test]
fn path_parameters_cannot_change_the_route() {
    let encode = |value: &str| runtime::encode_path("users::update_user", "user_id", value);
    assert_eq!(encode("a b/c?d#e").unwrap(), "a%20b%2Fc%3Fd%23e");
    assert_eq!(encode("-._~Az09").unwrap(), "-._~Az09");
    assert_eq!(encode("é").unwrap(), "%C3%A9");
    assert_eq!(encode(" ").unwrap(), "%20");
    for value in ["", ".", ".."] {
        let error = encode(value).unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { .. }), "{value}: {error}");
        assert!(error.to_string().contains("users::update_user: the path parameter user_id "), "{error}");
    }
    assert!(encode("").unwrap_err().to_string().ends_with("the path parameter user_id is empty"));
    assert_eq!(encode("...").unwrap(), "...");
}

#[test]
fn dynamic_variables_are_produced_and_others_kept() {
    let guid = runtime::dynamic("{{$guid}}");
    assert_eq!(guid.len(), 36, "{guid}");
    assert_eq!(guid.matches('-').count(), 4, "{guid}");
    assert_ne!(runtime::dynamic("{{$randomUUID}}"), runtime::dynamic("{{$randomUUID}}"));
    let timestamp: u64 = runtime::dynamic("{{$timestamp}}").parse().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!(timestamp.abs_diff(now) < 5);
    let iso = runtime::dynamic("{{$isoTimestamp}}");
    let bytes = iso.as_bytes();
    assert_eq!(iso.len(), 24, "{iso}");
    assert!(bytes[4] == b'-' && bytes[7] == b'-' && bytes[10] == b'T' && bytes[19] == b'.' && iso.ends_with('Z'));
    let year: u64 = iso[..4].parse().unwrap();
    assert_eq!(year, 1970 + now / 31_556_952, "{iso}");
    for _ in 0..50 {
        let n: u32 = runtime::dynamic("{{$randomInt}}").parse().unwrap();
        assert!(n <= 1000);
    }
    assert_eq!(runtime::dynamic("a {{$unknown}} b {{plain}} {{$guid"), "a {{$unknown}} b {{plain}} {{$guid");
    assert_eq!(runtime::or_dynamic(vec!["given".to_string()], "{{$guid}}"), vec!["given"]);
    assert_eq!(runtime::or_dynamic(Vec::new(), "id-{{$timestamp}}").len(), 1);
}

#[test]
fn base_urls_are_checked_and_trimmed() {
    assert_eq!(runtime::check_base_url("https://api.example.com/v2/").unwrap(), "https://api.example.com/v2");
    for url in ["ftp://example.com", "not a url", "/relative"] {
        assert!(matches!(runtime::check_base_url(url), Err(Error::InvalidBaseUrl { .. })), "{url}");
    }
}

#[test]
fn bodies_decode_or_say_why() {
    let raw = |status, body: &[u8]| RawResponse {
        status,
        headers: Default::default(),
        content_type: None,
        body: body.to_vec(),
    };
    let response = raw(201, br#"{"id": 5}"#);
    let value: serde_json::Value = response.json().unwrap();
    assert_eq!(value["id"], 5);
    let wrong = response.json::<Vec<u8>>().unwrap_err();
    assert!(matches!(&wrong, Error::Decode { status: 201, body, .. } if body == r#"{"id": 5}"#), "{wrong}");
    let empty = raw(204, b" \n");
    assert_eq!(empty.text(), " \n");
    assert_eq!(*empty.clone().into_optional_json::<serde_json::Value>().unwrap(), None);
    let typed = response.clone().into_json::<serde_json::Value>().unwrap();
    assert_eq!((typed.status(), typed["id"].as_i64()), (201, Some(5)));
    assert_eq!(typed.raw(), &response);
    assert_eq!(typed.into_parts().1.body, br#"{"id": 5}"#);
    assert_eq!(response.clone().into_text().into_inner(), r#"{"id": 5}"#);
    assert_eq!(*response.clone().into_bytes(), br#"{"id": 5}"#.to_vec());
    assert_eq!(response.into_empty().status(), 201);
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct User {
    id: i64,
    login: Option<Login>,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Login {
    at: String,
}

#[test]
fn a_mismatch_names_its_json_path() {
    let raw = |body: &str| RawResponse {
        status: 200,
        headers: Default::default(),
        content_type: None,
        body: body.as_bytes().to_vec(),
    };
    let error = raw(r#"[{"id": 1}, {"id": 2, "login": {"at": 5}}]"#).json::<Vec<User>>().unwrap_err();
    assert!(matches!(&error, Error::Decode { path, .. } if path == "[1].login.at"), "{error:?}");
    assert!(error.to_string().contains("at `[1].login.at`"), "{error}");
    let trailing = raw(r#"{"id": 1} x"#).json::<User>().unwrap_err();
    assert!(matches!(&trailing, Error::Decode { path, .. } if path == "."), "{trailing:?}");
}

#[test]
fn request_options_add_headers_query_and_timeout() {
    let http = reqwest::Client::new();
    let options = runtime::RequestOptions::new()
        .idempotency_key("order-1")
        .header("x-trace", "abc")
        .query("expand", "items")
        .timeout(std::time::Duration::from_secs(2));
    let request = options
        .apply(http.get("http://127.0.0.1:1/x?a=1"), std::time::Duration::from_secs(30))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(request.headers()["idempotency-key"], "order-1");
    assert_eq!(request.headers()["x-trace"], "abc");
    assert_eq!(request.url().query(), Some("a=1&expand=items"));
    assert_eq!(request.timeout(), Some(&std::time::Duration::from_secs(2)));
    let plain = runtime::RequestOptions::new()
        .apply(http.get("http://127.0.0.1:1/"), std::time::Duration::from_secs(30))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(plain.timeout(), Some(&std::time::Duration::from_secs(30)));
    let bad = runtime::RequestOptions::new().header("x", "a\nb");
    assert!(matches!(
        bad.apply(http.get("http://127.0.0.1:1/"), std::time::Duration::from_secs(1)),
        Err(Error::InvalidRequest { .. })
    ));
    assert!(
        !format!("{:?}", runtime::RequestOptions::new().header("authorization", "Bearer secret")).contains("secret")
    );
}

#[test]
fn invalid_values_are_errors_not_requests() {
    let http = reqwest::Client::new();
    let builder = || http.get("http://127.0.0.1:1/x");
    let mut pairs = Pairs::default();
    pairs.add("a", ["1".to_string(), "2".to_string()]);
    pairs.add("b", None);
    let request = pairs.query(builder()).build().unwrap();
    assert_eq!(request.url().query(), Some("a=1&a=2"));
    let mut headers = Pairs::default();
    headers.add("x-one", Some("line\nbreak".to_string()));
    assert!(matches!(headers.headers(builder()), Err(Error::InvalidRequest { .. })));
    assert!(matches!(runtime::method(b"BAD METHOD"), Err(Error::InvalidRequest { .. })));
    assert_eq!(runtime::method(b"PROPFIND").unwrap().as_str(), "PROPFIND");
    let secret = runtime::secret_header("token").unwrap();
    assert!(secret.is_sensitive());
    assert!(runtime::secret_header("a\r\nb").is_err());
    let file = FilePart::new(b"x".to_vec(), "a.txt").with_content_type("not a type\n");
    assert!(runtime::file_parts(reqwest::multipart::Form::new(), "f", [file]).is_err());
    assert_eq!(runtime::to_json(&serde_json::json!({"a": [1]})).unwrap(), r#"{"a":[1]}"#);
}

/// Answers one request on a loopback port with `response`, returning the port.
fn answer_once(response: &'static str) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0; 4096];
        let _ = stream.read(&mut request);
        stream.write_all(response.as_bytes()).unwrap();
    });
    port
}

#[tokio::test]
async fn error_statuses_become_api_errors_with_code_and_message() {
    let body = r#"{"code": "1001", "message": "User does not exist"}"#;
    let response: &'static str = Box::leak(
        format!(
            "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    );
    let port = answer_once(response);
    let sender = runtime::Sender::new().unwrap();
    let request = sender.http.get(format!("http://127.0.0.1:{port}/users/x")).build().unwrap();
    let error = sender.execute(request, &RetryPolicy::default(), "get_user", "/users/{userId}").await.unwrap_err();
    let Error::Api(api) = &error else { panic!("{error}") };
    assert_eq!(api.status, 404);
    assert_eq!(api.headers.get("content-type").unwrap(), "application/json");
    assert_eq!(api.code, Some(ErrorCode::Text("1001".to_string())));
    assert_eq!(api.message.as_deref(), Some("User does not exist"));
    assert_eq!(api.body, body);
    assert_eq!(error.to_string(), "the API answered 404 with code 1001: User does not exist");
}

#[tokio::test]
async fn success_is_the_raw_response() {
    let port = answer_once("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok");
    let sender = runtime::Sender::new().unwrap();
    let request = sender.http.get(format!("http://127.0.0.1:{port}/")).build().unwrap();
    let response = sender.execute(request, &RetryPolicy::default(), "root", "/").await.unwrap();
    assert_eq!((response.status, response.body.as_slice()), (200, &b"ok"[..]));
    assert_eq!(response.content_type.as_deref(), Some("text/plain"));
    assert_eq!(response.headers.get("content-length").unwrap(), "2");
}

#[tokio::test]
async fn transport_errors_do_not_show_the_url() {
    // Nothing listens on port 1.
    let sender = runtime::Sender::new().unwrap();
    let request = sender.http.get("http://127.0.0.1:1/path?access_token=secret").build().unwrap();
    let error = sender.execute(request, &RetryPolicy::none(), "path", "/path").await.unwrap_err();
    assert!(matches!(error, Error::Transport { attempts: 1, .. }), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("secret"), "{error:?}");
}

/// An error body's code and message, as `ApiError` finds them.
fn code_and_message(body: &str) -> (Option<String>, Option<String>) {
    let json = serde_json::from_str(body).unwrap();
    let (code, message) = runtime::code_and_message(&json);
    (code.map(|code| code.to_string()), message)
}

#[test]
fn error_codes_and_messages_are_found_in_the_common_shapes() {
    let both = |code: &str, message: &str| (Some(code.to_string()), Some(message.to_string()));
    // Zoom
    assert_eq!(
        code_and_message(r#"{"code": 1001, "message": "User does not exist"}"#),
        both("1001", "User does not exist")
    );
    // Stripe
    assert_eq!(
        code_and_message(
            r#"{"error": {"code": "card_declined", "message": "Your card was declined.", "type": "card_error"}}"#
        ),
        both("card_declined", "Your card was declined.")
    );
    // OAuth 2.0
    assert_eq!(
        code_and_message(r#"{"error": "invalid_grant", "error_description": "The code has expired."}"#),
        both("invalid_grant", "The code has expired.")
    );
    // GraphQL and JSON:API
    assert_eq!(
        code_and_message(r#"{"errors": [{"message": "Field 'x' doesn't exist"}]}"#).1.as_deref(),
        Some("Field 'x' doesn't exist")
    );
    assert_eq!(code_and_message(r#"{"errors": [{"code": "E1", "detail": "Bad id"}]}"#), both("E1", "Bad id"));
    assert_eq!(code_and_message(r#"{"errors": ["plain text"]}"#), (None, Some("plain text".to_string())));
    // RFC 9457 problem details
    assert_eq!(
        code_and_message(r#"{"title": "Not Found", "detail": "No user 5"}"#),
        (None, Some("No user 5".to_string()))
    );
    assert_eq!(code_and_message(r#"{"title": "Not Found"}"#), (None, Some("Not Found".to_string())));
    assert_eq!(code_and_message(r#"["not", "an", "object"]"#), (None, None));
    let number = runtime::code_and_message(&serde_json::json!({"code": 124})).0;
    assert_eq!(number, Some(ErrorCode::Number(124.into())));
}

#[tokio::test]
async fn a_body_past_the_limit_is_refused_unread() {
    let mut sender = runtime::Sender::new().unwrap();
    sender.max_response_bytes = 5;
    let declared = answer_once("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n0123456789");
    let request = sender.http.get(format!("http://127.0.0.1:{declared}/")).build().unwrap();
    let error = sender.execute(request, &RetryPolicy::none(), "root", "/").await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { status: 200, limit: 5 }), "{error:?}");
    let chunked =
        answer_once("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\n0123\r\n4\r\n4567\r\n0\r\n\r\n");
    let request = sender.http.get(format!("http://127.0.0.1:{chunked}/")).build().unwrap();
    let error = sender.execute(request, &RetryPolicy::none(), "root", "/").await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
    assert_eq!(error.to_string(), "the response (status 200) is larger than the limit of 5 bytes");
}

#[test]
fn the_next_page_is_read_from_the_body() {
    let raw = |body: &str| RawResponse {
        status: 200,
        headers: Default::default(),
        content_type: None,
        body: body.as_bytes().to_vec(),
    };
    let page = raw(
        r#"{"next_page_token": "t2", "meta": {"next_token": ""}, "has_more": true, "data": [{"id": "a"}, {"id": "b"}]}"#,
    );
    assert_eq!(runtime::next_token(&page, "/next_page_token", None).as_deref(), Some("t2"));
    assert_eq!(runtime::next_token(&page, "/next_page_token", Some("t2")), None, "the same token again would loop");
    assert_eq!(runtime::next_token(&page, "/meta/next_token", None), None, "an empty token ends the list");
    assert_eq!(runtime::next_token(&page, "/missing", None), None);
    assert_eq!(runtime::next_starting_after(&page, "/data").as_deref(), Some("b"));
    assert_eq!(runtime::next_starting_after(&raw(r#"{"has_more": false, "data": [{"id": "a"}]}"#), "/data"), None);
    assert_eq!(runtime::next_offset(&page, "/data", 10, Some(2)), Some(12));
    assert_eq!(runtime::next_offset(&page, "/data", 10, Some(3)), None, "a short page is the last");
    assert_eq!(runtime::next_offset(&raw(r#"{"data": []}"#), "/data", 10, None), None);
    assert_eq!(runtime::next_page(&page, "/data", 1), Some(2));
    assert_eq!(runtime::next_page(&raw("not json"), "/data", 1), None);
    assert_eq!(runtime::json_items(&page, "/data").len(), 2);
    let last = raw(r#"{"next_cursor": "c9", "has_more": false}"#);
    assert_eq!(runtime::next_token(&last, "/next_cursor", Some("c8")), None, "`has_more: false` ends the list");
    assert_eq!(runtime::json_items(&raw(r#"[1, 2, 3]"#), "").len(), 3, "a body that is the list");
}

#[test]
fn the_next_page_is_read_from_the_link_header() {
    let page = |links: &[&str]| {
        let mut headers = reqwest::header::HeaderMap::new();
        for link in links {
            headers.append(reqwest::header::LINK, link.parse().unwrap());
        }
        RawResponse { status: 200, headers, content_type: None, body: Vec::new() }
    };
    let next =
        |links: &[&str]| runtime::next_link(&page(links), "https://api.example.com/v2").map(|url| url.to_string());
    let github = r#"<https://api.example.com/v2/users?page=2&a=1,2>; rel="next", <https://api.example.com/v2/users?page=9>; rel="last""#;
    assert_eq!(next(&[github]).as_deref(), Some("https://api.example.com/v2/users?page=2&a=1,2"));
    assert_eq!(
        next(&[r#"</v2/users?page=3>; rel="prev""#, r#"<users?page=5>; rel="next""#]).as_deref(),
        Some("https://api.example.com/v2/users?page=5")
    );
    assert_eq!(
        next(&[r#"<https://api.example.com/v2/users?page=4>; rel="prev next""#]).as_deref(),
        Some("https://api.example.com/v2/users?page=4")
    );
    assert_eq!(next(&[r#"<https://api.example.com/v2/users?page=9>; rel="last""#]), None);
    assert_eq!(next(&["not a link"]), None);
    assert_eq!(next(&[]), None);

    let base = "https://api.example.com/v2";
    let url = |text: &str| reqwest::Url::parse(text).unwrap();
    assert!(runtime::same_origin(base, url("https://api.example.com/v3/users?page=2")).is_ok());
    for elsewhere in
        ["https://evil.example/v2/users", "http://api.example.com/v2/users", "https://api.example.com:8443/v2/users"]
    {
        let error = runtime::same_origin(base, url(elsewhere)).expect_err(elsewhere);
        assert!(error.to_string().contains("is not on `https://api.example.com/v2`"), "{error}");
    }
}

/// Twitter's worked example of an OAuth 1.0 signature (its "Creating a signature" guide), with
/// the parameters in the `Authorization` header as Postman writes them.
#[test]
fn oauth1_signs_as_the_specification_and_postman_do() {
    let settings = runtime::OAuth1 {
        signature_method: "HMAC-SHA1",
        version: "1.0",
        realm: "",
        callback: "",
        verifier: "",
        timestamp: "1318622958",
        nonce: "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
        to_header: true,
        sign_empty: false,
        body_hash: false,
        raw_header: false,
    };
    let keys = runtime::OAuth1Keys {
        consumer_key: "xvz1evFS4wEEPTGEFPHBog".to_string(),
        consumer_secret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw".to_string(),
        token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb".to_string(),
        token_secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE".to_string(),
    };
    let mut request = reqwest::Client::new()
        .post("https://api.twitter.com/1.1/statuses/update.json?include_entities=true")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21")
        .build()
        .unwrap();
    runtime::sign_oauth1(&mut request, &settings, &keys).unwrap();
    let header = request.headers()["authorization"].to_str().unwrap();
    assert_eq!(
        header,
        "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\",\
         oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\",oauth_signature_method=\"HMAC-SHA1\",\
         oauth_timestamp=\"1318622958\",oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\",\
         oauth_version=\"1.0\",oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\""
    );

    // In the query, with a realm left out of it and the other methods.
    for (method, signature) in [
        ("PLAINTEXT", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"),
        ("HMAC-SHA256", ""),
        ("HMAC-SHA512", ""),
    ] {
        let settings = runtime::OAuth1 { signature_method: method, to_header: false, realm: "r", ..settings };
        let mut request = reqwest::Client::new().get("https://example.com/a?b=c d").build().unwrap();
        runtime::sign_oauth1(&mut request, &settings, &keys).unwrap();
        let query: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
        assert_eq!(query[0], ("b".to_string(), "c d".to_string()));
        assert!(query.iter().all(|(name, _)| name != "realm"), "{query:?}");
        let sent = &query.iter().find(|(name, _)| name == "oauth_signature").unwrap().1;
        if signature.is_empty() {
            assert!(sent.ends_with('='), "{method}: a base64 signature, {sent}");
        } else {
            assert_eq!(sent, signature);
        }
    }

    // Without a consumer key or secret there is nothing to sign with.
    let mut request = reqwest::Client::new().get("https://example.com/").build().unwrap();
    let none = runtime::OAuth1Keys { consumer_secret: String::new(), ..keys };
    runtime::sign_oauth1(&mut request, &settings, &none).unwrap();
    assert!(request.headers().get("authorization").is_none());
}

/// AWS's worked example of a Signature Version 4 (IAM `ListUsers`, in its "Signature Version 4
/// signing process" guide).
#[test]
fn aws_signature_v4_signs_as_aws_documents() {
    let settings = runtime::AwsV4 { service: "iam", region: "us-east-1", to_query: false };
    let keys = runtime::AwsV4Keys {
        access_key: "AKIDEXAMPLE".to_string(),
        secret_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_string(),
        session_token: String::new(),
    };
    let mut request = reqwest::Client::new()
        .get("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08")
        .header("content-type", "application/x-www-form-urlencoded; charset=utf-8")
        .build()
        .unwrap();
    runtime::sign_awsv4_at(&mut request, &settings, &keys, "20150830T123600Z").unwrap();
    assert_eq!(request.headers()["x-amz-date"], "20150830T123600Z");
    assert_eq!(
        request.headers()["authorization"],
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date, \
         Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    );

    // A session token is signed too; in the query, the signature comes last.
    let settings = runtime::AwsV4 { to_query: true, ..settings };
    let keys = runtime::AwsV4Keys { session_token: "session".to_string(), ..keys };
    let mut request = reqwest::Client::new().get("https://iam.amazonaws.com/?Action=ListUsers").build().unwrap();
    runtime::sign_awsv4(&mut request, &settings, &keys).unwrap();
    let query: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
    let names: Vec<&str> = query.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Action",
            "X-Amz-Security-Token",
            "X-Amz-Date",
            "X-Amz-Algorithm",
            "X-Amz-Credential",
            "X-Amz-SignedHeaders",
            "X-Amz-Signature"
        ]
    );
    assert!(request.headers().get("authorization").is_none());
}

/// RFC 7616's worked example (MD5, `qop=auth`), and the challenge read from a `401`.
#[test]
fn digest_answers_the_challenge_as_the_rfc_does() {
    let settings = runtime::Digest {
        algorithm: "MD5",
        realm: "",
        nonce: "",
        qop: "",
        opaque: "",
        client_nonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
        nonce_count: "00000001",
    };
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "www-authenticate",
        "Digest realm=\"http-auth@example.org\", qop=\"auth\", algorithm=MD5, \
         nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", \
         opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
            .parse()
            .unwrap(),
    );
    let challenge = runtime::digest_challenge(&headers).unwrap();
    assert_eq!(challenge.qop, "auth");
    let mut request = reqwest::Client::new().get("http://www.example.org/dir/index.html").build().unwrap();
    runtime::sign_digest(&mut request, &settings, "Mufasa", "Circle of Life", &challenge).unwrap();
    assert_eq!(
        request.headers()["authorization"].to_str().unwrap(),
        "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", \
         nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", algorithm=\"MD5\", qop=auth, \
         nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", \
         response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
    );
    let sha = runtime::Digest { algorithm: "SHA-256", ..settings };
    let mut request = reqwest::Client::new().get("http://www.example.org/dir/index.html").build().unwrap();
    runtime::sign_digest(&mut request, &sha, "Mufasa", "Circle of Life", &challenge).unwrap();
    assert!(
        request.headers()["authorization"]
            .to_str()
            .unwrap()
            .contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""),
        "RFC 7616 §3.9.1, SHA-256"
    );
}
