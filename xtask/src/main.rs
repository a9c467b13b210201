//! Maintainer commands: `cargo xtask regenerate [--check]`, `cargo xtask bench`.

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask regenerate [--check] | bench

  regenerate          render generated/ from spec/ and templates/ and replace it
  regenerate --check  write nothing; list files that differ and fail if any do
  bench               run every benchmark (bench/) and write BENCHMARKS.md";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regenerate"] => regenerate(false),
        ["regenerate", "--check"] => regenerate(true),
        ["bench"] => bench::run(&project_root()),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn regenerate(check: bool) -> ExitCode {
    let root = project_root();
    let started = Instant::now();
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
