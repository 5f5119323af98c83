//! The names a generated crate defines itself, each list declared by the module that emits
//! those items: lowering gives a collection name that would take one of them another name,
//! and validation checks that none does.

use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Methods of the root `Client`: those `emit` writes (its constructor, credential setters and
/// how they are applied), those of the runtime's `impl crate::Client`, the trait methods it
/// derives, the `mock`, `runtime` and `types` modules (folders' modules share the namespace of
/// the accessors), and the methods of the mock server, which has the root's accessors too.
pub fn root_methods() -> &'static BTreeSet<String> {
    static NAMES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let mut names = strings(super::client::CLIENT_METHODS);
        names.extend(strings(super::auth::CREDENTIAL_METHODS));
        names.extend(super::runtime::client_methods());
        names.extend(strings(&["clone", "clone_from", "fmt", "mock", "runtime", "types"]));
        // The mock server reaches the root's folders and operations by the same names.
        names.extend(super::mock::server_methods());
        names
    });
    &NAMES
}

/// Methods of every sub-client: its constructor and the trait methods it derives.
pub fn sub_client_methods() -> &'static BTreeSet<String> {
    static NAMES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let mut names = strings(super::client::SUB_CLIENT_METHODS);
        names.extend(strings(&["clone", "clone_from", "fmt"]));
        names
    });
    &NAMES
}

/// Names of a request builder's own: its fields and methods besides the inputs (`client`,
/// `send`, `pages`, `items`, …), the locals of its `send`, and the trait methods it has.
pub fn request_methods() -> &'static BTreeSet<String> {
    static NAMES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let mut names = strings(super::operation::REQUEST_NAMES);
        names.extend(strings(&["clone", "clone_from", "fmt", "into_future"]));
        names
    });
    &NAMES
}

/// Type names no collection type takes: `Client`, the runtime's public types (re-exported at
/// the crate root) and the prelude names generated code writes unqualified.
pub fn root_types() -> &'static BTreeSet<String> {
    static NAMES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let mut names = strings(&["Client"]);
        names.extend(super::runtime::public_types());
        names.extend(strings(super::tokens::UNQUALIFIED));
        names
    });
    &NAMES
}

fn strings(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| name.to_string()).collect()
}
