//! Which runtime helpers and client parts the operations of a collection need, so that a crate
//! gets only those (and has no dead code).

use crate::ir::{Api, AuthKind, BodyKind, Brackets, Location, PageKind, Success, TypeKind, TypeRef};

const STANDARD_METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "CONNECT", "PATCH", "TRACE"];

/// Whether `reqwest::Method` has a constant for `method`.
pub fn is_standard_method(method: &str) -> bool {
    STANDARD_METHODS.contains(&method)
}

/// Which helpers the operations of `api` call.
#[derive(Debug, Default)]
pub struct Uses {
    /// The collection has operations (a crate without any sends nothing).
    pub operations: bool,
    pub path_params: bool,
    pub query: bool,
    pub headers: bool,
    pub urlencoded: bool,
    pub multipart: bool,
    pub text_parts: bool,
    pub file_parts: bool,
    pub files: bool,
    pub json_text: bool,
    pub custom_method: bool,
    pub optional_json: bool,
    /// Operations whose success is JSON, text, raw bytes or nothing to decode.
    pub json: bool,
    pub text: bool,
    pub bytes: bool,
    /// Operations whose success is a file or other binary body, read as a stream.
    pub binary: bool,
    pub empty: bool,
    pub graphql: bool,
    /// Dynamic variables in field defaults and in JSON bodies.
    pub dynamic_values: bool,
    pub dynamic_json: bool,
    /// Bracket-notation lists and maps.
    pub indexed: bool,
    /// Operations that page, by kind, and whose items are untyped JSON.
    pub pagination: bool,
    pub page_token: bool,
    pub starting_after: bool,
    pub offset: bool,
    pub page_number: bool,
    pub link: bool,
    pub json_items: bool,
    pub keyed: bool,
    pub hosts: bool,
    pub bearer: bool,
    pub oauth2_header: bool,
    pub oauth2_query: bool,
    pub basic: bool,
    pub key_header: bool,
    pub key_query: bool,
    /// An item's own `Authorization: <scheme> <credential>` header.
    pub auth_header: bool,
    /// OAuth 1.0 and AWS Signature Version 4, signed by the client.
    pub oauth1: bool,
    pub awsv4: bool,
    pub digest: bool,
    /// An OAuth 2.0 token the client gets itself.
    pub oauth2_token: bool,
    pub signed: bool,
}

pub fn uses(api: &Api) -> Uses {
    let mut uses = Uses { operations: !api.operations.is_empty(), ..Uses::default() };
    for op in &api.operations {
        uses.path_params |= !op.path_params.is_empty();
        uses.multipart |= op.body == BodyKind::Multipart;
        uses.urlencoded |= op.body == BodyKind::Urlencoded;
        uses.graphql |= matches!(op.body, BodyKind::Graphql { .. });
        uses.dynamic_json |= matches!(op.body, BodyKind::Json { dynamic: true, .. });
        uses.custom_method |= !is_standard_method(&op.method);
        uses.optional_json |= matches!(op.success, Success::OptionalJson(_));
        if let Some(pagination) = &op.pagination {
            uses.pagination = true;
            uses.page_token |= matches!(pagination.kind, PageKind::Token { .. });
            uses.starting_after |= pagination.kind == PageKind::StartingAfter;
            uses.offset |= matches!(pagination.kind, PageKind::Offset { .. });
            uses.page_number |= pagination.kind == PageKind::PageNumber;
            uses.link |= pagination.kind == PageKind::Link;
            uses.json_items |= pagination.typed_items.is_none();
        }
        uses.json |= matches!(op.success, Success::Json(_));
        uses.text |= op.success == Success::Text;
        uses.bytes |= op.success == Success::Raw;
        uses.binary |= op.success == Success::Binary;
        uses.empty |= op.success == Success::Empty;
        uses.hosts |= op.host.is_some();
        for field in &op.request.fields {
            let element = match &field.field.ty {
                TypeRef::List(inner) if field.repeated || field.brackets.is_some() => inner.as_ref(),
                TypeRef::Map(inner) => inner.as_ref(),
                other => other,
            };
            let file = *element == TypeRef::File;
            uses.files |= file;
            uses.query |= field.location == Location::Query;
            uses.headers |= field.location == Location::Header;
            uses.file_parts |= field.location == Location::FormPart && file;
            uses.text_parts |= field.location == Location::FormPart && !file;
            uses.dynamic_values |= field.field.dynamic_default.is_some();
            uses.indexed |= field.brackets == Some(Brackets::Indexed);
            uses.keyed |= field.brackets == Some(Brackets::Keyed);
            let as_text = matches!(
                field.location,
                Location::Query | Location::Header | Location::FormPart | Location::Urlencoded
            );
            uses.json_text |= as_text && !file && !is_display(api, element);
        }
    }
    uses.oauth2_token = api.credentials.iter().any(|credential| credential.grant.is_some());
    for kind in &api.auth_kinds {
        match kind {
            AuthKind::Bearer => uses.bearer = true,
            AuthKind::OAuth2 { in_query: false, .. } => uses.oauth2_header = true,
            AuthKind::OAuth2 { in_query: true, .. } => uses.oauth2_query = true,
            AuthKind::Basic => uses.basic = true,
            AuthKind::ApiKey { in_query: false, .. } => uses.key_header = true,
            AuthKind::ApiKey { in_query: true, .. } => uses.key_query = true,
            AuthKind::Header { .. } => uses.auth_header = true,
            AuthKind::OAuth1(_) => uses.oauth1 = true,
            AuthKind::AwsV4(_) => uses.awsv4 = true,
            AuthKind::Digest(_) => uses.digest = true,
            AuthKind::Signed { .. } => uses.signed = true,
        }
    }
    uses
}

/// Types sent as their `Display` text; all others are sent as JSON text.
pub fn is_display(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Bool | TypeRef::Integer | TypeRef::Float => true,
        TypeRef::Named(id) => matches!(api.types[*id].kind, TypeKind::Enum(_)),
        TypeRef::Json | TypeRef::List(_) | TypeRef::Map(_) | TypeRef::File | TypeRef::Bytes => false,
    }
}
