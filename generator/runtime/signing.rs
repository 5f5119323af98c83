// @about Signing schemes the client applies itself, as Postman signs them: OAuth 1.0 and AWS
// @about Signature Version 4. In the crates whose collections use them.

// @part hmac
/// Every byte but the unreserved ones (RFC 3986), as OAuth 1.0 and AWS encode.
const UNRESERVED: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn encode_unreserved(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string()
}

/// The HMAC of `message` with `key`.
fn hmac_sign<M: hmac::Mac + hmac::digest::KeyInit>(key: &[u8], message: &str) -> Result<Vec<u8>, String> {
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key).map_err(|error| error.to_string())?;
    mac.update(message.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}
// @end

// @part oauth1
/// An OAuth 1.0 auth block of the collection: everything but the credentials.
#[derive(Debug)]
pub(crate) struct OAuth1 {
    /// `HMAC-SHA1`, `HMAC-SHA256`, `HMAC-SHA512` or `PLAINTEXT`.
    pub(crate) signature_method: &'static str,
    /// `oauth_version`, usually `1.0`; empty to leave it out.
    pub(crate) version: &'static str,
    pub(crate) realm: &'static str,
    pub(crate) callback: &'static str,
    pub(crate) verifier: &'static str,
    /// A fixed timestamp and nonce; empty for the current time and a random nonce.
    pub(crate) timestamp: &'static str,
    pub(crate) nonce: &'static str,
    /// The parameters go in the `Authorization` header; otherwise in a form body (`POST` or
    /// `PUT` with one), else in the query.
    pub(crate) to_header: bool,
    /// Empty parameters are signed too.
    pub(crate) sign_empty: bool,
    /// `oauth_body_hash`: the hash of the body, for a body that is not a form.
    pub(crate) body_hash: bool,
    /// The header's values are written as they are, not percent-encoded.
    pub(crate) raw_header: bool,
}

/// The program's OAuth 1.0 credentials.
#[derive(Clone)]
pub(crate) struct OAuth1Keys {
    pub(crate) consumer_key: String,
    pub(crate) consumer_secret: String,
    pub(crate) token: String,
    pub(crate) token_secret: String,
}

/// The characters of a nonce, as Postman draws them.
const NONCE_CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXTZabcdefghiklmnopqrstuvwxyz";

