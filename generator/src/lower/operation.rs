//! One request item → one IR operation.

use std::borrow::Cow;

use super::context::{Auth, Context, Lowerer, Variables, config_path};
use super::fields::{self, Param};
use super::types::Owner;
use super::{body, docs, hints, responses, url};
use crate::ir::{self, AuthKind, CredentialKind, Location, ModuleId, Operation, PathParam, PathPart, RequestStruct};
use crate::naming::{self, Scope};
use crate::postman::{self, Headers, Item, Request, RequestObject};

/// Methods whose bodies Postman drops unless `disableBodyPruning` is set.
const PRUNED_BODY_METHODS: &[&str] = &["GET", "COPY", "HEAD", "PURGE", "UNLOCK"];

/// A request item, and the name its operation is named from: its own without an ordinal
/// prefix (see [`naming::sibling_names`]).
pub(super) struct Named<'a> {
    pub item: &'a Item,
    pub request: &'a Request,
    pub named_as: &'a str,
}

pub(super) fn lower(
    lowerer: &mut Lowerer,
    Named { item, request, named_as }: Named<'_>,
    module: ModuleId,
    item_path: Vec<String>,
    auth: Auth,
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
    // Postman sends the method upper-cased (`get` is sent as `GET`).
    let method =
        request.method.as_deref().map(str::trim).filter(|m| !m.is_empty()).unwrap_or("GET").to_ascii_uppercase();
    let name = method_name(lowerer, module, named_as, &item_path, &method);
    let context = Context {
        item: display.clone(),
        prefix: naming::camel_prefix(&name, "Operation"),
        owner: Owner { operation: lowerer.api.operations.len(), response: false },
        variables,
    };
    let url = url::parts(request.url.as_ref());
    note_origin(lowerer, &url.origin, variables, &display);

    let (path, path_params, path_template) = path(&url, variables);
    if url.path.iter().any(|segment| segment == "." || segment == "..") {
        lowerer.warn(
            super::context::WarningKind::DotSegments,
            &display,
            format!(
                "the path has `.` or `..` segments: it is sent resolved, as `{path_template}`, as every URL library \
                 resolves them (RFC 3986 §5.2.4)"
            ),
        );
    }
    // The request's inputs are fields of one builder, path parameters included; its own
    // methods and the locals of its `send` keep their names.
    let mut scope = Scope::with_reserved(crate::naming::reserved::request_methods());
    for param in &path_params {
        scope.claim(&param.name);
    }
    let query = url::as_sent(url.query.clone(), &|text| variables.resolve(text));
    let query = query.iter().map(|q| Param {
        key: url::decode_query(&q.key),
        value: q.value.as_deref().map(url::decode_query),
        description: q.description.clone(),
        disabled: q.disabled,
        file: None,
    });
    let mut fields = fields::lower(lowerer, &context, &mut scope, query.collect(), Location::Query);
    let (mut headers, content_type, accept) = headers(request.header.as_ref());
    let OpAuth { kind: auth, values: auth_values, from_header: auth_from_header, source } =
        credentials(lowerer, &display, auth, &mut headers, variables);
    let credential = credential(lowerer, auth.as_ref(), &auth_values, source);
    let headers = headers.into_iter().map(|h| Param {
        disabled: h.is_disabled(),
        key: h.key,
        value: h.value,
        description: h.description.as_ref().map(|d| d.text().to_string()).unwrap_or_default(),
        file: None,
    });
    fields.extend(fields::lower(lowerer, &context, &mut scope, headers.collect(), Location::Header));
    let keeps_body = item
        .protocol_profile_behavior
        .as_ref()
        .and_then(|p| p.get("disableBodyPruning"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let request_body = match request.body.as_ref() {
        // Postman prunes the bodies of these methods unless the item says not to.
        Some(body) if !keeps_body && PRUNED_BODY_METHODS.contains(&method.to_ascii_uppercase().as_str()) => {
            if body.mode.is_some() {
                lowerer.warn(
                    super::context::WarningKind::PrunedBody,
                    &display,
                    format!("the {method} body is not sent, as Postman does; set `protocolProfileBehavior.disableBodyPruning` to send it"),
                );
            }
            None
        }
        other => other,
    };
    let body = body::lower(lowerer, &context, &mut scope, request_body, content_type.as_deref(), &mut fields);

    let description =
        request.description.as_ref().or(item.description.as_ref()).map(|d| d.text().to_string()).unwrap_or_default();
    // Named with the types, module by module (`TypeTable::name`).
    let request_struct = RequestStruct { name: format!("{}Request", context.prefix), fields };
    let (responses, success, error) = responses::lower(lowerer, &context, &item.response, accept.as_deref());
    let mut operation = Operation {
        item_path,
        module,
        name,
        summary: item_name,
        description: docs::clean(&description),
        deprecated: hints::deprecation(&description),
        method,
        path_template,
        path,
        path_params,
        host: None,
        content_type: content_type.clone(),
        accept: accept.clone(),
        auth,
        credential,
        auth_values,
        auth_from_header,
        request: request_struct,
        body,
        responses,
        success,
        error,
        pagination: None,
        aliases: Default::default(),
    };
    match super::pagination::detect(&operation, &lowerer.types) {
        Ok(pagination) => operation.pagination = pagination,
        Err(why) => lowerer.warn(
            super::context::WarningKind::NoPagination,
            &display,
            format!("the operation seems to page, but {why}: no page or item streams"),
        ),
    }
    operation
}

/// Counts the request's origin (its scheme and host, variables resolved), written as `written`,
/// for the base URL and the hosts.
fn note_origin(lowerer: &mut Lowerer, written: &str, variables: &Variables, display: &str) {
    let origin = variables.resolve(written);
    // Postman sends a URL without a scheme over http.
    let origin = if origin.is_empty() || origin.contains("://") || origin.starts_with("{{") {
        origin
    } else {
        format!("http://{origin}")
    };
    *lowerer.origins.entry(origin.clone()).or_default() += 1;
    lowerer.origin_templates.entry(origin.clone()).or_insert_with(|| written.to_string());
    lowerer.op_origins.push((display.to_string(), origin));
}

/// The credential an operation's auth uses (added to the crate's when it is new); `None`
/// without auth, or for a signing scheme left to the program.
fn credential(
    lowerer: &mut Lowerer,
    auth: Option<&AuthKind>,
    auth_values: &[(String, String)],
    source: Vec<String>,
) -> Option<usize> {
    match auth {
        None | Some(AuthKind::Signed { .. }) => None,
        Some(kind) => {
            let class = match kind {
                AuthKind::Basic | AuthKind::Digest(_) => CredentialKind::Basic,
                AuthKind::OAuth1(_) => CredentialKind::OAuth1,
                AuthKind::AwsV4(_) => CredentialKind::AwsV4,
                _ => CredentialKind::Secret,
            };
            let value =
                |key: &str| auth_values.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
            // An OAuth 2.0 token the client can get itself, from the collection's token URL.
            let grant = match value("grant_type").as_str() {
                "client_credentials" => Some("client_credentials"),
                "password" | "password_credentials" => Some("password"),
                "refresh_token" => Some("refresh_token"),
                "authorization_code" | "authorization_code_with_pkce" if !value("refreshToken").is_empty() => {
                    Some("refresh_token")
                }
                _ => None,
            }
            .filter(|_| value("accessTokenUrl").contains("://"))
            .map(|grant| {
                let oauth2 = ir::OAuth2Grant {
                    grant: grant.to_string(),
                    token_url: value("accessTokenUrl"),
                    scope: value("scope"),
                    client_in_body: value("client_authentication") == "body",
                };
                (oauth2, String::new())
            });
            let values = match class {
                // A secret is the first value; an OAuth 2.0 block's grant settings follow it.
                CredentialKind::Secret => auth_values.iter().take(1).map(|(_, value)| value.clone()).collect(),
                _ => auth_values.iter().map(|(_, value)| value.clone()).collect(),
            };
            Some(lowerer.credential(class, source, values, grant))
        }
    }
}

/// The operation's method name: the config's rename, or the item's name (with its HTTP method
/// when its client already has a method of that name).
fn method_name(lowerer: &mut Lowerer, module: ModuleId, item_name: &str, item_path: &[String], method: &str) -> String {
    // Items that share a name but not a method (GET and HEAD of one path) are told apart by it.
    let candidate = naming::method(item_name);
    let renamed = lowerer.operation_names.get_mut(&config_path(item_path)).map(|(name, matched)| {
        *matched = true;
        name.clone()
    });
    let scope = &mut lowerer.scopes[module];
    if let Some(renamed) = renamed {
        if renamed != naming::snake(&renamed, "method") || scope.contains(&renamed) {
            lowerer.rename_errors.push(format!(
                "`rename.operations`: `{}` cannot be named `{renamed}`: {}",
                config_path(item_path),
                if scope.contains(&renamed) {
                    "its client already has a method of that name"
                } else {
                    "not a snake_case Rust name"
                }
            ));
        }
        scope.claim(&renamed)
    } else if scope.contains(&candidate) {
        scope.claim(&format!("{}_{}", candidate.trim_end_matches('_'), naming::snake(method, "method")))
    } else {
        scope.claim(&candidate)
    }
}

/// Path segments: `:name` and unresolved `{{name}}` become parameters, the rest literal text.
fn path(url: &url::UrlParts, variables: &Variables) -> (Vec<PathPart>, Vec<PathParam>, String) {
    let mut parts = Vec::new();
    let mut params: Vec<PathParam> = Vec::new();
    // Names the request's `send` uses for its own locals.
    let mut scope = Scope::with_reserved(crate::naming::reserved::request_methods());
    let mut template = String::new();
    let mut param = |wire: &str, literal: String, parts: &mut Vec<PathPart>, template: &mut String| {
        template.push_str(&format!("{{{wire}}}"));
        if let Some(index) = params.iter().position(|p| p.wire == wire) {
            parts.push(PathPart::Param(index));
            return;
        }
        let variable = url.variables.iter().find(|v| v.name() == Some(wire));
        let mut docs = variable
            .and_then(|v| v.description.as_ref())
            .map(|d| docs::clean_inline(d.text()))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| format!("The `{}` path parameter.", docs::code_safe(wire)));
        // A path variable left empty is sent as written (`:id`), as Postman does.
        // The collection writes the value as it goes on the wire (`a%2Fb`); the parameter
        // takes the value itself (`a/b`), which the client encodes.
        let example = variable
            .and_then(|v| v.value_text())
            .filter(|v| !v.is_empty())
            .map(|v| percent_encoding::percent_decode_str(&variables.resolve(&v)).decode_utf8_lossy().into_owned());
        if let Some(line) = example.as_deref().and_then(docs::example_line) {
            docs = format!("{docs} {line}");
        }
        parts.push(PathPart::Param(params.len()));
        params.push(PathParam {
            name: scope.claim(&naming::snake(wire, "param")),
            wire: wire.to_string(),
            literal,
            docs: vec![docs],
            example,
        });
    };
    // `.` and `..` are resolved, as URLs resolve them (RFC 3986 §5.2.4).
    let mut segments: Vec<&String> = Vec::with_capacity(url.path.len());
    for segment in &url.path {
        match segment.as_str() {
            "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    for segment in segments {
        template.push('/');
        parts.push(PathPart::Literal("/".to_string()));
        if let Some(wire) = segment.strip_prefix(':').filter(|name| !name.is_empty()) {
            param(wire, segment.clone(), &mut parts, &mut template);
            continue;
        }
        // Variables the collection does not define become parameters; the rest is literal.
        let resolved = variables.resolve(segment);
        let mut rest = resolved.as_str();
        while let Some(start) = rest.find("{{") {
            let Some(end) = rest[start..].find("}}").map(|end| start + end) else { break };
            let name = &rest[start + 2..end];
            if name.is_empty() || name.starts_with('$') || name.contains('{') {
                template.push_str(&rest[..end + 2]);
                parts.push(PathPart::Literal(rest[..end + 2].to_string()));
            } else {
                template.push_str(&rest[..start]);
                parts.push(PathPart::Literal(rest[..start].to_string()));
                param(name, format!("{{{{{name}}}}}"), &mut parts, &mut template);
            }
            rest = &rest[end + 2..];
        }
        template.push_str(rest);
        parts.push(PathPart::Literal(rest.to_string()));
    }
    // Adjacent literals are merged so emit sees `"/users/"`, not `"/"`, `"users"`, `"/"`.
    let mut merged: Vec<PathPart> = Vec::new();
    for part in parts.into_iter().filter(|p| *p != PathPart::Literal(String::new())) {
        match (merged.last_mut(), part) {
            (Some(PathPart::Literal(last)), PathPart::Literal(text)) => last.push_str(&text),
            (_, part) => merged.push(part),
        }
    }
    (merged, params, template)
}

/// The operation's credentials: its auth, or the item's own `Authorization` header, the way
/// Postman sends them. An auth that sets `Authorization` replaces the header (unless it is a
/// bearer token left empty, which Postman does not send); otherwise the header is the
/// credential: `Bearer <token>` a bearer token, `<scheme> <token>` (`Token …`, `SSWS …`,
/// `Basic …`, `bearer …`) a token sent after its scheme as written, any other value an API key sent as the whole
/// header. Beside an auth that sets another header or query parameter, the header stays a
/// request field (a client has one credential per operation), with a warning. The header is
/// removed from `headers` unless it stays a field (disabled ones always are). Returns the auth, its values for examples,
/// and whether they are the header's (sent even when empty, as Postman sends the header).
/// An operation's auth: its kind, the credential values the collection gives (resolved),
/// whether they are the item's own `Authorization` header, and the credential's source as
/// written.
struct OpAuth {
    kind: Option<AuthKind>,
    values: Vec<(String, String)>,
    from_header: bool,
    source: Vec<String>,
}

/// The operation's auth ([`OpAuth`]).
fn credentials(
    lowerer: &mut Lowerer,
    item: &str,
    auth: Auth,
    headers: &mut Vec<postman::Header>,
    variables: &Variables,
) -> OpAuth {
    let (auth, values, source) = match auth {
        Auth::Kind(kind, values, source) => (Some(kind), values, source),
        Auth::None => (None, Vec::new(), Vec::new()),
    };
    // Disabled `Authorization` headers are not sent, and are no field either: the credential
    // setters are how a program gives one.
    let is_authorization = |h: &postman::Header| h.key.trim().eq_ignore_ascii_case("authorization");
    headers.retain(|h| !(h.is_disabled() && is_authorization(h)));
    let Some(position) = headers.iter().position(is_authorization) else {
        return OpAuth { kind: auth, values, from_header: false, source };
    };
    let token = values.iter().find(|(key, _)| key == "token").map(|(_, value)| value.as_str());
    let replaces_header = match &auth {
        None | Some(AuthKind::Header { .. }) => false,
        Some(AuthKind::Bearer | AuthKind::OAuth2 { in_query: false, .. }) => token.is_some_and(|t| !t.is_empty()),
        Some(
            AuthKind::Basic | AuthKind::Signed { .. } | AuthKind::OAuth1(_) | AuthKind::AwsV4(_) | AuthKind::Digest(_),
        ) => true,
        Some(AuthKind::ApiKey { name, in_query: false }) if name.eq_ignore_ascii_case("authorization") => true,
        Some(AuthKind::ApiKey { in_query: true, .. } | AuthKind::OAuth2 { in_query: true, .. }) => {
            lowerer.warn(
                super::context::WarningKind::AuthorizationHeader,
                item,
                "the item's `Authorization` header is a field of its request: the operation's credential is its \
                 auth's query parameter",
            );
            return OpAuth { kind: auth, values, from_header: false, source };
        }
        Some(AuthKind::ApiKey { name, .. }) => {
            lowerer.warn(
                super::context::WarningKind::AuthorizationHeader,
                item,
                format!(
                    "the item's `Authorization` header is a field of its request: the operation's credential is \
                     its auth's `{name}` header"
                ),
            );
            return OpAuth { kind: auth, values, from_header: false, source };
        }
    };
    let header = headers.remove(position);
    if replaces_header {
        return OpAuth { kind: auth, values, from_header: false, source };
    }
    let written = header.value.as_deref().unwrap_or_default().trim();
    let value = variables.resolve(written);
    // `<scheme> <token>`: the scheme one word of letters (`Bearer`, `Token`, `SSWS`).
    let scheme = |word: &str| !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let (scheme, token) = match value.split_once(' ') {
        Some((word, token)) if scheme(word) => (word, token),
        None if value.eq_ignore_ascii_case("bearer") => (value.as_str(), ""),
        _ => {
            let key = AuthKind::ApiKey { name: "Authorization".to_string(), in_query: false };
            return OpAuth {
                kind: Some(key),
                values: vec![("value".to_string(), value.clone())],
                from_header: true,
                source: vec![written.to_string()],
            };
        }
    };
    // The secret as written: what follows the scheme (`{{accessToken}}` in `Bearer {{accessToken}}`).
    let written_token = written.split_once(' ').map_or("", |(_, token)| token.trim_start());
    let kind = AuthKind::Header { scheme: scheme.to_string() };
    OpAuth {
        kind: Some(kind),
        values: vec![("token".to_string(), token.to_string())],
        from_header: true,
        source: vec![written_token.to_string()],
    }
}

/// The headers that become parameters, and the collection's `Content-Type` and `Accept`.
fn headers(headers: Option<&Headers>) -> (Vec<postman::Header>, Option<String>, Option<String>) {
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
                enabled: None,
                description: None,
            })
            .collect(),
    };
    let value = |name: &str| {
        list.iter().find(|h| !h.is_disabled() && h.key.eq_ignore_ascii_case(name)).and_then(|h| h.value.clone())
    };
    let (content_type, accept) = (value("content-type"), value("accept"));
    // An `Accept` with a variable in it is an input like any header; a fixed one is sent as is.
    let fixed_accept = accept.filter(|value| !value.contains("{{"));
    let params = list
        .into_iter()
        .filter(|h| {
            let name = h.key.to_ascii_lowercase();
            let fixed = name == "content-type" || (name == "accept" && fixed_accept.is_some());
            !fixed
        })
        .collect();
    (params, content_type, fixed_accept)
}
