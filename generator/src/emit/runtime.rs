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

use crate::templates::RUNTIME as SOURCES;

/// Whether the crate needs the runtime part `name`; `None` for a name the runtime does not have.
pub fn needs(part: &str, uses: &Uses) -> Option<bool> {
    Some(match part {
        "signed" => uses.signed || uses.oauth1 || uses.awsv4 || uses.digest,
        "digest" => uses.digest,
        "oauth2_token" => uses.oauth2_token,
        "signer" => uses.signed,
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
        "hosts" => uses.hosts,
        "json_items" => uses.json_items,
        "json_at" => uses.page_token || uses.starting_after || uses.offset || uses.page_number || uses.json_items,
        "keyed" => uses.keyed,
        "text_parts" => uses.text_parts,
        "file_parts" => uses.file_parts,
        "file_part" => uses.files,
        "method" => uses.custom_method,
        "optional_json" => uses.optional_json,
        "into_json" => uses.json,
        "into_text" => uses.text,
        "into_bytes" => uses.bytes || uses.binary,
        "decode_bytes" => uses.bytes,
        "binary" => uses.binary,
        "into_empty" => uses.empty,
        "graphql" => uses.graphql,
        "multipart" => uses.multipart,
        "dynamic" => uses.dynamic_values || uses.dynamic_json,
        "dynamic_values" => uses.dynamic_values,
        "dynamic_json" => uses.dynamic_json,
        "secret_header" => {
            uses.oauth2_header || uses.key_header || uses.auth_header || uses.oauth1 || uses.awsv4 || uses.digest
        }
        "oauth1" => uses.oauth1,
        "awsv4" => uses.awsv4,
        "hmac" => uses.oauth1 || uses.awsv4,
        _ => return None,
    })
}

/// The runtime text with the parts `keep` accepts and `auth` in place of `// @auth`. Blank
/// lines are kept as the source has them, one at most where a part left out leaves two, none
/// at the start, after an opening brace or before a closing one.
pub fn select(source: &str, keep: &dyn Fn(&str) -> bool, auth: &str) -> String {
    let mut out = String::with_capacity(source.len());
    // Whether each enclosing part is kept.
    let mut open: Vec<bool> = Vec::new();
    let mut blank = false;
    for line in source.lines() {
        let marker = line.trim_start();
        let kept = open.iter().all(|kept| *kept);
        if let Some(name) = marker.strip_prefix("// @part ") {
            open.push(kept && keep(name.trim()));
        } else if marker == "// @end" {
            open.pop();
        } else if marker == "// @auth" {
            if kept && !auth.is_empty() {
                push(&mut out, auth, &mut blank);
            }
        } else if marker.starts_with("// @about ") {
            // What the file holds, for its readers.
        } else if kept && line.trim().is_empty() {
            blank = true;
        } else if kept {
            push(&mut out, line, &mut blank);
            out.push('\n');
        }
    }
    out
}

/// Appends `text`, after a blank line if one is pending and it belongs there.
fn push(out: &mut String, text: &str, blank: &mut bool) {
    let closes = text.trim_start().starts_with(['}', ')', ']']);
    if std::mem::take(blank) && !out.is_empty() && !closes && !out.ends_with("{\n") {
        out.push('\n');
    }
    out.push_str(text);
}

/// The crate's `runtime.rs` (without the file header).
pub fn runtime_rs(api: &Api, uses: &Uses) -> Result<String, Error> {
    let auth = if uses.operations { unparse("src/runtime.rs", auth_enum(api))? } else { String::new() };
    let keep = |part: &str| needs(part, uses).unwrap_or(false);
    let mut out = String::from("//! Errors, raw responses and the helpers every operation shares.\n");
    for source in SOURCES {
        let part = select(source, &keep, &auth);
        if !part.is_empty() {
            out.push('\n');
            out.push_str(&part);
        }
    }
    Ok(out)
}

