//! Snapshots of the IR and of the emitted Rust for the fixture specs in `tests/fixtures/`.

use generator::{emit, ir, spec};
use std::path::Path;

fn load_fixture(name: &str) -> spec::Spec {
    spec::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture loads")
}

#[test]
fn kinds_ir() {
    let ir = ir::lower(&load_fixture("kinds")).expect("fixture lowers");
    insta::assert_yaml_snapshot!("kinds_ir", ir);
}

#[test]
fn kinds_emitted_rust() {
    let ir = ir::lower(&load_fixture("kinds")).expect("fixture lowers");
    // The functions `emit` writes the files with, so the snapshots show exactly what ships.
    let types = emit::types_file(&ir).unwrap();
    let params = emit::params_file(&ir).unwrap();
    insta::assert_snapshot!("kinds_types", types);
    insta::assert_snapshot!("kinds_params", params);
}

#[test]
fn kinds_every_ir_kind_is_covered() {
    let ir = ir::lower(&load_fixture("kinds")).expect("fixture lowers");
    let has = |pred: fn(&ir::TypeKind) -> bool| ir.types.iter().any(|t| pred(&t.kind));
    assert!(has(|k| matches!(k, ir::TypeKind::Object(_))));
    assert!(has(|k| matches!(k, ir::TypeKind::Enum(_))));
    assert!(has(|k| matches!(k, ir::TypeKind::TaggedUnion(_))));
    assert!(has(|k| matches!(k, ir::TypeKind::UntaggedUnion(_))));
    assert!(has(|k| matches!(k, ir::TypeKind::Alias(ir::TypeRef::Map(_)))));
    // `toy` and `bed` have the same inline shape: emitted once.
    let hoisted: Vec<&str> =
        ir.types.iter().map(|t| t.name.as_str()).filter(|n| *n == "PetToy" || *n == "PetBed").collect();
    assert_eq!(hoisted, vec!["PetBed"]);
    // Owner -> best_friend: Owner recurses inline and must be boxed; the Vec<Pet> must not.
    let owner = ir.types.iter().find(|t| t.name == "Owner").unwrap();
    let ir::TypeKind::Object(object) = &owner.kind else { panic!() };
    let boxed: Vec<(&str, bool)> = object.fields.iter().map(|f| (f.wire_name.as_str(), f.boxed)).collect();
    assert_eq!(boxed, vec![("name", false), ("best_friend", true), ("pets", false)]);
}
