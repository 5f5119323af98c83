//! Postman model → IR. The only stage that knows Postman's quirks: folder trees, auth
//! inheritance, variables, string-or-object fields and the hints written in descriptions.

mod body;
mod context;
pub mod docs;
mod fields;
pub mod filler;
pub mod hints;
mod operation;
mod pagination;
mod responses;
pub mod shapes;
mod sharing;
mod types;
mod url;

use std::collections::BTreeMap;

use crate::config::CrateOptions;
use crate::error::Error;
use crate::ir::{self, Api, AuthKind, CredentialKind, Module, ModuleId};
use crate::naming::{self, Scope};
use crate::postman::{self, Collection, Item};
use types::TypeTable;

use crate::naming::paths::camel_path;
use context::{Auth, Lowerer, Variables, config_path};
pub use context::{Lowered, Warning, WarningKind};

/// Names the credentials, in the order they are first used: a secret after its variable
/// (`{{accessToken}}` → `access_token`), else after its kind (`bearer_token`, `api_key`); basic
/// credentials `basic_auth`, or after both variables when there are several
/// (`client_id_and_client_secret`). The setter (`with_…`) takes a name the root client has
/// free, so a taken one gets a number.
fn name_credentials(api: &mut Api, scope: &mut Scope) {
    let variable = |text: &str| {
        let name = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
        (!name.contains("{{") && !name.contains("}}")).then(|| naming::snake(name, "credential"))
    };
    let basics = api.credentials.iter().filter(|c| c.kind == CredentialKind::Basic).count();
    let kinds: Vec<Option<&AuthKind>> = api
        .credentials
        .iter()
        .enumerate()
        .map(|(index, _)| api.operations.iter().find(|op| op.credential == Some(index)).and_then(|op| op.auth.as_ref()))
        .collect();
    for (credential, kind) in api.credentials.iter_mut().zip(&kinds) {
        let key = matches!(kind, Some(AuthKind::ApiKey { .. }));
        credential.param = if key { "key" } else { "token" }.to_string();
    }
    let names: Vec<String> = api
        .credentials
        .iter()
        .zip(kinds)
        .map(|(credential, kind)| match credential.kind {
            CredentialKind::Secret => {
                credential.source.first().and_then(|s| variable(s)).unwrap_or_else(|| match kind {
                    Some(AuthKind::ApiKey { .. }) => "api_key".to_string(),
                    _ => "bearer_token".to_string(),
                })
            }
            CredentialKind::OAuth1 => "oauth1".to_string(),
            CredentialKind::AwsV4 => "aws".to_string(),
            CredentialKind::Basic => match (basics, &credential.source[..]) {
                (2.., [user, password]) => match (variable(user), variable(password)) {
                    (Some(user), Some(password)) => format!("{user}_and_{password}"),
                    _ => "basic_auth".to_string(),
                },
                _ => "basic_auth".to_string(),
            },
        })
        .collect();
    for (credential, name) in api.credentials.iter_mut().zip(names) {
        let setter = scope.claim(&format!("with_{name}"));
        credential.name = setter.strip_prefix("with_").unwrap_or(&setter).to_string();
        if let Some((grant, renew)) = &mut credential.grant {
            let via = if grant.grant == "refresh_token" { "refresh_token" } else { grant.grant.as_str() };
            *renew = scope.claim(&format!("with_{}_from_{via}", credential.name));
        }
    }
}

