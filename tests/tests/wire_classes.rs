//! How `tests/collections/wire.postman_collection.json` lowers: each way real collections write a
//! request (lower-case methods, `Authorization` headers, second hosts, query pieces, `.`
//! segments, …) becomes the operation that sends what newman sends. The conformance test
//! checks the wire against newman; these check what a user of the crate sees.

use postman_codegen::ir::{Api, AuthKind, Location, Operation};
use postman_codegen::lower::WarningKind;
use postman_codegen::{CrateOptions, Generated};

fn generated() -> Generated {
    let path = xtask::root().join("tests/collections/wire.postman_collection.json");
    postman_codegen::generate_file(&path, &CrateOptions::default()).expect("the collection generates")
}

fn op<'a>(api: &'a Api, item: &str) -> &'a Operation {
    api.operations.iter().find(|op| op.item_path.last().map(String::as_str) == Some(item)).expect(item)
}

fn fields(op: &Operation, location: Location) -> Vec<(String, Option<String>)> {
    op.request
        .fields
        .iter()
        .filter(|f| f.location == location)
        .map(|f| (f.field.name.wire.clone(), f.field.example.clone()))
        .collect()
}

fn auth(op: &Operation) -> (Option<&AuthKind>, Vec<(&str, &str)>, bool) {
    let values = op.auth_values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    (op.auth.as_ref(), values, op.auth_from_header)
}

#[test]
fn methods_are_sent_upper_cased() {
    let api = generated().api;
    assert_eq!(op(&api, "List things").method, "GET");
    assert_eq!(op(&api, "Create thing").method, "POST");
    assert_eq!(op(&api, "Remove thing").method, "DELETE");
}

#[test]
fn an_items_authorization_header_becomes_its_credential() {
    let generated = generated();
    let api = &generated.api;
    let scheme = |scheme: &str| AuthKind::Header { scheme: scheme.to_string() };
    assert_eq!(auth(op(api, "Bearer header")), (Some(&scheme("Bearer")), vec![("token", "secret-token")], true));
    assert_eq!(auth(op(api, "Token scheme header")), (Some(&scheme("Token")), vec![("token", "k-123")], true));
    assert_eq!(auth(op(api, "Fixed basic header")), (Some(&scheme("Basic")), vec![("token", "dXNlcjpwYXNz")], true));
    // A scheme written in lower case is sent as written, not as `Bearer`.
    assert_eq!(
        auth(op(api, "Lower-case bearer header")),
        (Some(&scheme("bearer")), vec![("token", "secret-token")], true)
    );
    // A value that is not `<scheme> <token>` is sent whole, as an API key.
    let whole = AuthKind::ApiKey { name: "Authorization".to_string(), in_query: false };
    assert_eq!(auth(op(api, "Whole header variable")), (Some(&whole), vec![("value", "k-123")], true));
    // An auth that sets `Authorization` replaces the header, as Postman does.
    assert_eq!(auth(op(api, "Auth block wins")), (Some(&AuthKind::Bearer), vec![("token", "secret-token")], false));
    // An empty variable still sends `Bearer `.
    assert_eq!(auth(op(api, "Empty bearer variable")), (Some(&scheme("Bearer")), vec![("token", "")], true));
    for item in ["Bearer header", "Auth block wins", "Empty bearer variable"] {
        assert!(fields(op(api, item), Location::Header).is_empty(), "{item}: no Authorization field");
    }
    // Each source is one credential: the same variable, whatever the placement, is one; a
    // fixed value is its own.
    let credential = |item: &str| op(api, item).credential.map(|index| api.credentials[index].name.as_str());
    assert_eq!(credential("Bearer header"), credential("Auth block wins"));
    assert_ne!(credential("Bearer header"), credential("Fixed basic header"));
    // Beside an API key in another header, the header stays a field, with a warning.
    let beside = op(api, "Beside an API key");
    assert_eq!(beside.auth, Some(AuthKind::ApiKey { name: "X-Api-Key".to_string(), in_query: false }));
    assert_eq!(
        fields(beside, Location::Header),
        vec![("Authorization".to_string(), Some("Bearer secret-token".to_string()))]
    );
    let warning = generated.warnings.iter().find(|w| w.kind == WarningKind::AuthorizationHeader).unwrap();
    assert!(warning.item.ends_with("Beside an API key"), "{warning}");
    assert!(warning.message.contains("`X-Api-Key`"), "{warning}");
    // A disabled `Authorization` header is neither sent nor a field.
    let disabled = op(api, "Disabled runner defaults");
    assert_eq!(disabled.auth, None);
    assert!(fields(disabled, Location::Header).iter().all(|(name, _)| name != "Authorization"));
    // A fixed Accept is sent as written.
    assert_eq!(op(api, "Download a PDF").accept.as_deref(), Some("application/pdf"));
}

