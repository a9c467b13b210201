//! Rules that rewrite one schema without looking anywhere else.

use crate::spec::{Schema, TypeSet};
use serde_json::Value;

/// Every local rule, in the order they depend on each other.
pub fn apply(schema: &mut Schema) {
    type_list(schema);
    null_in_enum(schema);
    null_arms(schema);
    scalar_enum(schema);
    single_value_enum(schema);
    drop_validation_only(schema);
}

/// `type: [X, "null"]` (3.1) is `type: X` + nullable; several non-null types become a union of
/// one arm per type, which the union rules then sort by kind.
pub fn type_list(schema: &mut Schema) {
    let Some(TypeSet::Many(names)) = &schema.types else { return };
    let null = names.iter().any(|n| n == "null");
    let rest: Vec<String> = names.iter().filter(|n| *n != "null").cloned().collect();
    schema.nullable |= null;
    schema.types = match rest.len() {
        0 => None,
        1 => Some(TypeSet::One(rest[0].clone())),
        _ if schema.one_of.is_none() && schema.any_of.is_none() => {
            schema.one_of = Some(rest.iter().map(|name| arm_of_type(schema, name)).collect());
            None
        }
        _ => Some(TypeSet::Many(rest)),
    };
}

/// The part of a multi-typed schema that applies to values of type `name`.
fn arm_of_type(schema: &Schema, name: &str) -> Schema {
    let mut arm = Schema { types: Some(TypeSet::One(name.to_string())), ..Schema::default() };
    match name {
        "array" => arm.items = schema.items.clone(),
        "object" => {
            arm.properties = schema.properties.clone();
            arm.required = schema.required.clone();
            arm.additional_properties = schema.additional_properties.clone();
        }
        "string" => {
            arm.format = schema.format.clone();
            arm.enumeration = schema.enumeration.clone();
        }
        _ => {}
    }
    arm
}

/// `enum: [a, b, null]` is a nullable enum of `a` and `b`.
pub fn null_in_enum(schema: &mut Schema) {
    let Some(values) = &mut schema.enumeration else { return };
    if values.iter().any(Value::is_null) {
        values.retain(|v| !v.is_null());
        schema.nullable = true;
    }
}

fn is_null_arm(arm: &Schema) -> bool {
    match &arm.types {
        Some(TypeSet::One(name)) => name == "null",
        Some(TypeSet::Many(names)) => names.iter().all(|n| n == "null"),
        None => arm.enumeration.as_ref().is_some_and(|v| v.len() == 1 && v[0].is_null()),
    }
}

/// `anyOf`/`oneOf` with a `{type: "null"}` arm is nullable; with one arm left, the union is that
/// arm (the wrapper's description, title and default stay, as `$ref` siblings for a reference).
pub fn null_arms(schema: &mut Schema) {
    for arms in [&mut schema.one_of, &mut schema.any_of].into_iter().flatten() {
        if arms.iter().any(is_null_arm) {
            arms.retain(|arm| !is_null_arm(arm));
            schema.nullable = true;
        }
    }
    let single = |arms: &Option<Vec<Schema>>| arms.as_ref().is_some_and(|a| a.len() == 1);
    if schema.discriminator.is_some() || schema.all_of.is_some() {
        return;
    }
    let arm = if single(&schema.one_of) && schema.any_of.is_none() {
        schema.one_of.take()
    } else if single(&schema.any_of) && schema.one_of.is_none() {
        schema.any_of.take()
    } else {
        None
    };
    if let Some(mut arms) = arm {
        let arm = arms.remove(0);
        absorb(schema, arm);
    } else if [&schema.one_of, &schema.any_of].into_iter().flatten().any(|arms| arms.is_empty()) {
        // Only `null` was allowed.
        schema.one_of = None;
        schema.any_of = None;
    }
}

/// Puts what `arm` says into `schema`, keeping what the wrapper says itself (its description
/// documents the field; the arm's describes the type).
pub fn absorb(schema: &mut Schema, arm: Schema) {
    let Schema {
        reference,
        types,
        title,
        description,
        format,
        nullable,
        deprecated,
        constant,
        enumeration,
        default,
        properties,
        required,
        additional_properties,
        items,
        one_of,
        any_of,
        all_of,
        discriminator,
        minimum,
        maximum,
        exclusive_minimum,
        exclusive_maximum,
        min_length,
        max_length,
        min_items,
        max_items,
        max_properties,
        pattern,
        extra,
    } = arm;
    fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
        if slot.is_none() {
            *slot = value;
        }
    }
    fill(&mut schema.reference, reference);
    fill(&mut schema.types, types);
    fill(&mut schema.title, title);
    fill(&mut schema.description, description);
    fill(&mut schema.format, format);
    schema.nullable |= nullable;
    schema.deprecated |= deprecated;
    fill(&mut schema.constant, constant);
    fill(&mut schema.enumeration, enumeration);
    fill(&mut schema.default, default);
    if schema.properties.is_empty() {
        schema.properties = properties;
    }
    if schema.required.is_empty() {
        schema.required = required;
    }
    fill(&mut schema.additional_properties, additional_properties);
    fill(&mut schema.items, items);
    fill(&mut schema.one_of, one_of);
    fill(&mut schema.any_of, any_of);
    fill(&mut schema.all_of, all_of);
    fill(&mut schema.discriminator, discriminator);
    fill(&mut schema.minimum, minimum);
    fill(&mut schema.maximum, maximum);
    fill(&mut schema.exclusive_minimum, exclusive_minimum);
    fill(&mut schema.exclusive_maximum, exclusive_maximum);
    fill(&mut schema.min_length, min_length);
    fill(&mut schema.max_length, max_length);
    fill(&mut schema.min_items, min_items);
    fill(&mut schema.max_items, max_items);
    fill(&mut schema.max_properties, max_properties);
    fill(&mut schema.pattern, pattern);
    for (key, value) in extra {
        schema.extra.entry(key).or_insert(value);
    }
}