/// The lowerer of `collection` before its items: an empty API with the collection's title,
/// description and options, and the names the crate's own items take.
fn start(collection: &Collection, file: &str, options: &CrateOptions, title: &str) -> Lowerer {
    let description = collection.info.description.as_ref().map(|d| docs::clean(d.text())).unwrap_or_default();
    Lowerer {
        file: file.to_string(),
        api: Api {
            title: title.to_string(),
            crate_name: naming::crate_name(title),
            description,
            base_url: None,
            undefined_base_url: None,
            version: options.version.clone().unwrap_or_else(|| "0.1.0".to_string()),
            folder_features: options.folder_features,
            environments: Vec::new(),
            hosts: Vec::new(),
            variables: Vec::new(),
            auth_kinds: Vec::new(),
            credentials: Vec::new(),
            modules: vec![Module {
                name: String::new(),
                title: title.to_string(),
                client_name: "Client".to_string(),
                description: Vec::new(),
                parent: None,
                children: Vec::new(),
                operations: Vec::new(),
            }],
            operations: Vec::new(),
            types: Vec::new(),
            aliases: Vec::new(),
        },
        types: TypeTable::default(),
        client_names: Scope::with_reserved(crate::naming::reserved::root_types()),
        scopes: vec![Scope::with_reserved(crate::naming::reserved::root_methods())],
        warnings: Vec::new(),
        origins: BTreeMap::new(),
        op_origins: Vec::new(),
        origin_templates: BTreeMap::new(),
        exclude: options.exclude.iter().map(|path| (path.clone(), false)).collect(),
        operation_names: options
            .operation_names
            .iter()
            .map(|(path, name)| (path.clone(), (name.clone(), false)))
            .collect(),
        rename_errors: Vec::new(),
        top_clients: {
            let names: Vec<&str> =
                collection.item.iter().map(|item| item.name.as_deref().unwrap_or_default()).collect();
            let named_as = naming::sibling_names(&names);
            let folders = collection.item.iter().zip(named_as).filter(|(item, _)| item.item.is_some());
            folders
                .map(|(_, name)| format!("{}Client", naming::camel_prefix(&naming::module(name), "Folder")))
                .collect()
        },
    }
}

/// Lowers a parsed collection; `file` names it in errors.
pub fn lower(collection: &Collection, file: &str, options: &CrateOptions) -> Result<Lowered, Error> {
    let title = collection.info.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "API".to_string());
    let mut lowerer = start(collection, file, options, &title);
    if collection.items.is_some() && collection.item.is_empty() {
        return Err(Error::Collection {
            file: file.to_string(),
            item: title,
            message: "the collection has `items`; the format calls it `item`".to_string(),
        });
    }
    let collection_variables = Variables::default().with(&collection.variable).into_owned();
    // Environment values take precedence over the collection's, as in Postman; a secret one
    // is never written into code, so a reference to it stays unresolved.
    let variables = match options.default_environment() {
        Some(environment) => collection_variables.with_environment(environment),
        None => collection_variables.clone(),
    };
    lowerer.api.variables = collection
        .variable
        .iter()
        .filter(|v| !v.disabled)
        .filter_map(|v| Some((v.name()?.to_string(), variables.resolve(&v.value_text()?))))
        .collect();
    let auth = lowerer.auth(collection.auth.as_ref(), Auth::None, &title, &variables);
    if !collection.event.is_empty() {
        lowerer.warn(WarningKind::Scripts, &title, "collection scripts are not executed by the generated client");
    }
    lowerer.items(&collection.item, 0, std::slice::from_ref(&title), auth, &variables)?;
    let config_file = options.config.as_ref().map_or_else(|| "options".to_string(), |path| path.display().to_string());
    let config_error = |message: String| Error::Config { file: config_file.clone(), message };
    if let Some((path, _)) = lowerer.exclude.iter().find(|(_, matched)| !**matched) {
        return Err(config_error(format!("`exclude`: `{path}` matches no folder or item of the collection")));
    }
    if let Some(error) = lowerer.rename_errors.first() {
        return Err(config_error(error.clone()));
    }
    if let Some((path, _)) = lowerer.operation_names.iter().find(|(_, (_, matched))| !*matched) {
        return Err(config_error(format!("`rename.operations`: `{path}` matches no item of the collection")));
    }
    let mut api = lowerer.api;
    name_credentials(&mut api, &mut lowerer.scopes[0]);
    api.types = lowerer.types.name(&mut api);
    types::rename(&mut api, &options.type_names).map_err(config_error)?;
    sharing::place(&mut api);
    sharing::mark_directions(&mut api);
    api.auth_kinds.sort();
    api.auth_kinds.dedup();
    let most_used = lowerer
        .origins
        .iter()
        .max_by_key(|(origin, count)| (**count, std::cmp::Reverse((*origin).clone())))
        .map(|(origin, _)| origin.clone());
    api.base_url = most_used.clone().filter(|origin| is_absolute(origin));
    let template = most_used.as_ref().and_then(|origin| lowerer.origin_templates.get(origin));
    api.environments = environments(
        &mut lowerer.scopes[0],
        &mut lowerer.warnings,
        options,
        &collection_variables,
        template.map(String::as_str),
    );
    // The host is a variable the collection does not define: the user gives the base URL.
    api.undefined_base_url = most_used.clone().filter(|_| api.base_url.is_none());
    let mut warnings = lowerer.warnings;
    // Requests to another origin than the most used one go to that host's own base URL.
    let mut hosts: BTreeMap<String, usize> = BTreeMap::new();
    for (index, (item, origin)) in lowerer.op_origins.into_iter().enumerate() {
        if origin.is_empty() || Some(&origin) == most_used.as_ref() {
            continue;
        }
        let template = lowerer.origin_templates.get(&origin).cloned().unwrap_or_else(|| origin.clone());
        let host = match hosts.get(&origin) {
            Some(host) => *host,
            None => {
                let absolute = is_absolute(&origin);
                let setter = lowerer.scopes[0].claim(&format!("with_{}_base_url", naming::host(&template, &origin)));
                if !absolute {
                    warnings.push(Warning {
                        kind: WarningKind::OtherHost,
                        item: item.clone(),
                        message: format!(
                            "the request goes to `{origin}`, which the collection does not define: its base URL is \
                             set with `Client::{setter}`"
                        ),
                    });
                }
                api.hosts.push(ir::Host { template, setter, default: absolute.then(|| origin.clone()) });
                hosts.insert(origin, api.hosts.len() - 1);
                api.hosts.len() - 1
            }
        };
        api.operations[index].host = Some(host);
    }
    warnings.sort_by(|a, b| a.item.cmp(&b.item));
    let notes = collection
        .exported
        .then(|| {
            "the file is a collection exported through Postman's API (`{\"collection\": {…}}`): read from its \
             `collection` member"
                .to_string()
        })
        .into_iter()
        .collect();
    Ok(Lowered { api, warnings, notes })
}

