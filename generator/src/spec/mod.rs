//! Stage 1, *load*: read `openapi.yaml` (the upstream document as published), apply the
//! project's corrections (`overlay.yaml`, an OpenAPI Overlay 1.0 document), read `sdk.yaml`, parse
//! them into typed models, and keep the sources so later stages can turn a JSON pointer into a
//! line and column.

pub mod derive;
mod locate;
pub mod model;
pub mod overlay;
mod yaml;

pub use locate::{escape, Source};
pub use model::*;

use crate::error::{Error, ErrorKind, Location, Result};
use std::path::{Path, PathBuf};

/// File names inside the spec directory.
pub const OPENAPI_FILE: &str = "openapi.yaml";
pub const OVERLAY_FILE: &str = "overlay.yaml";
pub const SDK_FILE: &str = "sdk.yaml";

/// A parsed YAML file and the text it came from.
#[derive(Debug)]
pub struct Loaded<T> {
    pub path: PathBuf,
    pub source: Source,
    pub value: T,
}

impl<T> Loaded<T> {
    /// A location in this file for `pointer`, with line and column when they can be found.
    pub fn at(&self, pointer: &str) -> Location {
        let (line, column) = match self.source.locate(pointer) {
            Some((line, column)) => (Some(line), Some(column)),
            None => (None, None),
        };
        Location { file: self.path.clone(), line, column, pointer: pointer.to_string() }
    }
}

/// Both inputs of the generator: the OpenAPI document with the corrections applied, and the SDK
/// shape.
#[derive(Debug)]
pub struct Spec {
    pub openapi: Loaded<OpenApi>,
    pub sdk: Loaded<SdkConfig>,
    /// The document the crate is generated from, as JSON: the upstream document with the
    /// corrections applied, cut to the SDK's scope (what mock servers and linters read).
    pub document: serde_json::Value,
}

/// One input file in memory.
#[derive(Debug, Clone)]
pub struct Text {
    pub path: PathBuf,
    pub text: String,
}

impl Text {
    /// Reads a file; the only file reading the generator does.
    pub fn read(path: &Path) -> Result<Text> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            Error::new(
                Location { file: path.to_path_buf(), line: None, column: None, pointer: String::new() },
                ErrorKind::Io(err.to_string()),
            )
        })?;
        Ok(Text { path: path.to_path_buf(), text })
    }

    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Text {
        Text { path: path.into(), text: text.into() }
    }
}

/// The input files: the upstream document, the project's corrections (an OpenAPI Overlay), and
/// the SDK shape. Without `sdk`, the shape is derived from the paths (whole-spec mode).
#[derive(Debug, Clone)]
pub struct Inputs {
    pub openapi: Text,
    pub overlay: Option<Text>,
    pub sdk: Option<Text>,
}

impl Inputs {
    /// `<dir>/openapi.yaml`, `<dir>/overlay.yaml` (if present) and `<dir>/sdk.yaml`.
    pub fn read_dir(dir: &Path) -> Result<Inputs> {
        let overlay = dir.join(OVERLAY_FILE);
        Ok(Inputs {
            openapi: Text::read(&dir.join(OPENAPI_FILE))?,
            overlay: if overlay.exists() { Some(Text::read(&overlay)?) } else { None },
            sdk: Some(Text::read(&dir.join(SDK_FILE))?),
        })
    }
}

/// Reads and parses the spec directory.
pub fn load(dir: &Path) -> Result<Spec> {
    parse_inputs(&Inputs::read_dir(dir)?)
}

/// Parses both documents from memory without an overlay; `load` without the I/O (used by tests).
pub fn parse(openapi_path: &Path, openapi_text: &str, sdk_path: &Path, sdk_text: &str) -> Result<Spec> {
    parse_inputs(&Inputs {
        openapi: Text::new(openapi_path, openapi_text),
        overlay: None,
        sdk: Some(Text::new(sdk_path, sdk_text)),
    })
}

/// The effective document: the upstream text parsed, with the overlay's actions applied.
pub fn effective_document(inputs: &Inputs) -> Result<serde_json::Value> {
    let mut document = parse_tree(&inputs.openapi)?;
    if let Some(overlay_text) = &inputs.overlay {
        let overlay = overlay::parse(&overlay_text.path, &overlay_text.text)?;
        overlay::apply(&overlay, &overlay_text.path, &overlay_text.text, &mut document)?;
    }
    Ok(document)
}

/// Parses the inputs: the OpenAPI document (3.0 or 3.1) with the overlay applied, cut to the
/// SDK's scope and normalized (`crate::normalize`), and the SDK shape, derived from the paths
/// when there is no `sdk.yaml`.
pub fn parse_inputs(inputs: &Inputs) -> Result<Spec> {
    // The typed model, normalization and cutting to scope all recurse into nested schemas.
    crate::stack::on_big_stack("parsing the spec", || parse_on_this_thread(inputs))
}

