//! One request item → one IR operation.

use std::borrow::Cow;

use serde_json::Value;

use super::types::Owner;
use super::{Lowerer, Variables, docs, hints, responses, shapes, url};
use crate::ir::{
    AuthKind, BodyKind, Field, Location, ModuleId, Name, Operation, PathParam, PathPart, RequestField, RequestStruct,
    Response, TypeRef,
};
use crate::naming::{self, Scope};
use crate::postman::{self, Headers, Item, Request, RequestObject};

/// Type names too generic to stand alone; they get the operation's name as a prefix.
const GENERIC_TYPE_NAMES: &[&str] = &[
    "Type", "Kind", "Status", "Action", "Name", "Value", "Id", "Data", "Option", "Result", "String", "Vec", "Box",
    "Some", "None", "Ok", "Err", "Default", "Self_", "Item", "Items", "Body", "Request", "Response", "Mode", "State",
    "Format", "Order", "Sort", "Field", "Object",
];

/// Headers the client sets itself.
const CLIENT_HEADERS: &[&str] = &["content-type", "authorization", "accept"];

/// What every field of one operation shares.
pub(super) struct Context<'a> {
    pub item: String,
    pub prefix: String,
    pub owner: Owner,
    pub variables: &'a Variables,
}

pub(super) fn lower(
    lowerer: &mut Lowerer,
    item: &Item,
    request: &Request,
    module: ModuleId,
    item_path: Vec<String>,
    auth: Option<AuthKind>,
    variables: &Variables,
) -> Operation {
    let request: Cow<'_, RequestObject> = match request {
        Request::Url(url) => {
            Cow::Owned(RequestObject { url: Some(postman::Url::Raw(url.clone())), ..RequestObject::default() })
        }
        Request::Object(object) => Cow::Borrowed(object),
    };
    let item_name = item.name.clone().unwrap_or_default();
    let display = item_path.join(" › ");
    let name = lowerer.scopes[module].claim(&naming::method(&item_name));
    let context = Context {
        item: display.clone(),
        prefix: naming::camel(&name, "Operation"),
        owner: Owner { module, operation: lowerer.api.operations.len() },
        variables,
    };
    let method = request.method.as_deref().map(str::trim).filter(|m| !m.is_empty()).unwrap_or("GET").to_string();
    let url = url::parts(request.url.as_ref());
    let origin = variables.resolve(&url.origin);
    *lowerer.origins.entry(origin.clone()).or_default() += 1;
    lowerer.op_origins.push((display.clone(), origin));

    let (path, path_params, path_template) = path(&url, variables);
    let mut fields = Vec::new();
    let mut scope = Scope::default();
    for query in &url.query {
        fields.push(field(
            lowerer,
            &context,
            &mut scope,
            &query.key,
            query.value.as_deref(),
            &query.description,
            query.disabled,
            Location::Query,
        ));
    }
    let (headers, content_type) = headers(request.header.as_ref());
    for header in headers {
        let description = header.description.as_ref().map(|d| d.text()).unwrap_or_default();
        fields.push(field(
            lowerer,
            &context,
            &mut scope,
            &header.key,
            header.value.as_deref(),
            description,
            header.disabled,
            Location::Header,
        ));
    }
    let body = body(lowerer, &context, &mut scope, request.body.as_ref(), content_type.as_deref(), &mut fields);

    let description =
        request.description.as_ref().or(item.description.as_ref()).map(|d| d.text().to_string()).unwrap_or_default();
    let request_struct = (!fields.is_empty()).then(|| RequestStruct {
        name: lowerer.types.claim_name(&format!("{}Request", context.prefix)),
        docs: vec![format!("Query, headers and body of `{}`.", docs::code_safe(&item_name))],
        fields,
    });
    let (responses, success, error) = responses::lower(lowerer, &context, &item.response);
    let error_type = match &error {
        Some(TypeRef::Named(id)) => Some(lowerer.types.name(*id).to_string()),
        _ => None,
    };
    let mut operation = Operation {
        item_path,
        module,
        name,
        docs: Vec::new(),
        deprecated: hints::deprecation(&description),
        method,
        path_template,
        path,
        path_params,
        auth,
        request: request_struct,
        body,
        responses,
        success,
        error,
    };
    operation.docs = operation_docs(&item_name, &description, &operation, error_type.as_deref());
    operation
}

