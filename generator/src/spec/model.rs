//! Typed model of OpenAPI 3.0/3.1 (as far as the generator reads it) and of `sdk.yaml`.
//!
//! Unknown keywords are collected in `extra` maps instead of being rejected by serde, so that
//! validation can say *which* keyword at *which* JSON pointer is unsupported.

use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The root of an OpenAPI document.
#[derive(Debug, Deserialize)]
pub struct OpenApi {
    pub openapi: String,
    #[serde(default)]
    pub info: Option<serde_json::Value>,
    #[serde(default)]
    pub paths: IndexMap<String, PathItem>,
    #[serde(default)]
    pub components: Components,
}

#[derive(Debug, Default, Deserialize)]
pub struct Components {
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
    #[serde(default)]
    pub parameters: IndexMap<String, Parameter>,
    #[serde(default, rename = "requestBodies")]
    pub request_bodies: IndexMap<String, RequestBody>,
}

/// One entry of `paths`.
#[derive(Debug, Default, Deserialize)]
pub struct PathItem {
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    pub get: Option<Operation>,
    pub put: Option<Operation>,
    pub post: Option<Operation>,
    pub delete: Option<Operation>,
    pub options: Option<Operation>,
    pub head: Option<Operation>,
    pub patch: Option<Operation>,
    pub trace: Option<Operation>,
}

