//! `cargo xtask bench`: runs every benchmark of `bench/` and writes `BENCHMARKS.md`.
//!
//! In-process figures come from criterion (its `estimates.json` and `benchmark.json` under
//! `target/criterion/`); whole-process figures (regenerate, peak RSS, compile time) are timed
//! here around child processes, reporting the median of several runs. Nothing is asserted: the
//! table says where we stand against the peers, ratios computed from one run.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use serde_json::Value;

/// Why the bench run stopped.
#[derive(Debug, thiserror::Error)]
enum BenchError {
    #[error("`{command}` failed: {detail}")]
    Command { command: String, detail: String },
    #[error("cannot read {}: {detail}", path.display())]
    Read { path: PathBuf, detail: String },
}

type Result<T> = std::result::Result<T, BenchError>;

/// Criterion settings: short, because the suite runs on 2 cores and is read as ratios.
const CRITERION_ARGS: &[&str] = &["--warm-up-time", "1", "--measurement-time", "3", "--noplot"];

pub fn run(root: &Path) -> ExitCode {
    match run_all(root) {
        Ok(path) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run_all(root: &Path) -> Result<PathBuf> {
    let target = root.join("target");
    step("build the bench crate (release)");
    cargo(root, &["bench", "-p", "openai-beta-bench", "--no-run"])?;
    cargo(root, &["build", "--release", "-p", "openai-beta-bench", "--bins"])?;

    let mut report = String::new();
    writeln!(report, "# Benchmarks\n").ok();
    writeln!(report, "Written by `cargo xtask bench` on {}; {}.\n", today(), machine()).ok();
    writeln!(
        report,
        "Ratios are ours ÷ peer for throughput (higher is better for us) and peer ÷ ours for time. \
         Peers: async-openai 0.41.3 (features `assistant,chatkit`, the last release with Assistants), \
         plain reqwest + serde_json, and a strict serde derive of the same shapes. In-process figures: \
         criterion medians (`--measurement-time 3`)."
    )
    .ok();

    step("generator");
    report.push_str(&generator_section(root, &target)?);
    step("decode (criterion)");
    cargo(root, &[&["bench", "-p", "openai-beta-bench", "--bench", "decode", "--"][..], CRITERION_ARGS].concat())?;
    report.push_str(&decode_section(&target)?);
    step("SSE (criterion)");
    cargo(root, &[&["bench", "-p", "openai-beta-bench", "--bench", "sse", "--"][..], CRITERION_ARGS].concat())?;
    step("request overhead (criterion)");
    cargo(root, &[&["bench", "-p", "openai-beta-bench", "--bench", "requests", "--"][..], CRITERION_ARGS].concat())?;
    report.push_str(&throughput_section(&target)?);
    step("memory");
    report.push_str(&memory_section(&target)?);
    step("compile time");
    report.push_str(&compile_section(root, &target)?);

    let path = root.join("BENCHMARKS.md");
    std::fs::write(&path, report)
        .map_err(|e| BenchError::Read { path: path.clone(), detail: format!("cannot write: {e}") })?;
    Ok(path)
}

fn step(what: &str) {
    println!("\n==> {what}");
}

fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new(env!("CARGO")).args(args).current_dir(root).status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => {
            Err(BenchError::Command { command: format!("cargo {}", args.join(" ")), detail: status.to_string() })
        }
        Err(e) => Err(BenchError::Command { command: format!("cargo {}", args.join(" ")), detail: e.to_string() }),
    }
}

/// Runs a program and returns its stdout and wall time in milliseconds.
fn timed(program: &Path, args: &[&str], root: &Path) -> Result<(String, f64)> {
    let command = format!("{} {}", program.display(), args.join(" "));
    let started = Instant::now();
    let output = Command::new(program)
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| BenchError::Command { command: command.clone(), detail: e.to_string() })?;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    if !output.status.success() {
        let detail = format!("{}: {}", output.status, String::from_utf8_lossy(&output.stderr));
        return Err(BenchError::Command { command, detail });
    }
    Ok((String::from_utf8_lossy(&output.stdout).into_owned(), ms))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Regenerate on `spec/` and on synthetic specs 10x and 100x larger, whole process, into a
