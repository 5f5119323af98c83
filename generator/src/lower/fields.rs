//! Query parameters, headers and form fields → request struct fields, typed from their hints.

use serde_json::Value;

use super::context::{Context, Lowerer};
use super::{docs, hints, shapes};
use crate::ir::{Brackets, Field, Location, Name, RequestField, TypeRef};
use crate::naming::{self, Scope};

/// Type names too generic to stand alone; they get the operation's name as a prefix.
const GENERIC_TYPE_NAMES: &[&str] = &[
    "Type",
    "Kind",
    "Status",
    "Action",
    "Name",
    "Value",
    "Id",
    "Data",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Self_",
    "Item",
    "Items",
    "Body",
    "Request",
    "Response",
    "Mode",
    "State",
    "Format",
    "Order",
    "Sort",
    "Field",
    "Object",
    "Variables",
];

/// Postman's dynamic variables the generated client produces at call time.
pub const DYNAMIC_VARIABLES: &[&str] = &["$guid", "$randomUUID", "$timestamp", "$isoTimestamp", "$randomInt"];

/// Whether `text` holds one of Postman's dynamic variables (`{{$guid}}`, …).
pub fn has_dynamic_variable(text: &str) -> bool {
    text.contains("{{$") && DYNAMIC_VARIABLES.iter().any(|name| text.contains(&format!("{{{{{name}}}}}")))
}

/// One parameter as the collection writes it.
#[derive(Debug, Clone, Default)]
pub(super) struct Param {
    pub key: String,
    pub value: Option<String>,
    pub description: String,
    pub disabled: bool,
    /// For file form fields: the source path and content type the collection names.
    pub file: Option<(Option<String>, Option<String>)>,
}

/// Fields for the parameters at one location; a key given more than once becomes one list field.
/// In a query or urlencoded body, bracket keys become one field as well: `expand[0]`,
/// `expand[1]` a list, `metadata[key]` a map (see `brackets`).
pub(super) fn lower(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    params: Vec<Param>,
    location: Location,
) -> Vec<RequestField> {
    let mut groups: Vec<(String, Option<Brackets>, Vec<Param>)> = Vec::new();
    let bracketed =
        if matches!(location, Location::Query | Location::Urlencoded) { brackets(&params) } else { Vec::new() };
    for param in params {
        let group = match bracketed
            .iter()
            .find(|(key, _)| param.key.strip_prefix(key.as_str()).is_some_and(|rest| rest.starts_with('[')))
        {
            Some((base, kind)) => (base.clone(), Some(*kind)),
            None => (param.key.clone(), None),
        };
        match groups.iter_mut().find(|(key, kind, _)| *key == group.0 && *kind == group.1) {
            Some((_, _, members)) => members.push(param),
            None => groups.push((group.0, group.1, vec![param])),
        }
    }
    groups
        .into_iter()
        .map(|(key, kind, group)| match kind {
            Some(kind) => bracket_field(lowerer, context, scope, &key, kind, &group, location),
            None => field(lowerer, context, scope, &key, &group, location),
        })
        .collect()
}

/// `base[inner]`: the key's base and the text in its one pair of brackets.
fn split_brackets(key: &str) -> Option<(&str, &str)> {
    let (base, rest) = key.split_once('[')?;
    let inner = rest.strip_suffix(']')?;
    let plain = |text: &str| !text.is_empty() && !text.contains(['[', ']']);
    (plain(base) && plain(inner)).then_some((base, inner))
}

