//! Items written straight as text, exactly as `prettyplease` prints their tokens.
//!
//! Most of a generated crate is plain data types: structs of `pub name: Type,` fields and string
//! enums. Building their tokens, parsing them back with `syn` and printing them again is most of
//! the generation time, for a layout that is fixed as long as every line fits the width. So
//! these items are written directly when every line is comfortably short, and go through
//! `prettyplease` otherwise (a long type or attribute that it would wrap). A test renders every
//! type of every shared collection both ways and requires the same bytes (`check`).

use std::fmt::Write as _;

use proc_macro2::Literal;

use super::types::{is_eq, is_secret};
use super::{ident, module_path};
use crate::ir::{Api, Field, ModuleId, RequestStruct, TypeDef, TypeKind, TypeRef, Variant};

/// Lines longer than this go through `prettyplease`, which breaks lines past 89 columns.
const WIDTH: usize = 85;

/// Appends doc comment lines as `prettyplease` prints `#[doc = " …"]` (trailing spaces trimmed).
pub fn push_docs(out: &mut String, indent: &str, prefix: &str, lines: &[String]) {
    for line in lines {
        out.push_str(indent);
        out.push_str(prefix);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.truncate(out.trim_end_matches(' ').len());
        out.push('\n');
    }
}

/// A type as written in module `here`, the text of `super::type_tokens`.
fn type_text(api: &Api, ty: &TypeRef, here: ModuleId) -> String {
    match ty {
        TypeRef::String => "String".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::Integer => "i64".to_string(),
        TypeRef::Float => "f64".to_string(),
        TypeRef::Json => "::serde_json::Value".to_string(),
        TypeRef::File => "crate::FilePart".to_string(),
        TypeRef::Bytes => "Vec<u8>".to_string(),
        TypeRef::List(inner) => format!("Vec<{}>", type_text(api, inner, here)),
        TypeRef::Named(id) => {
            let def = &api.types[*id];
            let name = ident(&def.name).to_string();
            if def.module == here {
                return name;
            }
            let mut path = "crate".to_string();
            for part in module_path(api, def.module) {
                let _ = write!(path, "::{}", ident(&part));
            }
            format!("{path}::{name}")
        }
    }
}

/// The text of a named type, or `None` when `prettyplease` has to lay it out.
pub fn type_def(api: &Api, def: &TypeDef) -> Option<String> {
    let text = match &def.kind {
        TypeKind::Struct(fields) => json_struct(api, def, fields)?,
        TypeKind::Enum(variants) => string_enum(def, variants)?,
    };
    fits(text)
}

/// Only lines that `prettyplease` would not wrap: doc comments never are, others past the width.
fn fits(text: String) -> Option<String> {
    text.lines().all(|line| line.trim_start().starts_with("///") || line.len() <= WIDTH).then_some(text)
}

/// The text of an operation's request struct item (without its `Debug` and `new` impls).
pub fn request_struct(api: &Api, request: &RequestStruct, module: ModuleId) -> Option<String> {
    let fields: Vec<&Field> = request.fields.iter().map(|f| &f.field).collect();
    if fields.is_empty() || fields.iter().any(|f| f.deprecated.is_some()) {
        return None;
    }
    let mut out = String::new();
    push_docs(&mut out, "", "///", &request.docs);
    let debug = if fields.iter().any(|f| is_secret(f)) { "" } else { "Debug, " };
    let eq = if fields.iter().all(|f| is_eq(api, &f.ty)) { ", Eq" } else { "" };
    let default = if fields.iter().all(|f| !f.required) { ", Default" } else { "" };
    let _ = writeln!(out, "#[derive({debug}Clone, PartialEq{eq}{default})]");
    let _ = writeln!(out, "pub struct {} {{", ident(&request.name));
    for field in fields {
        push_docs(&mut out, "    ", "///", &field.docs);
        let ty = type_text(api, &field.ty, module);
        let ty = if field.required { ty } else { format!("Option<{ty}>") };
        let _ = writeln!(out, "    pub {}: {ty},", ident(&field.name.rust));
    }
    out.push_str("}\n");
    fits(out)
}

fn json_struct(api: &Api, def: &TypeDef, fields: &[Field]) -> Option<String> {
    if fields.is_empty() || fields.iter().any(|f| is_secret(f) || f.deprecated.is_some()) {
        return None;
    }
    let mut out = String::new();
    push_docs(&mut out, "", "///", &def.docs);
    let eq = if fields.iter().all(|f| is_eq(api, &f.ty)) { " Eq," } else { "" };
    let _ = writeln!(out, "#[derive(Debug, Clone, PartialEq,{eq} ::serde::Serialize, ::serde::Deserialize)]");
    let _ = writeln!(out, "pub struct {} {{", ident(&def.name));
    for field in fields {
        push_docs(&mut out, "    ", "///", &field.docs);
        let rename =
            (field.name.rust != field.name.wire).then(|| format!("rename = {}", Literal::string(&field.name.wire)));
        let optional = (!field.required).then_some("default, skip_serializing_if = \"Option::is_none\"");
        match (rename, optional) {
            (None, None) => {}
            (Some(rename), None) => {
                let _ = writeln!(out, "    #[serde({rename})]");
            }
            (None, Some(optional)) => {
                let _ = writeln!(out, "    #[serde({optional})]");
            }
            (Some(rename), Some(optional)) => {
                let _ = writeln!(out, "    #[serde({rename}, {optional})]");
            }
        }
        let ty = type_text(api, &field.ty, def.module);
        let ty = if field.required { ty } else { format!("Option<{ty}>") };
        let _ = writeln!(out, "    pub {}: {ty},", ident(&field.name.rust));
    }
    out.push_str("}\n");
    Some(out)
}

fn string_enum(def: &TypeDef, variants: &[Variant]) -> Option<String> {
    if variants.is_empty() {
        return None;
    }
    let name = ident(&def.name);
    let mut out = String::new();
    push_docs(&mut out, "", "///", &def.docs);
    out.push_str("#[derive(\n");
    for derive in ["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord", "::serde::Serialize"] {
        let _ = writeln!(out, "    {derive},");
    }
    out.push_str("    ::serde::Deserialize\n)]\n");
    let _ = writeln!(out, "pub enum {name} {{");
    for variant in variants {
        push_docs(&mut out, "    ", "///", &variant.docs);
        let _ = writeln!(out, "    #[serde(rename = {})]", Literal::string(&variant.wire));
        let _ = writeln!(out, "    {},", ident(&variant.name));
    }
    out.push_str("}\n");
    let _ = writeln!(out, "impl {name} {{");
    out.push_str("    /// The value as sent on the wire.\n");
    out.push_str("    pub fn as_str(&self) -> &'static str {\n");
    out.push_str("        match self {\n");
    for variant in variants {
        let _ = writeln!(out, "            Self::{} => {},", ident(&variant.name), Literal::string(&variant.wire));
    }
    out.push_str("        }\n    }\n}\n");
    let _ = writeln!(out, "impl ::std::fmt::Display for {name} {{");
    out.push_str("    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {\n");
    out.push_str("        f.write_str(self.as_str())\n    }\n}\n");
    Some(out)
}
