//! The table of named types: shapes and enum hints become `TypeDef`s, identical ones shared,
//! and the names (`Alias`es) each operation gives the types it uses, in its module.

use std::collections::{BTreeMap, BTreeSet};

use super::docs;
use super::shapes::{ObjectField, Shape};
use crate::ir::{Alias, Api, EXTRA_FIELD, Field, ModuleId, Name, TypeDef, TypeId, TypeKind, TypeRef, Variant};
use crate::naming::{self, Scope};

/// The operation that uses a type (and names it in its module).
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    pub operation: usize,
    /// The type is decoded from responses: every field is optional in it (a real response
    /// may leave out or null what the example showed). Request types keep the example's fields
    /// as sent.
    pub response: bool,
}

impl Owner {
    /// The owner of a type decoded from responses.
    pub fn of_responses(self) -> Owner {
        Owner { response: true, ..self }
    }
}

type StructKey = (bool, Vec<(String, TypeRef, bool)>);

/// An operation's use of a type: the names it would give it, best first, and its docs there.
#[derive(Debug)]
struct Use {
    ty: TypeId,
    owner: Owner,
    names: Vec<String>,
    docs: Vec<String>,
}

#[derive(Debug, Default)]
pub struct TypeTable {
    defs: Vec<TypeDef>,
    structs: BTreeMap<StructKey, TypeId>,
    enums: BTreeMap<Vec<String>, TypeId>,
    uses: Vec<Use>,
}

