//! The generated crate's README snippet compiles as written, in a fresh crate that adds only what
//! the README says to add (`openai-beta` and `tokio` with `macros` and `rt-multi-thread`), inside
//! the `async fn` the README describes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("examples/ has a parent").to_path_buf()
}

/// The first ```rust block of a Markdown text.
fn first_rust_block(markdown: &str) -> String {
    let start = markdown.find("```rust\n").expect("the README has a ```rust block") + "```rust\n".len();
    let end = start + markdown[start..].find("\n```").expect("the block ends");
    markdown[start..end].to_owned()
}

#[test]
fn the_readme_snippet_compiles_in_a_fresh_crate() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("generated/README.md")).unwrap();
    let snippet = first_rust_block(&readme);
    let dir = std::env::temp_dir().join(format!("readme-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"readme-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nopenai-beta = {{ path = {:?} }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
        root.join("generated").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lockfile: the same dependency versions, nothing new to fetch or build.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    // The README's `use` lines go at the top of the file, the rest into the function.
    let (uses, body): (Vec<&str>, Vec<&str>) = snippet.lines().partition(|line| line.starts_with("use "));
    let main = format!(
        "#![allow(deprecated, unused)]\n{}\n\nasync fn run() -> Result<(), openai_beta::Error> {{\n{}\n    Ok(())\n}}\n\n\
         #[tokio::main]\nasync fn main() {{\n    let _ = run().await;\n}}\n",
        uses.join("\n"),
        body.join("\n")
    );
    std::fs::write(dir.join("src/main.rs"), &main).unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(&dir)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the README snippet does not compile:\n{main}\n{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