impl PathItem {
    /// The operations with their lower-case HTTP method, in a fixed order.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("options", &self.options),
            ("head", &self.head),
            ("patch", &self.patch),
            ("trace", &self.trace),
        ]
        .into_iter()
        .filter_map(|(method, operation)| operation.as_ref().map(|operation| (method, operation)))
    }

    /// [`PathItem::operations`], mutable.
    pub fn operations_mut(&mut self) -> impl Iterator<Item = (&'static str, &mut Operation)> {
        [
            ("get", &mut self.get),
            ("put", &mut self.put),
            ("post", &mut self.post),
            ("delete", &mut self.delete),
            ("options", &mut self.options),
            ("head", &mut self.head),
            ("patch", &mut self.patch),
            ("trace", &mut self.trace),
        ]
        .into_iter()
        .filter_map(|(method, operation)| operation.as_mut().map(|operation| (method, operation)))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Operation {
    #[serde(rename = "operationId")]
    pub operation_id: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    #[serde(default, rename = "requestBody")]
    pub request_body: Option<RequestBody>,
    #[serde(default)]
    pub responses: IndexMap<String, Response>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Parameter {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "in")]
    pub location: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub schema: Option<Schema>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RequestBody {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MediaType {
    #[serde(default)]
    pub schema: Option<Schema>,
}

/// `type` may be a single name or a list (`[string, "null"]`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum TypeSet {
    One(String),
    Many(Vec<String>),
}

impl TypeSet {
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeSet::One(name) => vec![name.as_str()],
            TypeSet::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

/// `additionalProperties`: a boolean or a schema.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    Allowed(bool),
    Schema(Box<Schema>),
}

#[derive(Debug, Clone, Deserialize)]
pub struct Discriminator {
    #[serde(rename = "propertyName")]
    pub property_name: String,
    #[serde(default)]
    pub mapping: IndexMap<String, String>,
}

/// A JSON Schema object as OpenAPI 3.1 uses it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Schema {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub types: Option<TypeSet>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub format: Option<String>,
    #[serde(default)]
    pub nullable: bool,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(rename = "const")]
    pub constant: Option<serde_json::Value>,
    #[serde(rename = "enum")]
    pub enumeration: Option<Vec<serde_json::Value>>,
    pub default: Option<serde_json::Value>,
    #[serde(default)]
    pub properties: IndexMap<String, Schema>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(rename = "additionalProperties")]
    pub additional_properties: Option<AdditionalProperties>,
    pub items: Option<Box<Schema>>,
    #[serde(rename = "oneOf")]
    pub one_of: Option<Vec<Schema>>,
    #[serde(rename = "anyOf")]
    pub any_of: Option<Vec<Schema>>,
    #[serde(rename = "allOf")]
    pub all_of: Option<Vec<Schema>>,
    pub discriminator: Option<Discriminator>,
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    /// A number in 3.1, a boolean modifier of `minimum` in 3.0.
    #[serde(rename = "exclusiveMinimum")]
    pub exclusive_minimum: Option<serde_json::Value>,
    #[serde(rename = "exclusiveMaximum")]
    pub exclusive_maximum: Option<serde_json::Value>,
    #[serde(rename = "minLength")]
    pub min_length: Option<u64>,
    #[serde(rename = "maxLength")]
    pub max_length: Option<u64>,
    #[serde(rename = "minItems")]
    pub min_items: Option<u64>,
    #[serde(rename = "maxItems")]
    pub max_items: Option<u64>,
    #[serde(rename = "maxProperties")]
    pub max_properties: Option<u64>,
    pub pattern: Option<String>,
    /// Keywords this model does not name; validation decides which are harmless.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// `spec/sdk.yaml`: what OpenAPI cannot say about the shape of the client.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkConfig {
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// Path prefixes (`/assistants`) whose operations this SDK covers: each must be bound to a
    /// method, and operations outside them are left out. Empty: every operation must be bound.
    #[serde(default)]
    pub scope: Vec<String>,
    /// Public Rust names of component schemas (`AssistantObject: Assistant`), so that the API
    /// keeps the names users know when the upstream document names types otherwise.
    #[serde(default)]
    pub types: IndexMap<String, String>,
    /// Public names a release used before and that now go by another (`RunStepStepDetails:
    /// RunStepDetails`): each stays as a `#[deprecated]` alias of the new name, so that code
    /// written against the old one keeps compiling, with a warning that says what to write.
    #[serde(default)]
    pub deprecated_names: IndexMap<String, String>,
    pub resources: IndexMap<String, ResourceConfig>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// The `#[deprecated]` note of operations the spec marks deprecated.
    #[serde(default)]
    pub deprecation_note: Option<String>,
    /// The repository URL for the package metadata, if the crate has one.
    #[serde(default)]
    pub repository: Option<String>,
    /// Whether the crate has the Assistants helpers (`Runs::poll`, `RunAccumulator`), which are
    /// written against the Assistants types (`Run`, `RunStatus`, `AssistantStreamEvent`...).
    #[serde(default)]
    pub run_helpers: bool,
    /// Cargo features by group of resources: feature name -> the dotted paths of the resources
    /// it turns on (`chatkit: [beta.chatkit]`), each with its children. All are on by default; a
    /// program that turns some off compiles none of the operations and types only they reach.
    /// Resources under no feature are always compiled.
    #[serde(default)]
    pub features: IndexMap<String, Vec<String>>,
    /// The feature the Assistants helpers come with, when `features` gates the resources they
    /// are written against.
    #[serde(default)]
    pub run_helpers_feature: Option<String>,
    /// Whether the crate gets `tests/conformance.rs`: one test per operation against a mock
    /// server made from the document (see `scripts/with-prism.sh`).
    #[serde(default = "enabled")]
    pub conformance_tests: bool,
}

fn enabled() -> bool {
    true
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceConfig {
    #[serde(default, rename = "struct")]
    pub struct_name: Option<String>,
    #[serde(default)]
    pub type_prefix: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    #[serde(default)]
    pub methods: IndexMap<String, MethodConfig>,
    #[serde(default)]
    pub resources: IndexMap<String, ResourceConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodConfig {
    pub operation: String,
    #[serde(default)]
    pub pagination: Option<PaginationKind>,
    #[serde(default)]
    pub stream: Option<StreamConfig>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaginationKind {
    Cursor,
    ConversationCursor,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamConfig {
    pub event: String,
    pub flag: String,
}
