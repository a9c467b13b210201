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

mod callgrind;
mod compile;
pub(crate) use compile::{rustc_wrapper, CALLGRIND_RUSTC};
mod whole;

/// Why the bench run stopped.
#[derive(Debug, thiserror::Error)]
enum BenchError {
    #[error("`{command}` failed: {detail}")]
    Command { command: String, detail: String },
    #[error("cannot read {}: {detail}", path.display())]
    Read { path: PathBuf, detail: String },
}

type Result<T> = std::result::Result<T, BenchError>;

/// The figures the targets and the closing note are computed from, gathered while the sections
/// are written.
#[derive(Default)]
struct Summary {
    /// Whether `sdk-tests/tests/lossless.rs` passed, and over how many samples.
    lossless: (bool, usize),
    regen_1x_ms: f64,
    /// (scale, time per 1x relative to 1x)
    growth: Vec<(usize, f64)>,
    /// (input, ours vs async-openai, ours vs strict): time ratios, > 1 means ours is faster.
    decode: Vec<(String, f64, f64)>,
    /// (benchmark, contender, ours vs contender): > 1 means ours is faster.
    throughput: Vec<(String, String, f64)>,
    /// Peak RSS (KiB) at 10 MB and 100 MB.
    rss_kb: Vec<f64>,
    /// Cold compile seconds with the same settings: ours, async-openai.
    compile: (f64, f64),
    /// The same in release.
    compile_release: (f64, f64),
    /// The same in debug with cargo's default dev profile (full debug info).
    compile_cargo_default: (f64, f64),
    /// (contender, instructions per `assistants.retrieve` call), ours first.
    request_instructions: Vec<(String, f64)>,
    /// (input, ours vs async-openai, ours vs strict): instruction-count ratios, > 1 means ours
    /// executes fewer.
    decode_instructions: Vec<(String, f64, f64)>,
}

/// How the figures are made; quoted at the top of the report.
const METHOD: &str = "

In-process figures use **criterion** rather than divan: each benchmark leaves a \
machine-readable `estimates.json` (median, confidence interval) and its declared throughput \
under `target/criterion/`, which this command turns into the tables below without parsing \
console output, and `iter_custom` lets the request benchmark time a batch of calls inside one \
async runtime entry. divan (0.1) builds faster and reports bytes/s and items/s at once, but has \
no stable machine-readable output. Whole-process figures (regenerate, peak RSS) are timed here \
with `std::time::Instant` around the child process, median of several runs (hyperfine is not \
installed and is not needed for that); compile times come from cargo's `--timings` report. The \
machine is a shared two-core VM: criterion's wall times move by several percent from run to run, \
which is as large as some of the targets. Decoding and request overhead are therefore also \
counted in instructions under callgrind (two runs of a helper binary at different counts, the \
difference divided by the difference of the counts), which gives the same figure on every run; \
the targets table shows both.
";

/// Criterion settings: short, because the suite runs on 2 cores and is read as ratios.
const CRITERION_ARGS: &[&str] = &["--warm-up-time", "1", "--measurement-time", "3", "--noplot"];

pub fn run(root: &Path) -> ExitCode {
    report(run_all(root))
}

