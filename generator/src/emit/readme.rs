//! The generated crate's `README.md` and `examples/quickstart.rs`: what a newcomer reads and
//! runs first. Both are built from the crate's first operation (a read one when there is one).

use super::example::{self, krate};
use crate::error::Error;
use crate::ir::{Api, AuthKind, CredentialKind, Operation, Success};
use crate::lower::docs::code_safe;

/// The operation the README and the quickstart call: one a new user can call without inputs
/// (a `GET` with no path parameter and no required field, and no signing hook), a `me`-style
/// one first, then a list; else the first such `GET` with inputs; else the first operation.
fn first_operation(api: &Api) -> Option<&Operation> {
    let plain = |op: &&Operation| !matches!(op.auth, Some(AuthKind::Signed { .. }));
    let get = |op: &&Operation| plain(op) && op.method == "GET";
    let no_inputs =
        |op: &&Operation| get(op) && op.path_params.is_empty() && op.request.fields.iter().all(|f| !f.field.required);
    let me = |op: &&Operation| op.path_template.trim_end_matches('/').rsplit('/').next() == Some("me");
    let list = |op: &&Operation| op.name.starts_with("list") || op.name.starts_with("get_all");
    let ops = || api.operations.iter();
    ops()
        .filter(no_inputs)
        .find(me)
        .or_else(|| ops().filter(no_inputs).find(list))
        .or_else(|| ops().find(no_inputs))
        .or_else(|| ops().find(get))
        .or_else(|| ops().find(plain))
        .or(api.operations.first())
}

/// The statement that makes the client, with credentials read from environment variables.
fn client(api: &Api, op: Option<&Operation>) -> String {
    let krate = krate(api);
    let new = match (api.environments.iter().find(|e| e.is_default), &api.base_url) {
        (Some(environment), _) => format!("{krate}::Client::{}()?", environment.method),
        (None, Some(_)) => format!("{krate}::Client::new({krate}::DEFAULT_BASE_URL)?"),
        (None, None) => format!("{krate}::Client::new(\"https://api.example.com\")?"),
    };
    let var = |name: &str| format!("std::env::var(\"{name}\")?");
    let credentials = match (op.and_then(|op| op.auth.as_ref()), op.and_then(|op| op.credential)) {
        (Some(AuthKind::Signed { .. }), _) => {
            "\n    .with_signer(|_kind, _request| {\n        // Sign `_request` here for the scheme `_kind` names.\n        Ok(())\n    })".to_string()
        }
        (_, Some(index)) => {
            let credential = &api.credentials[index];
            let vars = example::credential_variables(api, index);
            let v = |at: usize| vars.get(at).map(String::as_str).unwrap_or_default();
            match credential.kind {
                CredentialKind::Secret => format!("\n    .with_{}({})", credential.name, var(v(0))),
                CredentialKind::Basic => {
                    format!("\n    .with_{}({}, std::env::var(\"{}\").ok())", credential.name, var(v(0)), v(1))
                }
                CredentialKind::AwsV4 => format!(
                    "\n    .with_{}({}, {}, std::env::var(\"{}\").unwrap_or_default())",
                    credential.name,
                    var(v(0)),
                    var(v(1)),
                    v(2)
                ),
                CredentialKind::OAuth1 => format!(
                    "\n    .with_{}(\n        {},\n        {},\n        {},\n        {},\n    )",
                    credential.name,
                    var(v(0)),
                    var(v(1)),
                    var(v(2)),
                    var(v(3))
                ),
            }
        }
        _ => String::new(),
    };
    // A host the collection does not define needs a base URL before the call.
    let host = example::host_setting(api, op.and_then(|op| example::undefined_host(api, op)));
    format!("let client = {new}{host}{credentials};")
}

