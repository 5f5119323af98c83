//! Named types: JSON structs and string enums, each defined once in the crate's private
//! `types` module, and the aliases (`pub use`) by which the operations' modules name them.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Place, deprecated, docs, field_type_tokens, folder_feature, ident, type_tokens};
use crate::ir::{Alias, Api, EXTRA_FIELD, Field, TypeDef, TypeKind, TypeRef, Variant};

/// The definitions of the `types` module: every named type (those `which` picks) with its
/// impls, each compiled with the features of the folders that use it. Their docs are their
/// aliases'.
pub fn definitions(api: &Api, which: impl Fn(&TypeDef) -> bool) -> TokenStream {
    let defs = api.types.iter().filter(|def| which(def)).map(|def| {
        // Every item of the type (the type, its impls) has the same `cfg`.
        let cfg = folders_cfg(api, def);
        match &def.kind {
            TypeKind::Struct(fields) => json_struct(api, def, fields, &cfg),
            TypeKind::Enum(variants) => string_enum(def, variants, &cfg),
        }
    });
    quote! { #(#defs)* }
}

/// `#[cfg(any(feature = …))]` for a type used by the folders of some features.
fn folders_cfg(api: &Api, def: &TypeDef) -> TokenStream {
    let features: Vec<String> = def.folders.iter().filter_map(|id| folder_feature(api, *id)).collect();
    match features.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The names a module gives types (`pub use crate::types::ListUsersResponse;`), shown in its
/// docs as its own (`doc(inline)`), with the docs of the operation that named each.
pub fn aliases<'a>(api: &Api, aliases: impl Iterator<Item = &'a Alias>) -> TokenStream {
    let aliases = aliases.map(|alias| {
        let doc = docs(&alias.docs);
        let name = ident(&alias.name);
        let internal = ident(&api.types[alias.ty].name);
        let rename = (name != internal).then(|| quote!(as #name));
        quote! {
            #doc
            #[doc(inline)]
            pub use crate::types::#internal #rename;
        }
    });
    quote! { #(#aliases)* }
}

/// Whether values of this type can derive `Eq` (no floats or JSON values inside).
pub fn is_eq(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Float | TypeRef::Json => false,
        TypeRef::String | TypeRef::Bool | TypeRef::Integer | TypeRef::File | TypeRef::Bytes => true,
        TypeRef::List(inner) | TypeRef::Map(inner) => is_eq(api, inner),
        TypeRef::Named(id) => match &api.types[*id].kind {
            TypeKind::Enum(_) => true,
            TypeKind::Struct(fields) => fields.iter().all(|f| is_eq(api, &f.ty)),
        },
    }
}

/// Words in a field name that mark a secret.
const SECRET_WORDS: &[&str] =
    &["password", "passwd", "pwd", "secret", "token", "apikey", "authorization", "credential", "credentials", "pin"];

/// Whether a field holds a secret that `Debug` must not show.
pub fn is_secret(field: &Field) -> bool {
    if field.ty != TypeRef::String {
        return false;
    }
    let mut previous = "";
    for part in field.name.rust.split('_') {
        if SECRET_WORDS.contains(&part) || matches!((previous, part), ("api" | "private" | "access", "key")) {
            return true;
        }
        previous = part;
    }
    false
}

/// `Debug` for a struct: derived, unless a field holds a secret, which is then redacted (and
/// with `extra`, the fields the examples did not show are left out as well).
pub fn debug(name: &str, fields: &[&Field], extra: bool) -> (TokenStream, TokenStream) {
    if !fields.iter().any(|f| is_secret(f)) {
        return (quote!(Debug,), TokenStream::new());
    }
    let ty = ident(name);
    let entries = fields.iter().map(|field| {
        let wire = &field.name.rust;
        let member = ident(&field.name.rust);
        if is_secret(field) && field.required {
            quote!(.field(#wire, &"<redacted>"))
        } else if is_secret(field) {
            quote!(.field(#wire, &self.#member.as_ref().map(|_| "<redacted>")))
        } else {
            quote!(.field(#wire, &self.#member))
        }
    });
    let finish = if extra { quote!(finish_non_exhaustive) } else { quote!(finish) };
    let implementation = quote! {
        #[allow(deprecated)]
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name) #(#entries)* .#finish()
            }
        }
    };
    (TokenStream::new(), implementation)
}

fn json_struct(api: &Api, def: &TypeDef, def_fields: &[Field], cfg: &TokenStream) -> TokenStream {
    let fields = def_fields;
    let (derive_debug, debug_impl) = debug(&def.name, &fields.iter().collect::<Vec<_>>(), true);
    let name = ident(&def.name);
    let eq = if fields.iter().all(|f| is_eq(api, &f.ty)) { quote!(Eq,) } else { TokenStream::new() };
    let fields = fields.iter().map(|field| {
        let serde = serde_attrs(field);
        let doc = docs(&field.docs);
        let deprecated = deprecated(field.deprecated.as_ref());
        let name = ident(&field.name.rust);
        let ty = field_type_tokens(api, &field.ty, field.required, Place::Types);
        quote! { #doc #deprecated #serde pub #name: #ty, }
    });
    let extra = ident(EXTRA_FIELD);
    let serialize = serialize(def);
    let deserialize = deserialize(def);
    let all_optional = def_fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let constructor = def.sent.then(|| constructor(api, def, def_fields));
    let (debug_cfg, constructor_cfg) = ((!debug_impl.is_empty()).then_some(cfg), constructor.is_some().then_some(cfg));
    quote! {
        #cfg
        #[derive(#derive_debug Clone, PartialEq, #eq #default)]
        #deserialize
        #serialize
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Fields the collection's examples do not show: what the API sends beyond them is
            /// kept here, and what is put here is sent too.
            #[serde(flatten)]
            pub #extra: ::serde_json::Map<String, ::serde_json::Value>,
        }
        #debug_cfg
        #debug_impl
        #constructor_cfg
        #constructor
    }
}

/// A type a request sends: `new` with its required fields, and a setter per optional one
/// (the struct is `#[non_exhaustive]`, so that a new field breaks no one).
fn constructor(api: &Api, def: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|field| {
        let name = ident(&field.name.rust);
        let ty = type_tokens(api, &field.ty, Place::Types);
        if field.ty == TypeRef::String { quote!(#name: impl Into<String>) } else { quote!(#name: #ty) }
    });
    let inits = fields.iter().map(|field| {
        let name = ident(&field.name.rust);
        match (field.required, &field.ty) {
            (true, TypeRef::String) => quote!(#name: #name.into()),
            (true, _) => quote!(#name),
            (false, _) => quote!(#name: None),
        }
    });
    let setters = fields.iter().filter(|f| !f.required).map(|field| {
        let doc = docs(&field.docs);
        let deprecated = deprecated(field.deprecated.as_ref());
        let name = ident(&field.name.rust);
        let ty = type_tokens(api, &field.ty, Place::Types);
        let (param, value) = if field.ty == TypeRef::String {
            (quote!(impl Into<String>), quote!(#name.into()))
        } else {
            (ty, quote!(#name))
        };
        quote! {
            #doc
            #deprecated
            #[inline]
            pub fn #name(mut self, #name: #param) -> Self {
                self.#name = Some(#value);
                self
            }
        }
    });
    let allow_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let allow_deprecated = fields.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let extra = ident(EXTRA_FIELD);
    quote! {
        #allow_deprecated
        impl #name {
            /// A value with the required fields; set the others with the methods below.
            #allow_many
            #[inline]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #extra: ::serde_json::Map::new() }
            }

            #(#setters)*
        }
    }
}

fn serde_attrs(field: &Field) -> TokenStream {
    let rename = (field.name.rust != field.name.wire).then(|| {
        let wire = &field.name.wire;
        quote!(rename = #wire)
    });
    let optional = (!field.required).then(|| quote!(default, skip_serializing_if = "Option::is_none"));
    match (rename, optional) {
        (None, None) => TokenStream::new(),
        (Some(rename), None) => quote!(#[serde(#rename)]),
        (None, Some(optional)) => quote!(#[serde(#optional)]),
        (Some(rename), Some(optional)) => quote!(#[serde(#rename, #optional)]),
    }
}

/// `Serialize`: derived for a type a request sends; for one only received, with the crate's
/// `serialize` feature (most of a crate's types are only received, and `Serialize` is a fifth
/// of what they cost to compile).
fn serialize(def: &TypeDef) -> TokenStream {
    if def.sent {
        quote!(#[derive(::serde::Serialize)])
    } else {
        quote!(#[cfg_attr(feature = "serialize", derive(::serde::Serialize))])
    }
}

/// `Deserialize`: derived for a type a response holds; for one only sent, with the crate's
/// `deserialize` feature (the client never reads what it sends, and `Deserialize` is most of
/// what a type costs to compile).
fn deserialize(def: &TypeDef) -> TokenStream {
    if def.deserialize_by_feature() {
        quote!(#[cfg_attr(feature = "deserialize", derive(::serde::Deserialize))])
    } else {
        quote!(#[derive(::serde::Deserialize)])
    }
}

fn string_enum(def: &TypeDef, variants: &[Variant], cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let serialize = serialize(def);
    let deserialize = deserialize(def);
    let declarations = variants.iter().map(|variant| {
        let doc = docs(&variant.docs);
        let name = ident(&variant.name);
        let wire = &variant.wire;
        quote! { #doc #[serde(rename = #wire)] #name, }
    });
    let arms = variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let wire = &variant.wire;
        quote! { Self::#name => #wire, }
    });
    quote! {
        #cfg
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #deserialize
        #serialize
        #[non_exhaustive]
        pub enum #name { #(#declarations)* }

        #cfg
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self { #(#arms)* }
            }
        }

        #cfg
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
