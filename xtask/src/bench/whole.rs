//! The whole upstream document in whole-spec mode (no `sdk.yaml`, no overlay): how long the
//! generator takes on all of it, whole process, and what the crate it writes costs to build, the
//! figures the peers publish for the same document.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::compile::{crate_lines, unit_seconds};
use super::{median, regen, BenchError, Result};

/// What the targets table reads.
#[derive(Debug, Default, Clone, Copy)]
pub struct WholeFigures {
    pub generate_ms: f64,
    /// (debug, release) seconds of the crate's own unit, dependencies built.
    pub compile_s: (f64, f64),
    /// (debug, release) peak resident memory of the build, in KiB.
    pub peak_kb: (f64, f64),
}

/// The section's heading; `bench --whole` replaces the section under it in place.
pub const HEADING: &str = "## Whole upstream document (whole-spec mode)";

pub fn section(root: &Path, target: &Path) -> Result<(String, WholeFigures)> {
    // A file rather than a directory: `regen` then derives the SDK shape from the paths.
    let document = root.join("spec/openapi.yaml");
    // Outside the repository, or cargo takes the crate for a stray workspace member.
    let crate_dir = std::env::temp_dir().join("openai-beta-bench-whole");
    let mut times = Vec::new();
    for _ in 0..5 {
        times.push(regen(target, root, &document, &crate_dir)?.1);
    }
    let mut figures = WholeFigures { generate_ms: median(times), ..WholeFigures::default() };
    let lock = root.join("Cargo.lock");
    std::fs::copy(&lock, crate_dir.join("Cargo.lock")).map_err(|e| io(&lock, e))?;
    let build_target = target.join("bench-whole");
    let lines = crate_lines(&crate_dir);
    for (release, slot) in [(false, 0), (true, 1)] {
        let profile: &[&str] = if release { &["--release"] } else { &[] };
        // Dependencies first, then the crate alone, as a user who adds it to a built project.
        build(&crate_dir, &build_target, &[&["build"], profile].concat(), false)?;
        build(&crate_dir, &build_target, &[&["clean", "-p", "openai"], profile].concat(), false)?;
        let peak = build(&crate_dir, &build_target, &[&["build", "--timings"], profile].concat(), true)?;
        let seconds = unit_seconds(&build_target, "openai")?;
        if slot == 0 {
            figures.compile_s.0 = seconds;
            figures.peak_kb.0 = peak;
        } else {
            figures.compile_s.1 = seconds;
            figures.peak_kb.1 = peak;
        }
    }
    let mut out = format!("\n{HEADING}\n\n");
    writeln!(
        out,
        "`spec/openapi.yaml` (OpenAI's document as published) through `regen` with no `sdk.yaml` and no \
         overlay: every operation bound by the derived SDK shape. The crate ({lines} lines of Rust) is \
         written outside the workspace and built on its own, with the workspace's `Cargo.lock`.\n"
    )
    .ok();
    out.push_str("| measure | ours | target | |\n|---|---|---|---|\n");
    let verdict = |met: bool| if met { "met" } else { "**missed**" };
    writeln!(
        out,
        "| generate, whole process (median of 5) | {:.0} ms | ≤ 1500 ms (ploidy 1.57 s, openapi-to-rust 3.44 s) | {} |",
        figures.generate_ms,
        verdict(figures.generate_ms <= 1500.0)
    )
    .ok();
    for (name, seconds, peak) in
        [("debug", figures.compile_s.0, figures.peak_kb.0), ("release", figures.compile_s.1, figures.peak_kb.1)]
    {
        writeln!(
            out,
            "| `cargo build` ({name}), the crate alone | {seconds:.1} s | ≤ 60 s (progenitor 104 s, openapi-to-rust 125 s, ploidy 191 s) | {} |",
            verdict(seconds <= 60.0)
        )
        .ok();
        writeln!(
            out,
            "| peak memory of that build ({name}) | {:.2} GB | ≤ 2.5 GB (progenitor 4.4 GB, openapi-to-rust 4.8 GB, ploidy 6.0 GB) | {} |",
            peak / 1024.0 / 1024.0,
            verdict(peak / 1024.0 / 1024.0 <= 2.5)
        )
        .ok();
    }
    out.push_str(
        "\nCompile seconds are the crate's unit in cargo's `--timings` report; peak memory is the \
         largest resident set of any process of the build (`/usr/bin/time -f %M`), which is rustc on \
         the generated crate. The peers' figures are theirs on this machine kind, from \
         `../shared/reference/peers.md`; they are not rerun here.\n",
    );
    Ok((out, figures))
}

/// Runs cargo in `dir`; with `measure`, under `/usr/bin/time` and returns the peak RSS in KiB.
fn build(dir: &Path, target: &Path, args: &[&str], measure: bool) -> Result<f64> {
    let cargo = env!("CARGO");
    let mut command = if measure {
        let mut command = Command::new("/usr/bin/time");
        command.args(["-f", "peak_kb=%M", cargo]);
        command
    } else {
        Command::new(cargo)
    };
    let output = command
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .output()
        .map_err(|e| BenchError::Command { command: format!("cargo {}", args.join(" ")), detail: e.to_string() })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(BenchError::Command { command: format!("cargo {}", args.join(" ")), detail: stderr.into_owned() });
    }
    Ok(stderr.lines().find_map(|line| line.strip_prefix("peak_kb=")?.trim().parse().ok()).unwrap_or(f64::NAN))
}

fn io(path: &Path, e: std::io::Error) -> BenchError {
    BenchError::Read { path: PathBuf::from(path), detail: e.to_string() }
}

/// Replaces the section under [`HEADING`] in `report` (up to the next `## ` heading), or appends
/// it when there is none.
pub fn splice(report: &str, section: &str) -> String {
    let Some(start) = report.find(&format!("\n{HEADING}\n")) else {
        return format!("{}\n{}", report.trim_end(), section);
    };
    let rest = &report[start + 1..];
    let end = rest[HEADING.len()..].find("\n## ").map(|i| start + 1 + HEADING.len() + i).unwrap_or(report.len());
    format!("{}{}{}", &report[..start], section.trim_end_matches('\n'), &report[end..])
}
