//! A call of each operation built from the collection's own example values: shown in the
//! method's docs (a `no_run` doctest, so it is compiled) and made by the conformance driver.

use proc_macro2::Literal;

use crate::ir::{Api, AuthKind, Brackets, CredentialKind, Field, Operation, RequestField, Success, TypeKind, TypeRef};
use crate::lower::filler::{explained_count, explained_json, explained_text, is_filler, is_random_number};
use crate::naming::paths::{module_path, type_text};

/// The contents a file named by the collection is sent with in examples (and written with by
/// the conformance runner, so both sides send the same bytes).
pub fn file_contents(src: &str) -> String {
    format!("contents of {src}\n")
}

/// The expression that builds the client for `op`: `Client::new(base)?` with the credentials the
/// collection gives and, with `host`, that host's base URL set, as source text. Long chains
/// break before each method, indented by four.
pub fn client(api: &Api, op: &Operation, base: &str, host: Option<(usize, &str)>) -> String {
    let values: Vec<&str> = op.auth_values.iter().map(|(_, value)| value.as_str()).collect();
    // Postman sends no token an auth block leaves empty: an example gives none.
    let empty = matches!(&op.auth, Some(AuthKind::Bearer | AuthKind::OAuth2 { .. }))
        && values.first().is_none_or(|value| value.is_empty());
    let credentials = match (&op.auth, op.credential) {
        _ if empty => String::new(),
        (Some(AuthKind::Signed { .. }), _) => [
            ".with_signer(|_kind, _request| {",
            "    // Sign `_request` here for the scheme `_kind` names.",
            "    Ok(())",
            "})",
        ]
        .join("\n    "),
        (_, Some(index)) => credential_call(api, index, &doc_credentials(api, index, &values)),
        _ => String::new(),
    };
    let calls: Vec<String> =
        [host_setting(api, host), credentials].into_iter().filter(|call| !call.is_empty()).collect();
    let new = format!("{}::Client::new({base})?", krate(api));
    let one_line = calls.concat();
    if calls.is_empty() || !one_line.contains('\n') && new.len() + one_line.len() <= 70 {
        format!("{new}{one_line}")
    } else {
        format!("{new}\n    {}", calls.join("\n    "))
    }
}

/// `.with_…(…)` giving credential `index` these values (a secret, or a user name and
/// password), as literals.
pub fn credential_setter(api: &Api, index: usize, values: &[&str]) -> String {
    let literals: Vec<String> = values.iter().map(|value| lit(value)).collect();
    credential_call(api, index, &literals)
}

/// A credential's values as an example shows them: each the collection's value, or, where that
/// is filler (`{{token}}`), read from an environment variable named after the credential
/// (`SHOP_API_ACCESS_TOKEN`, `…_USERNAME`, `…_CONSUMER_SECRET`).
fn doc_credentials(api: &Api, index: usize, values: &[&str]) -> Vec<String> {
    credential_variables(api, index)
        .iter()
        .enumerate()
        .map(|(at, name)| match values.get(at).copied().unwrap_or_default() {
            value if is_filler(value) => format!("std::env::var({})?", lit(name)),
            value => lit(value),
        })
        .collect()
}

/// The environment variables a program reads credential `index`'s values from, one per value
/// its setter takes: `ZOOM_API_BEARER_TOKEN`; `…_USERNAME`, `…_PASSWORD`; `…_ACCESS_KEY`,
/// `…_SECRET_KEY`, `…_SESSION_TOKEN`; `…_CONSUMER_KEY`, `…_CONSUMER_SECRET`, `…_TOKEN`,
/// `…_TOKEN_SECRET`.
pub fn credential_variables(api: &Api, index: usize) -> Vec<String> {
    let credential = &api.credentials[index];
    let parts: &[&str] = match credential.kind {
        CredentialKind::Secret => &[""],
        CredentialKind::Basic => &["_username", "_password"],
        CredentialKind::AwsV4 => &["_access_key", "_secret_key", "_session_token"],
        CredentialKind::OAuth1 => &["_consumer_key", "_consumer_secret", "_token", "_token_secret"],
    };
    parts.iter().map(|part| variable(api, &format!("{}{part}", credential.name))).collect()
}

