//! Request URLs in all their shapes → origin, path segments and query parameters.

use crate::postman::{self, Path, PathSegment, StringOrList, Url, UrlObject, Variable};

/// A query parameter, from the `query` list or from a raw URL.
#[derive(Debug, Clone)]
pub struct Query {
    pub key: String,
    pub value: Option<String>,
    pub disabled: bool,
    pub description: String,
}

/// A URL taken apart, variables still unresolved.
#[derive(Debug, Clone, Default)]
pub struct UrlParts {
    /// `protocol://host:port` as written (e.g. `{{baseUrl}}`).
    pub origin: String,
    pub path: Vec<String>,
    pub query: Vec<Query>,
    pub variables: Vec<Variable>,
}

pub fn parts(url: Option<&Url>) -> UrlParts {
    match url {
        None => UrlParts::default(),
        Some(Url::Raw(raw)) => parse_raw(raw),
        Some(Url::Object(object)) => from_object(object),
    }
}

fn from_object(url: &UrlObject) -> UrlParts {
    let raw = url.raw.as_deref().map(parse_raw).unwrap_or_default();
    let origin = match &url.host {
        None => raw.origin,
        Some(host) => {
            let host = match host {
                StringOrList::String(host) => host.clone(),
                StringOrList::List(parts) => parts.join("."),
            };
            let mut origin = match url.protocol.as_deref() {
                Some(protocol) if !protocol.is_empty() => format!("{protocol}://{host}"),
                _ => host,
            };
            if let Some(port) = &url.port {
                origin.push(':');
                origin.push_str(&port.text());
            }
            origin
        }
    };
    let path = match &url.path {
        None => raw.path,
        Some(Path::String(path)) => split_path(path),
        // Postman joins the segments with `/`: one with a `/` in it (`{{dir/name}}`) is sent
        // as several.
        Some(Path::List(segments)) => segments
            .iter()
            .flat_map(|segment| match segment {
                PathSegment::String(text) => text.split('/').map(str::to_string).collect::<Vec<_>>(),
                PathSegment::Object { value } => vec![value.clone().unwrap_or_default()],
            })
            .collect(),
    };
    let query = if url.query.is_empty() && url.host.is_none() {
        raw.query
    } else {
        url.query.iter().map(query_param).collect()
    };
    UrlParts { origin, path, query, variables: url.variable.clone() }
}

