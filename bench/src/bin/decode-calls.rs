//! `decode-calls <fixture> <contender> <count>`: decodes one decode fixture `count` times with
//! one contender (`ours`, `async-openai`, `strict-serde`), then exits.
//!
//! `cargo xtask bench` runs it under callgrind at two counts, as it does `request-calls`: the
//! difference of the instruction totals over the difference of the counts is the cost of one
//! decode, without start-up, and the same on every run.

use std::process::ExitCode;

use openai_beta_bench::decoders::contenders;
use openai_beta_bench::fixtures::decode_fixtures;

const USAGE: &str = "usage: decode-calls <fixture> <ours|async-openai|strict-serde> <count>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [fixture, contender, count] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Some(input) = decode_fixtures().into_iter().find(|f| f.name == fixture.as_str()) else {
        eprintln!("error: no decode fixture `{fixture}`");
        return ExitCode::FAILURE;
    };
    let Some((_, decode)) = contenders(fixture).into_iter().find(|(name, _)| *name == contender.as_str()) else {
        eprintln!("error: no contender `{contender}`\n{USAGE}");
        return ExitCode::FAILURE;
    };
    for _ in 0..count {
        if let Err(err) = decode(std::hint::black_box(&input.bytes)) {
            eprintln!("error: {contender} cannot decode {fixture}: {err}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
