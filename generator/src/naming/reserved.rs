//! The names a generated crate defines itself, which no collection name may take: lowering
//! gives a collection name that would take one of them another name, and validation checks
//! that none does. Each list says which part of `emit` writes those items; the names the
//! runtime and the mock server define are read from their sources.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use crate::templates;

/// The methods `emit::client` writes on every `Client` (besides the setters of its hosts,
/// environments and credentials, which lowering names).
pub const CLIENT_METHODS: &[&str] = &["new"];

/// The methods `emit::client` writes on every sub-client.
pub const SUB_CLIENT_METHODS: &[&str] = &["new"];

/// The methods `emit::auth` writes on `Client` besides the credential setters, which lowering
/// names: the signing hook's setter, and how the credentials are applied.
pub const CREDENTIAL_METHODS: &[&str] = &["with_signer", "authorize", "sign"];

/// Names of a request builder's own that `emit::operation` writes: its `client` field, its
/// methods and the locals of its `send`.
pub const REQUEST_NAMES: &[&str] =
    &["client", "send", "outgoing", "pages", "items", "request", "path", "builder", "pairs", "form", "new"];

/// The prelude names generated code writes unqualified: no collection type takes them.
pub const UNQUALIFIED: &[&str] = &["Option", "Result", "String", "Vec", "Box", "ToString", "Into"];

/// The crate's own cargo features, which a top-level folder's feature does not take.
pub const FEATURES: &[&str] = &["default", "full", "middleware", "tracing", "serialize", "deserialize", "mock"];

/// Methods of the root `Client`: those `emit` writes (its constructor, credential setters and
/// how they are applied), those of the runtime's `impl crate::Client`, the trait methods it
/// derives, the `mock`, `runtime` and `types` modules (folders' modules share the namespace of
/// the accessors), and the methods of the mock server, which has the root's accessors too.
pub fn root_methods() -> &'static BTreeSet<String> {
    static NAMES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let mut names = strings(CLIENT_METHODS);
        names.extend(strings(CREDENTIAL_METHODS));
        names.extend(client_methods());
        names.extend(strings(&["clone", "clone_from", "fmt", "mock", "runtime", "types"]));
        // The mock server reaches the root's folders and operations by the same names.
        names.extend(server_methods());
        names
    });
    &NAMES
}

/// Methods of every sub-client: its constructor and the trait methods it derives.
pub fn sub_client_methods() -> &'static BTreeSet<String> {
    static NAMES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let mut names = strings(SUB_CLIENT_METHODS);
        names.extend(strings(&["clone", "clone_from", "fmt"]));
        names
    });
    &NAMES
}

/// Names of a request builder's own: its fields and methods besides the inputs (`client`,
/// `send`, `pages`, `items`, …), the locals of its `send`, and the trait methods it has.
pub fn request_methods() -> &'static BTreeSet<String> {
    static NAMES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let mut names = strings(REQUEST_NAMES);
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
        names.extend(public_types());
        names.extend(strings(UNQUALIFIED));
        names
    });
    &NAMES
}

/// The methods of the runtime's `impl crate::Client` (`runtime/client.rs`).
fn client_methods() -> Vec<String> {
    templates::items(templates::CLIENT)
        .into_iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) => Some(block.items),
            _ => None,
        })
        .flatten()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The types the runtime makes public (`pub`), which the crate root re-exports.
pub fn public_types() -> Vec<String> {
    templates::RUNTIME
        .iter()
        .flat_map(|source| templates::items(source))
        .filter_map(|item| match item {
            syn::Item::Struct(item) if matches!(item.vis, syn::Visibility::Public(_)) => Some(item.ident),
            syn::Item::Enum(item) if matches!(item.vis, syn::Visibility::Public(_)) => Some(item.ident),
            syn::Item::Type(item) if matches!(item.vis, syn::Visibility::Public(_)) => Some(item.ident),
            syn::Item::Trait(item) if matches!(item.vis, syn::Visibility::Public(_)) => Some(item.ident),
            _ => None,
        })
        .map(|ident| ident.to_string())
        .collect()
}

/// The methods of `MockServer`: the public ones of the mock server's source, and `client`, which
/// `emit::mock` writes. Folders and operations at the root of a collection do not take these
/// names.
fn server_methods() -> Vec<String> {
    let mut names: Vec<String> = templates::items(templates::MOCK)
        .into_iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block)
                if block.trait_.is_none()
                    && matches!(&*block.self_ty, syn::Type::Path(ty) if ty.path.is_ident("MockServer")) =>
            {
                Some(block.items)
            }
            _ => None,
        })
        .flatten()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(function) if matches!(function.vis, syn::Visibility::Public(_)) => {
                Some(function.sig.ident.to_string())
            }
            _ => None,
        })
        .collect();
    names.push("client".to_string());
    names
}

fn strings(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| name.to_string()).collect()
}
