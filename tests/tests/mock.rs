//! The `mock` feature as a user's test suite uses it: the committed `feature-client` crate's
//! `mock::MockServer` (its `catalog` folder has several saved examples per item), called
//! through the crate's own client.

use std::time::Duration;

use feature_client::catalog::{CreateProductBody, GetProductError, ListProductsResponse, ProductsItem};
use feature_client::mock::{MockResponse, MockServer};
use feature_client::{Error, RequestOptions, RetryPolicy};

/// The client asks the mock for a saved example by name or status, as with Postman's mocks.
fn asking(client: &feature_client::Client, header: &str, value: &str) -> feature_client::Client {
    client.with_options(RequestOptions::new().header(header, value))
}

fn product(name: &str) -> ProductsItem {
    let mut product = ProductsItem::default();
    product.id = Some("p7".to_string());
    product.name = Some(name.to_string());
    product
}

#[tokio::test]
async fn operations_answer_with_their_default_saved_example() {
    let server = MockServer::start().await;
    let client = server.client().unwrap();

    let response = client.catalog().get_product("p1").await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-mock-example"], "A product");
    let item = response.into_inner();
    assert_eq!((item.id.as_deref(), item.name.as_deref(), item.price), (Some("p1"), Some("Boot"), Some(120.5)));

    // A path parameter matches any segment, but a literal segment is the better match.
    let featured = client.catalog().featured_product().await.unwrap().into_inner();
    assert_eq!(featured.name.as_deref(), Some("Featured boot"));

    // The saved headers come along, but not those of a transfer the mock does not make.
    let list = client.catalog().list_products().await.unwrap();
    assert_eq!(list.headers()["x-total-count"], "2");
    assert_ne!(list.headers().get("content-length").map(|v| v.to_str().unwrap()), Some("999"));
    assert_eq!(list.into_inner().total, Some(2));
}

#[tokio::test]
async fn the_example_whose_saved_request_is_most_alike_answers() {
    let server = MockServer::start().await;
    let client = server.client().unwrap();

    // By query: "Shoes only" was saved with `category=shoes`.
    let shoes = client.catalog().list_products().category("shoes").await.unwrap().into_inner();
    assert_eq!(shoes.total, Some(1));
    let all = client.catalog().list_products().category("hats").await.unwrap().into_inner();
    assert_eq!(all.total, Some(2));

    // By JSON body: "Created a sneaker" was saved with `{"name": "Sneaker", …}`.
    let body = CreateProductBody::new("Sneaker".to_string(), 80.0);
    let created = client.catalog().create_product(body).await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.into_inner().name.as_deref(), Some("Sneaker"));
}

#[tokio::test]
async fn a_request_picks_a_saved_example_by_name_or_status() {
    let server = MockServer::start().await;
    let client = server.client().unwrap();

    let by_name = asking(&client, "x-mock-response-name", "Not found");
    match by_name.catalog().get_product("p1").await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 404);
            let body: GetProductError = error.json().unwrap();
            assert_eq!((body.error.as_deref(), body.code), (Some("no such product"), Some(4040)));
        }
        other => panic!("expected the saved 404, got {other:?}"),
    }

    let by_code = asking(&client, "x-mock-response-code", "400");
    match by_code.catalog().list_products().await {
        Err(Error::Api(error)) => {
            assert_eq!((error.status, error.code.map(|code| code.to_string())), (400, Some("4001".to_string())))
        }
        other => panic!("expected the saved 400, got {other:?}"),
    }

    // A saved body that is not the JSON its content type says is served as saved.
    let broken = asking(&client, "x-mock-response-name", "Broken");
    match broken.catalog().get_product("p1").await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 500);
            assert_eq!(error.body, r#"{"error": unquoted}"#);
        }
        other => panic!("expected the saved 500, got {other:?}"),
    }

    // A name no example has: a 404 that lists the ones there are.
    let unknown = asking(&client, "x-mock-response-name", "Gone");
    match unknown.catalog().get_product("p1").await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 404);
            let text = &error.body;
            assert!(text.contains("no saved example named `Gone`"), "{text}");
            assert!(text.contains("`Not found` (404)"), "{text}");
        }
        other => panic!("expected a 404 from the mock, got {other:?}"),
    }
}