/// scratch directory (never `generated/`).
fn generator_section(root: &Path, target: &Path) -> Result<String> {
    let release = target.join("release");
    let work = target.join("bench-work");
    let mut out = String::from("\n## Generator: regenerate, whole process (release build)\n\n");
    out.push_str("| spec | spec size | output | median wall time | per 1x | load / lower / emit / write (ms) |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    let mut base_ms = None;
    for (scale, runs) in [(1usize, 9usize), (10, 5), (100, 3)] {
        let spec_dir = if scale == 1 {
            root.join("spec")
        } else {
            let dir = work.join(format!("spec-{scale}x"));
            let scale_arg = scale.to_string();
            let args =
                [root.join("spec").to_string_lossy().into_owned(), scale_arg, dir.to_string_lossy().into_owned()];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            timed(&release.join("synth-spec"), &args, root)?;
            dir
        };
        let out_dir = work.join(format!("out-{scale}x"));
        let args = [
            spec_dir.to_string_lossy().into_owned(),
            root.join("templates").to_string_lossy().into_owned(),
            out_dir.to_string_lossy().into_owned(),
        ];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut times = Vec::new();
        let mut phases = String::new();
        for _ in 0..runs {
            let (stdout, ms) = timed(&release.join("regen"), &args, root)?;
            times.push(ms);
            phases = stdout;
        }
        let ms = median(times);
        let base = *base_ms.get_or_insert(ms);
        let spec_bytes = dir_bytes(&spec_dir, "yaml");
        let field = |name: &str| {
            phases.split_whitespace().find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap_or("?").to_string()
        };
        let out_bytes: f64 = field("bytes").parse().unwrap_or(0.0);
        writeln!(
            out,
            "| {scale}x | {:.0} KB | {:.1} MB | {ms:.0} ms | {:.2} | {} / {} / {} / {} |",
            spec_bytes as f64 / 1e3,
            out_bytes / 1e6,
            ms / base / scale as f64,
            field("load_ms"),
            field("lower_ms"),
            field("emit_ms"),
            field("write_ms"),
        )
        .ok();
    }
    out.push_str(
        "\n\"per 1x\" is the time divided by the scale, relative to 1x: about 1.0 throughout means \
         linear growth.\n",
    );
    Ok(out)
}

fn dir_bytes(dir: &Path, ext: &str) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// A criterion result: median time per iteration (ns) and the declared throughput.
struct Measured {
    ns: f64,
    bytes: Option<f64>,
    elements: Option<f64>,
}

fn criterion(target: &Path, group: &str, contender: &str) -> Result<Measured> {
    let dir = target.join("criterion").join(group).join(contender);
    let read = |name: &str| -> Result<Value> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| BenchError::Read { path: path.clone(), detail: e.to_string() })?;
        serde_json::from_str(&text).map_err(|e| BenchError::Read { path, detail: e.to_string() })
    };
    let estimates = read("new/estimates.json")?;
    let benchmark = read("new/benchmark.json")?;
    let ns = estimates["median"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
    let throughput = &benchmark["throughput"];
    Ok(Measured { ns, bytes: throughput["Bytes"].as_f64(), elements: throughput["Elements"].as_f64() })
}