fn report(outcome: Result<PathBuf>) -> ExitCode {
    match outcome {
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

/// `cargo xtask bench --whole`: only the whole-document section, replaced in `BENCHMARKS.md`.
pub fn run_whole(root: &Path) -> ExitCode {
    let outcome = (|| -> Result<PathBuf> {
        let target = root.join("target");
        step("build regen (release)");
        cargo(root, &["build", "--release", "-p", "openai-beta-bench", "--bin", "regen"])?;
        step("the whole upstream document");
        let (section, _) = whole::section(root, &target)?;
        let path = root.join("BENCHMARKS.md");
        let report = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, whole::splice(&report, &section))
            .map_err(|e| BenchError::Read { path: path.clone(), detail: format!("cannot write: {e}") })?;
        Ok(path)
    })();
    report(outcome)
}

fn run_all(root: &Path) -> Result<PathBuf> {
    let target = root.join("target");
    step("build the bench crate (release)");
    cargo(root, &["bench", "-p", "openai-beta-bench", "--no-run"])?;
    cargo(root, &["build", "--release", "-p", "openai-beta-bench", "--bins"])?;

    let mut report = String::new();
    writeln!(report, "# Benchmarks\n").ok();
    writeln!(report, "Written by `cargo xtask bench` on {}; {}.\n", crate::api_diff::today(), machine()).ok();
    writeln!(
        report,
        "Ratios are ours ÷ peer for throughput (higher is better for us) and peer ÷ ours for time. \
         Peers: async-openai 0.41.3 (features `assistant,chatkit`, the last release with Assistants), \
         plain reqwest + serde_json, and a strict serde derive of the same shapes. In-process figures: \
         criterion medians (`--measurement-time 3`)."
    )
    .ok();
    report.push_str(METHOD);

    let mut summary = Summary::default();
    let mut sections = String::new();
    step("generator");
    sections.push_str(&generator_section(root, &target, &mut summary)?);
    step("decode (criterion)");
    cargo(root, &[&["bench", "-p", "openai-beta-bench", "--bench", "decode", "--"][..], CRITERION_ARGS].concat())?;
    sections.push_str(&decode_section(&target, &mut summary)?);
    step("decode (callgrind: instructions per decode)");
    let inputs: Vec<String> = summary.decode.iter().map(|(input, _, _)| input.clone()).collect();
    sections.push_str(&callgrind::decode_instructions_section(root, &target, &inputs, &mut summary)?);
    step("SSE (criterion)");
    cargo(root, &[&["bench", "-p", "openai-beta-bench", "--bench", "sse", "--"][..], CRITERION_ARGS].concat())?;
    step("request overhead (criterion)");
    cargo(root, &[&["bench", "-p", "openai-beta-bench", "--bench", "requests", "--"][..], CRITERION_ARGS].concat())?;
    sections.push_str(&throughput_section(&target, &mut summary)?);
    step("request overhead (callgrind: instructions per call)");
    sections.push_str(&callgrind::request_instructions_section(root, &target, &mut summary)?);
    step("memory");
    sections.push_str(&memory_section(&target, &mut summary)?);
    step("compile time");
    sections.push_str(&compile::compile_section(root, &target, &mut summary)?);
    step("lossless round trips");
    summary.lossless = lossless_round_trips(root);
    step("the whole upstream document");
    sections.push_str(&whole::section(root, &target)?.0);
    report.push_str(&targets_section(&summary));
    report.push_str(&sections);
    step("profile of the slowest ratio (callgrind)");
    report.push_str(&callgrind::closing_note(root, &target, &summary)?);

    let path = root.join("BENCHMARKS.md");
    std::fs::write(&path, report)
        .map_err(|e| BenchError::Read { path: path.clone(), detail: format!("cannot write: {e}") })?;
    Ok(path)
}

fn step(what: &str) {
    println!("\n==> {what}");
}

fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    cargo_env(root, args, &[])
}

