//! The part of a whole upstream document an SDK covers: the operations under `sdk.yaml`'s
//! `scope`, and the component schemas they reach. Lowering only that part keeps the Beta crate
//! small and its regeneration fast, while the document stays whole in `spec/`.

use super::SCHEMA_PREFIX;
use crate::spec::{AdditionalProperties, OpenApi, Operation, Parameter, Schema, SdkConfig};
use std::collections::BTreeSet;

/// Whether `path` lies under one of the scope's prefixes (whole segments: `/threads` covers
/// `/threads/{id}` but not `/threadsx`).
pub fn in_scope(path: &str, scope: &[String]) -> bool {
    scope.is_empty()
        || scope.iter().any(|prefix| {
            path == prefix || path.strip_prefix(prefix.as_str()).is_some_and(|rest| rest.starts_with('/'))
        })
}

/// Drops the operations outside the scope and the component schemas nothing kept refers to. A
/// config without a scope keeps the whole document.
pub fn prune_to_scope(doc: &mut OpenApi, sdk: &SdkConfig) {
    if sdk.scope.is_empty() {
        return;
    }
    doc.paths.retain(|path, _| in_scope(path, &sdk.scope));
    let mut roots = BTreeSet::new();
    for item in doc.paths.values() {
        item.parameters.iter().for_each(|p| parameter_refs(p, &mut roots));
        item.operations().for_each(|(_, operation)| operation_refs(operation, &mut roots));
    }
    // Stream event unions are named by the config, not referenced by any path.
    for event in stream_events(&sdk.resources) {
        let key = sdk.types.iter().find(|(_, public)| *public == &event).map(|(key, _)| key.clone()).unwrap_or(event);
        roots.insert(key);
    }
    let reachable = reachable(doc, roots);
    doc.components.schemas.retain(|key, _| reachable.contains(key));
}

/// The component keys reachable from `roots` through `$ref`s.
pub fn reachable(doc: &OpenApi, roots: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = roots.into_iter().collect();
    while let Some(key) = todo.pop() {
        let Some(schema) = doc.components.schemas.get(&key) else { continue };
        if !seen.insert(key) {
            continue;
        }
        let mut found = BTreeSet::new();
        schema_refs(schema, &mut found);
        todo.extend(found.into_iter().filter(|k| !seen.contains(k)));
    }
    seen
}

fn stream_events(resources: &indexmap::IndexMap<String, crate::spec::ResourceConfig>) -> Vec<String> {
    let mut events = Vec::new();
    for resource in resources.values() {
        events.extend(resource.methods.values().filter_map(|m| m.stream.as_ref().map(|s| s.event.clone())));
        events.extend(stream_events(&resource.resources));
    }
    events
}

fn parameter_refs(parameter: &Parameter, out: &mut BTreeSet<String>) {
    if let Some(schema) = &parameter.schema {
        schema_refs(schema, out);
    }
}

pub fn operation_refs(operation: &Operation, out: &mut BTreeSet<String>) {
    operation.parameters.iter().for_each(|p| parameter_refs(p, out));
    let bodies = operation.request_body.iter().flat_map(|b| b.content.values());
    let responses = operation.responses.values().flat_map(|r| r.content.values());
    for media in bodies.chain(responses) {
        if let Some(schema) = &media.schema {
            schema_refs(schema, out);
        }
    }
}

/// The component keys a schema refers to directly (not through other components).
pub fn schema_refs(schema: &Schema, out: &mut BTreeSet<String>) {
    if let Some(key) = schema.reference.as_deref().and_then(|r| r.strip_prefix(SCHEMA_PREFIX)) {
        out.insert(key.to_string());
    }
    schema.properties.values().for_each(|p| schema_refs(p, out));
    if let Some(items) = &schema.items {
        schema_refs(items, out);
    }
    if let Some(AdditionalProperties::Schema(value)) = &schema.additional_properties {
        schema_refs(value, out);
    }
    for arms in [&schema.one_of, &schema.any_of, &schema.all_of].into_iter().flatten() {
        arms.iter().for_each(|arm| schema_refs(arm, out));
    }
    if let Some(discriminator) = &schema.discriminator {
        out.extend(discriminator.mapping.values().filter_map(|t| t.strip_prefix(SCHEMA_PREFIX)).map(str::to_owned));
    }
}

#[cfg(test)]
mod tests {
    use super::in_scope;

    #[test]
    fn scope_prefixes_match_whole_segments() {
        let scope = vec!["/threads".to_string(), "/chatkit".to_string()];
        assert!(in_scope("/threads", &scope));
        assert!(in_scope("/threads/{thread_id}/runs", &scope));
        assert!(in_scope("/chatkit/sessions", &scope));
        assert!(!in_scope("/threadsx", &scope));
        assert!(!in_scope("/assistants", &scope));
        assert!(in_scope("/anything", &[]));
    }
}
