//! The collection both sides run: scripts removed (the generated client does not run them) and
//! every request sent to the recorder, keeping the base path its host variable carries
//! (`{{baseUrl}}` = `https://api.zoom.us/v2` keeps `/v2`). Each origin the collection uses gets
//! its own variable (`{{conformance_origin}}`, `{{conformance_origin_1}}`, …), so requests to a
//! second host stay requests to another host, which the client sends to that host's base URL.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// The variable both sides get the recorder's URL through, for the first origin; the others
/// get it through [`origin_variable`].
pub const ORIGIN_VARIABLE: &str = "conformance_origin";

/// The variable of the `index`-th origin the collection uses.
pub fn origin_variable(index: usize) -> String {
    if index == 0 { ORIGIN_VARIABLE.to_string() } else { format!("{ORIGIN_VARIABLE}_{index}") }
}

/// A header each item sends with its index, so the recorder answers each item with its own
/// example and requests are matched to items even when a side sends nothing for one.
pub const ITEM_HEADER: &str = "x-conformance-item";

/// The rewritten collection, the files its requests send, and for each request item (in
/// order) the lower-cased names of the enabled headers it sets itself.
pub struct Rewritten {
    pub collection: Value,
    pub files: Vec<String>,
    pub item_headers: Vec<Vec<String>>,
    /// How many origins the collection uses, each with its variable ([`origin_variable`]).
    pub origins: usize,
}

pub fn rewrite(collection: &Value) -> Rewritten {
    let mut collection = collection.clone();
    let variables = variables(&collection, &BTreeMap::new());
    let mut files = Vec::new();
    let mut item_headers = Vec::new();
    let mut origins = Vec::new();
    if let Some(object) = collection.as_object_mut() {
        object.remove("event");
    }
    fix_what_is_random(&mut collection);
    if let Some(items) = collection.get_mut("item").and_then(Value::as_array_mut) {
        for item in items {
            rewrite_item(item, &variables, &mut files, &mut item_headers, &mut origins);
        }
    }
    files.sort();
    files.dedup();
    Rewritten { collection, files, item_headers, origins: origins.len().max(1) }
}

/// The OAuth 1.0 timestamp and nonce both sides sign with, so that their `Authorization`
/// headers must be byte-identical.
pub const OAUTH1_TIMESTAMP: &str = "1700000000";
pub const OAUTH1_NONCE: &str = "conformanceNonce";

/// Every OAuth 1.0 auth block gets a fixed timestamp and nonce (where it has none), as a
/// collection may give them: both sides then sign the same text.
fn fix_what_is_random(node: &mut Value) {
    match node {
        Value::Object(object) => {
            if object.get("type").and_then(Value::as_str) == Some("oauth1") {
                match object.get_mut("oauth1") {
                    Some(Value::Array(params)) => {
                        for (key, value) in [("timestamp", OAUTH1_TIMESTAMP), ("nonce", OAUTH1_NONCE)] {
                            params.retain(|param| param.get("key").and_then(Value::as_str) != Some(key));
                            params.push(json!({ "key": key, "value": value, "type": "string" }));
                        }
                    }
                    Some(Value::Object(params)) => {
                        params.insert("timestamp".to_string(), json!(OAUTH1_TIMESTAMP));
                        params.insert("nonce".to_string(), json!(OAUTH1_NONCE));
                    }
                    _ => {}
                }
            }
            object.values_mut().for_each(fix_what_is_random);
        }
        Value::Array(items) => items.iter_mut().for_each(fix_what_is_random),
        _ => {}
    }
}

