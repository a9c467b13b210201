//! Documents made to break the generator (names that shadow the prelude, nesting deep enough to
//! overflow a stack, long `$ref` chains, YAML alias bombs): each must either generate or fail
//! with a located error, in-process and in reasonable time, never panic or hang.

use generator::spec::{parse_inputs, Inputs, Text};

/// Whole-spec mode (no `sdk.yaml`), through lowering.
fn lower_whole(openapi: &str) -> generator::Result<generator::ir::Ir> {
    let inputs = Inputs { openapi: Text::new("hostile.yaml", openapi), overlay: None, sdk: None };
    parse_inputs(&inputs).and_then(|spec| generator::ir::lower(&spec))
}

/// One operation answering with `#/components/schemas/<root>`, and `schemas` (YAML, indented
/// under `schemas:`).
fn spec_with(root: &str, schemas: &str) -> String {
    format!(
        "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{root}'}}
components:
  schemas:
{schemas}"
    )
}

#[test]
fn schemas_named_like_prelude_types_are_renamed_in_whole_spec_mode() {
    let spec = spec_with(
        "Holder",
        "    Holder:
      type: object
      properties:
        s: {$ref: '#/components/schemas/String'}
        r: {$ref: '#/components/schemas/Result'}
        inline: {title: Option, type: object, properties: {a: {type: string}}}
    String: {type: object, properties: {value: {type: string}}}
    Result: {type: object, properties: {ok: {type: boolean}}}
",
    );
    let ir = lower_whole(&spec).expect("generates");
    let names: Vec<&str> = ir.types.iter().map(|t| t.name.as_str()).collect();
    for reserved in ["String", "Result", "Option"] {
        assert!(!names.contains(&reserved), "`{reserved}` is still a type name: {names:?}");
    }
    for renamed in ["StringModel", "ResultModel"] {
        assert!(names.contains(&renamed), "`{renamed}` missing: {names:?}");
    }
    let holder = ir.types.iter().find(|t| t.name == "Holder").expect("Holder");
    let generator::ir::TypeKind::Object(object) = &holder.kind else { panic!("Holder is an object") };
    let field = |wire: &str| object.fields.iter().find(|f| f.wire_name == wire).map(|f| f.ty.clone());
    assert_eq!(field("s"), Some(generator::ir::TypeRef::Named("StringModel".into())));
    assert_eq!(field("r"), Some(generator::ir::TypeRef::Named("ResultModel".into())));
}
