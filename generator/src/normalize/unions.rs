//! `oneOf`/`anyOf`: at most one arm per JSON kind, except object arms told apart by a tag.

use super::local::absorb;
use super::{component, resolve, walk};
use crate::spec::{Discriminator, Schema, TypeSet};
use indexmap::IndexMap;
use serde_json::Value;

/// The JSON kind of an arm, seen through `$ref`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    /// Any JSON value (`{}`), or a union of several kinds.
    Any,
}

fn kind_of(schema: &Schema, components: &IndexMap<String, Schema>) -> Kind {
    let schema = resolve(schema, components);
    if let Some(arms) = schema.one_of.as_ref().or(schema.any_of.as_ref()).filter(|a| !a.is_empty()) {
        if schema.discriminator.is_some() {
            return Kind::Object;
        }
        let kinds: Vec<Kind> = arms.iter().map(|arm| kind_of(arm, components)).collect();
        return if kinds.windows(2).all(|w| w[0] == w[1]) { kinds[0] } else { Kind::Any };
    }
    match schema.types.as_ref() {
        Some(TypeSet::One(name)) => match name.as_str() {
            "string" => Kind::String,
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "boolean" => Kind::Boolean,
            "array" => Kind::Array,
            "object" => Kind::Object,
            _ => Kind::Any,
        },
        _ if !schema.properties.is_empty() || schema.additional_properties.is_some() => Kind::Object,
        _ if schema.items.is_some() => Kind::Array,
        _ => match schema.constant.as_ref().or(schema.enumeration.as_ref().and_then(|v| v.first())) {
            Some(Value::String(_)) => Kind::String,
            Some(Value::Bool(_)) => Kind::Boolean,
            Some(Value::Number(n)) if n.is_f64() => Kind::Number,
            Some(Value::Number(_)) => Kind::Integer,
            _ => Kind::Any,
        },
    }
}

/// Rewrites the union of `schema` (if it has one) into the canonical form.
pub fn normalize_union(schema: &mut Schema, components: &IndexMap<String, Schema>) {
    let in_one_of = schema.one_of.as_ref().is_some_and(|a| !a.is_empty());
    let Some(arms) = (if in_one_of { schema.one_of.take() } else { schema.any_of.take() }) else { return };
    if arms.is_empty() {
        put_back(schema, arms, in_one_of);
        return;
    }
    // A discriminated union among object arms joins them (`Content` is `InputContent |
    // OutputContent`); beside arms of other kinds it stays whole, the named object arm.
    let only_objects = arms.iter().all(|arm| kind_of(arm, components) == Kind::Object);
    let mut arms = flatten(arms, components, &mut schema.nullable, only_objects, 0);
    if let Some(discriminator) = &schema.discriminator {
        if tags_decide(discriminator, &arms, components) {
            put_back(schema, arms, in_one_of);
            return;
        }
        // OpenAI's `InputItem` declares `type` as its discriminator while two of its arms are
        // `message`s: the declared tag cannot decide, so the union is sorted out as if it had none.
        schema.discriminator = None;
    }
    if arms.iter().any(|arm| kind_of(arm, components) == Kind::Any && !is_union(resolve(arm, components))) {
        // One arm takes any value: so does the union, and `serde_json::Value` keeps it whole.
        return;
    }
    merge_strings(&mut arms, components);
    merge_arrays(&mut arms, components);
    tag_objects(schema, &mut arms, components);
    if arms.len() == 1 && schema.discriminator.is_none() {
        absorb(schema, arms.pop().expect("one arm"));
        return;
    }
    put_back(schema, arms, in_one_of);
}

fn put_back(schema: &mut Schema, arms: Vec<Schema>, in_one_of: bool) {
    if in_one_of {
        schema.one_of = Some(arms);
    } else {
        schema.any_of = Some(arms);
    }
}

fn is_union(schema: &Schema) -> bool {
    schema.properties.is_empty() && [&schema.one_of, &schema.any_of].into_iter().flatten().any(|a| !a.is_empty())
}

/// An arm that is itself a union without a discriminator (or with one, when `tagged`), inline
/// or referenced, is replaced by its arms: `AssistantStreamEvent` is a union of
/// `RunStreamEvent`, `MessageStreamEvent`, ..., which only together say which `event` values
/// exist. The tag of flattened discriminated unions is inferred again over all the arms.
fn flatten(
    arms: Vec<Schema>,
    components: &IndexMap<String, Schema>,
    nullable: &mut bool,
    tagged: bool,
    depth: usize,
) -> Vec<Schema> {
    let mut out = Vec::new();
    for arm in arms {
        let target = resolve(&arm, components);
        if depth < 16 && is_union(target) && (tagged || target.discriminator.is_none()) {
            *nullable |= target.nullable;
            let inner = target.one_of.clone().or_else(|| target.any_of.clone()).unwrap_or_default();
            let referenced = arm.reference.is_some();
            for mut inner_arm in flatten(inner, components, nullable, tagged, depth + 1) {
                if referenced {
                    // A copy from the components has not had its own unions normalized yet.
                    walk::visit(&mut inner_arm, &mut |s| normalize_union(s, components));
                }
                out.push(inner_arm);
            }
        } else {
            out.push(arm);
        }
    }
    out
}

