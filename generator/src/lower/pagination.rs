//! Recognizes how a list operation pages, from its request and its example response: a `Link`
//! header naming the next page, a page token in the query, Stripe's `starting_after` with
//! `has_more`, an offset, a page number, or a cursor in the JSON body.

use super::types::TypeTable;
use crate::ir::{
    Field, Location, Operation, PageKind, Pagination, RequestField, Success, TypeKind, TypeRef, TypedItems,
};

/// Query parameters that carry a page token, and where each API puts the next one (the first
/// that the example response shows, else the first).
const TOKEN_PARAMS: &[(&str, &[&str])] = &[
    ("next_page_token", &["/next_page_token", "/nextPageToken"]),
    ("page_token", &["/next_page_token", "/nextPageToken"]),
    ("pageToken", &["/nextPageToken", "/next_page_token"]),
    ("pagination_token", &["/meta/next_token", "/next_token"]),
    ("next_token", &["/meta/next_token", "/next_token"]),
    ("cursor", &["/next_cursor", "/meta/next_cursor", "/cursor"]),
    ("continuation_token", &["/continuation_token", "/continuationToken"]),
];

const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];

/// The request member that moves to the next page.
struct Target<'a> {
    path: Vec<String>,
    field: &'a Field,
}

/// The operation's pagination: `Ok(None)` when it does not page, `Err` (why) when it seems to
/// but its items cannot be told.
pub fn detect(op: &Operation, types: &TypeTable) -> Result<Option<Pagination>, String> {
    if op.success == Success::Binary {
        return Ok(None);
    }
    let fields = &op.request.fields[..];
    let query = |wire: &str| {
        fields
            .iter()
            .find(|f| f.location == Location::Query && f.field.name.wire == wire)
            .map(|f| Target { path: vec![f.field.name.rust.clone()], field: &f.field })
    };
    // A token target, with where the next token is: the first the example shows, else the first.
    let token = |nexts: &[&str]| {
        let next = nexts.iter().find(|next| has_pointer(types, &op.success, next)).unwrap_or(&nexts[0]);
        PageKind::Token { next: next.to_string() }
    };
    let found = if op.responses.iter().any(|r| r.is_success() && r.next_link) {
        Some((PageKind::Link, None))
    } else if let Some(found) = TOKEN_PARAMS.iter().find_map(|(param, nexts)| Some((token(nexts), Some(query(param)?))))
    {
        Some(found)
    } else if let Some(target) = query("starting_after") {
        Some((PageKind::StartingAfter, Some(target)))
    } else if let Some(target) = query("offset") {
        let limit = query("limit").map(|limit| limit.field.name.rust.clone());
        Some((PageKind::Offset { limit }, Some(target)))
    } else if let Some(target) = PAGE_PARAMS.iter().find_map(|param| query(param)) {
        Some((PageKind::PageNumber, Some(target)))
    } else {
        TOKEN_PARAMS.iter().find_map(|(param, nexts)| Some((token(nexts), Some(body_member(fields, types, param)?))))
    };
    let Some((kind, target)) = found else { return Ok(None) };
    let (field, wire, integer, required) = match target {
        None => (Vec::new(), String::new(), false, false),
        Some(Target { path, field }) => {
            let integer = match &field.ty {
                TypeRef::Integer => true,
                TypeRef::String => false,
                _ => return Err(format!("`{}` is neither text nor an integer", field.name.wire)),
            };
            if matches!(kind, PageKind::Token { .. } | PageKind::StartingAfter) && integer {
                return Err(format!("`{}` is an integer, not a token", field.name.wire));
            }
            (path, field.name.wire.clone(), integer, field.required)
        }
    };
    let (items, typed_items) = items(op, types, &kind)?;
    Ok(Some(Pagination { kind, field, wire, integer, required, items, typed_items }))
}

/// The member named `wire` of the operation's (required, typed) JSON body.
fn body_member<'a>(fields: &'a [RequestField], types: &'a TypeTable, wire: &str) -> Option<Target<'a>> {
    let body = fields.iter().find(|f| f.location == Location::JsonBody && f.field.required)?;
    let TypeRef::Named(id) = &body.field.ty else { return None };
    let TypeKind::Struct(members) = &types.def(*id).kind else { return None };
    let member = members.iter().find(|m| m.name.wire == wire)?;
    Some(Target { path: vec![body.field.name.rust.clone(), member.name.rust.clone()], field: member })
}

/// The struct fields of the success type, if it is a typed object.
fn success_fields<'a>(types: &'a TypeTable, success: &Success) -> Option<&'a [Field]> {
    let (Success::Json(TypeRef::Named(id)) | Success::OptionalJson(TypeRef::Named(id))) = success else { return None };
    match &types.def(*id).kind {
        TypeKind::Struct(fields) => Some(fields),
        TypeKind::Enum(_) => None,
    }
}

/// Whether the success type has the member at `pointer` (`/a` or `/a/b`).
fn has_pointer(types: &TypeTable, success: &Success, pointer: &str) -> bool {
    let mut fields = success_fields(types, success);
    let mut keys = pointer.trim_start_matches('/').split('/').peekable();
    while let (Some(key), Some(list)) = (keys.next(), fields) {
        let Some(field) = list.iter().find(|f| f.name.wire == key) else { return false };
        if keys.peek().is_none() {
            return true;
        }
        fields = match &field.ty {
            TypeRef::Named(id) => match &types.def(*id).kind {
                TypeKind::Struct(fields) => Some(fields),
                TypeKind::Enum(_) => None,
            },
            _ => None,
        };
    }
    false
}

/// Where the items are: a response that is itself a list, the one list at the top of a typed
/// response (its field and element type), or `data` in an untyped one that pages as Stripe's
/// or Twitter's lists do.
fn items(op: &Operation, types: &TypeTable, kind: &PageKind) -> Result<(String, Option<TypedItems>), String> {
    if let Success::Json(TypeRef::List(element)) | Success::OptionalJson(TypeRef::List(element)) = &op.success {
        return Ok((String::new(), Some(TypedItems { list: None, element: element.as_ref().clone() })));
    }
    let Some(fields) = success_fields(types, &op.success) else {
        return match kind {
            // Stripe's lists, and those that page by a token in `meta` (Twitter, JSON:API),
            // keep their items in `data`.
            PageKind::StartingAfter => Ok(("/data".to_string(), None)),
            PageKind::Token { next } if next.starts_with("/meta/") => Ok(("/data".to_string(), None)),
            _ => Err("its response has no example showing where the items are".to_string()),
        };
    };
    let lists: Vec<(&Field, &TypeRef)> = fields
        .iter()
        .filter_map(|f| match &f.ty {
            TypeRef::List(element) => Some((f, element.as_ref())),
            _ => None,
        })
        .collect();
    let (list, element) = match lists.as_slice() {
        [one] => one,
        [] => return Err("its example response has no list of items".to_string()),
        several => match several.iter().find(|(f, _)| f.name.wire == "data") {
            Some(data) => data,
            None => {
                let names: Vec<String> = several.iter().map(|(f, _)| format!("`{}`", f.name.wire)).collect();
                return Err(format!("its example response has several lists ({})", names.join(", ")));
            }
        },
    };
    let pointer = format!("/{}", list.name.wire.replace('~', "~0").replace('/', "~1"));
    Ok((pointer, Some(TypedItems { list: Some(list.name.rust.clone()), element: (*element).clone() })))
}
