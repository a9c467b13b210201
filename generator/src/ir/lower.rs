//! Lowering of schemas: OpenAPI schema objects -> named IR types.

use super::*;
use crate::error::{Error, ErrorKind, Result};
use crate::naming;
use crate::spec::{escape, AdditionalProperties, Loaded, OpenApi, Schema, Spec};
use std::collections::{BTreeMap, BTreeSet};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Keywords that change nothing in the generated code (annotations and validation the server
/// does); anything else unknown is an unsupported construct.
/// JSON Schema keywords that shape values in ways the generated types cannot express; a schema
/// using one is rejected rather than silently typed too loosely. Checks the server makes anyway
/// (`propertyNames`, `contains`, `dependentRequired`) are not among them. Every other keyword this
/// model does not name (`example`, `readOnly`, `x-...`, and non-standard ones such as upstream's
/// `optional`) is an annotation, which JSON Schema says to ignore when unknown.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "if",
    "then",
    "else",
    "prefixItems",
    "patternProperties",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$recursiveRef",
    "$dynamicRef",
];

/// How deep schemas may nest (an array's items, a property, a union arm: one level each).
/// Lowering and emission recurse once or more per level; past this, the document is refused
/// with the place it goes too deep, instead of risking the stack (see `crate::stack`).
pub const MAX_NESTING: usize = 256;

/// Lowers the whole spec (schemas, operations and the SDK resource tree) into the IR.
pub fn lower(spec: &Spec) -> Result<Ir> {
    crate::stack::on_big_stack("lowering", || lower_spec(spec))
}

fn lower_spec(spec: &Spec) -> Result<Ir> {
    super::config_names::check(spec)?;
    let renames = &spec.sdk.value.types;
    let mut lowerer = Lowerer::new(&spec.openapi, renames)?;
    lowerer.lower_components()?;
    let resources = super::resources::lower_resources(&mut lowerer, spec)?;
    let Lowerer { mut types, params, hoisted, component_names, .. } = lowerer;
    let mut params_defs: Vec<TypeDef> = Vec::new();
    for name in &params {
        if let Some(def) = types.remove(name) {
            params_defs.push(def);
        }
    }
    let mut types: Vec<TypeDef> = types.into_values().collect();
    let mut resources = super::dedupe::dedupe(&mut types, &mut params_defs, resources, &hoisted);
    // Renames of hoisted types (`MessageDeltaEventDeltaContentItem: MessageContentDelta`), after
    // de-duplication has picked the one name of each shape; components were named when lowered.
    let hoisted_renames: BTreeMap<String, String> = renames
        .iter()
        .filter(|(key, _)| !component_names.contains_key(*key))
        .map(|(key, public)| (key.clone(), public.clone()))
        .collect();
    for (key, public) in &hoisted_renames {
        let at = || spec.sdk.at(&format!("#/types/{}", escape(key)));
        let Some(def) = types.iter_mut().find(|def| &def.name == key) else {
            return Err(Error::new(at(), ErrorKind::UnknownType(key.clone())));
        };
        def.name = public.clone();
        if types.iter().chain(&params_defs).filter(|def| &def.name == public).count() > 1 {
            return Err(Error::new(
                at(),
                ErrorKind::NameCollision { name: public.clone(), first: "another type".into(), second: key.clone() },
            ));
        }
    }
    super::dedupe::rename_all(&mut types, &mut params_defs, &hoisted_renames, &mut resources);
    if let Some(cycle) = super::cycles::alias_cycle(&types) {
        let origin = types.iter().find(|def| def.name == cycle[0]).map(|def| def.origin.clone()).unwrap_or_default();
        return Err(Error::new(spec.openapi.at(&origin), ErrorKind::AliasCycle(cycle.join(" -> "))));
    }
    super::cycles::mark_boxes(&mut types);
    super::cycles::box_stream_events(&mut types, &resources);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    params_defs.sort_by(|a, b| a.name.cmp(&b.name));
    let deprecated_names = deprecated_names(spec, &types, &params_defs)?;
    let mut ir = Ir {
        krate: spec.sdk.value.krate.clone(),
        types,
        params: params_defs,
        resources,
        deprecated_names,
        features: Features::default(),
    };
    ir.features = super::features::features(spec, &ir)?;
    Ok(ir)
}

/// The `deprecated_names` of `sdk.yaml`, checked: each new name is a type of the crate, each
/// old one is free.
fn deprecated_names(spec: &Spec, types: &[TypeDef], params: &[TypeDef]) -> Result<Vec<(String, String)>> {
    let defined = |name: &str| types.iter().chain(params).any(|def| def.name == name);
    let mut out = Vec::new();
    for (old, new) in &spec.sdk.value.deprecated_names {
        let at = || spec.sdk.at(&format!("#/deprecated_names/{}", escape(old)));
        if !defined(new) {
            return Err(Error::new(at(), ErrorKind::UnknownType(new.clone())));
        }
        if defined(old) || naming::RUNTIME_NAMES.contains(&old.as_str()) || naming::ident(old) != old.as_str() {
            return Err(Error::new(
                at(),
                ErrorKind::Config(format!(
                    "`{old}` cannot be an alias: it names a type of the crate or is not an identifier"
                )),
            ));
        }
        out.push((old.clone(), new.clone()));
    }
    out.sort();
    Ok(out)
}

