//! Figures from callgrind, which counts instructions rather than seconds: the same count for the
//! same binary and input whatever else the machine is doing. Used where wall time on a shared
//! two-core machine is too noisy to tell a few percent apart (request overhead), and to show where
//! the slowest ratio spends its time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{timed, BenchError, Result, Summary};

/// Names the slowest of our ratios against a peer at run time (decode, SSE, requests), profiles
/// that benchmark under callgrind, and lists where the instructions go. The explanation of the
/// cause is kept by hand in `bench/ANALYSIS.md` and appended.
pub(super) fn closing_note(root: &Path, target: &Path, summary: &Summary) -> Result<String> {
    // (label, ratio, bench target, criterion id)
    let mut candidates: Vec<(String, f64, &str, String)> = summary
        .decode
        .iter()
        .map(|(input, peer, _)| {
            (format!("decode {input}, ours vs async-openai"), *peer, "decode", format!("decode-{input}/ours"))
        })
        .collect();
    for (group, contender, ratio) in &summary.throughput {
        // The peers a user would pick; the diagnostic variants are not peers.
        if contender == "async-openai" || contender == "plain-reqwest" {
            let bench = if group.starts_with("sse") { "sse" } else { "requests" };
            candidates.push((format!("{group}, ours vs {contender}"), *ratio, bench, format!("{group}/ours")));
        }
    }
    let Some((label, ratio, bench, id)) = candidates.into_iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
        return Ok(String::new());
    };
    let mut out = String::from("\n## Closing note: the slowest ratio\n\n");
    writeln!(out, "The slowest of our ratios against a peer is **{label}: {ratio:.2}x**.").ok();
    let binary = bench_binary(target, bench)?;
    let profile_dir = target.join("bench-profile");
    std::fs::create_dir_all(&profile_dir)
        .map_err(|e| BenchError::Read { path: profile_dir.clone(), detail: e.to_string() })?;
    let profile = profile_dir.join("callgrind.out");
    let valgrind_args = [
        "--tool=callgrind".to_owned(),
        format!("--callgrind-out-file={}", profile.display()),
        binary.display().to_string(),
        "--bench".into(),
        "--profile-time".into(),
        "2".into(),
        "--exact".into(),
        id.clone(),
    ];
    let valgrind_args: Vec<&str> = valgrind_args.iter().map(String::as_str).collect();
    valgrind(&valgrind_args, root)?;
    let (annotated, _) = timed(Path::new("callgrind_annotate"), &[&profile.display().to_string()], root)?;
    writeln!(
        out,
        "\nProfile: `valgrind --tool=callgrind {} --bench --profile-time 2 --exact {id}`, then \
         `callgrind_annotate` ({}); the top functions by own instructions (Ir), the whole process \
         (criterion's loop and, for network benchmarks, the loopback server's thread included):\n",
        binary.strip_prefix(root).unwrap_or(&binary).display(),
        profile.strip_prefix(root).unwrap_or(&profile).display(),
    )
    .ok();
    out.push_str("```\n");
    for line in top_functions(&annotated, 15) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("```\n");
    if let Ok(analysis) = std::fs::read_to_string(root.join("bench/ANALYSIS.md")) {
        out.push('\n');
        out.push_str(&analysis);
    }
    Ok(out)
}

/// The newest executable criterion bench `name` under `target/release/deps`.
fn bench_binary(target: &Path, name: &str) -> Result<PathBuf> {
    let deps = target.join("release/deps");
    let prefix = format!("{name}-");
    std::fs::read_dir(&deps)
        .map_err(|e| BenchError::Read { path: deps.clone(), detail: e.to_string() })?
        .flatten()
        .filter(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.starts_with(&prefix) && !file.contains('.')
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, path)| path)
        .ok_or_else(|| BenchError::Read { path: deps, detail: format!("no `{name}` bench binary") })
}

/// The first `count` function lines of `callgrind_annotate`'s summary, symbols shortened.
fn top_functions(annotated: &str, count: usize) -> Vec<String> {
    annotated
        .lines()
        .skip_while(|line| !line.contains("file:function"))
        .skip(1)
        .filter(|line| line.contains('%') && line.contains(':'))
        .take(count)
        .map(|line| {
            // `???:` (no debug info) and the ` [/path/to/binary]` suffix add nothing here.
            let line = line.trim_end().replacen("???:", "", 1);
            let line = line.rsplit_once(" [").map_or(line.as_str(), |(head, _)| head);
            match line.char_indices().nth(200) {
                Some((cut, _)) => format!("{}…", &line[..cut]),
                None => line.to_owned(),
            }
        })
        .collect()
}

/// Calls made by `request-calls` in the two runs whose difference is one call's cost times the
/// difference of the counts.
const CALL_COUNTS: (usize, usize) = (300, 1300);

/// The contenders `request-calls` knows, ours first.
const REQUEST_CONTENDERS: &[&str] = &["ours", "ours-no-timeout", "async-openai", "plain-reqwest"];

/// Decodes made by `decode-calls` in its two runs (a 100-item list decodes fewer times).
fn decode_counts(fixture: &str) -> (usize, usize) {
    if fixture.ends_with("_100") {
        (2, 22)
    } else {
        (50, 550)
    }
}

