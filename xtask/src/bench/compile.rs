//! Compile times of the crate beside async-openai's: each alone, with a program, and by
//! resource group (see [`compile_section`]).

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::Value;

use super::{cargo, cargo_env, median, BenchError, Result, Summary};

/// How the crates are built for a compile-time comparison.
#[derive(Clone, Copy)]
enum Profile {
    /// Debug as cargo builds a registry dependency here: not incremental, no debug info.
    Registry,
    /// Debug as cargo builds a registry dependency in a project with cargo's default dev profile:
    /// not incremental, full debug info (this workspace turns debug info off for dependencies).
    CargoDefault,
    Release,
}

/// Seconds of one build (see [`crate_and_program`]).
#[derive(Clone, Copy)]
struct BuildTimes {
    /// The crate's unit.
    krate: f64,
    /// The program's unit (it starts once the crate is built: a binary links the crate's code).
    program: f64,
    /// The whole build, first start to last end.
    total: f64,
}

/// Builds `build` (arguments to `cargo build`, with `profile`'s flags added), cleans `krate` and
/// builds again, and returns the units of that second build's `--timings` report. So `krate` is
/// built alone, all else built: the other crate is not rebuilt beside it, and nothing large
/// compiles beside it (`bench/compile-probe` is empty; a dependent starts as soon as the timed
/// crate's metadata is out).
fn rebuild_timed(root: &Path, target: &Path, krate: &str, build: &[&str], profile: Profile) -> Result<Vec<TimedUnit>> {
    rebuild(root, krate, &[build, &["--timings"]].concat(), profile, &[])?;
    timed_units(target)
}

/// Builds `build` with `profile`'s settings, cleans `krate` and builds again, the second time
/// with `extra_env` added: `krate` is compiled alone, everything else already built.
fn rebuild(root: &Path, krate: &str, build: &[&str], profile: Profile, extra_env: &[(&str, &str)]) -> Result<()> {
    let (flags, env) = settings(profile);
    let build = [build, flags].concat();
    cargo_env(root, &build, env)?;
    cargo(
        root,
        &[&["clean", "-p", krate][..], if matches!(profile, Profile::Release) { &["--release"] } else { &[] }].concat(),
    )?;
    cargo_env(root, &build, &[env, extra_env].concat())
}

/// The `cargo build` flags and environment of `profile`.
fn settings(profile: Profile) -> (&'static [&'static str], &'static [(&'static str, &'static str)]) {
    match profile {
        Profile::Registry => (&["--config", "profile.dev.debug=false"], &[("CARGO_INCREMENTAL", "0")]),
        Profile::CargoDefault => (
            &["--config", "profile.dev.debug=true", "--config", "profile.dev.package.\"*\".debug=true"],
            &[("CARGO_INCREMENTAL", "0")],
        ),
        Profile::Release => (&["--release"], &[]),
    }
}

/// Set to `crate_name=profile_path` when this binary runs as cargo's `RUSTC_WRAPPER` (see
/// [`rustc_wrapper`]).
pub(crate) const CALLGRIND_RUSTC: &str = "XTASK_CALLGRIND_RUSTC";

