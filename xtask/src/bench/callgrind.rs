//! Figures from callgrind, which counts instructions rather than seconds: the same count for the
//! same binary and input whatever else the machine is doing. Used where wall time on a shared
//! two-core machine is too noisy to tell a few percent apart (decoding, request overhead), and to
//! show where the slowest ratio spends its time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{timed, BenchError, Result, Summary};

/// How the benchmark behind a ratio is profiled.
enum Profiled {
    /// Counted with a helper binary (`decode-calls`, `request-calls`): the callgrind profiles of
    /// ours and the peer at both counts exist already, so the cost of one call can be split by
    /// function exactly.
    Calls { binary: &'static str, ours: Vec<String>, peer: Vec<String>, counts: (usize, usize) },
    /// Timed by criterion only (SSE): the bench binary is run under callgrind for a while.
    Criterion { bench: &'static str, id: String },
}

/// Names the slowest of our ratios against a peer (decode and requests by instruction count,
/// SSE by wall time), and lists where its instructions go. The explanation of the cause is kept
/// by hand in `bench/ANALYSIS.md` and appended.
pub(super) fn closing_note(root: &Path, target: &Path, summary: &Summary) -> Result<String> {
    let mut candidates: Vec<(String, f64, Profiled)> = Vec::new();
    for (input, peer, _) in &summary.decode_instructions {
        let profiled = Profiled::Calls {
            binary: "decode-calls",
            ours: vec![input.clone(), "ours".into()],
            peer: vec![input.clone(), "async-openai".into()],
            counts: decode_counts(input),
        };
        candidates.push((format!("decode {input}, ours vs async-openai (instructions)"), *peer, profiled));
    }
    let ours_request = summary.request_instructions.iter().find(|(c, _)| c == "ours").map(|(_, n)| *n);
    for (contender, per_call) in &summary.request_instructions {
        if let (Some(ours), "async-openai" | "plain-reqwest") = (ours_request, contender.as_str()) {
            let profiled = Profiled::Calls {
                binary: "request-calls",
                ours: vec!["ours".into()],
                peer: vec![contender.clone()],
                counts: CALL_COUNTS,
            };
            candidates.push((
                format!("request-retrieve, ours vs {contender} (instructions)"),
                per_call / ours,
                profiled,
            ));
        }
    }
    for (group, contender, ratio) in &summary.throughput {
        if group.starts_with("sse") && contender == "async-openai" {
            let profiled = Profiled::Criterion { bench: "sse", id: format!("{group}/ours") };
            candidates.push((format!("{group}, ours vs {contender} (wall time)"), *ratio, profiled));
        }
    }
    let Some((label, ratio, profiled)) = candidates.into_iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
        return Ok(String::new());
    };
    let mut out = String::from("\n## Closing note: the slowest ratio\n\n");
    writeln!(out, "The slowest of our ratios against a peer is **{label}: {ratio:.2}x**.").ok();
    match profiled {
        Profiled::Calls { binary, ours, peer, counts } => {
            let ours_costs = per_call_functions(root, target, binary, &ours, counts)?;
            let peer_costs = per_call_functions(root, target, binary, &peer, counts)?;
            writeln!(
                out,
                "\nProfile: the callgrind runs of `target/release/{binary}` behind the figure, each \
                 function's instructions at the larger count less those at the smaller, per call \
                 (start-up cancels out). Ours, the top functions by own instructions per call:\n"
            )
            .ok();
            code_block(&mut out, ours_costs.iter().take(15).map(|(name, n)| format!("{n:>8.0}  {name}")));
            let mut excess: Vec<(String, f64)> = ours_costs
                .iter()
                .map(|(name, n)| {
                    (name.clone(), n - peer_costs.iter().find(|(p, _)| p == name).map_or(0.0, |(_, m)| *m))
                })
                .collect();
            excess.sort_by(|a, b| b.1.total_cmp(&a.1));
            writeln!(out, "\nWhere ours executes more per call than {} (same function names):\n", peer.join(" ")).ok();
            code_block(&mut out, excess.iter().take(10).map(|(name, n)| format!("{n:>+8.0}  {name}")));
        }
        Profiled::Criterion { bench, id } => {
            let binary = bench_binary(target, bench)?;
            let profile = target.join("bench-profile/callgrind.out");
            let args = [
                "--tool=callgrind".to_owned(),
                format!("--callgrind-out-file={}", profile.display()),
                binary.display().to_string(),
                "--bench".into(),
                "--profile-time".into(),
                "2".into(),
                "--exact".into(),
                id.clone(),
            ];
            valgrind(&args.iter().map(String::as_str).collect::<Vec<_>>(), root)?;
            writeln!(
                out,
                "\nProfile: `valgrind --tool=callgrind {} --bench --profile-time 2 --exact {id}`, then \
                 `callgrind_annotate`; the top functions by own instructions (Ir), the whole process \
                 (criterion's loop and the loopback server's thread included):\n",
                binary.strip_prefix(root).unwrap_or(&binary).display(),
            )
            .ok();
            let costs = function_costs(&annotate(root, &profile)?);
            code_block(&mut out, costs.iter().take(15).map(|(name, n)| format!("{n:>14.0}  {name}")));
        }
    }
    if let Ok(analysis) = std::fs::read_to_string(root.join("bench/ANALYSIS.md")) {
        out.push('\n');
        out.push_str(&analysis);
    }
    Ok(out)
}

fn code_block(out: &mut String, lines: impl Iterator<Item = String>) {
    out.push_str("```\n");
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("```\n");
}

/// Each function's own instructions per call, most first: the profile at the larger count less
/// the one at the smaller, over the difference of the counts.
fn per_call_functions(
    root: &Path,
    target: &Path,
    binary: &str,
    args: &[String],
    (few, many): (usize, usize),
) -> Result<Vec<(String, f64)>> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let at = |count| -> Result<Vec<(String, f64)>> {
        Ok(function_costs(&annotate(root, &profile_path(target, binary, &args, count))?))
    };
    let (small, large) = (at(few)?, at(many)?);
    let mut costs: Vec<(String, f64)> = large
        .into_iter()
        .map(|(name, n)| {
            let before = small.iter().find(|(s, _)| *s == name).map_or(0.0, |(_, m)| *m);
            (name, (n - before) / (many - few) as f64)
        })
        .filter(|(_, n)| *n >= 1.0)
        .collect();
    costs.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(costs)
}

