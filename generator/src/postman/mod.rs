//! Serde model of Postman collections, v2.0 and v2.1.
//!
//! This module only describes the JSON; it is deliberately tolerant: every field that the format
//! lets be a string or an object, a list or a string, or null, is modelled as such, and unknown
//! fields are ignored. Meaning is given to it in `lower`.

mod auth;

pub use auth::{Auth, AuthParams};

use std::marker::PhantomData;

use serde::Deserialize;
use serde_json::Value;

/// A whole collection file.
#[derive(Debug, Clone, Deserialize)]
pub struct Collection {
    pub info: Info,
    #[serde(default, deserialize_with = "null_as_default")]
    pub item: Vec<Item>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub variable: Vec<Variable>,
    /// Scripts: only whether there are any matters (they are not run), so they are skipped.
    #[serde(default, deserialize_with = "null_as_default")]
    pub event: Vec<serde::de::IgnoredAny>,
    /// A common misspelling of `item`, detected to say so.
    #[serde(default)]
    pub items: Option<serde::de::IgnoredAny>,
    /// Read from the `collection` member of a Postman API export (see [`crate::parse`]).
    #[serde(skip)]
    pub exported: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Info {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<Description>,
    #[serde(default)]
    pub schema: Option<String>,
}

/// A folder (has `item`) or a request item (has `request`).
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<Description>,
    #[serde(default)]
    pub item: Option<Vec<Item>>,
    #[serde(default)]
    pub request: Option<Request>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub response: Vec<Response>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub variable: Vec<Variable>,
    /// Scripts: only whether there are any matters (they are not run), so they are skipped.
    #[serde(default, deserialize_with = "null_as_default")]
    pub event: Vec<serde::de::IgnoredAny>,
    /// Protocol settings, e.g. `disableBodyPruning`.
    #[serde(default, rename = "protocolProfileBehavior")]
    pub protocol_profile_behavior: Option<Value>,
    /// A common misspelling of `item`, detected to say so.
    #[serde(default)]
    pub items: Option<serde::de::IgnoredAny>,
}

/// `description`: a string, or `{content, type}`.
#[derive(Debug, Clone)]
pub enum Description {
    Text(String),
    Object { content: Option<String> },
}

impl<'de> Deserialize<'de> for Description {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Object {
            #[serde(default)]
            content: Option<String>,
        }
        string_or_object(deserializer, "a description string or a {content} object", Description::Text, |o: Object| {
            Description::Object { content: o.content }
        })
    }
}

impl Description {
    pub fn text(&self) -> &str {
        match self {
            Description::Text(text) => text,
            Description::Object { content } => content.as_deref().unwrap_or(""),
        }
    }
}

/// `request`: a bare URL string, or a full request object.
#[derive(Debug, Clone)]
pub enum Request {
    Url(String),
    Object(Box<RequestObject>),
}

impl<'de> Deserialize<'de> for Request {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_object(deserializer, "a URL string or a request object", Request::Url, |o| {
            Request::Object(Box::new(o))
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RequestObject {
    #[serde(default)]
    pub url: Option<Url>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub header: Option<Headers>,
    #[serde(default)]
    pub body: Option<Body>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub description: Option<Description>,
}

/// `url`: a string, or an object (with or without `raw`).
#[derive(Debug, Clone)]
pub enum Url {
    Raw(String),
    Object(UrlObject),
}

impl<'de> Deserialize<'de> for Url {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_object(deserializer, "a URL string or a URL object", Url::Raw, Url::Object)
    }
}

/// A field that is a string or an object. Unlike `#[serde(untagged)]`, which buffers the value
/// to try each form, the object is read in place and its errors keep their JSON path.
fn string_or_object<'de, D, T, O>(
    deserializer: D,
    expecting: &'static str,
    string: impl FnOnce(String) -> T,
    object: impl FnOnce(O) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    O: Deserialize<'de>,
{
    deserializer.deserialize_any(StringOr { expecting, list: false, string, other: object, marker: PhantomData })
}

/// A field that is a string or a list, read in place like `string_or_object`.
fn string_or_list<'de, D, T, E>(
    deserializer: D,
    expecting: &'static str,
    string: impl FnOnce(String) -> T,
    list: impl FnOnce(Vec<E>) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    E: Deserialize<'de>,
{
    deserializer.deserialize_any(StringOr { expecting, list: true, string, other: list, marker: PhantomData })
}

/// Reads a string, or the other form `O`: a list when `list`, else an object.
struct StringOr<S, F, O> {
    expecting: &'static str,
    list: bool,
    string: S,
    other: F,
    marker: PhantomData<O>,
}

impl<'de, T, O: Deserialize<'de>, S: FnOnce(String) -> T, F: FnOnce(O) -> T> serde::de::Visitor<'de>
    for StringOr<S, F, O>
{
    type Value = T;
    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.expecting)
    }
    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok((self.string)(value.to_string()))
    }
    fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
        if self.list {
            return Err(serde::de::Error::invalid_type(serde::de::Unexpected::Map, &self));
        }
        O::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(self.other)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        if !self.list {
            return Err(serde::de::Error::invalid_type(serde::de::Unexpected::Seq, &self));
        }
        O::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(self.other)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UrlObject {
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default)]
    pub host: Option<StringOrList>,
    #[serde(default)]
    pub port: Option<StringOrNumber>,
    #[serde(default)]
    pub path: Option<Path>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub query: Vec<QueryParam>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub variable: Vec<Variable>,
}

