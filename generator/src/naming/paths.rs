//! Where each named thing of a generated crate is, as a caller writes it: module paths, folder
//! features and type paths. `emit` writes the items there; the API record and the change
//! report name them the same way.

use crate::ir::{Api, ModuleId, Operation, TypeRef};

/// Module names from the root to `id` (`["users", "tsp"]`).
pub fn module_path(api: &Api, id: ModuleId) -> Vec<&str> {
    let mut names = Vec::new();
    let mut current = Some(id);
    while let Some(module) = current.filter(|m| *m != 0) {
        names.push(api.modules[module].name.as_str());
        current = api.modules[module].parent;
    }
    names.reverse();
    names
}

/// The cargo feature that compiles a top-level folder: its module name, unless that is one
/// of the crate's own features (`default`, `full`, `middleware`, `tracing`, `serialize`,
/// `deserialize`, `mock`), then `<name>-folder`. `None` when the crate has no folder features.
pub fn folder_feature(api: &Api, id: ModuleId) -> Option<String> {
    let name = &api.modules[id].name;
    if !api.folder_features || api.modules[id].parent != Some(0) {
        None
    } else if super::reserved::FEATURES.contains(&name.as_str()) {
        Some(format!("{name}-folder"))
    } else {
        Some(name.clone())
    }
}

/// The crate's folder features: one per top-level folder, in collection order.
pub fn folder_features(api: &Api) -> Vec<String> {
    api.modules[0].children.iter().filter_map(|id| folder_feature(api, *id)).collect()
}

/// A module's folder path from the root, each name in UpperCamelCase (`users › tsp` →
/// `UsersTsp`; empty for the root): what qualifies a name two folders would both take.
pub fn camel_path(api: &Api, module: ModuleId) -> String {
    let mut path = Vec::new();
    let mut current = Some(module);
    while let Some(id) = current.filter(|id| *id != 0) {
        path.push(super::camel_prefix(&api.modules[id].name, "Folder"));
        current = api.modules[id].parent;
    }
    path.reverse();
    path.concat()
}

/// `krate::a::b::Name` for an item of module `module`.
pub fn item_path(api: &Api, module: ModuleId, name: &str, krate: &str) -> String {
    let mut path = vec![krate];
    path.extend(module_path(api, module));
    path.push(name);
    path.join("::")
}

/// A type as named from outside the crate `krate`, by the aliases `op` gives types.
pub fn type_text(api: &Api, op: &Operation, ty: &TypeRef, krate: &str) -> String {
    match ty {
        TypeRef::String => "String".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::Integer => "i64".to_string(),
        TypeRef::Float => "f64".to_string(),
        TypeRef::Json => "serde_json::Value".to_string(),
        TypeRef::File => format!("{krate}::FilePart"),
        TypeRef::Bytes => "Vec<u8>".to_string(),
        TypeRef::List(inner) => format!("Vec<{}>", type_text(api, op, inner, krate)),
        TypeRef::Map(inner) => format!("Vec<(String, {})>", type_text(api, op, inner, krate)),
        TypeRef::Named(id) => item_path(api, op.module, &api.alias(op, *id).name, krate),
    }
}

/// The Rust path of a type as operation `op` names it, e.g. `crate::users::CreateUsersResponse`.
pub fn type_path(api: &Api, op: &Operation, ty: &TypeRef) -> String {
    type_text(api, op, ty, "crate")
}
