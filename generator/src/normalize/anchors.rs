//! JSON Schema's self-references: `$recursiveAnchor` / `$recursiveRef` (2019-09) and
//! `$dynamicAnchor` / `$dynamicRef` (2020-12). OpenAI's `CompoundFilter` uses the first pair to
//! say "an item is another `CompoundFilter`". Within one component schema both mean a reference
//! to the component itself, which is how `lower` already handles recursion, so they become a plain
//! `$ref` and the anchor keywords go.

use super::{walk, SCHEMA_PREFIX};
use crate::spec::{OpenApi, Schema};
use serde_json::Value;

const ANCHORS: [&str; 2] = ["$recursiveAnchor", "$dynamicAnchor"];

/// Rewrites every self-reference inside a component schema into a `$ref` to that component.
pub fn resolve_self_references(doc: &mut OpenApi) {
    for (name, schema) in doc.components.schemas.iter_mut() {
        let dynamic_anchor = match schema.extra.get("$dynamicAnchor") {
            Some(Value::String(anchor)) => Some(format!("#{anchor}")),
            _ => None,
        };
        for anchor in ANCHORS {
            schema.extra.remove(anchor);
        }
        let target = format!("{SCHEMA_PREFIX}{name}");
        walk::visit(schema, &mut |inner: &mut Schema| {
            let recursive = matches!(inner.extra.get("$recursiveRef"), Some(Value::String(r)) if r == "#");
            let dynamic = match (inner.extra.get("$dynamicRef"), &dynamic_anchor) {
                (Some(Value::String(r)), Some(anchor)) => r == anchor || r == "#",
                _ => false,
            };
            if (recursive || dynamic) && inner.reference.is_none() {
                inner.extra.remove("$recursiveRef");
                inner.extra.remove("$dynamicRef");
                inner.reference = Some(target.clone());
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::yaml_tree;

    fn doc(yaml: &str) -> OpenApi {
        serde_json::from_value(yaml_tree(yaml)).expect("test document parses")
    }

    #[test]
    fn recursive_ref_in_a_union_arm_becomes_a_ref_to_the_component() {
        let mut doc = doc(r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Filter:
      $recursiveAnchor: true
      type: object
      properties:
        filters:
          type: array
          items:
            oneOf:
              - {type: string}
              - $recursiveRef: "#"
"##);
        resolve_self_references(&mut doc);
        let filter = &doc.components.schemas["Filter"];
        assert!(filter.extra.is_empty(), "anchor keyword removed: {:?}", filter.extra);
        let arms = filter.properties["filters"].items.as_ref().unwrap().one_of.as_ref().unwrap();
        assert_eq!(arms[1].reference.as_deref(), Some("#/components/schemas/Filter"));
        assert!(arms[1].extra.is_empty());
    }

    #[test]
    fn dynamic_ref_to_the_anchor_of_the_component_becomes_a_ref() {
        let mut doc = doc(r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Node:
      $dynamicAnchor: node
      type: object
      properties:
        child: {$dynamicRef: "#node"}
        other: {$dynamicRef: "#elsewhere"}
"##);
        resolve_self_references(&mut doc);
        let node = &doc.components.schemas["Node"];
        assert_eq!(node.properties["child"].reference.as_deref(), Some("#/components/schemas/Node"));
        // A reference to some other anchor is left for `lower` to report.
        assert!(node.properties["other"].reference.is_none());
        assert!(node.properties["other"].extra.contains_key("$dynamicRef"));
    }
}