/// `callgrind_annotate` of a profile, every function listed.
fn annotate(root: &Path, profile: &Path) -> Result<String> {
    let profile = profile.display().to_string();
    timed(Path::new("callgrind_annotate"), &["--threshold=100", "--auto=no", &profile], root).map(|(text, _)| text)
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

/// The functions of `callgrind_annotate`'s summary with their own instruction counts, most
/// first; symbols shortened (`???:` and the binary's path add nothing here), one entry a name.
fn function_costs(annotated: &str) -> Vec<(String, f64)> {
    let mut costs: Vec<(String, f64)> = Vec::new();
    // The list runs from the line after its `file:function` header (and the rule under it) to
    // the first blank line; annotated source may follow.
    let list = annotated
        .lines()
        .skip_while(|line| !line.contains("file:function"))
        .skip(1)
        .skip_while(|line| line.starts_with("--"))
        .take_while(|line| !line.trim().is_empty());
    for line in list {
        let Some((count, rest)) = line.trim().split_once(" (") else { continue };
        let Ok(count) = count.replace(',', "").parse::<f64>() else { continue };
        let Some((_, name)) = rest.split_once(')') else { continue };
        let name = name.trim().replacen("???:", "", 1);
        let name = name.rsplit_once(" [").map_or(name.as_str(), |(head, _)| head);
        let name = match name.char_indices().nth(160) {
            Some((cut, _)) => format!("{}…", &name[..cut]),
            None => name.to_owned(),
        };
        match costs.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += count,
            None => costs.push((name, count)),
        }
    }
    costs.sort_by(|a, b| b.1.total_cmp(&a.1));
    costs
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
        let out = profile_path(target, binary, args, count);
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
pub(super) fn total_instructions(profile: &Path) -> Result<f64> {
    let text = std::fs::read_to_string(profile)
        .map_err(|e| BenchError::Read { path: profile.to_path_buf(), detail: e.to_string() })?;
    text.lines()
        .find_map(|line| line.strip_prefix("summary:").or_else(|| line.strip_prefix("totals:")))
        .and_then(|count| count.trim().parse::<f64>().ok())
        .ok_or_else(|| BenchError::Read { path: profile.to_path_buf(), detail: "no instruction total".into() })
}

/// Where `per_call_instructions` leaves the callgrind profile of `binary args.. count`.
fn profile_path(target: &Path, binary: &str, args: &[&str], count: usize) -> PathBuf {
    target.join("bench-profile").join(format!("{binary}.{}.{count}.out", args.join(".")))
}

#[cfg(test)]
mod tests {
    use super::function_costs;

    #[test]
    fn function_costs_reads_the_list_and_merges_names() {
        let annotated = "\
Events shown:     Ir
--------------------------------------------------------------------------------
130,532,791 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                   file:function
--------------------------------------------------------------------------------
11,075,757 ( 8.49%)  ./string/memmove.S:__memcpy_avx_unaligned_erms [/usr/lib/libc.so.6]
 2,000 ( 0.01%)  ???:serde_json::de::from_slice [/work/target/release/decode-calls]
 1,000 ( 0.01%)  ???:serde_json::de::from_slice'2 [/work/target/release/decode-calls]
   500 ( 0.00%)  ???:serde_json::de::from_slice [/other/binary]

--------------------------------------------------------------------------------
-- Auto-annotated source: src/lib.rs
   9,999 ( 9.00%)  let x = y(z);
";
        let costs = function_costs(annotated);
        assert_eq!(
            costs,
            vec![
                ("./string/memmove.S:__memcpy_avx_unaligned_erms".to_owned(), 11_075_757.0),
                ("serde_json::de::from_slice".to_owned(), 2_500.0),
                ("serde_json::de::from_slice'2".to_owned(), 1_000.0),
            ]
        );
    }
}
