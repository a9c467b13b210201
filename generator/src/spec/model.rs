//! Typed model of the subset of OpenAPI 3.1 and of `sdk.yaml` that the generator reads.
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
    pub info: Option<serde_yaml::Value>,
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

/// One entry of `paths`; operations keyed by lower-case HTTP method.
#[derive(Debug, Default, Deserialize)]
pub struct PathItem {
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    #[serde(flatten)]
    pub operations: IndexMap<String, serde_yaml::Value>,
}

#[derive(Debug, Deserialize)]
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
    #[serde(rename = "exclusiveMinimum")]
    pub exclusive_minimum: Option<serde_json::Number>,
    #[serde(rename = "exclusiveMaximum")]
    pub exclusive_maximum: Option<serde_json::Number>,
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
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// `spec/sdk.yaml`: what OpenAPI cannot say about the shape of the client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkConfig {
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    pub resources: IndexMap<String, ResourceConfig>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// The `#[deprecated]` note of operations the spec marks deprecated.
    #[serde(default)]
    pub deprecation_note: Option<String>,
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

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamConfig {
    pub event: String,
    pub flag: String,
}