#[tokio::test]
async fn a_test_gives_typed_answers_once_or_always() {
    let server = MockServer::start().await;
    let client = server.client().unwrap();
    let get_product = server.catalog().get_product();

    get_product.always(MockResponse::json(200, &product("Always")).header("x-served-by", "test"));
    get_product.once(MockResponse::json(200, &product("Once")));
    let first = client.catalog().get_product("p7").await.unwrap();
    assert_eq!(first.into_inner().name.as_deref(), Some("Once"));
    let second = client.catalog().get_product("p7").await.unwrap();
    assert_eq!(second.headers()["x-served-by"], "test");
    assert_eq!(second.into_inner(), product("Always"));

    // Raw bytes, for a body the type cannot hold.
    get_product.once(MockResponse::bytes(200, "not json").header("content-type", "application/json"));
    match client.catalog().get_product("p7").await {
        Err(Error::Decode { status, .. }) => assert_eq!(status, 200),
        other => panic!("expected a decoding error, got {other:?}"),
    }

    // Reset: the saved examples again.
    get_product.reset();
    let saved = client.catalog().get_product("p1").await.unwrap();
    assert_eq!(saved.into_inner().name.as_deref(), Some("Boot"));
}

#[tokio::test]
async fn a_sequence_tests_the_clients_retries() {
    let server = MockServer::start().await;
    let client = server.client().unwrap().with_retry_policy(RetryPolicy::default().max_retries(2));
    let mut seven = ListProductsResponse::default();
    seven.total = Some(7);
    let list = server.catalog().list_products();
    list.once(MockResponse::status(429).header("retry-after", "0"))
        .once(MockResponse::status(503))
        .once(MockResponse::json(200, &seven));

    let response = client.catalog().list_products().await.unwrap();
    assert_eq!(response.into_inner().total, Some(7));
    assert_eq!(list.received().len(), 3);

    // With retries off, the 429 is the answer.
    list.reset().once(MockResponse::status(429));
    let once = client.with_options(RequestOptions::new().retry_policy(RetryPolicy::none()));
    match once.catalog().list_products().await {
        Err(Error::Api(error)) => assert_eq!(error.status, 429),
        other => panic!("expected the 429, got {other:?}"),
    }
}

#[tokio::test]
async fn a_delay_makes_the_client_time_out() {
    let server = MockServer::start().await;
    let client =
        server.client().unwrap().with_timeout(Duration::from_millis(100)).with_retry_policy(RetryPolicy::none());
    server.catalog().featured_product().once(MockResponse::status(200).delay(Duration::from_secs(2)));
    match client.catalog().featured_product().await {
        Err(Error::Transport { source, .. }) => assert!(source.is_timeout(), "{source}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn the_requests_received_can_be_asserted() {
    let server = MockServer::start().await;
    let client = server.client().unwrap().with_key("k-123");

    let body = CreateProductBody::new("Boot".to_string(), 120.5);
    client.catalog().create_product(body).await.unwrap();
    client.catalog().list_products().category("shoes").page("2").await.unwrap();

    let created = server.catalog().create_product().received();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].method.as_str(), "POST");
    assert_eq!(created[0].headers["x-api-key"], "k-123");
    let sent: serde_json::Value = created[0].body_json().unwrap();
    assert_eq!(sent, serde_json::json!({"name": "Boot", "price": 120.5}));
    // A type only requests send implements `Deserialize` with the `deserialize` feature, which
    // `mock` turns on: what was received reads back as the request's own type.
    let read_back: CreateProductBody = created[0].body_json().unwrap();
    assert_eq!(read_back, CreateProductBody::new("Boot".to_string(), 120.5));

    let listed = server.catalog().list_products().received();
    let query: Vec<(String, String)> = listed[0].url.query_pairs().into_owned().collect();
    assert!(query.contains(&("category".to_string(), "shoes".to_string())), "{query:?}");
    assert!(query.contains(&("page".to_string(), "2".to_string())), "{query:?}");

    assert!(server.catalog().get_product().received().is_empty());
    assert_eq!(server.received_requests().await.len(), 2);
}

#[tokio::test]
async fn an_operation_without_an_example_answers_empty() {
    let server = MockServer::start().await;
    let client = server.client().unwrap();
    let response = client.catalog().delete_product("p1").await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-mock-example"], "none");
    assert!(response.into_inner().is_empty());
}

#[tokio::test]
async fn an_unmatched_request_is_told_which_operations_the_path_has() {
    let server = MockServer::start().await;
    let http = reqwest::Client::new();

    let wrong_method = http.put(format!("{}/products/p1", server.uri())).send().await.unwrap();
    assert_eq!(wrong_method.status(), 404);
    let text = wrong_method.text().await.unwrap();
    assert!(text.contains("No operation of the mock answers PUT /products/p1."), "{text}");
    assert!(text.contains("GET /products/{id} (catalog().get_product())"), "{text}");
    assert!(text.contains("DELETE /products/{id} (catalog().delete_product())"), "{text}");

    let no_path = http.get(format!("{}/nowhere", server.uri())).send().await.unwrap();
    assert_eq!(no_path.status(), 404);
    assert_eq!(no_path.headers()["x-mock-error"], "true");
    assert!(no_path.text().await.unwrap().contains("No operation has this path."));
}

