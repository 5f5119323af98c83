//! A path value can never change the route: an empty one, in a middle or a last segment, is
//! refused before anything is sent, with an error naming the operation and the parameter; a
//! value that is not empty is sent as before, one percent-encoded segment.

use postman_codegen_tests::mock_server;

/// The error of a refused call, or a panic naming what happened instead.
fn refused<T: std::fmt::Debug>(result: Result<T, impl std::fmt::Display + std::fmt::Debug>) -> String {
    match result {
        Err(error) => error.to_string(),
        Ok(value) => panic!("sent, answered {value:?}"),
    }
}

#[tokio::test]
async fn an_empty_path_value_sends_nothing_and_names_the_parameter() {
    let server = mock_server(200, "{}").await;
    let zoom = zoom_api::Client::new(&server.uri()).unwrap().with_bearer_token("t");
    let features = feature_client::Client::new(&server.uri()).unwrap();

    // PATCH, middle and last segment.
    let error = refused(zoom.users().tsp().update_tsp_account("", "t1", "0125", "4321").await);
    assert!(error.contains("users::tsp::update_tsp_account: the path parameter user_id is empty"), "{error}");
    let error = refused(zoom.users().tsp().update_tsp_account("u1", "", "0125", "4321").await);
    assert!(error.contains("users::tsp::update_tsp_account: the path parameter tsp_id is empty"), "{error}");
    let error = refused(zoom.users().update_user("").await);
    assert!(error.contains("users::update_user: the path parameter user_id is empty"), "{error}");
    // GET, a segment the parameter shares with text (`v{version}`) and the last one.
    let error = refused(features.requests().versioned_item("", "i1").await);
    assert!(error.contains("requests::versioned_item: the path parameter version is empty"), "{error}");
    let error = refused(features.requests().versioned_item("2", "").await);
    assert!(error.contains("requests::versioned_item: the path parameter item_id is empty"), "{error}");
    // DELETE, middle and last.
    let error = refused(features.catalog().delete_product_image("", "i1").await);
    assert!(error.contains("catalog::delete_product_image: the path parameter id is empty"), "{error}");
    let error = refused(features.catalog().delete_product_image("p1", "").await);
    assert!(error.contains("catalog::delete_product_image: the path parameter image_id is empty"), "{error}");
    let error = refused(features.catalog().delete_product("").await);
    assert!(error.contains("catalog::delete_product: the path parameter id is empty"), "{error}");

    // It is the client's own refusal, not an answer.
    let error = zoom.users().update_user("").await.unwrap_err();
    assert!(matches!(error, zoom_api::Error::InvalidRequest { .. }), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_value_that_is_not_empty_is_sent_as_before() {
    let server = mock_server(200, "{}").await;
    let zoom = zoom_api::Client::new(&server.uri()).unwrap().with_bearer_token("t");
    let features = feature_client::Client::new(&server.uri()).unwrap();
    zoom.users().tsp().update_tsp_account("a b", "t/1", "0125", "4321").await.unwrap();
    features.requests().versioned_item("2", "é").await.unwrap();
    features.catalog().delete_product_image("p1", " ").await.unwrap();
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| format!("{} {}", request.method, request.url.path()))
        .collect();
    assert_eq!(sent, ["PATCH /users/a%20b/tsp/t%2F1", "GET /v2/items/%C3%A9", "DELETE /products/p1/images/%20"]);
}

/// The mock server's client is the same client: a test that passes an empty value gets the
/// same error, and the mock receives nothing.
#[tokio::test]
async fn the_mock_reports_the_same_error() {
    let server = feature_client::mock::MockServer::start().await;
    let client = server.client().unwrap();
    let error = refused(client.catalog().get_product("").await);
    assert!(error.contains("catalog::get_product: the path parameter id is empty"), "{error}");
    assert!(server.catalog().get_product().received().is_empty());
}
