//! What carries meaning in a request, compared between newman and the generated client: the
//! method, the path segment by segment (`a%2Fb` is one segment, `a/b` two), the query pairs,
//! every header but transport noise, and the body by its media type.

use std::collections::BTreeMap;

use postman_codegen::ir::{AuthKind, Operation};
use serde_json::Value;

use crate::recorder::Recorded;

/// Headers that carry no meaning of the item: set by the HTTP stack or by newman for itself,
/// and the conformance tag (compared by matching the requests up).
const NOISE: &[&str] =
    &["content-length", "connection", "host", "postman-token", "transfer-encoding", crate::rewrite::ITEM_HEADER];

/// Headers newman fills with its own defaults (`PostmanRuntime/7.x`, `gzip, deflate, br`,
/// `no-cache`): compared only when the item sets them itself.
const RUNNER_DEFAULTS: &[&str] = &["user-agent", "accept-encoding", "cache-control"];

/// Headers a signing scheme adds, which the user's signer makes: compared by presence only.
const SIGNATURES: &[&str] = &["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"];

/// One difference between the two requests of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub what: String,
    pub newman: String,
    pub ours: String,
}

/// Values Postman produces at call time differ between any two runs: a real UUID or current
/// Unix time is compared by its kind. The literal text `{{$guid}}` is not a value and stays as
/// it is, so a side that sends it unreplaced differs from one that sends a UUID.
pub fn normalize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if is_uuid(&chars[i..]) && (i == 0 || !chars[i - 1].is_ascii_hexdigit()) {
            out.push_str("<uuid>");
            i += 36;
        } else if let Some(len) = timestamp_len(&chars[i..]).filter(|_| i == 0 || !chars[i - 1].is_ascii_digit()) {
            out.push_str("<timestamp>");
            i += len;
        } else if is_iso_timestamp(&chars[i..]) && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            out.push_str("<iso-timestamp>");
            i += 24;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn is_uuid(chars: &[char]) -> bool {
    chars.len() >= 36
        && chars[..36].iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `2026-12-03T06:55:01.123Z` (`{{$isoTimestamp}}`), of a year around now.
fn is_iso_timestamp(chars: &[char]) -> bool {
    let shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if chars.len() < shape.len()
        || !shape.chars().zip(chars).all(|(s, c)| if s == 'd' { c.is_ascii_digit() } else { s == *c })
    {
        return false;
    }
    let year: u64 = chars[..4].iter().collect::<String>().parse().unwrap_or_default();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    year.abs_diff(1970 + now / 31_556_952) <= 1
}

/// Ten digits that are a Unix time within two days of now.
fn timestamp_len(chars: &[char]) -> Option<usize> {
    let digits: String = chars.iter().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() != 10 {
        return None;
    }
    let value: u64 = digits.parse().ok()?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    (value.abs_diff(now) < 2 * 86_400).then_some(10)
}

/// A collection's example may name types instead of values (`"<boolean>"`, `"<integer>"`):
/// a typed field gets a value of that type where newman sends the placeholder text. When
/// newman's text has such placeholders, both sides are compared as JSON with each placeholder
/// made the value the client's examples make of it (`false`, `0`).
fn realized(newman: &str, ours: &str) -> (String, String) {
    let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or_else(|_| Value::String(text.to_string()));
    use postman_codegen::lower::shapes::{Shape, placeholder, realize};
    // A value that names a string type (`<string>`, `<dateTime>`) is met by any text: the
    // field may be typed (an enum of the values the collection lists sends its first one).
    if newman.starts_with('<') && placeholder(newman) == Some(Shape::Str) && !ours.is_empty() {
        return (newman.to_string(), newman.to_string());
    }
    let newman_value = parse(newman);
    let realized = realize(&newman_value);
    if realized == newman_value {
        return (newman.to_string(), ours.to_string());
    }
    (realized.to_string(), realize(&parse(ours)).to_string())
}

/// Each value of newman's pairs and the value of ours at the same place, [`realized`].
fn realize_values(newman: &mut [(String, String)], ours: &mut [(String, String)]) {
    for ((name, newman), (other, ours)) in newman.iter_mut().zip(ours.iter_mut()) {
        if name == other {
            (*newman, *ours) = realized(newman, ours);
        }
    }
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The path's segments, each percent-decoded on its own (so `%2F` stays inside its segment),
/// with `.` and `..` resolved: RFC 3986 (§6.2.2.3) makes `/a/./b/../c` the same URL as `/a/c`.
fn segments(request: &Recorded) -> Vec<String> {
    let mut segments: Vec<String> = Vec::new();
    for segment in request.path().split('/') {
        match segment {
            "." => {}
            ".." => {
                if segments.len() > 1 {
                    segments.pop();
                }
            }
            _ => segments.push(normalize(&percent_decode(segment))),
        }
    }
    segments
}

fn media_type(request: &Recorded) -> Option<String> {
    request.header("content-type").map(|ct| ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
}

fn check(out: &mut Vec<Mismatch>, what: &str, newman: String, ours: String) {
    if newman != ours {
        out.push(Mismatch { what: what.to_string(), newman, ours });
    }
}

fn show<T: std::fmt::Debug>(value: &T) -> String {
    format!("{value:?}")
}

/// Compares the request newman sent for `op` with the one the generated client sent.
/// `item_headers` are the (lower-cased) names of the headers the item itself sets.
pub fn compare(op: &Operation, item_headers: &[String], newman: &Recorded, ours: &Recorded) -> Vec<Mismatch> {
    let mut out = Vec::new();
    check(&mut out, "method", newman.method.clone(), ours.method.clone());
    check(&mut out, "path", show(&segments(newman)), show(&segments(ours)));
    let query = |r: &Recorded| -> Vec<(String, String)> {
        r.query().into_iter().map(|(k, v)| (normalize(&k), normalize(&v))).collect()
    };
    let (mut newman_query, mut ours_query) = (query(newman), query(ours));
    realize_values(&mut newman_query, &mut ours_query);
    check(&mut out, "query", show(&newman_query), show(&ours_query));
    compare_headers(&mut out, op, item_headers, newman, ours);
    compare_bodies(&mut out, newman, ours);
    out
}

/// Every header both sides sent, by name, values in the order sent.
fn compare_headers(
    out: &mut Vec<Mismatch>,
    op: &Operation,
    item_headers: &[String],
    newman: &Recorded,
    ours: &Recorded,
) {
    let signed = matches!(op.auth, Some(AuthKind::Signed { .. }));
    let compared = |name: &str| {
        !NOISE.contains(&name) && (!RUNNER_DEFAULTS.contains(&name) || item_headers.iter().any(|h| h == name))
    };
    let headers = |r: &Recorded| {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in r.headers.iter().filter(|(name, _)| compared(name)) {
            let value = if signed && SIGNATURES.contains(&name.as_str()) {
                "<signature>".to_string()
            } else if name == "content-type" {
                // The multipart boundary is chosen per request.
                value.split(';').filter(|p| !p.trim_start().starts_with("boundary=")).collect::<Vec<_>>().join(";")
            } else {
                normalize(value)
            };
            map.entry(name.clone()).or_default().push(value);
        }
        map
    };
    let (newman, ours) = (headers(newman), headers(ours));
    let mut names: Vec<&String> = newman.keys().chain(ours.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        check(out, &format!("header {name}"), show(&newman.get(name)), show(&ours.get(name)));
    }
}

fn compare_bodies(out: &mut Vec<Mismatch>, newman: &Recorded, ours: &Recorded) {
    let media = media_type(newman).or_else(|| media_type(ours)).unwrap_or_default();
    if media == "multipart/form-data" {
        let (mut newman, mut ours) = (parts(newman), parts(ours));
        if let (Ok(newman), Ok(ours)) = (&mut newman, &mut ours) {
            for (a, b) in newman.iter_mut().zip(ours.iter_mut()).filter(|(a, b)| a.0 == b.0 && a.1.is_none()) {
                (a.2, b.2) = realized(&a.2, &b.2);
            }
        }
        check(out, "form parts", show(&newman), show(&ours));
    } else if media == "application/x-www-form-urlencoded" {
        let pairs = |r: &Recorded| -> Vec<(String, String)> {
            form_urlencoded::parse(&r.body).map(|(k, v)| (normalize(&k), normalize(&v))).collect()
        };
        let (mut newman, mut ours) = (pairs(newman), pairs(ours));
        realize_values(&mut newman, &mut ours);
        check(out, "urlencoded pairs", show(&newman), show(&ours));
    } else {
        let text = |r: &Recorded| normalize(&String::from_utf8_lossy(&r.body));
        let (newman_text, ours_text) = realized(&text(newman), &text(ours));
        let json = |t: &str| serde_json::from_str::<Value>(t).ok();
        match (json(&newman_text), json(&ours_text)) {
            // Structural: key order within objects does not matter.
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => check(out, "JSON body", a.to_string(), b.to_string()),
            _ => check(out, "body", newman_text, ours_text),
        }
    }
}

/// Multipart parts as (name, file name, value), in order.
fn parts(request: &Recorded) -> Result<Vec<(String, Option<String>, String)>, String> {
    let content_type = request.header("content-type").unwrap_or_default();
    let boundary = multer::parse_boundary(content_type).map_err(|e| e.to_string())?;
    let body = request.body.clone();
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let stream =
            futures_util::stream::once(
                async move { Ok::<_, std::convert::Infallible>(multer::bytes::Bytes::from(body)) },
            );
        let mut multipart = multer::Multipart::new(stream, boundary);
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let value = field.text().await.map_err(|e| e.to_string())?;
            parts.push((normalize(&name), file_name, normalize(&value)));
        }
        Ok(parts)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dynamic_values_normalize_to_their_kind() {
        assert_eq!(normalize("ref 3e30f7cd-6706-466e-9fed-b85aad57e533!"), "ref <uuid>!");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(normalize(&format!("EXT-{now}")), "EXT-<timestamp>");
        assert_eq!(normalize("1234567890123"), "1234567890123");
        let year = 1970 + now / 31_556_952;
        assert_eq!(normalize(&format!("at {year}-05-01T12:34:56.789Z.")), "at <iso-timestamp>.");
        assert_eq!(normalize("at 1999-05-01T12:34:56.789Z"), "at 1999-05-01T12:34:56.789Z");
        // Unreplaced template text is not a value.
        assert_eq!(normalize("{{$guid}}"), "{{$guid}}");
        assert_eq!(normalize("EXT-{{$timestamp}}"), "EXT-{{$timestamp}}");
    }

    fn request(target: &str, headers: &[(&str, &str)]) -> Recorded {
        Recorded {
            method: "GET".to_string(),
            target: target.to_string(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: Vec::new(),
        }
    }

    fn op() -> Operation {
        let api = postman_codegen::generate(
            r#"{"info":{"name":"t","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[{"name":"a","request":{"url":"http://x/a"}}]}"#,
            "t.json",
            &postman_codegen::CrateOptions::default(),
        )
        .unwrap()
        .api;
        api.operations[0].clone()
    }

    #[test]
    fn an_encoded_slash_stays_inside_its_segment() {
        let mismatches = compare(&op(), &[], &request("/a%2Fb", &[]), &request("/a/b", &[]));
        assert_eq!(mismatches.len(), 1);
        assert_eq!(mismatches[0].what, "path");
        assert!(compare(&op(), &[], &request("/a%41", &[]), &request("/aA", &[])).is_empty());
    }

    #[test]
    fn every_header_counts_but_noise_and_runner_defaults() {
        let newman = request(
            "/",
            &[
                ("authorization", "Bearer t"),
                ("user-agent", "PostmanRuntime/7.39.0"),
                ("postman-token", "3e30f7cd-6706-466e-9fed-b85aad57e533"),
                ("content-length", "0"),
            ],
        );
        let ours = request("/", &[("user-agent", "reqwest")]);
        let mismatches = compare(&op(), &[], &newman, &ours);
        assert_eq!(mismatches.iter().map(|m| m.what.as_str()).collect::<Vec<_>>(), ["header authorization"]);
        // A user-agent the item sets itself is compared.
        let mismatches = compare(&op(), &["user-agent".to_string()], &newman, &ours);
        assert_eq!(mismatches.len(), 2);
    }
}
