//! `allOf`: the arms are merged into one schema, so `lower` never sees the keyword.

use super::local::absorb;
use super::resolve;
use crate::spec::{Schema, TypeSet};
use indexmap::IndexMap;

/// Whether an arm only annotates (description, title, default, nullable) and adds no shape.
fn is_annotation(arm: &Schema) -> bool {
    arm.reference.is_none()
        && arm.types.is_none()
        && arm.properties.is_empty()
        && arm.required.is_empty()
        && arm.items.is_none()
        && arm.additional_properties.is_none()
        && arm.enumeration.is_none()
        && arm.constant.is_none()
        && arm.one_of.is_none()
        && arm.any_of.is_none()
        && arm.all_of.is_none()
}

/// Merges the `allOf` of `schema` (if any) into it. One arm with a shape (`allOf: [$ref]`, used
/// to attach a description) becomes that arm with the wrapper's annotations; several become one
/// object with the properties and `required` of all of them, later arms winning on a property
/// both define (they refine it).
pub fn merge_all_of(schema: &mut Schema, components: &IndexMap<String, Schema>) {
    let Some(arms) = schema.all_of.take() else { return };
    let (annotations, shapes): (Vec<Schema>, Vec<Schema>) = arms.into_iter().partition(is_annotation);
    for annotation in annotations {
        schema.nullable |= annotation.nullable;
        absorb(schema, annotation);
    }
    let own_shape = !schema.properties.is_empty();
    match shapes.len() {
        0 => {}
        1 if !own_shape => absorb(schema, shapes.into_iter().next().expect("one arm")),
        _ => {
            let own = std::mem::take(&mut schema.properties);
            let own_required = std::mem::take(&mut schema.required);
            for arm in shapes {
                // A copy from the components has not been through this rule below its root yet.
                let mut arm = resolve(&arm, components).clone();
                super::walk::visit(&mut arm, &mut |s| merge_all_of(s, components));
                merge_object(schema, arm);
            }
            merge_object(schema, Schema { properties: own, required: own_required, ..Schema::default() });
            if schema.one_of.is_none() && schema.any_of.is_none() {
                schema.types = Some(TypeSet::One("object".to_string()));
            }
        }
    }
}

/// Adds the properties and requirements of one object arm to `schema`.
fn merge_object(schema: &mut Schema, arm: Schema) {
    let Schema {
        properties, required, description, title, additional_properties, one_of, any_of, discriminator, ..
    } = arm;
    for (name, property) in properties {
        schema.properties.insert(name, property);
    }
    for name in required {
        if !schema.required.contains(&name) {
            schema.required.push(name);
        }
    }
    if schema.description.is_none() {
        schema.description = description;
    }
    if schema.title.is_none() {
        schema.title = title;
    }
    if schema.additional_properties.is_none() {
        schema.additional_properties = additional_properties;
    }
    // An arm that is a union stays one; its object arms then share the merged properties.
    if schema.one_of.is_none() && schema.any_of.is_none() {
        schema.one_of = one_of;
        schema.any_of = any_of;
        schema.discriminator = discriminator;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::schema;

    fn components() -> IndexMap<String, Schema> {
        IndexMap::from([
            (
                "Base".to_string(),
                schema("{type: object, description: base, properties: {id: {type: string}, n: {type: integer}}, required: [id]}"),
            ),
            ("Mid".to_string(), schema("{allOf: [{$ref: '#/components/schemas/Base'}, {properties: {m: {type: string}}}]}")),
        ])
    }

    #[test]
    fn arms_merge_into_one_object() {
        // 3.0 and 3.1 write allOf the same way; 3.0 often adds `type: object` to the inline arm.
        for yaml in [
            "{allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {x: {type: boolean}}, required: [x]}]}",
            "{allOf: [{$ref: '#/components/schemas/Base'}, {properties: {x: {type: boolean}}, required: [x]}]}",
        ] {
            let mut s = schema(yaml);
            merge_all_of(&mut s, &components());
            assert!(s.all_of.is_none());
            assert_eq!(s.properties.keys().collect::<Vec<_>>(), ["id", "n", "x"], "{yaml}");
            assert_eq!(s.required, ["id", "x"]);
            assert_eq!(s.description.as_deref(), Some("base"));
            assert_eq!(s.types, Some(TypeSet::One("object".into())));
        }
    }

    #[test]
    fn nested_all_of_in_a_referenced_arm_is_merged_too() {
        let mut s = schema(
            "{description: own, allOf: [{$ref: '#/components/schemas/Mid'}, {properties: {n: {type: number}}}]}",
        );
        merge_all_of(&mut s, &components());
        assert_eq!(s.properties.keys().collect::<Vec<_>>(), ["id", "n", "m"]);
        // The later arm refines `n`.
        assert_eq!(s.properties["n"].types, Some(TypeSet::One("number".into())));
        assert_eq!(s.description.as_deref(), Some("own"));
    }

    #[test]
    fn a_single_reference_keeps_the_wrapper_annotations() {
        let mut s = schema("{allOf: [{$ref: '#/components/schemas/Base'}, {description: why}], default: {}}");
        merge_all_of(&mut s, &components());
        assert_eq!(s.reference.as_deref(), Some("#/components/schemas/Base"));
        assert_eq!(s.description.as_deref(), Some("why"));
        assert!(s.properties.is_empty());
    }

    #[test]
    fn own_properties_beside_all_of_are_kept() {
        let mut s = schema("{properties: {own: {type: string}}, allOf: [{$ref: '#/components/schemas/Base'}]}");
        merge_all_of(&mut s, &components());
        assert_eq!(s.properties.keys().collect::<Vec<_>>(), ["id", "n", "own"]);
    }
}
