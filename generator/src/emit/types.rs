//! Model types: IR type definitions -> Rust items (`src/types.rs`).
//!
//! Every type is lenient on input: objects take missing and `null` values as defaults and keep
//! unknown fields in `extra`; enums keep unknown strings; unions keep unknown variants as raw
//! JSON. And lossless: objects mark in a private `presence` field what their Rust types cannot
//! hold (a required field that came absent or `null`, an optional one that came `null`), and
//! their emitted `Serialize` writes it back, so serialising a decoded value gives back the JSON it
//! came from.

use super::docs::{doc_attrs, text_attrs};
use crate::ir::*;
use crate::naming::{ident, unraw};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The Rust type of a reference, as seen from inside the crate.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::JsonObject => quote!(crate::JsonObject),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Upload => quote!(crate::Upload),
    }
}

/// Whether a model field holds a string constant (`"object": "thread.run"`, a variant's tag):
/// such a field is a `Cow<'static, str>` that borrows the constant when the value is the
/// constant, so decoding one allocates nothing, and owns any other value the server sends.
pub fn is_string_constant(field: &Field) -> bool {
    field.constant.is_some() && field.ty == TypeRef::String && !field.boxed
}

/// The type a model field holds, before `Option` and `Nullable`.
fn model_value_type(field: &Field) -> TokenStream {
    if is_string_constant(field) {
        return quote!(std::borrow::Cow<'static, str>);
    }
    boxed(rust_type(&field.ty), field.boxed)
}

/// A model field's constant as a value of its type.
fn constant_value(field: &Field, constant: &str) -> TokenStream {
    if is_string_constant(field) {
        quote!(std::borrow::Cow::Borrowed(#constant))
    } else {
        quote!(#constant.to_string())
    }
}

/// A model field's value in its type's `Default`: its constant if it has one, in the shape of
/// the field's type (plain, `Option`, `Option<Nullable>`), else the type's default.
fn default_value(field: &Field) -> TokenStream {
    let Some(constant) = &field.constant else { return quote!(Default::default()) };
    let value = constant_value(field, constant);
    match FieldKind::of(field) {
        FieldKind::Required => value,
        FieldKind::RequiredNullable | FieldKind::Optional => quote!(Some(#value)),
        FieldKind::OptionalNullable => quote!(Some(crate::Nullable::Value(#value))),
    }
}

fn boxed(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// One model type.
/// `request_types` is [`Ir::request_types`], computed once by the caller.
pub fn emit_type(def: &TypeDef, ir: &Ir, request_types: &BTreeSet<&str>) -> TokenStream {
    match &def.kind {
        TypeKind::Object(object) => emit_object(def, object, ir, request_types.contains(def.name.as_str())),
        TypeKind::Enum(e) => emit_enum(def, e),
        TypeKind::TaggedUnion(union) => emit_tagged(def, union),
        TypeKind::UntaggedUnion(union) => emit_untagged(def, union),
        TypeKind::Alias(target) => {
            let docs = doc_attrs(&def.docs, &[]);
            let docs =
                if def.docs.description.is_none() { text_attrs(&format!("The `{}` type.", def.name)) } else { docs };
            let name = ident(&def.name);
            let target = rust_type(target);
            quote! { #docs pub type #name = #target; }
        }
    }
}

fn type_docs(def: &TypeDef) -> TokenStream {
    if def.docs.description.is_none() && def.docs.notes.is_empty() {
        text_attrs(&format!("The `{}` object.", def.name))
    } else {
        doc_attrs(&def.docs, &[])
    }
}

pub fn field_docs(field: &Field) -> TokenStream {
    if field.docs.description.is_none() && field.docs.notes.is_empty() {
        text_attrs(&format!("The `{}` field.", field.wire_name))
    } else {
        doc_attrs(&field.docs, &[])
    }
}

/// The four shapes of a model field, by whether the spec requires it and lets it be `null`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    /// `T`: absent and `null` leave a placeholder (the default, or the constant), marked.
    Required,
    /// `Option<T>`, always written: `null` is `None`; absent is `None`, marked.
    RequiredNullable,
    /// `Option<T>`, left out when `None`: absent is `None`; `null` is `None`, marked.
    Optional,
    /// `Option<Nullable<T>>`: the type holds all three states.
    OptionalNullable,
}

impl FieldKind {
    fn of(field: &Field) -> FieldKind {
        match (field.required, field.nullable) {
            (true, false) => FieldKind::Required,
            (true, true) => FieldKind::RequiredNullable,
            (false, false) => FieldKind::Optional,
            (false, true) => FieldKind::OptionalNullable,
        }
    }
}

/// One 64-bit word pair of marks per 64 declared fields.
fn mark_words(object: &Object) -> proc_macro2::Literal {
    proc_macro2::Literal::usize_unsuffixed(object.fields.len().div_ceil(64).max(1))
}

/// The private field of every model that records which fields arrived absent or `null`
/// (`runtime::presence`).
fn presence_type(object: &Object) -> TokenStream {
    let words = mark_words(object);
    quote!(crate::runtime::presence::Presence<#words>)
}

/// The marks decoding keeps on the stack while it decodes a model.
fn marks_type(object: &Object) -> TokenStream {
    let words = mark_words(object);
    quote!(crate::runtime::presence::Marks<#words>)
}

fn emit_object(def: &TypeDef, object: &Object, ir: &Ir, request_side: bool) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let mut fields = Vec::new();
    for field in &object.fields {
        let field_name = ident(&field.rust_name);
        let docs = field_docs(field);
        let inner = model_value_type(field);
        let ty = match FieldKind::of(field) {
            FieldKind::Required => inner,
            FieldKind::RequiredNullable | FieldKind::Optional => quote!(Option<#inner>),
            // Three states, so that an explicit `null` survives a round trip and can be sent.
            FieldKind::OptionalNullable => quote!(Option<crate::Nullable<#inner>>),
        };
        fields.push(quote! { #docs pub #field_name: #ty, });
    }
    let deserialize_impl = emit_object_deserialize(&name, &def.name, object);
    let has_constants = object.fields.iter().any(|f| f.constant.is_some());
    let derive_default = if has_constants { quote!() } else { quote!(Default,) };
    let default_impl = has_constants.then(|| {
        let values = object.fields.iter().map(|field| {
            let field_name = ident(&field.rust_name);
            let value = default_value(field);
            quote!(#field_name: #value,)
        });
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self { #(#values)* extra: serde_json::Map::new(), presence: Default::default() }
                }
            }
        }
    });
    let serialize_impl = emit_object_serialize(&name, object);
    let constructor = emit_constructor(&name, object, request_side);
    let secret_fields: Vec<&Field> = object.fields.iter().filter(|f| f.secret).collect();
    let (derive_debug, debug_impl) = if secret_fields.is_empty() {
        (quote!(Debug,), None)
    } else {
        let entries = object.fields.iter().map(|field| {
            let field_name = ident(&field.rust_name);
            let label = unraw(&field.rust_name);
            if field.secret {
                quote!(.field(#label, &"[redacted]"))
            } else {
                quote!(.field(#label, &self.#field_name))
            }
        });
        let label = def.name.as_str();
        (
            quote!(),
            Some(quote! {
                impl std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.debug_struct(#label) #(#entries)* .field("extra", &self.extra).finish()
                    }
                }
            }),
        )
    };
    let page_item = page_item_impl(def, object, ir);
    let presence = presence_type(object);
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
            /// Fields this version of the crate does not know, kept as they came.
            pub extra: serde_json::Map<String, serde_json::Value>,
            presence: #presence,
        }
        #default_impl
        #serialize_impl
        #deserialize_impl
        #debug_impl
        #constructor
        #page_item
    }
}

/// `Deserialize` through the runtime's one-pass object decoder (`decode::object`): the type
/// only lists its fields.
fn emit_object_deserialize(name: &proc_macro2::Ident, type_name: &str, object: &Object) -> TokenStream {
    let arms = object.fields.iter().enumerate().map(|(index, field)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let field_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let constant = field.constant.as_deref().filter(|_| is_string_constant(field));
        // Each arm is one call that returns the field's result: no error branch per arm.
        match (FieldKind::of(field), constant) {
            (FieldKind::Required, Some(constant)) => quote! {
                #wire => crate::runtime::decode::required_constant(reader, &mut self.#field_name, marks, #index, #constant),
            },
            (FieldKind::RequiredNullable, Some(constant)) => quote! {
                #wire => crate::runtime::decode::optional_constant(reader, &mut self.#field_name, marks, #index, #constant, false),
            },
            (FieldKind::Optional, Some(constant)) => quote! {
                #wire => crate::runtime::decode::optional_constant(reader, &mut self.#field_name, marks, #index, #constant, true),
            },
            (FieldKind::Required, _) => {
                quote!(#wire => crate::runtime::decode::required(reader, &mut self.#field_name, marks, #index),)
            }
            (FieldKind::RequiredNullable, _) => quote! {
                #wire => crate::runtime::decode::required_nullable(reader, &mut self.#field_name, marks, #index),
            },
            (FieldKind::Optional, _) => {
                quote!(#wire => crate::runtime::decode::optional(reader, &mut self.#field_name, marks, #index),)
            }
            (FieldKind::OptionalNullable, _) => {
                quote!(#wire => crate::runtime::decode::nullable(reader, &mut self.#field_name),)
            }
        }
    });
    let expecting = format!("a `{type_name}` object");
    // Decoding starts from `Default`, whose required constants are what an absent or `null` one
    // leaves (a borrowed `Cow`, no allocation); a type whose `Default` also fills an optional
    // constant (`Some("auto")`) starts from a value with those left out instead.
    let fills_optional_constant =
        object.fields.iter().any(|f| f.constant.is_some() && FieldKind::of(f) != FieldKind::Required);
    let empty = fills_optional_constant.then(|| {
        let empties = object.fields.iter().map(|f| {
            let field_name = ident(&f.rust_name);
            let value =
                if FieldKind::of(f) == FieldKind::Required { default_value(f) } else { quote!(Default::default()) };
            quote!(#field_name: #value,)
        });
        quote! {
            fn empty() -> Self {
                Self { #(#empties)* extra: serde_json::Map::new(), presence: Default::default() }
            }
        }
    });
    // A bit per required field (whose absence the type cannot say), 64 to a word.
    let mut words = vec![0u64; object.fields.len().div_ceil(64).max(1)];
    for (index, field) in object.fields.iter().enumerate() {
        if field.required {
            words[index / 64] |= 1 << (index % 64);
        }
    }
    let required_words = words.iter().map(|word| proc_macro2::Literal::u64_unsuffixed(*word));
    let marks_type = marks_type(object);
    // Optional nullable fields need no marks: a type with only those leaves them unused.
    let marks_param = if object.fields.iter().any(|f| FieldKind::of(f) != FieldKind::OptionalNullable) {
        format_ident!("marks")
    } else {
        format_ident!("_marks")
    };
    // `Decode` comes from the runtime's impl for every `Object`.
    let deserialize_impl = deserialize_impl(name);
    let constant_hooks = quote! {
        #empty
        fn finish(&mut self, mut marks: Self::Marks) {
            if marks.finish(&[#(#required_words),*]) {
                self.presence.set(marks);
            }
        }
    };
    quote! {
        impl crate::runtime::decode::Object for #name {
            const EXPECTING: &'static str = #expecting;
            type Marks = #marks_type;
            #constant_hooks
        }
        impl crate::runtime::decode::Fields for #name {
            fn decode_field(
                &mut self,
                key: std::borrow::Cow<'_, str>,
                reader: &mut crate::runtime::decode::Reader<'_>,
                #marks_param: &mut crate::runtime::presence::FieldMarks<'_>,
            ) -> Result<(), crate::runtime::decode::ReadError> {
                match &*key {
                    #(#arms)*
                    _ => crate::runtime::decode::keep_unknown(reader, key, &mut self.extra),
                }
            }
        }
        #deserialize_impl
    }
}

/// `Serialize` written out rather than derived: each field goes through one of the methods of the
/// runtime's `presence::Writer`, which consult the field's absent and `null` marks and keep the
/// first error. One call per field and no error branch, with the per-field code shared by every
/// type with a field of the same type.
fn emit_object_serialize(name: &proc_macro2::Ident, object: &Object) -> TokenStream {
    let entries = object.fields.iter().enumerate().map(|(index, field)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let field_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        match (FieldKind::of(field), &field.constant) {
            (FieldKind::Required, Some(constant)) => quote!(w.constant(#wire, #index, &self.#field_name, #constant);),
            (FieldKind::Required | FieldKind::RequiredNullable, _) => {
                quote!(w.required(#wire, #index, &self.#field_name);)
            }
            (FieldKind::Optional, _) => quote!(w.optional(#wire, #index, &self.#field_name);),
            (FieldKind::OptionalNullable, _) => quote!(w.nullable(#wire, &self.#field_name);),
        }
    });
    let wire_names = object.fields.iter().map(|f| f.wire_name.as_str());
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut w = crate::runtime::presence::Writer::new(serializer.serialize_map(None)?, &self.presence);
                #(#entries)*
                w.end(&self.extra)
            }
        }
        impl #name {
            /// The wire names of the declared fields, in order: the names [`Self::is_absent`] and
            /// [`Self::is_null`] take.
            pub const FIELDS: &'static [&'static str] = &[#(#wire_names),*];
            /// Whether the required field `field` (wire name) was missing from the JSON this value
            /// was decoded from (it then holds its default, and is left out again when the value
            /// is serialized while it does). An optional field says it itself: `None`. `false`
            /// for values built in code and for names not in [`Self::FIELDS`]; not changed by
            /// setting the field.
            #[inline]
            pub fn is_absent(&self, field: &str) -> bool {
                self.presence.is_absent(Self::FIELDS, field)
            }
            /// Whether the field `field` (wire name) was `null` in the JSON this value was decoded
            /// from, for a field whose type has no `null` of its own: a required field that is not
            /// nullable (it then holds its default) or an optional one that is not nullable (it
            /// is `None`); either is written as `null` again while it holds that value. A
            /// nullable field says it itself (`None`, `Some(Nullable::Null)`). `false` for values
            /// built in code and for names not in [`Self::FIELDS`]; not changed by setting the
            /// field.
            #[inline]
            pub fn is_null(&self, field: &str) -> bool {
                self.presence.is_null(Self::FIELDS, field)
            }
        }
    }
}

/// `Decode` (and through it `Deserialize`) for a type: `body` reads the value from `reader`.
fn decode_impls(name: &proc_macro2::Ident, body: TokenStream) -> TokenStream {
    let deserialize = deserialize_impl(name);
    quote! {
        impl crate::runtime::decode::Decode for #name {
            fn decode(
                reader: &mut crate::runtime::decode::Reader<'_>,
            ) -> Result<Self, crate::runtime::decode::ReadError> {
                #body
            }
        }
        #deserialize
    }
}

/// `Deserialize` through the type's `Decode`.
fn deserialize_impl(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::decode::deserialize(deserializer)
            }
        }
    }
}

/// `Decode` for a tagged union: the tag is looked up without consuming the object (it usually
/// comes first; the API writes `id` or `index` before `type` in tool calls), then the whole
/// object is decoded as the variant's type. An unknown or missing tag, a non-object, or a payload
/// that does not fit the variant keeps the raw JSON in the unknown variant.
fn emit_tagged_decode(def: &TypeDef, union: &TaggedUnion, unknown: &proc_macro2::Ident) -> TokenStream {
    let name = ident(&def.name);
    let tag = &union.tag;
    let arms = union.variants.iter().map(|v| {
        let variant = ident(&v.variant);
        let tag_value = &v.tag_value;
        let wrap = if v.boxed { quote!(|v| Self::#variant(Box::new(v))) } else { quote!(Self::#variant) };
        quote!(Some(#tag_value) => crate::runtime::decode::variant(reader, #wrap, Self::#unknown),)
    });
    decode_impls(
        &name,
        quote! {
            match reader.tag(#tag)?.as_deref() {
                #(#arms)*
                _ => crate::runtime::decode::unknown(reader, Self::#unknown),
            }
        },
    )
}

/// `new(..)` taking the required fields that have no constant value; for types a request can
/// carry, also a chainable setter per optional field, as params have.
fn emit_constructor(name: &proc_macro2::Ident, object: &Object, with_setters: bool) -> TokenStream {
    let required: Vec<&Field> =
        object.fields.iter().filter(|f| f.required && !f.nullable && f.constant.is_none()).collect();
    let args = required.iter().map(|field| {
        let arg = ident(&field.rust_name);
        let ty = boxed(rust_type(&field.ty), field.boxed);
        quote!(#arg: impl Into<#ty>)
    });
    let assigns = required.iter().map(|field| {
        let arg = ident(&field.rust_name);
        quote!(#arg: #arg.into(),)
    });
    let doc = text_attrs("Creates a value with the required fields; the others take their defaults.");
    let many_args = super::allow_many_args(required.len());
    let setters = object
        .fields
        .iter()
        .filter(|f| with_setters && f.constant.is_none() && (!f.required || f.nullable)) // not taken by `new`
        .map(|f| super::params::setter(f, !f.required && f.nullable));
    quote! {
        impl #name {
            #doc
            #many_args
            pub fn new(#(#args),*) -> Self {
                Self { #(#assigns)* ..Default::default() }
            }
            #(#setters)*
        }
    }
}

/// Items of cursor-paginated lists name their cursor.
fn page_item_impl(def: &TypeDef, object: &Object, ir: &Ir) -> Option<TokenStream> {
    fn used_as_cursor_item(resources: &[Resource], name: &str) -> bool {
        resources.iter().any(|r| {
            r.methods.iter().any(|m| {
                matches!(&m.response, ResponseKind::Page { pagination: crate::spec::PaginationKind::Cursor, item: TypeRef::Named(n) } if n == name)
            }) || used_as_cursor_item(&r.children, name)
        })
    }
    if !used_as_cursor_item(&ir.resources, &def.name) {
        return None;
    }
    let id = object.fields.iter().find(|f| f.wire_name == "id" && f.ty == TypeRef::String)?;
    let name = ident(&def.name);
    let field = ident(&id.rust_name);
    let body = if id.required && !id.nullable {
        quote!(Some(self.#field.as_str()).filter(|id| !id.is_empty()))
    } else {
        quote!(self.#field.as_deref())
    };
    Some(quote! {
        impl crate::PageItem for #name {
            fn cursor_id(&self) -> Option<&str> { #body }
        }
    })
}

fn unknown_variant_name(taken: &[&str]) -> proc_macro2::Ident {
    if taken.contains(&"Unknown") {
        format_ident!("UnknownValue")
    } else {
        format_ident!("Unknown")
    }
}

// Enums and unions are `#[non_exhaustive]`: a value OpenAI adds later becomes a new variant, and
// only with a wildcard arm in users' matches is that an additive (minor) release under Rust's
// semver rules, which `cargo xtask diff-spec` reports by.
fn emit_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let taken: Vec<&str> = e.values.iter().map(|v| v.variant.as_str()).collect();
    let unknown = unknown_variant_name(&taken);
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let doc = format!(" `{}`", v.value);
        quote!(#[doc = #doc] #variant,)
    });
    let to_str = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let value = &v.value;
        quote!(Self::#variant => #value,)
    });
    let from_str = e.values.iter().map(|v| {
        let variant = ident(&v.variant);
        let value = &v.value;
        quote!(#value => Self::#variant,)
    });
    let decode_impl = decode_impls(
        &name,
        quote! {
            crate::runtime::decode::open_enum(reader, |value: &str| Self::from(value), |value| matches!(value, Self::#unknown(_)))
        },
    );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as sent.
            #unknown(String),
        }
        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self { #(#to_str)* Self::#unknown(value) => value }
            }
        }
        impl Default for #name {
            fn default() -> Self { Self::#unknown(String::new()) }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value { #(#from_str)* other => Self::#unknown(other.to_string()) }
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        #decode_impl
    }
}

fn emit_tagged(def: &TypeDef, union: &TaggedUnion) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let tag = &union.tag;
    let taken: Vec<&str> = union.variants.iter().map(|v| v.variant.as_str()).collect();
    let unknown = unknown_variant_name(&taken);
    let variants = union.variants.iter().map(|v| {
        let variant = ident(&v.variant);
        let ty = boxed(rust_type(&TypeRef::Named(v.ty.clone())), v.boxed);
        let doc = format!(" `{tag}: \"{}\"`", v.tag_value);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let serialize_arms = union.variants.iter().map(|v| {
        let variant = ident(&v.variant);
        quote!(Self::#variant(value) => value.serialize(serializer),)
    });
    let tag_arms = union.variants.iter().map(|v| {
        let variant = ident(&v.variant);
        let tag_value = &v.tag_value;
        quote!(Self::#variant(_) => Some(#tag_value),)
    });
    // `From` is only unambiguous when each variant has its own type.
    let mut seen = std::collections::BTreeSet::new();
    let unique = union.variants.iter().all(|v| seen.insert(&v.ty));
    let froms = union.variants.iter().filter(|_| unique).map(|v| {
        let variant = ident(&v.variant);
        let ty = ident(&v.ty);
        let value = if v.boxed { quote!(Box::new(value)) } else { quote!(value) };
        quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self { Self::#variant(#value) }
            }
        }
    });
    let tag_doc = format!(" The value of the `{tag}` discriminator.");
    let deserialize_impl = emit_tagged_decode(def, union, &unknown);
    // Variants hold their objects inline, as untagged arms do (boxing only the large ones would
    // make the public type depend on the sizes of the others).
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A variant this version of the crate does not know, kept as raw JSON.
            #unknown(serde_json::Value),
        }
        impl #name {
            #[doc = #tag_doc]
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#tag_arms)*
                    Self::#unknown(value) => value.get(#tag).and_then(serde_json::Value::as_str),
                }
            }
        }
        impl Default for #name {
            fn default() -> Self { Self::#unknown(serde_json::Value::Null) }
        }
        #(#froms)*
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#unknown(value) => value.serialize(serializer),
                }
            }
        }
        #deserialize_impl
    }
}

fn emit_untagged(def: &TypeDef, union: &UntaggedUnion) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let taken: Vec<&str> = union.variants.iter().map(|v| v.variant.as_str()).collect();
    let unknown = unknown_variant_name(&taken);
    let variants = union.variants.iter().map(|v| {
        let variant = ident(&v.variant);
        match (&v.ty, &v.constant) {
            (_, Some(constant)) => {
                let doc = format!(" The string `\"{constant}\"`.");
                quote!(#[doc = #doc] #variant,)
            }
            (Some(ty), None) => {
                let ty = boxed(rust_type(ty), v.boxed);
                let doc = format!(" A JSON {} value.", format!("{:?}", v.kind).to_lowercase());
                quote!(#[doc = #doc] #variant(#ty),)
            }
            (None, None) => quote!(#variant,),
        }
    });
    let serialize_arms = union.variants.iter().map(|v| {
        let variant = ident(&v.variant);
        match &v.constant {
            Some(constant) => quote!(Self::#variant => serializer.serialize_str(#constant),),
            None => quote!(Self::#variant(value) => value.serialize(serializer),),
        }
    });
    let fitted: Vec<&UntaggedVariant> = union.variants.iter().filter(|v| v.fit.is_some()).collect();
    let first_fitted = union.variants.iter().position(|v| v.fit.is_some());
    let deserialize_arms = union.variants.iter().enumerate().filter_map(|(index, v)| {
        if v.fit.is_some() {
            // All object arms are decided together, where the first of them stands.
            return (Some(index) == first_fitted).then(|| object_fit_arms(&fitted, &unknown));
        }
        let variant = ident(&v.variant);
        let pattern = match v.kind {
            JsonKind::Boolean => quote!(crate::runtime::decode::Kind::Bool),
            JsonKind::Integer => quote!(crate::runtime::decode::Kind::Integer),
            JsonKind::Number => quote!(crate::runtime::decode::Kind::Integer | crate::runtime::decode::Kind::Float),
            JsonKind::String => quote!(crate::runtime::decode::Kind::String),
            JsonKind::Array => quote!(crate::runtime::decode::Kind::Array),
            JsonKind::Object => quote!(crate::runtime::decode::Kind::Object),
        };
        Some(match &v.constant {
            Some(constant) => quote! {
                if reader.is_string(#constant) {
                    reader.skip()?;
                    return Ok(Self::#variant);
                }
            },
            None => {
                let wrap = variant_wrap(v);
                quote! {
                    if matches!(kind, #pattern) {
                        return crate::runtime::decode::variant(reader, #wrap, Self::#unknown);
                    }
                }
            }
        })
    });
    let decode_impl = decode_impls(
        &name,
        quote! {
            let kind = reader.kind()?;
            #(#deserialize_arms)*
            crate::runtime::decode::unknown(reader, Self::#unknown)
        },
    );
    // A constant arm (`"auto"`, `"none"`) is the natural default and can be derived; otherwise
    // the default is an unknown `null`.
    let default_variant = union.variants.iter().find(|v| v.constant.is_some()).map(|v| v.variant.as_str());
    let variants = variants.zip(&union.variants).map(|(tokens, v)| {
        if Some(v.variant.as_str()) == default_variant {
            quote!(#[default] #tokens)
        } else {
            tokens
        }
    });
    let (derive_default, default_impl) = match default_variant {
        Some(_) => (quote!(Default,), None),
        None => (
            quote!(),
            Some(quote! {
                impl Default for #name {
                    fn default() -> Self { Self::#unknown(serde_json::Value::Null) }
                }
            }),
        ),
    };
    let froms = untagged_froms(&name, union);
    // An arm holds its object inline, as a field would; boxing only the large ones would make the
    // public type depend on the sizes of the others.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value of a shape this version of the crate does not know, kept as raw JSON.
            #unknown(serde_json::Value),
        }
        #default_impl
        #froms
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#unknown(value) => value.serialize(serializer),
                }
            }
        }
        #decode_impl
    }
}

/// The constructor of an arm that carries a value.
fn variant_wrap(v: &UntaggedVariant) -> TokenStream {
    let variant = ident(&v.variant);
    if v.boxed {
        quote!(|v| Self::#variant(Box::new(v)))
    } else {
        quote!(Self::#variant)
    }
}

/// Decodes an object into the object arm whose keys fit it best (`runtime::decode::best_fit`).
fn object_fit_arms(fitted: &[&UntaggedVariant], unknown: &proc_macro2::Ident) -> TokenStream {
    let shapes = fitted.iter().map(|v| {
        let fit = v.fit.as_ref().expect("fitted arms have a fit");
        let (required, known) = (&fit.required, &fit.known);
        let constants = fit.constants.iter().map(|(key, value)| quote!((#key, #value)));
        quote! {
            crate::runtime::decode::ObjectShape {
                required: &[#(#required),*],
                known: &[#(#known),*],
                constants: &[#(#constants),*],
            }
        }
    });
    let arms = fitted.iter().enumerate().map(|(index, v)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let wrap = variant_wrap(v);
        quote!(Some(#index) => return crate::runtime::decode::variant(reader, #wrap, Self::#unknown),)
    });
    quote! {
        if kind == crate::runtime::decode::Kind::Object {
            const SHAPES: &[crate::runtime::decode::ObjectShape] = &[#(#shapes),*];
            match crate::runtime::decode::best_fit(&reader.keys()?, SHAPES) {
                #(#arms)*
                _ => {}
            }
        }
    }
}

/// `From` for each arm that carries a value, so `"text".into()` or `vec![..].into()` builds the
/// union; only when no two arms share a Rust type, which would make `From` ambiguous.
fn untagged_froms(name: &proc_macro2::Ident, union: &UntaggedUnion) -> TokenStream {
    let arms: Vec<(&UntaggedVariant, &TypeRef)> = union
        .variants
        .iter()
        .filter(|v| v.constant.is_none())
        .filter_map(|v| v.ty.as_ref().map(|ty| (v, ty)))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    if !arms.iter().all(|(_, ty)| seen.insert(rust_type(ty).to_string())) {
        return TokenStream::new();
    }
    let impls = arms.iter().map(|(v, ty)| {
        let variant = ident(&v.variant);
        let rust = rust_type(ty);
        let wrap = if v.boxed { quote!(Self::#variant(Box::new(value))) } else { quote!(Self::#variant(value)) };
        let from_str = (**ty == TypeRef::String).then(|| {
            quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self { Self::#variant(value.to_string()) }
                }
            }
        });
        quote! {
            impl From<#rust> for #name {
                fn from(value: #rust) -> Self { #wrap }
            }
            #from_str
        }
    });
    quote!(#(#impls)*)
}