/// What a schema lowers to where it is used.
#[derive(Debug, Clone)]
pub(super) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
    pub constant: Option<String>,
}

pub(super) struct Lowerer<'a> {
    pub doc: &'a Loaded<OpenApi>,
    /// Every named type so far, by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Names of types hoisted from inline schemas (candidates for de-duplication).
    pub hoisted: BTreeSet<String>,
    /// Names of parameter types.
    pub params: BTreeSet<String>,
    /// Component key -> Rust name.
    component_names: BTreeMap<String, String>,
    /// The Rust names of the components.
    reserved: BTreeSet<String>,
    /// How many schemas enclose the one being lowered (bounded by [`MAX_NESTING`]).
    depth: usize,
    /// Components whose chain of `$ref` aliases is known to end (see `check_alias_cycle`).
    alias_ends: BTreeSet<String>,
    /// Components whose schema itself admits `null`; references to them are nullable.
    nullable_components: BTreeSet<String>,
    /// Components referenced only as a request body root: lowered as params, not as models.
    body_only: BTreeSet<String>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Loaded<OpenApi>, renames: &indexmap::IndexMap<String, String>) -> Result<Self> {
        let mut component_names = BTreeMap::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for key in doc.value.components.schemas.keys() {
            let name = renames.get(key).cloned().unwrap_or_else(|| naming::pascal(key));
            if let Some(first) = seen.insert(name.clone(), key.clone()) {
                return Err(Error::new(
                    doc.at(&format!("{SCHEMA_PREFIX}{key}")),
                    ErrorKind::NameCollision {
                        name,
                        first: format!("{SCHEMA_PREFIX}{first}"),
                        second: format!("{SCHEMA_PREFIX}{key}"),
                    },
                ));
            }
            component_names.insert(key.clone(), name);
        }
        let nullable_components = doc
            .value
            .components
            .schemas
            .iter()
            .filter(|(_, schema)| admits_null(schema))
            .map(|(key, _)| key.clone())
            .collect();
        let body_only = body_only_components(&doc.value);
        Ok(Lowerer {
            doc,
            types: BTreeMap::new(),
            hoisted: BTreeSet::new(),
            params: BTreeSet::new(),
            reserved: component_names.values().cloned().collect(),
            depth: 0,
            alias_ends: BTreeSet::new(),
            component_names,
            nullable_components,
            body_only,
        })
    }

    pub fn error(&self, pointer: &str, kind: ErrorKind) -> Error {
        Error::new(self.doc.at(pointer), kind)
    }

    fn lower_components(&mut self) -> Result<()> {
        let schemas = &self.doc.value.components.schemas;
        for (key, schema) in schemas {
            if self.body_only.contains(key) {
                continue;
            }
            let pointer = format!("{SCHEMA_PREFIX}{key}");
            let name = self.component_names[key].clone();
            self.check_alias_cycle(key, &pointer)?;
            self.lower_named(&name, schema, &pointer, false)?;
        }
        Ok(())
    }

    /// A chain of `$ref`s (through `allOf`/nullable wrappers) that comes back to where it
    /// started has no representation: it is a type defined only as itself. Components already
    /// known to end are remembered, so that a long chain is walked once, not once per link.
    fn check_alias_cycle(&mut self, key: &str, pointer: &str) -> Result<()> {
        let schemas = &self.doc.value.components.schemas;
        let mut chain = vec![key.to_string()];
        let mut on_chain = BTreeSet::from([key.to_string()]);
        let mut current = key.to_string();
        while !self.alias_ends.contains(&current) {
            let Some(next) = alias_target(&schemas[&current]) else { break };
            let Some(next_key) = next.strip_prefix(SCHEMA_PREFIX) else { break };
            if !schemas.contains_key(next_key) {
                break; // reported as unresolved where it is lowered
            }
            chain.push(next_key.to_string());
            if !on_chain.insert(next_key.to_string()) {
                return Err(self.error(pointer, ErrorKind::RefCycle(chain.join(" -> "))));
            }
            current = next_key.to_string();
        }
        self.alias_ends.extend(chain);
        Ok(())
    }

    /// Defines `name` as the type `schema` describes.
    pub fn lower_named(&mut self, name: &str, schema: &Schema, pointer: &str, hoisted: bool) -> Result<String> {
        self.check_keywords(schema, pointer)?;
        let schema = &unwrap_single_all_of(schema);
        let mut docs = docs_of(schema);
        if let Some(serde_json::Value::Array(groups)) = schema.extra.get(crate::normalize::EXCLUSIVE_KEY) {
            let groups: Vec<String> = groups
                .iter()
                .filter_map(|g| g.as_array())
                .map(|g| g.iter().filter_map(|n| n.as_str()).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" + "))
                .collect();
            docs.notes.push(format!("Set exactly one of: {}", groups.join(", ")));
        }
        let arms = non_null_arms(schema);
        let kind = if let Some((arms, arms_key)) =
            arms.filter(|(arms, _)| arms.len() > 1 || schema.discriminator.is_some())
        {
            if let Some(discriminator) = &schema.discriminator {
                TypeKind::TaggedUnion(self.lower_tagged(
                    name,
                    &arms,
                    arms_key,
                    &discriminator.property_name,
                    &discriminator.mapping,
                    pointer,
                )?)
            } else {
                TypeKind::UntaggedUnion(self.lower_untagged(name, &arms, arms_key, pointer)?)
            }
        } else if let Some(values) = string_enum(schema).filter(|values| !values.is_empty()) {
            TypeKind::Enum(Enum {
                values: values.into_iter().map(|value| EnumValue { variant: naming::pascal(&value), value }).collect(),
            })
        } else if is_object_with_properties(schema) {
            TypeKind::Object(self.lower_object(name, schema, pointer)?)
        } else {
            let lowered = self.lower_schema(schema, pointer, name)?;
            TypeKind::Alias(lowered.ty)
        };
        let def = TypeDef { name: name.to_string(), docs, kind, origin: pointer.to_string() };
        if hoisted {
            return self.define_hoisted(def);
        }
        self.define(def, false)?;
        Ok(name.to_string())
    }

    /// Defines a type hoisted from an inline schema. Inline schemas often share a `title` (or a
    /// parent and property name): the same shape is defined once; a different shape gets the
    /// next free numbered name, in lowering order, which is the document's order.
    fn define_hoisted(&mut self, mut def: TypeDef) -> Result<String> {
        let base = def.name.clone();
        for attempt in 1.. {
            let candidate = if attempt == 1 { base.clone() } else { format!("{base}{attempt}") };
            match self.types.get(&candidate) {
                Some(existing) if self.hoisted.contains(&candidate) && existing.kind == def.kind => {
                    return Ok(candidate)
                }
                Some(_) => continue,
                None if naming::reserved_by(&candidate).is_some() => continue,
                // A component not lowered yet keeps its name.
                None if self.reserved.contains(&candidate) => continue,
                None => {
                    def.name = candidate.clone();
                    self.define(def, true)?;
                    return Ok(candidate);
                }
            }
        }
        unreachable!("some numbered name is free")
    }

    pub fn define(&mut self, def: TypeDef, hoisted: bool) -> Result<()> {
        if let Some(owner) = naming::reserved_by(&def.name) {
            let key = def.origin.strip_prefix(SCHEMA_PREFIX).unwrap_or(&def.name);
            return Err(self.error(
                &def.origin,
                ErrorKind::ReservedName {
                    name: def.name.clone(),
                    origin: def.origin.clone(),
                    owner: owner.to_string(),
                    fix: format!("rename it in sdk.yaml `types:` (e.g. `{key}: {}Model`)", def.name),
                },
            ));
        }
        if let Some(existing) = self.types.get(&def.name) {
            return Err(self.error(
                &def.origin,
                ErrorKind::NameCollision {
                    name: def.name.clone(),
                    first: existing.origin.clone(),
                    second: def.origin.clone(),
                },
            ));
        }
        if hoisted {
            self.hoisted.insert(def.name.clone());
        }
        if let TypeKind::Enum(e) = &def.kind {
            check_unique(e.values.iter().map(|v| (&v.variant, &v.value)), &def.origin, self)?;
        }
        self.types.insert(def.name.clone(), def);
        Ok(())
    }

    fn check_keywords(&self, schema: &Schema, pointer: &str) -> Result<()> {
        for keyword in schema.extra.keys() {
            if UNSUPPORTED_KEYWORDS.contains(&keyword.as_str()) {
                return Err(self.error(
                    &format!("{pointer}/{}", escape(keyword)),
                    ErrorKind::Unsupported(format!(
                        "the `{keyword}` keyword, which the generated types cannot express (see the subset in \
                         docs/ARCHITECTURE.md)"
                    )),
                ));
            }
        }
        Ok(())
    }

    /// Runs `lower` one nesting level deeper, or refuses past [`MAX_NESTING`].
    fn nested<T>(&mut self, pointer: &str, lower: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_NESTING {
            return Err(self.error(pointer, ErrorKind::TooDeep(MAX_NESTING)));
        }
        self.depth += 1;
        let lowered = lower(self);
        self.depth -= 1;
        lowered
    }

    /// A `type` beside a `$ref` must agree with what the reference is: the reference wins, so a
    /// contradicting `type` would otherwise be dropped without a word.
    fn check_ref_sibling_type(&self, schema: &Schema, key: &str, pointer: &str) -> Result<()> {
        let names: Vec<&str> = schema.types.as_ref().map(|t| t.names()).unwrap_or_default();
        let sibling = match names.iter().copied().filter(|n| *n != "null").collect::<Vec<_>>().as_slice() {
            ["string"] => JsonKind::String,
            ["integer"] => JsonKind::Integer,
            ["number"] => JsonKind::Number,
            ["boolean"] => JsonKind::Boolean,
            ["array"] => JsonKind::Array,
            ["object"] => JsonKind::Object,
            _ => return Ok(()),
        };
        let target = &self.doc.value.components.schemas[key];
        let Some(kind) = schema_kind(target, &self.doc.value, 0) else { return Ok(()) };
        if kind == sibling || (sibling == JsonKind::Number && kind == JsonKind::Integer) {
            return Ok(());
        }
        Err(self.error(
            &format!("{pointer}/type"),
            ErrorKind::Unsupported(format!(
                "`type: {}` beside a `$ref` to `{key}`, whose values are of JSON kind {kind:?}: remove the `type` \
                 or point the `$ref` at a schema of that type",
                names.join(", ")
            )),
        ))
    }

    /// Lowers a schema where it is used; inline objects, enums and unions are hoisted under
    /// `hint` (or their `title`).
    pub fn lower_schema(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Lowered> {
        self.nested(pointer, |lowerer| lowerer.lower_schema_here(schema, pointer, hint))
    }

    fn lower_schema_here(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<Lowered> {
        self.check_keywords(schema, pointer)?;
        let schema = &unwrap_single_all_of(schema);
        if let Some(all_of) = &schema.all_of {
            return Err(self.error(
                &format!("{pointer}/allOf"),
                ErrorKind::Unsupported(format!(
                    "`allOf` with {} schemas (only a single `$ref` is supported)",
                    all_of.len()
                )),
            ));
        }
        let nullable = admits_null(schema);
        if let Some(reference) = &schema.reference {
            let key = self.resolve(reference, &format!("{pointer}/$ref"))?;
            self.check_ref_sibling_type(schema, &key, pointer)?;
            let nullable = nullable || self.nullable_components.contains(&key);
            return Ok(Lowered { ty: TypeRef::Named(self.component_names[&key].clone()), nullable, constant: None });
        }
        let hint = schema.title.as_deref().map(naming::pascal).unwrap_or_else(|| hint.to_string());
        if let Some((arms, arms_key)) = non_null_arms(schema) {
            if arms.len() == 1 && schema.discriminator.is_none() {
                let mut inner = self.lower_schema(&arms[0], &format!("{pointer}/{arms_key}/0"), &hint)?;
                inner.nullable |= nullable;
                if schema.description.is_some() && inner.constant.is_none() {
                    // Description of a nullable wrapper stays with the field; nothing to do here.
                }
                return Ok(inner);
            }
            if arms.is_empty() {
                return Ok(Lowered { ty: TypeRef::Any, nullable: true, constant: None });
            }
            let name = self.lower_named(&hint, schema, pointer, true)?;
            return Ok(Lowered { ty: TypeRef::Named(name), nullable, constant: None });
        }
        if let Some(constant) = &schema.constant {
            return self.constant(constant, nullable, pointer, "const");
        }
        if let Some(values) = string_enum(schema) {
            if values.len() == 1 {
                return Ok(Lowered { ty: TypeRef::String, nullable, constant: Some(values[0].clone()) });
            }
            let name = self.lower_named(&hint, schema, pointer, true)?;
            return Ok(Lowered { ty: TypeRef::Named(name), nullable, constant: None });
        }
        if let Some(values) = &schema.enumeration {
            if values.iter().any(|v| !v.is_string() && !v.is_null()) {
                return Err(self.error(
                    &format!("{pointer}/enum"),
                    ErrorKind::Unsupported("an `enum` with non-string values".into()),
                ));
            }
        }
        let types: Vec<&str> = schema.types.as_ref().map(|t| t.names()).unwrap_or_default();
        let types: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
        let ty = match types.as_slice() {
            [] if schema.items.is_some() => self.lower_array(schema, pointer, &hint)?,
            [] if !schema.properties.is_empty() || schema.additional_properties.is_some() => {
                self.lower_object_ref(schema, pointer, &hint)?
            }
            [] => TypeRef::Any,
            ["string"] => TypeRef::String,
            ["integer"] => TypeRef::Integer,
            ["number"] => TypeRef::Number,
            ["boolean"] => TypeRef::Boolean,
            ["array"] => self.lower_array(schema, pointer, &hint)?,
            ["object"] => self.lower_object_ref(schema, pointer, &hint)?,
            other => {
                return Err(self.error(
                    &format!("{pointer}/type"),
                    ErrorKind::Unsupported(format!("`type: {other:?}` (a union of types must be written as `oneOf`)")),
                ))
            }
        };
        Ok(Lowered { ty, nullable, constant: None })
    }

    fn constant(&self, value: &serde_json::Value, nullable: bool, pointer: &str, keyword: &str) -> Result<Lowered> {
        match value {
            serde_json::Value::String(s) => Ok(Lowered { ty: TypeRef::String, nullable, constant: Some(s.clone()) }),
            _ => {
                Err(self.error(&format!("{pointer}/{keyword}"), ErrorKind::Unsupported("a non-string `const`".into())))
            }
        }
    }

    fn lower_array(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<TypeRef> {
        let Some(items) = &schema.items else {
            return Ok(TypeRef::Array(Box::new(TypeRef::Any)));
        };
        let item = self.lower_schema(items, &format!("{pointer}/items"), &format!("{hint}Item"))?;
        Ok(TypeRef::Array(Box::new(item.ty)))
    }

    fn lower_object_ref(&mut self, schema: &Schema, pointer: &str, hint: &str) -> Result<TypeRef> {
        if !schema.properties.is_empty() {
            let name = self.lower_named(hint, schema, pointer, true)?;
            return Ok(TypeRef::Named(name));
        }
        match &schema.additional_properties {
            Some(AdditionalProperties::Schema(value)) => {
                let value =
                    self.lower_schema(value, &format!("{pointer}/additionalProperties"), &format!("{hint}Value"))?;
                Ok(TypeRef::Map(Box::new(value.ty)))
            }
            _ => Ok(TypeRef::JsonObject),
        }
    }

    /// Lowers the properties of an object schema to fields.
    pub fn lower_fields(
        &mut self,
        owner: &str,
        schema: &Schema,
        pointer: &str,
        location: FieldLocation,
    ) -> Result<Vec<Field>> {
        for (index, required) in schema.required.iter().enumerate() {
            if !schema.properties.contains_key(required) {
                return Err(self.error(
                    &format!("{pointer}/required/{index}"),
                    ErrorKind::RequiredNotInProperties(required.clone()),
                ));
            }
        }
        let mut fields = Vec::new();
        for (wire_name, property) in &schema.properties {
            let field_pointer = format!("{pointer}/properties/{}", escape(wire_name));
            let hint = format!("{owner}{}", naming::pascal(wire_name));
            let lowered = self.lower_schema(property, &field_pointer, &hint)?;
            let mut docs = docs_of(property);
            if docs.description.is_none() {
                docs.description = self.referenced_description(property);
            }
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name: naming::snake(wire_name),
                ty: lowered.ty,
                required: schema.required.contains(wire_name),
                nullable: lowered.nullable,
                constant: lowered.constant,
                default: property.default.clone(),
                docs,
                location,
                boxed: false,
                secret: property.format.as_deref() == Some("password"),
                constraints: constraints_of(property),
            });
        }
        self.check_field_names(&fields, pointer)?;
        Ok(fields)
    }

    pub fn check_field_names(&self, fields: &[Field], pointer: &str) -> Result<()> {
        // Every generated object keeps the fields it does not know in `extra`.
        let mut seen: BTreeMap<&str, &str> = BTreeMap::from([("extra", "the generated `extra` map of unknown fields")]);
        for field in fields {
            if let Some(first) = seen.insert(&field.rust_name, &field.wire_name) {
                return Err(self.error(
                    &format!("{pointer}/properties/{}", escape(&field.wire_name)),
                    ErrorKind::FieldCollision {
                        name: naming::unraw(&field.rust_name).to_string(),
                        first: first.to_string(),
                        second: field.wire_name.clone(),
                    },
                ));
            }
        }
        Ok(())
    }

    /// A `$ref`'d property without its own description borrows the target's.
    fn referenced_description(&self, schema: &Schema) -> Option<String> {
        let reference = schema.reference.clone().or_else(|| {
            non_null_arms(schema).and_then(|(arms, _)| if arms.len() == 1 { arms[0].reference.clone() } else { None })
        })?;
        let key = reference.strip_prefix(SCHEMA_PREFIX)?;
        self.doc.value.components.schemas.get(key)?.description.clone()
    }

    fn lower_object(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<Object> {
        let exclusive = schema
            .extra
            .get(crate::normalize::EXCLUSIVE_KEY)
            .and_then(|groups| serde_json::from_value(groups.clone()).ok())
            .unwrap_or_default();
        Ok(Object { fields: self.lower_fields(name, schema, pointer, FieldLocation::Body)?, exclusive })
    }

    fn lower_tagged(
        &mut self,
        name: &str,
        arms: &[Schema],
        arms_key: &str,
        tag: &str,
        mapping: &indexmap::IndexMap<String, String>,
        pointer: &str,
    ) -> Result<TaggedUnion> {
        // Each arm is a referenced component or an inline object, hoisted once its tag is known.
        let mut arm_keys: Vec<Option<String>> = Vec::new();
        for (index, arm) in arms.iter().enumerate() {
            let arm_pointer = format!("{pointer}/{arms_key}/{index}");
            arm_keys.push(match &arm.reference {
                Some(reference) => Some(self.resolve(reference, &format!("{arm_pointer}/$ref"))?),
                None => None,
            });
        }
        let mut tags: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (tag_value, target) in mapping {
            let mapping_pointer = format!("{pointer}/discriminator/mapping/{}", escape(tag_value));
            let key = target.strip_prefix(SCHEMA_PREFIX).unwrap_or(target);
            let Some(arm_key) = arm_keys.iter().flatten().find(|k| k.as_str() == key) else {
                return Err(self.error(
                    &mapping_pointer,
                    ErrorKind::DiscriminatorMapping { tag: tag_value.clone(), target: target.clone() },
                ));
            };
            tags.entry(arm_key.as_str()).or_default().push(tag_value.clone());
        }
        let mut variants = Vec::new();
        for (index, (arm, key)) in arms.iter().zip(&arm_keys).enumerate() {
            let arm_pointer = format!("{pointer}/{arms_key}/{index}");
            let variant_schema = match key {
                Some(key) => self.doc.value.components.schemas[key].clone(),
                None => arm.clone(),
            };
            let tag_values = match key.as_deref().and_then(|k| tags.get(k)) {
                Some(values) => values.clone(),
                None => {
                    // A `const` tag, or an enum of them (`ComparisonFilter.type` is `eq`,
                    // `ne`...): each value selects this arm.
                    let tagged = crate::normalize::resolve(&variant_schema, &self.doc.value.components.schemas);
                    let values = tagged.properties.get(tag).and_then(|p| {
                        p.constant
                            .as_ref()
                            .and_then(|c| c.as_str().map(|c| vec![c.to_owned()]))
                            .or_else(|| string_enum(p).filter(|v| !v.is_empty()))
                    });
                    values.ok_or_else(|| {
                        self.error(
                            &arm_pointer,
                            ErrorKind::DiscriminatorTag {
                                property: tag.to_string(),
                                variant: key.clone().unwrap_or_else(|| format!("inline arm {index}")),
                            },
                        )
                    })?
                }
            };
            let ty = match key {
                Some(key) => self.component_names[key].clone(),
                None => {
                    let hint = match &variant_schema.title {
                        Some(title) => naming::pascal(title),
                        None => format!("{name}{}", naming::pascal(&tag_values[0])),
                    };
                    self.nested(&arm_pointer, |lowerer| {
                        lowerer.lower_named(&hint, &variant_schema, &arm_pointer, true)
                    })?
                }
            };
            for tag_value in tag_values {
                variants.push(TaggedVariant {
                    variant: naming::pascal(&tag_value),
                    tag_value,
                    ty: ty.clone(),
                    boxed: false,
                });
            }
        }
        check_unique(variants.iter().map(|v| (&v.variant, &v.tag_value)), pointer, self)?;
        Ok(TaggedUnion { tag: tag.to_string(), variants })
    }

    fn lower_untagged(&mut self, name: &str, arms: &[Schema], arms_key: &str, pointer: &str) -> Result<UntaggedUnion> {
        let mut variants: Vec<UntaggedVariant> = Vec::new();
        for (index, arm) in arms.iter().enumerate() {
            let arm_pointer = format!("{pointer}/{arms_key}/{index}");
            let lowered = self.lower_schema(arm, &arm_pointer, &format!("{name}Variant{index}"))?;
            let (kind, variant, ty) = if let Some(constant) = &lowered.constant {
                (JsonKind::String, naming::pascal(constant), None)
            } else {
                let kind = self.json_kind(&lowered.ty).ok_or_else(|| {
                    self.error(
                        &arm_pointer,
                        ErrorKind::Unsupported("an untagged union arm that does not have one JSON kind".into()),
                    )
                })?;
                let variant = match &lowered.ty {
                    TypeRef::Named(target) => naming::variant_of(name, target),
                    TypeRef::String => "String".into(),
                    TypeRef::Integer => "Integer".into(),
                    TypeRef::Number => "Number".into(),
                    TypeRef::Boolean => "Bool".into(),
                    TypeRef::Array(_) => "Array".into(),
                    _ => "Object".into(),
                };
                (kind, variant, Some(lowered.ty))
            };
            let fit = match kind {
                JsonKind::Object if ty.is_some() => Some(self.object_fit(arm)),
                _ => None,
            };
            let clash = variants.iter().find(|v| {
                v.kind == kind && v.constant.is_none() && ty.is_some() && (kind != JsonKind::Object || v.fit == fit)
            });
            if let Some(other) = clash {
                return Err(self.error(
                    &arm_pointer,
                    ErrorKind::Unsupported(format!(
                        "two arms of JSON kind {kind:?} (`{}` and `{variant}`) that nothing tells apart: expected a \
                         `discriminator`, a property every arm has with a single value that differs between them, \
                         or object arms with different properties",
                        other.variant
                    )),
                ));
            }
            variants.push(UntaggedVariant { kind, variant, constant: lowered.constant.clone(), ty, boxed: false, fit });
        }
        // Several object arms are told apart by their keys; a lone one takes any object.
        if variants.iter().filter(|v| v.fit.is_some()).count() < 2 {
            variants.iter_mut().for_each(|v| v.fit = None);
        }
        // Constants are matched before the general arm of their kind.
        variants.sort_by_key(|v| (v.kind, v.constant.is_none()));
        check_unique(variants.iter().map(|v| (&v.variant, &v.variant)), pointer, self)?;
        Ok(UntaggedUnion { variants })
    }

    /// The keys of an object arm, seen through `$ref`s (normalization has merged its `allOf`).
    fn object_fit(&self, arm: &Schema) -> ObjectFit {
        let schema = crate::normalize::resolve(arm, &self.doc.value.components.schemas);
        let sorted = |keys: Vec<String>| -> Vec<String> {
            let set: BTreeSet<String> = keys.into_iter().collect();
            set.into_iter().collect()
        };
        let components = &self.doc.value.components.schemas;
        let constants = schema
            .properties
            .iter()
            .filter_map(|(key, property)| {
                let property = crate::normalize::resolve(property, components);
                property.constant.as_ref().and_then(|c| c.as_str()).map(|c| (key.clone(), c.to_string()))
            })
            .collect::<BTreeSet<_>>();
        ObjectFit {
            required: sorted(schema.required.clone()),
            known: sorted(schema.properties.keys().cloned().collect()),
            constants: constants.into_iter().collect(),
        }
    }

    /// The JSON kind values of `ty` have, when it is a single one.
    fn json_kind(&self, ty: &TypeRef) -> Option<JsonKind> {
        Some(match ty {
            TypeRef::String => JsonKind::String,
            TypeRef::Integer => JsonKind::Integer,
            TypeRef::Number => JsonKind::Number,
            TypeRef::Boolean => JsonKind::Boolean,
            TypeRef::Array(_) => JsonKind::Array,
            TypeRef::Map(_) | TypeRef::JsonObject => JsonKind::Object,
            TypeRef::Any | TypeRef::Upload => return None,
            TypeRef::Named(name) => {
                let key = self.component_names.iter().find(|(_, n)| *n == name).map(|(k, _)| k.clone());
                let schema = match key {
                    Some(key) => self.doc.value.components.schemas[&key].clone(),
                    None => return self.types.get(name).and_then(|def| kind_of_def(def, self)),
                };
                return schema_kind(&schema, &self.doc.value, 0);
            }
        })
    }

    /// Resolves a `$ref` to the key of a component schema.
    pub fn resolve(&self, reference: &str, pointer: &str) -> Result<String> {
        match reference.strip_prefix(SCHEMA_PREFIX) {
            Some(key) if self.doc.value.components.schemas.contains_key(key) => {
                if self.body_only.contains(key) {
                    // Referenced from a schema after all: not body-only. (Cannot happen, as
                    // `body_only_components` counts every schema reference.)
                    return Ok(key.to_string());
                }
                Ok(key.to_string())
            }
            _ => Err(self.error(pointer, ErrorKind::UnresolvedRef(reference.to_string()))),
        }
    }

    pub fn component_schema(&self, key: &str) -> &'a Schema {
        &self.doc.value.components.schemas[key]
    }

    pub fn component_name(&self, key: &str) -> String {
        self.component_names[key].clone()
    }
}