/// Query keys and values are written as they appear in the URL: Postman sends them as they are,
/// so what the server reads is their decoded form (`%2F` is `/`, `+` a space).
pub fn decode_query(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// The query as Postman sends it: it substitutes variables into the URL's text, so a value
/// that resolves to `a&b` is two pieces (an `&` inside an unresolved `{{…}}` too) and one
/// with `#` ends the query (the rest is a fragment, never sent), unless the `#` is inside an
/// unresolved `{{…}}`; pieces with neither key nor value (`?&&q=1`) carry nothing and are left
/// out, but `=` (an empty key and value) is sent. Pieces whose resolved text has no `&` or
/// `#` are kept as written.
pub fn as_sent(query: Vec<Query>, resolve: &dyn Fn(&str) -> String) -> Vec<Query> {
    let mut sent = Vec::with_capacity(query.len());
    let mut ended = false;
    for piece in query {
        if piece.key.is_empty() && piece.value.is_none() || ended && !piece.disabled {
            continue;
        }
        let key = resolve(&piece.key);
        let value = piece.value.as_deref().map(resolve);
        let text = match &value {
            Some(value) => format!("{key}={value}"),
            None => key.clone(),
        };
        let hash = fragment_start(&text);
        if !text.contains('&') && hash.is_none() {
            sent.push(piece);
            continue;
        }
        let (text, fragment) = hash.map_or((text.as_str(), false), |at| (&text[..at], true));
        let pieces = text.split('&').filter(|p| !p.is_empty()).map(|pair| {
            let (key, value) = pair.split_once('=').map_or((pair, None), |(k, v)| (k, Some(v)));
            Query { key: key.to_string(), value: value.map(str::to_string), ..piece.clone() }
        });
        sent.extend(pieces.collect::<Vec<_>>());
        ended |= fragment && !piece.disabled;
    }
    sent
}

/// Where a `#` ends the text: the first one outside an unresolved `{{…}}`.
fn fragment_start(text: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(found) = text[at..].find(['#', '{']).map(|found| at + found) {
        if text[found..].starts_with('#') {
            return Some(found);
        }
        match text[found..].starts_with("{{").then(|| text[found..].find("}}")).flatten() {
            Some(end) => at = found + end + 2,
            None => at = found + 1,
        }
    }
    None
}

fn query_param(param: &postman::QueryParam) -> Query {
    Query {
        key: param.key.clone().unwrap_or_default(),
        value: param.value.clone(),
        disabled: param.is_disabled(),
        description: param.description.as_ref().map(|d| d.text().to_string()).unwrap_or_default(),
    }
}

fn split_path(path: &str) -> Vec<String> {
    let path = path.strip_prefix('/').unwrap_or(path);
    if path.is_empty() { Vec::new() } else { path.split('/').map(str::to_string).collect() }
}

/// Reads a raw URL the way Postman does: an optional `protocol://`, the host up to the first
/// `/`, the path up to `?`, then `&`-separated query pairs; a `#fragment` is dropped.
fn parse_raw(raw: &str) -> UrlParts {
    let raw = raw.trim();
    let raw = raw.split_once('#').map_or(raw, |(before, _)| before);
    let (before_query, query) = raw.split_once('?').map_or((raw, None), |(a, b)| (a, Some(b)));
    let (protocol, rest) = match before_query.split_once("://") {
        Some((protocol, rest)) => (Some(protocol), rest),
        None => (None, before_query),
    };
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(host, path)| (host, path));
    let origin = match protocol {
        Some(protocol) => format!("{protocol}://{host}"),
        None => host.to_string(),
    };
    let query = query
        .map(|query| {
            query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').map_or((pair, None), |(k, v)| (k, Some(v)));
                    Query {
                        key: key.to_string(),
                        value: value.map(str::to_string),
                        disabled: false,
                        description: String::new(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    UrlParts { origin, path: split_path(path), query, variables: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_urls() {
        let parts = parse_raw("{{baseUrl}}/users/:userId?login_type=100&flag#frag");
        assert_eq!(parts.origin, "{{baseUrl}}");
        assert_eq!(parts.path, vec!["users", ":userId"]);
        let query: Vec<_> = parts.query.iter().map(|q| (q.key.as_str(), q.value.as_deref())).collect();
        assert_eq!(query, vec![("login_type", Some("100")), ("flag", None)]);
        let parts = parse_raw("https://postman-echo.com:443/get");
        assert_eq!(parts.origin, "https://postman-echo.com:443");
        assert_eq!(parts.path, vec!["get"]);
    }

    #[test]
    fn queries_as_postman_sends_them() {
        let query = |pairs: &[(&str, Option<&str>)]| -> Vec<Query> {
            pairs
                .iter()
                .map(|(key, value)| Query {
                    key: key.to_string(),
                    value: value.map(str::to_string),
                    disabled: false,
                    description: String::new(),
                })
                .collect()
        };
        let resolve = |text: &str| text.replace("{{amp}}", "a&b").replace("{{hash}}", "x#y");
        let sent = as_sent(
            query(&[
                ("", None),
                ("q", Some("{{amp}}")),
                ("", Some("")),
                ("flag", None),
                ("h", Some("{{hash}}")),
                ("z", Some("1")),
            ]),
            &resolve,
        );
        let sent: Vec<_> = sent.iter().map(|q| (q.key.as_str(), q.value.as_deref())).collect();
        assert_eq!(sent, vec![("q", Some("a")), ("b", None), ("", Some("")), ("flag", None), ("h", Some("x"))]);
        // An unresolved `{{…}}`: an `&` in it splits the piece, a `#` in it does not end the query.
        let sent = as_sent(query(&[("a", Some("{{x&y}}")), ("b", Some("{{p#q}}")), ("c", Some("1"))]), &resolve);
        let sent: Vec<_> = sent.iter().map(|q| (q.key.as_str(), q.value.as_deref())).collect();
        assert_eq!(sent, vec![("a", Some("{{x")), ("y}}", None), ("b", Some("{{p#q}}")), ("c", Some("1"))]);
        assert_eq!(fragment_start("a{{b#c}}#d"), Some(8));
        assert_eq!(fragment_start("{{open#"), Some(6));
    }
}
