//! Which folders compile each type: every type is defined once, in the crate's private `types`
//! module, compiled with the feature of any top-level folder that names it, so that each
//! folder, a cargo feature of its own, compiles without the others. Which types a request sends
//! (and so always implement `Serialize`) is worked out from the requests, and which a response
//! holds (and so always implement `Deserialize`) from the responses.

use std::collections::BTreeSet;

use crate::ir::{Api, ModuleId, Operation, Success, TypeKind, TypeRef};

/// The top-level folder a module is in (`0`, the root, for the root).
fn top(api: &Api, mut module: ModuleId) -> ModuleId {
    while let Some(parent) = api.modules[module].parent.filter(|p| *p != 0) {
        module = parent;
    }
    module
}

/// The named types `ty` refers to.
fn named(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::List(inner) | TypeRef::Map(inner) => named(inner, out),
        _ => {}
    }
}

/// The named types an operation's request fields refer to.
fn request_types(op: &Operation) -> Vec<usize> {
    let mut refs = Vec::new();
    for field in &op.request.fields {
        named(&field.field.ty, &mut refs);
    }
    refs
}

/// Gives each type the top-level folders whose operations name it (see [`TypeDef::folders`]).
///
/// [`TypeDef::folders`]: crate::ir::TypeDef::folders
pub fn place(api: &mut Api) {
    let mut users: Vec<BTreeSet<ModuleId>> = vec![BTreeSet::new(); api.types.len()];
    for alias in &api.aliases {
        users[alias.ty].insert(top(api, alias.module));
    }
    for (def, users) in api.types.iter_mut().zip(users) {
        def.folders = if !api.folder_features || users.contains(&0) { Vec::new() } else { users.into_iter().collect() };
    }
}

/// The named types an operation's responses hold: its success body and its error body.
fn response_types(op: &Operation) -> Vec<usize> {
    let mut refs = Vec::new();
    if let Success::Json(ty) | Success::OptionalJson(ty) = &op.success {
        named(ty, &mut refs);
    }
    if let Some(ty) = &op.error {
        named(ty, &mut refs);
    }
    refs
}

/// Marks every type a request sends (the named types of request fields, and what they hold)
/// and every type a response holds (the named types of success and error bodies, and what
/// they hold).
pub fn mark_directions(api: &mut Api) {
    // The folders whose requests send, and whose responses hold, each type.
    let mut sent: Vec<BTreeSet<ModuleId>> = vec![BTreeSet::new(); api.types.len()];
    let mut received: Vec<BTreeSet<ModuleId>> = vec![BTreeSet::new(); api.types.len()];
    for op in &api.operations {
        for id in request_types(op) {
            sent[id].insert(top(api, op.module));
        }
        for id in response_types(op) {
            received[id].insert(top(api, op.module));
        }
    }
    spread(api, &mut sent);
    spread(api, &mut received);
    for ((def, sent), received) in api.types.iter_mut().zip(sent).zip(received) {
        def.sent = !sent.is_empty();
        def.received = !received.is_empty();
    }
}

/// Gives the types each type's fields refer to everything its own set holds, until nothing
/// changes.
fn spread(api: &Api, sets: &mut [BTreeSet<ModuleId>]) {
    let fields: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|def| {
            let mut refs = Vec::new();
            if let TypeKind::Struct(fields) = &def.kind {
                for field in fields {
                    named(&field.ty, &mut refs);
                }
            }
            refs
        })
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for id in 0..sets.len() {
            for &inner in &fields[id] {
                let missing: Vec<ModuleId> = sets[id].difference(&sets[inner]).copied().collect();
                changed |= !missing.is_empty();
                sets[inner].extend(missing);
            }
        }
    }
}
