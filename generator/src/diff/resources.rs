//! The resource tree of two IRs: resources by their path from the client, methods by name.

use super::{Area, Change, Changes, Rule};
use crate::emit::display_response;
use crate::ir::{Ir, Method, Resource};
use std::collections::BTreeMap;

pub fn compare(old: &Ir, new: &Ir, out: &mut Vec<Change>) {
    let (before, after) = (flatten(&old.resources), flatten(&new.resources));
    for (path, was) in &before {
        match after.get(path) {
            None => Changes { out: &mut *out, area: Area::Resources }.push(
                &was.struct_name,
                format!("resource `{}` removed", accessor_chain(path)),
                Rule::ItemRemoved,
            ),
            Some(now) => compare_resource(was, now, out),
        }
    }
    for (path, now) in &after {
        if !before.contains_key(path) {
            let what = format!("resource `{}` added", accessor_chain(path));
            Changes { out: &mut *out, area: Area::Resources }.push(&now.struct_name, what, Rule::ItemAdded);
            let mut methods = Changes { out: &mut *out, area: Area::Methods };
            for method in &now.methods {
                for name in method_names(method) {
                    methods.push(format!("{}::{name}", now.struct_name), "method added", Rule::ItemAdded);
                }
            }
        }
    }
}

/// Every resource by its dotted path (`beta.threads.runs`).
fn flatten(resources: &[Resource]) -> BTreeMap<String, &Resource> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<&Resource> = resources.iter().collect();
    while let Some(resource) = stack.pop() {
        out.insert(resource.path.clone(), resource);
        stack.extend(resource.children.iter());
    }
    out
}

/// How code reaches a resource: `client.beta().threads()`.
fn accessor_chain(path: &str) -> String {
    let calls: Vec<String> = path.split('.').map(|part| format!("{part}()")).collect();
    format!("client.{}", calls.join("."))
}

/// The Rust methods one operation becomes: the call, and `<name>_stream` for a streaming one.
fn method_names(method: &Method) -> Vec<String> {
    let name = crate::naming::unraw(&method.name).to_string();
    let mut names = vec![name.clone()];
    if method.stream.is_some() {
        names.push(format!("{name}_stream"));
    }
    names
}

fn compare_resource(old: &Resource, new: &Resource, out: &mut Vec<Change>) {
    let mut changes = Changes { out, area: Area::Resources };
    if old.struct_name != new.struct_name {
        let what = format!("struct renamed to `{}`", new.struct_name);
        changes.push(&old.struct_name, what, Rule::RustNameChanged);
    }
    if old.description != new.description {
        changes.push(&new.struct_name, "docs changed", Rule::DocsChanged);
    }
    let mut changes = Changes { out: changes.out, area: Area::Methods };
    let before: BTreeMap<&str, &Method> = old.methods.iter().map(|m| (m.name.as_str(), m)).collect();
    let after: BTreeMap<&str, &Method> = new.methods.iter().map(|m| (m.name.as_str(), m)).collect();
    for (name, was) in &before {
        match after.get(name) {
            None => method_names(was).into_iter().for_each(|name| {
                changes.push(format!("{}::{name}", new.struct_name), "method removed", Rule::ItemRemoved)
            }),
            Some(now) => compare_method(&new.struct_name, was, now, &mut changes),
        }
    }
    for (name, now) in &after {
        if !before.contains_key(name) {
            method_names(now)
                .into_iter()
                .for_each(|name| changes.push(format!("{}::{name}", new.struct_name), "method added", Rule::ItemAdded));
        }
    }
}

fn compare_method(owner: &str, old: &Method, new: &Method, out: &mut Changes<'_>) {
    let item = format!("{owner}::{}", crate::naming::unraw(&new.name));
    let arity = |m: &Method| m.path_params.len();
    if arity(old) != arity(new) {
        let what = format!("takes {} path arguments, was {}", arity(new), arity(old));
        out.push(&item, what, Rule::TypeChanged);
    }
    if old.params != new.params {
        let show = |p: &Option<String>| p.as_deref().map_or("no params".to_string(), |p| format!("`{p}`"));
        out.push(&item, format!("params {} → {}", show(&old.params), show(&new.params)), Rule::TypeChanged);
    }
    let (was, now) = (display_response(&old.response), display_response(&new.response));
    if was != now {
        out.push(&item, format!("returns `{now}`, was `{was}`"), Rule::TypeChanged);
    }
    let stream_item = format!("{item}_stream");
    match (&old.stream, &new.stream) {
        (None, Some(stream)) => {
            out.push(&stream_item, format!("method added: streams `{}`", stream.event), Rule::ItemAdded)
        }
        (Some(_), None) => out.push(&stream_item, "method removed", Rule::ItemRemoved),
        (Some(a), Some(b)) if a.event != b.event => {
            out.push(&stream_item, format!("streams `{}`, was `{}`", b.event, a.event), Rule::TypeChanged)
        }
        (Some(a), Some(b)) if a.flag != b.flag => {
            out.push(&stream_item, format!("sets `{}`, was `{}`", b.flag, a.flag), Rule::WireOnly)
        }
        _ => {}
    }
    let mut wire = Vec::new();
    if (&old.http_method, &old.path) != (&new.http_method, &new.path) {
        wire.push(format!("calls {} {}, was {} {}", new.http_method, new.path, old.http_method, old.path));
    }
    if old.headers != new.headers {
        wire.push("sends other headers".to_string());
    }
    if old.body != new.body {
        wire.push(format!("body {:?} → {:?}", old.body, new.body).to_lowercase());
    }
    if !wire.is_empty() {
        out.push(&item, wire.join(", "), Rule::WireOnly);
    }
    if old.summary != new.summary {
        out.push(&item, "summary changed", Rule::DocsChanged);
    }
    super::types::compare_docs(&item, &old.docs, &new.docs, out);
}