/// Whether every arm has its own values of the discriminator's property (from the mapping, or a
/// `const` or `enum` of the property), none shared with another arm.
fn tags_decide(discriminator: &Discriminator, arms: &[Schema], components: &IndexMap<String, Schema>) -> bool {
    let mut seen: Vec<String> = Vec::new();
    for arm in arms {
        let mapped: Vec<String> = discriminator
            .mapping
            .iter()
            .filter(|(_, target)| arm.reference.as_deref() == Some(target.as_str()))
            .map(|(value, _)| value.clone())
            .collect();
        let values = if mapped.is_empty() {
            let target = resolve(arm, components);
            let property = target.properties.get(&discriminator.property_name).map(|p| resolve(p, components));
            match property.map(|p| (&p.constant, &p.enumeration)) {
                Some((Some(Value::String(value)), _)) => vec![value.clone()],
                Some((None, Some(values))) => values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
                _ => Vec::new(),
            }
        } else {
            mapped
        };
        if values.is_empty() || values.iter().any(|value| seen.contains(value)) {
            return false;
        }
        seen.extend(values);
    }
    true
}

/// Several string arms become one: a plain string and an (open) enum are the enum; several enums
/// one enum of all their values. Constant arms stay: they are unit variants matched first.
fn merge_strings(arms: &mut Vec<Schema>, components: &IndexMap<String, Schema>) {
    let general: Vec<usize> = (0..arms.len())
        .filter(|&i| kind_of(&arms[i], components) == Kind::String && resolve(&arms[i], components).constant.is_none())
        .collect();
    if general.len() < 2 {
        return;
    }
    let enums: Vec<usize> =
        general.iter().copied().filter(|&i| resolve(&arms[i], components).enumeration.is_some()).collect();
    let merged = match enums.as_slice() {
        [] => Schema { types: Some(TypeSet::One("string".into())), ..Schema::default() },
        [one] => arms[*one].clone(),
        several => {
            let mut values: Vec<Value> = Vec::new();
            for &i in several {
                for value in resolve(&arms[i], components).enumeration.iter().flatten() {
                    if !values.contains(value) {
                        values.push(value.clone());
                    }
                }
            }
            Schema { types: Some(TypeSet::One("string".into())), enumeration: Some(values), ..Schema::default() }
        }
    };
    replace(arms, &general, merged);
}

/// Several array arms become one array whose items are the union of theirs
/// (`string[] | integer[][]` -> `(string | integer[])[]`).
fn merge_arrays(arms: &mut Vec<Schema>, components: &IndexMap<String, Schema>) {
    let arrays: Vec<usize> = (0..arms.len()).filter(|&i| kind_of(&arms[i], components) == Kind::Array).collect();
    if arrays.len() < 2 {
        return;
    }
    let items: Vec<Schema> =
        arrays.iter().map(|&i| resolve(&arms[i], components).items.as_deref().cloned().unwrap_or_default()).collect();
    let mut item = Schema { one_of: Some(items), ..Schema::default() };
    normalize_union(&mut item, components);
    let merged = Schema { types: Some(TypeSet::One("array".into())), items: Some(Box::new(item)), ..Schema::default() };
    replace(arms, &arrays, merged);
}

/// Replaces the arms at `indices` (ascending) with `merged`, where the first of them was.
fn replace(arms: &mut Vec<Schema>, indices: &[usize], merged: Schema) {
    for &i in indices.iter().skip(1).rev() {
        arms.remove(i);
    }
    arms[indices[0]] = merged;
}

/// Object arms without a discriminator, each with a single-value property of the same name
/// (`type: {const: code_interpreter}`), get that property as their tag. When the union also has
/// arms of other kinds, the object arms are grouped into a nested tagged union.
fn tag_objects(schema: &mut Schema, arms: &mut Vec<Schema>, components: &IndexMap<String, Schema>) {
    let objects: Vec<usize> = (0..arms.len()).filter(|&i| kind_of(&arms[i], components) == Kind::Object).collect();
    if objects.len() < 2 {
        return;
    }
    let object_arms: Vec<&Schema> = objects.iter().map(|&i| &arms[i]).collect();
    let Some(discriminator) = infer_tag(&object_arms, components) else { return };
    if objects.len() == arms.len() {
        schema.discriminator = Some(discriminator);
        return;
    }
    let grouped: Vec<Schema> = objects.iter().map(|&i| arms[i].clone()).collect();
    let nested = Schema { one_of: Some(grouped), discriminator: Some(discriminator), ..Schema::default() };
    replace(arms, &objects, nested);
}