#[tokio::test]
async fn saved_link_headers_point_at_the_mock() {
    let server = MockServer::start().await;
    let client = server.client().unwrap();
    let page = client.pages().pages_by_link().await.unwrap();
    let link = page.headers()["link"].to_str().unwrap().to_string();
    assert!(link.starts_with(&format!("<{}/pages/link?per_page=2&page=2>", server.uri())), "{link}");
    assert!(!link.contains("api.example.com"), "{link}");
}

/// Three saved variants of one endpoint (`POST /link/token/create`) with values of the test's
/// own, not the collection's: the body members and query keys each sends tell them apart.
#[tokio::test]
async fn operations_on_one_route_are_told_apart_by_what_they_send() {
    use feature_client::links::{CreateLinkTokenBody, CreateLinkTokenForPaymentsBody, PaymentInitiation};
    use feature_client::links::{UpdateLinkTokenBody, User};
    let server = MockServer::start().await;
    let client = server.client().unwrap();
    let links = client.links();

    let auth = CreateLinkTokenBody::new("App", vec!["auth".to_string()], User::new("u-9"));
    let auth = links.create_link_token(auth).await.unwrap();
    assert_eq!(auth.link_token.as_deref(), Some("link-auth"));
    let payment = CreateLinkTokenForPaymentsBody::new("App", vec!["x".to_string()], PaymentInitiation::new("p-9"));
    let payment = links.create_link_token_for_payments(payment).await.unwrap();
    assert_eq!(payment.link_token.as_deref(), Some("link-payment"));
    let update = links.update_link_token(UpdateLinkTokenBody::new("App", "a-9")).mode("update").await.unwrap();
    assert_eq!(update.link_token.as_deref(), Some("link-update"));
    // The query alone tells the update apart too.
    let update = links.update_link_token(UpdateLinkTokenBody::new("App", "a-9")).await.unwrap();
    assert_eq!(update.link_token.as_deref(), Some("link-update"));

    let mocks = server.links();
    assert_eq!(mocks.create_link_token().received().len(), 1);
    assert_eq!(mocks.create_link_token_for_payments().received().len(), 1);
    assert_eq!(mocks.update_link_token().received().len(), 2);
}

/// A test's answer on one of them is served to that operation's requests alone.
#[tokio::test]
async fn a_tests_answer_on_one_variant_reaches_only_it() {
    use feature_client::links::{CreateLinkTokenBody, CreateLinkTokenForPaymentsBody, PaymentInitiation, User};
    let server = MockServer::start().await;
    let client = server.client().unwrap().with_retry_policy(feature_client::RetryPolicy::none());
    server.links().create_link_token_for_payments().once(MockResponse::status(404));

    let auth = CreateLinkTokenBody::new("App", vec!["auth".to_string()], User::new("u-9"));
    assert_eq!(client.links().create_link_token(auth).await.unwrap().status(), 200);
    let payment = CreateLinkTokenForPaymentsBody::new("App", vec!["x".to_string()], PaymentInitiation::new("p-9"));
    match client.links().create_link_token_for_payments(payment).await {
        Err(feature_client::Error::Api(error)) => assert_eq!(error.status, 404),
        other => panic!("expected the test's 404, got {other:?}"),
    }
    assert_eq!(server.links().create_link_token().received().len(), 1);
    assert_eq!(server.links().create_link_token_for_payments().received().len(), 1);
}

/// GraphQL operations share their endpoint (`POST /bodies/graphql`): each request's query tells
/// them apart, whatever its variables.
#[tokio::test]
async fn graphql_operations_on_one_endpoint_are_told_apart_by_their_query() {
    use feature_client::bodies::{GraphQlMutationVariables, GraphQlVariables};
    let server = MockServer::start().await;
    let client = server.client().unwrap().with_key("k");
    client.bodies().graph_ql_mutation(GraphQlMutationVariables::new("u9", "Grace")).await.unwrap();
    client.bodies().graph_ql(GraphQlVariables::new("7")).await.unwrap();
    client.bodies().graph_ql_mutation(GraphQlMutationVariables::new("u8", "Ada")).await.unwrap();
    assert_eq!(server.bodies().graph_ql().received().len(), 1);
    assert_eq!(server.bodies().graph_ql_mutation().received().len(), 2);
}

/// Two form operations on one path: the form keys each sends tell them apart.
#[tokio::test]
async fn form_operations_on_one_path_are_told_apart_by_their_keys() {
    let server = MockServer::start().await;
    let client = server.client().unwrap();
    client.links().subscribe_by_phone().list("jobs").phone("+49 30 1234").await.unwrap();
    client.links().subscribe_by_email().list("jobs").email("grace@example.com").await.unwrap();
    client.links().subscribe_by_phone().phone("+49 30 5678").await.unwrap();
    assert_eq!(server.links().subscribe_by_email().received().len(), 1);
    assert_eq!(server.links().subscribe_by_phone().received().len(), 2);
}
