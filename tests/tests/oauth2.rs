//! OAuth 2.0 tokens the generated client gets itself (the committed `feature-client`, whose
//! `auth › OAuth2 client credentials` item names the client credentials grant and a token URL
//! on its base URL), against a local token endpoint: fetched once, renewed on expiry and after
//! a `401`, one fetch for concurrent calls, and a failing endpoint's clear error.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use feature_client::{Client, Error, RetryPolicy};
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A token endpoint that hands out `token-1`, `token-2`, … living `expires_in` seconds each.
struct Tokens {
    issued: Arc<AtomicUsize>,
    expires_in: u64,
}

impl Respond for Tokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({"access_token": format!("token-{n}"), "token_type": "bearer", "expires_in": self.expires_in}))
            .set_delay(Duration::from_millis(50))
    }
}

/// The API and its token endpoint on one server; the issued-token counter.
async fn api(expires_in: u64) -> (MockServer, Client, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(Tokens { issued: Arc::clone(&issued), expires_in })
        .mount(&server)
        .await;
    let client = Client::new(&server.uri())
        .unwrap()
        .with_retry_policy(RetryPolicy::none())
        .with_oauth_access_token_from_client_credentials("client-1", "secret-1");
    (server, client, issued)
}

fn authorizations(requests: &[Request], at: &str) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.url.path() == at)
        .map(|r| r.headers.get("authorization").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn the_token_is_fetched_once_with_the_client_credentials_and_kept() {
    let (server, client, issued) = api(3600).await;
    Mock::given(path("/auth/oauth2")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    for _ in 0..3 {
        client.auth().o_auth2_client_credentials().await.unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    let received = server.received_requests().await.unwrap();
    let token_request = received.iter().find(|r| r.url.path() == "/oauth/token").unwrap();
    // `client-1:secret-1` in a basic header, as `client_authentication: header` says.
    assert_eq!(token_request.headers["authorization"], "Basic Y2xpZW50LTE6c2VjcmV0LTE=");
    let form: Vec<(String, String)> = form_urlencoded::parse(&token_request.body).into_owned().collect();
    assert_eq!(
        form,
        [("grant_type", "client_credentials"), ("scope", "read write")].map(|(k, v)| (k.into(), v.into()))
    );
    assert_eq!(authorizations(&received, "/auth/oauth2"), ["Bearer token-1"; 3]);
}

#[tokio::test]
async fn an_expiring_token_is_renewed() {
    // Renewed a tenth of its lifetime early: after 0.9 s.
    let (server, client, issued) = api(1).await;
    Mock::given(path("/auth/oauth2")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    client.auth().o_auth2_client_credentials().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    client.auth().o_auth2_client_credentials().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let received = server.received_requests().await.unwrap();
    assert_eq!(authorizations(&received, "/auth/oauth2"), ["Bearer token-1", "Bearer token-2"]);
}

#[tokio::test]
async fn a_401_gets_a_new_token_and_the_call_is_sent_once_more() {
    let (server, client, issued) = api(3600).await;
    Mock::given(path("/auth/oauth2"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/auth/oauth2")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    client.auth().o_auth2_client_credentials().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let received = server.received_requests().await.unwrap();
    assert_eq!(authorizations(&received, "/auth/oauth2"), ["Bearer token-1", "Bearer token-2"]);

    // A token the API keeps refusing is a 401, after one renewal, not a loop.
    server.reset().await;
    let issued_before = issued.load(Ordering::SeqCst);
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(Tokens { issued: Arc::clone(&issued), expires_in: 3600 })
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(ResponseTemplate::new(401)).mount(&server).await;
    match client.auth().o_auth2_client_credentials().await {
        Err(Error::Api(error)) => assert_eq!(error.status, 401),
        other => panic!("expected the 401, got {other:?}"),
    }
    assert_eq!(issued.load(Ordering::SeqCst), issued_before + 1);
}

#[tokio::test]
async fn concurrent_calls_wait_for_one_fetch() {
    let (server, client, issued) = api(3600).await;
    Mock::given(path("/auth/oauth2")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.auth().o_auth2_client_credentials().await.map(|_| ()) })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1, "eight calls, one token fetch");
}

#[tokio::test]
async fn a_failing_token_endpoint_is_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_string(r#"{"error": "invalid_client"}"#))
        .mount(&server)
        .await;
    let client =
        Client::new(&server.uri()).unwrap().with_oauth_access_token_from_client_credentials("client-1", "wrong");
    match client.auth().o_auth2_client_credentials().await {
        Err(error @ Error::Token { .. }) => {
            let text = error.to_string();
            assert!(text.contains("/oauth/token"), "{text}");
            assert!(text.contains(r#"it answered 400: {"error": "invalid_client"}"#), "{text}");
        }
        other => panic!("expected a token error, got {other:?}"),
    }
    let received = server.received_requests().await.unwrap();
    assert!(received.iter().all(|r| r.url.path() == "/oauth/token"), "the API itself was never called");
}

#[tokio::test]
async fn a_fixed_token_still_works() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap().with_oauth_access_token("fixed-1");
    client.auth().o_auth2_client_credentials().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(authorizations(&received, "/auth/oauth2"), ["Bearer fixed-1"]);
}