/// The single-value (or, for referenced arms, disjoint-valued) property every arm has.
pub fn infer_tag(arms: &[&Schema], components: &IndexMap<String, Schema>) -> Option<Discriminator> {
    let first = resolve(arms[0], components);
    'candidates: for (name, _) in &first.properties {
        let mut seen: Vec<String> = Vec::new();
        let mut mapping: IndexMap<String, String> = IndexMap::new();
        for arm in arms {
            let target = resolve(arm, components);
            let Some(property) = target.properties.get(name) else { continue 'candidates };
            let property = resolve(property, components);
            let values: Vec<String> = match (&property.constant, &property.enumeration) {
                (Some(Value::String(value)), _) => vec![value.clone()],
                (None, Some(values)) if arm.reference.is_some() => {
                    match values.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>() {
                        Some(values) => values,
                        None => continue 'candidates,
                    }
                }
                _ => continue 'candidates,
            };
            for value in values {
                if seen.contains(&value) {
                    continue 'candidates;
                }
                if property.constant.is_none() {
                    mapping.insert(value.clone(), arm.reference.clone().expect("checked above"));
                }
                seen.push(value);
            }
            if let (Some(reference), Some(Value::String(value))) = (&arm.reference, &property.constant) {
                if component(reference, components).is_some() && !mapping.is_empty() {
                    mapping.insert(value.clone(), reference.clone());
                }
            }
        }
        if !mapping.is_empty() {
            // A mapping that names some arms must name all of them, so fill in the constants.
            for arm in arms {
                let target = resolve(arm, components);
                if let (Some(reference), Some(Value::String(value))) =
                    (&arm.reference, target.properties.get(name).and_then(|p| resolve(p, components).constant.as_ref()))
                {
                    mapping.entry(value.clone()).or_insert_with(|| reference.clone());
                }
            }
        }
        return Some(Discriminator { property_name: name.clone(), mapping });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::schema;

    fn components() -> IndexMap<String, Schema> {
        let entry = |name: &str, yaml: &str| (name.to_string(), schema(yaml));
        IndexMap::from([
            entry("Code", "{type: object, properties: {type: {type: string, const: code_interpreter}}}"),
            entry(
                "Search",
                "{type: object, properties: {type: {type: string, const: file_search}, n: {type: integer}}}",
            ),
            entry("Compare", "{type: object, properties: {type: {type: string, enum: [eq, ne]}, key: {type: string}}}"),
            entry(
                "Compound",
                "{type: object, properties: {type: {type: string, enum: [and, or]}, filters: {type: array}}}",
            ),
            entry("Models", "{type: string, enum: [gpt-4o, gpt-5]}"),
            entry("Tools", "{oneOf: [{$ref: '#/components/schemas/Code'}], discriminator: {propertyName: type}}"),
            entry("Searches", "{oneOf: [{$ref: '#/components/schemas/Search'}], discriminator: {propertyName: type}}"),
            entry("SystemMessage", "{type: object, properties: {type: {const: message}, role: {const: system}}}"),
            entry("UserMessage", "{type: object, properties: {type: {const: message}, role: {const: user}}}"),
            entry(
                "RunEvents",
                "{oneOf: [{type: object, properties: {event: {type: string, const: thread.run.created}}}]}",
            ),
            entry(
                "MsgEvents",
                "{oneOf: [{type: object, properties: {event: {type: string, const: thread.message.created}}}]}",
            ),
        ])
    }

    fn normalized(yaml: &str) -> Schema {
        let mut s = schema(yaml);
        walk::visit(&mut s, &mut super::super::local::apply);
        normalize_union(&mut s, &components());
        s
    }

    #[test]
    fn object_arms_get_the_tag_their_constant_property_implies() {
        // 3.1 writes `const`; 3.0 a one-value enum (made a const by the local rules first).
        for tag in ["{type: string, const: a}", "{type: string, enum: [a]}"] {
            let other = tag.replace(": a", ": b").replace("[a]", "[b]");
            let s = normalized(&format!(
                "{{oneOf: [{{type: object, properties: {{type: {tag}}}}}, {{type: object, properties: {{type: {other}, x: {{}}}}}}]}}"
            ));
            assert_eq!(s.discriminator.unwrap().property_name, "type", "{tag}");
        }
        let s = normalized("{oneOf: [{$ref: '#/components/schemas/Code'}, {$ref: '#/components/schemas/Search'}]}");
        assert_eq!(s.discriminator.unwrap().property_name, "type");
    }

    #[test]
    fn disjoint_enum_tags_map_each_value_to_its_arm() {
        let s =
            normalized("{anyOf: [{$ref: '#/components/schemas/Compare'}, {$ref: '#/components/schemas/Compound'}]}");
        let mapping = s.discriminator.unwrap().mapping;
        assert_eq!(mapping.get("ne").map(String::as_str), Some("#/components/schemas/Compare"));
        assert_eq!(mapping.get("or").map(String::as_str), Some("#/components/schemas/Compound"));
    }

    #[test]
    fn objects_beside_a_string_are_grouped_into_a_nested_tagged_union() {
        let s = normalized(
            "{oneOf: [{type: string, enum: [none, auto]}, {$ref: '#/components/schemas/Code'}, {$ref: '#/components/schemas/Search'}]}",
        );
        let arms = s.one_of.unwrap();
        assert_eq!(arms.len(), 2);
        assert_eq!(arms[1].discriminator.as_ref().unwrap().property_name, "type");
        assert_eq!(arms[1].one_of.as_ref().unwrap().len(), 2);
    }

    #[test]
    fn a_string_and_an_enum_are_the_open_enum() {
        let s = normalized("{anyOf: [{type: string}, {$ref: '#/components/schemas/Models'}]}");
        assert_eq!(s.reference.as_deref(), Some("#/components/schemas/Models"));
        let s = normalized(
            "{anyOf: [{type: string, enum: [a]}, {type: string, enum: [b, c]}, {type: string, enum: [d, e]}]}",
        );
        // `[a]` is a constant arm (a unit variant), the two enums merge.
        let arms = s.any_of.unwrap();
        assert_eq!(arms.len(), 2);
        assert_eq!(arms[1].enumeration.as_ref().unwrap().len(), 4);
    }

    #[test]
    fn array_arms_merge_into_an_array_of_the_union_of_their_items() {
        let s = normalized(
            "{oneOf: [{type: string}, {type: array, items: {type: string}}, {type: array, items: {type: array, items: {type: integer}}}]}",
        );
        let arms = s.one_of.unwrap();
        assert_eq!(arms.len(), 2);
        let items = arms[1].items.as_ref().unwrap();
        assert_eq!(items.one_of.as_ref().unwrap().len(), 2);
    }

    #[test]
    fn unions_of_unions_are_flattened() {
        let s =
            normalized("{oneOf: [{$ref: '#/components/schemas/RunEvents'}, {$ref: '#/components/schemas/MsgEvents'}]}");
        assert_eq!(s.one_of.as_ref().unwrap().len(), 2);
        assert_eq!(s.discriminator.unwrap().property_name, "event");
    }

    #[test]
    fn discriminated_unions_of_object_arms_join_beside_other_kinds_stay_whole() {
        let s = normalized("{oneOf: [{$ref: '#/components/schemas/Tools'}, {$ref: '#/components/schemas/Searches'}]}");
        assert_eq!(s.one_of.as_ref().unwrap().len(), 2);
        assert_eq!(s.discriminator.unwrap().property_name, "type");
        let s = normalized("{oneOf: [{type: string}, {$ref: '#/components/schemas/Tools'}]}");
        let arms = s.one_of.unwrap();
        assert_eq!(arms[1].reference.as_deref(), Some("#/components/schemas/Tools"));
    }

    #[test]
    fn a_declared_discriminator_whose_values_collide_is_dropped() {
        // Both arms are `type: message`: the declared tag cannot pick one, so the arms are sorted
        // out as if there were none, and `role` tells them apart.
        let s = normalized(
            "{oneOf: [{$ref: '#/components/schemas/SystemMessage'}, {$ref: '#/components/schemas/UserMessage'}], \
             discriminator: {propertyName: type}}",
        );
        assert_eq!(s.discriminator.unwrap().property_name, "role");
        let s = normalized(
            "{oneOf: [{$ref: '#/components/schemas/Code'}, {$ref: '#/components/schemas/Search'}], \
             discriminator: {propertyName: type}}",
        );
        assert_eq!(s.discriminator.unwrap().property_name, "type");
    }

    #[test]
    fn an_any_arm_makes_the_union_any_value() {
        let s = normalized("{anyOf: [{type: string}, {}]}");
        assert!(s.any_of.is_none() && s.one_of.is_none() && s.types.is_none());
    }

    #[test]
    fn object_arms_without_a_tag_stay_for_lower_to_judge() {
        let s = normalized("{oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]}");
        assert!(s.discriminator.is_none());
        assert_eq!(s.one_of.unwrap().len(), 2);
    }
}
