//! The generated client on the wire, against an in-process mock server on 127.0.0.1.
//!
//! Each operation is called with the collection's example values; what the server receives is
//! compared with what the collection item specifies, read from the collection itself: method,
//! path, query, `Authorization`, `Content-Type` family and every form part (name and value, in
//! order). Each saved JSON example is served back and must decode into the typed response.

use postman_codegen_tests::{find_item, form_parts, mock_server, only_request, percent_decode, seed_collection};
use serde_json::{Value, json};
use wiremock::{MockServer, Request};
use zoom_api::im_groups::CreateImDirectoryGroupType;
use zoom_api::users::tsp::{DialInNumbersItem, TspBridge};
use zoom_api::users::{CreateUsersAction, CustomAttributes, PhoneNumbers, PronounsOption, UpdateUserType, UserInfo};
use zoom_api::{Client, Error};

const TOKEN: &str = "test-token";

/// A mock server answering every request with `status` and `body`, and a client for it.
async fn server(status: u16, body: &str) -> (MockServer, Client) {
    let server = mock_server(status, body).await;
    let client = Client::new(&server.uri()).expect("valid base URL").with_bearer_token(TOKEN);
    (server, client)
}

/// Placeholder example values (`"integer"`, `"string"`) replaced by a value of that type, so
/// the example can be decoded by its typed response.
fn realize(value: &Value) -> Value {
    match value {
        Value::String(text) if text == "integer" => json!(7),
        Value::String(text) if text == "number" => json!(1.5),
        Value::String(text) if text == "boolean" => json!(true),
        Value::Array(items) => Value::Array(items.iter().map(realize).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), realize(v))).collect()),
        other => other.clone(),
    }
}

/// The item's first saved example with this status, its JSON body realized.
fn example_body(item: &Value, status: u64) -> Value {
    let example = item["response"].as_array().unwrap().iter().find(|r| r["code"] == status).expect("example exists");
    realize(&serde_json::from_str(example["body"].as_str().unwrap()).expect("JSON example"))
}