/// Signs `request` as Postman does (RFC 5849, with Postman's choices): nothing without a
/// consumer key and secret.
pub(crate) fn sign_oauth1(request: &mut reqwest::Request, settings: &OAuth1, keys: &OAuth1Keys) -> Result<(), Error> {
    let failed = |reason: String| Error::Signing { kind: "oauth1".to_string(), reason };
    if keys.consumer_key.is_empty() || keys.consumer_secret.is_empty() {
        return Ok(());
    }
    let content_type =
        request.headers().get(reqwest::header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let form = content_type.starts_with("application/x-www-form-urlencoded");
    // Postman hashes no multipart body.
    let multipart = content_type.starts_with("multipart/");
    let body = request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default().to_vec();
    let hash = settings.signature_method.split_once('-').map(|(_, hash)| hash.to_ascii_uppercase());
    let body_hash = match hash.as_deref() {
        Some(hash) if settings.body_hash && !form && !multipart => Some(match hash {
            "SHA1" => base64_encode(&<sha1::Sha1 as sha2::Digest>::digest(&body)),
            "SHA256" => base64_encode(&<sha2::Sha256 as sha2::Digest>::digest(&body)),
            "SHA512" => base64_encode(&<sha2::Sha512 as sha2::Digest>::digest(&body)),
            other => return Err(failed(format!("no body hash `{other}`"))),
        }),
        _ => None,
    };
    let timestamp = match settings.timestamp {
        "" => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|since| since.as_secs().to_string())
            .unwrap_or_default(),
        fixed => fixed.to_string(),
    };
    let nonce = match settings.nonce {
        "" => {
            let mut bytes = [0u8; 11];
            getrandom::fill(&mut bytes).map_err(|error| failed(error.to_string()))?;
            bytes.iter().map(|byte| char::from(NONCE_CHARS[usize::from(*byte) % NONCE_CHARS.len()])).collect()
        }
        fixed => fixed.to_string(),
    };
    let mut oauth: Vec<(&str, String)> = vec![
        ("oauth_consumer_key", keys.consumer_key.clone()),
        ("oauth_token", keys.token.clone()),
        ("oauth_signature_method", settings.signature_method.to_string()),
        ("oauth_timestamp", timestamp),
        ("oauth_nonce", nonce),
        ("oauth_version", settings.version.to_string()),
    ];
    // The extensions are signed only when they have a value, whatever `sign_empty` says.
    for (name, value) in [
        ("oauth_body_hash", body_hash.unwrap_or_default()),
        ("oauth_callback", settings.callback.to_string()),
        ("oauth_verifier", settings.verifier.to_string()),
    ] {
        if !value.is_empty() {
            oauth.push((name, value));
        }
    }
    oauth.retain(|(_, value)| settings.sign_empty || !value.trim().is_empty());

    // What is signed: the method, the URL without its query, and every parameter (the
    // query's, the form body's and the OAuth ones), each encoded, then sorted.
    let url = request.url().clone();
    let mut parameters: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    if form {
        parameters.extend(form_urlencoded::parse(&body).into_owned());
    }
    parameters.extend(oauth.iter().map(|(name, value)| ((*name).to_string(), value.clone())));
    let mut encoded: Vec<(String, String)> =
        parameters.iter().map(|(name, value)| (encode_unreserved(name), encode_unreserved(value))).collect();
    encoded.sort_by(|a, b| format!("{} {}", a.0, a.1).cmp(&format!("{} {}", b.0, b.1)));
    let normalized: Vec<String> = encoded.iter().map(|(name, value)| format!("{name}={value}")).collect();
    let mut base_url = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default().to_ascii_lowercase());
    if let Some(port) = url.port() {
        base_url.push_str(&format!(":{port}"));
    }
    base_url.push_str(url.path());
    let base = format!(
        "{}&{}&{}",
        encode_unreserved(request.method().as_str()),
        encode_unreserved(&base_url),
        encode_unreserved(&normalized.join("&"))
    );
    let key = format!("{}&{}", encode_unreserved(&keys.consumer_secret), encode_unreserved(&keys.token_secret));
    let signature = match settings.signature_method {
        "PLAINTEXT" => key,
        "HMAC-SHA1" => base64_encode(&hmac_sign::<hmac::Hmac<sha1::Sha1>>(key.as_bytes(), &base).map_err(failed)?),
        "HMAC-SHA256" => base64_encode(&hmac_sign::<hmac::Hmac<sha2::Sha256>>(key.as_bytes(), &base).map_err(failed)?),
        "HMAC-SHA512" => base64_encode(&hmac_sign::<hmac::Hmac<sha2::Sha512>>(key.as_bytes(), &base).map_err(failed)?),
        other => return Err(failed(format!("the signature method `{other}` is not supported"))),
    };
    oauth.push(("oauth_signature", signature));

    let post_or_put = matches!(*request.method(), reqwest::Method::POST | reqwest::Method::PUT);
    if settings.to_header {
        let encode = |text: &str| if settings.raw_header { text.to_string() } else { encode_unreserved(text) };
        let mut fields = Vec::new();
        if !settings.realm.trim().is_empty() {
            fields.push(format!("realm=\"{}\"", encode(settings.realm)));
        }
        for (name, value) in oauth.iter().filter(|(_, value)| !value.is_empty()) {
            fields.push(format!("{}=\"{}\"", encode(name), encode(value.trim())));
        }
        let header = secret_header(&format!("OAuth {}", fields.join(",")))?;
        request.headers_mut().insert(reqwest::header::AUTHORIZATION, header);
    } else if post_or_put && form {
        let mut body = String::from_utf8_lossy(&body).into_owned();
        for (name, value) in &oauth {
            if !body.is_empty() {
                body.push('&');
            }
            body.push_str(&format!("{}={}", encode_unreserved(name), encode_unreserved(value)));
        }
        *request.body_mut() = Some(body.into());
    } else {
        let mut query: Vec<String> =
            url.query().filter(|query| !query.is_empty()).map(str::to_string).into_iter().collect();
        query.extend(
            oauth.iter().map(|(name, value)| format!("{}={}", encode_unreserved(name), encode_unreserved(value))),
        );
        request.url_mut().set_query(Some(&query.join("&")));
    }
    Ok(())
}