/// An `enum` or `const` of numbers or booleans (`weight: {type: integer, enum: [0, 1]}`) is its
/// scalar type, with the allowed values in the description: Rust enums name strings, and a
/// number the server adds later must still decode.
pub fn scalar_enum(schema: &mut Schema) {
    let values: Vec<Value> = match (&schema.constant, &schema.enumeration) {
        (Some(value), _) => vec![value.clone()],
        (None, Some(values)) => values.clone(),
        (None, None) => return,
    };
    let type_name = if values.iter().all(|v| v.is_boolean()) {
        "boolean"
    } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        "integer"
    } else if values.iter().all(Value::is_number) {
        "number"
    } else {
        return;
    };
    let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
    let note =
        if listed.len() == 1 { format!("Always {}.", listed[0]) } else { format!("One of {}.", listed.join(", ")) };
    schema.description = Some(match schema.description.take() {
        Some(text) => format!("{}\n\n{note}", text.trim_end()),
        None => note,
    });
    if schema.types.is_none() {
        schema.types = Some(TypeSet::One(type_name.to_string()));
    }
    schema.constant = None;
    schema.enumeration = None;
    schema.extra.remove("x-stainless-const");
}

/// A single-value `enum` (OpenAI marks these `x-stainless-const: true`) is a constant.
pub fn single_value_enum(schema: &mut Schema) {
    if schema.constant.is_some() {
        schema.enumeration = None;
    } else if schema.enumeration.as_ref().is_some_and(|values| values.len() == 1) {
        schema.constant = schema.enumeration.take().and_then(|mut values| values.pop());
    }
    schema.extra.remove("x-stainless-const");
}

/// A `required` name with no schema in `properties` (upstream's `LocalShellToolCallOutput`
/// requires an undescribed `call_id`) is a property of any JSON value: the field must be sent,
/// and nothing says what it holds. Runs after `allOf` merging, where another arm may describe it.
pub fn declare_required(schema: &mut Schema) {
    if schema.properties.is_empty() && schema.types != Some(TypeSet::One("object".into())) {
        return;
    }
    for name in &schema.required {
        if !schema.properties.contains_key(name) {
            let described = Schema {
                description: Some("Required by the schema, which does not describe its value.".into()),
                ..Schema::default()
            };
            schema.properties.insert(name.clone(), described);
        }
    }
}

/// Whether a schema only constrains (`required`, `not`, descriptions) and describes no value.
fn is_validation_only(schema: &Schema) -> bool {
    schema.reference.is_none()
        && schema.types.is_none()
        && schema.properties.is_empty()
        && schema.items.is_none()
        && schema.additional_properties.is_none()
        && schema.enumeration.is_none()
        && schema.constant.is_none()
        && schema.one_of.is_none()
        && schema.any_of.is_none()
        && schema.all_of.is_none()
}

