//! Helpers every item kind shares: identifiers, doc comments, module paths and Rust types.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote};

use crate::error::Error;
use crate::ir::{Api, Module, ModuleId, Operation, TypeRef};
pub use crate::naming::paths::{folder_feature, module_path};

/// `a`, `a and b`, `a, b and c`.
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

/// A generated file: the header, then its tokens as `prettyplease` prints them.
pub fn file(path: &str, tokens: TokenStream) -> Result<String, Error> {
    Ok(format!("{}{}", crate::templates::HEADER, unparse(path, tokens)?))
}

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

/// `crate::a::b` for a module.
pub fn module_tokens(api: &Api, id: ModuleId) -> TokenStream {
    let names = module_path(api, id).into_iter().map(ident);
    quote! { crate #(::#names)* }
}

/// Where a type is written: in the private `types` module, where every type is defined, or in
/// an operation's code (its module), which names types by the aliases it gives them.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    Types,
    Operation(&'a Operation),
}

/// The Rust type of a type reference as written at `here`: the prelude's `String`, `Vec` and
/// `Option` (no collection type takes their names), a named type by its bare name, in the
/// `types` module or as the operation's alias in its module.
pub fn type_tokens(api: &Api, ty: &TypeRef, here: Place<'_>) -> TokenStream {
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
        TypeRef::Named(id) => match here {
            Place::Types => ident(&api.types[*id].name).into_token_stream(),
            Place::Operation(op) => ident(&api.alias(op, *id).name).into_token_stream(),
        },
    }
}

