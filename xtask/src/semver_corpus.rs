//! `cargo xtask semver-corpus`: checks the API diff's verdicts against cargo-semver-checks, the
//! tool Rust crates use to find semver breaks. For every spec edit of the corpus
//! (`generator/tests/api_diff/`), it generates the crate before and after the edit, asks
//! cargo-semver-checks whether the change needs a major release, and compares that with whether
//! the report calls it breaking. `scripts/semver-corpus.sh` installs the pinned tool and runs it.

use generator::diff::{self, Class};
use generator::spec::Spec;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Both crates are generated as 1.0.0: cargo-semver-checks then reads `--release-type minor` as
/// "no breaking change allowed", the question the report answers.
const CHECKED_VERSION: &str = "1.0.0";

/// Cases where cargo-semver-checks and the report are known to disagree, and why the report is
/// right. The run fails on any other disagreement, and on a listed case that starts to agree.
const KNOWN_GAPS: &[(&str, &str)] = &[(
    "string_to_object",
    "cargo-semver-checks 0.51 has no lint for a pub field or a method argument whose type changes \
     (`Owner.name` and `Owner::new`'s `name` go from `String` to `OwnerName`); code such as \
     `owner.name.len()` or `Owner::new(\"Ada\")` stops compiling, so the report's `breaking` stands",
)];

struct Outcome {
    case: String,
    report: Option<Class>,
    tool_breaking: bool,
    tool_says: String,
}

pub fn run(root: &Path) -> ExitCode {
    let tool =
        std::env::var_os("CARGO_SEMVER_CHECKS").map(PathBuf::from).unwrap_or_else(|| "cargo-semver-checks".into());
    let corpus = root.join("generator/tests/api_diff");
    let base = root.join("generator/tests/fixtures/kinds");
    let work = std::env::temp_dir().join("openai-beta-semver-corpus");
    let cases = match diff::corpus_cases(&corpus) {
        Ok(cases) => cases,
        Err(err) => {
            eprintln!("error: cannot read {}: {err}", corpus.display());
            return ExitCode::FAILURE;
        }
    };
    // Loaded twice: once kept to compare against, once taken by `write_crate` for the baseline.
    let load_base = || generator::spec::load(&base).map_err(|e| e.to_string());
    let prepared =
        load_base().and_then(|old_spec| Ok((write_crate(root, load_base()?, &work.join("base"))?, old_spec)));
    let (old, old_spec) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut outcomes = Vec::new();
    for case in &cases {
        match check_case(root, &tool, &old_spec, &base, &corpus.join(case), &old, &work.join(case)) {
            Ok((report, tool_breaking, tool_says)) => {
                outcomes.push(Outcome { case: case.clone(), report, tool_breaking, tool_says })
            }
            Err(message) => {
                eprintln!("error: {case}: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("| case | report | cargo-semver-checks | agree |\n|---|---|---|---|");
    let mut unexpected = Vec::new();
    for outcome in &outcomes {
        let report_breaking = outcome.report == Some(Class::Breaking);
        let agree = report_breaking == outcome.tool_breaking;
        let gap = KNOWN_GAPS.iter().find(|(case, _)| *case == outcome.case);
        if agree == gap.is_some() {
            unexpected.push(outcome.case.as_str());
        }
        let report = outcome.report.map_or("no change", Class::label);
        let tool = if outcome.tool_breaking { "breaking" } else { "not breaking" };
        let verdict = if agree { "yes" } else { "no (known, below)" };
        println!("| {} | {report} | {tool} | {verdict} |", outcome.case);
    }
    for outcome in outcomes.iter().filter(|o| o.tool_breaking) {
        println!("\n{}: cargo-semver-checks found\n{}", outcome.case, outcome.tool_says);
    }
    for (case, why) in KNOWN_GAPS {
        println!("\n{case}: {why}");
    }
    if !unexpected.is_empty() {
        eprintln!(
            "error: the report and cargo-semver-checks disagree where not known, or agree where a gap is listed: {}",
            unexpected.join(", ")
        );
        return ExitCode::FAILURE;
    }
    println!("\nthe report and cargo-semver-checks agree on every case but the known gaps above");
    ExitCode::SUCCESS
}

/// The report's verdict, and cargo-semver-checks's: whether it failed, and the lints it named.
fn check_case(
    root: &Path,
    tool: &Path,
    old_spec: &Spec,
    base: &Path,
    case: &Path,
    old: &Path,
    out: &Path,
) -> Result<(Option<Class>, bool, String), String> {
    let inputs = diff::edited_inputs(base, case).map_err(|e| e.to_string())?;
    let new_spec = generator::spec::parse_inputs(&inputs).map_err(|e| e.to_string())?;
    let (report, _, _) = crate::api_diff::compare(old_spec, &new_spec)?;
    let new = write_crate(root, new_spec, out)?;
    let output = Command::new(tool)
        .args(["semver-checks", "check-release", "--release-type", "minor", "--manifest-path"])
        .arg(new.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(old)
        .env("CARGO_TARGET_DIR", root.join("target/semver-corpus"))
        .output()
        .map_err(|err| format!("cannot run {}: {err}", tool.display()))?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    // It fails (exit code 1 in 0.51) when a check that needs a major version fails, and says so in
    // its summary; any other failure is the tool not getting as far as checking.
    let breaking = text.contains("semver requires new major version");
    match output.status.code() {
        Some(0) => Ok((report.verdict(), false, String::new())),
        Some(_) if breaking => {
            let found: Vec<&str> = text.lines().filter(|l| l.starts_with("--- failure")).collect();
            Ok((report.verdict(), true, found.join("\n")))
        }
        _ => Err(format!("cargo-semver-checks failed:\n{text}")),
    }
}

/// Generates the crate of `spec` into `dir` at [`CHECKED_VERSION`], with the workspace's
/// lockfile so that both sides build against the same dependencies.
fn write_crate(root: &Path, mut spec: Spec, dir: &Path) -> Result<PathBuf, String> {
    spec.sdk.value.krate.version = CHECKED_VERSION.to_string();
    let templates = generator::Templates::load(&root.join("templates")).map_err(|e| e.to_string())?;
    let files = generator::generate_from(&spec, &templates).map_err(|e| e.to_string())?;
    generator::write::replace(dir, &files).map_err(|err| format!("cannot write {}: {err}", dir.display()))?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|err| format!("cannot copy Cargo.lock into {}: {err}", dir.display()))?;
    Ok(dir.to_path_buf())
}
