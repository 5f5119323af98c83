//! The client generated from `tests/collections/features.postman_collection.json` on the wire:
//! every auth kind, body mode, repeated key, dynamic variable and method the generator maps.

use feature_client::bodies::{GraphQlVariables, JsonBodyOnGetBody, Owner, RawJsonBody};
use feature_client::{Client, Error, FilePart};
use postman_codegen_tests::{header, mock_server, multipart_parts, only_request, percent_decode};
use serde_json::{Value, json};
use wiremock::MockServer;

async fn server() -> (MockServer, Client) {
    let server = mock_server(200, "{}").await;
    let client = Client::new(&server.uri()).expect("valid base URL");
    (server, client)
}

fn query(request: &wiremock::Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[tokio::test]
async fn each_auth_kind_sends_the_credentials_where_the_collection_says() {
    let (server, client) = server().await;
    let client = client.with_token("t0k").with_basic_auth("user", Some("pass".into())).with_key("k3y");
    let auth = client.auth();
    auth.bearer_token().await.unwrap();
    auth.basic_credentials().await.unwrap();
    auth.key_in_query().await.unwrap();
    auth.key_in_header().await.unwrap();
    auth.o_auth2_token_in_query().await.unwrap();
    auth.o_auth2_token_with_prefix().await.unwrap();
    auth.no_auth().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let by_path = |path: &str| requests.iter().find(|r| r.url.path() == path).unwrap();
    assert_eq!(header(by_path("/auth/bearer"), "authorization"), Some("Bearer t0k"));
    assert_eq!(header(by_path("/auth/basic"), "authorization"), Some("Basic dXNlcjpwYXNz"));
    assert_eq!(query(by_path("/auth/key-query")), vec![("api_key".to_string(), "k3y".to_string())]);
    assert_eq!(
        header(by_path("/auth/key-query"), "x-api-key"),
        None,
        "the request's own auth replaces the collection's"
    );
    assert_eq!(header(by_path("/auth/key-header"), "x-api-key"), Some("k3y"), "inherited from the collection");
    assert_eq!(query(by_path("/auth/oauth2-query")), vec![("access_token".to_string(), "t0k".to_string())]);
    assert_eq!(header(by_path("/auth/oauth2-query"), "authorization"), None);
    assert_eq!(header(by_path("/auth/oauth2-header"), "authorization"), Some("Token t0k"));
    let open = by_path("/auth/open");
    assert_eq!((header(open, "authorization"), header(open, "x-api-key")), (None, None), "noauth stops inheritance");
    let debug = format!("{client:?}");
    for secret in ["t0k", "pass", "k3y"] {
        assert!(!debug.contains(secret), "Debug shows no credential: {debug}");
    }
}

#[tokio::test]
async fn signing_kinds_left_to_the_hook_call_it_or_refuse_to_send() {
    let (server, client) = server().await;
    let error = client.auth().hawk().await.expect_err("no signer");
    assert!(matches!(&error, Error::Signing { kind, .. } if kind == "hawk"), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "an unsigned request is never sent");

    let client = client.with_signer(|kind, request| {
        let value = format!("{kind} signed {} {}", request.method(), request.url().path());
        request.headers_mut().insert("authorization", value.parse()?);
        Ok(())
    });
    client.auth().hawk().await.unwrap();
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("hawk signed GET /auth/hawk"));
}

