//! Stage 2, *lower*: the plain-data intermediate representation.
//!
//! The IR knows nothing of YAML or Rust syntax. Types refer to each other by name (names are
//! unique and final once lowering ends); every list is sorted or in spec order so that emission
//! is deterministic.

mod config_names;
mod cycles;
mod dedupe;
mod features;
mod lower;
mod resources;

pub use features::RUN_HELPER_NAMES;
pub use lower::{lower, MAX_NESTING};

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Everything the emitter needs.
#[derive(Debug, Clone, Serialize)]
pub struct Ir {
    pub krate: crate::spec::CrateConfig,
    /// Model types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Request parameter types, one per operation that takes parameters, sorted by name.
    pub params: Vec<TypeDef>,
    /// The resource tree rooted at the client.
    pub resources: Vec<Resource>,
    /// `(old, new)`: former public names kept as deprecated aliases of the types now named `new`.
    pub deprecated_names: Vec<(String, String)>,
    /// The Cargo feature each item comes with.
    pub features: Features,
}

/// The Cargo features (`crate.features` of `sdk.yaml`) items come with. An item not listed is
/// always compiled; one listed is compiled when any of its features is on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Features {
    /// Model and params type name -> its features, sorted.
    pub types: BTreeMap<String, Vec<String>>,
    /// Resource path (`beta.threads.runs`) -> its feature.
    pub resources: BTreeMap<String, Vec<String>>,
    /// The feature of the Assistants helpers.
    pub run_helpers: Vec<String>,
}

impl Features {
    /// The features of the model or params type `name` (empty: always compiled).
    pub fn of_type(&self, name: &str) -> &[String] {
        self.types.get(name).map_or(&[], Vec::as_slice)
    }

    /// The features of the resource at `path` (empty: always compiled).
    pub fn of_resource(&self, path: &str) -> &[String] {
        self.resources.get(path).map_or(&[], Vec::as_slice)
    }
}

/// Documentation carried from the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Docs {
    pub description: Option<String>,
    /// Constraint and default notes, already worded (`maximum length 512`).
    pub notes: Vec<String>,
    pub deprecated: bool,
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    pub name: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// JSON pointer of the schema it came from.
    pub origin: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Object(Object),
    Enum(Enum),
    TaggedUnion(TaggedUnion),
    UntaggedUnion(UntaggedUnion),
    /// `type Name = <target>;`, for named maps, arrays and scalars.
    Alias(TypeRef),
}

/// A reference to a type from a field, a variant or an alias.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "ref", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    Named(String),
    String,
    Integer,
    Number,
    Boolean,
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A JSON object of any shape.
    JsonObject,
    /// Any JSON value.
    Any,
    /// A file, sent as a part of a `multipart/form-data` body (`format: binary` there).
    Upload,
}