/// Checks everything the item specifies against what the server received.
async fn assert_matches_item(request: &Request, item: &Value) {
    let spec = &item["request"];
    assert_eq!(request.method.as_str(), spec["method"].as_str().unwrap(), "method");

    // Path: collection path with `:variables` replaced by their example values.
    let variables = spec["url"]["variable"].as_array().cloned().unwrap_or_default();
    let expected_path: String = spec["url"]["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|segment| {
            let segment = segment.as_str().unwrap();
            let value = match segment.strip_prefix(':') {
                Some(name) => {
                    variables.iter().find(|v| v["key"] == name).unwrap()["value"].as_str().unwrap().to_string()
                }
                None => segment.to_string(),
            };
            format!("/{value}")
        })
        .collect();
    let received_path = percent_decode(request.url.path());
    assert_eq!(received_path, expected_path, "path (percent-decoded)");
    assert!(!request.url.path().contains(' '), "path parameters are percent-encoded: {}", request.url.path());

    let expected_query: Vec<(String, String)> = spec["url"]["query"]
        .as_array()
        .map(|q| {
            q.iter()
                .map(|p| (p["key"].as_str().unwrap().to_string(), p["value"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let received_query: Vec<(String, String)> =
        request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(received_query, expected_query, "query");

    assert_eq!(request.headers.get("authorization").unwrap().to_str().unwrap(), format!("Bearer {TOKEN}"));
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    let declared = spec["header"][0]["value"].as_str().unwrap();
    assert_eq!(content_type.split(';').next().unwrap(), declared, "Content-Type family");

    let expected_parts: Vec<(String, String)> = spec["body"]["formdata"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["key"].as_str().unwrap().to_string(), p["value"].as_str().unwrap().to_string()))
        .collect();
    let received_parts = form_parts(content_type, request.body.clone()).await;
    assert_eq!(received_parts.len(), expected_parts.len(), "one part per collection field: {received_parts:?}");
    for ((name, value), (expected_name, expected_value)) in received_parts.iter().zip(&expected_parts) {
        assert_eq!(name, expected_name, "part names in collection order");
        // JSON-valued fields are compared as JSON; all others byte for byte.
        match (serde_json::from_str::<Value>(expected_value), expected_value.trim_start().starts_with(['{', '['])) {
            (Ok(expected), true) => assert_eq!(serde_json::from_str::<Value>(value).unwrap(), expected, "part {name}"),
            _ => assert_eq!(value, expected_value, "part {name}"),
        }
    }
}

#[tokio::test]
async fn add_users_tsp_account() {
    let collection = seed_collection();
    let item = find_item(&collection, "Add a user's TSP account").unwrap();
    let expected = example_body(item, 201);
    let (server, client) = server(201, &expected.to_string()).await;
    let response = client
        .users()
        .tsp()
        .add_users_tsp_account("quis officia in reprehenderit", "dolore elit ", "ipsu")
        .dial_in_numbers(vec![
            DialInNumbersItem::new("sin", "voluptat", "toll", "in deserun"),
            DialInNumbersItem::new("a", "ea pariatur in i", "tollfree", ""),
        ])
        .tsp_bridge(TspBridge::UsTspTb)
        .await
        .expect("201 decodes");
    assert_matches_item(&only_request(&server).await, item).await;
    assert_eq!(serde_json::to_value(&*response).unwrap(), expected, "the saved example decodes losslessly");
    assert_eq!(response.conference_code.as_deref(), Some("0125"));
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.raw().body, expected.to_string().into_bytes(), "the bytes as received");
    let debug = format!("{response:?}");
    assert!(debug.starts_with("Response { status: 201, body: AddUsersTspAccountResponse {"), "{debug}");
    assert!(!debug.contains("[123, "), "the raw body is not printed as bytes: {debug}");
    let raw = format!("{:?}", response.raw());
    assert!(raw.contains(r#"conference_code\":\"0125"#) && raw.contains("status: 201"), "{raw}");
}

#[tokio::test]
async fn update_tsp_account() {
    let collection = seed_collection();
    let item = find_item(&collection, "Update a TSP account").unwrap();
    let (server, client) = server(204, "").await;
    let response = client
        .users()
        .tsp()
        .update_tsp_account("quis officia in reprehenderit", "2", "exercit", "culpa")
        .dial_in_numbers(vec![
            DialInNumbersItem::new("minim", "consequat ", "toll", "Ut "),
            DialInNumbersItem::new("ut i", "mi", "media_link", "sed de"),
        ])
        .tsp_bridge(TspBridge::EuTspTb)
        .await
        .expect("204");
    assert_eq!(response.status(), 204);
    assert_matches_item(&only_request(&server).await, item).await;
}

#[tokio::test]
async fn create_users() {
    let collection = seed_collection();
    let item = find_item(&collection, "Create users").unwrap();
    let expected = example_body(item, 201);
    let (server, client) = server(201, &expected.to_string()).await;
    let user =
        UserInfo::new("et qui reprehenderit", 1, "nostrud enim", "fugiat Excepteur of", "consectetur irure moll");
    let response =
        client.users().create_users(CreateUsersAction::SsoCreate).user_info(user).await.expect("201 decodes");
    assert_matches_item(&only_request(&server).await, item).await;
    assert_eq!(serde_json::to_value(&*response).unwrap(), expected);
    assert_eq!(response.type_, Some(7), "`\"integer\"` placeholders are typed as integers");
}

#[tokio::test]
#[allow(deprecated)]
async fn update_user() {
    let collection = seed_collection();
    let item = find_item(&collection, "Update a user").unwrap();
    let (server, client) = server(204, "").await;
    client
        .users()
        .update_user("quis officia in reprehenderit")
        .login_type(100)
        .remove_tsp_credentials(true)
        .first_name("in nu")
        .last_name("elit ")
        .type_(UpdateUserType::None)
        .pmi("-25518892")
        .use_pmi(false)
        .timezone("anim ipsum in")
        .language("dolor veniam cupidatat")
        .dept("dolor tempor")
        .vanity_name("in quis dolor labore")
        .host_key("enim p")
        .cms_user_id("nisi commodo Ut")
        .job_title("nisi elit fugiat")
        .company("dolore mollit enim ex")
        .location("reprehenderit laboris esse dolore")
        .phone_number("proident incididunt")
        .phone_country("mollit labore et laborum")
        .custom_attributes(CustomAttributes::new("fugiat", "reprehenderit ullamco sit fugiat", "incididunt"))
        .group_id("amet Lorem reprehenderit eu sed")
        .phone_numbers(PhoneNumbers::new("ut ullamco ea", "ad adipisicing", "eiusmod ipsum enim", "Home"))
        .manager("H-BwfF@h.qxj")
        .pronouns("exercitation laboris")
        .pronouns_option(PronounsOption::V2)
        .await
        .expect("204");
    assert_matches_item(&only_request(&server).await, item).await;
}

#[tokio::test]
async fn create_im_directory_group() {
    let collection = seed_collection();
    let item = find_item(&collection, "Create an IM directory group").unwrap();
    let (server, client) = server(201, "{}").await;
    let response = client
        .im_groups()
        .create_im_directory_group()
        .name("Excepteur proident in")
        .type_(CreateImDirectoryGroupType::Normal)
        .search_by_domain(false)
        .search_by_account(true)
        .search_by_ma_account(false)
        .await
        .expect("201 decodes");
    assert_matches_item(&only_request(&server).await, item).await;
    assert_eq!(*response, Some(json!({})));
}

#[tokio::test]
async fn optional_fields_left_out_send_no_part() {
    let (server, client) = server(204, "").await;
    client.users().tsp().update_tsp_account("me", "2", "0125", "1189").await.expect("204");
    let request = only_request(&server).await;
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_string();
    let parts = form_parts(&content_type, request.body.clone()).await;
    assert_eq!(
        parts,
        vec![("conference_code".to_string(), "0125".to_string()), ("leader_pin".to_string(), "1189".to_string())]
    );
}

#[tokio::test]
async fn an_error_body_with_code_and_message_becomes_a_typed_error() {
    let (_server, client) = server(400, r#"{"code":300,"message":"You can add a max of two tsp configs."}"#).await;
    let error = client.users().tsp().add_users_tsp_account("me", "1", "2").await.expect_err("400 is an error");
    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.status, 400);
    assert_eq!(api.code, Some(zoom_api::ErrorCode::Number(300.into())));
    assert_eq!(api.headers.get("content-type").map(|v| v.to_str().unwrap()), Some("application/json"));
    assert_eq!(api.message.as_deref(), Some("You can add a max of two tsp configs."));
    assert_eq!(error.to_string(), "the API answered 400 with code 300: You can add a max of two tsp configs.");
    assert!(!format!("{error:?}{client:?}").contains(TOKEN), "the token never shows");
}

#[tokio::test]
async fn an_error_body_that_is_not_json_is_kept_raw() {
    let (_server, client) = server(404, "User does not exist").await;
    let error = client.users().update_user("me").await.expect_err("404");
    let Error::Api(api) = error else { panic!("expected Error::Api") };
    assert_eq!((api.status, &api.code, api.body.as_str()), (404, &None, "User does not exist"));
}

#[tokio::test]
async fn a_body_that_does_not_match_the_type_is_a_decode_error() {
    let (_server, client) = server(201, r#"{"conference_code": 5}"#).await;
    let error = client.users().tsp().add_users_tsp_account("me", "1", "2").await.expect_err("wrong shape");
    assert!(matches!(error, Error::Decode { status: 201, .. }), "{error:?}");
}

#[test]
fn base_url_must_be_http_or_https() {
    assert!(matches!(Client::new("ftp://example.com"), Err(Error::InvalidBaseUrl { .. })));
    assert!(matches!(Client::new("not a url"), Err(Error::InvalidBaseUrl { .. })));
    assert_eq!(Client::new(zoom_api::DEFAULT_BASE_URL).unwrap().base_url(), "https://api.zoom.us/v2");
}

#[tokio::test]
async fn a_response_that_differs_from_the_example_still_decodes_and_loses_nothing() {
    // `type` missing, `email` null, a field the example never showed.
    let body = r#"{"id": "u1", "first_name": "Ada", "email": null, "next_page_token": "abc"}"#;
    let (_server, client) = server(201, body).await;
    let response = client.users().create_users(CreateUsersAction::SsoCreate).await.expect("decodes");
    assert_eq!(response.id.as_deref(), Some("u1"));
    assert_eq!((response.type_, response.email.as_deref()), (None, None));
    assert_eq!(response.extra["next_page_token"], "abc", "the unknown field is kept");
    assert_eq!(serde_json::to_value(&*response).unwrap()["next_page_token"], "abc");
}

#[tokio::test]
async fn a_value_of_another_type_names_its_json_path() {
    let (_server, client) = server(201, r#"{"id": "u1", "type": "seven"}"#).await;
    let error = client.users().create_users(CreateUsersAction::SsoCreate).await.expect_err("wrong type");
    assert!(matches!(&error, Error::Decode { status: 201, path, .. } if path == "type"), "{error:?}");
    assert!(error.to_string().contains("at `type`"), "{error}");
}