fn parse_on_this_thread(inputs: &Inputs) -> Result<Spec> {
    let mut document = effective_document(inputs)?;
    let mut openapi: Loaded<OpenApi> = typed(&inputs.openapi, &document)?;
    let version = openapi.value.openapi.clone();
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(Error::new(openapi.at("#/openapi"), ErrorKind::UnsupportedVersion(version)));
    }
    let sdk = match &inputs.sdk {
        Some(sdk) => typed(sdk, &parse_tree(sdk)?)?,
        None => {
            let krate = CrateConfig {
                name: "openai".to_string(),
                version: "0.1.0".to_string(),
                description: "Rust client for the OpenAI API, generated from its OpenAPI document.".to_string(),
                deprecation_note: None,
                repository: None,
                // The helpers and the conformance tests are made for the Beta crate's config.
                run_helpers: false,
                features: Default::default(),
                run_helpers_feature: None,
                conformance_tests: false,
            };
            Loaded {
                path: inputs.openapi.path.clone(),
                source: Source::new(""),
                value: derive::derive_sdk_config(&openapi.value, krate),
            }
        }
    };
    crate::normalize::normalize(&mut openapi.value, &sdk.value);
    cut_to_scope(&mut document, &sdk.value.scope);
    Ok(Spec { openapi, sdk, document })
}

/// Keeps in the JSON document the paths in scope and the component schemas they (and the other
/// components, such as shared error responses) reach.
fn cut_to_scope(document: &mut serde_json::Value, scope: &[String]) {
    if scope.is_empty() {
        return;
    }
    if let Some(paths) = document.get_mut("paths").and_then(|p| p.as_object_mut()) {
        paths.retain(|path, _| crate::normalize::in_scope(path, scope));
    }
    // Webhooks are requests OpenAI sends, not operations of this SDK.
    if let Some(root) = document.as_object_mut() {
        root.remove("webhooks");
    }
    let mut todo = Vec::new();
    json_refs(document.get("paths").unwrap_or(&serde_json::Value::Null), &mut todo);
    if let Some(components) = document.get("components").and_then(|c| c.as_object()) {
        components.iter().filter(|(kind, _)| *kind != "schemas").for_each(|(_, c)| json_refs(c, &mut todo));
    }
    let Some(schemas) = document.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) else { return };
    let mut kept = std::collections::BTreeSet::new();
    while let Some(key) = todo.pop() {
        if let Some(schema) = schemas.get(&key) {
            if kept.insert(key) {
                json_refs(schema, &mut todo);
            }
        }
    }
    schemas.retain(|key, _| kept.contains(key));
}

/// The component schema keys a JSON subtree refers to.
fn json_refs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", serde_json::Value::String(target)) => {
                        if let Some(name) = target.strip_prefix("#/components/schemas/") {
                            out.push(name.to_string());
                        }
                    }
                    _ => json_refs(child, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| json_refs(item, out)),
        _ => {}
    }
}

/// A YAML text as JSON values, for tests of later stages.
#[cfg(test)]
pub(crate) fn yaml_tree(text: &str) -> serde_json::Value {
    yaml::parse(text).expect("test YAML parses")
}

/// A YAML (or JSON) file as a tree of JSON values.
fn parse_tree(input: &Text) -> Result<serde_json::Value> {
    let here = |line: Option<usize>, column: Option<usize>| Location {
        file: input.path.clone(),
        line,
        column,
        pointer: String::from("#"),
    };
    if let Some((line, column, c)) = control_character(&input.text) {
        // The YAML parser reports these with a byte offset only; say where, as for other errors.
        return Err(Error::new(
            here(Some(line), Some(column)),
            ErrorKind::InvalidYaml(format!("control character U+{:04X}, which YAML does not allow", c as u32)),
        ));
    }
    let tree = yaml::parse(&input.text).map_err(|err| {
        let mark = err.location();
        Error::new(
            here(mark.as_ref().map(|m| m.line()), mark.as_ref().map(|m| m.column())),
            ErrorKind::InvalidYaml(strip_position(&err.to_string())),
        )
    })?;
    if tree.is_null() || tree.as_object().is_some_and(|m| m.is_empty()) {
        return Err(Error::new(here(None, None), ErrorKind::EmptySpec));
    }
    Ok(tree)
}

/// The first character YAML 1.2 does not allow in a document (C0 and C1 controls other than tab,
/// line feed, carriage return and next line, and DEL), with its 1-based line and column.
fn control_character(text: &str) -> Option<(usize, usize, char)> {
    let forbidden = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    let (line_index, line) = text.split('\n').enumerate().find(|(_, line)| line.chars().any(forbidden))?;
    let (column, c) = line.chars().enumerate().find(|(_, c)| forbidden(*c))?;
    Some((line_index + 1, column + 1, c))
}

/// The typed model of a tree. Without path tracking first (it slows every value down); a tree
/// that fails is read again with it, to say where.
fn typed<T: serde::de::DeserializeOwned>(input: &Text, tree: &serde_json::Value) -> Result<Loaded<T>> {
    let source = Source::new(&input.text);
    let value = match T::deserialize(tree) {
        Ok(value) => value,
        Err(_) => serde_path_to_error::deserialize(tree).map_err(|err| {
            let pointer = json_pointer(err.path());
            let (line, column) = source.locate(&pointer).map_or((None, None), |(l, c)| (Some(l), Some(c)));
            Error::new(
                Location { file: input.path.clone(), line, column, pointer },
                ErrorKind::Shape(err.into_inner().to_string()),
            )
        })?,
    };
    Ok(Loaded { path: input.path.clone(), source, value })
}

/// The JSON pointer (`#/resources/beta/methods`) of the place a typed parse failed.
fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key: name } | Segment::Enum { variant: name } => escape(name),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&token);
    }
    pointer
}

/// serde_yaml appends " at line X column Y"; the location is reported separately.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}
