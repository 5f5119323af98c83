//! Page and item streams on the wire: a 3-page listing walked for each way of paging the
//! generator recognizes (token in the query, cursor in the JSON body, `starting_after` with
//! `has_more`, offset, page number, `Link` header), stopping on the last page.

use feature_client::Client;
use feature_client::pages::PagesByCursorInBodyBody;
use futures_util::TryStreamExt as _;
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server whose answer is `page(query)` for every request; returns it and its client.
async fn serving(page: impl Fn(&[(String, String)]) -> Value + Send + Sync + 'static) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(move |request: &Request| {
            let query: Vec<(String, String)> =
                request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            ResponseTemplate::new(200).set_body_json(page(&query))
        })
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    (server, client)
}

fn get<'a>(query: &'a [(String, String)], key: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

async fn queries(server: &MockServer) -> Vec<Vec<(String, String)>> {
    let requests = server.received_requests().await.unwrap();
    requests.iter().map(|r| r.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()).collect()
}

#[tokio::test]
async fn a_page_token_is_followed_until_it_is_empty() {
    let (server, client) = serving(|query| match get(query, "next_page_token") {
        None => json!({"next_page_token": "t2", "items": [{"id": "a"}, {"id": "b"}]}),
        Some("t2") => json!({"next_page_token": "t3", "items": [{"id": "c"}]}),
        Some(_) => json!({"next_page_token": "", "items": [{"id": "d"}]}),
    })
    .await;
    let request = client.pages().pages_by_token().page_size("2");
    let ids: Vec<String> =
        request.clone().items().map_ok(|item| item.id.unwrap_or_default()).try_collect().await.unwrap();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let sent = queries(&server).await;
    assert_eq!(sent.len(), 3);
    assert_eq!(get(&sent[1], "next_page_token"), Some("t2"));
    assert_eq!(get(&sent[2], "next_page_token"), Some("t3"));
    assert!(sent.iter().all(|q| get(q, "page_size") == Some("2")), "the request's own fields stay");
    // The stream of pages gives each page with its status and headers.
    let statuses: Vec<u16> = request.pages().map_ok(|page| page.status()).try_collect().await.unwrap();
    assert_eq!(statuses, [200, 200, 200]);
}

#[tokio::test]
async fn starting_after_follows_the_last_id_while_has_more() {
    let (server, client) = serving(|query| match get(query, "starting_after") {
        None => json!({"object": "list", "has_more": true, "data": [{"id": "ch_1"}, {"id": "ch_2"}]}),
        Some("ch_2") => json!({"object": "list", "has_more": true, "data": [{"id": "ch_3"}]}),
        Some(_) => json!({"object": "list", "has_more": false, "data": [{"id": "ch_4"}]}),
    })
    .await;
    let ids: Vec<String> =
        client.pages().pages_after_id().items().map_ok(|item| item.id.unwrap_or_default()).try_collect().await.unwrap();
    assert_eq!(ids, ["ch_1", "ch_2", "ch_3", "ch_4"]);
    let sent = queries(&server).await;
    assert_eq!(
        (sent.len(), get(&sent[1], "starting_after"), get(&sent[2], "starting_after")),
        (3, Some("ch_2"), Some("ch_3"))
    );
}

#[tokio::test]
async fn an_offset_moves_past_the_items_until_a_short_page() {
    let (server, client) = serving(|query| match get(query, "offset") {
        Some("0") | None => json!({"total": 5, "records": [{"id": 1}, {"id": 2}]}),
        Some("2") => json!({"total": 5, "records": [{"id": 3}, {"id": 4}]}),
        Some(_) => json!({"total": 5, "records": [{"id": 5}]}),
    })
    .await;
    let ids: Vec<i64> = client
        .pages()
        .pages_by_offset()
        .offset(0)
        .limit(2)
        .items()
        .map_ok(|item| item.id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let offsets: Vec<Option<String>> =
        queries(&server).await.iter().map(|q| get(q, "offset").map(str::to_string)).collect();
    assert_eq!(offsets, [Some("0".to_string()), Some("2".to_string()), Some("4".to_string())]);
}

#[tokio::test]
async fn a_page_number_counts_up_until_an_empty_page() {
    let (server, client) = serving(|query| match get(query, "page") {
        Some("1") | None => json!({"results": [{"name": "x"}, {"name": "y"}]}),
        Some("2") => json!({"results": [{"name": "z"}]}),
        Some(_) => json!({"results": []}),
    })
    .await;
    let names: Vec<String> = client
        .pages()
        .pages_by_number()
        .items()
        .map_ok(|item| item.name.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["x", "y", "z"]);
    let pages: Vec<Option<String>> =
        queries(&server).await.iter().map(|q| get(q, "page").map(str::to_string)).collect();
    assert_eq!(pages, [None, Some("2".to_string()), Some("3".to_string())]);
}

#[tokio::test]
async fn an_error_ends_the_stream_with_it() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::query_param("next_page_token", "t2"))
        .respond_with(ResponseTemplate::new(404))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"next_page_token": "t2", "items": [{"id": "a"}]})),
        )
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let results: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(client.pages().pages_by_token().items()).await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id.as_deref(), Some("a"));
    assert!(matches!(&results[1], Err(feature_client::Error::Api(api)) if api.status == 404));
}