impl TypeRef {
    /// The named types this reference mentions, and whether a value of it holds them inline
    /// (no heap indirection), which decides where recursion needs a `Box`.
    pub fn named(&self) -> Option<(&str, bool)> {
        match self {
            TypeRef::Named(name) => Some((name, true)),
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.named().map(|(name, _)| (name, false)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Object {
    pub fields: Vec<Field>,
    /// Groups of fields of which a request may set only one (`oneOf: [{required: [a]},
    /// {required: [b]}]`), by wire name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclusive: Vec<Vec<String>>,
}

/// Where a parameter field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldLocation {
    Body,
    Query,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Name on the wire (JSON key or query name).
    pub wire_name: String,
    /// Rust identifier (may be `r#type`).
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// A `const` value the field always has.
    pub constant: Option<String>,
    pub default: Option<serde_json::Value>,
    pub docs: Docs,
    pub location: FieldLocation,
    /// Set by cycle detection: the field holds its type behind a `Box`.
    pub boxed: bool,
    /// A credential (`format: password`): redacted from `Debug`.
    pub secret: bool,
    /// Validation the server applies; used to make valid sample values for tests.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

/// The validation keywords of a field's schema.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

impl Constraints {
    /// True when the schema has no validation keyword; keeps IR snapshots free of noise.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enum {
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumValue {
    pub value: String,
    pub variant: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaggedUnion {
    /// The discriminator property.
    pub tag: String,
    pub variants: Vec<TaggedVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaggedVariant {
    pub tag_value: String,
    pub variant: String,
    /// The object type of this variant.
    pub ty: String,
    pub boxed: bool,
}

/// The JSON kind an untagged-union arm matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UntaggedUnion {
    pub variants: Vec<UntaggedVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UntaggedVariant {
    pub kind: JsonKind,
    pub variant: String,
    /// The payload, or `None` for a string constant arm (a unit variant).
    pub ty: Option<TypeRef>,
    /// The constant a unit arm stands for.
    pub constant: Option<String>,
    pub boxed: bool,
    /// For one of several object arms: the keys that pick it (see [`ObjectFit`]).
    pub fit: Option<ObjectFit>,
}

/// How an object value is matched to one of several object arms that no single tag tells apart
/// (`EasyInputMessage | EvalItem`, or messages that share `type` and differ in `role`): arms whose
/// constants the value contradicts are out; of the rest, the one whose required keys are all
/// present and which knows the most of the value's keys wins; earlier arms win ties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectFit {
    pub required: Vec<String>,
    pub known: Vec<String>,
    /// Properties with a single allowed string, and that string.
    pub constants: Vec<(String, String)>,
}

/// A node of the client's resource tree (`client.beta().threads().runs()`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    /// Accessor method name (`runs`).
    pub accessor: String,
    /// Rust struct name (`Runs`).
    pub struct_name: String,
    /// Dotted path from the client (`beta.threads.runs`).
    pub path: String,
    pub description: Option<String>,
    pub methods: Vec<Method>,
    pub children: Vec<Resource>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    pub name: String,
    pub operation_id: String,
    pub http_method: String,
    /// The path template (`/threads/{thread_id}/runs`).
    pub path: String,
    pub path_params: Vec<PathParam>,
    /// The parameters type, when the operation takes query or body parameters.
    pub params: Option<String>,
    /// Whether the params type has a `new()` without arguments.
    pub params_all_optional: bool,
    pub body: BodyKind,
    pub response: ResponseKind,
    pub stream: Option<StreamInfo>,
    /// Headers every call sends (`OpenAI-Beta`), inherited from the resource tree.
    pub headers: Vec<(String, String)>,
    pub summary: Option<String>,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathParam {
    pub wire_name: String,
    pub rust_name: String,
    pub description: Option<String>,
}

/// How the params' body fields travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// No request body.
    None,
    Json,
    /// `multipart/form-data`: text fields the way the official SDKs encode forms, and a part
    /// per [`TypeRef::Upload`] field.
    Multipart,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResponseKind {
    /// A JSON body; an operation that declares no body decodes into `serde_json::Value` (the
    /// live API often sends one anyway, and an empty body is `null`).
    Json {
        ty: TypeRef,
    },
    Page {
        pagination: crate::spec::PaginationKind,
        item: TypeRef,
    },
    /// Bytes (audio, video, a zip): the media types go into `Accept`.
    Binary {
        accept: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StreamInfo {
    /// The event union type.
    pub event: String,
    /// The body flag the streaming variant sets to `true`.
    pub flag: String,
}

impl Ir {
    /// A model or params type by name. Both lists are sorted by name, so this is a binary
    /// search: emission looks types up for every field, and a linear scan would make generation
    /// quadratic in the size of the spec.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        let find = |list: &'_ [TypeDef]| list.binary_search_by(|t| t.name.as_str().cmp(name)).ok();
        find(&self.types).map(|i| &self.types[i]).or_else(|| find(&self.params).map(|i| &self.params[i]))
    }

    /// The model types a request can carry: everything reachable from a params type's fields.
    /// These get chainable setters, as params do.
    pub fn request_types(&self) -> BTreeSet<&str> {
        let mut seen = BTreeSet::new();
        for params in &self.params {
            if let TypeKind::Object(object) = &params.kind {
                object.fields.iter().for_each(|f| visit_ref(self, &f.ty, &mut seen));
            }
        }
        seen
    }

    /// The model types a response or stream event can carry: every method's response (or page
    /// item) and stream event, and all they reach.
    pub fn response_types(&self) -> BTreeSet<&str> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Resource> = self.resources.iter().collect();
        while let Some(resource) = stack.pop() {
            resource.methods.iter().for_each(|method| visit_output(self, method, &mut seen));
            stack.extend(&resource.children);
        }
        seen
    }

    /// The types of each resource, for the docs: the params, responses and stream events of its
    /// methods and every type they reach, each type under the first resource (depth first, in
    /// tree order) that reaches it. `(dotted resource path, type names)`, in tree order.
    pub fn types_by_resource(&self) -> Vec<(String, Vec<&str>)> {
        let mut claimed: BTreeSet<&str> = BTreeSet::new();
        let mut groups = Vec::new();
        let mut stack: Vec<&Resource> = self.resources.iter().rev().collect();
        while let Some(resource) = stack.pop() {
            let mut reached = BTreeSet::new();
            for method in &resource.methods {
                if let Some(params) = &method.params {
                    visit_named(self, params, &mut reached);
                }
                visit_output(self, method, &mut reached);
            }
            let names: Vec<&str> = reached.into_iter().filter(|name| claimed.insert(name)).collect();
            if !names.is_empty() {
                groups.push((resource.path.clone(), names));
            }
            stack.extend(resource.children.iter().rev());
        }
        groups
    }
}

/// Adds what `method` yields (its response or page item, and its stream events), and all they
/// reach, to `seen`.
fn visit_output<'a>(ir: &'a Ir, method: &'a Method, seen: &mut BTreeSet<&'a str>) {
    match &method.response {
        ResponseKind::Json { ty } | ResponseKind::Page { item: ty, .. } => visit_ref(ir, ty, seen),
        ResponseKind::Binary { .. } => {}
    }
    if let Some(stream) = &method.stream {
        visit_named(ir, &stream.event, seen);
    }
}

/// Adds the named types `ty` mentions, and all they reach, to `seen`.
fn visit_ref<'a>(ir: &'a Ir, ty: &'a TypeRef, seen: &mut BTreeSet<&'a str>) {
    match ty {
        TypeRef::Named(name) => visit_named(ir, name, seen),
        TypeRef::Array(inner) | TypeRef::Map(inner) => visit_ref(ir, inner, seen),
        _ => {}
    }
}

fn visit_named<'a>(ir: &'a Ir, name: &str, seen: &mut BTreeSet<&'a str>) {
    let Some(def) = ir.type_def(name) else { return };
    if !seen.insert(def.name.as_str()) {
        return;
    }
    match &def.kind {
        TypeKind::Object(object) => object.fields.iter().for_each(|f| visit_ref(ir, &f.ty, seen)),
        TypeKind::TaggedUnion(union) => union.variants.iter().for_each(|v| visit_named(ir, &v.ty, seen)),
        TypeKind::UntaggedUnion(union) => {
            union.variants.iter().filter_map(|v| v.ty.as_ref()).for_each(|t| visit_ref(ir, t, seen))
        }
        TypeKind::Alias(target) => visit_ref(ir, target, seen),
        TypeKind::Enum(_) => {}
    }
}