fn variables(node: &Value, inherited: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut variables = inherited.clone();
    for variable in node.get("variable").and_then(Value::as_array).into_iter().flatten() {
        let key = variable.get("key").or(variable.get("id")).and_then(Value::as_str);
        let value = match variable.get("value") {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
        if let (Some(key), Some(value)) = (key, value) {
            variables.insert(key.to_string(), value);
        }
    }
    variables
}

fn resolve(text: &str, variables: &BTreeMap<String, String>) -> String {
    let mut current = text.to_string();
    for _ in 0..16 {
        let mut next = current.clone();
        for (key, value) in variables {
            next = next.replace(&format!("{{{{{key}}}}}"), value);
        }
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn rewrite_item(
    item: &mut Value,
    inherited: &BTreeMap<String, String>,
    files: &mut Vec<String>,
    item_headers: &mut Vec<Vec<String>>,
    origins: &mut Vec<String>,
) {
    let variables = variables(item, inherited);
    let Some(object) = item.as_object_mut() else { return };
    object.remove("event");
    if let Some(children) = object.get_mut("item").and_then(Value::as_array_mut) {
        for child in children {
            rewrite_item(child, &variables, files, item_headers, origins);
        }
        return;
    }
    let Some(request) = object.get_mut("request") else { return };
    if let Value::String(url) = request {
        *request = json!({ "method": "GET", "url": url.clone() });
    }
    let index = item_headers.len();
    item_headers.push(enabled_headers(request.get("header")));
    let tag = json!({ "key": ITEM_HEADER, "value": index.to_string() });
    match request.get_mut("header") {
        Some(Value::Array(headers)) => headers.push(tag),
        Some(Value::String(raw)) => raw.push_str(&format!("\n{ITEM_HEADER}: {index}")),
        _ => request["header"] = json!([tag]),
    }
    collect_files(request, files);
    if let Some(url) = request.get_mut("url") {
        *url = rewrite_url(url, &variables, origins);
    }
}

/// The lower-cased names of the headers a request sets and does not disable.
fn enabled_headers(headers: Option<&Value>) -> Vec<String> {
    match headers {
        Some(Value::Array(list)) => list
            .iter()
            .filter(|h| !h.get("disabled").and_then(Value::as_bool).unwrap_or(false))
            .filter_map(|h| h.get("key").and_then(Value::as_str))
            .map(|key| key.trim().to_ascii_lowercase())
            .collect(),
        Some(Value::String(raw)) => raw
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(key, _)| key.trim().to_ascii_lowercase())
            .collect(),
        _ => Vec::new(),
    }
}

fn collect_files(request: &Value, files: &mut Vec<String>) {
    let Some(body) = request.get("body") else { return };
    for param in body.get("formdata").and_then(Value::as_array).into_iter().flatten() {
        if param.get("type").and_then(Value::as_str) == Some("file") {
            match param.get("src") {
                Some(Value::String(src)) => files.push(src.clone()),
                Some(Value::Array(list)) => files.extend(list.iter().filter_map(Value::as_str).map(str::to_string)),
                _ => {}
            }
        }
    }
    if let Some(src) = body.get("file").and_then(|f| f.get("src")).and_then(Value::as_str) {
        files.push(src.to_string());
    }
}

/// The URL with its origin replaced by its origin's variable plus the origin's base path.
/// `origins` are the origins seen so far (variables resolved), in order.
fn rewrite_url(url: &Value, variables: &BTreeMap<String, String>, origins: &mut Vec<String>) -> Value {
    let (origin, path, query, path_variables) = match url {
        Value::String(raw) => {
            let (origin, path, query) = split_raw(raw);
            (origin, path, query, Value::Null)
        }
        Value::Object(object) => {
            let raw = object.get("raw").and_then(Value::as_str).unwrap_or_default();
            let (raw_origin, raw_path, raw_query) = split_raw(raw);
            let origin = match object.get("host") {
                Some(Value::Array(parts)) => {
                    let host: Vec<&str> = parts.iter().filter_map(Value::as_str).collect();
                    let protocol = object.get("protocol").and_then(Value::as_str).map(|p| format!("{p}://"));
                    let port = object.get("port").map(|p| match p {
                        Value::String(text) => format!(":{text}"),
                        other => format!(":{other}"),
                    });
                    format!("{}{}{}", protocol.unwrap_or_default(), host.join("."), port.unwrap_or_default())
                }
                Some(Value::String(host)) => host.clone(),
                _ => raw_origin,
            };
            let path = match object.get("path") {
                Some(Value::Array(segments)) => segments
                    .iter()
                    .map(|s| match s {
                        Value::String(text) => text.clone(),
                        other => other.get("value").and_then(Value::as_str).unwrap_or_default().to_string(),
                    })
                    .collect(),
                Some(Value::String(path)) => path.trim_start_matches('/').split('/').map(str::to_string).collect(),
                _ => raw_path,
            };
            let query = match object.get("query") {
                Some(Value::Array(query)) => Value::Array(query.clone()),
                _ => raw_query,
            };
            (origin, path, query, object.get("variable").cloned().unwrap_or(Value::Null))
        }
        _ => return url.clone(),
    };
    let resolved = resolve(&origin, variables);
    let after_scheme = resolved.split_once("://").map_or(resolved.as_str(), |(_, rest)| rest);
    let base_path: Vec<String> = match after_scheme.split_once('/') {
        Some((_, base)) if !resolved.contains("{{") => {
            base.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect()
        }
        _ => Vec::new(),
    };
    let segments: Vec<String> = base_path.into_iter().chain(path).collect();
    let scheme_and_host = match after_scheme.split_once('/') {
        Some((host, _)) => resolved[..resolved.len() - after_scheme.len()].to_string() + host,
        None => resolved.clone(),
    };
    let index = match origins.iter().position(|o| *o == scheme_and_host) {
        Some(index) => index,
        None => {
            origins.push(scheme_and_host);
            origins.len() - 1
        }
    };
    let query_text: Vec<String> = query
        .as_array()
        .into_iter()
        .flatten()
        .filter(|q| !q.get("disabled").and_then(Value::as_bool).unwrap_or(false))
        .map(|q| {
            let key = q.get("key").and_then(Value::as_str).unwrap_or_default();
            match q.get("value").and_then(Value::as_str) {
                Some(value) => format!("{key}={value}"),
                None => key.to_string(),
            }
        })
        .collect();
    let origin = format!("{{{{{}}}}}", origin_variable(index));
    let mut raw = format!("{origin}/{}", segments.join("/"));
    if !query_text.is_empty() {
        raw = format!("{raw}?{}", query_text.join("&"));
    }
    let mut rewritten = json!({ "raw": raw, "host": [origin], "path": segments });
    if query.is_array() {
        rewritten["query"] = query;
    }
    if !path_variables.is_null() {
        rewritten["variable"] = path_variables;
    }
    rewritten
}

/// `origin`, path segments and query of a raw URL.
fn split_raw(raw: &str) -> (String, Vec<String>, Value) {
    let raw = raw.split_once('#').map_or(raw, |(before, _)| before);
    let (before, query) = raw.split_once('?').map_or((raw, None), |(a, b)| (a, Some(b)));
    let (scheme, rest) = before.split_once("://").map_or(("", before), |(s, r)| (s, r));
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let origin = if scheme.is_empty() { host.to_string() } else { format!("{scheme}://{host}") };
    let path = if path.is_empty() { Vec::new() } else { path.split('/').map(str::to_string).collect() };
    let query = match query {
        Some(query) => Value::Array(
            query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| match pair.split_once('=') {
                    Some((key, value)) => json!({ "key": key, "value": value }),
                    None => json!({ "key": pair, "value": null }),
                })
                .collect(),
        ),
        None => Value::Null,
    };
    (origin, path, query)
}