/// Path segments: `:name` and unresolved `{{name}}` become parameters, the rest literal text.
fn path(url: &url::UrlParts, variables: &Variables) -> (Vec<PathPart>, Vec<PathParam>, String) {
    let mut parts = Vec::new();
    let mut params: Vec<PathParam> = Vec::new();
    // Names the generated method body uses for its own locals.
    let mut scope = Scope::with_reserved(&["request", "path", "builder"]);
    let mut template = String::new();
    for segment in &url.path {
        template.push('/');
        parts.push(PathPart::Literal("/".to_string()));
        let param_name = segment.strip_prefix(':').filter(|name| !name.is_empty()).map(str::to_string).or_else(|| {
            let resolved = variables.resolve(segment);
            resolved
                .strip_prefix("{{")
                .and_then(|rest| rest.strip_suffix("}}"))
                .filter(|name| !name.contains('{'))
                .map(str::to_string)
        });
        match param_name {
            Some(wire) => {
                let variable = url.variables.iter().find(|v| v.name() == Some(wire.as_str()));
                let mut docs = variable
                    .and_then(|v| v.description.as_ref())
                    .map(|d| docs::clean_inline(d.text()))
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| format!("The `{}` path parameter.", docs::code_safe(&wire)));
                let example = variable.and_then(|v| v.value_text());
                if let Some(line) = example.as_deref().and_then(docs::example_line) {
                    docs = format!("{docs} {line}");
                }
                template.push_str(&format!("{{{wire}}}"));
                parts.push(PathPart::Param(params.len()));
                params.push(PathParam {
                    name: scope.claim(&naming::snake(&wire, "param")),
                    wire,
                    docs: vec![docs],
                    example,
                });
            }
            None => {
                let literal = variables.resolve(segment);
                template.push_str(&literal);
                parts.push(PathPart::Literal(literal));
            }
        }
    }
    // Adjacent literals are merged so emit sees `"/users/"`, not `"/"`, `"users"`, `"/"`.
    let mut merged: Vec<PathPart> = Vec::new();
    for part in parts {
        match (merged.last_mut(), part) {
            (Some(PathPart::Literal(last)), PathPart::Literal(text)) => last.push_str(&text),
            (_, part) => merged.push(part),
        }
    }
    (merged, params, template)
}

/// The headers that become parameters, and the collection's `Content-Type`.
fn headers(headers: Option<&Headers>) -> (Vec<postman::Header>, Option<String>) {
    let list: Vec<postman::Header> = match headers {
        None => Vec::new(),
        Some(Headers::List(list)) => list.clone(),
        Some(Headers::Raw(raw)) => raw
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(key, value)| postman::Header {
                key: key.trim().to_string(),
                value: Some(value.trim().to_string()),
                disabled: false,
                description: None,
            })
            .collect(),
    };
    let content_type =
        list.iter().find(|h| !h.disabled && h.key.eq_ignore_ascii_case("content-type")).and_then(|h| h.value.clone());
    let params = list.into_iter().filter(|h| !CLIENT_HEADERS.contains(&h.key.to_ascii_lowercase().as_str())).collect();
    (params, content_type)
}

#[allow(clippy::too_many_arguments)]
fn field(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    key: &str,
    value: Option<&str>,
    description: &str,
    disabled: bool,
    location: Location,
) -> RequestField {
    let value = value.map(|v| context.variables.resolve(v));
    let mut field_docs = docs::clean(description);
    if field_docs.is_empty() {
        field_docs.push(format!("The `{}` {}.", docs::code_safe(key), location_noun(location)));
    }
    if let Some(line) = value.as_deref().and_then(docs::example_line) {
        field_docs.push(String::new());
        field_docs.push(line);
    }
    let ty = field_type(lowerer, context, key, value.as_deref(), description, location);
    RequestField {
        field: Field {
            name: Name { rust: scope.claim(&naming::snake(key, "field")), wire: key.to_string() },
            docs: field_docs,
            ty,
            required: hints::is_required(description) && !disabled,
            deprecated: hints::deprecation(description),
            example: value,
        },
        location,
    }
}

