//! Model types (structs, enums, unions, aliases) and params types of two IRs, compared by public
//! name.

use super::objects::{self, Role};
use super::{Area, Change, Changes, Rule};
use crate::emit::display_type;
use crate::ir::{Docs, Enum, Ir, Resource, TaggedUnion, TypeDef, TypeKind, UntaggedUnion};
use std::collections::{BTreeMap, BTreeSet};

pub fn compare(old: &Ir, new: &Ir, out: &mut Vec<Change>) {
    let events: BTreeSet<String> =
        stream_events(&old.resources).into_iter().chain(stream_events(&new.resources)).collect();
    let context = Context { new, old_requests: old.request_types(), new_requests: new.request_types(), events };
    compare_list(&context, &old.types, &new.types, Area::Types, out);
    compare_list(&context, &old.params, &new.params, Area::Params, out);
}

struct Context<'a> {
    new: &'a Ir,
    old_requests: BTreeSet<&'a str>,
    new_requests: BTreeSet<&'a str>,
    /// The unions that stream methods yield.
    events: BTreeSet<String>,
}

fn stream_events(resources: &[Resource]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for resource in resources {
        out.extend(resource.methods.iter().filter_map(|m| m.stream.as_ref()).map(|s| s.event.clone()));
        out.extend(stream_events(&resource.children));
    }
    out
}

fn compare_list(cx: &Context<'_>, old: &[TypeDef], new: &[TypeDef], area: Area, out: &mut Vec<Change>) {
    let old_by_name: BTreeMap<&str, &TypeDef> = old.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_by_name: BTreeMap<&str, &TypeDef> = new.iter().map(|t| (t.name.as_str(), t)).collect();
    let added: Vec<&TypeDef> = new.iter().filter(|t| !old_by_name.contains_key(t.name.as_str())).collect();
    let mut changes = Changes { out, area };
    for def in old {
        match new_by_name.get(def.name.as_str()) {
            Some(now) => compare_def(cx, def, now, &mut changes),
            None => removed(cx, def, &added, &mut changes),
        }
    }
    for def in added {
        changes.push(&def.name, format!("{} added", kind_label(&def.kind)), Rule::ItemAdded);
    }
}

/// A type that is gone: kept as a deprecated alias when `sdk.yaml` names its successor, else
/// removed, with a hint when an added type has its shape (an upstream rename).
fn removed(cx: &Context<'_>, def: &TypeDef, added: &[&TypeDef], out: &mut Changes<'_>) {
    if let Some((_, successor)) = cx.new.deprecated_names.iter().find(|(old_name, _)| *old_name == def.name) {
        let what = format!("now a deprecated alias of `{successor}`");
        out.push(&def.name, what, Rule::Deprecated);
        return;
    }
    let mut what = format!("{} removed", kind_label(&def.kind));
    if let Some(twin) = added.iter().find(|t| same_shape(&t.kind, &def.kind)) {
        let upstream = component_name(&twin.origin).unwrap_or(&twin.name);
        what.push_str(&format!(
            "; `{}` has the same shape (renamed upstream?): `{upstream}: {}` under `types:` in sdk.yaml keeps the old name",
            twin.name, def.name
        ));
    }
    out.push(&def.name, what, Rule::ItemRemoved);
}

fn component_name(origin: &str) -> Option<&str> {
    origin.strip_prefix("#/components/schemas/").filter(|rest| !rest.contains('/'))
}

