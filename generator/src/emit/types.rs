//! Named types: JSON structs and string enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{deprecated, docs, field_type_tokens, ident, type_tokens};
use crate::ir::{Api, EXTRA_FIELD, Field, TypeDef, TypeKind, TypeRef, Variant};

/// A named type with its impls.
pub fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(fields) => json_struct(api, def, fields),
        TypeKind::Enum(variants) => string_enum(def, variants),
    }
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

fn json_struct(api: &Api, def: &TypeDef, def_fields: &[Field]) -> TokenStream {
    let fields = def_fields;
    let (derive_debug, debug_impl) = debug(&def.name, &fields.iter().collect::<Vec<_>>(), true);
    let name = ident(&def.name);
    let doc = docs(&def.docs);
    let eq = if fields.iter().all(|f| is_eq(api, &f.ty)) { quote!(Eq,) } else { TokenStream::new() };
    let fields = fields.iter().map(|field| {
        let serde = serde_attrs(field);
        let doc = docs(&field.docs);
        let deprecated = deprecated(field.deprecated.as_ref());
        let name = ident(&field.name.rust);
        let ty = field_type_tokens(api, &field.ty, field.required, def.module);
        quote! { #doc #deprecated #serde pub #name: #ty, }
    });
    let extra = ident(EXTRA_FIELD);
    let serialize = serialize(def);
    let all_optional = def_fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let constructor = def.sent.then(|| constructor(api, def, def_fields));
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, #eq #default ::serde::Deserialize)]
        #serialize
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Fields the collection's examples do not show: what the API sends beyond them is
            /// kept here, and what is put here is sent too.
            #[serde(flatten)]
            pub #extra: ::serde_json::Map<String, ::serde_json::Value>,
        }
        #debug_impl
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
        let ty = type_tokens(api, &field.ty, Some(def.module));
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
        let ty = type_tokens(api, &field.ty, Some(def.module));
        let (param, value) = if field.ty == TypeRef::String {
            (quote!(impl Into<String>), quote!(#name.into()))
        } else {
            (ty, quote!(#name))
        };
        quote! {
            #doc
            #deprecated
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

fn string_enum(def: &TypeDef, variants: &[Variant]) -> TokenStream {
    let name = ident(&def.name);
    let serialize = serialize(def);
    let doc = docs(&def.docs);
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
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Deserialize)]
        #serialize
        #[non_exhaustive]
        pub enum #name { #(#declarations)* }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self { #(#arms)* }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