/// Digest auth answers the server's `401` challenge once, with the collection's user name and
/// the password the program gives; the response verifies with that password (RFC 7616).
#[tokio::test]
async fn digest_answers_the_servers_challenge_once() {
    let server = MockServer::start().await;
    let client = Client::new(&server.uri()).unwrap();
    wiremock::Mock::given(wiremock::matchers::header_exists("authorization"))
        .respond_with(wiremock::ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let challenge = "Digest realm=\"features\", qop=\"auth\", nonce=\"n-1\", opaque=\"o-1\"";
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(401).insert_header("www-authenticate", challenge))
        .mount(&server)
        .await;
    client.clone().with_basic_auth("user", Some("pass".into())).auth().digest().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "one challenge, one answer");
    assert!(header(&received[0], "authorization").is_none());
    let answer = &received[1];
    let recorded = conformance::recorder::Recorded {
        method: answer.method.to_string(),
        target: answer.url.path().to_string(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let verified = conformance::compare::verify_digest(&recorded, header(answer, "authorization").unwrap(), "pass");
    assert_eq!(
        verified.as_deref(),
        Ok("Digest username=user, realm=features, nonce=n-1, uri=/auth/digest, algorithm=MD5, qop=auth, \
            nc=00000001, cnonce=<verified>, response=<verified>, opaque=o-1")
    );

    // A wrong password is the server's 401 again, not a loop.
    server.reset().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(401).insert_header("www-authenticate", challenge))
        .mount(&server)
        .await;
    match client.with_basic_auth("user", Some("wrong".into())).auth().digest().await {
        Err(Error::Api(error)) => assert_eq!(error.status, 401),
        other => panic!("expected the 401, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn urlencoded_repeated_keys_and_disabled_fields() {
    let (server, client) = server().await;
    let tags = vec!["math".to_string(), "engines".to_string()];
    client.bodies().urlencoded_form("Ada Lovelace").tag(tags).await.unwrap();
    let received = only_request(&server).await;
    assert_eq!(header(&received, "content-type"), Some("application/x-www-form-urlencoded"));
    let pairs: Vec<(String, String)> = url_pairs(&received.body);
    assert_eq!(
        pairs,
        [("name", "Ada Lovelace"), ("tag", "math"), ("tag", "engines")].map(|(k, v)| (k.into(), v.into()))
    );
}

fn url_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[tokio::test]
async fn multipart_text_and_file_parts() {
    let (server, client) = server().await;
    let file = FilePart::new(b"a,b\n1,2\n".to_vec(), "report.csv").with_content_type("text/csv");
    client.bodies().multipart_with_file().title("Report & summary").attachment(file).await.unwrap();
    let received = only_request(&server).await;
    let parts = multipart_parts(header(&received, "content-type").unwrap(), received.body.clone()).await;
    assert_eq!(parts.len(), 2);
    assert_eq!(
        (parts[0].name.as_str(), parts[0].value.as_str(), parts[0].file_name.as_deref()),
        ("title", "Report & summary", None)
    );
    assert_eq!(parts[1].name, "attachment");
    assert_eq!(parts[1].file_name.as_deref(), Some("report.csv"));
    assert_eq!(parts[1].content_type.as_deref(), Some("text/csv"));
    assert_eq!(parts[1].value, "a,b\n1,2\n");
}

#[tokio::test]
async fn raw_json_xml_binary_graphql_and_get_bodies() {
    let (server, client) = server().await;
    let bodies = client.bodies();
    let json_body = RawJsonBody::new(7, vec!["a".into(), "b".into()], Owner::new("Ada"));
    bodies.raw_json(json_body).await.unwrap();
    bodies.raw_xml("<note><to>Ada</to></note>").await.unwrap();
    bodies.binary_file(vec![0, 159, 146, 150]).await.unwrap();
    bodies.graph_ql(GraphQlVariables::new("42")).await.unwrap();
    bodies.json_body_on_get(JsonBodyOnGetBody::new("open")).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let json_of = |r: &wiremock::Request| serde_json::from_slice::<Value>(&r.body).unwrap();

    assert_eq!(header(&requests[0], "content-type"), Some("application/json"));
    assert_eq!(json_of(&requests[0]), json!({"id": 7, "tags": ["a", "b"], "owner": {"name": "Ada"}}));
    assert_eq!(header(&requests[1], "content-type"), Some("application/xml"));
    assert_eq!(requests[1].body, b"<note><to>Ada</to></note>");
    assert_eq!(
        (requests[2].method.as_str(), header(&requests[2], "content-type")),
        ("PUT", Some("application/octet-stream"))
    );
    assert_eq!(requests[2].body, vec![0, 159, 146, 150]);
    assert_eq!(
        json_of(&requests[3]),
        json!({"query": "query Thing($id: ID!) { thing(id: $id) { name } }", "variables": {"id": "42"}})
    );
    assert_eq!(
        (requests[4].method.as_str(), json_of(&requests[4])),
        ("GET", json!({"filter": "open"})),
        "GET keeps its body"
    );
}

#[tokio::test]
async fn methods_repeated_query_keys_and_typed_parameters() {
    let (server, client) = server().await;
    let requests_client = client.requests();
    requests_client.things().await.unwrap();
    requests_client.things_head().await.unwrap();
    requests_client.purge_cache().await.unwrap();
    requests_client.search("rust lang").ids(vec!["1".into(), "2".into()]).page(2).await.unwrap();
    let received = server.received_requests().await.unwrap();
    let methods: Vec<&str> = received.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["GET", "HEAD", "PURGE", "GET"], "HEAD is its own operation; custom methods are sent as is");
    assert_eq!(
        query(&received[3]),
        [("ids", "1"), ("ids", "2"), ("q", "rust lang"), ("page", "2")].map(|(k, v)| (k.into(), v.into())),
        "repeated keys in order; the disabled `debug` is left out unless set"
    );
}

#[tokio::test]
async fn dynamic_variables_are_produced_at_call_time_and_headers_are_checked() {
    let (server, client) = server().await;
    let requests = client.requests();
    requests.traced().x_tenant("acme").await.unwrap();
    requests.traced().await.unwrap();
    let received = server.received_requests().await.unwrap();
    let ids: Vec<&str> = received.iter().map(|r| header(r, "x-request-id").unwrap()).collect();
    for id in &ids {
        assert_eq!(id.len(), 36, "a UUID: {id}");
        assert_eq!(id.matches('-').count(), 4, "a UUID: {id}");
    }
    assert_ne!(ids[0], ids[1], "a fresh value per call");
    assert_eq!(header(&received[0], "x-tenant"), Some("acme"));

    let error = requests
        .traced()
        .x_tenant("acme\r\nX-Injected: 1")
        .await
        .expect_err("a line break in a header value is refused");
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "nothing more was sent");
}