#[tokio::test]
async fn a_cursor_in_the_json_body_is_followed_while_has_more() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|request: &Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            ResponseTemplate::new(200).set_body_json(match body["cursor"].as_str() {
                Some("") => json!({"next_cursor": "c2", "has_more": true, "accounts": [{"account_id": "a1"}]}),
                Some("c2") => json!({"next_cursor": "c3", "has_more": true, "accounts": [{"account_id": "a2"}]}),
                // The last page still names a cursor (for later calls), but has no more.
                _ => json!({"next_cursor": "c4", "has_more": false, "accounts": [{"account_id": "a3"}]}),
            })
        })
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let ids: Vec<String> = client
        .pages()
        .pages_by_cursor_in_body(PagesByCursorInBodyBody::new(2, ""))
        .items()
        .map_ok(|account| account.account_id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a1", "a2", "a3"]);
    let bodies: Vec<Value> =
        server.received_requests().await.unwrap().iter().map(|r| serde_json::from_slice(&r.body).unwrap()).collect();
    assert_eq!(
        bodies,
        [json!({"count": 2, "cursor": ""}), json!({"count": 2, "cursor": "c2"}), json!({"count": 2, "cursor": "c3"})]
    );
}

#[tokio::test]
async fn a_link_header_is_followed_until_a_page_without_next() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(wiremock::matchers::any())
        .respond_with(move |request: &Request| {
            let query: Vec<(String, String)> =
                request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            let (body, link) = match get(&query, "page") {
                // An absolute link first, then one relative to the base URL, then none.
                None => (json!([{"login": "a", "id": 1}, {"login": "b", "id": 2}]), Some(format!("<{base}/pages/link?per_page=2&page=2>; rel=\"next\", <{base}/pages/link?per_page=2&page=3>; rel=\"last\""))),
                Some("2") => (json!([{"login": "c", "id": 3}]), Some("</pages/link?per_page=2&page=3>; rel=\"next\"".to_string())),
                Some(_) => (json!([{"login": "d", "id": 4}]), None),
            };
            let response = ResponseTemplate::new(200).set_body_json(body);
            match link {
                Some(link) => response.insert_header("Link", link.as_str()),
                None => response,
            }
        })
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap().with_key("key-1");
    let logins: Vec<String> = client
        .pages()
        .pages_by_link()
        .items()
        .map_ok(|user| user.login.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(logins, ["a", "b", "c", "d"]);
    let requests = server.received_requests().await.unwrap();
    let pages: Vec<Option<String>> =
        requests.iter().map(|r| r.url.query_pairs().find(|(k, _)| k == "page").map(|(_, v)| v.into_owned())).collect();
    assert_eq!(pages, [None, Some("2".to_string()), Some("3".to_string())]);
    assert!(
        requests.iter().all(|r| r.headers.get("x-api-key").is_some_and(|v| v == "key-1")),
        "each page is authenticated"
    );
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"login": "a", "id": 1}]))
                .insert_header("Link", "<https://elsewhere.example/pages/link?page=2>; rel=\"next\""),
        )
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap().with_key("key-1");
    let results: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(client.pages().pages_by_link().items()).await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().login.as_deref(), Some("a"));
    let error = results[1].as_ref().unwrap_err();
    assert!(error.to_string().contains("https://elsewhere.example/pages/link?page=2"), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
