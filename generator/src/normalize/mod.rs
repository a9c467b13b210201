//! Stage 1b, *normalize*: rewrites the many spellings real OpenAPI documents use into the one
//! form `lower` reads, so that lowering stays small.
//!
//! The canonical form:
//! - nullability is the `nullable` flag (3.0 `nullable: true`, 3.1 `type: [X, "null"]`, an
//!   `anyOf`/`oneOf` arm `{type: "null"}` and `null` in an `enum` all become it);
//! - a single-value `enum` (`x-stainless-const`) is a `const`;
//! - `allOf` is gone: its arms are merged into one object (a lone `$ref` keeps its siblings as
//!   annotations);
//! - a union has at most one arm per JSON kind, except object arms that a discriminator tells
//!   apart; nested unions are flattened into their parent, string arms merge into one (open)
//!   enum, array arms into one array of a union of their items, and object arms without a
//!   `discriminator` get the one their single-value property implies;
//! - validation-only arms (`anyOf: [{required: [a]}, {required: [b]}]`) and `not` are dropped.
//!
//! Local rules (`local.rs`) look at one schema; the union and `allOf` rules (`merge.rs`,
//! `unions.rs`) look through `$ref`s into a snapshot of the components.

mod anchors;
mod local;
mod merge;
mod scope;
mod unions;
mod walk;

use crate::spec::{OpenApi, Schema, SdkConfig};
use indexmap::IndexMap;

pub use scope::{in_scope, prune_to_scope, schema_refs};

/// The extension where normalization keeps the field groups of a validation-only `oneOf`, for
/// documentation and for samplers that must not set two of them.
pub const EXCLUSIVE_KEY: &str = "x-exclusive-required";

/// Prefix of a component schema reference.
pub const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Normalizes every schema of the document in place.
pub fn normalize(doc: &mut OpenApi, sdk: &SdkConfig) {
    anchors::resolve_self_references(doc);
    prune_to_scope(doc, sdk);
    walk::each_schema(doc, &mut |schema| local::apply(schema));
    let snapshot = doc.components.schemas.clone();
    walk::each_schema(doc, &mut |schema| merge::merge_all_of(schema, &snapshot));
    let snapshot = doc.components.schemas.clone();
    walk::each_schema(doc, &mut |schema| unions::normalize_union(schema, &snapshot));
    // Merging and flattening can bring 3.0 or 3.1 spellings from the arms they copied.
    walk::each_schema(doc, &mut |schema| {
        local::apply(schema);
        local::declare_required(schema);
    });
}

/// The component a `$ref` names, if it is a local schema reference.
pub fn component<'a>(reference: &str, components: &'a IndexMap<String, Schema>) -> Option<(&'a str, &'a Schema)> {
    let key = reference.strip_prefix(SCHEMA_PREFIX)?;
    components.get_key_value(key).map(|(key, schema)| (key.as_str(), schema))
}

/// Follows a chain of plain `$ref`s (bounded: a cycle of aliases is reported by `lower`).
pub fn resolve<'a>(mut schema: &'a Schema, components: &'a IndexMap<String, Schema>) -> &'a Schema {
    for _ in 0..64 {
        match schema.reference.as_deref().and_then(|r| component(r, components)) {
            Some((_, target)) => schema = target,
            None => break,
        }
    }
    schema
}

#[cfg(test)]
pub(crate) fn schema(yaml: &str) -> Schema {
    serde_json::from_value(crate::spec::yaml_tree(yaml)).expect("test schema parses")
}