/// `.with_…(…)` giving credential `index` these expressions, one per value it takes.
fn credential_call(api: &Api, index: usize, values: &[String]) -> String {
    let credential = &api.credentials[index];
    let value = |at: usize| values.get(at).cloned().unwrap_or_else(|| lit(""));
    match credential.kind {
        CredentialKind::Secret => format!(".with_{}({})", credential.name, value(0)),
        CredentialKind::Basic => format!(".with_{}({}, Some({}.to_string()))", credential.name, value(0), value(1)),
        CredentialKind::AwsV4 => format!(".with_{}({}, {}, {})", credential.name, value(0), value(1), value(2)),
        CredentialKind::OAuth1 => {
            format!(".with_{}({}, {}, {}, {})", credential.name, value(0), value(1), value(2), value(3))
        }
    }
}

/// `.with_…_base_url(base)?` for `host` and `base`, nothing without one.
pub fn host_setting(api: &Api, host: Option<(usize, &str)>) -> String {
    host.map(|(host, base)| format!(".{}({base})?", api.hosts[host].setter)).unwrap_or_default()
}

/// The host of `op` that an example must set before calling it: one the collection does not
/// define, set to a placeholder URL.
pub fn undefined_host(api: &Api, op: &Operation) -> Option<(usize, &'static str)> {
    op.host.filter(|host| api.hosts[*host].default.is_none()).map(|host| (host, "\"https://api.example.com\""))
}

/// The crate's path in examples: its library name. Names in the IR are valid identifiers (raw
/// ones spelled `r#…`), so they are written as they are, as `format_ident!` would print them.
pub fn krate(api: &Api) -> String {
    api.crate_name.replace('-', "_")
}

/// Which values an example call passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// The collection's example values, every field it gives, as newman sends them (the
    /// conformance driver).
    Examples,
    /// What a reader must give (method docs, the README, `tests/mock.rs`): required inputs
    /// only, each with its collection value where that is a real one (an email, an enum, a
    /// date), else a value that explains itself, made from the input's name and type
    /// (`"user-id"`, `30` for a page size).
    Docs,
    /// What a new user's first call passes: optional fields left at their defaults, and no
    /// filler text (lorem ipsum, `<string>`, unresolved `{{…}}`): a required value that is
    /// filler is read from an environment variable instead (the quickstart).
    Quickstart,
}

/// The operation's request on `client`, with the collection's example values, as source text
/// (`client.users().list_users().page_size("30")`); `.await` sends it.
pub fn call(api: &Api, op: &Operation) -> String {
    call_with(api, op, Values::Examples)
}

/// The operation's request on `client` as the docs show it: its required inputs, with values
/// that explain themselves.
pub fn doc_call(api: &Api, op: &Operation) -> String {
    call_with(api, op, Values::Docs)
}

/// The operation's request on `client`, with `values`, as source text.
pub fn call_with(api: &Api, op: &Operation, values: Values) -> String {
    let krate = krate(api);
    let writer = Writer { api, op, krate: &krate, values };
    let accessors: String = module_path(api, op.module).iter().map(|name| format!(".{name}()")).collect();
    // A path variable without a value is sent as the collection writes it, as Postman does.
    let mut args: Vec<String> = op
        .path_params
        .iter()
        .map(|param| {
            let example = param.example.as_deref().unwrap_or(&param.literal);
            match values {
                Values::Quickstart if param.example.is_none() => {
                    format!("std::env::var({})?", lit(&variable(api, &param.name)))
                }
                Values::Docs if param.example.is_none() => lit(&explained_text(&param.name)),
                // The client refuses an empty path value; the conformance driver passes the
                // collection's own, empty against the recorder (see `driver`).
                Values::Examples if example.is_empty() => "empty_path_value()".to_string(),
                _ => argument(&writer.string(example, &param.name)),
            }
        })
        .collect();
    let mut setters = String::new();
    for field in &op.request.fields {
        let name = &field.field.name.rust;
        // The quickstart and the docs leave optional inputs unset.
        if !field.field.required && values != Values::Examples {
            continue;
        }
        let Some(value) = writer.field_value(field) else { continue };
        let value = if field.field.ty == TypeRef::String { argument(&value) } else { value };
        if field.field.required {
            args.push(value);
        } else {
            setters.push_str(&format!(".{name}({value})"));
        }
    }
    format!("client{accessors}.{}({}){setters}", op.name, args.join(", "))
}

/// A `String` value as an `impl Into<String>` argument: a literal as it is, without
/// `.to_string()`.
fn argument(value: &str) -> String {
    value.strip_suffix(".to_string()").filter(|literal| literal.starts_with('"')).unwrap_or(value).to_string()
}

/// The environment variable a program reads a value from: `ZOOM_API_TOKEN`, `ZOOM_API_USER_ID`.
pub fn variable(api: &Api, what: &str) -> String {
    format!("{}_{}", api.crate_name.replace('-', "_"), what).to_uppercase()
}

