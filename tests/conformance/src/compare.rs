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

/// What an AWS signature changes each second, or with the body's bytes (a JSON body both sides
/// send alike may differ in its spacing), in the headers or the query: compared as
/// `<verified>` once the signature verifies.
const AWS_CHANGING: &[&str] = &["authorization", "x-amz-date", "x-amz-content-sha256", "X-Amz-Date", "X-Amz-Signature"];

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

/// The path parameter the client refused to send empty, when that is the whole difference: the
/// collection's own value of the parameter is empty, the driver's error names it (`… the path
/// parameter id is empty`), and newman sent the request with that part of the path empty, to
/// another route. Every generated client refuses such a value by design; `None` otherwise.
pub fn refused_empty_path(op: &Operation, newman: Option<&Recorded>, outcome: &str) -> Option<String> {
    let newman = newman?;
    let param = op.path_params.iter().find(|param| {
        let name = param.name.trim_start_matches("r#");
        param.example.as_deref() == Some("") && outcome.contains(&format!("the path parameter {name} is empty"))
    })?;
    // The template's segment that holds the parameter, as newman sends it: without a value.
    let template: Vec<&str> = op.path_template.split('/').collect();
    let at = template.iter().rposition(|segment| segment.contains(&format!("{{{}}}", param.wire)))?;
    let sent = template[at].replace(&format!("{{{}}}", param.wire), "");
    let from_end = template.len() - at;
    let segments = segments(newman);
    let newman_segment = segments.len().checked_sub(from_end).map(|index| &segments[index])?;
    (*newman_segment == sent).then(|| param.name.trim_start_matches("r#").to_string())
}

/// What recomputing each side's OAuth 1.0 signature from what it sent found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth1Check {
    /// `Err` says why newman's signature does not verify against newman's own request.
    pub newman: Result<(), String>,
    pub ours: Result<(), String>,
}

/// Where an OAuth 1.0 signature stood, once verified: the comparison then sees this in its place.
const OAUTH1_VERIFIED: &str = "oauth-signature-verified";
const OAUTH1_NOT_VERIFIED: &str = "oauth-signature-not-verified";

/// Compares the request newman sent for `op` with the one the generated client sent.
/// `item_headers` are the (lower-cased) names of the headers the item itself sets.
/// `secret`: for an AWS Signature Version 4 item, the secret key both sides sign with; for a
/// Digest item, the password. `oauth1`: for an OAuth 1.0 item, its consumer secret and token
/// secret. Each side's OAuth 1.0 signature is recomputed from what that side sent (RFC 5849
/// §3.4) and compared as verified or not: where ours verifies and newman's does not, and that is
/// the only difference, there is no mismatch (the check says so), since a server checks the
/// signature against what it receives.
pub fn compare(
    op: &Operation,
    item_headers: &[String],
    newman: &Recorded,
    ours: &Recorded,
    secret: Option<&str>,
    oauth1: Option<(&str, &str)>,
) -> (Vec<Mismatch>, Option<OAuth1Check>) {
    // Neither side signs (Postman signs nothing when the block leaves out its credentials):
    // the requests compare as they are.
    let signs = |r: &Recorded| mark_oauth1_signature(r, OAUTH1_VERIFIED) != *r;
    let Some((consumer_secret, token_secret)) = oauth1.filter(|_| signs(newman) || signs(ours)) else {
        return (compare_requests(op, item_headers, newman, ours, secret), None);
    };
    let check = OAuth1Check {
        newman: verify_oauth1(newman, consumer_secret, token_secret),
        ours: verify_oauth1(ours, consumer_secret, token_secret),
    };
    let marked = |r: &Recorded, result: &Result<(), String>| {
        mark_oauth1_signature(r, if result.is_ok() { OAUTH1_VERIFIED } else { OAUTH1_NOT_VERIFIED })
    };
    let (newman, ours) = (marked(newman, &check.newman), marked(ours, &check.ours));
    let mut mismatches = compare_requests(op, item_headers, &newman, &ours, secret);
    if check.ours.is_ok() && check.newman.is_err() {
        // Exactly the signature: the texts agree once newman's is taken as verified.
        mismatches.retain(|m| m.newman.replace(OAUTH1_NOT_VERIFIED, OAUTH1_VERIFIED) != m.ours);
    }
    if let Err(why) = &check.ours {
        mismatches.push(Mismatch {
            what: "OAuth 1.0 signature".to_string(),
            newman: match &check.newman {
                Ok(()) => "verifies".to_string(),
                Err(why) => format!("does not verify: {why}"),
            },
            ours: format!("does not verify: {why}"),
        });
    }
    (mismatches, Some(check))
}