/// `runtime::Auth`: the ways the crate's operations authenticate, in the order of first use.
fn auth_enum(api: &Api) -> TokenStream {
    let mut variants: Vec<TokenStream> = Vec::new();
    for kind in &api.auth_kinds {
        let variant = match kind {
            AuthKind::Bearer => quote!(Bearer(Credential)),
            AuthKind::Basic => quote!(Basic(Credential)),
            AuthKind::ApiKey { in_query: false, .. } => quote!(ApiKeyHeader(&'static str, Credential)),
            AuthKind::ApiKey { in_query: true, .. } => quote!(ApiKeyQuery(&'static str, Credential)),
            AuthKind::OAuth2 { in_query: false, .. } => quote!(OAuth2Header(&'static str, Credential)),
            AuthKind::OAuth2 { in_query: true, .. } => quote!(OAuth2Query(&'static str, Credential)),
            AuthKind::Header { .. } => quote!(Header(&'static str, Credential)),
            AuthKind::OAuth1(_) => quote!(OAuth1(&'static OAuth1, Credential)),
            AuthKind::AwsV4(_) => quote!(AwsV4(&'static AwsV4, Credential)),
            AuthKind::Digest(_) => quote!(Digest(&'static Digest, Credential)),
            AuthKind::Signed { .. } => quote!(Signed(&'static str)),
        };
        if !variants.iter().any(|v| v.to_string() == variant.to_string()) {
            variants.push(variant);
        }
    }
    let credentials = super::auth::credential_types(api);
    // The credential an operation's auth names, for a token the client gets itself.
    let credential = super::uses::uses(api).oauth2_token.then(|| {
        let arms = api.auth_kinds.iter().map(|kind| match kind {
            AuthKind::Signed { .. } => quote!(Auth::Signed(..) => ::std::option::Option::None,),
            AuthKind::Bearer => quote!(Auth::Bearer(credential) => ::std::option::Option::Some(credential),),
            AuthKind::Basic => quote!(Auth::Basic(credential) => ::std::option::Option::Some(credential),),
            AuthKind::ApiKey { in_query: false, .. } => {
                quote!(Auth::ApiKeyHeader(_, credential) => ::std::option::Option::Some(credential),)
            }
            AuthKind::ApiKey { in_query: true, .. } => {
                quote!(Auth::ApiKeyQuery(_, credential) => ::std::option::Option::Some(credential),)
            }
            AuthKind::OAuth2 { in_query: false, .. } => {
                quote!(Auth::OAuth2Header(_, credential) => ::std::option::Option::Some(credential),)
            }
            AuthKind::OAuth2 { in_query: true, .. } => {
                quote!(Auth::OAuth2Query(_, credential) => ::std::option::Option::Some(credential),)
            }
            AuthKind::Header { .. } => quote!(Auth::Header(_, credential) => ::std::option::Option::Some(credential),),
            AuthKind::OAuth1(_) => quote!(Auth::OAuth1(_, credential) => ::std::option::Option::Some(credential),),
            AuthKind::AwsV4(_) => quote!(Auth::AwsV4(_, credential) => ::std::option::Option::Some(credential),),
            AuthKind::Digest(_) => quote!(Auth::Digest(_, credential) => ::std::option::Option::Some(credential),),
        });
        let mut seen = Vec::new();
        let arms: Vec<TokenStream> = arms
            .filter(|arm| {
                let text = arm.to_string();
                let new = !seen.contains(&text);
                seen.push(text);
                new
            })
            .collect();
        quote! {
            impl Auth {
                /// The credential this auth sends.
                pub(crate) fn credential(self) -> ::std::option::Option<Credential> {
                    match self { #(#arms)* }
                }
            }
        }
    });
    quote! {
        /// How an operation authenticates, and with which of the client's credentials.
        #[derive(Debug, Clone, Copy)]
        pub(crate) enum Auth { #(#variants,)* }

        #credential

        #credentials
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
        assert_eq!(select(source, &|_| true, "AUTH\n"), "a\nb\n    c\n\nAUTH\nd\n");
        assert_eq!(select(source, &|part| part == "x", ""), "a\nb\n\nd\n");
        assert_eq!(select(source, &|part| part == "y", ""), "a\n\nd\n");
    }

    #[test]
    fn blank_lines_stay_where_the_source_has_them_and_only_there() {
        let source = "\nfn a() {}\n\n// @part x\nfn b() {}\n// @end\n\nimpl A {\n\n    fn c() {}\n\n    // @part x\n    fn d() {}\n    // @end\n}\n";
        assert_eq!(
            select(source, &|_| true, ""),
            "fn a() {}\n\nfn b() {}\n\nimpl A {\n    fn c() {}\n\n    fn d() {}\n}\n"
        );
        assert_eq!(select(source, &|_| false, ""), "fn a() {}\n\nimpl A {\n    fn c() {}\n}\n");
    }
}
