//! Helpers every item kind shares: identifiers, doc comments, module paths and Rust types.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::error::Error;
use crate::ir::{Api, Module, ModuleId, TypeRef};

/// An identifier. Names in the IR are valid identifiers, raw ones spelled `r#…`.
pub fn ident(name: &str) -> Ident {
    format_ident!("{}", name)
}

/// Outer doc comments, one `#[doc]` per line (printed as `/// line`).
pub fn docs(lines: &[impl AsRef<str>]) -> TokenStream {
    let lines = lines.iter().map(|line| doc_text(line.as_ref()));
    quote! { #(#[doc = #lines])* }
}

/// Inner (`//!`) doc comments, one per line.
pub fn inner_docs(lines: &[impl AsRef<str>]) -> TokenStream {
    let lines = lines.iter().map(|line| doc_text(line.as_ref()));
    quote! { #(#![doc = #lines])* }
}

/// A doc line as the attribute's text: a space after `///`, none for an empty line.
fn doc_text(line: &str) -> String {
    if line.is_empty() { String::new() } else { format!(" {line}") }
}

/// A folder's docs: its description, or what it holds.
pub fn folder_docs(module: &Module) -> Vec<String> {
    if module.description.is_empty() {
        vec![format!("Operations in the `{}` folder.", crate::lower::docs::code_safe(&module.title))]
    } else {
        module.description.clone()
    }
}

/// `#[deprecated(note = "…")]` when there is a note.
pub fn deprecated(note: Option<&String>) -> TokenStream {
    match note {
        Some(note) => quote! { #[deprecated(note = #note)] },
        None => TokenStream::new(),
    }
}

/// Module names from the root to `id`.
pub fn module_path(api: &Api, id: ModuleId) -> Vec<&str> {
    let mut names = Vec::new();
    let mut current = Some(id);
    while let Some(module) = current.filter(|m| *m != 0) {
        names.push(api.modules[module].name.as_str());
        current = api.modules[module].parent;
    }
    names.reverse();
    names
}

/// `crate::a::b` for a module.
pub fn module_tokens(api: &Api, id: ModuleId) -> TokenStream {
    let names = module_path(api, id).into_iter().map(ident);
    quote! { crate #(::#names)* }
}

/// The Rust type of a type reference as written in module `here`: the prelude's `String`,
/// `Vec` and `Option` (no collection type takes their names), a named type by its bare name in
/// its own module and by its `crate::` path elsewhere (everywhere when `here` is `None`).
pub fn type_tokens(api: &Api, ty: &TypeRef, here: Option<ModuleId>) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer => quote!(i64),
        TypeRef::Float => quote!(f64),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::File => quote!(crate::FilePart),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::List(inner) => {
            let inner = type_tokens(api, inner, here);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(api, inner, here);
            quote!(Vec<(String, #inner)>)
        }
        TypeRef::Named(id) => {
            let def = &api.types[*id];
            let name = ident(&def.name);
            if here == Some(def.module) {
                return quote!(#name);
            }
            let module = module_tokens(api, def.module);
            quote!(#module::#name)
        }
    }
}

/// `T` or `Option<T>`, as written in module `here`.
pub fn field_type_tokens(api: &Api, ty: &TypeRef, required: bool, here: ModuleId) -> TokenStream {
    let ty = type_tokens(api, ty, Some(here));
    if required { ty } else { quote!(Option<#ty>) }
}

/// A file's tokens as `prettyplease` prints them; `file` names the file in the error.
pub fn unparse(file: &str, tokens: TokenStream) -> Result<String, Error> {
    let parsed =
        syn::parse2::<syn::File>(tokens).map_err(|e| Error::Emit { file: file.to_string(), message: e.to_string() })?;
    Ok(prettyplease::unparse(&parsed))
}

/// The cargo feature that compiles a top-level folder: its module name, unless that is one
/// of the crate's own features (`default`, `full`, `middleware`, `tracing`, `serialize`).
/// `None` when the crate has no folder features.
pub fn folder_feature(api: &Api, id: ModuleId) -> Option<String> {
    let name = &api.modules[id].name;
    if !api.folder_features || api.modules[id].parent != Some(0) {
        None
    } else if ["default", "full", "middleware", "tracing", "serialize"].contains(&name.as_str()) {
        Some(format!("{name}-folder"))
    } else {
        Some(name.clone())
    }
}

/// `#[cfg(feature = "…")]` for a top-level folder's module and accessor, when it has a feature.
pub fn folder_cfg(api: &Api, id: ModuleId) -> TokenStream {
    match folder_feature(api, id) {
        Some(feature) => quote!(#[cfg(feature = #feature)]),
        None => TokenStream::new(),
    }
}