/// A `Vec` of `items`: `vec![…]`, or `Vec::from([…])` when they are built with methods, which
/// the layout breaks over lines (it leaves a macro's contents as they are).
fn list(items: &[String]) -> String {
    if items.iter().any(|item| item.contains("::new(")) {
        format!("Vec::from([{}])", items.join(", "))
    } else {
        format!("vec![{}]", items.join(", "))
    }
}

/// A statement laid out as rustfmt would (by prettyplease), long struct literals one field per
/// line; the text as it is if it does not parse.
pub fn pretty(statement: &str) -> String {
    let Ok(file) = syn::parse_file(&format!("fn example() {{ {statement} }}")) else { return statement.to_string() };
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let body = &lines[1..lines.len().saturating_sub(1)];
    body.iter().map(|line| line.strip_prefix("    ").unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

/// Writes example values as Rust expressions, in one mode.
struct Writer<'a> {
    api: &'a Api,
    /// The operation whose values are written: types are named by its aliases.
    op: &'a Operation,
    krate: &'a str,
    values: Values,
}

impl Writer<'_> {
    /// A field's value from its example; `None` for an optional field left unset (it has no
    /// example, is disabled, or is filled by the client with a dynamic value).
    fn field_value(&self, field: &RequestField) -> Option<String> {
        let f = &field.field;
        let krate = self.krate;
        // Disabled fields are not sent; fields the client fills with dynamic variables are left to it.
        if (field.disabled || f.dynamic_default.is_some()) && !f.required {
            return None;
        }
        let value = if field.brackets == Some(Brackets::Keyed) {
            // In collection order.
            let entries: serde_json::Map<String, serde_json::Value> =
                f.example.as_deref().and_then(|e| serde_json::from_str(e).ok()).unwrap_or_default();
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("({}.to_string(), {})", lit(k), self.string(v.as_str().unwrap_or_default(), k)))
                .collect();
            format!("vec![{}]", entries.join(", "))
        } else if field.repeated || field.brackets.is_some() {
            let element = match &f.ty {
                TypeRef::List(inner) => inner.as_ref(),
                other => other,
            };
            let values: Vec<String> =
                f.example.as_deref().and_then(|e| serde_json::from_str(e).ok()).unwrap_or_default();
            let values: Vec<String> = values.iter().map(|v| self.value(element, Some(v), f)).collect();
            format!("vec![{}]", values.join(", "))
        } else {
            // A file part with no file chosen is sent empty, with an empty file name, as Postman
            // sends it.
            let no_file = matches!(f.ty, TypeRef::File) && f.example.as_deref().is_none_or(str::is_empty);
            if no_file {
                return Some(format!("{krate}::FilePart::new(Vec::new(), \"\")"));
            }
            if !f.required && f.example.is_none() {
                return None;
            }
            self.value(&f.ty, f.example.as_deref(), f)
        };
        Some(value)
    }

    fn value(&self, ty: &TypeRef, example: Option<&str>, field: &Field) -> String {
        let (api, krate) = (self.api, self.krate);
        let example = example.unwrap_or_default();
        match ty {
            TypeRef::String => self.string(example, &field.name.rust),
            TypeRef::Bool => (example == "true").to_string(),
            TypeRef::Integer | TypeRef::Float if self.replaces_number(example) => {
                explained_number(ty, &field.name.rust)
            }
            TypeRef::Integer => Literal::i64_unsuffixed(example.parse().unwrap_or_default()).to_string(),
            TypeRef::Float => Literal::f64_unsuffixed(example.parse().unwrap_or_default()).to_string(),
            TypeRef::File => {
                let src = file_source(field);
                let contents = Literal::byte_string(file_contents(&src).as_bytes());
                let name = lit(src.rsplit(['/', '\\']).next().unwrap_or_default());
                format!("{krate}::FilePart::new({contents}.to_vec(), {name})")
            }
            TypeRef::Bytes => match field.example.as_deref().filter(|src| !src.is_empty()) {
                Some(src) => format!("{}.to_vec()", Literal::byte_string(file_contents(src).as_bytes())),
                None => "Vec::new()".to_string(),
            },
            TypeRef::Named(id) if matches!(api.types[*id].kind, TypeKind::Enum(_)) => {
                let TypeKind::Enum(variants) = &api.types[*id].kind else { return String::new() };
                let variant = variants.iter().find(|v| v.wire == example).or(variants.first());
                let variant = variant.map(|v| v.name.clone()).unwrap_or_default();
                format!("{}::{variant}", type_text(api, self.op, ty, krate))
            }
            // Structured values are written from the collection's JSON as the values of the
            // field's type (struct literals, `vec![…]`); type placeholders (`"<boolean>"`) become
            // values of the type they name. JSON that does not fit the type is decoded into it.
            _ => {
                let json = serde_json::from_str::<serde_json::Value>(example)
                    .ok()
                    .map(|j| crate::lower::shapes::realize(&j))
                    .map(|j| if self.values == Values::Docs { explained_json(j, &field.name.rust, true) } else { j });
                if let Some(expression) = json.as_ref().and_then(|json| self.json(ty, json, &field.name.rust)) {
                    return expression;
                }
                let text =
                    json.and_then(|json| serde_json::to_string(&json).ok()).unwrap_or_else(|| example.to_string());
                format!("serde_json::from_str({})?", lit(&text))
            }
        }
    }

    /// A string value; in the quickstart, filler is read from an environment variable named
    /// after the `{{variable}}` it is, else after the field `name`.
    fn string(&self, text: &str, name: &str) -> String {
        match self.values {
            Values::Quickstart if is_filler(text) => {
                let reference = text.trim().strip_prefix("{{").and_then(|t| t.strip_suffix("}}"));
                let name = reference
                    .filter(|r| !r.contains(['{', '}']))
                    .map_or(name.to_string(), |r| crate::naming::snake(r, name));
                format!("std::env::var({})?", lit(&variable(self.api, &name)))
            }
            Values::Docs if is_filler(text) || is_random_number(text) => {
                format!("{}.to_string()", lit(&explained_text(name)))
            }
            _ => format!("{}.to_string()", lit(text)),
        }
    }

    /// Whether a number the collection gives is shown as another: in the docs, one that is
    /// obviously random or not a number at all (a placeholder).
    fn replaces_number(&self, text: &str) -> bool {
        self.values == Values::Docs && (is_random_number(text) || text.trim().parse::<f64>().is_err())
    }

    /// `json` as a Rust expression of type `ty` (for the field `name`): a struct literal,
    /// `vec![…]`, an enum variant, a literal; `None` when it does not fit the type.
    fn json(&self, ty: &TypeRef, json: &serde_json::Value, name: &str) -> Option<String> {
        use serde_json::Value;
        let (api, krate) = (self.api, self.krate);
        match (ty, json) {
            (TypeRef::String, Value::String(text)) => Some(self.string(text, name)),
            (TypeRef::Bool, Value::Bool(value)) => Some(value.to_string()),
            (TypeRef::Integer | TypeRef::Float, Value::Number(number)) if self.replaces_number(&number.to_string()) => {
                Some(explained_number(ty, name))
            }
            (TypeRef::Integer, Value::Number(number)) => {
                number.as_i64().map(|n| Literal::i64_unsuffixed(n).to_string())
            }
            (TypeRef::Float, Value::Number(number)) => number.as_f64().map(|n| Literal::f64_unsuffixed(n).to_string()),
            (TypeRef::Json, json) => Some(format!("serde_json::json!({json})")),
            (TypeRef::List(inner), Value::Array(items)) => {
                let items = items.iter().map(|item| self.json(inner, item, name)).collect::<Option<Vec<_>>>()?;
                Some(list(&items))
            }
            (TypeRef::Map(inner), Value::Object(entries)) => {
                let entries = entries
                    .iter()
                    .map(|(key, value)| Some(format!("({}.to_string(), {})", lit(key), self.json(inner, value, key)?)))
                    .collect::<Option<Vec<_>>>()?;
                Some(list(&entries))
            }
            (TypeRef::Named(id), json) => match (&api.types[*id].kind, json) {
                (TypeKind::Enum(variants), Value::String(text)) => {
                    let variant = variants.iter().find(|variant| variant.wire == *text)?;
                    Some(format!("{}::{}", type_text(api, self.op, ty, krate), variant.name))
                }
                // A type a request sends has `new` with its required fields and a setter per
                // optional one.
                (TypeKind::Struct(fields), Value::Object(members)) if api.types[*id].sent => {
                    // Members the type has no field for would go to `extra`: decoded instead.
                    if members.keys().any(|key| !fields.iter().any(|field| field.name.wire == *key)) {
                        return None;
                    }
                    let (mut args, mut setters) = (Vec::new(), String::new());
                    for field in fields {
                        match members.get(&field.name.wire) {
                            None | Some(Value::Null) if !field.required => {}
                            // The docs show what a reader must give.
                            Some(_) if !field.required && self.values == Values::Docs => {}
                            Some(member) => {
                                let value = self.json(&field.ty, member, &field.name.rust)?;
                                let value = if field.ty == TypeRef::String { argument(&value) } else { value };
                                if field.required {
                                    args.push(value);
                                } else {
                                    setters.push_str(&format!(".{}({value})", field.name.rust));
                                }
                            }
                            None => return None,
                        }
                    }
                    Some(format!("{}::new({}){setters}", type_text(api, self.op, ty, krate), args.join(", ")))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// A number literal of `ty` (an integer or a float) that says what goes in input `name`.
fn explained_number(ty: &TypeRef, name: &str) -> String {
    let count = explained_count(name);
    if *ty == TypeRef::Float { format!("{count}.0") } else { count.to_string() }
}

/// The file a file field or body names (its example is the collection's `src`).
fn file_source(field: &Field) -> String {
    field.example.clone().filter(|e| !e.is_empty()).unwrap_or_else(|| "file.bin".to_string())
}

/// `# Example` doc lines for an operation: a `no_run` doctest of the example call.
pub fn doc_lines(api: &Api, op: &Operation) -> Vec<String> {
    let call = doc_call(api, op);
    let read = if op.success == Success::Binary {
        // A file is read as it arrives, not held in memory.
        format!(
            "{}\nwhile let Some(piece) = file.chunk().await? {{\n    println!(\"{{}} bytes\", piece.len());\n}}",
            pretty(&format!("let mut file = {call}.await?;"))
        )
    } else {
        format!("{}\nprintln!(\"{{response:?}}\");", pretty(&format!("let response = {call}.await?;")))
    };
    let mut docs: Vec<String> = ["", "# Example", ""].map(String::from).to_vec();
    docs.extend(doctest(api, op, &read));
    docs
}

/// A `no_run` doctest that makes the operation's client and example request, then runs `read`.
fn doctest(api: &Api, op: &Operation, read: &str) -> Vec<String> {
    let base = match &api.base_url {
        Some(_) => format!("{}::DEFAULT_BASE_URL", krate(api)),
        None => "\"https://api.example.com\"".to_string(),
    };
    let mut lines: Vec<String> =
        ["```no_run", "# #[allow(deprecated)]", "# async fn example() -> Result<(), Box<dyn std::error::Error>> {"]
            .map(String::from)
            .to_vec();
    let client = format!("let client = {};", client(api, op, &base, undefined_host(api, op)));
    for statement in [client, read.to_string()] {
        lines.extend(statement.lines().map(String::from));
    }
    lines.extend(["# Ok(())", "# }", "```"].map(String::from));
    lines
}

/// A string literal, as `quote!` writes it.
fn lit(value: &str) -> String {
    Literal::string(value).to_string()
}

/// The crate docs' `# Pagination` and `# Files` sections, each with a `no_run` example built
/// from the first operation that pages or returns a file; nothing for a crate without one.
pub fn stream_docs(api: &Api) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(op) = api.operations.iter().find(|op| op.pagination.is_some()) {
        let items = format!("{}.items()", doc_call(api, op));
        docs.extend(
            [
                "",
                "# Pagination",
                "",
                "The request of a list operation that pages (by a token or cursor in the query or the JSON",
                "body, Stripe's `starting_after`, an offset, a page number, or a `Link` header) has two more",
                "methods: `pages()`, a `futures::Stream` of the pages (each a [`Response`]), and `items()`, a",
                "stream of the items of every page. Each page is requested when the stream is polled; an error",
                "ends the stream.",
                "",
            ]
            .map(String::from),
        );
        let read = format!(
            "use futures::TryStreamExt as _;\n{}\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}",
            pretty(&format!("let mut items = std::pin::pin!({items});"))
        );
        docs.extend(doctest(api, op, &read));
    }
    if let Some(op) = api.operations.iter().find(|op| op.success == Success::Binary) {
        docs.extend(
            [
                "",
                "# Files",
                "",
                "An operation whose response is a file (its example or `Accept` header names a binary type)",
                "returns a [`ByteStream`]: the status and headers as soon as they arrive, and the body to read",
                "as it comes (`chunk()`, `into_stream()`) instead of held in memory, or whole (`bytes()`, up to",
                "the client's response size limit). Its method's example:",
            ]
            .map(String::from),
        );
        // The method's own `# Example`, under this heading.
        docs.extend(doc_lines(api, op).into_iter().skip(2));
    }
    docs
}
