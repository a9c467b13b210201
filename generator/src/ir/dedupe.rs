//! Inline schemas with identical shapes (the spec repeats `{file_ids: [string]}` in many places)
//! are emitted once, under the alphabetically first of their hoisted names.

use super::*;
use std::collections::BTreeMap;

/// Merges identical hoisted types until no two are left; returns the resources with rewritten
/// references. Named components are never merged: their names are the spec author's choice.
pub(super) fn dedupe(
    types: &mut Vec<TypeDef>,
    params: &mut [TypeDef],
    mut resources: Vec<Resource>,
    hoisted: &std::collections::BTreeSet<String>,
) -> Vec<Resource> {
    loop {
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for def in types.iter().filter(|def| hoisted.contains(&def.name)) {
            groups.entry(shape_key(&def.kind)).or_default().push(def.name.clone());
        }
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        for mut names in groups.into_values().filter(|names| names.len() > 1) {
            names.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
            let canonical = names[0].clone();
            for name in names.into_iter().skip(1) {
                renames.insert(name, canonical.clone());
            }
        }
        if renames.is_empty() {
            return resources;
        }
        types.retain(|def| !renames.contains_key(&def.name));
        for def in types.iter_mut().chain(params.iter_mut()) {
            rename_kind(&mut def.kind, &renames);
        }
        for resource in &mut resources {
            rename_resource(resource, &renames);
        }
    }
}

/// Points every reference to a key of `renames` at its new name.
pub(super) fn rename_all(
    types: &mut [TypeDef],
    params: &mut [TypeDef],
    renames: &BTreeMap<String, String>,
    resources: &mut [Resource],
) {
    if renames.is_empty() {
        return;
    }
    for def in types.iter_mut().chain(params.iter_mut()) {
        if let TypeKind::UntaggedUnion(union) = &mut def.kind {
            rename_untagged_variants(&def.name, union, renames);
        }
        rename_kind(&mut def.kind, renames);
    }
    for resource in resources {
        rename_resource(resource, renames);
    }
}

/// An untagged variant is named after its type, less the union's name (`AssistantToolChoiceOption`
/// + `AssistantToolChoiceOptionMode` -> `Mode`); a renamed type renames its variant too.
fn rename_untagged_variants(union_name: &str, union: &mut UntaggedUnion, renames: &BTreeMap<String, String>) {
    for variant in &mut union.variants {
        let Some(TypeRef::Named(old)) = &variant.ty else { continue };
        let Some(new) = renames.get(old) else { continue };
        if crate::naming::variant_of(union_name, old) == variant.variant {
            variant.variant = crate::naming::variant_of(union_name, new);
        }
    }
}

/// The shape of a type without its documentation.
fn shape_key(kind: &TypeKind) -> String {
    let mut kind = kind.clone();
    if let TypeKind::Object(object) = &mut kind {
        for field in &mut object.fields {
            field.docs = Docs::default();
        }
    }
    serde_json::to_string(&kind).expect("IR serializes")
}

fn rename_ref(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(canonical) = renames.get(name) {
                *name = canonical.clone();
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => rename_ref(inner, renames),
        _ => {}
    }
}

fn rename_kind(kind: &mut TypeKind, renames: &BTreeMap<String, String>) {
    match kind {
        TypeKind::Object(object) => object.fields.iter_mut().for_each(|f| rename_ref(&mut f.ty, renames)),
        TypeKind::Alias(target) => rename_ref(target, renames),
        TypeKind::TaggedUnion(union) => {
            for variant in &mut union.variants {
                if let Some(canonical) = renames.get(&variant.ty) {
                    variant.ty = canonical.clone();
                }
            }
        }
        TypeKind::UntaggedUnion(union) => {
            union.variants.iter_mut().filter_map(|v| v.ty.as_mut()).for_each(|t| rename_ref(t, renames))
        }
        TypeKind::Enum(_) => {}
    }
}

fn rename_resource(resource: &mut Resource, renames: &BTreeMap<String, String>) {
    for method in &mut resource.methods {
        match &mut method.response {
            ResponseKind::Json { ty } => rename_ref(ty, renames),
            ResponseKind::Page { item, .. } => rename_ref(item, renames),
            ResponseKind::Binary { .. } => {}
        }
    }
    for child in &mut resource.children {
        rename_resource(child, renames);
    }
}