fn kind_of_def(def: &TypeDef, lowerer: &Lowerer<'_>) -> Option<JsonKind> {
    match &def.kind {
        TypeKind::Object(_) | TypeKind::TaggedUnion(_) => Some(JsonKind::Object),
        TypeKind::Enum(_) => Some(JsonKind::String),
        TypeKind::UntaggedUnion(_) => None,
        TypeKind::Alias(target) => lowerer.json_kind(target),
    }
}

/// The JSON kind of a raw schema, following `$ref`s (bounded, in case of cycles).
fn schema_kind(schema: &Schema, doc: &OpenApi, depth: usize) -> Option<JsonKind> {
    if depth > 32 {
        return None;
    }
    let schema = unwrap_single_all_of(schema);
    if let Some(reference) = &schema.reference {
        let target = doc.components.schemas.get(reference.strip_prefix(SCHEMA_PREFIX)?)?;
        return schema_kind(target, doc, depth + 1);
    }
    if let Some((arms, _)) = non_null_arms(&schema) {
        if schema.discriminator.is_some() {
            return Some(JsonKind::Object);
        }
        if arms.len() == 1 {
            return schema_kind(&arms[0], doc, depth + 1);
        }
        return None;
    }
    if schema.constant.is_some() || schema.enumeration.is_some() {
        return Some(JsonKind::String);
    }
    let types: Vec<&str> = schema.types.as_ref().map(|t| t.names()).unwrap_or_default();
    match types.into_iter().filter(|t| *t != "null").collect::<Vec<_>>().as_slice() {
        ["string"] => Some(JsonKind::String),
        ["integer"] => Some(JsonKind::Integer),
        ["number"] => Some(JsonKind::Number),
        ["boolean"] => Some(JsonKind::Boolean),
        ["array"] => Some(JsonKind::Array),
        ["object"] => Some(JsonKind::Object),
        [] if !schema.properties.is_empty() => Some(JsonKind::Object),
        _ => None,
    }
}

