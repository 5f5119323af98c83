// @about Putting request values on the wire: the auth kinds, path, query, headers and bodies.

// @auth

// @part encode_path
/// Characters sent as they are in a path segment (RFC 3986 "unreserved"); everything
/// else is percent-encoded, so a value can never add a segment, a query or a fragment.
const PATH_SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// Percent-encodes one path parameter, `name` of `operation` (`users::update_user`). A value
/// that would change the route is refused before anything is sent: an empty one (an empty
/// segment sends the request to another route, often the list or bulk endpoint), and `.` and
/// `..`, which URLs resolve (even percent-encoded).
pub(crate) fn encode_path(operation: &str, name: &str, value: &str) -> Result<String, Error> {
    let why = match value {
        "" => Some("is empty".to_string()),
        "." | ".." => Some(format!("is `{value}`, which would change the route")),
        _ => None,
    };
    if let Some(why) = why {
        return Err(Error::InvalidRequest { reason: format!("{operation}: the path parameter {name} {why}") });
    }

    Ok(percent_encoding::utf8_percent_encode(value, PATH_SEGMENT).to_string())
}
// @end

// @part to_json
/// A structured value as the JSON text of a query parameter, header or form field.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|error| Error::InvalidRequest { reason: error.to_string() })
}
// @end

// @part pairs
/// Name/value pairs in collection order; a repeated key appears once per value.
#[derive(Debug, Default)]
pub(crate) struct Pairs(Vec<(std::borrow::Cow<'static, str>, String)>);

impl Pairs {
    /// Adds one pair per value (none for `None`).
    pub(crate) fn add(&mut self, name: &'static str, values: impl IntoIterator<Item = String>) {
        self.0.extend(values.into_iter().map(|value| (std::borrow::Cow::Borrowed(name), value)));
    }

    // @part indexed
    /// Adds element `i` of a list as `base[i]`.
    pub(crate) fn add_indexed(&mut self, base: &'static str, values: impl IntoIterator<Item = String>) {
        let named = values.into_iter().enumerate().map(|(index, value)| (format!("{base}[{index}]").into(), value));
        self.0.extend(named);
    }
    // @end

    // @part keyed
    /// Adds entry `key` of a map as `base[key]`.
    pub(crate) fn add_keyed(&mut self, base: &'static str, entries: impl IntoIterator<Item = (String, String)>) {
        self.0.extend(entries.into_iter().map(|(key, value)| (format!("{base}[{key}]").into(), value)));
    }
    // @end

    // @part query
    /// Adds the pairs to the query string.
    pub(crate) fn query(self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        if self.0.is_empty() { builder } else { builder.query(&self.0) }
    }

    // @end
    // @part headers
    /// Adds the pairs as headers; a value with a line break or control character is an
    /// error, never a second header.
    pub(crate) fn headers(self, mut builder: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error> {
        for (name, value) in self.0 {
            let value = reqwest::header::HeaderValue::from_str(&value).map_err(|_| Error::InvalidRequest {
                reason: format!("the value of header `{name}` has a line break or control character"),
            })?;
            builder = builder.header(&*name, value);
        }
        Ok(builder)
    }

    // @end
    // @part urlencoded
    /// Sends the pairs as an `application/x-www-form-urlencoded` body.
    pub(crate) fn urlencoded(self, builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        builder.form(&self.0)
    }

    // @end
}
// @end

// @part text_parts
/// Adds one text part per value, carrying exactly this name and that value.
pub(crate) fn text_parts(
    form: reqwest::multipart::Form,
    name: &'static str,
    values: impl IntoIterator<Item = String>,
) -> reqwest::multipart::Form {
    values.into_iter().fold(form, |form, value| form.text(name, value))
}
// @end

// @part file_parts
/// Adds one file part per file.
pub(crate) fn file_parts(
    mut form: reqwest::multipart::Form,
    name: &'static str,
    files: impl IntoIterator<Item = FilePart>,
) -> Result<reqwest::multipart::Form, Error> {
    for file in files {
        let mut part = reqwest::multipart::Part::bytes(file.bytes).file_name(file.file_name);
        if let Some(content_type) = file.content_type {
            part = part.mime_str(&content_type).map_err(|_| Error::InvalidRequest {
                reason: format!("`{content_type}` is not a valid content type"),
            })?;
        }
        form = form.part(name, part);
    }

    Ok(form)
}
// @end

// @part file_part
/// A file sent as a `multipart/form-data` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// The file name sent with the part.
    pub file_name: String,
    /// The part's content type; none is sent when `None`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file part with these contents and file name.
    pub fn new(bytes: impl Into<Vec<u8>>, file_name: impl Into<String>) -> Self {
        FilePart { bytes: bytes.into(), file_name: file_name.into(), content_type: None }
    }

    /// Sends the part with this content type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}
// @end

// @part method
/// A method that is not one of the standard ones.
pub(crate) fn method(name: &[u8]) -> Result<reqwest::Method, Error> {
    reqwest::Method::from_bytes(name).map_err(|_| Error::InvalidRequest {
        reason: format!("`{}` is not a valid HTTP method", String::from_utf8_lossy(name)),
    })
}
// @end

// @part optional_json
impl RawResponse {
    /// The body decoded as JSON, with the response; an empty body is `None`.
    pub(crate) fn into_optional_json<T: serde::de::DeserializeOwned>(self) -> Result<Response<Option<T>>, Error> {
        let value = if self.body.iter().all(u8::is_ascii_whitespace) { None } else { Some(self.json()?) };
        Ok(Response { value, raw: self })
    }
}

/// Decodes a JSON body as `T`, an empty one as `None`, for a [`ResponseFuture`].
#[derive(Debug)]
pub struct DecodeOptionalJson<T>(std::marker::PhantomData<fn() -> T>);

impl<T: serde::de::DeserializeOwned> Decode for DecodeOptionalJson<T> {
    type Output = Response<Option<T>>;

    fn decode(raw: RawResponse) -> Result<Response<Option<T>>, Error> {
        raw.into_optional_json()
    }
}
// @end

// @part graphql
/// A GraphQL request body.
#[derive(serde::Serialize)]
pub(crate) struct GraphqlBody<'a, V: serde::Serialize> {
    pub(crate) query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) variables: Option<&'a V>,
}
// @end

// @part secret_header
/// A credential as a header value that is never shown by `Debug`.
pub(crate) fn secret_header(value: &str) -> Result<reqwest::header::HeaderValue, Error> {
    let mut value = reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::InvalidRequest {
        reason: "a credential has a line break or control character".to_string(),
    })?;
    value.set_sensitive(true);

    Ok(value)
}
// @end

// @part signer
/// What a request signer returns when it cannot sign.
pub type SigningError = Box<dyn std::error::Error + Send + Sync>;

/// The request-signing hook given to `Client::with_signer`.
pub(crate) type Signer = dyn Fn(&str, &mut reqwest::Request) -> Result<(), SigningError> + Send + Sync;
// @end