fn base64_encode(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
}
// @end

// @part awsv4
/// An AWS Signature Version 4 auth block of the collection: everything but the keys.
#[derive(Debug)]
pub(crate) struct AwsV4 {
    /// The service (`execute-api` unless the collection names one) and region (`us-east-1`).
    pub(crate) service: &'static str,
    pub(crate) region: &'static str,
    /// The signature goes in the query (a presigned URL) instead of the headers.
    pub(crate) to_query: bool,
}

/// The program's AWS keys.
#[derive(Clone)]
pub(crate) struct AwsV4Keys {
    pub(crate) access_key: String,
    pub(crate) secret_key: String,
    /// Empty without a session token.
    pub(crate) session_token: String,
}

/// Headers never signed (as the `aws4` library Postman signs with leaves them out).
const AWS_UNSIGNED: &[&str] =
    &["authorization", "connection", "x-amzn-trace-id", "user-agent", "expect", "presigned-expires", "range"];

fn sha256_hex(bytes: &[u8]) -> String {
    <sha2::Sha256 as sha2::Digest>::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Signs `request` with AWS Signature Version 4 as Postman does (the `aws4` library's
/// canonical form): the body's hash in `X-Amz-Content-Sha256` when there is a body, then
/// `X-Amz-Date`, `X-Amz-Security-Token` and `Authorization`, or the same in the query.
pub(crate) fn sign_awsv4(request: &mut reqwest::Request, settings: &AwsV4, keys: &AwsV4Keys) -> Result<(), Error> {
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let datetime: String = now.chars().filter(|c| *c != '-' && *c != ':').collect();
    sign_awsv4_at(request, settings, keys, &datetime)
}

/// [`sign_awsv4`] at `datetime` (`20150830T123600Z`).
pub(crate) fn sign_awsv4_at(
    request: &mut reqwest::Request,
    settings: &AwsV4,
    keys: &AwsV4Keys,
    datetime: &str,
) -> Result<(), Error> {
    let failed = |reason: String| Error::Signing { kind: "awsv4".to_string(), reason };
    let date = &datetime[..8];
    let scope = format!("{date}/{}/{}/aws4_request", settings.region, settings.service);
    let content_type =
        request.headers().get(reqwest::header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let body = request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default().to_vec();
    let header = |name: &'static str,
                  value: &str|
     -> Result<(reqwest::header::HeaderName, reqwest::header::HeaderValue), Error> {
        Ok((reqwest::header::HeaderName::from_static(name), secret_header(value)?))
    };
    // The headers the signature covers: the request's, and `Host`.
    let signed = if settings.to_query {
        let mut query: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
        if !keys.session_token.is_empty() {
            query.push(("X-Amz-Security-Token".to_string(), keys.session_token.clone()));
        }
        if settings.service == "s3" {
            query.push(("X-Amz-Expires".to_string(), "86400".to_string()));
        }
        query.push(("X-Amz-Date".to_string(), datetime.to_string()));
        query.push(("X-Amz-Algorithm".to_string(), "AWS4-HMAC-SHA256".to_string()));
        query.push(("X-Amz-Credential".to_string(), format!("{}/{scope}", keys.access_key)));
        let names = signed_headers(request);
        query.push((
            "X-Amz-SignedHeaders".to_string(),
            names.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(";"),
        ));
        let pairs: Vec<String> = query
            .iter()
            .map(|(name, value)| format!("{}={}", encode_unreserved(name), encode_unreserved(value)))
            .collect();
        request.url_mut().set_query(Some(&pairs.join("&")));
        names
    } else {
        let mut added = Vec::new();
        if !body.is_empty() && !content_type.starts_with("multipart/") {
            added.push(header("x-amz-content-sha256", &sha256_hex(&body))?);
        }
        added.push(header("x-amz-date", datetime)?);
        if !keys.session_token.is_empty() {
            added.push(header("x-amz-security-token", &keys.session_token)?);
        }
        for (name, value) in added {
            request.headers_mut().insert(name, value);
        }
        signed_headers(request)
    };
    let payload = match request.headers().get("x-amz-content-sha256").and_then(|value| value.to_str().ok()) {
        Some(hash) => hash.to_string(),
        None if settings.service == "s3" && settings.to_query => "UNSIGNED-PAYLOAD".to_string(),
        None => sha256_hex(b""),
    };
    let canonical = canonical_request(request, settings.service, &signed, &payload);
    let to_sign = format!("AWS4-HMAC-SHA256\n{datetime}\n{scope}\n{}", sha256_hex(canonical.as_bytes()));
    let mut key = format!("AWS4{}", keys.secret_key).into_bytes();
    for part in [date, settings.region, settings.service, "aws4_request", to_sign.as_str()] {
        key = hmac_sign::<hmac::Hmac<sha2::Sha256>>(&key, part).map_err(failed)?;
    }
    let signature: String = key.iter().map(|byte| format!("{byte:02x}")).collect();
    let names: Vec<&str> = signed.iter().map(|(name, _)| name.as_str()).collect();
    if settings.to_query {
        let query = format!("{}&X-Amz-Signature={signature}", request.url().query().unwrap_or_default());
        request.url_mut().set_query(Some(&query));
    } else {
        let value = format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={}, Signature={signature}",
            keys.access_key,
            names.join(";")
        );
        request.headers_mut().insert(reqwest::header::AUTHORIZATION, secret_header(&value)?);
    }
    Ok(())
}

/// The headers an AWS signature covers, lower-cased and sorted, values trimmed: the
/// request's (but those never signed) and `Host`.
fn signed_headers(request: &reqwest::Request) -> Vec<(String, String)> {
    let url = request.url();
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let mut headers: Vec<(String, String)> = vec![("host".to_string(), host)];
    for name in request.headers().keys() {
        let lower = name.as_str().to_ascii_lowercase();
        if AWS_UNSIGNED.contains(&lower.as_str()) || lower == "host" {
            continue;
        }
        let values: Vec<&str> = request.headers().get_all(name).iter().filter_map(|v| v.to_str().ok()).collect();
        headers.push((lower, values.join(",")));
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    headers
}

/// The canonical request the `aws4` library signs.
fn canonical_request(request: &reqwest::Request, service: &str, headers: &[(String, String)], payload: &str) -> String {
    let url = request.url();
    let s3 = service == "s3";
    let mut segments: Vec<String> = Vec::new();
    let path = if s3 { url.path().to_string() } else { collapse_slashes(url.path()) };
    for piece in path.split('/') {
        if !s3 && piece == ".." {
            segments.pop();
        } else if s3 || piece != "." {
            let piece = if s3 {
                percent_encoding::percent_decode_str(&piece.replace('+', " ")).decode_utf8_lossy().into_owned()
            } else {
                piece.to_string()
            };
            segments.push(encode_unreserved(&piece));
        }
    }
    let mut canonical_path = if path == "/" { "/".to_string() } else { segments.join("/") };
    if !canonical_path.starts_with('/') {
        canonical_path.insert(0, '/');
    }
    if s3 {
        canonical_path = canonical_path.replace("%2F", "/");
    }
    let mut query: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !name.is_empty() && name != "X-Amz-Signature")
        .map(|(name, value)| (encode_unreserved(&name), encode_unreserved(&value)))
        .collect();
    query.sort();
    let query: Vec<String> = query.iter().map(|(name, value)| format!("{name}={value}")).collect();
    let canonical_headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{}\n", value.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    let names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
    format!(
        "{}\n{canonical_path}\n{}\n{canonical_headers}\n{}\n{payload}",
        request.method().as_str(),
        query.join("&"),
        names.join(";")
    )
}

/// `a//b` as `a/b`.
fn collapse_slashes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}
// @end

// @part digest
/// A Digest auth block of the collection: everything but the user name and password.
#[derive(Debug)]
pub(crate) struct Digest {
    /// `MD5`, `MD5-sess`, `SHA-256`, `SHA-256-sess`, `SHA-512-256` or `SHA-512-256-sess`.
    pub(crate) algorithm: &'static str,
    /// The server's challenge, when the collection has it already (then the first request is
    /// signed); otherwise the first request goes unsigned and answers the `401` that comes back.
    pub(crate) realm: &'static str,
    pub(crate) nonce: &'static str,
    pub(crate) qop: &'static str,
    pub(crate) opaque: &'static str,
    /// A fixed client nonce and count; empty for a random one and `00000001`.
    pub(crate) client_nonce: &'static str,
    pub(crate) nonce_count: &'static str,
}

/// What a server's `WWW-Authenticate: Digest …` asks for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Challenge {
    pub(crate) realm: String,
    pub(crate) nonce: String,
    pub(crate) qop: String,
    pub(crate) opaque: String,
}