#[test]
fn every_other_host_has_its_own_base_url_setting() {
    let generated = generated();
    let api = &generated.api;
    let hosts: Vec<(&str, &str, Option<&str>)> =
        api.hosts.iter().map(|h| (h.template.as_str(), h.setter.as_str(), h.default.as_deref())).collect();
    assert_eq!(
        hosts,
        vec![
            ("{{auth_url}}", "with_auth_base_url", Some("https://auth.example.com")),
            ("https://{{hostenv}}", "with_hostenv_base_url", Some("https://eu.example.com")),
            ("https://files.example.com", "with_files_example_com_base_url", Some("https://files.example.com")),
        ]
    );
    assert_eq!(op(api, "Token at the auth host").host, Some(0));
    assert_eq!(op(api, "Fixed other host").host, Some(2));
    assert_eq!(op(api, "List things").host, None);
    let lib = &generated.files["src/lib.rs"];
    assert!(lib.contains("pub fn with_auth_base_url("), "{lib}");
}

#[test]
fn queries_are_the_pieces_postman_sends() {
    let api = generated().api;
    let query = |item: &str| fields(op(&api, item), Location::Query);
    let pair = |key: &str, value: Option<&str>| (key.to_string(), value.map(str::to_string));
    // Empty pieces carry nothing.
    assert_eq!(query("Empty pieces"), vec![pair("q", Some("1")), pair("flag", Some(""))]);
    assert_eq!(query("Bare question mark"), vec![]);
    // A variable's `&` splits the value, its `#` ends the query, as in the URL Postman sends.
    assert_eq!(
        query("Variables with ampersand and hash"),
        vec![pair("q", Some("a")), pair("b", Some("")), pair("h", Some("x"))]
    );
}

/// The last differences from newman in its URL-parsing cases: an `&` inside an unresolved
/// `{{…}}` splits the piece but a `#` there does not end the query, and `=` (an empty name and
/// value) is sent; a path segment `{{dir/name}}` is two segments, in a URL object as in a raw URL.
#[test]
fn unresolved_variables_and_empty_names_in_urls_are_sent_as_newman_sends_them() {
    let api = generated().api;
    let query = |item: &str| fields(op(&api, item), Location::Query);
    let pair = |key: &str, value: Option<&str>| (key.to_string(), value.map(str::to_string));
    let pieces = vec![pair("a", Some("{{x")), pair("y}}", Some("")), pair("b", Some("{{p#q}}")), pair("c", Some("1"))];
    assert_eq!(query("Amp and hash in a query variable"), pieces);
    assert_eq!(query("Empty query piece"), vec![pair("", Some("")), pair("c", Some("1"))]);
    assert_eq!(query("Empty raw query piece"), vec![pair("", Some("")), pair("c", Some("1"))]);
    for item in ["Slash in a path variable", "Slash in a raw path variable"] {
        let op = op(&api, item);
        assert!(op.path_params.is_empty(), "{item}: `{{{{dir` and `name}}}}` are text, not a variable");
        assert!(op.path_template.starts_with("/files/{{dir/name}}/"), "{item}: {}", op.path_template);
    }
}

#[test]
fn paths_resolve_dot_segments_and_parameters_take_values() {
    let generated = generated();
    let api = &generated.api;
    assert_eq!(op(api, "Dot segments").path_template, "/a/c");
    assert!(generated.warnings.iter().any(|w| w.kind == WarningKind::DotSegments && w.item.ends_with("Dot segments")));
    // The collection writes the value as sent (`a%2Fb`); the parameter's example is the value.
    assert_eq!(op(api, "Path parameter").path_params[0].example.as_deref(), Some("a/b"));
}

#[test]
fn examples_build_the_collections_own_request() {
    let path = xtask::root().join("tests/collections/wire.postman_collection.json");
    let options = CrateOptions { conformance_driver: true, ..CrateOptions::default() };
    let generated = postman_codegen::generate_file(&path, &options).expect("the collection generates");
    // The conformance driver sends what newman sends: the collection's own values.
    let driver = &generated.files["examples/conformance.rs"];
    // A part with no file chosen is sent empty, as Postman sends it.
    assert!(driver.contains(".file(wire_fidelity::FilePart::new(Vec::new(), \"\"))"), "{driver}");
    // Type placeholders become values of their type.
    assert!(
        driver.contains("UpdateSettingsBody::new(\n                        false,\n                        0,\n"),
        "{driver}"
    );
    // The method docs show what a reader must give: no optional input, no placeholder.
    let placeholders = &generated.files["src/type_placeholders.rs"];
    assert!(!placeholders.contains("\"<string>\""), "{placeholders}");
}