fn cargo_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    let command = || format!("cargo {}", args.join(" "));
    let status = Command::new(env!("CARGO")).args(args).envs(env.iter().copied()).current_dir(root).status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(BenchError::Command { command: command(), detail: status.to_string() }),
        Err(e) => Err(BenchError::Command { command: command(), detail: e.to_string() }),
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
fn generator_section(root: &Path, target: &Path, summary: &mut Summary) -> Result<String> {
    let release = target.join("release");
    let work = target.join("bench-work");
    let mut out = String::from("\n## Generator: regenerate, whole process (release build)\n\n");
    out.push_str("| spec | spec size | output | median wall time | per 1x | load / lower / emit / write (ms) |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    let mut base_ms = None;
    // `spec/` itself (the whole upstream document, cut to the Beta scope while loading) is what a
    // maintainer regenerates; the growth rows scale its Beta part (see `synth-spec`), with its 1x
    // as their base.
    for (scale, runs, real) in [(1usize, 9usize, true), (1, 9, false), (10, 5, false), (100, 3, false)] {
        let spec_dir = if real {
            root.join("spec")
        } else {
            let dir = work.join(format!("spec-{scale}x"));
            let args = [
                root.join("spec").to_string_lossy().into_owned(),
                scale.to_string(),
                dir.to_string_lossy().into_owned(),
            ];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            timed(&release.join("synth-spec"), &args, root)?;
            dir
        };
        let out_dir = work.join(format!("out-{scale}x"));
        let mut times = Vec::new();
        let mut phases = String::new();
        for _ in 0..runs {
            let (stdout, ms) = regen(target, root, &spec_dir, &out_dir)?;
            times.push(ms);
            phases = stdout;
        }
        let ms = median(times);
        if real {
            summary.regen_1x_ms = ms;
        }
        let base = if real { ms } else { *base_ms.get_or_insert(ms) };
        if !real && scale > 1 {
            summary.growth.push((scale, ms / base / scale as f64));
        }
        let label = if real { "spec/ (upstream, whole)".to_string() } else { format!("Beta document {scale}x") };
        let spec_bytes = dir_bytes(&spec_dir, "yaml");
        let field = |name: &str| {
            phases.split_whitespace().find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap_or("?").to_string()
        };
        let out_bytes: f64 = field("bytes").parse().unwrap_or(0.0);
        writeln!(
            out,
            "| {label} | {:.0} KB | {:.1} MB | {ms:.0} ms | {:.2} | {} / {} / {} / {} |",
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
        "\n\"per 1x\" is the time divided by the scale, relative to the Beta document at 1x: about 1.0 throughout means \
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

fn decode_section(target: &Path, summary: &mut Summary) -> Result<String> {
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
        summary.decode.push((group.trim_start_matches("decode-").to_owned(), peer.ns / ours.ns, strict.ns / ours.ns));
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

fn throughput_section(target: &Path, summary: &mut Summary) -> Result<String> {
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
            if contender != "ours" {
                summary.throughput.push((group.clone(), contender.clone(), m.ns / ours.ns));
            }
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

fn memory_section(target: &Path, summary: &mut Summary) -> Result<String> {
    let release = target.join("release");
    let mut out = String::from("\n## Memory: peak RSS while consuming a run stream\n\n");
    out.push_str("| stream size | events | peak RSS (VmHWM) |\n|---|---|---|\n");
    for megabytes in ["10", "100"] {
        let (stdout, _) = timed(&release.join("stream-rss"), &[megabytes], target)?;
        let field = |name: &str| {
            stdout.split_whitespace().find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap_or("?").to_string()
        };
        let kb: f64 = field("vmhwm_kb").parse().unwrap_or(0.0);
        summary.rss_kb.push(kb);
        writeln!(out, "| {megabytes} MB | {} | {:.1} MB |", field("events"), kb / 1024.0).ok();
    }
    out.push_str("\nThe same peak at both sizes means memory is flat in the stream's length.\n");
    Ok(out)
}

/// Runs the round-trip property tests (a property, not a speed: recorded beside the figures so
/// that the table says whether the decoder measured above is the lossless one). The number of
/// samples is counted in the generated list the tests read.
fn lossless_round_trips(root: &Path) -> (bool, usize) {
    let samples = std::fs::read_to_string(root.join("generated/tests/samples/mod.rs"))
        .map(|text| text.matches("round_trip: round_trip::<").count())
        .unwrap_or(0);
    (cargo(root, &["test", "-p", "sdk-tests", "--test", "lossless"]).is_ok(), samples)
}

/// Runs the `regen` binary on a spec (a directory, or an OpenAPI file for whole-spec mode) into
/// `out`; its stdout (the phase timings) and wall time.
fn regen(target: &Path, root: &Path, spec: &Path, out: &Path) -> Result<(String, f64)> {
    let args = [spec, &root.join("templates"), out].map(|path| path.to_string_lossy().into_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    timed(&target.join("release/regen"), &args, root)
}

/// The targets, each with the measured figure and whether it is met.
fn targets_section(summary: &Summary) -> String {
    let min_by = |values: &mut dyn Iterator<Item = (String, f64)>| {
        values.min_by(|a, b| a.1.total_cmp(&b.1)).unwrap_or_else(|| ("none".into(), f64::NAN))
    };
    let (vs_peer_input, vs_peer) = min_by(&mut summary.decode.iter().map(|(i, p, _)| (i.clone(), *p)));
    let (vs_strict_input, vs_strict) = min_by(&mut summary.decode.iter().map(|(i, _, s)| (i.clone(), *s)));
    let ratio_of = |group: &str, contender: &str| {
        summary.throughput.iter().find(|(g, c, _)| g == group && c == contender).map(|(_, _, r)| *r).unwrap_or(f64::NAN)
    };
    let sse_memory = ratio_of("sse-memory", "async-openai");
    let sse_chunked = ratio_of("sse-loopback-chunked", "async-openai");
    let request = ratio_of("request-retrieve", "plain-reqwest");
    let growth = summary.growth.last().map(|(_, g)| *g).unwrap_or(f64::NAN);
    let (rss_small, rss_large) = (summary.rss_kb.first().copied(), summary.rss_kb.last().copied());
    let rss_growth = rss_large.zip(rss_small).map(|(l, s)| l / s).unwrap_or(f64::NAN);
    let (ours_compile, peer_compile) = summary.compile;
    let verdict = |met: bool| if met { "met" } else { "**missed**" };
    let mut out = String::from("\n## Targets (measured, not asserted)\n\n| target | measured | |\n|---|---|---|\n");
    let mut row = |target: &str, measured: String, met: bool| {
        writeln!(out, "| {target} | {measured} | {} |", verdict(met)).ok();
    };
    row(
        "decode ≥ 1.2x async-openai (wall time)",
        format!("lowest {vs_peer:.2}x ({vs_peer_input}); all inputs in the decode table"),
        vs_peer >= 1.2,
    );
    row(
        "decode ≥ 0.7x the strict derive (wall time)",
        format!("lowest {vs_strict:.2}x ({vs_strict_input})"),
        vs_strict >= 0.7,
    );
    let (peer_input, peer_instr) = min_by(&mut summary.decode_instructions.iter().map(|(i, p, _)| (i.clone(), *p)));
    let (strict_input, strict_instr) = min_by(&mut summary.decode_instructions.iter().map(|(i, _, s)| (i.clone(), *s)));
    row(
        "decode ≥ 1.2x async-openai (instructions)",
        format!("lowest {peer_instr:.2}x ({peer_input})"),
        peer_instr >= 1.2,
    );
    row(
        "decode ≥ 0.85x the strict derive (instructions)",
        format!("lowest {strict_instr:.2}x ({strict_input})"),
        strict_instr >= 0.85,
    );
    row(
        "SSE ≥ 2x async-openai",
        format!("{sse_memory:.2}x from memory, {sse_chunked:.2}x chunked over loopback"),
        sse_memory >= 2.0 && sse_chunked >= 2.0,
    );
    row(
        "request overhead within 5% of plain reqwest (wall time)",
        format!("ours at {:.0}% of plain reqwest's requests/s", request * 100.0),
        request >= 0.95,
    );
    let instructions =
        |name: &str| summary.request_instructions.iter().find(|(c, _)| c == name).map(|(_, n)| *n).unwrap_or(f64::NAN);
    let by_instructions = instructions("plain-reqwest") / instructions("ours");
    row(
        "request overhead within 3% of plain reqwest (instructions per call)",
        format!("ours costs {:.1}% more instructions per call", (1.0 / by_instructions - 1.0) * 100.0),
        by_instructions >= 1.0 / 1.03,
    );
    row("regenerate on spec/ under 0.25 s", format!("{:.0} ms", summary.regen_1x_ms), summary.regen_1x_ms < 250.0);
    row("generator growth linear", format!("time per 1x of spec at 100x: {growth:.2}x that at 1x"), growth <= 1.15);
    row(
        "memory flat on the 100 MB stream",
        format!("peak at 100 MB is {rss_growth:.2}x the peak at 10 MB"),
        rss_growth <= 1.25,
    );
    let (lossless, samples) = summary.lossless;
    row(
        "decode → serialize gives the input JSON back (fields dropped, nulled, added, reordered; unknown values)",
        format!("`sdk-tests/tests/lossless.rs` over {samples} samples (every response type and union arm) and proptest mutations"),
        lossless,
    );
    let (ours_release, peer_release) = summary.compile_release;
    row(
        "crate compiles in at most half async-openai's time, debug (≤ 0.5x)",
        format!("{ours_compile:.1} s, {:.2}x async-openai's {peer_compile:.1} s", ours_compile / peer_compile),
        ours_compile <= 0.5 * peer_compile,
    );
    let (ours_default, peer_default) = summary.compile_cargo_default;
    row(
        "the same, debug with cargo's default dev profile (full debug info)",
        format!("{ours_default:.1} s, {:.2}x async-openai's {peer_default:.1} s", ours_default / peer_default),
        ours_default <= 0.5 * peer_default,
    );
    row(
        "crate compiles in at most half async-openai's time, release (≤ 0.5x)",
        format!("{ours_release:.1} s, {:.2}x async-openai's {peer_release:.1} s", ours_release / peer_release),
        ours_release <= 0.5 * peer_release,
    );
    out
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
