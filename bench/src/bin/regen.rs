//! `regen <spec_dir> <templates_dir> <out_dir>`: what `cargo xtask regenerate` does (load the
//! spec, lower, emit, write the crate), pointed at any spec and output directory so that the
//! bench can time it on `spec/` and on the synthetic larger specs without touching `generated/`.
//! Given an OpenAPI file instead of a directory, it is whole-spec mode (`cargo xtask generate`
//! without `--config`): no overlay, the SDK shape derived from the paths.
//!
//! Prints one line, `phases load_ms=.. lower_ms=.. emit_ms=.. write_ms=.. files=.. bytes=..`,
//! so the results can say where the time goes; the whole-process time is measured outside.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [spec_dir, templates_dir, out_dir] = args.as_slice() else {
        eprintln!("usage: regen <spec_dir> <templates_dir> <out_dir>");
        return ExitCode::from(2);
    };
    let ms = |since: Instant| since.elapsed().as_secs_f64() * 1e3;

    let started = Instant::now();
    let loaded = if spec_dir.is_file() {
        generator::spec::Text::read(spec_dir).and_then(|openapi| {
            generator::spec::parse_inputs(&generator::spec::Inputs { openapi, overlay: None, sdk: None })
        })
    } else {
        generator::spec::load(spec_dir)
    };
    let spec = match loaded {
        Ok(spec) => spec,
        Err(err) => return fail(err),
    };
    let templates = match generator::Templates::load(templates_dir) {
        Ok(templates) => templates,
        Err(err) => return fail(err),
    };
    let load_ms = ms(started);

    let started = Instant::now();
    let ir = match generator::ir::lower(&spec) {
        Ok(ir) => ir,
        Err(err) => return fail(err),
    };
    let lower_ms = ms(started);

    let started = Instant::now();
    let files = match generator::emit::emit(&ir, &templates, &spec.document) {
        Ok(files) => files,
        Err(err) => return fail(err),
    };
    let emit_ms = ms(started);

    let started = Instant::now();
    if let Err(err) = generator::write::replace(out_dir, &files) {
        eprintln!("error: cannot write {}: {err}", out_dir.display());
        return ExitCode::FAILURE;
    }
    let write_ms = ms(started);

    let bytes: usize = files.iter().map(|file| file.contents.len()).sum();
    println!(
        "phases load_ms={load_ms:.3} lower_ms={lower_ms:.3} emit_ms={emit_ms:.3} write_ms={write_ms:.3} files={} bytes={bytes}",
        files.len()
    );
    ExitCode::SUCCESS
}

fn fail(err: generator::Error) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::FAILURE
}
