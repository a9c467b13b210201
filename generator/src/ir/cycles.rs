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

/// Boxes the variants of the unions a streaming method yields. An event is decoded, then moved
/// through the stream to the caller; unboxed, every move copies the largest variant (a whole
/// `Run`, over a kilobyte), a box makes it a pointer.
pub(super) fn box_stream_events(types: &mut [TypeDef], resources: &[Resource]) {
    fn events(resources: &[Resource], out: &mut BTreeSet<String>) {
        for resource in resources {
            out.extend(resource.methods.iter().filter_map(|m| m.stream.as_ref()).map(|s| s.event.clone()));
            events(&resource.children, out);
        }
    }
    let mut names = BTreeSet::new();
    events(resources, &mut names);
    for def in types.iter_mut().filter(|def| names.contains(&def.name)) {
        match &mut def.kind {
            TypeKind::TaggedUnion(union) => union.variants.iter_mut().for_each(|v| v.boxed = true),
            TypeKind::UntaggedUnion(union) => {
                union.variants.iter_mut().filter(|v| v.ty.is_some()).for_each(|v| v.boxed = true)
            }
            TypeKind::Object(_) | TypeKind::Alias(_) | TypeKind::Enum(_) => {}
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

/// A cycle of type aliases (`type A = Vec<A>;`, or `A = Vec<B>`, `B = HashMap<String, A>`), in
/// order, if there is one. Rust has no recursive aliases (E0391), and only an object or a union
/// would give the recursion a name to stand on; the caller reports it. Iterative and linear, so
/// neither a long chain nor a deep one can exhaust the stack.
pub(super) fn alias_cycle(types: &[TypeDef]) -> Option<Vec<String>> {
    let aliases: BTreeMap<&str, Vec<&str>> = types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Alias(target) => Some((def.name.as_str(), named_in(target).into_iter().collect())),
            _ => None,
        })
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    for &start in aliases.keys() {
        if state.contains_key(start) {
            continue;
        }
        // The current path and, for each of its nodes, the index of the next edge to follow.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, State::Open);
        while let Some((node, next)) = path.last_mut() {
            let edges = &aliases[*node];
            let Some(&target) = edges.get(*next) else {
                state.insert(*node, State::Done);
                path.pop();
                continue;
            };
            *next += 1;
            if !aliases.contains_key(target) {
                continue;
            }
            match state.get(target) {
                Some(State::Open) => {
                    let from = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut cycle: Vec<String> = path[from..].iter().map(|(n, _)| n.to_string()).collect();
                    cycle.push(target.to_string());
                    return Some(cycle);
                }
                Some(State::Done) => {}
                None => {
                    state.insert(target, State::Open);
                    path.push((target, 0));
                }
            }
        }
    }
    None
}

/// Every named type a reference mentions, inline or inside arrays and maps.
fn named_in(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) => named_in(inner),
        _ => None,
    }
}