/// This binary as cargo's `RUSTC_WRAPPER`: runs rustc as cargo asked, under callgrind when it
/// compiles the crate named in [`CALLGRIND_RUSTC`] (its profile goes to the path named there).
pub(crate) fn rustc_wrapper(spec: &std::ffi::OsStr) -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(rustc) = args.next() else {
        eprintln!("error: {CALLGRIND_RUSTC} is set but no rustc was given to wrap");
        return ExitCode::FAILURE;
    };
    let args: Vec<OsString> = args.collect();
    let spec = spec.to_string_lossy();
    let (krate, profile) = spec.split_once('=').unwrap_or((&spec, "callgrind.out"));
    let compiles_krate = args.windows(2).any(|pair| pair[0] == "--crate-name" && pair[1] == krate);
    let mut command = if compiles_krate {
        let mut valgrind = Command::new("valgrind");
        // valgrind's own report goes to a file: cargo reads rustc's stderr as diagnostics.
        valgrind
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={profile}"))
            .arg(format!("--log-file={profile}.log"))
            .arg(&rustc);
        valgrind
    } else {
        Command::new(&rustc)
    };
    match command.args(&args).status() {
        Ok(status) => ExitCode::from(status.code().map_or(1, |code| code.clamp(0, 255) as u8)),
        Err(e) => {
            eprintln!("error: cannot run rustc ({}): {e}", rustc.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}

/// Instructions rustc executes to build each crate alone with the registry settings, counted by
/// callgrind (see [`rustc_wrapper`]): the same count whatever else the machine is doing, where
/// seconds move by a fifth. Summed over rustc's threads, so it counts the work, not the wait: a
/// crate whose code generation runs on both cores pays less in seconds than in instructions.
/// (ours, theirs).
fn compile_instructions(root: &Path, target: &Path) -> Result<(f64, f64)> {
    let exe = std::env::current_exe().map_err(|e| BenchError::Read { path: "xtask".into(), detail: e.to_string() })?;
    // Cargo takes the wrapper from the environment, as text.
    let wrapper =
        exe.to_str().ok_or_else(|| BenchError::Read { path: exe.clone(), detail: "the path is not UTF-8".into() })?;
    let dir = target.join("bench-profile");
    std::fs::create_dir_all(&dir).map_err(|e| BenchError::Read { path: dir.clone(), detail: e.to_string() })?;
    let build = ["build", "-p", "compile-probe", "--lib"];
    let mut counts = Vec::new();
    for krate in ["openai-beta", "async-openai"] {
        let profile = dir.join(format!("rustc-{krate}.out"));
        let spec = format!("{}={}", krate.replace('-', "_"), profile.display());
        rebuild(root, krate, &build, Profile::Registry, &[("RUSTC_WRAPPER", wrapper), (CALLGRIND_RUSTC, &spec)])?;
        counts.push(super::callgrind::total_instructions(&profile)?);
    }
    Ok((counts[0], counts[1]))
}

/// The compile time of `krate` alone (see [`rebuild_timed`]), and then of `program`, a binary of
/// `bench/compile-probe` making the same Assistants calls through it. The program's figure is
/// what a user pays again on every change to their own code: the code a crate leaves to its
/// callers (generic or `#[inline]`) is compiled there.
fn crate_and_program(root: &Path, target: &Path, krate: &str, program: &str, profile: Profile) -> Result<BuildTimes> {
    let units = rebuild_timed(root, target, krate, &["build", "-p", "compile-probe", "--bin", program], profile)?;
    let program_seconds = units
        .iter()
        // A binary's target reads ` ours "bin"`.
        .filter(|u| u.name == "compile-probe" && u.target.split_whitespace().next() == Some(program))
        .map(|u| u.duration)
        .reduce(f64::max)
        .ok_or_else(|| BenchError::Read {
            path: target.join("cargo-timings/cargo-timing.html"),
            detail: format!("no unit for the program {program}"),
        })?;
    let start = units.iter().map(|u| u.start).reduce(f64::min).unwrap_or(0.0);
    let end = units.iter().map(|u| u.start + u.duration).reduce(f64::max).unwrap_or(0.0);
    Ok(BuildTimes { krate: lib_seconds(&units, target, krate)?, program: program_seconds, total: end - start })
}

/// The resource groups both crates have as features: `compile-probe`'s feature (which turns on
/// ours and async-openai's), and how the table names it.
const GROUPS: [(&str, &str); 2] = [("chatkit", "ChatKit"), ("assistants", "Assistants (with threads, runs, messages)")];

/// Each crate alone with one resource group (`compile-probe`'s features turn on the same group in
/// both), medians of three builds, alternating (see [`alternating`]): (ours, theirs).
fn group_medians(root: &Path, target: &Path, group: &str, profile: Profile) -> Result<(f64, f64)> {
    let build = ["build", "-p", "compile-probe", "--lib", "--no-default-features", "--features", group];
    let (ours, peer) =
        alternating(|krate, _| lib_seconds(&rebuild_timed(root, target, krate, &build, profile)?, target, krate))?;
    Ok((median(ours), median(peer)))
}

/// Three of `measure(crate, its program in bench/compile-probe)` for ours and for async-openai,
/// the two alternating: one build on a shared machine moves by a fifth from run to run, and
/// alternating spreads a slow spell over both crates. (ours, theirs).
fn alternating<T>(mut measure: impl FnMut(&str, &str) -> Result<T>) -> Result<(Vec<T>, Vec<T>)> {
    let (mut ours, mut peer) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        ours.push(measure("openai-beta", "ours")?);
        peer.push(measure("async-openai", "peer")?);
    }
    Ok((ours, peer))
}

/// The table of [`group_medians`] for each group, debug and release.
fn groups_table(root: &Path, target: &Path) -> Result<String> {
    let mut out = String::from(
        "\n### One resource group\n\n\
         Each crate built alone with the features of one group of resources, the same group in both \
         (ours: `default-features = false, features = [\"rustls\", <group>]`; async-openai: its `chatkit` or \
         `assistant` feature), medians of three builds, alternating.\n\n\
         | group | ours, debug | async-openai, debug | ratio | ours, release | async-openai, release | ratio |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for (group, label) in GROUPS {
        let (ours_debug, peer_debug) = group_medians(root, target, group, Profile::Registry)?;
        let (ours_release, peer_release) = group_medians(root, target, group, Profile::Release)?;
        writeln!(
            out,
            "| {label} | {ours_debug:.1} s | {peer_debug:.1} s | {:.2}x | {ours_release:.1} s | {peer_release:.1} s | \
             {:.2}x |",
            ours_debug / peer_debug,
            ours_release / peer_release
        )
        .ok();
    }
    Ok(out)
}

/// Ours and async-openai's compile times with `profile`, each figure the median of three builds
/// (see [`crate_and_program`] and [`alternating`]).
fn alternating_medians(root: &Path, target: &Path, profile: Profile) -> Result<(BuildTimes, BuildTimes)> {
    let (ours, peer) = alternating(|krate, program| crate_and_program(root, target, krate, program, profile))?;
    let medians = |runs: &[BuildTimes]| BuildTimes {
        krate: median(runs.iter().map(|r| r.krate).collect()),
        program: median(runs.iter().map(|r| r.program).collect()),
        total: median(runs.iter().map(|r| r.total).collect()),
    };
    Ok((medians(&ours), medians(&peer)))
}

/// Debug and release builds of each crate alone (see [`alternating_medians`]): async-openai is
/// a registry crate, which cargo builds without incremental compilation and (in this workspace)
/// without debug info, so ours is built the same way for the ratio; then ours cold and
/// incremental with the project's own dev settings (incremental, line tables), the incremental
/// one after rewriting a generated file with the same bytes (cargo sees a new mtime, git sees no
/// change).
pub(super) fn compile_section(root: &Path, target: &Path, summary: &mut Summary) -> Result<String> {
    let (ours_debug, peer_debug) = alternating_medians(root, target, Profile::Registry)?;
    summary.compile = (ours_debug.krate, peer_debug.krate);
    let (ours_release, peer_release) = alternating_medians(root, target, Profile::Release)?;
    summary.compile_release = (ours_release.krate, peer_release.krate);
    cargo(root, &["clean", "-p", "openai-beta"])?;
    cargo(root, &["build", "-p", "openai-beta", "--timings"])?;
    let ours_cold_defaults = unit_seconds(target, "openai-beta")?;
    let types = root.join("generated/src/types.rs");
    let mut incremental = Vec::new();
    for _ in 0..3 {
        let text =
            std::fs::read(&types).map_err(|e| BenchError::Read { path: types.clone(), detail: e.to_string() })?;
        std::fs::write(&types, text).map_err(|e| BenchError::Read { path: types.clone(), detail: e.to_string() })?;
        cargo(root, &["build", "-p", "openai-beta", "--timings"])?;
        incremental.push(unit_seconds(target, "openai-beta")?);
    }
    let ours_incremental = median(incremental);
    let generated_lines = crate_lines(&root.join("generated"));
    let mut out = String::from("\n## Compile time of the crate alone (dependencies built)\n\n");
    out.push_str(
        "| crate | debug, registry settings | release | debug, project defaults | incremental (median of 3) |\n",
    );
    out.push_str("|---|---|---|---|---|\n");
    writeln!(
        out,
        "| openai-beta ({generated_lines} lines) | {:.1} s | {:.1} s | {ours_cold_defaults:.1} s | \
         {ours_incremental:.1} s |",
        ours_debug.krate, ours_release.krate
    )
    .ok();
    writeln!(
        out,
        "| async-openai 0.41.3 (`assistant,chatkit`) | {:.1} s | {:.1} s | n/a | n/a (registry crate) |",
        peer_debug.krate, peer_release.krate
    )
    .ok();
    writeln!(
        out,
        "\nours ÷ async-openai, the same settings in the same run: {:.2}x debug, {:.2}x release (lower is better \
         for us). Each crate is built alone, the other already built: `bench/compile-probe`, which depends on \
         both with the features compared, is built, the crate is cleaned, and the build is run again; each \
         figure is the median of three such builds, the two crates alternating.",
        ours_debug.krate / peer_debug.krate,
        ours_release.krate / peer_release.krate
    )
    .ok();
    let (ours_instructions, peer_instructions) = compile_instructions(root, target)?;
    writeln!(
        out,
        "\nThe same debug builds counted in instructions (callgrind running rustc, once each; summed over \
         rustc's threads): ours {:.2} G, async-openai {:.2} G, **{:.2}x**. The count does not move with the \
         machine's load, as seconds do; it is lower than the ratio in seconds because async-openai spends \
         more of its build generating code, which rustc spreads over both cores, and ours more in type \
         checking, which runs on one.",
        ours_instructions / 1e9,
        peer_instructions / 1e9,
        ours_instructions / peer_instructions
    )
    .ok();
    out.push_str(
        "\n### The crate and a program that uses it\n\n\
         The same builds go on to compile a program of `bench/compile-probe/src/bin/` that makes the same \
         Assistants calls through each crate (retrieve an assistant, create a thread and a message, stream a \
         run, list the messages and the run's steps). Both crates leave the code of a call to the program that \
         makes it: async-openai's is generic over its `Config`, ours is `#[inline]`. The program's figure is \
         what a user pays again on every change to their own code.\n\n\
         | | crate | program | whole build |\n|---|---|---|---|\n",
    );
    for (label, ours, peer) in [("debug", ours_debug, peer_debug), ("release", ours_release, peer_release)] {
        for (name, times) in [("openai-beta", ours), ("async-openai", peer)] {
            writeln!(out, "| {name}, {label} | {:.1} s | {:.1} s | {:.1} s |", times.krate, times.program, times.total)
                .ok();
        }
        writeln!(
            out,
            "| ours ÷ async-openai, {label} | {:.2}x | {:.2}x | {:.2}x |",
            ours.krate / peer.krate,
            ours.program / peer.program,
            ours.total / peer.total
        )
        .ok();
    }
    out.push_str(
        "\nFigures are the crate's unit duration in cargo's `--timings` report (`target/cargo-timings/`). \
         \"Registry settings\" is how cargo builds a registry dependency here: not incremental, no debug \
         info; \"project defaults\" adds incremental compilation and line tables, as a workspace member \
         gets.\n",
    );
    out.push_str(&groups_table(root, target)?);
    // Last: it rebuilds every dependency with debug info, which the builds above would redo.
    let (ours_default, peer_default) = group_medians(root, target, "chatkit,assistants", Profile::CargoDefault)?;
    summary.compile_cargo_default = (ours_default, peer_default);
    writeln!(
        out,
        "\n### Debug with cargo's default dev profile\n\n\
         A project that keeps cargo's defaults builds every dependency with full debug info (this \
         workspace turns it off for dependencies, as the registry settings above have it). Each crate alone, \
         whole, medians of three builds, alternating: ours {ours_default:.1} s, async-openai \
         {peer_default:.1} s, **{:.2}x**.",
        ours_default / peer_default
    )
    .ok();
    Ok(out)
}

/// Lines of Rust in a crate's `src/` and `src/runtime/`.
pub(super) fn crate_lines(crate_dir: &Path) -> usize {
    let rs_lines = |dir: PathBuf| -> usize {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "rs"))
            .map(|entry| std::fs::read_to_string(entry.path()).map(|text| text.lines().count()).unwrap_or(0))
            .sum()
    };
    rs_lines(crate_dir.join("src")) + rs_lines(crate_dir.join("src/runtime"))
}

