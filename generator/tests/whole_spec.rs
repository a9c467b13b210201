//! The project's own `spec/` through the whole pipeline, in memory: output is deterministic, and
//! an edit to one description changes exactly the matching doc comment and nothing else.

use generator::emit::Templates;
use generator::spec;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generate(openapi_text: &str) -> Vec<generator::emit::GeneratedFile> {
    let root = root();
    // The upstream document, the project's corrections and the SDK shape, as `regenerate` reads them.
    let mut inputs = spec::Inputs::read_dir(&root.join("spec")).expect("spec/ reads");
    inputs.openapi = spec::Text::new("spec/openapi.yaml", openapi_text);
    let spec = spec::parse_inputs(&inputs).expect("spec/ parses");
    let templates = Templates::load(&root.join("templates")).expect("templates load");
    generator::generate_from(&spec, &templates).expect("spec/ generates")
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    assert_eq!(generate(&text), generate(&text));
}

#[test]
fn editing_a_description_changes_only_its_doc_comment() {
    let text = std::fs::read_to_string(root().join("spec/openapi.yaml")).unwrap();
    let original = "description: Unix timestamp (in seconds) for when the session expires.";
    assert_eq!(text.matches(original).count(), 1, "the edited description is unique in the spec");
    let edited = text.replace(original, "description: Unix timestamp (in seconds) at which the session ends.");
    let before = generate(&text);
    let after = generate(&edited);
    assert_eq!(before.len(), after.len());
    let mut changed_lines = Vec::new();
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.path, new.path);
        if old.contents == new.contents {
            continue;
        }
        let old_lines: Vec<&str> = old.contents.lines().collect();
        let new_lines: Vec<&str> = new.contents.lines().collect();
        assert_eq!(old_lines.len(), new_lines.len(), "{}: line count changed", old.path);
        for (a, b) in old_lines.iter().zip(&new_lines) {
            if a != b {
                changed_lines.push((old.path.clone(), a.trim().to_string(), b.trim().to_string()));
            }
        }
    }
    // The doc comment, and the document the crate ships beside its sources.
    assert_eq!(
        changed_lines,
        vec![
            (
                "openapi.json".to_string(),
                "\"description\": \"Unix timestamp (in seconds) for when the session expires.\"".to_string(),
                "\"description\": \"Unix timestamp (in seconds) at which the session ends.\"".to_string(),
            ),
            (
                "src/types.rs".to_string(),
                "/// Unix timestamp (in seconds) for when the session expires.".to_string(),
                "/// Unix timestamp (in seconds) at which the session ends.".to_string(),
            )
        ]
    );
}