impl TypeTable {
    /// The type with this id (made so far).
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.defs[id]
    }

    /// The type for a JSON shape; objects become structs named by the operation with the first
    /// of `names` (UpperCamelCase) that no other type of its module would take.
    pub fn shape_type(&mut self, shape: &Shape, names: &[String], docs: &[String], owner: Owner) -> TypeRef {
        match shape {
            Shape::Unknown | Shape::Any => TypeRef::Json,
            Shape::Bool => TypeRef::Bool,
            Shape::Int => TypeRef::Integer,
            Shape::Float => TypeRef::Float,
            Shape::Str => TypeRef::String,
            Shape::Array(item) => {
                let item_docs = vec![format!("An item of the `{}` list.", names[0])];
                let item_docs = if docs.is_empty() { item_docs } else { docs.to_vec() };
                let names: Vec<String> = names.iter().map(|name| format!("{name}Item")).collect();
                TypeRef::List(Box::new(self.shape_type(item, &names, &item_docs, owner)))
            }
            Shape::Object(fields) if fields.is_empty() => TypeRef::Json,
            Shape::Object(fields) => self.struct_type(fields, names, docs, owner),
        }
    }

    fn struct_type(&mut self, fields: &[ObjectField], names: &[String], docs: &[String], owner: Owner) -> TypeRef {
        // The field types first: a struct seen before (the usual case in large collections) is
        // found by them, before any field name or doc is made. A nested type is named after
        // its field (`user_info` → `UserInfo`, list items `DialInNumbersItem`), or when other
        // types of the module would take that name, after its parent and field, or after its
        // whole path from the operation (`AddUsersTspAccountResponseDialInNumbersItem`).
        let types: Vec<TypeRef> = fields
            .iter()
            .map(|field| {
                if !names_a_type(&field.shape) {
                    return self.shape_type(&field.shape, &[String::new()], &[], owner);
                }
                let own = naming::camel(&field.key, "Value");
                let mut nested = vec![own.clone(), format!("{}{own}", names[0])];
                let path = format!("{}{own}", names[names.len() - 1]);
                if !nested.contains(&path) {
                    nested.push(path);
                }
                let nested_docs = vec![format!("The `{}` object.", docs::code_safe(&field.key))];
                self.shape_type(&field.shape, &nested, &nested_docs, owner)
            })
            .collect();
        let key: StructKey = (
            owner.response,
            fields.iter().zip(&types).map(|(f, ty)| (f.key.clone(), ty.clone(), !f.optional)).collect(),
        );
        if let Some(id) = self.structs.get(&key) {
            return self.used(*id, names, docs, owner);
        }
        let mut scope = Scope::with_reserved(&[EXTRA_FIELD, "new"]);
        let fields: Vec<Field> = fields
            .iter()
            .zip(types)
            .map(|(field, ty)| {
                let rust = scope.claim(&naming::snake(&field.key, "field"));
                let mut field_doc = format!("The `{}` field.", docs::code_safe(&field.key));
                if let Some(example) = field.example.as_deref().and_then(docs::example_line) {
                    field_doc = format!("{field_doc} {example}");
                }
                Field {
                    name: Name { rust, wire: field.key.clone() },
                    docs: vec![field_doc],
                    ty,
                    required: !field.optional && !owner.response,
                    deprecated: None,
                    example: field.example.clone(),
                    dynamic_default: None,
                }
            })
            .collect();
        let id = self.push(&names[0], owner, TypeKind::Struct(fields));
        self.structs.insert(key, id);
        self.used(id, names, docs, owner)
    }

    /// An enum of wire values, each with its docs; identical value sets share one enum.
    pub fn enum_type(
        &mut self,
        names: &[String],
        docs: &[String],
        values: Vec<(String, Option<String>)>,
        owner: Owner,
    ) -> TypeRef {
        let key: Vec<String> = values.iter().map(|(wire, _)| wire.clone()).collect();
        if let Some(id) = self.enums.get(&key) {
            return self.used(*id, names, docs, owner);
        }
        let mut scope = Scope::default();
        let numeric = key.iter().all(|wire| super::hints::is_canonical_integer(wire));
        let variants = values
            .into_iter()
            .map(|(wire, doc)| {
                let label = if numeric { doc.as_deref().and_then(super::hints::value_label) } else { None };
                let candidate = naming::camel(label.as_deref().unwrap_or(&wire), "Empty");
                let name = scope.claim(&candidate);
                let mut docs = vec![format!("`{}` on the wire.", docs::code_safe(&wire))];
                if let Some(doc) = doc {
                    docs.insert(0, doc);
                    docs.insert(1, String::new());
                }
                Variant { name, wire, docs }
            })
            .collect();
        let id = self.push(&names[0], owner, TypeKind::Enum(variants));
        self.enums.insert(key, id);
        self.used(id, names, docs, owner)
    }

    fn push(&mut self, name: &str, owner: Owner, kind: TypeKind) -> TypeId {
        // Named once every operation has named it (`name`).
        let name = name.to_string();
        self.defs.push(TypeDef {
            name,
            introduced_by: owner.operation,
            folders: Vec::new(),
            sent: false,
            received: false,
            kind,
        });
        self.defs.len() - 1
    }

    /// Notes that the owner's operation uses type `id`, and what it would call it.
    fn used(&mut self, id: TypeId, names: &[String], docs: &[String], owner: Owner) -> TypeRef {
        self.uses.push(Use { ty: id, owner, names: names.to_vec(), docs: docs.to_vec() });
        TypeRef::Named(id)
    }

    /// Names every request and every type each operation uses, module by module: each
    /// operation, in collection order, claims its request's name and then, for each type it
    /// uses, the first of its names that no other type of the module would take (reusing the
    /// alias when the same type already has that name there). A name depends only on the
    /// operations of its own module, not on their order, nor on other modules sharing the type.
    pub fn name(self, api: &mut Api) -> Vec<TypeDef> {
        let mut scopes: Vec<Scope> = api
            .modules
            .iter()
            .map(|module| {
                // The crate's own names (`Client`, `Error`, and the prelude's `String`, `Vec`…
                // that generated code writes unqualified) are taken everywhere.
                let mut reserved: Vec<&String> = crate::naming::reserved::root_types().iter().collect();
                reserved.push(&module.client_name);
                Scope::with_reserved(reserved)
            })
            .collect();
        let mut named: BTreeMap<(ModuleId, String), usize> = BTreeMap::new();
        let mut uses: BTreeMap<usize, Vec<Use>> = BTreeMap::new();
        for used in self.uses {
            uses.entry(used.owner.operation).or_default().push(used);
        }
        // A name that several types of a module would take goes to none of them (they take
        // their next names), so that which one has it does not depend on the operations'
        // order; except that a type requests send, which callers build by name, has it before
        // types only received.
        let mut wanted: BTreeMap<(ModuleId, &str), BTreeSet<(bool, TypeId)>> = BTreeMap::new();
        for (index, used) in &uses {
            for used in used {
                for name in &used.names {
                    let module = api.operations[*index].module;
                    wanted.entry((module, name)).or_default().insert((used.owner.response, used.ty));
                }
            }
        }
        let holder: BTreeMap<(ModuleId, String), TypeId> = wanted
            .into_iter()
            .filter_map(|((module, name), wanting)| {
                let types: BTreeSet<TypeId> = wanting.iter().map(|(_, ty)| *ty).collect();
                let sent: BTreeSet<TypeId> =
                    wanting.iter().filter(|(response, _)| !response).map(|(_, ty)| *ty).collect();
                let holder = if types.len() == 1 {
                    types.first()
                } else if sent.len() == 1 {
                    sent.first()
                } else {
                    None
                };
                Some(((module, name.to_string()), *holder?))
            })
            .collect();
        for (index, op) in api.operations.iter_mut().enumerate() {
            let module = op.module;
            let scope = &mut scopes[module];
            op.request.name = scope.claim(&op.request.name);
            for used in uses.remove(&index).unwrap_or_default() {
                if op.aliases.contains_key(&used.ty) {
                    continue;
                }
                // The type's alias here by one of its names, or the first name free here.
                let mut choice = None;
                for name in &used.names {
                    match named.get(&(module, name.clone())) {
                        Some(&alias) if api.aliases[alias].ty == used.ty => {
                            choice = Some(Ok(alias));
                            break;
                        }
                        Some(_) => {}
                        None if scope.contains(name) || holder.get(&(module, name.clone())) != Some(&used.ty) => {}
                        None => {
                            choice = Some(Err(name.clone()));
                            break;
                        }
                    }
                }
                let alias = match choice {
                    Some(Ok(alias)) => alias,
                    free => {
                        let last = used.names.last().cloned().unwrap_or_default();
                        let name = scope.claim(&free.and_then(Result::err).unwrap_or(last));
                        named.insert((module, name.clone()), api.aliases.len());
                        api.aliases.push(Alias { name, module, ty: used.ty, operation: index, docs: used.docs });
                        api.aliases.len() - 1
                    }
                };
                op.aliases.insert(used.ty, alias);
            }
        }
        // A type's own name (in the `types` module, and what `Debug` shows) is its first
        // alias's, qualified by the alias's module when another type has it.
        let mut defs = self.defs;
        let mut internal = Scope::with_reserved(crate::naming::reserved::root_types());
        let mut named = vec![false; defs.len()];
        for alias in &api.aliases {
            if std::mem::replace(&mut named[alias.ty], true) {
                continue;
            }
            let qualified = format!("{}{}", crate::naming::paths::camel_path(api, alias.module), alias.name);
            let name = if internal.contains(&alias.name) { qualified } else { alias.name.clone() };
            defs[alias.ty].name = internal.claim(&name);
        }
        defs
    }
}