impl Digest {
    /// The collection's own challenge, when it has a realm and a nonce.
    pub(crate) fn known(&self) -> Option<Challenge> {
        (!self.realm.is_empty() && !self.nonce.is_empty()).then(|| Challenge {
            realm: self.realm.to_string(),
            nonce: self.nonce.to_string(),
            qop: self.qop.to_string(),
            opaque: self.opaque.to_string(),
        })
    }
}

/// The `Digest` challenge of a `401` (or `403`), read as Postman reads it.
pub(crate) fn digest_challenge(headers: &reqwest::header::HeaderMap) -> Option<Challenge> {
    let header = headers
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.to_ascii_lowercase().starts_with("digest "))?;
    let field = |name: &str| {
        let lower = header.to_ascii_lowercase();
        let start = lower.find(&format!("{name}=\""))? + name.len() + 2;
        header[start..].split('"').next().map(str::to_string)
    };
    Some(Challenge {
        realm: field("realm").unwrap_or_default(),
        nonce: field("nonce").unwrap_or_default(),
        qop: field("qop").unwrap_or_default(),
        opaque: field("opaque").unwrap_or_default(),
    })
}

/// `Authorization: Digest …` for `request`, answering `challenge` (RFC 7616, as Postman
/// computes it): nothing without a user name or realm.
pub(crate) fn sign_digest(
    request: &mut reqwest::Request,
    settings: &Digest,
    username: &str,
    password: &str,
    challenge: &Challenge,
) -> Result<(), Error> {
    let failed = |reason: String| Error::Signing { kind: "digest".to_string(), reason };
    if username.is_empty() || challenge.realm.is_empty() {
        return Ok(());
    }
    let algorithm = if settings.algorithm.is_empty() { "MD5" } else { settings.algorithm };
    let hash = |text: &str| -> Result<String, Error> {
        let bytes = match algorithm.trim_end_matches("-sess") {
            "MD5" => <md5::Md5 as sha2::Digest>::digest(text.as_bytes()).to_vec(),
            "SHA-256" => <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()).to_vec(),
            "SHA-512-256" => <sha2::Sha512_256 as sha2::Digest>::digest(text.as_bytes()).to_vec(),
            other => return Err(failed(format!("the algorithm `{other}` is not supported"))),
        };
        Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
    };
    let auth = challenge.qop == "auth";
    let client_nonce = match settings.client_nonce {
        "" => {
            const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes).map_err(|error| failed(error.to_string()))?;
            bytes.iter().map(|byte| char::from(CHARS[usize::from(*byte) % CHARS.len()])).collect()
        }
        fixed => fixed.to_string(),
    };
    let nonce_count = if settings.nonce_count.is_empty() { "00000001" } else { settings.nonce_count };
    let url = request.url();
    let uri = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    };
    let method = request.method().as_str().to_string();
    let (realm, nonce) = (&challenge.realm, &challenge.nonce);
    let a1 = if algorithm.ends_with("-sess") {
        format!("{}:{nonce}:{client_nonce}", hash(&format!("{username}:{realm}:{password}"))?)
    } else {
        format!("{username}:{realm}:{password}")
    };
    let (ha1, ha2) = (hash(&a1)?, hash(&format!("{method}:{uri}"))?);
    let response = if auth {
        hash(&format!("{ha1}:{nonce}:{nonce_count}:{client_nonce}:auth:{ha2}"))?
    } else {
        hash(&format!("{ha1}:{nonce}:{ha2}"))?
    };
    let mut fields = vec![
        format!("username=\"{username}\""),
        format!("realm=\"{realm}\""),
        format!("nonce=\"{nonce}\""),
        format!("uri=\"{uri}\""),
        format!("algorithm=\"{algorithm}\""),
    ];
    if auth {
        fields.push("qop=auth".to_string());
    }
    if auth || algorithm == "MD5-sess" {
        fields.push(format!("nc={nonce_count}"));
        fields.push(format!("cnonce=\"{client_nonce}\""));
    }
    fields.push(format!("response=\"{response}\""));
    if !challenge.opaque.is_empty() {
        fields.push(format!("opaque=\"{}\"", challenge.opaque));
    }
    let header = secret_header(&format!("Digest {}", fields.join(", ")))?;
    request.headers_mut().insert(reqwest::header::AUTHORIZATION, header);
    Ok(())
}
// @end