fn location_noun(location: Location) -> &'static str {
    match location {
        Location::Query => "query parameter",
        Location::Header => "header",
        Location::FormPart => "form field",
        Location::Urlencoded => "form field",
        Location::JsonBody | Location::TextBody => "body",
    }
}

/// A type name for a field's enum or struct: the field's own name unless that is too generic.
fn type_name(context: &Context<'_>, key: &str) -> String {
    let own = naming::camel(key, "Value");
    if GENERIC_TYPE_NAMES.contains(&own.as_str()) { format!("{}{own}", context.prefix) } else { own }
}

/// Types a field from its hints: enum values, then the example value. When unsure: `String`.
fn field_type(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    key: &str,
    value: Option<&str>,
    description: &str,
    location: Location,
) -> TypeRef {
    if let Some(values) = hints::enum_values(description) {
        let values = values
            .into_iter()
            .map(|wire| {
                let doc = hints::value_doc(description, &wire);
                (wire, doc)
            })
            .collect();
        let docs = vec![format!("Allowed values of `{}`.", docs::code_safe(key))];
        return lowerer.types.enum_type(&type_name(context, key), &docs, values, context.owner);
    }
    let example = value.unwrap_or_default();
    if example == "true" || example == "false" {
        return TypeRef::Bool;
    }
    if hints::is_canonical_integer(example) && hints::describes_integer(description) {
        return TypeRef::Integer;
    }
    if location == Location::FormPart
        && example.trim_start().starts_with(['{', '['])
        && let Ok(json @ (Value::Object(_) | Value::Array(_))) = serde_json::from_str::<Value>(example)
    {
        let docs = vec![format!("The JSON value of the `{}` form field.", docs::code_safe(key))];
        return lowerer.types.shape_type(&shapes::of(&json), &type_name(context, key), &docs, context.owner);
    }
    TypeRef::String
}

/// The body's fields (appended to `fields`) and kind.
fn body(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    body: Option<&postman::Body>,
    content_type: Option<&str>,
    fields: &mut Vec<RequestField>,
) -> BodyKind {
    let Some(body) = body.filter(|b| !b.disabled) else { return BodyKind::None };
    match body.mode.as_deref() {
        Some("formdata") => {
            for param in &body.formdata {
                if param.kind.as_deref() == Some("file") {
                    lowerer.warn(&context.item, format!("file part `{}` is sent as a text part", param.key));
                }
                let description = param.description.as_ref().map(|d| d.text()).unwrap_or_default();
                fields.push(field(
                    lowerer,
                    context,
                    scope,
                    &param.key,
                    param.value.as_deref(),
                    description,
                    param.disabled,
                    Location::FormPart,
                ));
            }
            BodyKind::Multipart
        }
        Some("urlencoded") => {
            for param in &body.urlencoded {
                let description = param.description.as_ref().map(|d| d.text()).unwrap_or_default();
                fields.push(field(
                    lowerer,
                    context,
                    scope,
                    &param.key,
                    param.value.as_deref(),
                    description,
                    param.disabled,
                    Location::Urlencoded,
                ));
            }
            BodyKind::Urlencoded
        }
        Some("raw") => raw_body(lowerer, context, scope, body, content_type, fields),
        Some(other) => {
            lowerer.warn(
                &context.item,
                format!("`{other}` bodies are not supported yet; the request is sent without a body"),
            );
            BodyKind::None
        }
        None => BodyKind::None,
    }
}

