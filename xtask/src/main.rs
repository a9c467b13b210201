//! Maintainer commands: `cargo xtask regenerate [--check]`, `update-spec`, `generate`, `bench [--whole]`.

mod api_diff;
mod bench;
mod semver_corpus;
mod spec_cmds;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <command>

  regenerate          render generated/ from spec/ and templates/ and replace it
  regenerate --check  write nothing; list files that differ and fail if any do
  update-spec FILE [--bump]
                      take a new upstream OpenAPI document into spec/openapi.yaml (recording its
                      sha256), re-apply spec/overlay.yaml and regenerate; on any error nothing changes.
                      Prints what changes in the Rust API and the next version; --bump sets that
                      version in spec/sdk.yaml and adds its section to CHANGELOG.md
  diff-spec OLD NEW [--changelog] [--whole]
                      what going from upstream document OLD to NEW changes in the Rust API of the
                      crate spec/ describes, each change classed breaking/additive/docs only, and
                      the next version; --changelog prints it as a CHANGELOG.md section; --whole
                      compares the crates `generate` makes of the whole documents; writes nothing
  generate --spec FILE --out DIR [--config SDK_YAML] [--overlay FILE] [--name CRATE]
                      generate a standalone crate from any OpenAPI 3.0/3.1 document; without
                      --config every operation gets a method in a resource tree derived from the paths
  semver-corpus       check the verdicts of diff-spec on the corpus of spec edits
                      (generator/tests/api_diff/) against cargo-semver-checks; needs the tool
                      (scripts/semver-corpus.sh installs the pinned version and runs this)
  bench               run every benchmark (bench/) and write BENCHMARKS.md
  bench --whole       only the whole-document figures (generate, build time and memory of the
                      crate whole-spec mode writes), replaced in BENCHMARKS.md
  help                this text";

fn main() -> ExitCode {
    // Run by cargo as its rustc wrapper, for `bench`'s instruction counts of a crate's build.
    if let Some(spec) = std::env::var_os(bench::CALLGRIND_RUSTC) {
        return bench::rustc_wrapper(&spec);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if matches!(args.as_slice(), ["help" | "--help" | "-h"]) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let root = match project_root() {
        Ok(root) => root,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    match args.as_slice() {
        ["regenerate"] => regenerate(&root, false),
        ["regenerate", "--check"] => regenerate(&root, true),
        ["bench"] => bench::run(&root),
        ["bench", "--whole"] => bench::run_whole(&root),
        ["update-spec", file] => spec_cmds::update_spec(&root, Path::new(file), false),
        ["update-spec", file, "--bump"] | ["update-spec", "--bump", file] => {
            spec_cmds::update_spec(&root, Path::new(file), true)
        }
        ["semver-corpus"] => semver_corpus::run(&root),
        ["diff-spec", rest @ ..] => match api_diff::DiffArgs::parse(rest) {
            Ok(args) => api_diff::diff_spec(&root, &args),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        ["generate", rest @ ..] => match spec_cmds::GenerateArgs::parse(rest) {
            Ok(args) => spec_cmds::generate(&root, &args),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The checkout the command is run in: the nearest directory, from the current one up, that
/// holds the workspace's `Cargo.toml` and `xtask/`. Not the directory this binary was compiled
/// in (`CARGO_MANIFEST_DIR` at build time): with a target directory shared between checkouts, the
/// binary built in one would otherwise regenerate another.
fn project_root() -> Result<PathBuf, String> {
    let here = std::env::current_dir().map_err(|err| format!("cannot read the current directory: {err}"))?;
    here.ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("xtask").join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            format!(
                "{} is not inside the project: expected a directory with `Cargo.toml` and `xtask/` here or above; \
                 run `cargo xtask` from the checkout",
                here.display()
            )
        })
}

fn regenerate(root: &Path, check: bool) -> ExitCode {
    let started = Instant::now();
    if let Err(message) = spec_cmds::verify_upstream(&root.join("spec")) {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    let files = match generator::generate(&root.join("spec"), &root.join("templates")) {
        Ok(files) => files,
        Err(err) => {
            // Paths relative to the project root read better and match what editors expect.
            let message = err.to_string().replace(&format!("{}/", root.display()), "");
            eprintln!("error: {message}");
            eprintln!("generated/ was left unchanged.");
            return ExitCode::FAILURE;
        }
    };
    let out = root.join("generated");
    let result = if check { generator::write::diff(&out, &files) } else { generator::write::replace(&out, &files) };
    let diff = match result {
        Ok(diff) => diff,
        Err(err) => {
            eprintln!("error: cannot update {}: {err}", out.display());
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();
    if check {
        if diff.is_empty() {
            println!("generated/ is up to date ({} files, {elapsed:.2?})", files.len());
            return ExitCode::SUCCESS;
        }
        eprintln!("generated/ is stale; run `cargo xtask regenerate`:");
        for line in diff.lines() {
            eprintln!("  {line}");
        }
        return ExitCode::FAILURE;
    }
    if diff.is_empty() {
        println!("generated/ unchanged ({} files, {elapsed:.2?})", files.len());
    } else {
        for line in diff.lines() {
            println!("  {line}");
        }
        println!("generated/ updated ({} files, {elapsed:.2?})", files.len());
    }
    ExitCode::SUCCESS
}