fn check_unique<'s>(
    items: impl Iterator<Item = (&'s String, &'s String)>,
    pointer: &str,
    lowerer: &Lowerer<'_>,
) -> Result<()> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (variant, source) in items {
        if let Some(first) = seen.insert(variant, source) {
            return Err(lowerer.error(
                pointer,
                ErrorKind::NameCollision {
                    name: variant.clone(),
                    first: format!("variant `{first}`"),
                    second: format!("variant `{source}`"),
                },
            ));
        }
    }
    Ok(())
}

/// `allOf: [$ref]` (used to attach a description to a reference) means the `$ref`.
fn unwrap_single_all_of(schema: &Schema) -> Schema {
    match &schema.all_of {
        Some(all_of) if all_of.len() == 1 => {
            let mut inner = all_of[0].clone();
            if schema.description.is_some() {
                inner.description = schema.description.clone();
            }
            inner.nullable |= schema.nullable || admits_null(schema);
            if let Some(types) = &schema.types {
                if inner.types.is_none() && types.names().contains(&"null") {
                    inner.types = Some(types.clone());
                }
            }
            inner
        }
        _ => schema.clone(),
    }
}

/// The target of a schema that is only a reference, seen through single `allOf` and null arms.
fn alias_target(schema: &Schema) -> Option<String> {
    let schema = unwrap_single_all_of(schema);
    if let Some(reference) = &schema.reference {
        return Some(reference.clone());
    }
    match non_null_arms(&schema) {
        Some((arms, _)) if arms.len() == 1 => alias_target(&arms[0]),
        _ => None,
    }
}

