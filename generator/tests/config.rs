//! Postman environments, `postman-codegen.toml` and the `Builder`, on a small shop collection
//! with three folders and three environments (`tests/collections/environments/`).

use std::path::{Path, PathBuf};

use postman_codegen::{Builder, Error, Generated, WarningKind};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/environments")
}

fn collection() -> PathBuf {
    dir().join("shop.postman_collection.json")
}

fn environment(name: &str) -> PathBuf {
    dir().join(format!("{name}.postman_environment.json"))
}

/// A config file in a directory of its own, with `text`.
fn config(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postman-codegen-config-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("postman-codegen.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn lib(generated: &Generated) -> &str {
    &generated.files["src/lib.rs"]
}

fn generate_with(name: &str, text: &str) -> Result<Generated, Error> {
    Builder::new(collection()).config(config(name, text)).generate()
}

#[test]
fn without_environments_the_collection_gives_the_base_url() {
    let generated = Builder::new(collection()).generate().unwrap();
    assert!(lib(&generated).contains(r#"pub const DEFAULT_BASE_URL: &str = "https://collection.shop.example/v1";"#));
    assert!(!lib(&generated).contains("PRODUCTION_BASE_URL"));
}

#[test]
fn environments_override_the_collection_and_each_gets_a_constructor() {
    let generated = Builder::new(collection())
        .environment(environment("Production"))
        .environment(environment("Sandbox"))
        .environment(environment("Local"))
        .generate()
        .unwrap();
    let lib = lib(&generated);
    // The first environment is the default; its value wins over the collection's.
    assert!(lib.contains(r#"pub const DEFAULT_BASE_URL: &str = "https://api.shop.example/v1";"#), "{lib}");
    assert!(lib.contains("The base URL of the default environment, `Production`"));
    assert!(lib.contains(r#"pub const PRODUCTION_BASE_URL: &str = "https://api.shop.example/v1";"#));
    assert!(lib.contains(r#"pub const SANDBOX_BASE_URL: &str = "https://sandbox.shop.example/v1";"#));
    // Local does not set the base URL: the collection's value is used, as in Postman.
    assert!(lib.contains(r#"pub const LOCAL_BASE_URL: &str = "https://collection.shop.example/v1";"#));
    for constructor in ["pub fn production()", "pub fn sandbox()", "pub fn local()"] {
        assert!(lib.contains(constructor), "{constructor}");
    }
    // Secret values are never written anywhere, and a secret hides the collection's value too.
    for (path, contents) in &generated.files {
        for secret in ["prod-SECRET-1234", "sandbox-SECRET-5678", "collection-key"] {
            assert!(!contents.contains(secret), "{path} contains the secret {secret}");
        }
    }
    let readme = &generated.files["README.md"];
    assert!(
        readme.contains("| Production (default) | `Client::production()` | <https://api.shop.example/v1> |"),
        "{readme}"
    );
    assert!(generated.files["examples/quickstart.rs"].contains("shop_api::Client::production()?"));
}

#[test]
fn the_config_names_the_default_environment_and_the_crate() {
    let dir = dir();
    let text = format!(
        "crate-name = \"shop\"\nversion = \"2.3.0\"\nenvironments = [{:?}, {:?}]\ndefault-environment = \"Sandbox\"\n",
        dir.join("Production.postman_environment.json"),
        dir.join("Sandbox.postman_environment.json"),
    );
    let generated = generate_with("default", &text).unwrap();
    assert!(lib(&generated).contains(r#"pub const DEFAULT_BASE_URL: &str = "https://sandbox.shop.example/v1";"#));
    let manifest = &generated.files["Cargo.toml"];
    assert!(manifest.contains("name = \"shop\"\nversion = \"2.3.0\""), "{manifest}");
}

/// The config may name as default an environment the builder (or `--environment`) gives.
#[test]
fn the_configs_default_may_be_an_environment_given_beside_it() {
    let generated = Builder::new(collection())
        .config(config("beside", "default-environment = \"Sandbox\"\n"))
        .environment(environment("Production"))
        .environment(environment("Sandbox"))
        .generate()
        .unwrap();
    assert!(lib(&generated).contains(r#"pub const DEFAULT_BASE_URL: &str = "https://sandbox.shop.example/v1";"#));
}

#[test]
fn the_config_leaves_out_renames_and_turns_off_features() {
    let text = r#"
exclude = ["archive", "orders/Cancel an order"]
folder-features = false

[rename.operations]
"orders/List orders" = "all_orders"

[rename.types]
ProductsItem = "Product"
"#;
    let generated = generate_with("rename", text).unwrap();
    assert_eq!(generated.operations(), 4, "6 items less a folder of 1 and an item");
    assert!(!generated.files.contains_key("src/archive.rs"));
    let orders = &generated.files["src/orders.rs"];
    assert!(orders.contains("pub fn all_orders("), "{orders}");
    assert!(!orders.contains("cancel_order"));
    assert!(generated.files["src/products.rs"].contains("pub use crate::types::Product;"));
    assert!(generated.files["src/types.rs"].contains("pub struct Product {"), "named so in `Debug` too");
    assert!(!generated.files["Cargo.toml"].contains("full = ["), "no folder features");
    assert!(!lib(&generated).contains("#[cfg(feature = \"orders\")]"));
}

/// Each bad config is refused with an error that names the file and the key or name at fault.
#[test]
fn bad_configs_are_errors_that_name_the_key() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("unknown", "crate_name = \"x\"\n", &["unknown field `crate_name`", "crate-name"]),
        ("nested", "[rename]\noperation = {}\n", &["unknown field `operation`"]),
        ("exclude", "exclude = [\"orders/Refund\"]\n", &["`exclude`: `orders/Refund` matches no folder or item"]),
        (
            "rename-missing",
            "[rename.operations]\n\"orders/Refund\" = \"refund\"\n",
            &["`rename.operations`: `orders/Refund` matches no item"],
        ),
        (
            "rename-taken",
            "[rename.operations]\n\"orders/Get an order\" = \"list_orders\"\n",
            &["`orders/Get an order` cannot be named `list_orders`", "already has a method"],
        ),
        (
            "rename-bad",
            "[rename.operations]\n\"orders/Get an order\" = \"Get-Order\"\n",
            &["cannot be named `Get-Order`: not a snake_case Rust name"],
        ),
        ("type-missing", "[rename.types]\nNope = \"Yes\"\n", &["`rename.types`: `Nope` matches no type"]),
        ("type-bad", "[rename.types]\nProductsItem = \"product\"\n", &["not an UpperCamelCase Rust name"]),
        ("type-taken", "[rename.types]\nProductsItem = \"ListProductsResponse\"\n", &["another type has that name"]),
        ("version", "version = \"two\"\n", &["`version = \"two\"` is not a semantic version"]),
        (
            "environment",
            "default-environment = \"Staging\"\n",
            &["`default-environment = \"Staging\"` names no environment"],
        ),
        ("type", "exclude = \"orders\"\n", &["invalid type"]),
    ];
    for (name, text, expected) in cases {
        let error = generate_with(name, text).map(|_| ()).expect_err(name).to_string();
        assert!(error.contains("postman-codegen.toml"), "{name}: names the file: {error}");
        for part in *expected {
            assert!(error.contains(part), "{name}: {error:?} should say {part:?}");
        }
    }
}

#[test]
fn a_bad_environment_file_is_an_error_that_names_it() {
    let path = std::env::temp_dir().join(format!("postman-codegen-env-{}.json", std::process::id()));
    std::fs::write(&path, r#"{"name": "Broken", "values": [{"value": "x"}]}"#).unwrap();
    let error = Builder::new(collection()).environment(&path).generate().map(|_| ()).unwrap_err().to_string();
    assert!(error.contains(&path.display().to_string()), "{error}");
    assert!(error.contains("values[0]") && error.contains("missing field `key`"), "{error}");
    let missing = Builder::new(collection()).environment("nowhere.json").generate().map(|_| ()).unwrap_err();
    assert!(missing.to_string().contains("nowhere.json"), "{missing}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn scripts_are_warned_about_per_item_with_a_kind() {
    let generated = Builder::new(collection()).generate().unwrap();
    let scripts = generated.warnings.iter().filter(|w| w.kind == WarningKind::Scripts).count();
    assert_eq!(scripts, 5);
}

#[test]
fn the_inputs_are_what_a_build_script_reruns_on() {
    let text = format!("environments = [{:?}]\n", dir().join("Production.postman_environment.json"));
    let path = config("inputs", &text);
    let inputs = Builder::new(collection()).config(&path).environment(environment("Sandbox")).inputs().unwrap();
    assert_eq!(
        inputs,
        vec![collection(), path, dir().join("Production.postman_environment.json"), environment("Sandbox")]
    );
}

/// What a build script writes: the client as one file and the API record beside it, which the
/// next build compares with to report what changed.
#[test]
fn a_build_script_says_what_changed_in_the_api_since_the_last_build() {
    let out = std::env::temp_dir().join(format!("postman-codegen-single-file-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let revisions = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/revisions");
    let build = |kind: &str| {
        Builder::new(revisions.join(format!("{kind}.postman_collection.json")))
            .single_file(&out, Some("shop-client"))
            .unwrap()
    };
    let first = build("base");
    assert!(first.changes.first.is_some(), "nothing to compare with on the first build");
    assert_eq!(first.path, out.join("shop_api.rs"));
    let code = std::fs::read_to_string(&first.path).unwrap();
    assert!(code.contains("shop_client::Client::new("), "doc examples name the including crate");
    assert!(out.join("api.jsonl").is_file());
    assert!(!build("base").changes.any(), "the same collection changes nothing");
    let added = build("operation-added");
    let report = added.changes.report(&added.api.version);
    assert!(report.contains("operation `orders::OrdersClient::cancel_order`"), "{report}");
    let _ = std::fs::remove_dir_all(&out);
}
