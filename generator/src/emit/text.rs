//! Items written straight as text, exactly as `prettyplease` prints their tokens.
//!
//! Most of a generated crate is regular: data types (`pub name: Type,` fields, string enums),
//! request structs with their `Debug` and `new`, sub-clients, and methods made of a few
//! statement shapes. Building their tokens, parsing them back with `syn` and printing them again
//! was most of the generation time, for a layout that is fixed once it is known which lines fit
//! the margin. So these items are written directly, including `prettyplease`'s broken forms of
//! long signatures, calls and chains, and go through `prettyplease` whenever a line would need a
//! layout not written here. The token versions stay the reference: `super::text_report` renders
//! every item both ways, and `tests/tests/text_items.rs` requires the same bytes on every
//! collection.

use super::module_path;
use super::request::fields_at;
use super::types::{is_eq, is_secret};
use crate::ir::{
    Api, AuthKind, BodyKind, Field, Location, ModuleId, Operation, RequestField, RequestStruct, Success, TypeDef,
    TypeKind, TypeRef, Variant,
};

/// `prettyplease`'s margin: it keeps a line of up to 89 columns whole and breaks longer ones
/// (the test finds differences as soon as this is 90). Items with a longer line (other than a
/// doc comment) go through `prettyplease`.
pub(super) const WIDTH: usize = 89;

/// An identifier as printed: the IR's names are valid identifiers, raw ones already spelled
/// `r#…`, so the name is its own text (what `format_ident!` would print).
fn ident(name: &str) -> &str {
    name
}

/// A string literal as `proc_macro2::Literal::string` prints it: runs of printable ASCII are
/// copied, other characters escaped one by one the way it escapes them.
pub fn lit(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut rest = value;
    loop {
        let plain = plain_len(rest.as_bytes());
        out.push_str(&rest[..plain]);
        let mut chars = rest[plain..].chars();
        let Some(ch) = chars.next() else { break };
        rest = chars.as_str();
        let common = match ch {
            '\n' => r"\n",
            '\r' => r"\r",
            '\t' => r"\t",
            '"' => r#"\""#,
            '\\' => r"\\",
            _ => "",
        };
        if !common.is_empty() {
            out.push_str(common);
        } else if ch == '\0' {
            // as `proc_macro2` writes it before an octal digit
            out.push_str(if rest.starts_with(|next: char| ('0'..='7').contains(&next)) { r"\x00" } else { r"\0" });
        } else {
            out.extend(ch.escape_debug());
        }
    }
    out.push('"');
    out
}

/// The length of the run of printable ASCII other than `"` and `\` that `bytes` starts with,
/// looked for eight bytes at a time (long literals, such as GraphQL queries, are mostly such runs).
fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    // The lowest byte of `x` that is zero has its high bit set in the result; bytes above it may
    // be flagged wrongly (a borrow), which is why only the lowest flag is used.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let x = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        // Non-ASCII, below a space, `"`, `\`, DEL.
        let special = (x & HIGH)
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
            | zero(x ^ (ONES * u64::from(b'"')))
            | zero(x ^ (ONES * u64::from(b'\\')))
            | zero(x ^ (ONES * 0x7f));
        if special != 0 {
            return at + special.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    let tail = &bytes[at..];
    at + tail.iter().position(|&b| !(b' '..=b'~').contains(&b) || b == b'"' || b == b'\\').unwrap_or(tail.len())
}

/// Appends doc comment lines as `prettyplease` prints `#[doc = " …"]` (trailing spaces trimmed).
pub fn push_docs(out: &mut String, indent: &str, prefix: &str, lines: &[impl AsRef<str>]) {
    out.reserve(lines.iter().map(|line| indent.len() + prefix.len() + 2 + line.as_ref().len()).sum());
    for line in lines {
        let line = line.as_ref();
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
        TypeRef::List(inner) => cat!("Vec<", type_text(api, inner, here), ">"),
        TypeRef::Named(id) => {
            let def = &api.types[*id];
            let name = ident(&def.name).to_string();
            if def.module == here {
                return name;
            }
            cat!(module_text(api, def.module, "crate"), "::", name)
        }
    }
}

