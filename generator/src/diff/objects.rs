//! The part of an object type that code outside the crate can use, and how two versions of it
//! differ: pub fields (model structs), the arguments of `new(..)`, and the chainable setters. The
//! shapes follow the emitter: `emit/types.rs` (`emit_object`, `emit_constructor`) for model
//! types and `emit/params.rs` (`emit_params`) for params types.

use super::{Changes, Rule};
use crate::emit::{display_type, is_string_constant};
use crate::ir::{Field, FieldLocation, Object};
use std::collections::{BTreeMap, BTreeSet};

/// How the emitter writes an object type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A model struct: pub fields, `new(..)`, and setters when requests carry it.
    Model { request_side: bool },
    /// A params struct: private fields, `new(..)` and setters.
    Params,
}

/// The public surface of one object type.
#[derive(Debug, Default)]
struct Surface {
    /// Wire name -> (Rust name, Rust type) of each pub field.
    fields: BTreeMap<String, (String, String)>,
    /// `new(..)`'s arguments in order: (name, type).
    new_args: Vec<(String, String)>,
    /// Setter name -> argument type (empty for a `_null()` setter).
    setters: BTreeMap<String, String>,
}

fn value_type(field: &Field) -> String {
    let ty = display_type(&field.ty);
    if field.boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

/// A model field's Rust type, as `emit_object` declares it (a string constant borrows its
/// constant: `Cow<'static, str>`).
fn model_field_type(field: &Field) -> String {
    let ty = if is_string_constant(field) { "Cow<'static, str>".to_owned() } else { value_type(field) };
    match (field.required, field.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => format!("Option<{ty}>"),
        (false, true) => format!("Option<Nullable<{ty}>>"),
    }
}

fn surface(object: &Object, role: Role) -> Surface {
    let mut surface = Surface::default();
    for field in &object.fields {
        let name = crate::naming::unraw(&field.rust_name).to_string();
        if let Role::Model { .. } = role {
            surface.fields.insert(field.wire_name.clone(), (name.clone(), model_field_type(field)));
        }
        if field.constant.is_some() {
            continue;
        }
        let (in_new, setter, null_setter) = match role {
            Role::Params => (field.required, !field.required, !field.required && field.nullable),
            Role::Model { request_side } => {
                let in_new = field.required && !field.nullable;
                (in_new, request_side && !in_new, request_side && !field.required && field.nullable)
            }
        };
        if in_new {
            surface.new_args.push((name.clone(), value_type(field)));
        }
        if setter {
            surface.setters.insert(name.clone(), value_type(field));
        }
        if null_setter {
            surface.setters.insert(format!("{name}_null"), String::new());
        }
    }
    surface
}

/// Reports how the surface and the fields of `type_name` differ between two versions.
pub fn compare(type_name: &str, old: (&Object, Role), new: (&Object, Role), out: &mut Changes<'_>) {
    let (before, after) = (surface(old.0, old.1), surface(new.0, new.1));
    // Fields whose Rust surface changed; their wire changes go without saying.
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for (wire, (name, ty)) in &before.fields {
        match after.fields.get(wire) {
            None => out.push(format!("{type_name}.{name}"), "field removed", Rule::ItemRemoved),
            Some((new_name, _)) if new_name != name => out.push(
                format!("{type_name}.{name}"),
                format!("field renamed to `{new_name}` (wire name `{wire}`)"),
                Rule::RustNameChanged,
            ),
            Some((_, new_ty)) if new_ty != ty => {
                touched.insert(name.clone());
                out.push(format!("{type_name}.{name}"), format!("`{ty}` → `{new_ty}`"), Rule::TypeChanged);
            }
            Some(_) => {}
        }
    }
    for (wire, (name, ty)) in &after.fields {
        if !before.fields.contains_key(wire) {
            out.push(format!("{type_name}.{name}"), format!("field added: `{ty}`"), Rule::FieldAdded);
        }
    }
    touched.extend(compare_new_args(type_name, &before.new_args, &after.new_args, out));
    for (setter, ty) in &before.setters {
        if after.setters.get(setter) != Some(ty) {
            touched.insert(setter.trim_end_matches("_null").to_string());
        }
        match after.setters.get(setter) {
            None => out.push(format!("{type_name}::{setter}()"), "setter removed", Rule::ItemRemoved),
            Some(new_ty) if new_ty != ty => {
                out.push(format!("{type_name}::{setter}()"), format!("takes `{new_ty}`, was `{ty}`"), Rule::TypeChanged)
            }
            Some(_) => {}
        }
    }
    for (setter, ty) in &after.setters {
        if !before.setters.contains_key(setter) {
            touched.insert(setter.trim_end_matches("_null").to_string());
            let what =
                if ty.is_empty() { "setter added (sends `null`)".to_string() } else { format!("setter added: `{ty}`") };
            out.push(format!("{type_name}::{setter}()"), what, Rule::ItemAdded);
        }
    }
    for old_field in &old.0.fields {
        if let Some(new_field) = new.0.fields.iter().find(|f| f.wire_name == old_field.wire_name) {
            let name = crate::naming::unraw(&new_field.rust_name);
            let item = format!("{type_name}.{name}");
            if !touched.contains(name) {
                wire_changes(&item, old_field, new_field, out);
            }
            super::types::compare_docs(&item, &old_field.docs, &new_field.docs, out);
        }
    }
}

/// Reports a change of `new(..)`'s arguments; returns the names of the arguments it concerns.
fn compare_new_args(
    type_name: &str,
    old: &[(String, String)],
    new: &[(String, String)],
    out: &mut Changes<'_>,
) -> Vec<String> {
    if old == new {
        return Vec::new();
    }
    let old_names: BTreeMap<&str, &str> = old.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let new_names: BTreeMap<&str, &str> = new.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let mut parts = Vec::new();
    for (name, ty) in new {
        match old_names.get(name.as_str()) {
            None => parts.push(format!("gains `{name}: {ty}`")),
            Some(old_ty) if old_ty != ty => parts.push(format!("`{name}`: `{old_ty}` → `{ty}`")),
            Some(_) => {}
        }
    }
    parts.extend(old.iter().filter(|(n, _)| !new_names.contains_key(n.as_str())).map(|(n, _)| format!("loses `{n}`")));
    let kept_old: Vec<&str> = old.iter().map(|(n, _)| n.as_str()).filter(|n| new_names.contains_key(n)).collect();
    let kept_new: Vec<&str> = new.iter().map(|(n, _)| n.as_str()).filter(|n| old_names.contains_key(n)).collect();
    if kept_old != kept_new {
        parts.push(format!("arguments reordered to ({})", kept_new.join(", ")));
    }
    out.push(format!("{type_name}::new"), parts.join("; "), Rule::NewArgumentsChanged);
    let changed =
        |(name, ty): &(String, String), other: &BTreeMap<&str, &str>| other.get(name.as_str()) != Some(&ty.as_str());
    let mut names: Vec<String> = old.iter().filter(|a| changed(a, &new_names)).map(|(n, _)| n.clone()).collect();
    names.extend(new.iter().filter(|a| changed(a, &old_names)).map(|(n, _)| n.clone()));
    names
}

/// Changes of a field that keep its Rust type: what the field means on the wire.
fn wire_changes(item: &str, old: &Field, new: &Field, out: &mut Changes<'_>) {
    let mut parts = Vec::new();
    if old.required != new.required {
        parts.push(if new.required { "now required" } else { "now optional" }.to_string());
    }
    if old.nullable != new.nullable {
        parts.push(if new.nullable { "now nullable" } else { "no longer nullable" }.to_string());
    }
    if old.location != new.location {
        let place = |l: FieldLocation| if l == FieldLocation::Query { "the query string" } else { "the body" };
        parts.push(format!("moves from {} to {}", place(old.location), place(new.location)));
    }
    if old.constant != new.constant {
        let show = |c: &Option<String>| c.as_deref().map_or("none".to_string(), |c| format!("`{c}`"));
        parts.push(format!("constant {} → {}", show(&old.constant), show(&new.constant)));
    }
    if old.secret != new.secret {
        parts.push(if new.secret { "now redacted from Debug" } else { "no longer redacted from Debug" }.to_string());
    }
    if !parts.is_empty() {
        out.push(item, parts.join(", "), Rule::WireOnly);
    }
    if old.default != new.default {
        let show = |d: &Option<serde_json::Value>| d.as_ref().map_or("none".to_string(), |d| format!("`{d}`"));
        out.push(item, format!("default {} → {}", show(&old.default), show(&new.default)), Rule::DocsChanged);
    }
}