/// One unit of cargo's `--timings` report.
struct TimedUnit {
    name: String,
    /// `""` for a library, ` "name" bin`-like text for others.
    target: String,
    start: f64,
    duration: f64,
}

/// The units of the latest `--timings` report that took any time.
fn timed_units(target: &Path) -> Result<Vec<TimedUnit>> {
    let path = target.join("cargo-timings/cargo-timing.html");
    let html =
        std::fs::read_to_string(&path).map_err(|e| BenchError::Read { path: path.clone(), detail: e.to_string() })?;
    let start = html
        .find("const UNIT_DATA = ")
        .map(|i| i + "const UNIT_DATA = ".len())
        .ok_or_else(|| BenchError::Read { path: path.clone(), detail: "no UNIT_DATA".into() })?;
    let end = html[start..]
        .find("];")
        .map(|i| start + i + 1)
        .ok_or_else(|| BenchError::Read { path: path.clone(), detail: "unterminated UNIT_DATA".into() })?;
    let units: Value = serde_json::from_str(&html[start..end])
        .map_err(|e| BenchError::Read { path: path.clone(), detail: e.to_string() })?;
    Ok(units
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| {
            Some(TimedUnit {
                name: u["name"].as_str()?.to_owned(),
                target: u["target"].as_str()?.to_owned(),
                start: u["start"].as_f64()?,
                duration: u["duration"].as_f64().filter(|d| *d > 0.0)?,
            })
        })
        .collect())
}

/// The duration of a crate's library unit in the latest `--timings` report.
pub(super) fn unit_seconds(target: &Path, crate_name: &str) -> Result<f64> {
    lib_seconds(&timed_units(target)?, target, crate_name)
}

/// The duration of a crate's library unit among `units`, read from `target`'s report.
fn lib_seconds(units: &[TimedUnit], target: &Path, crate_name: &str) -> Result<f64> {
    units
        .iter()
        .filter(|u| u.name == crate_name && u.target.is_empty())
        .map(|u| u.duration)
        .reduce(f64::max)
        .ok_or_else(|| BenchError::Read {
            path: target.join("cargo-timings/cargo-timing.html"),
            detail: format!("no unit for {crate_name}"),
        })
}
