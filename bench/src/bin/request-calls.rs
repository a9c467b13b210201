//! `request-calls <contender> <count>`: makes `count` `assistants.retrieve` calls one after
//! another with one contender (`ours`, `ours-no-timeout`, `async-openai`, `plain-reqwest`)
//! against a loopback server, then exits.
//!
//! `cargo xtask bench` runs it under callgrind at two counts: the difference of the two
//! instruction totals divided by the difference of the counts is the cost of one call, with
//! start-up (client, TLS roots, server) cancelled out. Unlike wall time on a shared two-core
//! machine, that figure repeats exactly from run to run, so a few percent between contenders
//! can be told apart from noise.

use std::process::ExitCode;

use openai_beta_bench::contenders::{self, CallError};
use openai_beta_bench::fixtures::assistant;
use openai_beta_bench::server::{Reply, Server};

const USAGE: &str = "usage: request-calls <ours|ours-no-timeout|async-openai|plain-reqwest> <count>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(contender), Some(Ok(count))) = (args.first(), args.get(1).map(|n| n.parse::<usize>())) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match calls(contender, count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const CONTENDERS: &[&str] = &["ours", "ours-no-timeout", "async-openai", "plain-reqwest"];

fn calls(contender: &str, count: usize) -> Result<(), String> {
    if !CONTENDERS.contains(&contender) {
        return Err(format!("unknown contender `{contender}`\n{USAGE}"));
    }
    let server = Server::start(Reply::json(assistant().into_bytes())).map_err(|e| e.to_string())?;
    let base = server.base_url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let outcome: Result<(), CallError> = runtime.block_on(async {
        match contender {
            "ours" | "ours-no-timeout" => {
                let client =
                    if contender == "ours" { contenders::ours(&base)? } else { contenders::ours_no_timeout(&base)? };
                for _ in 0..count {
                    std::hint::black_box(contenders::retrieve_ours(&client).await?);
                }
            }
            "async-openai" => {
                let client = contenders::async_openai(&base);
                for _ in 0..count {
                    std::hint::black_box(contenders::retrieve_async_openai(&client).await?);
                }
            }
            _ => {
                let client = contenders::plain()?;
                for _ in 0..count {
                    std::hint::black_box(contenders::retrieve_plain(&client, &base).await?);
                }
            }
        }
        Ok(())
    });
    outcome.map_err(|e| e.to_string())
}