/// The bases whose keys form a bracket list or map: `name[0]`, `name[1]`, … (every index from
/// 0 once, in order, all enabled or all disabled) is a list; `metadata[…]`, the keys an API
/// lets the caller choose, is a map. A base that is also a key of its own, or whose keys nest
/// further (`discounts[0][coupon]`), stays as it is.
fn brackets(params: &[Param]) -> Vec<(String, Brackets)> {
    let mut bases: Vec<(String, Vec<&Param>)> = Vec::new();
    for param in params {
        if let Some((base, _)) = split_brackets(&param.key) {
            match bases.iter_mut().find(|(key, _)| key == base) {
                Some((_, members)) => members.push(param),
                None => bases.push((base.to_string(), vec![param])),
            }
        }
    }
    bases
        .into_iter()
        .filter(|(base, _)| {
            !params
                .iter()
                .any(|p| p.key == *base || (p.key.starts_with(&format!("{base}[")) && split_brackets(&p.key).is_none()))
        })
        .filter(|(_, members)| members.iter().all(|p| p.disabled == members[0].disabled))
        .filter_map(|(base, members)| {
            let inners: Vec<&str> =
                members.iter().filter_map(|p| split_brackets(&p.key).map(|(_, inner)| inner)).collect();
            let indexed = inners.iter().enumerate().all(|(at, inner)| *inner == at.to_string());
            let keyed =
                base == "metadata" && inners.iter().enumerate().all(|(at, inner)| !inners[..at].contains(inner));
            match (indexed, keyed) {
                (true, _) => Some((base, Brackets::Indexed)),
                (false, true) => Some((base, Brackets::Keyed)),
                _ => None,
            }
        })
        .collect()
}

/// One field for a bracket list or map: its values (or entries) are sent under `base[…]`.
fn bracket_field(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    base: &str,
    kind: Brackets,
    group: &[Param],
    location: Location,
) -> RequestField {
    let description = group.iter().map(|p| p.description.as_str()).find(|d| !d.trim().is_empty()).unwrap_or_default();
    let entries: Vec<(String, String)> = group
        .iter()
        .map(|p| {
            let inner = split_brackets(&p.key).map_or("", |(_, inner)| inner).to_string();
            (inner, context.variables.resolve(p.value.as_deref().unwrap_or_default()))
        })
        .collect();
    let mut field_docs = docs::clean(description);
    if field_docs.is_empty() {
        field_docs.push(format!("The `{}` {}.", docs::code_safe(base), location_noun(location)));
    }
    let (sent_as, ty, example) = match kind {
        Brackets::Indexed => {
            let values: Vec<&String> = entries.iter().map(|(_, value)| value).collect();
            let element = field_type(lowerer, context, base, Some(values[0].as_str()), description, location);
            (
                format!("`{0}[0]`, `{0}[1]`, … in order", docs::code_safe(base)),
                TypeRef::List(Box::new(element)),
                serde_json::to_string(&values).ok(),
            )
        }
        Brackets::Keyed => {
            let map: serde_json::Map<String, Value> =
                entries.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect();
            (
                format!("`{}[key]` for each entry, in order", docs::code_safe(base)),
                TypeRef::Map(Box::new(TypeRef::String)),
                serde_json::to_string(&map).ok(),
            )
        }
    };
    field_docs.push(String::new());
    field_docs.push(format!("Sent as {sent_as}."));
    let examples: Vec<String> = entries.iter().filter_map(|(_, v)| docs::example_line(v)).collect();
    if !examples.is_empty() {
        field_docs.push(String::new());
        field_docs.extend(examples);
    }
    RequestField {
        field: Field {
            name: Name { rust: scope.claim(&naming::snake(base, "field")), wire: base.to_string() },
            docs: field_docs,
            ty,
            required: false,
            deprecated: hints::deprecation(description),
            example,
            dynamic_default: None,
        },
        location,
        repeated: false,
        disabled: group.iter().all(|p| p.disabled),
        brackets: Some(kind),
    }
}

