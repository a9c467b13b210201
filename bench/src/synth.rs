//! A synthetic spec N times the size of `spec/`: the real spec plus N-1 renamed copies of every
//! model, path, operation and resource, so the generator sees N times as many resources and
//! models of the real spec's mix (unions, enums, nullable fields, streaming, pagination).
//!
//! Copy `k` appends `X{k}` to every schema name (and every `$ref` to it), prefixes every path
//! with `/x{k}`, and gets its own root resource `beta_x{k}` whose resources have suffixed struct
//! names and type prefixes. Hoisted inline types are named after their parent, so they follow.
//! Shared `parameters` and `responses` stay shared, as they would in a larger real spec.

use std::path::Path;

use serde_yaml::{Mapping, Value};

const SCHEMA_REF: &str = "#/components/schemas/";

/// Errors building the synthetic spec.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("{path} is not valid YAML: {source}")]
    Yaml { path: String, source: serde_yaml::Error },
    #[error("{path}: expected `{key}` to be a mapping")]
    Shape { path: String, key: &'static str },
    #[error("{0}")]
    Spec(#[from] generator::Error),
}

/// Writes `openapi.yaml` and `sdk.yaml` for a spec `scale` times the Beta part of `spec_dir`
/// into `out_dir` (which must exist). `scale` 1 is that part itself. Scaling the whole upstream
/// document would scale what the generator leaves out; its Beta part is the paths in scope with
/// the corrections applied and every component schema the generator keeps for them (those the
/// paths reach, and the stream event unions `sdk.yaml` names).
pub fn write_scaled(spec_dir: &Path, out_dir: &Path, scale: usize) -> Result<(), SynthError> {
    let (openapi, sdk) = scale_spec(beta_document(spec_dir)?, load(&spec_dir.join("sdk.yaml"))?, scale)?;
    save(&out_dir.join("openapi.yaml"), &openapi)?;
    save(&out_dir.join("sdk.yaml"), &sdk)
}

fn beta_document(spec_dir: &Path) -> Result<Value, SynthError> {
    let inputs = generator::spec::Inputs::read_dir(spec_dir)?;
    let whole = generator::spec::effective_document(&inputs)?;
    let spec = generator::spec::parse_inputs(&inputs)?;
    let mut document = spec.document;
    let kept = spec.openapi.value.components.schemas.keys();
    if let Some(schemas) = document.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) {
        for key in kept {
            if let (false, Some(schema)) = (schemas.contains_key(key), whole["components"]["schemas"].get(key)) {
                schemas.insert(key.clone(), schema.clone());
            }
        }
    }
    serde_yaml::to_value(&document).map_err(|source| SynthError::Yaml { path: show(spec_dir), source })
}

fn load(path: &Path) -> Result<Value, SynthError> {
    let text = std::fs::read_to_string(path).map_err(|source| SynthError::Read { path: show(path), source })?;
    serde_yaml::from_str(&text).map_err(|source| SynthError::Yaml { path: show(path), source })
}

fn save(path: &Path, value: &Value) -> Result<(), SynthError> {
    let text = serde_yaml::to_string(value).map_err(|source| SynthError::Yaml { path: show(path), source })?;
    std::fs::write(path, text).map_err(|source| SynthError::Write { path: show(path), source })
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

/// The two documents with `scale - 1` renamed copies added.
pub fn scale_spec(mut openapi: Value, mut sdk: Value, scale: usize) -> Result<(Value, Value), SynthError> {
    let paths = mapping(&openapi, "paths", "openapi.yaml")?.clone();
    let schemas = mapping(&openapi["components"], "schemas", "openapi.yaml")?.clone();
    let resources = mapping(&sdk, "resources", "sdk.yaml")?.clone();
    let scope: Vec<Value> = sdk.get("scope").and_then(Value::as_sequence).cloned().unwrap_or_default();
    for copy in 1..scale {
        let suffix = format!("X{copy}");
        for (path, item) in &paths {
            let path = format!("/x{copy}{}", path.as_str().unwrap_or_default());
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            suffix_operation_ids(&mut item, &suffix);
            insert(&mut openapi, &["paths"], Value::String(path), item);
        }
        for (name, schema) in &schemas {
            let name = format!("{}{suffix}", name.as_str().unwrap_or_default());
            let mut schema = schema.clone();
            rename_refs(&mut schema, &suffix);
            insert(&mut openapi, &["components", "schemas"], Value::String(name), schema);
        }
        // The copies' paths (`/x1/assistants`) are in scope as the originals are.
        if let Some(list) = sdk.get_mut("scope").and_then(Value::as_sequence_mut) {
            list.extend(
                scope.iter().filter_map(Value::as_str).map(|prefix| Value::String(format!("/x{copy}{prefix}"))),
            );
        }
        for (name, resource) in &resources {
            let name = format!("{}_x{copy}", name.as_str().unwrap_or_default());
            let mut resource = resource.clone();
            rename_resource(&mut resource, &name, &suffix);
            insert(&mut sdk, &["resources"], Value::String(name), resource);
        }
    }
    Ok((openapi, sdk))
}

fn mapping<'a>(value: &'a Value, key: &'static str, path: &str) -> Result<&'a Mapping, SynthError> {
    value.get(key).and_then(Value::as_mapping).ok_or_else(|| SynthError::Shape { path: path.to_owned(), key })
}

fn insert(document: &mut Value, at: &[&str], key: Value, value: Value) {
    let mut node = document;
    for step in at {
        node = &mut node[*step];
    }
    if let Some(map) = node.as_mapping_mut() {
        map.insert(key, value);
    }
}

/// Points every `$ref` (and discriminator mapping) to a schema at the copy's schema.
fn rename_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::String(text) if text.starts_with(SCHEMA_REF) => text.push_str(suffix),
        Value::Mapping(map) => map.values_mut().for_each(|child| rename_refs(child, suffix)),
        Value::Sequence(items) => items.iter_mut().for_each(|child| rename_refs(child, suffix)),
        _ => {}
    }
}

