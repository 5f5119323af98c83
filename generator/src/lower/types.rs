//! The table of named types: shapes and enum hints become `TypeDef`s, identical ones shared.

use std::collections::BTreeMap;

use super::docs;
use super::shapes::{ObjectField, Shape};
use crate::ir::{EXTRA_FIELD, Field, ModuleId, Name, TypeDef, TypeId, TypeKind, TypeRef, Variant};
use crate::naming::{self, Scope};

/// Who first needs a type: it is defined in that operation's module.
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    pub module: ModuleId,
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

#[derive(Debug)]
pub struct TypeTable {
    defs: Vec<TypeDef>,
    structs: BTreeMap<StructKey, TypeId>,
    enums: BTreeMap<Vec<String>, TypeId>,
    names: Scope,
}

impl Default for TypeTable {
    fn default() -> Self {
        TypeTable {
            defs: Vec::new(),
            structs: BTreeMap::new(),
            enums: BTreeMap::new(),
            names: Scope::with_reserved(crate::emit::names::root_types()),
        }
    }
}

impl TypeTable {
    /// Whether a type already has this name.
    pub fn is_taken(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Claims a type name for something that is not in the table (clients, request structs).
    pub fn claim_name(&mut self, candidate: &str) -> String {
        self.names.claim(candidate)
    }

    /// The type with this id (made so far).
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.defs[id]
    }

    pub fn into_defs(self) -> Vec<TypeDef> {
        self.defs
    }

    /// The type for a JSON shape; objects become structs named after `name` (UpperCamelCase).
    pub fn shape_type(&mut self, shape: &Shape, name: &str, docs: &[String], owner: Owner) -> TypeRef {
        match shape {
            Shape::Unknown | Shape::Any => TypeRef::Json,
            Shape::Bool => TypeRef::Bool,
            Shape::Int => TypeRef::Integer,
            Shape::Float => TypeRef::Float,
            Shape::Str => TypeRef::String,
            Shape::Array(item) => {
                let item_docs = vec![format!("An item of [`{name}`]'s list.")];
                let item_docs = if docs.is_empty() { item_docs } else { docs.to_vec() };
                TypeRef::List(Box::new(self.shape_type(item, &format!("{name}Item"), &item_docs, owner)))
            }
            Shape::Object(fields) if fields.is_empty() => TypeRef::Json,
            Shape::Object(fields) => self.struct_type(fields, name, docs, owner),
        }
    }

    fn struct_type(&mut self, fields: &[ObjectField], name: &str, docs: &[String], owner: Owner) -> TypeRef {
        // The field types first: a struct seen before (the usual case in large collections) is
        // found by them, before any field name or doc is made.
        let types: Vec<TypeRef> = fields
            .iter()
            .map(|field| {
                if !names_a_type(&field.shape) {
                    return self.shape_type(&field.shape, "", &[], owner);
                }
                let nested = self.nested_name(name, &field.key, &field.shape);
                let nested_docs = vec![format!("The `{}` object.", docs::code_safe(&field.key))];
                self.shape_type(&field.shape, &nested, &nested_docs, owner)
            })
            .collect();
        let key: StructKey = (
            owner.response,
            fields.iter().zip(&types).map(|(f, ty)| (f.key.clone(), ty.clone(), !f.optional)).collect(),
        );
        if let Some(id) = self.structs.get(&key) {
            return TypeRef::Named(*id);
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
        let id = self.push(name, docs, owner, TypeKind::Struct(fields));
        self.structs.insert(key, id);
        TypeRef::Named(id)
    }

    /// A nested type is named after its field (`user_info` → `UserInfo`, list items
    /// `DialInNumbersItem`), or after its parent and field when that name is taken. Returned
    /// without the `Item` suffix, which `shape_type` adds for lists.
    fn nested_name(&self, parent: &str, key: &str, shape: &Shape) -> String {
        let own = naming::camel(key, "Value");
        let taken = match shape {
            Shape::Array(_) => self.names.contains(&format!("{own}Item")),
            _ => self.names.contains(&own),
        };
        if taken { format!("{parent}{own}") } else { own }
    }

    /// An enum of wire values, each with its docs; identical value sets share one enum.
    pub fn enum_type(
        &mut self,
        name: &str,
        docs: &[String],
        values: Vec<(String, Option<String>)>,
        owner: Owner,
    ) -> TypeRef {
        let key: Vec<String> = values.iter().map(|(wire, _)| wire.clone()).collect();
        if let Some(id) = self.enums.get(&key) {
            return TypeRef::Named(*id);
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
        let id = self.push(name, docs, owner, TypeKind::Enum(variants));
        self.enums.insert(key, id);
        TypeRef::Named(id)
    }

    fn push(&mut self, name: &str, docs: &[String], owner: Owner, kind: TypeKind) -> TypeId {
        let name = self.names.claim(name);
        self.defs.push(TypeDef {
            name,
            docs: docs.to_vec(),
            module: owner.module,
            introduced_by: owner.operation,
            sent: false,
            kind,
        });
        self.defs.len() - 1
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

/// Gives types (and request structs) the names a config asks for: `renames` maps the name the
/// generator gave to the one wanted. A name that matches no type, or that is taken or not an
/// UpperCamelCase Rust name, is an error that names it.
pub fn rename(
    table: &mut TypeTable,
    api: &mut crate::ir::Api,
    renames: &BTreeMap<String, String>,
) -> Result<(), String> {
    for (from, to) in renames {
        if *to != crate::naming::camel(to, "Type") {
            return Err(format!("`rename.types`: `{from}` cannot be named `{to}`: not an UpperCamelCase Rust name"));
        }
        if table.is_taken(to) {
            return Err(format!("`rename.types`: `{from}` cannot be named `{to}`: another type has that name"));
        }
        let request = api.operations.iter_mut().map(|op| &mut op.request).find(|r| r.name == *from);
        if let Some(request) = request {
            request.name = to.clone();
        } else if let Some(def) = table.defs.iter_mut().find(|def| def.name == *from) {
            def.name = to.clone();
        } else {
            return Err(format!("`rename.types`: `{from}` matches no type of the generated crate"));
        }
        table.claim_name(to);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collection_types_never_take_the_root_names() {
        let mut table = TypeTable::default();
        for name in crate::emit::names::root_types() {
            assert_eq!(table.claim_name(name), format!("{name}2"));
        }
    }
}