/// `T` or `Option<T>`, as written at `here`.
pub fn field_type_tokens(api: &Api, ty: &TypeRef, required: bool, here: Place<'_>) -> TokenStream {
    let ty = type_tokens(api, ty, here);
    if required { ty } else { quote!(Option<#ty>) }
}

/// A file's tokens as `prettyplease` prints them, items spaced out; `file` names the file in
/// the error.
pub fn unparse(file: &str, tokens: TokenStream) -> Result<String, Error> {
    let parsed =
        syn::parse2::<syn::File>(tokens).map_err(|e| Error::Emit { file: file.to_string(), message: e.to_string() })?;
    Ok(space_out(&prettyplease::unparse(&parsed)))
}

/// What a line of `prettyplease` output begins, for spacing items out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Begins {
    /// An inner doc comment or attribute (`//!`, `#![…]`).
    Header,
    /// A module declared on one line (`pub mod users;`).
    Module,
    /// A `use` declaration.
    Use,
    /// Any other item.
    Item,
}

/// One blank line between items (functions, impls, structs, enums, modules, constants), as
/// rustfmt'd hand-written code has (`prettyplease` prints none): at file level and in `mod`,
/// `impl` and `trait` blocks, never inside a body. Consecutive module declarations, and
/// consecutive `use` declarations, stay together.
pub fn space_out(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // For each open brace: whether it holds items (a `mod`, `impl` or `trait` block).
    let mut blocks: Vec<bool> = Vec::new();
    // What the last item at this level was, when it ended on the line before.
    let mut ended: Option<Begins> = None;
    // Inside an item's header (before its first `{` or `;`): whether its block holds items.
    let mut header: Option<bool> = None;
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let at_items = blocks.last().copied().unwrap_or(true);
        if trimmed.is_empty() {
            out.push('\n');
            ended = None;
            continue;
        }
        if let (true, Some(previous)) = (at_items, ended) {
            let begins = begins(&lines[index..]);
            if !trimmed.starts_with('}') && (previous != begins || begins == Begins::Item) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        if trimmed.starts_with("//!") || trimmed.starts_with("#![") {
            ended = Some(Begins::Header);
            continue;
        }
        if trimmed.starts_with("//") || trimmed.starts_with("#[") {
            ended = None;
            continue;
        }
        if at_items && header.is_none() && !trimmed.starts_with('}') {
            header = Some(is_item_block(trimmed));
        }
        for brace in code_braces(line) {
            if brace == '{' {
                blocks.push(header.take().unwrap_or(false));
            } else {
                blocks.pop();
            }
        }
        let now_at_items = blocks.last().copied().unwrap_or(true);
        let closes = now_at_items && (trimmed.ends_with('}') || trimmed.ends_with(';'));
        if closes {
            header = None;
        }
        ended = closes.then(|| begins_now(trimmed));
    }
    out
}

/// What the item starting at `lines[0]` is, seen past its docs and attributes.
fn begins(lines: &[&str]) -> Begins {
    let first = lines.first().map(|line| line.trim_start()).unwrap_or_default();
    if first.starts_with("//!") || first.starts_with("#![") {
        return Begins::Header;
    }
    let line = lines
        .iter()
        .map(|line| line.trim_start())
        .find(|line| !line.starts_with("//") && !line.starts_with("#["))
        .unwrap_or_default();
    begins_now(line)
}

/// What a line that is an item's first (after its docs and attributes) begins.
fn begins_now(line: &str) -> Begins {
    let unqualified = without_visibility(line);
    if unqualified.starts_with("use ") {
        Begins::Use
    } else if unqualified.starts_with("mod ") && line.ends_with(';') {
        Begins::Module
    } else {
        Begins::Item
    }
}

/// `line` without a leading `pub`, `pub(crate)` or `pub(super)`.
fn without_visibility(line: &str) -> &str {
    let line = line.strip_prefix("pub(crate) ").or_else(|| line.strip_prefix("pub(super) ")).unwrap_or(line);
    line.strip_prefix("pub ").unwrap_or(line)
}

/// Whether an item's header line opens a block of items: `mod`, `impl` or `trait`.
fn is_item_block(line: &str) -> bool {
    let line = without_visibility(line);
    line.starts_with("mod ") || line.starts_with("impl") || line.starts_with("trait ")
}

/// The braces of a line of code, in order, leaving out those in string and character literals.
fn code_braces(line: &str) -> Vec<char> {
    let mut braces = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '{' | '}' => braces.push(ch),
            '"' => {
                while let Some(inner) = chars.next() {
                    match inner {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            'r' if chars.peek() == Some(&'#') => {
                let mut hashes = 0;
                while chars.next_if_eq(&'#').is_some() {
                    hashes += 1;
                }
                if chars.next_if_eq(&'"').is_some() {
                    let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                    let rest: String = chars.by_ref().collect();
                    if let Some(end) = rest.find(&closing) {
                        braces.extend(code_braces(&rest[end + closing.len()..]));
                    }
                    return braces;
                }
            }
            // A character literal (`'{'`, `'\''`), not a lifetime.
            '\'' => {
                let rest: String = chars.clone().take(4).collect();
                if rest.starts_with('\\') {
                    chars.next();
                    chars.next();
                    chars.next_if_eq(&'\'');
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.next();
                    chars.next();
                }
            }
            _ => {}
        }
    }
    braces
}

/// `#[cfg(feature = "…")]` for a top-level folder's module and accessor, when it has a feature.
pub fn folder_cfg(api: &Api, id: ModuleId) -> TokenStream {
    match folder_feature(api, id) {
        Some(feature) => quote!(#[cfg(feature = #feature)]),
        None => TokenStream::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::space_out;

    #[test]
    fn items_are_spaced_out_and_bodies_left_alone() {
        let printed = "//! Docs.\n#![warn(missing_docs)]\npub mod a;\n#[cfg(feature = \"b\")]\npub mod b;\nmod runtime;\npub use runtime::{\n    Error,\n};\n/// A.\npub const A: &str = \"{\";\npub struct S {\n    pub a: i64,\n}\nimpl S {\n    pub fn new() -> Self {\n        let x = '}';\n        Self { a: 1 }\n    }\n    /// B.\n    pub fn b(&self) {}\n}\n";
        let spaced = "//! Docs.\n#![warn(missing_docs)]\n\npub mod a;\n#[cfg(feature = \"b\")]\npub mod b;\nmod runtime;\n\npub use runtime::{\n    Error,\n};\n\n/// A.\npub const A: &str = \"{\";\n\npub struct S {\n    pub a: i64,\n}\n\nimpl S {\n    pub fn new() -> Self {\n        let x = '}';\n        Self { a: 1 }\n    }\n\n    /// B.\n    pub fn b(&self) {}\n}\n";
        assert_eq!(space_out(printed), spaced);
    }

    #[test]
    fn spacing_twice_changes_nothing() {
        let printed = "impl<'a> C<'a> {\n    pub fn a(&self) -> &'a str {\n        \"}}\"\n    }\n    pub fn b(&self) {}\n}\nstruct D;\n";
        let once = space_out(printed);
        assert_eq!(
            once,
            "impl<'a> C<'a> {\n    pub fn a(&self) -> &'a str {\n        \"}}\"\n    }\n\n    pub fn b(&self) {}\n}\n\nstruct D;\n"
        );
        assert_eq!(space_out(&once), once);
    }
}