/// `examples/quickstart.rs`.
pub fn quickstart(api: &Api) -> String {
    let krate = krate(api);
    let op = first_operation(api);
    let mut body = vec![client(api, op)];
    if let Some(op) = op {
        let request = example::call_with(api, op, example::Values::Quickstart);
        body.push(example::pretty(&format!("let request = {request};")));
        let ok = if op.success == Success::Binary {
            "Ok(file) => println!(\"{} {:?}\", file.status(), file.content_type()),"
        } else {
            "Ok(response) => println!(\"{} {:?}\", response.status(), response.into_inner()),"
        };
        body.push(format!(
            "match request.await {{\n    {ok}\n    // The API answered with an error status: its code and message, when the body gives them.\n    Err({krate}::Error::Api(error)) => {{\n        eprintln!(\"{{}}: {{}}\", error.status, error.message.as_deref().unwrap_or(&error.body));\n    }}\n    Err(error) => return Err(error.into()),\n}}"
        ));
    }
    if op.is_none() {
        // The collection has no requests: there is nothing to call.
        body.push("println!(\"{client:?}\");".to_string());
    }
    let body: Vec<String> = body
        .iter()
        .map(|statement| statement.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"))
        .collect();
    let run = op.map(|op| format!(" `{}`", op.item_path[1..].join(" › "))).unwrap_or_default();
    // The environment variables it reads (credentials, and values the collection leaves to the
    // user), in order.
    let body = body.join("\n");
    let mut variables: Vec<&str> = Vec::new();
    for rest in body.split("std::env::var(").skip(1) {
        let name = rest.trim_start().strip_prefix('"').and_then(|rest| rest.split('"').next());
        if let Some(name) = name.filter(|name| !variables.contains(name)) {
            variables.push(name);
        }
    }
    format!(
        "{header}//! Makes a client of the {title} and calls{run} once.\n//!\n//! `cargo run --example quickstart` ({vars}).\n#![allow(deprecated)]\n\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{body}\n    Ok(())\n}}\n",
        header = crate::templates::HEADER,
        title = api.title,
        vars = match variables.as_slice() {
            [] => "no credentials needed".to_string(),
            [one] => format!("set `{one}` first"),
            [first @ .., last] => format!("set `{}` and `{last}` first", first.join("`, `")),
        },
    )
}

/// The README's Testing section: the mock server, `tests/mock.rs`, and the operations that
/// have no saved 2xx example.
fn testing(api: &Api) -> Result<String, Error> {
    let name = &api.crate_name;
    let mut out = format!(
        "## Testing\n\nWith the `mock` feature, `mock::MockServer` answers every operation offline the way the collection's saved examples show, for tests that must not call the API:\n\n```toml\n[dev-dependencies]\n{name} = {{ path = \"…\", features = [\"mock\"] }}\n```\n\nA request goes to the operation whose method and path template it fits, which answers with its saved 2xx example whose saved request is most like it (query and JSON body), the first on a tie. A request can ask for another example by its name (`x-mock-response-name`) or status (`x-mock-response-code`), as with Postman's mock servers. A test can give its own answers instead, typed by the operation's response type (`MockResponse::json`) or raw (`MockResponse::bytes`), once or always, with headers and a delay, and read the requests the server received. A request no operation fits gets a `404` that names the operations on its path.\n\n`tests/mock.rs`, which `cargo test --features mock` runs:\n\n```rust,no_run\n"
    );
    let test = mock_test(api)?;
    let code: Vec<&str> =
        test.lines().filter(|l| !(l.starts_with("//!") || l.starts_with("// ") || l.starts_with("#!["))).collect();
    out.push_str(code.join("\n").trim());
    out.push_str("\n```\n\n");
    let without: Vec<String> = api
        .operations
        .iter()
        .filter(|op| op.default_example().is_none())
        .map(|op| format!("`{}`", code_safe(&op.item_path[1..].join(" › "))))
        .collect();
    if without.is_empty() {
        out.push_str("Every operation has a saved 2xx example.\n\n");
    } else {
        out.push_str(&format!(
            "{} of {} operations have no saved 2xx example: they answer `200` with an empty body and the header `x-mock-example: none`, unless a test gives an answer: {}.\n\n",
            without.len(),
            api.operations.len(),
            without.join(", ")
        ));
    }
    Ok(out)
}

/// `tests/mock.rs`: the first operation against the crate's mock server, as a user's test
/// suite calls it (`cargo test --features mock`); the README's Testing section shows it.
pub fn mock_test(api: &Api) -> Result<String, Error> {
    let text = mock_test_text(api);
    let tokens =
        text.parse().map_err(|e| Error::Emit { file: "tests/mock.rs".to_string(), message: format!("{e}") })?;
    super::tokens::file("tests/mock.rs", tokens)
}

/// The source of `tests/mock.rs`, before formatting.
fn mock_test_text(api: &Api) -> String {
    let krate = krate(api);
    let header = "//! The crate's mock server as a test suite uses it: `cargo test --features mock`.\n// Deprecated inputs are set too when the collection has example values for them.\n#![allow(deprecated)]\n";
    let Some(op) = first_operation(api) else {
        return format!(
            "{header}\nuse {krate}::mock::MockServer;\n\n/// The collection has no requests: the server answers every request with a `404`.\n#[tokio::test]\nasync fn answers_404() -> Result<(), Box<dyn std::error::Error>> {{\n    let server = MockServer::start().await;\n    let response = reqwest::get(format!(\"{{}}/anything\", server.uri())).await?;\n    assert_eq!(response.status(), 404);\n    Ok(())\n}}\n"
        );
    };
    let header = format!("{header}\nuse {krate}::mock::{{MockResponse, MockServer}};\n");
    // Where operations share a method and path, the first of them: the mock answers a request
    // that fits several as the first, so the test's request is the operation's own.
    let op = super::mock::on_route(api, op).first().copied().unwrap_or(op);
    let call = example::doc_call(api, op);
    let reach = super::mock::reach(api, op);
    let status = op.default_example().map_or(200, |example| example.status_sent());
    // A scheme the program signs itself (`with_signer`): the mock checks no signature, so the
    // test's signer signs nothing.
    let signer = match op.auth {
        Some(AuthKind::Signed { .. }) => ".with_signer(|_kind, _request| Ok(()))",
        _ => "",
    };
    format!(
        "{header}
/// The operation answers with its saved example, and the server keeps the request.
#[tokio::test]
async fn answers_with_the_saved_example() -> Result<(), Box<dyn std::error::Error>> {{
    let server = MockServer::start().await;
    let client = server.client()?{signer};
    let response = {call}.await?;
    assert_eq!(response.status(), {status});
    assert_eq!(server.{reach}.received().len(), 1);
    Ok(())
}}

/// A test's own answer: here an error the program must handle.
#[tokio::test]
async fn answers_as_the_test_says() -> Result<(), Box<dyn std::error::Error>> {{
    let server = MockServer::start().await;
    let client = server.client()?.with_retry_policy({krate}::RetryPolicy::none()){signer};
    let not_found = MockResponse::bytes(404, r#\"{{\"message\": \"Not found\"}}\"#).header(\"content-type\", \"application/json\");
    server.{reach}.once(not_found);
    match {call}.await {{
        Err({krate}::Error::Api(error)) => assert_eq!((error.status, error.message.as_deref()), (404, Some(\"Not found\"))),
        Err(other) => panic!(\"expected the API's 404, got {{other}}\"),
        Ok(_) => panic!(\"expected the API's 404\"),
    }}
    Ok(())
}}
"
    )
}

/// `README.md`.
pub fn readme(api: &Api) -> Result<String, Error> {
    let krate = krate(api);
    let name = &api.crate_name;
    let mut out = format!(
        "<!-- @generated by postman-codegen from a Postman collection. Do not edit by hand: regenerate instead. -->\n# {name}\n\nA typed Rust client for the {title}, generated from its Postman collection by postman-codegen: {operations} operations in {folders} folders. Each is a method that takes the required inputs and gives a request: set its optional inputs, then `.await` it for a typed response.\n\n",
        title = api.title,
        operations = api.operations.len(),
        folders = api.modules.len() - 1,
    );
    out.push_str(&format!(
        "## Install\n\n```toml\n[dependencies]\n{name} = {{ path = \"…\" }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n\n"
    ));
    let features = crate::naming::paths::folder_features(api);
    if !features.is_empty() {
        out.push_str(&format!(
            "Each top-level folder is a cargo feature, all on by default (`full`). To compile only some:\n`{name} = {{ path = \"…\", default-features = false, features = [\"{}\"] }}`.\nOther features: `middleware` (send through `reqwest_middleware`), `tracing` (a span per call), `serialize` (`Serialize` on response types), `deserialize` (`Deserialize` on request types), `mock` (a mock server for tests, with both).\n\n",
            features[0]
        ));
    }
    out.push_str("## Create a client\n\n");
    if api.environments.is_empty() {
        match &api.base_url {
            Some(url) => out.push_str(&format!("`Client::new({krate}::DEFAULT_BASE_URL)` sends to <{url}>; any other base URL can be given instead.\n\n")),
            None => out.push_str("The collection names no base URL: give yours to `Client::new`.\n\n"),
        }
    } else {
        out.push_str(
            "One constructor per Postman environment:\n\n| environment | constructor | base URL |\n|---|---|---|\n",
        );
        for environment in &api.environments {
            out.push_str(&format!(
                "| {}{} | `Client::{}()` | <{}> |\n",
                environment.name,
                if environment.is_default { " (default)" } else { "" },
                environment.method,
                environment.base_url
            ));
        }
        out.push_str("\n`Client::new(url)` takes any other base URL.\n\n");
    }
    if !api.hosts.is_empty() {
        out.push_str("Some requests go to another host than the base URL; each host has its own setting:\n\n| host in the collection | base URL by default | set with |\n|---|---|---|\n");
        for host in &api.hosts {
            let default = host.default.as_ref().map_or_else(|| "none: set it".to_string(), |url| format!("<{url}>"));
            out.push_str(&format!("| `{}` | {default} | `Client::{}(url)?` |\n", host.template, host.setter));
        }
        out.push('\n');
    }
    out.push_str("## Authentication\n\n");
    // One entry per credential the client holds, in order of first use, with what it sends
    // and which operations use it.
    let mut entries: Vec<String> = (0..api.credentials.len())
        .map(|index| {
            let credential = &api.credentials[index];
            let args = match credential.kind {
                CredentialKind::Secret => "secret",
                CredentialKind::Basic => "user, Some(password)",
                CredentialKind::OAuth1 => "consumer_key, consumer_secret, token, token_secret",
                CredentialKind::AwsV4 => "access_key, secret_key, session_token",
            };
            let docs = super::auth::setter_docs(api, index);
            format!(
                "- `.with_{}({args})`: {}",
                credential.name,
                docs.iter().filter(|l| !l.is_empty()).cloned().collect::<Vec<_>>().join(" ")
            )
        })
        .collect();
    if api.auth_kinds.iter().any(|kind| matches!(kind, AuthKind::Signed { .. })) {
        entries
            .push("- `.with_signer(|kind, request| …)`: signs the requests whose auth signs each request.".to_string());
    }
    if entries.is_empty() {
        out.push_str("The collection uses no authentication.\n\n");
    } else {
        out.push_str("The client holds one credential per source the collection's auth uses; give each once:\n\n");
        out.push_str(&entries.join("\n"));
        out.push_str("\n\nCredentials are never written into the crate: the program gives them.\n\n");
    }
    out.push_str(
        "## One call\n\n`examples/quickstart.rs`, which `cargo run --example quickstart` runs:\n\n```rust,no_run\n",
    );
    let quickstart = quickstart(api);
    let code: Vec<&str> = quickstart.lines().filter(|l| !l.starts_with("//") && !l.starts_with("#![")).collect();
    out.push_str(code.join("\n").trim_start());
    out.push_str("\n```\n\n");
    out.push_str(&format!(
        "## Errors\n\nEvery request answers `Result<_, {krate}::Error>`. `Error::Api` is an answer outside 2xx, with its `status`, `headers`, the `code` and `message` the body gives and the whole `body`; `Error::Transport` is a connection or timeout failure; `Error::ResponseTooLarge`, `Error::InvalidRequest` and `Error::InvalidBaseUrl` say what they name. A response body that does not match its type fails with the JSON path of the mismatch.\n\n"
    ));
    out.push_str(
        "## Retries, pagination, files\n\nConnection failures and 408, 429, 502, 503 and 504 answers are retried (3 attempts, exponential backoff, `Retry-After` honoured; not for a POST without an `Idempotency-Key`); `with_retry_policy` changes it. ",
    );
    if let Some(paging) = api.operations.iter().find(|op| op.pagination.is_some()) {
        out.push_str(&format!(
            "The requests of operations that page have `pages()` and `items()`, streams of pages and of items (e.g. `{}.items()`). ",
            example::doc_call(api, paging)
        ));
    }
    if api.operations.iter().any(|op| op.success == Success::Binary) {
        out.push_str("Operations that return a file give a `ByteStream`, read as it arrives. ");
    }
    out.push_str("The crate docs (`cargo doc --open`) show each method with an example.\n\n");
    out.push_str(&testing(api)?);
    out.push_str("## Changes\n\n`CHANGELOG.md` says what each regeneration changed in the API and which version bump it needs; `api.jsonl` records the API it compares with. A new optional input, response field, enum value, operation or folder breaks no caller: requests are builders and JSON types and enums are `#[non_exhaustive]`.\n");
    Ok(out)
}
