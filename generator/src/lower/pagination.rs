//! Recognizes how a list operation pages, from its query parameters and its example response:
//! a page token, Stripe's `starting_after` with `has_more`, an offset, or a page number.

use super::types::TypeTable;
use crate::ir::{Location, Operation, PageKind, Pagination, Success, TypeKind, TypeRef};
use crate::naming::Scope;

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

/// The operation's pagination: `Ok(None)` when it does not page, `Err` (why) when it seems to
/// but its items cannot be told.
pub fn detect(op: &Operation, types: &TypeTable, scope: &mut Scope) -> Result<Option<Pagination>, String> {
    let Some(request) = &op.request else { return Ok(None) };
    let query = |wire: &str| request.fields.iter().find(|f| f.location == Location::Query && f.field.name.wire == wire);
    let (kind, field) = if let Some((param, nexts)) = TOKEN_PARAMS.iter().find(|(param, _)| query(param).is_some()) {
        let next = nexts.iter().find(|next| has_pointer(types, &op.success, next)).unwrap_or(&nexts[0]);
        (PageKind::Token { next: next.to_string() }, query(param))
    } else if let Some(field) = query("starting_after") {
        (PageKind::StartingAfter, Some(field))
    } else if let Some(field) = query("offset") {
        (PageKind::Offset { limit: query("limit").map(|f| f.field.name.rust.clone()) }, Some(field))
    } else if let Some(page) = PAGE_PARAMS.iter().find_map(|param| query(param)) {
        (PageKind::PageNumber, Some(page))
    } else {
        return Ok(None);
    };
    let Some(field) = field else { return Ok(None) };
    let integer = match &field.field.ty {
        TypeRef::Integer => true,
        TypeRef::String => false,
        _ => return Err(format!("`{}` is neither text nor an integer", field.field.name.wire)),
    };
    if matches!(kind, PageKind::Token { .. } | PageKind::StartingAfter) && integer {
        return Err(format!("`{}` is an integer, not a token", field.field.name.wire));
    }
    let (items, typed_items) = items(op, types, &kind)?;
    Ok(Some(Pagination {
        kind,
        field: field.field.name.rust.clone(),
        integer,
        items,
        typed_items,
        pages_method: scope.claim(&format!("{}_pages", op.name.trim_end_matches('_'))),
        items_method: scope.claim(&format!("{}_items", op.name.trim_end_matches('_'))),
    }))
}

/// The struct fields of the success type, if it is a typed object.
fn success_fields<'a>(types: &'a TypeTable, success: &Success) -> Option<&'a [crate::ir::Field]> {
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

/// Where the items are: the one list at the top of a typed response (its field and element
/// type), or Stripe's `data` in an untyped one.
fn items(op: &Operation, types: &TypeTable, kind: &PageKind) -> Result<(String, Option<(String, TypeRef)>), String> {
    let Some(fields) = success_fields(types, &op.success) else {
        return match kind {
            PageKind::StartingAfter => Ok(("/data".to_string(), None)),
            _ => Err("its response has no example showing where the items are".to_string()),
        };
    };
    let lists: Vec<(&crate::ir::Field, &TypeRef)> = fields
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
    Ok((pointer, Some((list.name.rust.clone(), (*element).clone()))))
}
