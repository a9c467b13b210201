//! `cargo xtask diff-spec OLD NEW`, and the report `update-spec` prints: what a new upstream
//! document changes in the Rust API of the crate `spec/` describes, and the version that follows.

use generator::diff::{self, Report};
use generator::spec::{Inputs, Spec, Text};
use std::path::Path;
use std::process::ExitCode;

/// `openapi` with the project's corrections and SDK shape (`spec/overlay.yaml`, `spec/sdk.yaml`).
pub fn project_spec(spec_dir: &Path, openapi: &Path) -> generator::Result<Spec> {
    let mut inputs = Inputs::read_dir(spec_dir)?;
    inputs.openapi = Text::read(openapi)?;
    generator::spec::parse_inputs(&inputs)
}

/// The report between two specs, and `(current version, next version)`.
pub fn compare(old: &Spec, new: &Spec) -> Result<(Report, String, String), String> {
    let lower = |spec: &Spec| generator::ir::lower(spec).map_err(|err| err.to_string());
    let report = diff::compare(&lower(old)?, &lower(new)?);
    let current = new.sdk.value.krate.version.clone();
    let next = diff::next_version(&current, report.verdict()).map_err(|err| err.to_string())?;
    Ok((report, current, next))
}

/// `openapi` alone, in whole-spec mode: every operation, the shape derived from the paths.
fn whole_spec(openapi: &Path) -> generator::Result<Spec> {
    generator::spec::parse_inputs(&Inputs { openapi: Text::read(openapi)?, overlay: None, sdk: None })
}

/// The options of `cargo xtask diff-spec`.
#[derive(Debug, Default)]
pub struct DiffArgs {
    pub old: std::path::PathBuf,
    pub new: std::path::PathBuf,
    /// Print a CHANGELOG.md section instead of the report.
    pub changelog: bool,
    /// Compare the crates `cargo xtask generate` writes from the whole documents.
    pub whole: bool,
}

impl DiffArgs {
    pub fn parse(args: &[&str]) -> Result<DiffArgs, String> {
        let mut parsed = DiffArgs::default();
        let mut files = Vec::new();
        for arg in args {
            match *arg {
                "--changelog" => parsed.changelog = true,
                "--whole" => parsed.whole = true,
                flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
                file => files.push(std::path::PathBuf::from(file)),
            }
        }
        let [old, new] = <[_; 2]>::try_from(files).map_err(|_| "diff-spec takes two files: OLD NEW".to_string())?;
        (parsed.old, parsed.new) = (old, new);
        Ok(parsed)
    }
}

pub fn diff_spec(root: &Path, args: &DiffArgs) -> ExitCode {
    let spec_dir = root.join("spec");
    let load = |file: &Path| if args.whole { whole_spec(file) } else { project_spec(&spec_dir, file) };
    let result = load(&args.old)
        .and_then(|old| Ok((old, load(&args.new)?)))
        .map_err(|err| err.to_string())
        .and_then(|(old, new)| compare(&old, &new).map(|found| (found, new.sdk.value.krate.name.clone())));
    match result {
        Ok(((report, current, next), name)) => {
            if args.changelog {
                print!("{}", report.render_changelog());
            } else {
                print!("{}", report.render_text(&name, Some((&current, &next))));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {}", message.replace(&format!("{}/", root.display()), ""));
            ExitCode::FAILURE
        }
    }
}

/// `sdk.yaml`'s text with `crate.version` set to `version`; comments and layout stay.
pub fn set_crate_version(sdk: &str, version: &str) -> Result<String, String> {
    let mut in_crate = false;
    let mut done = false;
    let mut out = String::with_capacity(sdk.len());
    for line in sdk.split_inclusive('\n') {
        let top_level = !line.starts_with([' ', '\t', '#']) && !line.trim().is_empty();
        if top_level {
            in_crate = line.trim_end() == "crate:";
        }
        let trimmed = line.trim_start();
        if in_crate && !done && !top_level && trimmed.starts_with("version:") {
            let indent = &line[..line.len() - trimmed.len()];
            let newline = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!("{indent}version: {version}{newline}"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    if done {
        Ok(out)
    } else {
        Err("spec/sdk.yaml has no `version:` line under a block `crate:` mapping to update".to_string())
    }
}

/// Today's date in UTC, `YYYY-MM-DD`, for a changelog heading.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_day_counts() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_789), (2026, 12, 2));
    }

    #[test]
    fn sets_the_crate_version_and_nothing_else() {
        let sdk = "# shape\ncrate:\n  name: x\n  # the version\n  version: 0.1.0\nresources:\n  a:\n    version: 9\n";
        let out = set_crate_version(sdk, "0.2.0").unwrap();
        assert_eq!(out, sdk.replace("version: 0.1.0", "version: 0.2.0"));
        assert!(set_crate_version("crate: {name: x, version: 0.1.0}\n", "0.2.0").is_err());
    }
}
