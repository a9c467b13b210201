//! Which Cargo feature each type and resource comes with (`crate.features` of `sdk.yaml`): a
//! type comes with every feature whose resources reach it, and is always compiled when an
//! ungated resource reaches it, so that whatever a compiled item names is compiled too.

use generator::spec::{Inputs, Text};

const OPENAPI: &str = r##"
openapi: 3.1.0
info: {title: Zoo, version: 0.0.1}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /toys/{id}:
    get:
      operationId: getToy
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Toy"}}}}
  /keepers/{id}:
    get:
      operationId: getKeeper
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Keeper"}}}}
components:
  schemas:
    Tag:
      type: object
      properties: {name: {type: string}}
    Owner:
      type: object
      properties: {name: {type: string}}
    Pet:
      type: object
      properties: {id: {type: string}, tag: {$ref: "#/components/schemas/Tag"}, owner: {$ref: "#/components/schemas/Owner"}}
    Toy:
      type: object
      properties: {id: {type: string}, tag: {$ref: "#/components/schemas/Tag"}}
    Keeper:
      type: object
      properties: {id: {type: string}, owner: {$ref: "#/components/schemas/Owner"}}
    PetList:
      type: object
      properties: {data: {type: array, items: {$ref: "#/components/schemas/Pet"}}}
"##;

const SDK: &str = r#"
crate:
  name: zoo
  version: 0.0.1
  features:
    pets: [pets]
    toys: [toys]
resources:
  pets:
    methods:
      retrieve: {operation: getPet}
  toys:
    methods:
      retrieve: {operation: getToy}
  keepers:
    methods:
      retrieve: {operation: getKeeper}
"#;

#[test]
fn types_come_with_the_features_that_reach_them() {
    let inputs =
        Inputs { openapi: Text::new("openapi.yaml", OPENAPI), overlay: None, sdk: Some(Text::new("sdk.yaml", SDK)) };
    let spec = generator::spec::parse_inputs(&inputs).unwrap();
    let ir = generator::ir::lower(&spec).unwrap();
    let features = &ir.features;
    assert_eq!(features.of_type("Pet"), ["pets"]);
    assert_eq!(features.of_type("Toy"), ["toys"]);
    // Reached by both groups: compiled with either.
    assert_eq!(features.of_type("Tag"), ["pets", "toys"]);
    // Reached by a resource under no feature: always compiled, though a group reaches it too.
    assert!(features.of_type("Owner").is_empty());
    assert!(features.of_type("Keeper").is_empty());
    // Reached by no resource: with the features of what it reaches.
    assert_eq!(features.of_type("PetList"), ["pets"]);
    assert_eq!(features.of_resource("pets"), ["pets"]);
    assert!(features.of_resource("keepers").is_empty());
}

/// `RUN_HELPER_NAMES`, which the generator checks against the helpers' feature, lists exactly the
/// generated items the helpers' templates import.
#[test]
fn the_run_helper_names_are_what_the_helpers_import() {
    fn leaves(tree: &syn::UseTree, under_crate: bool, out: &mut std::collections::BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(path) => leaves(&path.tree, under_crate || path.ident == "crate", out),
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| leaves(item, under_crate, out)),
            syn::UseTree::Name(name) if under_crate => {
                out.insert(name.ident.to_string());
            }
            _ => {}
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/runtime");
    let mut imported = std::collections::BTreeSet::new();
    for file in ["accumulate.rs", "events.rs", "poll.rs", "run_stream.rs"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for item in syn::parse_file(&text).unwrap().items {
            if let syn::Item::Use(import) = item {
                leaves(&import.tree, false, &mut imported);
            }
        }
    }
    let listed: std::collections::BTreeSet<String> =
        generator::ir::RUN_HELPER_NAMES.iter().map(|name| name.to_string()).collect();
    assert_eq!(listed, imported);
}