#[tokio::test]
async fn undefined_path_variables_become_encoded_parameters() {
    let (server, client) = server().await;
    client.requests().versioned_item("2", "a/b c").await.unwrap();
    let received = only_request(&server).await;
    assert_eq!(received.url.path(), "/v2/items/a%2Fb%20c", "a `/` in a value cannot add a segment");
    assert_eq!(percent_decode(received.url.path()), "/v2/items/a/b c");
}

#[tokio::test]
async fn path_parameters_cannot_change_the_route() {
    let (server, client) = server().await;
    let hostile = ["a/../../admin", "x?admin=1", "x#frag", "100%", "a b", "é✓", "%2e%2e", "...", "a/b"];
    for value in hostile {
        client.requests().versioned_item("1", value).await.unwrap();
    }
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), hostile.len());
    for (request, value) in received.iter().zip(hostile) {
        let path = request.url.path();
        let last = path.rsplit('/').next().unwrap();
        assert!(path.starts_with("/v1/items/"), "{value:?} stays under /v1/items/: {path}");
        assert_eq!(path.matches('/').count(), 3, "{value:?} adds no segment: {path}");
        assert_eq!(percent_decode(last), value, "{value:?} arrives as sent");
        assert_eq!(request.url.query(), None, "{value:?} adds no query");
    }
    for dots in [".", ".."] {
        let error = client.requests().versioned_item("1", dots).await.expect_err("dot segments are refused");
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), hostile.len(), "nothing sent for `.` or `..`");
}

#[tokio::test]
async fn query_values_cannot_add_parameters() {
    let (server, client) = server().await;
    client.requests().search("a&admin=1#x=y").await.unwrap();
    assert_eq!(query(&only_request(&server).await), vec![("q".to_string(), "a&admin=1#x=y".to_string())]);
}

#[test]
fn debug_never_shows_credentials_held_in_requests() {
    let client = zoom_api::Client::new("https://api.example.com").unwrap();
    let request = client.users().tsp().add_users_tsp_account("u-1", "0125", "9999-secret-pin");
    let debug = format!("{request:?}");
    assert!(!debug.contains("9999-secret-pin"), "{debug}");
    assert!(debug.contains("0125"), "other fields still show: {debug}");
    let user = zoom_api::users::UserInfo::new("a@b.c", 1, "A", "B", "hunter2");
    assert!(!format!("{user:?}").contains("hunter2"));
}