/// Whether `shape_type` makes a named type for this shape (an object with fields, or a list
/// of them), so it needs a name and docs.
fn names_a_type(shape: &Shape) -> bool {
    match shape {
        Shape::Object(fields) => !fields.is_empty(),
        Shape::Array(item) => names_a_type(item),
        Shape::Unknown | Shape::Any | Shape::Bool | Shape::Int | Shape::Float | Shape::Str => false,
    }
}

/// Gives types and requests the names a config asks for: `renames` maps the name the
/// generator gave (in any module) to the one wanted. A name that matches no type, or that is
/// taken in a module where it would go, or is not an UpperCamelCase Rust name, is an error that
/// names it.
pub fn rename(api: &mut Api, renames: &BTreeMap<String, String>) -> Result<(), String> {
    for (from, to) in renames {
        if *to != crate::naming::camel(to, "Type") {
            return Err(format!("`rename.types`: `{from}` cannot be named `{to}`: not an UpperCamelCase Rust name"));
        }
        let names = |api: &Api, module: ModuleId| -> Vec<String> {
            let requests = api.operations.iter().filter(|op| op.module == module).map(|op| op.request.name.clone());
            let aliases = api.aliases.iter().filter(|alias| alias.module == module).map(|alias| alias.name.clone());
            let mut names: Vec<String> = requests.chain(aliases).collect();
            names.push(api.modules[module].client_name.clone());
            names
        };
        let modules: BTreeSet<ModuleId> = (0..api.modules.len()).filter(|m| names(api, *m).contains(from)).collect();
        if modules.is_empty() {
            return Err(format!("`rename.types`: `{from}` matches no type of the generated crate"));
        }
        let reserved = crate::naming::reserved::root_types();
        for module in &modules {
            if names(api, *module).contains(to) || reserved.contains(to) {
                return Err(format!("`rename.types`: `{from}` cannot be named `{to}`: another type has that name"));
            }
        }
        for op in api.operations.iter_mut().filter(|op| op.request.name == *from) {
            op.request.name = to.clone();
        }
        for alias in api.aliases.iter_mut().filter(|alias| alias.name == *from) {
            alias.name = to.clone();
        }
        // The definition too, when it has the name, so that `Debug` shows the new one.
        if !api.types.iter().any(|def| def.name == *to) {
            for def in api.types.iter_mut().filter(|def| def.name == *from) {
                def.name = to.clone();
            }
        }
    }
    Ok(())
}