/// Each Postman environment that resolves the base URL: its constructor's name and base URL;
/// a warning for each other one.
fn environments(
    scope: &mut Scope,
    warnings: &mut Vec<Warning>,
    options: &CrateOptions,
    collection_variables: &Variables,
    template: Option<&str>,
) -> Vec<ir::Environment> {
    let mut environments = Vec::new();
    for environment in &options.environments {
        let resolved = template.map(|t| collection_variables.with_environment(environment).resolve(t));
        match resolved.filter(|url| is_absolute(url)) {
            Some(base_url) => {
                // `default` would name its constant like `DEFAULT_BASE_URL`.
                let candidate = match naming::method(&environment.name) {
                    name if name == "default" => "default_environment".to_string(),
                    name => name,
                };
                let method = scope.claim(&candidate);
                let is_default = options.default_environment().is_some_and(|e| e.name == environment.name);
                environments.push(ir::Environment { name: environment.name.clone(), method, base_url, is_default });
            }
            None => warnings.push(Warning {
                kind: WarningKind::Environment,
                item: environment.name.clone(),
                message: format!(
                    "the environment does not give the base URL (`{}`): it has no constructor",
                    template.unwrap_or("no request has a URL")
                ),
            }),
        }
    }
    environments
}

/// An `http` or `https` URL with no variable left in it.
fn is_absolute(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && !url.contains("{{")
}