#[tokio::test]
async fn a_timeout_is_an_error_not_a_hang() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(|_: &wiremock::Request| true)
        .respond_with(wiremock::ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap().with_timeout(std::time::Duration::from_millis(200));
    let started = std::time::Instant::now();
    let error = client.requests().things().await.expect_err("times out");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    // The user's own HTTP client keeps the timeout, given before or after it.
    let before = Client::new(&server.uri()).unwrap().with_timeout(std::time::Duration::from_millis(200));
    let after = Client::new(&server.uri()).unwrap().with_http_client(reqwest::Client::new());
    for client in
        [before.with_http_client(reqwest::Client::new()), after.with_timeout(std::time::Duration::from_millis(200))]
    {
        let started = std::time::Instant::now();
        let error = client.requests().things().await.expect_err("times out");
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
        assert!(started.elapsed() < std::time::Duration::from_secs(3));
    }
}

#[tokio::test]
async fn one_call_can_add_headers_query_parameters_and_body_fields() {
    let (server, client) = server().await;
    let options = feature_client::RequestOptions::new()
        .idempotency_key("order-1234")
        .header("x-trace", "abc")
        .query("expand", "items");
    let mut extra = serde_json::Map::new();
    extra.insert("cursor".to_string(), json!("next-page"));
    let mut body = RawJsonBody::new(7, vec!["a".into()], Owner::new("Ada"));
    body.extra = extra;
    client.with_options(options).bodies().raw_json(body).await.unwrap();
    // The client it was made from sends without them.
    client.requests().things().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let (with, without) = (&requests[0], &requests[1]);
    assert_eq!(header(with, "idempotency-key"), Some("order-1234"));
    assert_eq!(header(with, "x-trace"), Some("abc"));
    assert!(query(with).contains(&("expand".to_string(), "items".to_string())), "{:?}", query(with));
    let sent: Value = serde_json::from_slice(&with.body).unwrap();
    assert_eq!(sent["cursor"], "next-page", "a field the example did not show is sent: {sent}");
    assert_eq!(sent["owner"], json!({"name": "Ada"}));
    assert_eq!(header(without, "idempotency-key"), None);
    assert!(query(without).is_empty());
}

#[tokio::test]
async fn one_call_can_have_its_own_timeout() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(|_: &wiremock::Request| true)
        .respond_with(wiremock::ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let options = feature_client::RequestOptions::new().timeout(std::time::Duration::from_millis(200));
    let started = std::time::Instant::now();
    let error = client.with_options(options).requests().things().await.expect_err("times out");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
}

#[tokio::test]
async fn status_and_headers_are_readable_on_success_and_on_error() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/things"))
        .respond_with(
            wiremock::ResponseTemplate::new(201)
                .insert_header("x-request-id", "req-1")
                .insert_header("x-ratelimit-remaining", "99")
                .set_body_raw(b"\x00\x01 bytes".to_vec(), "application/octet-stream"),
        )
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path("/cache"))
        .respond_with(wiremock::ResponseTemplate::new(429).insert_header("retry-after", "7").set_body_raw(
            br#"{"error": {"code": "rate_limited", "message": "Too many requests"}}"#.to_vec(),
            "application/json",
        ))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let response = client.requests().things().await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["x-request-id"], "req-1");
    assert_eq!(response.headers()["x-ratelimit-remaining"], "99");
    assert_eq!(response.raw().body, b"\x00\x01 bytes");
    assert_eq!(response.into_inner(), b"\x00\x01 bytes");
    let error = client.requests().purge_cache().await.expect_err("429");
    let Error::Api(api) = &error else { panic!("{error:?}") };
    assert_eq!(api.status, 429);
    assert_eq!(api.headers["retry-after"], "7");
    assert_eq!(api.code, Some(feature_client::ErrorCode::Text("rate_limited".to_string())));
    assert_eq!(api.message.as_deref(), Some("Too many requests"));
    assert_eq!(error.to_string(), "the API answered 429 with code rate_limited: Too many requests");
}

