//! Every spec in `tests/broken/` must fail with a message that names the file, the line and
//! column where known, the JSON pointer, and what was expected. The messages are snapshotted.

use std::path::Path;

#[test]
fn broken_specs_report_clear_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    // A case is `CASE.yaml` (a broken document, with `CASE.sdk.yaml` or the shared `sdk.yaml`),
    // or `CASE.sdk.yaml` alone (a broken config, with the shared document `_config_cases.yaml`).
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('_') && !name.ends_with(".overlay.yaml") && name != "sdk.yaml")
        .filter_map(|name| name.strip_suffix(".sdk.yaml").or_else(|| name.strip_suffix(".yaml")).map(str::to_owned))
        .collect();
    cases.sort();
    cases.dedup();
    assert!(cases.len() >= 10, "the corpus covers at least the ten required cases");
    let mut report = String::new();
    for case in cases {
        let own_document = dir.join(format!("{case}.yaml"));
        let openapi = if own_document.exists() { own_document } else { dir.join("_config_cases.yaml") };
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
