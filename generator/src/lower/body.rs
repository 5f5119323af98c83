//! Request bodies in every mode: formdata, urlencoded, raw (JSON, XML, text), file, graphql.

use serde_json::Value;

use super::context::{Context, Lowerer};
use super::fields::{self, Param};
use super::{docs, shapes};
use crate::ir::{BodyKind, Field, Location, Name, RequestField, TypeRef};
use crate::naming::Scope;
use crate::postman;

/// The body's fields (appended to `fields`) and kind.
pub(super) fn lower(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    body: Option<&postman::Body>,
    content_type: Option<&str>,
    fields: &mut Vec<RequestField>,
) -> BodyKind {
    let Some(body) = body.filter(|b| !b.disabled) else { return BodyKind::None };
    match body.mode.as_deref() {
        // An empty form is no body at all.
        Some("formdata") if body.formdata.is_empty() => BodyKind::None,
        Some("urlencoded") if body.urlencoded.is_empty() => BodyKind::None,
        Some("formdata") => {
            let params = body.formdata.iter().map(|p| form_param(p, true)).collect();
            fields.extend(fields::lower(lowerer, context, scope, params, Location::FormPart));
            BodyKind::Multipart
        }
        Some("urlencoded") => {
            let params = body.urlencoded.iter().map(|p| form_param(p, false)).collect();
            fields.extend(fields::lower(lowerer, context, scope, params, Location::Urlencoded));
            BodyKind::Urlencoded
        }
        Some("raw") => raw(lowerer, context, scope, body, content_type, fields),
        Some("file") => {
            let src = body.file.as_ref().and_then(|f| f.get("src")).and_then(Value::as_str).unwrap_or_default();
            let mut docs = vec!["The body, sent as raw bytes.".to_string()];
            if !src.is_empty() {
                docs.push(format!("The collection sends the file `{}`.", docs::code_safe(src)));
            }
            let example = Some(src.to_string());
            fields.push(whole_body(scope, docs, TypeRef::Bytes, Location::BinaryBody, example));
            BodyKind::Binary { content_type: content_type.map(str::to_string) }
        }
        Some("graphql") => graphql(lowerer, context, scope, body, fields),
        Some(other) => {
            lowerer.warn(
                super::context::WarningKind::UnsupportedBody,
                &context.item,
                format!("`{other}` bodies are not supported; the request is sent without a body"),
            );
            BodyKind::None
        }
        None => BodyKind::None,
    }
}

fn form_param(param: &postman::FormParam, files: bool) -> Param {
    let file = (files && param.kind.as_deref() == Some("file")).then(|| {
        let src = match &param.src {
            Some(Value::String(src)) => Some(src.clone()),
            Some(Value::Array(list)) => list.first().and_then(Value::as_str).map(str::to_string),
            _ => None,
        };
        (src, param.content_type.clone())
    });
    Param {
        key: param.key.clone(),
        value: param.value.clone(),
        description: param.description.as_ref().map(|d| d.text().to_string()).unwrap_or_default(),
        disabled: param.is_disabled(),
        file,
    }
}

/// The field holding a whole body.
fn whole_body(
    scope: &mut Scope,
    docs: Vec<String>,
    ty: TypeRef,
    location: Location,
    example: Option<String>,
) -> RequestField {
    RequestField {
        field: Field {
            name: Name { rust: scope.claim("body"), wire: String::new() },
            docs,
            ty,
            required: true,
            deprecated: None,
            example,
            dynamic_default: None,
        },
        location,
        repeated: false,
        disabled: false,
        brackets: None,
    }
}

