//! Request parameter types (`src/params.rs`): required fields in `new(..)`, chainable setters
//! for the rest, three states (absent / `null` / value) for optional nullable fields, and the
//! query string for fields that travel in the URL.

use super::docs::text_attrs;
use super::types::{field_docs, rust_type};
use crate::ir::*;
use crate::naming::{ident, unraw};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn is_primitive(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Integer | TypeRef::Number | TypeRef::Boolean)
}

/// The type of a setter or constructor argument.
fn argument_type(ty: &TypeRef, boxed: bool) -> TokenStream {
    let inner = rust_type(ty);
    if boxed {
        quote!(impl Into<Box<#inner>>)
    } else if is_primitive(ty) {
        inner
    } else {
        quote!(impl Into<#inner>)
    }
}

fn convert(value: &proc_macro2::Ident, ty: &TypeRef) -> TokenStream {
    if is_primitive(ty) {
        quote!(#value)
    } else {
        quote!(#value.into())
    }
}

/// The chainable setter of an optional field (`Option<T>`, or `Option<Nullable<T>>` when
/// `three_state`), and for a three-state field also `<name>_null()`, which sends JSON `null`.
pub(super) fn setter(field: &Field, three_state: bool) -> TokenStream {
    let field_name = ident(&field.rust_name);
    let docs = field_docs(field);
    let arg_ty = argument_type(&field.ty, field.boxed);
    let value = format_ident!("value");
    let converted = convert(&value, &field.ty);
    let stored = if three_state { quote!(Some(crate::Nullable::Value(#converted))) } else { quote!(Some(#converted)) };
    let null_setter = three_state.then(|| {
        let null_setter = format_ident!("{}_null", unraw(&field.rust_name));
        let doc = format!(
            " Sends `{}` as JSON `null` (clears it), which is not the same as leaving it out.",
            field.wire_name
        );
        quote! {
            #[doc = #doc]
            pub fn #null_setter(mut self) -> Self {
                self.#field_name = Some(crate::Nullable::Null);
                self
            }
        }
    });
    quote! {
        #docs
        pub fn #field_name(mut self, value: #arg_ty) -> Self {
            self.#field_name = #stored;
            self
        }
        #null_setter
    }
}

pub fn emit_params(def: &TypeDef, multipart: bool) -> TokenStream {
    let TypeKind::Object(object) = &def.kind else { unreachable!("params are objects") };
    let name = ident(&def.name);
    let docs = if def.docs.description.is_some() {
        super::docs::doc_attrs(&def.docs, &[])
    } else {
        text_attrs(&format!("Parameters of a call; build with [`{}::new`].", def.name))
    };
    let mut fields = Vec::new();
    let mut new_args = Vec::new();
    let mut new_assigns = Vec::new();
    let mut setters = Vec::new();
    for field in &object.fields {
        let field_name = ident(&field.rust_name);
        let inner = rust_type(&field.ty);
        let inner = if field.boxed { quote!(Box<#inner>) } else { inner };
        let skip = match field.location {
            FieldLocation::Query => quote!(#[serde(skip)]),
            // Files are parts of their own (`multipart_form`), not text fields.
            FieldLocation::Body if holds_upload(&field.ty) => quote!(#[serde(skip)]),
            FieldLocation::Body => {
                let rename = (unraw(&field.rust_name) != field.wire_name).then(|| {
                    let wire = &field.wire_name;
                    quote!(#[serde(rename = #wire)])
                });
                let skip_none = (!field.required).then(|| quote!(#[serde(skip_serializing_if = "Option::is_none")]));
                quote!(#rename #skip_none)
            }
        };
        let ty = match (field.required, field.nullable) {
            (true, false) => inner.clone(),
            (true, true) => quote!(crate::Nullable<#inner>),
            (false, false) => quote!(Option<#inner>),
            (false, true) => quote!(Option<crate::Nullable<#inner>>),
        };
        fields.push(quote!(#skip #field_name: #ty,));
        let arg_ty = argument_type(&field.ty, field.boxed);
        if let Some(constant) = &field.constant {
            let value =
                if field.required { quote!(#constant.to_string()) } else { quote!(Some(#constant.to_string())) };
            new_assigns.push(quote!(#field_name: #value,));
            continue;
        }
        if field.required {
            let value = convert(&field_name, &field.ty);
            new_args.push(quote!(#field_name: #arg_ty));
            new_assigns.push(if field.nullable {
                quote!(#field_name: crate::Nullable::Value(#value),)
            } else {
                quote!(#field_name: #value,)
            });
            continue;
        }
        new_assigns.push(quote!(#field_name: None,));
        setters.push(setter(field, field.nullable));
    }
    let query = emit_query_pairs(object);
    let form = multipart.then(|| emit_multipart_form(object));
    let default_impl = new_args.is_empty().then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self { Self::new() }
            }
        }
    });
    let new_doc = text_attrs("Creates the parameters with every required field; set the others with the setters.");
    let many_args = super::allow_many_args(new_args.len());
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        pub struct #name {
            #(#fields)*
        }
        impl #name {
            #new_doc
            #many_args
            pub fn new(#(#new_args),*) -> Self {
                Self { #(#new_assigns)* }
            }
            #(#setters)*
            #query
            #form
        }
        #default_impl
    }
}

fn holds_upload(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Upload => true,
        TypeRef::Array(item) => holds_upload(item),
        _ => false,
    }
}

/// `multipart_form()`: the body fields as text fields, then one part per file (`name[]` for each
/// file of an array, as the official SDKs send them).
fn emit_multipart_form(object: &Object) -> TokenStream {
    let files =
        object.fields.iter().filter(|f| f.location == FieldLocation::Body && holds_upload(&f.ty)).map(|field| {
            let field_name = ident(&field.rust_name);
            let add = match &field.ty {
                TypeRef::Array(_) => {
                    let name = format!("{}[]", field.wire_name);
                    quote!(for file in value { form = form.file(#name, file.clone()); })
                }
                _ => {
                    let name = &field.wire_name;
                    quote!(form = form.file(#name, value.clone());)
                }
            };
            match (field.required, field.nullable) {
                (true, false) => quote!({ let value = &self.#field_name; #add }),
                (true, true) => quote!(if let crate::Nullable::Value(value) = &self.#field_name { #add }),
                (false, false) => quote!(if let Some(value) = &self.#field_name { #add }),
                (false, true) => quote!(if let Some(crate::Nullable::Value(value)) = &self.#field_name { #add }),
            }
        });
    quote! {
        /// The `multipart/form-data` body of these parameters.
        pub(crate) fn multipart_form(&self) -> crate::MultipartForm {
            #[allow(unused_mut)]
            let mut form = crate::MultipartForm::new().fields(self);
            #(#files)*
            form
        }
    }
}

/// `query_pairs()`: the fields that travel in the query string, in the order the spec lists them;
/// nothing when no field does.
fn emit_query_pairs(object: &Object) -> Option<TokenStream> {
    let query: Vec<&Field> = object.fields.iter().filter(|f| f.location == FieldLocation::Query).collect();
    if query.is_empty() {
        return None;
    }
    let pushes = query.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let push = |value: TokenStream, ty: &TypeRef| -> TokenStream {
            match ty {
                TypeRef::Array(inner) => {
                    let item = to_query_string(quote!(item), inner);
                    quote!(for item in #value { pairs.push((#wire.to_string(), #item)); })
                }
                other => {
                    let text = to_query_string(value, other);
                    quote!(pairs.push((#wire.to_string(), #text));)
                }
            }
        };
        if field.required {
            let body = push(quote!(value), &field.ty);
            quote!({ let value = &self.#field_name; #body })
        } else {
            let body = push(quote!(value), &field.ty);
            quote!(if let Some(value) = &self.#field_name { #body })
        }
    });
    Some(quote! {
        /// The query-string pairs of these parameters.
        pub(crate) fn query_pairs(&self) -> Vec<(String, String)> {
            let mut pairs = Vec::new();
            #(#pushes)*
            pairs
        }
    })
}

fn to_query_string(value: TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Boolean => quote!(#value.to_string()),
        TypeRef::Named(_) => quote!(crate::runtime::decode::query_value(#value)),
        _ => quote!(serde_json::to_string(#value).unwrap_or_default()),
    }
}
