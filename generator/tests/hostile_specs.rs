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

#[test]
fn an_array_of_itself_is_a_located_error() {
    let spec = spec_with("CycArr", "    CycArr: {type: array, items: {$ref: '#/components/schemas/CycArr'}}\n");
    let error = lower_whole(&spec).expect_err("an alias of itself has no Rust type");
    assert!(matches!(error.kind, generator::ErrorKind::AliasCycle(_)), "{error}");
    assert_eq!(error.location.pointer, "#/components/schemas/CycArr");
    let spec = spec_with(
        "CycMap",
        "    CycMap: {type: object, additionalProperties: {$ref: '#/components/schemas/CycMap'}}\n",
    );
    let error = lower_whole(&spec).expect_err("a map of itself has no Rust type");
    assert!(matches!(error.kind, generator::ErrorKind::AliasCycle(_)), "{error}");
}

#[test]
fn a_long_chain_of_aliases_lowers() {
    const LENGTH: usize = 3000;
    let mut schemas = String::new();
    for i in 0..LENGTH - 1 {
        schemas.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1));
    }
    schemas.push_str(&format!("    A{}: {{type: string}}\n", LENGTH - 1));
    let ir = lower_whole(&spec_with("A0", &schemas)).expect("a chain that ends is fine");
    assert_eq!(ir.types.len(), LENGTH);
}

#[test]
fn a_cycle_at_the_end_of_a_long_chain_is_found() {
    let mut schemas = String::new();
    for i in 0..500 {
        schemas.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1));
    }
    schemas.push_str("    A500: {$ref: '#/components/schemas/A499'}\n");
    let error = lower_whole(&spec_with("A0", &schemas)).expect_err("the chain ends in a cycle");
    assert!(matches!(error.kind, generator::ErrorKind::RefCycle(_)), "{error}");
}

/// A document whose one response is an object with a field of arrays nested `depth` deep. Built
/// in memory: YAML itself stops at 128 levels (serde_yaml's limit, a located error), so only a
/// caller that builds the model can nest deeper, and lowering must hold for it too.
fn deep_spec(depth: usize) -> generator::spec::Spec {
    use generator::spec::*;
    let of_type = |name: &str| Some(TypeSet::One(name.to_string()));
    let mut nested = Schema { types: of_type("string"), ..Default::default() };
    for _ in 0..depth {
        nested = Schema { types: of_type("array"), items: Some(Box::new(nested)), ..Default::default() };
    }
    let holder = Schema {
        types: of_type("object"),
        properties: [("v".to_string(), nested)].into_iter().collect(),
        ..Default::default()
    };
    let response = Response {
        reference: None,
        description: Some("ok".into()),
        content: [(
            "application/json".to_string(),
            MediaType {
                schema: Some(Schema { reference: Some("#/components/schemas/Holder".into()), ..Default::default() }),
            },
        )]
        .into_iter()
        .collect(),
    };
    let operation = Operation {
        operation_id: Some("listThings".into()),
        summary: None,
        description: None,
        deprecated: false,
        parameters: Vec::new(),
        request_body: None,
        responses: [("200".to_string(), response)].into_iter().collect(),
    };
    let openapi = OpenApi {
        openapi: "3.1.0".into(),
        info: None,
        paths: [("/things".to_string(), PathItem { get: Some(operation), ..Default::default() })].into_iter().collect(),
        components: Components {
            schemas: [("Holder".to_string(), holder)].into_iter().collect(),
            ..Default::default()
        },
    };
    let krate = CrateConfig { name: "deep".into(), version: "0.1.0".into(), ..Default::default() };
    let sdk = derive::derive_sdk_config(&openapi, krate);
    let loaded = |value| Loaded { path: "deep.yaml".into(), source: Source::new(""), value };
    Spec {
        openapi: loaded(openapi),
        sdk: Loaded { path: "deep.yaml".into(), source: Source::new(""), value: sdk },
        document: serde_json::Value::Null,
    }
}

#[test]
fn arrays_nested_200_deep_generate() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let templates = generator::Templates::load(&root.join("templates")).expect("templates load");
    let files = generator::generate_from(&deep_spec(200), &templates).expect("200 levels are within the limit");
    let types = files.iter().find(|f| f.path == "src/types.rs").expect("types.rs");
    // The field's type, laid out over many lines by prettyplease.
    assert!(types.contents.matches("Vec<").count() >= 200);
}

#[test]
fn arrays_nested_1000_deep_are_a_located_error() {
    let error = generator::ir::lower(&deep_spec(1000)).expect_err("past the nesting limit");
    assert_eq!(error.kind, generator::ErrorKind::TooDeep(generator::ir::MAX_NESTING));
    let expected_prefix = format!("#/components/schemas/Holder/properties/v{}", "/items".repeat(200));
    assert!(error.location.pointer.starts_with(&expected_prefix), "{}", error.location.pointer);
}

/// More fields than one 64-bit word of presence marks holds: the model gets as many words as it
/// needs, and the marks of the last fields have their own bits (no field shares or loses one).
#[test]
fn objects_with_more_than_64_fields_get_enough_presence_words() {
    let properties: String = (0..130).map(|i| format!("        f{i}: {{type: string}}\n")).collect();
    let required: Vec<String> = (0..130).map(|i| format!("f{i}")).collect();
    let spec = spec_with(
        "Wide",
        &format!(
            "    Wide:\n      type: object\n      required: [{}]\n      properties:\n{properties}",
            required.join(", ")
        ),
    );
    let ir = lower_whole(&spec).expect("generates");
    let types = generator::emit::types_file(&ir).expect("emits");
    let compact: String = types.split_whitespace().collect();
    assert!(compact.contains("presence:crate::runtime::presence::Presence<3>,"), "three words for 130 fields");
    assert!(compact.contains("typeMarks=crate::runtime::presence::Marks<3>;"));
    assert!(compact.contains("marks,129"), "{types}");
    assert!(compact.contains("marks.finish(&[18446744073709551615,18446744073709551615,3])"), "{types}");
}

/// A model whose fields are all optional and nullable needs no marks while decoding: the
/// parameter is named so that the whole-document crate has no unused-variable warning.
#[test]
fn a_model_with_only_optional_nullable_fields_leaves_its_marks_unused_without_a_warning() {
    let spec = spec_with(
        "Loose",
        "    Loose:\n      type: object\n      properties:\n        a: {type: [string, 'null']}\n        b: {type: [integer, 'null']}\n",
    );
    let ir = lower_whole(&spec).expect("generates");
    let compact: String = generator::emit::types_file(&ir).expect("emits").split_whitespace().collect();
    assert!(compact.contains("_marks:&mutcrate::runtime::presence::FieldMarks<'_>"), "{compact}");
}