fn raw_body(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    body: &postman::Body,
    content_type: Option<&str>,
    fields: &mut Vec<RequestField>,
) -> BodyKind {
    let raw = body.raw.clone().unwrap_or_default();
    if raw.trim().is_empty() {
        return BodyKind::None;
    }
    let language =
        body.options.as_ref().and_then(|o| o.pointer("/raw/language")).and_then(Value::as_str).unwrap_or_default();
    let declared_json = language == "json" || content_type.is_some_and(|ct| ct.contains("json"));
    let parsed = serde_json::from_str::<Value>(&raw).ok();
    let rust = scope.claim("body");
    let name = Name { rust, wire: String::new() };
    if declared_json || parsed.as_ref().is_some_and(|v| v.is_object() || v.is_array()) {
        let ty = match &parsed {
            Some(json) => {
                let docs = vec![format!("The JSON body of `{}`.", docs::code_safe(&context.item))];
                lowerer.types.shape_type(&shapes::of(json), &format!("{}Body", context.prefix), &docs, context.owner)
            }
            None => TypeRef::Json,
        };
        fields.push(RequestField {
            field: Field {
                name,
                docs: vec!["The JSON body.".to_string()],
                ty,
                required: true,
                deprecated: None,
                example: Some(raw),
            },
            location: Location::JsonBody,
        });
        return BodyKind::Json;
    }
    let content_type = content_type.map(str::to_string).unwrap_or_else(|| {
        match language {
            "xml" => "application/xml",
            "html" => "text/html",
            "javascript" => "application/javascript",
            _ => "text/plain",
        }
        .to_string()
    });
    fields.push(RequestField {
        field: Field {
            name,
            docs: vec![format!("The body, sent as `{}`.", docs::code_safe(&content_type))],
            ty: TypeRef::String,
            required: true,
            deprecated: None,
            example: Some(raw),
        },
        location: Location::TextBody,
    });
    BodyKind::Text { content_type }
}

/// The method's docs: the description, the request line, arguments, responses and errors.
fn operation_docs(item_name: &str, description: &str, op: &Operation, error_type: Option<&str>) -> Vec<String> {
    let (method, path_template, path_params, request, responses) =
        (&op.method, &op.path_template, &op.path_params, op.request.as_ref(), &op.responses);
    let mut lines = docs::clean(description);
    if lines.is_empty() {
        lines.push(format!("{}.", docs::code_safe(item_name).trim_end_matches('.')));
    }
    lines.push(String::new());
    lines.push(format!("Sends `{}` to `{}`.", docs::code_safe(method), docs::code_safe(path_template)));
    if !path_params.is_empty() || request.is_some() {
        lines.extend([String::new(), "# Arguments".to_string(), String::new()]);
        for param in path_params {
            lines.push(format!("- `{}`: {}", param.name, param.docs.join(" ")));
        }
        if let Some(request) = request {
            lines.push(format!("- `request`: query, headers and body, see [`{}`].", request.name));
        }
    }
    let (ok, errors): (Vec<&Response>, Vec<&Response>) = responses.iter().partition(|r| r.is_success());
    if !ok.is_empty() {
        lines.extend([String::new(), "# Responses".to_string(), String::new()]);
        lines.extend(ok.iter().map(|r| response_line(r)));
    }
    if !errors.is_empty() {
        lines.extend([String::new(), "# Errors".to_string(), String::new()]);
        lines.push("Documented statuses, returned as [`crate::Error::Api`]:".to_string());
        lines.push(String::new());
        for response in errors {
            lines.push(response_line(response));
            for code in &response.error_codes {
                let message = if code.message.is_empty() { String::new() } else { format!(": {}", code.message) };
                lines.push(format!("  - error code `{}`{message}", docs::code_safe(&code.code)));
            }
        }
        if let Some(name) = error_type {
            lines.push(String::new());
            lines.push(format!("Their JSON bodies decode as [`{name}`] with [`crate::ApiError::json`]."));
        }
    }
    lines
}

fn response_line(response: &Response) -> String {
    let status = if response.status == 0 { "no status".to_string() } else { format!("`{}`", response.status) };
    if response.description.is_empty() {
        format!("- {status}")
    } else {
        format!("- {status}: {}", response.description)
    }
}