fn field(
    lowerer: &mut Lowerer,
    context: &Context<'_>,
    scope: &mut Scope,
    key: &str,
    group: &[Param],
    location: Location,
) -> RequestField {
    let description = group.iter().map(|p| p.description.as_str()).find(|d| !d.trim().is_empty()).unwrap_or_default();
    let repeated = group.len() > 1;
    // Of a repeated key, the enabled entries are what Postman sends; disabled ones only document.
    let sent: Vec<&Param> = group.iter().filter(|p| !p.disabled).collect();
    let sent = if sent.is_empty() { group.iter().collect() } else { sent };
    let values: Vec<String> =
        sent.iter().map(|p| context.variables.resolve(p.value.as_deref().unwrap_or_default())).collect();
    // A key without a value is still sent (`?flag`), as an empty value.
    let first = Some(values[0].clone());
    let mut field_docs = docs::clean(description);
    if field_docs.is_empty() {
        field_docs.push(match key {
            "" => format!("The {} with an empty name (sent as `=`, its value after it).", location_noun(location)),
            key => format!("The `{}` {}.", docs::code_safe(key), location_noun(location)),
        });
    }
    let element = match &group[0].file {
        Some((src, content_type)) => {
            let mut line = "A file part".to_string();
            if let Some(src) = src.as_deref().filter(|s| !s.is_empty()) {
                line.push_str(&format!("; the collection sends `{}`", docs::code_safe(src)));
            }
            if let Some(content_type) = content_type.as_deref().filter(|s| !s.is_empty()) {
                line.push_str(&format!(" as `{}`", docs::code_safe(content_type)));
            }
            field_docs.extend([String::new(), format!("{line}.")]);
            TypeRef::File
        }
        None => {
            let examples: Vec<String> = values.iter().filter_map(|v| docs::example_line(v)).collect();
            if !examples.is_empty() {
                field_docs.push(String::new());
                field_docs.extend(examples);
            }
            field_type(lowerer, context, key, first.as_deref(), description, location)
        }
    };
    let dynamic_default = (!repeated && element == TypeRef::String)
        .then(|| first.clone())
        .flatten()
        .filter(|value| has_dynamic_variable(value));
    if let Some(template) = &dynamic_default {
        field_docs.push(String::new());
        field_docs.push(format!(
            "When `None`, the client sends `{}` with its Postman dynamic variables produced at call time.",
            docs::code_safe(template)
        ));
    }
    let required =
        !repeated && dynamic_default.is_none() && hints::is_required(description) && group.iter().all(|p| !p.disabled);
    // A file's example is the path the collection sends it from.
    let file_src = group[0].file.as_ref().and_then(|(src, _)| src.clone());
    let example = match file_src {
        Some(src) => Some(src),
        None if repeated => serde_json::to_string(&values).ok(),
        None => first,
    };
    RequestField {
        field: Field {
            name: Name { rust: scope.claim(&naming::snake(key, "field")), wire: key.to_string() },
            docs: field_docs,
            ty: if repeated { TypeRef::List(Box::new(element)) } else { element },
            required,
            deprecated: hints::deprecation(description),
            example,
            dynamic_default,
        },
        location,
        repeated,
        disabled: group.iter().all(|p| p.disabled),
        brackets: None,
    }
}

fn location_noun(location: Location) -> &'static str {
    match location {
        Location::Query => "query parameter",
        Location::Header => "header",
        Location::FormPart | Location::Urlencoded => "form field",
        Location::JsonBody | Location::TextBody | Location::BinaryBody => "body",
        Location::GraphqlVariables => "GraphQL variables",
    }
}

/// The names for a field's enum or struct, best first: the field's own name unless that is too
/// generic, then the operation's name and the field's.
pub(super) fn type_names(context: &Context<'_>, key: &str) -> Vec<String> {
    let own = naming::camel(key, "Value");
    let qualified = format!("{}{own}", context.prefix);
    if GENERIC_TYPE_NAMES.contains(&own.as_str()) { vec![qualified] } else { vec![own, qualified] }
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
        return lowerer.types.enum_type(&type_names(context, key), &docs, values, context.owner);
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
        return lowerer.types.shape_type(&shapes::of(&json), &type_names(context, key), &docs, context.owner);
    }
    TypeRef::String
}