// @part oauth2_token
/// An OAuth 2.0 grant of the collection: how the client gets an access token itself.
#[derive(Debug)]
pub(crate) struct TokenGrant {
    /// `client_credentials`, `password` or `refresh_token`.
    pub(crate) grant: &'static str,
    pub(crate) token_url: &'static str,
    /// When the token URL is on the collection's base URL: its path there, sent to the
    /// client's base URL instead (a client of a sandbox gets the sandbox's tokens).
    pub(crate) on_base_url: Option<&'static str>,
    pub(crate) scope: &'static str,
    /// The client's id and secret go in the form body instead of a basic `Authorization`.
    pub(crate) client_in_body: bool,
}

/// An access token the client fetches and renews itself: before the first request that needs
/// it, shortly before it expires, and once after a `401`. Calls that need it while it is being
/// fetched wait for that one fetch.
pub(crate) struct TokenSource {
    grant: &'static TokenGrant,
    client_id: String,
    client_secret: String,
    username: String,
    password: String,
    /// The refresh token, replaced when the token endpoint sends a new one.
    refresh_token: std::sync::Mutex<String>,
    /// The token, and when to renew it (`None`: when the API refuses it).
    current: std::sync::Mutex<Option<(String, Option<std::time::Instant>)>>,
    /// Held while fetching, so that one fetch runs at a time.
    fetching: tokio::sync::Mutex<()>,
}

