//! Checks the whole IR once, before anything is emitted: every name is a valid identifier,
//! unique where Rust needs it, every reference resolves and every public item has docs.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::ir::{Api, Field, Operation, Success, TypeKind, TypeRef};
use crate::naming::reserved as names;

pub fn validate(api: &Api) -> Result<(), Error> {
    // Sub-clients' names are unique in the crate; a module's requests and type aliases, beside
    // its client (and at the root, the names the crate defines itself), in the module.
    let mut clients: BTreeSet<&str> = names::root_types().iter().map(String::as_str).collect();
    let mut type_names: Vec<BTreeSet<&str>> = api
        .modules
        .iter()
        .enumerate()
        .map(|(id, module)| {
            let mut names = BTreeSet::from([module.client_name.as_str()]);
            if id == 0 {
                names.extend(names::root_types().iter().map(String::as_str));
            }
            names
        })
        .collect();
    for (id, module) in api.modules.iter().enumerate() {
        let item = &module.title;
        if module.parent.is_some() {
            ident(&module.name, item)?;
        }
        ident(&module.client_name, item)?;
        // The root's `Client` is one of the crate's own names.
        if id != 0 {
            unique(&mut clients, &module.client_name, item)?;
        }
        let own = if id == 0 { names::root_methods() } else { names::sub_client_methods() };
        let mut methods: BTreeSet<&str> = own.iter().map(String::as_str).collect();
        if id == 0 {
            for host in &api.hosts {
                unique(&mut methods, &host.setter, item)?;
            }
            for environment in &api.environments {
                unique(&mut methods, &environment.method, item)?;
            }
        }
        for child in &module.children {
            unique(&mut methods, &api.modules[*child].name, item)?;
        }
        for op in &module.operations {
            let op = &api.operations[*op];
            unique(&mut methods, &op.name, item)?;
        }
    }
    for op in &api.operations {
        let item = op.item_path.join(" › ");
        ident(&op.name, &item)?;
        // Path parameters and inputs are fields of one builder, beside its own names.
        let mut inputs: BTreeSet<&str> = names::request_methods().iter().map(String::as_str).collect();
        for name in op.path_params.iter().map(|p| &p.name).chain(op.request.fields.iter().map(|f| &f.field.name.rust)) {
            ident(name, &item)?;
            unique(&mut inputs, name, &item)?;
        }
        ident(&op.request.name, &item)?;
        unique(&mut type_names[op.module], &op.request.name, &item)?;
        fields(api, op.request.fields.iter().map(|f| &f.field), &item)?;
        named(api, op, &item)?;
    }
    for alias in &api.aliases {
        let item = format!("type {}", alias.name);
        ident(&alias.name, &item)?;
        unique(&mut type_names[alias.module], &alias.name, &item)?;
        docs(&alias.docs, &item, "type", true)?;
        type_ref(api, &TypeRef::Named(alias.ty), &item)?;
    }
    let mut internal = BTreeSet::new();
    for def in &api.types {
        let item = format!("type {}", def.name);
        ident(&def.name, &item)?;
        unique(&mut internal, &def.name, &item)?;
        match &def.kind {
            TypeKind::Struct(list) => fields(api, list.iter(), &item)?,
            TypeKind::Enum(variants) => {
                let mut names = BTreeSet::new();
                for variant in variants {
                    ident(&variant.name, &item)?;
                    unique(&mut names, &variant.name, &item)?;
                    docs(&variant.docs, &item, "variant", true)?;
                }
            }
        }
    }
    Ok(())
}

fn fields<'a>(api: &Api, fields: impl Iterator<Item = &'a Field>, item: &str) -> Result<(), Error> {
    let mut names = BTreeSet::new();
    for field in fields {
        ident(&field.name.rust, item)?;
        unique(&mut names, &field.name.rust, item)?;
        docs(&field.docs, item, "field", true)?;
        type_ref(api, &field.ty, item)?;
    }
    Ok(())
}

fn type_ref(api: &Api, ty: &TypeRef, item: &str) -> Result<(), Error> {
    match ty {
        TypeRef::Named(id) if *id >= api.types.len() => invalid(item, format!("type #{id} does not exist")),
        TypeRef::List(inner) | TypeRef::Map(inner) => type_ref(api, inner, item),
        _ => Ok(()),
    }
}

/// Every type the operation uses, and every type those hold, has a name it gives it.
fn named(api: &Api, op: &Operation, item: &str) -> Result<(), Error> {
    let mut refs: Vec<&TypeRef> = op.request.fields.iter().map(|f| &f.field.ty).collect();
    refs.extend(op.error.iter());
    if let Success::Json(ty) | Success::OptionalJson(ty) = &op.success {
        refs.push(ty);
    }
    let mut seen = BTreeSet::new();
    while let Some(ty) = refs.pop() {
        match ty {
            TypeRef::List(inner) | TypeRef::Map(inner) => refs.push(inner),
            TypeRef::Named(id) if seen.insert(*id) => {
                type_ref(api, ty, item)?;
                let Some(alias) = op.aliases.get(id).and_then(|alias| api.aliases.get(*alias)) else {
                    return invalid(
                        item,
                        format!("type `{}` has no name in the operation's module", api.types[*id].name),
                    );
                };
                if alias.ty != *id || alias.module != op.module {
                    return invalid(item, format!("the name `{}` is not the operation's own", alias.name));
                }
                if let TypeKind::Struct(fields) = &api.types[*id].kind {
                    refs.extend(fields.iter().map(|f| &f.ty));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// A name `syn` reads as one identifier (raw ones included).
fn ident(name: &str, item: &str) -> Result<(), Error> {
    match syn::parse_str::<syn::Ident>(name) {
        Ok(_) => Ok(()),
        Err(_) => invalid(item, format!("`{name}` is not a valid identifier")),
    }
}

fn unique<'a>(seen: &mut BTreeSet<&'a str>, name: &'a str, item: &str) -> Result<(), Error> {
    if seen.insert(name) { Ok(()) } else { invalid(item, format!("`{name}` is defined twice")) }
}

fn docs(docs: &[String], item: &str, what: &str, required: bool) -> Result<(), Error> {
    if required && docs.iter().all(|line| line.trim().is_empty()) {
        return invalid(item, format!("a {what} has no documentation"));
    }
    Ok(())
}

fn invalid<T>(item: &str, message: String) -> Result<T, Error> {
    Err(Error::InvalidIr { item: item.to_string(), message })
}