/// `anyOf: [{required: [a]}, {required: [b]}]` says which fields must be present, not what the
/// value is; the server checks it. `not` likewise only excludes values.
pub fn drop_validation_only(schema: &mut Schema) {
    let exclusive = schema.one_of.as_ref().filter(|a| !a.is_empty() && a.iter().all(is_validation_only));
    if let Some(arms) = exclusive {
        // `oneOf` over `required` lists: the request may set the fields of one arm only.
        let groups: Vec<Vec<String>> = arms.iter().map(|arm| arm.required.clone()).filter(|g| !g.is_empty()).collect();
        if groups.len() > 1 {
            schema.extra.insert(super::EXCLUSIVE_KEY.to_string(), serde_json::json!(groups));
        }
    }
    for arms in [&mut schema.one_of, &mut schema.any_of] {
        if arms.as_ref().is_some_and(|a| !a.is_empty() && a.iter().all(is_validation_only)) {
            *arms = None;
        }
    }
    schema.extra.remove("not");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::schema;

    fn applied(yaml: &str) -> Schema {
        let mut s = schema(yaml);
        apply(&mut s);
        s
    }

    #[test]
    fn number_and_boolean_enums_are_their_scalar_type_with_the_values_documented() {
        // 3.1 and 3.0 spell an integer enum the same; a `const` of one is 3.1 only.
        let s = applied("{type: integer, enum: [0, 1], description: Trained or not.}");
        assert_eq!(s.types, Some(TypeSet::One("integer".into())));
        assert!(s.enumeration.is_none() && s.constant.is_none());
        assert_eq!(s.description.as_deref(), Some("Trained or not.\n\nOne of `0`, `1`."));
        let s = applied("{const: true}");
        assert_eq!(s.types, Some(TypeSet::One("boolean".into())));
        assert_eq!(s.description.as_deref(), Some("Always `true`."));
        let s = applied("{enum: [0.5, 1]}");
        assert_eq!(s.types, Some(TypeSet::One("number".into())));
        // Strings stay an enum; a 3.0 nullable integer enum keeps its flag.
        assert!(applied("{type: string, enum: [a, b]}").enumeration.is_some());
        let s = applied("{type: integer, nullable: true, enum: [1, 2, null]}");
        assert!(s.nullable && s.enumeration.is_none());
    }

    #[test]
    fn a_required_name_without_a_property_becomes_a_property_of_any_value() {
        let mut s = schema("{type: object, properties: {id: {type: string}}, required: [id, call_id]}");
        declare_required(&mut s);
        assert_eq!(s.properties.keys().collect::<Vec<_>>(), ["id", "call_id"]);
        assert!(s.properties["call_id"].types.is_none() && s.properties["call_id"].reference.is_none());
        // A validation-only arm (`{required: [a]}`) describes no object.
        let mut s = schema("{required: [a]}");
        declare_required(&mut s);
        assert!(s.properties.is_empty());
    }

    #[test]
    fn nullable_in_every_spelling_is_one_flag() {
        for yaml in [
            "{type: string, nullable: true}",                // 3.0
            "{type: [string, 'null']}",                      // 3.1
            "{anyOf: [{type: string}, {type: 'null'}]}",     // 3.1
            "{oneOf: [{type: string}, {type: 'null'}]}",     // 3.1
            "{anyOf: [{type: string}, {type: [ 'null' ]}]}", // 3.1 list
        ] {
            let s = applied(yaml);
            assert!(s.nullable, "{yaml}");
            assert_eq!(s.types, Some(TypeSet::One("string".into())), "{yaml}");
            assert!(s.one_of.is_none() && s.any_of.is_none(), "{yaml}");
        }
    }

    #[test]
    fn a_nullable_reference_keeps_the_reference_and_the_wrapper_description() {
        for yaml in [
            "{description: outer, anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}",
            "{description: outer, allOf: [{$ref: '#/components/schemas/A'}], nullable: true}",
            "{description: outer, $ref: '#/components/schemas/A', nullable: true}",
        ] {
            let mut s = applied(yaml);
            crate::normalize::merge::merge_all_of(&mut s, &Default::default());
            assert_eq!(s.reference.as_deref(), Some("#/components/schemas/A"), "{yaml}");
            assert_eq!(s.description.as_deref(), Some("outer"), "{yaml}");
            assert!(s.nullable, "{yaml}");
        }
    }

    #[test]
    fn null_in_an_enum_is_nullable() {
        let s = applied("{type: string, enum: [a, b, null], nullable: true}");
        assert_eq!(s.enumeration, Some(vec!["a".into(), "b".into()]));
        assert!(s.nullable);
        let s = applied("{type: [string, 'null'], enum: [a, b, null]}");
        assert_eq!(s.enumeration, Some(vec!["a".into(), "b".into()]));
        assert!(s.nullable);
    }

    #[test]
    fn single_value_enums_are_constants() {
        let s = applied("{type: string, enum: [thread.run], x-stainless-const: true}");
        assert_eq!(s.constant, Some("thread.run".into()));
        assert!(s.enumeration.is_none() && s.extra.is_empty());
        let s = applied("{type: string, const: thread.run}");
        assert_eq!(s.constant, Some("thread.run".into()));
        // 3.0 has no `const`; a one-value enum is how it is written there.
        let s = applied("{type: string, enum: [auto]}");
        assert_eq!(s.constant, Some("auto".into()));
    }

    #[test]
    fn several_types_become_a_union() {
        let s = applied("{type: [string, integer, 'null']}");
        assert!(s.nullable && s.types.is_none());
        let arms = s.one_of.unwrap();
        assert_eq!(arms.len(), 2);
        assert_eq!(arms[1].types, Some(TypeSet::One("integer".into())));
    }

    #[test]
    fn validation_only_arms_and_not_are_dropped() {
        let s = applied(
            "{type: object, properties: {a: {type: string}, b: {type: string}}, \
             anyOf: [{required: [a]}, {required: [b]}], not: {required: [a, b]}}",
        );
        assert!(s.any_of.is_none() && !s.extra.contains_key("not"));
        assert_eq!(s.properties.len(), 2);
    }

    #[test]
    fn only_null_is_any_nullable_value() {
        let s = applied("{oneOf: [{type: 'null'}]}");
        assert!(s.nullable && s.one_of.is_none() && s.types.is_none());
    }
}
