//! What a new user meets first, as generated: sub-client names without numbers, names without
//! the collection's numbering, and a quickstart that runs as it is.

use postman_codegen::ir::Api;
use postman_codegen::{CrateOptions, Generated};
use postman_codegen_tests::shared_dir;

fn generate(path: &std::path::Path) -> Generated {
    postman_codegen::generate_file(path, &CrateOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn shared(name: &str) -> Generated {
    generate(&shared_dir().join("collections").join(format!("{name}.postman_collection.json")))
}

/// Each module's path (`chat::users`) and its sub-client's name.
fn clients(api: &Api) -> Vec<(String, String)> {
    (1..api.modules.len())
        .map(|id| {
            let mut path = Vec::new();
            let mut current = Some(id);
            while let Some(at) = current.filter(|at| *at != 0) {
                path.push(api.modules[at].name.clone());
                current = api.modules[at].parent;
            }
            path.reverse();
            (path.join("::"), api.modules[id].client_name.clone())
        })
        .collect()
}

#[test]
fn top_level_folders_get_the_plain_client_names() {
    let api = shared("zoom_api").api;
    let clients = clients(&api);
    let numbered: Vec<&(String, String)> =
        clients.iter().filter(|(_, name)| name.ends_with(char::is_numeric)).collect();
    assert!(numbered.is_empty(), "numbered sub-client names: {numbered:?}");
    let client = |path: &str| clients.iter().find(|(p, _)| p == path).map(|(_, name)| name.as_str()).unwrap();
    assert_eq!(client("users"), "UsersClient");
    assert_eq!(client("tsp"), "TspClient");
    assert_eq!(client("webinars_webinar_id"), "WebinarsWebinarIdClient");
    // Nested folders named like a top-level one are qualified by their parent.
    assert_eq!(client("chat::users"), "ChatUsersClient");
    assert_eq!(client("report::webinars_webinar_id"), "ReportWebinarsWebinarIdClient");
}

#[test]
fn numbering_is_not_part_of_a_name() {
    // A revision of the Wise cards collection numbers its folders and its requests.
    let generated =
        generate(&shared_dir().join("revisions/wise_cards_api/2023-09-29-6051bc6c.postman_collection.json"));
    let api = &generated.api;
    let modules: Vec<&str> = api.modules[1..].iter().map(|m| m.name.as_str()).collect();
    assert_eq!(modules[..3], ["authentication", "card_issuance", "card_management"]);
    assert!(modules.iter().all(|m| !m.starts_with('n')), "{modules:?}");
    let op = api.operations.iter().find(|op| op.summary == "3. Set a card status").unwrap();
    assert_eq!(op.name, "set_card_status");
    assert_eq!(api.modules[op.module].client_name, "CardManagementClient");
    assert_eq!(op.request.name, "SetCardStatusRequest");
    let numbered: Vec<&str> =
        api.operations.iter().map(|op| op.name.as_str()).filter(|name| name.starts_with('n')).collect();
    assert!(numbered.is_empty(), "{numbered:?}");
    // The item keeps its name in the docs.
    assert!(generated.files["src/card_management.rs"].contains("/// 3. Set a card status"));

    let api = generate(&xtask::root().join("tests/collections/numbered.postman_collection.json")).api;
    let clients = clients(&api);
    let names: Vec<&str> = clients.iter().map(|(path, _)| path.as_str()).collect();
    // `3. Setup` keeps its number beside `Setup`; `1st Party` is no ordinal.
    assert_eq!(names, ["authentication", "cards", "n3_setup", "setup", "n1st_party"]);
    let ops: Vec<(&str, &str)> =
        api.operations.iter().map(|op| (api.modules[op.module].name.as_str(), op.name.as_str())).collect();
    assert_eq!(
        ops,
        [
            ("authentication", "get_token"),
            ("authentication", "refresh_token"),
            ("cards", "list_cards"),
            ("cards", "get_card"),
            ("cards", "set_card_status"),
            // Siblings that would be named alike keep their numbers.
            ("n3_setup", "n1_setup"),
            ("n3_setup", "n2_setup"),
            ("setup", "check"),
            ("n1st_party", "n2_0_api"),
        ]
    );
}

#[test]
fn the_quickstart_calls_an_operation_without_inputs_and_copies_no_filler() {
    let generated = shared("zoom_api");
    let quickstart = &generated.files["examples/quickstart.rs"];
    assert!(quickstart.contains("let request = client.sip_phones().list_sip_phones();"), "{quickstart}");
    assert!(quickstart.contains("match request.await {"), "{quickstart}");
    for filler in ["ut amet", "15403087", ".page_size("] {
        assert!(!quickstart.contains(filler), "{filler} in {quickstart}");
    }
    // Method docs show the required inputs: real collection values as they are, filler as a
    // value named after the input; typed JSON is written as Rust values.
    let accounts = &generated.files["src/accounts.rs"];
    assert!(
        accounts.contains(".create_sub_account(\"ull\", \"last-name\", \"user@example.com\", \"password\")"),
        "required inputs only, filler replaced"
    );
    let users = &generated.files["src/users/user_id.rs"];
    assert!(users.contains("client.users().user_id().update_user(\"user-id\").await?;"), "{users}");
    let countries = &generated.files["src/accounts/account_id/sip_trunk/callout_countries.rs"];
    assert!(countries.contains("CalloutCountriesItem::new("), "a constructor call");
    let from_str: usize = generated.files.values().map(|text| text.matches("serde_json::from_str(\"").count()).sum();
    assert_eq!(from_str, 0, "no example decodes JSON text");

    // Every shared collection: no filler in the quickstart's string literals.
    for entry in std::fs::read_dir(shared_dir().join("collections")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let generated = generate(&path);
        let quickstart = &generated.files["examples/quickstart.rs"];
        let literals = quickstart.split('"').skip(1).step_by(2);
        for literal in literals {
            assert!(
                !postman_codegen::lower::filler::is_filler(literal),
                "{}: `{literal}` in {quickstart}",
                path.display()
            );
        }
    }
}
