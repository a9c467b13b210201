//! `cargo xtask` acts on the checkout it is run in. With a shared `CARGO_TARGET_DIR`, one xtask
//! binary serves several checkouts; a root baked in at compile time would regenerate another
//! checkout's `generated/`. Here the built binary runs inside a second copy of the project's
//! inputs and must write there, and only there.

mod common;

use common::{copy_dir, this_checkout};
use std::process::Command;

#[test]
fn regenerate_writes_the_checkout_it_runs_in() {
    let original = this_checkout();
    let copy = std::env::temp_dir().join(format!("xtask-second-checkout-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    // What `regenerate` reads, and the markers that say "a checkout": Cargo.toml and xtask/.
    for dir in ["spec", "templates"] {
        copy_dir(&original.join(dir), &copy.join(dir));
    }
    std::fs::create_dir_all(copy.join("xtask")).unwrap();
    std::fs::copy(original.join("Cargo.toml"), copy.join("Cargo.toml")).unwrap();
    std::fs::copy(original.join("xtask/Cargo.toml"), copy.join("xtask/Cargo.toml")).unwrap();
    let before = std::fs::read(original.join("generated/src/types.rs")).unwrap();

    // From a subdirectory of the copy, as a developer might.
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("regenerate")
        .current_dir(copy.join("spec"))
        .status()
        .expect("xtask runs");
    assert!(status.success());
    let written = std::fs::read(copy.join("generated/src/types.rs")).expect("the copy got its generated/");
    assert_eq!(written, before, "the same inputs give the same crate");
    assert_eq!(std::fs::read(original.join("generated/src/types.rs")).unwrap(), before, "this checkout untouched");

    // Outside any checkout it refuses rather than guessing.
    let outside = std::env::temp_dir();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regenerate", "--check"])
        .current_dir(&outside)
        .output()
        .expect("xtask runs");
    if !outside.ancestors().any(|dir| dir.join("xtask/Cargo.toml").is_file()) {
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("not inside the project"));
    }
    std::fs::remove_dir_all(&copy).unwrap();
}