/// The request with its `oauth_signature` (in the `Authorization` header, the query or a form
/// body) replaced by `marker`.
fn mark_oauth1_signature(recorded: &Recorded, marker: &str) -> Recorded {
    let mut marked = recorded.clone();
    for (_, value) in marked.headers.iter_mut().filter(|(name, _)| name == "authorization") {
        if let Some(start) = value.find("oauth_signature=\"").map(|at| at + "oauth_signature=\"".len()) {
            let end = value[start..].find('"').map_or(value.len(), |at| start + at);
            value.replace_range(start..end, marker);
        }
    }
    let replace_pair = |text: &str| -> String {
        text.split('&')
            .map(|pair| {
                if pair.starts_with("oauth_signature=") {
                    format!("oauth_signature={marker}")
                } else {
                    pair.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    if let Some((path, query)) = marked.target.split_once('?') {
        marked.target = format!("{path}?{}", replace_pair(query));
    }
    if media_type(&marked).as_deref() == Some("application/x-www-form-urlencoded") {
        marked.body = replace_pair(&String::from_utf8_lossy(&marked.body)).into_bytes();
    }
    marked
}

/// Recomputes an OAuth 1.0 signature from what was received (RFC 5849 §3.4): the method, the
/// base string URI (scheme, `Host`, the path as sent), and every parameter: the query's, the
/// `Authorization` header's `oauth_*` (not `realm`) and a form body's, each percent-encoded,
/// sorted by name then value; signed with the consumer secret and the token secret by the
/// `oauth_signature_method` sent (HMAC-SHA1, HMAC-SHA256, HMAC-SHA512 or PLAINTEXT), and
/// compared with the `oauth_signature` sent. `Err` says why it does not verify.
pub fn verify_oauth1(recorded: &Recorded, consumer_secret: &str, token_secret: &str) -> Result<(), String> {
    // The recorder is plain HTTP.
    verify_oauth1_at("http", recorded, consumer_secret, token_secret)
}

/// [`verify_oauth1`] for a request received over `scheme`.
fn verify_oauth1_at(
    scheme: &str,
    recorded: &Recorded,
    consumer_secret: &str,
    token_secret: &str,
) -> Result<(), String> {
    use base64::Engine as _;
    use hmac::Mac as _;
    let mut params: Vec<(String, String)> = recorded.query();
    if let Some(rest) = recorded.header("authorization").and_then(|h| h.strip_prefix("OAuth ")) {
        for part in rest.split(',').map(str::trim).filter(|part| !part.is_empty()) {
            let (name, value) = part.split_once('=').ok_or(format!("the Authorization part `{part}`"))?;
            let value = value.trim().strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value.trim());
            if name != "realm" {
                params.push((percent_decode(name), percent_decode(value)));
            }
        }
    }
    if media_type(recorded).as_deref() == Some("application/x-www-form-urlencoded") {
        params.extend(form_urlencoded::parse(&recorded.body).map(|(k, v)| (k.into_owned(), v.into_owned())));
    }
    let signature = params
        .iter()
        .position(|(name, _)| name == "oauth_signature")
        .map(|at| params.remove(at).1)
        .ok_or("no oauth_signature was sent")?;
    let method = params
        .iter()
        .find(|(name, _)| name == "oauth_signature_method")
        .map(|(_, value)| value.clone())
        .ok_or("no oauth_signature_method was sent")?;
    let encode = |text: &str| percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string();
    let mut encoded: Vec<(String, String)> = params.iter().map(|(k, v)| (encode(k), encode(v))).collect();
    encoded.sort();
    let normalized: Vec<String> = encoded.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let host = recorded.header("host").ok_or("no Host header")?.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    let uri = format!("{scheme}://{host}{}", recorded.path());
    let base = format!("{}&{}&{}", recorded.method.to_ascii_uppercase(), encode(&uri), encode(&normalized.join("&")));
    let key = format!("{}&{}", encode(consumer_secret), encode(token_secret));
    let engine = base64::engine::general_purpose::STANDARD;
    macro_rules! hmac {
        ($digest:ty) => {{
            let mut mac = hmac::Hmac::<$digest>::new_from_slice(key.as_bytes()).map_err(|e| e.to_string())?;
            mac.update(base.as_bytes());
            engine.encode(mac.finalize().into_bytes())
        }};
    }
    let expected = match method.as_str() {
        "HMAC-SHA1" => hmac!(sha1::Sha1),
        "HMAC-SHA256" => hmac!(sha2::Sha256),
        "HMAC-SHA512" => hmac!(sha2::Sha512),
        "PLAINTEXT" => key.clone(),
        other => return Err(format!("the signature method `{other}`")),
    };
    if signature == expected {
        Ok(())
    } else {
        Err(format!("the signature of what was sent is `{expected}`, not `{signature}` (base string `{base}`)"))
    }
}

/// Compares the requests as sent (with any OAuth 1.0 signature already marked).
fn compare_requests(
    op: &Operation,
    item_headers: &[String],
    newman: &Recorded,
    ours: &Recorded,
    secret: Option<&str>,
) -> Vec<Mismatch> {
    let aws_secret = secret.filter(|_| matches!(op.auth, Some(AuthKind::AwsV4(_))));
    let digest_password = secret.filter(|_| matches!(op.auth, Some(AuthKind::Digest(_))));
    let mut out = Vec::new();
    check(&mut out, "method", newman.method.clone(), ours.method.clone());
    check(&mut out, "path", show(&segments(newman)), show(&segments(ours)));
    // An AWS signature is verified on each side; what changes each second is then `<verified>`.
    let aws = |r: &Recorded| aws_secret.map(|secret| verify_aws(r, secret));
    let (newman_aws, ours_aws) = (aws(newman), aws(ours));
    let verified = |result: &Option<Result<(), String>>, name: &str, value: String| match result {
        Some(Ok(())) if AWS_CHANGING.contains(&name) => "<verified>".to_string(),
        Some(Err(why)) if AWS_CHANGING.contains(&name) => format!("<not verified: {why}>"),
        _ => value,
    };
    let query = |r: &Recorded, result: &Option<Result<(), String>>| -> Vec<(String, String)> {
        r.query()
            .into_iter()
            .map(|(k, v)| {
                let v = verified(result, &k, normalize(&v));
                (normalize(&k), v)
            })
            .collect()
    };
    let (mut newman_query, mut ours_query) = (query(newman, &newman_aws), query(ours, &ours_aws));
    realize_values(&mut newman_query, &mut ours_query);
    check(&mut out, "query", show(&newman_query), show(&ours_query));
    compare_headers(&mut out, op, item_headers, (newman, &newman_aws), (ours, &ours_aws), digest_password);
    compare_bodies(&mut out, newman, ours);
    out
}

/// Every header both sides sent, by name, values in the order sent.
fn compare_headers(
    out: &mut Vec<Mismatch>,
    op: &Operation,
    item_headers: &[String],
    (newman, newman_aws): (&Recorded, &Option<Result<(), String>>),
    (ours, ours_aws): (&Recorded, &Option<Result<(), String>>),
    digest_password: Option<&str>,
) {
    let signed = matches!(op.auth, Some(AuthKind::Signed { .. }));
    let compared = |name: &str| {
        !NOISE.contains(&name) && (!RUNNER_DEFAULTS.contains(&name) || item_headers.iter().any(|h| h == name))
    };
    let headers = |r: &Recorded, aws: &Option<Result<(), String>>| {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in r.headers.iter().filter(|(name, _)| compared(name)) {
            let value = if signed && SIGNATURES.contains(&name.as_str()) {
                "<signature>".to_string()
            } else if let Some(password) = digest_password.filter(|_| name == "authorization") {
                match verify_digest(r, value, password) {
                    Ok(verified) => verified,
                    Err(why) => format!("<not verified: {why}>"),
                }
            } else if let Some(result) = aws.as_ref().filter(|_| AWS_CHANGING.contains(&name.as_str())) {
                match result {
                    Ok(()) => "<verified>".to_string(),
                    Err(why) => format!("<not verified: {why}>"),
                }
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
    let (newman, ours) = (headers(newman, newman_aws), headers(ours, ours_aws));
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

/// An AWS Signature Version 4 request, verified with the secret key as AWS would: the
/// canonical request of what was received (the `aws4` library's form, which Postman signs
/// with), the signing key from the secret, and the signature sent. The values that change with
/// each second (`X-Amz-Date`, the signature) are then compared as `<verified>`; a signature that
/// does not verify says why.
pub fn verify_aws(recorded: &Recorded, secret: &str) -> Result<(), String> {
    let query = recorded.query();
    let from_query = |name: &str| query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    let (credential, signed, signature, datetime) = match recorded.header("authorization") {
        Some(header) => {
            let rest = header.strip_prefix("AWS4-HMAC-SHA256 ").ok_or("not an AWS4-HMAC-SHA256 Authorization")?;
            let field = |name: &str| {
                rest.split(", ")
                    .find_map(|part| part.strip_prefix(name))
                    .map(str::to_string)
                    .ok_or(format!("no {name}"))
            };
            let datetime = recorded.header("x-amz-date").ok_or("no X-Amz-Date")?.to_string();
            (field("Credential=")?, field("SignedHeaders=")?, field("Signature=")?, datetime)
        }
        None => (
            from_query("X-Amz-Credential").ok_or("no Authorization and no X-Amz-Credential")?,
            from_query("X-Amz-SignedHeaders").ok_or("no X-Amz-SignedHeaders")?,
            from_query("X-Amz-Signature").ok_or("no X-Amz-Signature")?,
            from_query("X-Amz-Date").ok_or("no X-Amz-Date")?,
        ),
    };
    let scope = credential.split_once('/').map(|(_, scope)| scope.to_string()).ok_or("a Credential without a scope")?;
    let parts: Vec<&str> = scope.split('/').collect();
    let [date, region, service, "aws4_request"] = parts[..] else { return Err(format!("the scope `{scope}`")) };
    // The canonical request.
    let encode = |text: &str| percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string();
    let mut segments: Vec<String> = Vec::new();
    let mut path = recorded.path().to_string();
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    for piece in path.split('/') {
        match piece {
            ".." => {
                segments.pop();
            }
            "." => {}
            piece => segments.push(encode(piece)),
        }
    }
    let canonical_path = if path == "/" { "/".to_string() } else { segments.join("/") };
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .filter(|(key, _)| !key.is_empty() && key != "X-Amz-Signature")
        .map(|(key, value)| (encode(key), encode(value)))
        .collect();
    pairs.sort();
    let canonical_query: Vec<String> = pairs.iter().map(|(key, value)| format!("{key}={value}")).collect();
    let mut canonical_headers = String::new();
    for name in signed.split(';') {
        let values: Vec<&str> =
            recorded.headers.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str()).collect();
        if values.is_empty() {
            return Err(format!("the signed header `{name}` was not sent"));
        }
        let value = values.join(",");
        canonical_headers.push_str(&format!("{name}:{}\n", value.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    let payload = match recorded.header("x-amz-content-sha256") {
        Some(hash) if hash != sha256_hex(&recorded.body) => return Err("X-Amz-Content-Sha256 is not the body's".into()),
        Some(hash) => hash.to_string(),
        None => sha256_hex(b""),
    };
    let canonical = format!(
        "{}\n{canonical_path}\n{}\n{canonical_headers}\n{signed}\n{payload}",
        recorded.method,
        canonical_query.join("&")
    );
    let to_sign = format!("AWS4-HMAC-SHA256\n{datetime}\n{scope}\n{}", sha256_hex(canonical.as_bytes()));
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in [date, region, service, "aws4_request", to_sign.as_str()] {
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&key).map_err(|e| e.to_string())?;
        hmac::Mac::update(&mut mac, part.as_bytes());
        key = hmac::Mac::finalize(mac).into_bytes().to_vec();
    }
    let expected: String = key.iter().map(|byte| format!("{byte:02x}")).collect();
    if expected == signature { Ok(()) } else { Err(format!("the signature is not {expected}")) }
}

/// The challenge the recorder answers an unsigned request of a Digest item with.
pub const DIGEST_CHALLENGE: &str =
    "Digest realm=\"conformance\", qop=\"auth\", nonce=\"conformanceNonce\", opaque=\"conformanceOpaque\"";

/// A Digest `Authorization` verified with the password, as a server checks it: its `uri` is
/// the request's target and its `response` the hash of what RFC 7616 says. The header with the
/// client's random nonce and the response as `<verified>`, so the rest compares exactly.
pub fn verify_digest(recorded: &Recorded, header: &str, password: &str) -> Result<String, String> {
    let rest = header.strip_prefix("Digest ").ok_or("not a Digest Authorization")?;
    let mut fields: Vec<(String, String)> = Vec::new();
    for part in rest.split(", ") {
        let (name, value) = part.split_once('=').ok_or(format!("the field `{part}`"))?;
        fields.push((name.to_string(), value.trim_matches('"').to_string()));
    }
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
    if field("uri") != recorded.target {
        return Err(format!("uri `{}` is not the target `{}`", field("uri"), recorded.target));
    }
    let algorithm = field("algorithm");
    let hash = |text: &str| -> String {
        let bytes = match algorithm.trim_end_matches("-sess") {
            "SHA-256" => <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()).to_vec(),
            "SHA-512-256" => <sha2::Sha512_256 as sha2::Digest>::digest(text.as_bytes()).to_vec(),
            _ => <md5::Md5 as sha2::Digest>::digest(text.as_bytes()).to_vec(),
        };
        bytes.iter().map(|byte| format!("{byte:02x}")).collect()
    };
    let (username, realm, nonce, cnonce) = (field("username"), field("realm"), field("nonce"), field("cnonce"));
    let a1 = if algorithm.ends_with("-sess") {
        format!("{}:{nonce}:{cnonce}", hash(&format!("{username}:{realm}:{password}")))
    } else {
        format!("{username}:{realm}:{password}")
    };
    let (ha1, ha2) = (hash(&a1), hash(&format!("{}:{}", recorded.method, field("uri"))));
    let expected = if field("qop") == "auth" {
        hash(&format!("{ha1}:{nonce}:{}:{cnonce}:auth:{ha2}", field("nc")))
    } else {
        hash(&format!("{ha1}:{nonce}:{ha2}"))
    };
    if expected != field("response") {
        return Err(format!("the response is not {expected}"));
    }
    let shown: Vec<String> = fields
        .iter()
        .map(|(name, value)| match name.as_str() {
            "cnonce" | "response" => format!("{name}=<verified>"),
            _ => format!("{name}={value}"),
        })
        .collect();
    Ok(format!("Digest {}", shown.join(", ")))
}

/// Every byte but the unreserved ones (RFC 3986).
const UNRESERVED: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn sha256_hex(bytes: &[u8]) -> String {
    <sha2::Sha256 as sha2::Digest>::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7616's worked example verifies, with the client's nonce and response shown as
    /// verified; another password, method or target does not.
    #[test]
    fn digest_responses_are_verified_with_the_password() {
        let header = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", \
                      nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", algorithm=\"MD5\", \
                      qop=auth, nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", \
                      response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        let recorded = Recorded {
            method: "GET".to_string(),
            target: "/dir/index.html".to_string(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        let verified = verify_digest(&recorded, header, "Circle of Life").unwrap();
        assert!(verified.contains("cnonce=<verified>, response=<verified>"), "{verified}");
        assert!(verified.starts_with("Digest username=Mufasa, realm=http-auth@example.org"), "{verified}");
        assert!(verify_digest(&recorded, header, "another").is_err());
        assert!(
            verify_digest(&Recorded { method: "POST".to_string(), ..recorded.clone() }, header, "Circle of Life")
                .is_err()
        );
        assert!(verify_digest(&Recorded { target: "/".to_string(), ..recorded }, header, "Circle of Life").is_err());
    }

    /// AWS's worked example (IAM `ListUsers`) verifies; the same request with a changed query,
    /// header or signature does not.
    #[test]
    fn aws_signatures_are_verified_with_the_secret() {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        let signed = Recorded {
            method: "GET".to_string(),
            target: "/?Action=ListUsers&Version=2010-05-08".to_string(),
            headers: vec![
                ("host".to_string(), "iam.amazonaws.com".to_string()),
                ("content-type".to_string(), "application/x-www-form-urlencoded; charset=utf-8".to_string()),
                ("x-amz-date".to_string(), "20150830T123600Z".to_string()),
                (
                    "authorization".to_string(),
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
                     SignedHeaders=content-type;host;x-amz-date, \
                     Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
                        .to_string(),
                ),
            ],
            body: Vec::new(),
        };
        assert_eq!(verify_aws(&signed, secret), Ok(()));
        let other_query = Recorded { target: "/?Action=ListUsers&Version=2010-05-09".to_string(), ..signed.clone() };
        assert!(verify_aws(&other_query, secret).is_err());
        let mut other_header = signed.clone();
        other_header.headers[1].1 = "application/json".to_string();
        assert!(verify_aws(&other_header, secret).is_err());
        assert!(verify_aws(&signed, "another secret").is_err());
        let body_without_hash = Recorded { body: b"x".to_vec(), ..signed.clone() };
        assert_eq!(verify_aws(&body_without_hash, secret), Ok(()), "the aws4 library signs no body it is not given");
    }

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
        let mismatches = compare_requests(&op(), &[], &request("/a%2Fb", &[]), &request("/a/b", &[]), None);
        assert_eq!(mismatches.len(), 1);
        assert_eq!(mismatches[0].what, "path");
        assert!(compare_requests(&op(), &[], &request("/a%41", &[]), &request("/aA", &[]), None).is_empty());
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
        let mismatches = compare_requests(&op(), &[], &newman, &ours, None);
        assert_eq!(mismatches.iter().map(|m| m.what.as_str()).collect::<Vec<_>>(), ["header authorization"]);
        // A user-agent the item sets itself is compared.
        let mismatches = compare_requests(&op(), &["user-agent".to_string()], &newman, &ours, None);
        assert_eq!(mismatches.len(), 2);
    }

    /// A request as a server receives it.
    fn received(method: &str, host: &str, target: &str, authorization: &str, form: &str) -> Recorded {
        let mut headers =
            vec![("host".to_string(), host.to_string()), ("authorization".to_string(), authorization.to_string())];
        if !form.is_empty() {
            headers.push(("content-type".to_string(), "application/x-www-form-urlencoded".to_string()));
        }
        Recorded { method: method.to_string(), target: target.to_string(), headers, body: form.as_bytes().to_vec() }
    }

    /// RFC 5849 §1.2: the photo request, signed HMAC-SHA1 with the client's and the token's
    /// shared secrets.
    fn photos(method: &str, signature: &str) -> Recorded {
        let authorization = format!(
            "OAuth realm=\"Photos\", oauth_consumer_key=\"dpf43f3p2l4k3l03\", oauth_token=\"nnch734d00sl2jdk\", \
             oauth_signature_method=\"{method}\", oauth_timestamp=\"137131202\", oauth_nonce=\"chapoH\", \
             oauth_signature=\"{signature}\""
        );
        received("GET", "photos.example.net", "/photos?file=vacation.jpg&size=original", &authorization, "")
    }

    const PHOTOS_SECRETS: (&str, &str) = ("kd94hf93k423kf44", "pfkkdhi9sl3r4s00");

    #[test]
    fn rfc_5849s_example_verifies_and_tampered_copies_do_not() {
        let (consumer, token) = PHOTOS_SECRETS;
        let request = photos("HMAC-SHA1", "MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D");
        assert_eq!(verify_oauth1(&request, consumer, token), Ok(()));
        // Another value, method, path, host, secret or signature does not verify.
        let tampered = [
            Recorded { target: "/photos?file=vacation.jpg&size=large".to_string(), ..request.clone() },
            Recorded { method: "POST".to_string(), ..request.clone() },
            Recorded { target: "/photo?file=vacation.jpg&size=original".to_string(), ..request.clone() },
            Recorded {
                headers: vec![("host".to_string(), "photos.example.net:8080".to_string()), request.headers[1].clone()],
                ..request.clone()
            },
            photos("HMAC-SHA1", "MdpQcU8iPSUjWoN%2FUDMsK2sui9J%3D"),
        ];
        for copy in &tampered {
            assert!(verify_oauth1(copy, consumer, token).is_err(), "{copy:?}");
        }
        assert!(verify_oauth1(&request, consumer, "another").is_err());
        // The default port is no part of the base string URI.
        let port = Recorded {
            headers: vec![("host".to_string(), "Photos.Example.net:80".to_string()), request.headers[1].clone()],
            ..request.clone()
        };
        assert_eq!(verify_oauth1(&port, consumer, token), Ok(()));
    }

    /// HMAC-SHA256 and HMAC-SHA512 of the same request (computed with Python's `hmac`), and
    /// PLAINTEXT, whose signature is the key.
    #[test]
    fn every_signature_method_verifies() {
        let (consumer, token) = PHOTOS_SECRETS;
        let sha256 = photos("HMAC-SHA256", "HtMwoX2zenlFjgGg%2FSNEoKEQmL7CzxYFEKzs7er044Y%3D");
        assert_eq!(verify_oauth1(&sha256, consumer, token), Ok(()));
        let sha512 =
            "GnPni%2FI%2F%2FSEqvsTDz9Hl%2FoqxAlzMUgeQVrspr%2BN1EWltelChqWWuhrgewHZy90k8K2weeJkkURa%2FW10NRXY7uQ%3D%3D";
        assert_eq!(verify_oauth1(&photos("HMAC-SHA512", sha512), consumer, token), Ok(()));
        assert_eq!(verify_oauth1(&photos("PLAINTEXT", "kd94hf93k423kf44%26pfkkdhi9sl3r4s00"), consumer, token), Ok(()));
        // One method's signature under another's name does not verify.
        assert!(verify_oauth1(&photos("HMAC-SHA1", sha512), consumer, token).is_err());
        assert!(verify_oauth1(&photos("PLAINTEXT", "kd94hf93k423kf44%26"), consumer, token).is_err());
        assert!(verify_oauth1(&photos("RSA-SHA1", "x"), consumer, token).is_err());
    }

    /// Twitter's published example: a form body and a query parameter signed with the header's
    /// parameters.
    #[test]
    fn twitters_example_verifies_with_its_form_body() {
        let authorization = "OAuth oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", \
            oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", oauth_signature=\"tnnArxj06cWHq44gCs1OSKk%2FjLY%3D\", \
            oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", \
            oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\"";
        let form = "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21";
        let request =
            received("POST", "api.twitter.com", "/1/statuses/update.json?include_entities=true", authorization, form);
        let secrets = ("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE");
        assert_eq!(verify_oauth1_at("https", &request, secrets.0, secrets.1), Ok(()));
        let tampered = Recorded { body: form.replace("Ladies", "ladies").into_bytes(), ..request.clone() };
        assert!(verify_oauth1_at("https", &tampered, secrets.0, secrets.1).is_err());
        let unsigned_query = Recorded { target: "/1/statuses/update.json".to_string(), ..request.clone() };
        assert!(verify_oauth1_at("https", &unsigned_query, secrets.0, secrets.1).is_err());
        assert!(verify_oauth1_at("http", &request, secrets.0, secrets.1).is_err(), "the scheme is signed");
    }

    /// Where ours verifies and newman's does not, and only the signature differs, there is no
    /// mismatch; any other difference still is one.
    #[test]
    fn a_signature_only_ours_verifies_is_no_mismatch_and_nothing_wider() {
        let (consumer, token) = PHOTOS_SECRETS;
        let op = op();
        let ours = photos("HMAC-SHA1", "MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D");
        let newman = photos("HMAC-SHA1", "c2lnbmVkIGFub3RoZXIgVVJM");
        let (mismatches, check) = compare(&op, &[], &newman, &ours, None, Some((consumer, token)));
        assert!(mismatches.is_empty(), "{mismatches:?}");
        assert!(check.as_ref().is_some_and(|c| c.ours.is_ok() && c.newman.is_err()), "{check:?}");
        // Another difference beside it is still a mismatch.
        let other = Recorded { target: "/photos?file=vacation.jpg&size=original&x=1".to_string(), ..newman.clone() };
        assert!(!compare(&op, &[], &other, &ours, None, Some((consumer, token))).0.is_empty());
        // Ours not verifying is a mismatch, whatever newman sent.
        let (mismatches, _) = compare(&op, &[], &ours, &newman, None, Some((consumer, token)));
        assert!(mismatches.iter().any(|m| m.what == "OAuth 1.0 signature"), "{mismatches:?}");
    }
}