#[derive(Debug, Clone)]
pub enum StringOrList {
    String(String),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for StringOrList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_list(deserializer, "a string or a list of strings", StringOrList::String, StringOrList::List)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum StringOrNumber {
    String(String),
    Number(serde_json::Number),
}

impl StringOrNumber {
    pub fn text(&self) -> String {
        match self {
            StringOrNumber::String(text) => text.clone(),
            StringOrNumber::Number(number) => number.to_string(),
        }
    }
}

/// `url.path`: a string, or a list of segments (strings or `{type, value}`).
#[derive(Debug, Clone)]
pub enum Path {
    String(String),
    List(Vec<PathSegment>),
}

impl<'de> Deserialize<'de> for Path {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_list(deserializer, "a path string or a list of segments", Path::String, Path::List)
    }
}

#[derive(Debug, Clone)]
pub enum PathSegment {
    String(String),
    Object { value: Option<String> },
}

impl<'de> Deserialize<'de> for PathSegment {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Object {
            #[serde(default)]
            value: Option<String>,
        }
        string_or_object(deserializer, "a path segment string or a {value} object", PathSegment::String, |o: Object| {
            PathSegment::Object { value: o.value }
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct QueryParam {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    /// Older exports write `enabled` instead of `disabled`.
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub description: Option<Description>,
}

/// `header`: a list of headers, or the raw header block as one string.
#[derive(Debug, Clone)]
pub enum Headers {
    List(Vec<Header>),
    Raw(String),
}

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_list(deserializer, "a list of headers or a header string", Headers::Raw, Headers::List)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Header {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    /// Older exports write `enabled` instead of `disabled`.
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub description: Option<Description>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Body {
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub urlencoded: Vec<FormParam>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub formdata: Vec<FormParam>,
    #[serde(default)]
    pub file: Option<Value>,
    #[serde(default)]
    pub graphql: Option<Value>,
    /// An object, or (in some exports) a string.
    #[serde(default)]
    pub options: Option<Value>,
    #[serde(default)]
    pub disabled: bool,
}

/// A `formdata` or `urlencoded` field.
#[derive(Debug, Clone, Deserialize)]
pub struct FormParam {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
    /// A file field's source: a path, a list of paths, or null.
    #[serde(default)]
    pub src: Option<Value>,
    #[serde(default)]
    pub disabled: bool,
    /// Older exports write `enabled` instead of `disabled`.
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default, rename = "contentType")]
    pub content_type: Option<String>,
    #[serde(default)]
    pub description: Option<Description>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Variable {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub value: Option<Value>,
    #[serde(default)]
    pub description: Option<Description>,
    #[serde(default)]
    pub disabled: bool,
}

impl QueryParam {
    pub fn is_disabled(&self) -> bool {
        self.disabled || self.enabled == Some(false)
    }
}

impl Header {
    pub fn is_disabled(&self) -> bool {
        self.disabled || self.enabled == Some(false)
    }
}

impl FormParam {
    pub fn is_disabled(&self) -> bool {
        self.disabled || self.enabled == Some(false)
    }
}

impl Variable {
    pub fn name(&self) -> Option<&str> {
        self.key.as_deref().or(self.id.as_deref())
    }

    /// The value as Postman substitutes it: strings as is, other JSON as its text.
    pub fn value_text(&self) -> Option<String> {
        match &self.value {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(other) => Some(other.to_string()),
        }
    }
}

/// A saved example response.
#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub code: Option<u16>,
    #[serde(default, rename = "header")]
    pub headers: ResponseHeaders,
    #[serde(default)]
    pub body: Option<String>,
    /// The request that got this response, when the example was saved with it. It only helps
    /// a mock server choose between examples, so one that cannot be read is left out.
    #[serde(default, rename = "originalRequest", deserialize_with = "lenient_request")]
    pub original_request: Option<Request>,
}

/// A saved example's request, or `None` when it is missing or cannot be read.
fn lenient_request<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Request>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(Request::deserialize(value).ok())
}

impl Response {
    /// The `Content-Type` header of the example, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.content_type.as_deref()
    }

