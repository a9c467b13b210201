//! Every spec in `tests/broken/` must fail with a message that names the file, the line and
//! column where known, the JSON pointer, and what was expected. The messages are snapshotted.

use std::path::Path;

#[test]
fn broken_specs_report_clear_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".yaml") && !name.ends_with("sdk.yaml") && !name.ends_with(".overlay.yaml")
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the corpus covers at least the ten required cases");
    let mut report = String::new();
    for openapi in cases {
        let case = openapi.file_stem().unwrap().to_string_lossy().into_owned();
        let own_sdk = dir.join(format!("{case}.sdk.yaml"));
        let sdk = if own_sdk.exists() { own_sdk } else { dir.join("sdk.yaml") };
        let openapi_text = std::fs::read_to_string(&openapi).unwrap();
        let sdk_text = std::fs::read_to_string(&sdk).unwrap();
        let relative = |p: &Path| p.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().to_path_buf();
        let overlay = dir.join(format!("{case}.overlay.yaml"));
        let inputs = generator::spec::Inputs {
            openapi: generator::spec::Text::new(relative(&openapi), openapi_text),
            overlay: overlay
                .exists()
                .then(|| generator::spec::Text::new(relative(&overlay), std::fs::read_to_string(&overlay).unwrap())),
            sdk: Some(generator::spec::Text::new(relative(&sdk), sdk_text)),
        };
        let result = generator::spec::parse_inputs(&inputs).and_then(|spec| generator::ir::lower(&spec));
        let error = match result {
            Ok(_) => panic!("{case}: the broken spec was accepted"),
            Err(error) => error,
        };
        // Only errors about the document as a whole may point at its root.
        let whole_document =
            matches!(error.kind, generator::ErrorKind::InvalidYaml(_) | generator::ErrorKind::EmptySpec);
        assert!(
            error.location.pointer.starts_with('#') && (whole_document || error.location.pointer.len() > 1),
            "{case}: the error does not point into the document: {error}"
        );
        report.push_str(&format!("{case}:\n  {error}\n"));
    }
    insta::assert_snapshot!("broken_specs", report);
}