fn suffix_operation_ids(path_item: &mut Value, suffix: &str) {
    if let Some(operations) = path_item.as_mapping_mut() {
        for operation in operations.values_mut() {
            if let Some(Value::String(id)) = operation.get_mut("operationId") {
                id.push_str(suffix);
            }
        }
    }
}

/// Gives a copied resource (and its children) unique struct names, type prefixes, operations
/// and stream event types.
fn rename_resource(resource: &mut Value, key: &str, suffix: &str) {
    let Some(map) = resource.as_mapping_mut() else { return };
    // The generator's default struct name is the key in PascalCase; make it explicit and unique.
    let struct_name = match map.get("struct").and_then(Value::as_str) {
        Some(name) => format!("{name}{suffix}"),
        None => format!("{}{suffix}", pascal(key.split("_x").next().unwrap_or(key))),
    };
    map.insert("struct".into(), struct_name.into());
    if let Some(Value::String(prefix)) = map.get_mut("type_prefix") {
        prefix.push_str(suffix);
    }
    if let Some(Value::Mapping(methods)) = map.get_mut("methods") {
        for method in methods.values_mut() {
            if let Some(Value::String(operation)) = method.get_mut("operation") {
                operation.push_str(suffix);
            }
            if let Some(Value::String(event)) = method.get_mut("stream").and_then(|stream| stream.get_mut("event")) {
                event.push_str(suffix);
            }
        }
    }
    if let Some(Value::Mapping(children)) = map.get_mut("resources") {
        for (child_key, child) in children.iter_mut() {
            let child_key = child_key.as_str().unwrap_or_default().to_owned();
            rename_resource(child, &child_key, suffix);
        }
    }
}

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_rename_schemas_refs_paths_and_resources() {
        let openapi: Value = serde_yaml::from_str(
            "paths:\n  /runs:\n    get:\n      operationId: listRuns\n      responses:\n        '200': {$ref: '#/components/schemas/Run'}\ncomponents:\n  schemas:\n    Run: {type: object}\n",
        )
        .unwrap();
        let sdk: Value = serde_yaml::from_str(
            "resources:\n  beta:\n    resources:\n      runs:\n        type_prefix: Run\n        methods:\n          list: {operation: listRuns}\n",
        )
        .unwrap();
        let (openapi, sdk) = scale_spec(openapi, sdk, 3).unwrap();
        assert_eq!(openapi["paths"]["/x2/runs"]["get"]["operationId"], "listRunsX2");
        assert_eq!(openapi["paths"]["/x2/runs"]["get"]["responses"]["200"]["$ref"], "#/components/schemas/RunX2");
        assert!(openapi["components"]["schemas"]["RunX1"].is_mapping());
        let runs = &sdk["resources"]["beta_x1"]["resources"]["runs"];
        assert_eq!(runs["struct"], "RunsX1");
        assert_eq!(runs["type_prefix"], "RunX1");
        assert_eq!(runs["methods"]["list"]["operation"], "listRunsX1");
        assert_eq!(sdk["resources"]["beta_x1"]["struct"], "BetaX1");
    }
}