/// Whether `null` is a valid value: `type: [X, "null"]`, `nullable: true`, an enum with `null`,
/// or a `{type: "null"}` arm.
pub(super) fn admits_null(schema: &Schema) -> bool {
    let null_type = |s: &Schema| s.types.as_ref().is_some_and(|t| t.names().contains(&"null"));
    schema.nullable
        || null_type(schema)
        || schema.enumeration.as_ref().is_some_and(|values| values.iter().any(|v| v.is_null()))
        || [&schema.one_of, &schema.any_of]
            .into_iter()
            .flatten()
            .flatten()
            .any(|arm| arm.types.as_ref().is_some_and(|t| t.names() == ["null"]))
}

/// The `oneOf`/`anyOf` arms without `{type: null}`, and which keyword held them.
fn non_null_arms(schema: &Schema) -> Option<(Vec<Schema>, &'static str)> {
    let (arms, key) = match (&schema.one_of, &schema.any_of) {
        (Some(arms), _) => (arms, "oneOf"),
        (None, Some(arms)) => (arms, "anyOf"),
        (None, None) => return None,
    };
    let arms = arms.iter().filter(|arm| arm.types.as_ref().is_none_or(|t| t.names() != ["null"])).cloned().collect();
    Some((arms, key))
}

fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    let values = schema.enumeration.as_ref()?;
    let strings: Vec<String> = values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
    if strings.len() + values.iter().filter(|v| v.is_null()).count() == values.len() {
        Some(strings)
    } else {
        None
    }
}

