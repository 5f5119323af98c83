//! Saved example responses → documented responses, the success type and the error body type.

use serde_json::Value;

use super::context::{Context, Lowerer};
use super::{docs, hints, shapes, url};
use crate::ir::{Response, Success, TypeRef};
use crate::postman;

/// The shapes of one class of examples (success or error), merged.
#[derive(Default)]
struct Merged {
    shape: Option<shapes::Shape>,
    examples: usize,
    empty: usize,
    text: usize,
    summaries: Vec<String>,
}

impl Merged {
    /// Adds an example; whether it has a body that is not JSON.
    fn add(&mut self, status: u16, description: &str, body: Option<&str>) -> bool {
        self.examples += 1;
        match body.map(serde_json::from_str::<Value>) {
            None => self.empty += 1,
            Some(Ok(json)) => {
                let next = shapes::of(&json);
                self.shape = Some(match self.shape.take() {
                    Some(previous) => shapes::merge(previous, next),
                    None => next,
                });
                if !description.is_empty() {
                    self.summaries.push(format!("`{status}`: {description}"));
                }
            }
            Some(Err(_)) => {
                self.text += 1;
                return true;
            }
        }
        false
    }

    fn docs(&self, first: String) -> Vec<String> {
        let mut docs = vec![first];
        if !self.summaries.is_empty() {
            docs.push(String::new());
            docs.extend(self.summaries.iter().cloned());
        }
        docs
    }
}

/// The status of an example: its `code`, else a status at the start of its name (`200 - OK`).
fn status(example: &postman::Response) -> u16 {
    example.code.unwrap_or_else(|| {
        let name = example.name.as_deref().unwrap_or_default().trim_start();
        let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok().filter(|s| (100..600).contains(s)).unwrap_or(0)
    })
}

/// The query (as sent, decoded) and raw body of the request saved with an example.
fn saved_request(request: Option<&postman::Request>, context: &Context<'_>) -> (Vec<(String, String)>, Option<String>) {
    let Some(request) = request else { return (Vec::new(), None) };
    let (url, body) = match request {
        postman::Request::Url(raw) => (url::parts(Some(&postman::Url::Raw(raw.clone()))), None),
        postman::Request::Object(object) => (url::parts(object.url.as_ref()), object.body.as_ref()),
    };
    let resolve = |text: &str| context.variables.resolve(text);
    let query = url::as_sent(url.query, &resolve)
        .into_iter()
        .filter(|q| !q.disabled)
        .map(|q| {
            (url::decode_query(&resolve(&q.key)), url::decode_query(&resolve(q.value.as_deref().unwrap_or_default())))
        })
        .collect();
    let body = body.filter(|b| b.mode.as_deref() == Some("raw")).and_then(|b| b.raw.as_deref()).map(resolve);
    (query, body.filter(|b| !b.trim().is_empty()))
}

pub(super) fn lower(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    examples: &[postman::Response],
    accept: Option<&str>,
) -> (Vec<Response>, Success, Option<TypeRef>) {
    let mut binary = accept.is_some_and(hints::is_binary_media_type);
    let mut responses = Vec::new();
    let mut success = Merged::default();
    let mut error = Merged::default();
    for example in examples {
        let (description, error_codes) = hints::response_summary(example.name.as_deref().unwrap_or_default());
        let status = status(example);
        // 204, 205 and 304 answers have no body on the wire, whatever the example shows.
        let body = example.body.clone().filter(|b| !b.trim().is_empty() && !matches!(status, 204 | 205 | 304));
        let (request_query, request_body) = saved_request(example.original_request.as_ref(), context);
        let response = Response {
            name: example.name.clone().unwrap_or_default(),
            status,
            description,
            error_codes,
            content_type: example.content_type().map(str::to_string),
            headers: example.headers.list.clone(),
            example: body,
            next_link: example.next_link(),
            request_query,
            request_body,
        };
        // An example saved with neither a status nor a body says nothing about the response.
        if response.status != 0 || response.example.is_some() {
            binary |=
                response.is_success() && response.content_type.as_deref().is_some_and(hints::is_binary_media_type);
            let merged = if response.is_success() { &mut success } else { &mut error };
            let not_json = merged.add(response.status, &response.description, response.example.as_deref());
            let declared_json = response.content_type.as_deref().is_some_and(|ct| ct.contains("json"));
            if declared_json && not_json {
                let name = example.name.as_deref().unwrap_or_default();
                lowerer.warn(
                    super::context::WarningKind::InvalidExample,
                    &context.item,
                    format!(
                        "the saved example `{}` says JSON but its body does not parse; it is not used for types, and the mock server serves it as saved text",
                        docs::code_safe(name)
                    ),
                );
            }
        }
        responses.push(response);
    }
    responses.sort_by_key(|r| r.status);
    let item = docs::code_safe(&context.item);
    let success_type = match &success.shape {
        Some(shape) => {
            let docs = success.docs(format!("Successful response of `{item}`."));
            let ty = lowerer.types.shape_type(
                shape,
                &[format!("{}Response", context.prefix)],
                &docs,
                context.owner.of_responses(),
            );
            if success.empty > 0 { Success::OptionalJson(ty) } else { Success::Json(ty) }
        }
        None if binary => Success::Binary,
        None if success.examples == 0 => Success::Raw,
        None if success.text > 0 => Success::Text,
        None => Success::Empty,
    };
    let error_type = error.shape.as_ref().map(|shape| {
        let docs = error.docs(format!("Error body of `{item}`."));
        lowerer.types.shape_type(shape, &[format!("{}Error", context.prefix)], &docs, context.owner.of_responses())
    });
    (responses, success_type, error_type)
}
