//! `src/runtime.rs` of the generated crate: errors, responses, sending and the helpers
//! operations call. It is real Rust source, the files of `generator/runtime/` (one per
//! concern), compiled and unit-tested together (`generator/tests/runtime.rs`), and copied into
//! each crate, in order, without the parts that crate does not use, so the crate has no dead
//! code.
//!
//! The sources mark their optional parts with comment lines: `// @part NAME` … `// @end`
//! (parts nest), `// @auth` where the crate's `Auth` enum goes, and `// @about …` for what a
//! file holds. Marker lines and blank lines are not copied.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::unparse;
use super::uses::Uses;
use crate::error::Error;
use crate::ir::{Api, AuthKind};

/// The runtime sources every crate's `runtime.rs` is cut from, in the order they are copied.
pub const SOURCES: &[&str] = &[
    include_str!("../../runtime/core.rs"),
    include_str!("../../runtime/send.rs"),
    include_str!("../../runtime/encoding.rs"),
    include_str!("../../runtime/dynamic.rs"),
    include_str!("../../runtime/pagination.rs"),
];

/// Whether the crate needs the runtime part `name`; `None` for a name the runtime does not have.
pub fn needs(part: &str, uses: &Uses) -> Option<bool> {
    Some(match part {
        "signed" | "signer" => uses.signed,
        "send" => uses.operations,
        "encode_path" => uses.path_params,
        "to_json" => uses.json_text,
        "pairs" => uses.query || uses.headers || uses.urlencoded,
        "query" => uses.query,
        "headers" => uses.headers,
        "urlencoded" => uses.urlencoded,
        "indexed" => uses.indexed,
        "pagination" => uses.pagination,
        "page_token" => uses.page_token,
        "starting_after" => uses.starting_after,
        "page_count" => uses.offset || uses.page_number,
        "offset" => uses.offset,
        "page_number" => uses.page_number,
        "link" => uses.link,
        "json_items" => uses.json_items,
        "keyed" => uses.keyed,
        "text_parts" => uses.text_parts,
        "file_parts" => uses.file_parts,
        "file_part" => uses.files,
        "method" => uses.custom_method,
        "optional_json" => uses.optional_json,
        "into_json" => uses.json,
        "into_text" => uses.text,
        "into_bytes" => uses.bytes || uses.binary,
        "binary" => uses.binary,
        "into_empty" => uses.empty,
        "graphql" => uses.graphql,
        "dynamic" => uses.dynamic_values || uses.dynamic_json,
        "dynamic_values" => uses.dynamic_values,
        "dynamic_json" => uses.dynamic_json,
        "secret_header" => uses.oauth2_header || uses.key_header,
        _ => return None,
    })
}

/// The runtime text with the parts `keep` accepts and `auth` in place of `// @auth`.
pub fn select(source: &str, keep: &dyn Fn(&str) -> bool, auth: &str) -> String {
    let mut out = String::with_capacity(source.len());
    // Whether each enclosing part is kept.
    let mut open: Vec<bool> = Vec::new();
    for line in source.lines() {
        let marker = line.trim_start();
        let kept = open.iter().all(|kept| *kept);
        if let Some(name) = marker.strip_prefix("// @part ") {
            open.push(kept && keep(name.trim()));
        } else if marker == "// @end" {
            open.pop();
        } else if marker == "// @auth" {
            if kept {
                out.push_str(auth);
            }
        } else if marker.starts_with("// @about ") {
            // What the file holds, for its readers.
        } else if kept && !line.trim().is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The crate's `runtime.rs` (without the file header).
pub fn runtime_rs(api: &Api, uses: &Uses) -> Result<String, Error> {
    let auth = if uses.operations { unparse("src/runtime.rs", auth_enum(api))? } else { String::new() };
    let keep = |part: &str| needs(part, uses).unwrap_or(false);
    let mut out = String::from("//! Errors, raw responses and the helpers every operation shares.\n");
    for source in SOURCES {
        out.push_str(&select(source, &keep, &auth));
    }
    Ok(out)
}

/// `runtime::Auth`: the ways the crate's operations authenticate, in the order of first use.
fn auth_enum(api: &Api) -> TokenStream {
    let mut variants: Vec<TokenStream> = Vec::new();
    for kind in &api.auth_kinds {
        let variant = match kind {
            AuthKind::Bearer => quote!(Bearer),
            AuthKind::Basic => quote!(Basic),
            AuthKind::ApiKey { in_query: false, .. } => quote!(ApiKeyHeader(&'static str)),
            AuthKind::ApiKey { in_query: true, .. } => quote!(ApiKeyQuery(&'static str)),
            AuthKind::OAuth2 { in_query: false, .. } => quote!(OAuth2Header(&'static str)),
            AuthKind::OAuth2 { in_query: true, .. } => quote!(OAuth2Query(&'static str)),
            AuthKind::Signed { .. } => quote!(Signed(&'static str)),
        };
        if !variants.iter().any(|v| v.to_string() == variant.to_string()) {
            variants.push(variant);
        }
    }
    quote! {
        /// How an operation authenticates; the client holds the credentials.
        #[derive(Debug, Clone, Copy)]
        pub(crate) enum Auth { #(#variants,)* }
    }
}

#[cfg(test)]
mod tests {
    use super::{SOURCES, select};

    /// Every part the runtime source marks is one the emitter decides on.
    #[test]
    fn every_part_is_known() {
        let uses = super::Uses::default();
        for source in SOURCES {
            for line in source.lines() {
                let marker = line.trim_start();
                if let Some(name) = marker.strip_prefix("// @part ") {
                    assert!(super::needs(name.trim(), &uses).is_some(), "unknown runtime part `{name}`");
                } else if marker.starts_with("// @") {
                    assert!(
                        marker == "// @end" || marker == "// @auth" || marker.starts_with("// @about "),
                        "unknown marker `{marker}`"
                    );
                }
            }
            assert_eq!(source.matches("// @part ").count(), source.matches("// @end").count());
        }
    }

    #[test]
    fn parts_are_left_out_with_what_they_hold() {
        let source =
            "// @about the test\na\n// @part x\nb\n    // @part y\n    c\n    // @end\n// @end\n\n// @auth\nd\n";
        assert_eq!(select(source, &|_| true, "AUTH\n"), "a\nb\n    c\nAUTH\nd\n");
        assert_eq!(select(source, &|part| part == "x", ""), "a\nb\nd\n");
        assert_eq!(select(source, &|part| part == "y", ""), "a\nd\n");
    }
}
