//! `tests/conformance.rs` of the generated crate: every operation called twice against a Prism
//! mock of the spec (which rejects requests that break it), once with only the required
//! parameters and once with every parameter set; an operation that can stream is also called
//! through its `_stream` method. Generated, so a new operation gets its tests for free.

use crate::ir::*;
use crate::naming::{ident, unraw};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

pub fn emit_conformance(ir: &Ir) -> TokenStream {
    let krate = format_ident!("{}", ir.krate.name.replace('-', "_"));
    let request_types = ir.request_types();
    let required_only = Sampler { ir, request_types: &request_types, all: false };
    let every_param = Sampler { ir, request_types: &request_types, all: true };
    let mut tests = Vec::new();
    let mut stack: Vec<(&Resource, Vec<&Resource>)> = ir.resources.iter().map(|r| (r, vec![r])).collect();
    stack.reverse();
    while let Some((resource, chain)) = stack.pop() {
        for method in &resource.methods {
            tests.push(emit_test(&required_only, &krate, &chain, method));
            tests.push(emit_test(&every_param, &krate, &chain, method));
            if method.stream.is_some() {
                tests.push(emit_stream_test(&required_only, &krate, &chain, method));
            }
        }
        for child in resource.children.iter().rev() {
            let mut child_chain = chain.clone();
            child_chain.push(child);
            stack.push((child, child_chain));
        }
    }
    // Every operation is called, so the tests need every feature.
    let all_features = (!ir.krate.features.is_empty()).then(|| {
        let names = ir.krate.features.keys();
        quote!(#![cfg(all(#(feature = #names),*))])
    });
    quote! {
        //! Conformance of every operation against a Prism mock of spec/openapi.yaml.
        //!
        //! Run through `scripts/with-prism.sh` (the project's test command does), which exports
        //! `PRISM_URL`; without it (as in a copy of the published crate) every test says it is
        //! skipped and passes.
        #all_features
        #![allow(deprecated)]
        use #krate::*;
        use futures_util::StreamExt;

        fn client() -> Option<Client> {
            let Ok(url) = std::env::var("PRISM_URL") else {
                eprintln!("skipped: PRISM_URL is not set; run these tests through the project's scripts/with-prism.sh");
                return None;
            };
            Some(Client::builder().api_key("sk-conformance-test").base_url(url).max_retries(0).build().expect("client builds"))
        }

        /// What Prism sends is made from the spec, so it must decode into known types all the
        /// way down: an unknown field, tag or enum value here is a gap between the spec and the
        /// generated types that lenient decoding would otherwise hide. (The tests run on
        /// tokio's current-thread runtime, so decoding happens on this thread.)
        fn assert_fully_typed(route: &str) {
            let unknown = #krate::decode::take_unknown_count();
            assert_eq!(unknown, 0, "{route}: {unknown} value(s) of the response did not decode into known types");
        }

        #(#tests)*
    }
}

fn emit_test(sampler: &Sampler<'_>, krate: &proc_macro2::Ident, chain: &[&Resource], method: &Method) -> TokenStream {
    let (ir, all) = (sampler.ir, sampler.all);
    let path: Vec<&str> = chain.iter().map(|r| unraw(&r.accessor)).collect();
    let name = format_ident!(
        "{}_{}_{}",
        path.join("_"),
        unraw(&method.name),
        if all { "all_params" } else { "required_params" }
    );
    let accessors = chain.iter().map(|r| ident(&r.accessor));
    let method_name = ident(&method.name);
    let mut args = path_args(method);
    if let Some(params) = method.params.as_ref().and_then(|p| ir.type_def(p)) {
        args.push(sampler.params(params));
    }
    let options = all.then(|| quote!(.with_options(#krate::RequestOptions::new().header("X-Conformance", "all"))));
    let route = format!("{} {}", method.http_method, method.path);
    quote! {
        #[tokio::test]
        async fn #name() {
            let Some(client) = client() else { return };
            #krate::decode::take_unknown_count();
            let result = client #(.#accessors())* .#method_name(#(#args),*) #options .await;
            if let Err(error) = &result {
                panic!("{}: {error:?}", #route);
            }
            assert_fully_typed(#route);
        }
    }
}

/// The streaming variant, with only the required parameters: the mock answers with the spec's
/// example event stream, which must decode into typed events and end with `[DONE]`.
fn emit_stream_test(
    sampler: &Sampler<'_>,
    krate: &proc_macro2::Ident,
    chain: &[&Resource],
    method: &Method,
) -> TokenStream {
    let ir = sampler.ir;
    let path: Vec<&str> = chain.iter().map(|r| unraw(&r.accessor)).collect();
    let name = format_ident!("{}_{}_stream", path.join("_"), unraw(&method.name));
    let accessors = chain.iter().map(|r| ident(&r.accessor));
    let method_name = format_ident!("{}_stream", unraw(&method.name));
    let mut args = path_args(method);
    if let Some(params) = method.params.as_ref().and_then(|p| ir.type_def(p)) {
        args.push(sampler.params(params));
    }
    let route = format!("{} {} (stream)", method.http_method, method.path);
    quote! {
        #[tokio::test]
        async fn #name() {
            let Some(client) = client() else { return };
            #krate::decode::take_unknown_count();
            let mut events = match client #(.#accessors())* .#method_name(#(#args),*).await {
                Ok(events) => events,
                Err(error) => panic!("{}: {error:?}", #route),
            };
            let mut count = 0;
            while let Some(event) = events.next().await {
                if let Err(error) = event {
                    panic!("{}: event {count}: {error:?}", #route);
                }
                count += 1;
            }
            assert!(count > 0, "{}: no events", #route);
            assert_fully_typed(#route);
        }
    }
}

fn path_args(method: &Method) -> Vec<TokenStream> {
    method
        .path_params
        .iter()
        .map(|p| {
            let value = format!("{}_123", p.wire_name.trim_end_matches("_id"));
            quote!(#value)
        })
        .collect()
}

/// A valid string for `constraints`: a URL for `format: uri`, else `"string"` cut to the maximum
/// length. Shared with the JSON samples of `samples.rs`.
pub(super) fn sample_text(constraints: &Constraints) -> String {
    match constraints.format.as_deref() {
        Some("uri" | "url") => "https://example.com/image.png".to_string(),
        _ => "string".chars().take(constraints.max_length.unwrap_or(64) as usize).collect(),
    }
}

/// A valid integer for `constraints`: the minimum (or 1), no more than the maximum.
pub(super) fn sample_integer(constraints: &Constraints) -> i64 {
    let mut value = constraints.minimum.map(|m| m.ceil() as i64).unwrap_or(1);
    if let Some(max) = constraints.maximum {
        value = value.min(max.floor() as i64);
    }
    value
}

/// A valid number for `constraints`: the minimum (or 0.5), no more than the maximum.
pub(super) fn sample_number(constraints: &Constraints) -> f64 {
    let mut value = constraints.minimum.unwrap_or(0.5);
    if let Some(max) = constraints.maximum {
        value = value.min(max);
    }
    value
}

/// Builds Rust expressions for valid values of the spec's types: only the required fields, or
/// (with `all`) every field a setter takes.
struct Sampler<'a> {
    ir: &'a Ir,
    /// [`Ir::request_types`]: the types that have chainable setters.
    request_types: &'a BTreeSet<&'a str>,
    all: bool,
}

/// How deep below the params a sample with every field set goes; deeper objects get only their
/// required fields, which keeps the samples small where the types nest (thread -> messages ->
/// attachments -> tools).
const MAX_FULL_DEPTH: usize = 3;

impl Sampler<'_> {
    fn params(&self, def: &TypeDef) -> TokenStream {
        let TypeKind::Object(object) = &def.kind else { unreachable!("params are objects") };
        let name = ident(&def.name);
        let required = object
            .fields
            .iter()
            .filter(|f| f.required && f.constant.is_none())
            .map(|f| self.sample(&f.ty, &f.constraints, 0));
        let setters = object.fields.iter().filter(|f| self.all && !f.required && f.constant.is_none()).map(|f| {
            let setter = ident(&f.rust_name);
            let value = self.sample(&f.ty, &f.constraints, 0);
            quote!(.#setter(#value))
        });
        quote!(#name::new(#(#required),*) #(#setters)*)
    }

    /// A Rust expression for a valid value of `ty`.
    /// With `all`, request-side objects nested in the sample get their optional fields set too (down
    /// to [`MAX_FULL_DEPTH`]), so that "every param" reaches past the top level.
    fn sample(&self, ty: &TypeRef, constraints: &Constraints, depth: usize) -> TokenStream {
        let none = Constraints::default();
        match ty {
            TypeRef::String => {
                let text = sample_text(constraints);
                // Owned, so the sample fits nested positions (`Vec<String>`, map values) as well as
                // `impl Into<String>` arguments.
                quote!(String::from(#text))
            }
            TypeRef::Integer => {
                let value = sample_integer(constraints);
                quote!(#value)
            }
            TypeRef::Number => {
                let value = sample_number(constraints);
                quote!(#value)
            }
            TypeRef::Boolean => quote!(true),
            TypeRef::Array(inner) => {
                let item = self.sample(inner, &none, depth + 1);
                quote!(vec![#item])
            }
            TypeRef::Map(inner) => {
                let value = self.sample(inner, &none, depth + 1);
                quote!(std::collections::BTreeMap::from([("key".to_string(), #value)]))
            }
            TypeRef::JsonObject => quote!(JsonObject::new()),
            TypeRef::Any => quote!(serde_json::Value::Object(serde_json::Map::new())),
            TypeRef::Upload => quote!(Upload::from_bytes("sample.txt", "sample")),
            TypeRef::Named(name) => self.named(name, constraints, depth),
        }
    }

    fn named(&self, name: &str, constraints: &Constraints, depth: usize) -> TokenStream {
        let Some(def) = self.ir.type_def(name) else { return quote!(Default::default()) };
        let type_name = ident(name);
        let none = Constraints::default();
        match &def.kind {
            TypeKind::Alias(target) => self.sample(target, constraints, depth),
            TypeKind::Enum(e) => match e.values.first() {
                Some(value) => {
                    let variant = ident(&value.variant);
                    quote!(#type_name::#variant)
                }
                None => quote!(#type_name::default()),
            },
            TypeKind::Object(object) => {
                let args = object
                    .fields
                    .iter()
                    .filter(|f| f.required && !f.nullable && f.constant.is_none())
                    .map(|f| self.sample(&f.ty, &f.constraints, depth + 1));
                // The fields the type's chainable setters take (request-side types have them).
                let full = self.all && depth < MAX_FULL_DEPTH && self.request_types.contains(name);
                // Of fields only one group of which may be set, the first group's.
                let excluded = |f: &&Field| object.exclusive.iter().skip(1).flatten().any(|n| *n == f.wire_name);
                let setters = object
                    .fields
                    .iter()
                    .filter(|f| full && f.constant.is_none() && (!f.required || f.nullable))
                    .filter(|f| !excluded(f))
                    .map(|f| {
                        let setter = ident(&f.rust_name);
                        let value = self.sample(&f.ty, &f.constraints, depth + 1);
                        quote!(.#setter(#value))
                    });
                quote!(#type_name::new(#(#args),*) #(#setters)*)
            }
            TypeKind::TaggedUnion(union) => match union.variants.first() {
                Some(variant) => {
                    let variant_name = ident(&variant.variant);
                    let value = self.named(&variant.ty, &none, depth + 1);
                    let value = if variant.boxed { quote!(Box::new(#value)) } else { value };
                    quote!(#type_name::#variant_name(#value))
                }
                None => quote!(#type_name::default()),
            },
            TypeKind::UntaggedUnion(union) => {
                let chosen = union.variants.iter().find(|v| v.constant.is_some()).or_else(|| union.variants.first());
                match chosen {
                    Some(UntaggedVariant { constant: Some(_), variant, .. }) => {
                        let variant = ident(variant);
                        quote!(#type_name::#variant)
                    }
                    Some(UntaggedVariant { ty: Some(ty), variant, boxed, .. }) => {
                        let variant = ident(variant);
                        let value = self.sample(ty, &none, depth + 1);
                        let value = if *boxed { quote!(Box::new(#value)) } else { value };
                        quote!(#type_name::#variant(#value))
                    }
                    _ => quote!(#type_name::default()),
                }
            }
        }
    }
}
