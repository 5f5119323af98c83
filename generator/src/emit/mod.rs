//! IR → the files of a crate. Each item kind is a small pure function from IR to tokens
//! (`quote!`); a file's tokens are parsed into one `syn::File` and printed by `prettyplease`.
//! No I/O.
//!
//! Modules, from the top: this one lays out the files; `client` (the crate root and the
//! sub-clients), `operation` (methods and request structs), `driver` (the conformance
//! driver), `types`, `request`, `auth`, `runtime`, `cargo` and `example` build the items; the
//! helpers they share are in `tokens` and `uses`, which depend on no other part of `emit`.

mod auth;
mod cargo;
mod client;
mod driver;
pub mod example;
pub mod mock;
mod operation;
mod pagination;
mod readme;
mod request;
mod runtime;
mod tokens;
mod types;
mod uses;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

pub use crate::config::CrateOptions;
use crate::error::Error;
use crate::ir::{Api, ModuleId};
use crate::templates::HEADER;
use tokens::{file, inner_docs, module_path, unparse};

/// Every file of the generated crate, by path relative to its root.
pub fn files(api: &Api, options: &CrateOptions) -> Result<BTreeMap<String, String>, Error> {
    let mut files = BTreeMap::new();
    each_file(api, options, &mut |path, contents| {
        files.insert(path, contents);
        Ok(())
    })?;
    Ok(files)
}

/// Every file of the generated crate, each handed to `sink` with its path relative to the root
/// as soon as it is built, so a caller that writes and drops it holds one file at a time.
pub fn each_file(
    api: &Api,
    options: &CrateOptions,
    sink: &mut dyn FnMut(String, String) -> Result<(), Error>,
) -> Result<(), Error> {
    let uses = uses::uses(api);
    sink("Cargo.toml".to_string(), cargo::manifest(api, &uses))?;
    let lib = "src/lib.rs";
    let modules = client::child_modules(api, 0, &mut |_| Ok(None))?;
    let private = quote! { #[cfg(feature = "mock")] pub mod mock; mod runtime; mod types; };
    sink(lib.to_string(), file(lib, root(api, &uses, quote! { #modules #private }, false)?)?)?;
    sink("src/mock.rs".to_string(), mock::mock_rs(api)?)?;
    sink("src/runtime.rs".to_string(), format!("{HEADER}{}", runtime::runtime_rs(api, &uses)?))?;
    sink("src/types.rs".to_string(), file("src/types.rs", types_module(api))?)?;
    sink("README.md".to_string(), readme::readme(api)?)?;
    sink("examples/quickstart.rs".to_string(), readme::quickstart(api))?;
    sink("tests/mock.rs".to_string(), readme::mock_test(api)?)?;
    if options.conformance_driver {
        let driver = "examples/conformance.rs";
        sink(driver.to_string(), file(driver, driver::driver(api)?)?)?;
    }
    for id in 1..api.modules.len() {
        let path = format!("src/{}.rs", module_path(api, id).join("/"));
        let contents = file(&path, module_file(api, id, false)?)?;
        sink(path, contents)?;
    }
    Ok(())
}

/// The code emitted for one operation (its method, request struct and the types it introduced),
/// formatted: what a reviewer reads when the item changes.
pub fn operation_source(api: &Api, operation: usize) -> Result<String, Error> {
    unparse(&api.operations[operation].name, operation::operation_alone(api, operation)?)
}

/// The crate as one file, for `include!` at the root of a crate of its own (what
/// [`crate::Builder::build_script`] writes): the modules and the runtime inline, without the
/// crate's docs and attributes.
pub fn single_file(api: &Api) -> Result<String, Error> {
    let uses = uses::uses(api);
    let modules = client::child_modules(api, 0, &mut |id| module_file(api, id, true).map(Some))?;
    let runtime = runtime::runtime_rs(api, &uses)?;
    let runtime: syn::File =
        syn::parse_str(&runtime).map_err(|e| Error::Emit { file: "runtime.rs".to_string(), message: e.to_string() })?;
    let types = types_module(api);
    file("lib.rs", root(api, &uses, quote! { #modules mod runtime { #runtime } mod types { #types } }, true)?)
}

/// The private module where every named type is defined once; the operations' modules name
/// them.
fn types_module(api: &Api) -> TokenStream {
    let definitions = types::definitions(api, |_| true);
    quote! {
        //! The collection's types, each defined once: the module of each operation that uses
        //! one names it (`pub use`), by the name that operation gives it.
        #![allow(missing_docs)]
        #definitions
    }
}

/// The crate root: the client with the root's operations, `modules` and their items.
fn root(api: &Api, uses: &uses::Uses, modules: TokenStream, inline: bool) -> Result<TokenStream, Error> {
    let (methods, items) = module_operations(api, 0)?;
    let head = client::lib_head(api, uses, modules, inline, methods);
    Ok(quote! { #head #items })
}

/// A folder's file: its docs, child modules, sub-client with its operations, and their items;
/// with `inline`, its child modules' contents too.
fn module_file(api: &Api, id: ModuleId, inline: bool) -> Result<TokenStream, Error> {
    let docs = inner_docs(&tokens::folder_docs(&api.modules[id]));
    let children = client::child_modules(api, id, &mut |child| {
        if inline { module_file(api, child, true).map(Some) } else { Ok(None) }
    })?;
    let (methods, items) = module_operations(api, id)?;
    let client = client::sub_client(api, id, methods);
    Ok(quote! {
        #docs
        #children
        #client
        #items
    })
}

/// A module's operations, in collection order: their methods, and the items they introduced.
fn module_operations(api: &Api, id: ModuleId) -> Result<(TokenStream, TokenStream), Error> {
    let mut methods = TokenStream::new();
    let mut items = TokenStream::new();
    for op in &api.modules[id].operations {
        let emitted = operation::operation(api, *op)?;
        methods.extend(emitted.methods);
        items.extend(emitted.items);
    }
    Ok((methods, items))
}