fn raw(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    body: &postman::Body,
    content_type: Option<&str>,
    fields: &mut Vec<RequestField>,
) -> BodyKind {
    let raw = context.variables.resolve(body.raw.as_deref().unwrap_or_default());
    let language =
        body.options.as_ref().and_then(|o| o.pointer("/raw/language")).and_then(Value::as_str).unwrap_or_default();
    let declared_json = language == "json" || content_type.is_some_and(|ct| ct.contains("json"));
    // Postman strips comments from bodies it takes for JSON before sending them: those whose
    // language is `json`, or without a language, whose Content-Type is `application/…json`.
    let strips_comments = if language.is_empty() {
        content_type.is_some_and(|ct| {
            ct.trim().strip_prefix("application/").and_then(|rest| rest.split(';').next()).is_some_and(|subtype| {
                subtype.split_once("json").is_some_and(|(before, _)| before.is_empty() || before.ends_with('+'))
                    && !subtype.contains(char::is_whitespace)
            })
        })
    } else {
        language == "json"
    };
    let raw = if strips_comments { strip_json_comments(&raw) } else { raw };
    if raw.trim().is_empty() {
        return BodyKind::None;
    }
    let parsed = serde_json::from_str::<Value>(&raw).ok();
    if let Some(json) = parsed.as_ref().filter(|v| declared_json || v.is_object() || v.is_array()) {
        let docs = vec![format!("The JSON body of `{}`.", docs::code_safe(&context.item))];
        let ty =
            lowerer.types.shape_type(&shapes::of(json), &[format!("{}Body", context.prefix)], &docs, context.owner);
        let dynamic = super::fields::has_dynamic_variable(&raw);
        let mut docs = vec!["The JSON body.".to_string()];
        if dynamic {
            docs.push(String::new());
            docs.push(
                "Postman's dynamic variables in its string values (`{{$guid}}`, `{{$timestamp}}`, …) are replaced with values produced at call time, as Postman does."
                    .to_string(),
            );
        }
        fields.push(whole_body(scope, docs, ty, Location::JsonBody, Some(raw)));
        // Without a JSON language or Content-Type, Postman sends the text as `text/plain`.
        let content_type = match content_type {
            Some(ct) if ct.eq_ignore_ascii_case("application/json") => None,
            Some(ct) => Some(ct.to_string()),
            None if declared_json => None,
            None => Some("text/plain".to_string()),
        };
        return BodyKind::Json { content_type, dynamic };
    }
    // JSON that does not parse until Postman substitutes its variables is sent as the text it is.
    let content_type = content_type.map(str::to_string).unwrap_or_else(|| {
        match language {
            "json" => "application/json",
            "xml" => "application/xml",
            "html" => "text/html",
            "javascript" => "application/javascript",
            _ => "text/plain",
        }
        .to_string()
    });
    let docs = vec![format!("The body, sent as `{}`.", docs::code_safe(&content_type))];
    fields.push(whole_body(scope, docs, TypeRef::String, Location::TextBody, Some(raw)));
    BodyKind::Text { content_type }
}

fn graphql(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    body: &postman::Body,
    fields: &mut Vec<RequestField>,
) -> BodyKind {
    let graphql = body.graphql.as_ref();
    let text = |key: &str| {
        let value = graphql.and_then(|g| g.get(key));
        match value {
            Some(Value::String(text)) => context.variables.resolve(text),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    };
    let query = text("query");
    let variables = text("variables");
    if !variables.trim().is_empty() {
        let ty = match serde_json::from_str::<Value>(&variables) {
            Ok(json) => {
                let docs = vec![format!("The GraphQL variables of `{}`.", docs::code_safe(&context.item))];
                let names = fields::type_names(context, "variables");
                lowerer.types.shape_type(&shapes::of(&json), &names, &docs, context.owner)
            }
            Err(_) => TypeRef::Json,
        };
        fields.push(RequestField {
            field: Field {
                name: Name { rust: scope.claim("variables"), wire: "variables".to_string() },
                docs: vec!["The GraphQL variables sent with the query.".to_string()],
                ty,
                required: true,
                deprecated: None,
                example: Some(variables),
                dynamic_default: None,
            },
            location: Location::GraphqlVariables,
            repeated: false,
            disabled: false,
            brackets: None,
        });
    }
    BodyKind::Graphql { query }
}

/// JSON with `//` and `/* */` comments, as Postman allows and strips: each comment is
/// removed (a line comment up to its line's end), strings are left as they are.
/// `json_comments` finds the comments (it blanks each one in place); the blanked spans are cut.
fn strip_json_comments(raw: &str) -> String {
    use std::io::Read as _;
    let mut blanked = Vec::with_capacity(raw.len());
    if json_comments::CommentSettings::c_style().strip_comments(raw.as_bytes()).read_to_end(&mut blanked).is_err()
        || blanked.len() != raw.len()
    {
        return raw.to_string();
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < bytes.len() {
        let opens = bytes[i] == b'/' && blanked[i] == b' ' && matches!(bytes.get(i + 1), Some(b'/' | b'*'));
        if !opens {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let rest = &raw[i..];
        let end = if bytes[i + 1] == b'/' {
            rest.find('\n').unwrap_or(rest.len())
        } else {
            rest[2..].find("*/").map_or(rest.len(), |end| end + 4)
        };
        i += end;
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::strip_json_comments;

    #[test]
    fn comments_are_removed_and_strings_kept() {
        assert_eq!(strip_json_comments("{\"a\": 1, // one\n\"b\": /* two */ 2}"), "{\"a\": 1, \n\"b\":  2}");
        assert_eq!(strip_json_comments("{\"url\": \"http://x/*y*/\"} // end"), "{\"url\": \"http://x/*y*/\"} ");
        assert_eq!(strip_json_comments("{\"color\": 1} # not a comment"), "{\"color\": 1} # not a comment");
        // Text json_comments cannot read through (an unterminated block comment) is left as is.
        assert_eq!(strip_json_comments("a /* open"), "a /* open");
        assert_eq!(strip_json_comments("é // ü\nß"), "é \nß");
    }
}