fn kind_label(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Object(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::TaggedUnion(_) | TypeKind::UntaggedUnion(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}

/// Equal but for docs: what a rename leaves alike.
fn same_shape(a: &TypeKind, b: &TypeKind) -> bool {
    match (a, b) {
        (TypeKind::Object(a), TypeKind::Object(b)) => {
            let key = |o: &crate::ir::Object| {
                o.fields.iter().map(|f| (f.wire_name.clone(), f.ty.clone(), f.required, f.nullable)).collect::<Vec<_>>()
            };
            key(a) == key(b)
        }
        _ => a == b,
    }
}

fn compare_def(cx: &Context<'_>, old: &TypeDef, new: &TypeDef, out: &mut Changes<'_>) {
    let name = new.name.as_str();
    if old.origin != new.origin {
        let what = format!("now generated from `{}` (was `{}`)", new.origin, old.origin);
        out.push(name, what, Rule::RenamedUpstream);
    }
    compare_docs(name, &old.docs, &new.docs, out);
    match (&old.kind, &new.kind) {
        (TypeKind::Object(a), TypeKind::Object(b)) => {
            let role = |requests: &BTreeSet<&str>| match out.area {
                Area::Params => Role::Params,
                _ => Role::Model { request_side: requests.contains(name) },
            };
            objects::compare(name, (a, role(&cx.old_requests)), (b, role(&cx.new_requests)), out);
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => compare_enum(name, a, b, out),
        (TypeKind::TaggedUnion(a), TypeKind::TaggedUnion(b)) => {
            if cx.events.contains(name) {
                let mut events = Changes { out: &mut *out.out, area: Area::StreamEvents };
                compare_tagged(name, a, b, &mut events);
            } else {
                compare_tagged(name, a, b, out);
            }
        }
        (TypeKind::UntaggedUnion(a), TypeKind::UntaggedUnion(b)) => compare_untagged(name, a, b, out),
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if a != b {
                let what = format!("`{}` → `{}`", display_type(a), display_type(b));
                out.push(name, what, Rule::TypeChanged);
            }
        }
        (a, b) => {
            let what = format!("{} → {}", kind_label(a), kind_label(b));
            let what = if kind_label(a) == kind_label(b) { format!("{what} of another kind") } else { what };
            out.push(name, what, Rule::KindChanged);
        }
    }
}

pub(super) fn compare_docs(item: &str, old: &Docs, new: &Docs, out: &mut Changes<'_>) {
    if old.description != new.description || old.notes != new.notes {
        out.push(item, "docs changed", Rule::DocsChanged);
    }
    if old.deprecated != new.deprecated {
        let (what, rule) = if new.deprecated {
            ("deprecated", Rule::Deprecated)
        } else {
            ("no longer deprecated", Rule::Undeprecated)
        };
        out.push(item, what, rule);
    }
}

fn compare_enum(name: &str, old: &Enum, new: &Enum, out: &mut Changes<'_>) {
    let before: BTreeMap<&str, &str> = old.values.iter().map(|v| (v.value.as_str(), v.variant.as_str())).collect();
    let after: BTreeMap<&str, &str> = new.values.iter().map(|v| (v.value.as_str(), v.variant.as_str())).collect();
    for (value, variant) in &before {
        match after.get(value) {
            None => out.push(format!("{name}::{variant}"), format!("value `{value}` removed"), Rule::ItemRemoved),
            Some(now) if now != variant => out.push(
                format!("{name}::{variant}"),
                format!("renamed to `{now}` (value `{value}`)"),
                Rule::RustNameChanged,
            ),
            Some(_) => {}
        }
    }
    for (value, variant) in &after {
        if !before.contains_key(value) {
            out.push(format!("{name}::{variant}"), format!("value `{value}` added"), Rule::VariantAdded);
        }
    }
}

fn compare_tagged(name: &str, old: &TaggedUnion, new: &TaggedUnion, out: &mut Changes<'_>) {
    if old.tag != new.tag {
        out.push(name, format!("told apart by `{}` (was `{}`)", new.tag, old.tag), Rule::WireOnly);
    }
    let payload = |v: &crate::ir::TaggedVariant| if v.boxed { format!("Box<{}>", v.ty) } else { v.ty.clone() };
    let before: BTreeMap<&str, _> = old.variants.iter().map(|v| (v.tag_value.as_str(), v)).collect();
    let after: BTreeMap<&str, _> = new.variants.iter().map(|v| (v.tag_value.as_str(), v)).collect();
    for (tag, was) in &before {
        let item = format!("{name}::{}", was.variant);
        match after.get(tag) {
            None => out.push(item, format!("variant `{tag}` removed"), Rule::ItemRemoved),
            Some(now) if now.variant != was.variant => {
                out.push(item, format!("renamed to `{}` (`{tag}`)", now.variant), Rule::RustNameChanged)
            }
            Some(now) if payload(now) != payload(was) => {
                out.push(item, format!("payload `{}` → `{}`", payload(was), payload(now)), Rule::TypeChanged)
            }
            Some(_) => {}
        }
    }
    for (tag, now) in &after {
        if !before.contains_key(tag) {
            out.push(
                format!("{name}::{}", now.variant),
                format!("variant `{tag}` added: `{}`", payload(now)),
                Rule::VariantAdded,
            );
        }
    }
}

fn compare_untagged(name: &str, old: &UntaggedUnion, new: &UntaggedUnion, out: &mut Changes<'_>) {
    let payload = |v: &crate::ir::UntaggedVariant| match &v.ty {
        Some(ty) if v.boxed => format!("Box<{}>", display_type(ty)),
        Some(ty) => display_type(ty),
        None => "unit".to_string(),
    };
    let before: BTreeMap<&str, _> = old.variants.iter().map(|v| (v.variant.as_str(), v)).collect();
    let after: BTreeMap<&str, _> = new.variants.iter().map(|v| (v.variant.as_str(), v)).collect();
    for (variant, was) in &before {
        let item = format!("{name}::{variant}");
        match after.get(variant) {
            None => out.push(item, "variant removed", Rule::ItemRemoved),
            Some(now) if payload(now) != payload(was) => {
                out.push(item, format!("payload `{}` → `{}`", payload(was), payload(now)), Rule::TypeChanged)
            }
            Some(now) if (now.kind, &now.constant, &now.fit) != (was.kind, &was.constant, &was.fit) => {
                out.push(item, "matches other JSON than before", Rule::WireOnly)
            }
            Some(_) => {}
        }
    }
    for (variant, now) in &after {
        if !before.contains_key(variant) {
            out.push(format!("{name}::{variant}"), format!("variant added: `{}`", payload(now)), Rule::VariantAdded);
        }
    }
}