impl TokenSource {
    /// A source of tokens with these credentials (the ones its grant does not use empty).
    pub(crate) fn new(
        grant: &'static TokenGrant,
        client_id: String,
        client_secret: String,
        username: String,
        password: String,
        refresh_token: String,
    ) -> Self {
        TokenSource {
            grant,
            client_id,
            client_secret,
            username,
            password,
            refresh_token: std::sync::Mutex::new(refresh_token),
            current: std::sync::Mutex::new(None),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// The token, while it is not due for renewal.
    pub(crate) fn current(&self) -> Option<String> {
        let current = self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*current {
            Some((token, renew)) if renew.is_none_or(|renew| std::time::Instant::now() < renew) => Some(token.clone()),
            _ => None,
        }
    }

    /// Makes sure there is a current token: fetches one when there is none or it is due, and
    /// with `refused` (the API answered `401` with `refused`) fetches another.
    pub(crate) async fn ensure(
        &self,
        http: &reqwest::Client,
        base_url: &str,
        refused: Option<&str>,
    ) -> Result<(), Error> {
        let usable = |current: Option<String>| current.is_some_and(|token| refused != Some(token.as_str()));
        if usable(self.current()) {
            return Ok(());
        }
        let _one_at_a_time = self.fetching.lock().await;
        // Another call may have fetched it while this one waited.
        if usable(self.current()) {
            return Ok(());
        }
        let url = match self.grant.on_base_url {
            Some(path) => format!("{base_url}{path}"),
            None => self.grant.token_url.to_string(),
        };
        let fetched = self.fetch(http, &url).await?;
        *self.current.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(fetched);
        Ok(())
    }

    /// One token from the token endpoint, and when to renew it: a tenth of its lifetime before
    /// it expires, at most a minute before.
    async fn fetch(&self, http: &reqwest::Client, url: &str) -> Result<(String, Option<std::time::Instant>), Error> {
        let failed = |reason: String| Error::Token { url: url.to_string(), reason };
        let refresh_token = self.refresh_token.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let mut form: Vec<(&str, &str)> = vec![("grant_type", self.grant.grant)];
        match self.grant.grant {
            "password" => form.extend([("username", self.username.as_str()), ("password", self.password.as_str())]),
            "refresh_token" => form.push(("refresh_token", refresh_token.as_str())),
            _ => {}
        }
        if !self.grant.scope.is_empty() {
            form.push(("scope", self.grant.scope));
        }
        if self.grant.client_in_body {
            form.extend([("client_id", self.client_id.as_str()), ("client_secret", self.client_secret.as_str())]);
        }
        let mut request = http.post(url).header(reqwest::header::ACCEPT, "application/json").form(&form);
        if !self.grant.client_in_body {
            request = request.basic_auth(&self.client_id, Some(&self.client_secret));
        }
        let response = request.send().await.map_err(|error| failed(error.to_string()))?;
        let status = response.status();
        let body = response.text().await.map_err(|error| failed(error.to_string()))?;
        if !status.is_success() {
            return Err(failed(format!("it answered {}: {}", status.as_u16(), body.trim())));
        }
        let json: serde_json::Value =
            serde_json::from_str(&body).map_err(|error| failed(format!("its answer is not JSON: {error}")))?;
        let token = json["access_token"]
            .as_str()
            .filter(|token| !token.is_empty())
            .ok_or_else(|| failed("its answer has no `access_token`".to_string()))?
            .to_string();
        if let Some(refresh) = json["refresh_token"].as_str() {
            *self.refresh_token.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = refresh.to_string();
        }
        let lifetime = match &json["expires_in"] {
            serde_json::Value::Number(seconds) => seconds.as_f64(),
            serde_json::Value::String(seconds) => seconds.trim().parse().ok(),
            _ => None,
        };
        let renew = lifetime.filter(|seconds| *seconds > 0.0).map(|seconds| {
            let early = (seconds / 10.0).min(60.0);
            std::time::Instant::now() + std::time::Duration::from_secs_f64(seconds - early)
        });
        Ok((token, renew))
    }
}
// @end
