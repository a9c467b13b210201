//! Stage 1, *load*: read `openapi.yaml` and `sdk.yaml`, parse them into typed models, and keep the
//! sources so later stages can turn a JSON pointer into a line and column.

mod locate;
pub mod model;

pub use locate::{escape, Source};
pub use model::*;

use crate::error::{Error, ErrorKind, Location, Result};
use std::path::{Path, PathBuf};

/// File names inside the spec directory.
pub const OPENAPI_FILE: &str = "openapi.yaml";
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

/// Both inputs of the generator.
#[derive(Debug)]
pub struct Spec {
    pub openapi: Loaded<OpenApi>,
    pub sdk: Loaded<SdkConfig>,
}

/// Reads `<dir>/openapi.yaml` and `<dir>/sdk.yaml`. The only file reading the generator does.
pub fn load(dir: &Path) -> Result<Spec> {
    let openapi_path = dir.join(OPENAPI_FILE);
    let sdk_path = dir.join(SDK_FILE);
    let openapi_text = read(&openapi_path)?;
    let sdk_text = read(&sdk_path)?;
    parse(&openapi_path, &openapi_text, &sdk_path, &sdk_text)
}

/// Parses both documents from memory; `load` without the I/O (used by tests).
pub fn parse(openapi_path: &Path, openapi_text: &str, sdk_path: &Path, sdk_text: &str) -> Result<Spec> {
    let openapi: Loaded<OpenApi> = parse_yaml(openapi_path, openapi_text)?;
    if !openapi.value.openapi.starts_with("3.1") {
        return Err(Error::new(openapi.at("#/openapi"), ErrorKind::UnsupportedVersion(openapi.value.openapi.clone())));
    }
    let sdk = parse_yaml(sdk_path, sdk_text)?;
    Ok(Spec { openapi, sdk })
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|err| {
        Error::new(
            Location { file: path.to_path_buf(), line: None, column: None, pointer: String::new() },
            ErrorKind::Io(err.to_string()),
        )
    })
}

fn parse_yaml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<Loaded<T>> {
    let here = |line: Option<usize>, column: Option<usize>| Location {
        file: path.to_path_buf(),
        line,
        column,
        pointer: String::from("#"),
    };
    // First as untyped YAML, so that syntax errors and an empty file are told apart from a
    // document of the wrong shape.
    let untyped: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| {
        let mark = err.location();
        Error::new(
            here(mark.as_ref().map(|m| m.line()), mark.as_ref().map(|m| m.column())),
            ErrorKind::InvalidYaml(strip_position(&err.to_string())),
        )
    })?;
    if untyped.is_null() || untyped.as_mapping().is_some_and(|m| m.is_empty()) {
        return Err(Error::new(here(None, None), ErrorKind::EmptySpec));
    }
    // Without path tracking first (it slows every value down); a document that fails is parsed
    // again with it, to say where.
    if let Ok(value) = serde_yaml::from_str(text) {
        return Ok(Loaded { path: path.to_path_buf(), source: Source::new(text), value });
    }
    let value = serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(text)).map_err(|err| {
        let pointer = json_pointer(err.path());
        let err = err.into_inner();
        let mark = err.location();
        let location = Location { pointer, ..here(mark.as_ref().map(|m| m.line()), mark.as_ref().map(|m| m.column())) };
        Error::new(location, ErrorKind::Shape(strip_position(&err.to_string())))
    })?;
    Ok(Loaded { path: path.to_path_buf(), source: Source::new(text), value })
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
