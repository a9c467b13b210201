//! Visits every schema of a document, children before their parent, so that a rule sees the
//! arms and properties of a schema already normalized.

use crate::spec::{AdditionalProperties, OpenApi, Operation, Parameter, Schema};

/// Calls `rule` on every schema of the document, innermost first.
pub fn each_schema(doc: &mut OpenApi, rule: &mut dyn FnMut(&mut Schema)) {
    for schema in doc.components.schemas.values_mut() {
        visit(schema, rule);
    }
    for parameter in doc.components.parameters.values_mut() {
        parameter_schema(parameter, rule);
    }
    for body in doc.components.request_bodies.values_mut() {
        body.content.values_mut().filter_map(|media| media.schema.as_mut()).for_each(|s| visit(s, rule));
    }
    for item in doc.paths.values_mut() {
        item.parameters.iter_mut().for_each(|p| parameter_schema(p, rule));
        for (_, operation) in item.operations_mut() {
            operation_schemas(operation, rule);
        }
    }
}

fn parameter_schema(parameter: &mut Parameter, rule: &mut dyn FnMut(&mut Schema)) {
    if let Some(schema) = &mut parameter.schema {
        visit(schema, rule);
    }
}

fn operation_schemas(operation: &mut Operation, rule: &mut dyn FnMut(&mut Schema)) {
    operation.parameters.iter_mut().for_each(|p| parameter_schema(p, rule));
    if let Some(body) = &mut operation.request_body {
        body.content.values_mut().filter_map(|media| media.schema.as_mut()).for_each(|s| visit(s, rule));
    }
    for response in operation.responses.values_mut() {
        response.content.values_mut().filter_map(|media| media.schema.as_mut()).for_each(|s| visit(s, rule));
    }
}

/// Post-order walk of one schema tree.
pub fn visit(schema: &mut Schema, rule: &mut dyn FnMut(&mut Schema)) {
    for property in schema.properties.values_mut() {
        visit(property, rule);
    }
    if let Some(items) = &mut schema.items {
        visit(items, rule);
    }
    if let Some(AdditionalProperties::Schema(value)) = &mut schema.additional_properties {
        visit(value, rule);
    }
    for arms in [&mut schema.one_of, &mut schema.any_of, &mut schema.all_of].into_iter().flatten() {
        arms.iter_mut().for_each(|arm| visit(arm, rule));
    }
    rule(schema);
}