fn is_object_with_properties(schema: &Schema) -> bool {
    let is_object_type = schema.types.as_ref().is_none_or(|t| t.names().contains(&"object"));
    is_object_type && !schema.properties.is_empty() && schema.reference.is_none()
}

/// The validation keywords of a schema, seen through nullable wrappers.
pub(super) fn constraints_of(schema: &Schema) -> Constraints {
    let schema = match non_null_arms(schema) {
        Some((arms, _)) if arms.len() == 1 => arms[0].clone(),
        _ => schema.clone(),
    };
    Constraints {
        minimum: schema.minimum.as_ref().and_then(serde_json::Number::as_f64),
        maximum: schema.maximum.as_ref().and_then(serde_json::Number::as_f64),
        min_length: schema.min_length,
        max_length: schema.max_length,
        format: schema.format.clone(),
    }
}

/// Description, constraints and default of a schema, as documentation.
pub(super) fn docs_of(schema: &Schema) -> Docs {
    let mut notes = Vec::new();
    let mut note = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            notes.push(format!("{label}: {value}"));
        }
    };
    note("Minimum", schema.minimum.as_ref().map(ToString::to_string));
    note("Maximum", schema.maximum.as_ref().map(ToString::to_string));
    note("Exclusive minimum", schema.exclusive_minimum.as_ref().map(ToString::to_string));
    note("Exclusive maximum", schema.exclusive_maximum.as_ref().map(ToString::to_string));
    note("Minimum length", schema.min_length.map(|v| v.to_string()));
    note("Maximum length", schema.max_length.map(|v| v.to_string()));
    note("Minimum items", schema.min_items.map(|v| v.to_string()));
    note("Maximum items", schema.max_items.map(|v| v.to_string()));
    note("Maximum properties", schema.max_properties.map(|v| v.to_string()));
    note("Pattern", schema.pattern.as_ref().map(|p| format!("`{p}`")));
    note(
        "Format",
        schema.format.as_ref().filter(|f| !matches!(f.as_str(), "int64" | "int32" | "double" | "float")).cloned(),
    );
    note("Default", schema.default.as_ref().map(|d| format!("`{d}`")));
    Docs { description: schema.description.clone(), notes, deprecated: schema.deprecated }
}