#[tokio::test]
async fn string_codes_and_oauth_errors_give_code_and_message() {
    let cases = [
        (r#"{"code": "E_PERM", "message": "no access"}"#, "E_PERM", "no access"),
        (r#"{"error": "invalid_grant", "error_description": "expired code"}"#, "invalid_grant", "expired code"),
        (r#"{"errors": [{"code": 17, "message": "first"}, {"code": 18, "message": "second"}]}"#, "17", "first"),
    ];
    for (body, code, message) in cases {
        let server = mock_server(400, body).await;
        let client = Client::new(&server.uri()).unwrap();
        let error = client.requests().things().await.expect_err("400");
        let Error::Api(api) = error else { panic!("{error:?}") };
        assert_eq!(api.code.map(|code| code.to_string()).as_deref(), Some(code), "{body}");
        assert_eq!(api.message.as_deref(), Some(message), "{body}");
    }
}

#[tokio::test]
async fn bracket_keys_become_lists_and_maps_sent_as_the_collection_writes_them() {
    let (server, client) = server().await;
    client
        .bodies()
        .bracket_keys()
        .expand(vec!["customer".into(), "invoice".into(), "charge".into()])
        .amount("2000")
        .metadata(vec![("order_id".to_string(), "6735".to_string()), ("gift".to_string(), "yes & wrapped".to_string())])
        .discounts_0_coupon("SUMMER")
        .await
        .unwrap();
    let sent = only_request(&server).await;
    assert_eq!(
        query(&sent),
        [("expand[0]", "customer"), ("expand[1]", "invoice"), ("expand[2]", "charge")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    let form: Vec<(String, String)> =
        form_urlencoded::parse(&sent.body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(
        form,
        [
            ("amount", "2000"),
            ("metadata[order_id]", "6735"),
            ("metadata[gift]", "yes & wrapped"),
            ("discounts[0][coupon]", "SUMMER")
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
}

#[tokio::test]
async fn dynamic_variables_in_a_json_body_are_produced_per_call() {
    use feature_client::bodies::JsonWithDynamicVariablesBody;
    let (server, client) = server().await;
    let example = r#"{"amount": 10, "reference": "{{$guid}}", "note": "sent at {{$timestamp}}", "lines": [{"id": "{{$randomUUID}}"}]}"#;
    let body: JsonWithDynamicVariablesBody = serde_json::from_str(example).unwrap();
    let request = client.bodies().json_with_dynamic_variables(body.clone());
    request.clone().await.unwrap();
    request.await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent: Vec<serde_json::Value> = requests.iter().map(|r| serde_json::from_slice(&r.body).unwrap()).collect();
    let is_uuid = |v: &serde_json::Value| v.as_str().is_some_and(|s| s.len() == 36 && s.matches('-').count() == 4);
    for body in &sent {
        assert_eq!(body["amount"], 10);
        assert!(is_uuid(&body["reference"]), "{body}");
        assert!(is_uuid(&body["lines"][0]["id"]), "{body}");
        let note = body["note"].as_str().unwrap();
        let seconds: u64 = note.strip_prefix("sent at ").unwrap().parse().unwrap();
        assert!(seconds > 1_700_000_000, "{note}");
    }
    assert_ne!(sent[0]["reference"], sent[1]["reference"], "a new value on every call");
    assert_eq!(body.reference, "{{$guid}}", "the caller's value is left as it was");
}

#[tokio::test]
async fn a_request_to_another_host_goes_to_that_hosts_base_url() {
    let (server, client) = server().await;
    // The collection does not define `{{authHost}}`: the request is refused, naming the setter.
    match client.requests().token_from_auth_host().grant_type("client_credentials").await {
        Err(Error::InvalidRequest { reason }) => {
            assert!(reason.contains("{{authHost}}") && reason.contains("with_auth_base_url"), "{reason}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
    let auth_host = mock_server(200, "{}").await;
    let client = client.with_auth_base_url(&auth_host.uri()).unwrap();
    client.requests().token_from_auth_host().grant_type("client_credentials").await.unwrap();
    let sent = only_request(&auth_host).await;
    assert_eq!((sent.method.as_str(), sent.url.path()), ("POST", "/oauth/token"));
    assert!(server.received_requests().await.unwrap().is_empty(), "the base URL got nothing");
    assert!(matches!(client.with_auth_base_url("not a url"), Err(Error::InvalidBaseUrl { .. })));
}

#[tokio::test]
async fn an_items_own_authorization_header_is_its_own_credential() {
    let (server, client) = server().await;
    // The item's `Authorization: Token {{profileToken}}` is a credential of its own: the
    // collection's `{{token}}` (a bearer token elsewhere) never goes in its place.
    client.with_token("bearer-only").with_profile_token("abc").requests().profile().await.unwrap();
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "authorization"), Some("Token abc"));
}
