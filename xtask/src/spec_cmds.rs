//! `cargo xtask generate` (any OpenAPI document into a standalone crate) and
//! `cargo xtask update-spec` (take a new upstream document into `spec/`).

use generator::spec::{Inputs, Text};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The options of `cargo xtask generate`.
#[derive(Debug, Default)]
pub struct GenerateArgs {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub config: Option<PathBuf>,
    pub overlay: Option<PathBuf>,
    pub name: Option<String>,
}

impl GenerateArgs {
    pub fn parse(args: &[&str]) -> Result<GenerateArgs, String> {
        let mut parsed = GenerateArgs::default();
        let mut spec = None;
        let mut out = None;
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let mut value = || rest.next().map(|v| v.to_string()).ok_or(format!("`{flag}` needs a value"));
            match *flag {
                "--spec" => spec = Some(PathBuf::from(value()?)),
                "--out" => out = Some(PathBuf::from(value()?)),
                "--config" => parsed.config = Some(PathBuf::from(value()?)),
                "--overlay" => parsed.overlay = Some(PathBuf::from(value()?)),
                "--name" => parsed.name = Some(value()?),
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        parsed.spec = spec.ok_or("`--spec FILE` is required")?;
        parsed.out = out.ok_or("`--out DIR` is required")?;
        Ok(parsed)
    }
}

/// Generates a standalone crate from any OpenAPI document.
pub fn generate(root: &Path, args: &GenerateArgs) -> ExitCode {
    let started = Instant::now();
    let inputs = || -> generator::Result<Inputs> {
        Ok(Inputs {
            openapi: Text::read(&args.spec)?,
            overlay: args.overlay.as_deref().map(Text::read).transpose()?,
            sdk: args.config.as_deref().map(Text::read).transpose()?,
        })
    };
    let files = inputs().and_then(|inputs| {
        let mut spec = generator::spec::parse_inputs(&inputs)?;
        if let Some(name) = &args.name {
            spec.sdk.value.krate.name = name.clone();
        }
        let templates = generator::Templates::load(&root.join("templates"))?;
        generator::generate_from(&spec, &templates)
    });
    let files = match files {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: {err}");
            eprintln!("{} was left unchanged.", args.out.display());
            return ExitCode::FAILURE;
        }
    };
    match generator::write::replace(&args.out, &files) {
        Ok(_) => {
            println!("wrote {} files to {} ({:.2?})", files.len(), args.out.display(), started.elapsed());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", args.out.display());
            ExitCode::FAILURE
        }
    }
}

/// What `spec/upstream.yaml` records about `spec/openapi.yaml`.
pub struct UpstreamRecord {
    pub release: String,
    pub sha256: String,
}

const UPSTREAM_RECORD: &str = "upstream.yaml";

/// The hex sha256 of a text.
pub fn sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads the `sha256:` and `release:` lines of `spec/upstream.yaml`.
pub fn read_record(spec_dir: &Path) -> Result<UpstreamRecord, String> {
    let path = spec_dir.join(UPSTREAM_RECORD);
    let text = std::fs::read_to_string(&path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{name}:")).map(|v| v.trim().to_string()))
            .ok_or(format!("{}: no `{name}:` line", path.display()))
    };
    Ok(UpstreamRecord { release: field("release")?, sha256: field("sha256")? })
}

/// Checks that `spec/openapi.yaml` is still the document the record names: the upstream
/// document is never edited by hand, corrections go into `spec/overlay.yaml`.
pub fn verify_upstream(spec_dir: &Path) -> Result<(), String> {
    let record = read_record(spec_dir)?;
    let path = spec_dir.join(generator::spec::OPENAPI_FILE);
    let text = std::fs::read_to_string(&path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let actual = sha256(&text);
    if actual != record.sha256 {
        return Err(format!(
            "{} has sha256 {actual}, but spec/{UPSTREAM_RECORD} records {} (release {}): the upstream document \
             must stay as published; put corrections in spec/overlay.yaml, or take a new release with \
             `cargo xtask update-spec FILE`",
            path.display(),
            record.sha256,
            record.release
        ));
    }
    Ok(())
}

fn record_text(release: &str, sha256: &str) -> String {
    format!(
        "# Where spec/openapi.yaml comes from. The file is OpenAI's published document, byte for byte;\n\
         # `cargo xtask update-spec FILE` replaces it and rewrites this record, and\n\
         # `cargo xtask regenerate --check` fails if the file no longer has this sha256.\n\
         source: https://github.com/openai/openai-openapi (MIT)\n\
         release: {release}\n\
         file: openapi.yaml\n\
         sha256: {sha256}\n"
    )
}

/// The release date in a file name such as `openai-openapi-2026-08-21.yaml`.
fn release_of(file: &Path) -> String {
    let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(9))
        .rev()
        .map(|i| &name[i..i + 10])
        .find(|candidate| {
            candidate.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
        })
        .map(str::to_owned)
        .unwrap_or_else(|| name.clone())
}