/// Component keys that are referenced only as the root schema of a request body.
fn body_only_components(doc: &OpenApi) -> BTreeSet<String> {
    let mut body_roots = BTreeSet::new();
    let mut referenced = BTreeSet::new();
    for item in doc.paths.values() {
        for parameter in &item.parameters {
            if let Some(schema) = &parameter.schema {
                collect_refs(schema, &mut referenced);
            }
        }
        for (_, operation) in item.operations() {
            for parameter in &operation.parameters {
                if let Some(schema) = &parameter.schema {
                    collect_refs(schema, &mut referenced);
                }
            }
            for response in operation.responses.values() {
                for media in response.content.values() {
                    if let Some(schema) = &media.schema {
                        collect_refs(schema, &mut referenced);
                    }
                }
            }
            if let Some(body) = &operation.request_body {
                for media in body.content.values() {
                    match media.schema.as_ref().and_then(|s| s.reference.as_ref()) {
                        Some(reference) => {
                            if let Some(key) = reference.strip_prefix(SCHEMA_PREFIX) {
                                body_roots.insert(key.to_string());
                            }
                        }
                        None => {
                            if let Some(schema) = &media.schema {
                                collect_refs(schema, &mut referenced);
                            }
                        }
                    }
                }
            }
        }
    }
    for schema in doc.components.schemas.values() {
        collect_refs(schema, &mut referenced);
    }
    body_roots.difference(&referenced).cloned().collect()
}

fn collect_refs(schema: &Schema, out: &mut BTreeSet<String>) {
    crate::normalize::schema_refs(schema, out);
}