impl Lowerer {
    fn items(
        &mut self,
        items: &[Item],
        module: ModuleId,
        path: &[String],
        auth: Auth,
        variables: &Variables,
    ) -> Result<(), Error> {
        let names: Vec<&str> = items.iter().map(|item| item.name.as_deref().unwrap_or_default()).collect();
        let named_as = naming::sibling_names(&names);
        for (item, named_as) in items.iter().zip(named_as) {
            let name = item.name.clone().unwrap_or_default();
            let mut item_path = path.to_vec();
            item_path.push(name.clone());
            let display = item_path.join(" › ");
            if let Some(matched) = self.exclude.get_mut(&config_path(&item_path)) {
                *matched = true;
                continue;
            }
            if item.items.is_some() && item.item.is_none() {
                return Err(Error::Collection {
                    file: self.file.clone(),
                    item: display,
                    message: "the folder has `items`; the format calls it `item`".to_string(),
                });
            }
            let item_variables = variables.with(&item.variable);
            let item_auth = self.auth(item.auth.as_ref(), auth.clone(), &display, &item_variables);
            if !item.event.is_empty() {
                self.warn(WarningKind::Scripts, &display, "scripts are not executed by the generated client");
            }
            match (&item.item, &item.request) {
                (Some(children), _) => {
                    let child = self.folder(item, named_as, module);
                    self.items(children, child, &item_path, item_auth, &item_variables)?;
                }
                (None, Some(request)) => {
                    // A request's own `auth` (inside `request`) overrides what it inherits.
                    let request_auth = match request {
                        postman::Request::Object(object) => object.auth.as_ref(),
                        postman::Request::Url(_) => None,
                    };
                    let item_auth = self.auth(request_auth, item_auth, &display, &item_variables);
                    let op = operation::lower(
                        self,
                        operation::Named { item, request, named_as },
                        module,
                        item_path,
                        item_auth,
                        &item_variables,
                    );
                    if let Some(kind) = &op.auth {
                        self.api.auth_kinds.push(kind.clone());
                    }
                    let id = self.api.operations.len();
                    self.api.modules[module].operations.push(id);
                    self.api.operations.push(op);
                }
                (None, None) => {
                    return Err(Error::Collection {
                        file: self.file.clone(),
                        item: display,
                        message: "the item has neither `request` nor `item`".to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// A folder's sub-client type name. A top-level folder gets its plain name
    /// (`users` → `UsersClient`); a nested folder named like another, or like any top-level
    /// folder, is named after its parent (`chat › users` → `ChatUsersClient`), or when that is
    /// taken too, after its whole folder path (`meetings › {meetingId} › polls` →
    /// `MeetingsMeetingIdPollsClient`); only a top-level folder, or a path taken as well, gets a
    /// number.
    fn client_name(&mut self, name: &str, parent: ModuleId) -> String {
        let own = format!("{}Client", naming::camel_prefix(name, "Folder"));
        // A top-level folder's name is kept for it, even when a nested folder comes first.
        let free =
            |lowerer: &Self, name: &str| !lowerer.client_names.contains(name) && !lowerer.top_clients.contains(name);
        if parent == 0 || free(self, &own) {
            return self.client_names.claim(&own);
        }
        let parent_name = self.api.modules[parent].client_name.trim_end_matches(|c: char| c.is_ascii_digit());
        let near = format!("{}{own}", parent_name.strip_suffix("Client").unwrap_or(parent_name));
        if free(self, &near) {
            return self.client_names.claim(&near);
        }
        self.client_names.claim(&format!("{}{own}", camel_path(&self.api, parent)))
    }

    /// A folder becomes a module with its own sub-client, named from `named_as` (its name
    /// without an ordinal prefix, see [`naming::sibling_names`]).
    fn folder(&mut self, item: &Item, named_as: &str, parent: ModuleId) -> ModuleId {
        let title = item.name.clone().unwrap_or_default();
        let name = self.scopes[parent].claim(&naming::module(named_as));
        let client_name = self.client_name(&name, parent);
        let description = item.description.as_ref().map(|d| docs::clean(d.text())).unwrap_or_default();
        let id = self.api.modules.len();
        self.api.modules.push(Module {
            name,
            title,
            client_name,
            description,
            parent: Some(parent),
            children: Vec::new(),
            operations: Vec::new(),
        });
        self.api.modules[parent].children.push(id);
        self.scopes.push(Scope::with_reserved(crate::naming::reserved::sub_client_methods()));
        id
    }
}