/// The path of a module from `root` (`crate`, or the crate's name outside it): `root::a::b`.
pub fn module_text(api: &Api, module: ModuleId, root: &str) -> String {
    let mut path = root.to_string();
    for part in module_path(api, module) {
        put!(path, "::", ident(part));
    }
    path
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
/// A string literal argument or a field access alone on its line cannot be broken either, so it
/// may be longer.
pub(super) fn fits(text: String) -> Option<String> {
    fits_lines(&text).then_some(text)
}

/// `fits` for the lines of `text`.
fn fits_lines(text: &str) -> bool {
    let unbreakable = |line: &str| {
        let line = line.trim_start();
        if line.starts_with("///") {
            return true;
        }
        // `"…",` or `field: "…",`
        let literal = || {
            let value = line.split_once(": \"").map_or(line, |(name, _)| &line[name.len() + 2..]);
            let value = value.strip_suffix(',').unwrap_or(value);
            value.len() > 1 && value.starts_with('"') && value.ends_with('"') && {
                // no unescaped quote inside: jump from quote or backslash to the next
                let inside = &value.as_bytes()[1..value.len() - 1];
                let mut at = 0;
                loop {
                    match memchr::memchr2(b'"', b'\\', &inside[at..]) {
                        None => break true,
                        Some(found) if inside[at + found] == b'"' => break false,
                        // a backslash escapes the byte after it, which must be inside
                        Some(found) if at + found + 1 < inside.len() => at += found + 2,
                        Some(_) => break false,
                    }
                }
            }
        };
        let name = |text: &str| text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let stripped = line.strip_suffix(',').unwrap_or(line);
        // `.member` or `.member,`
        let member = || stripped.strip_prefix('.').is_some_and(name);
        // `pub name: Outer<` (its arguments broken onto the next line), `pub name: Type,`, and
        // `name: None,` in a struct expression
        let path = |text: &str| text.split("::").all(|part| part.is_empty() || name(part));
        let field = || {
            line.strip_prefix("pub ").unwrap_or(line).split_once(": ").is_some_and(|(field, ty)| {
                let ty = ty.strip_suffix(',').unwrap_or(ty);
                name(field) && (ty.strip_suffix('<').is_some_and(path) || path(ty))
            })
        };
        // a path alone (`crate::module::Type,`), a called path whose arguments are broken
        // (`crate::module::Type::new(`), a broken return type (`) -> crate::module::Type<`),
        // and a struct's opening line
        let alone = || stripped.contains("::") && path(stripped);
        let callee = || line.strip_suffix('(').is_some_and(|callee| callee.contains("::") && path(callee));
        let output = || line.strip_prefix(") -> ").and_then(|ty| ty.strip_suffix('<')).is_some_and(path);
        let item = || {
            line.strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
                .and_then(|rest| rest.strip_suffix(" {"))
                .is_some_and(name)
        };
        literal() || member() || field() || alone() || callee() || output() || item()
    };
    // The comma after the last argument of a broken call or signature (the line before the
    // closing parenthesis) is printed only because the list broke, and does not count.
    // Only long lines need a look: the text is scanned for line ends, not walked line by line.
    let bytes = text.as_bytes();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain((!text.ends_with('\n')).then_some(text.len())) {
        let line = &text[start..end];
        start = end + 1;
        if line.len() <= WIDTH {
            continue;
        }
        let rest = text.get(start..).unwrap_or("");
        let next = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
        let last_argument = line.ends_with(',') && next.trim_start().starts_with(')');
        let len = if last_argument { line.len() - 1 } else { line.len() };
        if len > WIDTH && !unbreakable(line) {
            return false;
        }
    }
    true
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
    put!(out, "#[derive(", debug, "Clone, PartialEq", eq, default, ")]\n");
    put!(out, "pub struct ", ident(&request.name), " {\n");
    for field in fields {
        push_docs(&mut out, "    ", "///", &field.docs);
        let ty = type_text(api, &field.ty, module);
        let ty = if field.required { ty } else { cat!("Option<", ty, ">") };
        push_field(&mut out, ident(&field.name.rust), &ty);
    }
    out.push_str("}\n");
    fits(out)
}

/// A type starting at `column` of a line indented by `indent`, followed by `after` columns up to
/// the next place the line may break. Past the margin `prettyplease` puts each generic argument
/// on a line of its own, the outermost first; a path alone cannot be broken.
fn push_type(out: &mut String, ty: &str, column: usize, indent: usize, after: usize) {
    // Most types fit: only a long one is looked into.
    let generic = (column + ty.len() + after > WIDTH)
        .then(|| ty.split_once('<').and_then(|(outer, rest)| Some((outer, rest.strip_suffix('>')?))))
        .flatten();
    let Some((outer, arguments)) = generic else {
        out.push_str(ty);
        return;
    };
    out.push_str(outer);
    out.push('<');
    // Top-level arguments: `Result<T, crate::Error>` has two.
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (at, c) in arguments.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(arguments[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(arguments[start..].trim());
    let inner = indent + 4;
    for (index, part) in parts.iter().enumerate() {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', inner));
        // A comma between arguments counts; the one after the last is printed only because the
        // list broke.
        push_type(out, part, inner, inner, usize::from(index + 1 < parts.len()));
        out.push(',');
    }
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
    out.push('>');
}

/// A struct field, `pub name: Type,`. Past the margin (its comma counted), `prettyplease` breaks
/// the outermost generic arguments onto a line of their own.
fn push_field(out: &mut String, name: &str, ty: &str) {
    put!(out, "    pub ", name, ": ");
    push_type(out, ty, "    pub ".len() + name.len() + 2, 4, 1);
    out.push_str(",\n");
}

fn json_struct(api: &Api, def: &TypeDef, fields: &[Field]) -> Option<String> {
    if fields.is_empty() || fields.iter().any(|f| f.deprecated.is_some()) {
        return None;
    }
    let mut out = String::new();
    push_docs(&mut out, "", "///", &def.docs);
    let secret = fields.iter().any(is_secret);
    let debug = if secret { "" } else { "Debug, " };
    let eq = if fields.iter().all(|f| is_eq(api, &f.ty)) { " Eq," } else { "" };
    put!(out, "#[derive(", debug, "Clone, PartialEq,", eq, " ::serde::Serialize, ::serde::Deserialize)]\n");
    put!(out, "pub struct ", ident(&def.name), " {\n");
    for field in fields {
        push_docs(&mut out, "    ", "///", &field.docs);
        let rename = (field.name.rust != field.name.wire).then(|| cat!("rename = ", lit(&field.name.wire)));
        let optional = (!field.required).then_some("default, skip_serializing_if = \"Option::is_none\"");
        match (rename, optional) {
            (None, None) => {}
            (Some(rename), None) => {
                put!(out, "    #[serde(", rename, ")]\n");
            }
            (None, Some(optional)) => {
                put!(out, "    #[serde(", optional, ")]\n");
            }
            (Some(rename), Some(optional)) => {
                put!(out, "    #[serde(", rename, ", ", optional, ")]\n");
            }
        }
        let ty = type_text(api, &field.ty, def.module);
        let ty = if field.required { ty } else { cat!("Option<", ty, ">") };
        push_field(&mut out, ident(&field.name.rust), &ty);
    }
    out.push_str("}\n");
    if secret {
        out.push_str(&debug_impl(&def.name, &fields.iter().collect::<Vec<_>>())?);
    }
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
        put!(out, "    ", derive, ",\n");
    }
    out.push_str("    ::serde::Deserialize\n)]\n");
    put!(out, "pub enum ", name, " {\n");
    for variant in variants {
        push_docs(&mut out, "    ", "///", &variant.docs);
        put!(out, "    #[serde(rename = ", lit(&variant.wire), ")]\n");
        put!(out, "    ", ident(&variant.name), ",\n");
    }
    out.push_str("}\n");
    put!(out, "impl ", name, " {\n");
    out.push_str("    /// The value as sent on the wire.\n");
    out.push_str("    pub fn as_str(&self) -> &'static str {\n");
    out.push_str("        match self {\n");
    for variant in variants {
        put!(out, "            Self::", ident(&variant.name), " => ", lit(&variant.wire), ",\n");
    }
    out.push_str("        }\n    }\n}\n");
    put!(out, "impl ::std::fmt::Display for ", name, " {\n");
    out.push_str("    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {\n");
    out.push_str("        f.write_str(self.as_str())\n    }\n}\n");
    Some(out)
}

/// The text of an operation's `impl … { method }` item, or `None` when `prettyplease` has to lay
/// it out (a long line, or a body shape not written here).
pub fn method(api: &Api, op: &Operation, docs: &[String], example: &[impl AsRef<str>]) -> Option<String> {
    if op.deprecated.is_some() || !super::operation::is_standard_method(&op.method) {
        return None;
    }
    // The docs and about as much again for the signature and body.
    let doc_len: usize = docs
        .iter()
        .map(String::as_str)
        .chain(example.iter().map(|line| line.as_ref()))
        .map(|line| line.len() + 8)
        .sum();
    let mut out = String::with_capacity(2 * doc_len + 512);
    if op.module == 0 {
        out.push_str("impl crate::Client {\n");
    } else {
        put!(out, "impl ", ident(&api.modules[op.module].client_name), "<'_> {\n");
    }
    let impl_line = out.len();
    push_docs(&mut out, "    ", "///", docs);
    push_docs(&mut out, "    ", "///", example);
    // Doc comment lines always fit (they are never broken): only the others are looked at.
    let code = out.len();
    let reads_deprecated = op.request.as_ref().is_some_and(|r| r.fields.iter().any(|f| f.field.deprecated.is_some()));
    if reads_deprecated {
        out.push_str("    #[allow(deprecated)]\n");
    }
    // The signature: on one line, or one parameter per line when clearly too long.
    let mut params = vec!["&self".to_string()];
    params.extend(op.path_params.iter().map(|param| cat!(ident(&param.name), ": &str")));
    if let Some(request) = &op.request {
        params.push(cat!("request: &", ident(&request.name)));
    }
    let output = success_type(api, op)?;
    let name = ident(&op.name);
    let one_line = cat!("    pub async fn ", name, "(", params.join(", "), ") -> Result<", output, ", crate::Error> {");
    if one_line.len() <= WIDTH {
        out.push_str(&one_line);
        out.push('\n');
    } else {
        put!(out, "    pub async fn ", name, "(\n");
        for param in &params {
            put!(out, "        ", param, ",\n");
        }
        out.push_str("    ) -> ");
        push_type(&mut out, &cat!("Result<", output, ", crate::Error>"), 9, 4, 2);
        out.push_str(" {\n");
    }
    for statement in body(api, op)? {
        for line in crate::lines(&statement) {
            out.push_str("        ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("    }\n}\n");
    (fits_lines(&out[..impl_line]) && fits_lines(&out[code..])).then_some(out)
}

/// The success type as the method returns it (the text of `operation::success`).
fn success_type(api: &Api, op: &Operation) -> Option<String> {
    Some(match &op.success {
        Success::Empty => "()".to_string(),
        Success::Json(ty) => type_text(api, ty, op.module),
        Success::OptionalJson(ty) => cat!("Option<", type_text(api, ty, op.module), ">"),
        Success::Text => "String".to_string(),
        Success::Raw => "crate::RawResponse".to_string(),
    })
}

/// The method's statements, each as text relative to the body's indentation.
fn body(api: &Api, op: &Operation) -> Option<Vec<String>> {
    let client = if op.module == 0 { "self" } else { "self.client" };
    let mut statements = Vec::new();
    let path = lit(&super::operation::path_text(op));
    if op.path_params.is_empty() {
        statements.push(cat!("let path = ", path, ";"));
    } else {
        let mut block = "let path = {\n".to_string();
        for param in &op.path_params {
            let name = ident(&param.name);
            let line = cat!("let ", name, " = crate::runtime::encode_path(", name, ")?;");
            if 12 + line.len() <= WIDTH {
                put!(block, "    ", line, "\n");
            } else {
                put!(block, "    let ", name, " = crate::runtime::encode_path(\n        ", name, ",\n    )?;\n");
            }
        }
        if 12 + "format!()".len() + path.len() <= WIDTH {
            put!(block, "    format!(", path, ")\n};");
        } else {
            put!(block, "    format!(\n        ", path, "\n    )\n};");
        }
        statements.push(block);
    }
    let path_ref = if op.path_params.is_empty() { "path" } else { "&path" };
    let method = cat!("::reqwest::Method::", op.method);
    statements.push(match &op.origin {
        Some(origin) => {
            let call = cat!("request_to(", lit(origin), ", ", method, ", ", path_ref, ");");
            let line = cat!("let builder = ", client, ".", call);
            match client {
                // A chain past the margin is broken before each method.
                "self.client" if 8 + line.len() > WIDTH => cat!("let builder = self\n    .client\n    .", call),
                _ => line,
            }
        }
        None => cat!("let builder = ", client, ".request(", method, ", ", path_ref, ");"),
    });
    if let Some(adds) = add_pairs(api, op, Location::Query) {
        statements.extend(adds);
        statements.push("let builder = pairs.query(builder);".to_string());
    }
    if let Some(adds) = add_pairs(api, op, Location::Header) {
        statements.extend(adds);
        statements.push("let builder = pairs.headers(builder)?;".to_string());
    }
    let content_type = |ct: &str| {
        let call = cat!(".header(::reqwest::header::CONTENT_TYPE, ", lit(ct), ");");
        if 8 + "let builder = builder".len() + call.len() <= WIDTH {
            cat!("let builder = builder", call)
        } else {
            if 12 + call.len() <= WIDTH {
                cat!("let builder = builder\n    ", call)
            } else {
                cat!(
                    "let builder = builder\n    .header(\n        ::reqwest::header::CONTENT_TYPE,\n        ",
                    lit(ct),
                    ",\n    );"
                )
            }
        }
    };
    match &op.body {
        BodyKind::None => statements.extend(op.content_type.as_deref().map(content_type)),
        BodyKind::Multipart => {
            statements.push("let form = ::reqwest::multipart::Form::new();".to_string());
            for field in fields_at(op, Location::FormPart) {
                let wire = lit(&field.field.name.wire);
                let values = values(api, field);
                let list_of_files =
                    field.repeated && matches!(&field.field.ty, TypeRef::List(inner) if **inner == TypeRef::File);
                let (function, question) = if field.field.ty == TypeRef::File || list_of_files {
                    ("file_parts", "?")
                } else {
                    ("text_parts", "")
                };
                let line =
                    cat!("let form = crate::runtime::", function, "(form, ", wire, ", ", values, ")", question, ";");
                statements.push(if 8 + line.len() <= WIDTH {
                    line
                } else {
                    cat!(
                        "let form = crate::runtime::",
                        function,
                        "(\n    form,\n    ",
                        wire,
                        ",\n    ",
                        values,
                        ",\n)",
                        question,
                        ";"
                    )
                });
            }
            statements.push("let builder = builder.multipart(form);".to_string());
        }
        BodyKind::Urlencoded => match add_pairs(api, op, Location::Urlencoded) {
            Some(adds) => {
                statements.extend(adds);
                statements.push("let builder = pairs.urlencoded(builder);".to_string());
            }
            None => statements.push("let builder = crate::runtime::Pairs::default().urlencoded(builder);".to_string()),
        },
        BodyKind::Json { content_type: ct } => {
            let body = body_field(op, Location::JsonBody);
            statements.extend(ct.as_deref().map(content_type));
            statements.push(cat!("let builder = builder.json(&request.", body, ");"));
        }
        BodyKind::Text { content_type } => {
            let body = body_field(op, Location::TextBody);
            let header = cat!(".header(::reqwest::header::CONTENT_TYPE, ", lit(content_type), ")");
            let send = cat!(".body(request.", body, ".clone());");
            let line = cat!("let builder = builder", header, send);
            statements.push(if 8 + line.len() <= WIDTH {
                line
            } else if 12 + header.len() <= WIDTH {
                cat!("let builder = builder\n    ", header, "\n    ", send)
            } else {
                let value = lit(content_type);
                cat!(
                    "let builder = builder\n    .header(\n        ::reqwest::header::CONTENT_TYPE,\n        ",
                    value,
                    ",\n    )\n    ",
                    send
                )
            });
        }
        BodyKind::Binary { content_type: ct } => {
            let body = body_field(op, Location::BinaryBody);
            statements.push(cat!("let builder = builder.body(request.", body, ".clone());"));
            statements.extend(ct.as_deref().map(content_type));
        }
        BodyKind::Graphql { query } => {
            let variables = match fields_at(op, Location::GraphqlVariables).next() {
                Some(field) => cat!("Some(&request.", ident(&field.field.name.rust), ")"),
                None => "None::<&()>".to_string(),
            };
            let query = lit(query);
            // `prettyplease` breaks the chain, the call and then the struct expression down to
            // one field per line unless `&crate::runtime::GraphqlBody { query: …, variables: … }`
            // fits as the call's argument at column 16, which takes a query of a few characters.
            if 16 + 53 + query.len() + variables.len() <= WIDTH {
                return None;
            }
            statements.push(cat!(
                "let builder = builder\n    .json(\n        &crate::runtime::GraphqlBody {\n            query: ",
                query,
                ",\n            variables: ",
                variables,
                ",\n        },\n    );"
            ));
        }
    }
    let auth = auth(op.auth.as_ref());
    let call = cat!(client, ".execute(builder, ", auth, ").await");
    // The chain as `prettyplease` breaks it past the margin: one method per line.
    let broken = |tail: &str| -> String {
        // A receiver as short as the indentation keeps its first call on its line.
        let first = if client == "self" { "" } else { "\n    " };
        let mut text = cat!(client, first, ".execute(builder, ", auth, ")\n    .await");
        for method in tail.split('.').filter(|m| !m.is_empty()) {
            text.push_str("?\n    .");
            text.push_str(method);
        }
        text
    };
    let chain = |tail: &str| {
        let line = if tail.is_empty() { call.clone() } else { cat!(call, "?.", tail) };
        if 8 + line.len() <= WIDTH { line } else { broken(tail) }
    };
    match &op.success {
        Success::Empty => {
            let line = cat!(call, "?;");
            statements.push(if 8 + line.len() <= WIDTH { line } else { cat!(broken(""), "?;") });
            statements.push("Ok(())".to_string());
        }
        Success::Json(_) => statements.push(chain("json()")),
        Success::OptionalJson(_) => statements.push(chain("optional_json()")),
        Success::Text => {
            let line = cat!("Ok(", call, "?.text())");
            if 8 + line.len() > WIDTH {
                return None;
            }
            statements.push(line);
        }
        Success::Raw => statements.push(chain("")),
    }
    Some(statements)
}

/// The text of `request::auth`.
fn auth(auth: Option<&AuthKind>) -> String {
    let variant = match auth {
        None => return "None".to_string(),
        Some(AuthKind::Bearer) => "Bearer".to_string(),
        Some(AuthKind::Basic) => "Basic".to_string(),
        Some(AuthKind::ApiKey { name, in_query: false }) => cat!("ApiKeyHeader(", lit(name), ")"),
        Some(AuthKind::ApiKey { name, in_query: true }) => cat!("ApiKeyQuery(", lit(name), ")"),
        Some(AuthKind::OAuth2 { in_query: false, prefix }) => cat!("OAuth2Header(", lit(prefix), ")"),
        Some(AuthKind::OAuth2 { in_query: true, .. }) => "OAuth2Query(\"access_token\")".to_string(),
        Some(AuthKind::Signed { kind }) => cat!("Signed(", lit(kind), ")"),
    };
    cat!("Some(crate::runtime::Auth::", variant, ")")
}

/// `let mut pairs = …;` and one `pairs.add(…);` per field at `location` (the text of
/// `request::add_pairs`).
fn add_pairs(api: &Api, op: &Operation, location: Location) -> Option<Vec<String>> {
    let mut fields = fields_at(op, location).peekable();
    fields.peek()?;
    let mut statements = vec!["let mut pairs = crate::runtime::Pairs::default();".to_string()];
    statements.extend(fields.map(|field| {
        let (wire, values) = (lit(&field.field.name.wire), values(api, field));
        let line = cat!("pairs.add(", wire, ", ", values, ");");
        // At the body's indentation of 8; past the margin, `prettyplease` breaks the call.
        let call = cat!(".add(", wire, ", ", values, ");");
        if 8 + line.len() <= WIDTH {
            line
        } else if 12 + call.len() <= WIDTH {
            cat!("pairs\n    ", call)
        } else {
            let values = broken_argument(&values, 16).replace('\n', "\n        ");
            cat!("pairs\n    .add(\n        ", wire, ",\n        ", values, ",\n    );")
        }
    }));
    Some(statements)
}

/// The text of `request::values`.
fn values(api: &Api, request_field: &RequestField) -> String {
    let field = &request_field.field;
    let value = cat!("request.", ident(&field.name.rust));
    let (list, element) = match &field.ty {
        TypeRef::List(inner) if request_field.repeated => (true, inner.as_ref()),
        other => (false, other),
    };
    let cloned = matches!(element, TypeRef::String | TypeRef::File);
    let display = !cloned && super::runtime::is_display(api, element);
    let values = match (list, field.required) {
        (true, _) if cloned => cat!(value, ".iter().flatten().cloned()"),
        (true, _) if display => cat!(value, ".iter().flatten().map(ToString::to_string)"),
        (true, _) => cat!(value, ".iter().flatten().map(crate::runtime::to_json).collect::<Result<Vec<_>, _>>()?"),
        (false, true) if cloned => cat!("::std::iter::once(", value, ".clone())"),
        (false, true) if display => cat!("::std::iter::once(", value, ".to_string())"),
        (false, true) => cat!("::std::iter::once(crate::runtime::to_json(&", value, ")?)"),
        (false, false) if cloned => cat!(value, ".clone()"),
        (false, false) if display => cat!(value, ".as_ref().map(ToString::to_string)"),
        (false, false) => cat!(value, ".as_ref().map(crate::runtime::to_json).transpose()?"),
    };
    match &field.dynamic_default {
        Some(template) => cat!("crate::runtime::or_dynamic(", values, ", ", lit(template), ")"),
        None => values,
    }
}

/// A call argument at `indent` columns as `prettyplease` breaks it past the margin, for the
/// shapes `values` writes: a field access and clone (`request`, then each step on a line), or
/// `::std::iter::once(…)` (its argument on a line of its own). Lines are relative to the
/// argument's own indentation; other shapes are left whole (and sent to `prettyplease` if long).
fn broken_argument(value: &str, indent: usize) -> String {
    if indent + value.len() <= WIDTH {
        return value.to_string();
    }
    if let Some(member) = value.strip_prefix("request.").and_then(|v| v.strip_suffix(".clone()"))
        && !member.contains(['.', '('])
    {
        return cat!("request\n    .", member, "\n    .clone()");
    }
    if let Some((inner, template)) =
        value.strip_prefix("crate::runtime::or_dynamic(").and_then(|v| v.strip_suffix(')')?.rsplit_once(", \""))
    {
        // The last argument keeps no comma of its own: it is printed only because the call broke.
        let inner = broken_argument(inner, indent + 4).replace('\n', "\n    ");
        return cat!("crate::runtime::or_dynamic(\n    ", inner, ",\n    \"", template, ",\n)");
    }
    if let Some(inner) = value.strip_prefix("::std::iter::once(").and_then(|v| v.strip_suffix(')')) {
        let inner = broken_argument(inner, indent + 4).replace('\n', "\n    ");
        return cat!("::std::iter::once(\n    ", inner, ",\n)");
    }
    value.to_string()
}

/// The text of the `Debug` impl that redacts secrets (`types::debug`).
pub fn debug_impl(name: &str, fields: &[&Field]) -> Option<String> {
    let entries: Vec<(String, String)> = fields
        .iter()
        .map(|field| {
            let wire = lit(&field.name.rust);
            let member = ident(&field.name.rust);
            let value = if is_secret(field) && field.required {
                "&\"<redacted>\"".to_string()
            } else if is_secret(field) {
                cat!("&self.", member, ".as_ref().map(|_| \"<redacted>\")")
            } else {
                cat!("&self.", member)
            };
            (wire, value)
        })
        .collect();
    let mut out = String::from("#[allow(deprecated)]\n");
    put!(out, "impl ::std::fmt::Debug for ", ident(name), " {\n");
    out.push_str("    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {\n");
    let start = cat!("f.debug_struct(", lit(name), ")");
    let calls: Vec<String> = entries.iter().map(|(wire, value)| cat!(".field(", wire, ", ", value, ")")).collect();
    let one_line = cat!(start, calls.concat(), ".finish()");
    if 8 + one_line.len() <= WIDTH {
        put!(out, "        ", one_line, "\n");
    } else {
        put!(out, "        ", start, "\n");
        for (wire, value) in &entries {
            let entry = cat!(".field(", wire, ", ", value, ")");
            if 12 + entry.len() <= WIDTH {
                put!(out, "            ", entry, "\n");
                continue;
            }
            // Past the margin the arguments go on lines of their own, and a long member chain
            // one step per line.
            put!(out, "            .field(\n                ", wire, ",\n");
            match value.strip_prefix("&self.") {
                Some(chain) if 16 + value.len() > WIDTH => {
                    out.push_str("                &self");
                    for step in chain.split('.') {
                        put!(out, "\n                    .", step);
                    }
                    out.push_str(",\n");
                }
                _ => {
                    put!(out, "                ", value, ",\n");
                }
            }
            out.push_str("            )\n");
        }
        out.push_str("            .finish()\n");
    }
    out.push_str("    }\n}\n");
    fits(out)
}

/// The text of a request struct's `new` (`operation::request_struct`).
pub fn constructor(api: &Api, request: &RequestStruct, module: ModuleId) -> Option<String> {
    let required: Vec<&Field> = request.fields.iter().map(|f| &f.field).filter(|f| f.required).collect();
    let params: Vec<String> = required
        .iter()
        .map(|field| {
            let ty = type_text(api, &field.ty, module);
            let ty = if field.ty == TypeRef::String { cat!("impl Into<", ty, ">") } else { ty };
            cat!(ident(&field.name.rust), ": ", ty)
        })
        .collect();
    let inits: Vec<String> = request
        .fields
        .iter()
        .map(|field| {
            let name = ident(&field.field.name.rust);
            match (field.field.required, &field.field.ty) {
                (true, TypeRef::String) => cat!(name, ": ", name, ".into()"),
                (true, _) => name.to_string(),
                (false, _) => cat!(name, ": None"),
            }
        })
        .collect();
    let mut out = String::new();
    if request.fields.iter().any(|f| f.field.deprecated.is_some()) {
        out.push_str("#[allow(deprecated)]\n");
    }
    put!(out, "impl ", ident(&request.name), " {\n");
    out.push_str("    /// A request with the required fields; every optional field is `None`.\n");
    if required.len() > 7 {
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    let signature = cat!("    pub fn new(", params.join(", "), ") -> Self {");
    if signature.len() <= WIDTH {
        put!(out, signature, "\n");
    } else {
        out.push_str("    pub fn new(\n");
        for (index, param) in params.iter().enumerate() {
            // The last comma is printed only because the list broke, and does not count.
            let comma = usize::from(index + 1 < params.len());
            match param.split_once(": impl Into<") {
                Some((name, ty)) if 8 + param.len() + comma > WIDTH => {
                    let ty = &ty[..ty.len() - 1];
                    put!(out, "        ", name, ": impl Into<\n            ", ty, ",\n        >,\n");
                }
                _ => {
                    put!(out, "        ", param, ",\n");
                }
            }
        }
        out.push_str("    ) -> Self {\n");
    }
    // `prettyplease` keeps a struct expression on one line only when its fields are short.
    let inner = inits.join(", ");
    if inner.len() <= 26 {
        put!(out, "        Self { ", inner, " }\n");
    } else {
        out.push_str("        Self {\n");
        for (index, init) in inits.iter().enumerate() {
            let comma = usize::from(index + 1 < inits.len());
            match init.strip_suffix(".into()") {
                // Past the margin the call moves to a line of its own.
                Some(value) if 12 + init.len() + comma > WIDTH => {
                    put!(out, "            ", value, "\n                .into(),\n");
                }
                _ => {
                    put!(out, "            ", init, ",\n");
                }
            }
        }
        out.push_str("        }\n");
    }
    out.push_str("    }\n}\n");
    fits(out)
}

/// The text of a folder's sub-client struct and impl (`client::sub_client`).
pub fn sub_client(api: &Api, id: ModuleId) -> Option<String> {
    let module = &api.modules[id];
    let name = ident(&module.client_name);
    let mut out = String::new();
    push_docs(&mut out, "", "///", &module.docs);
    out.push_str("#[derive(Debug, Clone, Copy)]\n");
    put!(out, "pub struct ", name, "<'a> {\n");
    if module.children.is_empty() && module.operations.is_empty() {
        out.push_str("    #[allow(dead_code)]\n");
    }
    out.push_str("    client: &'a crate::Client,\n}\n");
    put!(out, "impl<'a> ", name, "<'a> {\n");
    out.push_str("    pub(crate) fn new(client: &'a crate::Client) -> Self {\n        Self { client }\n    }\n");
    push_accessors(&mut out, api, id);
    out.push_str("}\n");
    fits(out)
}

/// The `pub mod` declarations of a module's children (`None` without children).
pub fn child_modules(api: &Api, id: ModuleId) -> Option<String> {
    let mut out = String::new();
    for child in &api.modules[id].children {
        let name = &api.modules[*child].name;
        // A folder may hold a folder of the same name; the tree is kept as the collection has it.
        if id != 0 && *name == api.modules[id].name {
            out.push_str("#[allow(clippy::module_inception)]\n");
        }
        put!(out, "pub mod ", ident(name), ";\n");
    }
    (!out.is_empty()).then_some(out)
}

/// The name of the field that holds the body at `location` (`body` unless it was renamed).
fn body_field(op: &Operation, location: Location) -> &str {
    fields_at(op, location).next().map_or("body", |f| ident(&f.field.name.rust))
}

/// The methods of a (sub-)client that return the sub-clients of its folder's children.
pub fn push_accessors(out: &mut String, api: &Api, id: ModuleId) {
    let (client, lifetime) = if id == 0 { ("self", "'_") } else { ("self.client", "'a") };
    for child_id in &api.modules[id].children {
        let child = &api.modules[*child_id];
        let path = module_text(api, *child_id, "crate");
        let ty = ident(&child.client_name);
        push_docs(out, "    ", "///", &child.docs);
        let name = ident(&child.name);
        let output = cat!(path, "::", ty, "<", lifetime, ">");
        let one_line = cat!("    pub fn ", name, "(&self) -> ", output, " {");
        if one_line.len() <= WIDTH {
            put!(out, one_line, "\n");
        } else {
            put!(out, "    pub fn ", name, "(\n        &self,\n    ) -> ");
            push_type(out, &output, 9, 4, 2);
            out.push_str(" {\n");
        }
        let call = cat!("        ", path, "::", ty, "::new(", client, ")");
        if call.len() <= WIDTH {
            put!(out, call, "\n");
        } else {
            put!(out, "        ", path, "::", ty, "::new(\n            ", client, ",\n        )\n");
        }
        out.push_str("    }\n");
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Every character class `lit` treats differently: plain ASCII, quotes, backslashes, control
    /// characters, NUL before and not before an octal digit, combining marks, other scripts.
    fn tricky() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                "[ -~]{0,8}",
                "[ -~]{0,40}",
                Just("\u{7f}".to_string()),
                Just("\u{1f}".to_string()),
                Just("\"".to_string()),
                Just("\\".to_string()),
                Just("'".to_string()),
                Just("\0".to_string()),
                Just("\u{0}7".to_string()),
                Just("\u{0}8".to_string()),
                Just("\n\r\t\u{1b}\u{7f}".to_string()),
                Just("e\u{301}\u{200b}\u{feff}".to_string()),
                "\\PC{0,4}",
                any::<char>().prop_map(String::from),
            ],
            0..8,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// `lit` writes what `proc_macro2::Literal::string` prints.
        #[test]
        fn lit_is_proc_macro2_string(value in tricky()) {
            prop_assert_eq!(super::lit(&value), proc_macro2::Literal::string(&value).to_string());
        }
    }
}