/// Takes a new upstream document: generates the crate from it with the project's corrections and
/// SDK shape, all in memory, and reports what it changes in the Rust API; only when that all
/// succeeds are `spec/openapi.yaml`, its record and `generated/` replaced (with `bump`, also the
/// crate version in `spec/sdk.yaml` and a section of `CHANGELOG.md`). Any failure leaves every
/// file as it was.
pub fn update_spec(root: &Path, file: &Path, bump: bool) -> ExitCode {
    let started = Instant::now();
    let spec_dir = root.join("spec");
    let fail = |message: String| {
        eprintln!("error: {}", message.replace(&format!("{}/", root.display()), ""));
        eprintln!("spec/ and generated/ were left unchanged.");
        ExitCode::FAILURE
    };
    let rendered = (|| -> Result<_, String> {
        let parse = |inputs: &Inputs| generator::spec::parse_inputs(inputs).map_err(|err| err.to_string());
        let inputs = Inputs::read_dir(&spec_dir).map_err(|err| err.to_string())?;
        let old = parse(&inputs)?;
        let inputs = Inputs { openapi: Text::read(file).map_err(|err| err.to_string())?, ..inputs };
        let text = inputs.openapi.text.clone();
        let mut new = parse(&inputs)?;
        let (report, current, next) = crate::api_diff::compare(&old, &new)?;
        if bump {
            new.sdk.value.krate.version = next.clone();
        }
        let templates = generator::Templates::load(&root.join("templates")).map_err(|err| err.to_string())?;
        let files = generator::generate_from(&new, &templates).map_err(|err| err.to_string())?;
        Ok((text, files, report, current, next, new.sdk.value.krate.name.clone()))
    })();
    let (text, files, report, current, next, crate_name) = match rendered {
        Ok(rendered) => rendered,
        Err(message) => return fail(message),
    };
    let digest = sha256(&text);
    let unchanged = read_record(&spec_dir).is_ok_and(|record| record.sha256 == digest);
    let old_release = read_record(&spec_dir).map_or_else(|_| "unknown".to_string(), |record| record.release);
    // The new spec files are written beside the old ones first, so that a failed write cannot
    // leave a record that does not match its document.
    let mut staged = vec![
        (spec_dir.join(generator::spec::OPENAPI_FILE), text),
        (spec_dir.join(UPSTREAM_RECORD), record_text(&release_of(file), &digest)),
    ];
    if bump && next != current {
        let sdk_path = spec_dir.join(generator::spec::SDK_FILE);
        let sdk = match std::fs::read_to_string(&sdk_path) {
            Ok(sdk) => sdk,
            Err(err) => return fail(format!("cannot read {}: {err}", sdk_path.display())),
        };
        match crate::api_diff::set_crate_version(&sdk, &next) {
            Ok(sdk) => staged.push((sdk_path, sdk)),
            Err(message) => return fail(message),
        }
        let changelog_path = root.join("CHANGELOG.md");
        let changelog = std::fs::read_to_string(&changelog_path).unwrap_or_default();
        let info = generator::diff::ReleaseInfo {
            version: next.clone(),
            date: crate::api_diff::today(),
            summary: format!(
                "Generated from OpenAI's OpenAPI document, release {} (was {old_release}).",
                release_of(file)
            ),
        };
        staged.push((changelog_path, generator::diff::insert_release(&changelog, &info, &report.render_changelog())));
    }
    let staging = |path: &Path| PathBuf::from(format!("{}.new", path.display()));
    for (path, contents) in &staged {
        if let Err(err) = std::fs::write(staging(path), contents) {
            staged.iter().for_each(|(path, _)| drop(std::fs::remove_file(staging(path))));
            return fail(format!("cannot write {}: {err}", path.display()));
        }
    }
    let diff = match generator::write::replace(&root.join("generated"), &files) {
        Ok(diff) => diff,
        Err(err) => {
            staged.iter().for_each(|(path, _)| drop(std::fs::remove_file(staging(path))));
            return fail(format!("cannot update generated/: {err}"));
        }
    };
    for (path, _) in &staged {
        if let Err(err) = std::fs::rename(staging(path), path) {
            eprintln!("error: cannot move the new {} into place: {err}", path.display());
            return ExitCode::FAILURE;
        }
    }
    print!("{}", report.render_text(&crate_name, Some((&current, &next))));
    if bump && next != current {
        println!("crate version set to {next} in spec/sdk.yaml; CHANGELOG.md has its section");
    } else if next != current {
        println!("run again with --bump to set the version to {next} and add the CHANGELOG.md section");
    }
    if unchanged && diff.is_empty() {
        println!("spec/openapi.yaml is already this document; generated/ unchanged ({:.2?})", started.elapsed());
    } else {
        diff.lines().iter().for_each(|line| println!("  {line}"));
        println!(
            "spec/openapi.yaml is now release {} (sha256 {digest}); generated/ updated ({:.2?})",
            release_of(file),
            started.elapsed()
        );
    }
    ExitCode::SUCCESS
}
