//! `synth-spec <spec_dir> <scale> <out_dir>`: writes a spec `scale` times the size of the Beta
//! part of `spec_dir` (see `openai_beta_bench::synth`) into `out_dir`, creating it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec_dir, scale, out_dir] = args.as_slice() else {
        eprintln!("usage: synth-spec <spec_dir> <scale> <out_dir>");
        return ExitCode::from(2);
    };
    let Ok(scale) = scale.parse::<usize>() else {
        eprintln!("error: scale must be a positive integer, got `{scale}`");
        return ExitCode::from(2);
    };
    let out_dir = PathBuf::from(out_dir);
    if let Err(err) = std::fs::create_dir_all(&out_dir) {
        eprintln!("error: cannot create {}: {err}", out_dir.display());
        return ExitCode::FAILURE;
    }
    match openai_beta_bench::synth::write_scaled(&PathBuf::from(spec_dir), &out_dir, scale) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
