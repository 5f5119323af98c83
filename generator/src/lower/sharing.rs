//! Where shared types live. A type is defined in the module of the operation that first
//! needed it; one that operations (or types) of several top-level folders use moves to the
//! crate root, so that each folder, a cargo feature of its own, compiles without the others.
//! Which types a request sends (and so always implement `Serialize`) is worked out the same way.

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

/// Moves every type that more than one top-level folder (or the root and a folder) uses to
/// the root.
pub fn share(api: &mut Api) {
    let mut users: Vec<BTreeSet<ModuleId>> = vec![BTreeSet::new(); api.types.len()];
    for op in &api.operations {
        let mut refs = request_types(op);
        if let Success::Json(ty) | Success::OptionalJson(ty) = &op.success {
            named(ty, &mut refs);
        }
        if let Some(ty) = &op.error {
            named(ty, &mut refs);
        }
        let folder = top(api, op.module);
        for id in refs {
            users[id].insert(folder);
        }
    }
    // A type's fields are used wherever the type is.
    spread(api, &mut users);
    for (def, users) in api.types.iter_mut().zip(users) {
        if users.len() > 1 {
            def.module = 0;
        }
    }
}

/// Marks every type a request sends: the named types of request fields, and what they hold.
pub fn mark_sent(api: &mut Api) {
    // The folders whose requests send each type.
    let mut sent: Vec<BTreeSet<ModuleId>> = vec![BTreeSet::new(); api.types.len()];
    for op in &api.operations {
        for id in request_types(op) {
            sent[id].insert(top(api, op.module));
        }
    }
    spread(api, &mut sent);
    for (def, sent) in api.types.iter_mut().zip(sent) {
        def.sent = !sent.is_empty();
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
