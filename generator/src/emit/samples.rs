//! `tests/samples/mod.rs` of the generated crate: a valid sample JSON value of every model type a
//! response or stream event can carry (one per arm of a union), made from the spec with the same
//! value choices as the conformance tests' samples, plus the names of the request-only types.
//! `sdk-tests/tests/lossless.rs` includes it, mutates the samples (fields dropped, nulled, added,
//! reordered, unknown enum values and tags) and checks that decoding then serializing gives the
//! JSON back. Generated, so a new response type gets its round-trip tests for free.

use super::conformance::{sample_integer, sample_number, sample_text};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{json, Map, Value};

/// Below this depth a sample sets every field (and puts one item in arrays and maps); from it on,
/// only the required fields, with empty arrays and maps, which keeps recursive types finite.
const FULL_DEPTH: usize = 4;
/// From this depth on, a required object is left empty (decoding marks its fields absent).
const MAX_DEPTH: usize = 12;

pub fn emit_samples(ir: &Ir) -> TokenStream {
    let krate = format_ident!("{}", ir.krate.name.replace('-', "_"));
    let responses = ir.response_types();
    let sampler = JsonSampler { ir };
    let mut samples = Vec::new();
    let mut request_only = Vec::new();
    for def in &ir.types {
        if matches!(def.kind, TypeKind::Alias(_)) {
            continue;
        }
        if !responses.contains(def.name.as_str()) {
            request_only.push(def.name.as_str());
            continue;
        }
        let ty = crate::naming::ident(&def.name);
        let mut push = |label: String, value: Value| {
            let json = serde_json::to_string(&value).expect("a JSON value serializes");
            samples.push(quote! {
                Sample { name: #label, json: #json, round_trip: round_trip::<#krate::#ty> },
            });
        };
        match &def.kind {
            TypeKind::TaggedUnion(union) => {
                for variant in &union.variants {
                    push(format!("{}/{}", def.name, variant.tag_value), sampler.tagged(union, variant, 0));
                }
            }
            TypeKind::UntaggedUnion(union) => {
                for variant in &union.variants {
                    push(format!("{}/{}", def.name, variant.variant), sampler.untagged(variant, 0));
                }
            }
            _ => push(def.name.clone(), sampler.named(&def.name, 0)),
        }
    }
    quote! {
        //! A sample JSON value of every model type a response or stream event can carry (one per
        //! arm of a union), made from the spec, and the names of the request-only model types.
        //! Included by the project's `sdk-tests/tests/lossless.rs`; not a test target of its own.
        #![allow(dead_code, deprecated)]

        /// One sample: the type's name (`Union/arm` for a union's arms), its JSON, and a function
        /// that decodes JSON text as the type and serializes it again.
        pub struct Sample {
            pub name: &'static str,
            pub json: &'static str,
            pub round_trip: fn(&str) -> Result<serde_json::Value, String>,
        }

        fn round_trip<T: #krate::de::Decode + serde::Serialize>(text: &str) -> Result<serde_json::Value, String> {
            let value: T = #krate::de::from_str(text).map_err(|error| error.to_string())?;
            serde_json::to_value(&value).map_err(|error| error.to_string())
        }

        /// Every response-side model type.
        pub const SAMPLES: &[Sample] = &[#(#samples)*];

        /// The model types only requests carry.
        pub const REQUEST_ONLY: &[&str] = &[#(#request_only),*];
    }
}

/// Builds valid JSON values of the spec's types.
struct JsonSampler<'a> {
    ir: &'a Ir,
}

impl JsonSampler<'_> {
    fn value(&self, ty: &TypeRef, constraints: &Constraints, depth: usize) -> Value {
        let none = Constraints::default();
        match ty {
            TypeRef::String => Value::String(sample_text(constraints)),
            TypeRef::Integer => json!(sample_integer(constraints)),
            TypeRef::Number => json!(sample_number(constraints)),
            TypeRef::Boolean => json!(true),
            TypeRef::Array(_) if depth >= FULL_DEPTH => json!([]),
            TypeRef::Array(inner) => json!([self.value(inner, &none, depth + 1)]),
            TypeRef::Map(_) if depth >= FULL_DEPTH => json!({}),
            TypeRef::Map(inner) => json!({"key": self.value(inner, &none, depth + 1)}),
            TypeRef::JsonObject => json!({"key": "value"}),
            TypeRef::Any => json!({"any": [1, "two", null]}),
            TypeRef::Upload => json!("upload"),
            TypeRef::Named(name) => self.named(name, depth),
        }
    }

    fn named(&self, name: &str, depth: usize) -> Value {
        let Some(def) = self.ir.type_def(name) else { return Value::Null };
        match &def.kind {
            TypeKind::Alias(target) => self.value(target, &Constraints::default(), depth),
            TypeKind::Enum(e) => json!(e.values.first().map_or("value", |v| v.value.as_str())),
            TypeKind::Object(object) => self.object(object, depth),
            TypeKind::TaggedUnion(union) => match union.variants.first() {
                Some(variant) => self.tagged(union, variant, depth),
                None => json!({}),
            },
            TypeKind::UntaggedUnion(union) => {
                let chosen = union.variants.iter().find(|v| v.fit.is_some()).or_else(|| union.variants.first());
                chosen.map_or(Value::Null, |variant| self.untagged(variant, depth))
            }
        }
    }

    fn object(&self, object: &Object, depth: usize) -> Value {
        let mut map = Map::new();
        if depth >= MAX_DEPTH {
            return Value::Object(map);
        }
        // Of fields only one group of which may be set, the first group's.
        let excluded = |f: &Field| object.exclusive.iter().skip(1).flatten().any(|n| *n == f.wire_name);
        for field in object.fields.iter().filter(|f| (depth < FULL_DEPTH || f.required) && !excluded(f)) {
            let value = match &field.constant {
                Some(constant) => Value::String(constant.clone()),
                None => self.value(&field.ty, &field.constraints, depth + 1),
            };
            map.insert(field.wire_name.clone(), value);
        }
        Value::Object(map)
    }

    fn tagged(&self, union: &TaggedUnion, variant: &TaggedVariant, depth: usize) -> Value {
        let mut value = self.named(&variant.ty, depth + 1);
        if let Value::Object(map) = &mut value {
            map.insert(union.tag.clone(), Value::String(variant.tag_value.clone()));
        }
        value
    }

    fn untagged(&self, variant: &UntaggedVariant, depth: usize) -> Value {
        match (&variant.constant, &variant.ty) {
            (Some(constant), _) => Value::String(constant.clone()),
            (None, Some(ty)) => self.value(ty, &Constraints::default(), depth + 1),
            (None, None) => Value::Null,
        }
    }
}