    /// Whether the example has a `Link` header naming a next page (`rel="next"`).
    pub fn next_link(&self) -> bool {
        self.headers.next_link
    }
}

/// A saved response's `header`: a list of headers, the raw header block as one string (which
/// is not read), or null. Besides the headers, in order, the first `Content-Type` header's
/// value is kept, and whether a `Link` header names a next page.
#[derive(Debug, Clone, Default)]
pub struct ResponseHeaders {
    pub list: Vec<(String, String)>,
    pub content_type: Option<String>,
    pub next_link: bool,
}

impl<'de> Deserialize<'de> for ResponseHeaders {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Header<'a> {
            #[serde(default, borrow)]
            key: std::borrow::Cow<'a, str>,
            #[serde(default, borrow)]
            value: Option<std::borrow::Cow<'a, str>>,
        }
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = ResponseHeaders;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a list of headers or a header string")
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(ResponseHeaders::default())
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(ResponseHeaders::default())
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut list = Vec::new();
                let mut found = None;
                let mut next_link = false;
                while let Some(header) = seq.next_element::<Header<'de>>()? {
                    if found.is_none() && header.key.eq_ignore_ascii_case("content-type") {
                        found = Some(header.value.as_deref().map(str::to_string));
                    } else if header.key.eq_ignore_ascii_case("link") {
                        let value = header.value.as_deref().unwrap_or_default().to_ascii_lowercase().replace(' ', "");
                        next_link |= value.contains("rel=\"next\"") || value.contains("rel=next");
                    }
                    list.push((header.key.into_owned(), header.value.unwrap_or_default().into_owned()));
                }
                Ok(ResponseHeaders { list, content_type: found.flatten(), next_link })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A list that exporters sometimes write as `null` or `""` when empty.
fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Visitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            formatter.write_str("a list")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Vec<T>, A::Error> {
            Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Vec<T>, E> {
            if value.trim().is_empty() {
                Ok(Vec::new())
            } else {
                Err(E::invalid_type(serde::de::Unexpected::Str(value), &self))
            }
        }
    }
    deserializer.deserialize_any(Visitor(std::marker::PhantomData))
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A Postman environment export (`Production.postman_environment.json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Environment {
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub values: Vec<EnvironmentValue>,
}

/// One variable of an environment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EnvironmentValue {
    pub key: String,
    #[serde(default)]
    pub value: Option<Value>,
    /// `default`, `text` or `secret`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default = "enabled")]
    pub enabled: bool,
}

fn enabled() -> bool {
    true
}

impl EnvironmentValue {
    /// Whether Postman hides the value (`"type": "secret"`): it is never written into code.
    pub fn is_secret(&self) -> bool {
        self.kind.as_deref() == Some("secret")
    }

    /// As a collection variable, to resolve references with.
    pub fn as_variable(&self) -> Variable {
        Variable {
            key: Some(self.key.clone()),
            id: None,
            value: self.value.clone(),
            description: None,
            disabled: !self.enabled,
        }
    }
}

/// Reads a collection file as UTF-8; other bytes are an error naming their offset.
pub fn read(path: &std::path::Path) -> Result<String, crate::error::Error> {
    let bytes = std::fs::read(path).map_err(|source| crate::error::Error::Read { file: path.to_path_buf(), source })?;
    String::from_utf8(bytes).map_err(|error| crate::error::Error::Collection {
        file: path.display().to_string(),
        item: "collection".to_string(),
        message: format!("the file is not UTF-8 (invalid byte at offset {})", error.utf8_error().valid_up_to()),
    })
}
