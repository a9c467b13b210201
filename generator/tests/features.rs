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
