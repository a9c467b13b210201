//! `cargo xtask update-spec FILE --bump` in a scratch checkout built from the `kinds` fixture: the
//! report is printed, the version follows the verdict into `spec/sdk.yaml` and the generated
//! `Cargo.toml`, and CHANGELOG.md gets the release section; a second run with the same document
//! changes nothing.

mod common;

use common::{copy_dir, this_checkout};
use std::path::Path;
use std::process::Command;

const SDK: &str = "# The kinds fixture's shape, with the crate block written out so its version can be bumped.
crate:
  name: kinds
  # bumped by update-spec --bump
  version: 0.3.1
  description: Fixture covering every IR kind.
resources:
  pets:
    type_prefix: Pet
    methods:
      list: {operation: listPets, pagination: cursor}
      create: {operation: createPet, stream: {event: PetEvent, flag: stream}}
      retrieve: {operation: getPet}
    resources:
      photo:
        methods:
          retrieve: {operation: getPetPhoto}
          upload: {operation: uploadPetPhoto}
          delete: {operation: deletePetPhoto}
";

fn update_spec(checkout: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("update-spec")
        .args(args)
        .current_dir(checkout)
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

#[test]
fn bump_sets_the_version_and_writes_the_changelog() {
    let original = this_checkout();
    let checkout = std::env::temp_dir().join(format!("xtask-update-spec-bump-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&checkout);
    copy_dir(&original.join("templates"), &checkout.join("templates"));
    std::fs::create_dir_all(checkout.join("xtask")).unwrap();
    std::fs::create_dir_all(checkout.join("spec")).unwrap();
    std::fs::copy(original.join("Cargo.toml"), checkout.join("Cargo.toml")).unwrap();
    std::fs::copy(original.join("xtask/Cargo.toml"), checkout.join("xtask/Cargo.toml")).unwrap();
    let openapi = std::fs::read_to_string(original.join("generator/tests/fixtures/kinds/openapi.yaml")).unwrap();
    std::fs::write(checkout.join("spec/openapi.yaml"), &openapi).unwrap();
    std::fs::write(checkout.join("spec/sdk.yaml"), SDK).unwrap();
    // The next release drops `Pet.age`: a breaking change.
    let age = "        age: {type: integer, format: int64}\n";
    assert!(openapi.contains(age));
    let release = checkout.join("openai-openapi-2027-01-05.yaml");
    std::fs::write(&release, openapi.replace(age, "")).unwrap();

    let stdout = update_spec(&checkout, &[release.to_str().unwrap(), "--bump"]);
    assert!(stdout.contains("kinds: breaking (1 breaking, 0 additive, 0 docs only)"), "{stdout}");
    assert!(stdout.contains("Pet.age: field removed  [item-removed]"), "{stdout}");
    assert!(stdout.contains("version: 0.3.1 -> 0.4.0"), "{stdout}");
    let sdk = std::fs::read_to_string(checkout.join("spec/sdk.yaml")).unwrap();
    assert_eq!(sdk, SDK.replace("version: 0.3.1", "version: 0.4.0"), "only the version line changes");
    let manifest = std::fs::read_to_string(checkout.join("generated/Cargo.toml")).unwrap();
    assert!(manifest.contains("version = \"0.4.0\""), "{manifest}");
    let changelog = std::fs::read_to_string(checkout.join("CHANGELOG.md")).unwrap();
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    assert!(changelog.contains("## [Unreleased]\n\n## [0.4.0] - "), "{changelog}");
    assert!(changelog.contains("release 2027-01-05"), "{changelog}");
    assert!(
        changelog.contains("### Removed\n\n- **Breaking:** `Pet.age`: field removed (item-removed)\n"),
        "{changelog}"
    );

    // The same document again: no change, so no new version and no new section.
    let stdout = update_spec(&checkout, &[release.to_str().unwrap(), "--bump"]);
    assert!(stdout.contains("kinds: no change to the Rust API"), "{stdout}");
    assert_eq!(std::fs::read_to_string(checkout.join("spec/sdk.yaml")).unwrap(), sdk);
    assert_eq!(std::fs::read_to_string(checkout.join("CHANGELOG.md")).unwrap(), changelog);
    let _ = std::fs::remove_dir_all(&checkout);
}