/// The contenders `decode-calls` knows, ours first.
const DECODE_CONTENDERS: &[&str] = &["ours", "async-openai", "strict-serde"];

/// Instructions per `assistants.retrieve` call for each contender, from two callgrind runs of
/// `request-calls` (start-up cancels out in the difference). Client and the loopback server's
/// thread both count, as both are on the path of a request.
pub(super) fn request_instructions_section(root: &Path, target: &Path, summary: &mut Summary) -> Result<String> {
    for contender in REQUEST_CONTENDERS {
        let per_call = per_call_instructions(root, target, "request-calls", &[contender], CALL_COUNTS)?;
        summary.request_instructions.push(((*contender).to_owned(), per_call));
    }
    let ours = summary.request_instructions[0].1;
    let mut out = String::from("\n## Request overhead by instruction count (callgrind)\n\n");
    out.push_str("| contender | instructions per call | ours ÷ contender (cost) |\n|---|---|---|\n");
    for (contender, per_call) in &summary.request_instructions {
        writeln!(out, "| {contender} | {per_call:.0} | {:.3} |", ours / per_call).ok();
    }
    let (few, many) = CALL_COUNTS;
    writeln!(
        out,
        "\n`valgrind --tool=callgrind target/release/request-calls <contender> <n>` at n = {few} and \
         {many}; the difference of the totals over {} calls. The loopback server's thread is counted \
         too (it parses each request), so a contender that sends more headers pays a little there. \
         The same counts come back on every run, unlike the wall times above.",
        many - few
    )
    .ok();
    Ok(out)
}

/// Instructions per decode of each fixture for each contender, from two callgrind runs of
/// `decode-calls`: the deterministic counterpart of the criterion decode table.
pub(super) fn decode_instructions_section(
    root: &Path,
    target: &Path,
    fixtures: &[String],
    summary: &mut Summary,
) -> Result<String> {
    let mut out = String::from("\n## Decode by instruction count (callgrind)\n\n");
    out.push_str("| input | ours | async-openai | strict derive | vs async-openai | vs strict |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for fixture in fixtures {
        let mut counts = Vec::new();
        for contender in DECODE_CONTENDERS {
            counts.push(per_call_instructions(
                root,
                target,
                "decode-calls",
                &[fixture, contender],
                decode_counts(fixture),
            )?);
        }
        let (ours, peer, strict) = (counts[0], counts[1], counts[2]);
        summary.decode_instructions.push((fixture.clone(), peer / ours, strict / ours));
        writeln!(
            out,
            "| {fixture} | {ours:.0} | {peer:.0} | {strict:.0} | {:.2}x | {:.2}x |",
            peer / ours,
            strict / ours
        )
        .ok();
    }
    out.push_str(
        "\nInstructions per decode (`target/release/decode-calls <input> <contender> <n>` under \
         callgrind at two counts); ratios are the contender's count over ours, so above 1 means we \
         execute fewer instructions.\n",
    );
    Ok(out)
}

/// One run's cost in instructions: `binary args.. <count>` under callgrind at the two counts,
/// the difference of the totals over the difference of the counts.
fn per_call_instructions(
    root: &Path,
    target: &Path,
    binary: &str,
    args: &[&str],
    (few, many): (usize, usize),
) -> Result<f64> {
    let program = target.join("release").join(binary);
    let profile_dir = target.join("bench-profile");
    std::fs::create_dir_all(&profile_dir)
        .map_err(|e| BenchError::Read { path: profile_dir.clone(), detail: e.to_string() })?;
    let mut totals = Vec::new();
    for count in [few, many] {
        let out = profile_dir.join(format!("{binary}.{}.{count}.out", args.join(".")));
        let mut valgrind_args = vec![
            "--tool=callgrind".to_owned(),
            format!("--callgrind-out-file={}", out.display()),
            program.display().to_string(),
        ];
        valgrind_args.extend(args.iter().map(|a| (*a).to_owned()));
        valgrind_args.push(count.to_string());
        valgrind(&valgrind_args.iter().map(String::as_str).collect::<Vec<_>>(), root)?;
        totals.push(total_instructions(&out)?);
    }
    Ok((totals[1] - totals[0]) / (many - few) as f64)
}

/// Runs valgrind with `args` (its report goes to the profile file named in them).
fn valgrind(args: &[&str], root: &Path) -> Result<()> {
    timed(Path::new("valgrind"), args, root).map(|_| ())
}

/// The `summary:` (or `totals:`) line of a callgrind output file: instructions executed.
fn total_instructions(profile: &Path) -> Result<f64> {
    let text = std::fs::read_to_string(profile)
        .map_err(|e| BenchError::Read { path: profile.to_path_buf(), detail: e.to_string() })?;
    text.lines()
        .find_map(|line| line.strip_prefix("summary:").or_else(|| line.strip_prefix("totals:")))
        .and_then(|count| count.trim().parse::<f64>().ok())
        .ok_or_else(|| BenchError::Read { path: profile.to_path_buf(), detail: "no instruction total".into() })
}