fn groups(target: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(target.join("criterion"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

fn decode_section(target: &Path) -> Result<String> {
    let mut out = String::from("\n## Decode: the same JSON bytes into each contender's types\n\n");
    out.push_str(
        "| input | ours MB/s | ours items/s | async-openai MB/s | strict derive MB/s | vs async-openai | vs strict |\n",
    );
    out.push_str("|---|---|---|---|---|---|---|\n");
    for group in groups(target, "decode-") {
        let ours = criterion(target, &group, "ours")?;
        let peer = criterion(target, &group, "async-openai")?;
        let strict = criterion(target, &group, "strict-serde")?;
        let mbps = |m: &Measured| m.bytes.unwrap_or(0.0) / m.ns * 1e3;
        let items = items_of(&group);
        writeln!(
            out,
            "| {} | {:.0} | {:.0} | {:.0} | {:.0} | {:.2}x | {:.2}x |",
            group.trim_start_matches("decode-"),
            mbps(&ours),
            items / ours.ns * 1e9,
            mbps(&peer),
            mbps(&strict),
            peer.ns / ours.ns,
            strict.ns / ours.ns,
        )
        .ok();
    }
    Ok(out)
}

/// Items per input, from the fixture's name (`messages_list_100`): lists hold 100, the rest one.
fn items_of(group: &str) -> f64 {
    if group.ends_with("_100") {
        100.0
    } else {
        1.0
    }
}

fn throughput_section(target: &Path) -> Result<String> {
    let mut out = String::from("\n## SSE and request overhead\n\n");
    out.push_str("| benchmark | contender | per second | time per iteration | ours ÷ contender |\n");
    out.push_str("|---|---|---|---|---|\n");
    for group in [groups(target, "sse-"), groups(target, "request-")].concat() {
        let ours = criterion(target, &group, "ours")?;
        let dir = target.join("criterion").join(&group);
        let mut contenders: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join("new/estimates.json").exists())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        contenders.sort_by_key(|c| (c != "ours", c.clone()));
        for contender in contenders {
            let m = criterion(target, &group, &contender)?;
            let per_second = m.elements.unwrap_or(1.0) / m.ns * 1e9;
            writeln!(
                out,
                "| {group} | {contender} | {per_second:.0} | {:.3} ms | {:.2}x |",
                m.ns / 1e6,
                m.ns / ours.ns
            )
            .ok();
        }
    }
    out.push_str(
        "\n`sse-*` count events/s over a 10,000-event run stream (message deltas dominate); \
         `sse-memory` serves the stream in one write from a loopback server, `sse-loopback-chunked` \
         one HTTP chunk per event, and `async-openai-no-http` runs async-openai's parser over the \
         bytes in memory. `request-retrieve` counts `assistants.retrieve` calls/s against a \
         loopback server.\n",
    );
    Ok(out)
}

fn memory_section(target: &Path) -> Result<String> {
    let release = target.join("release");
    let mut out = String::from("\n## Memory: peak RSS while consuming a run stream\n\n");
    out.push_str("| stream size | events | peak RSS (VmHWM) |\n|---|---|---|\n");
    for megabytes in ["10", "100"] {
        let (stdout, _) = timed(&release.join("stream-rss"), &[megabytes], target)?;
        let field = |name: &str| {
            stdout.split_whitespace().find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap_or("?").to_string()
        };
        let kb: f64 = field("vmhwm_kb").parse().unwrap_or(0.0);
        writeln!(out, "| {megabytes} MB | {} | {:.1} MB |", field("events"), kb / 1024.0).ok();
    }
    out.push_str("\nThe same peak at both sizes means memory is flat in the stream's length.\n");
    Ok(out)
}

/// Debug builds, dependencies already built: the crate's own compile time from cargo's
/// `--timings` data, cold (after `cargo clean -p`) and, for ours, incremental after touching a
/// generated file. async-openai is a registry crate (never incremental); it is built through
/// the bench crate so it has exactly the features the comparison uses.
fn compile_section(root: &Path, target: &Path) -> Result<String> {
    cargo(root, &["build", "-p", "openai-beta-bench", "--lib"])?;
    cargo(root, &["clean", "-p", "openai-beta"])?;
    cargo(root, &["build", "-p", "openai-beta", "--timings"])?;
    let ours_cold = unit_seconds(target, "openai-beta")?;
    let types = root.join("generated/src/types.rs");
    let text = std::fs::read(&types).map_err(|e| BenchError::Read { path: types.clone(), detail: e.to_string() })?;
    // Rewriting the same bytes bumps the mtime: cargo rebuilds, git sees no change.
    std::fs::write(&types, text).map_err(|e| BenchError::Read { path: types.clone(), detail: e.to_string() })?;
    cargo(root, &["build", "-p", "openai-beta", "--timings"])?;
    let ours_incremental = unit_seconds(target, "openai-beta")?;
    cargo(root, &["clean", "-p", "async-openai"])?;
    cargo(root, &["build", "-p", "openai-beta-bench", "--lib", "--timings"])?;
    let peer_cold = unit_seconds(target, "async-openai")?;
    let lines = |path: &str| std::fs::read_to_string(root.join(path)).map(|t| t.lines().count()).unwrap_or(0);
    let generated_lines = ["src/types.rs", "src/params.rs", "src/resources.rs", "src/lib.rs"]
        .iter()
        .map(|f| lines(&format!("generated/{f}")))
        .sum::<usize>()
        + std::fs::read_dir(root.join("generated/src/runtime"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).map(|t| t.lines().count()).unwrap_or(0))
            .sum::<usize>();
    let mut out = String::from("\n## Compile time of the crate alone (debug, dependencies built)\n\n");
    out.push_str("| crate | cold | incremental (touch a generated file) |\n|---|---|---|\n");
    writeln!(out, "| openai-beta ({generated_lines} lines) | {ours_cold:.1} s | {ours_incremental:.1} s |").ok();
    writeln!(out, "| async-openai 0.41.3 (`assistant,chatkit`) | {peer_cold:.1} s | n/a (registry crate) |").ok();
    writeln!(out, "\nours ÷ async-openai, cold: {:.2}x (lower is better for us).", ours_cold / peer_cold).ok();
    out.push_str("Figures are the crate's unit duration in cargo's `--timings` report (`target/cargo-timings/`).\n");
    Ok(out)
}

/// The duration of a crate's library unit in the latest `--timings` report.
fn unit_seconds(target: &Path, crate_name: &str) -> Result<f64> {
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
    units
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| u["name"] == crate_name && u["target"] == "")
        .filter_map(|u| u["duration"].as_f64())
        .reduce(f64::max)
        .ok_or_else(|| BenchError::Read { path, detail: format!("no unit for {crate_name}") })
}

fn today() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "an unknown date".into())
}

/// The machine, as `/proc` describes it: CPU model and count, memory.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split(':').nth(1)))
        .map(str::trim)
        .unwrap_or("unknown CPU");
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{cores} × {model}, {mem_gb:.0} GB RAM, {rustc}")
}
