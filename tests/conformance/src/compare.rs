//! What carries meaning in a request, compared between newman and the generated client.
//! Runtime noise (user-agent, boundaries, postman-token, content-length, connection,
//! accept-encoding) is never looked at.

use postman_codegen::ir::{AuthKind, Location, Operation};
use serde_json::Value;

use crate::recorder::Recorded;

/// One difference between the two requests of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub what: String,
    pub newman: String,
    pub ours: String,
}

/// Values Postman produces at call time differ between any two runs: both sides are compared
/// with them replaced by their kind (`{{$guid}}` written literally counts as the same kind).
pub fn normalize(text: &str) -> String {
    let text = text
        .replace("{{$guid}}", "<uuid>")
        .replace("{{$randomUUID}}", "<uuid>")
        .replace("{{$timestamp}}", "<timestamp>")
        .replace("{{$isoTimestamp}}", "<iso-timestamp>");
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

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
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
pub fn compare(op: &Operation, newman: &Recorded, ours: &Recorded) -> Vec<Mismatch> {
    let mut out = Vec::new();
    check(&mut out, "method", newman.method.clone(), ours.method.clone());
    check(&mut out, "path", normalize(&percent_decode(newman.path())), normalize(&percent_decode(ours.path())));
    let query = |r: &Recorded| {
        let mut pairs: Vec<(String, String)> =
            r.query().into_iter().map(|(k, v)| (normalize(&k), normalize(&v))).collect();
        pairs.sort();
        pairs
    };
    check(&mut out, "query", show(&query(newman)), show(&query(ours)));
    check(&mut out, "content-type", show(&media_type(newman)), show(&media_type(ours)));
    let custom = op.request.iter().flat_map(|r| r.fields.iter()).filter(|f| f.location == Location::Header);
    for field in custom {
        let name = field.field.name.wire.to_ascii_lowercase();
        let value = |r: &Recorded| r.header(&name).map(normalize);
        check(&mut out, &format!("header {name}"), show(&value(newman)), show(&value(ours)));
    }
    match &op.auth {
        Some(AuthKind::Bearer | AuthKind::Basic | AuthKind::OAuth2 { in_query: false, .. }) => {
            check(
                &mut out,
                "authorization",
                show(&newman.header("authorization")),
                show(&ours.header("authorization")),
            );
        }
        Some(AuthKind::ApiKey { name, in_query: false }) => {
            let name = name.to_ascii_lowercase();
            check(&mut out, &format!("api key header {name}"), show(&newman.header(&name)), show(&ours.header(&name)));
        }
        Some(AuthKind::Signed { kind }) => {
            let present = |r: &Recorded| r.header("authorization").is_some();
            check(&mut out, &format!("{kind} signature present"), show(&present(newman)), show(&present(ours)));
        }
        _ => {}
    }
    compare_bodies(&mut out, newman, ours);
    out
}

fn compare_bodies(out: &mut Vec<Mismatch>, newman: &Recorded, ours: &Recorded) {
    let media = media_type(newman).or_else(|| media_type(ours)).unwrap_or_default();
    if media == "multipart/form-data" {
        check(out, "form parts", show(&parts(newman)), show(&parts(ours)));
    } else if media == "application/x-www-form-urlencoded" {
        let pairs = |r: &Recorded| -> Vec<(String, String)> {
            form_urlencoded::parse(&r.body).map(|(k, v)| (normalize(&k), normalize(&v))).collect()
        };
        check(out, "urlencoded pairs", show(&pairs(newman)), show(&pairs(ours)));
    } else {
        let text = |r: &Recorded| normalize(&String::from_utf8_lossy(&r.body));
        let (newman_text, ours_text) = (text(newman), text(ours));
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
    fn dynamic_values_normalize_to_their_kind() {
        assert_eq!(normalize("ref 3e30f7cd-6706-466e-9fed-b85aad57e533!"), "ref <uuid>!");
        assert_eq!(normalize("{{$guid}}"), "<uuid>");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(normalize(&format!("EXT-{now}")), "EXT-<timestamp>");
        assert_eq!(normalize("EXT-{{$timestamp}}"), "EXT-<timestamp>");
        assert_eq!(normalize("1234567890123"), "1234567890123");
    }
}
