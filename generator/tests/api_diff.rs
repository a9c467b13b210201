//! The corpus of small spec edits in `tests/api_diff/`, each applied to the `kinds` fixture: the
//! report of every edit is snapshotted, and its verdict checked against the class Rust's semver
//! rules give it (the same table `cargo xtask semver-corpus` checks cargo-semver-checks against).

use generator::diff::{self, Class};
use generator::{ir, spec};
use std::path::{Path, PathBuf};

/// Every case, and the verdict it must have.
const EXPECTED: &[(&str, Option<Class>)] = &[
    ("description_only", Some(Class::DocsOnly)),
    ("enum_value_added", Some(Class::Additive)),
    ("enum_value_removed", Some(Class::Breaking)),
    ("field_added_optional", Some(Class::Additive)),
    ("field_added_required", Some(Class::Breaking)),
    ("field_made_nullable", Some(Class::Breaking)),
    ("field_removed", Some(Class::Breaking)),
    ("operation_added", Some(Class::Additive)),
    ("operation_removed", Some(Class::Breaking)),
    ("param_made_required", Some(Class::Breaking)),
    ("string_to_object", Some(Class::Breaking)),
    ("type_renamed_kept", Some(Class::DocsOnly)),
    ("type_renamed_unmapped", Some(Class::Breaking)),
    ("union_variant_added", Some(Class::Additive)),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn report(case: &str) -> diff::Report {
    let base = dir().join("fixtures/kinds");
    let old = ir::lower(&spec::load(&base).expect("the base loads")).expect("the base lowers");
    let inputs = diff::edited_inputs(&base, &dir().join("api_diff").join(case)).expect("the case reads");
    let new = ir::lower(&spec::parse_inputs(&inputs).expect("the edit parses")).expect("the edit lowers");
    diff::compare(&old, &new)
}

#[test]
fn every_case_has_its_verdict_and_report() {
    for (case, verdict) in EXPECTED {
        let report = report(case);
        assert_eq!(report.verdict(), *verdict, "{case}:\n{}", report.render_text("kinds", None));
        let next = diff::next_version("0.3.1", report.verdict()).unwrap();
        let text = report.render_text("kinds", Some(("0.3.1", &next)));
        insta::assert_snapshot!(
            format!("api_diff_{case}"),
            format!("{text}\n--- changelog ---\n{}", report.render_changelog())
        );
    }
}

#[test]
fn the_table_lists_every_case_in_the_corpus() {
    let cases = diff::corpus_cases(&dir().join("api_diff")).unwrap();
    let listed: Vec<&str> = EXPECTED.iter().map(|(case, _)| *case).collect();
    assert_eq!(cases, listed);
}

#[test]
fn the_same_document_changes_nothing() {
    let base = dir().join("fixtures/kinds");
    let ir = ir::lower(&spec::load(&base).unwrap()).unwrap();
    let report = diff::compare(&ir, &ir);
    assert_eq!(report.verdict(), None);
    assert_eq!(diff::next_version("0.3.1", report.verdict()).unwrap(), "0.3.1");
}
