//! Recursive types need indirection: a field or variant that holds, inline, a type from which
//! the holder can be reached again through inline edges is put behind a `Box`.

use super::*;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn mark_boxes(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, BTreeSet<String>> =
        types.iter().map(|def| (def.name.clone(), inline_targets(&def.kind))).collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current.clone()) {
                stack.extend(edges.get(&current).into_iter().flatten().cloned());
            }
        }
        false
    };
    for def in types.iter_mut() {
        let owner = def.name.clone();
        let needs_box = |ty: &TypeRef| matches!(ty.named(), Some((target, true)) if reaches(target, &owner));
        match &mut def.kind {
            TypeKind::Object(object) => object.fields.iter_mut().for_each(|f| f.boxed = needs_box(&f.ty)),
            TypeKind::TaggedUnion(union) => {
                for variant in &mut union.variants {
                    variant.boxed = needs_box(&TypeRef::Named(variant.ty.clone()));
                }
            }
            TypeKind::UntaggedUnion(union) => {
                for variant in &mut union.variants {
                    variant.boxed = variant.ty.as_ref().is_some_and(&needs_box);
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Named types a value of `kind` contains without heap indirection.
fn inline_targets(kind: &TypeKind) -> BTreeSet<String> {
    let inline = |ty: &TypeRef| match ty.named() {
        Some((name, true)) => Some(name.to_string()),
        _ => None,
    };
    match kind {
        TypeKind::Object(object) => object.fields.iter().filter_map(|f| inline(&f.ty)).collect(),
        TypeKind::TaggedUnion(union) => union.variants.iter().map(|v| v.ty.clone()).collect(),
        TypeKind::UntaggedUnion(union) => {
            union.variants.iter().filter_map(|v| v.ty.as_ref().and_then(inline)).collect()
        }
        TypeKind::Alias(target) => inline(target).into_iter().collect(),
        TypeKind::Enum(_) => BTreeSet::new(),
    }
}
